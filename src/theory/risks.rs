//! The risks of teacher, student and strong ceiling in three layers of theory:
//! the closed forms of Theorems 1–2 (docs/THEORY.md section 3), and the law-aware
//! first-order and exact proportional-limit theory (section 4).
//!
//! Every law-aware risk is an inner product ⟨Q, W⟩ of a matrix that depends on
//! one side of the pipeline only, so the two sides are built separately and
//! combined cheaply; [`crate::theory::engine::Engine`] memoises the sides.

use nalgebra::DMatrix;

use crate::error::Error;
use crate::theory::fixed_point::Problem;
use crate::theory::geometry::Geometry;
use crate::theory::params::{Law, Params};

/// Which layer of theory a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Theorems 1–2 as reported (first order in γ_z, ν_z; exact for the surrogate law).
    ClosedForm,
    /// Law-aware, Q_T → Σ_T⁻¹, Q_S → Σ_S⁻¹.
    FirstOrder,
    /// Law-aware proportional limit with the fixed points Q_T, Q_S.
    Exact,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::ClosedForm, Layer::FirstOrder, Layer::Exact];

    pub fn key(self) -> &'static str {
        match self {
            Layer::ClosedForm => "closed_form",
            Layer::FirstOrder => "first_order",
            Layer::Exact => "exact",
        }
    }

    pub fn parse(text: &str) -> Option<Layer> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        Layer::ALL.into_iter().find(|l| l.key() == t)
    }
}

/// Excess risk at the test mixture η_t and on each group (η_t = 0 and 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupRisks {
    pub at: f64,
    pub majority: f64,
    pub minority: f64,
}

impl GroupRisks {
    /// The risk of the worse group. Risk is linear (mixture) or convex
    /// (surrogate) in η_t, so no mixture is worse than the worse group.
    pub fn worst(&self) -> f64 {
        self.majority.max(self.minority)
    }

    pub fn worst_group(&self) -> &'static str {
        if self.minority >= self.majority {
            "minority"
        } else {
            "majority"
        }
    }

    fn from_fn(eta_t: f64, f: impl Fn(f64) -> f64) -> GroupRisks {
        GroupRisks {
            at: f(eta_t),
            majority: f(0.0),
            minority: f(1.0),
        }
    }
}

/// Whether weak-to-strong generalization happens at a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The student beats its teacher.
    Happens,
    /// Student and teacher are equal up to rounding (|gain| ≤ 1e-9·ER_T):
    /// the student shares the teacher's features (Ξ = I, p_S = p_T).
    NoGain,
    /// The student is worse than its teacher.
    Fails,
}

impl Verdict {
    /// The relative size below which a gain is rounding, not a gain: the
    /// risks themselves are computed to about 1e-12 relative.
    pub const NO_GAIN: f64 = 1e-9;

    /// +1, 0 or −1, as the readouts carry it.
    pub fn sign(self) -> f64 {
        match self {
            Verdict::Happens => 1.0,
            Verdict::NoGain => 0.0,
            Verdict::Fails => -1.0,
        }
    }
}

/// Teacher, student and (optionally) strong-ceiling risks in one layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerRisks {
    pub teacher: GroupRisks,
    pub student: GroupRisks,
    /// The student's architecture fit on the n true labels.
    pub ceiling: Option<GroupRisks>,
}

impl LayerRisks {
    /// W2S gain ER_T − ER_S at η_t (positive: weak-to-strong generalization happens).
    pub fn gain(&self) -> f64 {
        self.teacher.at - self.student.at
    }

    /// Happens, no gain (equal up to rounding) or fails.
    pub fn verdict(&self) -> Verdict {
        let gain = self.gain();
        if gain.abs() <= Verdict::NO_GAIN * self.teacher.at.abs() {
            Verdict::NoGain
        } else if gain > 0.0 {
            Verdict::Happens
        } else {
            Verdict::Fails
        }
    }

    /// (ER_T − ER_S) / ER_T.
    pub fn relative_gain(&self) -> f64 {
        self.gain() / self.teacher.at
    }

