//! The labs' API: knobs, checks and tasks by lab name (what the web workers
//! run), and [`Lab`], a lab page's results and figures. All logic is in
//! `labs::session`.

use wasm_bindgen::prelude::*;

use plotters::prelude::*;

use super::canvas::canvas;
use super::{js, need_document};
use crate::figures::{self, Style};
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
