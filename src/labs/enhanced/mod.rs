//! Lab 1: Enhanced-W2S on a synthetic spurious-correlation task in the style
//! of Waterbirds.
//!
//! A sample has a label y ∈ {−1, +1} and a spurious attribute a ∈ {−1, +1};
//! the four groups are (y, a), and the minority is a ≠ y, with fraction η.
//! Two fixed "pretrained" representations read the same sample:
//! x = κ y e₁ + β a e₂ + noise (standard normal in d dimensions, drawn
//! afresh for each representation), with a weak core strength κ_T and a
//! strong spurious strength β_T for the teacher and a stronger κ_S for the
//! student. Heads are logistic regressions with an intercept and a small
//! ridge.
//!
//! - Teacher: fit on n true labels, minority fraction η_ℓ.
//! - Vanilla W2S: a student head fit with cross-entropy on N samples
//!   (minority η_u) labeled by the teacher's hard predictions.
//! - Enhanced-W2S: the same N samples ranked by the vanilla student's
//!   prediction entropy; the lowest-entropy fraction p is kept and the student
//!   is retrained on it (from the vanilla head) with GCE at q, against the
//!   same teacher labels. No group labels are used anywhere; they are read
//!   only to report.
//!
//! Accuracy is measured on a balanced test set (equal size per group):
//! "average" is the mean of the four group accuracies, "worst" their minimum.
//!
//! The model is here; [`lab`] is the lab as the page and the CLI see it
//! (jobs, presets, results), [`figures`] draws it and `report` prints it.

pub mod figures;
pub mod lab;
#[cfg(not(target_arch = "wasm32"))]
mod report;

pub use lab::{Enhanced, State};

use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal, Uniform};

use super::grid::{self, Grid2};
use super::knobs::{self, Knob, Values, count, knob};
use super::logreg::{self, Data, Loss};
use crate::error::Error;
use crate::simulation::replicates::Estimate;
use crate::simulation::sample::keyed_rng;

/// The lab's settings (the page's controls and the URL keep this order).
#[rustfmt::skip]
pub const KNOBS: [Knob; 15] = [
    knob("eta-l", "η_ℓ", "minority fraction of the teacher's labeled data", 0.0, 1.0, 0.05, 0.01),
    knob("eta-u", "η_u", "minority fraction of the unlabeled data", 0.0, 1.0, 0.5, 0.01),
    knob("eta-o", "η_o", "the scenarios' original minority fraction (sweep)", 0.0, 0.5, 0.05, 0.01),
    knob("core-t", "κ_T", "teacher's core signal strength (weak)", 0.0, 5.0, 1.0, 0.05),
    knob("spur-t", "β_T", "teacher's spurious signal strength", 0.0, 5.0, 1.5, 0.05),
    knob("core-s", "κ_S", "student's core signal strength (strong)", 0.0, 5.0, 2.0, 0.05),
    knob("spur-s", "β_S", "student's spurious signal strength", 0.0, 5.0, 1.5, 0.05),
    Knob { open_min: true, ..knob("p", "p", "fraction of the most confident samples kept", 0.0, 1.0, 0.5, 0.05) },
    Knob { open_min: true, ..knob("q", "q", "GCE exponent (→ 0: cross-entropy; 1: bounded)", 0.0, 1.0, 0.7, 0.05) },
    count("d", "d", "dimension of each representation", 2.0, 200.0, 20.0),
    count("n", "n", "labeled samples (teacher)", 20.0, 20000.0, 400.0),
    count("big-n", "N", "unlabeled samples (student)", 50.0, 100000.0, 4000.0),
    count("seeds", "seeds", "independent runs averaged", 2.0, 200.0, 10.0),
    count("seed", "seed", "first seed", 0.0, 1e9, 1.0),
    knob("l2", "λ", "ridge on the heads' weights", 0.0, 10.0, 0.001, 0.001),
];

