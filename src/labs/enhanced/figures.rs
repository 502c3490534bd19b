//! The Enhanced-W2S figures, generic over the plotters backend like the
//! explorer's (canvases in the page, SVG/PNG from the CLI). A figure whose job
//! has not run yet says so in its frame.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lab::{Fig, State};
use super::{Config, Summary};
use crate::figures::kit::{
    DrawResult, GAIN, Legend, MUTED, STUDENT, Style, TEACHER, diverging, line_chart, y_range,
};
use crate::labs::heat::{HeatStyle, heat_map};
use crate::labs::plot::{
    along, bar_frame, key_row, key_rows, keyed, lighten, narrow, not_yet, room_right, se_bars,
    se_data, se_line, x_ticks,
};
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
        Fig::Summary => match &d.run {
            Some(s) => summary(area, s, st),
            None => not_yet(area, st, "Teacher, vanilla and Enhanced-W2S", press),
        },
        Fig::Sweep => match &d.sweep {
            Some(s) => sweep(area, &d.config, s, st),
            None => not_yet(area, st, "The sweep over η_u", press),
        },
        Fig::Share => match &d.sweep {
            Some(s) => share(&room_right(area, st), &d.config, s, st),
            None => not_yet(area, st, "The kept subset's minority share", press),
        },
        Fig::Heat => match &d.heat {
            Some(grid) => {
                let vals = grid.map(|c| 100.0 * c.worst.mean);
                let scale = vals.cells().iter().fold(1.0_f64, |m, v| m.max(v.abs()));
                heat_map(
                    area,
                    st,
                    &vals,
                    &HeatStyle {
                        color: &|v| diverging(v / scale),
                        label: &points,
                        range: (-scale, scale),
                        x_desc: "q (GCE exponent)",
                        y_desc: "p (fraction kept)",
                        title: "Enhanced − vanilla worst-group accuracy (points)",
                    },
                )
            }
            None => not_yet(area, st, "The (p, q) sensitivity map", press),
        },
    }
}

/// Bars of the three heads' average and worst-group accuracy side by side,
/// each with its ±2 SE whisker; the heads are categories, so nothing joins
/// the bars.
fn summary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Summary,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let rows = [
        ("teacher", s.teacher_avg, s.teacher_worst),
        ("vanilla W2S", s.vanilla_avg, s.vanilla_worst),
        ("Enhanced-W2S", s.enhanced_avg, s.enhanced_worst),
    ];
    let names = rows.map(|r| r.0);
    let mut chart = bar_frame(area, st, &names, "test accuracy (%), ± 2 SE")?;
    let series = [
        ("average (balanced)", STUDENT, -0.12),
        ("worst group", TEACHER, 0.12),
    ];
    for (k, (_, color, offset)) in series.iter().enumerate() {
        let pts: Vec<(f64, Estimate)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i as f64 + offset, if k == 0 { r.1 } else { r.2 }))
            .collect();
        chart.draw_series(pts.iter().map(|(x, e)| {
            Rectangle::new(
                [(x - 0.1, 0.0), (x + 0.1, 100.0 * e.mean)],
                lighten(*color, BAR_TINT).filled(),
            )
        }))?;
        se_bars(&mut chart, st, &pts, *color)?;
    }
    let key = series.map(|(name, color, _)| (name, lighten(color, BAR_TINT)));
    key_row(area, st, &key, None)
}

/// A difference in points with its sign, "0.0" for one that rounds to zero
/// (not "-0.0").
fn points(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0".to_string()
    } else {
        format!("{r:+.1}")
    }
}

/// How far a bar's fill is lightened from its series colour, so that its
/// whisker (in the full colour) stands out on it.
const BAR_TINT: f64 = 0.6;

