//! The plotting kit shared by the explorer's figures and the labs': style
//! and scale, colours, a line chart's frame, a legend measured through the
//! backend, y ranges, the diverging colour map and zero contours. Every piece
//! is generic over the plotters backend, so canvas, SVG and PNG draw alike.

use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::theory::risks::Layer;

/// Which theory layers to draw (closed form, first order, exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers(pub [bool; 3]);

impl Default for Layers {
    fn default() -> Self {
        Layers([true, true, true])
    }
}

impl Layers {
    /// The layer whose lines carry the legend: the most exact one drawn.
    pub fn primary(&self) -> Option<Layer> {
        self.on().last()
    }

    pub fn on(&self) -> impl Iterator<Item = Layer> + '_ {
        Layer::ALL
            .into_iter()
            .zip(self.0)
            .filter_map(|(l, on)| on.then_some(l))
    }
}

/// How big to draw: `scale` multiplies every font size, margin, line width and
/// marker (1 for CSS pixels; the page passes devicePixelRatio so that canvases
/// sized in device pixels stay sharp and keep their proportions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub layers: Layers,
    pub scale: f64,
    /// Draw the phase map as one raster image (fast on canvases and bitmaps)
    /// rather than one rectangle per cell (what a vector SVG wants).
    pub raster: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            layers: Layers::default(),
            scale: 1.0,
            raster: true,
        }
    }
}

impl Style {
    pub fn px(&self, v: i32) -> i32 {
        (f64::from(v) * self.scale).round() as i32
    }

    pub fn w(&self, v: u32) -> u32 {
        (f64::from(v) * self.scale).round().max(1.0) as u32
    }

    pub fn font(&self, size: i32) -> FontDesc<'static> {
        ("sans-serif", f64::from(size) * self.scale).into_font()
    }
}

/// The explorer's colours, shared with the labs so a teacher looks the same
/// on every page. Picked from Okabe and Ito's colour-blind-safe set (teacher
/// reddish purple, student a darker blue, gain a lighter bluish green,
/// failure vermillion) so that every pair stays apart under simulated
/// deuteranopia, protanopia and tritanopia (tests/figure_colours.rs checks
/// ΔE ≥ 20); the earlier orange teacher and green gain both turned olive for
/// red-green colour-blind readers.
pub const TEACHER: RGBColor = RGBColor(170, 51, 119);
pub const STUDENT: RGBColor = RGBColor(0, 80, 160);
pub const GAIN: RGBColor = RGBColor(0, 175, 130);
pub const MUTED: RGBColor = RGBColor(110, 118, 129);
pub const FAIL: RGBColor = RGBColor(213, 94, 0);
/// The diverging map's ends: blue where W2S happens, orange where it fails
/// (blue–orange, not blue–red, so both ends keep their hue for every colour vision).
pub const MAP_GAIN: RGBColor = RGBColor(33, 102, 172);
pub const MAP_FAIL: RGBColor = RGBColor(200, 82, 0);
/// Layer swatches and simulated points in the legend: the pattern or shape
/// matters, not the colour.
pub const INK: RGBColor = RGBColor(60, 64, 70);
/// The labeled set's η_ℓ marker: lighter than η_u's black, which it lies under.
pub const ETA_L: RGBColor = RGBColor(150, 156, 164);

/// The data figure's three mixtures, apart from each other by ΔE ≥ 50 in
/// every simulated colour vision (tests/figure_colours.rs holds them to 20)
/// and by their strokes too: labeled orange dashed (the η_ℓ marker is
/// dashed), unlabeled sky blue dotted, test near-black solid over a light
/// fill (Okabe–Ito).
pub const LABELED: RGBColor = RGBColor(230, 159, 0);
pub const UNLABELED: RGBColor = RGBColor(86, 180, 233);
pub const TEST_DATA: RGBColor = RGBColor(40, 40, 40);

