//! A lab session refuses results no task can give, in words, and stays as it
//! was: the page's `Lab.setResults` reaches these functions with whatever
//! numbers its workers (or a caller) send.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use plotters::prelude::*;
use w2s::figures::Style;
use w2s::labs::knobs::Values;
use w2s::labs::lab::Lab;
use w2s::labs::registry::{LABS, Session};
use w2s::labs::session::split;

type Kind = &'static dyn Lab;

/// Settings whose tasks take milliseconds.
fn quick(kind: Kind) -> Vec<f64> {
    let mut v = Values::defaults(kind.knobs());
    let set: &[(&str, f64)] = match kind.key() {
        "enhanced" => &[("d", 2.0), ("n", 20.0), ("big-n", 50.0), ("seeds", 2.0)],
        "logistic" => &[("n", 0.0), ("d", 2.0), ("steps", 2.0), ("pairs", 2.0)],
        other => panic!("no quick settings for the lab {other}"),
    };
    for (k, x) in set {
        v.set(k, *x).expect("a knob");
    }
    v.as_slice().to_vec()
}

fn jobs(kind: Kind) -> Vec<&'static str> {
    kind.info().jobs.iter().map(|j| j.key).collect()
}

fn kinds() -> impl Iterator<Item = Kind> {
    LABS.iter().copied()
}

/// Every task's numbers of a job, concatenated (what the page sends).
fn flat(kind: Kind, v: &[f64], job: &str) -> Vec<f64> {
    let n = kind.tasks(v, job).expect("valid job");
    (0..n)
        .flat_map(|t| kind.task(v, job, t).expect("task runs"))
        .collect()
}

/// The session's visible state: findings and every figure's CSV.
fn state(kind: Kind, s: &Session) -> (Vec<String>, Vec<String>) {
    let csv = kind.info().figures.iter().map(|f| s.csv(f.key)).collect();
    (s.findings(), csv)
}

/// Every figure of the session drawn as SVG (must not panic).
fn draw_all(kind: Kind, s: &Session) {
    for f in kind.info().figures {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 400)).into_drawing_area();
            s.draw(&area, f.key, &Style::default()).expect("draws");
            area.present().expect("presents");
        }
        assert!(out.contains("<svg"), "{}", f.key);
    }
}

#[test]
fn task_len_is_what_every_task_gives() {
    for kind in kinds() {
        let v = quick(kind);
        for job in jobs(kind) {
            let len = kind.task_len(&v, job).expect("valid job");
            let n = kind.tasks(&v, job).expect("valid job");
            for t in [0, n - 1] {
                let got = kind.task(&v, job, t).expect("task runs").len();
                assert_eq!(got, len, "{} {job} task {t}", kind.key());
            }
        }
    }
}

#[test]
fn split_refuses_every_wrong_length_in_words() {
    for kind in kinds() {
        let v = quick(kind);
        for job in jobs(kind) {
            let good = flat(kind, &v, job);
            let n = kind.tasks(&v, job).unwrap();
            let tasks = split(kind, &v, job, &good).expect("the tasks' own numbers split");
            assert_eq!(tasks.len(), n);
            // The empty array used to reach chunks(0) and panic.
            let wrong: [Vec<f64>; 5] = [
                vec![],
                vec![0.5],
                good[1..].to_vec(),
                [good.as_slice(), &[0.5]].concat(),
                [good.as_slice(), good.as_slice()].concat(),
            ];
            for w in wrong {
                let e = split(kind, &v, job, &w).expect_err("refused");
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("expected {n} tasks"))
                        && msg.contains(&w.len().to_string()),
                    "{} {job}, {} numbers: {msg}",
                    kind.key(),
                    w.len()
                );
            }
        }
    }
}

