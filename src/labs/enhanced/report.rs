//! `w2s enhanced`'s output: each job's results as a table, or as JSON.

use serde_json::{Value, json};

use super::{Config, HEAT_Q, Job, Summary};
use crate::error::Error;
use crate::labs::knobs::Values;
use crate::labs::report::{est, pm, pretty, settings};

/// The report of one job's results.
pub fn report(
    c: &Config,
    v: &Values,
    job: Job,
    tasks: &[Vec<f64>],
    json: bool,
) -> Result<String, Error> {
    match job {
        Job::Run => {
            let s = Summary::of(&super::seed_runs(tasks)?);
            if json {
                return Ok(pretty(
                    &json!({ "settings": settings(v), "seeds": c.seeds, "summary": summary_json(&s) }),
                ));
            }
            Ok(run_table(c, &s))
        }
        Job::Sweep => {
            let sums = super::sweep_summaries(c, tasks)?;
            if json {
                return Ok(pretty(&sweep_json(c, v, &sums)));
            }
            Ok(sweep_table(c, &sums))
        }
        Job::Heat => heat(c, v, tasks, json),
    }
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

fn run_table(c: &Config, s: &Summary) -> String {
    let mut out = format!(
        "Enhanced-W2S at η_ℓ = {}, η_u = {}, p = {}, q = {} ({} seeds; accuracy in %, ± 2 SE)\n",
        c.eta_l, c.eta_u, c.keep, c.q, c.seeds
    );
    out += &format!("{:<10}{:>16}{:>16}\n", "", "average", "worst group");
    for (name, a, w) in [
        ("teacher", &s.teacher_avg, &s.teacher_worst),
        ("vanilla", &s.vanilla_avg, &s.vanilla_worst),
        ("enhanced", &s.enhanced_avg, &s.enhanced_worst),
        ("enh − van", &s.gain_avg, &s.gain_worst),
    ] {
        out += &format!("{name:<10}{:>16}{:>16}\n", pm(a), pm(w));
    }
    out += &format!(
        "minority share: all N {} %, kept subset {} %\n\
         teacher-label accuracy: all N {} %, kept subset {} %\n{}\n",
        pm(&s.minority_all),
        pm(&s.minority_kept),
        pm(&s.labels_all),
        pm(&s.labels_kept),
        s.verdict()
    );
    out
}

fn sweep_json(c: &Config, v: &Values, sums: &[Vec<Summary>]) -> Value {
    let axis = super::sweep_axis(c);
    let rows: Vec<Value> = super::scenarios(c)
        .iter()
        .zip(sums)
        .map(|(eta_l, ss)| {
            let points: Vec<Value> = axis
                .iter()
                .zip(ss)
                .map(|(u, s)| json!({ "eta_u": u, "summary": summary_json(s) }))
                .collect();
            json!({ "eta_l": eta_l, "points": points })
        })
        .collect();
    json!({ "settings": settings(v), "seeds": c.seeds, "scenarios": rows })
}

fn sweep_table(c: &Config, sums: &[Vec<Summary>]) -> String {
    let axis = super::sweep_axis(c);
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
    for (eta_l, ss) in super::scenarios(c).iter().zip(sums) {
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
    out
}

fn heat(c: &Config, v: &Values, tasks: &[Vec<f64>], json: bool) -> Result<String, Error> {
    let grid = super::heat_summary(tasks)?;
    if json {
        let cells: Vec<Value> = grid
            .iter()
            .map(|(p, q, cell)| {
                json!({ "p": p, "q": q, "worst_group_gain": est(&cell.worst), "average_gain": est(&cell.average) })
            })
            .collect();
        return Ok(pretty(
            &json!({ "settings": settings(v), "seeds": c.seeds, "cells": cells }),
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
    for (i, p) in grid.rows().iter().enumerate() {
        out += &format!("{p:>6.2}");
        for cell in grid.row(i) {
            out += &format!("{:>8.2}", 100.0 * cell.worst.mean);
        }
        out.push('\n');
    }
    Ok(out)
}