/// Test samples per group.
pub const TEST_PER_GROUP: usize = 2000;

/// Validated settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub eta_l: f64,
    pub eta_u: f64,
    pub eta_o: f64,
    pub core_t: f64,
    pub spur_t: f64,
    pub core_s: f64,
    pub spur_s: f64,
    pub keep: f64,
    pub q: f64,
    pub d: usize,
    pub n: usize,
    pub big_n: usize,
    pub seeds: usize,
    pub seed: u64,
    pub l2: f64,
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
        knobs::check_size(
            "N × (d + 1)",
            v.get("big-n")? * (v.get("d")? + 1.0),
            "N or d",
        )?;
        Ok(Config {
            eta_l: v.get("eta-l")?,
            eta_u: v.get("eta-u")?,
            eta_o: v.get("eta-o")?,
            core_t: v.get("core-t")?,
            spur_t: v.get("spur-t")?,
            core_s: v.get("core-s")?,
            spur_s: v.get("spur-s")?,
            keep: v.get("p")?,
            q: v.get("q")?,
            d: v.count("d")?,
            n: v.count("n")?,
            big_n: v.count("big-n")?,
            seeds: v.count("seeds")?,
            seed: v.get("seed")? as u64,
            l2: v.get("l2")?,
        })
    }
}

/// The four groups (y, a), in the order every per-group array uses; the last
/// two are the minority, a ≠ y.
pub const GROUPS: [(i8, i8); 4] = [(-1, -1), (1, 1), (-1, 1), (1, -1)];

fn is_minority(g: usize) -> bool {
    g >= 2
}

/// Draws of the task: both representations (with an intercept column) and
/// the group of every sample.
struct Draw {
    teacher_x: Vec<f64>,
    student_x: Vec<f64>,
    group: Vec<usize>,
}

impl Draw {
    fn label(&self, i: usize) -> f64 {
        if GROUPS[self.group[i]].0 > 0 {
            1.0
        } else {
            0.0
        }
    }
}

fn features(rng: &mut StdRng, out: &mut Vec<f64>, d: usize, y: f64, a: f64, core: f64, spur: f64) {
    for k in 0..d {
        let z: f64 = StandardNormal.sample(rng);
        out.push(
            z + match k {
                0 => core * y,
                1 => spur * a,
                _ => 0.0,
            },
        );
    }
    out.push(1.0);
}

fn draw(rng: &mut StdRng, c: &Config, groups: impl Iterator<Item = usize>) -> Draw {
    let mut out = Draw {
        teacher_x: Vec::new(),
        student_x: Vec::new(),
        group: Vec::new(),
    };
    for g in groups {
        let (y, a) = (f64::from(GROUPS[g].0), f64::from(GROUPS[g].1));
        features(rng, &mut out.teacher_x, c.d, y, a, c.core_t, c.spur_t);
        features(rng, &mut out.student_x, c.d, y, a, c.core_s, c.spur_s);
        out.group.push(g);
    }
    out
}

/// Groups of `m` samples with minority fraction `eta`: each sample is a
/// minority one with probability η, and its label is a fair coin.
fn mixed_groups(rng: &mut StdRng, m: usize, eta: f64) -> Vec<usize> {
    #[expect(
        clippy::expect_used,
        reason = "[0, 1) is a valid interval; no input reaches it"
    )]
    let u = Uniform::new(0.0, 1.0).expect("valid interval");
    (0..m)
        .map(|_| {
            let minority = u.sample(rng) < eta;
            let positive = u.sample(rng) < 0.5;
            match (minority, positive) {
                (false, false) => 0,
                (false, true) => 1,
                (true, false) => 2,
                (true, true) => 3,
            }
        })
        .collect()
}

/// Accuracy of a head on each group of the balanced test set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    pub groups: [f64; 4],
}

impl Accuracy {
    pub fn average(&self) -> f64 {
        self.groups.iter().sum::<f64>() / 4.0
    }

