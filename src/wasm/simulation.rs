//! The finite-sample simulation, one replicate per call (what the explorer's
//! web workers run).

use wasm_bindgen::prelude::*;

use super::params;

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
