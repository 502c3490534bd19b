//! The quadrature and the fixed point: against themselves at twice the nodes,
//! against plain Monte Carlo, and converging everywhere in the regime.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal, Uniform};
use w2s::theory::fixed_point::{
    Problem, Rule, Structured, laguerre_suffices, moments, solve, solve_with,
};
use w2s::{Engine, Law, Layer, Params, RawParams};

fn problems() -> Vec<Problem> {
    let mut out = Vec::new();
    for law in Law::ALL {
        for p in [1usize, 2, 3, 6, 17, 64] {
            for m in [0.0, 1.5, 6.0] {
                for eta in [0.0, 0.2, 0.5, 1.0] {
                    for frac in [0.02, 0.5, 0.9, 0.99] {
                        out.push(Problem {
                            law,
                            p,
                            m,
                            eta,
                            ratio: frac / p as f64,
                        });
                    }
                }
            }
        }
    }
    out
}

fn rel_diff(a: &Structured, b: &Structured) -> f64 {
    let scale = b.a00.abs().max(b.a11.abs()).max(b.d.abs());
    [a.a00 - b.a00, a.a01 - b.a01, a.a11 - b.a11, a.d - b.d]
        .iter()
        .fold(0.0f64, |m, v| m.max(v.abs()))
        / scale
}

#[test]
fn quadrature_agrees_with_itself_at_twice_the_nodes() {
    let half = Rule {
        h: Rule::STANDARD.h / 2.0,
    };
    let mut worst = 0.0f64;
    for pr in problems() {
        let a = solve(&pr).unwrap_or_else(|e| panic!("{e}"));
        let b = solve_with(&pr, half, None).unwrap_or_else(|e| panic!("{e}"));
        let d = rel_diff(&a, &b);
        worst = worst.max(d);
        assert!(d < 1e-9, "{pr:?}: {d:e}");
    }
    eprintln!("worst relative change of Q at half the step: {worst:.2e}");
}

/// The rule exp-sinh at half the standard step: the reference for "the
/// quadrature's error".
fn half_step() -> Rule {
    Rule {
        h: Rule::STANDARD.h / 2.0,
    }
}

#[test]
fn the_switch_rule_picks_gauss_laguerre_only_where_it_is_accurate() {
    // The whole accepted range (sep ≤ 100 means a group-mean norm m ≤ 10,
    // p ≤ 64, p·r ≤ 0.9999), densest where the rule switches: p·r from 0.3
    // for p = 2 with far-apart groups, from 0.6 to 0.9 for large p, where the
    // χ² factor's decay rate k·r·d dominates.
    let mut fills: Vec<f64> = (0..8).map(|i| 0.3 + 0.025 * i as f64).collect();
    fills.extend((0..10).map(|i| 0.5 + 0.01 * i as f64));
    fills.extend((0..=40).map(|i| 0.6 + 0.0075 * i as f64));
    fills.extend([0.92, 0.95, 0.99, 0.999, 0.9999]);
    // Worst (error / tolerance, error, problem) with exp-sinh and with Gauss–Laguerre.
    let mut worst = [(0.0f64, 0.0f64, None::<Problem>); 2];
    let mut laguerre = 0usize;
    let mut total = 0usize;
    for law in Law::ALL {
        for p in [1usize, 2, 3, 6, 17, 32, 48, 64] {
            for sep in [0.0f64, 1.0, 4.0, 25.0, 100.0] {
                // 0.8: the mixture's far group, with weight 0.8 at mean m, is
                // where the cold start misjudges the rule most (p = 2).
                for eta in [0.0, 0.1, 0.5, 0.8, 1.0] {
                    for &fill in &fills {
                        let pr = Problem {
                            law,
                            p,
                            m: sep.sqrt(),
                            eta,
                            ratio: fill / p as f64,
                        };
                        let a = solve(&pr).unwrap_or_else(|e| panic!("{e}"));
                        let b =
                            solve_with(&pr, half_step(), None).unwrap_or_else(|e| panic!("{e}"));
                        // The solver keeps Gauss–Laguerre iff the rule holds at
                        // the start and at the solution.
                        let uses =
                            laguerre_suffices(&pr, &pr.cold_start()) && laguerre_suffices(&pr, &a);
                        // At sep = 100 and p·r = 0.9999 both solves stop at the
                        // solver's rounding floor (the residual ACCEPT = 1e-9,
                        // amplified by 1/(1 − p·r)), not at the quadrature's
                        // error: the trace identity fails by the same amount
                        // under either node table (params::MAX_SEP).
                        let tol = if !uses && fill > 0.999 && sep > 25.0 {
                            1e-7
                        } else {
                            1e-9
                        };
                        let d = rel_diff(&a, &b);
                        let slot = &mut worst[usize::from(uses)];
                        if d / tol > slot.0 {
                            *slot = (d / tol, d, Some(pr));
                        }
                        laguerre += usize::from(uses);
                        total += 1;
                    }
                }
            }
        }
    }
    eprintln!(
        "Gauss–Laguerre for {laguerre} of {total} problems; worst relative error of Q: \
         Gauss–Laguerre {:.2e} at {:?}, exp-sinh {:.2e} at {:?}",
        worst[1].1, worst[1].2, worst[0].1, worst[0].2
    );
    for (ratio, d, pr) in worst {
        assert!(ratio < 1.0, "{pr:?}: relative error {d:e}");
    }
}

