//! The canvas the figures are drawn on: finding and checking it by id, and
//! [`FastCanvas`], plotters' canvas backend with faster bitmaps and text sizes.

use wasm_bindgen::prelude::*;

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
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
pub(super) struct FastCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
}

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
        Some(FastCanvas { inner, context })
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
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> CanvasResult {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> CanvasResult {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> CanvasResult {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> CanvasResult {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> CanvasResult {
        self.inner.draw_text(text, style, pos)
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
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let metrics = self
            .context
            .measure_text(text)
            .map_err(|e| DrawingErrorKind::FontError(format!("{e:?}").into()))?;
        Ok((
            metrics.width().ceil() as u32,
            (style.size() * 1.2).round() as u32,
        ))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> CanvasResult {
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
