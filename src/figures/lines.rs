//! The explorer's line-chart figures (risks and gain along η_u, the mismatch
//! plot, risk along η_t, the similarity panels) and what they share: the
//! quantities a curve shows and how each theory layer's line is drawn.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Overlay;
use super::pins::{self, Ghost};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Chart, DrawResult, ETA_L, FAIL, Frame, FrameResult, GAIN, INK, Legend, MUTED, STUDENT, Stroke,
    Style, Swatch, TEACHER, layer_line, line_chart, log_x_chart, over_white, stroke_path, y_range,
};
use crate::figures::dashboard::{Curve, Dashboard};
use crate::theory::engine::Evaluation;
use crate::theory::risks::{Layer, LayerRisks, Verdict};

/// A line's points in data coordinates.
type Line = Vec<(f64, f64)>;

/// A quantity drawn along a curve: how to read it, its colour, its legend,
/// and the name of its CSV columns (so a figure and its CSV read alike).
pub(super) struct Quantity {
    pub read: fn(&LayerRisks) -> f64,
    pub color: RGBColor,
    pub label: &'static str,
    /// The short name written at the line's end.
    pub name: &'static str,
    pub column: &'static str,
}
pub(super) const TEACHER_RISK: Quantity = Quantity {
    read: |l| l.teacher.at,
    color: TEACHER,
    label: "teacher ER_T",
    name: "teacher",
    column: "teacher",
};
pub(super) const STUDENT_RISK: Quantity = Quantity {
    read: |l| l.student.at,
    color: STUDENT,
    label: "student ER_S",
    name: "student",
    column: "student",
};
pub(super) const GAIN_LINE: Quantity = Quantity {
    read: |l| l.gain(),
    color: GAIN,
    label: "gain ER_T − ER_S",
    name: "gain",
    column: "gain",
};

/// The pins' ghosts of `quantities` along the curve `of` picks.
fn pin_ghosts(d: &Dashboard, of: fn(&Dashboard) -> &Curve, quantities: &[Quantity]) -> Vec<Ghost> {
    let reads: Vec<_> = quantities.iter().map(|q| (q.read, q.color)).collect();
    pins::ghosts(d, of, &reads)
}

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

/// One line per quantity and drawn layer.
fn quantity_lines<'a, DB: DrawingBackend + 'a>(
    st: &Style,
    chart: &mut Chart<'a, DB>,
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
        }
    }
    Ok(())
}

