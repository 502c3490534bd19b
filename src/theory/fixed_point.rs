//! Deterministic equivalents Q of n·(ΦᵀΦ)⁻¹ (docs/THEORY.md section 4):
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
//! analytic off the negative real axis. A 32-point Gauss–Laguerre rule is
//! accurate when its nearest singularity is far from 0 and the integrand
//! decays slowly (most inputs, the defaults among them); otherwise an exp-sinh
//! (double-exponential) trapezoid rule of 89–108 nodes converges to rounding at
//! every valid input, including p·r → 1, where a Gauss–Hermite × Gauss–Laguerre
//! product rule needs hundreds of nodes per axis. The fixed point is solved by
//! damped Gauss–Newton with the exact Jacobian (the f² moments come from the
//! same nodes; at the zero-residual solution it is Newton's method), which stays
//! quadratic as p·r → 1, where plain iteration contracts at rate ≈ p·r.

use std::borrow::Cow;
use std::sync::OnceLock;

use nalgebra::{DMatrix, SMatrix, SVector, Vector4};

use crate::theory::params::Law;

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
        if p == 0 {
            return q;
        }
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

    fn minus(&self, step: &Vector4<f64>) -> Structured {
        Structured {
            a00: self.a00 - step[0],
            a01: self.a01 - step[1],
            a11: self.a11 - step[2],
            d: self.d - step[3],
        }
    }

    /// Also finite: an infinite entry passes every comparison below, and a
    /// Newton step from a poor warm start can overflow.
    fn is_positive_definite(&self) -> bool {
        [self.a00, self.a01, self.a11, self.d]
            .iter()
            .all(|x| x.is_finite())
            && self.a00 > 0.0
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
        // With p = 1 there is no x, so no mean to carry.
        let m = if self.has_t() { self.m } else { 0.0 };
        let s01 = self.eta * m;
        let s11 = 1.0 + self.law.mean_square(self.eta) * m * m;
        let det = s11 - s01 * s01;
        Structured {
            a00: s11 / det,
            a01: -s01 / det,
            a11: 1.0 / det,
            d: 1.0,
        }
    }

    /// The solver's start without a warm start: Σ⁻¹ / (1 − p·ratio), the
    /// solution if f were constant (the trace identity then fixes f = 1 − p·ratio).
    pub fn cold_start(&self) -> Structured {
        self.sigma_inverse()
            .scaled(1.0 / (1.0 - self.p as f64 * self.ratio))
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

/// The exp-sinh rule s = s₀ · exp(π/2 · sinh v) on (0, ∞), trapezoidal in v.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Step in v.
    pub h: f64,
}

/// Nodes of a [`Rule`] placed for one problem: node j sits at s = s₀·b_j with
/// trapezoid weight s₀·c_j (c_j = h·π/2·cosh v_j·b_j); the e^{−s} factor is
/// folded into the integrand's own exponential, so placing the nodes costs
/// nothing per problem.
#[derive(Debug, Clone)]
pub struct Nodes {
    s0: f64,
    table: Cow<'static, [(f64, f64)]>,
}

/// The last node kept: s ≤ 45, where e^{−s} < 3e-20.
const S_MAX: f64 = 45.0;

impl Rule {
    /// The rule used everywhere (89 nodes at s₀ = 1 up to 108 for small s₀,
    /// after dropping s > 45). Halving its step changes Q by less than 1e-9
    /// relative over the valid range, and by less than 1e-12 away from
    /// ill-conditioned Σ (‖μ‖ ≫ 1); the exception is sep ≈ 100 with
    /// p·r > 0.999, where both solves stop at the solver's rounding floor
    /// (`ACCEPT`, amplified by 1/(1 − p·r)) and differ by up to 8e-8. See the
    /// tests.
    pub const STANDARD: Rule = Rule { h: 0.0625 };

    /// (b_j, c_j) for v from −3.9 (s/s₀ = 1.4e-17: the dropped head is below
    /// 1e-16 of the integral) to 3.6 (enough for s₀ down to 1e-10).
    fn table(&self) -> Vec<(f64, f64)> {
        let half_pi = std::f64::consts::FRAC_PI_2;
        let first = (-3.9 / self.h).floor() as i64;
        let last = (3.6 / self.h).ceil() as i64;
        (first..=last)
            .map(|j| {
                let v = j as f64 * self.h;
                let b = (half_pi * v.sinh()).exp();
                (b, self.h * half_pi * v.cosh() * b)
            })
            .collect()
    }

