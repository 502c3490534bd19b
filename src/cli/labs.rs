//! `w2s enhanced`, `w2s logistic`, …: one subcommand per lab of the
//! registry, built at run time from the lab's [`Lab`] description: its flags
//! are the lab's knobs (one list, shared with the page) plus `--job`,
//! `--json` and `--out`. Tasks run on all cores with std threads; the report
//! and the figure are the lab's own.

use clap::{Arg, ArgAction, ArgMatches, Command, FromArgMatches, Subcommand};
use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};
use w2s::figures::Style;
use w2s::labs::knobs::{self, Knob};
use w2s::labs::lab::Lab;
use w2s::labs::registry::{self, LABS, Session};

use super::args::number;

/// A lab's subcommand, as parsed: the lab, the job and the text given for
/// each knob. Values stay text until [`LabCommand::values`], so a bad one
/// gets the lab's own message.
pub struct LabCommand {
    lab: &'static dyn Lab,
    job: String,
    json: bool,
    out: Option<String>,
    /// The text given for each knob, in the lab's knob order.
    given: Vec<Option<String>>,
}

impl LabCommand {
    /// Every knob's value (defaults for those not given), validated.
    pub fn values(&self) -> Result<Vec<f64>, String> {
        let knobs = self.lab.knobs();
        let mut v = knobs::defaults(knobs);
        for ((k, given), slot) in knobs.iter().zip(&self.given).zip(v.iter_mut()) {
            if let Some(text) = given {
                *slot = number(k.key, text)?;
            }
        }
        knobs::check_all(knobs, &v).map_err(|e| e.to_string())
    }

    /// Runs the job and prints its report, or writes its figure.
    pub fn run(&self) -> Result<String, String> {
        let lab = self.lab;
        let values = self.values()?;
        lab.check(&values).map_err(|e| e.to_string())?;
        let job = lab.job(&self.job).map_err(|_| {
            let keys: Vec<&str> = lab.info().jobs.iter().map(|j| j.key).collect();
            format!(
                "--job '{}' is not a job: allowed {}",
                self.job,
                keys.join(", ")
            )
        })?;
        let n = lab.tasks(&values, job.key).map_err(|e| e.to_string())?;
        let flat = run_tasks(n, |t| lab.task(&values, job.key, t))?;
        if let Some(out) = &self.out {
            return write_figure(lab, &values, job.key, &flat, out);
        }
        lab.report(&values, job.key, &flat, self.json)
            .map_err(|e| e.to_string())
    }
}

/// Writes the job's figure, drawn by the page's code, to an SVG or PNG file.
fn write_figure(
    lab: &dyn Lab,
    values: &[f64],
    job: &str,
    flat: &[Vec<f64>],
    out: &str,
) -> Result<String, String> {
    let mut session = Session::new(lab.key()).map_err(|e| e.to_string())?;
    session
        .set_results(values, job, flat)
        .map_err(|e| e.to_string())?;
    // The sweep draws two figures; `--out` writes the first.
    let figure = lab
        .job(job)
        .map_err(|e| e.to_string())?
        .figures
        .first()
        .copied()
        .ok_or_else(|| format!("'{job}' draws no figure"))?;
    let (w, h) = (900, 520);
    let style = Style {
        raster: false,
        ..Style::default()
    };
    let fail = |e: String| format!("could not write {out}: {e}");
    if out.ends_with(".svg") {
        let root = SVGBackend::new(out, (w, h)).into_drawing_area();
        session
            .draw(&root, figure, &style)
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else if out.ends_with(".png") {
        let root = BitMapBackend::new(out, (w, h)).into_drawing_area();
        session
            .draw(&root, figure, &style)
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else {
        return Err(format!("--out '{out}' must end in .svg or .png"));
    }
    Ok(format!("wrote {out} ({figure}, {w}x{h})\n"))
}

/// A knob as a flag: `--eta-l 0.05`, with its symbol, meaning and range.
fn knob_arg(k: &Knob) -> Arg {
    let range = format!(
        "{}{}, {}]",
        if k.open_min { "(" } else { "[" },
        k.min,
        k.max
    );
    Arg::new(k.key)
        .long(k.key)
        .value_name(if k.integer { "INT" } else { "X" })
        .allow_hyphen_values(true)
        .help(format!(
            "{}, {}, in {range} [default: {}]",
            k.symbol, k.meaning, k.default
        ))
}

/// The subcommand of one lab.
fn command(lab: &dyn Lab) -> Command {
    let info = lab.info();
    let jobs: Vec<String> = info
        .jobs
        .iter()
        .map(|j| format!("{} ({})", j.key, j.about))
        .collect();
    let job_help = match jobs.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    let cmd =
        Command::new(info.key)
            .about(info.about)
            .arg(
                Arg::new("job")
                    .long("job")
                    .value_name("JOB")
                    .default_value(info.jobs.first().map_or("", |j| j.key))
                    .help(format!("What to run: {job_help}")),
            )
            .arg(
                Arg::new("json")
                    .long("json")
                    .action(ArgAction::SetTrue)
                    .help("Print one JSON object instead of the table"),
            )
            .arg(Arg::new("out").long("out").value_name("FILE").help(
                "Write the job's figure (the page's drawing code) to this .svg or .png instead",
            ));
    info.knobs.iter().fold(cmd, |cmd, k| cmd.arg(knob_arg(k)))
}

impl FromArgMatches for LabCommand {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        let (name, m) = m.subcommand().ok_or_else(missing)?;
        let lab = registry::lab(name).map_err(|_| missing())?;
        Ok(LabCommand {
            lab,
            job: m.get_one::<String>("job").cloned().unwrap_or_default(),
            json: m.get_flag("json"),
            out: m.get_one::<String>("out").cloned(),
            given: lab
                .knobs()
                .iter()
                .map(|k| m.get_one::<String>(k.key).cloned())
                .collect(),
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Subcommand for LabCommand {
    fn augment_subcommands(cmd: Command) -> Command {
        LABS.iter()
            .fold(cmd, |cmd, lab| cmd.subcommand(command(*lab)))
    }

    fn augment_subcommands_for_update(cmd: Command) -> Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        LABS.iter().any(|l| l.key() == name)
    }
}

/// Runs every task of a job on all cores; results in task order.
pub fn run_tasks(
    tasks: usize,
    task: impl Fn(usize) -> Result<Vec<f64>, w2s::Error> + Sync,
) -> Result<Vec<Vec<f64>>, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(tasks.max(1));
    let mut out: Vec<Option<Result<Vec<f64>, w2s::Error>>> = (0..tasks).map(|_| None).collect();
    std::thread::scope(|s| {
        let task = &task;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..tasks)
                        .step_by(threads)
                        .map(|i| (i, task(i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A task that panicked is a bug; it has already printed its message.
            let Ok(results) = h.join() else { continue };
            for (i, r) in results {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter()
        .map(|r| match r {
            Some(r) => r.map_err(|e| e.to_string()),
            None => {
                Err("a lab task stopped with an internal error (a bug: please report it)".into())
            }
        })
        .collect()
}
