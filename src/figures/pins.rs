//! Pinned states: up to [`MAX_PINS`] parameter sets kept beside the live one
//! so that two regimes can be compared. Each pin's exact curves are computed
//! once, when it is pinned (or when the map's axes change), and every figure
//! draws them as a faint ghost under the live lines, with a legend entry
//! naming the parameters that differ from the live state.
//!
//! A pin travels in a link as text: `key:value` fields joined by commas,
//! only those that differ from the defaults (`law:surrogate,sep:20,xi2:0`).
//! Numbers are written in the shortest form that reads back to the same
//! bits, so a shared link restores the pin exactly.

use std::sync::Arc;

use plotters::prelude::*;

use super::dashboard::{self, Curve, Dashboard, MapPair, Needs};
use super::describe::num;
use super::kit::{DrawResult, INK, Legend, Stroke, Style, Swatch, over_white, stroke_path};
use crate::error::Error;
use crate::theory::engine::Engine;
use crate::theory::params::{Law, ParamName, Params, RawParams};
use crate::theory::risks::Layer;

/// At most this many pins: more ghosts than three hide the live curves.
pub const MAX_PINS: usize = 3;
/// The longest pin text read (every field written out is about 200 characters).
pub const MAX_PIN_TEXT: usize = 400;

/// One pinned state and its exact dashboard.
#[derive(Debug, Clone)]
pub struct Pin {
    pub params: Params,
    pub board: Dashboard,
}

/// The pins a dashboard carries, shared (a frame copies the pointer, not the curves).
pub type Pins = Arc<[Pin]>;

/// No pins.
pub fn none() -> Pins {
    Arc::from(Vec::new())
}

impl Pin {
    /// The pin's exact dashboard: every figure, no approximate layer, the
    /// map over `pair`. `engine` should be the pins' own, so that computing a
    /// pin does not evict the live state's cached solves.
    pub fn compute(engine: &mut Engine, params: Params, pair: MapPair) -> Result<Pin, Error> {
        let needs = Needs {
            first_order: false,
            closed_form: false,
            ..Needs::ALL
        };
        let board = dashboard::compute_with(engine, &params, Layer::Exact, needs, pair)?;
        Ok(Pin { params, board })
    }
}

/// Reads and computes pins from their texts, in order; an error names the
/// pin ("pin 2: …") and its field. Callers bound the count ([`MAX_PINS`])
/// with their own words.
pub fn read(engine: &mut Engine, texts: &[String], pair: MapPair) -> Result<Vec<Pin>, Error> {
    let params = texts
        .iter()
        .enumerate()
        .map(|(k, t)| parse(t).map_err(|e| Error::Request(format!("pin {}: {e}", k + 1))))
        .collect::<Result<Vec<_>, _>>()?;
    compute_all(engine, &params, pair)
}

/// The pins of these states, computed for the map over `pair`.
pub fn compute_all(
    engine: &mut Engine,
    params: &[Params],
    pair: MapPair,
) -> Result<Vec<Pin>, Error> {
    params
        .iter()
        .map(|p| Pin::compute(engine, *p, pair))
        .collect()
}

/// A pin's text: the fields that differ from the defaults, law first.
pub fn text(p: &Params) -> String {
    let (raw, base) = (p.raw(), RawParams::default());
    let mut fields = Vec::new();
    if raw.law != base.law {
        fields.push(format!("law:{}", raw.law.name()));
    }
    for name in ParamName::ALL {
        let v = raw.get(name);
        if v.to_bits() != base.get(name).to_bits() {
            fields.push(format!("{}:{v}", name.key()));
        }
    }
    fields.join(",")
}

/// Reads a pin's text (see the module's header); the message names the field
/// refused, or the parameter out of range with its allowed range.
pub fn parse(text: &str) -> Result<Params, Error> {
    let bad = |why: String| Err(Error::Request(why));
    if text.chars().count() > MAX_PIN_TEXT {
        return bad(format!(
            "a pin of {} characters is too long: at most {MAX_PIN_TEXT}",
            text.chars().count()
        ));
    }
    let mut raw = RawParams::default();
    let mut seen: Vec<&str> = Vec::new();
    for field in text.split(',').filter(|f| !f.is_empty()) {
        let shown: String = field.chars().take(40).collect();
        let Some((key, value)) = field.split_once(':') else {
            return bad(format!("pin field '{shown}' is not key:value"));
        };
        if seen.contains(&key) {
            return bad(format!("pin field '{key}' is given twice"));
        }
        seen.push(key);
        if key == "law" {
            raw.law = Law::parse(value)?;
            continue;
        }
        let Some(name) = ParamName::ALL.into_iter().find(|n| n.key() == key) else {
            return bad(format!(
                "pin field '{shown}': '{key}' is not a parameter: allowed law, {}",
                ParamName::ALL.map(ParamName::key).join(", ")
            ));
        };
        let Ok(v) = value.parse::<f64>() else {
            return bad(format!("pin field '{shown}': '{value}' is not a number"));
        };
        raw.set(name, v)?;
    }
    Ok(Params::new(raw)?)
}

/// The parameters of `pin` that differ from `live`, as "symbol value" in
/// the page's order, at most three named (then "+N more"); "same as now"
/// when none does.
pub fn differences(live: &Params, pin: &Params) -> String {
    let (a, b) = (live.raw(), pin.raw());
    let mut out = Vec::new();
    if a.law != b.law {
        out.push(format!("{} law", b.law.name()));
    }
    for name in ParamName::ALL {
        if a.get(name).to_bits() != b.get(name).to_bits() {
            out.push(format!("{} {}", name.spec().symbol, num(b.get(name))));
        }
    }
    match out.len() {
        0 => "same as now".into(),
        n if n > 3 => format!("{}, +{} more", out[..3].join(", "), n - 3),
        _ => out.join(", "),
    }
}