    /// Nodes centred on s₀, the scale where the integrand e^{−s(1+r q)} falls
    /// (1/(1 + r E q) ≈ 1 − p·r at the fixed point): the finest resolution of
    /// the rule then sits where the integrand changes, however close p·r is to 1.
    pub fn nodes(&self, s0: f64) -> Nodes {
        static STANDARD: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
        let table = if *self == Rule::STANDARD {
            Cow::Borrowed(STANDARD.get_or_init(|| Rule::STANDARD.table()).as_slice())
        } else {
            Cow::Owned(self.table())
        };
        Nodes { s0, table }
    }
}

/// Points of the Gauss–Laguerre rule used for well-conditioned problems.
pub const LAGUERRE_POINTS: usize = 32;

/// Gauss–Laguerre nodes and weights for ∫₀^∞ e^{−s} g(s) ds (Golub–Welsch:
/// the eigenvalues of the Jacobi matrix, weights from the eigenvectors' first
/// components), as a node table (s_j, w_j e^{s_j}): the integrand code folds
/// e^{−s} into its own exponentials, as for the exp-sinh rule with s₀ = 1.
fn gauss_laguerre(n: usize) -> Vec<(f64, f64)> {
    let jacobi = DMatrix::from_fn(n, n, |i, j| {
        if i == j {
            (2 * i + 1) as f64
        } else if i.abs_diff(j) == 1 {
            i.max(j) as f64
        } else {
            0.0
        }
    });
    let eig = jacobi.symmetric_eigen();
    let mut out: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let s = eig.eigenvalues[k];
            let w = eig.eigenvectors[(0, k)].powi(2);
            (s, w * s.exp())
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Whether the 32-point Gauss–Laguerre rule is accurate for this problem near
/// Q: singularity at distance R ≥ 5 and decay rate c ≤ 2 (see
/// [`Problem::conditioning`]). The solver checks it at its start and again at
/// the Gauss–Laguerre solution, because a cold start can underestimate c five
/// times (mixture, p = 2, sep 100, η = 0.1: c = 2.0 at the start, 9.9 at the
/// solution, where Gauss–Laguerre is off by 2e-4). Over 105,600 problems (both
/// laws, p ≤ 64, sep ≤ 100, η ∈ [0, 1], p·r from 0.3 to 0.99) the Q it
/// accepts this way matches exp-sinh at half the step to 8e-11 (p = 2,
/// mixture, sep 25, η = 0.7, p·r = 0.435, R = 5.6, c = 1.9); R ≥ 4 would allow
/// 3e-10 and c ≤ 2.5 1.2e-9. It needs a third of exp-sinh's nodes, which is
/// what makes slider moves cheap at the default parameters.
pub fn laguerre_suffices(problem: &Problem, q: &Structured) -> bool {
    let (big_r, c) = problem.conditioning(q);
    big_r >= 5.0 && c <= 2.0
}

/// The Gauss–Laguerre node table, computed once.
pub fn laguerre_nodes() -> Nodes {
    static TABLE: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
    Nodes {
        s0: 1.0,
        table: Cow::Borrowed(
            TABLE
                .get_or_init(|| gauss_laguerre(LAGUERRE_POINTS))
                .as_slice(),
        ),
    }
}

impl Problem {
    /// (R, c) for Q: R is the distance from 0 to the nearest singularity of
    /// s ↦ E[h e^{−s r q}] (where 1 + 2 s r a11 or 1 + 2 s r d vanishes), c is
    /// the fastest initial decay rate of that integrand over the components,
    /// r·E_c\[q\] = r (a00 + 2 a01 μ + a11 (μ² + 1) + k d). The χ² part k·r·d
    /// counts: (1 + 2 s r d)^{−k/2} ≈ e^{−s r d k} decays at a rate far above 2
    /// for large p near the regime edge even when R is large. Gauss–Laguerre
    /// (weight e^{−s}) needs R large and c small.
    pub fn conditioning(&self, q: &Structured) -> (f64, f64) {
        let r = self.ratio;
        let mut top: f64 = 0.0;
        if self.has_t() {
            top = top.max(q.a11);
        }
        if self.rest() > 0 {
            top = top.max(q.d);
        }
        let big_r = if top > 0.0 {
            1.0 / (2.0 * r * top)
        } else {
            f64::INFINITY
        };
        let (comps, n) = self.components();
        // E_c[q] = a00 + 2 a01 μ + a11 (μ² + 1) + k d for t ~ N(μ, 1), ϱ ~ χ²_k.
        let (t_var, rest) = if self.has_t() {
            (q.a11, self.rest() as f64 * q.d)
        } else {
            (0.0, 0.0)
        };
        let c = comps[..n]
            .iter()
            .map(|&(_, mean)| {
                let at_mean = if self.has_t() {
                    q.a00 + 2.0 * q.a01 * mean + q.a11 * mean * mean
                } else {
                    q.a00
                };
                r * (at_mean + t_var + rest)
            })
            .fold(0.0, f64::max);
        (big_r, c)
    }
}

impl Problem {
    /// Where the rule's nodes are centred (see [`Rule::nodes`]).
    fn scale(&self) -> f64 {
        1.0 - self.p as f64 * self.ratio
    }
}

/// E[f a aᵀ] in structured form plus the E[f² ·] moments of its Jacobian,
/// where f = 1 / (1 + ratio · aᵀ Q a).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// E\[f\], E\[f t\], E\[f t²\], E\[f r\] (t = x_1, r = ‖rest‖²).
    pub f: [f64; 4],
    /// E[f² t^j] for j = 0..=4.
    pub f2_t: [f64; 5],
    /// E[f² t^j r] for j = 0..=2.
    pub f2_tr: [f64; 3],
    /// E[f² r²].
    pub f2_rr: f64,
}

