//! One teacher + student replicate of the simulation (sampling included) at
//! d_z ∈ {64, 128, 256, 512, 1024}; p_T 6, p_S 3, γ_z 0.1, ν_z 0.02. The
//! matrix-free CG solver against the dense reference in the same run, their
//! ratio, and the growth exponent of each in d_z (least-squares slope of
//! log time on log d_z). The dense solver runs only where its normal matrix
//! stays under 256 MB (beyond, it takes minutes). Run: `cargo bench --bench simulation`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::time::Instant;

use w2s::simulation::replicates::{SimConfig, replicate};
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
