//! The plotting kit shared by the explorer's figures and the labs': style
//! and scale, colours, a line chart's frame, a legend measured through the
//! backend, y ranges, the diverging colour map and zero contours. Every piece
//! is generic over the plotters backend, so canvas, SVG and PNG draw alike.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
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

    /// A one-line key of the line styles, when more than one layer is drawn.
    pub fn key(&self) -> Option<String> {
        let mut names: Vec<&str> = self
            .on()
            .map(|l| match l {
                Layer::Exact => "bold: exact",
                Layer::FirstOrder => "wide, pale: first order",
                Layer::ClosedForm => "thin: closed form",
            })
            .collect();
        names.reverse();
        (names.len() > 1).then(|| names.join(" · "))
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

/// The explorer's colours, shared with the labs so a teacher looks the same on every page.
pub const TEACHER: RGBColor = RGBColor(214, 96, 23);
pub const STUDENT: RGBColor = RGBColor(31, 104, 188);
pub const GAIN: RGBColor = RGBColor(30, 130, 76);
pub const MUTED: RGBColor = RGBColor(110, 118, 129);
pub const FAIL: RGBColor = RGBColor(200, 40, 40);

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
        Some((
            self.x.start + u * (self.x.end - self.x.start),
            self.y.end - v * (self.y.end - self.y.start),
        ))
    }
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
    let mut chart = ChartBuilder::on(area)
        .margin(st.px(8))
        .margin_top(st.px(20))
        .x_label_area_size(st.px(34))
        .y_label_area_size(st.px(52))
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .label_style(st.font(12))
        .axis_desc_style(st.font(12))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(x_labels)
        .max_light_lines(0)
        .bold_line_style(RGBColor(230, 233, 237))
        .draw()?;
    Ok(chart)
}

/// The entries of a chart's legend, collected while its series are drawn.
///
/// plotters' own series labels measure every line through the font (on the
/// web: a span added to the page and a forced layout per label, most of a
/// live redraw); this box measures through the backend, which on a canvas is
/// `measureText`.
#[derive(Default)]
pub struct Legend(Vec<(String, RGBColor, u32)>);

pub enum Corner {
    UpperLeft,
    UpperRight,
}

impl Legend {
    pub fn add(&mut self, label: impl Into<String>, color: RGBColor, width: u32) {
        self.0.push((label.into(), color, width));
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
        let font = st.font(12).color(&BLACK);
        let mut text_w = 0;
        let mut line_h = st.px(17);
        for (label, ..) in &self.0 {
            let (w, h) = area.estimate_text_size(label, &font)?;
            text_w = text_w.max(w as i32);
            line_h = line_h.max(h as i32);
        }
        let font = font.pos(Pos::new(HPos::Left, VPos::Center));
        let (pad, swatch) = (st.px(5), st.px(18));
        let w = pad * 3 + swatch + text_w;
        let h = pad * 2 + line_h * self.0.len() as i32;
        let (aw, _) = area.dim_in_pixel();
        let x0 = match corner {
            Corner::UpperLeft => st.px(6),
            Corner::UpperRight => aw as i32 - w - st.px(6),
        };
        let y0 = st.px(6);
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + w, y0 + h)],
            WHITE.mix(0.85).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + w, y0 + h)],
            RGBColor(208, 215, 222).stroke_width(1),
        ))?;
        for (i, (label, color, width)) in self.0.iter().enumerate() {
            let y = y0 + pad + line_h * i as i32;
            let mid = y + line_h / 2;
            area.draw(&PathElement::new(
                vec![(x0 + pad, mid), (x0 + pad + swatch, mid)],
                color.stroke_width(st.w(*width)),
            ))?;
            area.draw(&Text::new(
                label.as_str(),
                (x0 + pad * 2 + swatch, mid),
                font.clone(),
            ))?;
        }
        Ok(())
    }
}

/// Line style of a layer: exact bold, first order wide and pale, closed form thin.
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
    // One stroked path per line: dashes would cost a stroke per dash, which
    // is most of a live canvas redraw.
    let (width, alpha) = match layer {
        Layer::Exact => (2, 1.0),
        Layer::FirstOrder => (2, 0.45),
        Layer::ClosedForm => (1, 0.6),
    };
    let style = color.mix(alpha).stroke_width(st.w(width));
    chart.draw_series(LineSeries::new(points, style))?;
    Ok(())
}

/// Writes the layer key under the plot area's top-left corner.
pub fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, st: &Style) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    if let Some(key) = st.layers.key() {
        area.draw(&Text::new(
            key,
            (st.px(62), st.px(6)),
            st.font(11).color(&MUTED),
        ))?;
    }
    Ok(())
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

/// Diverging colour for a relative gain: blue where W2S happens, red where it fails.
pub fn diverging(v: f64) -> RGBColor {
    if !v.is_finite() {
        return RGBColor(200, 200, 200);
    }
    let t = (v.abs() / 1.0).min(1.0).powf(0.7);
    let (r, g, b) = if v >= 0.0 {
        (33.0, 102.0, 172.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let mix = |c: f64| (255.0 + (c - 255.0) * t).round() as u8;
    RGBColor(mix(r), mix(g), mix(b))
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
