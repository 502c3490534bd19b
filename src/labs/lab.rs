//! The shape every lab has: [`Lab`], what the CLI, the wasm glue and the page
//! ask of a lab (its knobs, jobs, figures and presets, and its tasks), and
//! [`LabState`], a lab's results so far with what is shown from them. A lab
//! is one module implementing both, plus one line in [`super::registry`].

use plotters::coord::Shift;
use plotters::prelude::*;

use super::knobs::{Knob, Values, json_string};
use crate::error::Error;
use crate::figures::{DrawResult, Style};

/// A job: a list of independent tasks (web workers or threads share them),
/// whose results are drawn in some of the lab's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub key: &'static str,
    /// The page's button text.
    pub label: &'static str,
    /// What it runs, in a few words (the CLI's `--job` help).
    pub about: &'static str,
    /// The keys of the figures its results are drawn in.
    pub figures: &'static [&'static str],
}

/// A figure of a lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub key: &'static str,
    pub title: &'static str,
    /// Drawn wide on the page (the job's main figure).
    pub main: bool,
}

/// A preset scenario: settings put on top of the current ones.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub key: &'static str,
    /// The page's `<option>` text.
    pub label: &'static str,
    /// Sets the preset's knobs; it may read the current values (a scenario
    /// at the current η_o, say).
    pub apply: fn(&mut Values) -> Result<(), Error>,
}

/// What a lab is, as plain data.
#[derive(Debug, Clone, Copy)]
pub struct LabInfo {
    /// The name in the CLI (`w2s enhanced`), the page (`data-lab`) and the wasm API.
    pub key: &'static str,
    pub title: &'static str,
    /// One line for the CLI's list of subcommands.
    pub about: &'static str,
    pub knobs: &'static [Knob],
    /// In page order; the first is the default job (run on page load, after a
    /// preset, and by the CLI without `--job`).
    pub jobs: &'static [Job],
    /// In page order.
    pub figures: &'static [Figure],
    pub presets: &'static [Preset],
}

/// Anything with a key, found in a list by it.
pub trait Keyed {
    fn key(&self) -> &'static str;
}

impl Keyed for Job {
    fn key(&self) -> &'static str {
        self.key
    }
}

impl Keyed for Figure {
    fn key(&self) -> &'static str {
        self.key
    }
}

impl Keyed for Preset {
    fn key(&self) -> &'static str {
        self.key
    }
}

/// The keys of a list, joined for a message ("run, sweep, heat").
pub fn keys_of<T: Keyed>(items: &[T]) -> String {
    items.iter().map(Keyed::key).collect::<Vec<_>>().join(", ")
}

/// The error for a job that is not one of `jobs`, naming the allowed ones.
pub fn not_a_job(jobs: &[Job], key: &str) -> Error {
    Error::Request(format!("'{key}' is not a job: allowed {}", keys_of(jobs)))
}

/// The button label of the first job that draws `figure` (what a figure not
/// drawn yet tells the reader to press); empty when no job draws it.
pub fn job_label(jobs: &[Job], figure: &str) -> &'static str {
    jobs.iter()
        .find(|j| j.figures.contains(&figure))
        .map_or("", |j| j.label)
}

/// The item of `all` at the position of `key` in `specs` (a lab's own enum
/// of jobs or figures, in the order of its table).
pub fn by_key<T: Copy, S: Keyed>(all: &[T], specs: &[S], key: &str) -> Option<T> {
    specs
        .iter()
        .position(|s| s.key() == key)
        .and_then(|i| all.get(i).copied())
}

/// A lab: what the CLI, the wasm glue and the page drive. Object safe, so the
/// registry is a list of `&dyn Lab`.
pub trait Lab: Sync {
    fn info(&self) -> &'static LabInfo;

    /// Checks settings: each knob's range, and what they must satisfy
    /// together (the size of one run).
    fn check(&self, values: &[f64]) -> Result<(), Error>;

    /// The number of tasks of a job at the settings.
    fn tasks(&self, values: &[f64], job: &str) -> Result<usize, Error>;

