//! The model's parameters as one validated type.
//!
//! [`RawParams`] is a plain record anyone can fill in; [`Params`] can only be
//! obtained through [`Params::new`], which checks every range and the regime the
//! theory covers (p_T γ_z < 1, p_S ν_z < 1). Every violation is a [`ParamError`]
//! whose message names the parameter, its value and the allowed range, so the
//! CLI and the page can show it as is.

use std::fmt;

/// Largest teacher dimension accepted (keeps every dense matrix tiny).
pub const MAX_P: usize = 64;

/// Largest separability accepted. Σ's condition number grows like sep², and
/// near the regime edge the exact fixed point loses accuracy with it: at
/// p·γ_z = 0.9999 its risks agree with a half-step quadrature to 8e-8 up to
/// sep = 100, to 5e-6 at 300 (where the first solves fail), and from sep ≈ 1e4
/// solves fail at any γ_z (the Cholesky factor of Σ_S breaks from sep ≈ 1e16).
/// 100 is ten standard deviations between the groups, past where either law
/// changes character (the mixture has saturated, the surrogate grows linearly),
/// and over three times the page's slider.
pub const MAX_SEP: f64 = 100.0;

/// Largest p_T·γ_z and p_S·ν_z accepted. The theory holds for products below 1,
/// but Q grows like 1/(1 − p·γ_z) and its scale is only weakly fixed by the
/// equation (the residual is nearly invariant under Q → λQ there), so in double
/// precision the exact layer stops being reliable close to 1: at 1 − 1e-9 two
/// quadrature steps disagree by 90 % even at sep = 1, at 1 − 1e-6 solves fail,
/// while at 1 − 1e-4 (and 1 − 5e-5, for margin) every solve up to MAX_SEP
/// converges and agrees with the half step to 1e-7. Risks there are already
/// 10⁴ times their first-order values, which is the gap worth showing.
pub const MAX_FILL: f64 = 0.9999;

/// Smallest γ_z accepted (n at most 10⁶ d_z). Below it the exact layer equals
/// the first order to 1e-6 relative, and with σ_y² ≥ [`MIN_SIGMA_Y2`] every
/// risk stays ≥ 1e-12 σ_y²-units, far from underflow (at σ_y² γ_z → 0 the
/// relative gain becomes 0/0).
pub const MIN_GAMMA: f64 = 1e-6;

/// σ_y² range. Every risk is proportional to σ_y², so its range only keeps the
/// results ordinary numbers: at most MAX_SIGMA_Y2 · 1e8 (risks near the edges of
/// the other ranges) and at least MIN_SIGMA_Y2 · MIN_GAMMA. The page's slider
/// spans [0.1, 4].
pub const MIN_SIGMA_Y2: f64 = 1e-6;
pub const MAX_SIGMA_Y2: f64 = 1e6;

/// Distribution of the group features ξ (docs/THEORY.md section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Law {
    /// ξ | g ~ N(g μ_ξ, σ_ξ² I): the model as stated, with between-group variance.
    Mixture,
    /// ξ ~ N(η μ_ξ, σ_ξ² I): same mean, no between-group variance.
    Surrogate,
}

impl Law {
    pub const ALL: [Law; 2] = [Law::Mixture, Law::Surrogate];

    pub fn name(self) -> &'static str {
        match self {
            Law::Mixture => "mixture",
            Law::Surrogate => "surrogate",
        }
    }

    pub fn parse(text: &str) -> Result<Law, ParamError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mixture" => Ok(Law::Mixture),
            "surrogate" => Ok(Law::Surrogate),
            _ => Err(ParamError::UnknownLaw(text.to_string())),
        }
    }
}

impl fmt::Display for Law {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every numeric parameter, with the names a person sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamName {
    PT,
    PS,
    Xi2,
    Sep,
    Rho,
    EtaL,
    EtaU,
    EtaT,
    Gamma,
    Nu,
    SigmaY2,
}

impl ParamName {
    pub const ALL: [ParamName; 11] = [
        ParamName::PT,
        ParamName::PS,
        ParamName::Xi2,
        ParamName::Sep,
        ParamName::Rho,
        ParamName::EtaL,
        ParamName::EtaU,
        ParamName::EtaT,
        ParamName::Gamma,
        ParamName::Nu,
        ParamName::SigmaY2,
    ];

    /// The name used on the command line (`--eta-l`), in JSON and in URLs.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The paper's symbol.
    pub fn symbol(self) -> &'static str {
        self.spec().symbol
    }

    pub fn parse(text: &str) -> Option<ParamName> {
        let norm = text.trim().to_ascii_lowercase().replace('_', "-");
        let norm = norm.trim_start_matches('-');
        ParamName::ALL.into_iter().find(|p| p.key() == norm)
    }

    fn label(self) -> String {
        format!("{} ({})", self.key(), self.symbol())
    }
}

