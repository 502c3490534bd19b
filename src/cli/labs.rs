//! `w2s enhanced` and `w2s logistic`: the labs from the command line. Their
//! flags are the labs' knobs (one list, shared with the page), added to the
//! subcommand at run time; tasks run on all cores with std threads.

use std::marker::PhantomData;

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};
use serde_json::{Value, json};
use w2s::labs::enhanced::{self, HEAT_P, HEAT_Q, Summary};
use w2s::labs::finetune::{self, MAP_COS, NORMS, fraction_estimate};
use w2s::labs::knobs::{self, Knob};
use w2s::simulation::replicates::Estimate;

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};
use w2s::figures::Style;
use w2s::labs::figures::LabFigure;
use w2s::labs::session::{LabKind, Session};

use super::args::number;

/// Writes the job's figure, drawn by the page's code, to an SVG or PNG file.
fn write_figure(
    kind: LabKind,
    values: &[f64],
    job: &str,
    flat: &[Vec<f64>],
    out: &str,
) -> Result<String, String> {
    let mut session = Session::new(kind);
    session
        .set_results(values, job, flat)
        .map_err(|e| e.to_string())?;
    // The sweep draws two figures; `--out` writes the first.
    let figure = *LabFigure::of_job(job)
        .first()
        .ok_or_else(|| format!("'{job}' is not a job"))?;
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
    Ok(format!("wrote {out} ({}, {w}x{h})\n", figure.key()))
}

/// A lab, by its knobs.
pub trait Lab: Clone + Send + Sync + 'static {
    const KNOBS: &'static [Knob];
}

#[derive(Debug, Clone)]
pub struct Enhanced;
impl Lab for Enhanced {
    const KNOBS: &'static [Knob] = &enhanced::KNOBS;
}

#[derive(Debug, Clone)]
pub struct Logistic;
impl Lab for Logistic {
    const KNOBS: &'static [Knob] = &finetune::KNOBS;
}

/// The knobs as flags: `--eta-l 0.05`. Values stay text until
/// [`KnobArgs::values`], so a bad one gets the lab's own message.
#[derive(Debug, Clone)]
pub struct KnobArgs<L: Lab> {
    given: Vec<Option<String>>,
    lab: PhantomData<L>,
}

impl<L: Lab> KnobArgs<L> {
    /// Every knob's value (defaults for those not given), validated.
    pub fn values(&self) -> Result<Vec<f64>, String> {
        let mut v = knobs::defaults(L::KNOBS);
        for ((k, given), slot) in L::KNOBS.iter().zip(&self.given).zip(v.iter_mut()) {
            if let Some(text) = given {
                *slot = number(k.key, text)?;
            }
        }
        knobs::check_all(L::KNOBS, &v).map_err(|e| e.to_string())
    }
}

