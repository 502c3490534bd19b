//! The figures' colours stay apart for readers with colour-vision
//! deficiencies: every pair of series colours (teacher, student, gain,
//! failure, the phase map's two ends, and the data figure's three
//! mixtures) is at least ΔE = 20 apart (CIE76,
//! in CIELAB) in normal vision and under simulated deuteranopia,
//! protanopia and tritanopia.

use plotters::style::RGBColor;
use w2s::figures::kit::{
    FAIL, GAIN, LABELED, MAP_FAIL, MAP_GAIN, STUDENT, TEACHER, TEST_DATA, UNLABELED,
};

/// Simulation matrices for full severity (1.0) from G. M. Machado, M. M.
/// Oliveira and L. A. F. Fernandes, "A Physiologically-based Model for
/// Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009 (the
/// severity table on the authors' page), applied to linear RGB.
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
];
const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
];
const TRITANOPIA: [[f64; 3]; 3] = [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.303900],
];
const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

/// The smallest ΔE allowed between two series colours: clearly different
/// at a glance (2.3 is a just-noticeable difference).
const MIN_DELTA_E: f64 = 20.0;

/// sRGB 0–255 to linear RGB 0–1 (IEC 61966-2-1).
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// The colour a reader with the deficiency of `m` sees, in linear RGB.
fn simulate(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
    let l = [linear(c.0), linear(c.1), linear(c.2)];
    m.map(|row| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0))
}

/// Linear sRGB (D65) to CIELAB.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q).powi(2))
        .sum::<f64>()
        .sqrt()
}

#[test]
fn the_conversions_match_known_values() {
    // White is L* = 100, a* = b* = 0; sRGB red is (53.24, 80.09, 67.20).
    let white = lab(simulate(RGBColor(255, 255, 255), &NORMAL));
    assert!(delta_e(white, [100.0, 0.0, 0.0]) < 0.01, "{white:?}");
    let red = lab(simulate(RGBColor(255, 0, 0), &NORMAL));
    assert!(delta_e(red, [53.24, 80.09, 67.20]) < 0.05, "{red:?}");
    // The simulations keep greys grey (each row of a matrix sums to 1).
    for m in [DEUTERANOPIA, PROTANOPIA, TRITANOPIA] {
        let grey = lab(simulate(RGBColor(128, 128, 128), &m));
        assert!(grey[1].abs() < 0.05 && grey[2].abs() < 0.05, "{grey:?}");
    }
}

#[test]
fn series_colours_stay_apart_in_every_colour_vision() {
    let series = [
        ("teacher", TEACHER),
        ("student", STUDENT),
        ("gain", GAIN),
        ("fail", FAIL),
    ];
    let map = [("map gain", MAP_GAIN), ("map fail", MAP_FAIL)];
    // The data figure's mixtures share a panel with each other only.
    let mixtures = [
        ("labeled", LABELED),
        ("unlabeled", UNLABELED),
        ("test", TEST_DATA),
    ];
    let visions = [
        ("normal", NORMAL),
        ("deuteranopia", DEUTERANOPIA),
        ("protanopia", PROTANOPIA),
        ("tritanopia", TRITANOPIA),
    ];
    let mut closest = f64::INFINITY;
    for (vision, m) in &visions {
        for set in [&series[..], &map[..], &mixtures[..]] {
            for (i, (a, ca)) in set.iter().enumerate() {
                for (b, cb) in &set[i + 1..] {
                    let d = delta_e(lab(simulate(*ca, m)), lab(simulate(*cb, m)));
                    closest = closest.min(d);
                    assert!(
                        d >= MIN_DELTA_E,
                        "{a} and {b} are ΔE = {d:.1} apart under {vision} (at least {MIN_DELTA_E})"
                    );
                }
            }
        }
    }
    // The palette is not far above the bar either: this test is what holds it.
    assert!(closest < 30.0, "closest pair ΔE = {closest:.1}");
}

#[test]
fn the_old_palette_fails_the_check() {
    // The earlier gain green and failure red: to a protanope both are dull
    // olive-browns (ΔE 15). (Its teacher orange and gain green also shared a
    // hue for a deuteranope, but stayed apart in lightness, ΔE 44.)
    let (green, red) = (RGBColor(30, 130, 76), RGBColor(200, 40, 40));
    let d = delta_e(
        lab(simulate(green, &PROTANOPIA)),
        lab(simulate(red, &PROTANOPIA)),
    );
    assert!(
        (d - 15.0).abs() < 0.1 && d < MIN_DELTA_E,
        "old green and red ΔE = {d:.2} under protanopia"
    );
}
