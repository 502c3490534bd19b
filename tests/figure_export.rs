//! Figures as they leave for slides and handouts: each figure in words with
//! the core's numbers, the state's caption, the CSV's header and one table
//! per file, the export's title and caption, and `w2s figure --from-url`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a check that cannot go on fails loudly"
)]

mod common;

use std::process::Command;

use common::params;
use plotters::prelude::*;
use w2s::figures::dashboard::{self, Dashboard};
use w2s::figures::describe::{caption, describe};
use w2s::figures::export::{draw_export, scale_for};
use w2s::figures::{Figure, Overlay, Style, csv};
use w2s::{Engine, Law, Layer, Params};

fn board(p: &Params) -> Dashboard {
    dashboard::compute(&mut Engine::new(), p, Layer::Exact).unwrap()
}

#[test]
fn each_figure_in_words_names_its_key_numbers() {
    let d = board(&params(|_| {}));
    // At the defaults the exact gain is largest at η_u = 0 (issue 12 says so).
    let (u, g) = d
        .eta_u
        .axis
        .values
        .iter()
        .zip(&d.eta_u.evaluations)
        .map(|(u, e)| (*u, e.exact.unwrap().gain()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    let text = describe(Figure::EtaU, &d);
    assert_eq!(u, 0.0);
    assert!(
        text.contains(&format!("largest, {:.4}, at η_u = 0", g)),
        "{text}"
    );
    assert!(text.contains("not negative anywhere along η_u"), "{text}");
    let separable = board(&params(|r| {
        r.law = Law::Surrogate;
        r.sep = 20.0;
        r.eta_l = 0.3;
        r.eta_u = 0.3;
        r.xi2 = 0.0;
    }));
    let text = describe(Figure::EtaU, &separable);
    assert!(text.contains("W2S fails for η_u between"), "{text}");
    let map = describe(Figure::PhaseMap, &separable);
    assert!(
        map.contains("negative on") && map.contains("% of the map"),
        "{map}"
    );
    for f in Figure::ALL {
        let t = describe(f, &d);
        assert!(
            t.chars().any(|c| c.is_ascii_digit()) && t.len() > 80,
            "{f:?}: {t}"
        );
    }
}

#[test]
fn the_caption_states_every_parameter() {
    let p = params(|r| r.eta_u = 0.25);
    let c = caption(&p);
    for s in w2s::theory::schema::SPECS {
        assert!(
            c.contains(&format!("{} = ", s.symbol)),
            "{} missing: {c}",
            s.symbol
        );
    }
    assert!(c.starts_with("mixture law · η_ℓ = 0.1, η_u = 0.25"), "{c}");
}

#[test]
fn every_csv_is_one_table_after_its_comment_header() {
    let d = board(&params(|_| {}));
    for f in Figure::ALL {
        let text = csv(f, &d);
        assert!(
            text.starts_with(&format!("# W2S explorer: {}\n# state: ", f.title())),
            "{f:?}"
        );
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        let width = rows[0].split(',').count();
        assert!(rows.len() > 50, "{f:?}: {} rows", rows.len());
        for r in &rows {
            assert_eq!(r.split(',').count(), width, "{f:?}: {r}");
        }
        assert!(
            !text.contains("\n\n"),
            "{f:?}: a blank line splits the table"
        );
    }
    let sim = csv(Figure::Similarity, &d);
    let rows: Vec<&str> = sim.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rows[0],
        "swept,value,gain_closed_form,gain_first_order,gain_exact"
    );
    let count = |p: &str| rows.iter().filter(|r| r.starts_with(p)).count();
    assert_eq!(
        (count("xi2,"), count("nu,")),
        (d.xi2.axis.values.len(), d.nu.axis.values.len())
    );
}

#[test]
fn an_export_carries_its_title_and_caption_at_a_scale_that_follows_its_size() {
    assert_eq!(scale_for(800, 500), 1.0);
    assert_eq!(
        scale_for(400, 250),
        1.0,
        "never smaller than the page's text"
    );
    assert!((scale_for(1600, 900) - 1.8).abs() < 1e-12);
    let p = params(|_| {});
    let d = board(&p);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (1600, 1000)).into_drawing_area();
        let st = Style {
            scale: scale_for(1600, 1000),
            raster: false,
            ..Style::default()
        };
        let frames = draw_export(
            &area,
            Figure::EtaU,
            &d,
            &st,
            &Overlay::default(),
            "Week 3",
            &caption(&p),
        )
        .unwrap();
        area.present().unwrap();
        assert_eq!(frames.len(), 1);
        // The chart sits between the title band and the caption.
        assert!(
            frames[0].pixels_y.start > 40 && frames[0].pixels_y.end < 960,
            "{:?}",
            frames[0]
        );
    }
    assert!(svg.contains("Week 3"));
    assert!(svg.contains("mixture law"));
}

fn w2s(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn w2s_figure_draws_the_state_of_a_page_link() {
    let dir = std::env::temp_dir().join(format!("w2s-from-url-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("f.svg");
    let out = out.to_str().unwrap();
    let link = "http://example.org/w2s/index.html#eta-l=0.3&eta-u=0.3&sep=20&xi2=0&law=surrogate&layers=4&d-z=48&embed=phase-map";
    let r = w2s(&["figure", "--from-url", link, "--eta-u", "0.7", "--out", out]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("Relative gain"),
        "the link's embed= names the figure"
    );
    let svg = std::fs::read_to_string(out).unwrap();
    // The link's state, with the flag given on the command line winning.
    assert!(
        svg.contains("surrogate law · η_ℓ = 0.3, η_u = 0.7"),
        "caption not found"
    );
    // A classroom link or an embed's: the options that shape the page draw nothing.
    let r = w2s(&[
        "figure",
        "--from-url",
        "x#eta-l=0.3&embed=eta-u&controls=eta-u%2Csep&lock=1&caption=Week+3&base=https%3A%2F%2Fexample.org%2F",
        "--out",
        out,
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for (link, says) in [
        (
            "x#bogus=1",
            "the field 'bogus' is not one the explorer writes",
        ),
        ("x#layers=9&embed=eta-u", "layers = '9' is not a layer mask"),
        ("x#eta-l=2&embed=eta-u", "eta-l"),
        ("no-hash", "has no '#'"),
        ("x#eta-l=0.2", "name the figure"),
    ] {
        let r = w2s(&["figure", "--from-url", link, "--out", out]);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{link}: {err}");
        assert!(
            err.contains(says) && !err.contains("panicked"),
            "{link}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_svg_export_carries_a_title_and_the_figure_in_words() {
    let svg = w2s::figures::export::svg_with_description(
        "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\">\n<rect/></svg>",
        "A < B",
        "gain & loss",
    );
    assert_eq!(
        svg,
        "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\">\n<title>A &lt; B</title>\n<desc>gain &amp; loss</desc>\n<rect/></svg>"
    );
    assert_eq!(
        w2s::figures::export::svg_with_description("no svg", "t", "d"),
        "no svg"
    );
}
