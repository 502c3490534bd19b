//! The finite-sample simulation of docs/THEORY.md section 5: the ground truth the
//! theory is checked against.
//!
//! One replicate: n = round(d_z/γ_z) labeled samples from D(η_ℓ), the teacher
//! fit by least squares; N = round(d_z/ν_z) fresh samples from D(η_u),
//! pseudo-labeled by the teacher, the student fit by least squares. Risks come
//! from the fitted coefficients and the exact second moments, with no test
//! sample: ER(η) = tr(Δ Σ(η) Δᵀ), Δ = Θ̂ − [β*, 0].
//!
//! β* is taken to be 0. This loses nothing: least squares is equivariant, so
//! with labels z_iᵀβ* + ε_i the teacher's fit is [β*, 0] plus its fit to ε
//! exactly (a_0 = 1), and the student's fit to the teacher's predictions is
//! [β*, 0] plus its fit to the teacher's error. Δ is the same either way.

use crate::error::Error;
use crate::simulation::sample::{self, Sample};
use crate::simulation::solver::{self, Design, Solver};
use crate::theory::engine::Engine;
use crate::theory::geometry::Geometry;
use crate::theory::params::{Law, Params, RawParams};
use crate::theory::risks::{GroupRisks, InTestMixture, Layer, LayerRisks};

/// What to simulate besides the model's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimConfig {
    pub d_z: usize,
    pub reps: usize,
    pub seed: u64,
    pub solver: Solver,
    /// Refuse runs whose memory estimate exceeds this many bytes (the CLI's
    /// `--max-gb` times [`GB`]).
    pub max_bytes: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            d_z: 128,
            reps: 10,
            seed: 1,
            solver: Solver::Cg,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The unit of every memory size the project states: GB = 10⁹ bytes.
pub const GB: f64 = 1e9;

/// 2 GB: what a browser tab or a small machine can hold comfortably.
pub const DEFAULT_MAX_BYTES: f64 = 2.0 * GB;

/// The sample sizes of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub n: usize,
    pub big_n: usize,
    /// Peak memory estimate of one replicate, in bytes.
    pub bytes: f64,
}

/// Checks a run can be done and says what it will take, before allocating.
pub fn sizes(p: &Params, cfg: &SimConfig) -> Result<Sizes, Error> {
    if cfg.d_z == 0 {
        return Err(Error::Request(
            "d-z = 0: the simulation needs d_z ≥ 1".into(),
        ));
    }
    if cfg.reps == 0 {
        return Err(Error::Request(
            "reps = 0: at least one replicate is needed".into(),
        ));
    }
    if p.nu == 0.0 {
        return Err(Error::Request(
            "nu (ν_z) = 0 means N = ∞ unlabeled samples, which cannot be simulated: choose ν_z > 0"
                .into(),
        ));
    }
    let d = cfg.d_z as f64;
    let n = (d / p.gamma).round();
    let big_n = (d / p.nu).round();
    // Data (z, both feature sets) for the unlabeled set, which is the larger one
    // after the labeled set is dropped, plus the labeled set while the teacher
    // exists, plus a few d·p vectors for the solve.
    let row = |k: f64| k * (4.0 * d + 8.0 * (p.p_t + p.p_s) as f64);
    let mut bytes = row(n) + row(big_n) + 16.0 * 8.0 * d * p.p_t as f64;
    if cfg.solver == Solver::Dense {
        bytes += solver::dense_bytes(cfg.d_z, p.p_t) + 8.0 * big_n.max(n) * d;
    }
    if bytes.is_nan() || bytes > cfg.max_bytes {
        return Err(Error::Request(format!(
            "d-z = {} needs about {:.2} GB (n = {n}, N = {big_n}{}), more than the {:.2} GB allowed \
             (1 GB = 10⁹ bytes): \
             lower d_z, or raise γ_z and ν_z",
            cfg.d_z,
            bytes / GB,
            if cfg.solver == Solver::Dense {
                ", dense normal matrix"
            } else {
                ""
            },
            cfg.max_bytes / GB
        )));
    }
    Ok(Sizes {
        n: n as usize,
        big_n: big_n as usize,
        bytes,
    })
}

/// One replicate's risks (η_t and per group) and its solver iterations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Replicate {
    pub teacher: GroupRisks,
    pub student: GroupRisks,
    pub iterations: (usize, usize),
}

impl Replicate {
    pub fn gain(&self) -> f64 {
        self.teacher.at - self.student.at
    }
}

