//! Plots of simulation results, written as PNG or SVG files: spike rasters
//! ([`raster`]), traces of a recorded variable ([`traces`]) and population rates
//! ([`rate`]), drawn the way matplotlib's `plot(M.t/ms, M.i, '.')` and `plot(M.t/ms,
//! M.v.T/mV)` draw them, with labelled axes.
//!
//! The functions take plain numbers already in display units (times in ms, values in
//! the unit named in the axis label); [`display_unit`] chooses a unit for SI values of a
//! dimension. The format follows the file extension (`.png` or `.svg`, any case; anything
//! else is [`PlotError::UnknownFormat`]). Files are written under a temporary name and
//! renamed into place, so an existing file is either replaced whole or left untouched.
//! Text uses a bundled font: no system font library is needed.
//!
//! ```
//! use spikelift::plot::{raster, PlotOptions};
//! let dir = std::env::temp_dir().join(format!("spikelift-doc-plot-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("raster.svg");
//! raster(&path, &[0.0, 1.0, 0.0], &[1.5, 2.0, 7.25], &PlotOptions::default())?;
//! assert!(std::fs::read_to_string(&path).unwrap().contains("Neuron index"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), spikelift::plot::PlotError>(())
//! ```

mod draw;
mod error;
mod npz;
mod text;
mod units;

#[cfg(test)]
mod tests;

pub use error::PlotError;
pub use npz::{PlotKind, default_output, plot_npz};
pub use units::{DisplayUnit, display_unit, quantity_name, unit_of};

use draw::{Chart, Mark, Series, TAB10, auto_range};
use plotters::style::RGBColor;
use std::io::Write as _;
use std::path::Path;

/// An image file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Portable Network Graphics (RGB, 8 bits per channel).
    Png,
    /// Scalable Vector Graphics (text as `<text>` elements).
    Svg,
}

impl Format {
    /// The format a file name asks for, by its extension (case-insensitive).
    ///
    /// # Errors
    ///
    /// [`PlotError::UnknownFormat`] unless the extension is `png` or `svg`.
    pub fn from_path(path: &Path) -> Result<Format, PlotError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => Err(PlotError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        }
    }
}

/// Size, title, labels and colour of a plot; `None` fields take the plot kind's
/// default.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotOptions {
    /// Image width in pixels (default 800).
    pub width: u32,
    /// Image height in pixels (default 600).
    pub height: u32,
    /// A title above the axes.
    pub title: Option<String>,
    /// The x axis label (default `Time (ms)`).
    pub x_label: Option<String>,
    /// The y axis label (default `Neuron index`, `Value` or `Rate (Hz)`).
    pub y_label: Option<String>,
    /// One colour (`(r, g, b)`) for all points or lines, instead of matplotlib's colour
    /// cycle.
    pub color: Option<(u8, u8, u8)>,
}

impl Default for PlotOptions {
    fn default() -> PlotOptions {
        PlotOptions {
            width: 800,
            height: 600,
            title: None,
            x_label: None,
            y_label: None,
            color: None,
        }
    }
}

impl PlotOptions {
    fn x_label(&self) -> &str {
        self.x_label.as_deref().unwrap_or("Time (ms)")
    }

    fn color(&self, k: usize) -> RGBColor {
        self.color
            .map_or(TAB10[k % TAB10.len()], |(r, g, b)| RGBColor(r, g, b))
    }
}

/// Colour `k` of matplotlib's default cycle (`C0`, `C1`, ...) as `(r, g, b)`.
pub fn tab10(k: usize) -> (u8, u8, u8) {
    let c = TAB10[k % TAB10.len()];
    (c.0, c.1, c.2)
}

fn check_len(what: &str, expected: usize, found: usize) -> Result<(), PlotError> {
    if expected == found {
        Ok(())
    } else {
        Err(PlotError::LengthMismatch {
            what: what.to_string(),
            expected,
            found,
        })
    }
}

/// Renders `chart` in the format `path` names and writes it atomically.
fn save(path: &Path, chart: &Chart<'_>, opts: &PlotOptions) -> Result<(), PlotError> {
    let format = Format::from_path(path)?;
    let (width, height) = (opts.width, opts.height);
    if !(16..=10_000).contains(&width) || !(16..=10_000).contains(&height) {
        return Err(PlotError::BadSize { width, height });
    }
    let bytes = match format {
        Format::Png => draw::render_png(chart, width, height)?,
        Format::Svg => draw::render_svg(chart, width, height)?.into_bytes(),
    };
    crate::io::write_atomically(path, |file| {
        file.write_all(&bytes)
            .map_err(|e| crate::io::NpyError::io_at(path, e))
    })
    .map_err(PlotError::Write)
}

/// A spike raster: a dot at (`t[k]`, `i[k]`) for every spike `k`, times in ms.
///
/// # Errors
///
/// Different lengths of `i` and `t`, an unknown file extension, a bad image size, or a
/// failure to write the file.
pub fn raster(path: &Path, i: &[f64], t: &[f64], opts: &PlotOptions) -> Result<(), PlotError> {
    check_len("spike indices and spike times", i.len(), t.len())?;
    let chart = Chart {
        title: opts.title.as_deref(),
        x_label: opts.x_label(),
        y_label: opts.y_label.as_deref().unwrap_or("Neuron index"),
        x_range: auto_range(t),
        y_range: auto_range(i),
        integer_y: true,
        series: vec![Series {
            xs: t,
            ys: i,
            color: opts.color(0),
            mark: Mark::Dots,
        }],
    };
    save(path, &chart, opts)
}

/// Traces over time: one line per row of `rows` (each as long as `t`), in
/// matplotlib's colour cycle. Label the y axis with the variable and its unit through
/// `opts.y_label` (`v (mV)`).
///
/// # Errors
///
/// A row whose length differs from `t`'s, an unknown file extension, a bad image size,
/// or a failure to write the file.
pub fn traces(
    path: &Path,
    t: &[f64],
    rows: &[Vec<f64>],
    opts: &PlotOptions,
) -> Result<(), PlotError> {
    for (k, row) in rows.iter().enumerate() {
        check_len(&format!("times and trace {k}"), t.len(), row.len())?;
    }
    let chart = Chart {
        title: opts.title.as_deref(),
        x_label: opts.x_label(),
        y_label: opts.y_label.as_deref().unwrap_or("Value"),
        x_range: auto_range(t),
        y_range: auto_range(rows.iter().flatten()),
        integer_y: false,
        series: rows
            .iter()
            .enumerate()
            .map(|(k, row)| Series {
                xs: t,
                ys: row,
                color: opts.color(k),
                mark: Mark::Line,
            })
            .collect(),
    };
    save(path, &chart, opts)
}

/// A population rate over time (`r` in Hz unless `opts.y_label` says otherwise).
///
/// # Errors
///
/// Different lengths of `t` and `r`, an unknown file extension, a bad image size, or a
/// failure to write the file.
pub fn rate(path: &Path, t: &[f64], r: &[f64], opts: &PlotOptions) -> Result<(), PlotError> {
    check_len("times and rates", t.len(), r.len())?;
    let chart = Chart {
        title: opts.title.as_deref(),
        x_label: opts.x_label(),
        y_label: opts.y_label.as_deref().unwrap_or("Rate (Hz)"),
        x_range: auto_range(t),
        y_range: auto_range(r),
        integer_y: false,
        series: vec![Series {
            xs: t,
            ys: r,
            color: opts.color(0),
            mark: Mark::Line,
        }],
    };
    save(path, &chart, opts)
}
