//! The canonical geometry of docs/THEORY.md section 2 and the second moments it
//! induces (section 4).
//!
//! In the canonical geometry every group-mean vector lies on the first feature
//! coordinate: μ_T = m_T e_1, μ_S = m_S e_1 and Ξ = c [I; 0]. Features are indexed
//! (1, x_1, x_2, …) where index 0 is the constant feature, so every matrix below
//! is in the same basis the fixed-point solver uses.

use nalgebra::DMatrix;

use crate::theory::params::{Law, Params};

/// Scalars that define T, S and μ_ξ for given parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub p_t: usize,
    pub p_s: usize,
    /// Cosine between matched teacher and student directions: Ξ = c [I; 0].
    pub c: f64,
    /// ‖μ_T‖ (μ_T = m_T e_1; 0 when p_T = 1).
    pub m_t: f64,
    /// First coordinate of μ_S (μ_S = m_S e_1; 0 when p_S = 1).
    pub m_s: f64,
    pub law: Law,
}

impl Geometry {
    pub fn new(p: &Params) -> Geometry {
        let c = if p.p_s > 1 {
            (p.xi2 / (p.p_s - 1) as f64).sqrt()
        } else {
            0.0
        };
        // Clamp: c² may round above 1 when xi2 = p_S − 1.
        let s = (1.0 - c * c).max(0.0).sqrt();
        let root = p.sep.sqrt();
        let m_t = if p.p_t > 1 { root * p.rho.sqrt() } else { 0.0 };
        let m_s = if p.p_s > 1 {
            root * (c * p.rho.sqrt() + s * (1.0 - p.rho).sqrt())
        } else {
            0.0
        };
        Geometry {
            p_t: p.p_t,
            p_s: p.p_s,
            c,
            m_t,
            m_s,
            law: p.law,
        }
    }

    /// p_{T∧S} = 1 + ‖Ξ‖_F².
    pub fn p_shared(&self) -> f64 {
        1.0 + self.c * self.c * (self.p_s - 1) as f64
    }

    /// ‖μ_T‖².
    pub fn mu_t2(&self) -> f64 {
        self.m_t * self.m_t
    }

    /// ‖μ_S‖².
    pub fn mu_s2(&self) -> f64 {
        self.m_s * self.m_s
    }

    /// Ξ μ_S = c m_S e_1 in the teacher's feature space.
    pub fn xi_mu_s(&self) -> f64 {
        if self.p_t > 1 && self.p_s > 1 {
            self.c * self.m_s
        } else {
            0.0
        }
    }

    /// Σ_T(η) = E_η[w wᵀ].
    pub fn sigma_t(&self, eta: f64) -> DMatrix<f64> {
        self.law.second_moment(self.p_t, self.m_t, eta)
    }

    /// Σ_S(η) = E_η[ψ ψᵀ].
    pub fn sigma_s(&self, eta: f64) -> DMatrix<f64> {
        self.law.second_moment(self.p_s, self.m_s, eta)
    }

    /// M_TS(η) = E_η[w ψᵀ] (p_T × p_S).
    pub fn cross(&self, eta: f64) -> DMatrix<f64> {
        let mut m = DMatrix::zeros(self.p_t, self.p_s);
        if self.p_t == 0 || self.p_s == 0 {
            return m;
        }
        m[(0, 0)] = 1.0;
        if self.p_s > 1 {
            m[(0, 1)] = eta * self.m_s;
            // Ξ = c [I; 0] needs p_S ≤ p_T; a hand-built geometry may not have it.
            for k in 1..self.p_s.min(self.p_t) {
                m[(k, k)] = self.c;
            }
        }
        if self.p_t > 1 {
            m[(1, 0)] = eta * self.m_t;
        }
        if self.p_t > 1 && self.p_s > 1 {
            m[(1, 1)] += self.law.mean_square(eta) * self.m_t * self.m_s;
        }
        m
    }
}

impl Law {
    /// The coefficient κ(η) of μμᵀ in E_η\[ξξᵀ\] = σ² I + κ μμᵀ.
    pub fn mean_square(self, eta: f64) -> f64 {
        match self {
            // Between-group variance η(1−η) plus the squared mean η².
            Law::Mixture => eta,
            Law::Surrogate => eta * eta,
        }
    }

    /// E_η[a aᵀ] for a = [1; x], x ∈ R^{p−1} with mean η m e_1 and unit noise:
    /// S₀ + η S₁ + κ(η) S₂ with S₀ = I, S₁ = m(e₀e₁ᵀ + e₁e₀ᵀ), S₂ = m² e₁e₁ᵀ.
    pub fn second_moment(self, p: usize, m: f64, eta: f64) -> DMatrix<f64> {
        let mut s = DMatrix::identity(p, p);
        if p > 1 {
            s[(0, 1)] = eta * m;
            s[(1, 0)] = eta * m;
            s[(1, 1)] += self.mean_square(eta) * m * m;
        }
        s
    }

    /// (⟨S₀, Q⟩, ⟨S₁, Q⟩, ⟨S₂, Q⟩) for a symmetric Q, with the S_i of
    /// [`Law::second_moment`]: what a risk ⟨E_η[a aᵀ], Q⟩ needs, without
    /// forming any matrix.
    pub fn second_moment_dots(self, p: usize, m: f64, q: &DMatrix<f64>) -> [f64; 3] {
        // The diagonal by hand: `trace` panics on a non-square matrix.
        let n = q.nrows().min(q.ncols());
        let trace = (0..n).map(|i| q[(i, i)]).sum();
        if p > 1 && n > 1 {
            [trace, 2.0 * m * q[(0, 1)], m * m * q[(1, 1)]]
        } else {
            [trace, 0.0, 0.0]
        }
    }
}
