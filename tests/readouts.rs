//! The explorer's named readouts and the figures' pixel → data frames: every
//! name has its number, the numbers are the evaluation's own, the theorem
//! terms rebuild the closed forms, and a frame maps a drawn pixel back to
//! the data value plotters drew there.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a check that cannot go on fails loudly"
)]

mod common;

use common::{assert_close, eval, params};
use plotters::prelude::*;
use w2s::figures::dashboard;
use w2s::figures::{self, Figure, Overlay, Style};
use w2s::theory::readouts;
use w2s::{Engine, Law, Layer};

fn named(names: &[String], values: &[f64], name: &str) -> f64 {
    let i = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("no readout named {name}"));
    values[i]
}

#[test]
fn every_name_has_its_number_and_the_numbers_are_the_evaluations() {
    let p = params(|r| {
        r.eta_l = 0.2;
        r.eta_u = 0.6;
        r.xi2 = 1.0;
    });
    let ev = eval(&p);
    let names = readouts::names();
    let v = readouts::values(&ev, [Some(0.25), None]);
    assert_eq!(names.len(), v.len());
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "names repeat: {names:?}");
    let x = ev.exact.unwrap();
    assert_eq!(named(&names, &v, "exact.teacher"), x.teacher.at);
    assert_eq!(named(&names, &v, "exact.student"), x.student.at);
    assert_eq!(named(&names, &v, "exact.gain"), x.gain());
    assert_eq!(
        named(&names, &v, "exact.student-minority"),
        x.student.minority
    );
    assert_eq!(
        named(&names, &v, "closed-form.teacher"),
        ev.closed_form.teacher.at
    );
    assert_eq!(
        named(&names, &v, "first-order.relative-gain"),
        ev.first_order.unwrap().relative_gain()
    );
    assert_eq!(named(&names, &v, "closed-form.eta-u-star"), 0.25);
    assert!(named(&names, &v, "exact.eta-u-star").is_nan());
}

#[test]
fn the_theorem_terms_rebuild_the_closed_forms() {
    for law in [Law::Mixture, Law::Surrogate] {
        let p = params(|r| {
            r.law = law;
            r.eta_l = 0.1;
            r.eta_u = 0.7;
            r.eta_t = 0.4;
            r.xi2 = 1.5;
            r.nu = 0.02;
        });
        let ev = eval(&p);
        let names = readouts::names();
        let v = readouts::values(&ev, [None, None]);
        let t = |k: &str| named(&names, &v, &format!("theorem.{k}"));
        let scale = p.sigma_y2 * p.gamma;
        let teacher = scale * (p.p_t as f64 + (p.eta_t - p.eta_l).powi(2) * t("mu-t2"));
        let student = scale
            * (t("p-shared")
                + t("spurious").powi(2)
                + p.nu * t("rest") * (p.p_s as f64 + t("shift")));
        assert_close(
            teacher,
            ev.closed_form.teacher.at,
            1e-14,
            "ER_T from the terms",
        );
        assert_close(
            student,
            ev.closed_form.student.at,
            1e-14,
            "ER_S from the terms",
        );
        assert_close(t("rest"), p.p_t as f64 - t("p-shared"), 1e-15, "rest");
    }
}

/// Draws a figure on a bitmap and returns its pixels and frames.
fn bitmap(figure: Figure, eta_u: f64) -> (Vec<u8>, (u32, u32), Vec<figures::Frame>) {
    let p = params(|r| r.eta_u = eta_u);
    let d = dashboard::compute(&mut Engine::new(), &p, Layer::Exact).unwrap();
    let size = (900, 500);
    let mut pixels = vec![0u8; 900 * 500 * 3];
    let frames = {
        let area = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        let f = figures::draw(&area, figure, &d, &Style::default(), &Overlay::default()).unwrap();
        area.present().unwrap();
        f
    };
    (pixels, size, frames)
}

#[test]
fn a_frame_maps_the_drawn_eta_u_line_back_to_its_eta_u() {
    // The η_u figure draws the current η_u as a 1 px black vertical line:
    // find its column below the legend, map it back through the frame.
    let eta_u = 0.3;
    let (pixels, (w, _), frames) = bitmap(Figure::EtaU, eta_u);
    assert_eq!(frames.len(), 1);
    let f = &frames[0];
    let row = f.pixels_y.start + 3 * (f.pixels_y.end - f.pixels_y.start) / 4;
    let black = |x: i32| {
        let i = (row as usize * w as usize + x as usize) * 3;
        pixels[i..i + 3] == [0, 0, 0]
    };
    let columns: Vec<i32> = (f.pixels_x.start + 2..f.pixels_x.end - 2)
        .filter(|&x| black(x))
        .collect();
    assert_eq!(columns.len(), 1, "black columns at row {row}: {columns:?}");
    let (x, _) = f.to_data(f64::from(columns[0]), f64::from(row)).unwrap();
    let one_pixel = (f.x.end - f.x.start) / f64::from(f.pixels_x.end - f.pixels_x.start);
    assert!(
        (x - eta_u).abs() <= one_pixel,
        "η_u line at column {} maps to {x}, not {eta_u} (one pixel = {one_pixel})",
        columns[0]
    );
    // The corners of the plotting area are the ends of the ranges.
    let (x0, y_top) = f
        .to_data(f64::from(f.pixels_x.start), f64::from(f.pixels_y.start))
        .unwrap();
    assert_eq!((x0, y_top), (f.x.start, f.y.end));
    assert!(
        f.to_data(f64::from(f.pixels_x.start) - 1.0, f64::from(row))
            .is_none()
    );
    assert!(f.to_data(f64::NAN, f64::from(row)).is_none());
    // Inside the last pixel column (plotters puts the range's end on it) the
    // end is read; past it, nothing.
    let last = f64::from(f.pixels_x.end - 1);
    assert_eq!(f.to_data(last + 0.5, f64::from(row)).unwrap().0, f.x.end);
    assert!(f.to_data(last + 1.0, f64::from(row)).is_none());
}

#[test]
fn a_two_chart_figure_has_a_frame_per_chart() {
    let (_, (w, _), frames) = bitmap(Figure::Similarity, 0.5);
    assert_eq!(frames.len(), 2);
    assert!(frames[0].pixels_x.end <= frames[1].pixels_x.start);
    assert!(frames[1].pixels_x.end <= w as i32);
    for f in Figure::ALL {
        assert_eq!(Figure::ALL[f.index()], f);
    }
}

#[test]
fn the_verdict_says_no_gain_when_the_student_is_the_teacher() {
    // Ξ = I with p_S = p_T: the student reads the teacher's features, and
    // the gain is rounding noise of either sign.
    let same = params(|r| {
        r.p_t = 3;
        r.p_s = 3;
        r.xi2 = 2.0;
        r.nu = 0.005;
    });
    let names = readouts::names();
    let verdict = |p: &w2s::Params| {
        named(
            &names,
            &readouts::values(&eval(p), [None, None]),
            "exact.verdict",
        )
    };
    assert_eq!(verdict(&same), 0.0);
    assert_eq!(verdict(&params(|_| {})), 1.0, "the defaults: W2S happens");
    let separable = params(|r| {
        r.law = Law::Surrogate;
        r.sep = 20.0;
        r.eta_u = 0.9;
        r.xi2 = 0.0;
    });
    assert_eq!(verdict(&separable), -1.0, "separable groups: W2S fails");
}
