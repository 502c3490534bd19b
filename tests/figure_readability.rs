//! The explorer's figures read at a glance: no failure shading where the
//! gain is zero up to rounding, a legend that names only what is drawn
//! (layers by their pattern, simulated points when there are some), no
//! "-0" tick, and a ν_z panel whose small-ν_z range is not squashed by the
//! dive near 1/p_S.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a check that cannot go on fails loudly"
)]

use plotters::prelude::*;
use w2s::figures::dashboard::{self, Dashboard};
use w2s::figures::kit::{FAIL, over_white};
use w2s::figures::{self, Figure, Frame, Layers, Overlay, Style};
use w2s::{Engine, Law, Layer, Params, RawParams};

fn dashboard(edit: impl FnOnce(&mut RawParams)) -> Dashboard {
    let mut raw = RawParams::default();
    edit(&mut raw);
    let p = Params::new(raw).expect("valid parameters");
    dashboard::compute(&mut Engine::new(), &p, Layer::Exact).expect("computes")
}

/// p_T = p_S = 3, ‖Ξ‖_F² = 2: the student reads the teacher's features,
/// and the gain is rounding noise of either sign.
fn student_is_teacher(r: &mut RawParams) {
    r.p_t = 3;
    r.p_s = 3;
    r.xi2 = 2.0;
    r.nu = 0.005;
}

/// The paper's clean picture, where W2S fails for η_u far above η_ℓ:
/// surrogate law, sep 20, Ξ = 0, η_ℓ = 0.3 (fails for η_u > 0.84 to first order).
fn fails_far_from_eta_l(r: &mut RawParams) {
    r.law = Law::Surrogate;
    r.sep = 20.0;
    r.xi2 = 0.0;
    r.eta_l = 0.3;
    r.eta_u = 0.3;
}

/// The texts an SVG writes (plotters puts each on a line of its own).
fn texts(svg: &str) -> Vec<&str> {
    svg.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('<'))
        .collect()
}

fn style(layers: [bool; 3]) -> Style {
    Style {
        layers: Layers(layers),
        ..Style::default()
    }
}

fn svg(d: &Dashboard, figure: Figure, st: &Style, overlay: &Overlay) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (900, 500)).into_drawing_area();
        figures::draw(&area, figure, d, st, overlay).expect("draws");
        area.present().expect("presents");
    }
    out
}

/// Pixels of the failure shading's colour (within 2 per channel, for the
/// blending's rounding) in the η_u figure drawn on a bitmap.
fn failure_pixels(d: &Dashboard) -> usize {
    let (w, h) = (900, 500);
    let mut pixels = vec![0u8; w * h * 3];
    {
        let area =
            BitMapBackend::with_buffer(&mut pixels, (w as u32, h as u32)).into_drawing_area();
        figures::draw(
            &area,
            Figure::EtaU,
            d,
            &style([false, false, true]),
            &Overlay::default(),
        )
        .expect("draws");
        area.present().expect("presents");
    }
    let shade = over_white(FAIL, 0.16);
    pixels
        .chunks_exact(3)
        .filter(|c| {
            [shade.0, shade.1, shade.2]
                .iter()
                .zip(c.iter())
                .all(|(a, b)| a.abs_diff(*b) <= 2)
        })
        .count()
}

#[test]
fn no_gain_is_not_shaded_as_failure() {
    let same = dashboard(student_is_teacher);
    assert_eq!(
        failure_pixels(&same),
        0,
        "student = teacher is shaded as failing"
    );
    // The same count finds the shading where W2S does fail: η_u > 0.84 is
    // about a sixth of an 830-pixel-wide, 430-pixel-high plotting area.
    let fails = dashboard(fails_far_from_eta_l);
    let shaded = failure_pixels(&fails);
    assert!(
        shaded > 20_000,
        "only {shaded} shaded pixels where W2S fails for η_u > 0.84"
    );
}

