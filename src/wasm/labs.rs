//! The labs' API, by lab name, for every lab of the registry: knobs, jobs,
//! figures, presets, checks and tasks (what the pages and web workers ask),
//! and [`Lab`], a lab page's results and figures. All logic is in `labs`.

use wasm_bindgen::prelude::*;

use plotters::prelude::*;

use super::canvas::canvas;
use super::{js, need_document};
use crate::figures::{self, Style};
use crate::labs::lab;
use crate::labs::registry::{self, Session};

fn lab_of(lab: &str) -> Result<&'static dyn lab::Lab, JsError> {
    registry::lab(lab).map_err(js)
}

/// A lab's knobs as JSON: key, symbol, meaning, range, default, step.
#[wasm_bindgen(js_name = labKnobs)]
pub fn lab_knobs(lab: &str) -> Result<String, JsError> {
    Ok(crate::labs::knobs::to_json(lab_of(lab)?.knobs()))
}

/// A lab's jobs as JSON, in page order (the first is the default job):
/// key, button label and the figures its results are drawn in.
#[wasm_bindgen(js_name = labJobs)]
pub fn lab_jobs(lab: &str) -> Result<String, JsError> {
    Ok(lab::jobs_json(lab_of(lab)?))
}

/// A lab's presets as JSON: key and label.
#[wasm_bindgen(js_name = labPresets)]
pub fn lab_presets(lab: &str) -> Result<String, JsError> {
    Ok(lab::presets_json(lab_of(lab)?))
}

/// Every knob's value after the preset `key`, put on top of `values`.
#[wasm_bindgen(js_name = labPreset)]
pub fn lab_preset(lab: &str, key: &str, values: &[f64]) -> Result<Vec<f64>, JsError> {
    lab_of(lab)?.preset(key, values).map_err(js)
}

/// A lab's figures as JSON, in page order: key, title, drawn wide or not.
#[wasm_bindgen(js_name = labFigures)]
pub fn lab_figures(lab: &str) -> Result<String, JsError> {
    Ok(lab::figures_json(lab_of(lab)?))
}

/// Checks a lab's settings: the error names the knob, its value and range
/// (or the product of two knobs that makes a run too big).
#[wasm_bindgen(js_name = labCheck)]
pub fn lab_check(lab: &str, values: &[f64]) -> Result<(), JsError> {
    lab_of(lab)?.check(values).map_err(js)
}

/// The number of tasks of a job at the settings.
#[wasm_bindgen(js_name = labTasks)]
pub fn lab_tasks(lab: &str, values: &[f64], job: &str) -> Result<u32, JsError> {
    let n = lab_of(lab)?.tasks(values, job).map_err(js)?;
    Ok(n as u32)
}

/// One task of a job (what a web worker runs).
#[wasm_bindgen(js_name = labTask)]
pub fn lab_task(lab: &str, values: &[f64], job: &str, task: u32) -> Result<Vec<f64>, JsError> {
    lab_of(lab)?.task(values, job, task as usize).map_err(js)
}

/// A lab page's results and figures.
#[wasm_bindgen]
pub struct Lab {
    session: Session,
}

#[wasm_bindgen]
impl Lab {
    #[wasm_bindgen(constructor)]
    pub fn new(lab: &str) -> Result<Lab, JsError> {
        Ok(Lab {
            session: Session::new(lab).map_err(js)?,
        })
    }

    /// The figure keys of this lab, in page order.
    pub fn figures(&self) -> Vec<String> {
        let figures = self.session.lab().info().figures;
        figures.iter().map(|f| f.key.to_string()).collect()
    }

    /// The figures' titles, in `figures()` order.
    pub fn titles(&self) -> Vec<String> {
        let figures = self.session.lab().info().figures;
        figures.iter().map(|f| f.title.to_string()).collect()
    }

    /// The figure keys a job's results are drawn in.
    #[wasm_bindgen(js_name = jobFigures)]
    pub fn job_figures(&self, job: &str) -> Result<Vec<String>, JsError> {
        let job = self.session.lab().job(job).map_err(js)?;
        Ok(job.figures.iter().map(|f| f.to_string()).collect())
    }

    /// The knob keys, in the order every call expects their values.
    pub fn keys(&self) -> Vec<String> {
        let knobs = self.session.lab().knobs();
        knobs.iter().map(|k| k.key.to_string()).collect()
    }

    pub fn defaults(&self) -> Vec<f64> {
        crate::labs::knobs::defaults(self.session.lab().knobs())
    }

    /// Stores a job's results: every task's numbers concatenated in task order.
    #[wasm_bindgen(js_name = setResults)]
    pub fn set_results(&mut self, values: &[f64], job: &str, flat: &[f64]) -> Result<(), JsError> {
        self.session.set_flat(values, job, flat).map_err(js)
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
            .map_err(|e| JsError::new(&format!("drawing {figure}: {e}")))?;
        area.present()
            .map_err(|e| JsError::new(&format!("drawing {figure}: {e}")))
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
            self.session.draw(&area, figure, &style).map_err(js)?;
            area.present().map_err(js)?;
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

    /// A figure of this lab, by key.
    fn figure(&self, key: &str) -> Result<&'static str, JsError> {
        Ok(self.session.lab().figure(key).map_err(js)?.key)
    }
}