/// Computes [`Moments`] at Q for the problem with the given rule.
pub fn moments(problem: &Problem, q: &Structured, nodes: &Nodes) -> Moments {
    let (comps, ncomp) = problem.components();
    let comps = &comps[..ncomp];
    let has_t = problem.has_t();
    let k = problem.rest();
    let kf = k as f64;
    let mut out = Moments::default();
    for &(b, c) in nodes.table.iter() {
        let s = nodes.s0 * b;
        if s > S_MAX {
            break;
        }
        // Weights of E[f·] and E[f²·]; e^{−s} enters through the exponentials below.
        let w1 = nodes.s0 * c;
        let w2 = w1 * s;
        let beta = s * problem.ratio;
        // x_1 part: Σ_c weight_c E_c[t^j e^{−β(a00 + 2 a01 t + a11 t²)}].
        let mut tj = [0.0; 5];
        if has_t {
            let prec = 1.0 + 2.0 * beta * q.a11;
            let v = 1.0 / prec;
            let root_v = v.sqrt();
            for &(wc, mean) in comps {
                let mu = (mean - 2.0 * beta * q.a01) * v;
                let expo = -s - beta * q.a00
                    + beta
                        * (2.0 * beta * q.a01 * q.a01 - 2.0 * q.a01 * mean - q.a11 * mean * mean)
                        * v;
                let g = wc * expo.exp() * root_v;
                let mu2 = mu * mu;
                tj[0] += g;
                tj[1] += g * mu;
                tj[2] += g * (mu2 + v);
                tj[3] += g * mu * (mu2 + 3.0 * v);
                tj[4] += g * (mu2 * mu2 + 6.0 * mu2 * v + 3.0 * v * v);
            }
        } else {
            tj[0] = (-s - beta * q.a00).exp();
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
        for (acc, t) in out.f2_t.iter_mut().zip(&tj) {
            *acc += w2 * t * r0;
        }
        for (acc, t) in out.f2_tr.iter_mut().zip(&tj) {
            *acc += w2 * t * r1;
        }
        out.f2_rr += w2 * tj[0] * r2;
    }
    out
}

/// Which fixed point of the pipeline a [`Problem`] is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// Q_T: teacher features, η_ℓ, γ_z.
    Teacher,
    /// Q_S: student features, η_u, ν_z.
    Student,
    /// The strong ceiling's Q_S: student features, η_ℓ, γ_z.
    Ceiling,
    /// A problem solved on its own (no parameter names apply).
    #[default]
    Unnamed,
}

