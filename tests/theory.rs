//! The theory against docs/THEORY.md section 6: the reference point, the
//! identities, and the paper's qualitative claims as assertions on values.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

mod common;

use common::{assert_close, eval, params, reference};
use w2s::simulation::replicates::{SimConfig, agrees, simulate};
use w2s::theory::analysis::{eta_u_star, failure_boundary};
use w2s::{Engine, Law, Layer, ParamName};

/// Within half a unit of the 5th decimal, as the specification rounds.
fn assert_abs(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= 5e-6,
        "{what}: got {actual}, expected {expected}"
    );
}

#[test]
fn reference_point_matches_the_specification() {
    // Values given to 5 decimals in docs/THEORY.md: half a unit of the last digit.
    let m = eval(&reference(Law::Mixture));
    let x = m.exact.unwrap();
    let f = m.first_order.unwrap();
    assert_abs(x.teacher.at, 0.33758, "exact ER_T (mixture)");
    assert_abs(x.student.at, 0.13937, "exact ER_S (mixture)");
    assert_abs(f.teacher.at, 0.24706, "first-order ER_T (mixture)");
    assert_abs(f.student.at, 0.10424, "first-order ER_S (mixture)");
    assert_close(m.closed_form.teacher.at, 0.232, 1e-12, "closed-form ER_T");
    assert_close(m.closed_form.student.at, 0.0913, 1e-12, "closed-form ER_S");

    let s = eval(&reference(Law::Surrogate));
    let xs = s.exact.unwrap();
    assert_abs(xs.teacher.at, 0.31318, "exact ER_T (surrogate)");
    assert_abs(xs.student.at, 0.11962, "exact ER_S (surrogate)");
    let fs = s.first_order.unwrap();
    assert_close(
        fs.teacher.at,
        0.232,
        1e-12,
        "surrogate first order = closed form (teacher)",
    );
    assert_close(
        fs.student.at,
        0.0913,
        1e-12,
        "surrogate first order = closed form (student)",
    );
}

#[test]
fn a_seeded_simulation_at_the_reference_point_agrees_with_the_exact_theory() {
    // docs/The original specification quotes a simulation at the reference point
    // (d_z = 160, 12 replicates: 0.342 ± 0.005 and 0.139 ± 0.003) that no
    // code here regenerates; this runs it, seeded, and judges it as
    // `w2s validate` judges its grid: |mean − exact| ≤ 3 SE + the finite-size
    // allowance, for both laws. Seed 1 gives (print with --nocapture):
    // mixture 0.3364 ± 0.0069 and 0.1405 ± 0.0035 (exact 0.33758, 0.13937),
    // surrogate 0.3211 ± 0.0050 and 0.1232 ± 0.0034 (exact 0.31318, 0.11962).
    for law in Law::ALL {
        let p = reference(law);
        let cfg = SimConfig {
            d_z: 160,
            reps: 12,
            seed: 1,
            ..SimConfig::default()
        };
        let s = simulate(&p, &cfg, |_, _| true).unwrap();
        let x = eval(&p).exact.unwrap();
        assert_eq!((s.sizes.n, s.sizes.big_n), (3200, 16000));
        assert_eq!(
            s.theory.teacher.at, x.teacher.at,
            "the run's theory is the exact layer"
        );
        let (t, st) = (x.teacher.at, x.student.at);
        for (what, e, theory, scale) in [
            ("teacher", s.teacher(), t, t),
            ("student", s.student(), st, st),
            ("gain", s.gain(), t - st, t),
        ] {
            assert!(
                agrees(&e, theory, scale),
                "{law} {what}: simulated {:.5} ± {:.5} vs exact {theory:.5}",
                e.mean,
                e.se
            );
        }
        eprintln!(
            "{law}: teacher {:.4} ± {:.4}, student {:.4} ± {:.4} (exact {t:.5}, {st:.5})",
            s.teacher().mean,
            s.teacher().se,
            s.student().mean,
            s.student().se
        );
    }
}

