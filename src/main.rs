//! `w2s`: the theory of weak-to-strong generalization under spurious
//! correlations from the command line. Bad input exits with status 2 and one
//! line on stderr naming the parameter, its value and the allowed range.
//! This file parses and dispatches; each subcommand lives in `cli/`.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::{boundary, figure, labs, merge, params, simulate, sweep, theory, validate};

#[derive(Parser)]
#[command(
    name = "w2s",
    version,
    about = "Weak-to-strong generalization under spurious correlations: the theory of \
             Liu, Dong & Lei (ICLR 2026), evaluated exactly"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Risks of teacher, student and strong ceiling, W2S gain, PGR, group risks and η_u*
    Theory(theory::TheoryArgs),
    /// The theory along one parameter (or on a grid of two)
    Sweep(sweep::SweepArgs),
    /// Finite-sample simulation of the model, beside the exact theory at the same point
    Simulate(simulate::SimulateArgs),
    /// Theory against simulation on a grid of parameter points, with z-scores
    Validate(validate::ValidateArgs),
    /// Combine the JSON lines of `w2s validate --shard K/N` runs into one run's table and figure
    Merge(merge::MergeArgs),
    /// Draw one of the explorer's figures to an SVG or PNG file (same drawing code as the page)
    Figure(figure::FigureArgs),
    // One subcommand per lab of the registry (`w2s enhanced`, `w2s logistic`, …).
    #[command(flatten)]
    Lab(labs::LabCommand),
    /// Where the W2S gain changes sign along one parameter (the failure boundary)
    Boundary(boundary::BoundaryArgs),
    /// The model's parameters: key, symbol, meaning, allowed range and default
    Params(params::ParamsArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return ExitCode::from(2);
            }
            // clap's first line says what is wrong; keep the error to one line.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            let first = first.trim_start_matches("error: ");
            eprintln!("w2s: error: {first} (see w2s --help)");
            return ExitCode::from(2);
        }
    };
    match run(cli.command) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`w2s … | head`) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("w2s: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<String, String> {
    match command {
        Command::Lab(lab) => lab.run(),
        Command::Theory(args) => theory::run(args),
        Command::Params(args) => params::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Figure(args) => figure::run(args),
        Command::Boundary(args) => boundary::run(args),
    }
}
