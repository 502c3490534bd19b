//! The risks along the direction that separates the groups: the density of
//! the group-feature coordinate t = uᵀξ, u = μ_ξ/‖μ_ξ‖, under each mixture,
//! and the teacher's and the student's excess risk at each t (docs/THEORY.md
//! section 4.6). Averaged under D(η) the pointwise risks are ER_T(η) and
//! ER_S(η) of [`crate::theory::risks`]; tests/data_figure.rs checks it.
//!
//! # Derivation
//!
//! Every law-aware risk is linear in a second moment of the features:
//! ER_T(η) = k⟨E_η[w wᵀ], Q_T⟩ and, since ER_S is linear in Σ_S(η),
//! ER_S(η) = k⟨E_η[ψ ψᵀ], A_S⟩ with k = σ_y²γ_z and
//! A_S = KᵀQ_T K + ν_z tr(Σ_e Q_T) Q_S (section 4.4: tr(Q_T K Σ_S Kᵀ) =
//! ⟨Σ_S, KᵀQ_T K⟩). So each risk is E_η[aᵀA a] for a = [1; Bᵀξ], and the
//! pointwise risk at t is the conditional mean r(t) = k E[aᵀA a | uᵀξ = t].
//!
//! Split ξ = t u + ξ_⊥. Given the group, ξ ~ N(g μ_ξ, I) (mixture) or
//! N(η μ_ξ, I) (surrogate): the mean lies on u and the noise is isotropic, so
//! ξ_⊥ ~ N(0, I − uuᵀ) whatever the group, the law or η, independent of t.
//! In the canonical geometry Bᵀu = α e_1 with α_T = √ρ (T reads e_1) and
//! α_S = c√ρ + s√(1−ρ) (S_1 = c e_1 + s e_{p_T}; the other columns are
//! orthogonal to u), 0 when the model has no group features. Then
//! E[a | t] = [1; tα e_1] and Cov[a | t] = diag(0, I − α² e_1e_1ᵀ), so
//!
//! r(t)/k = A₀₀ + 2tα A₀₁ + t²α² A₁₁ + (tr A − A₀₀) − α² A₁₁
//!        = (tr A − α² A₁₁) + 2α A₀₁ t + α² A₁₁ t²,
//!
//! a quadratic in t. Under D(η), t ~ N(g√sep, 1) given g (mixture) or
//! N(η√sep, 1) (surrogate), so E\[t\] = η√sep, E\[t²\] = 1 + κ(η) sep, and the
//! average is tr A + 2η m A₀₁ + κ(η) m² A₁₁ with m = α√sep: exactly
//! ⟨E_η[a aᵀ], A⟩ of `Law::second_moment_dots`. The t axis is in units of
//! σ_ξ = 1: the majority group sits at 0 and the minority at √sep.

use nalgebra::DMatrix;

use crate::error::Error;
use crate::theory::engine::Engine;
use crate::theory::fixed_point::Problem;
use crate::theory::geometry::Geometry;
use crate::theory::params::{Law, Params};
use crate::theory::risks::{Layer, student_problem, teacher_problem};

/// A risk along t: r(t) = c₀ + c₁ t + c₂ t² (in σ_y² units, scale included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlongT(pub [f64; 3]);

impl AlongT {
    pub fn at(&self, t: f64) -> f64 {
        let [c0, c1, c2] = self.0;
        c0 + t * (c1 + t * c2)
    }

    /// The average of r under D(η): c₀ + c₁ E\[t\] + c₂ E\[t²\], in closed form
    /// (the tests average numerically instead).
    pub fn average(&self, law: Law, sep: f64, eta: f64) -> f64 {
        let [c0, c1, c2] = self.0;
        c0 + c1 * eta * sep.sqrt() + c2 * (1.0 + law.mean_square(eta) * sep)
    }

    /// k E[aᵀA a | t] for a = [1; x] whose group features see u as α e_1.
    fn of(a: &DMatrix<f64>, alpha: f64, k: f64) -> AlongT {
        let n = a.nrows().min(a.ncols());
        let trace: f64 = (0..n).map(|i| a[(i, i)]).sum();
        if n < 2 {
            return AlongT([k * trace, 0.0, 0.0]);
        }
        let a2 = alpha * alpha;
        AlongT([
            k * (trace - a2 * a[(1, 1)]),
            k * 2.0 * alpha * a[(0, 1)],
            k * a2 * a[(1, 1)],
        ])
    }
}