/// `color` at opacity `alpha` over white: how a shaded region looks, for its legend swatch.
pub fn over_white(color: RGBColor, alpha: f64) -> RGBColor {
    // Rounds half up by adding 0.5 (the value is ≥ 0): wasm has no
    // instruction for `f64::round`, and a map frame mixes 12,000 channels.
    let mix = |c: u8| (255.0 + (f64::from(c) - 255.0) * alpha + 0.5) as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// What every drawing function returns: the backend's own error, if any.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart on plain (x, y) axes, as [`line_chart`] builds it.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Where a chart's plotting area sits on the backend, in pixels, and the
/// data range it shows: the page turns a pointer position into data
/// coordinates with it, so it never guesses the chart's margins.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub pixels_x: std::ops::Range<i32>,
    pub pixels_y: std::ops::Range<i32>,
    pub x: std::ops::Range<f64>,
    pub y: std::ops::Range<f64>,
    /// The chart's x axis is log10 of the data (`x` is then in log10 units,
    /// and [`Frame::to_data`] undoes it).
    pub log_x: bool,
}

/// What a figure's drawing function returns: the frame of each of its
/// charts (one, or two side by side), or the backend's error.
pub type FrameResult<DB> =
    Result<Vec<Frame>, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

impl Frame {
    pub fn of<DB: DrawingBackend>(chart: &Chart<'_, DB>) -> Frame {
        let (pixels_x, pixels_y) = chart.plotting_area().get_pixel_range();
        Frame {
            pixels_x,
            pixels_y,
            x: chart.x_range(),
            y: chart.y_range(),
            log_x: false,
        }
    }

    /// The data point under a backend pixel, `None` outside the plotting
    /// area. Pixel rows grow downwards, so the top row is the largest y.
    /// As plotters does, the range's ends sit on the first and the last pixel;
    /// a pointer anywhere inside the last pixel reads the range's end.
    pub fn to_data(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        let span = |r: &std::ops::Range<i32>| f64::from((r.end - r.start - 1).max(1));
        let share = |p: f64, r: &std::ops::Range<i32>| {
            let u = (p - f64::from(r.start)) / span(r);
            (0.0..1.0 + 1.0 / span(r))
                .contains(&u)
                .then_some(u.min(1.0))
        };
        let (u, v) = (share(px, &self.pixels_x)?, share(py, &self.pixels_y)?);
        let x = self.x.start + u * (self.x.end - self.x.start);
        Some((
            if self.log_x { 10f64.powf(x) } else { x },
            self.y.end - v * (self.y.end - self.y.start),
        ))
    }
}

/// A tick label as plotters writes it, except that a value that prints as
/// zero is "0…" and never "-0…": key points a rounding error below zero
/// (−1e-17) would otherwise read "-0.0".
pub fn tick(v: &f64) -> String {
    let text = RangedCoordf64::format(v);
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// The tick labeller of an axis over `range` with at most `n` labels:
/// [`tick`]'s text for each of the axis's ticks, all with as many decimals
/// as the step between them needs and no more ("200" on a 0–400 axis, not
/// "200.0"; "0.50" beside "0.25").
pub fn ticks_for(range: &std::ops::Range<f64>, n: usize) -> impl Fn(&f64) -> String + use<> {
    let points = RangedCoordf64::from(range.clone()).key_points(n);
    let decimals = |text: &str| {
        text.split_once('.')
            .map_or(0, |(_, f)| f.trim_end_matches('0').len())
    };
    let need = points.iter().map(|v| decimals(&tick(v))).max().unwrap_or(0);
    move |v| {
        let text = tick(v);
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        match need {
            0 => whole.to_string(),
            d => format!("{whole}.{:0<d$}", &frac[..frac.len().min(d)]),
        }
    }
}

/// The pixels [`line_chart`] leaves around its plotting area: left (margin
/// and tick labels), right, top, bottom (margin and tick labels).
fn margins(st: &Style) -> (i32, i32, i32, i32) {
    (
        st.px(8) + st.px(52),
        st.px(8),
        st.px(20),
        st.px(8) + st.px(34),
    )
}

/// The size of the plotting area [`line_chart`] builds on `area`.
fn plot_size<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, st: &Style) -> (i32, i32) {
    let (w, h) = area.dim_in_pixel();
    let (left, right, top, bottom) = margins(st);
    (w as i32 - left - right, h as i32 - top - bottom)
}

