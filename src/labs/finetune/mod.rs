//! Lab 2: weak-to-strong in plain linear logistic regression, with no
//! capacity gap.
//!
//! Inputs x ~ N(0, I_d) and a ground truth w* (= e₁: the law of x is
//! rotation invariant). A teacher w_T and a student start w₀ of the same
//! family are drawn at chosen cosines to w* (their directions off w* are
//! random), the teacher at norm ‖w_T‖ and the student at ‖w₀‖. The student is
//! fine-tuned by gradient descent on the logistic loss against the teacher's
//! labels: hard (1{w_Tᵀx > 0}) or soft (σ(w_Tᵀx)).
//!
//! On the population the gradient has a closed form by Stein's lemma,
//! E[(σ(wᵀx) − t(x)) x] = κ(‖w‖) w − E[t(x) x] with κ(r) = E[σ'(r g)],
//! g ~ N(0, 1), and E[t x] = w_T/‖w_T‖/√(2π) for hard labels and
//! κ(‖w_T‖) w_T for soft ones: no sampling error at all. On a finite sample
//! of n draws it is the empirical mean.
//!
//! The model is here; [`lab`] is the lab as the page and the CLI see it
//! (jobs, presets, results), [`figures`] draws it and `report` prints it.

pub mod figures;
pub mod lab;
#[cfg(not(target_arch = "wasm32"))]
mod report;

pub use lab::{Logistic, State};

use std::sync::OnceLock;

use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};

use super::grid;
use super::knobs::{self, Knob, Values, count, knob, switch};
use super::logreg::sigmoid;
use crate::error::Error;
use crate::simulation::replicates::Estimate;
use crate::simulation::sample::keyed_rng;

/// The lab's settings (the page's controls and the URL keep this order).
#[rustfmt::skip]
pub const KNOBS: [Knob; 11] = [
    knob("cos-t", "cos(w_T, w*)", "teacher's cosine to the ground truth", 0.0, 0.99, 0.6, 0.01),
    knob("cos-0", "cos(w₀, w*)", "student's starting cosine to the ground truth", 0.0, 0.99, 0.5, 0.01),
    Knob { open_min: true, ..knob("norm-0", "‖w₀‖", "student's starting norm", 0.0, 50.0, 12.0, 0.05) },
    Knob { open_min: true, ..knob("norm-t", "‖w_T‖", "teacher's norm (sets how soft soft labels are)", 0.0, 50.0, 2.0, 0.05) },
    switch("soft", "soft", "soft labels σ(w_Tᵀx) rather than hard 1{w_Tᵀx > 0}", false),
    count("n", "n", "training samples (0: the population)", 0.0, 100000.0, 0.0),
    count("d", "d", "dimension", 2.0, 1000.0, 50.0),
    count("steps", "T", "gradient steps", 1.0, 5000.0, 200.0),
    Knob { open_min: true, ..knob("lr", "η", "step size", 0.0, 50.0, 0.5, 0.1) },
    count("pairs", "pairs", "random teacher–student pairs", 1.0, 2000.0, 100.0),
    count("seed", "seed", "seed of the pairs (and samples)", 0.0, 1e9, 1.0),
];

/// Validated settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub cos_t: f64,
    pub cos_0: f64,
    pub norm_0: f64,
    pub norm_t: f64,
    pub soft: bool,
    /// 0 = the population.
    pub n: usize,
    pub d: usize,
    pub steps: usize,
    pub lr: f64,
    pub pairs: usize,
    pub seed: u64,
}

impl Default for Config {
    #[expect(
        clippy::expect_used,
        reason = "the knob table's defaults are valid (a test builds them)"
    )]
    fn default() -> Self {
        Config::from_values(&knobs::defaults(&KNOBS)).expect("the defaults are valid")
    }
}

impl Config {
    pub fn from_values(values: &[f64]) -> Result<Config, Error> {
        let v = Values::new(&KNOBS, values)?;
        knobs::check_size("n × d", v.get("n")? * v.get("d")?, "n or d")?;
        Ok(Config {
            cos_t: v.get("cos-t")?,
            cos_0: v.get("cos-0")?,
            norm_0: v.get("norm-0")?,
            norm_t: v.get("norm-t")?,
            soft: v.get("soft")? == 1.0,
            n: v.count("n")?,
            d: v.count("d")?,
            steps: v.count("steps")?,
            lr: v.get("lr")?,
            pairs: v.count("pairs")?,
            seed: v.get("seed")? as u64,
        })
    }
}

