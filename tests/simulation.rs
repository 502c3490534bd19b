//! The finite-sample simulation: reproducible, two solvers that agree, sizes
//! refused before allocating, cancellation, and agreement with the theory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

mod common;

use common::params;
use w2s::simulation::replicates::{
    FINITE_SIZE_ALLOWANCE, SimConfig, agrees, replicate, simulate, sizes, validation_grid,
};
use w2s::simulation::solver::{Design, Solver, fit};
use w2s::{Error, Law};

fn small() -> SimConfig {
    SimConfig {
        d_z: 24,
        reps: 3,
        seed: 42,
        ..SimConfig::default()
    }
}

#[test]
fn same_seed_same_numbers_other_seed_other_numbers() {
    let p = params(|r| (r.gamma, r.nu, r.eta_u) = (0.1, 0.05, 0.4));
    let a = replicate(&p, &small(), 2).unwrap();
    let b = replicate(&p, &small(), 2).unwrap();
    assert_eq!(a, b, "bit-identical with the same seed and index");
    let c = replicate(
        &p,
        &SimConfig {
            seed: 43,
            ..small()
        },
        2,
    )
    .unwrap();
    assert_ne!(a.teacher.at, c.teacher.at);
    let d = replicate(&p, &small(), 3).unwrap();
    assert_ne!(a.teacher.at, d.teacher.at);
    // A replicate's data depend on (seed, index) only, not on the run around it.
    let run = simulate(&p, &SimConfig { reps: 4, ..small() }, |_, _| true).unwrap();
    assert_eq!(run.replicates[2], a);
    assert_eq!(run.replicates[3], d);
}

#[test]
fn cg_and_dense_agree_to_1e_8() {
    for law in Law::ALL {
        let p = params(|r| {
            (r.law, r.p_t, r.p_s, r.xi2, r.gamma, r.nu, r.eta_l, r.eta_u) =
                (law, 5, 3, 1.2, 0.12, 0.1, 0.2, 0.6);
        });
        let cg = replicate(&p, &small(), 0).unwrap();
        let dense = replicate(
            &p,
            &SimConfig {
                solver: Solver::Dense,
                ..small()
            },
            0,
        )
        .unwrap();
        for (a, b) in [
            (cg.teacher.at, dense.teacher.at),
            (cg.teacher.minority, dense.teacher.minority),
            (cg.student.at, dense.student.at),
            (cg.student.majority, dense.student.majority),
        ] {
            assert!(((a - b) / b).abs() < 1e-8, "{law}: cg {a} vs dense {b}");
        }
        assert!(cg.iterations.0 > 0 && dense.iterations == (0, 0));
    }
}

#[test]
fn solvers_agree_on_the_coefficients_themselves() {
    // A random design with a constant feature, as in the model.
    use rand::SeedableRng;
    use rand_distr::{Distribution, StandardNormal};
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let (n, d, p) = (400, 10, 4);
    let mut normal = || -> f64 { StandardNormal.sample(&mut rng) };
    let z: Vec<f32> = (0..n * d).map(|_| normal() as f32).collect();
    let a: Vec<f64> = (0..n * p)
        .map(|i| if i % p == 0 { 1.0 } else { normal() })
        .collect();
    let y: Vec<f64> = (0..n).map(|_| normal()).collect();
    let ds = Design {
        z: &z,
        a: &a,
        n,
        d,
        p,
    };
    let x = fit(&ds, &y, Solver::Cg).unwrap().theta_t;
    let w = fit(&ds, &y, Solver::Dense).unwrap().theta_t;
    let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
    let diff = x
        .iter()
        .zip(&w)
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        .sqrt();
    assert!(diff / norm < 1e-10, "relative difference {}", diff / norm);
    // And the fit is a least-squares solution: the residual is orthogonal to the design.
    let pred = ds.predict(&x);
    for k in 0..p {
        for j in 0..d {
            let g: f64 = (0..n)
                .map(|i| (y[i] - pred[i]) * f64::from(z[i * d + j]) * a[i * p + k])
                .sum();
            assert!(g.abs() < 1e-8, "gradient entry ({k}, {j}) = {g}");
        }
    }
}

