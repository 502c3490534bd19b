//! The canvas the figures are drawn on: finding and checking it by id, and
//! [`FastCanvas`], plotters' canvas backend with faster bitmaps, text sizes,
//! and styles set only when they change.

use wasm_bindgen::prelude::*;

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;

use crate::figures;

/// Finds a canvas and checks its size before anything is drawn on it.
pub(super) fn canvas(id: &str) -> Result<FastCanvas, JsError> {
    let backend =
        FastCanvas::new(id).ok_or_else(|| JsError::new(&format!("no canvas with id '{id}'")))?;
    let (w, h) = backend.get_size();
    figures::check_size(w, h).map_err(|e| JsError::new(&format!("canvas '{id}': {e}")))?;
    Ok(backend)
}

/// The canvas backend with one change: `blit_bitmap` (the phase map's
/// raster) goes to the canvas in a single `putImageData` call instead of
/// plotters' default of one `fillRect` per pixel.
///
/// Lines, paths and text also skip setting a style the context already has:
/// plotters sets the stroke colour, width, font, fill, alignment and baseline
/// before every segment and label, each a string built in wasm and decoded in
/// JS, and a dashed curve is hundreds of segments.
///
/// Consecutive lines and paths in one stroke style go into one canvas path,
/// stroked once when anything else is drawn (or the frame is presented): a
/// dashed curve is one `stroke()`, not one per dash. Subpaths join nothing,
/// so opaque strokes come out the same; where two translucent strokes of one
/// style cross, the crossing is no darker than either.
pub(super) struct FastCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
    set: Applied,
    /// The stroke style of the path begun and not yet stroked.
    open: Option<(Rgba, u32)>,
    /// The font last set, as (style, size, family) (measuring text sets it
    /// too, through `&self`).
    font: std::cell::RefCell<(String, f64, String)>,
}

/// The styles last set on the context (`None`: unknown, as after a call that
/// plotters' backend made, which may have changed them).
#[derive(Default)]
struct Applied {
    stroke: Option<(Rgba, u32)>,
    fill: Option<Rgba>,
    anchor: Option<(&'static str, &'static str)>,
}

/// A colour as compared and written (plotters' colour has no `PartialEq`).
type Rgba = ((u8, u8, u8), f64);

/// A colour as the JS string the context takes, made once per colour: a
/// string passed from wasm is decoded into a new JS string at every call.
fn css(((r, g, b), a): Rgba) -> JsValue {
    type Made = std::collections::HashMap<((u8, u8, u8), u64), JsValue>;
    thread_local! {
        static MADE: std::cell::RefCell<Made> =
            std::cell::RefCell::default();
    }
    MADE.with_borrow_mut(|made| {
        if made.len() >= 1024 {
            made.clear(); // never in practice: the figures use a few dozen colours
        }
        made.entry(((r, g, b), a.to_bits()))
            .or_insert_with(|| JsValue::from_str(&format!("rgba({r},{g},{b},{a})")))
            .clone()
    })
}

impl FastCanvas {
    /// Continues the open path if it has this stroke style; else strokes it
    /// and begins a new one in this style.
    fn path_in(&mut self, style: &impl BackendStyle) {
        let c = style.color();
        let want = ((c.rgb, c.alpha), style.stroke_width());
        if self.open == Some(want) {
            return;
        }
        self.flush();
        if self.set.stroke != Some(want) {
            // The JsValue setter is deprecated only for being untyped; it takes
            // the string made once ([`css`]) without decoding it again.
            #[allow(deprecated)]
            self.context.set_stroke_style(&css(want.0));
            self.context.set_line_width(f64::from(want.1));
            self.set.stroke = Some(want);
        }
        self.context.begin_path();
        self.open = Some(want);
    }

    /// Strokes the open path, before anything else is drawn over it.
    fn flush(&mut self) {
        if self.open.take().is_some() {
            self.context.stroke();
        }
    }

    fn fill(&mut self, color: BackendColor) {
        let color = (color.rgb, color.alpha);
        if self.set.fill != Some(color) {
            #[allow(deprecated)]
            self.context.set_fill_style(&css(color));
            self.set.fill = Some(color);
        }
    }

    /// Before a call into plotters' backend, which draws at once and sets
    /// colours of its own.
    fn forget(&mut self) {
        self.flush();
        self.set.stroke = None;
        self.set.fill = None;
    }