/// The quantities' legend entries, in the most exact drawn layer's pattern.
fn quantity_entries(legend: &mut Legend, st: &Style, quantities: &[Quantity]) {
    if let Some(layer) = st.layers.primary() {
        let stroke = Stroke::of(layer);
        for q in quantities {
            legend.add_swatch(q.label, q.color, Swatch::Line { width: 2, stroke });
        }
    }
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
    let quantities = [TEACHER_RISK, STUDENT_RISK, GAIN_LINE];
    let points = || {
        overlay
            .teacher
            .iter()
            .chain(&overlay.student)
            .chain(&overlay.gain)
    };
    let ghosts = pin_ghosts(d, |b| &b.eta_u, &quantities);
    let mut all: Vec<f64> = drawn_values(st, evs, &quantities).collect();
    all.extend(pins::points(&ghosts).map(|(_, y)| y));
    for (_, m, s) in points() {
        all.extend([m - 2.0 * s, m + 2.0 * s]);
    }
    let (lo, hi) = y_range(all.into_iter(), true);
    let failing = failure_runs(axis, evs);
    let mut legend = Legend::default();
    quantity_entries(&mut legend, st, &quantities);
    pins::entries(&mut legend, d);
    eta_entries(&mut legend, d);
    if points().next().is_some() {
        legend.add_swatch("simulation, ±2 SE", INK, Swatch::Dot);
    }
    if !failing.is_empty() {
        let patch = over_white(FAIL, FAIL_ALPHA);
        legend.add_swatch("W2S fails (gain < 0)", patch, Swatch::Patch);
    }
    legend.add_layers(&st.layers);
    let mut data = drawn_points(st, axis, evs, &quantities);
    data.extend(points().map(|&(x, m, _)| (x, m)));
    data.extend(pins::points(&ghosts));
    // The names at the lines' right ends: about a tenth of the width and a
    // twentieth of the height.
    let ends: Vec<f64> = evs
        .last()
        .and_then(|e| e.exact.as_ref())
        .map_or(Vec::new(), |l| {
            quantities.iter().map(|q| (q.read)(l)).collect()
        });
    let dy = 0.05 * (hi - lo);
    data.extend(
        ends.iter()
            .flat_map(|&y| [(1.0, y + dy), (0.9, y + dy), (0.9, y - dy)]),
    );
    // The η_ℓ and η_u lines, so that the box does not hide them either.
    let p = &d.point.params;
    data.extend((0..=10).flat_map(|k| {
        let y = lo + (hi - lo) * f64::from(k) / 10.0;
        [(p.eta_l, y), (p.eta_u, y)]
    }));
    let (y, corner) = legend.place(area, st, &(0.0..1.0), lo..hi, &data)?;
    let mut chart = line_chart(
        area,
        st,
        0.0..1.0,
        y.clone(),
        "η_u (minority fraction of the unlabeled data)",
        "excess risk, gain (× σ_y²)",
        10,
    )?;
    let style = FAIL.mix(FAIL_ALPHA).filled();
    chart.draw_series(
        failing
            .iter()
            .map(|&(a, b)| Rectangle::new([(a, y.start), (b, y.end)], style)),
    )?;
    zero_line(&mut chart, st, 0.0..1.0)?;
    pins::draw(st, &mut chart, &ghosts)?;
    quantity_lines(st, &mut chart, axis, evs, &quantities)?;
    end_labels(&mut chart, st, axis, evs, &quantities)?;
    eta_markers(&mut chart, st, d, y)?;
    overlay_points(&mut chart, st, overlay)?;
    legend.draw(&chart, st, corner)?;
    Ok(vec![Frame::of(&chart)])
}

/// How strongly the failure region is shaded: pale enough that the curves
/// over it keep their colour.
const FAIL_ALPHA: f64 = 0.16;

/// The points the drawn layers' lines pass through: what a legend must keep off.
fn drawn_points(
    st: &Style,
    axis: &[f64],
    evs: &[Evaluation],
    quantities: &[Quantity],
) -> Vec<(f64, f64)> {
    st.layers
        .on()
        .flat_map(|layer| {
            quantities
                .iter()
                .flat_map(move |q| series(axis, evs, layer, q.read))
        })
        .collect()
}

/// The y = 0 line across `x`.
fn zero_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    x: std::ops::Range<f64>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x.start, 0.0), (x.end, 0.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    Ok(())
}

/// Names each quantity's line at its right end, just above it, in its
/// colour; a name that would overlap one already written is left to the legend.
fn end_labels<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    axis: &[f64],
    evs: &[Evaluation],
    quantities: &[Quantity],
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let Some(layer) = st.layers.primary() else {
        return Ok(());
    };
    let top = chart.plotting_area().get_pixel_range().1.start;
    let line_h = st.px(14);
    // (x, y, pixel row) of each line's end, and whether the line comes to
    // it from above (its last tenth higher), where a name above would sit on it.
    let mut ends: Vec<(f64, f64, i32, bool, &Quantity)> = quantities
        .iter()
        .filter_map(|q| {
            let line = series(axis, evs, layer, q.read);
            let (x, y) = *line.last()?;
            let before = line[line.len() - 1 - line.len() / 10];
            let py = chart.backend_coord(&(x, y)).1;
            let falling = chart.backend_coord(&before).1 < py - st.px(2);
            Some((x, y, py, falling, q))
        })
        .collect();
    ends.sort_by_key(|e| e.2);
    // Lines that end on the same pixel share one name ("teacher = student").
    let mut names: Vec<(f64, f64, i32, bool, String, RGBColor)> = Vec::new();
    for (x, y, py, falling, q) in ends {
        match names.last_mut() {
            Some(last) if (last.2 - py).abs() <= st.px(2) => {
                last.4 = format!("{} = {}", last.4, q.name);
            }
            _ => names.push((x, y, py, falling, q.name.to_string(), q.color)),
        }
    }
    let mut taken: Vec<i32> = Vec::new();
    for (x, y, py, falling, name, color) in names {
        // Above the line where the plot has room and the line is not there.
        let (dy, v) = if py - line_h > top && !falling {
            (-st.px(3), VPos::Bottom)
        } else {
            (st.px(3), VPos::Top)
        };
        let row = py + dy;
        if taken.iter().any(|&t| (t - row).abs() < line_h) {
            continue;
        }
        taken.push(row);
        let font = st.font(12).color(&color).pos(Pos::new(HPos::Right, v));
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y)) + Text::new(name, (-st.px(4), dy), font),
        ))?;
    }
    Ok(())
}