    /// Performance gap recovered (ER_T − ER_S)/(ER_T − ER_ceiling); `None` without
    /// a ceiling or when the ceiling is no better than the teacher
    /// (ER_T − ER_ceiling ≤ 1e-15·ER_T): there is then no gap to recover, and a
    /// negative denominator would flip the meaning of the ratio's sign. With
    /// ρ < 1 the ceiling can be worse than the teacher (m_S > m_T is possible).
    pub fn pgr(&self) -> Option<f64> {
        let c = self.ceiling?;
        let gap = self.teacher.at - c.at;
        (gap > 1e-15 * self.teacher.at).then(|| self.gain() / gap)
    }
}

/// The quantities the closed forms of Theorems 1–2 are written in, at one
/// test mixture η: ER_T = σ²γ[p_T + (η − η_ℓ)²‖μ_T‖²] and
/// ER_S = σ²γ[p_{T∧S} + spurious² + ν(rest)(p_S + shift)]. The page shows
/// them substituted into the formulas, so they are computed here once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TheoremTerms {
    /// p_{T∧S} = 1 + ‖Ξ‖_F².
    pub p_shared: f64,
    /// ‖μ_T‖².
    pub mu_t2: f64,
    /// (η_u − η_ℓ)‖μ_T‖ + (η − η_u)‖Ξ μ_S‖, the base of the squared term.
    pub spurious: f64,
    /// p_T − p_{T∧S}: the teacher's directions the student does not share.
    pub rest: f64,
    /// (η − η_u)²‖μ_S‖².
    pub shift: f64,
}

impl TheoremTerms {
    pub fn of(p: &Params, g: &Geometry, eta: f64) -> TheoremTerms {
        let p_shared = g.p_shared();
        TheoremTerms {
            p_shared,
            mu_t2: g.mu_t2(),
            spurious: (p.eta_u - p.eta_l) * g.m_t + (eta - p.eta_u) * g.xi_mu_s(),
            rest: p.p_t as f64 - p_shared,
            shift: (eta - p.eta_u).powi(2) * g.mu_s2(),
        }
    }
}

/// Closed forms of Theorems 1–2 (section 3), with the ceiling's analogue.
pub fn closed_form(p: &Params) -> LayerRisks {
    let g = Geometry::new(p);
    let scale = p.sigma_y2 * p.gamma;
    let teacher = GroupRisks::from_fn(p.eta_t, |et| {
        scale * (p.p_t as f64 + (et - p.eta_l).powi(2) * g.mu_t2())
    });
    let student = GroupRisks::from_fn(p.eta_t, |et| {
        let t = TheoremTerms::of(p, &g, et);
        scale * (t.p_shared + t.spurious.powi(2) + p.nu * t.rest * (p.p_s as f64 + t.shift))
    });
    let ceiling = GroupRisks::from_fn(p.eta_t, |et| {
        scale * (p.p_s as f64 + (et - p.eta_l).powi(2) * g.mu_s2())
    });
    LayerRisks {
        teacher,
        student,
        ceiling: Some(ceiling),
    }
}

/// η_u* of the closed form: the student term is quadratic in η_u,
/// f(u) = ((u − η_ℓ)A + (η_t − u)B)² + κ(η_t − u)², minimised and clipped to [0, 1].
/// `None` when the student risk does not depend on η_u (e.g. sep = 0).
pub fn eta_u_star_closed_form(p: &Params) -> Option<f64> {
    let g = Geometry::new(p);
    let a = g.m_t;
    let b = g.xi_mu_s();
    let kappa = p.nu * (p.p_t as f64 - g.p_shared()) * g.mu_s2();
    let den = (a - b).powi(2) + kappa;
    if den <= 1e-300 {
        return None;
    }
    let num = (a - b) * (p.eta_l * a - p.eta_t * b) + kappa * p.eta_t;
    Some((num / den).clamp(0.0, 1.0))
}

/// The fixed-point problems of one parameter set.
pub fn teacher_problem(p: &Params, g: &Geometry) -> Problem {
    Problem {
        law: p.law,
        p: p.p_t,
        m: g.m_t,
        eta: p.eta_l,
        ratio: p.gamma,
    }
}

pub fn student_problem(p: &Params, g: &Geometry) -> Problem {
    Problem {
        law: p.law,
        p: p.p_s,
        m: g.m_s,
        eta: p.eta_u,
        ratio: p.nu,
    }
}

