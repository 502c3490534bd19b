//! `w2s simulate`: the finite-sample model, replicated, beside the exact
//! theory at the same point; replicates run on every core (`--threads`).

use w2s::simulation::replicates::{SimConfig, simulate_threads};
use w2s::simulation::settings::SETTINGS;
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

/// Options of a simulation run. d_z, replicates and seed are described, and
/// their ranges checked, by the one table in `w2s::simulation::settings`.
#[derive(Debug, Clone, clap::Args)]
struct SimArgs {
    #[arg(
        long = "d-z",
        value_name = "D",
        help = SETTINGS[0].meaning,
        default_value_t = SETTINGS[0].cli_default.to_string(),
        allow_hyphen_values = true
    )]
    d_z: String,
    #[arg(
        long,
        value_name = "R",
        help = SETTINGS[1].meaning,
        default_value_t = SETTINGS[1].cli_default.to_string(),
        allow_hyphen_values = true
    )]
    reps: String,
    #[arg(
        long,
        value_name = "S",
        help = SETTINGS[2].meaning,
        default_value_t = SETTINGS[2].cli_default.to_string(),
        allow_hyphen_values = true
    )]
    seed: String,
    /// Least-squares solver: cg (matrix-free, default) or dense (reference)
    #[arg(long, default_value = "cg")]
    solver: String,
    /// Refuse runs needing more memory than this, in GB (1 GB = 10⁹ bytes)
    #[arg(long = "max-gb", value_name = "GB", default_value = "2")]
    max_gb: String,
    /// Threads to run replicates on, in [1, 1024] [default: every core]; the numbers do not depend on it
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    threads: Option<String>,
}

impl SimArgs {
    fn config(&self) -> Result<SimConfig, String> {
        let max_gb = super::args::number("max-gb", &self.max_gb)?;
        if !(max_gb > 0.0 && max_gb.is_finite()) {
            return Err(format!(
                "--max-gb = {max_gb} must be a positive number of GB (1 GB = 10⁹ bytes)"
            ));
        }
        let [d_z, reps, seed] = &SETTINGS;
        Ok(SimConfig {
            d_z: d_z.parse_cli(&self.d_z)? as usize,
            reps: reps.parse_cli(&self.reps)? as usize,
            seed: seed.parse_cli(&self.seed)?,
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
    let threads = super::args::threads(sim.threads.as_deref())?;
    let s = simulate_threads(&p, &cfg, threads).map_err(err)?;
    if json {
        Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&report::simulation_json(&s)).map_err(|e| e.to_string())?
        ))
    } else {
        Ok(report::simulation_table(&s))
    }
}
