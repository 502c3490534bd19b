//! `w2s validate`: the theory against simulation on a grid of points; any
//! disagreement is an error, so scripts and CI can rely on the exit status.

use serde_json::json;
use w2s::simulation::replicates::{agrees, simulate, validation_grid};

use super::{err, report};

/// The flags of `w2s validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// The larger grid (d_z = 256, 24 replicates; several minutes)
    #[arg(long)]
    full: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ValidateArgs { full, json }: ValidateArgs) -> Result<String, String> {
    let mut rows = Vec::new();
    let mut text = report::validation_header();
    let mut failures = 0;
    for point in validation_grid(full) {
        let s = simulate(&point.params, &point.config, |_, _| true).map_err(err)?;
        let (t, st) = (s.theory.teacher.at, s.theory.student.at);
        let ok = agrees(&s.teacher(), t, t)
            && agrees(&s.student(), st, st)
            && agrees(&s.gain(), s.theory.gain(), t);
        if !ok {
            failures += 1;
        }
        text.push_str(&report::validation_row(point.label, &s, ok));
        rows.push(json!({
            "label": point.label,
            "agrees": ok,
            "simulation": report::simulation_json(&s),
        }));
    }
    text.push_str(&format!(
        "\n{} of {} points agree (|mean − theory| ≤ 3 SE + {:.0}% finite-size allowance)\n",
        rows.len() - failures,
        rows.len(),
        100.0 * w2s::simulation::replicates::FINITE_SIZE_ALLOWANCE
    ));
    if json {
        text = format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({ "points": rows })).map_err(|e| e.to_string())?
        );
    }
    if failures > 0 {
        eprint!("{text}");
        return Err(format!("{failures} grid points disagree with the theory"));
    }
    Ok(text)
}
