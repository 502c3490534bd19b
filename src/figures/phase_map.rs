//! The phase map: the relative gain over (η_ℓ, η_u) as colour, with its zero
//! contour (where W2S turns into failure) and a colour bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::kit::{Chart, DrawResult, Frame, FrameResult, MUTED, Style, diverging, zero_contour};
use crate::figures::dashboard::Dashboard;

pub(super) fn phase_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.eta_l.values, &d.map_axes.eta_u.values);
    let (w, h) = area.dim_in_pixel();
    let (plot, legend) = area.split_horizontally(w.saturating_sub(st.px(64) as u32).max(w / 2));
    let mut chart = ChartBuilder::on(&plot)
        .margin(st.px(8))
        .x_label_area_size(st.px(34))
        .y_label_area_size(st.px(44))
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .x_desc("η_ℓ (labeled minority fraction)")
        .y_desc("η_u (unlabeled)")
        .draw()?;
    if st.raster {
        raster_cells(&mut chart, d, (w, h))?;
    } else {
        vector_cells(&mut chart, d)?;
    }
    chart.draw_series(
        zero_contour(xs, ys, &d.map)
            .into_iter()
            .map(|s| PathElement::new(s.to_vec(), BLACK.stroke_width(st.w(2)))),
    )?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (1.0, 1.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    let p = &d.point.params;
    chart.draw_series([
        Circle::new((p.eta_l, p.eta_u), st.px(6), WHITE.filled()),
        Circle::new((p.eta_l, p.eta_u), st.px(6), BLACK.stroke_width(st.w(2))),
    ])?;
    colour_bar(&legend, h, st)?;
    Ok(vec![Frame::of(&chart)])
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
    let (nx, ny) = (d.map_axes.eta_l.values.len(), d.map_axes.eta_u.values.len());
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
    if let Some(image) = BitMapElement::with_owned_buffer((0.0, 1.0), (pw, ph), buf) {
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
    let (xs, ys) = (&d.map_axes.eta_l.values, &d.map_axes.eta_u.values);
    let (nx, ny) = (xs.len(), ys.len());
    let half_x = 0.5 / (nx - 1).max(1) as f64;
    let half_y = 0.5 / (ny - 1).max(1) as f64;
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
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (lw, _) = legend.dim_in_pixel();
    let (top, bottom) = (st.px(20), h as i32 - st.px(44));
    let (left, right) = (st.px(8), st.px(26).min(lw as i32 - 2));
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
    legend.draw(&Text::new("rel. gain", (st.px(2), st.px(4)), font))?;
    Ok(())
}
