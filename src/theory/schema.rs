//! What a person needs to know about each of the model's parameters, stated
//! once: its key (URL, JSON, `--flag`), the paper's symbol, what it means in
//! plain words, its allowed range as text, and how the page's slider spans it.
//! The page builds its controls from this table (through the wasm glue), the
//! CLI builds its flags and help from it, and the validation messages of
//! [`crate::theory::params`] take their names from it.

use crate::theory::params::{MAX_P, ParamName, RawParams};

/// One parameter, as every front end shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: ParamName,
    /// The name on the command line (`--eta-l`), in JSON and in URLs.
    pub key: &'static str,
    /// The paper's symbol.
    pub symbol: &'static str,
    /// How the symbol is defined, when it is a ratio of sizes ("d_z/n"); empty otherwise.
    pub defined_as: &'static str,
    /// One line in plain words.
    pub meaning: &'static str,
    /// The allowed range as a person reads it; [`crate::theory::params::Params::new`]
    /// enforces it (with the bounds substituted at the current state).
    pub range: &'static str,
    /// The page's slider: lowest, highest value and step (a typed value may
    /// go anywhere in `range`).
    pub slider: (f64, f64, f64),
    /// Whole numbers only.
    pub integer: bool,
    /// Shown under "Advanced" on the page: dimensions and scales a first
    /// reading can leave at their defaults.
    pub advanced: bool,
}

impl ParamSpec {
    /// The project's default value (`RawParams::default`).
    pub fn default_value(&self) -> f64 {
        RawParams::default().get(self.name)
    }

    /// The symbol with its definition: "γ_z = d_z/n".
    pub fn label(&self) -> String {
        if self.defined_as.is_empty() {
            self.symbol.to_string()
        } else {
            format!("{} = {}", self.symbol, self.defined_as)
        }
    }
}

const fn spec(
    name: ParamName,
    key: &'static str,
    symbol: &'static str,
    meaning: &'static str,
    range: &'static str,
    slider: (f64, f64, f64),
) -> ParamSpec {
    ParamSpec {
        name,
        key,
        symbol,
        defined_as: "",
        meaning,
        range,
        slider,
        integer: false,
        advanced: false,
    }
}

const fn whole(spec: ParamSpec) -> ParamSpec {
    ParamSpec {
        integer: true,
        advanced: true,
        ..spec
    }
}

const fn advanced(spec: ParamSpec) -> ParamSpec {
    ParamSpec {
        advanced: true,
        ..spec
    }
}

const fn defined(spec: ParamSpec, defined_as: &'static str) -> ParamSpec {
    ParamSpec { defined_as, ..spec }
}

const _: () = assert!(MAX_P == 64, "the p-t range text below says 64");

/// Every parameter, in [`ParamName::ALL`] order.
pub const SPECS: [ParamSpec; 11] = [
    whole(spec(
        ParamName::PT,
        "p-t",
        "p_T",
        "teacher's feature dimension (1 + the group features it reads)",
        "[1, 64]",
        (1.0, 16.0, 1.0),
    )),
    whole(spec(
        ParamName::PS,
        "p-s",
        "p_S",
        "student's feature dimension (1 + the group features it reads)",
        "[1, p_T]",
        (1.0, 16.0, 1.0),
    )),
    spec(
        ParamName::Xi2,
        "xi2",
        "‖Ξ‖_F²",
        "overlap of the teacher's and the student's group features",
        "[0, p_S − 1]",
        (0.0, 2.0, 0.01),
    ),
    spec(
        ParamName::Sep,
        "sep",
        "‖μ_ξ‖²/σ_ξ²",
        "how separable the two groups are",
        "[0, 100]",
        (0.0, 30.0, 0.1),
    ),
    advanced(spec(
        ParamName::Rho,
        "rho",
        "ρ",
        "share of the group signal the teacher sees",
        "[0, 1]",
        (0.0, 1.0, 0.01),
    )),
    spec(
        ParamName::EtaL,
        "eta-l",
        "η_ℓ",
        "minority fraction of the labeled data",
        "[0, 1]",
        (0.0, 1.0, 0.005),
    ),
    spec(
        ParamName::EtaU,
        "eta-u",
        "η_u",
        "minority fraction of the unlabeled data",
        "[0, 1]",
        (0.0, 1.0, 0.005),
    ),
    spec(
        ParamName::EtaT,
        "eta-t",
        "η_t",
        "minority fraction of the test data",
        "[0, 1]",
        (0.0, 1.0, 0.005),
    ),
    defined(
        spec(
            ParamName::Gamma,
            "gamma",
            "γ_z",
            "core features per labeled sample",
            "[1e-6, 0.9999/p_T]",
            (0.001, 0.16, 0.001),
        ),
        "d_z/n",
    ),
    defined(
        spec(
            ParamName::Nu,
            "nu",
            "ν_z",
            "core features per unlabeled sample (0: N = ∞)",
            "[0, 0.9999/p_S]",
            (0.0, 0.3, 0.0005),
        ),
        "d_z/N",
    ),
    advanced(spec(
        ParamName::SigmaY2,
        "sigma-y2",
        "σ_y²",
        "label-noise variance",
        "[1e-6, 1e6]",
        (0.1, 4.0, 0.05),
    )),
];

// Row i describes the parameter whose discriminant is i, so `spec` can index.
const _: () = {
    let mut i = 0;
    while i < SPECS.len() {
        assert!(SPECS[i].name as usize == i);
        i += 1;
    }
};

impl ParamName {
    /// This parameter's row of [`SPECS`].
    pub fn spec(self) -> &'static ParamSpec {
        &SPECS[self as usize]
    }
}

/// The table as JSON, for the page (through the wasm glue) and `w2s params
/// --json`: one object per parameter with its key, symbol, label, meaning,
/// range, default, slider min/max/step, and the integer and advanced flags.
pub fn to_json() -> String {
    use crate::labs::knobs::json_string;
    let items: Vec<String> = SPECS
        .iter()
        .map(|s| {
            let (min, max, step) = s.slider;
            format!(
                "{{\"key\":{},\"symbol\":{},\"label\":{},\"meaning\":{},\"range\":{},\"default\":{},\"min\":{min},\"max\":{max},\"step\":{step},\"integer\":{},\"advanced\":{}}}",
                json_string(s.key),
                json_string(s.symbol),
                json_string(&s.label()),
                json_string(s.meaning),
                json_string(s.range),
                s.default_value(),
                s.integer,
                s.advanced
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}
