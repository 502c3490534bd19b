//! The phase map over any two parameters: the default (η_ℓ, η_u) map is the
//! fast path's, cell for cell; any other pair's cells are the theory at
//! their points; cells outside the regime are marked and never solved; the
//! CLI's sweep and figure give the same grid.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a check that cannot go on fails loudly"
)]

use std::process::Command;

use w2s::figures::dashboard::{self, MAP_SIZE, MapAxes, MapPair, Needs};
use w2s::figures::{Figure, csv, describe::describe};
use w2s::theory::sweep::Axis;
use w2s::{Engine, Layer, ParamName, Params, Request};

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * b.abs().max(1e-12)
}

fn pair(x: ParamName, y: ParamName) -> MapPair {
    MapPair::new(x, y).unwrap()
}

#[test]
fn the_default_map_is_the_eta_grid_fast_path_bit_for_bit() {
    let p = Params::default().with(ParamName::Sep, 7.0).unwrap();
    let d = dashboard::compute(&mut Engine::new(), &p, Layer::Exact).unwrap();
    assert_eq!(d.map_axes.pair(), MapPair::default());
    let eta = Axis::linspace(ParamName::EtaL, 0.0, 1.0, MAP_SIZE).unwrap();
    assert_eq!(d.map_axes.x.values, eta.values);
    assert_eq!(d.map_axes.y.values, eta.values);
    let grid = Engine::new()
        .relative_gain_grid(&p, Layer::Exact, &eta.values, &eta.values)
        .unwrap();
    // The general function gives this pair the same bits (its fast path;
    // cell by cell through the caches would too, only slower).
    let axes = MapAxes::of(MapPair::default()).unwrap();
    let general = Engine::new()
        .relative_gain_map(&p, Layer::Exact, &axes.x, &axes.y)
        .unwrap();
    assert_eq!(d.map.len(), MAP_SIZE * MAP_SIZE);
    for (k, (a, b)) in general.iter().zip(&grid).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "cell {k}: {a} vs {b}");
        // The dashboard's engine solved the curves first (other warm starts).
        assert!(same(d.map[k], *b), "cell {k}: {} vs {b}", d.map[k]);
    }
    // Its title, CSV columns and words are what they were.
    assert_eq!(d.title(Figure::PhaseMap), "Relative gain over (η_ℓ, η_u)");
    assert!(csv(Figure::PhaseMap, &d).contains("\neta_l,eta_u,relative_gain_exact\n"));
    assert!(describe(Figure::PhaseMap, &d).contains("minority fractions (η_ℓ, η_u)"));
}

#[test]
fn a_gamma_sep_map_is_the_theory_at_each_cell() {
    let p = Params::default()
        .with(ParamName::EtaU, 0.9)
        .unwrap()
        .with(ParamName::Xi2, 0.0)
        .unwrap();
    let needs = Needs::ALL;
    let pair = pair(ParamName::Gamma, ParamName::Sep);
    let d = dashboard::compute_with(&mut Engine::new(), &p, Layer::Exact, needs, pair).unwrap();
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    assert_eq!((xs[0], xs[MAP_SIZE - 1]), (0.001, 0.16));
    assert_eq!((ys[0], ys[MAP_SIZE - 1]), (0.0, 30.0));
    // A cold engine per the whole check: no cache, no warm start.
    let mut cold = Engine::without_reuse();
    let req = Request {
        first_order: false,
        exact: true,
        ceiling: false,
    };
    for (iy, &sep) in ys.iter().enumerate() {
        for (ix, &gamma) in xs.iter().enumerate() {
            let cell = p
                .with(ParamName::Gamma, gamma)
                .unwrap()
                .with(ParamName::Sep, sep)
                .unwrap();
            let ev = cold.evaluate(&cell, req).unwrap();
            let k = iy * MAP_SIZE + ix;
            let (exact, closed) = (
                ev.exact.unwrap().relative_gain(),
                ev.closed_form.relative_gain(),
            );
            assert!(
                same(d.map[k], exact),
                "cell ({ix}, {iy}): {} vs {exact}",
                d.map[k]
            );
            assert!(
                same(d.map_closed_form[k], closed),
                "closed form at ({ix}, {iy})"
            );
        }
    }
    assert_eq!(
        d.title(Figure::PhaseMap),
        "Relative gain over (γ_z, ‖μ_ξ‖²/σ_ξ²)"
    );
    let table = csv(Figure::PhaseMap, &d);
    assert!(
        table.contains("\ngamma,sep,relative_gain_exact\n0.001,0,"),
        "{}",
        &table[..400]
    );
    let words = describe(Figure::PhaseMap, &d);
    assert!(
        words.contains("γ_z (core features per labeled sample) from 0.001 to 0.16"),
        "{words}"
    );
}

