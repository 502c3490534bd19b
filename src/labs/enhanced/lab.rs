//! Enhanced-W2S as a [`Lab`]: its jobs, figures and presets, and [`State`],
//! the results the page has gathered, with their CSV and findings.

use super::{Config, HeatCell, Job, KNOBS, Summary};
use crate::error::Error;
use crate::labs::grid::Grid2;
use crate::labs::lab::{self, Figure, Lab, LabInfo, LabState, Preset};
use crate::labs::session::{expect_range, expect_tasks};
use crate::simulation::replicates::Estimate;

/// The lab (its data are in [`INFO`]).
#[derive(Debug, Clone, Copy)]
pub struct Enhanced;

/// The jobs, in the order of [`Job::ALL`]; the first is the default.
pub const JOBS: [lab::Job; 3] = [
    lab::Job {
        key: "run",
        label: "Run at these settings",
        about: "the settings, over seeds",
        figures: &["enhanced-summary"],
    },
    lab::Job {
        key: "sweep",
        label: "Sweep η_u (both scenarios)",
        about: "over η_u, both scenarios",
        figures: &["enhanced-sweep", "enhanced-share"],
    },
    lab::Job {
        key: "heat",
        label: "(p, q) sensitivity",
        about: "(p, q) map",
        figures: &["enhanced-heat"],
    },
];

/// The figures, in the order of [`Fig::ALL`].
pub const FIGURES: [Figure; 4] = [
    Figure {
        key: "enhanced-summary",
        title: "Teacher, vanilla W2S and Enhanced-W2S: average and worst-group accuracy",
        main: true,
    },
    Figure {
        key: "enhanced-sweep",
        title: "Accuracy vs η_u in the two scenarios (vanilla and Enhanced)",
        main: true,
    },
    Figure {
        key: "enhanced-share",
        title: "Minority share of the kept subset vs η_u",
        main: false,
    },
    Figure {
        key: "enhanced-heat",
        title: "Sensitivity to (p, q): Enhanced − vanilla worst-group accuracy",
        main: false,
    },
];

/// The figures, by the names of [`FIGURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fig {
    Summary,
    Sweep,
    Share,
    Heat,
}

impl Fig {
    pub const ALL: [Fig; 4] = [Fig::Summary, Fig::Sweep, Fig::Share, Fig::Heat];

    pub fn parse(key: &str) -> Option<Fig> {
        lab::by_key(&Fig::ALL, &FIGURES, key)
    }

    /// The label of the button that runs the job drawing this figure.
    pub fn button(self) -> &'static str {
        let i = Fig::ALL.iter().position(|f| *f == self).unwrap_or(0);
        lab::job_label(&JOBS, FIGURES[i].key)
    }
}

/// The paper's two scenarios, and matched data, at the current η_o.
pub const PRESETS: [Preset; 3] = [
    Preset {
        key: "s1",
        label: "η_ℓ = η_o, η_u = 0.5",
        apply: |v| {
            v.set("eta-l", v.get("eta-o")?)?;
            v.set("eta-u", 0.5)
        },
    },
    Preset {
        key: "s2",
        label: "η_ℓ = 0.5, η_u = η_o",
        apply: |v| {
            v.set("eta-l", 0.5)?;
            v.set("eta-u", v.get("eta-o")?)
        },
    },
    Preset {
        key: "matched",
        label: "matched (η_u = η_ℓ = η_o)",
        apply: |v| {
            v.set("eta-l", v.get("eta-o")?)?;
            v.set("eta-u", v.get("eta-o")?)
        },
    },
];

pub static INFO: LabInfo = LabInfo {
    key: "enhanced",
    title: "Enhanced-W2S",
    about: "Lab: Enhanced-W2S (confident subset + GCE retraining) on a synthetic spurious-correlation task",
    knobs: &KNOBS,
    jobs: &JOBS,
    figures: &FIGURES,
    presets: &PRESETS,
};

/// The job `key` as this lab's own type.
pub fn job(key: &str) -> Result<Job, Error> {
    Job::parse(key).ok_or_else(|| lab::not_a_job(&JOBS, key))
}

impl Lab for Enhanced {
    fn info(&self) -> &'static LabInfo {
        &INFO
    }

    fn check(&self, values: &[f64]) -> Result<(), Error> {
        Config::from_values(values).map(|_| ())
    }

    fn tasks(&self, values: &[f64], job_key: &str) -> Result<usize, Error> {
        Ok(job(job_key)?.tasks(&Config::from_values(values)?))
    }

    fn task_len(&self, values: &[f64], job_key: &str) -> Result<usize, Error> {
        let job = job(job_key)?;
        Config::from_values(values)?;
        Ok(job.task_len())
    }

    fn task(&self, values: &[f64], job_key: &str, task: usize) -> Result<Vec<f64>, Error> {
        super::run_task(&Config::from_values(values)?, job(job_key)?, task)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn report(
        &self,
        values: &[f64],
        job_key: &str,
        tasks: &[Vec<f64>],
        json: bool,
    ) -> Result<String, Error> {
        let c = Config::from_values(values)?;
        let v = crate::labs::knobs::Values::new(&KNOBS, values)?;
        super::report::report(&c, &v, job(job_key)?, tasks, json)
    }
}

/// What the Enhanced-W2S page has computed so far.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub config: Config,
    pub run: Option<Summary>,
    /// Per scenario (η_ℓ = η_o, η_ℓ = 1/2), per η_u of the sweep axis.
    pub sweep: Option<Vec<Vec<Summary>>>,
    /// Enhanced − vanilla per (p, q) cell.
    pub heat: Option<Grid2<HeatCell>>,
}

