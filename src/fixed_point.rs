//! Deterministic equivalents Q of n·(ΦᵀΦ)⁻¹ (THEORY.md section 4):
//! the solution of  Q⁻¹ = E_η[ a aᵀ / (1 + r a Q a) ],  a = [1; x],
//! x ~ (mixture or surrogate law) in p − 1 dimensions with its mean on e_1,
//! r = γ_z for the teacher and ν_z for the student.
//!
//! By rotational symmetry about the mean, Q has four distinct entries in the
//! basis (1, x_1, rest): a 2×2 block `A` and `d·I` on the rest ([`Structured`]).
//! The expectations are computed without sampling the features: writing
//! 1/(1 + βq) = ∫₀^∞ e^{−s(1+βq)} ds turns E[·] into a Gaussian integral that has
//! a closed form (a shifted normal in x_1, a χ² moment generating function in
//! the rest), leaving one integral over s ∈ (0, ∞). That integral is smooth and
//! analytic off the negative real axis, so an exp-sinh (double-exponential)
//! trapezoid rule converges to rounding with a few dozen nodes at every valid
//! input — including p·r → 1, where a Gauss–Hermite × Gauss–Laguerre product
//! rule needs hundreds of nodes per axis. The fixed point is solved by Newton's
//! method with the exact Jacobian (the f² moments come from the same nodes),
//! which stays quadratic as p·r → 1, where plain iteration contracts at rate ≈ p·r.

use std::sync::OnceLock;

use nalgebra::{DMatrix, Matrix4, Vector4};

use crate::params::Law;

/// Q = [[a00, a01, 0], [a01, a11, 0], [0, 0, d I]] in the basis (1, x_1, rest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Structured {
    pub a00: f64,
    pub a01: f64,
    pub a11: f64,
    pub d: f64,
}

impl Structured {
    /// The dense p × p matrix.
    pub fn to_dense(&self, p: usize) -> DMatrix<f64> {
        let mut q = DMatrix::zeros(p, p);
        q[(0, 0)] = self.a00;
        if p > 1 {
            q[(0, 1)] = self.a01;
            q[(1, 0)] = self.a01;
            q[(1, 1)] = self.a11;
            for i in 2..p {
                q[(i, i)] = self.d;
            }
        }
        q
    }

    fn scaled(&self, k: f64) -> Structured {
        Structured {
            a00: self.a00 * k,
            a01: self.a01 * k,
            a11: self.a11 * k,
            d: self.d * k,
        }
    }

    fn is_positive_definite(&self) -> bool {
        self.a00 > 0.0
            && self.a11 > 0.0
            && self.a00 * self.a11 > self.a01 * self.a01
            && self.d > 0.0
    }
}

/// One fixed-point problem: the feature law, its dimension and the aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Problem {
    pub law: Law,
    /// Dimension of a = [1; x].
    pub p: usize,
    /// ‖mean of x‖ at η = 1 (the group-mean norm along e_1).
    pub m: f64,
    pub eta: f64,
    /// γ_z or ν_z; must satisfy p · ratio < 1.
    pub ratio: f64,
}

impl Problem {
    /// Σ⁻¹, the solution at ratio 0 (the first-order theory).
    pub fn sigma_inverse(&self) -> Structured {
        let s01 = self.eta * self.m;
        let s11 = 1.0 + self.law.mean_square(self.eta) * self.m * self.m;
        let det = s11 - s01 * s01;
        Structured {
            a00: s11 / det,
            a01: -s01 / det,
            a11: 1.0 / det,
            d: 1.0,
        }
    }

    fn has_t(&self) -> bool {
        self.p >= 2
    }

    /// Number of "rest" dimensions (χ² degrees of freedom).
    fn rest(&self) -> usize {
        self.p.saturating_sub(2)
    }

    /// (weight, mean) of the Gaussian components of x_1.
    fn components(&self) -> ([(f64, f64); 2], usize) {
        match self.law {
            Law::Mixture => {
                let mut out = [(0.0, 0.0); 2];
                let mut n = 0;
                for (w, mean) in [(1.0 - self.eta, 0.0), (self.eta, self.m)] {
                    if w > 0.0 {
                        out[n] = (w, mean);
                        n += 1;
                    }
                }
                (out, n)
            }
            Law::Surrogate => ([(1.0, self.eta * self.m), (0.0, 0.0)], 1),
        }
    }
}

/// Nodes and weights of the exp-sinh rule s = exp(π/2 · sinh v) on (0, ∞).
#[derive(Debug, Clone)]
pub struct Rule {
    /// (s, weight for E[f·], weight for E[f²·]) with the e^{−s} and s factors folded in.
    nodes: Vec<(f64, f64, f64)>,
}

