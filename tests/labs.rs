//! The labs: the losses and their gradients, the entropy ranking, the
//! population gradient of the logistic lab, reproducibility by seed, and the
//! qualitative claims the pages show.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};
use w2s::labs::enhanced::{self, Job as EJob};
use w2s::labs::finetune::{self, Job as FJob};
use w2s::labs::knobs;
use w2s::labs::logreg::{self, Data, Loss};

fn problem(n: usize, d: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut r = StdRng::seed_from_u64(seed);
    let mut x = Vec::new();
    let mut t = Vec::new();
    for _ in 0..n {
        let mut s = 0.0;
        for k in 0..d - 1 {
            let v: f64 = StandardNormal.sample(&mut r);
            s += v * (k as f64 + 1.0) / d as f64;
            x.push(v);
        }
        x.push(1.0);
        let noise: f64 = StandardNormal.sample(&mut r);
        t.push(if s + 0.7 * noise > 0.0 { 1.0 } else { 0.0 });
    }
    (x, t)
}

#[test]
fn losses_and_gradients_match_finite_differences() {
    let (x, t) = problem(60, 5, 3);
    let data = Data { x: &x, d: 5, t: &t };
    let w = [0.3, -0.8, 1.1, 0.2, -0.4];
    for loss in [
        Loss::CrossEntropy,
        Loss::Generalized { q: 0.05 },
        Loss::Generalized { q: 0.5 },
        Loss::Generalized { q: 1.0 },
    ] {
        let g = logreg::gradient(loss, &data, 0.01, &w);
        for k in 0..5 {
            let h = 1e-6;
            let mut a = w;
            let mut b = w;
            a[k] += h;
            b[k] -= h;
            let fd = (logreg::objective(loss, &data, 0.01, &a)
                - logreg::objective(loss, &data, 0.01, &b))
                / (2.0 * h);
            assert!(
                (fd - g[k]).abs() <= 1e-8,
                "{loss:?} ∂{k}: analytic {} vs finite difference {fd}",
                g[k]
            );
        }
        // The per-sample first and second derivatives, too.
        for &(s, tt) in &[(-3.0, 1.0), (-0.2, 0.0), (0.4, 1.0), (2.5, 0.0)] {
            let (_, d1, d2) = loss.eval(s, tt);
            let h = 1e-5;
            let fd1 = (loss.eval(s + h, tt).0 - loss.eval(s - h, tt).0) / (2.0 * h);
            let fd2 = (loss.eval(s + h, tt).1 - loss.eval(s - h, tt).1) / (2.0 * h);
            assert!(
                (fd1 - d1).abs() <= 1e-8,
                "{loss:?} dL/ds at {s}: {d1} vs {fd1}"
            );
            assert!(
                (fd2 - d2).abs() <= 1e-7,
                "{loss:?} d²L/ds² at {s}: {d2} vs {fd2}"
            );
        }
    }
}

#[test]
fn gce_tends_to_cross_entropy_as_q_goes_to_zero() {
    for &(s, t) in &[(-4.0, 1.0), (-0.5, 1.0), (0.0, 0.0), (1.5, 0.0), (6.0, 1.0)] {
        let (ce, dce, _) = Loss::CrossEntropy.eval(s, t);
        let mut last_gap = f64::INFINITY;
        for q in [1e-2, 1e-4, 1e-6] {
            let (l, d, _) = Loss::Generalized { q }.eval(s, t);
            let gap = (l - ce).abs();
            // (1 − p^q)/q = −ln p − q ln²p / 2 + …: the gap shrinks like q.
            assert!(
                gap <= q * ce * ce + 1e-9,
                "q = {q} at s = {s}: GCE {l} vs CE {ce}"
            );
            assert!(gap <= last_gap);
            last_gap = gap;
            assert!(
                (d - dce).abs() <= 2.0 * q * (1.0 + ce),
                "gradient at q = {q}: {d} vs {dce}"
            );
        }
    }
}