#[test]
fn results_no_task_gives_are_refused_and_change_nothing() {
    for kind in kinds() {
        let v = quick(kind);
        let mut s = Session::new(kind.key()).unwrap();
        let before = state(kind, &s);
        for job in jobs(kind) {
            let good = flat(kind, &v, job);
            for bad in [f64::NAN, f64::INFINITY, -1e300, 5.0, -1.5] {
                let mut f = good.clone();
                f[0] = bad;
                let tasks = split(kind, &v, job, &f).expect("the length is right");
                let e = s.set_results(&v, job, &tasks).expect_err("refused");
                assert!(e.to_string().contains("which no task gives"), "{e}");
            }
            // The right count of tasks, each of the wrong length (native callers).
            let n = kind.tasks(&v, job).unwrap();
            let len = kind.task_len(&v, job).unwrap();
            for wrong in [0, 1, len - 1, len + 1] {
                assert!(s.set_results(&v, job, &vec![vec![0.5; wrong]; n]).is_err());
            }
            assert!(s.set_results(&v, job, &[]).is_err());
            // Settings that are not the ones the results were run at.
            let mut other = v.clone();
            other[0] = f64::NAN;
            let tasks = split(kind, &v, job, &good).unwrap();
            assert!(s.set_results(&other, job, &tasks).is_err());
            assert!(s.set_results(&[], job, &tasks).is_err());
        }
        assert_eq!(
            state(kind, &s),
            before,
            "{}: a refused result changed the session",
            kind.key()
        );
        draw_all(kind, &s);
    }
}

#[test]
fn a_refused_result_keeps_the_previous_one() {
    for kind in kinds() {
        let v = quick(kind);
        let mut s = Session::new(kind.key()).unwrap();
        for job in jobs(kind) {
            let tasks = split(kind, &v, job, &flat(kind, &v, job)).unwrap();
            s.set_results(&v, job, &tasks).expect("valid results");
        }
        let before = state(kind, &s);
        // Other (valid) settings, with results that do not fit them.
        let mut other = v.clone();
        let seed = w2s::labs::knobs::index(kind.knobs(), "seed").unwrap();
        other[seed] = 7.0;
        for job in jobs(kind) {
            assert!(s.set_results(&other, job, &[vec![0.5; 2]]).is_err());
        }
        assert_eq!(state(kind, &s), before);
        draw_all(kind, &s);
    }
}

#[test]
fn edge_results_draw_and_summarise() {
    // All zeros and all ones are results a task can give (every accuracy 0).
    for kind in kinds() {
        let v = quick(kind);
        for x in [0.0, 1.0] {
            let mut s = Session::new(kind.key()).unwrap();
            for job in jobs(kind) {
                let len = flat(kind, &v, job).len();
                let tasks = split(kind, &v, job, &vec![x; len]).unwrap();
                s.set_results(&v, job, &tasks).expect("in range");
            }
            // One sentence per job; the sweep has one per scenario.
            let sentences = if kind.key() == "enhanced" { 4 } else { 3 };
            assert_eq!(s.findings().len(), sentences, "{} at {x}", kind.key());
            draw_all(kind, &s);
        }
    }
}

#[test]
fn jobs_refuse_jobs_of_other_labs() {
    for kind in kinds() {
        for job in jobs(kind) {
            assert!(!kind.job(job).expect("its own job").figures.is_empty());
        }
        let others = kinds().filter(|o| o.key() != kind.key()).flat_map(jobs);
        for job in others.chain(["", "nope", "RUN"]) {
            let e = kind.job(job).expect_err("not a job of this lab");
            assert!(e.to_string().contains("is not a job"), "{e}");
        }
    }
}

