//! Thin browser glue: parameters in as numbers, results out as flat arrays.
//! All validation and math happen in the core; errors cross as `Error`
//! objects whose message is the core's own text (parameter, value, range).

use wasm_bindgen::prelude::*;

use crate::analysis;
use crate::engine::{Engine, Request};
use crate::params::{Law, ParamName, Params, RawParams};
use crate::theory::Layer;

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

/// A theory engine that keeps its caches between calls.
#[wasm_bindgen]
pub struct Explorer {
    engine: Engine,
}

impl Default for Explorer {
    fn default() -> Self {
        Explorer::new()
    }
}

#[wasm_bindgen]
impl Explorer {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Explorer {
        Explorer {
            engine: Engine::new(),
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
        let mut out = Vec::with_capacity(26);
        for layer in Layer::ALL {
            let l = ev.layer(layer).expect("all layers requested");
            let c = l.ceiling.map_or(f64::NAN, |c| c.at);
            out.extend([
                l.teacher.at,
                l.student.at,
                c,
                l.gain(),
                l.relative_gain(),
                l.pgr().unwrap_or(f64::NAN),
            ]);
        }
        let x = ev.exact.expect("exact requested");
        out.extend([
            x.teacher.majority,
            x.teacher.minority,
            x.student.majority,
            x.student.minority,
        ]);
        for layer in [Layer::ClosedForm, Layer::Exact] {
            let star = analysis::eta_u_star(&mut self.engine, &p, layer).map_err(err)?;
            out.push(star.unwrap_or(f64::NAN));
        }
        Ok(out)
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
