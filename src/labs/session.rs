//! A lab page's state: its settings and the results of the jobs run so far
//! (gathered from web workers or threads as flat numbers), with what the
//! page shows from them: figures, CSV and a plain-words summary. Pure, so the
//! same code serves the page, the CLI and the tests.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::enhanced::{self, HEAT_P, HEAT_Q};
use super::figures::{EnhancedData, LabFigure, LogisticData, draw_enhanced, draw_logistic};
use super::finetune::{self, MAP_COS, NORMS, fraction_estimate};
use super::knobs::{self, Knob};
use crate::error::Error;
use crate::figures::{DrawResult, Style};
use crate::simulation::replicates::Estimate;

/// Which lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabKind {
    Enhanced,
    Logistic,
}

impl LabKind {
    pub fn parse(s: &str) -> Result<LabKind, Error> {
        match s {
            "enhanced" => Ok(LabKind::Enhanced),
            "logistic" => Ok(LabKind::Logistic),
            _ => Err(Error::Request(format!(
                "'{s}' is not a lab: allowed enhanced, logistic"
            ))),
        }
    }

    pub fn knobs(self) -> &'static [Knob] {
        match self {
            LabKind::Enhanced => &enhanced::KNOBS,
            LabKind::Logistic => &finetune::KNOBS,
        }
    }

    pub fn figures(self) -> Vec<LabFigure> {
        LabFigure::ALL
            .into_iter()
            .filter(|f| {
                f.key().starts_with(match self {
                    LabKind::Enhanced => "enhanced-",
                    LabKind::Logistic => "logistic-",
                })
            })
            .collect()
    }

    /// Checks settings: each knob's range, and what they must satisfy
    /// together (the size of one run).
    pub fn check(self, values: &[f64]) -> Result<(), Error> {
        match self {
            LabKind::Enhanced => enhanced::Config::from_values(values).map(|_| ()),
            LabKind::Logistic => finetune::Config::from_values(values).map(|_| ()),
        }
    }

    /// Number of tasks of a job at the settings.
    pub fn tasks(self, values: &[f64], job: &str) -> Result<usize, Error> {
        match self {
            LabKind::Enhanced => {
                Ok(enhanced_job(job)?.tasks(&enhanced::Config::from_values(values)?))
            }
            LabKind::Logistic => {
                Ok(logistic_job(job)?.tasks(&finetune::Config::from_values(values)?))
            }
        }
    }

    /// The figures a job's results are drawn in; an error for a job that is
    /// not one of this lab's.
    pub fn job_figures(self, job: &str) -> Result<&'static [LabFigure], Error> {
        match self {
            LabKind::Enhanced => enhanced_job(job).map(|_| ())?,
            LabKind::Logistic => logistic_job(job).map(|_| ())?,
        }
        Ok(LabFigure::of_job(job))
    }

    /// How many numbers one task of a job gives at the settings (all tasks
    /// of a job give the same count).
    pub fn task_len(self, values: &[f64], job: &str) -> Result<usize, Error> {
        Ok(match self {
            LabKind::Enhanced => match enhanced_job(job)? {
                enhanced::Job::Run | enhanced::Job::Sweep => enhanced::SEED_RUN_LEN,
                enhanced::Job::Heat => 4 * (HEAT_P.len() * HEAT_Q.len() + 1),
            },
            LabKind::Logistic => match logistic_job(job)? {
                finetune::Job::Paths => finetune::Config::from_values(values)?.steps + 1,
                finetune::Job::Norms | finetune::Job::Map => 2,
            },
        })
    }

    /// One task, as flat numbers.
    pub fn task(self, values: &[f64], job: &str, task: usize) -> Result<Vec<f64>, Error> {
        match self {
            LabKind::Enhanced => enhanced::run_task(
                &enhanced::Config::from_values(values)?,
                enhanced_job(job)?,
                task,
            ),
            LabKind::Logistic => finetune::run_task(
                &finetune::Config::from_values(values)?,
                logistic_job(job)?,
                task,
            ),
        }
    }
}

fn enhanced_job(job: &str) -> Result<enhanced::Job, Error> {
    enhanced::Job::parse(job)
        .ok_or_else(|| Error::Request(format!("'{job}' is not a job: allowed run, sweep, heat")))
}

fn logistic_job(job: &str) -> Result<finetune::Job, Error> {
    finetune::Job::parse(job)
        .ok_or_else(|| Error::Request(format!("'{job}' is not a job: allowed paths, norms, map")))
}