/// The strong ceiling's Q_S(η_ℓ, γ_z).
pub fn ceiling_problem(p: &Params, g: &Geometry) -> Problem {
    Problem {
        law: p.law,
        p: p.p_s,
        m: g.m_s,
        eta: p.eta_l,
        ratio: p.gamma,
    }
}

/// A risk as a function of the test mixture: r(η) = c₀ + η c₁ + κ(η) c₂, with
/// κ(η) the law's mean-square coefficient (η for the mixture, η² for the
/// surrogate). Every second moment has this form, so every risk does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InTestMixture(pub [f64; 3]);

impl InTestMixture {
    pub fn at(&self, law: Law, eta: f64) -> f64 {
        self.0[0] + eta * self.0[1] + law.mean_square(eta) * self.0[2]
    }

    /// Risks at η_t and on each group, scaled by `k` (= σ_y² γ_z).
    pub fn groups(&self, law: Law, eta_t: f64, k: f64) -> GroupRisks {
        GroupRisks::from_fn(eta_t, |et| k * self.at(law, et))
    }

    /// ⟨E_η[a aᵀ], Q⟩ as a function of η, for features of dimension p whose
    /// group mean has norm m.
    pub fn of(law: Law, p: usize, m: f64, q: &DMatrix<f64>) -> InTestMixture {
        InTestMixture(law.second_moment_dots(p, m, q))
    }
}

/// Everything about the teacher that the risks need: Q_T and ER_T/(σ_y² γ_z)
/// as a function of η_t.
#[derive(Debug, Clone)]
pub struct TeacherSide {
    pub q_t: DMatrix<f64>,
    pub unit_risk: InTestMixture,
}

impl TeacherSide {
    /// `q_t` must have the model's shape ([`BlockDiagonal`]): every Q_T
    /// (Σ_T⁻¹ or the fixed point) does, and the student's risk reads only
    /// those entries.
    pub fn new(g: &Geometry, q_t: DMatrix<f64>) -> Result<TeacherSide, Error> {
        check_shape("Q_T", &q_t, g.p_t)?;
        if !BlockDiagonal::holds(&q_t) {
            return Err(Error::Numerical(
                "Q_T must be zero outside its top-left 2 × 2 block and its diagonal \
                 (the shape the geometry's symmetry gives every Q_T)"
                    .into(),
            ));
        }
        let unit_risk = InTestMixture::of(g.law, g.p_t, g.m_t, &q_t);
        Ok(TeacherSide { q_t, unit_risk })
    }
}

/// Refuses a Q of the wrong size in words (the functions here are public, so
/// a caller can pass any matrix).
fn check_shape(what: &str, q: &DMatrix<f64>, p: usize) -> Result<(), Error> {
    if q.shape() == (p, p) && p >= 1 {
        Ok(())
    } else {
        Err(Error::Numerical(format!(
            "{what} must be a {p} × {p} matrix for this geometry (p ≥ 1), not {} × {}",
            q.nrows(),
            q.ncols()
        )))
    }
}

/// The entries of a p × p matrix where a Q_T can be non-zero: the 2 × 2
/// block of the constant and the group-mean direction, and the diagonal
/// beyond it (the geometry is symmetric about the mean). ⟨Q_T, W⟩ needs only
/// these p + 2 entries of W, so the student's side keeps only them: a map
/// cell then costs O(p_T), not O(p_T²), and building a side allocates no
/// p_T × p_T matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockDiagonal {
    /// Rows and columns 0 and 1 (those beyond p are 0).
    pub block: [[f64; 2]; 2],
    /// The diagonal from index 2 on.
    pub diag: Vec<f64>,
}

impl BlockDiagonal {
    /// The matrix's entries on the pattern, from a function of (row, column).
    fn from_fn(p: usize, f: impl Fn(usize, usize) -> f64) -> BlockDiagonal {
        let mut block = [[0.0; 2]; 2];
        for (i, row) in block.iter_mut().enumerate().take(p) {
            for (j, x) in row.iter_mut().enumerate().take(p) {
                *x = f(i, j);
            }
        }
        BlockDiagonal {
            block,
            diag: (2..p).map(|i| f(i, i)).collect(),
        }
    }