/// A line chart with the figures' common frame: margins, labels, a light grid.
pub fn line_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    st: &Style,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    x_desc: &str,
    y_desc: &str,
    x_labels: usize,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    line_chart_labels(area, st, x, y, x_desc, y_desc, (x_labels, 10))
}

/// [`line_chart`] with the number of x and y tick labels given, for short
/// panels whose ten y labels would overlap.
pub fn line_chart_labels<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    st: &Style,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    x_desc: &str,
    y_desc: &str,
    (x_labels, y_labels): (usize, usize),
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    let (left, right, top, bottom) = margins(st);
    let (x_tick, y_tick) = (ticks_for(&x, x_labels), ticks_for(&y, y_labels));
    let mut chart = ChartBuilder::on(area)
        .margin(right)
        .margin_top(top)
        .x_label_area_size(bottom - right)
        .y_label_area_size(left - right)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(x_labels)
        .y_labels(y_labels)
        .x_label_formatter(&x_tick)
        .y_label_formatter(&y_tick)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .draw()?;
    Ok(chart)
}

/// A line chart whose x axis is log10 of `x` (both ends > 0), with grid
/// lines and ticks at 1, 2 and 5 × 10^k written as plain numbers.
pub fn log_x_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    st: &Style,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    x_desc: &str,
    y_desc: &str,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB::ErrorType: 'static,
{
    let (a, b) = (x.start.log10(), x.end.log10());
    let (lo, hi) = (y.start, y.end);
    let mut chart = line_chart(area, st, a..b, y, x_desc, y_desc, 0)?;
    let font = st
        .font(12)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for k in a.floor() as i32..=b.ceil() as i32 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(k);
            let lv = v.log10();
            if !(a..=b).contains(&lv) {
                continue;
            }
            let label = format!("{v:.*}", (-k).max(0) as usize);
            chart.draw_series([PathElement::new(
                vec![(lv, lo), (lv, hi)],
                GRID.stroke_width(1),
            )])?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((lv, lo)) + Text::new(label, (0, st.px(6)), font.clone()),
            ))?;
        }
    }
    Ok(chart)
}

/// The charts' grid lines.
const GRID: RGBColor = RGBColor(230, 233, 237);

/// How a line is stroked. The theory layers differ by pattern, not by shade
/// alone, so that they stay apart at any pixel density and in grey print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
    /// Short dashes: the second pin's ghosts (wide and faint, unlike a layer's).
    PinDash,
    /// Dots set wide apart: the third pin's ghosts.
    PinDot,
}

impl Stroke {
    /// Exact solid, first order dashed, closed form dotted.
    pub fn of(layer: Layer) -> Stroke {
        match layer {
            Layer::Exact => Stroke::Solid,
            Layer::FirstOrder => Stroke::Dashed,
            Layer::ClosedForm => Stroke::Dotted,
        }
    }

    /// (dash, gap) in CSS pixels; long dashes keep the stroke count (what a
    /// canvas redraw pays for) low.
    fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Stroke::Solid => None,
            Stroke::Dashed => Some((12, 6)),
            Stroke::Dotted => Some((3, 5)),
            Stroke::PinDash => Some((8, 4)),
            Stroke::PinDot => Some((2, 6)),
        }
    }
}

/// Draws a path (data coordinates) in a stroke pattern; one stroke per dash.
pub fn stroke_path<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    st: &Style,
    chart: &mut ChartContext<'_, DB, CT>,
    points: Vec<(f64, f64)>,
    style: ShapeStyle,
    stroke: Stroke,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    match stroke.pattern() {
        None => chart.draw_series(std::iter::once(PathElement::new(points, style)))?,
        Some((dash, gap)) => chart.draw_series(std::iter::once(DashedPathElement::new(
            points,
            st.w(dash),
            st.w(gap),
            style,
        )))?,
    };
    Ok(())
}

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    Line {
        width: u32,
        stroke: Stroke,
    },
    /// A simulated point.
    Dot,
    /// A marker on the x axis.
    Triangle,
    /// A shaded region.
    Patch,
}