fn expect_tasks(n: usize, tasks: &[Vec<f64>]) -> Result<(), Error> {
    if tasks.len() == n {
        Ok(())
    } else {
        Err(Error::Request(format!(
            "expected {n} task results, got {}",
            tasks.len()
        )))
    }
}

/// Refuses results that no task can give: every number a job reports is an
/// accuracy, a share or a fraction in [0, 1], or (the paths) a cosine in
/// [−1, 1]. The figures and the summary can then trust them.
fn expect_range(job: &str, tasks: &[Vec<f64>], lo: f64, hi: f64) -> Result<(), Error> {
    for (t, v) in tasks.iter().enumerate() {
        if let Some((k, x)) = v.iter().enumerate().find(|(_, x)| !(lo..=hi).contains(*x)) {
            return Err(Error::Request(format!(
                "'{job}' results: number {k} of task {t} is {x}, which no task gives: \
                 allowed [{lo}, {hi}]"
            )));
        }
    }
    Ok(())
}

/// A lab's results so far.
#[derive(Debug, Clone)]
pub enum Session {
    Enhanced(Box<EnhancedData>),
    Logistic(Box<LogisticData>),
}

impl Session {
    pub fn new(kind: LabKind) -> Session {
        match kind {
            LabKind::Enhanced => Session::Enhanced(Box::default()),
            LabKind::Logistic => Session::Logistic(Box::default()),
        }
    }

    /// Stores a job's results: every task's numbers, in task order, run at
    /// `values`. The job's figures then show them.
    pub fn set_results(
        &mut self,
        values: &[f64],
        job: &str,
        tasks: &[Vec<f64>],
    ) -> Result<(), Error> {
        match self {
            Session::Enhanced(d) => {
                let c = enhanced::Config::from_values(values)?;
                let name = job;
                let job = enhanced_job(job)?;
                expect_tasks(job.tasks(&c), tasks)?;
                expect_range(name, tasks, 0.0, 1.0)?;
                // Parsed in full before anything is stored: a refused result
                // leaves the session as it was.
                match job {
                    enhanced::Job::Run => {
                        d.run = Some(enhanced::Summary::of(&enhanced::seed_runs(tasks)?))
                    }
                    enhanced::Job::Sweep => d.sweep = Some(enhanced::sweep_summaries(&c, tasks)?),
                    enhanced::Job::Heat => d.heat = Some(enhanced::heat_summary(tasks)?),
                }
                d.config = c;
            }
            Session::Logistic(d) => {
                let c = finetune::Config::from_values(values)?;
                let name = job;
                let job = logistic_job(job)?;
                expect_tasks(job.tasks(&c), tasks)?;
                let lo = if job == finetune::Job::Paths {
                    -1.0
                } else {
                    0.0
                };
                expect_range(name, tasks, lo, 1.0)?;
                let pairs = |t: &[Vec<f64>]| -> Result<Vec<[f64; 2]>, Error> {
                    t.iter()
                        .map(|v| match v.as_slice() {
                            [a, b] => Ok([*a, *b]),
                            _ => Err(Error::Request("malformed fraction result".into())),
                        })
                        .collect()
                };
                // Parsed in full before anything is stored: a refused result
                // leaves the session as it was.
                match job {
                    finetune::Job::Paths => {
                        if tasks.iter().any(|p| p.len() != c.steps + 1) {
                            return Err(Error::Request(format!(
                                "malformed path result: each path has T + 1 = {} cosines",
                                c.steps + 1
                            )));
                        }
                        d.paths = Some(tasks.to_vec());
                    }
                    finetune::Job::Norms => d.norms = Some(pairs(tasks)?),
                    finetune::Job::Map => d.map = Some(pairs(tasks)?),
                }
                d.config = c;
            }
        }
        Ok(())
    }

    /// Splits one flat array of a job's results into its tasks (web workers
    /// send one array; each task's length is known from the settings).
    pub fn split(
        kind: LabKind,
        values: &[f64],
        job: &str,
        flat: &[f64],
    ) -> Result<Vec<Vec<f64>>, Error> {
        let n = kind.tasks(values, job)?;
        let len = kind.task_len(values, job)?;
        if flat.len() != n * len {
            return Err(Error::Request(format!(
                "'{job}' results: expected {n} tasks × {len} numbers = {}, got {} numbers",
                n * len,
                flat.len()
            )));
        }
        // len ≥ 1 for every job, so chunks_exact cannot be asked for size 0.
        Ok(flat.chunks_exact(len).map(<[f64]>::to_vec).collect())
    }