    /// How many numbers one task of a job gives at the settings (every task
    /// of a job gives the same count, at least one).
    fn task_len(&self, values: &[f64], job: &str) -> Result<usize, Error>;

    /// One task, as flat numbers.
    fn task(&self, values: &[f64], job: &str, task: usize) -> Result<Vec<f64>, Error>;

    /// What `w2s <lab> --job <job>` prints from the job's results: a table,
    /// or one JSON object.
    #[cfg(not(target_arch = "wasm32"))]
    fn report(
        &self,
        values: &[f64],
        job: &str,
        tasks: &[Vec<f64>],
        json: bool,
    ) -> Result<String, Error>;

    fn key(&self) -> &'static str {
        self.info().key
    }

    fn knobs(&self) -> &'static [Knob] {
        self.info().knobs
    }

    /// A job by key; the error names the allowed ones.
    fn job(&self, key: &str) -> Result<&'static Job, Error> {
        let jobs = self.info().jobs;
        jobs.iter()
            .find(|j| j.key == key)
            .ok_or_else(|| not_a_job(jobs, key))
    }

    /// A figure by key, of this lab only.
    fn figure(&self, key: &str) -> Result<&'static Figure, Error> {
        self.info()
            .figures
            .iter()
            .find(|f| f.key == key)
            .ok_or_else(|| Error::Request(format!("'{key}' is not a figure of this lab")))
    }

    /// The settings after the preset `key`, put on top of `values`; both
    /// are checked whole.
    fn preset(&self, key: &str, values: &[f64]) -> Result<Vec<f64>, Error> {
        let presets = self.info().presets;
        let p = presets.iter().find(|p| p.key == key).ok_or_else(|| {
            Error::Request(format!(
                "'{key}' is not a preset of the {} lab: allowed {}",
                self.key(),
                keys_of(presets)
            ))
        })?;
        self.check(values)?;
        let mut v = Values::new(self.knobs(), values)?;
        (p.apply)(&mut v)?;
        self.check(v.as_slice())?;
        Ok(v.as_slice().to_vec())
    }
}

/// A lab's results so far, and what the page shows from them. Drawing is
/// generic over the plotters backend, so this trait is not object safe: the
/// registry keeps each lab's state in one variant of an enum.
pub trait LabState: Default {
    /// Stores a job's results: every task's numbers, in task order, run at
    /// `values`. Parsed in full before anything is stored, so a refused
    /// result leaves the state as it was.
    fn set_results(&mut self, values: &[f64], job: &str, tasks: &[Vec<f64>]) -> Result<(), Error>;

    /// Draws one of the lab's figures (a figure whose job has not run says
    /// so in its frame; an unknown key draws nothing).
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        figure: &str,
        st: &Style,
    ) -> DrawResult<DB>
    where
        DB::ErrorType: 'static;

    /// The data behind a figure as CSV (only the header before its job ran).
    fn csv(&self, figure: &str) -> String;

    /// What the results say, in plain words, one sentence per job run so far.
    fn findings(&self) -> Vec<String>;
}

/// The jobs as JSON for the page: key, button label, figures.
pub fn jobs_json(lab: &dyn Lab) -> String {
    let items: Vec<String> = lab
        .info()
        .jobs
        .iter()
        .map(|j| {
            let figures: Vec<String> = j.figures.iter().map(|f| json_string(f)).collect();
            format!(
                "{{\"key\":{},\"label\":{},\"figures\":[{}]}}",
                json_string(j.key),
                json_string(j.label),
                figures.join(",")
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The presets as JSON for the page: key and label.
pub fn presets_json(lab: &dyn Lab) -> String {
    let items: Vec<String> = lab
        .info()
        .presets
        .iter()
        .map(|p| {
            format!(
                "{{\"key\":{},\"label\":{}}}",
                json_string(p.key),
                json_string(p.label)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The figures as JSON for the page: key, title, whether drawn wide.
pub fn figures_json(lab: &dyn Lab) -> String {
    let items: Vec<String> = lab
        .info()
        .figures
        .iter()
        .map(|f| {
            format!(
                "{{\"key\":{},\"title\":{},\"main\":{}}}",
                json_string(f.key),
                json_string(f.title),
                f.main
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}
