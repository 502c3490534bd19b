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

// ---- the figure, as the dashboard computes and draws it ----

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use w2s::figures::dashboard::{self, DATA_POINTS, DATA_REACH, Dashboard};
use w2s::figures::describe::describe;
use w2s::figures::{self, Figure, Overlay, Style, csv};

fn board(p: &Params) -> Dashboard {
    dashboard::compute(&mut Engine::new(), p, Layer::Exact).expect("computes")
}

#[test]
fn the_dashboard_carries_the_curves_the_theory_gives() {
    for p in settings() {
        let d = board(&p);
        let pic = &d.data;
        assert_eq!(pic.t.len(), DATA_POINTS);
        assert_close(pic.t[0], -DATA_REACH, 1e-12, "t from");
        let end = p.sep.sqrt() + DATA_REACH;
        assert!((pic.t[DATA_POINTS - 1] - end).abs() < 1e-12, "t to {end}");
        let pw = pointwise::of_layer(&mut Engine::new(), &p, Layer::Exact).expect("computes");
        for (i, &t) in pic.t.iter().enumerate() {
            assert_close(pic.teacher[i], pw.teacher.at(t), 1e-12, "teacher at t");
            assert_close(pic.student[i], pw.student.at(t), 1e-12, "student at t");
            for (k, eta) in [p.eta_l, p.eta_u, p.eta_t].into_iter().enumerate() {
                let want = pointwise::density(p.law, p.sep, eta, t);
                assert!(
                    (pic.density[k][i] - want).abs() <= 1e-15,
                    "density {k} at {t}"
                );
            }
        }
        // The drawn curves alone, by the trapezoid rule on their 201 points:
        // the ±3.5 σ range leaves out about 2e-4 of each group's mass, and
        // the risk there is a few times its average.
        let h = pic.t[1] - pic.t[0];
        let trap = |v: &[f64], w: &[f64]| {
            let f: Vec<f64> = v.iter().zip(w).map(|(a, b)| a * b).collect();
            h * (f.iter().sum::<f64>() - 0.5 * (f[0] + f[f.len() - 1]))
        };
        let exact = d.point.exact.as_ref().expect("exact layer");
        assert_close(
            trap(&pic.teacher, &pic.density[2]),
            exact.teacher.at,
            3e-3,
            "drawn ER_T",
        );
        assert_close(
            trap(&pic.student, &pic.density[2]),
            exact.student.at,
            3e-3,
            "drawn ER_S",
        );
    }
}

fn svg(d: &Dashboard) -> (String, usize) {
    let mut out = String::new();
    let frames;
    {
        let area = SVGBackend::with_string(&mut out, (900, 560)).into_drawing_area();
        frames = figures::draw(
            &area,
            Figure::Data,
            d,
            &Style::default(),
            &Overlay::default(),
        )
        .expect("draws")
        .len();
        area.present().expect("presents");
    }
    (out, frames)
}

#[test]
fn the_figure_draws_two_panels_with_every_mixture_named() {
    let p = common::params(|r| {
        r.sep = 16.0;
        r.eta_u = 0.6;
    });
    let d = board(&p);
    let (s, frames) = svg(&d);
    assert_eq!(frames, 2, "risk panel over density panel");
    for text in [
        "teacher's risk at t",
        "student's",
        "test average: ER_T, ER_S",
        "labeled (η_ℓ = 0.1)",
        "unlabeled (η_u = 0.6)",
        "test (η_t = 0.5)",
        "majority",
        "minority",
    ] {
        let escaped = text.replace('\'', "&apos;");
        assert!(s.contains(&escaped), "no '{text}' in the figure");
    }
    // Each mixture's colour is stroked, and the teacher's and student's.
    for rgb in ["#E69F00", "#56B4E9", "#282828", "#AA3377", "#0050A0"] {
        assert!(s.contains(rgb), "nothing drawn in {rgb}");
    }
    assert!(!s.contains(">-0<") && !s.contains(">-0.0<"), "a -0 tick");
    // At sep = 0 the two groups' names share one label.
    let (flat, _) = svg(&board(&common::params(|r| r.sep = 0.0)));
    assert!(flat.contains("majority, minority"));
}

#[test]
fn the_figure_in_words_and_as_csv() {
    let p = common::params(|r| {
        r.sep = 16.0;
        r.eta_u = 0.6;
    });
    let d = board(&p);
    let text = describe(Figure::Data, &d);
    for part in [
        "labeled D(η_ℓ = 0.1) has 90 % at the majority's 0 and 10 % at the minority's 4",
        "unlabeled D(η_u = 0.6) has 40 % at the majority's 0 and 60 % at the minority's 4",
        "The teacher's exact pointwise risk is largest",
    ] {
        assert!(text.contains(part), "{text}");
    }
    let surrogate = board(
        &Params::new(RawParams {
            law: Law::Surrogate,
            ..p.raw()
        })
        .expect("valid"),
    );
    assert!(describe(Figure::Data, &surrogate).contains("test D(η_t = 0.5) has one bump at 2"));
    let table = csv(Figure::Data, &d);
    let rows: Vec<&str> = table.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rows[0],
        "t,teacher_exact,student_exact,density_labeled,density_unlabeled,density_test"
    );
    assert_eq!(rows.len(), 1 + DATA_POINTS);
    let mid: Vec<f64> = rows[101]
        .split(',')
        .map(|v| v.parse().expect("a number"))
        .collect();
    assert_eq!(mid.len(), 6);
    assert_eq!(mid[0], d.data.t[100]);
    assert_eq!(mid[1], d.data.teacher[100]);
    assert_eq!(mid[5], d.data.density[2][100]);
}

#[test]
fn w2s_figure_writes_the_data_figure() {
    let dir = std::env::temp_dir().join(format!("w2s-data-figure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("f.svg");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(["figure", "data", "--sep", "9", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let s = std::fs::read_to_string(&out).expect("written");
    assert!(s.contains("<title>The data along μ_ξ: group mixtures and pointwise risk</title>"));
    assert!(s.contains("test (η_t = 0.5)") && s.contains("√sep = 3"));
    let png = dir.join("f.png");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(["figure", "data", "--out"])
        .arg(&png)
        .output()
        .expect("runs");
    assert!(run.status.success());
    assert!(
        std::fs::read(&png)
            .expect("written")
            .starts_with(b"\x89PNG")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