/// κ(r) = E[σ'(r g)], g ~ N(0, 1), by the trapezoid rule on the real line
/// (exponentially accurate for this analytic integrand: σ' has its nearest
/// poles at ±iπ). For r > 1 it integrates in v = r g, where σ'(v) sets the
/// scale, else in g.
pub fn kappa_direct(r: f64) -> f64 {
    let phi = |g: f64| (-0.5 * g * g).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let dsig = |v: f64| {
        let p = sigmoid(v);
        p * (1.0 - p)
    };
    let h = 0.125;
    if r > 1.0 {
        let m = (45.0 / h) as i64;
        (-m..=m)
            .map(|k| {
                let v = k as f64 * h;
                dsig(v) * phi(v / r) / r
            })
            .sum::<f64>()
            * h
    } else {
        let m = (12.0 / h) as i64;
        (-m..=m)
            .map(|k| {
                let g = k as f64 * h;
                dsig(r * g) * phi(g)
            })
            .sum::<f64>()
            * h
    }
}

const TABLE_LO: f64 = -9.210_340_371_976_182; // ln 1e-4
const TABLE_HI: f64 = 9.210_340_371_976_182; // ln 1e4
const TABLE_N: usize = 4097;

/// κ(r) from a table in ln r with cubic (Catmull–Rom) interpolation (within
/// 1e-8 relative of [`kappa_direct`], see the tests): the
/// gradient steps call it millions of times. Off the table it uses the
/// limits κ(0) = 1/4 and κ(r) → 1/(r√(2π)).
pub fn kappa(r: f64) -> f64 {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..TABLE_N)
            .map(|i| {
                let x = TABLE_LO + (TABLE_HI - TABLE_LO) * i as f64 / (TABLE_N - 1) as f64;
                kappa_direct(x.exp())
            })
            .collect()
    });
    if r <= 0.0 {
        return 0.25;
    }
    let x = r.ln();
    if x <= TABLE_LO {
        return table[0];
    }
    if x >= TABLE_HI {
        return 1.0 / (r * (2.0 * std::f64::consts::PI).sqrt());
    }
    let u = (x - TABLE_LO) / (TABLE_HI - TABLE_LO) * (TABLE_N - 1) as f64;
    let i = (u.floor() as usize).clamp(1, TABLE_N - 3);
    let t = u - i as f64;
    let (p0, p1, p2, p3) = (table[i - 1], table[i], table[i + 1], table[i + 2]);
    p1 + 0.5
        * t
        * (p2 - p0 + t * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3 + t * (3.0 * (p1 - p2) + p3 - p0)))
}

/// A unit vector with the given cosine to e₁ and a random direction off it.
fn at_cosine(rng: &mut StdRng, d: usize, cos: f64) -> Vec<f64> {
    let mut u: Vec<f64> = (1..d).map(|_| StandardNormal.sample(rng)).collect();
    let norm = u.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300);
    let sin = (1.0 - cos * cos).max(0.0).sqrt();
    let mut w = Vec::with_capacity(d);
    w.push(cos);
    w.extend(u.iter_mut().map(|v| sin * *v / norm));
    w
}

fn norm(w: &[f64]) -> f64 {
    w.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// cos(w, w*) with w* = e₁.
fn cosine(w: &[f64]) -> f64 {
    w[0] / norm(w).max(1e-300)
}

/// One teacher–student pair fine-tuned: the student's cosine to w* at every
/// step (the start included).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub cosines: Vec<f64>,
}

impl AsRef<[f64]> for Path {
    fn as_ref(&self) -> &[f64] {
        &self.cosines
    }
}