#[test]
fn matched_unbiased_identities_hold_at_first_order() {
    // η_ℓ = η_u = η_t and sep = 0: ER_T/(σ²γ) = p_T; at ν = 0, ER_S/(σ²γ) = p_{T∧S}.
    for (p_t, p_s, xi2) in [
        (6, 3, 0.5),
        (4, 4, 3.0),
        (8, 2, 0.7),
        (1, 1, 0.0),
        (2, 2, 1.0),
    ] {
        for law in Law::ALL {
            let p = params(|r| {
                (r.p_t, r.p_s, r.xi2, r.sep, r.law) = (p_t, p_s, xi2, 0.0, law);
                (r.eta_l, r.eta_u, r.eta_t, r.nu, r.sigma_y2, r.gamma) =
                    (0.3, 0.3, 0.3, 0.0, 2.0, 0.04);
            });
            let f = eval(&p).first_order.unwrap();
            let unit = 2.0 * 0.04;
            assert_close(f.teacher.at / unit, p_t as f64, 1e-12, "ER_T/(σ²γ) = p_T");
            assert_close(
                f.student.at / unit,
                1.0 + xi2,
                1e-12,
                "ER_S/(σ²γ) = p_{T∧S}",
            );
        }
    }
}

#[test]
fn student_equals_teacher_when_the_features_coincide() {
    // Ξ = I (p_S = p_T, ‖Ξ‖² = p_S − 1, ρ = 1), ν = 0: the student copies the teacher.
    for law in Law::ALL {
        for (eta_l, eta_u, eta_t) in [(0.1, 0.4, 0.5), (0.5, 0.05, 0.9), (0.2, 0.2, 0.0)] {
            let p = params(|r| {
                (r.p_t, r.p_s, r.xi2, r.rho, r.nu, r.sep, r.law) = (5, 5, 4.0, 1.0, 0.0, 9.0, law);
                (r.eta_l, r.eta_u, r.eta_t, r.gamma) = (eta_l, eta_u, eta_t, 0.12);
            });
            let ev = eval(&p);
            for layer in Layer::ALL {
                let l = ev.layer(layer).unwrap();
                assert_close(
                    l.student.at,
                    l.teacher.at,
                    1e-10,
                    &format!("{law} {layer:?} student = teacher"),
                );
            }
        }
    }
}

#[test]
fn surrogate_first_order_is_the_closed_form() {
    let mut k = 0u64;
    for p_t in [1usize, 2, 3, 6, 9] {
        for p_s in 1..=p_t.min(4) {
            for &(eta_l, eta_u, eta_t) in &[(0.0, 1.0, 0.5), (0.3, 0.1, 0.8), (0.9, 0.6, 0.2)] {
                k += 1;
                let xi2 = (p_s - 1) as f64 * ((k % 5) as f64 / 4.0);
                let p = params(|r| {
                    (r.p_t, r.p_s, r.xi2, r.law) = (p_t, p_s, xi2, Law::Surrogate);
                    (r.sep, r.rho) = (0.5 + k as f64, (k % 3) as f64 / 2.0);
                    (r.eta_l, r.eta_u, r.eta_t) = (eta_l, eta_u, eta_t);
                    (r.gamma, r.nu, r.sigma_y2) = (0.5 / p_t as f64, 0.3 / p_s as f64, 1.7);
                });
                let ev = eval(&p);
                let (c, f) = (ev.closed_form, ev.first_order.unwrap());
                for (a, b, what) in [
                    (f.teacher, c.teacher, "teacher"),
                    (f.student, c.student, "student"),
                    (f.ceiling.unwrap(), c.ceiling.unwrap(), "ceiling"),
                ] {
                    assert_close(a.at, b.at, 1e-11, what);
                    assert_close(a.majority, b.majority, 1e-11, what);
                    assert_close(a.minority, b.minority, 1e-11, what);
                }
            }
        }
    }
}

#[test]
fn exact_tends_to_first_order_as_the_ratios_vanish() {
    for law in Law::ALL {
        let mut last = f64::INFINITY;
        for scale in [1.0, 0.1, 0.01, 0.001] {
            let p = params(|r| {
                (r.law, r.gamma, r.nu, r.eta_u) = (law, 0.1 * scale, 0.2 * scale, 0.4);
            });
            let ev = eval(&p);
            let (x, f) = (ev.exact.unwrap(), ev.first_order.unwrap());
            let gap = ((x.teacher.at - f.teacher.at) / f.teacher.at)
                .abs()
                .max(((x.student.at - f.student.at) / f.student.at).abs());
            // The relative gap is O(γ): it shrinks tenfold with the ratios.
            assert!(
                gap < last / 5.0,
                "{law} scale {scale}: gap {gap} vs previous {last}"
            );
            last = gap;
        }
        assert!(
            last < 2e-3,
            "{law}: exact − first order = {last} at γ = 1e-4"
        );
    }
}

