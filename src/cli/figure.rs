//! `w2s figure`: one of the explorer's figures written to SVG or PNG by the
//! page's own drawing code, so a saved figure is what the page shows; with a
//! title and the state in words under it, fonts scaled to the size, and the
//! state taken from a page link if asked.

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};
use w2s::figures::describe::{caption, describe};
use w2s::figures::export::{draw_export, scale_for, svg_with_description};
use w2s::figures::{Figure, Layers, Overlay, Style, dashboard, pins};
use w2s::{Engine, Layer};

use super::args::ParamArgs;
use super::{err, link};

/// The flags of `w2s figure`.
#[derive(clap::Args)]
pub struct FigureArgs {
    /// eta-u, mismatch, phase-map, eta-t, similarity, data, or validation (with --results) [default with --from-url: the link's embed=]
    name: Option<String>,
    /// Output file: .svg or .png (or .csv: the figure's data, as the page's CSV export)
    #[arg(long, value_name = "FILE")]
    out: String,
    /// The phase map's columns: eta-l, eta-u, eta-t, gamma, nu, sep, xi2 or rho [default: eta-l, or the link's map-x=]
    #[arg(long, value_name = "NAME")]
    x: Option<String>,
    /// The phase map's rows (a parameter other than --x) [default: eta-u, or the link's map-y=]
    #[arg(long, value_name = "NAME")]
    y: Option<String>,
    /// Size in pixels, WIDTHxHEIGHT; text and lines grow with it (1× at 800x500)
    #[arg(long, default_value = "800x500")]
    size: String,
    /// Theory layers to draw, comma-separated: closed-form, first-order, exact [default: all three, or the link's layers=]
    #[arg(long)]
    layers: Option<String>,
    /// A title above the figure
    #[arg(long, value_name = "TEXT", default_value = "")]
    title: String,
    /// Leave out the line under the figure that states the parameters
    #[arg(long)]
    no_caption: bool,
    /// Draw the state of a page link (the explorer's address with its #…); flags given too override it
    #[arg(long, value_name = "LINK")]
    from_url: Option<String>,
    /// A state to pin beside this one (drawn faint, and in the CSV), as the
    /// page writes it in a link's pin1=: key:value fields that differ from
    /// the defaults, e.g. law:surrogate,sep:20,xi2:0 (up to 3; replaces the link's pins)
    #[arg(long, value_name = "FIELDS")]
    pin: Vec<String>,
    /// For the validation figure: files of JSON lines from `w2s validate --d-z D --shard K/N`
    #[arg(long, value_name = "FILE", num_args = 1..)]
    results: Vec<String>,
    #[command(flatten)]
    params: ParamArgs,
}

/// The scale check's figure of a set of runs, written to an SVG or PNG file.
pub fn write_validation(
    sims: &[&w2s::simulation::replicates::Simulation],
    out: &str,
    (w, h): (u32, u32),
) -> Result<String, String> {
    use w2s::figures::validation;
    let panels = validation::panels(sims).map_err(err)?;
    let style = Style {
        scale: scale_for(w, h),
        raster: !out.ends_with(".svg"),
        ..Style::default()
    };
    let fail = |e: String| format!("could not write {out}: {e}");
    if out.ends_with(".svg") {
        let root = SVGBackend::new(out, (w, h)).into_drawing_area();
        validation::draw(&root, &panels, &style).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else if out.ends_with(".png") {
        let root = BitMapBackend::new(out, (w, h)).into_drawing_area();
        validation::draw(&root, &panels, &style).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    } else {
        return Err(format!("--figure '{out}' must end in .svg or .png"));
    }
    Ok(format!(
        "wrote {out} (simulation against the exact theory along η_u, {w}x{h})\n"
    ))
}

/// `w2s figure validation --results FILES… --out f.svg`: the figure of a
/// finished scale check, from its JSON lines.
fn validation_figure(a: &FigureArgs) -> Result<String, String> {
    if a.results.is_empty() {
        return Err(
            "the validation figure is drawn from a run: give --results FILE… (the JSON \
                    lines of `w2s validate --d-z D --shard K/N`), or run \
                    `w2s validate --d-z D --figure FILE`"
                .into(),
        );
    }
    let (_, sims) = super::merge::load(&a.results)?;
    let sims: Vec<_> = sims.iter().map(|(_, s)| s).collect();
    write_validation(&sims, &a.out, size(&a.size)?)
}

fn figure_named(name: &str) -> Result<Figure, String> {
    Figure::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Figure::ALL.iter().map(|f| f.key()).collect();
        format!(
            "figure '{name}' is not a figure: allowed {}",
            names.join(", ")
        )
    })
}

