//! Validation: every violation is refused with a message naming the
//! parameter, its value and the allowed range.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use w2s::{Law, ParamError, ParamName, Params, RawParams};

fn refused(f: impl FnOnce(&mut RawParams)) -> String {
    let mut raw = RawParams::default();
    f(&mut raw);
    Params::new(raw).expect_err("must be refused").to_string()
}

fn set_refused(name: ParamName, value: f64) -> String {
    let mut raw = RawParams::default();
    raw.set(name, value)
        .expect_err("must be refused")
        .to_string()
}

#[test]
fn defaults_are_the_documented_ones() {
    let p = Params::default();
    assert_eq!((p.p_t, p.p_s), (6, 3));
    assert_eq!(
        [
            p.xi2, p.sep, p.rho, p.eta_l, p.eta_u, p.eta_t, p.gamma, p.nu, p.sigma_y2
        ],
        [0.5, 4.0, 1.0, 0.1, 0.1, 0.5, 0.05, 0.005, 1.0]
    );
    assert_eq!(p.law, Law::Mixture);
    assert!(Params::new(RawParams::default()).is_ok());
}

#[test]
fn ranges_are_enforced_with_named_messages() {
    let cases: Vec<(String, &str)> = vec![
        (
            refused(|r| r.eta_l = 1.2),
            "eta-l (η_ℓ) = 1.2 is out of range: allowed [0, 1]",
        ),
        (
            refused(|r| r.eta_u = -0.1),
            "eta-u (η_u) = -0.1 is out of range: allowed [0, 1]",
        ),
        (
            refused(|r| r.eta_t = 2.0),
            "eta-t (η_t) = 2 is out of range: allowed [0, 1]",
        ),
        (
            refused(|r| r.rho = 1.5),
            "rho (ρ) = 1.5 is out of range: allowed [0, 1]",
        ),
        (
            refused(|r| r.sep = -1.0),
            "sep (‖μ_ξ‖²/σ_ξ²) = -1 is out of range: allowed [0, 100]",
        ),
        (
            refused(|r| r.xi2 = 2.5),
            "xi2 (‖Ξ‖_F²) = 2.5 is out of range: allowed [0, p_S − 1] = [0, 2]",
        ),
        (
            refused(|r| r.xi2 = -0.5),
            "xi2 (‖Ξ‖_F²) = -0.5 is out of range",
        ),
        (
            refused(|r| r.gamma = 0.0),
            "gamma (γ_z) = 0 is out of range: allowed [1e-6, 0.9999/p_T] = [1e-6, 0.166650]",
        ),
        (
            refused(|r| r.nu = -0.01),
            "nu (ν_z) = -0.01 is out of range: allowed [0, 0.9999/p_S] = [0, 0.333300]",
        ),
        (
            refused(|r| r.sigma_y2 = 0.0),
            "sigma-y2 (σ_y²) = 0 is out of range: allowed [1e-6, 1e6]",
        ),
        (
            refused(|r| r.p_s = 7),
            "p-s (p_S) = 7 is out of range: allowed whole numbers in [1, p_T] = [1, 6]",
        ),
        (
            refused(|r| r.p_t = 65),
            "p-t (p_T) = 65 is out of range: allowed whole numbers in [1, 64]",
        ),
        (refused(|r| r.p_s = 0), "p-s (p_S) = 0 is out of range"),
        (
            refused(|r| r.eta_l = f64::NAN),
            "eta-l (η_ℓ) = NaN is not a finite number",
        ),
        (
            refused(|r| r.sep = f64::INFINITY),
            "sep (‖μ_ξ‖²/σ_ξ²) = inf is not a finite number",
        ),
        (
            refused(|r| r.gamma = f64::NEG_INFINITY),
            "gamma (γ_z) = -inf is not a finite number",
        ),
        (
            set_refused(ParamName::PT, 2.5),
            "p-t (p_T) = 2.5 must be a whole number in [1, 64]",
        ),
        (
            set_refused(ParamName::PS, f64::NAN),
            "p-s (p_S) = NaN is not a finite number",
        ),
        (
            set_refused(ParamName::PS, 0.0),
            "p-s (p_S) = 0 must be a whole number in [1, 64]",
        ),
    ];
    for (msg, expected) in cases {
        assert!(
            msg.starts_with(expected),
            "message {msg:?} should start with {expected:?}"
        );
    }
}

