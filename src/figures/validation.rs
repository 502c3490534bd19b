//! The scale check's figure: for each law, the exact teacher and student
//! risks along η_u with the simulated means ± 2 standard errors over them
//! (what `w2s validate --d-z D --figure` and `w2s figure validation` draw).
//! Generic over the plotters backend like every figure.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::Error;
use crate::figures::kit::{
    DrawResult, Legend, STUDENT, Style, Swatch, TEACHER, layer_line, line_chart, y_range,
};
use crate::simulation::replicates::{Estimate, Simulation};
use crate::theory::engine::Engine;
use crate::theory::params::{Law, Params, RawParams};
use crate::theory::risks::Layer;

/// η_u steps of the exact curves.
const CURVE_POINTS: usize = 101;

/// One law's panel: the exact curves and the simulated points.
#[derive(Debug, Clone)]
pub struct Panel {
    pub law: Law,
    pub d_z: usize,
    pub reps: usize,
    /// (η_u, teacher risk, student risk), exact theory.
    pub curve: Vec<(f64, f64, f64)>,
    /// (η_u, teacher estimate, student estimate), simulated.
    pub points: Vec<(f64, Estimate, Estimate)>,
}

/// The panels of a set of runs along η_u, one per law present (in
/// [`Law::ALL`] order); each law's curves are drawn at its first run's
/// parameters with η_u varied.
pub fn panels(runs: &[&Simulation]) -> Result<Vec<Panel>, Error> {
    let mut engine = Engine::new();
    let mut out = Vec::new();
    for law in Law::ALL {
        let of_law: Vec<&&Simulation> = runs.iter().filter(|s| s.params.law == law).collect();
        let Some(first) = of_law.first() else {
            continue;
        };
        let curve = (0..CURVE_POINTS)
            .map(|k| {
                let eta_u = k as f64 / (CURVE_POINTS - 1) as f64;
                let p = Params::new(RawParams {
                    eta_u,
                    ..first.params.raw()
                })?;
                let l = engine.layer(&p, Layer::Exact, false)?;
                Ok((eta_u, l.teacher.at, l.student.at))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        out.push(Panel {
            law,
            d_z: first.config.d_z,
            reps: first.config.reps,
            curve,
            points: of_law
                .iter()
                .map(|s| (s.params.eta_u, s.teacher(), s.student()))
                .collect(),
        });
    }
    if out.is_empty() {
        return Err(Error::Request(
            "the validation figure needs at least one run".into(),
        ));
    }
    Ok(out)
}

/// Draws the panels side by side (each point a dot with a bar of ±2 SE:
/// plotters' error bar draws both) on the whole area.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[Panel],
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = panels.len().max(1) as u32;
    let w = area.dim_in_pixel().0 / n;
    let mut rest = area.clone();
    for (i, panel) in panels.iter().enumerate() {
        let (this, next) = if i + 1 < panels.len() {
            rest.split_horizontally(w)
        } else {
            (rest.clone(), rest.clone())
        };
        draw_panel(&this, panel, st)?;
        rest = next;
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    st: &Style,
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    let bars = |e: &Estimate| [e.mean - 2.0 * e.se, e.mean + 2.0 * e.se];
    let values = panel.curve.iter().flat_map(|&(_, t, s)| [t, s]).chain(
        panel
            .points
            .iter()
            .flat_map(|(_, t, s)| [bars(t), bars(s)].concat()),
    );
    let (lo, hi) = y_range(values, false);
    let mut legend = Legend::default();
    legend.add("teacher ER_T, exact", TEACHER, 2);
    legend.add("student ER_S, exact", STUDENT, 2);
    legend.add_swatch("simulated mean ± 2 SE", INK_DOT, Swatch::Dot);
    let mut data: Vec<(f64, f64)> = panel
        .curve
        .iter()
        .flat_map(|&(u, t, s)| [(u, t), (u, s)])
        .collect();
    for (u, t, s) in &panel.points {
        for e in [t, s] {
            data.extend(bars(e).map(|y| (*u, y)));
        }
    }
    let (y, corner) = legend.place(area, st, &(0.0..1.0), lo..hi, &data)?;
    let mut chart = line_chart(
        area,
        st,
        0.0..1.0,
        y,
        "η_u (minority fraction of the unlabeled data)",
        "excess risk (× σ_y²)",
        5,
    )?;
    for (color, pick) in [(TEACHER, 0), (STUDENT, 1)] {
        let line = panel
            .curve
            .iter()
            .map(|&(u, t, s)| (u, if pick == 0 { t } else { s }))
            .collect();
        layer_line(st, &mut chart, Layer::Exact, line, color)?;
        let pts: Vec<(f64, Estimate)> = panel
            .points
            .iter()
            .map(|&(u, t, s)| (u, if pick == 0 { t } else { s }))
            .collect();
        chart.draw_series(pts.iter().map(|&(u, e)| {
            ErrorBar::new_vertical(
                u,
                e.mean - 2.0 * e.se,
                e.mean,
                e.mean + 2.0 * e.se,
                color.filled(),
                st.w(6),
            )
        }))?;
    }
    legend.draw(&chart, st, corner)?;
    let title = format!(
        "{} law, d_z = {}, {} replicates per point",
        panel.law, panel.d_z, panel.reps
    );
    let font = st
        .font(13)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(
        title,
        (area.dim_in_pixel().0 as i32 / 2, st.px(3)),
        font,
    ))?;
    Ok(())
}

/// The legend's dot: the points take their quantity's colour.
const INK_DOT: RGBColor = crate::figures::kit::INK;