#[test]
fn risks_are_linear_in_eta_t_for_the_mixture() {
    let p = reference(Law::Mixture);
    let ev = eval(&p);
    for layer in Layer::ALL {
        let l = ev.layer(layer).unwrap();
        if layer == Layer::ClosedForm {
            continue; // the closed forms are quadratic in η_t
        }
        for g in [l.teacher, l.student, l.ceiling.unwrap()] {
            let lin = (1.0 - p.eta_t) * g.majority + p.eta_t * g.minority;
            assert_close(g.at, lin, 1e-12, "ER(η_t) interpolates the group risks");
        }
    }
}

#[test]
fn claim_a_matched_proportions_give_a_positive_gain() {
    for law in Law::ALL {
        for (p_t, p_s, xi2, sep) in [
            (6, 3, 0.5, 4.0),
            (4, 3, 2.0, 25.0),
            (10, 2, 0.9, 1.0),
            (3, 3, 0.0, 100.0),
        ] {
            for eta in [0.0, 0.1, 0.5, 0.9] {
                let p = params(|r| {
                    (r.p_t, r.p_s, r.xi2, r.sep, r.law) = (p_t, p_s, xi2, sep, law);
                    (r.eta_l, r.eta_u, r.nu) = (eta, eta, 0.002);
                });
                let ev = eval(&p);
                for layer in Layer::ALL {
                    let gain = ev.layer(layer).unwrap().gain();
                    assert!(gain > 0.0, "{law} {layer:?} p_T={p_t} η={eta}: gain {gain}");
                }
            }
        }
    }
}

#[test]
fn claim_b_best_eta_u_is_eta_l_when_the_student_sees_little_group_signal() {
    // Ξ = 0 makes ‖Ξ μ_S‖ = 0 ≪ ‖μ_T‖.
    let mut engine = Engine::new();
    for law in Law::ALL {
        for eta_l in [0.05, 0.2, 0.5, 0.8] {
            let p = params(|r| {
                (r.xi2, r.sep, r.law, r.eta_l, r.nu) = (0.0, 9.0, law, eta_l, 0.001);
            });
            let closed = eta_u_star(&mut engine, &p, Layer::ClosedForm)
                .unwrap()
                .unwrap();
            assert!(
                (closed - eta_l).abs() < 0.005,
                "{law} closed form η_u* {closed} vs η_ℓ {eta_l}"
            );
            let exact = eta_u_star(&mut engine, &p, Layer::Exact).unwrap().unwrap();
            assert!(
                (exact - eta_l).abs() < 0.02,
                "{law} exact η_u* {exact} vs η_ℓ {eta_l}"
            );
        }
    }
}

#[test]
fn claim_c_the_gain_falls_as_the_similarity_grows() {
    for law in Law::ALL {
        for (eta_l, eta_u) in [(0.1, 0.1), (0.1, 0.5), (0.5, 0.1)] {
            let mut last = f64::INFINITY;
            for i in 0..=20 {
                let p = params(|r| {
                    (r.law, r.eta_l, r.eta_u, r.xi2) = (law, eta_l, eta_u, 2.0 * i as f64 / 20.0);
                });
                let gain = eval(&p).exact.unwrap().gain();
                assert!(
                    gain < last,
                    "{law} ({eta_l}, {eta_u}) ‖Ξ‖² step {i}: {gain} ≥ {last}"
                );
                last = gain;
            }
        }
    }
}

#[test]
fn claim_d_separable_groups_with_mismatched_proportions_make_w2s_fail() {
    // Surrogate law: the test shift is an extrapolation and the spurious terms
    // grow with sep; with η_u ≠ η_ℓ the gain turns negative.
    for layer in Layer::ALL {
        let p = params(|r| {
            (r.law, r.sep, r.eta_l, r.eta_u, r.eta_t) = (Law::Surrogate, 100.0, 0.1, 0.6, 0.1);
        });
        let g = eval(&p).layer(layer).unwrap().gain();
        assert!(g < 0.0, "{layer:?}: gain {g} should be negative");
        // With matched proportions it is positive again.
        let q = p.with(ParamName::EtaU, 0.1).unwrap();
        assert!(eval(&q).layer(layer).unwrap().gain() > 0.0);
    }
}

