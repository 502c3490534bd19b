//! `w2s simulate`: the finite-sample model, replicated, beside the exact
//! theory at the same point.

use w2s::simulation::replicates::{SimConfig, simulate};
use w2s::simulation::solver::Solver;

use super::args::ParamArgs;
use super::{err, report};

/// The flags of `w2s simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    sim: SimArgs,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    params: ParamArgs,
}

/// Options of a simulation run.
#[derive(Debug, Clone, clap::Args)]
struct SimArgs {
    /// Core dimension d_z (n = round(d_z/γ_z), N = round(d_z/ν_z))
    #[arg(
        long = "d-z",
        value_name = "D",
        default_value = "128",
        allow_hyphen_values = true
    )]
    d_z: String,
    /// Number of independent replicates
    #[arg(
        long,
        value_name = "R",
        default_value = "10",
        allow_hyphen_values = true
    )]
    reps: String,
    /// Seed of the random numbers (same seed, same numbers)
    #[arg(
        long,
        value_name = "S",
        default_value = "1",
        allow_hyphen_values = true
    )]
    seed: String,
    /// Least-squares solver: cg (matrix-free, default) or dense (reference)
    #[arg(long, default_value = "cg")]
    solver: String,
    /// Refuse runs needing more memory than this, in GB (1 GB = 10⁹ bytes)
    #[arg(long = "max-gb", value_name = "GB", default_value = "2")]
    max_gb: String,
}

impl SimArgs {
    fn config(&self) -> Result<SimConfig, String> {
        let whole = |flag: &str, text: &str, min: u64| -> Result<u64, String> {
            match text.trim().parse::<u64>() {
                Ok(v) if v >= min => Ok(v),
                _ => Err(format!(
                    "--{flag} = '{text}' must be a whole number >= {min}"
                )),
            }
        };
        let max_gb = super::args::number("max-gb", &self.max_gb)?;
        if !(max_gb > 0.0 && max_gb.is_finite()) {
            return Err(format!(
                "--max-gb = {max_gb} must be a positive number of GB (1 GB = 10⁹ bytes)"
            ));
        }
        let d_z = whole("d-z", &self.d_z, 1)?;
        if d_z > 100_000 {
            return Err(format!(
                "--d-z = {d_z} is out of range: allowed [1, 100000]"
            ));
        }
        let reps = whole("reps", &self.reps, 2)?;
        if reps > 100_000 {
            return Err(format!(
                "--reps = {reps} is out of range: allowed [2, 100000]"
            ));
        }
        Ok(SimConfig {
            d_z: d_z as usize,
            reps: reps as usize,
            seed: whole("seed", &self.seed, 0)?,
            solver: Solver::parse(&self.solver).ok_or_else(|| {
                format!(
                    "--solver '{}' is not a solver: allowed cg, dense",
                    self.solver
                )
            })?,
            max_bytes: max_gb * w2s::simulation::replicates::GB,
        })
    }
}

pub fn run(SimulateArgs { sim, json, params }: SimulateArgs) -> Result<String, String> {
    let p = params.params()?;
    let cfg = sim.config()?;
    let s = simulate(&p, &cfg, |_, _| true).map_err(err)?;
    if json {
        Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&report::simulation_json(&s)).map_err(|e| e.to_string())?
        ))
    } else {
        Ok(report::simulation_table(&s))
    }
}
