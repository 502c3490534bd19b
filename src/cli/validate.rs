//! `w2s validate`: the theory against simulation on a grid of points; any
//! disagreement is an error, so scripts and CI can rely on the exit status.
//! Without `--d-z` it runs the fixed grid of labelled points (`--full`: the
//! larger one); with `--d-z D` the paper's kind of check at that scale, the
//! risks along η_u in both laws, checked within 3 SE, and drawn with
//! `--figure`. Replicates of every point run on all cores (`--threads`);
//! `--shard K/N` runs one interleaved part of the grid and writes JSON lines
//! for `w2s merge`.

use serde_json::{Value, json};
use w2s::simulation::parallel;
use w2s::simulation::replicates::{
    GridPoint, PANICKED, Replicate, Simulation, agrees, replicate, scale_grid, validation_grid,
};
use w2s::simulation::settings::SETTINGS;

use super::args::{Shard, threads};
use super::{err, report};

/// The flags of `w2s validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// The larger fixed grid (d_z = 256, 24 replicates; several minutes)
    #[arg(long)]
    full: bool,
    /// Run the scale check at this d_z instead: teacher and student risks at η_u = 0, ¼, ½, ¾, 1 in both laws, in [1, 100000]
    #[arg(long = "d-z", value_name = "D", allow_hyphen_values = true)]
    d_z: Option<String>,
    /// Replicates per point of the scale check, in [2, 100000] [default: 8]
    #[arg(long, value_name = "R", allow_hyphen_values = true)]
    reps: Option<String>,
    /// Seed of the scale check (point k uses seed + k) [default: 1]
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    seed: Option<String>,
    /// Threads to run replicates on, in [1, 1024] [default: every core]; the numbers do not depend on it
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    threads: Option<String>,
    /// Run only the K-th of N interleaved parts of the grid (points K−1, K−1+N, …) and print JSON lines for `w2s merge`
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Also draw the scale check's figure (simulated means ± 2 SE over the exact curves) to this .svg or .png
    #[arg(long, value_name = "FILE")]
    figure: Option<String>,
    #[arg(long)]
    json: bool,
}

/// Which grid a run is on: what a shard's lines carry so that `w2s merge`
/// can rebuild the grid and check every shard belongs to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grid {
    Quick,
    Full,
    Scale { d_z: usize, reps: usize, seed: u64 },
}

impl Grid {
    pub fn points(self) -> Result<Vec<GridPoint>, String> {
        match self {
            Grid::Quick => Ok(validation_grid(false)),
            Grid::Full => Ok(validation_grid(true)),
            Grid::Scale { d_z, reps, seed } => scale_grid(d_z, reps, seed).map_err(err),
        }
    }

    pub fn to_json(self, points: usize) -> Value {
        match self {
            Grid::Quick => json!({ "kind": "quick", "points": points }),
            Grid::Full => json!({ "kind": "full", "points": points }),
            Grid::Scale { d_z, reps, seed } => json!({
                "kind": "scale", "d_z": d_z, "reps": reps, "seed": seed.to_string(), "points": points,
            }),
        }
    }

    /// Within 3 SE at scale; the fixed grids also allow for finite size.
    fn agrees(self, s: &Simulation) -> bool {
        let (t, st) = (s.theory.teacher.at, s.theory.student.at);
        match self {
            Grid::Scale { .. } => {
                s.teacher().z_score(t).abs() <= 3.0 && s.student().z_score(st).abs() <= 3.0
            }
            Grid::Quick | Grid::Full => {
                agrees(&s.teacher(), t, t)
                    && agrees(&s.student(), st, st)
                    && agrees(&s.gain(), s.theory.gain(), t)
            }
        }
    }
}

impl ValidateArgs {
    fn grid(&self) -> Result<Grid, String> {
        let Some(d_z) = &self.d_z else {
            if self.reps.is_some() || self.seed.is_some() || self.figure.is_some() {
                return Err(
                    "--reps, --seed and --figure belong to the scale check: give --d-z too".into(),
                );
            }
            return Ok(if self.full { Grid::Full } else { Grid::Quick });
        };
        if self.full {
            return Err("--full and --d-z are two different grids: give one".into());
        }
        let [d, r, s] = &SETTINGS;
        Ok(Grid::Scale {
            d_z: d.parse_cli(d_z)? as usize,
            reps: r.parse_cli(self.reps.as_deref().unwrap_or("8"))? as usize,
            seed: s.parse_cli(self.seed.as_deref().unwrap_or("1"))?,
        })
    }
}