/// The teacher's and the student's pointwise excess risk along t.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pointwise {
    pub teacher: AlongT,
    pub student: AlongT,
}

/// (α_T, α_S): how much of the unit direction u each model's group features
/// read (Tᵀu = α_T e_1, Sᵀu = α_S e_1). Defined at sep = 0 too, where u is
/// the canonical direction μ_ξ would take.
pub fn projections(p: &Params) -> (f64, f64) {
    let g = Geometry::new(p);
    let s = (1.0 - g.c * g.c).max(0.0).sqrt();
    let alpha_t = if p.p_t > 1 { p.rho.sqrt() } else { 0.0 };
    let alpha_s = if p.p_s > 1 {
        g.c * p.rho.sqrt() + s * (1.0 - p.rho).sqrt()
    } else {
        0.0
    };
    (alpha_t, alpha_s)
}

/// The pointwise risks for given Q_T (p_T × p_T) and Q_S (p_S × p_S).
pub fn pointwise(p: &Params, q_t: &DMatrix<f64>, q_s: &DMatrix<f64>) -> Result<Pointwise, Error> {
    let g = Geometry::new(p);
    if q_t.shape() != (p.p_t, p.p_t) || q_s.shape() != (p.p_s, p.p_s) {
        return Err(Error::Numerical(format!(
            "Q_T and Q_S must be {0} × {0} and {1} × {1}, not {2} × {3} and {4} × {5}",
            p.p_t,
            p.p_s,
            q_t.nrows(),
            q_t.ncols(),
            q_s.nrows(),
            q_s.ncols()
        )));
    }
    let cross = g.cross(p.eta_u);
    let chol = g.sigma_s(p.eta_u).cholesky().ok_or_else(|| {
        Error::Numerical(format!(
            "Σ_S(η_u = {}) is numerically singular at sep = {}: lower sep",
            p.eta_u, p.sep
        ))
    })?;
    // K = M_TS Σ_S⁻¹ (p_T × p_S) and Σ_e = Σ_T − K M_TSᵀ, as in `StudentSide`.
    let k_mat = chol.solve(&cross.transpose()).transpose();
    let sigma_e = g.sigma_t(p.eta_u) - &k_mat * cross.transpose();
    let noise = p.nu * (&sigma_e * q_t).trace();
    let a_s = k_mat.transpose() * q_t * &k_mat + q_s * noise;
    let (alpha_t, alpha_s) = projections(p);
    let k = p.sigma_y2 * p.gamma;
    Ok(Pointwise {
        teacher: AlongT::of(q_t, alpha_t, k),
        student: AlongT::of(&a_s, alpha_s, k),
    })
}

/// The pointwise risks in a law-aware layer (first order or exact), with
/// the engine's fixed points (solved once and cached for the other figures).
pub fn of_layer(engine: &mut Engine, p: &Params, layer: Layer) -> Result<Pointwise, Error> {
    let g = Geometry::new(p);
    let q = |engine: &mut Engine, pr: &Problem| -> Result<DMatrix<f64>, Error> {
        let s = match layer {
            Layer::Exact => engine.fixed_point(pr)?,
            Layer::FirstOrder => pr.sigma_inverse(),
            Layer::ClosedForm => {
                return Err(Error::Request(
                    "the pointwise risks need a law-aware layer: exact or first order".into(),
                ));
            }
        };
        Ok(s.to_dense(pr.p))
    };
    let q_t = q(engine, &teacher_problem(p, &g))?;
    let q_s = q(engine, &student_problem(p, &g))?;
    pointwise(p, &q_t, &q_s)
}

/// The standard normal density.
fn phi(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The density of t = uᵀξ under D(η): (1−η)φ(t) + ηφ(t − √sep) (mixture:
/// the majority at 0, the minority at √sep) or φ(t − η√sep) (surrogate).
pub fn density(law: Law, sep: f64, eta: f64, t: f64) -> f64 {
    let root = sep.sqrt();
    match law {
        Law::Mixture => (1.0 - eta) * phi(t) + eta * phi(t - root),
        Law::Surrogate => phi(t - eta * root),
    }
}