/// The legend entries of [`eta_markers`].
fn eta_entries(legend: &mut Legend, d: &Dashboard) {
    let p = &d.point.params;
    let dashed = Swatch::Line {
        width: 3,
        stroke: Stroke::Dashed,
    };
    legend.add_swatch(format!("η_ℓ = {:.3} (labeled)", p.eta_l), ETA_L, dashed);
    legend.add(format!("η_u = {:.3} (now)", p.eta_u), BLACK, 1);
    if let Some(star) = d.eta_u_star[1] {
        legend.add_swatch(format!("η_u* = {star:.3} (best)"), GAIN, Swatch::Triangle);
    }
}

/// η_ℓ (grey, dashed and wide, so that it shows on both sides of η_u when
/// the two are equal), η_u (black, solid, on top) and the best η_u* as a
/// triangle on the x axis.
fn eta_markers<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    d: &Dashboard,
    y: std::ops::Range<f64>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let p = &d.point.params;
    let (lo, hi) = (y.start, y.end);
    let l_style = ETA_L.stroke_width(st.w(3));
    stroke_path(
        st,
        chart,
        vec![(p.eta_l, lo), (p.eta_l, hi)],
        l_style,
        Stroke::Dashed,
    )?;
    let u_style = BLACK.stroke_width(st.w(1));
    stroke_path(
        st,
        chart,
        vec![(p.eta_u, lo), (p.eta_u, hi)],
        u_style,
        Stroke::Solid,
    )?;
    if let Some(star) = d.eta_u_star[1] {
        let size = st.px(6);
        chart.draw_series(std::iter::once(
            EmptyElement::at((star, lo)) + TriangleMarker::new((0, -size / 2), size, GAIN.filled()),
        ))?;
    }
    Ok(())
}

