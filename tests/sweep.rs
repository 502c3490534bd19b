//! Sweeps agree with point-wise evaluation, reuse work, and refuse ranges
//! that leave the theory's regime.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

mod common;

use common::params;
use w2s::figures::dashboard::{self, CURVE_POINTS, MAP_SIZE, SMALL_CURVE_POINTS};
use w2s::theory::sweep::{Axis, sweep};
use w2s::{Engine, Error, Layer, ParamName, Params, Request};

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * b.abs().max(1e-12)
}

fn assert_matches_pointwise(base: &Params, axes: &[Axis]) {
    let mut engine = Engine::new();
    let evs = sweep(&mut engine, base, axes, Request::ALL).unwrap();
    assert_eq!(
        evs.len(),
        axes.iter().map(|a| a.values.len()).product::<usize>()
    );
    for ev in &evs {
        let fresh = Engine::without_reuse()
            .evaluate(&ev.params, Request::ALL)
            .unwrap();
        for layer in Layer::ALL {
            let (a, b) = (ev.layer(layer).unwrap(), fresh.layer(layer).unwrap());
            for (x, y) in [
                (a.teacher.at, b.teacher.at),
                (a.student.at, b.student.at),
                (a.student.minority, b.student.minority),
                (a.ceiling.unwrap().at, b.ceiling.unwrap().at),
            ] {
                assert!(same(x, y), "{layer:?} at {:?}: {x} vs {y}", ev.params);
            }
        }
    }
}

#[test]
fn one_dimensional_sweeps_match_pointwise_evaluation() {
    let base = Params::default();
    for (name, from, to) in [
        (ParamName::EtaL, 0.0, 1.0),
        (ParamName::EtaU, 0.0, 1.0),
        (ParamName::EtaT, 0.0, 1.0),
        (ParamName::Gamma, 0.001, 0.16),
        (ParamName::Nu, 0.0, 0.33),
        (ParamName::Sep, 0.0, 30.0),
        (ParamName::Xi2, 0.0, 2.0),
        (ParamName::Rho, 0.0, 1.0),
    ] {
        assert_matches_pointwise(&base, &[Axis::linspace(name, from, to, 13).unwrap()]);
    }
}

#[test]
fn grids_match_pointwise_evaluation_and_order_the_last_axis_fastest() {
    let base = params(|r| r.law = w2s::Law::Surrogate);
    let x = Axis::linspace(ParamName::EtaL, 0.0, 1.0, 5).unwrap();
    let y = Axis::linspace(ParamName::EtaU, 0.0, 1.0, 4).unwrap();
    assert_matches_pointwise(&base, &[x.clone(), y.clone()]);
    let evs = sweep(
        &mut Engine::new(),
        &base,
        &[x.clone(), y.clone()],
        Request::EXACT_ONLY,
    )
    .unwrap();
    assert_eq!(evs[1].params.eta_l, 0.0);
    assert_eq!(evs[1].params.eta_u, y.values[1]);
    assert_eq!(evs[4].params.eta_l, x.values[1]);
}

#[test]
fn sweeps_reuse_what_the_varied_parameter_does_not_touch() {
    let base = Params::default();
    let mut engine = Engine::new();
    let axis = Axis::linspace(ParamName::EtaU, 0.0, 1.0, 50).unwrap();
    sweep(&mut engine, &base, &[axis], Request::EXACT_ONLY).unwrap();
    // One teacher, fifty students.
    assert_eq!(engine.stats.fixed_point_solves, 51);
    // Moving η_t afterwards solves no fixed point at all.
    let before = engine.stats.fixed_point_solves;
    let axis = Axis::linspace(ParamName::EtaU, 0.0, 1.0, 50).unwrap();
    sweep(
        &mut engine,
        &base.with(ParamName::EtaT, 0.9).unwrap(),
        &[axis],
        Request::EXACT_ONLY,
    )
    .unwrap();
    assert_eq!(engine.stats.fixed_point_solves, before);
    // A 64 × 64 (η_ℓ, η_u) map: 64 teachers and 64 students, not 4096 of each.
    let mut engine = Engine::new();
    let l = Axis::linspace(ParamName::EtaL, 0.0, 1.0, 64).unwrap();
    let u = Axis::linspace(ParamName::EtaU, 0.0, 1.0, 64).unwrap();
    sweep(&mut engine, &base, &[u, l], Request::EXACT_ONLY).unwrap();
    assert_eq!(engine.stats.fixed_point_solves, 128);
}

#[test]
fn ranges_outside_the_regime_are_refused_in_words() {
    let base = Params::default();
    let axis = Axis::linspace(ParamName::Gamma, 0.01, 0.3, 11).unwrap();
    let err = sweep(&mut Engine::new(), &base, &[axis], Request::ALL).unwrap_err();
    assert!(matches!(err, Error::Param(_)));
    assert!(
        err.to_string()
            .contains("outside the regime the theory covers"),
        "{err}"
    );
    let axis = Axis::linspace(ParamName::EtaU, 0.0, 1.5, 11).unwrap();
    let err = sweep(&mut Engine::new(), &base, &[axis], Request::ALL).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("eta-u (η_u) = 1.05 is out of range"),
        "{err}"
    );
    assert!(Axis::linspace(ParamName::EtaU, 0.0, 1.0, 1).is_err());
    assert!(Axis::linspace(ParamName::EtaU, f64::NAN, 1.0, 5).is_err());
}

