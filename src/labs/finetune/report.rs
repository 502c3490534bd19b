//! `w2s logistic`'s output: each job's results as a table, or as JSON.

use serde_json::{Value, json};

use super::{Config, Job, MAP_COS, NORMS, fraction_estimate};
use crate::error::Error;
use crate::labs::grid::Grid2;
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
    let setting = if c.n == 0 {
        "population".to_string()
    } else {
        format!("n = {}", c.n)
    };
    let labels = if c.soft { "soft" } else { "hard" };
    Ok(match job {
        Job::Paths if json => pretty(&paths_json(c, v, tasks)),
        Job::Paths => paths_table(c, tasks, labels, &setting),
        Job::Norms => norms(c, v, tasks, json, labels, &setting),
        Job::Map => map(c, v, tasks, json)?,
    })
}

/// (ends above both, ever above both) of a task's fractions, as estimates.
fn fractions(c: &Config, f: &[f64]) -> [Value; 2] {
    [0, 1].map(|k| est(&fraction_estimate(f[k], c.pairs)))
}

fn paths_json(c: &Config, v: &Values, tasks: &[Vec<f64>]) -> Value {
    let [end, ever] = super::path_fractions(c, tasks);
    json!({
        "settings": settings(v),
        "ends_above_both": est(&fraction_estimate(end, c.pairs)),
        "ever_above_both": est(&fraction_estimate(ever, c.pairs)),
        "first_path": tasks[0],
        "final_cosines": tasks.iter().map(|p| p.last().copied()).collect::<Vec<_>>()
    })
}

fn paths_table(c: &Config, tasks: &[Vec<f64>], labels: &str, setting: &str) -> String {
    let [end, ever] = super::path_fractions(c, tasks);
    let p0 = &tasks[0];
    let best = p0.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
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
        pm(&fraction_estimate(end, c.pairs)),
        pm(&fraction_estimate(ever, c.pairs))
    )
}

fn norms(
    c: &Config,
    v: &Values,
    tasks: &[Vec<f64>],
    json: bool,
    labels: &str,
    setting: &str,
) -> String {
    if json {
        let rows: Vec<Value> = NORMS
            .iter()
            .zip(tasks)
            .map(|(r, f)| {
                let [end, ever] = fractions(c, f);
                json!({ "norm_0": r, "ends_above_both": end, "ever_above_both": ever })
            })
            .collect();
        return pretty(&json!({ "settings": settings(v), "norms": rows }));
    }
    let mut out = format!(
        "Fraction of {} pairs above both, by the student's starting norm ({labels} labels, {setting})\n{:>8}{:>18}{:>18}\n",
        c.pairs, "‖w₀‖", "ends above (%)", "ever above (%)"
    );
    for (r, f) in NORMS.iter().zip(tasks) {
        out += &format!(
            "{r:>8.2}{:>18}{:>18}\n",
            pm(&fraction_estimate(f[0], c.pairs)),
            pm(&fraction_estimate(f[1], c.pairs))
        );
    }
    out
}

fn map(c: &Config, v: &Values, tasks: &[Vec<f64>], json: bool) -> Result<String, Error> {
    let grid = Grid2::new(&MAP_COS, &MAP_COS, tasks.to_vec())?;
    if json {
        let cells: Vec<Value> = grid
            .iter()
            .map(|(cos_t, cos_0, f)| {
                let [end, ever] = fractions(c, f);
                json!({ "cos_t": cos_t, "cos_0": cos_0, "ends_above_both": end, "ever_above_both": ever })
            })
            .collect();
        return Ok(pretty(&json!({ "settings": settings(v), "cells": cells })));
    }
    let mut out = format!(
        "Fraction (%) of {} pairs ending above both at ‖w₀‖ = {} by teacher cos (rows) and student start cos (columns)\n{:>6}",
        c.pairs, c.norm_0, ""
    );
    for x in grid.cols() {
        out += &format!("{x:>7.1}");
    }
    out.push('\n');
    for (i, ct) in grid.rows().iter().enumerate() {
        out += &format!("{ct:>6.1}");
        for f in grid.row(i) {
            out += &format!("{:>7.0}", 100.0 * f[0]);
        }
        out.push('\n');
    }
    Ok(out)
}
