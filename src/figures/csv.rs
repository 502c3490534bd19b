//! The data behind each explorer figure as CSV: what the page's "CSV" export
//! writes, so the numbers of a figure can be checked or replotted elsewhere.
//! One table per file, after `#` comment lines that name the figure, the
//! state it was computed at and the columns (spreadsheets and pandas'
//! `comment="#"` skip them). Each pinned state adds one group of columns,
//! suffixed `_pin1`, `_pin2`, …, with its exact values, on the same rows.

use super::Figure;
use super::describe::caption;
use super::lines::{GAIN_LINE, Quantity, STUDENT_RISK, TEACHER_RISK};
use crate::figures::dashboard::{Curve, Dashboard};
use crate::theory::risks::Layer;

/// What a column name says, for the header.
const COLUMNS: &str = "# columns: risks and gains are excess risks in units of σ_y²; a column \
     QUANTITY_LAYER is that quantity in one layer of the theory (closed_form: Theorems 1–2 as \
     stated; first_order and exact: the proportional-limit theory); an empty cell is a layer \
     not computed; a column ending _pinK is pin K's exact value (its state is named above)\n";

/// The data of a figure as CSV (what the page's "CSV" export writes).
pub fn csv(figure: Figure, d: &Dashboard) -> String {
    let mut out = format!(
        "# W2S explorer: {}\n# state: {}\n",
        d.title(figure),
        caption(&d.point.params)
    );
    for (k, pin) in d.pins.iter().enumerate() {
        out.push_str(&format!("# pin {}: {}\n", k + 1, caption(&pin.params)));
    }
    out.push_str(COLUMNS);
    match figure {
        Figure::EtaU => curve(
            &mut out,
            "eta_u",
            d,
            |b| &b.eta_u,
            &[TEACHER_RISK, STUDENT_RISK, GAIN_LINE],
        ),
        Figure::Mismatch => mismatch(&mut out, d),
        Figure::PhaseMap => phase_map(&mut out, d),
        Figure::EtaT => curve(
            &mut out,
            "eta_t",
            d,
            |b| &b.eta_t,
            &[TEACHER_RISK, STUDENT_RISK],
        ),
        Figure::Similarity => {
            // The two panels in one table: which parameter moves, its value.
            out.push_str("# swept: xi2 (left panel, ‖Ξ‖_F²) or nu (right panel, ν_z)\nswept,");
            header(&mut out, "value", d, true, &[GAIN_LINE]);
            rows(&mut out, "xi2,", d, |b| &b.xi2, true, &[GAIN_LINE]);
            rows(&mut out, "nu,", d, |b| &b.nu, true, &[GAIN_LINE]);
        }
        Figure::Data => data(&mut out, d),
    }
    out
}

/// One column per quantity and layer, named `{column}_{layer}`, read by the
/// same readers the figure draws with; a layer not computed leaves its cell empty.
fn curve(
    out: &mut String,
    name: &str,
    d: &Dashboard,
    of: fn(&Dashboard) -> &Curve,
    quantities: &[Quantity],
) {
    header(out, name, d, false, quantities);
    rows(out, "", d, of, false, quantities);
}

/// The columns: x, each quantity in each layer, then each pin's group (its
/// own x first when `pin_x`: an axis that depends on the pin's p_S).
fn header(out: &mut String, name: &str, d: &Dashboard, pin_x: bool, quantities: &[Quantity]) {
    out.push_str(name);
    for l in Layer::ALL {
        for q in quantities {
            out.push_str(&format!(",{}_{}", q.column, l.key()));
        }
    }
    for k in 1..=d.pins.len() {
        if pin_x {
            out.push_str(&format!(",{name}_pin{k}"));
        }
        for q in quantities {
            out.push_str(&format!(",{}_exact_pin{k}", q.column));
        }
    }
    out.push('\n');
}

/// A curve's exact value of `read` at point `i`; empty where there is none.
fn exact(c: &Curve, i: usize, read: fn(&crate::theory::risks::LayerRisks) -> f64) -> String {
    c.evaluations
        .get(i)
        .and_then(|e| e.layer(Layer::Exact))
        .map_or(String::new(), |r| read(r).to_string())
}

