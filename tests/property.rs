//! The theory at random valid parameter sets drawn over every range including
//! its ends (issue 9): nothing panics, no valid set is refused, every value
//! is finite and every risk positive. `cargo test --release` runs 2,000 sets;
//! the full 100,000 run with
//! `cargo test --release --test property -- --ignored --nocapture`.
//!
//! Set i draws from its own keyed stream, so a failure names a set that can
//! be re-run alone (`one_set` below, with the printed index).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand_distr::{Distribution, Uniform};
use w2s::simulation::sample::keyed_rng;
use w2s::theory::analysis::{eta_u_star, failure_boundary};
use w2s::theory::fixed_point::{Problem, solve};
use w2s::theory::geometry::Geometry;
use w2s::theory::params::{MAX_FILL, MAX_SEP, MAX_SIGMA_Y2, MIN_GAMMA, MIN_SIGMA_Y2, max_ratio};
use w2s::theory::risks::StudentSide;
use w2s::{
    Engine, Error, Evaluation, Law, Layer, LayerRisks, ParamName, Params, RawParams, Request,
};

const SEED: u64 = 9;

struct Draw {
    rng: StdRng,
    unit: Uniform<f64>,
}

impl Draw {
    fn new(index: u64) -> Draw {
        Draw {
            rng: keyed_rng(SEED, index, b"property"),
            unit: Uniform::new(0.0, 1.0).expect("valid interval"),
        }
    }

    fn u(&mut self) -> f64 {
        self.unit.sample(&mut self.rng)
    }

    /// A value in [lo, hi]: a third of the time exactly an end, otherwise
    /// uniform, or log-uniform when `log` (ranges spanning decades).
    fn range(&mut self, lo: f64, hi: f64, log: bool) -> f64 {
        let pick = self.u();
        if pick < 1.0 / 6.0 {
            return lo;
        }
        if pick < 1.0 / 3.0 {
            return hi;
        }
        let t = self.u();
        if log && lo > 0.0 {
            (lo.ln() + t * (hi / lo).ln()).exp().clamp(lo, hi)
        } else {
            lo + t * (hi - lo)
        }
    }

    fn dim(&mut self, hi: usize) -> usize {
        match self.u() {
            x if x < 0.2 => 1,
            x if x < 0.4 => hi,
            x => 1 + ((x - 0.4) / 0.6 * hi as f64) as usize % hi,
        }
    }

    /// A ratio of features to samples: its ends, just inside the regime edge,
    /// log-uniform, and (for ν_z, `zero`) exactly 0.
    fn ratio(&mut self, dim: usize, lo: f64, zero: bool) -> f64 {
        let hi = max_ratio(dim);
        match self.u() {
            x if zero && x < 0.1 => 0.0,
            x if x < 0.2 => hi,
            x if x < 0.25 => (1.0 - 1e-6) * hi,
            x if x < 0.3 => lo,
            _ => self.range(lo, hi, true),
        }
    }
}

/// Random parameter set `index`; valid by construction.
fn draw(index: u64) -> RawParams {
    let mut d = Draw::new(index);
    let p_t = d.dim(w2s::theory::params::MAX_P);
    let p_s = if d.u() < 0.2 { p_t } else { d.dim(p_t) };
    let eta = |d: &mut Draw| d.range(0.0, 1.0, false);
    RawParams {
        p_t,
        p_s,
        xi2: d.range(0.0, (p_s - 1) as f64, false),
        sep: if d.u() < 0.5 {
            d.range(0.0, MAX_SEP, false)
        } else {
            d.range(1e-6, MAX_SEP, true)
        },
        rho: d.range(0.0, 1.0, false),
        eta_l: eta(&mut d),
        eta_u: eta(&mut d),
        eta_t: eta(&mut d),
        gamma: d.ratio(p_t, MIN_GAMMA, false),
        nu: d.ratio(p_s, MIN_GAMMA, true),
        sigma_y2: d.range(MIN_SIGMA_Y2, MAX_SIGMA_Y2, true),
        law: if d.u() < 0.5 {
            Law::Mixture
        } else {
            Law::Surrogate
        },
    }
}