#[test]
fn every_lab_is_consistent_with_itself() {
    // What the registry promises the page: unique keys, every job's figures
    // are the lab's, every figure is drawn by some job, and every preset
    // gives valid settings from the defaults.
    let mut labs: Vec<&str> = kinds().map(|k| k.key()).collect();
    labs.sort_unstable();
    labs.dedup();
    assert_eq!(labs.len(), LABS.len());
    for kind in kinds() {
        let info = kind.info();
        assert!(
            !info.jobs.is_empty(),
            "{}: a lab has a default job",
            info.key
        );
        for j in info.jobs {
            for f in j.figures {
                kind.figure(f)
                    .unwrap_or_else(|e| panic!("{} {}: {e}", info.key, j.key));
            }
        }
        for f in info.figures {
            assert!(
                info.jobs.iter().any(|j| j.figures.contains(&f.key)),
                "{}: no job draws {}",
                info.key,
                f.key
            );
        }
        for k in info.knobs.iter().filter(|k| k.switch) {
            // A checkbox on the page writes 0 or 1, and a link may hold nothing else.
            assert!(
                k.integer && k.min == 0.0 && k.max == 1.0,
                "{}: the switch {} is not 0 or 1",
                info.key,
                k.key
            );
        }
        let defaults = w2s::labs::knobs::defaults(info.knobs);
        kind.check(&defaults).expect("the defaults are valid");
        for p in info.presets {
            let v = kind.preset(p.key, &defaults).expect("a preset applies");
            kind.check(&v).expect("a preset gives valid settings");
        }
        let e = kind.preset("nope", &defaults).expect_err("not a preset");
        assert!(e.to_string().contains("is not a preset"), "{e}");
        assert!(kind.preset(info.presets[0].key, &[]).is_err());
    }
}

#[test]
fn presets_set_what_the_page_did() {
    // The presets the page had in lab.js, now in the core: the enhanced
    // scenarios use the current η_o.
    let lab = w2s::labs::registry::lab("enhanced").unwrap();
    let mut v = Values::defaults(lab.knobs());
    v.set("eta-o", 0.1).unwrap();
    for (key, eta_l, eta_u) in [("s1", 0.1, 0.5), ("s2", 0.5, 0.1), ("matched", 0.1, 0.1)] {
        let got = Values::new(lab.knobs(), &lab.preset(key, v.as_slice()).unwrap()).unwrap();
        assert_eq!(
            (got.get("eta-l").unwrap(), got.get("eta-u").unwrap()),
            (eta_l, eta_u),
            "{key}"
        );
    }
    let lab = w2s::labs::registry::lab("logistic").unwrap();
    let v = Values::defaults(lab.knobs());
    for (key, soft, n, norm) in [
        ("hard", 0.0, 0.0, 12.0),
        ("soft", 1.0, 0.0, 12.0),
        ("sample", 0.0, 500.0, 12.0),
        ("big-norm", 0.0, 0.0, 10.0),
    ] {
        let got = Values::new(lab.knobs(), &lab.preset(key, v.as_slice()).unwrap()).unwrap();
        let read = |k| got.get(k).unwrap();
        assert_eq!(
            (read("soft"), read("n"), read("norm-0")),
            (soft, n, norm),
            "{key}"
        );
    }
}

#[test]
fn a_figure_not_run_yet_names_the_button_that_runs_it() {
    // At a narrow canvas and at the CLI's size: the message is wrapped to the
    // frame (its lines are joined here), so it is whole at both.
    for kind in kinds() {
        let s = Session::new(kind.key()).unwrap();
        for f in kind.info().figures {
            let job = kind
                .info()
                .jobs
                .iter()
                .find(|j| j.figures.contains(&f.key))
                .unwrap();
            for (w, h) in [(320, 220), (900, 520)] {
                let mut out = String::new();
                {
                    let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
                    s.draw(&area, f.key, &Style::default()).unwrap();
                    area.present().unwrap();
                }
                let text: String = out
                    .split("<text")
                    .skip(1)
                    .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")))
                    .flat_map(|(t, _)| t.split_whitespace())
                    .collect::<Vec<_>>()
                    .join(" ");
                let press = format!("Press “{}”.", job.label);
                assert!(
                    text.contains("not run yet") && text.contains(&press),
                    "{} at {w}x{h}: {text}",
                    f.key
                );
            }
        }
    }
}