fn size(text: &str) -> Result<(u32, u32), String> {
    text.split_once('x')
        .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
        .filter(|&(w, h)| (200..=6000).contains(&w) && (150..=6000).contains(&h))
        .ok_or_else(|| {
            format!(
                "--size '{text}' must be WIDTHxHEIGHT with 200 ≤ WIDTH ≤ 6000, 150 ≤ HEIGHT ≤ 6000"
            )
        })
}

fn layers(text: &str) -> Result<Layers, String> {
    let mut on = [false; 3];
    for part in text.split(',').filter(|s| !s.trim().is_empty()) {
        let layer = Layer::parse(part).ok_or_else(|| {
            format!("--layers: '{part}' is not a layer: allowed closed-form, first-order, exact")
        })?;
        for (flag, l) in on.iter_mut().zip(Layer::ALL) {
            *flag |= l == layer;
        }
    }
    Ok(Layers(on))
}

/// What a page link says beyond the parameters: its figure and its layers.
#[derive(Default)]
struct FromLink {
    figure: Option<String>,
    layers: Option<Layers>,
    map_x: Option<String>,
    map_y: Option<String>,
    /// pin1= … pin3=, by number.
    pins: Vec<(usize, String)>,
}

/// Applies a page link's fields: parameters and law where no flag gave
/// them, the figure and the layer mask; the simulation's settings and the
/// options that shape the page change no figure and are passed over. Any other field is refused by name.
fn read_link(text: &str, params: &mut ParamArgs) -> Result<FromLink, String> {
    let mut out = FromLink::default();
    for (k, v) in link::fields(text)? {
        if params.take_link_field(&k, &v) {
            continue;
        }
        match k.as_str() {
            "embed" => out.figure = Some(v),
            "map-x" => out.map_x = Some(v),
            "map-y" => out.map_y = Some(v),
            "pin1" | "pin2" | "pin3" => out.pins.push((usize::from(k.as_bytes()[3] - b'0'), v)),
            "layers" => {
                let mask = v
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=7).contains(m))
                    .ok_or_else(|| {
                        format!("--from-url: layers = '{v}' is not a layer mask: allowed 1 to 7")
                    })?;
                out.layers = Some(Layers([mask & 1 != 0, mask & 2 != 0, mask & 4 != 0]));
            }
            // The simulation's settings and the page-shaping options
            // (README: Putting it in a course page) change no figure.
            "d-z" | "reps" | "seed" | "controls" | "lock" | "caption" | "base" => {}
            _ => {
                return Err(format!(
                    "--from-url: the field '{}' is not one the explorer writes",
                    k.chars().take(40).collect::<String>()
                ));
            }
        }
    }
    Ok(out)
}

