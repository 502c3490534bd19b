//! The explorer's figures, each drawn by one function generic over the
//! plotters backend: the page draws them on canvases, `w2s figure` writes them
//! as SVG or PNG, from the same [`Dashboard`] data. The drawing primitives
//! they share with the labs' figures are in [`kit`]; the figures themselves in
//! `lines` (the line charts) and `phase_map`; their data as CSV in `csv`.

mod csv;
pub mod kit;
mod lines;
mod phase_map;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::dashboard::Dashboard;
pub use csv::csv;
use kit::draw_key;
pub use kit::{DrawResult, Layers, Style};
use lines::{eta_t, eta_u, gain_along, mismatch};
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
            gain_along(&left, &d.xi2, p.xi2, "‖Ξ‖_F²", st)?;
            gain_along(&right, &d.nu, p.nu, "ν_z", st)?;
        }
    }
    draw_key(area, st)
}