impl Side {
    /// (what, its dimension, its ratio, its mixture fraction).
    fn names(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Side::Teacher => ("for the teacher (Q_T)", "p_T", "γ_z", "η_ℓ"),
            Side::Student => ("for the student (Q_S)", "p_S", "ν_z", "η_u"),
            Side::Ceiling => (
                "for the strong ceiling (Q_S at η_ℓ, γ_z)",
                "p_S",
                "γ_z",
                "η_ℓ",
            ),
            Side::Unnamed => ("", "p", "ratio", "η"),
        }
    }
}

/// Why a fixed point could not be found (never expected for valid parameters:
/// the ranges [`crate::theory::params::Params`] accepts are those where every solve
/// was measured to converge).
#[derive(Debug, Clone, PartialEq)]
pub struct NoConvergence {
    pub problem: Problem,
    pub residual: f64,
    /// Newton iterations taken; 0 when the problem was refused before solving.
    pub iterations: usize,
    pub side: Side,
}

impl std::fmt::Display for NoConvergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, dim, ratio, eta) = self.side.names();
        let pr = &self.problem;
        let fill = pr.p as f64 * pr.ratio;
        let sep = " ".repeat(usize::from(!what.is_empty()));
        if self.iterations == 0 {
            return write!(
                f,
                "the exact theory's fixed point{sep}{what} cannot be solved at {dim} = {}, \
                 {ratio} = {}, {eta} = {}, group-mean norm {}: it needs {dim} ≥ 1, {eta} in \
                 [0, 1], a finite group mean and 0 ≤ {dim}·{ratio} < 1",
                pr.p, pr.ratio, pr.eta, pr.m
            );
        }
        write!(
            f,
            "the exact theory's fixed point{sep}{what} did not converge at {dim}·{ratio} = {fill:.6} \
             ({dim} = {}, {eta} = {}, {} law, group-mean norm {:.4}) after {} Newton \
             iterations (residual {:.1e}); lower {ratio} or sep, or use the first-order layer",
            pr.p, pr.eta, pr.law, pr.m, self.iterations, self.residual
        )
    }
}

impl Problem {
    /// Whether the solver covers this problem at all (any [`Params`] gives one
    /// that it does; a hand-built problem may not).
    ///
    /// [`Params`]: crate::theory::params::Params
    fn is_solvable(&self) -> bool {
        self.p >= 1
            && (0.0..=1.0).contains(&self.eta)
            && self.m.is_finite()
            && self.ratio >= 0.0
            && self.p as f64 * self.ratio < 1.0
    }
}

/// The largest entry of the dimensionless residual (see [`residual`]).
fn scaled_residual(problem: &Problem, q: &Structured, m: &Moments) -> f64 {
    let g = residual(problem, q, m);
    // `amax` skips NaN, which would make an overflowed Q look converged.
    if g.iter().all(|x| x.is_finite()) {
        g.amax()
    } else {
        f64::INFINITY
    }
}

/// Largest dimensionless residual accepted when no Newton step improves it.
/// Reached only when Σ is ill-conditioned (‖μ‖ ≫ 1), where Q·M − I cannot be
/// evaluated more precisely; the target is 1e-14.
const ACCEPT: f64 = 1e-9;

/// Solves the fixed point with the standard rule, from the first-order guess.
pub fn solve(problem: &Problem) -> Result<Structured, NoConvergence> {
    solve_with(problem, Rule::STANDARD, None)
}

/// Solves the fixed point with a given rule, optionally from a warm start
/// (a solution for nearby parameters).
pub fn solve_with(
    problem: &Problem,
    rule: Rule,
    start: Option<Structured>,
) -> Result<Structured, NoConvergence> {
    solve_counted(problem, rule, start, &mut 0)
}

/// [`solve_with`], adding the number of moment evaluations to `evaluations`
/// (the unit of cost the benchmark reports).
pub fn solve_counted(
    problem: &Problem,
    rule: Rule,
    start: Option<Structured>,
    evaluations: &mut u64,
) -> Result<Structured, NoConvergence> {
    let warm = solve_from(problem, rule, start, evaluations);
    if warm.is_err() && start.is_some() {
        // A warm start extrapolated from other problems can be far enough off
        // near the regime edge for the moments to overflow; the cold start
        // always lies in the solver's basin on the accepted ranges.
        return solve_from(problem, rule, None, evaluations);
    }
    warm
}