pub fn run(mut a: FigureArgs) -> Result<String, String> {
    let link = match &a.from_url {
        Some(text) => read_link(text, &mut a.params)?,
        None => FromLink::default(),
    };
    let name = a.name.as_deref().or(link.figure.as_deref()).ok_or(
        "name the figure (eta-u, mismatch, phase-map, eta-t, similarity, data), or give a link with embed=",
    )?;
    if name == "validation" {
        return validation_figure(&a);
    }
    let figure = figure_named(name)?;
    let (w, h) = size(&a.size)?;
    let layers = match (&a.layers, link.layers) {
        (Some(text), _) => layers(text)?,
        (None, Some(from_link)) => from_link,
        (None, None) => Layers([true; 3]),
    };
    let p = a.params.params()?;
    let pair = map_pair(&a, &link)?;
    let d = dashboard::compute_with(
        &mut Engine::new(),
        &p,
        Layer::Exact,
        dashboard::Needs::ALL,
        pair,
    )
    .map_err(err)?;
    let mut d = d;
    d.pins = pinned(&a, link.pins, pair)?;
    let out = &a.out;
    if out.ends_with(".csv") {
        std::fs::write(out, w2s::figures::csv(figure, &d))
            .map_err(|e| format!("could not write {out}: {e}"))?;
        return Ok(format!("wrote {out} ({}, its data)\n", d.title(figure)));
    }
    let style = Style {
        layers,
        scale: scale_for(w, h),
        raster: !out.ends_with(".svg"),
    };
    let caption = if a.no_caption {
        String::new()
    } else {
        caption(&p)
    };
    let overlay = Overlay::default();
    let fail = |e: String| format!("could not write {out}: {e}");
    macro_rules! draw_on {
        ($backend:expr) => {{
            let root = $backend.into_drawing_area();
            draw_export(&root, figure, &d, &style, &overlay, &a.title, &caption)
                .map_err(|e| fail(e.to_string()))?;
            root.present().map_err(|e| fail(e.to_string()))?;
        }};
    }
    if out.ends_with(".svg") {
        let mut svg = String::new();
        draw_on!(SVGBackend::with_string(&mut svg, (w, h)));
        let svg = svg_with_description(&svg, &d.title(figure), &describe(figure, &d));
        std::fs::write(out, svg).map_err(|e| fail(e.to_string()))?;
    } else if out.ends_with(".png") {
        draw_on!(BitMapBackend::new(out, (w, h)));
    } else {
        return Err(format!(
            "--out '{out}' must end in .svg or .png (or .csv for the figure's data)"
        ));
    }
    Ok(format!("wrote {out} ({}, {w}x{h})\n", d.title(figure)))
}

/// The pins of `--pin`, else the link's, each computed in an engine of its own.
fn pinned(
    a: &FigureArgs,
    mut from_link: Vec<(usize, String)>,
    pair: dashboard::MapPair,
) -> Result<pins::Pins, String> {
    from_link.sort_by_key(|(k, _)| *k);
    let texts: Vec<String> = if a.pin.is_empty() {
        from_link.into_iter().map(|(_, t)| t).collect()
    } else {
        a.pin.clone()
    };
    if texts.len() > pins::MAX_PINS {
        return Err(format!(
            "--pin: {} pins given: at most {}",
            texts.len(),
            pins::MAX_PINS
        ));
    }
    let out = pins::read(&mut Engine::new(), &texts, pair).map_err(err)?;
    Ok(std::sync::Arc::from(out))
}

/// The phase map's axes: the flags, else the link's map-x= and map-y=, else
/// (η_ℓ, η_u); one given alone keeps the other's default unless they clash.
fn map_pair(a: &FigureArgs, link: &FromLink) -> Result<dashboard::MapPair, String> {
    let x = a.x.as_deref().or(link.map_x.as_deref());
    let y = a.y.as_deref().or(link.map_y.as_deref());
    let d = dashboard::MapPair::default();
    let (dx, dy) = (d.x.key(), d.y.key());
    let (x, y) = match (x, y) {
        (None, None) => return Ok(d),
        (Some(x), None) => (x, if x == dy { dx } else { dy }),
        (None, Some(y)) => (if y == dx { dy } else { dx }, y),
        (Some(x), Some(y)) => (x, y),
    };
    dashboard::MapPair::parse(x, y).map_err(|e| format!("--x/--y: {}", e))
}
