//! The explorer page's API: parameter keys and defaults, the [`Explorer`]
//! (theory at a point, the dashboard drawn on canvases, its exports, the
//! hover readout and the pixel → data mapping of each drawn figure), the
//! figures' keys and titles. Numbers cross as flat arrays with their names
//! exported beside them (`readoutNames`, `hoverNames`), read by name.

use wasm_bindgen::prelude::*;

use plotters::prelude::*;

use super::canvas::canvas;
use super::{js, need_document, params};
use crate::figures::dashboard::{self, Dashboard, MapPair, Needs};
use std::sync::Arc;

use crate::figures::pins::{self, Pins};
use crate::figures::{self, Figure, Frame, Layers, Overlay, Style};
use crate::theory::engine::{Engine, Request};
use crate::theory::params::{ParamName, RawParams};
use crate::theory::risks::Layer;
use crate::theory::{analysis, readouts};

/// The parameter keys, in the order every function here expects their values.
#[wasm_bindgen(js_name = paramKeys)]
pub fn param_keys() -> Vec<String> {
    ParamName::ALL.iter().map(|p| p.key().to_string()).collect()
}

/// The default value of every parameter, in `paramKeys()` order.
#[wasm_bindgen(js_name = defaultValues)]
pub fn default_values() -> Vec<f64> {
    let raw = RawParams::default();
    ParamName::ALL.iter().map(|p| raw.get(*p)).collect()
}

/// The parameter table (`schema::to_json`, in `paramKeys()` order): each
/// parameter's symbol, meaning, range and slider, from which the page builds
/// its controls.
#[wasm_bindgen(js_name = paramSpecs)]
pub fn param_specs() -> String {
    crate::theory::schema::to_json()
}

/// A theory engine that keeps its caches between calls, and the last
/// dashboard it drew (for exports and the hover readout).
#[wasm_bindgen]
pub struct Explorer {
    engine: Engine,
    last: Option<Dashboard>,
    style: Style,
    overlay: Overlay,
    /// Each figure's chart frames as last drawn on its canvas (`Figure::ALL`
    /// order; empty until drawn).
    frames: [Vec<Frame>; Figure::ALL.len()],
    /// The phase map's axes, for the next frame.
    map_pair: MapPair,
    /// The pinned states, computed for `map_pair`, and the engine that
    /// computed them (its own: pinning must not evict the live state's caches).
    pins: Pins,
    pin_engine: Engine,
}

impl Default for Explorer {
    fn default() -> Self {
        Explorer::new()
    }
}

fn layers_from_mask(mask: u32) -> Result<Layers, JsError> {
    if mask > 7 {
        return Err(JsError::new(&format!(
            "layers = {mask} is not a layer mask: allowed 0 to 7 \
             (1 closed form + 2 first order + 4 exact)"
        )));
    }
    Ok(Layers([mask & 1 != 0, mask & 2 != 0, mask & 4 != 0]))
}

#[wasm_bindgen]
impl Explorer {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Explorer {
        Explorer {
            engine: Engine::new(),
            last: None,
            style: Style::default(),
            overlay: Overlay::default(),
            frames: std::array::from_fn(|_| Vec::new()),
            map_pair: MapPair::default(),
            pins: pins::none(),
            pin_engine: Engine::new(),
        }
    }

    /// Sets the phase map's axes for the next frame: two different keys of
    /// `mapAxisKeys()` (columns `x`, rows `y`). A refused pair leaves the
    /// axes as they were.
    #[wasm_bindgen(js_name = setMapAxes)]
    pub fn set_map_axes(&mut self, x: &str, y: &str) -> Result<(), JsError> {
        let pair = MapPair::parse(x, y).map_err(js)?;
        if pair != self.map_pair {
            let params: Vec<_> = self.pins.iter().map(|p| p.params).collect();
            let pins = pins::compute_all(&mut self.pin_engine, &params, pair).map_err(js)?;
            self.pins = Arc::from(pins);
            self.map_pair = pair;
        }
        Ok(())
    }