/// The entries of a chart's legend, collected before the chart is built (so
/// that its y range can make room for the box).
///
/// plotters' own series labels measure every line through the font (on the
/// web: a span added to the page and a forced layout per label, most of a
/// live redraw); this box measures through the backend, which on a canvas is
/// `measureText`.
#[derive(Default)]
pub struct Legend(Vec<(String, RGBColor, Swatch)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

/// A legend box measured for one plotting area: its size, row height,
/// column width and number of columns, in pixels.
struct BoxSize {
    w: i32,
    h: i32,
    line_h: i32,
    col_w: i32,
    cols: usize,
}

impl Legend {
    /// An entry with a solid line swatch.
    pub fn add(&mut self, label: impl Into<String>, color: RGBColor, width: u32) {
        self.add_swatch(
            label,
            color,
            Swatch::Line {
                width,
                stroke: Stroke::Solid,
            },
        );
    }

    pub fn add_swatch(&mut self, label: impl Into<String>, color: RGBColor, swatch: Swatch) {
        self.0.push((label.into(), color, swatch));
    }

    /// One entry per drawn layer, showing its pattern, when more than one
    /// layer is drawn (with one, the pattern tells nothing).
    pub fn add_layers(&mut self, layers: &Layers) {
        if layers.on().count() < 2 {
            return;
        }
        for layer in layers.on().collect::<Vec<_>>().into_iter().rev() {
            let label = match layer {
                Layer::Exact => "exact",
                Layer::FirstOrder => "first order",
                Layer::ClosedForm => "closed form",
            };
            let stroke = Stroke::of(layer);
            self.add_swatch(label, INK, Swatch::Line { width: 2, stroke });
        }
    }

    /// The box's size on a plotting area `(pw, ph)` pixels big: in as many
    /// columns as keep it under a third of the height, while they fit in
    /// two thirds of the width.
    fn measure<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
        (pw, ph): (i32, i32),
    ) -> Result<BoxSize, DrawingAreaErrorKind<DB::ErrorType>> {
        let font = st.font(12).color(&BLACK);
        let (mut text_w, mut line_h) = (0, st.px(17));
        for (label, ..) in &self.0 {
            let (w, h) = area.estimate_text_size(label, &font)?;
            text_w = text_w.max(w as i32);
            line_h = line_h.max(h as i32);
        }
        let (pad, n) = (st.px(5), self.0.len().max(1));
        let col_w = pad * 2 + st.px(22) + text_w;
        let mut cols = 1;
        while cols < n
            && line_h * n.div_ceil(cols) as i32 > ph / 3
            && col_w * (cols as i32 + 1) + pad <= 2 * pw / 3
        {
            cols += 1;
        }
        Ok(BoxSize {
            w: pad + col_w * cols as i32,
            h: pad * 2 + line_h * n.div_ceil(cols) as i32,
            line_h,
            col_w,
            cols,
        })
    }

    /// Where the legend goes on a line chart about to be built on `area`
    /// over `x` × `y`: the corner that covers the fewest of `data` (data
    /// points); when every corner covers some, the top of `y` is raised until
    /// the box fits above the data in an upper corner. Returns the y range to
    /// build the chart with and the corner to [`Legend::draw`] in.
    pub fn place<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
        x: &std::ops::Range<f64>,
        y: std::ops::Range<f64>,
        data: &[(f64, f64)],
    ) -> Result<(std::ops::Range<f64>, Corner), DrawingAreaErrorKind<DB::ErrorType>> {
        let (pw, ph) = plot_size(area, st);
        if self.0.is_empty() || pw < 2 || ph < 2 {
            return Ok((y, Corner::UpperRight));
        }
        let size = self.measure(area, st, (pw, ph))?;
        let span = |r: &std::ops::Range<f64>| (r.end - r.start).max(f64::MIN_POSITIVE);
        let px = |p: &(f64, f64)| {
            let u = (p.0 - x.start) / span(x) * f64::from(pw);
            let v = (1.0 - (p.1 - y.start) / span(&y)) * f64::from(ph);
            (u, v)
        };
        let gap = f64::from(st.px(4));
        let in_box = |(x0, y0): (i32, i32), (u, v): (f64, f64)| {
            (f64::from(x0) - gap..=f64::from(x0 + size.w) + gap).contains(&u)
                && (f64::from(y0) - gap..=f64::from(y0 + size.h) + gap).contains(&v)
        };
        let corners = [
            Corner::UpperRight,
            Corner::UpperLeft,
            Corner::LowerRight,
            Corner::LowerLeft,
        ];
        let covered = |c: Corner| {
            let o = corner_origin((pw, ph), st, &size, c);
            data.iter().filter(|p| in_box(o, px(p))).count()
        };
        let best = corners.into_iter().min_by_key(|&c| covered(c));
        match best {
            Some(c) if covered(c) == 0 => Ok((y, c)),
            _ => Ok(raise_top(x, y, data, (pw, ph), st, &size)),
        }
    }

    /// Draws the box in a corner of the chart's plotting area.
    pub fn draw<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &Chart<'a, DB>,
        st: &Style,
        corner: Corner,
    ) -> DrawResult<DB>
    where
        DB::ErrorType: 'static,
    {
        if self.0.is_empty() {
            return Ok(());
        }
        let area = chart.plotting_area().strip_coord_spec();
        let (w, h) = area.dim_in_pixel();
        let dims = (w as i32, h as i32);
        let size = self.measure(&area, st, dims)?;
        let origin = corner_origin(dims, st, &size, corner);
        self.draw_box(&area, st, &size, origin)
    }

    fn draw_box<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
        size: &BoxSize,
        (x0, y0): (i32, i32),
    ) -> DrawResult<DB>
    where
        DB::ErrorType: 'static,
    {
        let corners = [(x0, y0), (x0 + size.w, y0 + size.h)];
        area.draw(&Rectangle::new(corners, WHITE.mix(0.9).filled()))?;
        area.draw(&Rectangle::new(
            corners,
            RGBColor(208, 215, 222).stroke_width(1),
        ))?;
        let font = st
            .font(12)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let (pad, swatch) = (st.px(5), st.px(22));
        let rows = self.0.len().div_ceil(size.cols);
        for (i, (label, color, kind)) in self.0.iter().enumerate() {
            // Column-major, so each column reads top to bottom.
            let (col, row) = ((i / rows) as i32, (i % rows) as i32);
            let x = x0 + pad + col * size.col_w;
            let mid = y0 + pad + size.line_h * row + size.line_h / 2;
            draw_swatch(area, st, *kind, *color, (x, mid), swatch)?;
            area.draw(&Text::new(
                label.as_str(),
                (x + pad + swatch, mid),
                font.clone(),
            ))?;
        }
        Ok(())
    }
}

