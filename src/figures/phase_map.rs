//! The phase map: the relative gain over two parameters (η_ℓ, η_u by
//! default) as colour, with the zero contour of each visible layer (where
//! W2S turns into failure; exact solid, closed form dotted), the current
//! state marked, cells outside the theory's regime in grey, and a colour bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::kit::{
    Chart, DrawResult, Frame, FrameResult, MUTED, Stroke, Style, diverging, stroke_path,
    zero_contour,
};
use super::pins;
use crate::figures::dashboard::Dashboard;
use crate::theory::params::ParamName;
use crate::theory::risks::Layer;

/// An axis's description: the symbol and, for the default axes, what it means.
fn axis_desc(name: ParamName) -> String {
    match name {
        ParamName::EtaL => "η_ℓ (labeled minority fraction)".into(),
        ParamName::EtaU => "η_u (unlabeled)".into(),
        _ => name.spec().label(),
    }
}

/// The map's data range along one axis: its first to its last value.
fn span(values: &[f64]) -> std::ops::Range<f64> {
    let (lo, hi) = (values[0], values[values.len() - 1]);
    if hi > lo { lo..hi } else { lo..lo + 1.0 }
}

/// Whether the map is over two minority fractions, where the diagonal
/// (the two equal) is a reference line.
fn both_fractions(d: &Dashboard) -> bool {
    let eta = [ParamName::EtaL, ParamName::EtaU, ParamName::EtaT];
    eta.contains(&d.map_axes.x.param) && eta.contains(&d.map_axes.y.param)
}

pub(super) fn phase_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    let (w, h) = area.dim_in_pixel();
    let (plot, legend) = area.split_horizontally(w.saturating_sub(st.px(64) as u32).max(w / 2));
    let (xr, yr) = (span(xs), span(ys));
    let mut chart = ChartBuilder::on(&plot)
        .margin(st.px(8))
        .x_label_area_size(st.px(34))
        .y_label_area_size(st.px(44))
        .build_cartesian_2d(xr.clone(), yr.clone())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .x_desc(axis_desc(d.map_axes.x.param))
        .y_desc(axis_desc(d.map_axes.y.param))
        .draw()?;
    if st.raster {
        raster_cells(&mut chart, d, (w, h))?;
    } else {
        vector_cells(&mut chart, d)?;
    }
    pin_contours(&mut chart, d, st)?;
    contours(&mut chart, d, st)?;
    if both_fractions(d) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (1.0, 1.0)],
            MUTED.stroke_width(st.w(1)),
        )))?;
    }
    // A state is marked where it lies on the map (a state past an axis's
    // range is drawn at its edge, as a slider would show it).
    let at = |p: &crate::theory::params::Params| {
        let raw = p.raw();
        let (x, y) = (raw.get(d.map_axes.x.param), raw.get(d.map_axes.y.param));
        (x.clamp(xr.start, xr.end), y.clamp(yr.start, yr.end))
    };
    for (k, pin) in d.pins.iter().enumerate() {
        let spot = at(&pin.params);
        let ink = pins::ghost(BLACK);
        let font = st.font(12).color(&BLACK);
        chart.draw_series(std::iter::once(
            EmptyElement::at(spot)
                + Circle::new((0, 0), st.px(5), WHITE.mix(0.7).filled())
                + Circle::new((0, 0), st.px(5), ink.stroke_width(st.w(2)))
                // Stacked, so pins at one spot stay readable.
                + Text::new(
                    format!("pin {}", k + 1),
                    (st.px(7), st.px(13) * k as i32 - st.px(6)),
                    font,
                ),
        ))?;
    }
    let now = at(&d.point.params);
    chart.draw_series([
        Circle::new(now, st.px(6), WHITE.filled()),
        Circle::new(now, st.px(6), BLACK.stroke_width(st.w(2))),
    ])?;
    colour_bar(&legend, h, st, d.map.iter().any(|v| !v.is_finite()))?;
    Ok(vec![Frame::of(&chart)])
}

/// The zero contour of each visible layer the map holds: the exact layer
/// solid (the one the map's colour shows), the closed form dotted. Cells with
/// a corner outside the regime carry no contour.
fn contours<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    d: &Dashboard,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    let closed_shown = st.layers.0[0] && d.map_closed_form.len() == d.map.len();
    let style = BLACK.stroke_width(st.w(2));
    if closed_shown {
        let dotted = Stroke::of(Layer::ClosedForm);
        contour(chart, st, (xs, ys, &d.map_closed_form), style, dotted)?;
    }
    // The colour's own boundary is always drawn (it is the map's layer).
    contour(chart, st, (xs, ys, &d.map), style, Stroke::Solid)
}

/// The zero contour of one grid of values in `stroke`; a solid one in a
/// single series (it is on every frame of a drag), a patterned one segment by segment.
fn contour<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    (xs, ys, values): (&[f64], &[f64], &[f64]),
    style: ShapeStyle,
    stroke: Stroke,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let segments = zero_contour(xs, ys, values);
    if stroke == Stroke::Solid {
        let lines = segments
            .into_iter()
            .map(|s| PathElement::new(s.to_vec(), style));
        chart.draw_series(lines)?;
        return Ok(());
    }
    for seg in segments {
        stroke_path(st, chart, seg.to_vec(), style, stroke)?;
    }
    Ok(())
}

/// Each pin's exact zero contour over the same cells, wide and faint in
/// its pattern (a pin computed for other axes has none to draw).
fn pin_contours<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    d: &Dashboard,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    for (k, pin) in d.pins.iter().enumerate() {
        let b = &pin.board;
        if b.map_axes.pair() != d.map_axes.pair() || b.map.len() != d.map.len() {
            continue;
        }
        let style = pins::ghost(BLACK).stroke_width(st.w(pins::WIDTH));
        contour(chart, st, (xs, ys, &b.map), style, pins::stroke(k))?;
    }
    Ok(())
}

