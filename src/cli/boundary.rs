//! `w2s boundary`: where the W2S gain changes sign along one parameter.

use serde_json::json;
use w2s::theory::analysis::{self, Crossing};
use w2s::{Engine, Layer};

use super::args::{ParamArgs, RangeArgs};
use super::{err, report};

/// The flags of `w2s boundary`.
#[derive(clap::Args)]
pub struct BoundaryArgs {
    #[command(flatten)]
    range: RangeArgs,
    /// Theory layer: closed-form, first-order or exact
    #[arg(long, default_value = "exact")]
    layer: String,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    params: ParamArgs,
}

pub fn run(
    BoundaryArgs {
        range,
        layer,
        json,
        params,
    }: BoundaryArgs,
) -> Result<String, String> {
    let mut engine = Engine::new();
    let p = params.params()?;
    let layer = Layer::parse(&layer).ok_or_else(|| {
        format!("--layer '{layer}' is not a layer: allowed closed-form, first-order, exact")
    })?;
    let a = range.axis("401", &p)?;
    let (lo, hi) = (a.values[0], a.values[a.values.len() - 1]);
    let crossings =
        analysis::failure_boundary(&mut engine, &p, a.param, layer, lo, hi, 401).map_err(err)?;
    if json {
        let v = json!({
            "vary": a.param.key(),
            "layer": layer.key(),
            "from": lo,
            "to": hi,
            "params": report::params_json(&p),
            "crossings": crossings.iter().map(|c: &Crossing| json!({
                "value": c.value,
                "gain_falls": c.gain_falls,
            })).collect::<Vec<_>>(),
        });
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        ));
    }
    let mut out = format!(
        "W2S gain ({}) along {} in [{lo}, {hi}]:\n",
        layer.key(),
        a.param.key()
    );
    if crossings.is_empty() {
        out.push_str("  no sign change: the gain keeps one sign over the whole range\n");
    }
    for c in &crossings {
        out.push_str(&format!(
            "  {} = {:.8}: gain turns {} as {} grows\n",
            a.param.key(),
            c.value,
            if c.gain_falls {
                "negative (W2S fails beyond)"
            } else {
                "positive (W2S happens beyond)"
            },
            a.param.key()
        ));
    }
    Ok(out)
}
