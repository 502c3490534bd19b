//! One teacher + student replicate of the simulation (sampling included) at
//! d_z ∈ {64, 128, 256, 512, 1024}; p_T 6, p_S 3, γ_z 0.1, ν_z 0.02. The
//! matrix-free CG solver against the dense reference in the same run, their
//! ratio, and the growth exponent of each in d_z (least-squares slope of
//! log time on log d_z). The dense solver runs only where its normal matrix
//! stays under 256 MB (beyond, it takes minutes). Run: `cargo bench --bench simulation`.
//!
//! Then the paper's scale (`cargo bench --bench simulation -- scale` runs
//! only this part): `simulate` at d_z = 512 on 1 and on 2 threads (best of
//! three interleaved rounds), their ratio and a check that both give the same bits; and one replicate of the
//! scale check's point at d_z = 512, 1024, 2048 against the time of one pass
//! over its data (reading the unlabeled z once, the memory-bandwidth bound of
//! one CG iteration), and against its CG iterations × that pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::time::Instant;

use w2s::simulation::replicates::{SCALE_BASE, SimConfig, replicate, simulate_threads};
use w2s::simulation::solver::{Solver, dense_bytes};
use w2s::{Params, RawParams};

fn seconds(p: &Params, d_z: usize, solver: Solver) -> (f64, (usize, usize)) {
    let cfg = SimConfig {
        d_z,
        reps: 2,
        seed: 3,
        solver,
        ..SimConfig::default()
    };
    // Best of a few runs (fewer for the slow ones) to damp machine noise.
    let runs = if d_z <= 256 { 3 } else { 1 };
    let mut best = f64::INFINITY;
    let mut iters = (0, 0);
    for _ in 0..runs {
        let t0 = Instant::now();
        let r = replicate(p, &cfg, 0).expect("replicate runs");
        best = best.min(t0.elapsed().as_secs_f64());
        iters = r.iterations;
    }
    (best, iters)
}

fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (lx, ly): (Vec<f64>, Vec<f64>) = points.iter().map(|(x, y)| (x.ln(), y.ln())).unzip();
    let mx = lx.iter().sum::<f64>() / n;
    let my = ly.iter().sum::<f64>() / n;
    let sxy: f64 = lx.iter().zip(&ly).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = lx.iter().map(|x| (x - mx).powi(2)).sum();
    sxy / sxx
}

fn main() {
    let only_scale = std::env::args().any(|a| a == "scale");
    if !only_scale {
        solvers();
    }
    scale();
}

/// Seconds to read `z` once (best of three), summed in eight lanes so that
/// the loop runs at the memory's speed, not the adder's.
fn pass_seconds(z: &[f32]) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut acc = [0.0f32; 8];
        for c in z.chunks_exact(8) {
            for l in 0..8 {
                acc[l] += c[l];
            }
        }
        std::hint::black_box(acc);
        best = best.min(t0.elapsed().as_secs_f64());
    }
    best
}

fn scale() {
    let p = Params::new(SCALE_BASE).expect("valid parameters");
    let cfg = |d_z, reps| SimConfig {
        d_z,
        reps,
        seed: 3,
        ..SimConfig::default()
    };
    println!("\nthe scale check's point (reference, γ_z = ν_z = 0.1: n = N = 10 d_z)");
    let run = |threads| {
        let t0 = Instant::now();
        let s = simulate_threads(&p, &cfg(512, 4), threads).expect("simulation runs");
        (t0.elapsed().as_secs_f64(), s.replicates)
    };
    // Best of three rounds, 1 and 2 threads taking turns, so that a burst of
    // other work on a shared machine slows one round, not one side.
    const ROUNDS: usize = 3;
    let (mut one, mut two) = (f64::INFINITY, f64::INFINITY);
    let mut ratios = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let (t1, r1) = run(1);
        let (t2, r2) = run(2);
        assert_eq!(r1, r2, "1 and 2 threads must give the same replicates");
        one = one.min(t1);
        two = two.min(t2);
        ratios.push(t1 / t2);
    }
    let rounds: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
    println!(
        "simulate, d_z 512, 4 replicates, best of {ROUNDS} rounds: 1 thread {one:.2} s, \
         2 threads {two:.2} s, speed-up {:.2}x (rounds {}; same bits: yes)",
        one / two,
        rounds.join(", ")
    );
    println!(
        "{:>6}{:>10}{:>14}{:>16}{:>14}{:>14}",
        "d_z", "data MB", "one pass (s)", "iters (T, S)", "replicate (s)", "/ iters·pass"
    );
    for d in [512usize, 1024, 2048] {
        let c = cfg(d, 2);
        let big_n = (d as f64 / p.nu).round() as usize;
        // The unlabeled z as the solver holds it: N × d_z single-precision numbers.
        let z: Vec<f32> = (0..big_n * d).map(|i| (i % 7) as f32).collect();
        let pass = pass_seconds(&z);
        drop(z);
        let t0 = Instant::now();
        let r = replicate(&p, &c, 0).expect("replicate runs");
        let rep = t0.elapsed().as_secs_f64();
        // n = N here, so a teacher iteration reads as much as a student one.
        let iters = r.iterations.0 + r.iterations.1;
        println!(
            "{:>6}{:>10.0}{:>14.4}{:>16}{:>14.2}{:>14.2}",
            d,
            (big_n * d * 4) as f64 / 1e6,
            pass,
            format!("({}, {})", r.iterations.0, r.iterations.1),
            rep,
            rep / (iters as f64 * pass)
        );
    }
}

fn solvers() {
    let p = Params::new(RawParams {
        p_t: 6,
        p_s: 3,
        gamma: 0.1,
        nu: 0.02,
        ..RawParams::default()
    })
    .expect("valid parameters");
    println!("one replicate, p_T 6, p_S 3, γ_z 0.1, ν_z 0.02 (n = 10 d_z, N = 50 d_z)");
    println!(
        "{:>6}{:>12}{:>16}{:>12}{:>10}",
        "d_z", "cg (s)", "iters (T, S)", "dense (s)", "ratio"
    );
    let (mut cg_pts, mut dense_pts) = (Vec::new(), Vec::new());
    for d in [64usize, 128, 256, 512, 1024] {
        let (cg, iters) = seconds(&p, d, Solver::Cg);
        cg_pts.push((d as f64, cg));
        let fits = dense_bytes(d, p.p_t) <= 256e6;
        let dense = fits.then(|| seconds(&p, d, Solver::Dense).0);
        if let Some(t) = dense {
            dense_pts.push((d as f64, t));
        }
        println!(
            "{:>6}{:>12.4}{:>16}{:>12}{:>10}",
            d,
            cg,
            format!("({}, {})", iters.0, iters.1),
            dense.map_or("skipped".into(), |t| format!("{t:.4}")),
            dense.map_or("".into(), |t| format!("{:.1}x", t / cg)),
        );
    }
    println!(
        "growth exponent in d_z: cg {:.2} (data cost alone: 2), dense {:.2} (normal matrix: 3)",
        slope(&cg_pts),
        slope(&dense_pts)
    );
}