/// The map as one image, the nearest cell for every pixel of the plotting
/// area: one draw call, where a rectangle per cell is thousands.
fn raster_cells<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    d: &Dashboard,
    (w, h): (u32, u32),
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (nx, ny) = (d.map_axes.x.values.len(), d.map_axes.y.values.len());
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    // Never more pixels than the area has: the buffer is allocated from these.
    let (pw, ph) = (
        ((xr.end - xr.start).max(1) as u32).min(w.max(1)),
        ((yr.end - yr.start).max(1) as u32).min(h.max(1)),
    );
    let mut buf = Vec::with_capacity(pw as usize * ph as usize * 3);
    let colors: Vec<RGBColor> = d.map.iter().map(|v| diverging(*v)).collect();
    // Column → cell once; each image row is a copy of its cell row's pixels.
    let cols: Vec<usize> = (0..pw)
        .map(|px| {
            let x = (f64::from(px) + 0.5) / f64::from(pw);
            ((x * (nx - 1) as f64).round() as usize).min(nx - 1)
        })
        .collect();
    let mut row = Vec::with_capacity(pw as usize * 3);
    let mut row_of = usize::MAX;
    for py in 0..ph {
        let y = 1.0 - (f64::from(py) + 0.5) / f64::from(ph);
        let iy = ((y * (ny - 1) as f64).round() as usize).min(ny - 1);
        if iy != row_of {
            row.clear();
            for &ix in &cols {
                let c = colors[iy * nx + ix];
                row.extend_from_slice(&[c.0, c.1, c.2]);
            }
            row_of = iy;
        }
        buf.extend_from_slice(&row);
    }
    let top_left = (d.map_axes.x.values[0], d.map_axes.y.values[ny - 1]);
    if let Some(image) = BitMapElement::with_owned_buffer(top_left, (pw, ph), buf) {
        chart.draw_series(std::iter::once(image))?;
    }
    Ok(())
}

/// The map as one rectangle per cell, what a vector SVG wants.
fn vector_cells<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    d: &Dashboard,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.x.values, &d.map_axes.y.values);
    let (nx, ny) = (xs.len(), ys.len());
    let half_x = 0.5 * (xs[nx - 1] - xs[0]) / (nx - 1).max(1) as f64;
    let half_y = 0.5 * (ys[ny - 1] - ys[0]) / (ny - 1).max(1) as f64;
    chart.draw_series(d.map.iter().enumerate().map(|(k, v)| {
        let (x, y) = (xs[k % nx], ys[k / nx]);
        Rectangle::new(
            [(x - half_x, y - half_y), (x + half_x, y + half_y)],
            diverging(*v).filled(),
        )
    }))?;
    Ok(())
}

/// The colour bar from −1 to 1 (relative gain), drawn in pixels down the
/// strip beside the map; `h` is the whole figure's height.
fn colour_bar<DB: DrawingBackend>(
    legend: &DrawingArea<DB, Shift>,
    h: u32,
    st: &Style,
    outside: bool,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (lw, _) = legend.dim_in_pixel();
    let (top, bottom) = (st.px(20), h as i32 - st.px(44));
    let (left, right) = (st.px(8), st.px(26).min(lw as i32 - 2));
    if st.raster {
        // One image, a colour per pixel row: one draw call, not sixty.
        let (w, rows) = ((right - left).max(1) as u32, (bottom - top).max(1) as u32);
        let mut buf = Vec::with_capacity(w as usize * rows as usize * 3);
        for py in 0..rows {
            let c = diverging(1.0 - 2.0 * (f64::from(py) + 0.5) / f64::from(rows));
            for _ in 0..w {
                buf.extend_from_slice(&[c.0, c.1, c.2]);
            }
        }
        if let Some(image) = BitMapElement::with_owned_buffer((left, top), (w, rows), buf) {
            legend.draw(&image)?;
        }
    } else {
        let steps = 60;
        for i in 0..steps {
            let v = 1.0 - 2.0 * (i as f64 + 0.5) / steps as f64;
            let y0 = top + (bottom - top) * i / steps;
            let y1 = top + (bottom - top) * (i + 1) / steps;
            legend.draw(&Rectangle::new(
                [(left, y0), (right, y1)],
                diverging(v).filled(),
            ))?;
        }
    }
    legend.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        MUTED.stroke_width(st.w(1)),
    ))?;
    let font = st.font(11).color(&BLACK);
    for (v, text) in [
        (1.0, "+1"),
        (0.5, "+0.5"),
        (0.0, "0"),
        (-0.5, "−0.5"),
        (-1.0, "−1"),
    ] {
        let y = top + ((1.0 - v) / 2.0 * (bottom - top) as f64) as i32;
        legend.draw(&PathElement::new(
            vec![(right, y), (right + 3, y)],
            BLACK.stroke_width(st.w(1)),
        ))?;
        legend.draw(&Text::new(text, (right + 5, y - 6), font.clone()))?;
    }
    legend.draw(&Text::new("rel. gain", (st.px(2), st.px(4)), font.clone()))?;
    if outside {
        // The grey of a cell outside the regime, named under the bar.
        let y = bottom + st.px(8);
        legend.draw(&Rectangle::new(
            [(left, y), (right, y + st.px(10))],
            diverging(f64::NAN).filled(),
        ))?;
        legend.draw(&Text::new("outside", (st.px(2), y + st.px(12)), font))?;
    }
    Ok(())
}
