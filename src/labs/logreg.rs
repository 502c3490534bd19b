//! Binary logistic regression as both labs use it: the cross-entropy and
//! generalized cross-entropy (GCE) losses per sample, a damped Newton fit
//! for either, and the entropy of a prediction.
//!
//! Scores are s = wᵀx; a target t ∈ [0, 1] is the probability of the positive
//! class (hard labels are 0 or 1). GCE (Zhang & Sabuncu, 2018) is
//! L = (1 − p_ŷ^q)/q with p_ŷ = σ(ŷ s) and ŷ = 2t − 1 ∈ {−1, +1}; it tends to
//! the cross-entropy −ln p_ŷ as q → 0 and to 1 − p_ŷ (a bounded loss that
//! ignores badly fit, likely mislabeled samples) at q = 1.

use nalgebra::{DMatrix, DVector};

/// σ(s) = 1/(1 + e^{−s}), without overflow.
pub fn sigmoid(s: f64) -> f64 {
    if s >= 0.0 {
        1.0 / (1.0 + (-s).exp())
    } else {
        let e = s.exp();
        e / (1.0 + e)
    }
}

/// ln(1 + e^x), without overflow.
pub fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// Binary entropy (nats) of the prediction σ(s).
pub fn entropy(s: f64) -> f64 {
    // H = softplus(−|s|) + |s| σ(−|s|): exact, and stable for large |s|.
    let a = s.abs();
    softplus(-a) + a * sigmoid(-a)
}

/// A per-sample loss of the score against a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loss {
    /// −t ln σ(s) − (1 − t) ln σ(−s); soft targets allowed.
    CrossEntropy,
    /// (1 − σ(ŷ s)^q)/q for the hard label ŷ = 2t − 1, q ∈ (0, 1].
    Generalized { q: f64 },
}

impl Loss {
    /// (loss, dloss/ds, d²loss/ds²). GCE is not convex: its second
    /// derivative p^q (1 − p)(p − q(1 − p)) is negative where p_ŷ < q/(1 + q),
    /// and [`fit`] damps the Newton system until it is positive definite.
    pub fn eval(self, s: f64, t: f64) -> (f64, f64, f64) {
        match self {
            Loss::CrossEntropy => {
                let p = sigmoid(s);
                (
                    t * softplus(-s) + (1.0 - t) * softplus(s),
                    p - t,
                    p * (1.0 - p),
                )
            }
            Loss::Generalized { q } => {
                let y = if t >= 0.5 { 1.0 } else { -1.0 };
                let p = sigmoid(y * s);
                let pq = p.powf(q);
                (
                    (1.0 - pq) / q,
                    -y * pq * (1.0 - p),
                    pq * (1.0 - p) * (p - q * (1.0 - p)),
                )
            }
        }
    }
}

/// Rows of features (row-major, `d` per row) with one target each.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    pub x: &'a [f64],
    pub d: usize,
    pub t: &'a [f64],
}

impl Data<'_> {
    pub fn rows(&self) -> usize {
        self.t.len()
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }
}

/// wᵀx for every row.
pub fn scores(x: &[f64], d: usize, w: &[f64]) -> Vec<f64> {
    x.chunks_exact(d)
        .map(|r| r.iter().zip(w).map(|(a, b)| a * b).sum())
        .collect()
}

/// Mean loss plus the ridge (λ/2)‖w‖² on every weight but the last (the
/// intercept, whose column is all ones, is not shrunk).
pub fn objective(loss: Loss, data: &Data, lambda: f64, w: &[f64]) -> f64 {
    let n = data.rows() as f64;
    let s = scores(data.x, data.d, w);
    let fit: f64 = s.iter().zip(data.t).map(|(&s, &t)| loss.eval(s, t).0).sum();
    fit / n + ridge(lambda, w)
}

fn ridge(lambda: f64, w: &[f64]) -> f64 {
    0.5 * lambda * w[..w.len() - 1].iter().map(|v| v * v).sum::<f64>()
}

/// Gradient of [`objective`].
pub fn gradient(loss: Loss, data: &Data, lambda: f64, w: &[f64]) -> Vec<f64> {
    let n = data.rows() as f64;
    let d = data.d;
    let mut g = vec![0.0; d];
    for (i, &s) in scores(data.x, d, w).iter().enumerate() {
        let ds = loss.eval(s, data.t[i]).1 / n;
        for (gk, xk) in g.iter_mut().zip(data.row(i)) {
            *gk += ds * xk;
        }
    }
    for k in 0..d - 1 {
        g[k] += lambda * w[k];
    }
    g
}

/// Minimizes [`objective`] from `start` by Newton steps with backtracking on
/// the objective, until the gradient's largest entry is below 1e-9, the
/// Newton decrement is below the rounding of the objective, or 100 steps. Where the Hessian is not positive definite (GCE away from a
/// minimum) it is damped, H + μI with μ doubled until Cholesky succeeds
/// (Levenberg–Marquardt); near a minimum the steps are plain Newton, so the
/// convergence is quadratic. Deterministic for given input.
pub fn fit(loss: Loss, data: &Data, lambda: f64, start: &[f64]) -> Vec<f64> {
    let d = data.d;
    let n = data.rows() as f64;
    let mut w = start.to_vec();
    let mut f = objective(loss, data, lambda, &w);
    for _ in 0..100 {
        let s = scores(data.x, d, &w);
        let mut g = DVector::<f64>::zeros(d);
        let mut h = DMatrix::<f64>::zeros(d, d);
        for (i, &si) in s.iter().enumerate() {
            let (_, ds, c) = loss.eval(si, data.t[i]);
            let row = data.row(i);
            for a in 0..d {
                g[a] += ds * row[a] / n;
                let ca = c * row[a] / n;
                if ca != 0.0 {
                    for b in 0..=a {
                        h[(a, b)] += ca * row[b];
                    }
                }
            }
        }
        for k in 0..d {
            if k + 1 < d {
                g[k] += lambda * w[k];
                h[(k, k)] += lambda;
            }
            // A floor on the curvature keeps the system solvable when the
            // data are separable or the loss is flat.
            h[(k, k)] += 1e-10;
            for b in 0..k {
                h[(b, k)] = h[(k, b)];
            }
        }
        if g.amax() < 1e-9 {
            break;
        }
        let scale = (0..d)
            .map(|k| h[(k, k)].abs())
            .fold(0.0, f64::max)
            .max(1e-12);
        let mut mu = 0.0;
        let chol = loop {
            let mut damped = h.clone();
            for k in 0..d {
                damped[(k, k)] += mu;
            }
            if let Some(c) = damped.cholesky() {
                break Some(c);
            }
            if mu > 1e6 * scale {
                break None;
            }
            mu = if mu == 0.0 { 1e-6 * scale } else { 4.0 * mu };
        };
        let Some(chol) = chol else { break };
        let step = chol.solve(&g);
        // The Newton decrement gᵀH⁻¹g/2 is the decrease the step promises;
        // below the rounding of f there is nothing left to gain.
        if g.dot(&step) < 1e-15 * (1.0 + f.abs()) {
            break;
        }
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..40 {
            let trial: Vec<f64> = w.iter().zip(step.iter()).map(|(a, b)| a - t * b).collect();
            let ft = objective(loss, data, lambda, &trial);
            if ft <= f - 1e-4 * t * g.dot(&step) {
                w = trial;
                f = ft;
                moved = true;
                break;
            }
            t *= 0.5;
        }
        if !moved {
            break;
        }
    }
    w
}
