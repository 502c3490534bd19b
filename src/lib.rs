//! W2S explorer core: the theory of weak-to-strong generalization under
//! spurious correlations (C. Liu, Y. Dong, Q. Lei, ICLR 2026), as pure,
//! native-testable Rust. The browser glue lives in `wasm` and knows nothing the
//! core does not export.
//!
//! Layout: [`params`] (validated inputs) → [`geometry`] (canonical T, S, μ_ξ and
//! second moments) → [`fixed_point`] (deterministic equivalents Q) → [`theory`]
//! (risks in three layers) → [`engine`] (memoised evaluation) → [`sweep`],
//! [`analysis`] (η_u*, failure boundary) and [`dashboard`] (what the page draws).
//! The ground truth: [`sample`] (the data model) → [`solver`] (least squares,
//! matrix-free CG and dense) → [`simulation`] (replicates and their risks).
//! Beside the theory, [`labs`]: Enhanced-W2S and W2S in logistic regression.

pub mod analysis;
pub mod dashboard;
pub mod engine;
pub mod error;
pub mod figures;
pub mod fixed_point;
pub mod geometry;
pub mod labs;
pub mod params;
pub mod sample;
pub mod schema;
pub mod simulation;
pub mod solver;
pub mod sweep;
pub mod theory;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Engine, Evaluation, Request};
pub use error::Error;
pub use params::{Law, ParamError, ParamName, Params, RawParams};
pub use theory::{GroupRisks, Layer, LayerRisks};