/// A row legend's layout: per row, each entry's index and x offset.
type Rows = Vec<Vec<(usize, i32)>>;

impl Legend {
    /// The entries laid out in rows across `width` pixels: each row's
    /// entries and the row height.
    fn rows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
        width: i32,
    ) -> Result<(Rows, i32), DrawingAreaErrorKind<DB::ErrorType>> {
        let font = st.font(12).color(&BLACK);
        let (pad, swatch) = (st.px(5), st.px(22));
        let mut rows: Rows = vec![Vec::new()];
        let (mut x, mut line_h) = (pad, st.px(17));
        for (i, (label, ..)) in self.0.iter().enumerate() {
            let (w, h) = area.estimate_text_size(label, &font)?;
            line_h = line_h.max(h as i32 + st.px(4));
            let entry = swatch + pad + w as i32 + 2 * pad;
            if x + entry > width && rows.last().is_some_and(|r| !r.is_empty()) {
                rows.push(Vec::new());
                x = pad;
            }
            if let Some(r) = rows.last_mut() {
                r.push((i, x));
            }
            x += entry;
        }
        Ok((rows, line_h))
    }

    /// The height [`Legend::draw_rows`] needs on `area`'s width.
    pub fn rows_height<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
    ) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
        let (rows, line_h) = self.rows(area, st, area.dim_in_pixel().0 as i32)?;
        Ok(rows.len() as i32 * line_h)
    }

    /// Draws the entries in rows on a strip of their own (off the data),
    /// starting at the plotting area's left edge `left`.
    pub fn draw_rows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        st: &Style,
        left: i32,
    ) -> DrawResult<DB>
    where
        DB::ErrorType: 'static,
    {
        let width = area.dim_in_pixel().0 as i32 - left;
        let (rows, line_h) = self.rows(area, st, width)?;
        let font = st
            .font(12)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let (pad, swatch) = (st.px(5), st.px(22));
        for (r, row) in rows.iter().enumerate() {
            let mid = line_h * r as i32 + line_h / 2;
            for &(i, x) in row {
                let (label, color, kind) = &self.0[i];
                draw_swatch(area, st, *kind, *color, (left + x, mid), swatch)?;
                area.draw(&Text::new(
                    label.as_str(),
                    (left + x + swatch + pad, mid),
                    font.clone(),
                ))?;
            }
        }
        Ok(())
    }
}

