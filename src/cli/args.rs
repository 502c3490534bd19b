//! Command-line arguments shared by every subcommand: the model's parameters.
//! Values are read as text and checked by the core, so every bad value gets
//! the core's message (parameter, value, allowed range).

use clap::Args;
use w2s::sweep::Axis;
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
    /// ‖μ_ξ‖²/σ_ξ², separability of the groups, in [0, 100] [default: 4]
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
    /// γ_z = d_z/n, in [1e-6, 0.9999/p_T] [default: 0.05]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    gamma: Option<String>,
    /// ν_z = d_z/N, in [0, 0.9999/p_S]; 0 means N = ∞ [default: 0.005]
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    nu: Option<String>,
    /// σ_y², label-noise variance, in [1e-6, 1e6] [default: 1]
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

/// The parameter a sweep or a boundary search varies, and over what range.
#[derive(Debug, Clone, Args)]
pub struct RangeArgs {
    /// Parameter to vary: eta-l, eta-u, eta-t, gamma, nu, sep, xi2, rho, sigma-y2, p-t, p-s
    #[arg(long, value_name = "NAME")]
    vary: String,
    /// First value [default: the parameter's natural lower end]
    #[arg(long, value_name = "A", allow_hyphen_values = true)]
    from: Option<String>,
    /// Last value [default: the parameter's natural upper end]
    #[arg(long, value_name = "B", allow_hyphen_values = true)]
    to: Option<String>,
}

impl RangeArgs {
    pub fn axis(&self, points: &str, p: &Params) -> Result<Axis, String> {
        axis(
            &self.vary,
            self.from.as_deref(),
            self.to.as_deref(),
            points,
            p,
        )
    }
}

fn param_name(text: &str) -> Result<ParamName, String> {
    ParamName::parse(text).ok_or_else(|| {
        let names: Vec<&str> = ParamName::ALL.iter().map(|p| p.key()).collect();
        format!(
            "--vary '{text}' is not a parameter: allowed {}",
            names.join(", ")
        )
    })
}

/// The natural range of a parameter at the given point (used when --from/--to are omitted).
fn natural_range(name: ParamName, p: &Params) -> (f64, f64) {
    match name {
        ParamName::Xi2 => (0.0, (p.p_s - 1) as f64),
        ParamName::Sep => (0.0, 20.0),
        ParamName::Gamma => (0.001, 0.95 / p.p_t as f64),
        ParamName::Nu => (0.0, 0.95 / p.p_s as f64),
        ParamName::SigmaY2 => (0.1, 2.0),
        ParamName::PT => (p.p_s as f64, 16.0_f64.max(p.p_s as f64 + 1.0)),
        ParamName::PS => (1.0, p.p_t as f64),
        _ => (0.0, 1.0),
    }
}

/// An axis from the words on the command line.
pub fn axis(
    name: &str,
    from: Option<&str>,
    to: Option<&str>,
    points: &str,
    p: &Params,
) -> Result<Axis, String> {
    let name = param_name(name)?;
    let (lo, hi) = natural_range(name, p);
    let from = from.map(|t| number("from", t)).transpose()?.unwrap_or(lo);
    let to = to.map(|t| number("to", t)).transpose()?.unwrap_or(hi);
    let points = points
        .trim()
        .parse::<usize>()
        .map_err(|_| format!("--points = '{points}' is not a whole number >= 2"))?;
    Axis::linspace(name, from, to, points).map_err(|e| e.to_string())
}
