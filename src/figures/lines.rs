//! The explorer's line-chart figures (risks and gain along η_u, the mismatch
//! plot, risk along η_t, the similarity panels) and what they share: the
//! quantities a curve shows and how each theory layer's line is drawn.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Overlay;
use super::kit::{
    Chart, Corner, DrawResult, FAIL, Frame, FrameResult, GAIN, Legend, MUTED, STUDENT, Style,
    TEACHER, layer_line, line_chart, y_range,
};
use crate::figures::dashboard::{Curve, Dashboard};
use crate::theory::engine::Evaluation;
use crate::theory::risks::{Layer, LayerRisks};

/// A quantity drawn along a curve: how to read it, its colour, its legend,
/// and the name of its CSV columns (so a figure and its CSV read alike).
pub(super) struct Quantity {
    pub read: fn(&LayerRisks) -> f64,
    pub color: RGBColor,
    pub label: &'static str,
    pub column: &'static str,
}
pub(super) const TEACHER_RISK: Quantity = Quantity {
    read: |l| l.teacher.at,
    color: TEACHER,
    label: "teacher ER_T",
    column: "teacher",
};
pub(super) const STUDENT_RISK: Quantity = Quantity {
    read: |l| l.student.at,
    color: STUDENT,
    label: "student ER_S",
    column: "student",
};
pub(super) const GAIN_LINE: Quantity = Quantity {
    read: |l| l.gain(),
    color: GAIN,
    label: "gain ER_T − ER_S",
    column: "gain",
};

/// Every value the drawn layers of the quantities take along a curve: what
/// the curve's y range must hold.
fn drawn_values<'a>(
    st: &'a Style,
    evs: &'a [Evaluation],
    quantities: &'a [Quantity],
) -> impl Iterator<Item = f64> + 'a {
    st.layers.on().flat_map(move |layer| {
        evs.iter()
            .filter_map(move |e| e.layer(layer))
            .flat_map(move |r| quantities.iter().map(move |q| (q.read)(r)))
    })
}

/// One line per quantity and drawn layer; the most exact layer carries the legend.
fn quantity_lines<'a, DB: DrawingBackend + 'a>(
    st: &Style,
    chart: &mut Chart<'a, DB>,
    legend: &mut Legend,
    axis: &[f64],
    evs: &[Evaluation],
    quantities: &[Quantity],
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    for layer in st.layers.on() {
        for q in quantities {
            layer_line(st, chart, layer, series(axis, evs, layer, q.read), q.color)?;
            if Some(layer) == st.layers.primary() {
                legend.add(q.label, q.color, 2);
            }
        }
    }
    Ok(())
}

fn series(
    axis: &[f64],
    evs: &[Evaluation],
    layer: Layer,
    f: impl Fn(&LayerRisks) -> f64,
) -> Vec<(f64, f64)> {
    axis.iter()
        .zip(evs)
        .filter_map(|(x, e)| e.layer(layer).map(|l| (*x, f(l))))
        .collect()
}

pub(super) fn eta_u<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
    overlay: &Overlay,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let (axis, evs) = (&d.eta_u.axis.values, &d.eta_u.evaluations);
    let p = &d.point.params;
    let mut all: Vec<f64> =
        drawn_values(st, evs, &[TEACHER_RISK, STUDENT_RISK, GAIN_LINE]).collect();
    for (_, m, s) in overlay
        .teacher
        .iter()
        .chain(&overlay.student)
        .chain(&overlay.gain)
    {
        all.extend([m - 2.0 * s, m + 2.0 * s]);
    }
    let (lo, hi) = y_range(all.into_iter(), true);
    let mut chart = line_chart(
        area,
        st,
        0.0..1.0,
        lo..hi,
        "η_u (minority fraction of the unlabeled data)",
        "excess risk, gain (× σ_y²)",
        10,
    )?;
    shade_failures(&mut chart, axis, evs, lo..hi)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (1.0, 0.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    let mut legend = Legend::default();
    quantity_lines(
        st,
        &mut chart,
        &mut legend,
        axis,
        evs,
        &[TEACHER_RISK, STUDENT_RISK, GAIN_LINE],
    )?;
    let vline = |x: f64, color: RGBColor| {
        PathElement::new(vec![(x, lo), (x, hi)], color.stroke_width(st.w(1)))
    };
    chart.draw_series([vline(p.eta_l, MUTED), vline(p.eta_u, BLACK)])?;
    legend.add(format!("η_ℓ = {:.3}", p.eta_l), MUTED, 1);
    legend.add(format!("η_u = {:.3}", p.eta_u), BLACK, 1);
    if let Some(star) = d.eta_u_star[1] {
        chart.draw_series(DashedLineSeries::new(
            vec![(star, lo), (star, hi)],
            4,
            3,
            GAIN.stroke_width(st.w(1)),
        ))?;
        legend.add(format!("η_u* = {star:.3}"), GAIN, 1);
    }
    overlay_points(&mut chart, st, overlay)?;
    legend.draw(&chart, st, Corner::UpperRight)?;
    Ok(vec![Frame::of(&chart)])
}