fn check_layer(name: &str, r: &LayerRisks) -> Result<(), String> {
    let mut values = vec![r.gain(), r.relative_gain()];
    for g in [Some(r.teacher), Some(r.student), r.ceiling]
        .into_iter()
        .flatten()
    {
        if !(g.at > 0.0 && g.majority > 0.0 && g.minority > 0.0) {
            return Err(format!("{name}: a risk is not positive: {g:?}"));
        }
        values.extend([g.at, g.majority, g.minority]);
    }
    values.extend(r.pgr());
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(format!("{name}: value {v} is not finite")),
        None => Ok(()),
    }
}

fn check_evaluation(ev: &Evaluation) -> Result<(), String> {
    for layer in Layer::ALL {
        let r = ev
            .layer(layer)
            .ok_or_else(|| format!("{} missing", layer.key()))?;
        check_layer(layer.key(), r)?;
    }
    Ok(())
}

/// What else to compute besides every layer at the point.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Extras {
    None,
    /// η_u* in every layer (about 400 more solves).
    EtaUStar,
    /// η_u* and a short failure-boundary search along η_u.
    Boundary,
}

/// Extras for set `index`: η_u* and the boundary cost a hundred times the
/// point itself, so they run on a share of the sets.
fn extras(index: u64) -> Extras {
    match index % 20 {
        0 => Extras::Boundary,
        10 => Extras::EtaUStar,
        _ => Extras::None,
    }
}

/// What `w2s theory` computes (with the extras), from a fresh engine as the
/// CLI has.
fn evaluate(p: &Params, extras: Extras) -> Result<(), String> {
    let e = |e: Error| e.to_string();
    let mut engine = Engine::new();
    check_evaluation(&engine.evaluate(p, Request::ALL).map_err(e)?)?;
    if extras == Extras::None {
        return Ok(());
    }
    for layer in Layer::ALL {
        if let Some(u) = eta_u_star(&mut engine, p, layer).map_err(e)?
            && !(0.0..=1.0).contains(&u)
        {
            return Err(format!("η_u* ({}) = {u}", layer.key()));
        }
    }
    if extras == Extras::Boundary {
        let found = failure_boundary(&mut engine, p, ParamName::EtaU, Layer::Exact, 0.0, 1.0, 9)
            .map_err(e)?;
        if found.iter().any(|c| !(0.0..=1.0).contains(&c.value)) {
            return Err(format!("boundary outside [0, 1]: {found:?}"));
        }
    }
    Ok(())
}

/// Evaluates `count` sets; returns (failures as text, slowest (ms, index)).
fn run(count: u64) -> (Vec<String>, (f64, u64), Duration) {
    let start = Instant::now();
    let mut failures = Vec::new();
    let mut slowest = (0.0, 0);
    for index in 0..count {
        let raw = draw(index);
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let p = Params::new(raw).map_err(|e| format!("refused: {e}"))?;
            evaluate(&p, extras(index))
        }));
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if ms > slowest.0 {
            slowest = (ms, index);
        }
        let problem = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e,
            Err(_) => "panicked".to_string(),
        };
        failures.push(format!("set {index} {raw:?}: {problem}"));
    }
    (failures, slowest, start.elapsed())
}

