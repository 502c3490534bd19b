//! The data behind each explorer figure as CSV: what the page's "CSV" export
//! writes, so the numbers of a figure can be checked or replotted elsewhere.

use super::Figure;
use crate::dashboard::Dashboard;
use crate::engine::Evaluation;
use crate::theory::Layer;

/// The data of a figure as CSV (what the page's "CSV" export writes).
pub fn csv(figure: Figure, d: &Dashboard) -> String {
    let mut out = String::new();
    let layers = Layer::ALL;
    let curve = |out: &mut String, name: &str, axis: &[f64], evs: &[Evaluation], what: &[&str]| {
        out.push_str(name);
        for l in layers {
            for w in what {
                out.push_str(&format!(",{w}_{}", l.key()));
            }
        }
        out.push('\n');
        for (x, e) in axis.iter().zip(evs) {
            out.push_str(&format!("{x}"));
            for l in layers {
                for w in what {
                    let v = e.layer(l).map(|r| match *w {
                        "teacher" => r.teacher.at,
                        "student" => r.student.at,
                        _ => r.gain(),
                    });
                    match v {
                        Some(v) => out.push_str(&format!(",{v}")),
                        None => out.push(','),
                    }
                }
            }
            out.push('\n');
        }
    };
    match figure {
        Figure::EtaU => curve(
            &mut out,
            "eta_u",
            &d.eta_u.axis.values,
            &d.eta_u.evaluations,
            &["teacher", "student", "gain"],
        ),
        Figure::Mismatch => {
            let eta_l = d.point.params.eta_l;
            out.push_str("eta_u,squared_mismatch,gain_closed_form,gain_first_order,gain_exact\n");
            for (u, e) in d.eta_u.axis.values.iter().zip(&d.eta_u.evaluations) {
                out.push_str(&format!("{u},{}", (u - eta_l).powi(2)));
                for l in layers {
                    match e.layer(l) {
                        Some(r) => out.push_str(&format!(",{}", r.gain())),
                        None => out.push(','),
                    }
                }
                out.push('\n');
            }
        }
        Figure::PhaseMap => {
            out.push_str(&format!(
                "eta_l,eta_u,relative_gain_{}\n",
                d.map_layer.key()
            ));
            let nx = d.map_axes.eta_l.values.len();
            for (k, v) in d.map.iter().enumerate() {
                out.push_str(&format!(
                    "{},{},{v}\n",
                    d.map_axes.eta_l.values[k % nx],
                    d.map_axes.eta_u.values[k / nx]
                ));
            }
        }
        Figure::EtaT => curve(
            &mut out,
            "eta_t",
            &d.eta_t.axis.values,
            &d.eta_t.evaluations,
            &["teacher", "student"],
        ),
        Figure::Similarity => {
            curve(
                &mut out,
                "xi2",
                &d.xi2.axis.values,
                &d.xi2.evaluations,
                &["gain"],
            );
            out.push('\n');
            curve(
                &mut out,
                "nu",
                &d.nu.axis.values,
                &d.nu.evaluations,
                &["gain"],
            );
        }
    }
    out
}