    /// Pins these states (texts as `pinText` writes them; at most three),
    /// replacing the pins there were; an empty list clears them. A refused
    /// list (the message names the pin and its field) leaves the pins as
    /// they were.
    #[wasm_bindgen(js_name = setPins)]
    pub fn set_pins(&mut self, texts: Vec<String>) -> Result<(), JsError> {
        if texts.len() > pins::MAX_PINS {
            return Err(JsError::new(&format!(
                "{} pins: at most {} (clear one first)",
                texts.len(),
                pins::MAX_PINS
            )));
        }
        let pins = pins::read(&mut self.pin_engine, &texts, self.map_pair).map_err(js)?;
        self.pins = Arc::from(pins);
        Ok(())
    }

    /// The exact readouts of pin `k` (0-based), named by `readoutNames()`
    /// (its approximate layers are not computed: NaN).
    #[wasm_bindgen(js_name = pinReadouts)]
    pub fn pin_readouts(&self, k: usize) -> Result<Vec<f64>, JsError> {
        let pin = self.pins.get(k).ok_or_else(|| {
            JsError::new(&format!(
                "pin {} is not pinned: {} pins",
                k + 1,
                self.pins.len()
            ))
        })?;
        Ok(readouts::values(&pin.board.point, pin.board.eta_u_star))
    }

    /// Each pin's legend entry at the last drawn state ("pin 1: sep 20").
    #[wasm_bindgen(js_name = pinLabels)]
    pub fn pin_labels(&self) -> Vec<String> {
        let live = self
            .last
            .as_ref()
            .map(|d| d.point.params)
            .unwrap_or_default();
        self.pins
            .iter()
            .enumerate()
            .map(|(k, p)| pins::label(k, &live, &p.params))
            .collect()
    }

    /// The theory at one point: the numbers named by `readoutNames()`
    /// (NaN where undefined: a PGR without a gap, η_u* where η_u has no
    /// effect).
    pub fn point(&mut self, values: &[f64], law: &str) -> Result<Vec<f64>, JsError> {
        let p = params(values, law)?;
        let err = |e: crate::Error| JsError::new(&e.to_string());
        let ev = self.engine.evaluate(&p, Request::ALL).map_err(err)?;
        let stars = [
            analysis::eta_u_star(&mut self.engine, &p, Layer::ClosedForm).map_err(err)?,
            analysis::eta_u_star(&mut self.engine, &p, Layer::Exact).map_err(err)?,
        ];
        Ok(readouts::values(&ev, stars))
    }
}

#[wasm_bindgen]
impl Explorer {
    /// Computes the dashboard at these parameters and draws every figure on
    /// the canvases whose ids are given (in `figureKeys()` order; an empty id
    /// skips that figure). `layers` is a bit mask (1 closed form, 2 first
    /// order, 4 exact); `scale` is the canvases' device-pixel ratio. Returns
    /// the same readouts as [`Explorer::point`]. On an error nothing is drawn
    /// and the previous figures stay on screen.
    pub fn render(
        &mut self,
        values: &[f64],
        law: &str,
        layers: u32,
        scale: f64,
        canvas_ids: Vec<String>,
    ) -> Result<Vec<f64>, JsError> {
        let p = params(values, law)?;
        let style = Style {
            layers: layers_from_mask(layers)?,
            scale: figures::check_scale(scale).map_err(js)?,
            raster: true,
        };
        if canvas_ids.len() != Figure::ALL.len() {
            return Err(JsError::new(&format!(
                "expected {} canvas ids (one per figure, in figureKeys() order, \
                 empty to skip), got {}",
                Figure::ALL.len(),
                canvas_ids.len()
            )));
        }
        // Every canvas is found and checked before the first is drawn on.
        let mut targets = Vec::new();
        // A frame computes only what it draws: a figure scrolled off screen
        // (an empty id) costs nothing until it is shown or exported.
        let mut needs = Needs {
            figures: [false; Figure::ALL.len()],
            first_order: style.layers.0[1],
            closed_form: style.layers.0[0],
        };
        for (figure, id) in Figure::ALL.iter().zip(&canvas_ids) {
            if !id.is_empty() {
                targets.push((*figure, canvas(id)?));
                needs.figures[figure.index()] = true;
            }
        }
        let mut d =
            dashboard::compute_with(&mut self.engine, &p, Layer::Exact, needs, self.map_pair)
                .map_err(js)?;
        d.pins = self.pins.clone();
        self.style = style;
        // The frames are kept only once every figure is drawn, with the
        // dashboard they belong to: a failed draw leaves both as they were.
        let mut drawn = Vec::with_capacity(targets.len());
        for (figure, backend) in targets {
            let fail =
                |e: &dyn std::fmt::Display| JsError::new(&format!("drawing {}: {e}", figure.key()));
            let area = backend.into_drawing_area();
            let frames = figures::draw(&area, figure, &d, &self.style, &self.overlay)
                .map_err(|e| fail(&e))?;
            area.present().map_err(|e| fail(&e))?;
            drawn.push((figure, frames));
        }
        for (figure, frames) in drawn {
            self.frames[figure.index()] = frames;
        }
        let out = readouts::values(&d.point, d.eta_u_star);
        self.last = Some(d);
        Ok(out)
    }

