//! The data behind each explorer figure as CSV: what the page's "CSV" export
//! writes, so the numbers of a figure can be checked or replotted elsewhere.

use super::Figure;
use super::lines::{GAIN_LINE, Quantity, STUDENT_RISK, TEACHER_RISK};
use crate::figures::dashboard::{Curve, Dashboard};
use crate::theory::risks::Layer;

/// The data of a figure as CSV (what the page's "CSV" export writes).
pub fn csv(figure: Figure, d: &Dashboard) -> String {
    let mut out = String::new();
    let layers = Layer::ALL;
    match figure {
        Figure::EtaU => curve(
            &mut out,
            "eta_u",
            &d.eta_u,
            &[TEACHER_RISK, STUDENT_RISK, GAIN_LINE],
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
        Figure::EtaT => curve(&mut out, "eta_t", &d.eta_t, &[TEACHER_RISK, STUDENT_RISK]),
        Figure::Similarity => {
            curve(&mut out, "xi2", &d.xi2, &[GAIN_LINE]);
            out.push('\n');
            curve(&mut out, "nu", &d.nu, &[GAIN_LINE]);
        }
    }
    out
}

/// One column per quantity and layer, named `{column}_{layer}`, read by the
/// same readers the figure draws with; a layer not computed leaves its cell empty.
fn curve(out: &mut String, name: &str, curve: &Curve, quantities: &[Quantity]) {
    let layers = Layer::ALL;
    out.push_str(name);
    for l in layers {
        for q in quantities {
            out.push_str(&format!(",{}_{}", q.column, l.key()));
        }
    }
    out.push('\n');
    for (x, e) in curve.axis.values.iter().zip(&curve.evaluations) {
        out.push_str(&format!("{x}"));
        for l in layers {
            for q in quantities {
                let v = e.layer(l).map(q.read);
                match v {
                    Some(v) => out.push_str(&format!(",{v}")),
                    None => out.push(','),
                }
            }
        }
        out.push('\n');
    }
}