fn report(count: u64) {
    let (failures, (ms, index), total) = run(count);
    eprintln!(
        "{count} sets in {:.1} s, {} failures; slowest: set {index}, {ms:.1} ms, {:?}",
        total.as_secs_f64(),
        failures.len(),
        draw(index)
    );
    assert!(
        failures.is_empty(),
        "{} of {count} sets failed, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
}

#[test]
fn quick_subset_of_random_valid_sets() {
    report(2_000);
}

#[test]
#[ignore = "the full 100,000 sets take minutes; run with --ignored"]
fn full_100_000_random_valid_sets() {
    report(100_000);
}

/// Re-runs one set: `W2S_SET=<index> cargo test --release --test property one_set`.
#[test]
fn one_set() {
    let Some(index) = std::env::var("W2S_SET").ok().and_then(|s| s.parse().ok()) else {
        return;
    };
    let raw = draw(index);
    eprintln!("{raw:?}");
    evaluate(&Params::new(raw).unwrap(), Extras::Boundary).unwrap();
}

#[test]
fn the_draws_reach_every_end() {
    let sets: Vec<RawParams> = (0..2_000).map(draw).collect();
    let hits = |f: &dyn Fn(&RawParams) -> bool| sets.iter().filter(|r| f(r)).count();
    let ends: [(&str, usize); 12] = [
        ("p_T = 64", hits(&|r| r.p_t == 64)),
        ("p_S = 1", hits(&|r| r.p_s == 1)),
        ("p_S = p_T > 1", hits(&|r| r.p_s == r.p_t && r.p_t > 1)),
        (
            "ξ² = p_S − 1 > 0",
            hits(&|r| r.p_s > 1 && r.xi2 == (r.p_s - 1) as f64),
        ),
        ("sep = max", hits(&|r| r.sep == MAX_SEP)),
        ("sep = 0", hits(&|r| r.sep == 0.0)),
        ("ρ ∈ {0, 1}", hits(&|r| r.rho == 0.0 || r.rho == 1.0)),
        ("η_u ∈ {0, 1}", hits(&|r| r.eta_u == 0.0 || r.eta_u == 1.0)),
        (
            "p_T γ_z at the edge",
            hits(&|r| r.gamma == max_ratio(r.p_t)),
        ),
        ("ν_z = 0", hits(&|r| r.nu == 0.0)),
        ("γ_z = min", hits(&|r| r.gamma == MIN_GAMMA)),
        ("σ_y² = max", hits(&|r| r.sigma_y2 == MAX_SIGMA_Y2)),
    ];
    for (what, n) in ends {
        assert!(n >= 20, "only {n} of 2000 sets have {what}");
    }
}

/// Every bound, and a value just beyond it, refused naming the parameter.
#[test]
fn just_beyond_every_bound_is_refused_naming_the_parameter() {
    let base = RawParams {
        p_t: 6,
        p_s: 3,
        ..RawParams::default()
    };
    let up = |x: f64| x + x.abs().max(1.0) * 1e-9;
    let down = |x: f64| x - x.abs().max(1.0) * 1e-9;
    // (parameter, its bound, a value just beyond it)
    let cases: [(ParamName, f64, f64); 16] = [
        (ParamName::Xi2, 0.0, down(0.0)),
        (ParamName::Xi2, 2.0, up(2.0)),
        (ParamName::Sep, 0.0, down(0.0)),
        (ParamName::Sep, MAX_SEP, up(MAX_SEP)),
        (ParamName::Rho, 0.0, down(0.0)),
        (ParamName::Rho, 1.0, up(1.0)),
        (ParamName::EtaL, 0.0, down(0.0)),
        (ParamName::EtaL, 1.0, up(1.0)),
        (ParamName::EtaU, 1.0, up(1.0)),
        (ParamName::EtaT, 0.0, down(0.0)),
        (ParamName::Gamma, MIN_GAMMA, MIN_GAMMA * (1.0 - 1e-9)),
        (ParamName::Gamma, max_ratio(6), max_ratio(6) * (1.0 + 1e-9)),
        (ParamName::Nu, 0.0, down(0.0)),
        (ParamName::Nu, max_ratio(3), max_ratio(3) * (1.0 + 1e-9)),
        (
            ParamName::SigmaY2,
            MIN_SIGMA_Y2,
            MIN_SIGMA_Y2 * (1.0 - 1e-9),
        ),
        (
            ParamName::SigmaY2,
            MAX_SIGMA_Y2,
            MAX_SIGMA_Y2 * (1.0 + 1e-9),
        ),
    ];
    for (name, bound, beyond) in cases {
        let with = |value: f64| {
            let mut raw = base;
            raw.set(name, value).unwrap();
            Params::new(raw)
        };
        assert!(with(bound).is_ok(), "{name} = {bound} (its bound) refused");
        let msg = match with(beyond) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{name} = {beyond} was accepted"),
        };
        let label = format!("{} ({}) = ", name.key(), name.symbol());
        assert!(msg.starts_with(&label), "{msg}");
        assert!(
            msg.contains("allowed") || msg.contains(&format!("must be ≤ {MAX_FILL}")),
            "{msg}"
        );
    }
    for (name, value) in [(ParamName::PT, 65.0), (ParamName::PS, 0.0)] {
        let msg = RawParams::default()
            .set(name, value)
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with(&format!("{} ({}) = ", name.key(), name.symbol())),
            "{msg}"
        );
    }
    let msg = Params::new(RawParams { p_s: 7, ..base })
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("p-s (p_S) = 7 is out of range"), "{msg}");
}

