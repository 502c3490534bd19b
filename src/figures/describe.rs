//! Each figure in words, computed at the state drawn: what it shows and its
//! key numbers (where the gain peaks, where it turns negative). The page
//! gives it to screen readers on the canvas and as the alt text of exported
//! and embedded images; [`caption`] is the state itself in words, printed
//! under an exported figure so a slide says what it shows.

use super::Figure;
use super::dashboard::{Curve, Dashboard, MapPair};
use crate::theory::params::{Law, ParamName, Params};
use crate::theory::risks::{Layer, LayerRisks, Verdict};

/// A number as prose shows it: four significant digits, no "-0".
pub(super) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "undefined".into();
    }
    let x = if x == 0.0 { 0.0 } else { x };
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// The parameters of a state in words, in the page's reading order.
pub fn caption(p: &Params) -> String {
    use ParamName::*;
    let at = |names: &[ParamName]| -> String {
        names
            .iter()
            .map(|n| format!("{} = {}", n.spec().symbol, num(p.raw().get(*n))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} law · {} · {} · {} · {}",
        p.law.name(),
        at(&[EtaL, EtaU, EtaT]),
        at(&[Gamma, Nu]),
        at(&[Sep, Xi2]),
        at(&[PT, PS, Rho, SigmaY2]),
    )
}

/// The exact layer along a curve, as (x, risks) pairs.
fn exact(c: &Curve) -> impl Iterator<Item = (f64, &LayerRisks)> {
    c.axis
        .values
        .iter()
        .zip(&c.evaluations)
        .filter_map(|(x, e)| Some((*x, e.layer(Layer::Exact)?)))
}

/// The x of the largest value of `f` along a curve, and that value.
fn peak(c: &Curve, f: impl Fn(&LayerRisks) -> f64) -> Option<(f64, f64)> {
    exact(c)
        .map(|(x, l)| (x, f(l)))
        .filter(|(_, v)| v.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// Where along a curve W2S fails, as "for η_u from a to b" (the first and
/// last failing points), or that it never does.
fn failing(c: &Curve, name: &str) -> String {
    let fails: Vec<f64> = exact(c)
        .filter(|(_, l)| l.verdict() == Verdict::Fails)
        .map(|(x, _)| x)
        .collect();
    match (fails.first(), fails.last()) {
        (Some(a), Some(b)) if fails.len() == c.axis.values.len() => {
            format!(
                "W2S fails along the whole range of {name} ({} to {})",
                num(*a),
                num(*b)
            )
        }
        (Some(a), Some(b)) => format!(
            "W2S fails for {name} between {} and {} ({} of {} points)",
            num(*a),
            num(*b),
            fails.len(),
            c.axis.values.len()
        ),
        _ => format!("the gain is not negative anywhere along {name}"),
    }
}

fn eta_u(d: &Dashboard) -> String {
    let p = &d.point.params;
    let now = d.point.exact.as_ref();
    let mut s = format!(
        "Teacher and student excess risk and the W2S gain against η_u, the minority fraction of \
         the unlabeled data, with η_ℓ = {} marked.",
        num(p.eta_l)
    );
    if let Some(x) = now {
        s.push_str(&format!(
            " At η_u = {}: teacher {}, student {}, gain {}.",
            num(p.eta_u),
            num(x.teacher.at),
            num(x.student.at),
            num(x.gain())
        ));
    }
    if let Some((u, g)) = peak(&d.eta_u, LayerRisks::gain) {
        s.push_str(&format!(
            " The gain is largest, {}, at η_u = {}",
            num(g),
            num(u)
        ));
        s.push_str(&format!("; {}.", failing(&d.eta_u, "η_u")));
    }
    s
}

fn mismatch(d: &Dashboard) -> String {
    let eta_l = d.point.params.eta_l;
    let ends = |above: bool| {
        let mut pts: Vec<(f64, f64)> = exact(&d.eta_u)
            .filter(|(u, _)| if above { *u >= eta_l } else { *u <= eta_l })
            .map(|(u, l)| ((u - eta_l).powi(2), l.gain()))
            .collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        Some((*pts.first()?, *pts.last()?))
    };
    let mut s = "The exact W2S gain against the squared mismatch (η_u − η_ℓ)², one branch for η_u \
                 above η_ℓ and one below."
        .to_string();
    for (above, name) in [(true, "Above"), (false, "Below")] {
        if let Some(((x0, g0), (x1, g1))) = ends(above)
            && x1 > x0
        {
            s.push_str(&format!(
                " {name} η_ℓ the gain goes from {} at (η_u − η_ℓ)² = {} to {} at {}.",
                num(g0),
                num(x0),
                num(g1),
                num(x1)
            ));
        }
    }
    s
}

fn phase_map(d: &Dashboard) -> String {
    let finite: Vec<(usize, f64)> = d
        .map
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .collect();
    let (ax, ay) = (&d.map_axes.x, &d.map_axes.y);
    let (sx, sy) = (ax.param.spec().symbol, ay.param.spec().symbol);
    let nx = ax.values.len().max(1);
    let at = |k: usize| {
        format!(
            "({sx}, {sy}) = ({}, {})",
            num(ax.values[k % nx]),
            num(ay.values[k / nx])
        )
    };
    let over = if d.map_axes.pair() == MapPair::default() {
        "the labeled and unlabeled minority fractions (η_ℓ, η_u)".to_string()
    } else {
        format!(
            "{sx} ({}) from {} to {} and {sy} ({}) from {} to {}",
            ax.param.spec().meaning,
            num(ax.values[0]),
            num(ax.values[nx - 1]),
            ay.param.spec().meaning,
            num(ay.values[0]),
            num(ay.values[ay.values.len() - 1])
        )
    };
    let mut s = format!(
        "The relative W2S gain (ER_T − ER_S)/ER_T over {over}; a black line marks where the gain is zero."
    );
    let best = finite.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let worst = finite.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some(best), Some(worst)) = (best, worst) {
        let negative = finite.iter().filter(|(_, v)| *v < 0.0).count();
        s.push_str(&format!(
            " It is negative on {} % of the map; largest {} at {}, smallest {} at {}.",
            num(100.0 * negative as f64 / finite.len() as f64),
            num(best.1),
            at(best.0),
            num(worst.1),
            at(worst.0)
        ));
    }
    let outside = d.map.len() - finite.len();
    if outside > 0 {
        s.push_str(&format!(
            " {outside} of its {} cells are outside the theory's regime (grey, not computed).",
            d.map.len()
        ));
    }
    s
}

fn eta_t(d: &Dashboard) -> String {
    let mut s = "Teacher and student excess risk against η_t, the minority fraction of the test \
                 data (0: the majority group only, 1: the minority group only)."
        .to_string();
    if let Some(x) = d.point.exact.as_ref() {
        for (who, g) in [("teacher", x.teacher), ("student", x.student)] {
            s.push_str(&format!(
                " The {who}'s risk is {} on the majority and {} on the minority group (worst: {}).",
                num(g.majority),
                num(g.minority),
                g.worst_group()
            ));
        }
    }
    s
}

fn along(c: &Curve, name: &str, now: f64) -> String {
    let first = exact(c).next();
    let last = exact(c).last();
    match (first, last) {
        (Some((x0, a)), Some((x1, b))) => format!(
            " Against {name} (now {}): from {} at {} to {} at {}; {}.",
            num(now),
            num(a.gain()),
            num(x0),
            num(b.gain()),
            num(x1),
            failing(c, name)
        ),
        _ => String::new(),
    }
}

fn similarity(d: &Dashboard) -> String {
    let p = &d.point.params;
    format!(
        "The exact W2S gain against the overlap ‖Ξ‖_F² of the teacher's and the student's \
         group features (left) and against ν_z = d_z/N, fewer pseudo-labels to the right \
         (right).{}{}",
        along(&d.xi2, "‖Ξ‖_F²", p.xi2),
        along(&d.nu, "ν_z", p.nu)
    )
}

/// Where a mixture's mass sits along t, in words.
fn mass(p: &Params, eta: f64) -> String {
    let root = p.sep.sqrt();
    match p.law {
        Law::Mixture if p.sep > 0.0 => format!(
            "{} % at the majority's 0 and {} % at the minority's {}",
            num(100.0 * (1.0 - eta)),
            num(100.0 * eta),
            num(root)
        ),
        _ => format!("one bump at {}", num(eta * root)),
    }
}

/// Where a pointwise risk is largest on the drawn t range, and its value.
fn largest(t: &[f64], v: &[f64]) -> (f64, f64) {
    t.iter()
        .copied()
        .zip(v.iter().copied())
        .filter(|(_, r)| r.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((f64::NAN, f64::NAN))
}

fn data(d: &Dashboard) -> String {
    let p = &d.point.params;
    let pic = &d.data;
    let mut s = format!(
        "The data along t, the group features' coordinate on μ_ξ (units of σ_ξ; {} law, \
         √sep = {}): labeled D(η_ℓ = {}) has {}; unlabeled D(η_u = {}) has {}; test \
         D(η_t = {}) has {}.",
        p.law.name(),
        num(p.sep.sqrt()),
        num(p.eta_l),
        mass(p, p.eta_l),
        num(p.eta_u),
        mass(p, p.eta_u),
        num(p.eta_t),
        mass(p, p.eta_t)
    );
    let (t_lo, t_hi) = (
        pic.t.first().copied().unwrap_or(f64::NAN),
        pic.t.last().copied().unwrap_or(f64::NAN),
    );
    for (who, v) in [("teacher", &pic.teacher), ("student", &pic.student)] {
        let (t, r) = largest(&pic.t, v);
        s.push_str(&format!(
            " The {who}'s exact pointwise risk is largest on t from {} to {} at t = {} ({}).",
            num(t_lo),
            num(t_hi),
            num(t),
            num(r)
        ));
    }
    if let Some(x) = d.point.exact.as_ref() {
        s.push_str(&format!(
            " Averaged over the test data they are ER_T = {} and ER_S = {}.",
            num(x.teacher.at),
            num(x.student.at)
        ));
    }
    s
}

/// The figure in words at the state of the dashboard (exact layer).
pub fn describe(figure: Figure, d: &Dashboard) -> String {
    let mut out = match figure {
        Figure::EtaU => eta_u(d),
        Figure::Mismatch => mismatch(d),
        Figure::PhaseMap => phase_map(d),
        Figure::EtaT => eta_t(d),
        Figure::Similarity => similarity(d),
        Figure::Data => data(d),
    };
    out.push_str(&pinned(d));
    out
}

/// The pinned states, drawn faint: what differs and the exact gain there.
fn pinned(d: &Dashboard) -> String {
    let mut out = String::new();
    for (k, pin) in d.pins.iter().enumerate() {
        let gain = pin
            .board
            .point
            .exact
            .as_ref()
            .map_or(f64::NAN, LayerRisks::gain);
        out.push_str(&format!(
            " Drawn faint, {}: its exact gain is {}.",
            super::pins::label(k, &d.point.params, &pin.params),
            num(gain)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_read_as_prose() {
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-1e-9), "0");
        assert_eq!(num(4.0), "4");
        assert_eq!(num(1234.6), "1235");
        assert_eq!(num(f64::NAN), "undefined");
    }
}
