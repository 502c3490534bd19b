//! The ground truth the theory is checked against: finite samples of the data
//! model ([`sample`]) → least squares fitted to them ([`solver`]: matrix-free
//! CG and a dense reference) → seeded replicates and their risks, with the
//! statistics that compare them to the theory ([`replicates`]); the run's
//! settings as people see them ([`settings`]); native runs spread over
//! threads by `parallel`.

#[cfg(not(target_arch = "wasm32"))]
pub mod parallel;
pub mod replicates;
pub mod sample;
pub mod settings;
pub mod solver;
