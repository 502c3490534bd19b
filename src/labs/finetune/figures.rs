//! The figures of the logistic-regression lab, generic over the plotters
//! backend. A figure whose job has not run yet says so in its frame.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lab::{Fig, State};
use super::{Config, NORMS};
use crate::figures::kit::{
    DrawResult, GAIN, Legend, MUTED, STUDENT, Style, TEACHER, diverging, line_chart, y_range,
};
use crate::labs::heat::{HeatStyle, heat_map};
use crate::labs::plot::{along, key_row, keyed, not_yet, room_right, se_line, x_ticks};
use crate::simulation::replicates::Estimate;

/// Draws one figure from the results so far.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Fig,
    d: &State,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let press = figure.button();
    match figure {
        Fig::Paths => match &d.paths {
            Some(p) => paths(&room_right(area, st), &d.config, p, st),
            None => not_yet(area, st, "Cosine along training", press),
        },
        Fig::Norms => match &d.norms {
            Some(n) => norms(&room_right(area, st), &d.config, n, st),
            None => not_yet(area, st, "Fraction above both vs starting norm", press),
        },
        Fig::Map => match &d.map {
            Some(m) => heat_map(
                area,
                st,
                // Rows from the top: the highest teacher cosine first.
                &m.map(|f| 100.0 * f[0]).flip_rows(),
                &HeatStyle {
                    color: &|v| diverging(2.0 * v / 100.0 - 1.0),
                    label: &|v| format!("{v:.0}"),
                    range: (0.0, 100.0),
                    x_desc: "cos(w₀, w*) (student's start)",
                    y_desc: "cos(w_T, w*)",
                    title: &format!("% of pairs ending above both, ‖w₀‖ = {}", d.config.norm_0),
                },
            ),
            None => not_yet(area, st, "Fraction above both over the two cosines", press),
        },
    }
}

fn paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Config,
    paths: &[Vec<f64>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let steps = paths
        .first()
        .map_or(1, |p| p.len().saturating_sub(1))
        .max(1) as f64;
    let shown = &paths[..paths.len().min(30)];
    let (lo, hi) = y_range(
        shown.iter().flatten().copied().chain([c.cos_t, c.cos_0]),
        false,
    );
    let levels = [
        (c.cos_t, TEACHER, "teacher"),
        (c.cos_0, MUTED, "student's start"),
    ];
    let mut legend = Legend::default();
    if !shown.is_empty() {
        legend.add("student (first pair; others faint)", STUDENT, 2);
    }
    for (v, color, name) in levels {
        legend.add(format!("{name}: {v:.3}"), color, 1);
    }
    // Every path, faint ones too, and the two levels: a box on a faint
    // path hides it as much as on the first.
    let line = |p: &Vec<f64>| -> Vec<(f64, f64)> {
        p.iter().enumerate().map(|(k, v)| (k as f64, *v)).collect()
    };
    let mut data: Vec<(f64, f64)> = shown.iter().flat_map(|p| along(&line(p), 2)).collect();
    for (v, ..) in levels {
        data.extend(along(&[(0.0, v), (steps, v)], 60));
    }
    let x = 0.0..steps;
    let keyed = keyed(area, st, &legend, &x, lo..hi, &data)?;
    let ticks = x_ticks(&keyed.plot, st, 10);
    let y = keyed.y.clone();
    let mut chart = line_chart(&keyed.plot, st, x, y, "gradient step", "cos(w, w*)", ticks)?;
    for p in shown.iter().skip(1) {
        chart.draw_series(LineSeries::new(
            line(p),
            STUDENT.mix(0.18).stroke_width(st.w(1)),
        ))?;
    }
    if let Some(p) = shown.first() {
        chart.draw_series(LineSeries::new(line(p), STUDENT.stroke_width(st.w(2))))?;
    }
    for (v, color, _) in levels {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, v), (steps, v)],
            color.stroke_width(st.w(1)),
        )))?;
    }
    keyed.finish(&legend, &chart, st)
}

fn norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Config,
    fractions: &[[f64; 2]],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    // The key goes above the chart, so the percentage axis stops just past
    // 100 % (lines at 0 and 100 stay off the frame) with no box on the data.
    let plot = area.margin(st.px(16), 0, 0, 0);
    let mut chart = line_chart(
        &plot,
        st,
        (0.04f64).log10()..(25.0f64).log10(),
        -3.0..103.0,
        "log₁₀ ‖w₀‖ (student's starting norm)",
        "% of pairs above both, ± 2 SE",
        8,
    )?;
    let series = [
        (0, STUDENT, "ends above both"),
        (1, GAIN, "above both at some step"),
    ];
    for (k, color, _) in series {
        let pts: Vec<(f64, Estimate)> = NORMS
            .iter()
            .zip(fractions)
            .map(|(r, f)| (r.log10(), super::fraction_estimate(f[k], c.pairs)))
            .collect();
        se_line(&mut chart, st, &pts, color, 2)?;
    }
    key_row(
        area,
        st,
        &series.map(|(_, color, name)| (name, color)),
        Some(2),
    )
}