impl fmt::Display for ParamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Why a parameter set was refused. The `Display` text is the whole message.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamError {
    /// NaN or ±inf.
    NotFinite {
        name: ParamName,
        value: f64,
    },
    /// A value outside its interval; `range` is written as a person reads it.
    OutOfRange {
        name: ParamName,
        value: f64,
        range: String,
    },
    /// p_T or p_S given as a non-integer.
    NotInteger {
        name: ParamName,
        value: f64,
    },
    /// p_T γ_z or p_S ν_z above [`MAX_FILL`]: least squares interpolates (≥ 1),
    /// or the exact theory cannot be computed reliably (just below 1).
    Regime {
        name: ParamName,
        value: f64,
        product: f64,
        dim_name: &'static str,
        dim: usize,
    },
    UnknownLaw(String),
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::NotFinite { name, value } => {
                write!(
                    f,
                    "{} = {} is not a finite number",
                    name.label(),
                    show(*value)
                )
            }
            ParamError::OutOfRange { name, value, range } => {
                write!(
                    f,
                    "{} = {} is out of range: allowed {}",
                    name.label(),
                    show(*value),
                    range
                )
            }
            ParamError::NotInteger { name, value } => write!(
                f,
                "{} = {} must be a whole number in [1, {}]",
                name.label(),
                show(*value),
                MAX_P
            ),
            ParamError::Regime {
                name,
                value,
                product,
                dim_name,
                dim,
            } => write!(
                f,
                "{} = {} is outside the regime the theory covers: {}·{} = {:.6} must be ≤ {} \
                 (so {} ≤ {:.6} for {} = {}); at 1 and beyond least squares interpolates and \
                 no formula here applies, and just below 1 the risks grow as 1/(1 − {}·{}) \
                 faster than the exact theory can be computed reliably",
                name.label(),
                show(*value),
                dim_name,
                name.symbol(),
                product,
                MAX_FILL,
                name.symbol(),
                max_ratio(*dim),
                dim_name,
                dim,
                dim_name,
                name.symbol(),
            ),
            ParamError::UnknownLaw(text) => {
                write!(
                    f,
                    "law = '{text}' is not a law: allowed mixture or surrogate"
                )
            }
        }
    }
}

impl std::error::Error for ParamError {}

/// A value as a person reads it: `{}` prints 1e300 with 301 digits, so very
/// large and very small magnitudes are written in exponent form.
fn show(x: f64) -> String {
    let a = x.abs();
    if a >= 1e7 || (a > 0.0 && a < 1e-4) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// The largest γ_z (or ν_z) accepted for features of dimension `dim`.
pub fn max_ratio(dim: usize) -> f64 {
    MAX_FILL / dim as f64
}

/// An unchecked parameter record. `Default` gives the project's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawParams {
    pub p_t: usize,
    pub p_s: usize,
    /// ‖Ξ‖_F², the teacher–student feature similarity, in [0, p_S − 1].
    pub xi2: f64,
    /// ‖μ_ξ‖²/σ_ξ², the separability of the groups.
    pub sep: f64,
    /// Share of the group signal the teacher sees.
    pub rho: f64,
    pub eta_l: f64,
    pub eta_u: f64,
    pub eta_t: f64,
    /// γ_z = d_z / n.
    pub gamma: f64,
    /// ν_z = d_z / N; 0 means N = ∞.
    pub nu: f64,
    pub sigma_y2: f64,
    pub law: Law,
}

impl Default for RawParams {
    fn default() -> Self {
        RawParams {
            p_t: 6,
            p_s: 3,
            xi2: 0.5,
            sep: 4.0,
            rho: 1.0,
            eta_l: 0.1,
            eta_u: 0.1,
            eta_t: 0.5,
            gamma: 0.05,
            nu: 0.005,
            sigma_y2: 1.0,
            law: Law::Mixture,
        }
    }
}

impl RawParams {
    /// The reference point of docs/THEORY.md section 6 (the theory is checked
    /// against the simulation and the spec's numbers there), in a given law.
    pub const fn reference(law: Law) -> RawParams {
        RawParams {
            p_t: 4,
            p_s: 3,
            xi2: 0.5,
            sep: 4.0,
            rho: 1.0,
            eta_l: 0.1,
            eta_u: 0.3,
            eta_t: 0.5,
            gamma: 0.05,
            nu: 0.01,
            sigma_y2: 1.0,
            law,
        }
    }

    /// The value of one numeric parameter.
    pub fn get(&self, name: ParamName) -> f64 {
        match name {
            ParamName::PT => self.p_t as f64,
            ParamName::PS => self.p_s as f64,
            ParamName::Xi2 => self.xi2,
            ParamName::Sep => self.sep,
            ParamName::Rho => self.rho,
            ParamName::EtaL => self.eta_l,
            ParamName::EtaU => self.eta_u,
            ParamName::EtaT => self.eta_t,
            ParamName::Gamma => self.gamma,
            ParamName::Nu => self.nu,
            ParamName::SigmaY2 => self.sigma_y2,
        }
    }

