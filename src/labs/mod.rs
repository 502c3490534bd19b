//! Two labs beside the theory: Enhanced-W2S on a synthetic
//! spurious-correlation task ([`enhanced`]) and W2S in plain linear logistic
//! regression ([`finetune`]). Both are seeded, pure and split into independent
//! tasks, so the CLI runs them on threads and the page in web workers.
//!
//! Every lab has one shape, [`lab::Lab`] with its [`lab::LabState`], and
//! [`registry`] is the one list of them: the CLI, the wasm glue and the page
//! all go through it. The rest is shared: the settings ([`knobs`]), a 2-D
//! grid of results ([`grid`]), the checks on results ([`session`]), drawing
//! pieces ([`plot`]), report helpers (`report`) and logistic regression
//! ([`logreg`]).

pub mod enhanced;
pub mod finetune;
pub mod grid;
pub mod heat;
pub mod knobs;
pub mod lab;
pub mod logreg;
pub mod plot;
pub mod registry;
#[cfg(not(target_arch = "wasm32"))]
mod report;
pub mod session;
