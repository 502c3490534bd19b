//! Drawing pieces both labs' figures share: the frame of a figure whose job
//! has not run, lines with ±2 SE bars, a bar chart's frame with its
//! categories on the axis, a lighter shade for a second scenario, and a
//! legend kept off the data at any width. Heat maps are in [`super::heat`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::figures::kit::{Chart, Corner, DrawResult, Legend, MUTED, Style, plot_left};
use crate::simulation::replicates::Estimate;

/// The frame's grey, as the explorer's legend boxes draw it.
pub const FRAME: RGBColor = RGBColor(208, 215, 222);

/// The grid lines' grey, as `kit::line_chart` draws them.
const GRID: RGBColor = RGBColor(230, 233, 237);

/// The colour blended towards white by `f` (a second scenario's lines).
pub fn lighten(c: RGBColor, f: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * f).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The area less a strip on the right, so that the last x tick label
/// (centred on the frame's right edge: "200") is not cut by the canvas.
pub fn room_right<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
) -> DrawingArea<DB, Shift> {
    area.margin(0, 0, 0, st.px(18))
}

/// A point of a chart in the pixels of `area` (the chart's own mapping is
/// in the backend's pixels; `area` may be a part of the backend).
pub fn at<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    x: f64,
    y: f64,
) -> (i32, i32) {
    let (px, py) = chart.backend_coord(&(x, y));
    let (bx, by) = area.get_base_pixel();
    (px - bx, py - by)
}

/// Words broken into lines no wider than `width` pixels in `font` (a word
/// wider than that gets a line of its own).
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    width: u32,
) -> Result<Vec<String>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let trial = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && area.estimate_text_size(&trial, font)?.0 > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = trial;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// A frame with a message where a figure's job has not run: what the figure
/// is, and the label of the button that runs its job, wrapped to the width
/// so that a narrow canvas cuts nothing.
pub fn not_yet<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    what: &str,
    button: &str,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    area.draw(&Rectangle::new(
        [(1, 1), (w as i32 - 2, h as i32 - 2)],
        FRAME.stroke_width(1),
    ))?;
    let font = st.font(14).color(&MUTED);
    let width = w.saturating_sub(2 * st.px(16).max(0) as u32).max(1);
    let mut lines = wrap(area, &format!("{what}: not run yet."), &font, width)?;
    lines.extend(wrap(area, &format!("Press “{button}”."), &font, width)?);
    let line_h = st.px(20);
    let top = h as i32 / 2 - line_h * (lines.len() as i32 - 1) / 2;
    let font = font.pos(Pos::new(HPos::Center, VPos::Center));
    for (i, line) in lines.iter().enumerate() {
        area.draw(&Text::new(
            line.as_str(),
            (w as i32 / 2, top + line_h * i as i32),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// ±2 SE bars at estimates (in %), cut to the chart's y range (an accuracy
/// bar does not run past 100 %).
pub fn se_bars<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    points: &[(f64, Estimate)],
    color: RGBColor,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let y = chart.y_range();
    let cut = |v: f64| v.clamp(y.start, y.end);
    chart.draw_series(points.iter().map(|(x, e)| {
        ErrorBar::new_vertical(
            *x,
            cut(100.0 * (e.mean - 2.0 * e.se)),
            100.0 * e.mean,
            cut(100.0 * (e.mean + 2.0 * e.se)),
            color.stroke_width(st.w(1)),
            st.px(5) as u32,
        )
    }))?;
    Ok(())
}

/// A line through estimates (in %) with ±2 SE bars.
pub fn se_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    st: &Style,
    points: &[(f64, Estimate)],
    color: RGBColor,
    width: u32,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    chart.draw_series(LineSeries::new(
        points.iter().map(|(x, e)| (*x, 100.0 * e.mean)),
        color.stroke_width(st.w(width)),
    ))?;
    se_bars(chart, st, points, color)
}

/// The frame of a bar chart of percentages: the y axis from 0 to 100 %, one
/// category per whole x (0, 1, …) named under the axis, and no vertical grid
/// lines (the categories are not a scale). The top margin holds a key.
pub fn bar_frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    st: &Style,
    categories: &[&str],
    y_desc: &str,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    let n = categories.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(st.px(8))
        .margin_top(st.px(34))
        .x_label_area_size(st.px(30))
        .y_label_area_size(st.px(52))
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..100.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .y_desc(y_desc)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .draw()?;
    let font = st
        .font(13)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, name) in categories.iter().enumerate() {
        let (x, y) = at(&chart, area, i as f64, 0.0);
        area.draw(&Text::new(*name, (x, y + st.px(8)), font.clone()))?;
    }
    Ok(chart)
}

