//! The labs: the losses and their gradients, the entropy ranking, the
//! population gradient of the logistic lab, reproducibility by seed, and the
//! qualitative claims the pages show.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};
use w2s::labs::enhanced::{self, Job as EJob};
use w2s::labs::finetune::{self, Job as FJob};
use w2s::labs::knobs::{self, Values};
use w2s::labs::lab::Lab;
use w2s::labs::logreg::{self, Data, Loss};
use w2s::labs::registry::{self, Session};
use w2s::simulation::replicates::Estimate;

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
fn enhanced_runs_reproduce_by_seed() {
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

/// A job's results as the page gathers them: `workers` threads, worker w
/// running tasks w, w + workers, … (lab.js's deal), each in `order`, every
/// result stored at its task's index, then concatenated into one array.
fn run_on_workers(
    kind: &'static dyn Lab,
    values: &[f64],
    job: &str,
    workers: usize,
    reverse: bool,
) -> Vec<f64> {
    let total = kind.tasks(values, job).unwrap();
    let mut results: Vec<Option<Vec<f64>>> = vec![None; total];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mut mine: Vec<usize> = (w..total).step_by(workers).collect();
                if reverse {
                    mine.reverse();
                }
                s.spawn(move || {
                    mine.into_iter()
                        .map(|t| (t, kind.task(values, job, t).unwrap()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (t, r) in h.join().unwrap() {
                assert!(results[t].replace(r).is_none(), "task {t} ran twice");
            }
        }
    });
    results
        .into_iter()
        .enumerate()
        .flat_map(|(t, r)| r.unwrap_or_else(|| panic!("task {t} never ran")))
        .collect()
}

/// What the page shows from a job's flat results: every figure's CSV and
/// the findings.
fn shown(kind: &dyn Lab, values: &[f64], job: &str, flat: &[f64]) -> Vec<String> {
    let mut session = Session::new(kind.key()).unwrap();
    session.set_flat(values, job, flat).unwrap();
    let mut out: Vec<String> = kind
        .job(job)
        .unwrap()
        .figures
        .iter()
        .map(|f| session.csv(f))
        .collect();
    out.extend(session.findings());
    out
}

#[test]
fn lab_jobs_do_not_depend_on_how_their_tasks_are_split() {
    // Every job of both labs, run as one batch in task order on one thread,
    // and split across 2 and 3 worker threads running their share backwards:
    // the same numbers bit for bit, and so the same figures' data and words.
    let with = |knobs: &'static [knobs::Knob], set: &[(&str, f64)]| {
        let mut v = Values::defaults(knobs);
        for (key, x) in set {
            v.set(key, *x).unwrap();
        }
        v.as_slice().to_vec()
    };
    let enhanced = with(
        &enhanced::KNOBS,
        &[("n", 120.0), ("big-n", 300.0), ("seeds", 2.0), ("d", 6.0)],
    );
    let logistic = with(
        &finetune::KNOBS,
        &[("pairs", 5.0), ("steps", 25.0), ("d", 8.0), ("n", 40.0)],
    );
    for (key, values) in [("enhanced", &enhanced), ("logistic", &logistic)] {
        let kind = registry::lab(key).unwrap();
        for job in kind.info().jobs.iter().map(|j| j.key) {
            let batch = run_on_workers(kind, values, job, 1, false);
            assert!(batch.iter().all(|x| x.is_finite()), "{key} {job}");
            let page = shown(kind, values, job, &batch);
            assert!(
                page.iter().any(|t| t.lines().count() > 1),
                "{key} {job}: nothing shown: {page:?}"
            );
            for (workers, reverse) in [(2, true), (3, false), (3, true)] {
                let split = run_on_workers(kind, values, job, workers, reverse);
                assert!(
                    split == batch,
                    "{key} {job}: {workers} workers (reversed: {reverse}) give other numbers"
                );
                assert_eq!(shown(kind, values, job, &split), page, "{key} {job}");
            }
        }
    }
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
    // The verdict reads the paired gains (enhanced − vanilla, seed by seed):
    // recomputed here from the runs, its words and numbers must follow them.
    let paired = |f: &dyn Fn(&enhanced::SeedRun) -> f64| {
        Estimate::of(&runs.iter().map(f).collect::<Vec<_>>())
    };
    let worst = paired(&|r| r.enhanced.worst() - r.vanilla.worst());
    let avg = paired(&|r| r.enhanced.average() - r.vanilla.average());
    let expected = format!(
        "Enhanced-W2S {} and {} against vanilla W2S.",
        judged(&worst, "worst-group accuracy"),
        judged(&avg, "average accuracy")
    );
    assert_eq!(s.verdict(), expected);
    // At the defaults the worst group gains clearly (the paper's claim).
    assert!(
        worst.mean - 2.0 * worst.se > 0.02,
        "worst-group gain {worst:?}: {}",
        s.verdict()
    );
}

/// The verdict's clause for a gain, written out from its sign and size.
fn judged(g: &Estimate, what: &str) -> String {
    let (points, pm) = (100.0 * g.mean, 200.0 * g.se);
    if g.mean > 2.0 * g.se {
        format!("improves {what} by {:.1} points (±{pm:.1})", points.abs())
    } else if g.mean < -2.0 * g.se {
        format!("lowers {what} by {:.1} points (±{pm:.1})", points.abs())
    } else {
        format!("does not change {what} detectably ({points:+.1} ± {pm:.1} points)")
    }
}

#[test]
fn the_verdict_says_which_way_each_gain_goes_with_its_numbers() {
    let c = enhanced::Config {
        n: 100,
        big_n: 200,
        d: 4,
        ..enhanced::Config::default()
    };
    let runs = [enhanced::run_seed(&c, 1), enhanced::run_seed(&c, 2)];
    let base = enhanced::Summary::of(&runs);
    let with = |worst: (f64, f64), avg: (f64, f64)| {
        enhanced::Summary {
            gain_worst: Estimate {
                mean: worst.0,
                se: worst.1,
            },
            gain_avg: Estimate {
                mean: avg.0,
                se: avg.1,
            },
            ..base
        }
        .verdict()
    };
    assert_eq!(
        with((0.032, 0.005), (-0.021, 0.004)),
        "Enhanced-W2S improves worst-group accuracy by 3.2 points (±1.0) and lowers average accuracy by 2.1 points (±0.8) against vanilla W2S."
    );
    assert_eq!(
        with((-0.154, 0.02), (0.0071, 0.003)),
        "Enhanced-W2S lowers worst-group accuracy by 15.4 points (±4.0) and improves average accuracy by 0.7 points (±0.6) against vanilla W2S."
    );
    // Within two standard errors either way: no direction is claimed.
    assert_eq!(
        with((0.01, 0.006), (-0.01, 0.0051)),
        "Enhanced-W2S does not change worst-group accuracy detectably (+1.0 ± 1.2 points) and does not change average accuracy detectably (-1.0 ± 1.0 points) against vanilla W2S."
    );
    // Exactly at two standard errors it is still undecided.
    assert!(with((0.01, 0.005), (0.0, 0.0)).contains("does not change worst-group"));
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
    // The page draws a checkbox for a switch (soft labels), a slider otherwise.
    assert!(json.contains("\"switch\":false") && !json.contains("\"switch\":true"));
    let json = knobs::to_json(&finetune::KNOBS);
    assert!(json.contains("{\"key\":\"soft\",") && json.contains("\"switch\":true"));
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
    // Recounted here from the paths themselves: above max(cos_T, start) by
    // more than the margin, at the last step / at any step after the start.
    let (mut end_n, mut ever_n) = (0, 0);
    for k in 0..c.pairs {
        let p = finetune::run_task(&c, FJob::Paths, k).unwrap();
        let bar = c.cos_t.max(p[0]) + finetune::MARGIN;
        end_n += usize::from(p[c.steps] > bar);
        ever_n += usize::from(p[1..].iter().any(|&x| x > bar));
    }
    assert_eq!(
        [end, ever],
        [end_n as f64 / 40.0, ever_n as f64 / 40.0],
        "library vs recount"
    );
    let t = finetune::run_task(&c, FJob::Paths, 0).unwrap();
    assert_eq!(t.len(), c.steps + 1);
    assert!((t[0] - c.cos_0).abs() < 1e-12);
    assert_eq!(t, finetune::run_pair(&c, 0).cosines);
}

#[test]
fn above_both_on_paths_built_to_each_case() {
    let c = finetune::Config {
        cos_t: 0.6,
        ..finetune::Config::default()
    };
    let m = finetune::MARGIN;
    // (cosines, start first; ends above both; ever above both)
    let cases: [(&[f64], bool, bool); 9] = [
        (&[0.5, 0.7, 0.65], true, true),
        (&[0.5, 0.7, 0.55], false, true),
        (&[0.5, 0.55, 0.59], false, false),
        // Above the teacher, but by less than the margin.
        (&[0.5, 0.6 + 0.5 * m, 0.6 + 0.9 * m], false, false),
        (&[0.5, 0.6 + 0.5 * m, 0.6 + 1.5 * m], true, true),
        // Starting above the teacher: the bar is the start.
        (&[0.7, 0.65, 0.69], false, false),
        (&[0.7, 0.65, 0.71], true, true),
        (&[0.7, 0.8, 0.7 + 0.5 * m], false, true),
        (&[0.5], false, false),
    ];
    for (path, end, ever) in cases {
        assert_eq!(
            finetune::above_both(&c, path),
            (end, ever),
            "{path:?} against cos_T = {}",
            c.cos_t
        );
    }
    assert_eq!(
        finetune::path_fractions(&c, cases.iter().map(|k| k.0)),
        [3.0 / 9.0, 5.0 / 9.0]
    );
}

#[test]
fn the_grid_reads_cells_by_row_and_column() {
    use w2s::labs::grid::{Grid2, cell_at};
    let (rows, cols) = ([1.0, 2.0, 3.0], [10.0, 20.0]);
    let g = Grid2::new(&rows, &cols, (0..6).collect()).unwrap();
    assert_eq!(g.get(1, 0), Some(&2));
    assert_eq!(g.get(0, 2), None);
    assert_eq!(g.get(3, 0), None);
    assert_eq!(g.row(2), &[4, 5]);
    assert!(g.row(3).is_empty());
    let cells: Vec<(f64, f64, i32)> = g.iter().map(|(r, c, &v)| (r, c, v)).collect();
    assert_eq!(cells[3], (2.0, 20.0, 3));
    // Cell k of the grid is task k of a job with one task per cell.
    for (k, (r, c, _)) in cells.iter().enumerate() {
        assert_eq!(cell_at(&rows, &cols, k), Some((*r, *c)));
    }
    assert_eq!(cell_at(&rows, &cols, 6), None);
    let f = g.clone().flip_rows();
    assert_eq!(f.rows(), &[3.0, 2.0, 1.0]);
    assert_eq!(f.cells(), &[4, 5, 2, 3, 0, 1]);
    assert_eq!(f.flip_rows(), g);
    assert!(Grid2::new(&rows, &cols, vec![0; 5]).is_err());
}

#[test]
fn values_are_read_and_set_by_key_within_their_ranges() {
    let mut v = Values::defaults(&enhanced::KNOBS);
    assert_eq!(v.get("big-n").unwrap(), 4000.0);
    assert_eq!(v.count("seeds").unwrap(), 10);
    v.set("q", 0.3).unwrap();
    assert_eq!(v.get("q").unwrap(), 0.3);
    let e = v.set("q", 0.0).unwrap_err().to_string();
    assert_eq!(e, "q (q) = 0 is out of range: allowed (0, 1]");
    assert_eq!(v.get("q").unwrap(), 0.3, "a refused value changes nothing");
    let e = v.get("nope").unwrap_err().to_string();
    assert!(
        e.starts_with("'nope' is not a setting of this lab: allowed eta-l, "),
        "{e}"
    );
    assert!(Values::new(&enhanced::KNOBS, &[0.5]).is_err());
}

// ---- readable figures (issue 11): ticks and legends ----

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use w2s::figures::Style;

/// A lab's figure as SVG at `w` × `h` pixels after running `job` at the
/// knob values `set` (the rest at their defaults).
fn lab_svg(key: &str, set: &[(&str, f64)], job: &str, figure: &str, (w, h): (u32, u32)) -> String {
    let kind = registry::lab(key).unwrap();
    let mut v = Values::defaults(kind.knobs());
    for (k, x) in set {
        v.set(k, *x).unwrap();
    }
    let values = v.as_slice().to_vec();
    let flat = run_on_workers(kind, &values, job, 2, false);
    let mut session = Session::new(key).unwrap();
    session.set_flat(&values, job, &flat).unwrap();
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        session.draw(&area, figure, &Style::default()).unwrap();
        area.present().unwrap();
    }
    out
}

