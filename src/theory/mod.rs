//! The theory: validated parameters ([`params`], described for people in
//! [`schema`]) → the canonical geometry ([`geometry`]: T, S, μ_ξ and second
//! moments) → the deterministic equivalents ([`fixed_point`]) → the risks in
//! three layers ([`risks`]: closed forms of Theorems 1–2, first order, exact)
//! → memoised evaluation ([`engine`]) → [`sweep`]s along a parameter and the
//! questions asked of them ([`analysis`]: η_u*, the failure boundary);
//! [`readouts`] names the numbers shown at one state.
//! Pure: nothing here knows of the browser, the CLI or the simulation.

pub mod analysis;
pub mod engine;
pub mod fixed_point;
pub mod geometry;
pub mod params;
pub mod pointwise;
pub mod readouts;
pub mod risks;
pub mod schema;
pub mod sweep;
