//! The one list of the labs. Adding a lab is one line at the bottom: its
//! variant name, the unit struct implementing [`Lab`] and its [`LabState`].
//!
//! The list is a macro, not a plain slice, because a state draws generically
//! over the plotters backend (canvas, SVG, PNG), which a trait object cannot:
//! [`Session`] is an enum with one variant per lab, written here once.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lab::{Lab, LabState};
use super::session;
use crate::error::Error;
use crate::figures::{DrawResult, Style};

macro_rules! registry {
    ($($variant:ident => $lab:path, $state:ty;)+) => {
        /// Every lab, in the order the CLI lists them.
        pub static LABS: &[&dyn Lab] = &[$(&$lab),+];

        /// A lab's results so far: its state, behind the lab's own type.
        #[derive(Debug, Clone)]
        pub enum Session {
            $($variant(Box<$state>)),+
        }

        impl Session {
            /// An empty session of the lab `key`.
            pub fn new(key: &str) -> Result<Session, Error> {
                $(
                    let lab: &dyn Lab = &$lab;
                    if lab.key() == key {
                        return Ok(Session::$variant(Box::default()));
                    }
                )+
                Err(not_a_lab(key))
            }

            /// The session's lab.
            pub fn lab(&self) -> &'static dyn Lab {
                match self {
                    $(Session::$variant(_) => &$lab),+
                }
            }

            fn state_mut(&mut self) -> &mut dyn Results {
                match self {
                    $(Session::$variant(s) => s.as_mut()),+
                }
            }

            fn state(&self) -> &dyn Results {
                match self {
                    $(Session::$variant(s) => s.as_ref()),+
                }
            }

            /// Draws one of the lab's figures (`figure` is checked by the
            /// caller with [`Lab::figure`]).
            pub fn draw<DB: DrawingBackend>(
                &self,
                area: &DrawingArea<DB, Shift>,
                figure: &str,
                st: &Style,
            ) -> DrawResult<DB>
            where
                DB::ErrorType: 'static,
            {
                match self {
                    $(Session::$variant(s) => s.draw(area, figure, st)),+
                }
            }
        }
    };
}

registry! {
    Enhanced => super::enhanced::Enhanced, super::enhanced::State;
    Logistic => super::finetune::Logistic, super::finetune::State;
}

/// The object-safe part of [`LabState`], so the session's methods other
/// than drawing are written once.
trait Results {
    fn set_results(&mut self, values: &[f64], job: &str, tasks: &[Vec<f64>]) -> Result<(), Error>;
    fn csv(&self, figure: &str) -> String;
    fn findings(&self) -> Vec<String>;
}

impl<S: LabState> Results for S {
    fn set_results(&mut self, values: &[f64], job: &str, tasks: &[Vec<f64>]) -> Result<(), Error> {
        LabState::set_results(self, values, job, tasks)
    }

    fn csv(&self, figure: &str) -> String {
        LabState::csv(self, figure)
    }

    fn findings(&self) -> Vec<String> {
        LabState::findings(self)
    }
}

fn not_a_lab(key: &str) -> Error {
    let keys: Vec<&str> = LABS.iter().map(|l| l.key()).collect();
    Error::Request(format!("'{key}' is not a lab: allowed {}", keys.join(", ")))
}

/// A lab by key; the error names the labs.
pub fn lab(key: &str) -> Result<&'static dyn Lab, Error> {
    LABS.iter()
        .copied()
        .find(|l| l.key() == key)
        .ok_or_else(|| not_a_lab(key))
}

impl Session {
    /// Stores a job's results (every task's numbers, in task order, run at
    /// `values`); a refused result leaves the session as it was.
    pub fn set_results(
        &mut self,
        values: &[f64],
        job: &str,
        tasks: &[Vec<f64>],
    ) -> Result<(), Error> {
        self.state_mut().set_results(values, job, tasks)
    }

    /// Stores a job's results sent as one flat array (what the page's workers give).
    pub fn set_flat(&mut self, values: &[f64], job: &str, flat: &[f64]) -> Result<(), Error> {
        let tasks = session::split(self.lab(), values, job, flat)?;
        self.set_results(values, job, &tasks)
    }

    /// The data behind a figure as CSV.
    pub fn csv(&self, figure: &str) -> String {
        self.state().csv(figure)
    }

    /// What the results say, one sentence per job run so far.
    pub fn findings(&self) -> Vec<String> {
        self.state().findings()
    }
}