    pub fn worst(&self) -> f64 {
        self.groups.iter().copied().fold(f64::INFINITY, f64::min)
    }
}

fn accuracy(x: &[f64], d: usize, test: &Draw, w: &[f64]) -> Accuracy {
    let mut right = [0usize; 4];
    let mut total = [0usize; 4];
    for (i, s) in logreg::scores(x, d, w).iter().enumerate() {
        let g = test.group[i];
        total[g] += 1;
        if (*s > 0.0) == (test.label(i) > 0.5) {
            right[g] += 1;
        }
    }
    Accuracy {
        groups: std::array::from_fn(|g| right[g] as f64 / total[g].max(1) as f64),
    }
}

/// Indices of the `keep` fraction of scores with the lowest prediction
/// entropy (ties broken by index, so the choice is deterministic).
pub fn most_confident(scores: &[f64], keep: f64) -> Vec<usize> {
    let m = ((keep * scores.len() as f64).round() as usize).clamp(1, scores.len());
    let mut order: Vec<usize> = (0..scores.len()).collect();
    let h: Vec<f64> = scores.iter().map(|&s| logreg::entropy(s)).collect();
    order.sort_by(|&i, &j| h[i].total_cmp(&h[j]).then(i.cmp(&j)));
    order.truncate(m);
    order.sort_unstable();
    order
}

/// One seed's run: accuracies of the three heads and what the confident
/// subset holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeedRun {
    pub teacher: Accuracy,
    pub vanilla: Accuracy,
    pub enhanced: Accuracy,
    /// Minority share of the N unlabeled samples (≈ η_u) and of the kept subset.
    pub minority_all: f64,
    pub minority_kept: f64,
    /// Accuracy of the teacher's labels on all N samples and on the kept subset.
    pub labels_all: f64,
    pub labels_kept: f64,
}

/// Numbers per [`SeedRun`] in its flat form (for web workers).
pub const SEED_RUN_LEN: usize = 16;

impl SeedRun {
    pub fn to_flat(&self) -> Vec<f64> {
        let mut v = Vec::with_capacity(SEED_RUN_LEN);
        for a in [self.teacher, self.vanilla, self.enhanced] {
            v.extend_from_slice(&a.groups);
        }
        v.extend([
            self.minority_all,
            self.minority_kept,
            self.labels_all,
            self.labels_kept,
        ]);
        v
    }

    pub fn from_flat(v: &[f64]) -> Option<SeedRun> {
        if v.len() != SEED_RUN_LEN {
            return None;
        }
        let acc = |k: usize| Accuracy {
            groups: [v[4 * k], v[4 * k + 1], v[4 * k + 2], v[4 * k + 3]],
        };
        Some(SeedRun {
            teacher: acc(0),
            vanilla: acc(1),
            enhanced: acc(2),
            minority_all: v[12],
            minority_kept: v[13],
            labels_all: v[14],
            labels_kept: v[15],
        })
    }
}

/// Teacher, vanilla student and what Enhanced-W2S needs, for one seed.
struct Trained {
    c: Config,
    unlabeled: Draw,
    pseudo: Vec<f64>,
    test: Draw,
    teacher_w: Vec<f64>,
    vanilla_w: Vec<f64>,
    vanilla_scores: Vec<f64>,
}

