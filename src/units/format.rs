//! Number formatting as NumPy prints arrays with its default print options, which is
//! how Brian2 prints the number part of a quantity (`10. ms`, `0.33333333 mV`,
//! `[1.  1.5] mV`).
//!
//! The rules (NumPy's `FloatingFormat` with precision 8, `floatmode='maxprec'`,
//! threshold 1000, edge items 3, line width 75):
//!
//! * scientific notation is used for all elements if, among the finite non-zero
//!   values, the largest magnitude is `>= 1e8`, the smallest is `< 1e-4`, or their
//!   ratio exceeds 1000;
//! * positional: each value is the shortest decimal that round-trips, rounded (half to
//!   even, on the exact binary value) to at most 8 fractional digits, trailing zeros
//!   dropped but the point kept (`10.`, `0.5`, `-0.`); integer parts are right-aligned
//!   and fractional parts left-aligned (padded with spaces) across the array;
//! * scientific: the same digit rule for the mantissa, then every mantissa is padded
//!   with zeros to the longest one, and the exponent has a sign and at least two digits
//!   (`1.0e-05 1.5e-05`);
//! * `nan`, `inf`, `-inf` are right-aligned to the common width;
//! * elements are separated by one space inside `[...]` and wrapped before column 75
//!   with a one-space hanging indent; arrays of more than 1000 elements show the first
//!   and last 3 around `...`, and only those decide the format.
//!
//! A scalar is printed as a one-element array with the brackets removed, as Brian2 does.

/// NumPy's default `linewidth`.
const LINE_WIDTH: usize = 75;

/// The NumPy print options that matter here.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PrintOptions {
    /// Maximal number of fractional digits.
    pub(crate) precision: usize,
    /// Arrays with more elements than this are summarised.
    pub(crate) threshold: usize,
    /// Elements shown at each end of a summarised array.
    pub(crate) edge_items: usize,
}

impl PrintOptions {
    /// NumPy's defaults.
    pub(crate) const DEFAULT: PrintOptions = PrintOptions {
        precision: 8,
        threshold: 1000,
        edge_items: 3,
    };
    /// The options Brian2 uses for values in error messages (`_short_str`).
    pub(crate) const SHORT: PrintOptions = PrintOptions {
        precision: 8,
        threshold: 5,
        edge_items: 2,
    };

    /// The defaults with another precision.
    pub(crate) const fn with_precision(precision: usize) -> PrintOptions {
        PrintOptions {
            precision,
            ..PrintOptions::DEFAULT
        }
    }

    fn summarises(&self, len: usize) -> bool {
        len > self.threshold && 2 * self.edge_items < len
    }

    /// The shown values: all of them, or both ends of a long array.
    pub(crate) fn shown_values(&self, values: &[f64]) -> Vec<f64> {
        if self.summarises(values.len()) {
            let mut shown = values[..self.edge_items].to_vec();
            shown.extend_from_slice(&values[values.len() - self.edge_items..]);
            shown
        } else {
            values.to_vec()
        }
    }
}

/// Drop trailing zeros of the fraction, keeping the point.
fn trim_zeros(s: &str) -> String {
    match s.split_once('.') {
        Some((int, frac)) => format!("{int}.{}", frac.trim_end_matches('0')),
        None => format!("{s}."),
    }
}

/// Shortest round-tripping positional digits, rounded to at most `precision`
/// fractional digits (`"10."`, `"0.33333333"`).
fn positional(x: f64, precision: usize) -> String {
    let shortest = format!("{x}");
    let frac_len = shortest.split_once('.').map_or(0, |(_, f)| f.len());
    if frac_len > precision {
        trim_zeros(&format!("{x:.precision$}"))
    } else {
        trim_zeros(&shortest)
    }
}

/// Shortest round-tripping scientific digits, mantissa rounded to at most
/// `precision` fractional digits: (mantissa with point, exponent).
fn scientific(x: f64, precision: usize) -> (String, i32) {
    let shortest = format!("{x:e}");
    let (mantissa, exp) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let frac_len = mantissa.split_once('.').map_or(0, |(_, f)| f.len());
    let text = if frac_len > precision {
        format!("{x:.precision$e}")
    } else {
        shortest.clone()
    };
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, exp));
    (trim_zeros(mantissa), exp.parse().unwrap_or(0))
}

/// The common layout of all elements (NumPy's `FloatingFormat.fillFormat`).
struct Layout {
    /// Maximal number of fractional digits.
    precision: usize,
    /// Scientific notation: mantissa fraction digits and exponent digits.
    exp: Option<(usize, usize)>,
    pad_left: usize,
    pad_right: usize,
}

