//! The `w2s` binary as a user runs it: JSON shape, CSV, exit codes, one-line errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    reason = "a check that cannot go on fails loudly, and a long check reads top to bottom"
)]

use std::process::{Command, Output};

fn w2s(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_w2s"))
        .args(args)
        .output()
        .expect("w2s runs")
}

/// serde_json reads floats to within an ulp or two, not always exactly.
fn assert_same(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 4.0 * f64::EPSILON * want.abs(),
        "{what}: {got} vs {want}"
    );
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = w2s(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn theory_json_has_every_field_and_the_reference_values() {
    let v = json(&[
        "theory", "--json", "--p-t", "4", "--p-s", "3", "--xi2", "0.5", "--sep", "4", "--eta-l",
        "0.1", "--eta-u", "0.3", "--eta-t", "0.5", "--gamma", "0.05", "--nu", "0.01",
    ]);
    // Every number is the library's at the same point, to the last bit.
    use w2s::{Engine, Layer, Params, RawParams, Request, theory::analysis};
    let p = Params::new(RawParams {
        p_t: 4,
        p_s: 3,
        xi2: 0.5,
        sep: 4.0,
        eta_l: 0.1,
        eta_u: 0.3,
        eta_t: 0.5,
        gamma: 0.05,
        nu: 0.01,
        ..RawParams::default()
    })
    .unwrap();
    let mut engine = Engine::new();
    let ev = engine.evaluate(&p, Request::ALL).unwrap();
    let f = |x: &serde_json::Value| x.as_f64().unwrap_or_else(|| panic!("not a number: {x}"));
    for layer in Layer::ALL {
        let (l, k) = (ev.layer(layer).unwrap(), layer.key());
        for (model, want) in [
            ("teacher", l.teacher.at),
            ("student", l.student.at),
            ("ceiling", l.ceiling.unwrap().at),
            ("gain", l.gain()),
            ("relative_gain", l.relative_gain()),
            ("pgr", l.pgr().unwrap()),
        ] {
            assert_same(f(&v[model][k]), want, &format!("{model}.{k}"));
        }
    }
    let x = ev.exact.unwrap();
    for (model, g) in [("teacher", x.teacher), ("student", x.student)] {
        assert_same(f(&v["groups"][model]["majority"]), g.majority, model);
        assert_same(f(&v["groups"][model]["minority"]), g.minority, model);
        assert_same(
            f(&v["groups"][model]["worst"]),
            g.majority.max(g.minority),
            model,
        );
    }
    for layer in [Layer::ClosedForm, Layer::Exact] {
        let star = analysis::eta_u_star(&mut engine, &p, layer)
            .unwrap()
            .unwrap();
        assert_same(f(&v["eta_u_star"][layer.key()]), star, "eta_u_star");
    }
    assert_eq!(v["params"]["p_t"], 4);
    assert_eq!(v["params"]["law"], "mixture");
    assert_eq!(v["params"]["sigma_y2"], 1.0);
    let close = |x: &serde_json::Value, y: f64| (x.as_f64().unwrap() - y).abs() < 5e-6;
    assert!(close(&v["teacher"]["exact"], 0.33758));
    assert!(close(&v["student"]["exact"], 0.13937));
    assert!(close(&v["teacher"]["closed_form"], 0.232));
    let gain = v["gain"]["exact"].as_f64().unwrap();
    let t = v["teacher"]["exact"].as_f64().unwrap();
    let s = v["student"]["exact"].as_f64().unwrap();
    assert!((gain - (t - s)).abs() < 1e-15);
}

#[test]
fn theory_table_is_readable() {
    let out = w2s(&["theory"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["teacher ER_T", "student ER_S", "PGR", "η_u*", "W2S happens"] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["theory", "--eta-l", "1.2"],
            "eta-l (η_ℓ) = 1.2 is out of range: allowed [0, 1]",
        ),
        (
            &["theory", "--gamma", "0.2"],
            "outside the regime the theory covers",
        ),
        (
            &["theory", "--nu", "0.5"],
            "nu (ν_z) = 0.5 is outside the regime",
        ),
        (
            &["theory", "--p-t", "2.5"],
            "p-t (p_T) = 2.5 must be a whole number",
        ),
        (&["theory", "--p-s", "9"], "p-s (p_S) = 9 is out of range"),
        (
            &["theory", "--sep", "nan"],
            "sep (‖μ_ξ‖²/σ_ξ²) = NaN is not a finite number",
        ),
        (
            &["theory", "--sigma-y2", "-inf"],
            "sigma-y2 (σ_y²) = -inf is not a finite number",
        ),
        (
            &["theory", "--xi2", "-1"],
            "xi2 (‖Ξ‖_F²) = -1 is out of range",
        ),
        (
            &["theory", "--law", "gaussian"],
            "law = 'gaussian' is not a law",
        ),
        (
            &["theory", "--eta-u", "half"],
            "--eta-u = 'half' is not a number",
        ),
        (
            &["theory", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
        (
            &["sweep", "--vary", "colour"],
            "--vary 'colour' is not a parameter",
        ),
        (
            &["sweep", "--vary", "gamma", "--to", "0.5"],
            "outside the regime",
        ),
        (
            &["sweep", "--vary", "eta-u", "--points", "1"],
            "points = 1 is too few",
        ),
        (
            &["sweep", "--vary", "eta-u", "--points", "many"],
            "--points = 'many'",
        ),
        (
            &["boundary", "--vary", "eta-u", "--layer", "best"],
            "--layer 'best' is not a layer",
        ),
    ];
    for (args, expected) in cases {
        let out = w2s(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("w2s: error: "), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: {err:?} should contain {expected:?}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
}

#[test]
fn help_exits_0() {
    let out = w2s(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("theory"));
}

#[test]
fn sweep_csv_and_json_agree_with_theory() {
    let out = w2s(&[
        "sweep", "--vary", "eta-u", "--from", "0", "--to", "1", "--points", "5",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "eta_u");
    let col = header.iter().position(|h| *h == "student_exact").unwrap();
    let row: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(row[0], "0.5");
    let at_half = json(&["theory", "--json", "--eta-u", "0.5"]);
    let expected = at_half["student"]["exact"].as_f64().unwrap();
    assert!((row[col].parse::<f64>().unwrap() - expected).abs() < 1e-9 * expected);

    let v = json(&[
        "sweep",
        "--vary",
        "eta-l",
        "--points",
        "3",
        "--vary2",
        "eta-u",
        "--points2",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["points"].as_array().unwrap().len(), 6);
    assert_eq!(v["points"][1]["params"]["eta_u"], 1.0);
}

#[test]
fn boundary_finds_the_failure_point() {
    let v = json(&[
        "boundary",
        "--vary",
        "eta-u",
        "--law",
        "surrogate",
        "--sep",
        "20",
        "--xi2",
        "0",
        "--json",
    ]);
    let xs = v["crossings"].as_array().unwrap();
    assert!(!xs.is_empty());
    let u = xs[0]["value"].as_f64().unwrap();
    let at = json(&[
        "theory",
        "--json",
        "--law",
        "surrogate",
        "--sep",
        "20",
        "--xi2",
        "0",
        "--eta-u",
        &u.to_string(),
    ]);
    assert!(at["gain"]["exact"].as_f64().unwrap().abs() < 1e-8);
}

#[test]
fn simulate_json_reports_means_errors_and_the_theory() {
    let args = [
        "simulate", "--json", "--d-z", "16", "--reps", "3", "--seed", "5", "--gamma", "0.1",
        "--nu", "0.05",
    ];
    let v = json(&args);
    // Each summary is its replicate values' mean, standard error and z-score
    // against the exact theory, which is the library's at the same point.
    let p = w2s::Params::new(w2s::RawParams {
        gamma: 0.1,
        nu: 0.05,
        ..w2s::RawParams::default()
    })
    .unwrap();
    let x = w2s::Engine::new()
        .evaluate(&p, w2s::Request::ALL)
        .unwrap()
        .exact
        .unwrap();
    let f = |x: &serde_json::Value| x.as_f64().unwrap_or_else(|| panic!("not a number: {x}"));
    let values = |e: &serde_json::Value| -> Vec<f64> {
        e["values"].as_array().unwrap().iter().map(f).collect()
    };
    for (e, theory) in [
        (&v["teacher"], x.teacher.at),
        (&v["student"], x.student.at),
        (&v["gain"], x.teacher.at - x.student.at),
        (&v["groups"]["teacher"]["majority"], x.teacher.majority),
        (&v["groups"]["student"]["minority"], x.student.minority),
    ] {
        let vals = values(e);
        assert_eq!(vals.len(), 3);
        let mean = vals.iter().sum::<f64>() / 3.0;
        let se = (vals.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / 2.0 / 3.0).sqrt();
        assert!((f(&e["mean"]) - mean).abs() <= 1e-15 * mean.abs(), "{e}");
        assert!((f(&e["se"]) - se).abs() <= 1e-12 * se, "{e}");
        assert!(
            (f(&e["theory"]) - theory).abs() <= 1e-15 * theory.abs().max(1e-300),
            "{e}"
        );
        let z = (f(&e["mean"]) - f(&e["theory"])) / f(&e["se"]);
        assert!((f(&e["z"]) - z).abs() <= 1e-12 * z.abs().max(1.0), "{e}");
    }
    // The gain of each replicate is its teacher's risk minus its student's.
    for ((g, t), s) in values(&v["gain"])
        .iter()
        .zip(values(&v["teacher"]))
        .zip(values(&v["student"]))
    {
        assert_same(*g, t - s, "replicate gain");
    }
    assert_same(f(&v["theory"]["teacher"]), x.teacher.at, "theory");
    assert_same(f(&v["theory"]["student"]), x.student.at, "theory");
    assert_eq!(v["config"]["n"], 160);
    assert_eq!(v["config"]["N"], 320);
    // Reproducible: the same command gives the same numbers.
    assert_eq!(json(&args)["student"]["values"], v["student"]["values"]);
    let bad: &[(&[&str], &str)] = &[
        (&["simulate", "--nu", "0"], "nu (ν_z) = 0 means N = ∞"),
        (&["simulate", "--d-z", "5000"], "d-z = 5000 needs about"),
        (
            &["simulate", "--solver", "qr"],
            "--solver 'qr' is not a solver",
        ),
        (
            &["simulate", "--reps", "1"],
            "--reps = '1' must be a whole number >= 2",
        ),
        (
            &["simulate", "--d-z", "-3"],
            "--d-z = '-3' must be a whole number",
        ),
    ];
    for (args, expected) in bad {
        let out = w2s(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

/// The polylines and text of an SVG written by plotters.
/// (stroke colour, opacity, stroke width, points) of a polyline.
type Line = (String, String, String, Vec<(f64, f64)>);

struct Svg {
    lines: Vec<Line>,
    /// (x, y, width, height, fill)
    rects: Vec<(f64, f64, f64, f64, String)>,
    /// (x, y, text-anchor, content)
    texts: Vec<(f64, f64, String, String)>,
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[at..at + tag[at..].find('"').unwrap()]
}

fn parse_svg(text: &str) -> Svg {
    let num = |t: &str, n: &str| attr(t, n).parse::<f64>().unwrap();
    let mut svg = Svg {
        lines: Vec::new(),
        rects: Vec::new(),
        texts: Vec::new(),
    };
    for (i, _) in text.match_indices('<') {
        let tag = &text[i..i + text[i..].find('>').unwrap()];
        if tag.starts_with("<polyline ") {
            let points = attr(tag, "points")
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            svg.lines.push((
                attr(tag, "stroke").into(),
                attr(tag, "opacity").into(),
                attr(tag, "stroke-width").into(),
                points,
            ));
        } else if tag.starts_with("<rect ") {
            svg.rects.push((
                num(tag, "x"),
                num(tag, "y"),
                num(tag, "width"),
                num(tag, "height"),
                attr(tag, "fill").into(),
            ));
        } else if tag.starts_with("<text ") {
            let body = &text[i + tag.len() + 1..];
            let content = body[..body.find("</text>").unwrap()].trim().to_string();
            svg.texts.push((
                num(tag, "x"),
                num(tag, "y"),
                attr(tag, "text-anchor").into(),
                content,
            ));
        }
    }
    svg
}

/// A linear axis map pixel = a · value + b.
#[derive(Debug, Clone, Copy)]
struct AxisMap {
    a: f64,
    b: f64,
}

impl AxisMap {
    fn px(&self, v: f64) -> f64 {
        self.a * v + self.b
    }

    /// Least squares through (value, pixel) tick positions; every tick must
    /// lie on it (within plotters' rounding to whole pixels).
    fn from_ticks(ticks: &[(f64, f64)], what: &str) -> AxisMap {
        assert!(ticks.len() >= 3, "{what}: ticks {ticks:?}");
        let n = ticks.len() as f64;
        let (mv, mp) = ticks
            .iter()
            .fold((0.0, 0.0), |(a, b), (v, p)| (a + v / n, b + p / n));
        let (sxy, sxx) = ticks.iter().fold((0.0, 0.0), |(a, b), (v, p)| {
            (a + (v - mv) * (p - mp), b + (v - mv).powi(2))
        });
        let m = AxisMap {
            a: sxy / sxx,
            b: mp - sxy / sxx * mv,
        };
        for &(v, p) in ticks {
            assert!(
                (m.px(v) - p).abs() <= 1.0,
                "{what}: tick {v} at {p}, map {m:?}"
            );
        }
        m
    }
}

/// The axes of the chart whose plotting area starts right of pixel `x0`
/// (a panel's left edge), reconstructed from its tick labels: y labels are
/// right-aligned left of the area, x labels centred on the lowest label row.
fn chart_axes(svg: &Svg, x0: f64, x1: f64) -> (AxisMap, AxisMap) {
    let numeric = |t: &(f64, f64, String, String)| {
        t.3.replace('−', "-")
            .parse::<f64>()
            .ok()
            .filter(|_| t.0 >= x0 && t.0 < x1)
    };
    let y_ticks: Vec<(f64, f64)> = svg
        .texts
        .iter()
        .filter(|t| t.2 == "end")
        .filter_map(|t| numeric(t).map(|v| (v, t.1)))
        .collect();
    let row = svg
        .texts
        .iter()
        .filter(|t| t.2 == "middle" && numeric(t).is_some())
        .map(|t| t.1)
        .fold(f64::MIN, f64::max);
    let x_ticks: Vec<(f64, f64)> = svg
        .texts
        .iter()
        .filter(|t| t.2 == "middle" && t.1 == row)
        .filter_map(|t| numeric(t).map(|v| (v, t.0)))
        .collect();
    (
        AxisMap::from_ticks(&x_ticks, "x axis"),
        AxisMap::from_ticks(&y_ticks, "y axis"),
    )
}

/// Columns of a `w2s sweep` CSV by name.
fn sweep_columns(args: &[&str]) -> std::collections::HashMap<String, Vec<f64>> {
    let out = w2s(&[&["sweep"], args].concat());
    assert!(out.status.success(), "{args:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let mut cols: std::collections::HashMap<String, Vec<f64>> =
        header.iter().map(|h| (h.clone(), Vec::new())).collect();
    for line in lines {
        for (h, v) in header.iter().zip(line.split(',')) {
            cols.get_mut(h).unwrap().push(v.parse().unwrap());
        }
    }
    cols
}

/// Asserts that the SVG holds one solid polyline in `colour` (the exact
/// layer: full opacity, width 2) whose every point is the data point (x, y)
/// through the chart's axes, to a pixel; only polylines left of `x1` count.
/// The approximation layers are dashed (first order) and dotted (closed
/// form), drawn as many short strokes at opacity 0.8: each must be there.
fn assert_curve(
    svg: &Svg,
    (xm, ym): (AxisMap, AxisMap),
    x1: f64,
    colour: &str,
    data: &dyn Fn(&str) -> Vec<(f64, f64)>,
    what: &str,
) {
    let want = data("exact");
    let found: Vec<_> = svg
        .lines
        .iter()
        .filter(|l| l.0 == colour && l.1 == "1" && l.2 == "2")
        .filter(|l| l.3.len() == want.len() && l.3[0].0 < x1)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{what} exact: curves of {} points",
        want.len()
    );
    for (k, (&(px, py), &(x, y))) in found[0].3.iter().zip(&want).enumerate() {
        assert!(
            (px - xm.px(x)).abs() <= 1.5 && (py - ym.px(y)).abs() <= 1.5,
            "{what} exact point {k}: drawn at ({px}, {py}), the data ({x}, {y}) map to ({:.1}, {:.1})",
            xm.px(x),
            ym.px(y)
        );
    }
    let strokes = svg
        .lines
        .iter()
        .filter(|l| l.0 == colour && l.1 == "0.8" && l.3[0].0 < x1)
        .count();
    assert!(
        strokes >= 2,
        "{what}: {strokes} dashed or dotted strokes for the other two layers"
    );
}

/// A minimal inflate (RFC 1951) for the PNG checks: stored, fixed and
/// dynamic Huffman blocks.
fn inflate(data: &[u8]) -> Vec<u8> {
    struct Bits<'a> {
        d: &'a [u8],
        pos: usize,
        buf: u64,
        cnt: u32,
    }
    impl Bits<'_> {
        fn get(&mut self, n: u32) -> usize {
            while self.cnt < n {
                self.buf |= u64::from(self.d[self.pos]) << self.cnt;
                self.pos += 1;
                self.cnt += 8;
            }
            let v = self.buf & ((1u64 << n) - 1);
            self.buf >>= n;
            self.cnt -= n;
            v as usize
        }
        fn decode(&mut self, h: &(Vec<usize>, Vec<usize>)) -> usize {
            let (mut code, mut first, mut index) = (0usize, 0usize, 0usize);
            for len in 1..16 {
                code |= self.get(1);
                let count = h.0[len];
                if code < first + count {
                    return h.1[index + code - first];
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }
            panic!("bad Huffman code");
        }
    }
    fn huffman(lengths: &[usize]) -> (Vec<usize>, Vec<usize>) {
        let mut counts = vec![0; 16];
        for &l in lengths {
            counts[l] += 1;
        }
        counts[0] = 0;
        let mut symbols: Vec<usize> = (0..lengths.len()).filter(|&s| lengths[s] > 0).collect();
        symbols.sort_by_key(|&s| lengths[s]);
        (counts, symbols)
    }
    const LBASE: [usize; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEXT: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DBASE: [usize; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DEXT: [u32; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    let mut b = Bits {
        d: data,
        pos: 0,
        buf: 0,
        cnt: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = b.get(1) == 1;
        let kind = b.get(2);
        if kind == 0 {
            (b.buf, b.cnt) = (0, 0);
            let len = usize::from(u16::from_le_bytes([b.d[b.pos], b.d[b.pos + 1]]));
            b.pos += 4;
            out.extend_from_slice(&b.d[b.pos..b.pos + len]);
            b.pos += len;
        } else {
            let (lit, dist) = if kind == 1 {
                let mut l = vec![8; 288];
                l[144..256].fill(9);
                l[256..280].fill(7);
                (huffman(&l), huffman(&[5; 30]))
            } else {
                let (nlen, ndist, ncode) = (b.get(5) + 257, b.get(5) + 1, b.get(4) + 4);
                let mut cl = [0; 19];
                for &k in &[
                    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
                ][..ncode]
                {
                    cl[k] = b.get(3);
                }
                let ch = huffman(&cl);
                let mut lengths = Vec::new();
                while lengths.len() < nlen + ndist {
                    match b.decode(&ch) {
                        s @ 0..=15 => lengths.push(s),
                        16 => {
                            let prev = *lengths.last().unwrap();
                            let n = 3 + b.get(2);
                            lengths.extend(std::iter::repeat_n(prev, n));
                        }
                        17 => {
                            let n = 3 + b.get(3);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                        _ => {
                            let n = 11 + b.get(7);
                            lengths.extend(std::iter::repeat_n(0, n));
                        }
                    }
                }
                (huffman(&lengths[..nlen]), huffman(&lengths[nlen..]))
            };
            loop {
                let s = b.decode(&lit);
                if s < 256 {
                    out.push(s as u8);
                } else if s == 256 {
                    break;
                } else {
                    let len = LBASE[s - 257] + b.get(LEXT[s - 257]);
                    let d = b.decode(&dist);
                    let back = DBASE[d] + b.get(DEXT[d]);
                    for _ in 0..len {
                        out.push(out[out.len() - back]);
                    }
                }
            }
        }
        if last {
            return out;
        }
    }
}

/// A PNG's width, height and RGB pixels (8-bit RGB or RGBA only).
fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (mut pos, mut idat) = (8, Vec::new());
    let (mut w, mut h, mut channels) = (0, 0, 0);
    while pos < bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let (kind, body) = (&bytes[pos + 4..pos + 8], &bytes[pos + 8..pos + 8 + len]);
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert_eq!(body[8], 8, "bit depth");
                channels = match body[9] {
                    2 => 3,
                    6 => 4,
                    c => panic!("colour type {c}"),
                };
                assert_eq!(body[12], 0, "interlaced");
            }
            b"IDAT" => idat.extend_from_slice(body),
            _ => {}
        }
        pos += 12 + len;
    }
    let raw = inflate(&idat[2..]);
    let stride = w * channels;
    assert_eq!(raw.len(), h * (stride + 1));
    let mut img = vec![0u8; h * stride];
    for y in 0..h {
        let filter = raw[y * (stride + 1)];
        for x in 0..stride {
            let v = raw[y * (stride + 1) + 1 + x];
            let a = if x >= channels {
                img[y * stride + x - channels]
            } else {
                0
            };
            let b = if y > 0 { img[(y - 1) * stride + x] } else { 0 };
            let c = if x >= channels && y > 0 {
                img[(y - 1) * stride + x - channels]
            } else {
                0
            };
            let pred = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            img[y * stride + x] = v.wrapping_add(pred);
        }
    }
    let pixels = img
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (w, h, pixels)
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

#[test]
fn figures_draw_the_sweeps_data_where_their_axes_put_it() {
    use w2s::figures::kit::{GAIN, STUDENT, TEACHER, diverging};
    let dir = std::env::temp_dir().join(format!("w2s-fig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let w = 640.0;
    let figure = |name: &str, ext: &str| -> Vec<u8> {
        let path = dir.join(format!("{name}.{ext}"));
        let out = w2s(&[
            "figure",
            name,
            "--out",
            path.to_str().unwrap(),
            "--size",
            "640x400",
        ]);
        assert!(
            out.status.success(),
            "{name}.{ext}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(&path).unwrap()
    };
    let svg = |name: &str| parse_svg(&String::from_utf8(figure(name, "svg")).unwrap());
    let eta_l = json(&["theory", "--json"])["params"]["eta_l"]
        .as_f64()
        .unwrap();
    // The curves' data, from the CLI's sweep at the same (default) parameters.
    let u = sweep_columns(&[
        "--vary", "eta-u", "--from", "0", "--to", "1", "--points", "127",
    ]);
    let t = sweep_columns(&[
        "--vary", "eta-t", "--from", "0", "--to", "1", "--points", "127",
    ]);
    let xi = sweep_columns(&[
        "--vary", "xi2", "--from", "0", "--to", "2", "--points", "61",
    ]);
    let along = |c: &std::collections::HashMap<String, Vec<f64>>, x: &str, y: &str, layer: &str| {
        c[x].iter()
            .copied()
            .zip(c[&format!("{y}_{layer}")].iter().copied())
            .collect::<Vec<_>>()
    };

    let s = svg("eta-u");
    let axes = chart_axes(&s, 0.0, w);
    for (q, colour) in [("teacher", TEACHER), ("student", STUDENT), ("gain", GAIN)] {
        assert_curve(
            &s,
            axes,
            w,
            &hex(colour),
            &|l| along(&u, "eta_u", q, l),
            &format!("eta-u {q}"),
        );
    }

    let s = svg("mismatch");
    let axes = chart_axes(&s, 0.0, w);
    for (above, colour) in [(true, GAIN), (false, TEACHER)] {
        let branch = |layer: &str| {
            let mut v: Vec<(f64, f64)> = along(&u, "eta_u", "gain", layer)
                .into_iter()
                .filter(|(x, _)| if above { *x >= eta_l } else { *x <= eta_l })
                .map(|(x, g)| ((x - eta_l).powi(2), g))
                .collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            v
        };
        assert_curve(
            &s,
            axes,
            w,
            &hex(colour),
            &branch,
            &format!("mismatch above {above}"),
        );
    }

    let s = svg("eta-t");
    let axes = chart_axes(&s, 0.0, w);
    for (q, colour) in [("teacher", TEACHER), ("student", STUDENT)] {
        assert_curve(
            &s,
            axes,
            w,
            &hex(colour),
            &|l| along(&t, "eta_t", q, l),
            &format!("eta-t {q}"),
        );
    }

    // Two panels side by side: ‖Ξ‖_F² on the left half, ν_z on the right.
    let s = svg("similarity");
    let left = chart_axes(&s, 0.0, w / 2.0);
    assert_curve(
        &s,
        left,
        w / 2.0,
        &hex(GAIN),
        &|l| along(&xi, "xi2", "gain", l),
        "similarity ‖Ξ‖²",
    );
    // The ν_z panel is on a log axis (ν_z = 0 is off it) and clipped where
    // the gain plunges, so only its solid exact curve is looked for there.
    let right_exact = s
        .lines
        .iter()
        .filter(|l| l.3[0].0 >= w / 2.0 && l.0 == hex(GAIN) && l.1 == "1" && l.2 == "2")
        .map(|l| l.3.len())
        .max()
        .unwrap_or(0);
    assert!(
        right_exact > 50,
        "similarity ν_z: the exact curve has {right_exact} points"
    );

    // The phase map: one cell per (η_ℓ, η_u) of a 64 × 64 grid, centred on
    // its grid point and coloured by the exact relative gain there.
    let map = sweep_columns(&[
        "--vary",
        "eta-l",
        "--points",
        "64",
        "--vary2",
        "eta-u",
        "--points2",
        "64",
    ]);
    let s = svg("phase-map");
    let (xm, ym) = chart_axes(&s, 0.0, w);
    let cells: Vec<_> = s
        .rects
        .iter()
        .filter(|r| r.2 < 20.0 && r.3 < 20.0)
        .collect();
    let mut seen = vec![0; 64 * 64];
    for (x, y, rw, rh, fill) in cells {
        let (l, u) = ((x + rw / 2.0 - xm.b) / xm.a, (y + rh / 2.0 - ym.b) / ym.a);
        let (il, iu) = ((l * 63.0).round(), (u * 63.0).round());
        if !(0.0..=63.0).contains(&il) || !(0.0..=63.0).contains(&iu) || (l * 63.0 - il).abs() > 0.3
        {
            continue; // the colour bar
        }
        let k = il as usize * 64 + iu as usize; // the sweep's last axis (η_u) runs fastest
        assert_eq!((map["eta_l"][k] * 63.0).round(), il);
        assert_eq!((map["eta_u"][k] * 63.0).round(), iu);
        seen[k] += 1;
        let v = map["relative_gain_exact"][k];
        assert_eq!(
            *fill,
            hex(diverging(v)),
            "cell ({l:.3}, {u:.3}) with relative gain {v}"
        );
    }
    assert!(
        seen.iter().all(|&n| n == 1),
        "cells drawn: {:?}",
        seen.iter().filter(|&&n| n != 1).count()
    );
    let pm = (xm, ym);

    // PNGs: the size asked for, not blank, and the same data: the exact
    // curves' colours are there, and the phase map's pixels at the grid
    // points (the SVG's axes: the same layout) are its cells' colours.
    for name in ["eta-u", "mismatch", "phase-map", "eta-t", "similarity"] {
        let (pw, ph, px) = decode_png(&figure(name, "png"));
        assert_eq!((pw, ph), (640, 400), "{name}.png");
        let lum: Vec<f64> = px
            .iter()
            .map(|p| p.iter().map(|&c| f64::from(c)).sum::<f64>() / 3.0)
            .collect();
        let mean = lum.iter().sum::<f64>() / lum.len() as f64;
        let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64;
        assert!(
            var > 100.0,
            "{name}.png looks blank: luminance variance {var:.1}"
        );
        let count =
            |c: plotters::style::RGBColor| px.iter().filter(|p| **p == [c.0, c.1, c.2]).count();
        let colours: &[plotters::style::RGBColor] = match name {
            "eta-u" => &[TEACHER, STUDENT, GAIN],
            "mismatch" => &[GAIN, TEACHER],
            "eta-t" => &[TEACHER, STUDENT],
            "similarity" => &[GAIN],
            _ => &[],
        };
        for &c in colours {
            assert!(
                count(c) > 40,
                "{name}.png: {} pixels of {}",
                count(c),
                hex(c)
            );
        }
        if name == "phase-map" {
            let mut right = 0;
            let cells = map["eta_l"]
                .iter()
                .zip(&map["eta_u"])
                .zip(&map["relative_gain_exact"]);
            for ((&l, &u), &v) in cells {
                let (x, y) = (pm.0.px(l), pm.1.px(u));
                let (x, y) = ((x as usize).min(pw - 1), (y as usize).min(ph - 1));
                let want = diverging(v);
                let got = px[y * pw + x];
                right += usize::from(
                    [want.0, want.1, want.2]
                        .iter()
                        .zip(got)
                        .all(|(a, b)| a.abs_diff(b) <= 1),
                );
            }
            // The zero contour, the diagonal and the marker cover a few.
            assert!(
                right > 64 * 64 * 9 / 10,
                "{right} of 4096 grid pixels have their cell's colour"
            );
        }
    }
    for (args, expected) in [
        (
            vec!["figure", "pie", "--out", "x.svg"],
            "figure 'pie' is not a figure",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.gif"],
            "--out 'x.gif' must end in .svg or .png",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.svg", "--size", "10x10"],
            "--size '10x10'",
        ),
        (
            vec!["figure", "eta-u", "--out", "x.svg", "--gamma", "0.5"],
            "outside the regime",
        ),
    ] {
        let out = w2s(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_labs_answer_in_json_and_refuse_bad_settings() {
    use w2s::labs::{enhanced, finetune};
    // The CLI's counts are the library's: the same rule, margin included.
    let v = json(&["logistic", "--pairs", "20", "--norm-0", "10", "--json"]);
    let c = finetune::Config {
        pairs: 20,
        norm_0: 10.0,
        ..finetune::Config::default()
    };
    let [end, ever] = finetune::fractions(&c);
    assert_eq!(v["ends_above_both"]["mean"].as_f64().unwrap(), end);
    assert_eq!(v["ever_above_both"]["mean"].as_f64().unwrap(), ever);
    assert_eq!(v["first_path"].as_array().unwrap().len(), c.steps + 1);
    // Enhanced: the summary equals the seeds averaged by the library.
    let v = json(&[
        "enhanced", "--seeds", "3", "--big-n", "600", "--n", "200", "--json",
    ]);
    let c = enhanced::Config {
        seeds: 3,
        big_n: 600,
        n: 200,
        ..enhanced::Config::default()
    };
    let runs: Vec<_> = (0..3).map(|k| enhanced::run_seed(&c, c.seed + k)).collect();
    let s = enhanced::Summary::of(&runs);
    assert_eq!(
        v["summary"]["enhanced"]["worst_group"]["mean"]
            .as_f64()
            .unwrap(),
        s.enhanced_worst.mean
    );
    assert_eq!(v["summary"]["verdict"].as_str().unwrap(), s.verdict());
    // Bad settings: exit 2, one line naming the knob, its value and range.
    for (args, msg) in [
        (
            vec!["enhanced", "--q", "1.5"],
            "w2s: error: q (q) = 1.5 is out of range: allowed (0, 1]\n",
        ),
        (
            vec!["enhanced", "--seeds", "2.5"],
            "w2s: error: seeds (seeds) = 2.5 is not a whole number: allowed [2, 200], whole numbers\n",
        ),
        (
            vec!["logistic", "--cos-t", "x"],
            "w2s: error: --cos-t = 'x' is not a number\n",
        ),
        (
            vec!["logistic", "--job", "nope"],
            "w2s: error: --job 'nope' is not a job: allowed paths, norms, map\n",
        ),
    ] {
        let out = w2s(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), msg, "{args:?}");
    }
}
