//! The explorer's figures, each drawn by one function generic over the
//! plotters backend: the page draws them on canvases, `w2s figure` writes them
//! as SVG or PNG, from the same [`Dashboard`] data. The drawing primitives
//! they share with the labs' figures are in [`kit`].

pub mod kit;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::dashboard::Dashboard;
use crate::engine::Evaluation;
use crate::theory::{Layer, LayerRisks};
use kit::{
    Chart, Corner, FAIL, GAIN, Legend, MUTED, STUDENT, TEACHER, diverging, draw_key, layer_line,
    line_chart, y_range, zero_contour,
};
pub use kit::{DrawResult, Layers, Style};

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

/// Simulated points to draw over the η_u figure: (η_u, mean, standard error)
/// for the teacher, the student and the gain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub teacher: Vec<(f64, f64, f64)>,
    pub student: Vec<(f64, f64, f64)>,
    pub gain: Vec<(f64, f64, f64)>,
}

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