fn train(c: &Config, seed: u64) -> Trained {
    // Keyed by the seed alone, so a run does not depend on who runs it.
    let mut r = keyed_rng(seed, 0, b"enhanced");
    let dim = c.d + 1;
    let labeled_groups = mixed_groups(&mut r, c.n, c.eta_l);
    let labeled = draw(&mut r, c, labeled_groups.into_iter());
    let truth: Vec<f64> = (0..c.n).map(|i| labeled.label(i)).collect();
    let teacher_w = logreg::fit(
        Loss::CrossEntropy,
        &Data {
            x: &labeled.teacher_x,
            d: dim,
            t: &truth,
        },
        c.l2,
        &vec![0.0; dim],
    );
    let unlabeled_groups = mixed_groups(&mut r, c.big_n, c.eta_u);
    let unlabeled = draw(&mut r, c, unlabeled_groups.into_iter());
    let pseudo: Vec<f64> = logreg::scores(&unlabeled.teacher_x, dim, &teacher_w)
        .iter()
        .map(|&s| if s > 0.0 { 1.0 } else { 0.0 })
        .collect();
    let vanilla_w = logreg::fit(
        Loss::CrossEntropy,
        &Data {
            x: &unlabeled.student_x,
            d: dim,
            t: &pseudo,
        },
        c.l2,
        &vec![0.0; dim],
    );
    let vanilla_scores = logreg::scores(&unlabeled.student_x, dim, &vanilla_w);
    let test = draw(
        &mut r,
        c,
        (0..4).flat_map(|g| std::iter::repeat_n(g, TEST_PER_GROUP)),
    );
    Trained {
        c: *c,
        unlabeled,
        pseudo,
        test,
        teacher_w,
        vanilla_w,
        vanilla_scores,
    }
}

impl Trained {
    /// Enhanced-W2S at (p, q): the kept indices and the retrained head.
    fn enhance(&self, keep: f64, q: f64) -> (Vec<usize>, Vec<f64>) {
        let dim = self.c.d + 1;
        let kept = most_confident(&self.vanilla_scores, keep);
        let mut x = Vec::with_capacity(kept.len() * dim);
        let mut t = Vec::with_capacity(kept.len());
        for &i in &kept {
            x.extend_from_slice(&self.unlabeled.student_x[i * dim..(i + 1) * dim]);
            t.push(self.pseudo[i]);
        }
        let w = logreg::fit(
            Loss::Generalized { q },
            &Data {
                x: &x,
                d: dim,
                t: &t,
            },
            self.c.l2,
            &self.vanilla_w,
        );
        (kept, w)
    }

    fn student_accuracy(&self, w: &[f64]) -> Accuracy {
        accuracy(&self.test.student_x, self.c.d + 1, &self.test, w)
    }
}

/// One seed of the lab at its settings.
pub fn run_seed(c: &Config, seed: u64) -> SeedRun {
    let tr = train(c, seed);
    let dim = c.d + 1;
    let (kept, enhanced_w) = tr.enhance(c.keep, c.q);
    // (minority share, teacher-label accuracy) of a set of unlabeled samples.
    let shares = |idx: &[usize]| -> (f64, f64) {
        let n = idx.len() as f64;
        let minority = idx
            .iter()
            .filter(|&&i| is_minority(tr.unlabeled.group[i]))
            .count();
        let right = idx
            .iter()
            .filter(|&&i| tr.pseudo[i] == tr.unlabeled.label(i))
            .count();
        (minority as f64 / n, right as f64 / n)
    };
    let all: Vec<usize> = (0..c.big_n).collect();
    let (minority_all, labels_all) = shares(&all);
    let (minority_kept, labels_kept) = shares(&kept);
    SeedRun {
        teacher: accuracy(&tr.test.teacher_x, dim, &tr.test, &tr.teacher_w),
        vanilla: tr.student_accuracy(&tr.vanilla_w),
        enhanced: tr.student_accuracy(&enhanced_w),
        minority_all,
        minority_kept,
        labels_all,
        labels_kept,
    }
}

/// Mean and standard error over seeds of each reported number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub teacher_avg: Estimate,
    pub teacher_worst: Estimate,
    pub vanilla_avg: Estimate,
    pub vanilla_worst: Estimate,
    pub enhanced_avg: Estimate,
    pub enhanced_worst: Estimate,
    pub minority_all: Estimate,
    pub minority_kept: Estimate,
    pub labels_all: Estimate,
    pub labels_kept: Estimate,
    /// Enhanced − vanilla, paired by seed.
    pub gain_avg: Estimate,
    pub gain_worst: Estimate,
}

