//! The explorer's figures, each drawn by one function generic over the
//! plotters backend: the page draws them on canvases, `w2s figure` writes them
//! as SVG or PNG, from the same [`Dashboard`] data.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::dashboard::Dashboard;
use crate::engine::Evaluation;
use crate::theory::{Layer, LayerRisks};

/// Every figure of the page, by the name the URL and the CLI use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Risks and gain versus η_u, with η_ℓ, η_u, η_u* and the failure region.
    EtaU,
    /// Gain versus (η_u − η_ℓ)², both branches.
    Mismatch,
    /// Relative gain over (η_ℓ, η_u) with its zero contour.
    PhaseMap,
    /// Teacher and student risk versus the test mixture η_t.
    EtaT,
    /// Gain versus ‖Ξ‖_F² and versus ν_z.
    Similarity,
}

impl Figure {
    pub const ALL: [Figure; 5] = [
        Figure::EtaU,
        Figure::Mismatch,
        Figure::PhaseMap,
        Figure::EtaT,
        Figure::Similarity,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Figure::EtaU => "eta-u",
            Figure::Mismatch => "mismatch",
            Figure::PhaseMap => "phase-map",
            Figure::EtaT => "eta-t",
            Figure::Similarity => "similarity",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Figure::EtaU => "Risks and W2S gain vs η_u",
            Figure::Mismatch => "W2S gain vs (η_u − η_ℓ)²",
            Figure::PhaseMap => "Relative gain over (η_ℓ, η_u)",
            Figure::EtaT => "Risk vs test mixture η_t",
            Figure::Similarity => "Gain vs ‖Ξ‖_F² and ν_z",
        }
    }

    pub fn parse(text: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.key() == text.trim())
    }
}

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
    fn primary(&self) -> Option<Layer> {
        self.on().last()
    }

    /// A one-line key of the line styles, when more than one layer is drawn.
    fn key(&self) -> Option<String> {
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

    fn on(&self) -> impl Iterator<Item = Layer> + '_ {
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
    pub(crate) fn px(&self, v: i32) -> i32 {
        (f64::from(v) * self.scale).round() as i32
    }

    pub(crate) fn w(&self, v: u32) -> u32 {
        (f64::from(v) * self.scale).round().max(1.0) as u32
    }

    pub(crate) fn font(&self, size: i32) -> FontDesc<'static> {
        ("sans-serif", f64::from(size) * self.scale).into_font()
    }
}

/// Simulated points to draw over the η_u figure: (η_u, mean, standard error)
/// for the teacher, the student and the gain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub teacher: Vec<(f64, f64, f64)>,
    pub student: Vec<(f64, f64, f64)>,
    pub gain: Vec<(f64, f64, f64)>,
}

pub const TEACHER: RGBColor = RGBColor(214, 96, 23);
pub const STUDENT: RGBColor = RGBColor(31, 104, 188);
pub const GAIN: RGBColor = RGBColor(30, 130, 76);
pub(crate) const MUTED: RGBColor = RGBColor(110, 118, 129);
const FAIL: RGBColor = RGBColor(200, 40, 40);

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws one figure on the whole area.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    d: &Dashboard,
    st: &Style,
    overlay: &Overlay,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    match figure {
        Figure::EtaU => eta_u(area, d, st, overlay)?,
        Figure::Mismatch => mismatch(area, d, st)?,
        Figure::PhaseMap => return phase_map(area, d, st),
        Figure::EtaT => eta_t(area, d, st)?,
        Figure::Similarity => {
            let (left, right) = area.split_horizontally(area.dim_in_pixel().0 / 2);
            let p = &d.point.params;
            gain_along(&left, &d.xi2.0.values, &d.xi2.1, p.xi2, "‖Ξ‖_F²", st)?;
            gain_along(&right, &d.nu.0.values, &d.nu.1, p.nu, "ν_z", st)?;
        }
    }
    draw_key(area, st)
}

pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A quantity drawn along a curve: how to read it, its colour, its legend.
type Quantity = (fn(&LayerRisks) -> f64, RGBColor, &'static str);
const TEACHER_RISK: Quantity = (|l| l.teacher.at, TEACHER, "teacher ER_T");
const STUDENT_RISK: Quantity = (|l| l.student.at, STUDENT, "student ER_S");
const GAIN_LINE: Quantity = (|l| l.gain(), GAIN, "gain ER_T − ER_S");

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
            .flat_map(move |r| quantities.iter().map(move |q| (q.0)(r)))
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
        for &(read, color, name) in quantities {
            layer_line(st, chart, layer, series(axis, evs, layer, read), color)?;
            if Some(layer) == st.layers.primary() {
                legend.add(name, color, 2);
            }
        }
    }
    Ok(())
}

/// A line chart with the figures' common frame: margins, labels, a light grid.
pub(crate) fn line_chart<'a, DB: DrawingBackend>(
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
pub(crate) struct Legend(Vec<(String, RGBColor, u32)>);

pub(crate) enum Corner {
    UpperLeft,
    UpperRight,
}