/// The curve's rows, each starting with `prefix`, with each pin's values
/// at the same point of its own curve.
fn rows(
    out: &mut String,
    prefix: &str,
    d: &Dashboard,
    of: fn(&Dashboard) -> &Curve,
    pin_x: bool,
    quantities: &[Quantity],
) {
    let curve = of(d);
    for (i, (x, e)) in curve.axis.values.iter().zip(&curve.evaluations).enumerate() {
        out.push_str(&format!("{prefix}{x}"));
        for l in Layer::ALL {
            for q in quantities {
                match e.layer(l).map(q.read) {
                    Some(v) => out.push_str(&format!(",{v}")),
                    None => out.push(','),
                }
            }
        }
        for pin in d.pins.iter() {
            let c = of(&pin.board);
            if pin_x {
                let v = c.axis.values.get(i).map_or(String::new(), f64::to_string);
                out.push_str(&format!(",{v}"));
            }
            for q in quantities {
                out.push_str(&format!(",{}", exact(c, i, q.read)));
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
         t,teacher_exact,student_exact,density_labeled,density_unlabeled,density_test",
    );
    for k in 1..=d.pins.len() {
        out.push_str(&format!(
            ",t_pin{k},teacher_exact_pin{k},student_exact_pin{k}"
        ));
    }
    out.push('\n');
    let pic = &d.data;
    let [l, u, t] = &pic.density;
    for (i, x) in pic.t.iter().enumerate() {
        out.push_str(&format!(
            "{x},{},{},{},{},{}",
            pic.teacher[i], pic.student[i], l[i], u[i], t[i]
        ));
        for pin in d.pins.iter() {
            let q = &pin.board.data;
            out.push_str(&format!(",{},{},{}", q.t[i], q.teacher[i], q.student[i]));
        }
        out.push('\n');
    }
}

/// The gain against (η_u − η_ℓ)², each pin's against its own η_ℓ.
fn mismatch(out: &mut String, d: &Dashboard) {
    let eta_l = d.point.params.eta_l;
    out.push_str("eta_u,squared_mismatch,gain_closed_form,gain_first_order,gain_exact");
    for k in 1..=d.pins.len() {
        out.push_str(&format!(",squared_mismatch_pin{k},gain_exact_pin{k}"));
    }
    out.push('\n');
    for (i, (u, e)) in d
        .eta_u
        .axis
        .values
        .iter()
        .zip(&d.eta_u.evaluations)
        .enumerate()
    {
        out.push_str(&format!("{u},{}", (u - eta_l).powi(2)));
        for l in Layer::ALL {
            match e.layer(l) {
                Some(r) => out.push_str(&format!(",{}", r.gain())),
                None => out.push(','),
            }
        }
        for pin in d.pins.iter() {
            let b = &pin.board;
            let x = (u - b.point.params.eta_l).powi(2);
            out.push_str(&format!(",{x},{}", exact(&b.eta_u, i, GAIN_LINE.read)));
        }
        out.push('\n');
    }
}

/// The map's cells, named as the sweep's CSV names its columns (eta_l,
/// gamma, …); a cell outside the regime is an empty value, not a number.
fn phase_map(out: &mut String, d: &Dashboard) {
    let (ax, ay) = (&d.map_axes.x, &d.map_axes.y);
    out.push_str(&format!(
        "{},{},relative_gain_{}",
        ax.param.key().replace('-', "_"),
        ay.param.key().replace('-', "_"),
        d.map_layer.key()
    ));
    for k in 1..=d.pins.len() {
        out.push_str(&format!(",relative_gain_exact_pin{k}"));
    }
    out.push('\n');
    let cell = |v: Option<&f64>| match v {
        Some(v) if v.is_finite() => v.to_string(),
        _ => String::new(),
    };
    let nx = ax.values.len();
    for (k, v) in d.map.iter().enumerate() {
        out.push_str(&format!(
            "{},{},{}",
            ax.values[k % nx],
            ay.values[k / nx],
            cell(Some(v))
        ));
        for pin in d.pins.iter() {
            let same = pin.board.map_axes.pair() == d.map_axes.pair();
            out.push_str(&format!(",{}", cell(pin.board.map.get(k).filter(|_| same))));
        }
        out.push('\n');
    }
}