#[test]
fn risks_agree_with_themselves_at_twice_the_nodes() {
    // The same check on the risks the user sees, near the regime boundary too.
    let half = Rule {
        h: Rule::STANDARD.h / 2.0,
    };
    for (gamma, nu) in [(0.05, 0.005), (0.16, 0.3), (0.1666, 0.3333)] {
        for law in Law::ALL {
            let p = Params::new(RawParams {
                gamma,
                nu,
                law,
                eta_u: 0.4,
                ..RawParams::default()
            })
            .unwrap();
            let x = Engine::new().layer(&p, Layer::Exact, true).unwrap();
            let g = w2s::theory::geometry::Geometry::new(&p);
            let fine = |pr: Problem| solve_with(&pr, half, None).unwrap().to_dense(pr.p);
            let q_t = fine(w2s::theory::risks::teacher_problem(&p, &g));
            let q_s = fine(w2s::theory::risks::student_problem(&p, &g));
            let t = w2s::theory::risks::TeacherSide::new(&g, q_t).unwrap();
            let s = w2s::theory::risks::StudentSide::new(&g, p.eta_u, p.nu, &q_s).unwrap();
            let k = p.sigma_y2 * p.gamma;
            let (tt, ss) = (
                t.unit_risk.at(law, p.eta_t) * k,
                s.unit_risk(&t.q_t).at(law, p.eta_t) * k,
            );
            assert!(
                ((x.teacher.at - tt) / tt).abs() < 1e-9,
                "{law} γ={gamma}: {} vs {tt}",
                x.teacher.at
            );
            assert!(
                ((x.student.at - ss) / ss).abs() < 1e-9,
                "{law} γ={gamma}: {} vs {ss}",
                x.student.at
            );
        }
    }
}

/// Monte-Carlo estimate of E[f a aᵀ] (structured entries) with standard errors.
fn monte_carlo(pr: &Problem, q: &Structured, n: usize, seed: u64) -> ([f64; 4], [f64; 4]) {
    let mut rng = StdRng::seed_from_u64(seed);
    let unif = Uniform::new(0.0, 1.0).unwrap();
    let k = pr.p.saturating_sub(2);
    let (mut sum, mut sq) = ([0.0; 4], [0.0; 4]);
    for _ in 0..n {
        let mean = match pr.law {
            Law::Mixture => {
                if unif.sample(&mut rng) < pr.eta {
                    pr.m
                } else {
                    0.0
                }
            }
            Law::Surrogate => pr.eta * pr.m,
        };
        let z: f64 = StandardNormal.sample(&mut rng);
        let t = if pr.p >= 2 { mean + z } else { 0.0 };
        let r: f64 = (0..k)
            .map(|_| {
                let z: f64 = StandardNormal.sample(&mut rng);
                z * z
            })
            .sum();
        let quad = q.a00 + 2.0 * q.a01 * t + q.a11 * t * t + q.d * r;
        let f = 1.0 / (1.0 + pr.ratio * quad);
        let v = [f, f * t, f * t * t, f * r];
        for i in 0..4 {
            sum[i] += v[i];
            sq[i] += v[i] * v[i];
        }
    }
    let nf = n as f64;
    let mean = sum.map(|s| s / nf);
    let se = std::array::from_fn(|i| ((sq[i] / nf - mean[i] * mean[i]).max(0.0) / nf).sqrt());
    (mean, se)
}