#[test]
fn theory_at_the_max_sep_is_finite_for_both_laws_at_every_eta() {
    for law in Law::ALL {
        for (eta_l, eta_u) in [(0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (0.1, 0.3)] {
            let raw = RawParams {
                sep: MAX_SEP,
                law,
                eta_l,
                eta_u,
                gamma: max_ratio(6),
                nu: max_ratio(3),
                ..RawParams::default()
            };
            let p = Params::new(raw).unwrap();
            evaluate(&p, Extras::Boundary).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
        }
    }
}

/// Debug output of internal types in a message a person reads.
fn has_debug_dump(text: &str) -> bool {
    [
        "{",
        "}",
        "NoConvergence",
        "Structured",
        "Problem",
        "Some(",
        "law: Mixture",
        "law: Surrogate",
    ]
    .iter()
    .any(|f| text.contains(f))
}

#[test]
fn a_failed_fixed_point_says_in_words_what_failed_and_what_to_change() {
    // Beyond the accepted sep the solver does fail (this is why sep is bounded).
    let hard = Problem {
        law: Law::Mixture,
        p: 2,
        m: 100.0,
        eta: 0.9,
        ratio: 0.4995,
    };
    let bad = Problem { ratio: 0.5, ..hard };
    for pr in [hard, bad] {
        let msg = solve(&pr).expect_err("does not converge").to_string();
        assert!(!has_debug_dump(&msg), "{msg}");
        assert!(msg.contains("fixed point"), "{msg}");
        let via = Error::from(solve(&pr).unwrap_err()).to_string();
        assert_eq!(via, msg);
    }
    let msg = solve(&hard).unwrap_err().to_string();
    assert!(msg.contains("p·ratio = 0.999000"), "{msg}");
    assert!(msg.contains("Newton iterations"), "{msg}");
    assert!(msg.contains("use the first-order layer"), "{msg}");
}

#[test]
fn no_parameter_message_holds_a_debug_dump() {
    let mut raw = RawParams::default();
    let mut messages = vec![
        Law::parse("gaussian").unwrap_err().to_string(),
        raw.set(ParamName::PT, 2.5).unwrap_err().to_string(),
        raw.set(ParamName::Sep, f64::NAN).unwrap_err().to_string(),
    ];
    for f in [
        |r: &mut RawParams| r.sep = 1e300,
        |r: &mut RawParams| r.gamma = 0.5,
        |r: &mut RawParams| r.nu = 0.34,
        |r: &mut RawParams| r.p_s = 9,
        |r: &mut RawParams| r.sigma_y2 = 1e308,
    ] {
        let mut r = RawParams::default();
        f(&mut r);
        messages.push(Params::new(r).unwrap_err().to_string());
    }
    for msg in messages {
        assert!(!has_debug_dump(&msg), "{msg}");
        assert!(msg.len() < 400, "{msg}");
    }
}

#[test]
fn a_numerically_singular_sigma_is_an_error_not_a_panic() {
    // A hand-built geometry far beyond the accepted sep: Σ_S(1)'s last pivot
    // 1 + m² − m² rounds to 0. This used to panic in the Cholesky factor.
    let p = Params::default();
    let mut g = Geometry::new(&p);
    g.m_s = 1e10;
    let q_s = nalgebra::DMatrix::identity(3, 3);
    let msg = StudentSide::new(&g, 1.0, 0.01, &q_s)
        .expect_err("singular Σ_S is an error")
        .to_string();
    assert!(msg.contains("lower sep"), "{msg}");
    // Wrong sizes from a caller are errors too.
    assert!(StudentSide::new(&g, 0.5, 0.01, &nalgebra::DMatrix::identity(2, 2)).is_err());
}
