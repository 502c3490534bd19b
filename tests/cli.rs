//! The `w2s` binary as a user runs it: JSON shape, CSV, exit codes, one-line errors.

use std::process::{Command, Output};

fn w2s(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(args)
        .output()
        .expect("w2s runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = w2s(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn theory_json_has_every_field_and_the_reference_values() {
    let v = json(&[
        "theory", "--json", "--p-t", "4", "--p-s", "3", "--xi2", "0.5", "--sep", "4", "--eta-l",
        "0.1", "--eta-u", "0.3", "--eta-t", "0.5", "--gamma", "0.05", "--nu", "0.01",
    ]);
    for model in [
        "teacher",
        "student",
        "ceiling",
        "gain",
        "relative_gain",
        "pgr",
    ] {
        for layer in ["closed_form", "first_order", "exact"] {
            assert!(v[model][layer].is_number(), "{model}.{layer} missing: {v}");
        }
    }
    for model in ["teacher", "student"] {
        for k in ["majority", "minority", "worst"] {
            assert!(v["groups"][model][k].is_number(), "groups.{model}.{k}");
        }
    }
    for layer in ["closed_form", "exact"] {
        assert!(v["eta_u_star"][layer].is_number(), "eta_u_star.{layer}");
    }
    assert_eq!(v["params"]["p_t"], 4);
    assert_eq!(v["params"]["law"], "mixture");
    assert_eq!(v["params"]["sigma_y2"], 1.0);
    let close = |x: &serde_json::Value, y: f64| (x.as_f64().unwrap() - y).abs() < 5e-6;
    assert!(close(&v["teacher"]["exact"], 0.33758));
    assert!(close(&v["student"]["exact"], 0.13937));
    assert!(close(&v["teacher"]["closed_form"], 0.232));
    let gain = v["gain"]["exact"].as_f64().unwrap();
    let t = v["teacher"]["exact"].as_f64().unwrap();
    let s = v["student"]["exact"].as_f64().unwrap();
    assert!((gain - (t - s)).abs() < 1e-15);
}

#[test]
fn theory_table_is_readable() {
    let out = w2s(&["theory"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["teacher ER_T", "student ER_S", "PGR", "η_u*", "W2S happens"] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["theory", "--eta-l", "1.2"],
            "eta-l (η_ℓ) = 1.2 is out of range: allowed [0, 1]",
        ),
        (
            &["theory", "--gamma", "0.2"],
            "outside the regime the theory covers",
        ),
        (
            &["theory", "--nu", "0.5"],
            "nu (ν_z) = 0.5 is outside the regime",
        ),
        (
            &["theory", "--p-t", "2.5"],
            "p-t (p_T) = 2.5 must be a whole number",
        ),
        (&["theory", "--p-s", "9"], "p-s (p_S) = 9 is out of range"),
        (
            &["theory", "--sep", "nan"],
            "sep (‖μ_ξ‖²/σ_ξ²) = NaN is not a finite number",
        ),
        (
            &["theory", "--sigma-y2", "-inf"],
            "sigma-y2 (σ_y²) = -inf is not a finite number",
        ),
        (
            &["theory", "--xi2", "-1"],
            "xi2 (‖Ξ‖_F²) = -1 is out of range",
        ),
        (
            &["theory", "--law", "gaussian"],
            "law = 'gaussian' is not a law",
        ),
        (
            &["theory", "--eta-u", "half"],
            "--eta-u = 'half' is not a number",
        ),
        (
            &["theory", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
        (
            &["sweep", "--vary", "colour"],
            "--vary 'colour' is not a parameter",
        ),
        (
            &["sweep", "--vary", "gamma", "--to", "0.5"],
            "outside the regime",
        ),
        (
            &["sweep", "--vary", "eta-u", "--points", "1"],
            "points = 1 is too few",
        ),
        (
            &["sweep", "--vary", "eta-u", "--points", "many"],
            "--points = 'many'",
        ),
        (
            &["boundary", "--vary", "eta-u", "--layer", "best"],
            "--layer 'best' is not a layer",
        ),
    ];
    for (args, expected) in cases {
        let out = w2s(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("w2s: error: "), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: {err:?} should contain {expected:?}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
}

#[test]
fn help_exits_0() {
    let out = w2s(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("theory"));
}

#[test]
fn sweep_csv_and_json_agree_with_theory() {
    let out = w2s(&[
        "sweep", "--vary", "eta-u", "--from", "0", "--to", "1", "--points", "5",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "eta_u");
    let col = header.iter().position(|h| *h == "student_exact").unwrap();
    let row: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(row[0], "0.5");
    let at_half = json(&["theory", "--json", "--eta-u", "0.5"]);
    let expected = at_half["student"]["exact"].as_f64().unwrap();
    assert!((row[col].parse::<f64>().unwrap() - expected).abs() < 1e-9 * expected);

    let v = json(&[
        "sweep",
        "--vary",
        "eta-l",
        "--points",
        "3",
        "--vary2",
        "eta-u",
        "--points2",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["points"].as_array().unwrap().len(), 6);
    assert_eq!(v["points"][1]["params"]["eta_u"], 1.0);
}

#[test]
fn boundary_finds_the_failure_point() {
    let v = json(&[
        "boundary",
        "--vary",
        "eta-u",
        "--law",
        "surrogate",
        "--sep",
        "20",
        "--xi2",
        "0",
        "--json",
    ]);
    let xs = v["crossings"].as_array().unwrap();
    assert!(!xs.is_empty());
    let u = xs[0]["value"].as_f64().unwrap();
    let at = json(&[
        "theory",
        "--json",
        "--law",
        "surrogate",
        "--sep",
        "20",
        "--xi2",
        "0",
        "--eta-u",
        &u.to_string(),
    ]);
    assert!(at["gain"]["exact"].as_f64().unwrap().abs() < 1e-8);
}

#[test]
fn simulate_json_reports_means_errors_and_the_theory() {
    let args = [
        "simulate", "--json", "--d-z", "16", "--reps", "3", "--seed", "5", "--gamma", "0.1",
        "--nu", "0.05",
    ];
    let v = json(&args);
    for k in ["teacher", "student", "gain"] {
        for f in ["mean", "se", "theory", "z"] {
            assert!(v[k][f].is_number(), "{k}.{f}: {v}");
        }
        assert_eq!(v[k]["values"].as_array().unwrap().len(), 3);
    }
    for m in ["teacher", "student"] {
        for g in ["majority", "minority"] {
            assert!(v["groups"][m][g]["mean"].is_number());
        }
    }
    assert!(v["theory"]["teacher"].is_number() && v["theory"]["student"].is_number());
    assert_eq!(v["config"]["n"], 160);
    assert_eq!(v["config"]["N"], 320);
    // Reproducible: the same command gives the same numbers.
    assert_eq!(json(&args)["student"]["values"], v["student"]["values"]);
    let bad: &[(&[&str], &str)] = &[
        (&["simulate", "--nu", "0"], "nu (ν_z) = 0 means N = ∞"),
        (&["simulate", "--d-z", "5000"], "d-z = 5000 needs about"),
        (
            &["simulate", "--solver", "qr"],
            "--solver 'qr' is not a solver",
        ),
        (
            &["simulate", "--reps", "1"],
            "--reps = '1' must be a whole number >= 2",
        ),
        (
            &["simulate", "--d-z", "-3"],
            "--d-z = '-3' must be a whole number",
        ),
    ];
    for (args, expected) in bad {
        let out = w2s(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn figures_render_to_svg_and_png_with_the_same_code() {
    let dir = std::env::temp_dir().join(format!("w2s-fig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["eta-u", "mismatch", "phase-map", "eta-t", "similarity"] {
        for ext in ["svg", "png"] {
            let path = dir.join(format!("{name}.{ext}"));
            let out = w2s(&[
                "figure",
                name,
                "--out",
                path.to_str().unwrap(),
                "--size",
                "640x400",
            ]);
            assert!(
                out.status.success(),
                "{name}.{ext}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let bytes = std::fs::read(&path).unwrap();
            if ext == "svg" {
                let text = String::from_utf8(bytes).unwrap();
                assert!(
                    text.starts_with("<svg") && text.contains("</svg>"),
                    "{name}.svg"
                );
            } else {
                assert_eq!(&bytes[1..4], b"PNG", "{name}.png");
                assert!(bytes.len() > 5_000, "{name}.png is suspiciously small");
            }
        }
    }
    for (args, expected) in [
        (
            vec!["figure", "pie", "--out", "x.svg"],
            "figure 'pie' is not a figure",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.gif"],
            "--out 'x.gif' must end in .svg or .png",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.svg", "--size", "10x10"],
            "--size '10x10'",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.svg", "--gamma", "0.5"],
            "outside the regime",
        ),
    ] {
        let out = w2s(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_labs_answer_in_json_and_refuse_bad_settings() {
    use w2s::labs::{enhanced, finetune};
    // The CLI's counts are the library's: the same rule, margin included.
    let v = json(&["logistic", "--pairs", "20", "--norm-0", "10", "--json"]);
    let c = finetune::Config {
        pairs: 20,
        norm_0: 10.0,
        ..finetune::Config::default()
    };
    let [end, ever] = finetune::fractions(&c);
    assert_eq!(v["ends_above_both"]["mean"].as_f64().unwrap(), end);
    assert_eq!(v["ever_above_both"]["mean"].as_f64().unwrap(), ever);
    assert_eq!(v["first_path"].as_array().unwrap().len(), c.steps + 1);
    // Enhanced: the summary equals the seeds averaged by the library.
    let v = json(&[
        "enhanced", "--seeds", "3", "--big-n", "600", "--n", "200", "--json",
    ]);
    let c = enhanced::Config {
        seeds: 3,
        big_n: 600,
        n: 200,
        ..enhanced::Config::default()
    };
    let runs: Vec<_> = (0..3).map(|k| enhanced::run_seed(&c, c.seed + k)).collect();
    let s = enhanced::Summary::of(&runs);
    assert_eq!(
        v["summary"]["enhanced"]["worst_group"]["mean"]
            .as_f64()
            .unwrap(),
        s.enhanced_worst.mean
    );
    assert_eq!(v["summary"]["verdict"].as_str().unwrap(), s.verdict());
    // Bad settings: exit 2, one line naming the knob, its value and range.
    for (args, msg) in [
        (
            vec!["enhanced", "--q", "1.5"],
            "w2s: error: q (q) = 1.5 is out of range: allowed (0, 1]\n",
        ),
        (
            vec!["enhanced", "--seeds", "2.5"],
            "w2s: error: seeds (seeds) = 2.5 is not a whole number: allowed [2, 200], whole numbers\n",
        ),
        (
            vec!["logistic", "--cos-t", "x"],
            "w2s: error: --cos-t = 'x' is not a number\n",
        ),
        (
            vec!["logistic", "--job", "nope"],
            "w2s: error: --job 'nope' is not a job: allowed paths, norms, map\n",
        ),
    ] {
        let out = w2s(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), msg, "{args:?}");
    }
}