#[test]
fn quadrature_agrees_with_monte_carlo() {
    let cases = [
        Problem {
            law: Law::Mixture,
            p: 6,
            m: 2.0,
            eta: 0.3,
            ratio: 0.1,
        },
        Problem {
            law: Law::Surrogate,
            p: 6,
            m: 2.0,
            eta: 0.3,
            ratio: 0.1,
        },
        Problem {
            law: Law::Mixture,
            p: 3,
            m: 5.0,
            eta: 0.1,
            ratio: 0.3,
        },
        Problem {
            law: Law::Surrogate,
            p: 2,
            m: 1.0,
            eta: 0.8,
            ratio: 0.45,
        },
        Problem {
            law: Law::Mixture,
            p: 12,
            m: 3.0,
            eta: 0.5,
            ratio: 0.08,
        },
    ];
    for (i, pr) in cases.iter().enumerate() {
        // At the fixed point and at an arbitrary positive-definite Q.
        let solved = solve(pr).unwrap();
        let other = Structured {
            a00: 1.3,
            a01: -0.4,
            a11: 0.9,
            d: 1.7,
        };
        for q in [solved, other] {
            let quad = moments(pr, &q, &Rule::STANDARD.nodes(0.5)).f;
            let (mc, se) = monte_carlo(pr, &q, 200_000, 17 + i as u64);
            for j in 0..4 {
                if se[j] == 0.0 {
                    assert!((quad[j] - mc[j]).abs() < 1e-12, "{pr:?} entry {j}");
                    continue;
                }
                let z = (quad[j] - mc[j]) / se[j];
                assert!(
                    z.abs() < 4.0,
                    "{pr:?} entry {j}: quadrature {} vs MC {} ± {} (z = {z:.2})",
                    quad[j],
                    mc[j],
                    se[j]
                );
            }
        }
    }
}

#[test]
fn fixed_point_converges_everywhere_including_near_the_regime_edge() {
    for pr in problems()
        .into_iter()
        .chain([0.999, 0.9999].into_iter().flat_map(|frac| {
            Law::ALL.into_iter().flat_map(move |law| {
                [1usize, 2, 6, 64].into_iter().map(move |p| Problem {
                    law,
                    p,
                    m: 3.0,
                    eta: 0.4,
                    ratio: frac / p as f64,
                })
            })
        }))
    {
        let q = solve(&pr).unwrap_or_else(|e| panic!("{e}"));
        // Trace identity at the fixed point: E[f] = 1 − p·ratio.
        let m = moments(&pr, &q, &Rule::STANDARD.nodes(1.0 - pr.p as f64 * pr.ratio));
        let target = 1.0 - pr.p as f64 * pr.ratio;
        assert!(
            ((m.f[0] - target) / target).abs() < 1e-7,
            "{pr:?}: E[f] = {} vs {target}",
            m.f[0]
        );
    }
}

#[test]
fn marchenko_pastur_mean_for_a_constant_feature() {
    for gamma in [0.01, 0.3, 0.9, 0.999] {
        let pr = Problem {
            law: Law::Mixture,
            p: 1,
            m: 0.0,
            eta: 0.5,
            ratio: gamma,
        };
        let q = solve(&pr).unwrap();
        assert!(
            (q.a00 * (1.0 - gamma) - 1.0).abs() < 1e-10,
            "γ={gamma}: Q = {}",
            q.a00
        );
    }
}

#[test]
fn ratio_zero_is_the_first_order_theory() {
    let pr = Problem {
        law: Law::Mixture,
        p: 5,
        m: 2.0,
        eta: 0.3,
        ratio: 0.0,
    };
    assert_eq!(solve(&pr).unwrap(), pr.sigma_inverse());
}
