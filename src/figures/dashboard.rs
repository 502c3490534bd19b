//! What the explorer's default dashboard shows, as data: every curve and the
//! phase map for one parameter set. The page, the benchmark and `w2s figure`
//! compute it through this one function so they measure and draw the same work.
//! A frame may ask for less ([`Needs`]): the figures on screen and the layers
//! they show; what it skipped is computed when an export or a description
//! asks for it.

use super::Figure;
use crate::error::Error;
use crate::theory::analysis;
use crate::theory::engine::{Engine, Evaluation, Request};
use crate::theory::params::{ParamName, Params};
use crate::theory::pointwise::{self, Pointwise};
use crate::theory::risks::Layer;
use crate::theory::sweep::{Axis, sweep};

/// Points on the η_u and η_t curves (the η_u* scan's resolution, so the scan
/// reuses the η_u curve).
pub const CURVE_POINTS: usize = crate::theory::analysis::SCAN_POINTS;
/// Points on the ‖Ξ‖_F² and ν_z small multiples: half-width panels of smooth
/// curves, and every point of them is a new student solve when a slider that
/// moves the student (sep, ρ, η_u, γ_z) is dragged.
pub const SMALL_CURVE_POINTS: usize = 61;
/// Cells per side of the (η_ℓ, η_u) phase map.
pub const MAP_SIZE: usize = 64;
/// The ν_z curve runs to this fraction of the regime limit 1/p_S.
pub const NU_REACH: f64 = 0.9;

/// Points along the group coordinate t in the data figure.
pub const DATA_POINTS: usize = 201;
/// How far past the group means (0 and √sep, in σ_ξ) the data figure's t
/// axis runs: 3.5 σ holds all but 2e-4 of either group's mass.
pub const DATA_REACH: f64 = 3.5;

/// The data figure's curves along t = uᵀξ, u = μ_ξ/‖μ_ξ‖ (units of σ_ξ):
/// each mixture's density and the exact pointwise risks
/// ([`crate::theory::pointwise`]).
#[derive(Debug, Clone)]
pub struct DataPicture {
    pub t: Vec<f64>,
    /// The exact layer's pointwise risks, as functions of t.
    pub pointwise: Pointwise,
    /// The pointwise risks at each t.
    pub teacher: Vec<f64>,
    pub student: Vec<f64>,
    /// The density of t under D(η_ℓ), D(η_u) and D(η_t), at each t.
    pub density: [Vec<f64>; 3],
}

impl DataPicture {
    pub fn compute(engine: &mut Engine, p: &Params) -> Result<DataPicture, Error> {
        let pw = pointwise::of_layer(engine, p, Layer::Exact)?;
        let (lo, hi) = (-DATA_REACH, p.sep.sqrt() + DATA_REACH);
        let t: Vec<f64> = (0..DATA_POINTS)
            .map(|i| lo + (hi - lo) * i as f64 / (DATA_POINTS - 1) as f64)
            .collect();
        let along = |f: &dyn Fn(f64) -> f64| t.iter().map(|&x| f(x)).collect::<Vec<f64>>();
        let density = [p.eta_l, p.eta_u, p.eta_t]
            .map(|eta| along(&|x| pointwise::density(p.law, p.sep, eta, x)));
        Ok(DataPicture {
            teacher: along(&|x| pw.teacher.at(x)),
            student: along(&|x| pw.student.at(x)),
            density,
            pointwise: pw,
            t,
        })
    }
}

/// One curve of the dashboard: the values of the swept parameter and the
/// theory at each of them.
#[derive(Debug, Clone)]
pub struct Curve {
    pub axis: Axis,
    /// One per value of `axis`, in its order.
    pub evaluations: Vec<Evaluation>,
}

/// The axes of the phase map.
#[derive(Debug, Clone)]
pub struct MapAxes {
    /// η_ℓ values: the map's columns.
    pub eta_l: Axis,
    /// η_u values: the map's rows.
    pub eta_u: Axis,
}

/// What a frame computes: which figures it draws and whether their curves
/// carry the first-order layer. The η_u curve is always computed (η_u* and
/// the readouts scan it); the η_t curve, the map and the two small multiples
/// only for a figure that is drawn. The exact layer is always computed (the
/// verdict is in it) and the closed form costs nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// One per figure, in [`Figure::ALL`] order.
    pub figures: [bool; Figure::ALL.len()],
    pub first_order: bool,
}

impl Needs {
    /// Everything: what the CLI, the exports and the descriptions use.
    pub const ALL: Needs = Needs {
        figures: [true; Figure::ALL.len()],
        first_order: true,
    };

