//! The settings of a lab as one validated list of numbers, each with its key
//! (for the URL and the CLI), symbol, one-line meaning and allowed range. The
//! page builds its controls from the same list (a slider, or a checkbox for a
//! switch), so a range is stated once.

use crate::error::Error;

/// One setting of a lab.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knob {
    pub key: &'static str,
    pub symbol: &'static str,
    pub meaning: &'static str,
    pub min: f64,
    pub max: f64,
    /// Whether `min` itself is excluded (q ∈ (0, 1], say).
    pub open_min: bool,
    pub default: f64,
    /// Whole numbers only (sizes, counts, seeds).
    pub integer: bool,
    /// Slider step on the page.
    pub step: f64,
    /// On or off (0 or 1): the page shows a checkbox, not a slider.
    pub switch: bool,
}

/// A real-valued knob with a closed range.
pub const fn knob(
    key: &'static str,
    symbol: &'static str,
    meaning: &'static str,
    min: f64,
    max: f64,
    default: f64,
    step: f64,
) -> Knob {
    Knob {
        key,
        symbol,
        meaning,
        min,
        max,
        open_min: false,
        default,
        integer: false,
        step,
        switch: false,
    }
}

/// A whole-number knob (a size, a count, a seed).
pub const fn count(
    key: &'static str,
    symbol: &'static str,
    meaning: &'static str,
    min: f64,
    max: f64,
    default: f64,
) -> Knob {
    Knob {
        integer: true,
        ..knob(key, symbol, meaning, min, max, default, 1.0)
    }
}

/// An on/off knob: 0 (off) or 1 (on), a checkbox on the page and `--KEY 0|1`
/// in the CLI, so links and commands keep the number.
pub const fn switch(
    key: &'static str,
    symbol: &'static str,
    meaning: &'static str,
    default: bool,
) -> Knob {
    Knob {
        switch: true,
        ..count(
            key,
            symbol,
            meaning,
            0.0,
            1.0,
            if default { 1.0 } else { 0.0 },
        )
    }
}

impl Knob {
    /// Checks one value against the knob, with a message naming the knob, the
    /// value and the allowed range.
    pub fn check(&self, v: f64) -> Result<f64, Error> {
        let lo = if self.open_min { "(" } else { "[" };
        let range = format!("{lo}{}, {}]", self.min, self.max);
        let bad = |why: &str| {
            Err(Error::Request(format!(
                "{} ({}) = {v} {why}: allowed {range}{}",
                self.key,
                self.symbol,
                if self.integer { ", whole numbers" } else { "" }
            )))
        };
        if !v.is_finite() {
            return bad("is not a finite number");
        }
        let below = if self.open_min {
            v <= self.min
        } else {
            v < self.min
        };
        if below || v > self.max {
            return bad("is out of range");
        }
        if self.integer && v.fract() != 0.0 {
            return bad("is not a whole number");
        }
        Ok(v)
    }
}

/// The most numbers one data matrix of a lab run may hold (32 MB): beyond
/// it a run could exhaust a web worker's memory, and would take minutes.
pub const MAX_CELLS: f64 = 4e6;

/// Refuses a run whose data matrix would hold more than [`MAX_CELLS`] numbers,
/// naming the product and what to lower.
pub fn check_size(product: &str, cells: f64, lower: &str) -> Result<(), Error> {
    if cells > MAX_CELLS {
        return Err(Error::Request(format!(
            "{product} = {cells} numbers is too many for one run: at most {MAX_CELLS} (lower {lower})"
        )));
    }
    Ok(())
}

/// Validates a full list of values (in the knobs' order).
pub fn check_all(knobs: &[Knob], values: &[f64]) -> Result<Vec<f64>, Error> {
    if values.len() != knobs.len() {
        return Err(Error::Request(format!(
            "expected {} settings, got {}",
            knobs.len(),
            values.len()
        )));
    }
    knobs.iter().zip(values).map(|(k, &v)| k.check(v)).collect()
}

/// A full list of a lab's settings, each checked against its knob, read and
/// set by key: a lab's code says `v.get("big-n")`, never `v[11]`, so the
/// knob table's order is stated once.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    knobs: &'static [Knob],
    values: Vec<f64>,
}

impl Values {
    /// Checks every value against its knob (in the knobs' order).
    pub fn new(knobs: &'static [Knob], values: &[f64]) -> Result<Values, Error> {
        Ok(Values {
            knobs,
            values: check_all(knobs, values)?,
        })
    }

    /// The knobs' defaults.
    pub fn defaults(knobs: &'static [Knob]) -> Values {
        Values {
            knobs,
            values: defaults(knobs),
        }
    }

    fn slot(&self, key: &str) -> Result<usize, Error> {
        index(self.knobs, key).ok_or_else(|| {
            let keys: Vec<&str> = self.knobs.iter().map(|k| k.key).collect();
            Error::Request(format!(
                "'{key}' is not a setting of this lab: allowed {}",
                keys.join(", ")
            ))
        })
    }

    /// The value of the knob `key`.
    pub fn get(&self, key: &str) -> Result<f64, Error> {
        Ok(self.values[self.slot(key)?])
    }

    /// The value of a whole-number knob as a count (checked whole and in
    /// range, so the conversion is exact).
    pub fn count(&self, key: &str) -> Result<usize, Error> {
        Ok(self.get(key)? as usize)
    }

    /// Sets the knob `key`, checked against its range.
    pub fn set(&mut self, key: &str, v: f64) -> Result<(), Error> {
        let i = self.slot(key)?;
        self.values[i] = self.knobs[i].check(v)?;
        Ok(())
    }

    /// The values, in the knobs' order.
    pub fn as_slice(&self) -> &[f64] {
        &self.values
    }

    pub fn knobs(&self) -> &'static [Knob] {
        self.knobs
    }
}

/// The defaults, in the knobs' order.
pub fn defaults(knobs: &[Knob]) -> Vec<f64> {
    knobs.iter().map(|k| k.default).collect()
}

/// Index of a knob by key.
pub fn index(knobs: &[Knob], key: &str) -> Option<usize> {
    knobs.iter().position(|k| k.key == key)
}

/// The knobs as JSON (the page builds its controls from this).
pub fn to_json(knobs: &[Knob]) -> String {
    let items: Vec<String> = knobs
        .iter()
        .map(|k| {
            format!(
                "{{\"key\":{},\"symbol\":{},\"meaning\":{},\"min\":{},\"max\":{},\"openMin\":{},\"default\":{},\"integer\":{},\"step\":{},\"switch\":{}}}",
                json_string(k.key),
                json_string(k.symbol),
                json_string(k.meaning),
                k.min,
                k.max,
                k.open_min,
                k.default,
                k.integer,
                k.step,
                k.switch
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
