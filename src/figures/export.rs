//! A figure as it leaves the page or the CLI for a slide or a handout: an
//! optional title above it and the state in words below it (so the picture
//! says what it shows), drawn by the same code as the live figure. Fonts and
//! lines follow the style's scale, which the callers set from the output size.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::dashboard::Dashboard;
use super::kit::{FrameResult, MUTED, Style};
use super::{Figure, Overlay, draw};

/// The style scale for an output of `width` × `height` pixels: 1 at the
/// page's usual 800 × 500, growing with the smaller ratio so that a larger
/// export keeps its proportions instead of shrinking its text.
pub fn scale_for(width: u32, height: u32) -> f64 {
    (f64::from(width) / 800.0)
        .min(f64::from(height) / 500.0)
        .clamp(1.0, 4.0)
}

/// An SVG document with a `<title>` and a `<desc>` as its first children:
/// what a screen reader announces for the image and what shows as its
/// tooltip (the page's and the CLI's exports, and an embedded figure).
pub fn svg_with_description(svg: &str, title: &str, desc: &str) -> String {
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let Some(open) = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
    else {
        return svg.to_string();
    };
    format!(
        "{}\n<title>{}</title>\n<desc>{}</desc>{}",
        &svg[..open],
        escape(title),
        escape(desc),
        &svg[open..]
    )
}

/// Splits a caption at its " · " separators into lines no wider than
/// `width` pixels in `font` (a part wider than a line gets a line of its own).
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &FontDesc<'_>,
    width: u32,
) -> Vec<String> {
    let style = TextStyle::from(font.clone());
    let fits = |s: &str| {
        area.estimate_text_size(s, &style)
            .is_ok_and(|(w, _)| w <= width)
    };
    let mut lines: Vec<String> = Vec::new();
    for part in text.split(" · ") {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} · {part}")) => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ => lines.push(part.to_string()),
        }
    }
    lines
}

/// Draws `figure` with `title` (none when empty) above and `caption` (none
/// when empty) below; returns the figure's chart frames.
pub fn draw_export<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    figure: Figure,
    d: &Dashboard,
    st: &Style,
    overlay: &Overlay,
    title: &str,
    caption: &str,
) -> FrameResult<DB>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let title_font = st.font(16);
    let caption_font = st.font(11);
    let lines = if caption.is_empty() {
        Vec::new()
    } else {
        wrap(
            area,
            caption,
            &caption_font,
            w.saturating_sub(st.px(16) as u32),
        )
    };
    let line = st.px(15);
    let top = if title.is_empty() { 0 } else { st.px(28) };
    let bottom = lines.len() as i32 * line + if lines.is_empty() { 0 } else { st.px(8) };
    // The figure keeps at least half the height, whatever the caption's length.
    let bottom = bottom.min(h as i32 / 2 - top).max(0);
    let (head, rest) = area.split_vertically(top);
    let (body, foot) = rest.split_vertically(h as i32 - top - bottom);
    if !title.is_empty() {
        head.draw(&Text::new(
            title.to_string(),
            (w as i32 / 2, top / 2),
            title_font
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
    }
    for (i, text) in lines.iter().enumerate() {
        foot.draw(&Text::new(
            text.clone(),
            (st.px(8), st.px(4) + i as i32 * line),
            caption_font.color(&MUTED),
        ))?;
    }
    draw(&body, figure, d, st, overlay)
}