#[test]
fn the_dashboard_has_every_curve_and_the_map() {
    let p = Params::default();
    let mut engine = Engine::new();
    let d = dashboard::compute(&mut engine, &p, Layer::Exact).unwrap();
    for (curve, n) in [
        (&d.eta_u, CURVE_POINTS),
        (&d.eta_t, CURVE_POINTS),
        (&d.xi2, SMALL_CURVE_POINTS),
        (&d.nu, SMALL_CURVE_POINTS),
    ] {
        assert_eq!(curve.axis.values.len(), n);
        assert_eq!(curve.evaluations.len(), n);
    }
    // Each curve runs over its stated range, and its points are the
    // parameters evaluated one by one in a fresh engine.
    let ends = [
        (&d.eta_u, ParamName::EtaU, 1.0),
        (&d.eta_t, ParamName::EtaT, 1.0),
        (&d.xi2, ParamName::Xi2, (p.p_s - 1) as f64),
        (&d.nu, ParamName::Nu, dashboard::NU_REACH / p.p_s as f64),
    ];
    for (curve, name, end) in ends {
        let (axis, evs) = (&curve.axis, &curve.evaluations);
        assert_eq!((axis.param, axis.values[0]), (name, 0.0));
        assert!(
            same(*axis.values.last().unwrap(), end),
            "{name:?} ends at {end}"
        );
        for k in (0..evs.len()).step_by(17) {
            let q = p.with(name, axis.values[k]).unwrap();
            assert_eq!(evs[k].params, q, "{name:?} point {k}");
            let alone = Engine::without_reuse().evaluate(&q, Request::ALL).unwrap();
            for layer in Layer::ALL {
                let (a, b) = (evs[k].layer(layer).unwrap(), alone.layer(layer).unwrap());
                assert!(same(a.teacher.at, b.teacher.at) && same(a.student.at, b.student.at));
            }
        }
    }
    // Every map row's η_u is, to the bit, a point of the η_u curve, so a
    // frame solves each of the map's students once, for the curve.
    for (j, u) in d.map_axes.y.values.iter().enumerate() {
        let k = j * (CURVE_POINTS - 1) / (MAP_SIZE - 1);
        assert_eq!(u.to_bits(), d.eta_u.axis.values[k].to_bits(), "map row {j}");
    }
    // The map: index = i_u · MAP_SIZE + i_ℓ (cells off the diagonal tell the
    // two orders apart), each cell the exact relative gain at its point.
    assert_eq!(d.map.len(), MAP_SIZE * MAP_SIZE);
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    for (il, iu) in [(0, 0), (5, 40), (40, 5), (63, 0), (0, 63), (31, 62)] {
        let cell = p
            .with(ParamName::EtaL, xs[il])
            .unwrap()
            .with(ParamName::EtaU, ys[iu])
            .unwrap();
        let alone = Engine::new().layer(&cell, Layer::Exact, false).unwrap();
        let got = d.map[iu * MAP_SIZE + il];
        assert!(
            same(got, alone.relative_gain()),
            "cell (η_ℓ {}, η_u {}): {got} vs {}",
            xs[il],
            ys[iu],
            alone.relative_gain()
        );
    }
    // The point and η_u* are the library's own answers at p.
    let point = Engine::new().evaluate(&p, Request::ALL).unwrap();
    let (a, b) = (d.point.exact.unwrap(), point.exact.unwrap());
    assert!(same(a.pgr().unwrap(), b.pgr().unwrap()) && same(a.gain(), b.gain()));
    for (k, layer) in [Layer::ClosedForm, Layer::Exact].into_iter().enumerate() {
        let star = w2s::theory::analysis::eta_u_star(&mut Engine::new(), &p, layer).unwrap();
        assert_eq!(d.eta_u_star[k], star, "{layer:?}");
    }
}

#[test]
fn the_relative_gain_grid_equals_point_evaluations_in_every_layer() {
    // The grid combines each row's student with each column's teacher; every
    // cell must equal the point evaluated on its own, in a fresh engine.
    let p = Params::default()
        .with(ParamName::Sep, 7.0)
        .unwrap()
        .with(ParamName::EtaT, 0.3)
        .unwrap();
    let eta_l = [0.0, 0.15, 0.5, 1.0];
    let eta_u = [0.05, 0.4, 0.95];
    for layer in [Layer::ClosedForm, Layer::FirstOrder, Layer::Exact] {
        let grid = Engine::new()
            .relative_gain_grid(&p, layer, &eta_l, &eta_u)
            .unwrap();
        assert_eq!(grid.len(), eta_l.len() * eta_u.len());
        for (i, &u) in eta_u.iter().enumerate() {
            for (j, &l) in eta_l.iter().enumerate() {
                let cell = p
                    .with(ParamName::EtaL, l)
                    .unwrap()
                    .with(ParamName::EtaU, u)
                    .unwrap();
                let alone = Engine::new().layer(&cell, layer, false).unwrap();
                let got = grid[i * eta_l.len() + j];
                assert!(
                    (got - alone.relative_gain()).abs() <= 1e-12,
                    "{layer:?} at η_ℓ = {l}, η_u = {u}: grid {got} vs point {}",
                    alone.relative_gain()
                );
            }
        }
    }
}
