//! Thin browser glue: parameters in as numbers, results out as flat arrays.
//! All validation and math happen in the core; errors cross as `Error`
//! objects whose message is the core's own text (parameter, value, range).

use wasm_bindgen::prelude::*;

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;

use crate::analysis;
use crate::dashboard::{self, Dashboard};
use crate::engine::{Engine, Evaluation, Request};
use crate::figures::{self, Figure, Layers, Overlay, Style};
use crate::params::{Law, ParamName, Params, RawParams};
use crate::theory::Layer;

/// A core error as a JS `Error` carrying the core's own message.
fn js(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

// ---- the panic report ----

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module is instantiated (page or worker; `private`: not an
/// export, so the page cannot call it twice). Every export
/// returns errors instead of panicking; if one panic is ever missed, the
/// object it happened in is poisoned ("recursive use of an object") and the
/// page would silently stop updating, so the hook says so in words.
#[wasm_bindgen(start, private)]
fn start() {
    std::panic::set_hook(Box::new(report_panic));
}

fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    let place = info
        .location()
        .map(|l| format!(" (at {}:{})", l.file(), l.line()))
        .unwrap_or_default();
    let message = format!(
        "Internal error in the W2S core: {what}{place}. Please reload the page; the state is in the link."
    );
    console_error(&message);
    // A worker has no document: the console line is all it can do.
    let _ = show_banner(&message);
}

/// A visible banner at the top of the page (text only, no markup).
fn show_banner(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let banner = match document.get_element_by_id("w2s-panic") {
        Some(banner) => banner,
        None => {
            let banner = document.create_element("div").ok()?;
            banner.set_id("w2s-panic");
            banner.set_attribute("role", "alert").ok()?;
            banner
                .set_attribute(
                    "style",
                    "position:sticky;top:0;z-index:1000;padding:.6rem 1rem;\
                     background:#b42318;color:#fff;font:600 15px/1.4 system-ui,sans-serif",
                )
                .ok()?;
            document.body()?.prepend_with_node_1(&banner).ok()?;
            banner
        }
    };
    banner.set_text_content(Some(message));
    Some(())
}

/// SVG export measures its labels through the page (plotters' web fonts
/// add a span to the body): without a document that would panic.
fn need_document(what: &str) -> Result<(), JsError> {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    match body {
        Some(_) => Ok(()),
        None => Err(JsError::new(&format!(
            "{what} measures its text in the page's document, and there is none here \
             (a worker or Node): call it from the page"
        ))),
    }
}

/// Finds a canvas and checks its size before anything is drawn on it.
fn canvas(id: &str) -> Result<FastCanvas, JsError> {
    let backend =
        FastCanvas::new(id).ok_or_else(|| JsError::new(&format!("no canvas with id '{id}'")))?;
    let (w, h) = backend.get_size();
    figures::check_size(w, h).map_err(|e| JsError::new(&format!("canvas '{id}': {e}")))?;
    Ok(backend)
}

fn params(values: &[f64], law: &str) -> Result<Params, JsError> {
    if values.len() != ParamName::ALL.len() {
        return Err(JsError::new(&format!(
            "expected {} parameter values, got {}",
            ParamName::ALL.len(),
            values.len()
        )));
    }
    let mut raw = RawParams {
        law: Law::parse(law).map_err(|e| JsError::new(&e.to_string()))?,
        ..RawParams::default()
    };
    for (name, &v) in ParamName::ALL.iter().zip(values) {
        raw.set(*name, v)
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    Params::new(raw).map_err(|e| JsError::new(&e.to_string()))
}

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

/// A theory engine that keeps its caches between calls, and the last
/// dashboard it drew (for exports and the hover readout).
#[wasm_bindgen]
pub struct Explorer {
    engine: Engine,
    last: Option<Dashboard>,
    style: Style,
    overlay: Overlay,
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
        }
    }

    /// The theory at one point. For each layer (closed form, first order,
    /// exact): teacher, student, ceiling, gain, relative gain, PGR (NaN when
    /// undefined); then exact group risks (teacher majority, minority, student
    /// majority, minority) and η_u* (closed form, exact; NaN when η_u has no
    /// effect).
    pub fn point(&mut self, values: &[f64], law: &str) -> Result<Vec<f64>, JsError> {
        let p = params(values, law)?;
        let err = |e: crate::Error| JsError::new(&e.to_string());
        let ev = self.engine.evaluate(&p, Request::ALL).map_err(err)?;
        let stars = [
            analysis::eta_u_star(&mut self.engine, &p, Layer::ClosedForm).map_err(err)?,
            analysis::eta_u_star(&mut self.engine, &p, Layer::Exact).map_err(err)?,
        ];
        Ok(readouts(&ev, stars))
    }
}

