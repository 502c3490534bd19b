//! Helpers shared by the integration tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]
#![allow(dead_code)]

use w2s::{Engine, Evaluation, Law, Params, RawParams, Request};

/// docs/THEORY.md section 6 reference point.
pub fn reference(law: Law) -> Params {
    Params::new(RawParams::reference(law)).expect("reference point is valid")
}

pub fn params(f: impl FnOnce(&mut RawParams)) -> Params {
    let mut raw = RawParams::default();
    f(&mut raw);
    Params::new(raw).expect("test parameters are valid")
}

pub fn eval(p: &Params) -> Evaluation {
    Engine::new()
        .evaluate(p, Request::ALL)
        .expect("evaluation succeeds")
}

pub fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let err = (actual - expected).abs() / expected.abs().max(1e-300);
    assert!(
        err <= rel,
        "{what}: got {actual}, expected {expected} (relative error {err:.3e} > {rel:.1e})"
    );
}
