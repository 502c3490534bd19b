//! The picture of the data: along t, the group-feature coordinate on the
//! direction μ_ξ that separates the groups, the teacher's and the student's
//! pointwise excess risk (top panel) over the densities of the labeled,
//! unlabeled and test mixtures (bottom panel, same t axis). It shows where
//! the teacher is unsure, where its pseudo-labels are used and where the
//! test mass sits; the dotted lines are the risks averaged over the test
//! mixture, ER_T and ER_S.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Chart, DrawResult, Frame, FrameResult, INK, LABELED, Legend, MUTED, STUDENT, Stroke, Style,
    Swatch, TEACHER, TEST_DATA, UNLABELED, line_chart_labels, plot_left, stroke_path, y_range,
};
use super::pins::{self, Ghost};
use crate::figures::dashboard::{Dashboard, DataPicture};

/// The risk panel's share of the height; the densities get the rest.
const RISK_SHARE: f64 = 0.54;

/// How the three mixtures are drawn: colour, stroke, and the name their
/// legend entry starts with, in the order of [`DataPicture::density`].
const MIXTURES: [(RGBColor, Stroke, &str); 3] = [
    (LABELED, Stroke::Dashed, "labeled (η_ℓ"),
    (UNLABELED, Stroke::Dotted, "unlabeled (η_u"),
    (TEST_DATA, Stroke::Solid, "test (η_t"),
];

fn t_range(pic: &DataPicture) -> std::ops::Range<f64> {
    let first = pic.t.first().copied().unwrap_or(0.0);
    let last = pic.t.last().copied().unwrap_or(1.0);
    first..last.max(first + 1e-9)
}

/// A proportion as a legend shows it: at most three decimals, no trailing zeros.
fn short(eta: f64) -> String {
    let s = format!("{eta:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".into() } else { s.into() }
}

/// As many y labels as fit a panel at one per 24 pixels, 3 to 10.
fn y_labels<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, st: &Style) -> usize {
    let h = area.dim_in_pixel().1 as i32;
    (h / st.px(24).max(1)).clamp(3, 10) as usize
}

fn line(t: &[f64], v: &[f64]) -> Vec<(f64, f64)> {
    t.iter().copied().zip(v.iter().copied()).collect()
}

pub(super) fn data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let h = area.dim_in_pixel().1;
    let (top, bottom) = area.split_vertically((f64::from(h) * RISK_SHARE).round() as i32);
    let mut frames = risk_panel(&top, d, st)?;
    frames.extend(density_panel(&bottom, d, st)?);
    Ok(frames)
}

/// The pointwise risks, with their test-mixture averages dotted.
fn risk_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let pic = &d.data;
    let x = t_range(pic);
    let averages = d.point.exact.as_ref().map(|e| [e.teacher.at, e.student.at]);
    // Each pin's pointwise risks, over the part of its t axis this one shows
    // (a pin with another sep has its minority group elsewhere).
    let ghosts: Vec<Ghost> = d
        .pins
        .iter()
        .enumerate()
        .flat_map(|(pin, p)| {
            let q = &p.board.data;
            [(&q.teacher, TEACHER), (&q.student, STUDENT)].map(|(v, color)| {
                let mut points = line(&q.t, v);
                points.retain(|(t, _)| x.contains(t));
                Ghost { pin, color, points }
            })
        })
        .collect();
    let values = pic.teacher.iter().chain(&pic.student).copied();
    let ghost_values = pins::points(&ghosts).map(|(_, y)| y);
    let (lo, hi) = y_range(
        values
            .chain(averages.into_iter().flatten())
            .chain(ghost_values),
        true,
    );
    let mut legend = Legend::default();
    let solid = Swatch::Line {
        width: 2,
        stroke: Stroke::Solid,
    };
    legend.add_swatch("teacher's risk at t", TEACHER, solid);
    legend.add_swatch("student's", STUDENT, solid);
    if averages.is_some() {
        let dotted = Swatch::Line {
            width: 2,
            stroke: Stroke::Dotted,
        };
        legend.add_swatch("test average: ER_T, ER_S", INK, dotted);
    }
    pins::entries(&mut legend, d);
    let (strip, area) = area.split_vertically(legend.rows_height(area, st)? + st.px(4));
    legend.draw_rows(&strip, st, plot_left(st))?;
    let y = lo..hi;
    let mut chart = line_chart_labels(
        &area,
        st,
        x.clone(),
        y.clone(),
        "",
        "risk at t (× σ_y²)",
        (10, y_labels(&area, st)),
    )?;
    group_guides(&mut chart, st, d, &y)?;
    pins::draw(st, &mut chart, &ghosts)?;
    for (v, color) in [(&pic.teacher, TEACHER), (&pic.student, STUDENT)] {
        let style = color.stroke_width(st.w(2));
        stroke_path(st, &mut chart, line(&pic.t, v), style, Stroke::Solid)?;
    }
    for (v, color) in averages.into_iter().flatten().zip([TEACHER, STUDENT]) {
        let style = color.stroke_width(st.w(2));
        let across = vec![(x.start, v), (x.end, v)];
        stroke_path(st, &mut chart, across, style, Stroke::Dotted)?;
    }
    Ok(vec![Frame::of(&chart)])
}

