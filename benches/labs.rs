//! One full Enhanced-W2S run at the default size (teacher on n = 400, vanilla
//! student on N = 4000, entropy-ranked subset, GCE retraining, balanced test
//! set), and one logistic-regression job, timed natively. The page's
//! benchmark (tests/browser/bench.mjs) times the same run in wasm, so the two
//! can be compared. Run: `cargo bench --bench labs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::time::Instant;

use w2s::labs::{enhanced, finetune};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let c = enhanced::Config::default();
    let times: Vec<f64> = (0..15)
        .map(|k| {
            let t0 = Instant::now();
            std::hint::black_box(enhanced::run_seed(&c, k));
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "Enhanced-W2S, one full run at the defaults (d = {}, n = {}, N = {}): median {:.1} ms over 15 seeds",
        c.d,
        c.n,
        c.big_n,
        median(times)
    );
    let f = finetune::Config::default();
    let t0 = Instant::now();
    for k in 0..f.pairs {
        std::hint::black_box(finetune::run_pair(&f, k as u64));
    }
    println!(
        "logistic lab, {} population pairs of {} steps (d = {}): {:.1} ms",
        f.pairs,
        f.steps,
        f.d,
        t0.elapsed().as_secs_f64() * 1e3
    );
}