    /// Draws one of the lab's figures.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        figure: LabFigure,
        st: &Style,
    ) -> DrawResult<DB>
    where
        DB::ErrorType: 'static,
    {
        match self {
            Session::Enhanced(d) => draw_enhanced(area, figure, d, st),
            Session::Logistic(d) => draw_logistic(area, figure, d, st),
        }
    }

    /// The data behind a figure as CSV (empty header only if not run yet).
    #[expect(
        clippy::too_many_lines,
        reason = "one match arm per lab figure; the lab trait of issue 10 moves each to its lab"
    )]
    pub fn csv(&self, figure: LabFigure) -> String {
        let mut out = String::new();
        let e = |x: &Estimate| format!("{},{}", x.mean, x.se);
        match (self, figure) {
            (Session::Enhanced(d), LabFigure::EnhancedSummary) => {
                out += "head,average_mean,average_se,worst_group_mean,worst_group_se\n";
                if let Some(s) = &d.run {
                    for (name, a, w) in [
                        ("teacher", s.teacher_avg, s.teacher_worst),
                        ("vanilla", s.vanilla_avg, s.vanilla_worst),
                        ("enhanced", s.enhanced_avg, s.enhanced_worst),
                    ] {
                        out += &format!("{name},{},{}\n", e(&a), e(&w));
                    }
                }
            }
            (Session::Enhanced(d), LabFigure::EnhancedSweep | LabFigure::EnhancedShare) => {
                out += "eta_l,eta_u,vanilla_average_mean,vanilla_average_se,enhanced_average_mean,enhanced_average_se,vanilla_worst_mean,vanilla_worst_se,enhanced_worst_mean,enhanced_worst_se,kept_minority_mean,kept_minority_se,all_minority_mean,all_minority_se\n";
                if let Some(sums) = &d.sweep {
                    let axis = enhanced::sweep_axis(&d.config);
                    for (eta_l, ss) in enhanced::scenarios(&d.config).iter().zip(sums) {
                        for (u, s) in axis.iter().zip(ss) {
                            out += &format!(
                                "{eta_l},{u},{},{},{},{},{},{}\n",
                                e(&s.vanilla_avg),
                                e(&s.enhanced_avg),
                                e(&s.vanilla_worst),
                                e(&s.enhanced_worst),
                                e(&s.minority_kept),
                                e(&s.minority_all)
                            );
                        }
                    }
                }
            }
            (Session::Enhanced(d), LabFigure::EnhancedHeat) => {
                out += "p,q,worst_group_gain_mean,worst_group_gain_se,average_gain_mean,average_gain_se\n";
                if let Some((w, a)) = &d.heat {
                    for (k, (w, a)) in w.iter().zip(a).enumerate() {
                        out += &format!(
                            "{},{},{},{}\n",
                            HEAT_P[k / HEAT_Q.len()],
                            HEAT_Q[k % HEAT_Q.len()],
                            e(w),
                            e(a)
                        );
                    }
                }
            }
            (Session::Logistic(d), LabFigure::LogisticPaths) => {
                if let Some(p) = &d.paths {
                    let shown = &p[..p.len().min(30)];
                    out += "step";
                    for k in 0..shown.len() {
                        out += &format!(",pair_{k}");
                    }
                    out.push('\n');
                    // Every stored path has the same length (set_results checks it).
                    let steps = shown.iter().map(Vec::len).min().unwrap_or(0);
                    for step in 0..steps {
                        out += &step.to_string();
                        for path in shown {
                            out += &format!(",{}", path[step]);
                        }
                        out.push('\n');
                    }
                } else {
                    out += "step\n";
                }
            }
            (Session::Logistic(d), LabFigure::LogisticNorms) => {
                out += "norm_0,ends_above_mean,ends_above_se,ever_above_mean,ever_above_se\n";
                if let Some(n) = &d.norms {
                    for (r, f) in NORMS.iter().zip(n) {
                        out += &format!(
                            "{r},{},{}\n",
                            e(&fraction_estimate(f[0], d.config.pairs)),
                            e(&fraction_estimate(f[1], d.config.pairs))
                        );
                    }
                }
            }
            (Session::Logistic(d), LabFigure::LogisticMap) => {
                out += "cos_t,cos_0,ends_above,ever_above\n";
                if let Some(m) = &d.map {
                    for (k, f) in m.iter().enumerate() {
                        out += &format!(
                            "{},{},{},{}\n",
                            MAP_COS[k / MAP_COS.len()],
                            MAP_COS[k % MAP_COS.len()],
                            f[0],
                            f[1]
                        );
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// What the results say, in plain words, one sentence per job run so far.
    pub fn findings(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            Session::Enhanced(d) => {
                if let Some(s) = &d.run {
                    out.push(format!(
                        "At η_ℓ = {}, η_u = {} ({} seeds): {} The kept subset's minority share is {:.1} % (all N: {:.1} %); its teacher labels are {:.1} % correct (all N: {:.1} %).",
                        d.config.eta_l, d.config.eta_u, d.config.seeds, s.verdict(),
                        100.0 * s.minority_kept.mean, 100.0 * s.minority_all.mean, 100.0 * s.labels_kept.mean, 100.0 * s.labels_all.mean
                    ));
                }
                if let Some(sums) = &d.sweep {
                    for (eta_l, ss) in enhanced::scenarios(&d.config).iter().zip(sums) {
                        let up = ss
                            .iter()
                            .filter(|s| s.gain_worst.mean - 2.0 * s.gain_worst.se > 0.0)
                            .count();
                        let down = ss
                            .iter()
                            .filter(|s| s.gain_worst.mean + 2.0 * s.gain_worst.se < 0.0)
                            .count();
                        out.push(format!(
                            "Sweep at η_ℓ = {eta_l:.2}: Enhanced-W2S raises worst-group accuracy at {up} of {} η_u values, lowers it at {down}, and the rest are within 2 SE.",
                            ss.len()
                        ));
                    }
                }
                let by_mean =
                    |a: &(usize, &Estimate), b: &(usize, &Estimate)| a.1.mean.total_cmp(&b.1.mean);
                // set_results stores a full (p, q) map, so both exist.
                if let Some(((k, best), (kw, worst))) = d.heat.as_ref().and_then(|(w, _)| {
                    Some((
                        w.iter().enumerate().max_by(by_mean)?,
                        w.iter().enumerate().min_by(by_mean)?,
                    ))
                }) {
                    out.push(format!(
                        "Sensitivity: the best (p, q) is ({}, {}) at {:+.1} ± {:.1} points of worst-group accuracy; the worst is ({}, {}) at {:+.1} ± {:.1}.",
                        HEAT_P[k / HEAT_Q.len()], HEAT_Q[k % HEAT_Q.len()], 100.0 * best.mean, 200.0 * best.se,
                        HEAT_P[kw / HEAT_Q.len()], HEAT_Q[kw % HEAT_Q.len()], 100.0 * worst.mean, 200.0 * worst.se
                    ));
                }
            }
            Session::Logistic(d) => {
                let c = &d.config;
                if let Some(p) = &d.paths {
                    let [end, ever] = finetune::path_fractions(c, p);
                    let fe = fraction_estimate(end, c.pairs);
                    let fv = fraction_estimate(ever, c.pairs);
                    out.push(format!(
                        "Of {} random pairs, {:.1} % (± {:.1}) end above both the teacher ({}) and their own start ({}), and {:.1} % (± {:.1}) are above both at some step (margin {}).",
                        c.pairs, 100.0 * fe.mean, 200.0 * fe.se, c.cos_t, c.cos_0, 100.0 * fv.mean, 200.0 * fv.se, finetune::MARGIN
                    ));
                }
                // set_results stores one pair of fractions per norm of NORMS.
                if let Some(n) = &d.norms
                    && let (Some(best), Some(first), Some(last)) = (
                        n.iter()
                            .enumerate()
                            .max_by(|a, b| a.1[0].total_cmp(&b.1[0])),
                        n.first(),
                        n.last(),
                    )
                {
                    out.push(format!(
                        "Ending above both is most frequent at ‖w₀‖ = {} ({:.0} % of pairs); at ‖w₀‖ = {} it is {:.0} % and at {} it is {:.0} %.",
                        NORMS[best.0], 100.0 * best.1[0], NORMS[0], 100.0 * first[0], NORMS[NORMS.len() - 1], 100.0 * last[0]
                    ));
                }
                if let Some(m) = &d.map {
                    let mean = m.iter().map(|f| f[0]).sum::<f64>() / m.len() as f64;
                    out.push(format!("Over the cosine map at ‖w₀‖ = {}, {:.0} % of pairs end above both on average.", c.norm_0, 100.0 * mean));
                }
            }
        }
        out
    }
}

/// Every knob's key, in order (for the page's URL).
pub fn knob_keys(kind: LabKind) -> Vec<String> {
    kind.knobs().iter().map(|k| k.key.to_string()).collect()
}

/// The defaults of a lab.
pub fn knob_defaults(kind: LabKind) -> Vec<f64> {
    knobs::defaults(kind.knobs())
}
