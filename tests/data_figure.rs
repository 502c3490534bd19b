//! The picture of the data (issue 12 §1): the pointwise risks along the
//! group direction, averaged numerically under each mixture's density, are
//! the exact theory's ER_T and ER_S at that mixture; and the figure that
//! draws them is wired into the dashboard, its words, its CSV and the CLI.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

mod common;

use common::assert_close;
use w2s::theory::pointwise::{self, AlongT};
use w2s::{Engine, Law, Layer, Params, RawParams};

/// ∫ f(t) dt by the trapezoid rule on [−12, √sep + 12] at step 1/200: the
/// integrands are a quadratic times Gaussians, for which the rule converges
/// geometrically (its error is far below 1e-12 at this step), and the tails
/// past 12 σ weigh less than 1e-30.
fn integrate(sep: f64, f: impl Fn(f64) -> f64) -> f64 {
    let (lo, hi) = (-12.0, sep.sqrt() + 12.0);
    let n = ((hi - lo) * 200.0).ceil() as usize;
    let h = (hi - lo) / n as f64;
    let inner: f64 = (1..n).map(|i| f(lo + i as f64 * h)).sum();
    h * (inner + 0.5 * (f(lo) + f(hi)))
}

/// The tolerance of the averages: the numerical integral against the exact
/// layer's risks (themselves computed to about 1e-12).
const REL: f64 = 1e-8;

/// The parameter sets: both laws, the defaults and the reference point,
/// sep = 0, ‖Ξ‖_F² = 0 and its maximum, ρ < 1 (ρ = 0 too), far-apart
/// groups, a student with no group features, and p near the regime edge.
fn settings() -> Vec<Params> {
    let base = [
        RawParams::default(),
        RawParams::reference(Law::Mixture),
        RawParams {
            sep: 0.0,
            ..RawParams::reference(Law::Mixture)
        },
        RawParams {
            xi2: 0.0,
            ..RawParams::reference(Law::Mixture)
        },
        RawParams {
            rho: 0.3,
            eta_u: 0.7,
            ..RawParams::reference(Law::Mixture)
        },
        RawParams {
            rho: 0.0,
            xi2: 2.0,
            sep: 9.0,
            ..RawParams::reference(Law::Mixture)
        },
        RawParams {
            sep: 30.0,
            eta_l: 0.3,
            eta_u: 0.9,
            eta_t: 0.2,
            p_t: 6,
            p_s: 4,
            xi2: 3.0,
            gamma: 0.12,
            nu: 0.2,
            ..RawParams::default()
        },
        RawParams {
            p_s: 1,
            xi2: 0.0,
            ..RawParams::reference(Law::Mixture)
        },
        RawParams {
            p_t: 1,
            p_s: 1,
            xi2: 0.0,
            ..RawParams::reference(Law::Mixture)
        },
    ];
    Law::ALL
        .into_iter()
        .flat_map(|law| base.iter().map(move |r| RawParams { law, ..*r }))
        .map(|r| Params::new(r).expect("valid test parameters"))
        .collect()
}

/// The average of a pointwise risk under D(η), numerically.
fn averaged(p: &Params, r: &AlongT, eta: f64) -> f64 {
    integrate(p.sep, |t| {
        r.at(t) * pointwise::density(p.law, p.sep, eta, t)
    })
}

#[test]
fn the_pointwise_risks_average_to_the_exact_risks_under_every_mixture() {
    let mut engine = Engine::new();
    let mut checked = 0;
    for p in settings() {
        let pw = pointwise::of_layer(&mut engine, &p, Layer::Exact).expect("computes");
        // At the test mixture, and at the others: the risk at test mixture η
        // is the pointwise risk averaged under D(η).
        for eta in [p.eta_t, p.eta_l, p.eta_u, 0.0, 0.37, 1.0] {
            let q = p.with(w2s::ParamName::EtaT, eta).expect("valid η_t");
            let exact = engine.layer(&q, Layer::Exact, false).expect("exact layer");
            let what = |who: &str| format!("{who} at η = {eta}, {:?}", p.raw());
            assert_close(
                averaged(&p, &pw.teacher, eta),
                exact.teacher.at,
                REL,
                &what("ER_T"),
            );
            assert_close(
                averaged(&p, &pw.student, eta),
                exact.student.at,
                REL,
                &what("ER_S"),
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * 9 * 6);
}

#[test]
fn the_first_order_layer_averages_to_its_risks_too() {
    let mut engine = Engine::new();
    for p in settings() {
        let pw = pointwise::of_layer(&mut engine, &p, Layer::FirstOrder).expect("computes");
        let first = engine.layer(&p, Layer::FirstOrder, false).expect("layer");
        assert_close(
            averaged(&p, &pw.teacher, p.eta_t),
            first.teacher.at,
            REL,
            "first-order ER_T",
        );
        assert_close(
            averaged(&p, &pw.student, p.eta_t),
            first.student.at,
            REL,
            "first-order ER_S",
        );
    }
}

#[test]
fn the_densities_are_the_laws_of_the_group_coordinate() {
    for p in settings() {
        let root = p.sep.sqrt();
        for eta in [0.0, 0.1, 0.5, 1.0] {
            let mass = integrate(p.sep, |t| pointwise::density(p.law, p.sep, eta, t));
            let mean = integrate(p.sep, |t| t * pointwise::density(p.law, p.sep, eta, t));
            assert_close(mass, 1.0, 1e-12, "total mass");
            assert!(
                (mean - eta * root).abs() <= 1e-10 * (1.0 + root),
                "mean {mean} vs η√sep = {}",
                eta * root
            );
        }
        // The mixture's bumps sit at 0 (majority) and √sep (minority).
        if p.law == Law::Mixture && p.sep >= 30.0 {
            let d = |t: f64| pointwise::density(p.law, p.sep, 0.3, t);
            assert!(d(0.0) > d(0.5 * root) && d(root) > d(0.5 * root));
            assert_close(d(0.0) / d(root), 0.7 / 0.3, 1e-5, "bump heights");
        }
    }
}

#[test]
fn the_closed_form_average_agrees_with_the_integral() {
    let mut engine = Engine::new();
    for p in settings() {
        let pw = pointwise::of_layer(&mut engine, &p, Layer::Exact).expect("computes");
        for r in [pw.teacher, pw.student] {
            assert_close(
                r.average(p.law, p.sep, p.eta_t),
                averaged(&p, &r, p.eta_t),
                REL,
                "AlongT::average",
            );
        }
    }
    assert!(pointwise::of_layer(&mut engine, &settings()[0], Layer::ClosedForm).is_err());
}
