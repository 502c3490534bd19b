//! The data behind each explorer figure as CSV: what the page's "CSV" export
//! writes, so the numbers of a figure can be checked or replotted elsewhere.
//! One table per file, after `#` comment lines that name the figure, the
//! state it was computed at and the columns (spreadsheets and pandas'
//! `comment="#"` skip them).

use super::Figure;
use super::describe::caption;
use super::lines::{GAIN_LINE, Quantity, STUDENT_RISK, TEACHER_RISK};
use crate::figures::dashboard::{Curve, Dashboard};
use crate::theory::risks::Layer;

/// What a column name says, for the header.
const COLUMNS: &str = "# columns: risks and gains are excess risks in units of σ_y²; a column \
     QUANTITY_LAYER is that quantity in one layer of the theory (closed_form: Theorems 1–2 as \
     stated; first_order and exact: the proportional-limit theory); an empty cell is a layer \
     not computed\n";

/// The data of a figure as CSV (what the page's "CSV" export writes).
pub fn csv(figure: Figure, d: &Dashboard) -> String {
    let mut out = format!(
        "# W2S explorer: {}\n# state: {}\n{COLUMNS}",
        d.title(figure),
        caption(&d.point.params)
    );
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
            // Columns named as the sweep's CSV names them (eta_l, gamma, …);
            // a cell outside the regime is an empty value, not a number.
            let (ax, ay) = (&d.map_axes.x, &d.map_axes.y);
            out.push_str(&format!(
                "{},{},relative_gain_{}\n",
                ax.param.key().replace('-', "_"),
                ay.param.key().replace('-', "_"),
                d.map_layer.key()
            ));
            let nx = ax.values.len();
            for (k, v) in d.map.iter().enumerate() {
                let v = if v.is_finite() {
                    v.to_string()
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "{},{},{v}\n",
                    ax.values[k % nx],
                    ay.values[k / nx]
                ));
            }
        }
        Figure::EtaT => curve(&mut out, "eta_t", &d.eta_t, &[TEACHER_RISK, STUDENT_RISK]),
        Figure::Similarity => {
            // The two panels in one table: which parameter moves, its value.
            out.push_str("# swept: xi2 (left panel, ‖Ξ‖_F²) or nu (right panel, ν_z)\nswept,");
            header(&mut out, "value", &[GAIN_LINE]);
            rows(&mut out, "xi2,", &d.xi2, &[GAIN_LINE]);
            rows(&mut out, "nu,", &d.nu, &[GAIN_LINE]);
        }
        Figure::Data => data(&mut out, d),
    }
    out
}

/// One column per quantity and layer, named `{column}_{layer}`, read by the
/// same readers the figure draws with; a layer not computed leaves its cell empty.
fn curve(out: &mut String, name: &str, curve: &Curve, quantities: &[Quantity]) {
    header(out, name, quantities);
    rows(out, "", curve, quantities);
}

fn header(out: &mut String, name: &str, quantities: &[Quantity]) {
    out.push_str(name);
    for l in Layer::ALL {
        for q in quantities {
            out.push_str(&format!(",{}_{}", q.column, l.key()));
        }
    }
    out.push('\n');
}

/// The curve's rows, each starting with `prefix`.
fn rows(out: &mut String, prefix: &str, curve: &Curve, quantities: &[Quantity]) {
    for (x, e) in curve.axis.values.iter().zip(&curve.evaluations) {
        out.push_str(&format!("{prefix}{x}"));
        for l in Layer::ALL {
            for q in quantities {
                match e.layer(l).map(q.read) {
                    Some(v) => out.push_str(&format!(",{v}")),
                    None => out.push(','),
                }
            }
        }
        out.push('\n');
    }
}

/// The data figure's curves: t, the exact pointwise risks and the three
/// mixtures' densities.
fn data(out: &mut String, d: &Dashboard) {
    out.push_str(
        "# t: the group features' coordinate along μ_ξ in units of σ_ξ (majority group at 0, \
         minority at √sep); teacher_exact, student_exact: the exact pointwise excess risk at t \
         (their averages under density_test are ER_T and ER_S); density_*: the density of t \
         under D(η_ℓ), D(η_u), D(η_t)\n\
         t,teacher_exact,student_exact,density_labeled,density_unlabeled,density_test\n",
    );
    let pic = &d.data;
    let [l, u, t] = &pic.density;
    for (i, x) in pic.t.iter().enumerate() {
        out.push_str(&format!(
            "{x},{},{},{},{},{}\n",
            pic.teacher[i], pic.student[i], l[i], u[i], t[i]
        ));
    }
}
