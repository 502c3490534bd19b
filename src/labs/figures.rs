//! The labs' figures, generic over the plotters backend like the explorer's
//! (canvases in the page, SVG/PNG from the CLI), from the labs' summaries.
//! A figure whose job has not run yet says so in its frame.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::enhanced::{self, HEAT_P, HEAT_Q, Summary};
use super::finetune::{self, MAP_COS, NORMS};
use crate::figures::kit::{
    Chart, Corner, DrawResult, GAIN, Legend, MUTED, STUDENT, Style, TEACHER, diverging, line_chart,
    y_range,
};
use crate::simulation::replicates::Estimate;

/// What the Enhanced-W2S page has computed so far.
#[derive(Debug, Clone, Default)]
pub struct EnhancedData {
    pub config: enhanced::Config,
    pub run: Option<Summary>,
    /// Per scenario (η_ℓ = η_o, η_ℓ = 1/2), per η_u of the sweep axis.
    pub sweep: Option<Vec<Vec<Summary>>>,
    /// Enhanced − vanilla (worst group, average) per (p, q) cell.
    pub heat: Option<(Vec<Estimate>, Vec<Estimate>)>,
}

/// What the logistic-regression page has computed so far.
#[derive(Debug, Clone, Default)]
pub struct LogisticData {
    pub config: finetune::Config,
    /// Every pair's path of cosines.
    pub paths: Option<Vec<Vec<f64>>>,
    /// (ends above, ever above) per starting norm.
    pub norms: Option<Vec<[f64; 2]>>,
    /// (ends above, ever above) per (cos_T, cos_0) cell.
    pub map: Option<Vec<[f64; 2]>>,
}

/// The labs' figures, by the names the page and the CLI use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabFigure {
    EnhancedSummary,
    EnhancedSweep,
    EnhancedShare,
    EnhancedHeat,
    LogisticPaths,
    LogisticNorms,
    LogisticMap,
}

impl LabFigure {
    pub const ALL: [LabFigure; 7] = [
        LabFigure::EnhancedSummary,
        LabFigure::EnhancedSweep,
        LabFigure::EnhancedShare,
        LabFigure::EnhancedHeat,
        LabFigure::LogisticPaths,
        LabFigure::LogisticNorms,
        LabFigure::LogisticMap,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LabFigure::EnhancedSummary => "enhanced-summary",
            LabFigure::EnhancedSweep => "enhanced-sweep",
            LabFigure::EnhancedShare => "enhanced-share",
            LabFigure::EnhancedHeat => "enhanced-heat",
            LabFigure::LogisticPaths => "logistic-paths",
            LabFigure::LogisticNorms => "logistic-norms",
            LabFigure::LogisticMap => "logistic-map",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            LabFigure::EnhancedSummary => {
                "Teacher, vanilla W2S and Enhanced-W2S: average and worst-group accuracy"
            }
            LabFigure::EnhancedSweep => {
                "Accuracy vs η_u in the two scenarios (vanilla and Enhanced)"
            }
            LabFigure::EnhancedShare => "Minority share of the kept subset vs η_u",
            LabFigure::EnhancedHeat => {
                "Sensitivity to (p, q): Enhanced − vanilla worst-group accuracy"
            }
            LabFigure::LogisticPaths => "The student's cosine to w* along training",
            LabFigure::LogisticNorms => "Fraction of pairs above both vs the starting norm",
            LabFigure::LogisticMap => "Fraction ending above both over the two cosines",
        }
    }

    pub fn parse(text: &str) -> Option<LabFigure> {
        LabFigure::ALL.iter().copied().find(|f| f.key() == text)
    }

    /// The figures a job's results are drawn in (job names are unique
    /// across the labs).
    pub fn of_job(job: &str) -> &'static [LabFigure] {
        match job {
            "run" => &[LabFigure::EnhancedSummary],
            "sweep" => &[LabFigure::EnhancedSweep, LabFigure::EnhancedShare],
            "heat" => &[LabFigure::EnhancedHeat],
            "paths" => &[LabFigure::LogisticPaths],
            "norms" => &[LabFigure::LogisticNorms],
            "map" => &[LabFigure::LogisticMap],
            _ => &[],
        }
    }
}

