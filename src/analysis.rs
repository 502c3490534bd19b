//! Questions asked of the theory rather than values of it: the best unlabeled
//! minority fraction η_u*, and where the W2S gain changes sign along a parameter.

use crate::engine::Engine;
use crate::error::Error;
use crate::params::{ParamName, Params};
use crate::sweep::Axis;
use crate::theory::{self, Layer};

/// Points of the coarse scan before refining a minimum or a root.
const SCAN: usize = 41;

/// η_u ∈ [0, 1] minimising the student's risk at η_t (the teacher does not
/// depend on η_u, so this also maximises the gain). `None` when the risk does
/// not depend on η_u (no group signal reaches the features).
pub fn eta_u_star(engine: &mut Engine, p: &Params, layer: Layer) -> Result<Option<f64>, Error> {
    if layer == Layer::ClosedForm {
        return Ok(theory::eta_u_star_closed_form(p));
    }
    let mut risk = |u: f64| -> Result<f64, Error> {
        Ok(engine
            .layer(&p.with(ParamName::EtaU, u)?, layer, false)?
            .student
            .at)
    };
    let grid: Vec<f64> = (0..SCAN).map(|i| i as f64 / (SCAN - 1) as f64).collect();
    let values = grid
        .iter()
        .map(|&u| risk(u))
        .collect::<Result<Vec<_>, _>>()?;
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if hi - lo <= 1e-13 * hi.abs().max(f64::MIN_POSITIVE) {
        return Ok(None);
    }
    let best = values
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let a = grid[best.saturating_sub(1)];
    let b = grid[(best + 1).min(SCAN - 1)];
    let (x, fx) = golden_min(&mut risk, a, b, 1e-11)?;
    // The minimum may sit on the boundary of [0, 1]: keep an endpoint exactly.
    let mut out = (x, fx);
    for (u, v) in [(0.0, values[0]), (1.0, values[SCAN - 1])] {
        if v <= out.1 {
            out = (u, v);
        }
    }
    Ok(Some(out.0))
}

/// Golden-section search for a minimum of a unimodal function on [a, b].
fn golden_min(
    f: &mut impl FnMut(f64) -> Result<f64, Error>,
    mut a: f64,
    mut b: f64,
    tol: f64,
) -> Result<(f64, f64), Error> {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let mut fc = f(c)?;
    let mut fd = f(d)?;
    while b - a > tol {
        if fc <= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c)?;
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d)?;
        }
    }
    Ok(if fc <= fd { (c, fc) } else { (d, fd) })
}

/// A point where the W2S gain changes sign along a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    pub value: f64,
    /// True when the gain goes from positive to negative as the parameter grows
    /// (W2S stops happening past this point).
    pub gain_falls: bool,
}

/// Where the gain (in `layer`) crosses zero for `param` in [from, to]:
/// a scan of `points` values, each sign change refined by bisection to 1e-12.
pub fn failure_boundary(
    engine: &mut Engine,
    p: &Params,
    param: ParamName,
    layer: Layer,
    from: f64,
    to: f64,
    points: usize,
) -> Result<Vec<Crossing>, Error> {
    let axis = Axis::linspace(param, from, to, points)?;
    let mut gain = |x: f64| -> Result<f64, Error> {
        Ok(engine.layer(&p.with(param, x)?, layer, false)?.gain())
    };
    let gains = axis
        .values
        .iter()
        .map(|&x| gain(x))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for i in 1..gains.len() {
        let (g0, g1) = (gains[i - 1], gains[i]);
        if g0 == 0.0 && i > 1 {
            continue; // already reported as the right end of the previous cell
        }
        if g0 * g1 > 0.0 || (g0 == 0.0 && g1 == 0.0) {
            continue;
        }
        let (mut a, mut b) = (axis.values[i - 1], axis.values[i]);
        let falls = g0 > g1;
        let value = if g0 == 0.0 {
            a
        } else if g1 == 0.0 {
            b
        } else {
            let mut ga = g0;
            while (b - a).abs() > 1e-12 * (1.0 + a.abs()) {
                let mid = 0.5 * (a + b);
                let gm = gain(mid)?;
                if gm == 0.0 {
                    a = mid;
                    b = mid;
                } else if (gm > 0.0) == (ga > 0.0) {
                    a = mid;
                    ga = gm;
                } else {
                    b = mid;
                }
            }
            0.5 * (a + b)
        };
        out.push(Crossing {
            value,
            gain_falls: falls,
        });
    }
    Ok(out)
}
