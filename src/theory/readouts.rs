//! The numbers the explorer shows at one state, each under a name: the
//! three layers' risks and gains, the exact verdict (+1 W2S happens, 0 no
//! gain up to rounding, −1 fails), the exact group risks, η_u* and the terms
//! substituted into the closed forms. The page reads them by name (the names
//! cross the wasm boundary once), so adding a readout cannot shift the others.

use super::engine::Evaluation;
use super::geometry::Geometry;
use super::risks::{Layer, LayerRisks, TheoremTerms};

/// What each layer reports, in order, named `LAYER.FIELD` (`exact.gain`).
const LAYER_FIELDS: [&str; 6] = [
    "teacher",
    "student",
    "ceiling",
    "gain",
    "relative-gain",
    "pgr",
];

/// What follows the layers, in order.
const OTHERS: [&str; 12] = [
    "exact.verdict",
    "exact.teacher-majority",
    "exact.teacher-minority",
    "exact.student-majority",
    "exact.student-minority",
    "closed-form.eta-u-star",
    "exact.eta-u-star",
    "theorem.p-shared",
    "theorem.mu-t2",
    "theorem.spurious",
    "theorem.rest",
    "theorem.shift",
];

/// The readouts' names, in the order [`values`] gives them.
pub fn names() -> Vec<String> {
    Layer::ALL
        .iter()
        .flat_map(|l| {
            // The page's names are kebab-case, as its parameter keys are.
            let layer = l.key().replace('_', "-");
            LAYER_FIELDS.iter().map(move |f| format!("{layer}.{f}"))
        })
        .chain(OTHERS.iter().map(|s| (*s).to_string()))
        .collect()
}

fn layer_values(l: &LayerRisks) -> [f64; 6] {
    [
        l.teacher.at,
        l.student.at,
        l.ceiling.map_or(f64::NAN, |c| c.at),
        l.gain(),
        l.relative_gain(),
        l.pgr().unwrap_or(f64::NAN),
    ]
}

/// The readouts at an evaluation, named by [`names`]; `eta_u_star` is
/// (closed form, exact), `None` where η_u has no effect. Total: what the
/// evaluation lacks (a layer not requested, an undefined PGR) reads NaN.
pub fn values(ev: &Evaluation, eta_u_star: [Option<f64>; 2]) -> Vec<f64> {
    let mut out = Vec::with_capacity(LAYER_FIELDS.len() * Layer::ALL.len() + OTHERS.len());
    for layer in Layer::ALL {
        out.extend(ev.layer(layer).map_or([f64::NAN; 6], layer_values));
    }
    out.push(ev.exact.map_or(f64::NAN, |x| x.verdict().sign()));
    out.extend(ev.exact.map_or([f64::NAN; 4], |x| {
        [
            x.teacher.majority,
            x.teacher.minority,
            x.student.majority,
            x.student.minority,
        ]
    }));
    out.extend(eta_u_star.map(|s| s.unwrap_or(f64::NAN)));
    let p = &ev.params;
    let t = TheoremTerms::of(p, &Geometry::new(p), p.eta_t);
    out.extend([t.p_shared, t.mu_t2, t.spurious, t.rest, t.shift]);
    out
}
