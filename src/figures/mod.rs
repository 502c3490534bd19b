//! The explorer's figures, each drawn by one function generic over the
//! plotters backend: the page draws them on canvases, `w2s figure` writes them
//! as SVG or PNG, from the same [`Dashboard`] data. The drawing primitives
//! they share with the labs' figures are in [`kit`]; the figures themselves in
//! `lines` (the line charts), `phase_map` and `data` (the picture of the data); their data as CSV in `csv`.

mod csv;
pub mod dashboard;
mod data;
pub mod describe;
pub mod export;
pub mod kit;
mod lines;
mod phase_map;
pub mod pins;
pub mod validation;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Error;
use crate::figures::dashboard::Dashboard;
use crate::theory::risks::LayerRisks;
pub use csv::csv;
use data::data;
pub use kit::{DrawResult, Frame, FrameResult, Layers, Style};
use lines::{NuNow, eta_t, eta_u, gain_along, gain_along_nu, mismatch};
use phase_map::phase_map;

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
    /// The picture of the data: each mixture's density along μ_ξ, and the
    /// pointwise risks over it.
    Data,
}

impl Figure {
    pub const ALL: [Figure; 6] = [
        Figure::EtaU,
        Figure::Mismatch,
        Figure::PhaseMap,
        Figure::EtaT,
        Figure::Similarity,
        Figure::Data,
    ];

    /// The figure's position in [`Figure::ALL`] (the variants are declared
    /// in that order; a test checks it).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn key(self) -> &'static str {
        match self {
            Figure::EtaU => "eta-u",
            Figure::Mismatch => "mismatch",
            Figure::PhaseMap => "phase-map",
            Figure::EtaT => "eta-t",
            Figure::Similarity => "similarity",
            Figure::Data => "data",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Figure::EtaU => "Risks and W2S gain vs η_u",
            Figure::Mismatch => "W2S gain vs (η_u − η_ℓ)²",
            Figure::PhaseMap => "Relative gain over (η_ℓ, η_u)",
            Figure::EtaT => "Risk vs test mixture η_t",
            Figure::Similarity => "Gain vs ‖Ξ‖_F² and ν_z",
            Figure::Data => "The data along μ_ξ: group mixtures and pointwise risk",
        }
    }

    pub fn parse(text: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.key() == text.trim())
    }
}

/// Smallest figure side in pixels: below it no label is legible (the CLI
/// and the page ask for 120 and more).
pub const MIN_SIDE: u32 = 50;
/// Largest figure side in pixels (an 8K screen; browsers refuse bigger canvases).
pub const MAX_SIDE: u32 = 8192;
/// Largest figure area in pixels: the phase map's raster holds 3 bytes per
/// pixel, the canvas copy 4, and a web page has a few GB at most.
pub const MAX_PIXELS: u64 = 1 << 25;
/// Allowed `Style::scale` (a device-pixel ratio: browser zoom 25 % on a
/// plain screen up to 500 % on a dense one, with room on both sides). Beyond
/// it margins and fonts outgrow any figure.
pub const SCALES: std::ops::RangeInclusive<f64> = 0.0625..=16.0;

/// Checks a figure's size in pixels before anything is drawn or allocated.
pub fn check_size(width: u32, height: u32) -> Result<(), Error> {
    let side = MIN_SIDE..=MAX_SIDE;
    if !side.contains(&width) || !side.contains(&height) {
        return Err(Error::Request(format!(
            "a figure of {width} × {height} pixels cannot be drawn: each side must be \
             between {MIN_SIDE} and {MAX_SIDE} pixels"
        )));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::Request(format!(
            "a figure of {width} × {height} pixels is too big: at most {MAX_PIXELS} pixels \
             in all (lower the width or the height)"
        )));
    }
    Ok(())
}

/// Checks a drawing scale (the page's devicePixelRatio).
pub fn check_scale(scale: f64) -> Result<f64, Error> {
    if SCALES.contains(&scale) {
        Ok(scale)
    } else {
        Err(Error::Request(format!(
            "scale = {scale} is not a device-pixel ratio the figures can be drawn at: \
             allowed {} to {}",
            SCALES.start(),
            SCALES.end()
        )))
    }
}

/// Most simulated points per quantity: far more than the η_u grid a
/// simulation runs at, few enough to draw in a frame.
pub const MAX_OVERLAY_POINTS: usize = 1000;

/// Simulated points to draw over the η_u figure: (η_u, mean, standard error)
/// for the teacher, the student and the gain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub teacher: Vec<(f64, f64, f64)>,
    pub student: Vec<(f64, f64, f64)>,
    pub gain: Vec<(f64, f64, f64)>,
}

impl Overlay {
    /// The overlay from flat [η_u, mean, se, …] arrays (what the page's
    /// workers gather), checked: whole triples, η_u in [0, 1], a finite mean
    /// and a finite se ≥ 0. Empty arrays give no points.
    pub fn from_flat(teacher: &[f64], student: &[f64], gain: &[f64]) -> Result<Overlay, Error> {
        Ok(Overlay {
            teacher: triples("teacher", teacher)?,
            student: triples("student", student)?,
            gain: triples("gain", gain)?,
        })
    }
}

fn triples(what: &str, flat: &[f64]) -> Result<Vec<(f64, f64, f64)>, Error> {
    let bad = |why: String| Err(Error::Request(format!("simulated {what} points: {why}")));
    if !flat.len().is_multiple_of(3) {
        return bad(format!(
            "{} numbers are not whole (η_u, mean, standard error) triples",
            flat.len()
        ));
    }
    if flat.len() / 3 > MAX_OVERLAY_POINTS {
        return bad(format!(
            "{} points are too many: at most {MAX_OVERLAY_POINTS}",
            flat.len() / 3
        ));
    }
    let mut out = Vec::with_capacity(flat.len() / 3);
    for (k, c) in flat.chunks_exact(3).enumerate() {
        let (u, mean, se) = (c[0], c[1], c[2]);
        if !(0.0..=1.0).contains(&u) {
            return bad(format!("point {k} has η_u = {u}: allowed [0, 1]"));
        }
        if !(mean.is_finite() && se.is_finite() && se >= 0.0) {
            return bad(format!(
                "point {k} has mean {mean} and standard error {se}: both must be finite \
                 numbers, the standard error ≥ 0"
            ));
        }
        out.push((u, mean, se));
    }
    Ok(out)
}

/// Draws one figure on the whole area; returns the frame of each chart, in
/// panel order, for mapping pointer positions to data.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    d: &Dashboard,
    st: &Style,
    overlay: &Overlay,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    // Each chart carries its own legend (the layers' patterns among its
    // entries), so no key is written over the figure.
    Ok(match figure {
        Figure::EtaU => eta_u(area, d, st, overlay)?,
        Figure::Mismatch => mismatch(area, d, st)?,
        Figure::PhaseMap => phase_map(area, d, st)?,
        Figure::EtaT => eta_t(area, d, st)?,
        Figure::Similarity => {
            let (left, right) = area.split_horizontally(area.dim_in_pixel().0 / 2);
            let p = &d.point.params;
            let mut frames = gain_along(&left, d, |b| &b.xi2, p.xi2, "‖Ξ‖_F²", st)?;
            let now = NuNow {
                nu: p.nu,
                gain: d.point.exact.as_ref().map(LayerRisks::gain),
                p_s: p.p_s as f64,
            };
            frames.extend(gain_along_nu(&right, d, &now, st)?);
            frames
        }
        Figure::Data => data(area, d, st)?,
    })
}