/// The η_u intervals where the exact layer's verdict is "fails" (one per
/// run of failing grid points, each half a step wide on either side): what
/// the figure shades. Where the gain is zero up to rounding ("no gain")
/// there is none.
fn failure_runs(axis: &[f64], evs: &[Evaluation]) -> Vec<(f64, f64)> {
    let fails: Vec<bool> = evs
        .iter()
        .take(axis.len())
        .map(|e| e.layer(Layer::Exact).map(LayerRisks::verdict) == Some(Verdict::Fails))
        .collect();
    let half = if axis.len() > 1 {
        (axis[1] - axis[0]) / 2.0
    } else {
        0.0
    };
    let mut runs = Vec::new();
    let mut k = 0;
    while k < fails.len() {
        if fails[k] {
            let start = k;
            while k + 1 < fails.len() && fails[k + 1] {
                k += 1;
            }
            runs.push((axis[start] - half, axis[k] + half));
        }
        k += 1;
    }
    runs
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
    // Each pin's branches about its own η_ℓ.
    let ghosts: Vec<Ghost> = d
        .pins
        .iter()
        .enumerate()
        .flat_map(|(pin, p)| {
            [(true, GAIN), (false, TEACHER)].map(|(above, color)| Ghost {
                pin,
                color,
                points: branch_of(&p.board, above, Layer::Exact),
            })
        })
        .collect();
    let x_max = axis
        .iter()
        .map(|u| (u - eta_l).powi(2))
        .chain(pins::points(&ghosts).map(|(x, _)| x))
        .fold(0.0, f64::max)
        .max(1e-6);
    let held = drawn_values(st, evs, &[GAIN_LINE]).chain(pins::points(&ghosts).map(|(_, y)| y));
    let (lo, hi) = y_range(held, true);
    let lines: Vec<(Layer, RGBColor, Line)> = layers
        .on()
        .flat_map(|l| {
            [
                (l, GAIN, branch_of(d, true, l)),
                (l, TEACHER, branch_of(d, false, l)),
            ]
        })
        .collect();
    let now = d
        .point
        .exact
        .as_ref()
        .map(|now| ((d.point.params.eta_u - eta_l).powi(2), now.gain()));
    let mut legend = Legend::default();
    let stroke = layers.primary().map_or(Stroke::Solid, Stroke::of);
    for (label, color) in [("η_u ≥ η_ℓ", GAIN), ("η_u ≤ η_ℓ", TEACHER)] {
        legend.add_swatch(label, color, Swatch::Line { width: 2, stroke });
    }
    if now.is_some() {
        legend.add_swatch("now", BLACK, Swatch::Dot);
    }
    pins::entries(&mut legend, d);
    legend.add_layers(&layers);
    let mut data: Vec<(f64, f64)> = lines.iter().flat_map(|l| l.2.iter().copied()).collect();
    data.extend(now);
    data.extend(pins::points(&ghosts));
    let x = 0.0..x_max;
    let (y, corner) = legend.place(area, st, &x, lo..hi, &data)?;
    let mut chart = line_chart(area, st, x, y, "(η_u − η_ℓ)²", "W2S gain ER_T − ER_S", 10)?;
    zero_line(&mut chart, st, 0.0..x_max)?;
    pins::draw(st, &mut chart, &ghosts)?;
    for (layer, color, line) in lines {
        layer_line(st, &mut chart, layer, line, color)?;
    }
    if let Some(now) = now {
        chart.draw_series(std::iter::once(Circle::new(now, st.px(4), BLACK.filled())))?;
    }
    legend.draw(&chart, st, corner)?;
    Ok(vec![Frame::of(&chart)])
}

/// One branch of a dashboard's gain against (η_u − η_ℓ)²: η_u ≥ η_ℓ
/// (`above`) or η_u ≤ η_ℓ, in order of the squared mismatch.
fn branch_of(d: &Dashboard, above: bool, layer: Layer) -> Line {
    let eta_l = d.point.params.eta_l;
    let mut v: Line = d
        .eta_u
        .axis
        .values
        .iter()
        .zip(&d.eta_u.evaluations)
        .filter(|(u, _)| if above { **u >= eta_l } else { **u <= eta_l })
        .filter_map(|(u, e)| e.layer(layer).map(|l| ((u - eta_l).powi(2), l.gain())))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
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
    let quantities = [TEACHER_RISK, STUDENT_RISK];
    let ghosts = pin_ghosts(d, |b| &b.eta_t, &quantities);
    let held = drawn_values(st, evs, &quantities).chain(pins::points(&ghosts).map(|(_, y)| y));
    let (lo, hi) = y_range(held, true);
    let p = &d.point.params;
    let mut legend = Legend::default();
    quantity_entries(&mut legend, st, &quantities);
    pins::entries(&mut legend, d);
    legend.add(format!("η_t = {:.3} (now)", p.eta_t), BLACK, 1);
    legend.add_layers(&st.layers);
    let mut data = drawn_points(st, axis, evs, &quantities);
    data.extend(pins::points(&ghosts));
    // The "worst:" notes sit by the worse end of each model's line.
    if let Some(x) = d.point.exact.as_ref() {
        data.extend([x.teacher, x.student].iter().flat_map(|g| {
            let x0 = if g.minority >= g.majority { 0.78 } else { 0.02 };
            [(x0, g.worst()), (x0 + 0.2, g.worst())]
        }));
    }
    let (y, corner) = legend.place(area, st, &(0.0..1.0), lo..hi, &data)?;
    let (lo, hi) = (y.start, y.end);
    let mut chart = line_chart(
        area,
        st,
        0.0..1.0,
        y,
        "η_t (test minority fraction: 0 = majority group, 1 = minority group)",
        "excess risk (× σ_y²)",
        10,
    )?;
    pins::draw(st, &mut chart, &ghosts)?;
    quantity_lines(st, &mut chart, axis, evs, &quantities)?;
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
    legend.draw(&chart, st, corner)?;
    Ok(vec![Frame::of(&chart)])
}