#[test]
fn cells_outside_the_regime_are_marked_and_never_solved() {
    // p_T = 8: γ_z must stay below 0.9999/8 ≈ 0.125, inside the map's 0.16.
    let p = Params::default().with(ParamName::PT, 8.0).unwrap();
    let axes = MapAxes::of(pair(ParamName::Gamma, ParamName::Sep)).unwrap();
    let mut engine = Engine::new();
    let map = engine
        .relative_gain_map(&p, Layer::Exact, &axes.x, &axes.y)
        .unwrap();
    let mut inside = 0;
    for (k, v) in map.iter().enumerate() {
        let (g, s) = (axes.x.values[k % MAP_SIZE], axes.y.values[k / MAP_SIZE]);
        let fits = p
            .with(ParamName::Gamma, g)
            .and_then(|q| q.with(ParamName::Sep, s));
        assert_eq!(fits.is_ok(), v.is_finite(), "γ_z = {g}, sep = {s}: {v}");
        inside += usize::from(fits.is_ok());
    }
    let columns_out = (0..MAP_SIZE)
        .filter(|&i| axes.x.values[i] * 8.0 > 0.9999)
        .count();
    assert!(columns_out > 5, "{columns_out} columns outside");
    assert_eq!(inside, (MAP_SIZE - columns_out) * MAP_SIZE);
    // One teacher per inside cell (it depends on γ_z and sep), one student
    // per row (sep alone): no solve for a cell outside.
    assert_eq!(
        engine.stats.fixed_point_solves as usize,
        inside + MAP_SIZE,
        "solves"
    );
    // The figure and its words say so; its CSV leaves those cells empty.
    let d = dashboard::compute_with(
        &mut Engine::new(),
        &p,
        Layer::Exact,
        Needs::ALL,
        axes.pair(),
    )
    .unwrap();
    let outside = MAP_SIZE * MAP_SIZE - inside;
    assert!(
        describe(Figure::PhaseMap, &d)
            .contains(&format!("{outside} of its 4096 cells are outside"))
    );
    let empty = csv(Figure::PhaseMap, &d)
        .lines()
        .filter(|l| l.ends_with(',') && l.starts_with("0."))
        .count();
    assert_eq!(empty, outside);
}

#[test]
fn a_pair_must_be_two_different_map_parameters() {
    assert!(MapPair::parse("gamma", "sep").is_ok());
    for (x, y, words) in [
        ("sep", "sep", "both sep"),
        (
            "p-t",
            "sep",
            "map x = 'p-t' is not a map axis: allowed eta-l, eta-u",
        ),
        ("gamma", "sigma-y2", "map y = 'sigma-y2' is not a map axis"),
        ("GAMMA", "sep", "'GAMMA' is not a map axis"),
    ] {
        let e = MapPair::parse(x, y).unwrap_err().to_string();
        assert!(e.contains(words), "({x}, {y}): {e}");
    }
}

fn w2s(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The rows of a CSV after its `#` comments and header, as numbers (an empty cell NaN).
fn table(text: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let head: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| {
            l.split(',')
                .map(|c| c.parse().unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    (head, rows)
}

#[test]
fn sweep_vary2_and_figure_x_y_give_the_same_grid() {
    let dir = std::env::temp_dir().join(format!("w2s-maps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("map.csv");
    let state = ["--eta-u", "0.9", "--xi2", "0", "--law", "surrogate"];
    let mut fig = vec!["figure", "phase-map", "--x", "gamma", "--y", "sep", "--out"];
    fig.push(file.to_str().unwrap());
    fig.extend(state);
    w2s(&fig);
    let (fh, map) = table(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(fh, ["gamma", "sep", "relative_gain_exact"]);
    let mut sw = vec![
        "sweep", "--vary", "gamma", "--from", "0.001", "--to", "0.16",
    ];
    sw.extend([
        "--points", "64", "--vary2", "sep", "--from2", "0", "--to2", "30",
    ]);
    sw.extend(["--points2", "64"]);
    sw.extend(state);
    let (sh, rows) = table(&w2s(&sw));
    let col = |name: &str| sh.iter().position(|h| h == name).unwrap();
    let (g, s, r) = (col("gamma"), col("sep"), col("relative_gain_exact"));
    assert_eq!((map.len(), rows.len()), (4096, 4096));
    let mut negative = 0;
    for (k, row) in rows.iter().enumerate() {
        // The sweep's last axis (sep) runs fastest; the map's rows are sep.
        let (ig, is) = (k / MAP_SIZE, k % MAP_SIZE);
        let cell = &map[is * MAP_SIZE + ig];
        assert_eq!((row[g], row[s]), (cell[0], cell[1]), "cell {k}");
        assert!(
            same(cell[2], row[r]),
            "at γ_z {}, sep {}: {} vs {}",
            row[g],
            row[s],
            cell[2],
            row[r]
        );
        negative += usize::from(row[r] < 0.0);
    }
    // The state has W2S and failure on the map: a zero contour crosses it.
    assert!(
        negative > 500 && negative < 3500,
        "{negative} negative cells"
    );
    std::fs::remove_dir_all(&dir).ok();
}
