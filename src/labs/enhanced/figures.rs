//! The Enhanced-W2S figures, generic over the plotters backend like the
//! explorer's (canvases in the page, SVG/PNG from the CLI). A figure whose job
//! has not run yet says so in its frame.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lab::{Fig, State};
use super::{Config, Summary};
use crate::figures::kit::{
    Corner, DrawResult, GAIN, Legend, MUTED, STUDENT, Style, TEACHER, diverging, line_chart,
    y_range,
};
use crate::labs::heat::{HeatStyle, heat_map};
use crate::labs::plot::{
    bar_frame, error_bars, key_row, lighten, not_yet, room_right, se_bars, x_ticks,
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
    let axis = super::sweep_axis(c);
    let scen = super::scenarios(c);
    let (left, right) = area.split_horizontally(area.dim_in_pixel().0 / 2);
    let (left, right) = (room_right(&left, st), room_right(&right, st));
    for (panel, worst) in [(&left, false), (&right, true)] {
        let pick = |s: &Summary, enhanced: bool| match (enhanced, worst) {
            (false, false) => s.vanilla_avg,
            (true, false) => s.enhanced_avg,
            (false, true) => s.vanilla_worst,
            (true, true) => s.enhanced_worst,
        };
        let all = sums.iter().flatten().flat_map(|s| {
            [pick(s, false), pick(s, true)]
                .map(|e| [100.0 * (e.mean - 2.0 * e.se), 100.0 * (e.mean + 2.0 * e.se)])
        });
        let (lo, hi) = y_range(all.flatten(), false);
        let what = if worst {
            "worst-group accuracy (%)"
        } else {
            "average accuracy (%)"
        };
        let mut chart = line_chart(
            panel,
            st,
            0.0..0.52,
            lo.max(0.0)..hi.min(100.0),
            "η_u",
            what,
            x_ticks(panel, st, 6),
        )?;
        let mut legend = Legend::default();
        for (k, (eta_l, ss)) in scen.iter().zip(sums).enumerate() {
            let width = if k == 0 { 2 } else { 1 };
            for (enh, color, name) in [(false, STUDENT, "vanilla"), (true, GAIN, "Enhanced")] {
                let pts: Vec<(f64, Estimate)> = axis
                    .iter()
                    .zip(ss)
                    .map(|(u, s)| (*u, pick(s, enh)))
                    .collect();
                let color = if k == 0 { color } else { lighten(color, 0.45) };
                error_bars(
                    &mut chart,
                    st,
                    &pts,
                    color,
                    width,
                    &mut legend,
                    &format!("{name}, η_ℓ = {eta_l:.2}"),
                )?;
            }
        }
        if !worst {
            legend.draw(&chart, st, Corner::UpperRight)?;
        }
    }
    Ok(())
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
    let mut chart = line_chart(
        area,
        st,
        0.0..0.52,
        0.0..55.0,
        "η_u (minority share of all N samples)",
        "minority share (%)",
        6,
    )?;
    let mut legend = Legend::default();
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.5, 50.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    legend.add("all N samples (= η_u)", MUTED, 1);
    for (k, (eta_l, ss)) in super::scenarios(c).iter().zip(sums).enumerate() {
        let pts: Vec<(f64, Estimate)> = axis
            .iter()
            .zip(ss)
            .map(|(u, s)| (*u, s.minority_kept))
            .collect();
        let color = if k == 0 { GAIN } else { TEACHER };
        error_bars(
            &mut chart,
            st,
            &pts,
            color,
            2,
            &mut legend,
            &format!("kept subset, η_ℓ = {eta_l:.2}"),
        )?;
    }
    legend.draw(&chart, st, Corner::UpperLeft)
}