    /// Computes the dashboard without drawing it (the benchmark uses this to
    /// split a frame's time between the theory and the canvases).
    pub fn compute(&mut self, values: &[f64], law: &str) -> Result<(), JsError> {
        let p = params(values, law)?;
        let d = dashboard::compute_with(
            &mut self.engine,
            &p,
            Layer::Exact,
            Needs::ALL,
            self.map_pair,
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
        self.last = Some(Dashboard {
            pins: self.pins.clone(),
            ..d
        });
        Ok(())
    }

    /// Simulated points for the η_u figure, each flat as [η_u, mean, se, …]
    /// for the teacher, the student and the gain; empty arrays clear them.
    /// A refused overlay leaves the previous one in place.
    #[wasm_bindgen(js_name = setOverlay)]
    pub fn set_overlay(
        &mut self,
        teacher: &[f64],
        student: &[f64],
        gain: &[f64],
    ) -> Result<(), JsError> {
        self.overlay = Overlay::from_flat(teacher, student, gain).map_err(js)?;
        Ok(())
    }

    /// The last drawn figure as an SVG document.
    pub fn svg(&mut self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        self.complete(figure)?;
        let (d, figure) = self.last_figure(figure)?;
        figures::check_size(width, height).map_err(js)?;
        need_document("SVG export")?;
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
            let style = Style {
                scale: 1.0,
                raster: false,
                ..self.style
            };
            figures::draw(&area, figure, d, &style, &self.overlay)
                .map_err(|e| JsError::new(&e.to_string()))?;
            area.present().map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(figures::export::svg_with_description(
            &out,
            &d.title(figure),
            &figures::describe::describe(figure, d),
        ))
    }

    /// The last drawn figure in words, with its key numbers (for screen
    /// readers and the alt text of exported images).
    pub fn describe(&mut self, figure: &str) -> Result<String, JsError> {
        self.complete(figure)?;
        let (d, figure) = self.last_figure(figure)?;
        Ok(figures::describe::describe(figure, d))
    }

    /// The last drawn state's parameters in words (an export's caption).
    pub fn caption(&self) -> Result<String, JsError> {
        let d = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been drawn yet"))?;
        Ok(figures::describe::caption(&d.point.params))
    }

    /// Draws the last drawn figure for export on the canvas `canvas_id`
    /// (sized by the page; text and lines at `scale`), with `title` above it
    /// (none when empty) and the parameters in words below it. The figure's
    /// live canvas and its hover mapping are left alone.
    #[wasm_bindgen(js_name = exportCanvas)]
    pub fn export_canvas(
        &mut self,
        figure: &str,
        canvas_id: &str,
        scale: f64,
        title: &str,
    ) -> Result<(), JsError> {
        self.complete(figure)?;
        let (d, figure) = self.last_figure(figure)?;
        let style = Style {
            scale: figures::check_scale(scale).map_err(js)?,
            raster: true,
            ..self.style
        };
        let title: String = title.chars().take(200).collect();
        let area = canvas(canvas_id)?.into_drawing_area();
        let caption = figures::describe::caption(&d.point.params);
        figures::export::draw_export(&area, figure, d, &style, &self.overlay, &title, &caption)
            .map_err(|e| JsError::new(&format!("drawing {}: {e}", figure.key())))?;
        area.present()
            .map_err(|e| JsError::new(&format!("drawing {}: {e}", figure.key())))
    }

    /// The data of the last drawn figure as CSV.
    pub fn csv(&mut self, figure: &str) -> Result<String, JsError> {
        self.complete(figure)?;
        let (d, figure) = self.last_figure(figure)?;
        Ok(figures::csv(figure, d))
    }

    /// Exact values at the η_u grid point nearest to `eta_u` on the last
    /// dashboard, named by `hoverNames()`.
    /// An error before anything is drawn, and for a non-finite η_u (there is
    /// no nearest grid point to NaN or ±∞).
    #[wasm_bindgen(js_name = hoverEtaU)]
    pub fn hover_eta_u(&self, eta_u: f64) -> Result<Vec<f64>, JsError> {
        if !eta_u.is_finite() {
            return Err(JsError::new(&format!(
                "hover at η_u = {eta_u}: η_u must be a finite number"
            )));
        }
        let d = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been drawn yet"))?;
        let nearest = d
            .eta_u
            .axis
            .values
            .iter()
            .zip(&d.eta_u.evaluations)
            .min_by(|a, b| (a.0 - eta_u).abs().total_cmp(&(b.0 - eta_u).abs()));
        match nearest.and_then(|(u, e)| Some((u, e.exact.as_ref()?))) {
            Some((u, x)) => Ok(vec![*u, x.teacher.at, x.student.at, x.gain()]),
            None => Err(JsError::new("the η_u curve has no exact values to show")),
        }
    }

    /// The data point under a canvas pixel of a figure as last drawn on its
    /// canvas (device pixels, as drawn); `undefined` outside every plotting
    /// area of the figure and before it is drawn.
    #[wasm_bindgen(js_name = dataAt)]
    pub fn data_at(&self, figure: &str, px: f64, py: f64) -> Result<Option<DataPoint>, JsError> {
        let figure = Figure::parse(figure)
            .ok_or_else(|| JsError::new(&format!("'{figure}' is not a figure")))?;
        Ok(self.frames[figure.index()]
            .iter()
            .enumerate()
            .find_map(|(panel, f)| {
                let (x, y) = f.to_data(px, py)?;
                Some(DataPoint {
                    panel: panel as u32,
                    x,
                    y,
                })
            }))
    }

    /// The group ("minority" or "majority") on which `model` ("teacher" or
    /// "student") does worse at the last drawn state (exact layer).
    #[wasm_bindgen(js_name = worstGroup)]
    pub fn worst_group(&self, model: &str) -> Result<String, JsError> {
        let d = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been drawn yet"))?;
        let x = d
            .point
            .exact
            .as_ref()
            .ok_or_else(|| JsError::new("the exact layer was not computed"))?;
        match model {
            "teacher" => Ok(x.teacher.worst_group().to_string()),
            "student" => Ok(x.student.worst_group().to_string()),
            _ => Err(JsError::new(&format!(
                "'{model}' is not a model: allowed teacher, student"
            ))),
        }
    }

    /// The last drawn dashboard and the figure named.
    fn last_figure(&self, figure: &str) -> Result<(&Dashboard, Figure), JsError> {
        let d = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been drawn yet"))?;
        let figure = Figure::parse(figure)
            .ok_or_else(|| JsError::new(&format!("'{figure}' is not a figure")))?;
        Ok((d, figure))
    }

    /// Makes the last drawn dashboard hold what `figure` needs: a figure that
    /// was off screen (or a layer that was hidden) when it was last drawn is
    /// computed now, at the same state, from the engine's caches.
    fn complete(&mut self, figure: &str) -> Result<(), JsError> {
        let (d, figure) = self.last_figure(figure)?;
        let mut wanted = d.needs;
        wanted.figures[figure.index()] = true;
        wanted.first_order |= self.style.layers.0[1];
        wanted.closed_form |= self.style.layers.0[0];
        if !d.needs.covers(&wanted) {
            let (p, map_layer, pair) = (d.point.params, d.map_layer, d.map_axes.pair());
            let all = Needs::ALL;
            let d = dashboard::compute_with(&mut self.engine, &p, map_layer, all, pair);
            self.last = Some(Dashboard {
                pins: self.pins.clone(),
                ..d.map_err(js)?
            });
        }
        Ok(())
    }
}

/// A state's pin text (what a link's pin1= holds): the fields that differ
/// from the defaults. An error names a parameter out of range.
#[wasm_bindgen(js_name = pinText)]
pub fn pin_text(values: &[f64], law: &str) -> Result<String, JsError> {
    Ok(pins::text(&params(values, law)?))
}

/// Checks a pin text without pinning it: `undefined` when it reads, else
/// the message (the field refused, or the parameter out of range).
#[wasm_bindgen(js_name = checkPin)]
pub fn check_pin(text: &str) -> Option<String> {
    pins::parse(text).err().map(|e| e.to_string())
}

/// The parameters the phase map may take as axes (keys), in the order the
/// page offers them; the first two are the default pair.
#[wasm_bindgen(js_name = mapAxisKeys)]
pub fn map_axis_keys() -> Vec<String> {
    dashboard::MAP_PARAMS
        .iter()
        .map(|p| p.key().to_string())
        .collect()
}

/// Seeds `newSeed` draws: [0, 10⁹ − 1], inside the explorer's seed range
/// and the labs' ([0, 10⁹]).
const NEW_SEED_BOUND: u32 = 1_000_000_000;

/// A fresh seed from the operating system's randomness (the browser's
/// `crypto.getRandomValues`): a whole number in [0, 10⁹ − 1], uniform (a
/// draw past the last whole multiple of 10⁹ below 2³² is drawn again), for
/// the page to write into the seed box and the link.
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> Result<f64, JsError> {
    let limit = u32::MAX - u32::MAX % NEW_SEED_BOUND;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|e| {
            JsError::new(&format!(
                "no randomness from the system for a new seed: {e}"
            ))
        })?;
        let x = u32::from_le_bytes(bytes);
        if x < limit {
            return Ok(f64::from(x % NEW_SEED_BOUND));
        }
    }
}

/// The figure keys, in the order `render` expects canvas ids.
#[wasm_bindgen(js_name = figureKeys)]
pub fn figure_keys() -> Vec<String> {
    Figure::ALL.iter().map(|f| f.key().to_string()).collect()
}

/// The figures' titles, in `figureKeys()` order (the CLI writes the same).
#[wasm_bindgen(js_name = figureTitles)]
pub fn figure_titles() -> Vec<String> {
    Figure::ALL.iter().map(|f| f.title().to_string()).collect()
}

/// The names of the numbers `Explorer.point` and `Explorer.render` return.
#[wasm_bindgen(js_name = readoutNames)]
pub fn readout_names() -> Vec<String> {
    readouts::names()
}

/// The names of the numbers `Explorer.hoverEtaU` returns.
#[wasm_bindgen(js_name = hoverNames)]
pub fn hover_names() -> Vec<String> {
    ["eta-u", "teacher", "student", "gain"]
        .map(String::from)
        .to_vec()
}

/// A point of a drawn figure in data coordinates: `panel` is the chart it
/// falls in (0, or 1 for the right half of a two-chart figure).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct DataPoint {
    pub panel: u32,
    pub x: f64,
    pub y: f64,
}