#[test]
fn the_legend_names_only_the_layers_drawn() {
    let d = dashboard(|_| {});
    let none = Overlay::default();
    for figure in [
        Figure::EtaU,
        Figure::Mismatch,
        Figure::EtaT,
        Figure::Similarity,
    ] {
        let one = svg(&d, figure, &style([false, false, true]), &none);
        let one = texts(&one);
        for key in ["exact", "first order", "closed form"] {
            assert!(
                !one.contains(&key),
                "{figure:?} with one layer shows {key:?}"
            );
        }
        assert!(
            !one.iter().any(|t| t.contains("bold: exact")),
            "{figure:?}: the old key"
        );
        let all = svg(&d, figure, &style([true; 3]), &none);
        let all = texts(&all);
        for key in ["exact", "first order", "closed form"] {
            assert!(
                all.contains(&key),
                "{figure:?} with three layers lacks {key:?}"
            );
        }
    }
    let eta_u = svg(&d, Figure::EtaU, &style([false, false, true]), &none);
    for name in [
        "teacher ER_T",
        "student ER_S",
        "η_ℓ = 0.100",
        "η_u = 0.100",
        "η_u* = ",
    ] {
        assert!(eta_u.contains(name), "the η_u legend lacks {name:?}");
    }
    assert!(
        !eta_u.contains("simulation"),
        "a simulation entry with no points"
    );
    let points =
        Overlay::from_flat(&[0.5, 0.5, 0.01], &[0.5, 0.2, 0.01], &[0.5, 0.3, 0.02]).unwrap();
    let with = svg(&d, Figure::EtaU, &style([false, false, true]), &points);
    assert!(
        with.contains("simulation, ±2 SE"),
        "no legend entry for the simulated points"
    );
}

#[test]
fn no_tick_reads_minus_zero() {
    // States whose y ranges straddle zero at awkward points.
    let states: [fn(&mut RawParams); 3] = [|_| {}, student_is_teacher, fails_far_from_eta_l];
    for edit in states {
        let d = dashboard(edit);
        for figure in Figure::ALL {
            for layers in [[false, false, true], [true; 3]] {
                let out = svg(&d, figure, &style(layers), &Overlay::default());
                let texts = texts(&out);
                assert!(
                    texts.contains(&"0.0") || texts.contains(&"0"),
                    "{figure:?}: no zero tick"
                );
                for bad in ["-0", "-0.0", "-0.00", "-0.000"] {
                    assert!(!texts.contains(&bad), "{figure:?} writes a {bad:?} tick");
                }
            }
        }
    }
    assert_eq!(figures::kit::tick(&-1e-17), "0.0");
    assert_eq!(figures::kit::tick(&-0.05), "-0.05");
}

fn frames(d: &Dashboard) -> Vec<Frame> {
    let mut out = String::new();
    let area = SVGBackend::with_string(&mut out, (900, 500)).into_drawing_area();
    figures::draw(
        &area,
        Figure::Similarity,
        d,
        &style([true; 3]),
        &Overlay::default(),
    )
    .unwrap()
}

#[test]
fn the_nu_panel_shows_the_small_nu_range() {
    let d = dashboard(|_| {});
    let exact = |k: usize| d.nu.evaluations[k].exact.as_ref().unwrap().gain();
    let last = d.nu.evaluations.len() - 1;
    let now = d.point.exact.as_ref().unwrap().gain();
    // The dive: the exact gain at the axis' end is far below the rest.
    assert!(exact(last) < -4.0, "no dive to clip: {}", exact(last));
    let f = &frames(&d)[1];
    assert!(f.log_x, "the ν_z panel is not on a log axis");
    // The y range holds the gain where p_S ν_z ≤ 1/2, and not the dive.
    assert!(f.y.start > -1.0, "the y range still reaches {}", f.y.start);
    assert!(
        f.y.start <= 0.0 && f.y.end >= now,
        "y range {:?} misses 0 or the current gain {now}",
        f.y
    );
    // The current ν_z = 0.005 is inside the x range, well off the left edge.
    let (x0, _) = f
        .to_data(f64::from(f.pixels_x.start), f64::from(f.pixels_y.start))
        .unwrap();
    let (x1, _) = f
        .to_data(f64::from(f.pixels_x.end - 1), f64::from(f.pixels_y.start))
        .unwrap();
    let nu = d.point.params.nu;
    assert!(
        x0 < nu && nu < x1,
        "ν_z = {nu} outside the panel's {x0}..{x1}"
    );
    assert!(
        (x1 - d.nu.axis.values[last]).abs() < 1e-9 * x1,
        "the panel ends at {x1}"
    );
    // On the log axis the decade 0.003–0.03 takes half the width or more (on
    // a linear axis from 0 it was a tenth).
    let px = |nu: f64| (nu.log10() - f.x.start) / (f.x.end - f.x.start);
    assert!(
        px(0.03) - px(0.003) >= 0.45,
        "small ν_z squashed: {}",
        px(0.03) - px(0.003)
    );
}
