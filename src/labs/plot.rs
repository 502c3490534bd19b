//! Drawing pieces both labs' figures share: the frame of a figure whose job
//! has not run, lines with ±2 SE bars, a grid of coloured cells, and a
//! lighter shade for a second scenario.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::grid::Grid2;
use crate::figures::kit::{Chart, DrawResult, Legend, MUTED, Style};
use crate::simulation::replicates::Estimate;

/// The colour blended towards white by `f` (a second scenario's lines).
pub fn lighten(c: RGBColor, f: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * f).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// A frame with a message where a figure's job has not run.
pub fn not_yet<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    what: &str,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    area.draw(&Rectangle::new(
        [(1, 1), (w as i32 - 2, h as i32 - 2)],
        RGBColor(208, 215, 222).stroke_width(1),
    ))?;
    area.draw(&Text::new(
        format!("{what}: not run yet — press its Run button"),
        (w as i32 / 2, h as i32 / 2),
        st.font(14)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))
}

/// A line through estimates (in %) with ±2 SE bars, added to the legend.
pub fn error_bars<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    points: &[(f64, Estimate)],
    color: RGBColor,
    width: u32,
    legend: &mut Legend,
    label: &str,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    chart.draw_series(LineSeries::new(
        points.iter().map(|(x, e)| (*x, 100.0 * e.mean)),
        color.stroke_width(st.w(width)),
    ))?;
    chart.draw_series(points.iter().map(|(x, e)| {
        ErrorBar::new_vertical(
            *x,
            100.0 * (e.mean - 2.0 * e.se),
            100.0 * e.mean,
            100.0 * (e.mean + 2.0 * e.se),
            color.stroke_width(st.w(1)),
            st.px(5) as u32,
        )
    }))?;
    legend.add(label, color, width);
    Ok(())
}

/// How a heat map is coloured, labelled and described.
pub struct HeatStyle<'a> {
    pub color: &'a dyn Fn(f64) -> RGBColor,
    pub label: &'a dyn Fn(f64) -> String,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub title: &'a str,
}

/// A grid of coloured cells with their values written in: columns left to
/// right, the grid's first row at the top.
pub fn heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    grid: &Grid2<f64>,
    hs: &HeatStyle,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let xs: Vec<String> = grid.cols().iter().map(|v| format!("{v}")).collect();
    let ys: Vec<String> = grid.rows().iter().map(|v| format!("{v}")).collect();
    let (nx, ny) = (xs.len(), ys.len());
    let area = area.titled(hs.title, st.font(13))?;
    let mut chart = ChartBuilder::on(&area)
        .margin(st.px(8))
        .x_label_area_size(st.px(34))
        .y_label_area_size(st.px(52))
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nx)
        .y_labels(ny)
        .x_label_formatter(&|v| xs.get(v.floor() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|v| {
            ys.get(ny - 1 - (v.floor() as usize).min(ny - 1))
                .cloned()
                .unwrap_or_default()
        })
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .x_desc(hs.x_desc)
        .y_desc(hs.y_desc)
        .draw()?;
    for (i, j, &v) in grid.indexed() {
        let y = (ny - 1 - i) as f64;
        chart.draw_series([
            Rectangle::new(
                [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                (hs.color)(v).filled(),
            ),
            Rectangle::new(
                [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                WHITE.stroke_width(1),
            ),
        ])?;
        chart.draw_series(std::iter::once(Text::new(
            (hs.label)(v),
            (j as f64 + 0.5, y + 0.5),
            st.font(11)
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        )))?;
    }
    Ok(())
}