/// ⟨Σ(η), Δ Δᵀ⟩ as a function of η, for Δᵀ stored as p rows of length d.
fn risk(theta_t: &[f64], d: usize, law: Law, m: f64) -> InTestMixture {
    let p = theta_t.len() / d;
    let gram = nalgebra::DMatrix::from_fn(p, p, |k, l| {
        let (a, b) = (&theta_t[k * d..(k + 1) * d], &theta_t[l * d..(l + 1) * d]);
        a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>()
    });
    InTestMixture::of(law, p, m, &gram)
}

/// Runs replicate number `index` (its data depend only on the seed and the index).
pub fn replicate(p: &Params, cfg: &SimConfig, index: u64) -> Result<Replicate, Error> {
    let sz = sizes(p, cfg)?;
    let d = cfg.d_z;
    let g = Geometry::new(p);
    let mut rng = sample::replicate_rng(cfg.seed, index);
    let fail = |e: solver::FitError| Error::Request(format!("simulation fit failed: {e}"));

    let labeled: Sample = sample::draw(&mut rng, p, p.eta_l, sz.n, d);
    let noise_sd = p.sigma_y2.sqrt();
    let normal = rand_distr::Normal::new(0.0, noise_sd)
        .map_err(|e| Error::Request(format!("label noise σ_y = {noise_sd}: {e}")))?;
    let y: Vec<f64> = (0..sz.n)
        .map(|_| rand_distr::Distribution::sample(&normal, &mut rng))
        .collect();
    let teacher_design = Design {
        z: &labeled.z,
        a: &labeled.w,
        n: sz.n,
        d,
        p: p.p_t,
    };
    let teacher = solver::fit(&teacher_design, &y, cfg.solver).map_err(fail)?;
    drop(labeled);

    let unlabeled = sample::draw(&mut rng, p, p.eta_u, sz.big_n, d);
    let pseudo = Design {
        z: &unlabeled.z,
        a: &unlabeled.w,
        n: sz.big_n,
        d,
        p: p.p_t,
    }
    .predict(&teacher.theta_t);
    let student_design = Design {
        z: &unlabeled.z,
        a: &unlabeled.psi,
        n: sz.big_n,
        d,
        p: p.p_s,
    };
    let student = solver::fit(&student_design, &pseudo, cfg.solver).map_err(fail)?;

    Ok(Replicate {
        teacher: risk(&teacher.theta_t, d, p.law, g.m_t).groups(p.law, p.eta_t, 1.0),
        student: risk(&student.theta_t, d, p.law, g.m_s).groups(p.law, p.eta_t, 1.0),
        iterations: (teacher.iterations, student.iterations),
    })
}

/// Mean and standard error of a set of replicate values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    /// Standard error of the mean (NaN with one replicate).
    pub se: f64,
}

impl Estimate {
    pub fn of(values: &[f64]) -> Estimate {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        Estimate {
            mean,
            se: (var / n).sqrt(),
        }
    }

    /// (mean − reference) / se.
    pub fn z_score(&self, reference: f64) -> f64 {
        (self.mean - reference) / self.se
    }
}

/// All replicates of a run, with their summary and the exact theory.
#[derive(Debug, Clone)]
pub struct Simulation {
    pub params: Params,
    pub config: SimConfig,
    pub sizes: Sizes,
    pub replicates: Vec<Replicate>,
    pub theory: LayerRisks,
}

impl Simulation {
    fn estimate(&self, f: impl Fn(&Replicate) -> f64) -> Estimate {
        Estimate::of(&self.replicates.iter().map(f).collect::<Vec<_>>())
    }

    pub fn teacher(&self) -> Estimate {
        self.estimate(|r| r.teacher.at)
    }

    pub fn student(&self) -> Estimate {
        self.estimate(|r| r.student.at)
    }

    pub fn gain(&self) -> Estimate {
        self.estimate(Replicate::gain)
    }

    /// Per-group estimates: (teacher majority, teacher minority, student majority, student minority).
    pub fn groups(&self) -> [Estimate; 4] {
        [
            self.estimate(|r| r.teacher.majority),
            self.estimate(|r| r.teacher.minority),
            self.estimate(|r| r.student.majority),
            self.estimate(|r| r.student.minority),
        ]
    }
}