    /// Sets one numeric parameter. Only the checks that the field's type needs
    /// happen here (finite, whole number); ranges are checked by [`Params::new`].
    pub fn set(&mut self, name: ParamName, value: f64) -> Result<(), ParamError> {
        if !value.is_finite() {
            return Err(ParamError::NotFinite { name, value });
        }
        match name {
            ParamName::PT | ParamName::PS => {
                if value.fract() != 0.0 || !(1.0..=MAX_P as f64).contains(&value) {
                    return Err(ParamError::NotInteger { name, value });
                }
                let v = value as usize;
                if name == ParamName::PT {
                    self.p_t = v;
                } else {
                    self.p_s = v;
                }
            }
            ParamName::Xi2 => self.xi2 = value,
            ParamName::Sep => self.sep = value,
            ParamName::Rho => self.rho = value,
            ParamName::EtaL => self.eta_l = value,
            ParamName::EtaU => self.eta_u = value,
            ParamName::EtaT => self.eta_t = value,
            ParamName::Gamma => self.gamma = value,
            ParamName::Nu => self.nu = value,
            ParamName::SigmaY2 => self.sigma_y2 = value,
        }
        Ok(())
    }
}

/// A parameter set that passed every check; the theory only accepts this type.
/// (The defaults pass them.)
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Params(RawParams);

impl std::ops::Deref for Params {
    type Target = RawParams;
    fn deref(&self) -> &RawParams {
        &self.0
    }
}

/// The allowed range of a parameter as the schema states it (one text for
/// the page, the CLI help and this message), with the bounds that depend on
/// the dimensions substituted at `raw`: "[1, p_T] = [1, 6]".
fn allowed(name: ParamName, raw: &RawParams) -> String {
    let spec = name.spec();
    let whole = if spec.integer {
        "whole numbers in "
    } else {
        ""
    };
    let at = match name {
        ParamName::PS => format!(" = [1, {}]", raw.p_t),
        ParamName::Xi2 => format!(" = [0, {}]", (raw.p_s.max(1) - 1) as f64),
        ParamName::Gamma => format!(" = [{MIN_GAMMA:e}, {:.6}]", max_ratio(raw.p_t)),
        ParamName::Nu => format!(" = [0, {:.6}] (0 means N = ∞)", max_ratio(raw.p_s)),
        _ => String::new(),
    };
    format!("{whole}{}{at}", spec.range)
}

impl Params {
    /// Checks every range, then the regime. The first violation is returned.
    pub fn new(raw: RawParams) -> Result<Params, ParamError> {
        use ParamName::*;
        for name in ParamName::ALL {
            let value = raw.get(name);
            if !value.is_finite() {
                return Err(ParamError::NotFinite { name, value });
            }
        }
        let out = |name: ParamName| {
            Err(ParamError::OutOfRange {
                name,
                value: raw.get(name),
                range: allowed(name, &raw),
            })
        };
        if !(1..=MAX_P).contains(&raw.p_t) {
            return out(PT);
        }
        if !(1..=raw.p_t).contains(&raw.p_s) {
            return out(PS);
        }
        if !(0.0..=(raw.p_s - 1) as f64).contains(&raw.xi2) {
            return out(Xi2);
        }
        if !(0.0..=MAX_SEP).contains(&raw.sep) {
            return out(Sep);
        }
        for name in [Rho, EtaL, EtaU, EtaT] {
            if !(0.0..=1.0).contains(&raw.get(name)) {
                return out(name);
            }
        }
        // Their upper bounds are the regime's, checked below with its own message.
        if raw.gamma < MIN_GAMMA {
            return out(Gamma);
        }
        if raw.nu < 0.0 {
            return out(Nu);
        }
        if !(MIN_SIGMA_Y2..=MAX_SIGMA_Y2).contains(&raw.sigma_y2) {
            return out(SigmaY2);
        }
        let regime = |name: ParamName, value: f64, dim_name: &'static str, dim: usize| {
            let product = dim as f64 * value;
            // The slack lets γ_z = MAX_FILL/p_T through whatever its rounding.
            if product > MAX_FILL * (1.0 + 1e-12) {
                Err(ParamError::Regime {
                    name,
                    value,
                    product,
                    dim_name,
                    dim,
                })
            } else {
                Ok(())
            }
        };
        regime(Gamma, raw.gamma, "p_T", raw.p_t)?;
        regime(Nu, raw.nu, "p_S", raw.p_s)?;
        Ok(Params(raw))
    }

    pub fn raw(&self) -> RawParams {
        self.0
    }

    /// The same parameters with one value changed, checked again.
    pub fn with(&self, name: ParamName, value: f64) -> Result<Params, ParamError> {
        let mut raw = self.0;
        raw.set(name, value)?;
        Params::new(raw)
    }
}
