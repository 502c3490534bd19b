//! The ground truth the theory is checked against: finite samples of the data
//! model ([`sample`]) → least squares fitted to them ([`solver`]: matrix-free
//! CG and a dense reference) → seeded replicates and their risks, with the
//! statistics that compare them to the theory ([`replicates`]).

pub mod replicates;
pub mod sample;
pub mod solver;