/// The left margin of a [`line_chart`]'s plotting area, in pixels.
pub fn plot_left(st: &Style) -> i32 {
    margins(st).0
}

/// The y range whose top leaves room for the legend box above every data
/// point, and the upper corner that needs the least; the range unchanged
/// when that would take most of the height (a figure too small for a legend).
fn raise_top(
    x: &std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    data: &[(f64, f64)],
    (pw, ph): (i32, i32),
    st: &Style,
    size: &BoxSize,
) -> (std::ops::Range<f64>, Corner) {
    let f = f64::from(size.h + st.px(6) + st.px(6)) / f64::from(ph);
    let x_span = (x.end - x.start).max(f64::MIN_POSITIVE);
    let top_under = |c: Corner| {
        let (x0, _) = corner_origin((pw, ph), st, size, c);
        let (u0, u1) = (
            x.start + f64::from(x0) / f64::from(pw) * x_span,
            x.start + f64::from(x0 + size.w) / f64::from(pw) * x_span,
        );
        data.iter()
            .filter(|p| (u0..=u1).contains(&p.0) && p.1.is_finite())
            .map(|p| p.1)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let (corner, top) = [Corner::UpperRight, Corner::UpperLeft]
        .map(|c| (c, top_under(c)))
        .into_iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((Corner::UpperRight, y.end));
    if f >= 0.6 || !top.is_finite() {
        return (y, corner);
    }
    // The data top at the box's bottom: (hi − top) / (hi − lo) = f.
    let hi = ((top - f * y.start) / (1.0 - f)).max(y.end);
    (y.start..hi, corner)
}

/// Top-left pixel of a legend box of `size` in `corner` of a plotting area
/// `(aw, ah)` pixels big.
fn corner_origin((aw, ah): (i32, i32), st: &Style, size: &BoxSize, corner: Corner) -> (i32, i32) {
    let (left, top) = (st.px(6), st.px(6));
    let right = aw - size.w - st.px(6);
    let bottom = ah - size.h - st.px(6);
    match corner {
        Corner::UpperLeft => (left, top),
        Corner::UpperRight => (right, top),
        Corner::LowerLeft => (left, bottom),
        Corner::LowerRight => (right, bottom),
    }
}

/// One swatch, `len` pixels wide from `(x, mid)` on a row centred at `mid`.
fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    kind: Swatch,
    color: RGBColor,
    (x, mid): (i32, i32),
    len: i32,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let centre = (x + len / 2, mid);
    match kind {
        Swatch::Line { width, stroke } => {
            let line = vec![(x, mid), (x + len, mid)];
            let style = color.stroke_width(st.w(width));
            match stroke.pattern() {
                None => area.draw(&PathElement::new(line, style))?,
                Some((dash, gap)) => {
                    area.draw(&DashedPathElement::new(line, st.w(dash), st.w(gap), style))?;
                }
            }
        }
        Swatch::Dot => area.draw(&Circle::new(centre, st.px(3), color.filled()))?,
        Swatch::Triangle => area.draw(&TriangleMarker::new(centre, st.px(6), color.filled()))?,
        Swatch::Patch => area.draw(&Rectangle::new(
            [(x, mid - st.px(6)), (x + len, mid + st.px(6))],
            color.filled(),
        ))?,
    }
    Ok(())
}