impl<L: Lab> FromArgMatches for KnobArgs<L> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(KnobArgs {
            given: L::KNOBS
                .iter()
                .map(|k| m.get_one::<String>(k.key).cloned())
                .collect(),
            lab: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl<L: Lab> Args for KnobArgs<L> {
    fn augment_args(cmd: Command) -> Command {
        L::KNOBS.iter().fold(cmd, |cmd, k| {
            let range = format!(
                "{}{}, {}]",
                if k.open_min { "(" } else { "[" },
                k.min,
                k.max
            );
            cmd.arg(
                Arg::new(k.key)
                    .long(k.key)
                    .value_name(if k.integer { "INT" } else { "X" })
                    .allow_hyphen_values(true)
                    .help(format!(
                        "{}, {}, in {range} [default: {}]",
                        k.symbol, k.meaning, k.default
                    )),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
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

fn est(e: &Estimate) -> Value {
    json!({ "mean": e.mean, "se": e.se })
}

fn pm(e: &Estimate) -> String {
    format!("{:6.2} ± {:4.2}", 100.0 * e.mean, 200.0 * e.se)
}

fn summary_json(s: &Summary) -> Value {
    json!({
        "teacher": { "average": est(&s.teacher_avg), "worst_group": est(&s.teacher_worst) },
        "vanilla": { "average": est(&s.vanilla_avg), "worst_group": est(&s.vanilla_worst) },
        "enhanced": { "average": est(&s.enhanced_avg), "worst_group": est(&s.enhanced_worst) },
        "enhanced_minus_vanilla": { "average": est(&s.gain_avg), "worst_group": est(&s.gain_worst) },
        "minority_share": { "all": est(&s.minority_all), "kept": est(&s.minority_kept) },
        "pseudo_label_accuracy": { "all": est(&s.labels_all), "kept": est(&s.labels_kept) },
        "verdict": s.verdict(),
    })
}

/// `w2s enhanced`.
#[expect(
    clippy::too_many_lines,
    reason = "one lab's three jobs spelled out; the lab trait of issue 10 splits them"
)]
pub fn enhanced(
    args: &KnobArgs<Enhanced>,
    job_name: &str,
    json_out: bool,
    out: Option<&str>,
) -> Result<String, String> {
    let values = args.values()?;
    let c = enhanced::Config::from_values(&values).map_err(|e| e.to_string())?;
    let job = enhanced::Job::parse(job_name)
        .ok_or_else(|| format!("--job '{job_name}' is not a job: allowed run, sweep, heat"))?;
    let flat = run_tasks(job.tasks(&c), |t| enhanced::run_task(&c, job, t))?;
    if let Some(out) = out {
        return write_figure(LabKind::Enhanced, &values, job_name, &flat, out);
    }
    let settings: serde_json::Map<String, Value> = enhanced::KNOBS
        .iter()
        .zip(&values)
        .map(|(k, v)| (k.key.to_string(), json!(v)))
        .collect();
    match job {
        enhanced::Job::Run => {
            let s = Summary::of(&enhanced::seed_runs(&flat).map_err(|e| e.to_string())?);
            if json_out {
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "seeds": c.seeds, "summary": summary_json(&s) })
                ));
            }
            Ok(format!(
                "Enhanced-W2S at η_ℓ = {}, η_u = {}, p = {}, q = {} ({} seeds; accuracy in %, ± 2 SE)\n\
                 {:<10}{:>16}{:>16}\n{:<10}{:>16}{:>16}\n{:<10}{:>16}{:>16}\n{:<10}{:>16}{:>16}\n\
                 {:<10}{:>16}{:>16}\n\
                 minority share: all N {} %, kept subset {} %\n\
                 teacher-label accuracy: all N {} %, kept subset {} %\n{}\n",
                c.eta_l,
                c.eta_u,
                c.keep,
                c.q,
                c.seeds,
                "",
                "average",
                "worst group",
                "teacher",
                pm(&s.teacher_avg),
                pm(&s.teacher_worst),
                "vanilla",
                pm(&s.vanilla_avg),
                pm(&s.vanilla_worst),
                "enhanced",
                pm(&s.enhanced_avg),
                pm(&s.enhanced_worst),
                "enh − van",
                pm(&s.gain_avg),
                pm(&s.gain_worst),
                pm(&s.minority_all),
                pm(&s.minority_kept),
                pm(&s.labels_all),
                pm(&s.labels_kept),
                s.verdict()
            ))
        }
        enhanced::Job::Sweep => {
            let sums = enhanced::sweep_summaries(&c, &flat).map_err(|e| e.to_string())?;
            let axis = enhanced::sweep_axis(&c);
            let scen = enhanced::scenarios(&c);
            if json_out {
                let rows: Vec<Value> = scen
                    .iter()
                    .zip(&sums)
                    .map(|(eta_l, ss)| {
                        json!({ "eta_l": eta_l, "points": axis.iter().zip(ss).map(|(u, s)| json!({ "eta_u": u, "summary": summary_json(s) })).collect::<Vec<_>>() })
                    })
                    .collect();
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "seeds": c.seeds, "scenarios": rows })
                ));
            }
            let mut out = format!(
                "Sweep over η_u ({} seeds; accuracy in %, ± 2 SE)\n{:<7}{:<7}{:>16}{:>16}{:>16}{:>16}{:>16}\n",
                c.seeds,
                "η_ℓ",
                "η_u",
                "vanilla avg",
                "enhanced avg",
                "vanilla worst",
                "enhanced worst",
                "kept minority"
            );
            for (eta_l, ss) in scen.iter().zip(&sums) {
                for (u, s) in axis.iter().zip(ss) {
                    out += &format!(
                        "{:<7.3}{:<7.3}{:>16}{:>16}{:>16}{:>16}{:>16}\n",
                        eta_l,
                        u,
                        pm(&s.vanilla_avg),
                        pm(&s.enhanced_avg),
                        pm(&s.vanilla_worst),
                        pm(&s.enhanced_worst),
                        pm(&s.minority_kept)
                    );
                }
            }
            Ok(out)
        }
        enhanced::Job::Heat => {
            let (worst, avg) = enhanced::heat_summary(&flat).map_err(|e| e.to_string())?;
            if json_out {
                let cells: Vec<Value> = worst
                    .iter()
                    .zip(&avg)
                    .enumerate()
                    .map(|(k, (w, a))| json!({ "p": HEAT_P[k / HEAT_Q.len()], "q": HEAT_Q[k % HEAT_Q.len()], "worst_group_gain": est(w), "average_gain": est(a) }))
                    .collect();
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "seeds": c.seeds, "cells": cells })
                ));
            }
            let mut out = format!(
                "Enhanced − vanilla worst-group accuracy (points, mean over {} seeds) by keep fraction p (rows) and q (columns)\n{:>6}",
                c.seeds, "p \\ q"
            );
            for q in HEAT_Q {
                out += &format!("{q:>8.2}");
            }
            out.push('\n');
            for (i, p) in HEAT_P.iter().enumerate() {
                out += &format!("{p:>6.2}");
                for j in 0..HEAT_Q.len() {
                    out += &format!("{:>8.2}", 100.0 * worst[i * HEAT_Q.len() + j].mean);
                }
                out.push('\n');
            }
            Ok(out)
        }
    }
}

