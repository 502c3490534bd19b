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

/// Distribution of the group features ξ (THEORY.md section 1).
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
        match self {
            ParamName::PT => "p-t",
            ParamName::PS => "p-s",
            ParamName::Xi2 => "xi2",
            ParamName::Sep => "sep",
            ParamName::Rho => "rho",
            ParamName::EtaL => "eta-l",
            ParamName::EtaU => "eta-u",
            ParamName::EtaT => "eta-t",
            ParamName::Gamma => "gamma",
            ParamName::Nu => "nu",
            ParamName::SigmaY2 => "sigma-y2",
        }
    }

    /// The paper's symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            ParamName::PT => "p_T",
            ParamName::PS => "p_S",
            ParamName::Xi2 => "‖Ξ‖_F²",
            ParamName::Sep => "‖μ_ξ‖²/σ_ξ²",
            ParamName::Rho => "ρ",
            ParamName::EtaL => "η_ℓ",
            ParamName::EtaU => "η_u",
            ParamName::EtaT => "η_t",
            ParamName::Gamma => "γ_z",
            ParamName::Nu => "ν_z",
            ParamName::SigmaY2 => "σ_y²",
        }
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
    /// p_T γ_z ≥ 1 or p_S ν_z ≥ 1: least squares interpolates, no formula applies.
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
                write!(f, "{} = {} is not a finite number", name.label(), value)
            }
            ParamError::OutOfRange { name, value, range } => {
                write!(
                    f,
                    "{} = {} is out of range: allowed {}",
                    name.label(),
                    value,
                    range
                )
            }
            ParamError::NotInteger { name, value } => write!(
                f,
                "{} = {} must be a whole number in [1, {}]",
                name.label(),
                value,
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
                "{} = {} is outside the regime the theory covers: {}·{} = {:.4} must be < 1 \
                 (so {} < {:.6} for {} = {}); beyond it least squares interpolates and no \
                 formula here applies",
                name.label(),
                value,
                dim_name,
                name.symbol(),
                product,
                name.symbol(),
                1.0 / *dim as f64,
                dim_name,
                dim
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
    /// The reference point of THEORY.md section 6 (the theory is checked
    /// against the simulation and the spec's numbers there), in a given law.
    pub fn reference(law: Law) -> RawParams {
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
        let out = |name: ParamName, range: String| {
            Err(ParamError::OutOfRange {
                name,
                value: raw.get(name),
                range,
            })
        };
        if !(1..=MAX_P).contains(&raw.p_t) {
            return out(PT, format!("whole numbers in [1, {MAX_P}]"));
        }
        if !(1..=raw.p_t).contains(&raw.p_s) {
            return out(PS, format!("whole numbers in [1, p_T] = [1, {}]", raw.p_t));
        }
        let xi_max = (raw.p_s - 1) as f64;
        if !(0.0..=xi_max).contains(&raw.xi2) {
            return out(Xi2, format!("[0, p_S − 1] = [0, {xi_max}]"));
        }
        if raw.sep < 0.0 {
            return out(Sep, "[0, ∞)".into());
        }
        for name in [Rho, EtaL, EtaU, EtaT] {
            if !(0.0..=1.0).contains(&raw.get(name)) {
                return out(name, "[0, 1]".into());
            }
        }
        if raw.gamma <= 0.0 {
            return out(
                Gamma,
                format!("(0, 1/p_T) = (0, {:.6})", 1.0 / raw.p_t as f64),
            );
        }
        if raw.nu < 0.0 {
            return out(
                Nu,
                format!(
                    "[0, 1/p_S) = [0, {:.6}) (0 means N = ∞)",
                    1.0 / raw.p_s as f64
                ),
            );
        }
        if raw.sigma_y2 <= 0.0 {
            return out(SigmaY2, "(0, ∞)".into());
        }
        let regime = |name: ParamName, value: f64, dim_name: &'static str, dim: usize| {
            let product = dim as f64 * value;
            if product >= 1.0 {
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

    pub fn with_law(&self, law: Law) -> Params {
        Params(RawParams { law, ..self.0 })
    }
}