impl Layout {
    fn new(values: &[f64], precision: usize) -> Layout {
        let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let magnitudes = finite.iter().filter(|x| **x != 0.0).map(|x| x.abs());
        let (min, max) = magnitudes.fold((f64::INFINITY, 0.0f64), |(lo, hi), m| {
            (lo.min(m), hi.max(m))
        });
        let exp_format = max > 0.0 && (max >= 1e8 || min < 1e-4 || max / min > 1000.0);
        let mut layout = if finite.is_empty() {
            Layout {
                precision,
                exp: None,
                pad_left: 0,
                pad_right: 0,
            }
        } else if exp_format {
            let parts: Vec<(String, i32)> =
                finite.iter().map(|&x| scientific(x, precision)).collect();
            let exp_digits = parts
                .iter()
                .map(|(_, e)| e.unsigned_abs().to_string().len().max(2))
                .max()
                .unwrap_or(2);
            let digits = parts.iter().map(|(m, _)| frac_len(m)).max().unwrap_or(0);
            let pad_left = parts.iter().map(|(m, _)| int_len(m)).max().unwrap_or(1);
            Layout {
                precision,
                exp: Some((digits, exp_digits)),
                pad_left,
                pad_right: exp_digits + 2 + digits,
            }
        } else {
            let parts: Vec<String> = finite.iter().map(|&x| positional(x, precision)).collect();
            Layout {
                precision,
                exp: None,
                pad_left: parts.iter().map(|s| int_len(s)).max().unwrap_or(1),
                pad_right: parts.iter().map(|s| frac_len(s)).max().unwrap_or(0),
            }
        };
        if finite.len() != values.len() {
            let neg_inf = values.contains(&f64::NEG_INFINITY);
            let offset = layout.pad_right + 1;
            let inf_len = 3 + usize::from(neg_inf);
            layout.pad_left = layout
                .pad_left
                .max(3usize.saturating_sub(offset))
                .max(inf_len.saturating_sub(offset));
        }
        layout
    }

    fn format(&self, x: f64) -> String {
        if !x.is_finite() {
            let text = if x.is_nan() {
                "nan"
            } else if x < 0.0 {
                "-inf"
            } else {
                "inf"
            };
            return format!("{text:>width$}", width = self.pad_left + self.pad_right + 1);
        }
        match self.exp {
            Some((digits, exp_digits)) => {
                let (mantissa, exp) = scientific(x, self.precision);
                let (int, frac) = mantissa.split_once('.').unwrap_or((&mantissa, ""));
                let sign = if exp < 0 { '-' } else { '+' };
                format!(
                    "{int:>pad$}.{frac:0<digits$}e{sign}{exp:0>exp_digits$}",
                    pad = self.pad_left,
                    exp = exp.unsigned_abs(),
                )
            }
            None => {
                let text = positional(x, self.precision);
                let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
                format!(
                    "{int:>left$}.{frac:<right$}",
                    left = self.pad_left,
                    right = self.pad_right
                )
            }
        }
    }
}

fn int_len(s: &str) -> usize {
    s.split_once('.').map_or(s.len(), |(i, _)| i.len())
}

fn frac_len(s: &str) -> usize {
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

/// `values` as NumPy's `array_str` prints a 1-d float array (see the module docs).
pub(crate) fn format_array(values: &[f64], options: PrintOptions) -> String {
    if values.is_empty() {
        return "[]".to_string();
    }
    let layout = Layout::new(&options.shown_values(values), options.precision);
    let mut words: Vec<String> = Vec::new();
    if options.summarises(values.len()) {
        let edge = options.edge_items;
        words.extend(values[..edge].iter().map(|&x| layout.format(x)));
        words.push("...".to_string());
        words.extend(
            values[values.len() - edge..]
                .iter()
                .map(|&x| layout.format(x)),
        );
    } else {
        words.extend(values.iter().map(|&x| layout.format(x)));
    }
    // NumPy's `_formatArray` for one axis: a hanging indent of one space (replaced by
    // the opening bracket) and room for the closing bracket.
    let elem_width = LINE_WIDTH - 1;
    let mut text = String::new();
    let mut line = String::from(" ");
    let last = words.len() - 1;
    for (k, word) in words.iter().enumerate() {
        if line.len() + word.len() > elem_width && line.len() > 1 {
            text.push_str(line.trim_end());
            text.push('\n');
            line = String::from(" ");
        }
        line.push_str(word);
        if k != last {
            line.push(' ');
        }
    }
    text.push_str(&line);
    format!("[{}]", &text[1..])
}

/// A single value as Brian2 prints it (a one-element array without brackets).
pub(crate) fn format_scalar(x: f64, precision: usize) -> String {
    Layout::new(&[x], precision).format(x).trim().to_string()
}