/// `w2s logistic`.
#[expect(
    clippy::too_many_lines,
    reason = "one lab's three jobs spelled out; the lab trait of issue 10 splits them"
)]
pub fn logistic(
    args: &KnobArgs<Logistic>,
    job_name: &str,
    json_out: bool,
    out: Option<&str>,
) -> Result<String, String> {
    let values = args.values()?;
    let c = finetune::Config::from_values(&values).map_err(|e| e.to_string())?;
    let job = finetune::Job::parse(job_name)
        .ok_or_else(|| format!("--job '{job_name}' is not a job: allowed paths, norms, map"))?;
    let flat = run_tasks(job.tasks(&c), |t| finetune::run_task(&c, job, t))?;
    if let Some(out) = out {
        return write_figure(LabKind::Logistic, &values, job_name, &flat, out);
    }
    let settings: serde_json::Map<String, Value> = finetune::KNOBS
        .iter()
        .zip(&values)
        .map(|(k, v)| (k.key.to_string(), json!(v)))
        .collect();
    let setting = if c.n == 0 {
        "population".to_string()
    } else {
        format!("n = {}", c.n)
    };
    let labels = if c.soft { "soft" } else { "hard" };
    match job {
        finetune::Job::Paths => {
            let [end, ever] = finetune::path_fractions(&c, &flat);
            let fe = fraction_estimate(end, c.pairs);
            let fv = fraction_estimate(ever, c.pairs);
            if json_out {
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "ends_above_both": est(&fe), "ever_above_both": est(&fv),
                            "first_path": flat[0], "final_cosines": flat.iter().map(|p| p.last().copied()).collect::<Vec<_>>() })
                ));
            }
            let p0 = &flat[0];
            let best = p0.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            Ok(format!(
                "Fine-tuning a logistic student on the teacher's {labels} labels ({setting}, d = {}, {} steps of {})\n\
                 teacher cos {:.4}, student start cos {:.4}\n\
                 first pair: end cos {:.4}, best cos {:.4}\n\
                 over {} pairs: ends above both {} %, ever above both {} % (± 2 SE)\n",
                c.d,
                c.steps,
                c.lr,
                c.cos_t,
                p0[0],
                p0[p0.len() - 1],
                best,
                c.pairs,
                pm(&fe),
                pm(&fv)
            ))
        }
        finetune::Job::Norms => {
            if json_out {
                let rows: Vec<Value> = NORMS.iter().zip(&flat).map(|(r, f)| json!({ "norm_0": r, "ends_above_both": est(&fraction_estimate(f[0], c.pairs)), "ever_above_both": est(&fraction_estimate(f[1], c.pairs)) })).collect();
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "norms": rows })
                ));
            }
            let mut out = format!(
                "Fraction of {} pairs above both, by the student's starting norm ({labels} labels, {setting})\n{:>8}{:>18}{:>18}\n",
                c.pairs, "‖w₀‖", "ends above (%)", "ever above (%)"
            );
            for (r, f) in NORMS.iter().zip(&flat) {
                out += &format!(
                    "{r:>8.2}{:>18}{:>18}\n",
                    pm(&fraction_estimate(f[0], c.pairs)),
                    pm(&fraction_estimate(f[1], c.pairs))
                );
            }
            Ok(out)
        }
        finetune::Job::Map => {
            if json_out {
                let cells: Vec<Value> = flat.iter().enumerate().map(|(k, f)| json!({ "cos_t": MAP_COS[k / MAP_COS.len()], "cos_0": MAP_COS[k % MAP_COS.len()], "ends_above_both": est(&fraction_estimate(f[0], c.pairs)), "ever_above_both": est(&fraction_estimate(f[1], c.pairs)) })).collect();
                return Ok(format!(
                    "{:#}\n",
                    json!({ "settings": settings, "cells": cells })
                ));
            }
            let mut out = format!(
                "Fraction (%) of {} pairs ending above both at ‖w₀‖ = {} by teacher cos (rows) and student start cos (columns)\n{:>6}",
                c.pairs, c.norm_0, ""
            );
            for x in MAP_COS {
                out += &format!("{x:>7.1}");
            }
            out.push('\n');
            for (i, ct) in MAP_COS.iter().enumerate() {
                out += &format!("{ct:>6.1}");
                for j in 0..MAP_COS.len() {
                    out += &format!("{:>7.0}", 100.0 * flat[i * MAP_COS.len() + j][0]);
                }
                out.push('\n');
            }
            Ok(out)
        }
    }
}

/// The flags of `w2s enhanced`.
#[derive(clap::Args)]
pub struct EnhancedArgs {
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
}

impl EnhancedArgs {
    pub fn run(&self) -> Result<String, String> {
        enhanced(&self.knobs, &self.job, self.json, self.out.as_deref())
    }
}

/// The flags of `w2s logistic`.
#[derive(clap::Args)]
pub struct LogisticArgs {
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
}

impl LogisticArgs {
    pub fn run(&self) -> Result<String, String> {
        logistic(&self.knobs, &self.job, self.json, self.out.as_deref())
    }
}
