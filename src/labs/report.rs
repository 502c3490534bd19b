//! What both labs' CLI reports share (native only: JSON comes from
//! `serde_json`, which the wasm build does without): an estimate as JSON or
//! as "mean ± 2 SE" in %, and the settings as a JSON object.

use serde_json::{Value, json};

use super::knobs::Values;
use crate::simulation::replicates::Estimate;

/// `{"mean": …, "se": …}`.
pub fn est(e: &Estimate) -> Value {
    json!({ "mean": e.mean, "se": e.se })
}

/// "mean ± 2 SE" in %, aligned for a table.
pub fn pm(e: &Estimate) -> String {
    format!("{:6.2} ± {:4.2}", 100.0 * e.mean, 200.0 * e.se)
}

/// Every knob's key with its value.
pub fn settings(v: &Values) -> Value {
    let map: serde_json::Map<String, Value> = v
        .knobs()
        .iter()
        .zip(v.as_slice())
        .map(|(k, x)| (k.key.to_string(), json!(x)))
        .collect();
    Value::Object(map)
}

/// A JSON object as the CLI prints it: pretty, with a final newline.
pub fn pretty(v: &Value) -> String {
    format!("{v:#}\n")
}