impl Summary {
    pub fn of(runs: &[SeedRun]) -> Summary {
        let e = |f: &dyn Fn(&SeedRun) -> f64| Estimate::of(&runs.iter().map(f).collect::<Vec<_>>());
        Summary {
            teacher_avg: e(&|r| r.teacher.average()),
            teacher_worst: e(&|r| r.teacher.worst()),
            vanilla_avg: e(&|r| r.vanilla.average()),
            vanilla_worst: e(&|r| r.vanilla.worst()),
            enhanced_avg: e(&|r| r.enhanced.average()),
            enhanced_worst: e(&|r| r.enhanced.worst()),
            minority_all: e(&|r| r.minority_all),
            minority_kept: e(&|r| r.minority_kept),
            labels_all: e(&|r| r.labels_all),
            labels_kept: e(&|r| r.labels_kept),
            gain_avg: e(&|r| r.enhanced.average() - r.vanilla.average()),
            gain_worst: e(&|r| r.enhanced.worst() - r.vanilla.worst()),
        }
    }

    /// What the numbers say about Enhanced-W2S, in words, with no more
    /// confidence than two standard errors allow.
    pub fn verdict(&self) -> String {
        let judge = |g: &Estimate, what: &str| {
            if g.mean - 2.0 * g.se > 0.0 {
                format!(
                    "improves {what} by {:.1} points (±{:.1})",
                    100.0 * g.mean,
                    200.0 * g.se
                )
            } else if g.mean + 2.0 * g.se < 0.0 {
                format!(
                    "lowers {what} by {:.1} points (±{:.1})",
                    -100.0 * g.mean,
                    200.0 * g.se
                )
            } else {
                format!(
                    "does not change {what} detectably ({:+.1} ± {:.1} points)",
                    100.0 * g.mean,
                    200.0 * g.se
                )
            }
        };
        format!(
            "Enhanced-W2S {} and {} against vanilla W2S.",
            judge(&self.gain_worst, "worst-group accuracy"),
            judge(&self.gain_avg, "average accuracy")
        )
    }
}

/// The η_u values of the sweep: from η_o to 1/2.
pub fn sweep_axis(c: &Config) -> Vec<f64> {
    let k = 9;
    (0..k)
        .map(|i| c.eta_o + (0.5 - c.eta_o) * i as f64 / (k - 1) as f64)
        .collect()
}

/// The two scenarios of the paper, by their η_ℓ: η_ℓ = η_o (the sweep then
/// ends at η_u = 1/2) and η_ℓ = 1/2 (it starts at η_u = η_o).
pub fn scenarios(c: &Config) -> [f64; 2] {
    [c.eta_o, 0.5]
}

/// The (p, q) grid of the sensitivity map.
pub const HEAT_P: [f64; 9] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
pub const HEAT_Q: [f64; 7] = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0];

/// The three jobs of the page (and of `w2s enhanced`), each a list of
/// independent tasks so that web workers or threads can share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Every seed at the current settings.
    Run,
    /// Every seed at every η_u of [`sweep_axis`], for both [`scenarios`].
    Sweep,
    /// Every seed: vanilla once, then Enhanced at every (p, q) of the grid.
    Heat,
}

impl Job {
    /// In the order of [`lab::JOBS`].
    pub const ALL: [Job; 3] = [Job::Run, Job::Sweep, Job::Heat];

    pub fn parse(s: &str) -> Option<Job> {
        crate::labs::lab::by_key(&Job::ALL, &lab::JOBS, s)
    }

    pub fn tasks(self, c: &Config) -> usize {
        match self {
            Job::Run | Job::Heat => c.seeds,
            Job::Sweep => 2 * sweep_axis(c).len() * c.seeds,
        }
    }