#[test]
fn regime_violations_say_so_in_words() {
    let g = refused(|r| r.gamma = 1.0 / 6.0);
    assert!(g.starts_with("gamma (γ_z) = 0.16666"), "{g}");
    assert!(
        g.contains("outside the regime the theory covers: p_T·γ_z = 1.000000 must be ≤ 0.9999"),
        "{g}"
    );
    assert!(g.contains("γ_z ≤ 0.166650 for p_T = 6"), "{g}");
    assert!(g.contains("least squares interpolates"), "{g}");
    let n = refused(|r| r.nu = 0.4);
    assert!(n.contains("nu (ν_z) = 0.4 is outside the regime"), "{n}");
    assert!(n.contains("p_S·ν_z = 1.200000 must be ≤ 0.9999"), "{n}");
    // Just below 1 the exact theory is not computed reliably, so it is refused too.
    let e = refused(|r| r.gamma = 0.99995 / 6.0);
    assert!(e.contains("p_T·γ_z = 0.999950 must be ≤ 0.9999"), "{e}");
    assert!(e.contains("computed reliably"), "{e}");
    // Just inside the regime is fine, also at its edge whatever its rounding.
    for (gamma, nu) in [
        (0.1666, 0.333),
        (0.9999 / 6.0, 0.9999 / 3.0),
        (0.16665, 0.3333),
    ] {
        let raw = RawParams {
            gamma,
            nu,
            ..RawParams::default()
        };
        assert!(Params::new(raw).is_ok(), "γ_z = {gamma}, ν_z = {nu}");
    }
}

#[test]
fn errors_are_typed() {
    let raw = RawParams {
        eta_u: 3.0,
        ..RawParams::default()
    };
    match Params::new(raw) {
        Err(ParamError::OutOfRange { name, value, .. }) => {
            assert_eq!(name, ParamName::EtaU);
            assert_eq!(value, 3.0);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        Law::parse("bogus"),
        Err(ParamError::UnknownLaw(_))
    ));
    assert_eq!(Law::parse(" Surrogate ").unwrap(), Law::Surrogate);
}

#[test]
fn names_round_trip() {
    for name in ParamName::ALL {
        assert_eq!(ParamName::parse(name.key()), Some(name));
        assert_eq!(ParamName::parse(&format!("--{}", name.key())), Some(name));
    }
    assert_eq!(ParamName::parse("eta_l"), Some(ParamName::EtaL));
    assert_eq!(ParamName::parse("nope"), None);
}

#[test]
fn huge_and_tiny_values_are_refused_naming_the_parameter_and_range() {
    // Item 4 and 7 of issue 9: these were accepted, and panicked, failed to
    // converge or printed 300-digit numbers.
    let cases: Vec<(String, &str)> = vec![
        (
            refused(|r| r.sep = 1e20),
            "sep (‖μ_ξ‖²/σ_ξ²) = 1e20 is out of range: allowed [0, 100]",
        ),
        (
            refused(|r| r.sep = 1e300),
            "sep (‖μ_ξ‖²/σ_ξ²) = 1e300 is out of range: allowed [0, 100]",
        ),
        (
            refused(|r| r.sep = 100.000001),
            "sep (‖μ_ξ‖²/σ_ξ²) = 100.000001 is out of range: allowed [0, 100]",
        ),
        (
            refused(|r| r.sigma_y2 = 1e308),
            "sigma-y2 (σ_y²) = 1e308 is out of range: allowed [1e-6, 1e6]",
        ),
        (
            refused(|r| r.sigma_y2 = 1e-300),
            "sigma-y2 (σ_y²) = 1e-300 is out of range: allowed [1e-6, 1e6]",
        ),
        (
            refused(|r| r.gamma = 1e-300),
            "gamma (γ_z) = 1e-300 is out of range: allowed [1e-6, 0.9999/p_T]",
        ),
    ];
    for (msg, expected) in cases {
        assert!(
            msg.starts_with(expected),
            "message {msg:?} should start with {expected:?}"
        );
        assert!(msg.len() < 400, "{msg}");
    }
    for (name, value) in [
        (ParamName::Sep, 100.0),
        (ParamName::SigmaY2, 1e6),
        (ParamName::SigmaY2, 1e-6),
        (ParamName::Gamma, 1e-6),
        (ParamName::Nu, 1e-300),
    ] {
        let ok = Params::default().with(name, value);
        assert!(ok.is_ok(), "{name} = {value}: {ok:?}");
    }
}