impl Rule {
    /// The rule with step `h` in v. The v range keeps every dropped tail below
    /// 1e-20 of the integral (s from 2e-23 to 80, where e^{−s} < 2e-35).
    pub fn with_step(h: f64) -> Rule {
        let (lo, hi) = (-4.2_f64, 1.75_f64);
        let first = (lo / h).ceil() as i64;
        let last = (hi / h).floor() as i64;
        let half_pi = std::f64::consts::FRAC_PI_2;
        let nodes = (first..=last)
            .map(|j| {
                let v = j as f64 * h;
                let s = (half_pi * v.sinh()).exp();
                let w = h * half_pi * v.cosh() * s * (-s).exp();
                (s, w, w * s)
            })
            .collect();
        Rule { nodes }
    }

    /// The rule used everywhere: step 1/8, 48 nodes (halving it changes results
    /// by less than 1e-12 relative; see the tests).
    pub fn standard() -> &'static Rule {
        static RULE: OnceLock<Rule> = OnceLock::new();
        RULE.get_or_init(|| Rule::with_step(0.125))
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// E[f a aᵀ] in structured form plus the E[f² ·] moments of its Jacobian,
/// where f = 1 / (1 + ratio · aᵀ Q a).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// E[f], E[f t], E[f t²], E[f r] (t = x_1, r = ‖rest‖²).
    pub f: [f64; 4],
    /// E[f² t^j] for j = 0..=4.
    pub f2_t: [f64; 5],
    /// E[f² t^j r] for j = 0..=2.
    pub f2_tr: [f64; 3],
    /// E[f² r²].
    pub f2_rr: f64,
}

/// Computes [`Moments`] at Q for the problem with the given rule.
pub fn moments(problem: &Problem, q: &Structured, rule: &Rule) -> Moments {
    let (comps, ncomp) = problem.components();
    let comps = &comps[..ncomp];
    let has_t = problem.has_t();
    let k = problem.rest();
    let kf = k as f64;
    let mut out = Moments::default();
    for &(s, w1, w2) in &rule.nodes {
        let beta = s * problem.ratio;
        // x_1 part: Σ_c weight_c E_c[t^j e^{−β(a00 + 2 a01 t + a11 t²)}].
        let mut tj = [0.0; 5];
        if has_t {
            let prec = 1.0 + 2.0 * beta * q.a11;
            let v = 1.0 / prec;
            for &(wc, mean) in comps {
                let mu = (mean - 2.0 * beta * q.a01) * v;
                let expo = -beta * q.a00
                    + beta
                        * (2.0 * beta * q.a01 * q.a01 - 2.0 * q.a01 * mean - q.a11 * mean * mean)
                        * v;
                let g = wc * expo.exp() * v.sqrt();
                let mu2 = mu * mu;
                tj[0] += g;
                tj[1] += g * mu;
                tj[2] += g * (mu2 + v);
                tj[3] += g * mu * (mu2 + 3.0 * v);
                tj[4] += g * (mu2 * mu2 + 6.0 * mu2 * v + 3.0 * v * v);
            }
        } else {
            tj[0] = (-beta * q.a00).exp();
        }
        // Rest part: χ²_k moments of e^{−β d r}.
        let (r0, r1, r2) = if k > 0 {
            let u = 1.0 / (1.0 + 2.0 * beta * q.d);
            let half = u.powi((k / 2) as i32) * if k % 2 == 1 { u.sqrt() } else { 1.0 };
            (half, kf * u * half, kf * (kf + 2.0) * u * u * half)
        } else {
            (1.0, 0.0, 0.0)
        };
        out.f[0] += w1 * tj[0] * r0;
        out.f[1] += w1 * tj[1] * r0;
        out.f[2] += w1 * tj[2] * r0;
        out.f[3] += w1 * tj[0] * r1;
        for j in 0..5 {
            out.f2_t[j] += w2 * tj[j] * r0;
        }
        for j in 0..3 {
            out.f2_tr[j] += w2 * tj[j] * r1;
        }
        out.f2_rr += w2 * tj[0] * r2;
    }
    out
}

/// Why a fixed point could not be found (never expected for valid input).
#[derive(Debug, Clone, PartialEq)]
pub struct NoConvergence {
    pub problem: Problem,
    pub residual: f64,
}

impl std::fmt::Display for NoConvergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the fixed point did not converge (residual {:.3e}) for {:?}",
            self.residual, self.problem
        )
    }
}

/// Residual of the fixed point in dimensionless form: Q·E[f a aᵀ] − I,
/// as (A-block entries (0,0), (0,1), (1,0), (1,1), rest).
fn scaled_residual(problem: &Problem, q: &Structured, m: &Moments) -> f64 {
    let mut worst = (q.a00 * m.f[0] + q.a01 * m.f[1] - 1.0).abs();
    if problem.has_t() {
        worst = worst
            .max((q.a00 * m.f[1] + q.a01 * m.f[2]).abs())
            .max((q.a01 * m.f[0] + q.a11 * m.f[1]).abs())
            .max((q.a01 * m.f[1] + q.a11 * m.f[2] - 1.0).abs());
    }
    if problem.rest() > 0 {
        worst = worst.max((q.d * m.f[3] / problem.rest() as f64 - 1.0).abs());
    }
    worst
}