    /// Sets the font unless it is already the context's (compared by its
    /// parts, so the common case builds no string).
    fn use_font(&self, style: &impl BackendTextStyle) {
        let (kind, size, family) = (style.style(), style.size(), style.family());
        let mut set = self.font.borrow_mut();
        if set.0 != kind.as_str() || set.1 != size || set.2 != family.as_str() {
            let (kind, family) = (kind.as_str().to_string(), family.as_str().to_string());
            self.context.set_font(&format!("{kind} {size}px {family}"));
            *set = (kind, size, family);
        }
    }
}

thread_local! {
    /// Text widths measured so far, by font and text: a frame writes the same
    /// tick labels and legend entries as the frame before, and each
    /// `measureText` is a call into the browser.
    static WIDTHS: std::cell::RefCell<std::collections::HashMap<(String, u64, String), u32>> =
        std::cell::RefCell::default();
}

/// Widths kept before the table is emptied (labels change as ranges move).
const WIDTHS_KEPT: usize = 4096;

type CanvasResult = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl FastCanvas {
    fn new(id: &str) -> Option<FastCanvas> {
        use wasm_bindgen::JsCast;
        let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
            .document()?
            .get_element_by_id(id)?
            .dyn_into()
            .ok()?;
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(FastCanvas {
            inner,
            context,
            set: Applied::default(),
            open: None,
            font: std::cell::RefCell::new((String::new(), 0.0, String::new())),
        })
    }
}

impl DrawingBackend for FastCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> CanvasResult {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> CanvasResult {
        self.flush();
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult {
        self.forget();
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> CanvasResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // A horizontal or vertical line on the pixel grid, as plotters
        // draws it (half a pixel in, so a 1-pixel line is sharp).
        let (mut a, mut b) = (
            (f64::from(from.0), f64::from(from.1)),
            (f64::from(to.0), f64::from(to.1)),
        );
        if from.0 == to.0 {
            a.0 += 0.5;
            b.0 += 0.5;
        } else if from.1 == to.1 {
            a.1 += 0.5;
            b.1 += 0.5;
        }
        self.path_in(style);
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.forget();
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> CanvasResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        if let Some(start) = path.next() {
            self.path_in(style);
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                self.context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.forget();
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> CanvasResult {
        self.forget();
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> CanvasResult {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.5,
            FontTransform::Rotate180 => 1.0,
            FontTransform::Rotate270 => 1.5,
        } * std::f64::consts::PI;
        self.flush();
        let at = (f64::from(pos.0), f64::from(pos.1));
        let fail = |e: JsValue| DrawingErrorKind::FontError(format!("{e:?}").into());
        let (x, y) = if turn != 0.0 {
            // save/restore brings back the styles as they were before.
            self.context.save();
            self.context.translate(at.0, at.1).map_err(fail)?;
            self.context.rotate(turn).map_err(fail)?;
            (0.0, 0.0)
        } else {
            at
        };
        let anchor = (
            match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
            match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            },
        );
        if self.set.anchor != Some(anchor) {
            self.context.set_text_baseline(anchor.0);
            self.context.set_text_align(anchor.1);
            self.set.anchor = Some(anchor);
        }
        self.fill(color);
        self.use_font(style);
        let drawn = self.context.fill_text(text, x, y).map_err(fail);
        if turn != 0.0 {
            self.context.restore();
        }
        drawn
    }

    /// Text extents from the canvas's own `measureText`. plotters' default for
    /// the web measures each label by adding a span to the page and reading
    /// its size, which forces a layout of the whole page per label: that was
    /// most of a redraw. The height is the span's line box (≈ 1.2 × size).
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let height = (style.size() * 1.2).round() as u32;
        let key = (
            format!("{} {}", style.style().as_str(), style.family().as_str()),
            style.size().to_bits(),
            text.to_string(),
        );
        if let Some(w) = WIDTHS.with_borrow(|m| m.get(&key).copied()) {
            return Ok((w, height));
        }
        self.use_font(style);
        let metrics = self
            .context
            .measure_text(text)
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        let width = metrics.width().ceil() as u32;
        WIDTHS.with_borrow_mut(|m| {
            if m.len() >= WIDTHS_KEPT {
                m.clear();
            }
            m.insert(key, width);
        });
        Ok((width, height))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> CanvasResult {
        self.flush();
        let mut rgba = vec![255u8; w as usize * h as usize * 4];
        for (out, px) in rgba.chunks_exact_mut(4).zip(src.chunks_exact(3)) {
            out[..3].copy_from_slice(px);
        }
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&rgba),
            w,
            h,
        )
        .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        self.context
            .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))
    }
}

impl Drop for FastCanvas {
    /// A drawing that ends without `present` still gets its last path.
    fn drop(&mut self) {
        self.flush();
    }
}