/// A layer's line: the layer's stroke pattern, the exact layer opaque and
/// the approximations a little lighter.
pub fn layer_line<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    st: &Style,
    chart: &mut ChartContext<'_, DB, CT>,
    layer: Layer,
    points: Vec<(f64, f64)>,
    color: RGBColor,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let alpha = if layer == Layer::Exact { 1.0 } else { 0.8 };
    let style = color.mix(alpha).stroke_width(st.w(2));
    stroke_path(st, chart, points, style, Stroke::of(layer))
}

/// A y range that holds every finite value (and 0 when asked), padded by 6 %
/// so that no line runs along the frame; (0, 1) when there is nothing to hold.
pub fn y_range(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(1e-9 * hi.abs().max(1.0));
    (lo - pad, hi + pad)
}

/// Diverging colour for a relative gain: blue where W2S happens, orange where it fails.
pub fn diverging(v: f64) -> RGBColor {
    if !v.is_finite() {
        return RGBColor(200, 200, 200);
    }
    let t = shade(v.abs().min(1.0));
    over_white(if v >= 0.0 { MAP_GAIN } else { MAP_FAIL }, t)
}

/// x^0.7 on [0, 1], the map's colour ramp: a map is 4,096 cells a frame and
/// wasm's `powf` is a software routine, so from x = 1/64 on it is read from a
/// table, linearly between knots (off by < 5e-7, a ten-thousandth of a
/// colour level), and computed below, where the ramp is too steep for one.
fn shade(x: f64) -> f64 {
    const KNOTS: usize = 4096;
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    if x < 1.0 / 64.0 {
        return x.powf(0.7);
    }
    let at = x * KNOTS as f64;
    let table = TABLE.get_or_init(|| {
        (0..=KNOTS)
            .map(|k| (k as f64 / KNOTS as f64).powf(0.7))
            .collect()
    });
    let k = (at as usize).min(KNOTS - 1);
    let f = at - k as f64;
    table[k] + f * (table[k + 1] - table[k])
}

/// Segments of the zero contour of a grid (marching squares, linear interpolation).
/// `values[iy * nx + ix]` at (`xs[ix]`, `ys[iy]`).
pub fn zero_contour(xs: &[f64], ys: &[f64], values: &[f64]) -> Vec<[(f64, f64); 2]> {
    let nx = xs.len();
    let mut segments = Vec::new();
    for iy in 0..ys.len().saturating_sub(1) {
        for ix in 0..nx.saturating_sub(1) {
            let corners = [
                (xs[ix], ys[iy], values[iy * nx + ix]),
                (xs[ix + 1], ys[iy], values[iy * nx + ix + 1]),
                (xs[ix + 1], ys[iy + 1], values[(iy + 1) * nx + ix + 1]),
                (xs[ix], ys[iy + 1], values[(iy + 1) * nx + ix]),
            ];
            // A corner outside the regime (NaN) has no sign to cross.
            if corners.iter().any(|c| !c.2.is_finite()) {
                continue;
            }
            let mut crossings = Vec::new();
            for k in 0..4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4]);
                if (a.2 < 0.0) != (b.2 < 0.0) {
                    let t = a.2 / (a.2 - b.2);
                    crossings.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                }
            }
            for pair in crossings.chunks_exact(2) {
                segments.push([pair[0], pair[1]]);
            }
        }
    }
    segments
}

#[cfg(test)]
mod shade_tests {
    #[test]
    fn the_colour_ramp_table_matches_the_power() {
        let worst = (0..=100_000)
            .map(|i| {
                let x = f64::from(i) / 100_000.0;
                (super::shade(x) - x.powf(0.7)).abs()
            })
            .fold(0.0, f64::max);
        assert!(worst < 5e-7, "worst {worst:e}");
    }
}
