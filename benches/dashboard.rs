//! The work one slider movement causes on the default dashboard: the η_u and
//! η_t curves at `CURVE_POINTS` and the ‖Ξ‖_F² and ν_z curves at
//! `SMALL_CURVE_POINTS` (closed form, first order, exact), a 64×64 exact map
//! of the relative gain over (η_ℓ, η_u), the data figure, and the current
//! point with η_u*: everything, as `w2s figure` and an export compute it (a
//! page frame with only the exact layer on computes less).
//!
//! For each slider the engine is warm from the previous position, and the
//! slider moves by a small step each repetition (as a drag does), so only what
//! the moved parameter touches is recomputed. A second table drags four
//! sliders across their whole range in 200 moves. The baseline recomputes the
//! same dashboard with no caches and cold starts, in the same run.
//! Run: `cargo bench --bench dashboard`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::time::Instant;

use w2s::figures::dashboard;
use w2s::{Engine, Layer, ParamName, Params};

fn frame(engine: &mut Engine, p: &Params) {
    let d = dashboard::compute(engine, p, Layer::Exact).expect("valid parameters");
    std::hint::black_box(&d);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let base = Params::default();
    let reps = 40;
    println!(
        "slider move on the default dashboard (curves of {c}/{c}/{s}/{s} points in three layers + {m}×{m} map + η_u*)",
        c = dashboard::CURVE_POINTS,
        s = dashboard::SMALL_CURVE_POINTS,
        m = dashboard::MAP_SIZE
    );
    println!(
        "{:<10}{:>14}{:>14}{:>12}",
        "slider", "median (ms)", "max (ms)", "solves/move"
    );
    let sliders = [
        (ParamName::EtaL, 0.002),
        (ParamName::EtaU, 0.002),
        (ParamName::EtaT, 0.002),
        (ParamName::Gamma, 0.0002),
        (ParamName::Nu, 0.00002),
        (ParamName::Sep, 0.01),
        (ParamName::Xi2, 0.002),
        (ParamName::Rho, -0.002),
    ];
    let mut worst_median: f64 = 0.0;
    for (name, step) in sliders {
        let mut engine = Engine::new();
        frame(&mut engine, &base);
        let mut times = Vec::with_capacity(reps);
        let before = engine.stats;
        for k in 1..=reps {
            let p = base
                .with(name, base.get(name) + step * k as f64)
                .expect("valid step");
            let t0 = Instant::now();
            frame(&mut engine, &p);
            times.push(t0.elapsed().as_secs_f64() * 1e3);
        }
        let solved = engine.stats.fixed_point_solves - before.fixed_point_solves;
        let passes = engine.stats.moment_evaluations - before.moment_evaluations;
        let solves = solved as f64 / reps as f64;
        let per_solve = if solved > 0 {
            passes as f64 / solved as f64
        } else {
            0.0
        };
        let max = times.iter().cloned().fold(0.0, f64::max);
        let med = median(times);
        worst_median = worst_median.max(med);
        println!(
            "{:<10}{:>14.3}{:>14.3}{:>12.0}{:>14.2}",
            name.key(),
            med,
            max,
            solves,
            per_solve
        );
    }
    // A hand dragging a slider across its whole range in 200 moves: bigger
    // steps than above, and through the hard corners of the range.
    println!(
        "{:<10}{:>14}{:>14}{:>12}{:>14}",
        "full drag", "median (ms)", "p95 (ms)", "solves/move", "passes/solve"
    );
    for (name, lo, hi) in [
        (ParamName::EtaU, 0.0, 1.0),
        (ParamName::Sep, 0.0, 30.0),
        (ParamName::Gamma, 0.001, 0.16),
        (ParamName::Nu, 0.0, 0.3),
    ] {
        let mut engine = Engine::new();
        let mut times = Vec::new();
        let mut p = base.with(name, lo).expect("valid start");
        frame(&mut engine, &p);
        let before = engine.stats;
        for k in 1..=200 {
            match base.with(name, lo + (hi - lo) * k as f64 / 200.0) {
                Ok(next) => p = next,
                Err(_) => continue, // outside the regime: the page keeps the last state
            }
            let t0 = Instant::now();
            frame(&mut engine, &p);
            times.push(t0.elapsed().as_secs_f64() * 1e3);
        }
        let solved = engine.stats.fixed_point_solves - before.fixed_point_solves;
        let passes = engine.stats.moment_evaluations - before.moment_evaluations;
        let n = times.len();
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{:<10}{:>14.3}{:>14.3}{:>12.0}{:>14.2}",
            name.key(),
            median(times),
            sorted[(n * 95 / 100).min(n - 1)],
            solved as f64 / n as f64,
            passes as f64 / solved.max(1) as f64
        );
    }
    // Baseline: no caches and no warm starts, every fixed point solved cold
    // (the map still solves each row's student and column's teacher once).
    let mut times = Vec::new();
    let mut solves = 0;
    for k in 1..=3 {
        let p = base.with(ParamName::Sep, 4.0 + 0.01 * k as f64).unwrap();
        let mut engine = Engine::without_reuse();
        let t0 = Instant::now();
        frame(&mut engine, &p);
        times.push(t0.elapsed().as_secs_f64() * 1e3);
        solves = engine.stats.fixed_point_solves;
    }
    let cold = median(times);
    println!("{:<10}{:>14.3}{:>14}{:>12}", "no reuse", cold, "", solves);
    println!(
        "worst slider median {worst_median:.3} ms; no-reuse recompute {cold:.3} ms; ratio {:.1}x (goal: < 4 ms)",
        cold / worst_median
    );
}