    /// Whether `q` is zero off the pattern.
    pub fn holds(q: &DMatrix<f64>) -> bool {
        let (r, c) = q.shape();
        (0..c).all(|j| (0..r).all(|i| i == j || (i < 2 && j < 2) || q[(i, j)] == 0.0))
    }

    /// ⟨q, self⟩ for a `q` that is zero off the pattern ([`BlockDiagonal::holds`]).
    pub fn dot(&self, q: &DMatrix<f64>) -> f64 {
        let n = q.nrows().min(q.ncols()).min(2);
        let mut sum = 0.0;
        for i in 0..n {
            for j in 0..n {
                sum += q[(i, j)] * self.block[i][j];
            }
        }
        for (k, w) in self.diag.iter().enumerate() {
            sum += q[(k + 2, k + 2)] * w;
        }
        sum
    }
}

/// The student's side: ER_S(η) = σ_y² γ_z ⟨Q_T, W(η)⟩ with
/// W(η) = K Σ_S(η) Kᵀ + ν_z ⟨Σ_S(η), Q_S⟩ Σ_e = W₀ + η W₁ + κ(η) W₂,
/// each W_i kept on Q_T's pattern ([`BlockDiagonal`]).
/// It does not depend on η_t, so moving η_t recomputes no side at all.
#[derive(Debug, Clone)]
pub struct StudentSide {
    pub w: [BlockDiagonal; 3],
}

impl StudentSide {
    pub fn new(
        g: &Geometry,
        eta_u: f64,
        nu: f64,
        q_s: &DMatrix<f64>,
    ) -> Result<StudentSide, Error> {
        check_shape("Q_S", q_s, g.p_s)?;
        if g.p_t < g.p_s {
            return Err(Error::Numerical(format!(
                "the student's features (p_S = {}) cannot outnumber the teacher's (p_T = {})",
                g.p_s, g.p_t
            )));
        }
        let sigma_u = g.sigma_s(eta_u);
        let cross = g.cross(eta_u);
        // K = M_TS Σ_S⁻¹: the student's population projection of the teacher's
        // features. Σ_S has determinant ≥ 1, but its last pivot 1 + κm² − (ηm)²
        // is computed with an error of order η²m²·1e-16, so at a huge group mean
        // (beyond what `Params` accepts) it can round to ≤ 0.
        let chol = sigma_u.cholesky().ok_or_else(|| {
            Error::Numerical(format!(
                "Σ_S(η_u = {eta_u}) is numerically singular at group-mean norm {:.3e}: \
                 lower sep",
                g.m_s
            ))
        })?;
        let k = chol.solve(&cross.transpose()).transpose();
        let sigma_t = g.law.second_moment(g.p_t.min(2), g.m_t, eta_u);
        let row_dot = |a: &DMatrix<f64>, i: usize, b: &DMatrix<f64>, j: usize| -> f64 {
            (0..a.ncols()).map(|l| a[(i, l)] * b[(j, l)]).sum()
        };
        // Σ_e = Σ_T − K M_TSᵀ (K Σ_S Kᵀ = K M_TSᵀ), on the pattern.
        let sigma_e = |i: usize, j: usize| {
            let s = if i < 2 && j < 2 {
                sigma_t[(i, j)]
            } else {
                f64::from(u8::from(i == j))
            };
            s - row_dot(&k, i, &cross, j)
        };
        let p = g.p_t;
        // Σ_S(η) = I + η S₁ + κ S₂ with S₁ = m(e₀e₁ᵀ + e₁e₀ᵀ), S₂ = m² e₁e₁ᵀ
        // (see `Law::second_moment`), so K S_i Kᵀ are rank-one updates.
        let a = nu * q_s.trace();
        let w0 = BlockDiagonal::from_fn(p, |i, j| row_dot(&k, i, &k, j) + a * sigma_e(i, j));
        let (w1, w2) = if g.p_s > 1 {
            let m = g.m_s;
            let (b, c) = (nu * 2.0 * m * q_s[(0, 1)], nu * m * m * q_s[(1, 1)]);
            (
                BlockDiagonal::from_fn(p, |i, j| {
                    m * (k[(i, 0)] * k[(j, 1)] + k[(i, 1)] * k[(j, 0)]) + b * sigma_e(i, j)
                }),
                BlockDiagonal::from_fn(p, |i, j| m * m * k[(i, 1)] * k[(j, 1)] + c * sigma_e(i, j)),
            )
        } else {
            let zero = BlockDiagonal::from_fn(p, |_, _| 0.0);
            (zero.clone(), zero)
        };
        Ok(StudentSide { w: [w0, w1, w2] })
    }

