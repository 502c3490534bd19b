//! Thin browser glue: parameters in as numbers, results out as flat arrays.
//! All validation and math happen in the core; errors cross as `Error`
//! objects whose message is the core's own text (parameter, value, range).
//!
//! `panic`: the start hook that reports a missed panic in words;
//! `explorer`: the explorer page's API (parameters, named readouts, figures,
//! their pixel → data mapping);
//! `simulation`: one replicate of the finite-sample simulation (for workers)
//! and the summary of a point's replicates, with their names;
//! `canvas`: the canvas backend the figures are drawn on;
//! `labs`: the labs' API. This file holds what they share: the core error as a
//! JS error, parameters from values, and the check for a document.

use wasm_bindgen::prelude::*;

use crate::theory::params::{Law, ParamName, Params, RawParams};

mod canvas;
mod explorer;
mod labs;
mod panic;
mod simulation;

pub use explorer::{
    DataPoint, Explorer, default_values, figure_keys, figure_titles, hover_names, map_axis_keys,
    new_seed, param_keys, readout_names,
};
pub use labs::{
    Lab, lab_check, lab_figures, lab_jobs, lab_knobs, lab_preset, lab_presets, lab_task, lab_tasks,
};
pub use simulation::{
    replicate_names, sim_settings, simulate_replicate, summarize_replicates, summary_names,
};

/// A core error as a JS `Error` carrying the core's own message.
fn js(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// SVG export measures its labels through the page (plotters' web fonts
/// add a span to the body): without a document that would panic.
fn need_document(what: &str) -> Result<(), JsError> {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    match body {
        Some(_) => Ok(()),
        None => Err(JsError::new(&format!(
            "{what} measures its text in the page's document, and there is none here \
             (a worker or Node): call it from the page"
        ))),
    }
}

fn params(values: &[f64], law: &str) -> Result<Params, JsError> {
    if values.len() != ParamName::ALL.len() {
        return Err(JsError::new(&format!(
            "expected {} parameter values, got {}",
            ParamName::ALL.len(),
            values.len()
        )));
    }
    let mut raw = RawParams {
        law: Law::parse(law).map_err(|e| JsError::new(&e.to_string()))?,
        ..RawParams::default()
    };
    for (name, &v) in ParamName::ALL.iter().zip(values) {
        raw.set(*name, v)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    Params::new(raw).map_err(|e| JsError::new(&e.to_string()))
}