#[test]
fn newton_fits_reach_a_stationary_point() {
    let (x, t) = problem(400, 6, 5);
    let data = Data { x: &x, d: 6, t: &t };
    let ce = logreg::fit(Loss::CrossEntropy, &data, 1e-3, &[0.0; 6]);
    let g = logreg::gradient(Loss::CrossEntropy, &data, 1e-3, &ce);
    assert!(
        g.iter().all(|v| v.abs() < 1e-9),
        "CE gradient at the fit: {g:?}"
    );
    let gce = logreg::fit(Loss::Generalized { q: 0.7 }, &data, 1e-3, &ce);
    let g = logreg::gradient(Loss::Generalized { q: 0.7 }, &data, 1e-3, &gce);
    assert!(
        g.iter().all(|v| v.abs() < 1e-8),
        "GCE gradient at the fit: {g:?}"
    );
    assert!(
        logreg::objective(Loss::Generalized { q: 0.7 }, &data, 1e-3, &gce)
            <= logreg::objective(Loss::Generalized { q: 0.7 }, &data, 1e-3, &ce)
    );
}

#[test]
fn the_kept_subset_is_the_lowest_entropy_fraction() {
    let mut r = StdRng::seed_from_u64(9);
    let scores: Vec<f64> = (0..1001)
        .map(|_| 3.0 * Distribution::<f64>::sample(&StandardNormal, &mut r))
        .collect();
    for keep in [0.1, 0.5, 0.93, 1.0] {
        let kept = enhanced::most_confident(&scores, keep);
        assert_eq!(kept.len(), (keep * 1001.0_f64).round() as usize);
        let worst_kept = kept
            .iter()
            .map(|&i| logreg::entropy(scores[i]))
            .fold(0.0, f64::max);
        let best_dropped = (0..scores.len())
            .filter(|i| kept.binary_search(i).is_err())
            .map(|i| logreg::entropy(scores[i]))
            .fold(f64::INFINITY, f64::min);
        assert!(
            worst_kept <= best_dropped,
            "keep {keep}: kept entropy {worst_kept} > dropped {best_dropped}"
        );
    }
    // Entropy is the binary entropy of σ(s), symmetric and largest at s = 0.
    assert!((logreg::entropy(0.0) - std::f64::consts::LN_2).abs() < 1e-15);
    assert!((logreg::entropy(2.0) - logreg::entropy(-2.0)).abs() < 1e-15);
    let p = logreg::sigmoid(1.3);
    assert!((logreg::entropy(1.3) + p * p.ln() + (1.0 - p) * (1.0 - p).ln()).abs() < 1e-14);
    assert!(logreg::entropy(800.0) >= 0.0 && logreg::entropy(800.0) < 1e-300_f64.max(1e-340));
}

#[test]
fn enhanced_runs_reproduce_by_seed_and_do_not_depend_on_the_split() {
    let c = enhanced::Config {
        n: 200,
        big_n: 800,
        seeds: 3,
        ..enhanced::Config::default()
    };
    let a = enhanced::run_seed(&c, 7);
    assert_eq!(a, enhanced::run_seed(&c, 7));
    assert_ne!(a, enhanced::run_seed(&c, 8));
    // Task k of a run is seed (first seed + k), whoever runs it.
    let t = enhanced::run_task(&c, EJob::Run, 2).unwrap();
    assert_eq!(t, enhanced::run_seed(&c, c.seed + 2).to_flat());
    assert_eq!(
        enhanced::SeedRun::from_flat(&t),
        Some(enhanced::run_seed(&c, c.seed + 2))
    );
    assert!(enhanced::run_task(&c, EJob::Run, 3).is_err());
}

#[test]
fn the_confident_subset_lowers_the_minority_share_and_the_label_noise() {
    // The paper's mechanism: at η_ℓ small and η_u = 1/2 the student's most
    // confident half holds far fewer minority samples (a lower effective η_u)
    // and cleaner pseudo-labels.
    let c = enhanced::Config::default();
    let runs: Vec<_> = (0..c.seeds)
        .map(|k| enhanced::run_seed(&c, c.seed + k as u64))
        .collect();
    let s = enhanced::Summary::of(&runs);
    assert!(
        (s.minority_all.mean - 0.5).abs() < 0.02,
        "{:?}",
        s.minority_all
    );
    assert!(
        s.minority_kept.mean < 0.3,
        "kept minority share {:?}",
        s.minority_kept
    );
    assert!(
        s.labels_kept.mean > s.labels_all.mean + 0.1,
        "{:?} vs {:?}",
        s.labels_kept,
        s.labels_all
    );
    assert!(s.verdict().starts_with("Enhanced-W2S "));
}