/// The colour blended towards white by `f` (a second scenario's lines).
fn lighten(c: RGBColor, f: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * f).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// A frame with a message where a figure's job has not run.
fn not_yet<DB: DrawingBackend>(
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

/// Draws an Enhanced-W2S figure.
pub fn draw_enhanced<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: LabFigure,
    d: &EnhancedData,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    match figure {
        LabFigure::EnhancedSummary => match &d.run {
            Some(s) => summary(area, s, st),
            None => not_yet(area, st, "Teacher, vanilla and Enhanced-W2S"),
        },
        LabFigure::EnhancedSweep => match &d.sweep {
            Some(s) => sweep(area, &d.config, s, st),
            None => not_yet(area, st, "The sweep over η_u"),
        },
        LabFigure::EnhancedShare => match &d.sweep {
            Some(s) => share(area, &d.config, s, st),
            None => not_yet(area, st, "The kept subset's minority share (sweep)"),
        },
        LabFigure::EnhancedHeat => match &d.heat {
            Some((worst, _)) => {
                let vals: Vec<f64> = worst.iter().map(|e| 100.0 * e.mean).collect();
                let scale = vals.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
                heat_map(
                    area,
                    st,
                    &HEAT_Q.map(|q| format!("{q}")),
                    &HEAT_P.map(|p| format!("{p}")),
                    &vals,
                    |v| diverging(v / scale),
                    |v| format!("{v:+.1}"),
                    "q (GCE exponent)",
                    "p (fraction kept)",
                    "Enhanced − vanilla worst-group accuracy (points)",
                )
            }
            None => not_yet(area, st, "The (p, q) sensitivity map"),
        },
        _ => Ok(()),
    }
}

/// Draws a logistic-regression figure.
pub fn draw_logistic<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: LabFigure,
    d: &LogisticData,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    match figure {
        LabFigure::LogisticPaths => match &d.paths {
            Some(p) => paths(area, &d.config, p, st),
            None => not_yet(area, st, "Cosine along training"),
        },
        LabFigure::LogisticNorms => match &d.norms {
            Some(n) => norms(area, &d.config, n, st),
            None => not_yet(area, st, "Fraction above both vs starting norm"),
        },
        LabFigure::LogisticMap => match &d.map {
            Some(m) => {
                let vals: Vec<f64> = m.iter().map(|f| 100.0 * f[0]).collect();
                // Rows from the top: the highest teacher cosine first.
                let n = MAP_COS.len();
                let flipped: Vec<f64> = (0..n)
                    .rev()
                    .flat_map(|i| vals[i * n..(i + 1) * n].to_vec())
                    .collect();
                let ys: Vec<String> = MAP_COS.iter().rev().map(|c| format!("{c}")).collect();
                heat_map(
                    area,
                    st,
                    &MAP_COS.map(|c| format!("{c}")),
                    &ys,
                    &flipped,
                    |v| diverging(2.0 * v / 100.0 - 1.0),
                    |v| format!("{v:.0}"),
                    "cos(w₀, w*) (student's start)",
                    "cos(w_T, w*)",
                    &format!("% of pairs ending above both, ‖w₀‖ = {}", d.config.norm_0),
                )
            }
            None => not_yet(area, st, "Fraction above both over the two cosines"),
        },
        _ => Ok(()),
    }
}