#[test]
fn the_gain_decays_with_the_squared_mismatch() {
    // Ξ = 0, ν = 0: the closed-form gain is exactly quadratic in η_u − η_ℓ,
    // gain(η_u) = gain(η_ℓ) − (η_u − η_ℓ)² σ²γ ‖μ_T‖²; the exact gain decays too.
    let base = params(|r| (r.xi2, r.nu, r.eta_l, r.eta_u, r.eta_t) = (0.0, 0.0, 0.3, 0.3, 0.5));
    let g0 = eval(&base).closed_form.gain();
    let mut last_exact = f64::INFINITY;
    for i in 0..=7 {
        let d = 0.1 * i as f64;
        let p = base.with(ParamName::EtaU, 0.3 + d).unwrap();
        let ev = eval(&p);
        assert_close(
            ev.closed_form.gain(),
            g0 - d * d * 0.05 * 4.0,
            1e-12,
            "quadratic decay",
        );
        let ge = ev.exact.unwrap().gain();
        assert!(ge < last_exact, "exact gain must fall with the mismatch");
        last_exact = ge;
    }
}

#[test]
fn failure_boundary_is_where_the_gain_vanishes() {
    let mut engine = Engine::new();
    let p = params(|r| (r.law, r.sep, r.xi2) = (Law::Surrogate, 20.0, 0.0));
    for layer in Layer::ALL {
        let xs = failure_boundary(&mut engine, &p, ParamName::EtaU, layer, 0.0, 1.0, 101).unwrap();
        assert!(
            !xs.is_empty(),
            "{layer:?}: the gain must change sign along η_u"
        );
        for c in &xs {
            let g = engine
                .layer(&p.with(ParamName::EtaU, c.value).unwrap(), layer, false)
                .unwrap();
            assert!(
                g.gain().abs() < 1e-9 * g.teacher.at,
                "{layer:?}: gain {} at the boundary",
                g.gain()
            );
        }
    }
    // Closed form with Ξ = 0 (so μ_S = 0): gain(η_u) = gain(η_ℓ) − σ²γ‖μ_T‖²(η_u − η_ℓ)²,
    // which vanishes at η_u = η_ℓ + sqrt(gain(η_ℓ) / (σ²γ‖μ_T‖²)).
    let c = failure_boundary(
        &mut engine,
        &p,
        ParamName::EtaU,
        Layer::ClosedForm,
        0.0,
        1.0,
        101,
    )
    .unwrap();
    let gain0 = eval(&p).closed_form.gain();
    let root = 0.1 + (gain0 / (0.05 * 20.0)).sqrt();
    assert!(
        c.iter()
            .any(|x| (x.value - root).abs() < 1e-8 && x.gain_falls),
        "{c:?} vs {root}"
    );
}

#[test]
fn pgr_is_undefined_when_the_ceiling_is_worse_than_the_teacher() {
    // p_S = p_T = 3 and ρ = 0.5 (defaults otherwise): the student's group mean
    // (m_S² = 3.73) is larger than the teacher's (m_T² = 2), so the strong
    // ceiling is worse than the teacher in every layer (exact, mixture: ER_T
    // 0.2245, ceiling 0.2494, ER_S 0.1207) and there is no gap to recover;
    // at ρ = 1 the same point has a better ceiling and a PGR.
    for law in Law::ALL {
        for (rho, worse) in [(0.5, true), (1.0, false)] {
            let ev = eval(&params(|r| {
                r.p_t = 3;
                r.p_s = 3;
                r.rho = rho;
                r.law = law;
            }));
            for layer in Layer::ALL {
                let l = ev.layer(layer).unwrap();
                let ceiling = l.ceiling.unwrap().at;
                let what = format!("{law} ρ={rho} {layer:?}");
                assert_eq!(ceiling > l.teacher.at, worse, "{what}: {l:?}");
                if worse {
                    assert_eq!(l.pgr(), None, "{what}");
                } else {
                    let pgr = l.pgr().unwrap_or_else(|| panic!("{what}: no PGR"));
                    assert_close(pgr, l.gain() / (l.teacher.at - ceiling), 1e-15, &what);
                }
            }
        }
    }
}