/// Runs the replicates of the chosen points, all as one pool of tasks over
/// the threads; one simulation per point, in grid order.
fn run_points(points: &[&GridPoint], threads: usize) -> Result<Vec<Simulation>, String> {
    let tasks: Vec<(usize, usize)> = points
        .iter()
        .enumerate()
        .flat_map(|(k, g)| (0..g.config.reps).map(move |i| (k, i)))
        .collect();
    let mut results = parallel::map(tasks.len(), threads, |t| {
        let (k, i) = tasks[t];
        replicate(&points[k].params, &points[k].config, i as u64)
    })
    .into_iter();
    points
        .iter()
        .map(|g| {
            let reps: Vec<Replicate> = results
                .by_ref()
                .take(g.config.reps)
                .map(|r| r.unwrap_or_else(|| Err(w2s::Error::Request(PANICKED.into()))))
                .collect::<Result<_, _>>()
                .map_err(err)?;
            Simulation::assemble(&g.params, &g.config, reps).map_err(err)
        })
        .collect()
}

pub fn run(a: ValidateArgs) -> Result<String, String> {
    let grid = a.grid()?;
    let threads = threads(a.threads.as_deref())?;
    let shard = a.shard.as_deref().map(Shard::parse).transpose()?;
    if shard.is_some() && (a.json || a.figure.is_some()) {
        return Err(
            "--shard prints JSON lines for `w2s merge`: leave --json and --figure to the merge"
                .into(),
        );
    }
    let points = grid.points()?;
    let chosen: Vec<(usize, &GridPoint)> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| shard.is_none_or(|s| s.holds(*i)))
        .collect();
    let refs: Vec<&GridPoint> = chosen.iter().map(|(_, g)| *g).collect();
    let sims = run_points(&refs, threads)?;
    if let Some(shard) = shard {
        let mut out = String::new();
        for ((i, g), s) in chosen.iter().zip(&sims) {
            let line = report::shard_line(&grid.to_json(points.len()), shard, *i, g.label, s);
            out.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
            out.push('\n');
        }
        return Ok(out);
    }
    let labelled: Vec<(&str, Simulation)> = points.iter().map(|g| g.label).zip(sims).collect();
    finish(grid, &labelled, a.json, a.figure.as_deref())
}

/// The table (or JSON) of a whole grid's run, and its figure when asked; an
/// error when a point disagrees. `w2s merge` ends here too, so merged
/// shards print what one run prints.
pub fn finish(
    grid: Grid,
    points: &[(&str, Simulation)],
    json: bool,
    figure: Option<&str>,
) -> Result<String, String> {
    let mut rows = Vec::new();
    let mut text = report::validation_header();
    let mut failures = 0;
    for (label, s) in points {
        let ok = grid.agrees(s);
        failures += usize::from(!ok);
        text.push_str(&report::validation_row(label, s, ok));
        rows.push(json!({
            "label": label,
            "agrees": ok,
            "simulation": report::simulation_json(s),
        }));
    }
    let rule = match grid {
        Grid::Scale { .. } => {
            "|mean − theory| ≤ 3 SE for the teacher's and the student's risk".into()
        }
        _ => format!(
            "|mean − theory| ≤ 3 SE + {:.0}% finite-size allowance",
            100.0 * w2s::simulation::replicates::FINITE_SIZE_ALLOWANCE
        ),
    };
    text.push_str(&format!(
        "\n{} of {} points agree ({rule})\n",
        rows.len() - failures,
        rows.len(),
    ));
    if let Some(out) = figure {
        let sims: Vec<&Simulation> = points.iter().map(|(_, s)| s).collect();
        text.push_str(&super::figure::write_validation(&sims, out, (1000, 440))?);
    }
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