/// The three mixtures' densities of t, the test one shaded.
fn density_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let pic = &d.data;
    let p = &d.point.params;
    let x = t_range(pic);
    let (_, hi) = y_range(pic.density.iter().flatten().copied(), true);
    let mut legend = Legend::default();
    for ((color, stroke, name), eta) in MIXTURES.iter().zip([p.eta_l, p.eta_u, p.eta_t]) {
        let swatch = Swatch::Line {
            width: 3,
            stroke: *stroke,
        };
        legend.add_swatch(format!("{name} = {})", short(eta)), *color, swatch);
    }
    let (strip, area) = area.split_vertically(legend.rows_height(area, st)? + st.px(4));
    legend.draw_rows(&strip, st, plot_left(st))?;
    // Room above the bumps for the groups' names.
    let y = 0.0..hi * 1.15;
    let (x_start, x_end) = (x.start, x.end);
    let mut chart = line_chart_labels(
        &area,
        st,
        x,
        y.clone(),
        "t: group features along μ_ξ, in σ_ξ (majority group at 0, minority at √sep)",
        "density",
        (10, y_labels(&area, st)),
    )?;
    let mut shade = line(&pic.t, &pic.density[2]);
    shade.extend([(x_end, 0.0), (x_start, 0.0)]);
    chart.draw_series(std::iter::once(Polygon::new(
        shade,
        TEST_DATA.mix(0.10).filled(),
    )))?;
    group_guides(&mut chart, st, d, &y)?;
    group_names(&mut chart, st, p.sep.sqrt(), y.end)?;
    for ((color, stroke, _), v) in MIXTURES.iter().zip(&pic.density) {
        let style = color.stroke_width(st.w(3));
        stroke_path(st, &mut chart, line(&pic.t, v), style, *stroke)?;
    }
    Ok(vec![Frame::of(&chart)])
}

/// Thin dashed lines at the group means 0 and √sep.
fn group_guides<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    d: &Dashboard,
    y: &std::ops::Range<f64>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let style = MUTED.stroke_width(st.w(1));
    for g in [0.0, d.point.params.sep.sqrt()] {
        stroke_path(
            st,
            chart,
            vec![(g, y.start), (g, y.end)],
            style,
            Stroke::Dashed,
        )?;
    }
    Ok(())
}

/// "majority" and "minority" at the top of their guides; one name for both
/// when the guides are too close for two.
fn group_names<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    root: f64,
    top: f64,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let font = |h: HPos| {
        st.font(11)
            .color(&MUTED)
            .pos(Pos::new(h, VPos::Top))
            .clone()
    };
    let gap = chart.backend_coord(&(root, top)).0 - chart.backend_coord(&(0.0, top)).0;
    let at = |x: f64, text: &str, h: HPos| {
        EmptyElement::at((x, top)) + Text::new(text.to_string(), (st.px(3), st.px(2)), font(h))
    };
    if gap < st.px(70) {
        chart.draw_series(std::iter::once(at(root, "majority, minority", HPos::Left)))?;
    } else {
        chart.draw_series([
            at(0.0, "majority", HPos::Left),
            at(root, "minority", HPos::Left),
        ])?;
    }
    Ok(())
}