    /// ER_S/(σ_y² γ_z) as a function of η_t, for a teacher's Q_T (zero off
    /// the pattern, as [`TeacherSide::new`] checks).
    pub fn unit_risk(&self, q_t: &DMatrix<f64>) -> InTestMixture {
        InTestMixture(self.w.each_ref().map(|w| w.dot(q_t)))
    }
}

/// The ceiling's risk /(σ_y² γ_z) as a function of η_t: ⟨Σ_S(η), Q_S(η_ℓ, γ_z)⟩.
pub fn ceiling_unit_risk(g: &Geometry, q_c: &DMatrix<f64>) -> InTestMixture {
    InTestMixture::of(g.law, g.p_s, g.m_s, q_c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theory::params::RawParams;

    /// W built densely, as the side did before it kept only Q_T's pattern.
    fn dense_w(g: &Geometry, eta_u: f64, nu: f64, q_s: &DMatrix<f64>) -> [DMatrix<f64>; 3] {
        let k = g
            .sigma_s(eta_u)
            .cholesky()
            .unwrap()
            .solve(&g.cross(eta_u).transpose())
            .transpose();
        let sigma_e = g.sigma_t(eta_u) - &k * g.cross(eta_u).transpose();
        let w0 = &k * k.transpose() + &sigma_e * (nu * q_s.trace());
        let mut w1 = DMatrix::zeros(g.p_t, g.p_t);
        let mut w2 = DMatrix::zeros(g.p_t, g.p_t);
        if g.p_s > 1 {
            let m = g.m_s;
            let (k0, k1) = (k.column(0), k.column(1));
            w1.ger(m, &k0, &k1, 0.0);
            w1.ger(m, &k1, &k0, 1.0);
            w1 += &sigma_e * (nu * 2.0 * m * q_s[(0, 1)]);
            w2.ger(m * m, &k1, &k1, 0.0);
            w2 += &sigma_e * (nu * m * m * q_s[(1, 1)]);
        }
        [w0, w1, w2]
    }

    #[test]
    fn the_pattern_gives_the_dense_inner_product() {
        // Structured Q's with distinct entries, so a misplaced entry shows.
        let structured = |p: usize, x: f64| {
            crate::theory::fixed_point::Structured {
                a00: 1.3 + x,
                a01: -0.4 * x,
                a11: 0.9,
                d: 1.1 + 0.2 * x,
            }
            .to_dense(p)
        };
        for (p_t, p_s, xi2) in [
            (6, 3, 0.5),
            (16, 16, 7.0),
            (16, 3, 1.5),
            (2, 1, 0.0),
            (1, 1, 0.0),
            (5, 2, 0.8),
        ] {
            for law in Law::ALL {
                let p = Params::new(RawParams {
                    p_t,
                    p_s,
                    xi2,
                    law,
                    sep: 9.0,
                    rho: 0.7,
                    ..RawParams::default()
                })
                .unwrap();
                let g = Geometry::new(&p);
                let (q_t, q_s) = (structured(p_t, 0.3), structured(p_s, 0.7));
                let side = StudentSide::new(&g, 0.35, 0.02, &q_s).unwrap();
                let got = side.unit_risk(&q_t).0;
                let want = dense_w(&g, 0.35, 0.02, &q_s).map(|w| q_t.dot(&w));
                for (a, b) in got.iter().zip(&want) {
                    assert!(
                        (a - b).abs() <= 1e-13 * b.abs().max(1.0),
                        "{law} p_T={p_t} p_S={p_s}: {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_q_t_off_the_pattern_is_refused() {
        let g = Geometry::new(&Params::default());
        let mut q = DMatrix::identity(g.p_t, g.p_t);
        assert!(TeacherSide::new(&g, q.clone()).is_ok());
        q[(0, 3)] = 0.1;
        let msg = TeacherSide::new(&g, q).unwrap_err().to_string();
        assert!(msg.contains("2 × 2 block"), "{msg}");
    }
}