/// Solves the fixed point with the standard rule, from the first-order guess.
pub fn solve(problem: &Problem) -> Result<Structured, NoConvergence> {
    solve_with(problem, Rule::standard(), None)
}

/// Solves the fixed point with a given rule, optionally from a warm start
/// (a solution for nearby parameters).
pub fn solve_with(
    problem: &Problem,
    rule: &Rule,
    start: Option<Structured>,
) -> Result<Structured, NoConvergence> {
    let base = problem.sigma_inverse();
    if problem.ratio == 0.0 {
        return Ok(base);
    }
    // At the fixed point E[f] = 1 − p·ratio exactly (take the trace of Q·Q⁻¹);
    // f ≈ constant gives the start Σ⁻¹ / (1 − p·ratio).
    let mut q = start
        .filter(Structured::is_positive_definite)
        .unwrap_or_else(|| base.scaled(1.0 / (1.0 - problem.p as f64 * problem.ratio)));
    let has_t = problem.has_t();
    let k = problem.rest();
    let active = [true, has_t, has_t, k > 0];
    let mut m = moments(problem, &q, rule);
    let mut res = scaled_residual(problem, &q, &m);
    for _ in 0..100 {
        if res < 1e-14 {
            return Ok(q);
        }
        let step = newton_step(problem, &q, &m, &active);
        let Some(step) = step else { break };
        // Backtracking: keep Q positive definite and the residual decreasing.
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let trial = Structured {
                a00: q.a00 - t * step[0],
                a01: q.a01 - t * step[1],
                a11: q.a11 - t * step[2],
                d: q.d - t * step[3],
            };
            if trial.is_positive_definite() {
                let mt = moments(problem, &trial, rule);
                let rt = scaled_residual(problem, &trial, &mt);
                if rt < res || rt < 1e-14 {
                    q = trial;
                    m = mt;
                    res = rt;
                    accepted = true;
                    break;
                }
            }
            t *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    if res < 1e-11 {
        Ok(q)
    } else {
        Err(NoConvergence {
            problem: *problem,
            residual: res,
        })
    }
}

/// The Newton step for R(θ) = E[f a aᵀ] − Q⁻¹ in θ = (a00, a01, a11, d).
fn newton_step(
    problem: &Problem,
    q: &Structured,
    m: &Moments,
    active: &[bool; 4],
) -> Option<Vector4<f64>> {
    let r = problem.ratio;
    let det = q.a00 * q.a11 - q.a01 * q.a01;
    // A⁻¹ (for p = 1 the inactive a01 = 0 makes this 1/a00 in the (0,0) entry).
    let inv = [[q.a11 / det, -q.a01 / det], [-q.a01 / det, q.a00 / det]];
    let kf = problem.rest().max(1) as f64;
    let resid = Vector4::new(
        m.f[0] - inv[0][0],
        m.f[1] - inv[0][1],
        m.f[2] - inv[1][1],
        m.f[3] / kf - 1.0 / q.d,
    );
    let t = &m.f2_t;
    let tr = &m.f2_tr;
    // ∂E[f h]/∂θ = −r E[f² h ∂q/∂θ], ∂q/∂θ = (1, 2t, t², rest).
    let dm = [
        [t[0], 2.0 * t[1], t[2], tr[0]],
        [t[1], 2.0 * t[2], t[3], tr[1]],
        [t[2], 2.0 * t[3], t[4], tr[2]],
        [tr[0] / kf, 2.0 * tr[1] / kf, tr[2] / kf, m.f2_rr / kf],
    ];
    // ∂(A⁻¹)_{ij}/∂a_{kl} = −(A⁻¹ E_kl A⁻¹)_{ij}, E symmetric unit matrices.
    let dinv = |i: usize, j: usize, l: usize| -> f64 {
        match l {
            0 => -inv[i][0] * inv[0][j],
            1 => -(inv[i][0] * inv[1][j] + inv[i][1] * inv[0][j]),
            2 => -inv[i][1] * inv[1][j],
            _ => 0.0,
        }
    };
    let entries = [(0, 0), (0, 1), (1, 1)];
    let mut jac = Matrix4::zeros();
    for (row, &(i, j)) in entries.iter().enumerate() {
        for l in 0..4 {
            jac[(row, l)] = -r * dm[row][l] - dinv(i, j, l);
        }
    }
    for l in 0..4 {
        jac[(3, l)] = -r * dm[3][l];
    }
    jac[(3, 3)] += 1.0 / (q.d * q.d);
    let mut rhs = resid;
    for l in 0..4 {
        if !active[l] {
            // Freeze the unknown: its row becomes θ_l − θ_l = 0.
            for c in 0..4 {
                jac[(l, c)] = 0.0;
                jac[(c, l)] = 0.0;
            }
            jac[(l, l)] = 1.0;
            rhs[l] = 0.0;
        }
    }
    jac.lu().solve(&rhs)
}