/// The gain along ‖Ξ‖_F² (the similarity figure's left panel), with the
/// current value as a vertical line; the layers' key when several are drawn.
pub(super) fn gain_along<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    of: fn(&Dashboard) -> &Curve,
    now: f64,
    name: &str,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let curve = of(d);
    let (axis, evs) = (&curve.axis.values, &curve.evaluations);
    let ghosts = pin_ghosts(d, of, &[GAIN_LINE]);
    let x_max = axis
        .last()
        .copied()
        .into_iter()
        .chain(pins::points(&ghosts).map(|(x, _)| x))
        .fold(1e-9, f64::max);
    let held = drawn_values(st, evs, &[GAIN_LINE]).chain(pins::points(&ghosts).map(|(_, y)| y));
    let (lo, hi) = y_range(held, true);
    let mut legend = Legend::default();
    pins::entries(&mut legend, d);
    legend.add_layers(&st.layers);
    let mut data = drawn_points(st, axis, evs, &[GAIN_LINE]);
    data.extend(pins::points(&ghosts));
    let x = 0.0..x_max;
    let (y, corner) = legend.place(area, st, &x, lo..hi, &data)?;
    let (lo, hi) = (y.start, y.end);
    let mut chart = line_chart(area, st, x, y, name, "W2S gain", 5)?;
    zero_line(&mut chart, st, 0.0..x_max)?;
    pins::draw(st, &mut chart, &ghosts)?;
    quantity_lines(st, &mut chart, axis, evs, &[GAIN_LINE])?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(now, lo), (now, hi)],
        BLACK.stroke_width(st.w(1)),
    )))?;
    legend.draw(&chart, st, corner)?;
    Ok(vec![Frame::of(&chart)])
}

/// Where the gain along ν_z stops being drawn: p_S ν_z = 1/2, where the
/// exact student's variance factor 1/(1 − p_S ν_z) reaches 2. Past it the
/// gain dives towards −∞ at p_S ν_z = 1 and would squash the rest.
const NU_CLIP: f64 = 0.5;

/// The current state on the ν_z panel: ν_z, its exact gain, and p_S.
pub(super) struct NuNow {
    pub nu: f64,
    pub gain: Option<f64>,
    pub p_s: f64,
}