/// Fine-tunes the student of pair `pair` at the settings.
pub fn run_pair(c: &Config, pair: u64) -> Path {
    let mut r = keyed_rng(c.seed, pair, b"pairs!!!");
    let teacher_dir = at_cosine(&mut r, c.d, c.cos_t);
    let mut w: Vec<f64> = at_cosine(&mut r, c.d, c.cos_0)
        .iter()
        .map(|v| v * c.norm_0)
        .collect();
    let teacher: Vec<f64> = teacher_dir.iter().map(|v| v * c.norm_t).collect();
    let mut cosines = Vec::with_capacity(c.steps + 1);
    cosines.push(cosine(&w));
    if c.n == 0 {
        // E[t(x) x]: the fixed pull towards the teacher.
        let pull: Vec<f64> = if c.soft {
            let k = kappa(c.norm_t);
            teacher.iter().map(|v| k * v).collect()
        } else {
            let k = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
            teacher_dir.iter().map(|v| k * v).collect()
        };
        for _ in 0..c.steps {
            let k = kappa(norm(&w));
            for (wi, pi) in w.iter_mut().zip(&pull) {
                *wi -= c.lr * (k * *wi - pi);
            }
            cosines.push(cosine(&w));
        }
    } else {
        let mut rs = keyed_rng(c.seed, pair, b"sample!!");
        let x: Vec<f64> = (0..c.n * c.d)
            .map(|_| StandardNormal.sample(&mut rs))
            .collect();
        let t: Vec<f64> = x
            .chunks_exact(c.d)
            .map(|row| {
                let s: f64 = row.iter().zip(&teacher).map(|(a, b)| a * b).sum();
                if c.soft {
                    sigmoid(s)
                } else if s > 0.0 {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        let mut g = vec![0.0; c.d];
        for _ in 0..c.steps {
            g.iter_mut().for_each(|v| *v = 0.0);
            for (row, ti) in x.chunks_exact(c.d).zip(&t) {
                let s: f64 = row.iter().zip(&w).map(|(a, b)| a * b).sum();
                let e = sigmoid(s) - ti;
                for (gk, xk) in g.iter_mut().zip(row) {
                    *gk += e * xk;
                }
            }
            let scale = c.lr / c.n as f64;
            for (wi, gi) in w.iter_mut().zip(&g) {
                *wi -= scale * gi;
            }
            cosines.push(cosine(&w));
        }
    }
    Path { cosines }
}

/// How far above both a cosine must be to count: a path that converges to
/// the teacher from above would otherwise count by rounding.
pub const MARGIN: f64 = 1e-3;

/// Whether a path of cosines (its start first) ends, and ever gets, above
/// both the teacher's cosine and its own start, by at least [`MARGIN`].
/// An empty path is above nothing.
pub fn above_both(c: &Config, cosines: &[f64]) -> (bool, bool) {
    let (Some(&start), Some(&last)) = (cosines.first(), cosines.last()) else {
        return (false, false);
    };
    let bar = c.cos_t.max(start) + MARGIN;
    (last > bar, cosines.iter().any(|&x| x > bar))
}

/// Starting norms of the norm sweep.
pub const NORMS: [f64; 13] = [
    0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0,
];
/// Cosines of the (cos(w_T, w*), cos(w₀, w*)) map.
pub const MAP_COS: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// The jobs of the page (and of `w2s logistic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Every pair at the settings: one task per pair, its whole path.
    Paths,
    /// The fraction above both at every starting norm: one task per norm.
    Norms,
    /// The fraction above both on the cosine map at the current norm: one
    /// task per cell (row = teacher's cosine, column = student's).
    Map,
}

impl Job {
    /// In the order of [`lab::JOBS`].
    pub const ALL: [Job; 3] = [Job::Paths, Job::Norms, Job::Map];

    pub fn parse(s: &str) -> Option<Job> {
        crate::labs::lab::by_key(&Job::ALL, &lab::JOBS, s)
    }

    /// Numbers per task: a path's T + 1 cosines, or two fractions.
    pub fn task_len(self, c: &Config) -> usize {
        match self {
            Job::Paths => c.steps + 1,
            Job::Norms | Job::Map => 2,
        }
    }

    pub fn tasks(self, c: &Config) -> usize {
        match self {
            Job::Paths => c.pairs,
            Job::Norms => NORMS.len(),
            Job::Map => MAP_COS.len() * MAP_COS.len(),
        }
    }
}

/// The fraction of `c.pairs` pairs that end above both, and that ever do.
pub fn fractions(c: &Config) -> [f64; 2] {
    path_fractions(c, (0..c.pairs).map(|k| run_pair(c, k as u64)))
}

/// The fractions of the given paths (of cosines) that end above both, and
/// that ever are.
pub fn path_fractions<P: AsRef<[f64]>>(c: &Config, paths: impl IntoIterator<Item = P>) -> [f64; 2] {
    let (mut n, mut end, mut ever) = (0usize, 0usize, 0usize);
    for p in paths {
        let (a, b) = above_both(c, p.as_ref());
        n += 1;
        end += usize::from(a);
        ever += usize::from(b);
    }
    let n = n.max(1) as f64;
    [end as f64 / n, ever as f64 / n]
}

/// One task of a job, as flat numbers: a path's cosines (Paths), or the two
/// fractions of [`fractions`] (Norms, Map).
pub fn run_task(c: &Config, job: Job, task: usize) -> Result<Vec<f64>, Error> {
    if task >= job.tasks(c) {
        return Err(Error::Request(format!(
            "task {task} is out of range for this job"
        )));
    }
    Ok(match job {
        Job::Paths => run_pair(c, task as u64).cosines,
        Job::Norms => fractions(&Config {
            norm_0: NORMS[task],
            ..*c
        })
        .to_vec(),
        Job::Map => {
            let Some((cos_t, cos_0)) = grid::cell_at(&MAP_COS, &MAP_COS, task) else {
                return Err(Error::Request(format!(
                    "task {task} is out of range for this job"
                )));
            };
            fractions(&Config { cos_t, cos_0, ..*c }).to_vec()
        }
    })
}

/// A fraction over `pairs` independent pairs, with its binomial standard error.
pub fn fraction_estimate(f: f64, pairs: usize) -> Estimate {
    Estimate {
        mean: f,
        se: (f * (1.0 - f) / pairs as f64).sqrt(),
    }
}