/// One replicate of the finite-sample simulation: [teacher at η_t, majority,
/// minority, student at η_t, majority, minority]. Its data depend only on
/// (seed, index), so web workers can split replicates freely, and the numbers
/// equal the native `w2s simulate` replicate for replicate.
#[wasm_bindgen(js_name = simulateReplicate)]
pub fn simulate_replicate(
    values: &[f64],
    law: &str,
    d_z: u32,
    seed: f64,
    index: u32,
) -> Result<Vec<f64>, JsError> {
    let p = params(values, law)?;
    if !(seed >= 0.0 && seed.fract() == 0.0 && seed <= 9_007_199_254_740_991.0) {
        return Err(JsError::new(&format!(
            "seed = {seed} must be a whole number in [0, 2^53 − 1]"
        )));
    }
    let cfg = crate::simulation::SimConfig {
        d_z: d_z as usize,
        reps: 2,
        seed: seed as u64,
        ..Default::default()
    };
    let r = crate::simulation::replicate(&p, &cfg, u64::from(index))
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(vec![
        r.teacher.at,
        r.teacher.majority,
        r.teacher.minority,
        r.student.at,
        r.student.majority,
        r.student.minority,
    ])
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
        for (figure, id) in Figure::ALL.iter().zip(&canvas_ids) {
            if !id.is_empty() {
                targets.push((*figure, canvas(id)?));
            }
        }
        let d = dashboard::compute(&mut self.engine, &p, Layer::Exact).map_err(js)?;
        self.style = style;
        for (figure, backend) in targets {
            let fail =
                |e: &dyn std::fmt::Display| JsError::new(&format!("drawing {}: {e}", figure.key()));
            let area = backend.into_drawing_area();
            figures::draw(&area, figure, &d, &self.style, &self.overlay).map_err(|e| fail(&e))?;
            area.present().map_err(|e| fail(&e))?;
        }
        let out = readouts(&d.point, d.eta_u_star);
        self.last = Some(d);
        Ok(out)
    }

    /// Computes the dashboard without drawing it (the benchmark uses this to
    /// split a frame's time between the theory and the canvases).
    pub fn compute(&mut self, values: &[f64], law: &str) -> Result<(), JsError> {
        let p = params(values, law)?;
        let d = dashboard::compute(&mut self.engine, &p, Layer::Exact)
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.last = Some(d);
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
    pub fn svg(&self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
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
        Ok(out)
    }

    /// The data of the last drawn figure as CSV.
    pub fn csv(&self, figure: &str) -> Result<String, JsError> {
        let (d, figure) = self.last_figure(figure)?;
        Ok(figures::csv(figure, d))
    }

    /// Exact values at the η_u grid point nearest to `eta_u` on the last
    /// dashboard: [η_u, ER_T, ER_S, gain].
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

    fn last_figure(&self, figure: &str) -> Result<(&Dashboard, Figure), JsError> {
        let d = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing has been drawn yet"))?;
        let figure = Figure::parse(figure)
            .ok_or_else(|| JsError::new(&format!("'{figure}' is not a figure")))?;
        Ok((d, figure))
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

/// Readouts in the layout documented on [`Explorer::point`].
/// Total: a layer the evaluation lacks (never, with `Request::ALL`) reads NaN.
fn readouts(ev: &Evaluation, eta_u_star: [Option<f64>; 2]) -> Vec<f64> {
    let mut out = Vec::with_capacity(24);
    for layer in Layer::ALL {
        out.extend(ev.layer(layer).map_or([f64::NAN; 6], |l| {
            [
                l.teacher.at,
                l.student.at,
                l.ceiling.map_or(f64::NAN, |c| c.at),
                l.gain(),
                l.relative_gain(),
                l.pgr().unwrap_or(f64::NAN),
            ]
        }));
    }
    out.extend(ev.exact.map_or([f64::NAN; 4], |x| {
        [
            x.teacher.majority,
            x.teacher.minority,
            x.student.majority,
            x.student.minority,
        ]
    }));
    out.extend(eta_u_star.map(|s| s.unwrap_or(f64::NAN)));
    out
}

/// Derived quantities of the canonical geometry, for the formulas on the
/// page: [p_{T∧S}, ‖μ_T‖², ‖μ_S‖², ‖Ξ μ_S‖].
#[wasm_bindgen]
pub fn derived(values: &[f64], law: &str) -> Result<Vec<f64>, JsError> {
    let p = params(values, law)?;
    let g = crate::geometry::Geometry::new(&p);
    Ok(vec![g.p_shared(), g.mu_t2(), g.mu_s2(), g.xi_mu_s()])
}

/// The canvas backend with one change: `blit_bitmap` (the phase map's
/// raster) goes to the canvas in a single `putImageData` call instead of
/// plotters' default of one `fillRect` per pixel.
struct FastCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
}

type CanvasResult = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl FastCanvas {
    fn new(id: &str) -> Option<FastCanvas> {
        use wasm_bindgen::JsCast;
        let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
            .document()?
            .get_element_by_id(id)?
            .dyn_into()
            .ok()?;
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(FastCanvas { inner, context })
    }
}

impl DrawingBackend for FastCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> CanvasResult {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> CanvasResult {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> CanvasResult {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> CanvasResult {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> CanvasResult {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> CanvasResult {
        self.inner.draw_text(text, style, pos)
    }

    /// Text extents from the canvas's own `measureText`. plotters' default for
    /// the web measures each label by adding a span to the page and reading
    /// its size, which forces a layout of the whole page per label: that was
    /// most of a redraw. The height is the span's line box (≈ 1.2 × size).
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let metrics = self
            .context
            .measure_text(text)
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        Ok((
            metrics.width().ceil() as u32,
            (style.size() * 1.2).round() as u32,
        ))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> CanvasResult {
        let mut rgba = vec![255u8; w as usize * h as usize * 4];
        for (out, px) in rgba.chunks_exact_mut(4).zip(src.chunks_exact(3)) {
            out[..3].copy_from_slice(px);
        }
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&rgba),
            w,
            h,
        )
        .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        self.context
            .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))
    }
}

// ---- the labs (see `labs::session`: all logic is there) ----

use crate::labs::figures::LabFigure;
use crate::labs::session::{self, LabKind, Session};

fn lab_kind(lab: &str) -> Result<LabKind, JsError> {
    LabKind::parse(lab).map_err(|e| JsError::new(&e.to_string()))
}

/// A lab's knobs as JSON: key, symbol, meaning, range, default, step.
#[wasm_bindgen(js_name = labKnobs)]
pub fn lab_knobs(lab: &str) -> Result<String, JsError> {
    Ok(crate::labs::knobs::to_json(lab_kind(lab)?.knobs()))
}

/// Checks a lab's settings: the error names the knob, its value and range
/// (or the product of two knobs that makes a run too big).
#[wasm_bindgen(js_name = labCheck)]
pub fn lab_check(lab: &str, values: &[f64]) -> Result<(), JsError> {
    lab_kind(lab)?
        .check(values)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The number of tasks of a job at the settings.
#[wasm_bindgen(js_name = labTasks)]
pub fn lab_tasks(lab: &str, values: &[f64], job: &str) -> Result<u32, JsError> {
    let n = lab_kind(lab)?
        .tasks(values, job)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(n as u32)
}

/// One task of a job (what a web worker runs).
#[wasm_bindgen(js_name = labTask)]
pub fn lab_task(lab: &str, values: &[f64], job: &str, task: u32) -> Result<Vec<f64>, JsError> {
    lab_kind(lab)?
        .task(values, job, task as usize)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// A lab page's results and figures.
#[wasm_bindgen]
pub struct Lab {
    kind: LabKind,
    session: Session,
}

#[wasm_bindgen]
impl Lab {
    #[wasm_bindgen(constructor)]
    pub fn new(lab: &str) -> Result<Lab, JsError> {
        let kind = lab_kind(lab)?;
        Ok(Lab {
            kind,
            session: Session::new(kind),
        })
    }

    /// The figure keys of this lab, in page order.
    pub fn figures(&self) -> Vec<String> {
        self.kind
            .figures()
            .iter()
            .map(|f| f.key().to_string())
            .collect()
    }

    /// The figures' titles, in `figures()` order.
    pub fn titles(&self) -> Vec<String> {
        self.kind
            .figures()
            .iter()
            .map(|f| f.title().to_string())
            .collect()
    }

    /// The figure keys a job's results are drawn in.
    #[wasm_bindgen(js_name = jobFigures)]
    pub fn job_figures(&self, job: &str) -> Result<Vec<String>, JsError> {
        let figures = self.kind.job_figures(job).map_err(js)?;
        Ok(figures.iter().map(|f| f.key().to_string()).collect())
    }

    /// The knob keys, in the order every call expects their values.
    pub fn keys(&self) -> Vec<String> {
        session::knob_keys(self.kind)
    }

    pub fn defaults(&self) -> Vec<f64> {
        session::knob_defaults(self.kind)
    }

    /// Stores a job's results: every task's numbers concatenated in task order.
    #[wasm_bindgen(js_name = setResults)]
    pub fn set_results(&mut self, values: &[f64], job: &str, flat: &[f64]) -> Result<(), JsError> {
        let tasks = Session::split(self.kind, values, job, flat)
            .map_err(|e| JsError::new(&e.to_string()))?;
        self.session
            .set_results(values, job, &tasks)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Draws a figure on a canvas (sized by the page in device pixels).
    pub fn render(&self, figure: &str, canvas_id: &str, scale: f64) -> Result<(), JsError> {
        let figure = self.figure(figure)?;
        let style = Style {
            scale: figures::check_scale(scale).map_err(js)?,
            ..Style::default()
        };
        let area = canvas(canvas_id)?.into_drawing_area();
        self.session
            .draw(&area, figure, &style)
            .map_err(|e| JsError::new(&format!("drawing {}: {e}", figure.key())))?;
        area.present()
            .map_err(|e| JsError::new(&format!("drawing {}: {e}", figure.key())))
    }

    pub fn svg(&self, figure: &str, width: u32, height: u32) -> Result<String, JsError> {
        let figure = self.figure(figure)?;
        figures::check_size(width, height).map_err(js)?;
        need_document("SVG export")?;
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
            let style = Style {
                raster: false,
                ..Style::default()
            };
            self.session
                .draw(&area, figure, &style)
                .map_err(|e| JsError::new(&e.to_string()))?;
            area.present().map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(out)
    }

    pub fn csv(&self, figure: &str) -> Result<String, JsError> {
        Ok(self.session.csv(self.figure(figure)?))
    }

    /// What the results say, one sentence per job run.
    pub fn findings(&self) -> Vec<String> {
        self.session.findings()
    }

    fn figure(&self, key: &str) -> Result<LabFigure, JsError> {
        LabFigure::parse(key)
            .filter(|f| self.kind.figures().contains(f))
            .ok_or_else(|| JsError::new(&format!("'{key}' is not a figure of this lab")))
    }
}
