//! The explorer's figures refuse sizes, scales and overlays they cannot draw,
//! in words, before allocating; within the limits every figure draws at every
//! corner of them without a panic (this build has overflow checks, so an
//! overflowing pixel computation would fail here too).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use plotters::prelude::*;
use w2s::figures::dashboard::{self, Dashboard};
use w2s::figures::{self, Figure, Layers, Overlay, Style};
use w2s::{Engine, Layer, Params, RawParams};

fn dashboard() -> Dashboard {
    let p = Params::new(RawParams::default()).expect("the defaults are valid");
    dashboard::compute(&mut Engine::new(), &p, Layer::Exact).expect("computes")
}

#[test]
fn sizes_outside_the_limits_are_refused() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (49, 400),
        (600, 49),
        (8193, 400),
        (600, 100_000),
        (u32::MAX, u32::MAX),
        (8192, 8192),
    ] {
        let e = figures::check_size(w, h).expect_err("refused");
        assert!(e.to_string().contains(&format!("{w} × {h} pixels")), "{e}");
    }
    for (w, h) in [(50, 50), (600, 400), (8192, 4096), (50, 8192)] {
        figures::check_size(w, h).expect("allowed");
    }
}

#[test]
fn scales_outside_the_limits_are_refused() {
    for s in [
        f64::NAN,
        f64::INFINITY,
        -1.0,
        0.0,
        1e-300,
        0.01,
        16.5,
        1e300,
    ] {
        let e = figures::check_scale(s).expect_err("refused");
        assert!(e.to_string().contains("device-pixel ratio"), "{e}");
    }
    for s in [0.0625, 1.0, 2.625, 16.0] {
        assert_eq!(figures::check_scale(s).expect("allowed"), s);
    }
}

#[test]
fn overlays_must_be_whole_finite_triples() {
    let ok = Overlay::from_flat(&[0.1, 0.2, 0.01, 0.5, 0.3, 0.0], &[], &[0.0, -0.1, 0.02])
        .expect("valid points");
    assert_eq!(ok.teacher, vec![(0.1, 0.2, 0.01), (0.5, 0.3, 0.0)]);
    assert!(ok.student.is_empty());
    assert_eq!(
        Overlay::from_flat(&[], &[], &[]).unwrap(),
        Overlay::default()
    );
    let too_many = vec![0.5; 3 * (figures::MAX_OVERLAY_POINTS + 1)];
    let bad: [&[f64]; 9] = [
        &[0.1],
        &[0.1, 0.2],
        &[0.1, 0.2, 0.01, 0.5],
        &[f64::NAN, 0.2, 0.01],
        &[1.5, 0.2, 0.01],
        &[0.1, f64::INFINITY, 0.01],
        &[0.1, 0.2, -0.01],
        &[0.1, 0.2, f64::NAN],
        &too_many,
    ];
    for b in bad {
        for (t, s, g) in [
            (b, &[][..], &[][..]),
            (&[][..], b, &[][..]),
            (&[][..], &[][..], b),
        ] {
            let e = Overlay::from_flat(t, s, g).expect_err("refused");
            assert!(e.to_string().starts_with("simulated "), "{e}");
        }
    }
}

fn draw(d: &Dashboard, figure: Figure, (w, h): (u32, u32), st: &Style, overlay: &Overlay) {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        figures::draw(&area, figure, d, st, overlay).expect("draws");
        area.present().expect("presents");
    }
    assert!(out.contains("<svg"));
}

#[test]
fn every_figure_draws_at_the_corners_of_the_limits() {
    let d = dashboard();
    // Valid but awkward points: off the curves, at the ends of η_u, huge.
    let overlay = Overlay::from_flat(
        &[0.0, 1e300, 1e300, 1.0, -1e300, 0.0],
        &[0.5, 0.0, 0.0],
        &[0.3, 1e-300, 1e300],
    )
    .unwrap();
    let (lo, hi) = (*figures::SCALES.start(), *figures::SCALES.end());
    let m = figures::MIN_SIDE;
    for size in [(m, m), (m, 2000), (2000, m), (1200, 800)] {
        for scale in [lo, 1.0, hi] {
            for layers in [[false; 3], [true; 3]] {
                for raster in [false, true] {
                    let st = Style {
                        layers: Layers(layers),
                        scale,
                        raster,
                    };
                    for figure in Figure::ALL {
                        draw(&d, figure, size, &st, &overlay);
                    }
                }
            }
        }
    }
}

#[test]
fn the_phase_map_raster_fits_the_largest_figure() {
    // On a bitmap, as the page's canvas draws it (an SVG would write one
    // rectangle per pixel); the raster is sized by the area, not the scale.
    let d = dashboard();
    let w = figures::MAX_SIDE;
    let h = (figures::MAX_PIXELS / u64::from(w)) as u32;
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    for scale in [*figures::SCALES.start(), *figures::SCALES.end()] {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        let st = Style {
            scale,
            ..Style::default()
        };
        figures::draw(&area, Figure::PhaseMap, &d, &st, &Overlay::default()).expect("draws");
        area.present().expect("presents");
    }
}