fn sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Config,
    sums: &[Vec<Summary>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let scen = super::scenarios(c);
    let mut legend = Legend::default();
    for (k, eta_l) in scen.iter().enumerate() {
        for (_, color, name) in SWEEP_LINES {
            legend.add(
                format!("{name}, η_ℓ = {eta_l:.2}"),
                scenario_color(color, k),
                scenario_width(k),
            );
        }
    }
    // The key serves both panels: in the left one's free corner, or on a
    // phone in rows above both.
    let half = area.dim_in_pixel().0 / 2;
    let rows = narrow(&area.split_horizontally(half).0, st);
    let area = if rows {
        key_rows(area, st, &legend)?
    } else {
        area.clone()
    };
    let (left, right) = area.split_horizontally(half);
    let (left, right) = (room_right(&left, st), room_right(&right, st));
    for (panel, worst) in [(&left, false), (&right, true)] {
        let lines = sweep_lines(c, sums, worst);
        let all = lines.iter().flat_map(|(_, _, pts)| se_data(pts));
        let data: Vec<(f64, f64)> = all.collect();
        let (lo, hi) = y_range(data.iter().map(|p| p.1), false);
        let x = 0.0..0.52;
        let mut y = lo.max(0.0)..hi.min(100.0);
        let mut corner = None;
        if !worst && !rows {
            let (raised, c) = legend.place(panel, st, &x, y, &data)?;
            (y, corner) = (raised, Some(c));
        }
        let what = if worst {
            "worst-group accuracy (%)"
        } else {
            "average accuracy (%)"
        };
        let ticks = x_ticks(panel, st, 6);
        let mut chart = line_chart(panel, st, x, y, "η_u", what, ticks)?;
        for (color, width, pts) in &lines {
            se_line(&mut chart, st, pts, *color, *width)?;
        }
        if let Some(c) = corner {
            legend.draw(&chart, st, c)?;
        }
    }
    Ok(())
}

/// A line of estimates along η_u: its colour, width and points.
type Line = (RGBColor, u32, Vec<(f64, Estimate)>);

/// The sweep's lines per scenario: vanilla and Enhanced, in these colours.
const SWEEP_LINES: [(bool, RGBColor, &str); 2] =
    [(false, STUDENT, "vanilla"), (true, GAIN, "Enhanced")];

/// A scenario's line colour: the second scenario lighter.
fn scenario_color(color: RGBColor, k: usize) -> RGBColor {
    if k == 0 { color } else { lighten(color, 0.45) }
}

/// A scenario's line width: the first scenario bolder.
fn scenario_width(k: usize) -> u32 {
    if k == 0 { 2 } else { 1 }
}

/// One panel's lines of the sweep (average or worst-group accuracy), in
/// the legend's order: colour, width and the estimates along η_u.
fn sweep_lines(c: &Config, sums: &[Vec<Summary>], worst: bool) -> Vec<Line> {
    let axis = super::sweep_axis(c);
    let pick = |s: &Summary, enhanced: bool| match (enhanced, worst) {
        (false, false) => s.vanilla_avg,
        (true, false) => s.enhanced_avg,
        (false, true) => s.vanilla_worst,
        (true, true) => s.enhanced_worst,
    };
    let mut out = Vec::new();
    for (k, ss) in sums.iter().enumerate() {
        for (enh, color, _) in SWEEP_LINES {
            let pts = axis.iter().zip(ss).map(|(u, s)| (*u, pick(s, enh)));
            out.push((scenario_color(color, k), scenario_width(k), pts.collect()));
        }
    }
    out
}

fn share<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Config,
    sums: &[Vec<Summary>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let axis = super::sweep_axis(c);
    let scen = super::scenarios(c);
    let mut legend = Legend::default();
    legend.add("all N samples (= η_u)", MUTED, 1);
    let mut lines = Vec::new();
    let mut data = along(&[(0.0, 0.0), (0.5, 50.0)], 40);
    for (k, (eta_l, ss)) in scen.iter().zip(sums).enumerate() {
        let pts: Vec<(f64, Estimate)> = axis
            .iter()
            .zip(ss)
            .map(|(u, s)| (*u, s.minority_kept))
            .collect();
        let color = if k == 0 { GAIN } else { TEACHER };
        legend.add(format!("kept subset, η_ℓ = {eta_l:.2}"), color, 2);
        data.extend(se_data(&pts));
        lines.push((color, pts));
    }
    let x = 0.0..0.52;
    let keyed = keyed(area, st, &legend, &x, 0.0..55.0, &data)?;
    let mut chart = line_chart(
        &keyed.plot,
        st,
        x,
        keyed.y.clone(),
        "η_u (minority share of all N samples)",
        "minority share (%)",
        x_ticks(&keyed.plot, st, 6),
    )?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.5, 50.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    for (color, pts) in &lines {
        se_line(&mut chart, st, pts, *color, 2)?;
    }
    keyed.finish(&legend, &chart, st)
}
