//! `w2s sweep`: the theory along one parameter, or on a grid of two, as CSV or JSON.

use clap::ValueEnum;
use serde_json::json;
use w2s::theory::sweep::sweep;
use w2s::{Engine, ParamName, Request};

use super::args::{ParamArgs, RangeArgs, axis};
use super::{err, report};

/// The flags of `w2s sweep`.
#[derive(clap::Args)]
pub struct SweepArgs {
    #[command(flatten)]
    range: RangeArgs,
    /// Number of values, ends included
    #[arg(long, value_name = "K", default_value = "101")]
    points: String,
    /// A second parameter to vary (grid; it varies fastest)
    #[arg(long, value_name = "NAME")]
    vary2: Option<String>,
    #[arg(long, value_name = "A", allow_hyphen_values = true)]
    from2: Option<String>,
    #[arg(long, value_name = "B", allow_hyphen_values = true)]
    to2: Option<String>,
    #[arg(long, value_name = "K", default_value = "21")]
    points2: String,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    params: ParamArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
}

pub fn run(
    SweepArgs {
        range,
        points,
        vary2,
        from2,
        to2,
        points2,
        format,
        params,
    }: SweepArgs,
) -> Result<String, String> {
    let mut engine = Engine::new();
    let p = params.params()?;
    let mut axes = vec![range.axis(&points, &p)?];
    if let Some(v2) = &vary2 {
        axes.push(axis(v2, from2.as_deref(), to2.as_deref(), &points2, &p)?);
    }
    let names: Vec<ParamName> = axes.iter().map(|a| a.param).collect();
    let evs = sweep(&mut engine, &p, &axes, Request::ALL).map_err(err)?;
    match format {
        Format::Csv => {
            let mut out = report::csv_header(&names, &evs[0]);
            out.push('\n');
            for ev in &evs {
                out.push_str(&report::csv_row(&names, ev));
                out.push('\n');
            }
            Ok(out)
        }
        Format::Json => {
            let v = json!({
                "vary": names.iter().map(|n| n.key()).collect::<Vec<_>>(),
                "base": report::params_json(&p),
                "points": evs.iter().map(report::evaluation_json).collect::<Vec<_>>(),
            });
            Ok(format!(
                "{}\n",
                serde_json::to_string(&v).map_err(|e| e.to_string())?
            ))
        }
    }
}
