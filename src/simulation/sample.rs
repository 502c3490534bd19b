//! Draws from the data model D(η) of docs/THEORY.md section 1 in the canonical
//! geometry of section 2, with a seeded, portable generator.
//!
//! Only the coordinates of ξ that T or S read are drawn: ξ_0 … ξ_{p_T−2}
//! (read by T and, scaled by c, by S) and ξ_{p_T−1} … ξ_{p_T+p_S−3} (read by S
//! only, scaled by s). μ_ξ has √(sep·ρ) on the first and √(sep(1−ρ)) on
//! ξ_{p_T−1}; every other coordinate of the ambient space is read by neither
//! model and cannot change a fit.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal, Uniform};

use crate::theory::geometry::Geometry;
use crate::theory::params::{Law, Params};

/// The generator of one replicate: ChaCha (rand's `StdRng`) keyed by the
/// user's seed and the replicate's index, so a replicate's data do not depend
/// on how replicates are split between threads or web workers, and are the
/// same natively and in wasm.
pub fn replicate_rng(seed: u64, replicate: u64) -> StdRng {
    keyed_rng(seed, replicate, b"w2s-sim!")
}

/// A ChaCha generator keyed by a seed, an index and an 8-byte tag naming its
/// use: every run of the simulator and the labs draws from its own stream,
/// whoever runs it and in whatever order.
pub fn keyed_rng(seed: u64, index: u64, tag: &[u8; 8]) -> StdRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&index.to_le_bytes());
    key[16..24].copy_from_slice(tag);
    StdRng::from_seed(key)
}

/// n draws: z (n × d_z), the teacher's features w (n × p_T) and the student's
/// ψ (n × p_S), row-major.
#[derive(Debug, Clone)]
pub struct Sample {
    pub n: usize,
    pub d: usize,
    /// Stored in single precision (see `solver`); drawn in double.
    pub z: Vec<f32>,
    pub w: Vec<f64>,
    pub psi: Vec<f64>,
}

/// Draws n samples from D(eta).
pub fn draw(rng: &mut StdRng, p: &Params, eta: f64, n: usize, d: usize) -> Sample {
    let g = Geometry::new(p);
    let (p_t, p_s) = (p.p_t, p.p_s);
    let s_coef = (1.0 - g.c * g.c).max(0.0).sqrt();
    let root = p.sep.sqrt();
    // μ_ξ's two nonzero coordinates (the second one exists only if S reads it).
    let mu0 = if p_t > 1 { root * p.rho.sqrt() } else { 0.0 };
    let mu_s_only = if p_s > 1 {
        root * (1.0 - p.rho).sqrt()
    } else {
        0.0
    };
    let n_xi = (p_t - 1) + (p_s - 1);
    #[expect(
        clippy::expect_used,
        reason = "[0, 1) is a valid interval; no input reaches it"
    )]
    let unif = Uniform::new(0.0, 1.0).expect("valid interval");
    let mut sample = Sample {
        n,
        d,
        z: Vec::with_capacity(n * d),
        w: Vec::with_capacity(n * p_t),
        psi: Vec::with_capacity(n * p_s),
    };
    let mut xi = vec![0.0; n_xi];
    for _ in 0..n {
        let weight = match p.law {
            Law::Mixture => {
                if unif.sample(rng) < eta {
                    1.0
                } else {
                    0.0
                }
            }
            Law::Surrogate => eta,
        };
        for v in xi.iter_mut() {
            *v = StandardNormal.sample(rng);
        }
        if p_t > 1 {
            xi[0] += weight * mu0;
        }
        if p_s > 1 {
            xi[p_t - 1] += weight * mu_s_only;
        }
        sample.w.push(1.0);
        sample.w.extend_from_slice(&xi[..p_t - 1]);
        sample.psi.push(1.0);
        for k in 0..p_s - 1 {
            sample.psi.push(g.c * xi[k] + s_coef * xi[p_t - 1 + k]);
        }
        for _ in 0..d {
            let v: f64 = StandardNormal.sample(rng);
            sample.z.push(v as f32);
        }
    }
    sample
}
