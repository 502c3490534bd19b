//! The one parameter table (`w2s::theory::schema`): its rows agree with the
//! validated type, and the CLI's flags, help and `w2s params` come from it.
//! (The browser test checks that the page's controls do too.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a check that cannot go on fails loudly"
)]

use std::process::Command;

use w2s::theory::schema::{self, SPECS};
use w2s::{ParamName, Params, RawParams};

fn w2s(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(args)
        .output()
        .expect("w2s runs");
    assert!(
        out.status.success(),
        "w2s {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_row_describes_its_parameter_and_its_slider_stays_in_range() {
    assert_eq!(SPECS.len(), ParamName::ALL.len());
    let defaults = Params::new(RawParams::default()).unwrap();
    for (spec, name) in SPECS.iter().zip(ParamName::ALL) {
        assert_eq!(spec.name, name);
        assert_eq!((name.key(), name.symbol()), (spec.key, spec.symbol));
        assert_eq!(ParamName::parse(spec.key), Some(name));
        assert_eq!(spec.default_value(), RawParams::default().get(name));
        let (min, max, step) = spec.slider;
        assert!(
            min < max && step > 0.0 && step <= (max - min) / 10.0,
            "{}",
            spec.key
        );
        // Both ends of a slider are values the core accepts at the defaults
        // (but the two dimensions', which bound each other: p_S ≤ p_T).
        if !spec.integer {
            for end in [min, max] {
                defaults
                    .with(name, end)
                    .unwrap_or_else(|e| panic!("{} slider end {end}: {e}", spec.key));
            }
        }
        // The core's refusal names the parameter as the table does.
        let beyond = if name == ParamName::Rho || spec.key.starts_with("eta") {
            1.5
        } else {
            -1.0
        };
        let msg = defaults.with(name, beyond).unwrap_err().to_string();
        assert!(
            msg.starts_with(&format!("{} ({})", spec.key, spec.symbol)),
            "{msg}"
        );
    }
}

#[test]
fn the_cli_builds_its_flags_help_and_params_listing_from_the_table() {
    let help = w2s(&["theory", "--help"]);
    for s in &SPECS {
        let flag = format!("--{} <", s.key);
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&flag))
            .unwrap_or_else(|| panic!("no {flag} in w2s theory --help"));
        for part in [s.label().as_str(), s.meaning, s.range] {
            assert!(
                line.contains(part),
                "help of --{} lacks '{part}': {line}",
                s.key
            );
        }
        assert!(
            line.contains(&format!("[default: {}]", s.default_value())),
            "{line}"
        );
    }
    assert_eq!(w2s(&["params", "--json"]).trim_end(), schema::to_json());
    let rows: Vec<serde_json::Value> = serde_json::from_str(&schema::to_json()).unwrap();
    for (row, s) in rows.iter().zip(&SPECS) {
        assert_eq!(row["key"], s.key);
        assert_eq!(row["meaning"], s.meaning);
        assert_eq!(row["min"].as_f64(), Some(s.slider.0));
        assert_eq!(row["advanced"], s.advanced);
    }
    // A flag set through the table reaches the parameter it names.
    let v: serde_json::Value =
        serde_json::from_str(&w2s(&["theory", "--json", "--eta-u", "0.3", "--p-t", "4"])).unwrap();
    assert_eq!(v["params"]["eta_u"].as_f64(), Some(0.3));
    assert_eq!(v["params"]["p_t"].as_f64(), Some(4.0));
}

#[test]
fn the_range_texts_state_the_bounds_the_validation_enforces() {
    use w2s::theory::params::{MAX_FILL, MAX_P, MAX_SEP, MAX_SIGMA_Y2, MIN_GAMMA, MIN_SIGMA_Y2};
    let range = |n: ParamName| n.spec().range;
    assert_eq!(range(ParamName::PT), format!("[1, {MAX_P}]"));
    assert_eq!(range(ParamName::Sep), format!("[0, {MAX_SEP}]"));
    assert_eq!(
        range(ParamName::Gamma),
        format!("[{MIN_GAMMA:e}, {MAX_FILL}/p_T]")
    );
    assert_eq!(range(ParamName::Nu), format!("[0, {MAX_FILL}/p_S]"));
    assert_eq!(
        range(ParamName::SigmaY2),
        format!("[{MIN_SIGMA_Y2:e}, {MAX_SIGMA_Y2:e}]")
    );
    // Each refusal quotes its row's text, with the bounds substituted.
    for (name, bad) in [
        (ParamName::PS, 9.0),
        (ParamName::Xi2, 50.0),
        (ParamName::Gamma, 0.0),
        (ParamName::Nu, -1.0),
        (ParamName::Sep, 1e3),
        (ParamName::EtaT, 2.0),
    ] {
        let mut raw = RawParams::default();
        raw.set(name, bad).unwrap();
        let e = Params::new(raw).expect_err("refused").to_string();
        assert!(
            e.contains(&format!("allowed {}", range(name)))
                || e.contains(&format!("in {}", range(name))),
            "{e}"
        );
    }
}
