//! `w2s`: the theory of weak-to-strong generalization under spurious
//! correlations from the command line. Bad input exits with status 2 and one
//! line on stderr naming the parameter, its value and the allowed range.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};
use serde_json::json;
use w2s::analysis::{self, Crossing};
use w2s::dashboard;
use w2s::figures::{self, Figure, Layers, Overlay, Style};
use w2s::simulation::{SimConfig, agrees, simulate, validation_grid};
use w2s::solver::Solver;
use w2s::sweep::sweep;
use w2s::{Engine, Layer, ParamName, Request};

use cli::args::{ParamArgs, RangeArgs, axis};
use cli::labs::{Enhanced, KnobArgs, Logistic};
use cli::report;

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
    Theory {
        #[command(flatten)]
        params: ParamArgs,
        /// Print one JSON object instead of the table
        #[arg(long)]
        json: bool,
    },
    /// The theory along one parameter (or on a grid of two)
    Sweep {
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
    },
    /// Finite-sample simulation of the model, beside the exact theory at the same point
    Simulate {
        #[command(flatten)]
        sim: SimArgs,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        params: ParamArgs,
    },
    /// Theory against simulation on a grid of parameter points, with z-scores
    Validate {
        /// The larger grid (d_z = 256, 24 replicates; several minutes)
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Draw one of the explorer's figures to an SVG or PNG file (same drawing code as the page)
    Figure {
        /// eta-u, mismatch, phase-map, eta-t or similarity
        name: String,
        /// Output file: .svg or .png
        #[arg(long, value_name = "FILE")]
        out: String,
        /// Size in pixels, WIDTHxHEIGHT
        #[arg(long, default_value = "800x500")]
        size: String,
        /// Theory layers to draw, comma-separated: closed-form, first-order, exact
        #[arg(long, default_value = "closed-form,first-order,exact")]
        layers: String,
        #[command(flatten)]
        params: ParamArgs,
    },
    /// Lab: Enhanced-W2S (confident subset + GCE retraining) on a synthetic spurious-correlation task
    Enhanced {
        /// What to run: run (the settings, over seeds), sweep (over η_u, both scenarios) or heat ((p, q) map)
        #[arg(long, default_value = "run")]
        job: String,
        /// Print one JSON object instead of the table
        #[arg(long)]
        json: bool,
        /// Write the job's figure (the page's drawing code) to this .svg or .png instead
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
        #[command(flatten)]
        knobs: KnobArgs<Enhanced>,
    },
    /// Lab: W2S in linear logistic regression (a student fine-tuned on a teacher's labels)
    Logistic {
        /// What to run: paths (the settings, over pairs), norms (fraction vs starting norm) or map (over the two cosines)
        #[arg(long, default_value = "paths")]
        job: String,
        /// Print one JSON object instead of the table
        #[arg(long)]
        json: bool,
        /// Write the job's figure (the page's drawing code) to this .svg or .png instead
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
        #[command(flatten)]
        knobs: KnobArgs<Logistic>,
    },
    /// Where the W2S gain changes sign along one parameter (the failure boundary)
    Boundary {
        #[command(flatten)]
        range: RangeArgs,
        /// Theory layer: closed-form, first-order or exact
        #[arg(long, default_value = "exact")]
        layer: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        params: ParamArgs,
    },
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
        let max_gb = cli::args::number("max-gb", &self.max_gb)?;
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
            max_bytes: max_gb * w2s::simulation::GB,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
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
    let mut engine = Engine::new();
    let err = |e: w2s::Error| e.to_string();
    match command {
        Command::Enhanced {
            job,
            json,
            out,
            knobs,
        } => cli::labs::enhanced(&knobs, &job, json, out.as_deref()),
        Command::Logistic {
            job,
            json,
            out,
            knobs,
        } => cli::labs::logistic(&knobs, &job, json, out.as_deref()),
        Command::Theory { params, json } => {
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
        Command::Sweep {
            range,
            points,
            vary2,
            from2,
            to2,
            points2,
            format,
            params,
        } => {
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
        Command::Simulate { sim, json, params } => {
            let p = params.params()?;
            let cfg = sim.config()?;
            let s = simulate(&p, &cfg, |_, _| true).map_err(err)?;
            if json {
                Ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&report::simulation_json(&s))
                        .map_err(|e| e.to_string())?
                ))
            } else {
                Ok(report::simulation_table(&s))
            }
        }
        Command::Validate { full, json } => {
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
                100.0 * w2s::simulation::FINITE_SIZE_ALLOWANCE
            ));
            if json {
                text = format!(
                    "{}\n",
                    serde_json::to_string_pretty(&json!({ "points": rows }))
                        .map_err(|e| e.to_string())?
                );
            }
            if failures > 0 {
                eprint!("{text}");
                return Err(format!("{failures} grid points disagree with the theory"));
            }
            Ok(text)
        }
        Command::Figure {
            name,
            out,
            size,
            layers,
            params,
        } => {
            let figure = Figure::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = Figure::ALL.iter().map(|f| f.key()).collect();
                format!(
                    "figure '{name}' is not a figure: allowed {}",
                    names.join(", ")
                )
            })?;
            let (w, h) = size
                .split_once('x')
                .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
                .filter(|&(w, h)| (200..=6000).contains(&w) && (150..=6000).contains(&h))
                .ok_or_else(|| {
                    format!("--size '{size}' must be WIDTHxHEIGHT with 200 ≤ WIDTH ≤ 6000, 150 ≤ HEIGHT ≤ 6000")
                })?;
            let mut on = [false; 3];
            for part in layers.split(',').filter(|s| !s.trim().is_empty()) {
                let layer = Layer::parse(part).ok_or_else(|| {
                    format!(
                        "--layers: '{part}' is not a layer: allowed closed-form, first-order, exact"
                    )
                })?;
                on[Layer::ALL
                    .iter()
                    .position(|l| *l == layer)
                    .expect("a layer")] = true;
            }
            let p = params.params()?;
            let d = dashboard::compute(&mut engine, &p, Layer::Exact).map_err(err)?;
            let style = Style {
                layers: Layers(on),
                scale: 1.0,
                raster: !out.ends_with(".svg"),
            };
            let overlay = Overlay::default();
            let fail = |e: String| format!("could not write {out}: {e}");
            if out.ends_with(".svg") {
                let root = SVGBackend::new(&out, (w, h)).into_drawing_area();
                figures::draw(&root, figure, &d, &style, &overlay)
                    .map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
            } else if out.ends_with(".png") {
                let root = BitMapBackend::new(&out, (w, h)).into_drawing_area();
                figures::draw(&root, figure, &d, &style, &overlay)
                    .map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
            } else {
                return Err(format!("--out '{out}' must end in .svg or .png"));
            }
            Ok(format!("wrote {out} ({}, {w}x{h})\n", figure.title()))
        }
        Command::Boundary {
            range,
            layer,
            json,
            params,
        } => {
            let p = params.params()?;
            let layer = Layer::parse(&layer).ok_or_else(|| {
                format!("--layer '{layer}' is not a layer: allowed closed-form, first-order, exact")
            })?;
            let a = range.axis("401", &p)?;
            let (lo, hi) = (a.values[0], a.values[a.values.len() - 1]);
            let crossings =
                analysis::failure_boundary(&mut engine, &p, a.param, layer, lo, hi, 401)
                    .map_err(err)?;
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
    }
}
