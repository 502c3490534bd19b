//! Helpers shared by the integration tests.
#![allow(dead_code)]

use w2s::{Engine, Evaluation, Law, Params, RawParams, Request};

/// THEORY.md section 6 reference point.
pub fn reference(law: Law) -> Params {
    Params::new(RawParams {
        p_t: 4,
        p_s: 3,
        xi2: 0.5,
        sep: 4.0,
        rho: 1.0,
        eta_l: 0.1,
        eta_u: 0.3,
        eta_t: 0.5,
        gamma: 0.05,
        nu: 0.01,
        sigma_y2: 1.0,
        law,
    })
    .expect("reference point is valid")
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