impl LabState for State {
    fn set_results(
        &mut self,
        values: &[f64],
        job_key: &str,
        tasks: &[Vec<f64>],
    ) -> Result<(), Error> {
        let c = Config::from_values(values)?;
        let job = job(job_key)?;
        expect_tasks(job.tasks(&c), tasks)?;
        expect_range(job_key, tasks, 0.0, 1.0)?;
        // Parsed in full before anything is stored: a refused result leaves
        // the state as it was.
        match job {
            Job::Run => self.run = Some(Summary::of(&super::seed_runs(tasks)?)),
            Job::Sweep => self.sweep = Some(super::sweep_summaries(&c, tasks)?),
            Job::Heat => self.heat = Some(super::heat_summary(tasks)?),
        }
        self.config = c;
        Ok(())
    }

    fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
        figure: &str,
        st: &crate::figures::Style,
    ) -> crate::figures::DrawResult<DB>
    where
        DB::ErrorType: 'static,
    {
        match Fig::parse(figure) {
            Some(f) => super::figures::draw(area, f, self, st),
            None => Ok(()),
        }
    }

    fn csv(&self, figure: &str) -> String {
        match Fig::parse(figure) {
            Some(Fig::Summary) => self.summary_csv(),
            Some(Fig::Sweep | Fig::Share) => self.sweep_csv(),
            Some(Fig::Heat) => self.heat_csv(),
            None => String::new(),
        }
    }

    fn findings(&self) -> Vec<String> {
        let mut out: Vec<String> = self.run.iter().map(|s| self.run_finding(s)).collect();
        if let Some(sums) = &self.sweep {
            out.extend(super::scenarios(&self.config).iter().zip(sums).map(|(eta_l, ss)| {
                let up = ss
                    .iter()
                    .filter(|s| s.gain_worst.mean - 2.0 * s.gain_worst.se > 0.0)
                    .count();
                let down = ss
                    .iter()
                    .filter(|s| s.gain_worst.mean + 2.0 * s.gain_worst.se < 0.0)
                    .count();
                format!(
                    "Sweep at η_ℓ = {eta_l:.2}: Enhanced-W2S raises worst-group accuracy at {up} of {} η_u values, lowers it at {down}, and the rest are within 2 SE.",
                    ss.len()
                )
            }));
        }
        out.extend(self.heat.as_ref().and_then(heat_finding));
        out
    }
}

/// "mean,se" of an estimate (a CSV pair).
fn e(x: &Estimate) -> String {
    format!("{},{}", x.mean, x.se)
}

impl State {
    fn summary_csv(&self) -> String {
        let mut out =
            String::from("head,average_mean,average_se,worst_group_mean,worst_group_se\n");
        if let Some(s) = &self.run {
            for (name, a, w) in [
                ("teacher", s.teacher_avg, s.teacher_worst),
                ("vanilla", s.vanilla_avg, s.vanilla_worst),
                ("enhanced", s.enhanced_avg, s.enhanced_worst),
            ] {
                out += &format!("{name},{},{}\n", e(&a), e(&w));
            }
        }
        out
    }

    fn sweep_csv(&self) -> String {
        let mut out = String::from(
            "eta_l,eta_u,vanilla_average_mean,vanilla_average_se,enhanced_average_mean,enhanced_average_se,vanilla_worst_mean,vanilla_worst_se,enhanced_worst_mean,enhanced_worst_se,kept_minority_mean,kept_minority_se,all_minority_mean,all_minority_se\n",
        );
        if let Some(sums) = &self.sweep {
            let axis = super::sweep_axis(&self.config);
            for (eta_l, ss) in super::scenarios(&self.config).iter().zip(sums) {
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
        out
    }

    fn heat_csv(&self) -> String {
        let mut out = String::from(
            "p,q,worst_group_gain_mean,worst_group_gain_se,average_gain_mean,average_gain_se\n",
        );
        if let Some(grid) = &self.heat {
            for (p, q, cell) in grid.iter() {
                out += &format!("{p},{q},{},{}\n", e(&cell.worst), e(&cell.average));
            }
        }
        out
    }

    fn run_finding(&self, s: &Summary) -> String {
        let c = &self.config;
        format!(
            "At η_ℓ = {}, η_u = {} ({} seeds): {} The kept subset's minority share is {:.1} % (all N: {:.1} %); its teacher labels are {:.1} % correct (all N: {:.1} %).",
            c.eta_l,
            c.eta_u,
            c.seeds,
            s.verdict(),
            100.0 * s.minority_kept.mean,
            100.0 * s.minority_all.mean,
            100.0 * s.labels_kept.mean,
            100.0 * s.labels_all.mean
        )
    }
}

/// The best and the worst (p, q) cell of the map, by mean worst-group gain.
fn heat_finding(grid: &Grid2<HeatCell>) -> Option<String> {
    let by_mean = |a: &&(f64, f64, &HeatCell), b: &&(f64, f64, &HeatCell)| {
        a.2.worst.mean.total_cmp(&b.2.worst.mean)
    };
    let cells: Vec<(f64, f64, &HeatCell)> = grid.iter().collect();
    let best = cells.iter().max_by(by_mean)?;
    let worst = cells.iter().min_by(by_mean)?;
    Some(format!(
        "Sensitivity: the best (p, q) is ({}, {}) at {:+.1} ± {:.1} points of worst-group accuracy; the worst is ({}, {}) at {:+.1} ± {:.1}.",
        best.0,
        best.1,
        100.0 * best.2.worst.mean,
        200.0 * best.2.worst.se,
        worst.0,
        worst.1,
        100.0 * worst.2.worst.mean,
        200.0 * worst.2.worst.se
    ))
}