/// A key in one row above a chart: a swatch and a label per entry, the
/// swatch a filled square (bars) or, given a width, a line. Above the
/// plotting area it hides no data.
pub fn key_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    entries: &[(&str, RGBColor)],
    line: Option<u32>,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let font = st.font(12).color(&BLACK);
    let (mut x, y) = (st.px(62), st.px(16));
    for (label, color) in entries {
        let sw = match line {
            None => {
                let sw = st.px(12);
                let square = [(x, y - sw / 2), (x + sw, y + sw / 2)];
                area.draw(&Rectangle::new(square, color.filled()))?;
                sw
            }
            Some(width) => {
                let sw = st.px(18);
                let stroke = color.stroke_width(st.w(width));
                area.draw(&PathElement::new(vec![(x, y), (x + sw, y)], stroke))?;
                sw
            }
        };
        x += sw + st.px(5);
        let text_font = font.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(*label, (x, y), text_font))?;
        x += area.estimate_text_size(label, &font)?.0 as i32 + st.px(16);
    }
    Ok(())
}

/// How many x tick labels a chart of this width holds without their
/// running together (one per 56 px, at most `most`, at least 2): a panel
/// of a two-panel figure on a phone is under 200 px wide.
pub fn x_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    most: usize,
) -> usize {
    let per = st.px(56).max(1) as u32;
    ((area.dim_in_pixel().0 / per) as usize).clamp(2, most.max(2))
}

/// Below this width (in unscaled pixels) a chart holds no legend box that
/// covers no data: on a phone a box of four entries is wider than half the
/// plot, so its entries go in rows on a strip of their own.
const NARROW: i32 = 480;

/// Where a line chart's legend goes, decided before the chart is built.
pub struct Keyed<DB: DrawingBackend> {
    /// The area to build the chart on (less the legend's strip, if any).
    pub plot: DrawingArea<DB, Shift>,
    /// The y range to build it with (raised to clear the box, if need be).
    pub y: std::ops::Range<f64>,
    corner: Option<Corner>,
}

impl<DB: DrawingBackend> Keyed<DB> {
    /// Draws the legend's box once the chart is drawn (rows are drawn already).
    pub fn finish<'a>(&self, legend: &Legend, chart: &Chart<'a, DB>, st: &Style) -> DrawResult<DB>
    where
        DB: 'a,
        DB::ErrorType: 'static,
    {
        match self.corner {
            Some(corner) => legend.draw(chart, st, corner),
            None => Ok(()),
        }
    }
}

/// Whether a chart on `area` is too narrow for a legend box on its data.
pub fn narrow<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, st: &Style) -> bool {
    (area.dim_in_pixel().0 as i32) < st.px(NARROW)
}

/// A legend's entries in rows on a strip at the top of `area`, starting at
/// the plotting area's left edge; returns the rest of `area`.
pub fn key_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    legend: &Legend,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    let (strip, rest) = area.split_vertically(legend.rows_height(area, st)? + st.px(4));
    legend.draw_rows(&strip, st, plot_left(st))?;
    Ok(rest)
}

/// Room for a line chart's legend off its `data` (points of the chart over
/// `x` × `y`): on a wide area, the corner [`Legend::place`] picks, as the
/// explorer's figures do; on a [`narrow`] one, rows on a strip above.
pub fn keyed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    legend: &Legend,
    x: &std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    data: &[(f64, f64)],
) -> Result<Keyed<DB>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    if narrow(area, st) {
        let plot = key_rows(area, st, legend)?;
        return Ok(Keyed {
            plot,
            y,
            corner: None,
        });
    }
    let (y, corner) = legend.place(area, st, x, y, data)?;
    Ok(Keyed {
        plot: area.clone(),
        y,
        corner: Some(corner),
    })
}

/// The points of a line and `k` more along each of its segments, so that
/// [`Legend::place`], which looks at points, sees the segments too.
pub fn along(line: &[(f64, f64)], k: usize) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = line.first().copied().into_iter().collect();
    for w in line.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        out.extend((1..=k + 1).map(|i| {
            let t = i as f64 / (k + 1) as f64;
            (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        }));
    }
    out
}

/// The data a legend must not cover of a line through estimates (in %) with
/// ±2 SE bars: the line and both ends of every bar.
pub fn se_data(points: &[(f64, Estimate)]) -> Vec<(f64, f64)> {
    let line: Vec<(f64, f64)> = points.iter().map(|(x, e)| (*x, 100.0 * e.mean)).collect();
    let mut out = along(&line, 8);
    for (x, e) in points {
        out.push((*x, 100.0 * (e.mean - 2.0 * e.se)));
        out.push((*x, 100.0 * (e.mean + 2.0 * e.se)));
    }
    out
}
