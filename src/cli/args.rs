//! Command-line arguments shared by every subcommand: the model's parameters.
//! Values are read as text and checked by the core, so every bad value gets
//! the core's message (parameter, value, allowed range).

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};
use w2s::theory::schema::SPECS;
use w2s::theory::sweep::Axis;
use w2s::{Law, ParamName, Params, RawParams};

/// The model's parameters; unset ones take the project's defaults. The flags
/// and their help are built from the core's parameter table (`w2s::theory::schema`).
#[derive(Debug, Clone, Default)]
pub struct ParamArgs {
    /// The text given for each parameter, in `ParamName::ALL` order.
    given: Vec<Option<String>>,
    law: Option<String>,
}

impl FromArgMatches for ParamArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(ParamArgs {
            given: SPECS
                .iter()
                .map(|s| m.get_one::<String>(s.key).cloned())
                .collect(),
            law: m.get_one::<String>("law").cloned(),
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for ParamArgs {
    fn augment_args(cmd: Command) -> Command {
        let cmd = SPECS.iter().fold(cmd, |cmd, s| {
            cmd.arg(
                Arg::new(s.key)
                    .long(s.key)
                    .value_name(if s.integer { "INT" } else { "X" })
                    .allow_hyphen_values(true)
                    .help(format!(
                        "{}, {}, in {}{} [default: {}]",
                        s.label(),
                        s.meaning,
                        s.range,
                        if s.integer { " (whole numbers)" } else { "" },
                        s.default_value()
                    )),
            )
        });
        cmd.arg(
            Arg::new("law")
                .long("law")
                .value_name("LAW")
                .help("Law of the group features: mixture or surrogate [default: mixture]"),
        )
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

/// Reads a number as the user typed it; NaN and ±inf get through so that
/// the core can say what is wrong with them.
pub fn number(flag: &str, text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("--{flag} = '{text}' is not a number"))
}

impl ParamArgs {
    /// Takes a field of a page link as a parameter or the law, unless the
    /// command line gave it (a flag overrides the link). False when the key
    /// is neither.
    pub fn take_link_field(&mut self, key: &str, value: &str) -> bool {
        let slot = match SPECS.iter().position(|s| s.key == key) {
            Some(i) => &mut self.given[i],
            None if key == "law" => &mut self.law,
            None => return false,
        };
        slot.get_or_insert_with(|| value.to_string());
        true
    }

    pub fn raw(&self) -> Result<RawParams, String> {
        let mut raw = RawParams::default();
        for (spec, text) in SPECS.iter().zip(&self.given) {
            if let Some(text) = text {
                let v = number(spec.key, text)?;
                raw.set(spec.name, v).map_err(|e| e.to_string())?;
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

/// Most threads `--threads` takes (far beyond any machine's cores; a typo
/// like 10000 is refused rather than spawning that many).
pub const MAX_THREADS: usize = 1024;

/// `--threads N`: a whole number in [1, MAX_THREADS]; every core when not given.
pub fn threads(text: Option<&str>) -> Result<usize, String> {
    let Some(text) = text else {
        return Ok(w2s::simulation::parallel::available_threads());
    };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!(
            "--threads = '{text}' must be a whole number of threads: allowed [1, {MAX_THREADS}]"
        )),
    }
}

/// `--shard K/N`: the K-th (1-based) of N interleaved parts of a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

/// Most parts a grid can be split into.
pub const MAX_SHARDS: usize = 100_000;

impl Shard {
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || {
            format!(
                "--shard = '{text}' must be K/N, the K-th of N parts: whole numbers with \
                 1 ≤ K ≤ N ≤ {MAX_SHARDS}"
            )
        };
        let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let (k, n) = (
            k.trim().parse::<usize>().map_err(|_| bad())?,
            n.trim().parse::<usize>().map_err(|_| bad())?,
        );
        if k == 0 || n == 0 || k > n || n > MAX_SHARDS {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether grid point `i` (0-based) is in this part: points k−1, k−1+N, …
    pub fn holds(&self, i: usize) -> bool {
        i % self.n == self.k - 1
    }
}