    /// Whether a dashboard computed for `self` holds what `other` needs.
    pub fn covers(&self, other: &Needs) -> bool {
        (self.first_order || !other.first_order)
            && self
                .figures
                .iter()
                .zip(&other.figures)
                .all(|(a, b)| *a || !*b)
    }

    fn wants(&self, figure: Figure) -> bool {
        self.figures[figure.index()]
    }
}

/// Curves (closed form, first order, exact) and the exact relative-gain map.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// What was computed: a figure outside it has empty curves or map.
    pub needs: Needs,
    /// The current point, with the strong ceiling (for PGR).
    pub point: Evaluation,
    pub eta_u: Curve,
    pub eta_t: Curve,
    pub xi2: Curve,
    pub nu: Curve,
    pub map_axes: MapAxes,
    /// Relative gain in `map_layer`, row-major: index = i_u · MAP_SIZE + i_ℓ.
    pub map: Vec<f64>,
    pub map_layer: Layer,
    /// η_u* in the closed form and in the exact theory (`None`: η_u has no effect).
    pub eta_u_star: [Option<f64>; 2],
    /// The picture of the data along the group direction.
    pub data: DataPicture,
}

/// The decades of ν_z the ν_z panel spans below its reach (the current ν_z
/// widens it when it is smaller).
pub const NU_DECADES: f64 = 2.0;

/// The four curve axes for a parameter set. The ν_z curve is ν_z = 0 (the
/// limit of unlimited pseudo-labels, which its description reports) and then
/// even steps in log ν_z up to [`NU_REACH`]/p_S, as its panel is drawn on a
/// log axis.
pub fn curve_axes(p: &Params) -> Result<[Axis; 4], Error> {
    let xi_max = (p.p_s - 1) as f64;
    let reach = NU_REACH / p.p_s as f64;
    let mut nu = Axis::geometric(
        ParamName::Nu,
        reach * 10f64.powf(-NU_DECADES),
        reach,
        SMALL_CURVE_POINTS - 1,
    )?;
    nu.values.insert(0, 0.0);
    Ok([
        Axis::linspace(ParamName::EtaU, 0.0, 1.0, CURVE_POINTS)?,
        Axis::linspace(ParamName::EtaT, 0.0, 1.0, CURVE_POINTS)?,
        Axis::linspace(ParamName::Xi2, 0.0, xi_max, SMALL_CURVE_POINTS)?,
        nu,
    ])
}

/// Computes the whole dashboard; the engine's caches make a second call after
/// one parameter moved cost only what that parameter touches.
pub fn compute(engine: &mut Engine, p: &Params, map_layer: Layer) -> Result<Dashboard, Error> {
    compute_for(engine, p, map_layer, Needs::ALL)
}

/// [`compute`], restricted to what `needs` asks for (a skipped curve has its
/// axis and no evaluations; a skipped map is empty).
pub fn compute_for(
    engine: &mut Engine,
    p: &Params,
    map_layer: Layer,
    needs: Needs,
) -> Result<Dashboard, Error> {
    engine.next_frame();
    let curves = Request {
        first_order: needs.first_order,
        exact: true,
        ceiling: false,
    };
    let [a_u, a_t, a_xi, a_nu] = curve_axes(p)?;
    let run = |engine: &mut Engine, a: Axis, wanted: bool| -> Result<Curve, Error> {
        let evaluations = if wanted {
            sweep(engine, p, std::slice::from_ref(&a), curves)?
        } else {
            Vec::new()
        };
        Ok(Curve {
            axis: a,
            evaluations,
        })
    };
    let eta_u = run(engine, a_u, true)?;
    let eta_t = run(engine, a_t, needs.wants(Figure::EtaT))?;
    let small = needs.wants(Figure::Similarity);
    let xi2 = run(engine, a_xi, small)?;
    let nu = run(engine, a_nu, small)?;
    let map_axes = MapAxes {
        eta_l: Axis::linspace(ParamName::EtaL, 0.0, 1.0, MAP_SIZE)?,
        eta_u: Axis::linspace(ParamName::EtaU, 0.0, 1.0, MAP_SIZE)?,
    };
    let map = if needs.wants(Figure::PhaseMap) {
        engine.relative_gain_grid(p, map_layer, &map_axes.eta_l.values, &map_axes.eta_u.values)?
    } else {
        Vec::new()
    };
    let eta_u_star = [
        analysis::eta_u_star(engine, p, Layer::ClosedForm)?,
        analysis::eta_u_star(engine, p, Layer::Exact)?,
    ];
    let data = DataPicture::compute(engine, p)?;
    Ok(Dashboard {
        needs,
        eta_u_star,
        data,
        point: engine.evaluate(p, Request::ALL)?,
        eta_u,
        eta_t,
        xi2,
        nu,
        map_axes,
        map,
        map_layer,
    })
}