fn error_bars<'a, DB: DrawingBackend + 'a>(
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

fn summary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Summary,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let rows = [
        ("teacher", s.teacher_avg, s.teacher_worst),
        ("vanilla W2S", s.vanilla_avg, s.vanilla_worst),
        ("Enhanced-W2S", s.enhanced_avg, s.enhanced_worst),
    ];
    let mut chart = line_chart(
        area,
        st,
        -0.5..2.5,
        0.0..125.0,
        "",
        "test accuracy (%), ± 2 SE",
        0,
    )?;
    let mut legend = Legend::default();
    for (k, (name, color, offset)) in [
        ("average (balanced)", STUDENT, -0.12),
        ("worst group", TEACHER, 0.12),
    ]
    .into_iter()
    .enumerate()
    {
        let pts: Vec<(f64, Estimate)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i as f64 + offset, if k == 0 { r.1 } else { r.2 }))
            .collect();
        chart.draw_series(pts.iter().map(|(x, e)| {
            Rectangle::new(
                [(x - 0.1, 0.0), (x + 0.1, 100.0 * e.mean)],
                color.mix(0.35).filled(),
            )
        }))?;
        error_bars(&mut chart, st, &pts, color, 0, &mut legend, name)?;
    }
    for (i, (name, ..)) in rows.iter().enumerate() {
        chart.draw_series(std::iter::once(Text::new(
            name.to_string(),
            (i as f64, 101.0),
            st.font(13)
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        )))?;
    }
    legend.draw(&chart, st, Corner::UpperLeft)
}

fn sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &enhanced::Config,
    sums: &[Vec<Summary>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let axis = enhanced::sweep_axis(c);
    let scen = enhanced::scenarios(c);
    let (left, right) = area.split_horizontally(area.dim_in_pixel().0 / 2);
    for (panel, worst) in [(&left, false), (&right, true)] {
        let pick = |s: &Summary, enhanced: bool| match (enhanced, worst) {
            (false, false) => s.vanilla_avg,
            (true, false) => s.enhanced_avg,
            (false, true) => s.vanilla_worst,
            (true, true) => s.enhanced_worst,
        };
        let all = sums.iter().flatten().flat_map(|s| {
            [pick(s, false), pick(s, true)]
                .map(|e| [100.0 * (e.mean - 2.0 * e.se), 100.0 * (e.mean + 2.0 * e.se)])
        });
        let (lo, hi) = y_range(all.flatten(), false);
        let what = if worst {
            "worst-group accuracy (%)"
        } else {
            "average accuracy (%)"
        };
        let mut chart = line_chart(
            panel,
            st,
            0.0..0.52,
            lo.max(0.0)..hi.min(100.0),
            "η_u",
            what,
            6,
        )?;
        let mut legend = Legend::default();
        for (k, (eta_l, ss)) in scen.iter().zip(sums).enumerate() {
            let width = if k == 0 { 2 } else { 1 };
            for (enh, color, name) in [(false, STUDENT, "vanilla"), (true, GAIN, "Enhanced")] {
                let pts: Vec<(f64, Estimate)> = axis
                    .iter()
                    .zip(ss)
                    .map(|(u, s)| (*u, pick(s, enh)))
                    .collect();
                let color = if k == 0 { color } else { lighten(color, 0.45) };
                error_bars(
                    &mut chart,
                    st,
                    &pts,
                    color,
                    width,
                    &mut legend,
                    &format!("{name}, η_ℓ = {eta_l:.2}"),
                )?;
            }
        }
        if !worst {
            legend.draw(&chart, st, Corner::UpperRight)?;
        }
    }
    Ok(())
}

fn share<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &enhanced::Config,
    sums: &[Vec<Summary>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let axis = enhanced::sweep_axis(c);
    let mut chart = line_chart(
        area,
        st,
        0.0..0.52,
        0.0..55.0,
        "η_u (minority share of all N samples)",
        "minority share (%)",
        6,
    )?;
    let mut legend = Legend::default();
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.5, 50.0)],
        MUTED.stroke_width(st.w(1)),
    )))?;
    legend.add("all N samples (= η_u)", MUTED, 1);
    for (k, (eta_l, ss)) in enhanced::scenarios(c).iter().zip(sums).enumerate() {
        let pts: Vec<(f64, Estimate)> = axis
            .iter()
            .zip(ss)
            .map(|(u, s)| (*u, s.minority_kept))
            .collect();
        let color = if k == 0 { GAIN } else { TEACHER };
        error_bars(
            &mut chart,
            st,
            &pts,
            color,
            2,
            &mut legend,
            &format!("kept subset, η_ℓ = {eta_l:.2}"),
        )?;
    }
    legend.draw(&chart, st, Corner::UpperLeft)
}