fn solve_from(
    problem: &Problem,
    rule: Rule,
    start: Option<Structured>,
    evaluations: &mut u64,
) -> Result<Structured, NoConvergence> {
    let fail = |residual: f64, iterations: usize| NoConvergence {
        problem: *problem,
        residual,
        iterations,
        side: Side::Unnamed,
    };
    if !problem.is_solvable() {
        return Err(fail(f64::NAN, 0));
    }
    if problem.ratio == 0.0 {
        return Ok(problem.sigma_inverse());
    }
    // At the fixed point E[f] = 1 − p·ratio exactly (take the trace of Q·Q⁻¹);
    // f ≈ constant gives the cold start.
    let q = start
        .filter(Structured::is_positive_definite)
        .unwrap_or_else(|| problem.cold_start());
    let mut from = q;
    if rule == Rule::STANDARD && laguerre_suffices(problem, &q) {
        // The switch rule is about the integrand at the solution, which the
        // start only approximates: a cold start underestimates how fast the
        // far group's integrand decays when the groups are far apart. So the
        // rule is confirmed at the Gauss–Laguerre solution, and where it fails
        // there that solution is refined with exp-sinh (a few steps, as it is
        // close). A Gauss–Laguerre solve that fails is redone with exp-sinh.
        match iterate(problem, q, &laguerre_nodes(), evaluations) {
            Ok(sol) if laguerre_suffices(problem, &sol) => return Ok(sol),
            Ok(sol) => from = sol,
            Err(_) => {}
        }
    }
    iterate(problem, from, &rule.nodes(problem.scale()), evaluations)
        .map_err(|(residual, iterations)| fail(residual, iterations))
}

/// Damped Gauss–Newton from `q` with one node table; on failure, the last
/// residual and the number of iterations.
fn iterate(
    problem: &Problem,
    mut q: Structured,
    nodes: &Nodes,
    evaluations: &mut u64,
) -> Result<Structured, (f64, usize)> {
    let mut moments = |problem: &Problem, q: &Structured, nodes: &Nodes| {
        *evaluations += 1;
        moments(problem, q, nodes)
    };
    let has_t = problem.has_t();
    let k = problem.rest();
    let active = [true, has_t, has_t, k > 0];
    let mut m = moments(problem, &q, nodes);
    let mut res = scaled_residual(problem, &q, &m);
    let mut plain_rounds = 0;
    let mut iterations = 0;
    for _ in 0..200 {
        iterations += 1;
        if res < 1e-14 && q.is_positive_definite() {
            return Ok(q);
        }
        // Backtracking on ‖R‖₂ (for which the Newton step is a descent
        // direction), keeping Q positive definite.
        let merit = residual(problem, &q, &m).norm();
        let step = newton_step(problem, &q, &m, &active);
        if let Some(st) = step {
            // Quadratic convergence: after a step this small the error is
            // ~1e-12, so take it without evaluating the moments once more.
            let size = q.a00.abs().max(q.a11.abs()).max(q.d.abs());
            let last = q.minus(&st);
            if st.amax() < 1e-6 * size && last.is_positive_definite() {
                return Ok(last);
            }
        }
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let Some(step) = step else { break };
            let trial = q.minus(&(step * t));
            if trial.is_positive_definite() {
                let mt = moments(problem, &trial, nodes);
                if residual(problem, &trial, &mt).norm() < (1.0 - 1e-4 * t) * merit {
                    q = trial;
                    m = mt;
                    accepted = true;
                    break;
                }
            }
            t *= 0.5;
        }
        if !accepted && res < ACCEPT && q.is_positive_definite() {
            // At the rounding floor of an ill-conditioned Σ: no step can do better.
            return Ok(q);
        }
        if !accepted {
            // Newton stalled (far from the solution, or the step left the
            // positive-definite cone): contract with plain iterations Q ← F(Q),
            // which stay positive definite, then try Newton again.
            if plain_rounds == 20 {
                break;
            }
            plain_rounds += 1;
            for _ in 0..50 {
                q = plain_step(problem, &m);
                m = moments(problem, &q, nodes);
            }
        }
        res = scaled_residual(problem, &q, &m);
    }
    // Plain steps stay positive definite in exact arithmetic only.
    if res < ACCEPT && q.is_positive_definite() {
        Ok(q)
    } else {
        Err((res, iterations))
    }
}