/// An SVG element: its tag, attributes and (for text) its content.
struct El {
    tag: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl El {
    fn get(&self, k: &str) -> &str {
        self.attrs
            .iter()
            .find(|a| a.0 == k)
            .map_or("", |a| a.1.as_str())
    }
    fn num(&self, k: &str) -> f64 {
        self.get(k).parse().unwrap_or(f64::NAN)
    }
}

/// The elements of plotters' SVG (one element per tag, attributes quoted).
fn elements(svg: &str) -> Vec<El> {
    svg.split('<')
        .filter(|t| !t.starts_with('/') && !t.is_empty())
        .map(|t| {
            let (head, text) = t.split_once('>').unwrap_or((t, ""));
            let tag = head.split_whitespace().next().unwrap_or("").to_string();
            let attrs = head
                .split('"')
                .collect::<Vec<_>>()
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| {
                    (
                        c[0].trim().trim_end_matches('=').to_string(),
                        c[1].to_string(),
                    )
                })
                .map(|(k, v)| (k.rsplit(' ').next().unwrap_or("").to_string(), v))
                .collect();
            El {
                tag,
                attrs,
                text: text.trim().to_string(),
            }
        })
        .collect()
}

/// Data drawn as strokes (not grid, axes or frame), sampled every pixel,
/// less the legend's own swatches (short lines ending just left of a label).
fn data_pixels(els: &[El], labels: &[&El]) -> Vec<(f64, f64)> {
    let mut segs = Vec::new();
    for e in els {
        if ["#E6E9ED", "#000000", "#D0D7DE", ""].contains(&e.get("stroke")) {
            continue;
        }
        let pts: Vec<(f64, f64)> = match e.tag.as_str() {
            "polyline" => e
                .get("points")
                .split_whitespace()
                .filter_map(|p| p.split_once(','))
                .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
                .collect(),
            "line" => vec![(e.num("x1"), e.num("y1")), (e.num("x2"), e.num("y2"))],
            _ => continue,
        };
        segs.extend(pts.windows(2).map(|w| (w[0], w[1])));
    }
    let swatch = |(a, b): &((f64, f64), (f64, f64))| {
        labels.iter().any(|t| {
            (a.1 - b.1).abs() < 1.0
                && (a.1 - t.num("y")).abs() <= 1.0
                && (b.0.max(a.0) - (t.num("x") - 5.0)).abs() <= 2.0
        })
    };
    let mut out = Vec::new();
    for seg in segs.iter().filter(|s| !swatch(s)) {
        let ((x0, y0), (x1, y1)) = *seg;
        let n = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as usize;
        out.extend((0..=n).map(|i| {
            let t = i as f64 / n as f64;
            (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        }));
    }
    out
}

/// The data pixels under a legend entry (its swatch and its label, the
/// label's width taken generously as 0.62 em a character).
fn covered(svg: &str, prefixes: &[&str]) -> Vec<(String, (f64, f64))> {
    let els = elements(svg);
    let labels: Vec<&El> = els
        .iter()
        .filter(|e| e.tag == "text" && prefixes.iter().any(|p| e.text.starts_with(p)))
        .collect();
    assert!(
        labels.len() >= 2,
        "legend labels not found: {}",
        labels.len()
    );
    let data = data_pixels(&els, &labels);
    let mut out = Vec::new();
    for t in &labels {
        let (x, y, fs) = (t.num("x"), t.num("y"), t.num("font-size"));
        let w = 0.62 * fs * t.text.chars().count() as f64;
        let hit = data.iter().find(|(u, v)| {
            (x - 29.0..=x + w).contains(u) && (y - 0.7 * fs..=y + 0.7 * fs).contains(v)
        });
        if let Some(p) = hit {
            out.push((t.text.clone(), *p));
        }
    }
    out
}

const LEGEND: [&str; 7] = [
    "vanilla, η",
    "Enhanced, η",
    "kept subset",
    "all N samples",
    "student (first",
    "teacher: ",
    "student&apos;s start: ",
];

#[test]
fn lab_legends_cover_no_data_on_a_phone_or_a_desktop() {
    // The sweep's key, the share chart's and the paths' at 375 px (rows
    // above the plot) and at 900 px (a free corner, y raised if need be).
    let enh = [("n", 120.0), ("big-n", 300.0), ("seeds", 2.0), ("d", 6.0)];
    let fine = [("pairs", 5.0), ("steps", 60.0), ("d", 8.0), ("n", 40.0)];
    for (w, h) in [(375, 300), (900, 420)] {
        for (key, set, job, fig) in [
            ("enhanced", &enh[..], "sweep", "enhanced-sweep"),
            ("enhanced", &enh[..], "sweep", "enhanced-share"),
            ("logistic", &fine[..], "paths", "logistic-paths"),
        ] {
            let svg = lab_svg(key, set, job, fig, (w, h));
            let hits = covered(&svg, &LEGEND);
            assert!(
                hits.is_empty(),
                "{fig} at {w} px: legend over data {hits:?}"
            );
        }
    }
}

#[test]
fn lab_ticks_have_only_the_decimals_their_step_needs() {
    // A 0–400 axis: "0", "50", …, "400", never "200.0".
    let label = w2s::figures::kit::ticks_for(&(0.0..400.0), 10);
    let texts: Vec<String> = [0.0, 50.0, 200.0, 400.0].iter().map(&label).collect();
    assert_eq!(texts, ["0", "50", "200", "400"]);
    // A step of 0.1 needs one decimal on every tick, the whole ones too.
    let label = w2s::figures::kit::ticks_for(&(0.0..1.0), 10);
    let texts: Vec<String> = [0.0, 0.5, 1.0].iter().map(&label).collect();
    assert_eq!(texts, ["0.0", "0.5", "1.0"]);
    // The paths figure over 400 steps, as drawn: no tick ends in ".0".
    let set = [("pairs", 3.0), ("steps", 400.0), ("d", 8.0), ("n", 40.0)];
    for w in [375, 900] {
        let svg = lab_svg("logistic", &set, "paths", "logistic-paths", (w, 320));
        let ticks: Vec<String> = elements(&svg)
            .into_iter()
            .filter(|e| e.tag == "text" && e.text.parse::<f64>().is_ok())
            .map(|e| e.text)
            .collect();
        assert!(
            ticks.iter().any(|t| t == "400" || t == "200"),
            "x ticks: {ticks:?}"
        );
        let bad: Vec<&String> = ticks.iter().filter(|t| t.ends_with(".0")).collect();
        assert!(
            bad.is_empty(),
            "ticks with a needless .0 at {w} px: {bad:?}"
        );
    }
}