    /// Numbers per task: a seed run, or (the map) four group accuracies of
    /// vanilla and then of Enhanced at every (p, q).
    pub fn task_len(self) -> usize {
        match self {
            Job::Run | Job::Sweep => SEED_RUN_LEN,
            Job::Heat => 4 * (HEAT_P.len() * HEAT_Q.len() + 1),
        }
    }
}

/// One task of a job, as flat numbers.
pub fn run_task(c: &Config, job: Job, task: usize) -> Result<Vec<f64>, Error> {
    if task >= job.tasks(c) {
        return Err(Error::Request(format!(
            "task {task} is out of range for this job"
        )));
    }
    let seed_of = |k: usize| c.seed.wrapping_add(k as u64);
    Ok(match job {
        Job::Run => run_seed(c, seed_of(task)).to_flat(),
        Job::Sweep => {
            // Task = (scenario, η_u, seed), seeds fastest.
            let (point, k) = (task / c.seeds, task % c.seeds);
            let Some((eta_l, eta_u)) = grid::cell_at(&scenarios(c), &sweep_axis(c), point) else {
                return Err(Error::Request(format!(
                    "task {task} is out of range for this job"
                )));
            };
            let point = Config { eta_l, eta_u, ..*c };
            run_seed(&point, seed_of(k)).to_flat()
        }
        Job::Heat => {
            let tr = train(c, seed_of(task));
            let mut out = tr.student_accuracy(&tr.vanilla_w).groups.to_vec();
            for &p in &HEAT_P {
                for &q in &HEAT_Q {
                    let (_, w) = tr.enhance(p, q);
                    out.extend_from_slice(&tr.student_accuracy(&w).groups);
                }
            }
            out
        }
    })
}

/// Sweep results: for each scenario and η_u, the summary over seeds.
pub fn sweep_summaries(c: &Config, flat: &[Vec<f64>]) -> Result<Vec<Vec<Summary>>, Error> {
    let axis = sweep_axis(c);
    let runs = seed_runs(flat)?;
    if runs.len() != Job::Sweep.tasks(c) {
        return Err(Error::Request("incomplete sweep".into()));
    }
    Ok(runs
        .chunks(axis.len() * c.seeds)
        .map(|scenario| scenario.chunks(c.seeds).map(Summary::of).collect())
        .collect())
}

/// Parses flat task results back into seed runs.
pub fn seed_runs(flat: &[Vec<f64>]) -> Result<Vec<SeedRun>, Error> {
    flat.iter()
        .map(|v| SeedRun::from_flat(v).ok_or_else(|| Error::Request("malformed run result".into())))
        .collect()
}

/// One cell of the sensitivity map: Enhanced − vanilla, paired by seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    pub worst: Estimate,
    pub average: Estimate,
}

/// The sensitivity map: Enhanced − vanilla worst-group and average accuracy
/// at each (p, q) (rows p of [`HEAT_P`], columns q of [`HEAT_Q`]), each over seeds.
pub fn heat_summary(flat: &[Vec<f64>]) -> Result<Grid2<HeatCell>, Error> {
    let cells = HEAT_P.len() * HEAT_Q.len();
    if flat.is_empty() || flat.iter().any(|v| v.len() != Job::Heat.task_len()) {
        return Err(Error::Request("malformed sensitivity result".into()));
    }
    let acc = |v: &[f64], k: usize| Accuracy {
        groups: [v[4 * k], v[4 * k + 1], v[4 * k + 2], v[4 * k + 3]],
    };
    let summary = (0..cells)
        .map(|cell| {
            let (w, a): (Vec<f64>, Vec<f64>) = flat
                .iter()
                .map(|v| {
                    let (base, e) = (acc(v, 0), acc(v, cell + 1));
                    (e.worst() - base.worst(), e.average() - base.average())
                })
                .unzip();
            HeatCell {
                worst: Estimate::of(&w),
                average: Estimate::of(&a),
            }
        })
        .collect();
    Grid2::new(&HEAT_P, &HEAT_Q, summary)
}
