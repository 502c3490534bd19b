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
use w2s::labs::session::{LabKind, Session};

/// Settings whose tasks take milliseconds.
fn quick(kind: LabKind) -> Vec<f64> {
    let mut v = w2s::labs::session::knob_defaults(kind);
    let keys = w2s::labs::session::knob_keys(kind);
    let set: &[(&str, f64)] = match kind {
        LabKind::Enhanced => &[("d", 2.0), ("n", 20.0), ("big-n", 50.0), ("seeds", 2.0)],
        LabKind::Logistic => &[("n", 0.0), ("d", 2.0), ("steps", 2.0), ("pairs", 2.0)],
    };
    for (k, x) in set {
        v[keys.iter().position(|key| key == k).expect("a knob")] = *x;
    }
    v
}

fn jobs(kind: LabKind) -> [&'static str; 3] {
    match kind {
        LabKind::Enhanced => ["run", "sweep", "heat"],
        LabKind::Logistic => ["paths", "norms", "map"],
    }
}

const KINDS: [LabKind; 2] = [LabKind::Enhanced, LabKind::Logistic];

/// Every task's numbers of a job, concatenated (what the page sends).
fn flat(kind: LabKind, v: &[f64], job: &str) -> Vec<f64> {
    let n = kind.tasks(v, job).expect("valid job");
    (0..n)
        .flat_map(|t| kind.task(v, job, t).expect("task runs"))
        .collect()
}

/// The session's visible state: findings and every figure's CSV.
fn state(kind: LabKind, s: &Session) -> (Vec<String>, Vec<String>) {
    let csv = kind.figures().into_iter().map(|f| s.csv(f)).collect();
    (s.findings(), csv)
}

/// Every figure of the session drawn as SVG (must not panic).
fn draw_all(kind: LabKind, s: &Session) {
    for f in kind.figures() {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 400)).into_drawing_area();
            s.draw(&area, f, &Style::default()).expect("draws");
            area.present().expect("presents");
        }
        assert!(out.contains("<svg"), "{}", f.key());
    }
}

#[test]
fn task_len_is_what_every_task_gives() {
    for kind in KINDS {
        let v = quick(kind);
        for job in jobs(kind) {
            let len = kind.task_len(&v, job).expect("valid job");
            let n = kind.tasks(&v, job).expect("valid job");
            for t in [0, n - 1] {
                let got = kind.task(&v, job, t).expect("task runs").len();
                assert_eq!(got, len, "{kind:?} {job} task {t}");
            }
        }
    }
}

#[test]
fn split_refuses_every_wrong_length_in_words() {
    for kind in KINDS {
        let v = quick(kind);
        for job in jobs(kind) {
            let good = flat(kind, &v, job);
            let n = kind.tasks(&v, job).unwrap();
            let tasks = Session::split(kind, &v, job, &good).expect("the tasks' own numbers split");
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
                let e = Session::split(kind, &v, job, &w).expect_err("refused");
                let msg = e.to_string();
                assert!(
                    msg.contains(&format!("expected {n} tasks"))
                        && msg.contains(&w.len().to_string()),
                    "{kind:?} {job}, {} numbers: {msg}",
                    w.len()
                );
            }
        }
    }
}

#[test]
fn results_no_task_gives_are_refused_and_change_nothing() {
    for kind in KINDS {
        let v = quick(kind);
        let mut s = Session::new(kind);
        let before = state(kind, &s);
        for job in jobs(kind) {
            let good = flat(kind, &v, job);
            for bad in [f64::NAN, f64::INFINITY, -1e300, 5.0, -1.5] {
                let mut f = good.clone();
                f[0] = bad;
                let tasks = Session::split(kind, &v, job, &f).expect("the length is right");
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
            let tasks = Session::split(kind, &v, job, &good).unwrap();
            assert!(s.set_results(&other, job, &tasks).is_err());
            assert!(s.set_results(&[], job, &tasks).is_err());
        }
        assert_eq!(
            state(kind, &s),
            before,
            "{kind:?}: a refused result changed the session"
        );
        draw_all(kind, &s);
    }
}

#[test]
fn a_refused_result_keeps_the_previous_one() {
    for kind in KINDS {
        let v = quick(kind);
        let mut s = Session::new(kind);
        for job in jobs(kind) {
            let tasks = Session::split(kind, &v, job, &flat(kind, &v, job)).unwrap();
            s.set_results(&v, job, &tasks).expect("valid results");
        }
        let before = state(kind, &s);
        // Other (valid) settings, with results that do not fit them.
        let mut other = v.clone();
        let keys = w2s::labs::session::knob_keys(kind);
        other[keys.iter().position(|k| k == "seed").unwrap()] = 7.0;
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
    for kind in KINDS {
        let v = quick(kind);
        for x in [0.0, 1.0] {
            let mut s = Session::new(kind);
            for job in jobs(kind) {
                let len = flat(kind, &v, job).len();
                let tasks = Session::split(kind, &v, job, &vec![x; len]).unwrap();
                s.set_results(&v, job, &tasks).expect("in range");
            }
            // One sentence per job; the sweep has one per scenario.
            let sentences = if kind == LabKind::Enhanced { 4 } else { 3 };
            assert_eq!(s.findings().len(), sentences, "{kind:?} at {x}");
            draw_all(kind, &s);
        }
    }
}

#[test]
fn job_figures_refuses_jobs_of_other_labs() {
    for kind in KINDS {
        for job in jobs(kind) {
            assert!(!kind.job_figures(job).expect("its own job").is_empty());
        }
        let other = if kind == LabKind::Enhanced {
            LabKind::Logistic
        } else {
            LabKind::Enhanced
        };
        for job in jobs(other).into_iter().chain(["", "nope", "RUN"]) {
            let e = kind.job_figures(job).expect_err("not a job of this lab");
            assert!(e.to_string().contains("is not a job"), "{e}");
        }
    }
}