#[allow(clippy::too_many_arguments)]
fn heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    st: &Style,
    xs: &[String],
    ys: &[String],
    values: &[f64],
    color: impl Fn(f64) -> RGBColor,
    label: impl Fn(f64) -> String,
    x_desc: &str,
    y_desc: &str,
    title: &str,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let (nx, ny) = (xs.len(), ys.len());
    let area = area.titled(title, st.font(13))?;
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
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()?;
    for (k, &v) in values.iter().enumerate() {
        let (i, j) = (k / nx, k % nx);
        let y = (ny - 1 - i) as f64;
        chart.draw_series([
            Rectangle::new(
                [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                color(v).filled(),
            ),
            Rectangle::new(
                [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                WHITE.stroke_width(1),
            ),
        ])?;
        chart.draw_series(std::iter::once(Text::new(
            label(v),
            (j as f64 + 0.5, y + 0.5),
            st.font(11)
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        )))?;
    }
    Ok(())
}

fn paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &finetune::Config,
    paths: &[Vec<f64>],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let steps = paths
        .first()
        .map_or(1, |p| p.len().saturating_sub(1))
        .max(1);
    let shown = &paths[..paths.len().min(30)];
    let (lo, hi) = y_range(
        shown.iter().flatten().copied().chain([c.cos_t, c.cos_0]),
        false,
    );
    let mut chart = line_chart(
        area,
        st,
        0.0..steps as f64,
        lo..hi,
        "gradient step",
        "cos(w, w*)",
        10,
    )?;
    let mut legend = Legend::default();
    for p in shown.iter().skip(1) {
        chart.draw_series(LineSeries::new(
            p.iter().enumerate().map(|(k, v)| (k as f64, *v)),
            STUDENT.mix(0.18).stroke_width(st.w(1)),
        ))?;
    }
    if let Some(p) = shown.first() {
        chart.draw_series(LineSeries::new(
            p.iter().enumerate().map(|(k, v)| (k as f64, *v)),
            STUDENT.stroke_width(st.w(2)),
        ))?;
        legend.add("student (first pair; others faint)", STUDENT, 2);
    }
    for (v, color, name) in [
        (c.cos_t, TEACHER, "teacher"),
        (c.cos_0, MUTED, "student's start"),
    ] {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, v), (steps as f64, v)],
            color.stroke_width(st.w(1)),
        )))?;
        legend.add(format!("{name}: {v:.3}"), color, 1);
    }
    legend.draw(&chart, st, Corner::UpperRight)
}

fn norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &finetune::Config,
    fractions: &[[f64; 2]],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let mut chart = line_chart(
        area,
        st,
        (0.04f64).log10()..(25.0f64).log10(),
        0.0..125.0,
        "log₁₀ ‖w₀‖ (student's starting norm)",
        "% of pairs above both",
        8,
    )?;
    let mut legend = Legend::default();
    for (k, color, name) in [
        (0, STUDENT, "ends above both"),
        (1, GAIN, "above both at some step"),
    ] {
        let pts: Vec<(f64, Estimate)> = NORMS
            .iter()
            .zip(fractions)
            .map(|(r, f)| (r.log10(), finetune::fraction_estimate(f[k], c.pairs)))
            .collect();
        error_bars(&mut chart, st, &pts, color, 2, &mut legend, name)?;
    }
    legend.draw(&chart, st, Corner::UpperLeft)
}