/// The gain along ν_z = d_z/N (the similarity figure's right panel) on a
/// log ν_z axis, so the small ν_z of large unlabeled sets gets the width.
/// The y range holds the gain where p_S ν_z ≤ [`NU_CLIP`], zero and the
/// current value; a line that leaves it stops at the frame, with an arrow
/// and the value it reaches at the axis' end.
pub(super) fn gain_along_nu<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    now: &NuNow,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let curve = &d.nu;
    let (axis, evs) = (&curve.axis.values, &curve.evaluations);
    // Each pin's gain where its own p_S ν_z ≤ NU_CLIP, on the log axis.
    let ghosts: Vec<Ghost> = pin_ghosts(d, |b| &b.nu, &[GAIN_LINE])
        .into_iter()
        .zip(d.pins.iter())
        .map(|(mut g, p)| {
            let p_s = p.params.p_s as f64;
            g.points.retain(|(v, _)| *v > 0.0 && p_s * v <= NU_CLIP);
            g
        })
        .collect();
    let first = axis.iter().copied().find(|v| *v > 0.0).unwrap_or(1e-3);
    let last = axis.last().copied().unwrap_or(1.0).max(first * 10.0);
    let left = if now.nu > 0.0 {
        first.min(now.nu)
    } else {
        first
    };
    let held = st.layers.on().flat_map(|layer| {
        series(axis, evs, layer, LayerRisks::gain)
            .into_iter()
            .filter(|(v, _)| now.p_s * v <= NU_CLIP)
            .map(|(_, g)| g)
    });
    let ghost_values = pins::points(&ghosts).map(|(_, y)| y);
    let (lo, hi) = y_range(held.chain(now.gain).chain(ghost_values), true);
    let mut chart = log_x_chart(
        area,
        st,
        left..last,
        lo..hi,
        "ν_z = d_z/N (log scale)",
        "W2S gain",
    )?;
    let (a, b) = (left.log10(), last.log10());
    zero_line(&mut chart, st, a..b)?;
    let logged: Vec<Ghost> = ghosts
        .into_iter()
        .map(|mut g| {
            g.points = g
                .points
                .into_iter()
                .filter(|(v, _)| (left..=last).contains(v))
                .map(|(v, y)| (v.log10(), y))
                .collect();
            g
        })
        .collect();
    pins::draw(st, &mut chart, &logged)?;
    for layer in st.layers.on() {
        let line: Vec<(f64, f64)> = series(axis, evs, layer, LayerRisks::gain)
            .into_iter()
            .filter(|(v, _)| *v > 0.0)
            .map(|(v, g)| (v.log10(), g))
            .collect();
        let (kept, exit) = clip_line(&line, lo..hi);
        layer_line(st, &mut chart, layer, kept, GAIN)?;
        if let (Some(exit), Some(&(_, end)), true) =
            (exit, line.last(), Some(layer) == st.layers.primary())
        {
            leaves_plot(&mut chart, st, exit, end, last)?;
        }
    }
    let x_now = if now.nu > 0.0 { now.nu.log10() } else { a };
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x_now, lo), (x_now, hi)],
        BLACK.stroke_width(st.w(1)),
    )))?;
    if let Some(g) = now.gain {
        chart.draw_series(std::iter::once(Circle::new(
            (x_now, g),
            st.px(4),
            BLACK.filled(),
        )))?;
    }
    let mut frame = Frame::of(&chart);
    frame.log_x = true;
    Ok(vec![frame])
}

/// The part of a line inside the y range `y` up to where it first leaves
/// it (ending exactly on the frame), and that exit point. The gain along
/// ν_z only falls (the teacher does not depend on ν_z, the student's
/// variance grows with it), so a line that leaves does not come back.
fn clip_line(line: &[(f64, f64)], y: std::ops::Range<f64>) -> (Line, Option<(f64, f64)>) {
    let inside = |v: f64| (y.start..=y.end).contains(&v);
    let mut kept = Vec::with_capacity(line.len());
    for (k, &(x, v)) in line.iter().enumerate() {
        if inside(v) {
            kept.push((x, v));
            continue;
        }
        let Some(&(x0, v0)) = k.checked_sub(1).map(|j| &line[j]) else {
            return (kept, None);
        };
        let edge = if v < y.start { y.start } else { y.end };
        let t = (edge - v0) / (v - v0);
        let exit = (x0 + t * (x - x0), edge);
        kept.push(exit);
        return (kept, Some(exit));
    }
    (kept, None)
}

/// An arrow where a line leaves the plot, and the value it reaches at `x_end`.
fn leaves_plot<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    exit: (f64, f64),
    reached: f64,
    x_end: f64,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let down = reached < exit.1;
    let (arrow, dy, v) = if down {
        ("↓", -st.px(4), VPos::Bottom)
    } else {
        ("↑", st.px(4), VPos::Top)
    };
    let text = format!("{arrow} {reached:.2} at ν_z = {x_end:.3}");
    let font = st.font(12).color(&GAIN).pos(Pos::new(HPos::Right, v));
    chart.draw_series(std::iter::once(
        EmptyElement::at(exit) + Text::new(text, (-st.px(6), dy), font),
    ))?;
    Ok(())
}
