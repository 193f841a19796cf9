//! Drawing one chart with plotters, in matplotlib's default look (white background,
//! framed axes without a grid, the tab10 colour cycle, `'.'` markers and 1.5 pt lines),
//! and rendering it to PNG bytes or SVG text.
//!
//! Text is drawn with the DejaVu Sans font bundled in the binary (registered with
//! plotters as `sans-serif` on first use), so no system font library is involved.

use super::PlotError;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::OnceLock;

/// The bundled font (DejaVu Sans; licence in `assets/DejaVuSans.LICENSE`).
pub(crate) static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The font family every text uses.
const FAMILY: &str = "sans-serif";

/// Matplotlib's default colour cycle (tab10).
pub(crate) const TAB10: [RGBColor; 10] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// Registers the bundled font once per process.
fn register_font() -> Result<(), PlotError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(PlotError::Draw(
            "bug: the bundled font does not load".into(),
        ))
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A dot per point (matplotlib's `'.'`).
    Dots,
    /// A polyline, broken at non-finite values.
    Line,
}

/// One series of points.
pub(crate) struct Series<'a> {
    pub xs: &'a [f64],
    pub ys: &'a [f64],
    pub color: RGBColor,
    pub mark: Mark,
}

/// Everything one chart shows.
pub(crate) struct Chart<'a> {
    pub title: Option<&'a str>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Tick labels on the y axis only at integers (neuron indices).
    pub integer_y: bool,
    pub series: Vec<Series<'a>>,
}

/// The axis range matplotlib would choose for `values`: their finite extent with a 5 %
/// margin on each side; a single value gets a unit-wide range, no value `0..1`.
pub(crate) fn auto_range<'a>(values: impl IntoIterator<Item = &'a f64>) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    if lo == hi {
        let pad = if lo == 0.0 { 0.5 } else { 0.05 * lo.abs() };
        return (lo - pad, hi + pad);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

/// A tick label: the tick value with at most 6 decimals, trailing zeros dropped, and a
/// typographic minus sign as matplotlib writes it.
pub(crate) fn tick_label(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s.strip_prefix('-') {
        Some("0") => "0".to_string(),
        Some(rest) => format!("\u{2212}{rest}"),
        None => s.to_string(),
    }
}

fn draw_err<E: std::fmt::Display>(e: E) -> PlotError {
    PlotError::Draw(e.to_string())
}

/// Draws `chart` on `root` (which has the size of the whole image).
fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_>,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    register_font()?;
    root.fill(&WHITE).map_err(draw_err)?;
    let (_, height) = root.dim_in_pixel();
    // Font and marker sizes follow the image height, shrinking more slowly than the
    // image. A font size is the height from descender to ascender: 16 px makes 10 pt
    // text at 100 dpi (matplotlib's default) on a 600 px high figure.
    let s = (f64::from(height) / 600.0).sqrt();
    let px = |x: f64| (x * s).round().max(1.0);
    let tick_font = (FAMILY, px(16.0)).into_font();
    let label_font = (FAMILY, px(16.0)).into_font();
    let title_font = (FAMILY, px(19.0)).into_font();

    let mut builder = ChartBuilder::on(root);
    builder
        .margin_top(px(16.0) as i32)
        .margin_right(px(24.0) as i32)
        .margin_left(px(8.0) as i32)
        .margin_bottom(px(8.0) as i32)
        .x_label_area_size(px(52.0) as i32)
        .y_label_area_size(px(72.0) as i32);
    if let Some(title) = chart.title {
        builder.caption(title, title_font);
    }
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let mut ctx = builder
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(draw_err)?;

    let y_labels = if chart.integer_y {
        // At most one label per integer, so that the step is never below 1.
        ((y1 - y0).floor().max(0.0) as usize + 1).clamp(1, 10)
    } else {
        8
    };
    let y_fmt = |v: &f64| {
        if chart.integer_y && (v - v.round()).abs() > 1e-9 {
            String::new()
        } else {
            tick_label(*v)
        }
    };
    let x_fmt = |v: &f64| tick_label(*v);
    ctx.configure_mesh()
        .disable_mesh()
        .x_labels(8)
        .y_labels(y_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_font)
        .axis_desc_style(label_font)
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .axis_style(BLACK.stroke_width(1))
        .set_all_tick_mark_size(px(5.0) as i32)
        .draw()
        .map_err(draw_err)?;

    let radius = px(2.5) as i32;
    let line_width = px(2.0) as u32;
    for series in &chart.series {
        let points = series.xs.iter().zip(series.ys).map(|(x, y)| (*x, *y));
        match series.mark {
            Mark::Dots => {
                let style = series.color.filled();
                ctx.draw_series(
                    points
                        .filter(|(x, y)| x.is_finite() && y.is_finite())
                        .map(|p| Circle::new(p, radius, style)),
                )
                .map_err(draw_err)?;
            }
            Mark::Line => {
                let style = series.color.stroke_width(line_width);
                // plotters fills a wide polyline as one polygon, which goes wrong where
                // a trace turns back on itself (a spike and its reset): each segment
                // is drawn on its own instead, from one point per pixel.
                let mut run: Vec<(f64, f64)> = Vec::new();
                let mut last_pixel = None;
                for (x, y) in points.chain(std::iter::once((f64::NAN, f64::NAN))) {
                    if x.is_finite() && y.is_finite() {
                        let pixel = ctx.backend_coord(&(x, y));
                        if last_pixel != Some(pixel) {
                            run.push((x, y));
                            last_pixel = Some(pixel);
                        }
                        continue;
                    }
                    last_pixel = None;
                    if !run.is_empty() {
                        ctx.draw_series(
                            run.windows(2)
                                .map(|w| PathElement::new(vec![w[0], w[1]], style)),
                        )
                        .map_err(draw_err)?;
                        run.clear();
                    }
                }
            }
        }
    }
    // The frame: matplotlib draws all four spines.
    ctx.plotting_area()
        .draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(1)))
        .map_err(draw_err)?;
    root.present().map_err(draw_err)?;
    Ok(())
}

/// The chart as an RGB8 PNG image of `width` x `height` pixels.
pub(crate) fn render_png(chart: &Chart<'_>, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let backend = BitMapBackend::with_buffer(&mut pixels, (width, height));
        let root = super::text::TextBitmap(backend).into_drawing_area();
        draw_chart(&root, chart)?;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| PlotError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| PlotError::Encode(e.to_string()))?;
    }
    Ok(bytes)
}

/// The chart as an SVG document of `width` x `height` pixels.
pub(crate) fn render_svg(chart: &Chart<'_>, width: u32, height: u32) -> Result<String, PlotError> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
        draw_chart(&root, chart)?;
    }
    Ok(text)
}
