//! `w2s theory`: every risk of one parameter point, as a table or JSON.

use w2s::theory::analysis;
use w2s::{Engine, Layer, Request};

use super::args::ParamArgs;
use super::{err, report};

/// The flags of `w2s theory`.
#[derive(clap::Args)]
pub struct TheoryArgs {
    #[command(flatten)]
    params: ParamArgs,
    /// Print one JSON object instead of the table
    #[arg(long)]
    json: bool,
}

pub fn run(TheoryArgs { params, json }: TheoryArgs) -> Result<String, String> {
    let mut engine = Engine::new();
    let p = params.params()?;
    let ev = engine.evaluate(&p, Request::ALL).map_err(err)?;
    let mut stars = Vec::new();
    for layer in Layer::ALL {
        stars.push((
            layer,
            analysis::eta_u_star(&mut engine, &p, layer).map_err(err)?,
        ));
    }
    if json {
        let mut v = report::evaluation_json(&ev);
        let mut s = serde_json::Map::new();
        for (layer, x) in &stars {
            s.insert(layer.key().into(), report::num(*x));
        }
        v["eta_u_star"] = serde_json::Value::Object(s);
        Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        ))
    } else {
        Ok(report::table(&ev, &stars))
    }
}
