//! What the explorer's default dashboard shows, as data: every curve and the
//! phase map for one parameter set. The page, the benchmark and `w2s figure`
//! compute it through this one function so they measure and draw the same work.
//! A frame may ask for less ([`Needs`]): the figures on screen and the layers
//! they show; what it skipped is computed when an export or a description
//! asks for it.

use super::Figure;
use super::pins::{self, Pins};
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
/// Cells per side of the phase map.
pub const MAP_SIZE: usize = 64;

/// The parameters the phase map may take as axes: the continuous ones
/// (the dimensions are whole numbers and σ_y² scales every risk alike, so
/// it leaves the relative gain unchanged).
pub const MAP_PARAMS: [ParamName; 8] = [
    ParamName::EtaL,
    ParamName::EtaU,
    ParamName::EtaT,
    ParamName::Gamma,
    ParamName::Nu,
    ParamName::Sep,
    ParamName::Xi2,
    ParamName::Rho,
];
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

/// Which two parameters the phase map spans: `x` its columns, `y` its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapPair {
    pub x: ParamName,
    pub y: ParamName,
}

impl Default for MapPair {
    /// (η_ℓ, η_u): the map the paper's phase diagram draws.
    fn default() -> Self {
        MapPair {
            x: ParamName::EtaL,
            y: ParamName::EtaU,
        }
    }
}

impl MapPair {
    /// Two different parameters of [`MAP_PARAMS`]; an error naming the one
    /// refused and the allowed keys otherwise.
    pub fn new(x: ParamName, y: ParamName) -> Result<MapPair, Error> {
        for (side, name) in [("x", x), ("y", y)] {
            if !MAP_PARAMS.contains(&name) {
                return Err(Error::Request(format!(
                    "map {side} = {} is not a map axis: allowed {}",
                    name.key(),
                    map_keys()
                )));
            }
        }
        if x == y {
            return Err(Error::Request(format!(
                "map x and y are both {}: a map needs two different parameters",
                x.key()
            )));
        }
        Ok(MapPair { x, y })
    }

    /// A pair from parameter keys ("gamma", "sep"), as the CLI and the page
    /// give them: the keys exactly as written (a link is read strictly).
    pub fn parse(x: &str, y: &str) -> Result<MapPair, Error> {
        let name = |side: &str, text: &str| {
            let found = MAP_PARAMS.iter().copied().find(|p| p.key() == text);
            found.ok_or_else(|| {
                Error::Request(format!(
                    "map {side} = '{}' is not a map axis: allowed {}",
                    text.chars().take(40).collect::<String>(),
                    map_keys()
                ))
            })
        };
        MapPair::new(name("x", x)?, name("y", y)?)
    }
}

/// The keys of [`MAP_PARAMS`], comma-separated, for messages.
pub fn map_keys() -> String {
    MAP_PARAMS.map(|p| p.key()).join(", ")
}

/// The range a map axis spans: the page's slider range of the parameter
/// ([`crate::theory::schema`]), the same at every state, so a map keeps its
/// cells when another parameter moves and shows where the regime ends
/// (γ_z past 1/p_T, ν_z past 1/p_S, ‖Ξ‖_F² past p_S − 1) as cells outside it.
pub fn map_range(name: ParamName) -> (f64, f64) {
    let (lo, hi, _) = name.spec().slider;
    (lo, hi)
}

/// The axes of the phase map.
#[derive(Debug, Clone)]
pub struct MapAxes {
    /// The map's columns.
    pub x: Axis,
    /// The map's rows.
    pub y: Axis,
}

impl MapAxes {
    /// [`MAP_SIZE`] even steps over each parameter's [`map_range`].
    pub fn of(pair: MapPair) -> Result<MapAxes, Error> {
        let axis = |name: ParamName| {
            let (lo, hi) = map_range(name);
            Axis::linspace(name, lo, hi, MAP_SIZE)
        };
        Ok(MapAxes {
            x: axis(pair.x)?,
            y: axis(pair.y)?,
        })
    }

    pub fn pair(&self) -> MapPair {
        MapPair {
            x: self.x.param,
            y: self.y.param,
        }
    }

    /// The title of a map over these axes.
    pub fn title(&self) -> String {
        format!(
            "Relative gain over ({}, {})",
            self.x.param.spec().symbol,
            self.y.param.spec().symbol
        )
    }
}

/// What a frame computes: which figures it draws and whether their curves
/// carry the first-order layer. The η_u curve is always computed (η_u* and
/// the readouts scan it); the η_t curve, the map and the two small multiples
/// only for a figure that is drawn. The exact layer is always computed (the
/// verdict is in it); the closed form only for the map, when that layer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// One per figure, in [`Figure::ALL`] order.
    pub figures: [bool; Figure::ALL.len()],
    pub first_order: bool,
    /// The closed form's map (its zero contour is drawn only with that layer).
    pub closed_form: bool,
}

impl Needs {
    /// Everything: what the CLI, the exports and the descriptions use.
    pub const ALL: Needs = Needs {
        figures: [true; Figure::ALL.len()],
        first_order: true,
        closed_form: true,
    };

    /// Whether a dashboard computed for `self` holds what `other` needs.
    pub fn covers(&self, other: &Needs) -> bool {
        (self.first_order || !other.first_order)
            && (self.closed_form || !other.closed_form)
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
    /// Relative gain in `map_layer`, row-major: index = i_y · MAP_SIZE + i_x;
    /// NaN for a cell outside the theory's regime or whose solve failed.
    pub map: Vec<f64>,
    /// The closed form's relative gain on the same cells (its zero contour
    /// is drawn beside the exact one).
    pub map_closed_form: Vec<f64>,
    pub map_layer: Layer,
    /// η_u* in the closed form and in the exact theory (`None`: η_u has no effect).
    pub eta_u_star: [Option<f64>; 2],
    /// The picture of the data along the group direction.
    pub data: DataPicture,
    /// The pinned states drawn beside this one (none unless the caller
    /// attaches them: [`super::pins`]).
    pub pins: Pins,
}

impl Dashboard {
    /// A figure's title at this dashboard: the phase map names its axes.
    pub fn title(&self, figure: Figure) -> String {
        match figure {
            Figure::PhaseMap => self.map_axes.title(),
            _ => figure.title().to_string(),
        }
    }
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
    compute_with(engine, p, map_layer, needs, MapPair::default())
}

/// [`compute_for`] with the phase map over `pair`.
pub fn compute_with(
    engine: &mut Engine,
    p: &Params,
    map_layer: Layer,
    needs: Needs,
    pair: MapPair,
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
    let map_axes = MapAxes::of(pair)?;
    let (map, map_closed_form) = if needs.wants(Figure::PhaseMap) {
        (
            engine.relative_gain_map(p, map_layer, &map_axes.x, &map_axes.y)?,
            if needs.closed_form {
                engine.relative_gain_map(p, Layer::ClosedForm, &map_axes.x, &map_axes.y)?
            } else {
                Vec::new()
            },
        )
    } else {
        (Vec::new(), Vec::new())
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
        map_closed_form,
        map_layer,
        pins: pins::none(),
    })
}
