//! W2S in logistic regression as a [`Lab`]: its jobs, figures and presets,
//! and [`State`], the results the page has gathered, with their CSV and
//! findings.

use super::{Config, Job, KNOBS, MAP_COS, MARGIN, NORMS, fraction_estimate, path_fractions};
use crate::error::Error;
use crate::labs::grid::Grid2;
use crate::labs::lab::{self, Figure, Lab, LabInfo, LabState, Preset};
use crate::labs::session::{expect_range, expect_tasks};
use crate::simulation::replicates::Estimate;

/// The lab (its data are in [`INFO`]).
#[derive(Debug, Clone, Copy)]
pub struct Logistic;

/// The jobs, in the order of [`Job::ALL`]; the first is the default.
pub const JOBS: [lab::Job; 3] = [
    lab::Job {
        key: "paths",
        label: "Train the pairs",
        about: "the settings, over pairs",
        figures: &["logistic-paths"],
    },
    lab::Job {
        key: "norms",
        label: "Sweep the starting norm",
        about: "fraction vs starting norm",
        figures: &["logistic-norms"],
    },
    lab::Job {
        key: "map",
        label: "Map the two cosines",
        about: "over the two cosines",
        figures: &["logistic-map"],
    },
];

/// The figures, in the order of [`Fig::ALL`].
pub const FIGURES: [Figure; 3] = [
    Figure {
        key: "logistic-paths",
        title: "The student's cosine to w* along training",
        main: true,
    },
    Figure {
        key: "logistic-norms",
        title: "Fraction of pairs above both vs the starting norm",
        main: false,
    },
    Figure {
        key: "logistic-map",
        title: "Fraction ending above both over the two cosines",
        main: false,
    },
];

/// The figures, by the names of [`FIGURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fig {
    Paths,
    Norms,
    Map,
}

impl Fig {
    pub const ALL: [Fig; 3] = [Fig::Paths, Fig::Norms, Fig::Map];

    pub fn parse(key: &str) -> Option<Fig> {
        lab::by_key(&Fig::ALL, &FIGURES, key)
    }

    /// The label of the button that runs the job drawing this figure.
    pub fn button(self) -> &'static str {
        let i = Fig::ALL.iter().position(|f| *f == self).unwrap_or(0);
        lab::job_label(&JOBS, FIGURES[i].key)
    }
}

/// Hard or soft labels on the population, a finite sample, a large start.
pub const PRESETS: [Preset; 4] = [
    Preset {
        key: "hard",
        label: "hard labels, population",
        apply: |v| {
            v.set("soft", 0.0)?;
            v.set("n", 0.0)
        },
    },
    Preset {
        key: "soft",
        label: "soft labels, population",
        apply: |v| {
            v.set("soft", 1.0)?;
            v.set("n", 0.0)
        },
    },
    Preset {
        key: "sample",
        label: "hard labels, n = 500",
        apply: |v| {
            v.set("soft", 0.0)?;
            v.set("n", 500.0)
        },
    },
    Preset {
        key: "big-norm",
        label: "large starting norm (‖w₀‖ = 10)",
        apply: |v| v.set("norm-0", 10.0),
    },
];

pub static INFO: LabInfo = LabInfo {
    key: "logistic",
    title: "W2S in logistic regression",
    about: "Lab: W2S in linear logistic regression (a student fine-tuned on a teacher's labels)",
    knobs: &KNOBS,
    jobs: &JOBS,
    figures: &FIGURES,
    presets: &PRESETS,
};

/// The job `key` as this lab's own type.
pub fn job(key: &str) -> Result<Job, Error> {
    Job::parse(key).ok_or_else(|| lab::not_a_job(&JOBS, key))
}

impl Lab for Logistic {
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
        Ok(job.task_len(&Config::from_values(values)?))
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

/// What the logistic-regression page has computed so far.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub config: Config,
    /// Every pair's path of cosines.
    pub paths: Option<Vec<Vec<f64>>>,
    /// (ends above, ever above) per starting norm of [`NORMS`].
    pub norms: Option<Vec<[f64; 2]>>,
    /// (ends above, ever above) per (cos_T, cos_0) cell.
    pub map: Option<Grid2<[f64; 2]>>,
}

