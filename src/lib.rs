//! W2S explorer core: the theory of weak-to-strong generalization under
//! spurious correlations (C. Liu, Y. Dong, Q. Lei, ICLR 2026), as pure,
//! native-testable Rust. The browser glue lives in `wasm` and knows nothing the
//! core does not export.
//!
//! Layout (each folder is one part of the architecture):
//! - [`theory`]: [`params`](theory::params) (validated inputs, described in
//!   [`schema`](theory::schema)) → [`geometry`](theory::geometry) →
//!   [`fixed_point`](theory::fixed_point) → [`risks`](theory::risks) (three
//!   layers) → [`engine`](theory::engine) (memoised) → [`sweep`](theory::sweep)
//!   and [`analysis`](theory::analysis) (η_u*, the failure boundary);
//!   [`readouts`](theory::readouts) names the numbers shown at one state.
//! - [`simulation`]: the ground truth, [`sample`](simulation::sample) →
//!   [`solver`](simulation::solver) → [`replicates`](simulation::replicates).
//! - [`figures`]: the [`dashboard`](figures::dashboard) (what the explorer
//!   shows, as data) and the figures drawn from it on any plotters backend.
//! - [`labs`]: Enhanced-W2S and W2S in logistic regression, each one
//!   implementation of the [`Lab`](labs::lab::Lab) trait, listed once in
//!   [`registry`](labs::registry).
//! - `wasm` (wasm32 only): the thin glue the pages call. The CLI (`src/main.rs`,
//!   `src/cli/`) is a separate binary that uses only what is exported here.
//! - [`error`]: the one error type.

pub mod error;
pub mod figures;
pub mod labs;
pub mod simulation;
pub mod theory;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::Error;
pub use theory::engine::{Engine, Evaluation, Request};
pub use theory::params::{Law, ParamError, ParamName, Params, RawParams};
pub use theory::risks::{GroupRisks, Layer, LayerRisks, Verdict};
