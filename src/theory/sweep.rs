//! Sweeps: the theory along one parameter, or on a grid over several.
//!
//! One function serves the CLI, the benchmark and the page. Reuse of work that
//! does not depend on the varied parameter comes from the [`Engine`]'s caches,
//! keyed by exactly what each piece depends on, so any axis and any pair of
//! axes get it without special cases.

use crate::error::Error;
use crate::theory::engine::{Engine, Evaluation, Request};
use crate::theory::params::{ParamName, Params};

/// The values one parameter takes in a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub param: ParamName,
    pub values: Vec<f64>,
}

impl Axis {
    /// `points` evenly spaced values from `from` to `to`, both included.
    pub fn linspace(param: ParamName, from: f64, to: f64, points: usize) -> Result<Axis, Error> {
        if !from.is_finite() || !to.is_finite() {
            return Err(Error::Request(format!(
                "sweep range of {param} must be finite numbers (got {from} to {to})"
            )));
        }
        if points < 2 {
            return Err(Error::Request(format!(
                "points = {points} is too few: a sweep needs at least 2"
            )));
        }
        if points > 1_000_000 {
            return Err(Error::Request(format!(
                "points = {points} is too many: at most 1000000"
            )));
        }
        let step = (to - from) / (points - 1) as f64;
        let values = (0..points)
            .map(|i| {
                if i + 1 == points {
                    to
                } else {
                    from + step * i as f64
                }
            })
            .collect();
        Ok(Axis { param, values })
    }

    /// `points` values from `from` to `to` (both > 0, both included) in equal
    /// ratios: even steps on a log axis.
    pub fn geometric(param: ParamName, from: f64, to: f64, points: usize) -> Result<Axis, Error> {
        if !(from > 0.0 && to > 0.0) {
            return Err(Error::Request(format!(
                "a geometric sweep of {param} needs positive ends (got {from} to {to})"
            )));
        }
        let logs = Axis::linspace(param, from.ln(), to.ln(), points)?;
        let last = points - 1;
        let values = logs
            .values
            .iter()
            .enumerate()
            .map(|(i, l)| match i {
                0 => from,
                i if i == last => to,
                _ => l.exp(),
            })
            .collect();
        Ok(Axis { param, values })
    }
}

/// Evaluates the theory on the Cartesian product of the axes (the last axis
/// varies fastest), starting from `base`. Every point is validated; the first
/// invalid one is the error, so a range that leaves the theory's regime is
/// refused in words rather than returning numbers.
pub fn sweep(
    engine: &mut Engine,
    base: &Params,
    axes: &[Axis],
    request: Request,
) -> Result<Vec<Evaluation>, Error> {
    if axes.is_empty() {
        return Ok(vec![engine.evaluate(base, request)?]);
    }
    for (i, a) in axes.iter().enumerate() {
        if axes[..i].iter().any(|b| b.param == a.param) {
            return Err(Error::Request(format!("{} is swept twice", a.param)));
        }
    }
    let total: usize = axes.iter().map(|a| a.values.len()).product();
    let mut out = Vec::with_capacity(total);
    let mut index = vec![0usize; axes.len()];
    for _ in 0..total {
        // Set every swept value before validating: an intermediate mix may be
        // invalid where the final point is not (p_S and ‖Ξ‖_F² together, say).
        let mut raw = base.raw();
        for (a, &i) in axes.iter().zip(&index) {
            raw.set(a.param, a.values[i])?;
        }
        let p = Params::new(raw)?;
        out.push(engine.evaluate(&p, request)?);
        for d in (0..axes.len()).rev() {
            index[d] += 1;
            if index[d] < axes[d].values.len() {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(out)
}