/// Runs `cfg.reps` replicates. `progress(done, total)` is called after each
/// replicate; returning `false` cancels the run (between replicates), which
/// then ends with [`Error::Cancelled`].
pub fn simulate(
    p: &Params,
    cfg: &SimConfig,
    mut progress: impl FnMut(usize, usize) -> bool,
) -> Result<Simulation, Error> {
    let sizes = sizes(p, cfg)?;
    let theory = Engine::new().layer(p, Layer::Exact, false)?;
    let mut replicates = Vec::with_capacity(cfg.reps);
    for i in 0..cfg.reps {
        replicates.push(replicate(p, cfg, i as u64)?);
        if !progress(i + 1, cfg.reps) && i + 1 < cfg.reps {
            return Err(Error::Cancelled);
        }
    }
    Ok(Simulation {
        params: *p,
        config: *cfg,
        sizes,
        replicates,
        theory,
    })
}

/// [`simulate`] on `threads` std threads (native only). Replicate `i` is
/// keyed by the seed and `i` whichever thread runs it, so the result is the
/// same bits for every thread count.
#[cfg(not(target_arch = "wasm32"))]
pub fn simulate_threads(p: &Params, cfg: &SimConfig, threads: usize) -> Result<Simulation, Error> {
    sizes(p, cfg)?;
    let reps = crate::simulation::parallel::map(cfg.reps, threads, |i| replicate(p, cfg, i as u64));
    let replicates = reps
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Request(PANICKED.into()))))
        .collect::<Result<Vec<_>, _>>()?;
    Simulation::assemble(p, cfg, replicates)
}

/// What a task that panicked becomes (its message is already on stderr).
pub const PANICKED: &str =
    "a simulation thread stopped with an internal error (a bug: please report it)";

impl Simulation {
    /// A run from replicates computed elsewhere (other threads, other
    /// machines' shards), with its sizes and exact theory recomputed.
    pub fn assemble(
        p: &Params,
        cfg: &SimConfig,
        replicates: Vec<Replicate>,
    ) -> Result<Simulation, Error> {
        if replicates.len() != cfg.reps {
            return Err(Error::Request(format!(
                "{} replicates given for a run of reps = {}",
                replicates.len(),
                cfg.reps
            )));
        }
        Ok(Simulation {
            params: *p,
            config: *cfg,
            sizes: sizes(p, cfg)?,
            replicates,
            theory: Engine::new().layer(p, Layer::Exact, false)?,
        })
    }
}

/// A point of the theory-vs-simulation grid.
#[derive(Debug, Clone)]
pub struct GridPoint {
    pub label: &'static str,
    pub params: Params,
    pub config: SimConfig,
}

/// Relative allowance for finite-size effects (the theory is the d_z → ∞
/// limit; at d_z ≈ 128 the replicate mean differs from it by O(1/d_z)).
pub const FINITE_SIZE_ALLOWANCE: f64 = 0.03;

/// Whether an estimate agrees with the theory: within 3 standard errors plus
/// the finite-size allowance, relative to `scale` (the quantity's own size for
/// a risk; the teacher's risk for the gain, which can be 0).
pub fn agrees(e: &Estimate, theory: f64, scale: f64) -> bool {
    (e.mean - theory).abs() <= 3.0 * e.se + FINITE_SIZE_ALLOWANCE * scale.abs()
}

/// The validation grid's points, each run in both laws: its labels in the
/// mixture and the surrogate law, its seed and its parameters (the law is set
/// per run).
const LAW_POINTS: [(&str, &str, u64, RawParams); 4] = [
    (
        "reference point, mixture",
        "reference point, surrogate",
        11,
        RawParams::reference(Law::Mixture),
    ),
    (
        "matched η, p_T 6 p_S 2, mixture",
        "matched η, p_T 6 p_S 2, surrogate",
        12,
        RawParams {
            p_t: 6,
            p_s: 2,
            xi2: 0.8,
            sep: 9.0,
            eta_l: 0.2,
            eta_u: 0.2,
            eta_t: 0.2,
            gamma: 0.08,
            nu: 0.02,
            ..RawParams::reference(Law::Mixture)
        },
    ),
    (
        "mismatched η, large ν, ρ 0.7, mixture",
        "mismatched η, large ν, ρ 0.7, surrogate",
        13,
        RawParams {
            p_t: 3,
            p_s: 3,
            xi2: 1.5,
            sep: 2.0,
            rho: 0.7,
            eta_l: 0.5,
            eta_u: 0.1,
            eta_t: 0.9,
            gamma: 0.1,
            nu: 0.08,
            sigma_y2: 2.0,
            law: Law::Mixture,
        },
    ),
    (
        "Ξ = I, large γ and ν, mixture",
        "Ξ = I, large γ and ν, surrogate",
        14,
        RawParams {
            p_t: 2,
            p_s: 2,
            xi2: 1.0,
            sep: 1.0,
            eta_l: 0.3,
            eta_u: 0.6,
            eta_t: 0.4,
            gamma: 0.2,
            nu: 0.2,
            ..RawParams::reference(Law::Mixture)
        },
    ),
];

