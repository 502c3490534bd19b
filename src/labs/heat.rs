//! A lab's heat map: a grid of coloured cells with their values written in,
//! tick labels centred on the cells they name, and a colour bar.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::grid::Grid2;
use super::plot::{FRAME, at};
use crate::figures::kit::{Chart, DrawResult, Style};

/// How a heat map is coloured, labelled and described.
pub struct HeatStyle<'a> {
    pub color: &'a dyn Fn(f64) -> RGBColor,
    pub label: &'a dyn Fn(f64) -> String,
    /// The values the colour bar spans, low to high (what `color` spreads over).
    pub range: (f64, f64),
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub title: &'a str,
}

/// Black or white, whichever reads better on `c`: white below the relative
/// luminance (WCAG) where the two contrast equally, so values stay readable
/// on the darkest cells.
pub fn text_on(c: RGBColor) -> RGBColor {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2);
    if l < 0.179 { WHITE } else { BLACK }
}

/// A grid of coloured cells with their values written in: columns left to
/// right, the grid's first row at the top; a colour bar on the right.
pub fn heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    grid: &Grid2<f64>,
    hs: &HeatStyle,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (nx, ny) = (grid.cols().len(), grid.rows().len());
    let area = area.titled(hs.title, st.font(13))?;
    let (w, _) = area.dim_in_pixel();
    let (cells, bar) = area.split_horizontally(w.saturating_sub(st.px(70).max(0) as u32));
    let mut chart = ChartBuilder::on(&cells)
        .margin(st.px(8))
        .margin_right(st.px(4))
        .x_label_area_size(st.px(40))
        .y_label_area_size(st.px(56))
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
    // No ticks of plotters' own: they fall on cell edges; the labels below
    // are centred on the cells.
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .axis_desc_style(st.font(12))
        .x_desc(hs.x_desc)
        .y_desc(hs.y_desc)
        .draw()?;
    let size = value_font(&chart, &cells, st, grid, hs)?;
    for (i, j, &v) in grid.indexed() {
        let y = (ny - 1 - i) as f64;
        let fill = (hs.color)(v);
        chart.draw_series([
            Rectangle::new([(j as f64, y), (j as f64 + 1.0, y + 1.0)], fill.filled()),
            Rectangle::new(
                [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                WHITE.stroke_width(1),
            ),
        ])?;
        let Some(size) = size else { continue };
        chart.draw_series(std::iter::once(Text::new(
            (hs.label)(v),
            (j as f64 + 0.5, y + 0.5),
            ("sans-serif", size)
                .into_font()
                .color(&text_on(fill))
                .pos(Pos::new(HPos::Center, VPos::Center)),
        )))?;
    }
    cell_labels(&chart, &cells, st, grid)?;
    color_bar(&chart, &bar, st, hs)
}

/// The largest font (11 px down to 8 px, times the scale) in which every
/// cell's value fits inside its cell; `None` when even 8 px does not (a
/// phone's narrow map): then the cells go unlabelled and the colour bar
/// reads them, rather than values running into one another.
fn value_font<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    grid: &Grid2<f64>,
    hs: &HeatStyle,
) -> Result<Option<f64>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (x0, y0) = at(chart, area, 0.0, 0.0);
    let (x1, y1) = at(chart, area, 1.0, 1.0);
    let (cell_w, cell_h) = ((x1 - x0).abs() - st.px(4), (y0 - y1).abs() - st.px(2));
    let labels: Vec<String> = grid.cells().iter().map(|&v| (hs.label)(v)).collect();
    for size in [11, 10, 9, 8] {
        let font = TextStyle::from(st.font(size));
        let mut fits = true;
        for l in &labels {
            let (w, h) = area.estimate_text_size(l, &font)?;
            fits &= (w as i32) <= cell_w && (h as i32) <= cell_h;
        }
        if fits {
            return Ok(Some(f64::from(size) * st.scale));
        }
    }
    Ok(None)
}

/// The columns' and rows' values, each centred on its cells.
fn cell_labels<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    grid: &Grid2<f64>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let ny = grid.rows().len();
    let font = st.font(12).color(&BLACK);
    let below = font.pos(Pos::new(HPos::Center, VPos::Top));
    for (j, v) in grid.cols().iter().enumerate() {
        let (x, y) = at(chart, area, j as f64 + 0.5, 0.0);
        area.draw(&Text::new(format!("{v}"), (x, y + st.px(5)), below.clone()))?;
    }
    let left = font.pos(Pos::new(HPos::Right, VPos::Center));
    for (i, v) in grid.rows().iter().enumerate() {
        let (x, y) = at(chart, area, 0.0, (ny - 1 - i) as f64 + 0.5);
        area.draw(&Text::new(format!("{v}"), (x - st.px(5), y), left.clone()))?;
    }
    Ok(())
}

/// A vertical strip of the map's colours from `range.0` (bottom) to
/// `range.1` (top), as tall as the cells, with its ends and middle labelled.
fn color_bar<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    hs: &HeatStyle,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (top, bottom) = {
        let (ys, base) = (
            chart.plotting_area().get_pixel_range().1,
            area.get_base_pixel().1,
        );
        (ys.start - base, ys.end - base)
    };
    let (x0, x1) = (st.px(6), st.px(20));
    let (lo, hi) = hs.range;
    const STEPS: i32 = 64;
    let span = (bottom - top).max(1);
    for k in 0..STEPS {
        let (ya, yb) = (top + span * k / STEPS, top + span * (k + 1) / STEPS);
        let v = hi - (hi - lo) * (f64::from(k) + 0.5) / f64::from(STEPS);
        area.draw(&Rectangle::new(
            [(x0, ya), (x1, yb)],
            (hs.color)(v).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        FRAME.stroke_width(1),
    ))?;
    let font = st
        .font(11)
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (f, v) in [(0.0, hi), (0.5, 0.5 * (lo + hi)), (1.0, lo)] {
        let y = top + (f * f64::from(span)).round() as i32;
        area.draw(&Text::new((hs.label)(v), (x1 + st.px(4), y), font.clone()))?;
    }
    Ok(())
}
