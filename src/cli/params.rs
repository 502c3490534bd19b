//! `w2s params`: the model's parameters as the core states them (the same
//! table the page builds its controls from), as a table or JSON.

use serde_json::{Value, json};
use w2s::schema::{ParamSpec, SPECS};

/// The flags of `w2s params`.
#[derive(clap::Args)]
pub struct ParamsArgs {
    /// Print one JSON array instead of the table
    #[arg(long)]
    json: bool,
}

pub fn run(ParamsArgs { json }: ParamsArgs) -> Result<String, String> {
    if json {
        let rows: Vec<Value> = SPECS.iter().map(spec_json).collect();
        let text = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
        return Ok(format!("{text}\n"));
    }
    let mut out = format!(
        "{:<10} {:<18} {:<20} {:>8}  meaning\n",
        "key", "symbol", "range", "default"
    );
    for s in &SPECS {
        out += &format!(
            "{:<10} {:<18} {:<20} {:>8}  {}\n",
            s.key,
            s.label(),
            s.range,
            s.default_value(),
            s.meaning
        );
    }
    Ok(out)
}

/// One row as JSON; the page reads the same fields through the wasm glue.
pub fn spec_json(s: &ParamSpec) -> Value {
    let (min, max, step) = s.slider;
    json!({
        "key": s.key,
        "symbol": s.symbol,
        "label": s.label(),
        "meaning": s.meaning,
        "range": s.range,
        "default": s.default_value(),
        "slider": { "min": min, "max": max, "step": step },
        "integer": s.integer,
        "advanced": s.advanced,
    })
}
