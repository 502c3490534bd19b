//! The simulation's settings as every front end shows them, stated once:
//! key (`--d-z`, the link's `d-z=`), label, meaning, and the whole numbers
//! allowed. The page offers a smaller range than the CLI: its runs happen in
//! a browser tab's workers, each with its own wasm memory (the unlabeled
//! sample alone is N × d_z numbers, N = d_z/ν_z), so d_z stops at 512 there,
//! and replicates at 500 (a click should finish in minutes).

use crate::labs::knobs::json_string;

/// One setting of a simulation run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimSetting {
    pub key: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
    /// Allowed whole numbers on the command line.
    pub cli: (u64, u64),
    /// Allowed whole numbers in the page.
    pub page: (u64, u64),
    /// The default on the command line.
    pub cli_default: u64,
    /// The default in the page (a run there should take seconds).
    pub page_default: u64,
}

/// The largest whole number a page's number (an f64) holds exactly.
const PAGE_MAX_SEED: u64 = (1 << 53) - 1;

/// d_z, replicates and seed, in the order the page shows them.
pub const SETTINGS: [SimSetting; 3] = [
    SimSetting {
        key: "d-z",
        label: "d_z (core dimension)",
        meaning: "core dimension d_z (n = round(d_z/γ_z), N = round(d_z/ν_z))",
        cli: (1, 100_000),
        page: (4, 512),
        cli_default: 128,
        page_default: 48,
    },
    SimSetting {
        key: "reps",
        label: "replicates per point",
        meaning: "number of independent replicates",
        cli: (2, 100_000),
        page: (2, 500),
        cli_default: 10,
        page_default: 8,
    },
    SimSetting {
        key: "seed",
        label: "seed",
        meaning: "seed of the random numbers (same seed, same numbers)",
        cli: (0, u64::MAX),
        page: (0, PAGE_MAX_SEED),
        cli_default: 1,
        page_default: 1,
    },
];

/// The setting of a key.
pub fn setting(key: &str) -> Option<&'static SimSetting> {
    SETTINGS.iter().find(|s| s.key == key)
}

impl SimSetting {
    /// A command-line value, checked against the CLI's range; the error
    /// names the flag, the value and the range.
    pub fn parse_cli(&self, text: &str) -> Result<u64, String> {
        let (lo, hi) = self.cli;
        match text.trim().parse::<u64>() {
            Ok(v) if (lo..=hi).contains(&v) => Ok(v),
            Ok(v) if v > hi => Err(format!(
                "--{} = {v} is out of range: allowed [{lo}, {hi}]",
                self.key
            )),
            _ => Err(format!(
                "--{} = '{text}' must be a whole number >= {lo}",
                self.key
            )),
        }
    }
}

/// The settings as JSON for the page: key, label, meaning, the page's range
/// and default.
pub fn to_json() -> String {
    let rows: Vec<String> = SETTINGS
        .iter()
        .map(|s| {
            format!(
                "{{\"key\":{},\"label\":{},\"meaning\":{},\"min\":{},\"max\":{},\"default\":{}}}",
                json_string(s.key),
                json_string(s.label),
                json_string(s.meaning),
                s.page.0,
                s.page.1,
                s.page_default
            )
        })
        .collect();
    format!("[{}]", rows.join(","))
}
