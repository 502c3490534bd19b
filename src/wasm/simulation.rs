//! The finite-sample simulation, one replicate per call (what the explorer's
//! web workers run), and the summary of a point's replicates. Numbers cross
//! as flat arrays named by `replicateNames` and `summaryNames`.

use wasm_bindgen::prelude::*;

use super::params;
use crate::simulation::replicates::Estimate;

/// What one replicate reports, in the order `simulateReplicate` returns it.
const REPLICATE: [&str; 6] = [
    "teacher",
    "teacher-majority",
    "teacher-minority",
    "student",
    "student-majority",
    "student-minority",
];

/// The simulation's settings (d_z, replicates, seed) for the page: key,
/// label, meaning, the page's range and default (`simulation::settings`).
#[wasm_bindgen(js_name = simSettings)]
pub fn sim_settings() -> String {
    crate::simulation::settings::to_json()
}

/// The names of the numbers `simulateReplicate` returns.
#[wasm_bindgen(js_name = replicateNames)]
pub fn replicate_names() -> Vec<String> {
    REPLICATE.map(String::from).to_vec()
}

/// The names of the numbers `summarizeReplicates` returns.
#[wasm_bindgen(js_name = summaryNames)]
pub fn summary_names() -> Vec<String> {
    ["teacher", "student", "gain"]
        .iter()
        .flat_map(|m| [format!("{m}.mean"), format!("{m}.se")])
        .collect()
}

/// Mean and standard error of the teacher's and the student's risk at η_t
/// and of their difference (the gain, per replicate), over replicates given
/// flat, each in `replicateNames()` order.
#[wasm_bindgen(js_name = summarizeReplicates)]
pub fn summarize_replicates(flat: &[f64]) -> Result<Vec<f64>, JsError> {
    let n = flat.len() / REPLICATE.len();
    if n < 2 || !flat.len().is_multiple_of(REPLICATE.len()) {
        return Err(JsError::new(&format!(
            "expected whole replicates of {} numbers, at least 2 of them, got {} numbers",
            REPLICATE.len(),
            flat.len()
        )));
    }
    if let Some(x) = flat.iter().find(|x| !x.is_finite()) {
        return Err(JsError::new(&format!(
            "a replicate's risk is {x}: every number must be finite"
        )));
    }
    let column = |j: usize| -> Vec<f64> { flat.chunks(REPLICATE.len()).map(|r| r[j]).collect() };
    let gains: Vec<f64> = flat.chunks(REPLICATE.len()).map(|r| r[0] - r[3]).collect();
    Ok([column(0), column(3), gains]
        .iter()
        .flat_map(|v| {
            let e = Estimate::of(v);
            [e.mean, e.se]
        })
        .collect())
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
    let cfg = crate::simulation::replicates::SimConfig {
        d_z: d_z as usize,
        reps: 2,
        seed: seed as u64,
        ..Default::default()
    };
    let r = crate::simulation::replicates::replicate(&p, &cfg, u64::from(index))
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