#[test]
fn impossible_runs_are_refused_in_words_before_allocating() {
    let p = params(|r| r.nu = 0.0);
    let e = sizes(&p, &small()).unwrap_err().to_string();
    assert!(e.contains("nu (ν_z) = 0 means N = ∞"), "{e}");
    let p = params(|_| {});
    let huge = SimConfig {
        d_z: 20_000,
        ..small()
    };
    let e = simulate(&p, &huge, |_, _| true).unwrap_err().to_string();
    assert!(e.starts_with("d-z = 20000 needs about"), "{e}");
    assert!(e.contains("GB allowed"), "{e}");
    let dense = SimConfig {
        d_z: 2_000,
        solver: Solver::Dense,
        ..small()
    };
    let e = sizes(&p, &dense).unwrap_err().to_string();
    assert!(e.contains("dense normal matrix"), "{e}");
}

#[test]
fn progress_is_reported_and_a_run_can_be_cancelled() {
    let p = params(|r| (r.gamma, r.nu) = (0.1, 0.05));
    let mut seen = Vec::new();
    let run = simulate(&p, &SimConfig { reps: 4, ..small() }, |done, total| {
        seen.push((done, total));
        true
    })
    .unwrap();
    assert_eq!(seen, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
    assert_eq!(run.replicates.len(), 4);
    let mut calls = 0;
    let cancelled = simulate(&p, &SimConfig { reps: 4, ..small() }, |_, _| {
        calls += 1;
        false
    });
    assert_eq!(cancelled.unwrap_err(), Error::Cancelled);
    assert_eq!(calls, 1, "cancelled after the first replicate");
}

#[test]
fn simulation_agrees_with_the_exact_theory_on_the_grid() {
    // docs/THEORY.md section 6.2: both laws, matched and mismatched η, small and
    // large ν, several (p_T, p_S, ‖Ξ‖², sep, ρ); d_z = 128, 10 replicates.
    // Criterion: |mean − theory| ≤ 3 SE + FINITE_SIZE_ALLOWANCE × theory.
    const { assert!(FINITE_SIZE_ALLOWANCE <= 0.03) };
    let grid = validation_grid(false);
    assert!(grid.len() >= 8);
    let mut failures = Vec::new();
    for point in &grid {
        let s = simulate(&point.params, &point.config, |_, _| true).unwrap();
        let t = s.theory.teacher.at;
        for (what, e, theory, scale) in [
            ("teacher", s.teacher(), t, t),
            (
                "student",
                s.student(),
                s.theory.student.at,
                s.theory.student.at,
            ),
            ("gain", s.gain(), s.theory.gain(), t),
        ] {
            if !agrees(&e, theory, scale) {
                failures.push(format!(
                    "{} {what}: {:.5} ± {:.5} vs {theory:.5} (z = {:+.2})",
                    point.label,
                    e.mean,
                    e.se,
                    e.z_score(theory)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "disagreements:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_settings_table_states_the_defaults_and_ranges_the_run_uses() {
    use w2s::simulation::replicates::SimConfig;
    use w2s::simulation::settings::{SETTINGS, setting};
    let c = SimConfig::default();
    let d = |k: &str| setting(k).unwrap().cli_default;
    assert_eq!(
        (d("d-z"), d("reps"), d("seed")),
        (c.d_z as u64, c.reps as u64, c.seed)
    );
    for s in SETTINGS {
        // The page offers a part of what the CLI accepts, its default inside it.
        assert!(s.cli.0 <= s.page.0 && s.page.1 <= s.cli.1, "{}", s.key);
        assert!((s.page.0..=s.page.1).contains(&s.page_default), "{}", s.key);
        assert_eq!(s.parse_cli(&s.cli.0.to_string()), Ok(s.cli.0));
    }
    let dz = setting("d-z").unwrap();
    assert_eq!(
        dz.parse_cli("0").unwrap_err(),
        "--d-z = '0' must be a whole number >= 1"
    );
    assert_eq!(
        dz.parse_cli("100001").unwrap_err(),
        "--d-z = 100001 is out of range: allowed [1, 100000]"
    );
    let json = w2s::simulation::settings::to_json();
    assert!(
        json.contains("\"key\":\"d-z\"") && json.contains("\"max\":512"),
        "{json}"
    );
}
