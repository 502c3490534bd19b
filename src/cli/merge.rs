//! `w2s merge FILES…`: the JSON lines of `w2s validate --shard K/N` runs
//! combined into the table (and with `--figure`, the figure) of one
//! unsharded run. Every line is checked against the grid it names, so shards
//! of different runs (other parameters, seeds, sizes) are refused by name,
//! and a missing or repeated point is an error.

use serde_json::Value;
use w2s::GroupRisks;
use w2s::simulation::replicates::{Replicate, Simulation};

use super::report::{SHARD_FORMAT, params_json};
use super::validate::{Grid, finish};

/// The flags of `w2s merge`.
#[derive(clap::Args)]
pub struct MergeArgs {
    /// Files of JSON lines written by `w2s validate --shard K/N` ('-' for standard input)
    #[arg(required = true, value_name = "FILES")]
    files: Vec<String>,
    /// Also draw the scale check's figure to this .svg or .png
    #[arg(long, value_name = "FILE")]
    figure: Option<String>,
    #[arg(long)]
    json: bool,
}

fn read(path: &str) -> Result<String, String> {
    if path == "-" {
        return std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("could not read standard input: {e}"));
    }
    std::fs::read_to_string(path).map_err(|e| format!("could not read {path}: {e}"))
}

fn grid_of(v: &Value) -> Result<Grid, String> {
    let num = |k: &str| v.get(k).and_then(Value::as_u64).map(|x| x as usize);
    match v.get("kind").and_then(Value::as_str) {
        Some("quick") => Ok(Grid::Quick),
        Some("full") => Ok(Grid::Full),
        Some("scale") => Ok(Grid::Scale {
            d_z: num("d_z").ok_or("the grid has no d_z")?,
            reps: num("reps").ok_or("the grid has no reps")?,
            seed: v
                .get("seed")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .ok_or("the grid has no seed")?,
        }),
        _ => Err(format!("the grid {v} is not one `w2s validate` runs")),
    }
}

fn number(v: &Value) -> Option<f64> {
    v.as_str()?.parse().ok()
}

fn groups(v: Option<&Value>) -> Option<GroupRisks> {
    let a = v?.as_array()?;
    Some(GroupRisks {
        at: number(a.first()?)?,
        majority: number(a.get(1)?)?,
        minority: number(a.get(2)?)?,
    })
}

fn replicate(v: &Value) -> Option<Replicate> {
    let it = v.get("iterations")?.as_array()?;
    Some(Replicate {
        teacher: groups(v.get("teacher"))?,
        student: groups(v.get("student"))?,
        iterations: (
            it.first()?.as_u64()? as usize,
            it.get(1)?.as_u64()? as usize,
        ),
    })
}

/// What all lines must share: the first line's grid and shard count.
struct Run {
    grid_json: Value,
    shards: String,
    grid: Grid,
    points: Vec<w2s::simulation::replicates::GridPoint>,
    found: Vec<Option<Vec<Replicate>>>,
}

impl Run {
    fn first(line: &Value) -> Result<Run, String> {
        let grid_json = line.get("grid").cloned().unwrap_or(Value::Null);
        let grid = grid_of(&grid_json)?;
        let points = grid.points()?;
        let shards = line
            .get("shard")
            .and_then(Value::as_str)
            .and_then(|s| s.split_once('/'))
            .map(|(_, n)| n.to_string())
            .ok_or("the line has no shard K/N")?;
        Ok(Run {
            grid_json,
            shards,
            grid,
            found: vec![None; points.len()],
            points,
        })
    }

    /// Checks one line against the run and keeps its replicates.
    fn add(&mut self, line: &Value) -> Result<(), String> {
        let grid = line.get("grid").unwrap_or(&Value::Null);
        if *grid != self.grid_json {
            return Err(format!(
                "its grid {grid} differs from the first line's {}: these are shards of different runs",
                self.grid_json
            ));
        }
        let shard = line.get("shard").and_then(Value::as_str).unwrap_or("");
        if shard.split_once('/').map(|(_, n)| n) != Some(self.shards.as_str()) {
            return Err(format!(
                "its shard '{shard}' is not one of the first line's {} parts: these are shards of different splits",
                self.shards
            ));
        }
        let i = line
            .get("index")
            .and_then(Value::as_u64)
            .map(|i| i as usize)
            .filter(|&i| i < self.points.len())
            .ok_or_else(|| {
                format!(
                    "its index is not a point of the {}-point grid",
                    self.points.len()
                )
            })?;
        let g = &self.points[i];
        let label = line.get("label").and_then(Value::as_str).unwrap_or("");
        if label != g.label || line.get("params") != Some(&params_json(&g.params)) {
            return Err(format!(
                "point {i} ('{label}') has other parameters than the grid's '{}': a different version of w2s?",
                g.label
            ));
        }
        let cfg = line.get("config");
        let seed = cfg.and_then(|c| c.get("seed")).and_then(Value::as_str);
        if seed != Some(g.config.seed.to_string().as_str()) {
            return Err(format!(
                "point {i} has seed {seed:?}, the grid's is {}",
                g.config.seed
            ));
        }
        let reps: Vec<Replicate> = line
            .get("replicates")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(replicate).collect::<Option<_>>())
            .filter(|r: &Vec<Replicate>| r.len() == g.config.reps)
            .ok_or_else(|| format!("point {i} does not hold its {} replicates", g.config.reps))?;
        if self.found[i].replace(reps).is_some() {
            return Err(format!("point {i} ('{label}') is given twice"));
        }
        Ok(())
    }
}

pub fn run(a: MergeArgs) -> Result<String, String> {
    let (grid, sims) = load(&a.files)?;
    finish(grid, &sims, a.json, a.figure.as_deref())
}

/// A grid point's label and its run.
pub type Labelled = (&'static str, Simulation);

/// The grid and its runs from the shard lines in `files`, every line checked.
pub fn load(files: &[String]) -> Result<(Grid, Vec<Labelled>), String> {
    let mut run: Option<Run> = None;
    for path in files {
        let text = read(path)?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let at = |e: String| format!("{path} line {}: {e}", n + 1);
            let v: Value = serde_json::from_str(line).map_err(|e| at(format!("not JSON: {e}")))?;
            if v.get("format").and_then(Value::as_str) != Some(SHARD_FORMAT) {
                return Err(at(format!(
                    "not a line of `w2s validate --shard` ({SHARD_FORMAT})"
                )));
            }
            if run.is_none() {
                run = Some(Run::first(&v).map_err(at)?);
            }
            if let Some(r) = run.as_mut() {
                r.add(&v).map_err(at)?;
            }
        }
    }
    let run = run.ok_or("the files hold no shard lines")?;
    let missing: Vec<String> = (0..run.points.len())
        .filter(|&i| run.found[i].is_none())
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "points {} of the {}-point grid are in none of the files: a shard is missing",
            missing.join(", "),
            run.points.len()
        ));
    }
    let mut sims = Vec::new();
    for (g, reps) in run.points.iter().zip(run.found) {
        let reps = reps.unwrap_or_default();
        let s = Simulation::assemble(&g.params, &g.config, reps).map_err(super::err)?;
        sims.push((g.label, s));
    }
    Ok((run.grid, sims))
}
