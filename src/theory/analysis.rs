//! Questions asked of the theory rather than values of it: the best unlabeled
//! minority fraction η_u*, and where the W2S gain changes sign along a parameter.

use crate::error::Error;
use crate::theory::engine::Engine;
use crate::theory::params::{ParamName, Params};
use crate::theory::risks::{self, Layer};
use crate::theory::sweep::Axis;

/// Points of the η_u scan. Equal to the explorer's curve resolution and built
/// by the same [`Axis::linspace`], so on the page the scan hits the fixed
/// points the η_u curve already solved. 127 = 2 · 63 + 1: every other point
/// is, to the bit, a row of the 64-row phase map (a step of 1/126 is exactly
/// half of 1/63), so the map's student solves are the curve's too.
pub const SCAN_POINTS: usize = 127;

/// η_u ∈ [0, 1] minimising the student's risk at η_t (the teacher does not
/// depend on η_u, so this also maximises the gain). `None` when the risk does
/// not depend on η_u (no group signal reaches the features).
pub fn eta_u_star(engine: &mut Engine, p: &Params, layer: Layer) -> Result<Option<f64>, Error> {
    if layer == Layer::ClosedForm {
        return Ok(risks::eta_u_star_closed_form(p));
    }
    let mut risk = |u: f64| -> Result<f64, Error> {
        Ok(engine
            .layer(&p.with(ParamName::EtaU, u)?, layer, false)?
            .student
            .at)
    };
    let grid = Axis::linspace(ParamName::EtaU, 0.0, 1.0, SCAN_POINTS)?.values;
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
    let last = SCAN_POINTS - 1;
    if best == 0 || best == last {
        // A minimum on the boundary of [0, 1] is kept exactly. (The risk is
        // smooth, so a grid minimum at an end with its neighbour higher is
        // the end itself up to the grid's resolution; refine towards it.)
        let inner = if best == 0 { 1 } else { last - 1 };
        let (x, fx) = brent_min(
            &mut risk,
            grid[best.min(inner)],
            grid[best.max(inner)],
            1e-11,
        )?;
        return Ok(Some(if fx < values[best] { x } else { grid[best] }));
    }
    let (x, _) = brent_min(&mut risk, grid[best - 1], grid[best + 1], 1e-11)?;
    Ok(Some(x))
}

/// Brent's minimisation (parabolic steps with a golden-section fallback) on
/// [a, b]; a handful of evaluations for a smooth function.
fn brent_min(
    f: &mut impl FnMut(f64) -> Result<f64, Error>,
    mut a: f64,
    mut b: f64,
    tol: f64,
) -> Result<(f64, f64), Error> {
    const GOLD: f64 = 0.381_966_011_250_105_1;
    let mut x = a + GOLD * (b - a);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x)?;
    let (mut fw, mut fv) = (fx, fx);
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..100 {
        let m = 0.5 * (a + b);
        let tol1 = tol + 1e-10 * x.abs();
        if (x - m).abs() <= 2.0 * tol1 - 0.5 * (b - a) {
            break;
        }
        let mut golden = true;
        if e.abs() > tol1 {
            // Parabola through (v, fv), (w, fw), (x, fx).
            let r = (x - w) * (fx - fv);
            let q0 = (x - v) * (fx - fw);
            let mut pnum = (x - v) * q0 - (x - w) * r;
            let mut q = 2.0 * (q0 - r);
            if q > 0.0 {
                pnum = -pnum;
            }
            q = q.abs();
            if pnum.abs() < (0.5 * q * e).abs() && pnum > q * (a - x) && pnum < q * (b - x) {
                e = d;
                d = pnum / q;
                let u = x + d;
                if u - a < 2.0 * tol1 || b - u < 2.0 * tol1 {
                    d = if m > x { tol1 } else { -tol1 };
                }
                golden = false;
            }
        }
        if golden {
            e = if x >= m { a - x } else { b - x };
            d = GOLD * e;
        }
        let u = if d.abs() >= tol1 {
            x + d
        } else {
            x + tol1.copysign(d)
        };
        let fu = f(u)?;
        if fu <= fx {
            if u >= x {
                a = x;
            } else {
                b = x;
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    Ok((x, fx))
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