/// One plain fixed-point iteration: Q ← E[f a aᵀ]⁻¹.
fn plain_step(problem: &Problem, m: &Moments) -> Structured {
    if !problem.has_t() {
        return Structured {
            a00: 1.0 / m.f[0],
            a01: 0.0,
            a11: 1.0,
            d: 1.0,
        };
    }
    let det = m.f[0] * m.f[2] - m.f[1] * m.f[1];
    let k = problem.rest();
    Structured {
        a00: m.f[2] / det,
        a01: -m.f[1] / det,
        a11: m.f[0] / det,
        d: if k > 0 { k as f64 / m.f[3] } else { 1.0 },
    }
}

/// The dimensionless residual G(θ) = Q·E[f a aᵀ] − I in structured form:
/// the four entries of the 2×2 block A·M_A − I, then d·E[f r]/k − 1; rows that
/// do not exist for this p are zero. Unlike E[f a aᵀ] − Q⁻¹, it does not vanish
/// as Q → ∞, so a line search on ‖G‖ cannot run off to infinity.
fn residual(problem: &Problem, q: &Structured, m: &Moments) -> SVector<f64, 5> {
    let f = &m.f;
    let kf = problem.rest().max(1) as f64;
    let mut g = SVector::<f64, 5>::new(
        q.a00 * f[0] + q.a01 * f[1] - 1.0,
        q.a00 * f[1] + q.a01 * f[2],
        q.a01 * f[0] + q.a11 * f[1],
        q.a01 * f[1] + q.a11 * f[2] - 1.0,
        q.d * f[3] / kf - 1.0,
    );
    if !problem.has_t() {
        g[1] = 0.0;
        g[2] = 0.0;
        g[3] = 0.0;
    }
    if problem.rest() == 0 {
        g[4] = 0.0;
    }
    g
}

/// The Gauss–Newton step for G(θ) = 0 in θ = (a00, a01, a11, d): quadratic
/// convergence (G vanishes at the solution) and a descent direction for ‖G‖².
fn newton_step(
    problem: &Problem,
    q: &Structured,
    m: &Moments,
    active: &[bool; 4],
) -> Option<Vector4<f64>> {
    let r = problem.ratio;
    let kf = problem.rest().max(1) as f64;
    let f = &m.f;
    let t = &m.f2_t;
    let tr = &m.f2_tr;
    // ∂E[f h]/∂θ = −r E[f² h ∂q/∂θ], ∂q/∂θ = (1, 2t, t², rest).
    let dm = [
        [t[0], 2.0 * t[1], t[2], tr[0]],
        [t[1], 2.0 * t[2], t[3], tr[1]],
        [t[2], 2.0 * t[3], t[4], tr[2]],
        [tr[0] / kf, 2.0 * tr[1] / kf, tr[2] / kf, m.f2_rr / kf],
    ];
    let df = |i: usize, l: usize| -r * dm[i][l];
    let unit = |a: bool| if a { 1.0 } else { 0.0 };
    let mut jac = SMatrix::<f64, 5, 4>::zeros();
    for l in 0..4 {
        let (e0, e1, e2, e3) = (unit(l == 0), unit(l == 1), unit(l == 2), unit(l == 3));
        jac[(0, l)] = e0 * f[0] + e1 * f[1] + q.a00 * df(0, l) + q.a01 * df(1, l);
        jac[(1, l)] = e0 * f[1] + e1 * f[2] + q.a00 * df(1, l) + q.a01 * df(2, l);
        jac[(2, l)] = e1 * f[0] + e2 * f[1] + q.a01 * df(0, l) + q.a11 * df(1, l);
        jac[(3, l)] = e1 * f[1] + e2 * f[2] + q.a01 * df(1, l) + q.a11 * df(2, l);
        jac[(4, l)] = e3 * f[3] / kf + q.d * df(3, l);
    }
    // Rows that do not exist for this p (see `residual`).
    if !problem.has_t() {
        for row in 1..4 {
            jac.row_mut(row).fill(0.0);
        }
    }
    if problem.rest() == 0 {
        jac.row_mut(4).fill(0.0);
    }
    let g = residual(problem, q, m);
    let mut normal = jac.transpose() * jac;
    let mut rhs = jac.transpose() * g;
    for l in 0..4 {
        if !active[l] {
            // Freeze the unknown.
            normal.row_mut(l).fill(0.0);
            normal.column_mut(l).fill(0.0);
            normal[(l, l)] = 1.0;
            rhs[l] = 0.0;
        }
    }
    normal.lu().solve(&rhs)
}