/// Each task's two fractions (ends above, ever above).
fn pairs(tasks: &[Vec<f64>]) -> Result<Vec<[f64; 2]>, Error> {
    tasks
        .iter()
        .map(|v| match v.as_slice() {
            [a, b] => Ok([*a, *b]),
            _ => Err(Error::Request("malformed fraction result".into())),
        })
        .collect()
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
        let lo = if job == Job::Paths { -1.0 } else { 0.0 };
        expect_range(job_key, tasks, lo, 1.0)?;
        // Parsed in full before anything is stored: a refused result leaves
        // the state as it was.
        match job {
            Job::Paths => {
                if tasks.iter().any(|p| p.len() != c.steps + 1) {
                    return Err(Error::Request(format!(
                        "malformed path result: each path has T + 1 = {} cosines",
                        c.steps + 1
                    )));
                }
                self.paths = Some(tasks.to_vec());
            }
            Job::Norms => self.norms = Some(pairs(tasks)?),
            Job::Map => self.map = Some(Grid2::new(&MAP_COS, &MAP_COS, pairs(tasks)?)?),
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
            Some(Fig::Paths) => self.paths_csv(),
            Some(Fig::Norms) => self.norms_csv(),
            Some(Fig::Map) => self.map_csv(),
            None => String::new(),
        }
    }

    fn findings(&self) -> Vec<String> {
        let c = &self.config;
        let mut out = Vec::new();
        if let Some(p) = &self.paths {
            let [end, ever] = path_fractions(c, p);
            let fe = fraction_estimate(end, c.pairs);
            let fv = fraction_estimate(ever, c.pairs);
            out.push(format!(
                "Of {} random pairs, {:.1} % (± {:.1}) end above both the teacher ({}) and their own start ({}), and {:.1} % (± {:.1}) are above both at some step (margin {}).",
                c.pairs,
                100.0 * fe.mean,
                200.0 * fe.se,
                c.cos_t,
                c.cos_0,
                100.0 * fv.mean,
                200.0 * fv.se,
                MARGIN
            ));
        }
        out.extend(self.norms.as_deref().and_then(norms_finding));
        if let Some(m) = &self.map {
            let cells = m.cells();
            let mean = cells.iter().map(|f| f[0]).sum::<f64>() / cells.len() as f64;
            out.push(format!(
                "Over the cosine map at ‖w₀‖ = {}, {:.0} % of pairs end above both on average.",
                c.norm_0,
                100.0 * mean
            ));
        }
        out
    }
}

/// Where ending above both is most frequent along the starting norm (one
/// pair of fractions per norm of [`NORMS`], as `set_results` stores them).
fn norms_finding(n: &[[f64; 2]]) -> Option<String> {
    let best = n
        .iter()
        .enumerate()
        .max_by(|a, b| a.1[0].total_cmp(&b.1[0]))?;
    let (first, last) = (n.first()?, n.last()?);
    Some(format!(
        "Ending above both is most frequent at ‖w₀‖ = {} ({:.0} % of pairs); at ‖w₀‖ = {} it is {:.0} % and at {} it is {:.0} %.",
        NORMS[best.0],
        100.0 * best.1[0],
        NORMS[0],
        100.0 * first[0],
        NORMS[NORMS.len() - 1],
        100.0 * last[0]
    ))
}

/// "mean,se" of an estimate (a CSV pair).
fn e(x: &Estimate) -> String {
    format!("{},{}", x.mean, x.se)
}

impl State {
    fn paths_csv(&self) -> String {
        let Some(p) = &self.paths else {
            return "step\n".into();
        };
        let shown = &p[..p.len().min(30)];
        let mut out = String::from("step");
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
        out
    }

    fn norms_csv(&self) -> String {
        let mut out =
            String::from("norm_0,ends_above_mean,ends_above_se,ever_above_mean,ever_above_se\n");
        if let Some(n) = &self.norms {
            for (r, f) in NORMS.iter().zip(n) {
                out += &format!(
                    "{r},{},{}\n",
                    e(&fraction_estimate(f[0], self.config.pairs)),
                    e(&fraction_estimate(f[1], self.config.pairs))
                );
            }
        }
        out
    }

    fn map_csv(&self) -> String {
        let mut out = String::from("cos_t,cos_0,ends_above,ever_above\n");
        if let Some(m) = &self.map {
            for (cos_t, cos_0, f) in m.iter() {
                out += &format!("{cos_t},{cos_0},{},{}\n", f[0], f[1]);
            }
        }
        out
    }
}