#[test]
fn knobs_refuse_bad_values_with_the_name_value_and_range() {
    let mut v = knobs::defaults(&enhanced::KNOBS);
    v[knobs::index(&enhanced::KNOBS, "q").unwrap()] = 0.0;
    let e = enhanced::Config::from_values(&v).unwrap_err().to_string();
    assert_eq!(e, "q (q) = 0 is out of range: allowed (0, 1]");
    let mut v = knobs::defaults(&finetune::KNOBS);
    v[knobs::index(&finetune::KNOBS, "steps").unwrap()] = 2.5;
    let e = finetune::Config::from_values(&v).unwrap_err().to_string();
    assert_eq!(
        e,
        "steps (T) = 2.5 is not a whole number: allowed [1, 5000], whole numbers"
    );
    v[knobs::index(&finetune::KNOBS, "steps").unwrap()] = f64::NAN;
    assert!(
        finetune::Config::from_values(&v)
            .unwrap_err()
            .to_string()
            .contains("is not a finite number")
    );
    // Each knob in range, but together too big for one run's memory.
    let mut v = knobs::defaults(&enhanced::KNOBS);
    v[knobs::index(&enhanced::KNOBS, "big-n").unwrap()] = 100_000.0;
    v[knobs::index(&enhanced::KNOBS, "d").unwrap()] = 200.0;
    let e = enhanced::Config::from_values(&v).unwrap_err().to_string();
    assert_eq!(
        e,
        "N × (d + 1) = 20100000 numbers is too many for one run: at most 4000000 (lower N or d)"
    );
    let json = knobs::to_json(&enhanced::KNOBS);
    assert!(json.starts_with("[{\"key\":\"eta-l\"") && json.contains("\"openMin\":true"));
}

#[test]
fn kappa_table_matches_its_direct_integral_and_monte_carlo() {
    for i in 0..200 {
        let r = 10f64.powf(-3.5 + 7.0 * i as f64 / 199.0);
        let (a, b) = (finetune::kappa(r), finetune::kappa_direct(r));
        assert!((a - b).abs() <= 1e-8 * b, "κ({r}): table {a} vs direct {b}");
    }
    assert!((finetune::kappa_direct(1e-6) - 0.25).abs() < 1e-10);
    let big = 1e5;
    assert!((finetune::kappa(big) * big * (2.0 * std::f64::consts::PI).sqrt() - 1.0).abs() < 1e-6);
    // E[σ'(r g)] by Monte Carlo, within 4 standard errors.
    let mut rng = StdRng::seed_from_u64(11);
    for r in [0.3, 2.0, 9.0] {
        let v: Vec<f64> = (0..200_000)
            .map(|_| {
                let p = logreg::sigmoid(r * Distribution::<f64>::sample(&StandardNormal, &mut rng));
                p * (1.0 - p)
            })
            .collect();
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let se = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>()
            / (v.len() as f64 - 1.0)
            / v.len() as f64)
            .sqrt();
        assert!(
            (m - finetune::kappa(r)).abs() < 4.0 * se,
            "κ({r}) = {} vs MC {m} ± {se}",
            finetune::kappa(r)
        );
    }
}

#[test]
fn population_training_agrees_with_a_large_sample() {
    // The population path (Stein's lemma) against gradient descent on a large
    // finite sample of the same pair: the same curve to sampling accuracy.
    for soft in [false, true] {
        let base = finetune::Config {
            d: 8,
            steps: 40,
            lr: 1.0,
            soft,
            ..finetune::Config::default()
        };
        let pop = finetune::run_pair(&base, 0);
        let sample = finetune::run_pair(&finetune::Config { n: 200_000, ..base }, 0);
        for (k, (a, b)) in pop.cosines.iter().zip(&sample.cosines).enumerate() {
            assert!(
                (a - b).abs() < 0.01,
                "soft = {soft}, step {k}: population {a} vs sample {b}"
            );
        }
    }
}

#[test]
fn logistic_students_rise_above_both_along_the_way() {
    // With no capacity gap, the student trained on the teacher's labels
    // passes through directions better than both its start and the teacher.
    let c = finetune::Config {
        pairs: 40,
        ..finetune::Config::default()
    };
    let [end, ever] = finetune::fractions(&c);
    assert!(ever > 0.95, "ever above both: {ever}");
    assert!(end <= ever);
    let t = finetune::run_task(&c, FJob::Paths, 0).unwrap();
    assert_eq!(t.len(), c.steps + 1);
    assert!((t[0] - c.cos_0).abs() < 1e-12);
    assert_eq!(t, finetune::run_pair(&c, 0).cosines);
}
