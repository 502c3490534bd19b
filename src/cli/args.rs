//! Command-line arguments shared by every subcommand: the model's parameters.
//! Values are read as text and checked by the core, so every bad value gets
//! the core's message (parameter, value, allowed range).

use clap::Args;
use w2s::{Law, ParamName, Params, RawParams};

/// The model's parameters; unset ones take the project's defaults.
#[derive(Debug, Clone, Default, Args)]
pub struct ParamArgs {
    /// p_T, teacher feature dimension (whole number, 1..=64) [default: 6]
    #[arg(long = "p-t", value_name = "INT", allow_hyphen_values = true)]
    p_t: Option<String>,
    /// p_S, student feature dimension (1..=p_T) [default: 3]
    #[arg(long = "p-s", value_name = "INT", allow_hyphen_values = true)]
    p_s: Option<String>,
    /// ‖Ξ‖_F², teacher-student feature similarity, in [0, p_S-1] [default: 0.5]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    xi2: Option<String>,
    /// ‖μ_ξ‖²/σ_ξ², separability of the groups, >= 0 [default: 4]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    sep: Option<String>,
    /// ρ, share of the group signal the teacher sees, in [0, 1] [default: 1]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    rho: Option<String>,
    /// η_ℓ, minority fraction of the labeled data, in [0, 1] [default: 0.1]
    #[arg(long = "eta-l", value_name = "X", allow_hyphen_values = true)]
    eta_l: Option<String>,
    /// η_u, minority fraction of the unlabeled data, in [0, 1] [default: 0.1]
    #[arg(long = "eta-u", value_name = "X", allow_hyphen_values = true)]
    eta_u: Option<String>,
    /// η_t, minority fraction of the test distribution, in [0, 1] [default: 0.5]
    #[arg(long = "eta-t", value_name = "X", allow_hyphen_values = true)]
    eta_t: Option<String>,
    /// γ_z = d_z/n, in (0, 1/p_T) [default: 0.05]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    gamma: Option<String>,
    /// ν_z = d_z/N, in [0, 1/p_S); 0 means N = ∞ [default: 0.005]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    nu: Option<String>,
    /// σ_y², label-noise variance, > 0 [default: 1]
    #[arg(long = "sigma-y2", value_name = "X", allow_hyphen_values = true)]
    sigma_y2: Option<String>,
    /// Law of the group features: mixture or surrogate [default: mixture]
    #[arg(long, value_name = "LAW")]
    law: Option<String>,
}

/// Reads a number as the user typed it; NaN and ±inf get through so that
/// the core can say what is wrong with them.
pub fn number(flag: &str, text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("--{flag} = '{text}' is not a number"))
}

impl ParamArgs {
    pub fn raw(&self) -> Result<RawParams, String> {
        let mut raw = RawParams::default();
        let given = [
            (ParamName::PT, &self.p_t),
            (ParamName::PS, &self.p_s),
            (ParamName::Xi2, &self.xi2),
            (ParamName::Sep, &self.sep),
            (ParamName::Rho, &self.rho),
            (ParamName::EtaL, &self.eta_l),
            (ParamName::EtaU, &self.eta_u),
            (ParamName::EtaT, &self.eta_t),
            (ParamName::Gamma, &self.gamma),
            (ParamName::Nu, &self.nu),
            (ParamName::SigmaY2, &self.sigma_y2),
        ];
        for (name, text) in given {
            if let Some(text) = text {
                let v = number(name.key(), text)?;
                raw.set(name, v).map_err(|e| e.to_string())?;
            }
        }
        if let Some(law) = &self.law {
            raw.law = Law::parse(law).map_err(|e| e.to_string())?;
        }
        Ok(raw)
    }

    pub fn params(&self) -> Result<Params, String> {
        Params::new(self.raw()?).map_err(|e| e.to_string())
    }
}