/// Where the exact gain is negative, W2S fails: shades those η_u over the
/// whole height `y`.
fn shade_failures<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    axis: &[f64],
    evs: &[Evaluation],
    y: std::ops::Range<f64>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (lo, hi) = (y.start, y.end);
    let exact = series(axis, evs, Layer::Exact, |l| l.gain());
    let step = if axis.len() > 1 {
        axis[1] - axis[0]
    } else {
        0.0
    };
    chart.draw_series(exact.iter().filter(|(_, g)| *g < 0.0).map(|(x, _)| {
        Rectangle::new(
            [(x - step / 2.0, lo), (x + step / 2.0, hi)],
            FAIL.mix(0.12).filled(),
        )
    }))?;
    Ok(())
}

/// The simulated points, each with a bar of ±2 standard errors.
fn overlay_points<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    overlay: &Overlay,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    for (points, color) in [
        (&overlay.teacher, TEACHER),
        (&overlay.student, STUDENT),
        (&overlay.gain, GAIN),
    ] {
        chart.draw_series(points.iter().map(|&(x, m, s)| {
            ErrorBar::new_vertical(
                x,
                m - 2.0 * s,
                m,
                m + 2.0 * s,
                color.filled(),
                st.px(6) as u32,
            )
        }))?;
        chart.draw_series(
            points
                .iter()
                .map(|&(x, m, _)| Circle::new((x, m), st.px(3), color.filled())),
        )?;
    }
    Ok(())
}

pub(super) fn mismatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let layers = st.layers;
    let (axis, evs) = (&d.eta_u.axis.values, &d.eta_u.evaluations);
    let eta_l = d.point.params.eta_l;
    let branch = |above: bool, layer: Layer| -> Vec<(f64, f64)> {
        let mut v: Vec<(f64, f64)> = axis
            .iter()
            .zip(evs)
            .filter(|(u, _)| if above { **u >= eta_l } else { **u <= eta_l })
            .filter_map(|(u, e)| e.layer(layer).map(|l| ((u - eta_l).powi(2), l.gain())))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let x_max = axis
        .iter()
        .map(|u| (u - eta_l).powi(2))
        .fold(0.0, f64::max)
        .max(1e-6);
    let (lo, hi) = y_range(drawn_values(st, evs, &[GAIN_LINE]), true);
    let mut chart = line_chart(
        area,
        st,
        0.0..x_max,
        lo..hi,
        "(η_u − η_ℓ)²",
        "W2S gain ER_T − ER_S",
        10,
    )?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (x_max, 0.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    for layer in layers.on() {
        layer_line(st, &mut chart, layer, branch(true, layer), GAIN)?;
        layer_line(st, &mut chart, layer, branch(false, layer), TEACHER)?;
    }
    let mut legend = Legend::default();
    legend.add("η_u ≥ η_ℓ", GAIN, 2);
    legend.add("η_u ≤ η_ℓ", TEACHER, 2);
    let p = &d.point.params;
    if let Some(now) = d.point.exact.as_ref() {
        let x = (p.eta_u - eta_l).powi(2);
        chart.draw_series(std::iter::once(Circle::new(
            (x, now.gain()),
            4,
            BLACK.filled(),
        )))?;
    }
    legend.draw(&chart, st, Corner::UpperRight)?;
    Ok(vec![Frame::of(&chart)])
}

pub(super) fn eta_t<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let (axis, evs) = (&d.eta_t.axis.values, &d.eta_t.evaluations);
    let (lo, hi) = y_range(drawn_values(st, evs, &[TEACHER_RISK, STUDENT_RISK]), true);
    let mut chart = line_chart(
        area,
        st,
        0.0..1.0,
        lo..hi,
        "η_t (test minority fraction: 0 = majority group, 1 = minority group)",
        "excess risk (× σ_y²)",
        10,
    )?;
    let mut legend = Legend::default();
    quantity_lines(
        st,
        &mut chart,
        &mut legend,
        axis,
        evs,
        &[TEACHER_RISK, STUDENT_RISK],
    )?;
    let p = &d.point.params;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(p.eta_t, lo), (p.eta_t, hi)],
        BLACK.stroke_width(st.w(1)),
    )))?;
    if let Some(x) = d.point.exact.as_ref() {
        for (g, color) in [(x.teacher, TEACHER), (x.student, STUDENT)] {
            chart.draw_series([
                Circle::new((0.0, g.majority), st.px(4), color.filled()),
                Circle::new((1.0, g.minority), st.px(4), color.filled()),
            ])?;
            chart.draw_series(std::iter::once(Text::new(
                format!("worst: {}", g.worst_group()),
                (
                    if g.minority >= g.majority { 0.78 } else { 0.02 },
                    g.worst() - 0.03 * (hi - lo),
                ),
                st.font(12).color(&color),
            )))?;
        }
    }
    legend.draw(&chart, st, Corner::UpperLeft)?;
    Ok(vec![Frame::of(&chart)])
}

pub(super) fn gain_along<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &Curve,
    now: f64,
    name: &str,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let (axis, evs) = (&curve.axis.values, &curve.evaluations);
    let layers = st.layers;
    let x_max = axis.last().copied().unwrap_or(1.0).max(1e-9);
    let (lo, hi) = y_range(drawn_values(st, evs, &[GAIN_LINE]), true);
    let mut chart = line_chart(area, st, 0.0..x_max, lo..hi, name, "W2S gain", 5)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (x_max, 0.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    for layer in layers.on() {
        layer_line(
            st,
            &mut chart,
            layer,
            series(axis, evs, layer, |l| l.gain()),
            GAIN,
        )?;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(now, lo), (now, hi)],
        BLACK.stroke_width(st.w(1)),
    )))?;
    Ok(vec![Frame::of(&chart)])
}