/// The full grid's extra point: separable groups (mixture law only).
const SEPARABLE: (&str, u64, RawParams) = (
    "separable groups, p_S 1, small ν, mixture",
    15,
    RawParams {
        p_t: 5,
        p_s: 1,
        xi2: 0.0,
        sep: 16.0,
        eta_l: 0.0,
        eta_u: 0.5,
        eta_t: 1.0,
        gamma: 0.1,
        nu: 0.004,
        ..RawParams::reference(Law::Mixture)
    },
);

/// The validation grid: both laws, matched and mismatched proportions, small
/// and large ν_z, several (p_T, p_S, ‖Ξ‖_F², sep, ρ). `full` uses larger d_z
/// and more replicates (for `w2s validate --full`); the quick one runs in CI.
pub fn validation_grid(full: bool) -> Vec<GridPoint> {
    let (d_z, reps) = if full { (256, 24) } else { (128, 10) };
    #[expect(
        clippy::expect_used,
        reason = "the grid's points are constants inside the ranges (a test runs the grid)"
    )]
    let point = |label, seed, raw: RawParams| GridPoint {
        label,
        params: Params::new(raw).expect("grid points are valid"),
        config: SimConfig {
            d_z,
            reps,
            seed,
            ..SimConfig::default()
        },
    };
    let mut grid: Vec<GridPoint> = Law::ALL
        .into_iter()
        .flat_map(|law| {
            LAW_POINTS.map(|(mixture, surrogate, seed, raw)| {
                let label = if law == Law::Mixture {
                    mixture
                } else {
                    surrogate
                };
                point(label, seed, RawParams { law, ..raw })
            })
        })
        .collect();
    if full {
        let (label, seed, raw) = SEPARABLE;
        grid.push(point(label, seed, raw));
    }
    grid
}

/// The η_u values of the scale check ([`scale_grid`]), in each law.
pub const SCALE_ETA_U: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// The base point of the scale check: the reference point with γ_z = ν_z =
/// 0.1, so that n = N = 10 d_z (at d_z = 2048 a replicate holds about
/// 0.35 GB of data and takes seconds, not minutes).
pub const SCALE_BASE: RawParams = RawParams {
    gamma: 0.1,
    nu: 0.1,
    ..RawParams::reference(Law::Mixture)
};

/// Labels of the scale check's points, law by law, in [`SCALE_ETA_U`] order.
const SCALE_LABELS: [[&str; 5]; 2] = [
    [
        "mixture, η_u 0",
        "mixture, η_u 0.25",
        "mixture, η_u 0.5",
        "mixture, η_u 0.75",
        "mixture, η_u 1",
    ],
    [
        "surrogate, η_u 0",
        "surrogate, η_u 0.25",
        "surrogate, η_u 0.5",
        "surrogate, η_u 0.75",
        "surrogate, η_u 1",
    ],
];

/// The paper's kind of synthetic check at a chosen d_z: the risks along η_u
/// in both laws ([`SCALE_BASE`] at each of [`SCALE_ETA_U`]), `reps`
/// replicates per point. Point k (mixture first) has seed `seed + k`, so its
/// replicates are independent of every other point's.
pub fn scale_grid(d_z: usize, reps: usize, seed: u64) -> Result<Vec<GridPoint>, Error> {
    let mut grid = Vec::new();
    for (law, labels) in Law::ALL.into_iter().zip(SCALE_LABELS) {
        for (eta_u, label) in SCALE_ETA_U.into_iter().zip(labels) {
            let params = Params::new(RawParams {
                eta_u,
                law,
                ..SCALE_BASE
            })?;
            let config = SimConfig {
                d_z,
                reps,
                seed: seed.wrapping_add(grid.len() as u64),
                ..SimConfig::default()
            };
            sizes(&params, &config)?;
            grid.push(GridPoint {
                label,
                params,
                config,
            });
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 9 item 6: the library's default limit and its messages use the
    /// CLI's unit (`--max-gb 2` is 2·10⁹ bytes), not 2 GiB.
    #[test]
    fn memory_limits_are_in_gb_of_1e9_bytes() {
        assert_eq!(SimConfig::default().max_bytes, 2e9);
        let cfg = SimConfig {
            d_z: 20_000,
            ..SimConfig::default()
        };
        let e = sizes(&Params::default(), &cfg).unwrap_err().to_string();
        assert!(
            e.contains("more than the 2.00 GB allowed (1 GB = 10⁹ bytes)"),
            "{e}"
        );
    }
}