impl Legend {
    pub(crate) fn add(&mut self, label: impl Into<String>, color: RGBColor, width: u32) {
        self.0.push((label.into(), color, width));
    }

    /// Draws the box in a corner of the chart's plotting area.
    pub(crate) fn draw<'a, DB: DrawingBackend + 'a>(
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
fn layer_line<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
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
fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, st: &Style) -> DrawResult<DB>
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

pub(crate) fn y_range(values: impl Iterator<Item = f64>, include_zero: bool) -> (f64, f64) {
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

fn eta_u<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
    overlay: &Overlay,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (axis, evs) = (&d.eta_u.0.values, &d.eta_u.1);
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
    // Where the exact gain is negative, W2S fails: shade those η_u.
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
    legend.draw(&chart, st, Corner::UpperRight)
}

fn mismatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let layers = st.layers;
    let (axis, evs) = (&d.eta_u.0.values, &d.eta_u.1);
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
    legend.draw(&chart, st, Corner::UpperRight)
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
/// `values[iy * nx + ix]` at (xs[ix], ys[iy]).
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

fn phase_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (xs, ys) = (&d.map_axes.0.values, &d.map_axes.1.values);
    let nx = xs.len();
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
    let ny = ys.len();
    if st.raster {
        // Nearest cell for every pixel of the plotting area, in one image.
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let (pw, ph) = (
            (xr.end - xr.start).max(1) as u32,
            (yr.end - yr.start).max(1) as u32,
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
    } else {
        let half_x = 0.5 / (nx - 1).max(1) as f64;
        let half_y = 0.5 / (ny - 1).max(1) as f64;
        chart.draw_series(d.map.iter().enumerate().map(|(k, v)| {
            let (x, y) = (xs[k % nx], ys[k / nx]);
            Rectangle::new(
                [(x - half_x, y - half_y), (x + half_x, y + half_y)],
                diverging(*v).filled(),
            )
        }))?;
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
    // Colour bar from −1 to 1 (relative gain), drawn in pixels.
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

fn eta_t<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Dashboard,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (axis, evs) = (&d.eta_t.0.values, &d.eta_t.1);
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
    legend.draw(&chart, st, Corner::UpperLeft)
}

fn gain_along<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &[f64],
    evs: &[Evaluation],
    now: f64,
    name: &str,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
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
    Ok(())
}

/// The data of a figure as CSV (what the page's "CSV" export writes).
pub fn csv(figure: Figure, d: &Dashboard) -> String {
    let mut out = String::new();
    let layers = Layer::ALL;
    let curve = |out: &mut String, name: &str, axis: &[f64], evs: &[Evaluation], what: &[&str]| {
        out.push_str(name);
        for l in layers {
            for w in what {
                out.push_str(&format!(",{w}_{}", l.key()));
            }
        }
        out.push('\n');
        for (x, e) in axis.iter().zip(evs) {
            out.push_str(&format!("{x}"));
            for l in layers {
                for w in what {
                    let v = e.layer(l).map(|r| match *w {
                        "teacher" => r.teacher.at,
                        "student" => r.student.at,
                        _ => r.gain(),
                    });
                    match v {
                        Some(v) => out.push_str(&format!(",{v}")),
                        None => out.push(','),
                    }
                }
            }
            out.push('\n');
        }
    };
    match figure {
        Figure::EtaU => curve(
            &mut out,
            "eta_u",
            &d.eta_u.0.values,
            &d.eta_u.1,
            &["teacher", "student", "gain"],
        ),
        Figure::Mismatch => {
            let eta_l = d.point.params.eta_l;
            out.push_str("eta_u,squared_mismatch,gain_closed_form,gain_first_order,gain_exact\n");
            for (u, e) in d.eta_u.0.values.iter().zip(&d.eta_u.1) {
                out.push_str(&format!("{u},{}", (u - eta_l).powi(2)));
                for l in layers {
                    match e.layer(l) {
                        Some(r) => out.push_str(&format!(",{}", r.gain())),
                        None => out.push(','),
                    }
                }
                out.push('\n');
            }
        }
        Figure::PhaseMap => {
            out.push_str(&format!(
                "eta_l,eta_u,relative_gain_{}\n",
                d.map_layer.key()
            ));
            let nx = d.map_axes.0.values.len();
            for (k, v) in d.map.iter().enumerate() {
                out.push_str(&format!(
                    "{},{},{v}\n",
                    d.map_axes.0.values[k % nx],
                    d.map_axes.1.values[k / nx]
                ));
            }
        }
        Figure::EtaT => curve(
            &mut out,
            "eta_t",
            &d.eta_t.0.values,
            &d.eta_t.1,
            &["teacher", "student"],
        ),
        Figure::Similarity => {
            curve(&mut out, "xi2", &d.xi2.0.values, &d.xi2.1, &["gain"]);
            out.push('\n');
            curve(&mut out, "nu", &d.nu.0.values, &d.nu.1, &["gain"]);
        }
    }
    out
}
