//! `w2s figure`: one of the explorer's figures written to SVG or PNG by the
//! page's own drawing code, so a saved figure is what the page shows.

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};
use w2s::figures::dashboard;
use w2s::figures::{self, Figure, Layers, Overlay, Style};
use w2s::{Engine, Layer};

use super::args::ParamArgs;
use super::err;

/// The flags of `w2s figure`.
#[derive(clap::Args)]
pub struct FigureArgs {
    /// eta-u, mismatch, phase-map, eta-t or similarity
    name: String,
    /// Output file: .svg or .png
    #[arg(long, value_name = "FILE")]
    out: String,
    /// Size in pixels, WIDTHxHEIGHT
    #[arg(long, default_value = "800x500")]
    size: String,
    /// Theory layers to draw, comma-separated: closed-form, first-order, exact
    #[arg(long, default_value = "closed-form,first-order,exact")]
    layers: String,
    #[command(flatten)]
    params: ParamArgs,
}

pub fn run(
    FigureArgs {
        name,
        out,
        size,
        layers,
        params,
    }: FigureArgs,
) -> Result<String, String> {
    let mut engine = Engine::new();
    let figure = Figure::parse(&name).ok_or_else(|| {
        let names: Vec<&str> = Figure::ALL.iter().map(|f| f.key()).collect();
        format!(
            "figure '{name}' is not a figure: allowed {}",
            names.join(", ")
        )
    })?;
    let (w, h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
        .filter(|&(w, h)| (200..=6000).contains(&w) && (150..=6000).contains(&h))
        .ok_or_else(|| {
            format!(
                "--size '{size}' must be WIDTHxHEIGHT with 200 ≤ WIDTH ≤ 6000, 150 ≤ HEIGHT ≤ 6000"
            )
        })?;
    let mut on = [false; 3];
    for part in layers.split(',').filter(|s| !s.trim().is_empty()) {
        let layer = Layer::parse(part).ok_or_else(|| {
            format!("--layers: '{part}' is not a layer: allowed closed-form, first-order, exact")
        })?;
        for (flag, l) in on.iter_mut().zip(Layer::ALL) {
            *flag |= l == layer;
        }
    }
    let p = params.params()?;
    let d = dashboard::compute(&mut engine, &p, Layer::Exact).map_err(err)?;
    let style = Style {
        layers: Layers(on),
        scale: 1.0,
        raster: !out.ends_with(".svg"),
    };
    let overlay = Overlay::default();
    let fail = |e: String| format!("could not write {out}: {e}");
    if out.ends_with(".svg") {
        let root = SVGBackend::new(&out, (w, h)).into_drawing_area();
        figures::draw(&root, figure, &d, &style, &overlay).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else if out.ends_with(".png") {
        let root = BitMapBackend::new(&out, (w, h)).into_drawing_area();
        figures::draw(&root, figure, &d, &style, &overlay).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else {
        return Err(format!("--out '{out}' must end in .svg or .png"));
    }
    Ok(format!("wrote {out} ({}, {w}x{h})\n", figure.title()))
}
