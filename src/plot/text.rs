//! A bitmap drawing backend that lays out and draws text itself.
//!
//! plotters' own `ab_glyph` text drawing places each glyph at the pen position without
//! its side bearing, which spaces letters unevenly ("Ti me"). [`TextBitmap`] wraps
//! plotters' `BitMapBackend`, passes every shape through, and draws text from the bundled
//! font with ab_glyph's full metrics: kerning, side bearings, anti-aliased coverage, and
//! plotters' anchors and rotations.

use super::draw::FONT;
use ab_glyph::{Font, FontRef, Glyph, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::sync::OnceLock;

/// The bundled font, parsed once.
fn font<E: std::error::Error + Send + Sync>()
-> Result<&'static FontRef<'static>, DrawingErrorKind<E>> {
    static FONT_REF: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT_REF
        .get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .as_ref()
        .ok_or_else(|| DrawingErrorKind::FontError("bug: the bundled font does not load".into()))
}

/// Glyphs of one line of text, positioned with the top of the line at y = 0, and the
/// line's width and height in pixels.
fn layout(font: &FontRef<'static>, size: f64, text: &str) -> (Vec<Glyph>, f32, f32) {
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let mut x = 0.0f32;
    let mut prev = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(scale, point(x, scaled.ascent())));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, x, scaled.ascent() - scaled.descent())
}

/// plotters' `BitMapBackend` with its own text drawing.
pub(crate) struct TextBitmap<'a>(pub BitMapBackend<'a>);

type Res<'a> = Result<(), DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>>;

impl<'a> DrawingBackend for TextBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Res<'a> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Res<'a> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res<'a> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res<'a> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res<'a> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res<'a> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res<'a> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res<'a> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Res<'a> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Res<'a> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let font = font()?;
        let (glyphs, width, height) = layout(font, style.size(), text);
        let (width, height) = (width.round() as i32, height.round() as i32);
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0,
            HPos::Center => -width / 2,
            HPos::Right => -width,
        };
        let dy = match anchor.v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        for glyph in glyphs {
            let Some(outline) = font.outline_glyph(glyph) else {
                continue; // a space
            };
            let bounds = outline.px_bounds();
            let (x0, y0) = (bounds.min.x as i32 + dx, bounds.min.y as i32 + dy);
            let mut result = Ok(());
            outline.draw(|x, y, coverage| {
                if result.is_err() || coverage <= 0.0 {
                    return;
                }
                let (tx, ty) = transform.transform(x0 + x as i32, y0 + y as i32);
                let pixel_color = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                result = self.0.draw_pixel((pos.0 + tx, pos.1 + ty), pixel_color);
            });
            result?;
        }
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let (_, width, height) = layout(font()?, style.size(), text);
        Ok((width.ceil() as u32, height.ceil() as u32))
    }
}