/// A pin's legend entry: "pin 1: sep 20, ‖Ξ‖_F² 0".
pub fn label(k: usize, live: &Params, pin: &Params) -> String {
    format!("pin {}: {}", k + 1, differences(live, pin))
}

/// Pin `k`'s line pattern: each pin its own, all drawn wide and faint.
pub fn stroke(k: usize) -> Stroke {
    [Stroke::Solid, Stroke::PinDash, Stroke::PinDot][k % MAX_PINS]
}

/// Pins' lines are this wide (CSS pixels): wider than the live lines, which
/// run on top of them.
pub const WIDTH: u32 = 4;

/// A pin's faint version of a colour.
pub fn ghost(color: RGBColor) -> RGBColor {
    over_white(color, 0.38)
}

/// How a quantity is read from one layer's risks.
pub type Read = fn(&crate::theory::risks::LayerRisks) -> f64;

/// A pin's line: a series in data coordinates, the colour it is a ghost of,
/// and the pin's index.
pub struct Ghost {
    pub pin: usize,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
}

/// Each pin's exact line of each `(read, colour)` along the pin's own
/// curve `of` (its axis may differ from the live one's when p_S does).
pub fn ghosts(
    d: &Dashboard,
    of: impl Fn(&Dashboard) -> &Curve,
    reads: &[(Read, RGBColor)],
) -> Vec<Ghost> {
    let mut out = Vec::new();
    for (pin, p) in d.pins.iter().enumerate() {
        let c = of(&p.board);
        for &(read, color) in reads {
            let points = c
                .axis
                .values
                .iter()
                .zip(&c.evaluations)
                .filter_map(|(x, e)| Some((*x, read(e.layer(Layer::Exact)?))))
                .collect();
            out.push(Ghost { pin, color, points });
        }
    }
    out
}

/// Every point of the ghosts: what a y range must hold and a legend keep off.
pub fn points(ghosts: &[Ghost]) -> impl Iterator<Item = (f64, f64)> + '_ {
    ghosts.iter().flat_map(|g| g.points.iter().copied())
}

/// Draws the ghosts, wide and faint, each in its pin's pattern (before the
/// live lines, which then run on top).
pub fn draw<DB: DrawingBackend, CT: plotters::coord::CoordTranslate<From = (f64, f64)>>(
    st: &Style,
    chart: &mut ChartContext<'_, DB, CT>,
    ghosts: &[Ghost],
) -> DrawResult<DB>
where
    DB::ErrorType: 'static,
{
    for g in ghosts {
        let style = ghost(g.color).stroke_width(st.w(WIDTH));
        stroke_path(st, chart, g.points.clone(), style, stroke(g.pin))?;
    }
    Ok(())
}

/// One legend entry per pin, in its pattern, naming what differs.
pub fn entries(legend: &mut Legend, d: &Dashboard) {
    for (k, pin) in d.pins.iter().enumerate() {
        let swatch = Swatch::Line {
            width: WIDTH,
            stroke: stroke(k),
        };
        legend.add_swatch(label(k, &d.point.params, &pin.params), ghost(INK), swatch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(raw: RawParams) -> Params {
        Params::new(raw).unwrap()
    }

    #[test]
    fn a_pin_text_reads_back_to_the_same_bits() {
        let p = params(RawParams {
            law: Law::Surrogate,
            sep: 20.0,
            xi2: 0.0,
            eta_l: 0.1 + 0.2,
            gamma: 0.1 / 3.0,
            ..RawParams::default()
        });
        let t = text(&p);
        assert!(t.starts_with("law:surrogate,"), "{t}");
        let back = parse(&t).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.eta_l.to_bits(), (0.1f64 + 0.2).to_bits());
        assert_eq!(text(&Params::default()), "");
        assert_eq!(parse("").unwrap(), Params::default());
    }

    #[test]
    fn a_bad_pin_text_is_refused_by_name() {
        let msg = |t: &str| parse(t).unwrap_err().to_string();
        assert!(msg("sep").contains("not key:value"));
        assert!(msg("sep:1,sep:2").contains("twice"));
        assert!(msg("foo:1").contains("'foo' is not a parameter"));
        assert!(msg("sep:abc").contains("'abc' is not a number"));
        let range = msg("eta-l:2");
        assert!(range.contains("eta-l") && range.contains('2'), "{range}");
        assert!(msg("law:weird").contains("weird"));
        assert!(msg(&"x".repeat(500)).contains("too long"));
        assert!(
            msg("gamma:0.5").contains("p_T"),
            "regime: {}",
            msg("gamma:0.5")
        );
    }

    #[test]
    fn a_legend_names_what_differs_from_the_live_state() {
        let live = Params::default();
        assert_eq!(differences(&live, &live), "same as now");
        let pin = params(RawParams {
            sep: 20.0,
            xi2: 0.0,
            ..RawParams::default()
        });
        let d = differences(&live, &pin);
        assert!(
            d.contains("20") && d.contains('0') && !d.contains("more"),
            "{d}"
        );
        let many = params(RawParams {
            law: Law::Surrogate,
            sep: 20.0,
            xi2: 0.0,
            eta_l: 0.3,
            eta_u: 0.3,
            ..RawParams::default()
        });
        let d = differences(&live, &many);
        assert!(
            d.starts_with("surrogate law") && d.ends_with("+2 more"),
            "{d}"
        );
        assert_eq!(label(1, &live, &live), "pin 2: same as now");
    }
}
