//! Plotting builtins named after brian2tools' functions, writing PNG or SVG files
//! through [`crate::plot`] (scripts run headless, so there is no window):
//!
//! * `brian_plot(M)`: a raster of a `SpikeMonitor`, traces of a `StateMonitor`'s first
//!   recorded variable;
//! * `plot_raster(M.i, M.t)`, `plot_state(M.t, M.v.T, var_name='v')` (values 1-d or
//!   time x neurons), `plot_rate(t, rate)`.
//!
//! Every one takes `filename=` (`.png` or `.svg`); without it the figure is written to
//! `figure_<n>.png` (numbered per script) and the path is printed. Times are shown in
//! ms (or `time_unit=`), other quantities in a unit chosen for their values (or
//! `var_unit=` / `rate_unit=`). Also accepted: `title=`, `figsize=(w, h)` in inches at
//! 100 dpi, `color=` (matplotlib's letters, `C0`..`C9`, a few names or `#rrggbb`), and
//! `axes=None`. `spikelift check` validates the arguments without writing files.

use super::brian;
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Obj, Value};
use crate::diag::Span;
use crate::plot::{self, DisplayUnit, PlotError, PlotOptions};
use crate::units::Dimension;
use std::path::{Path, PathBuf};

/// The builtins this file provides.
const NAMES: &[&str] = &["brian_plot", "plot_raster", "plot_state", "plot_rate"];

/// The options every plotting builtin accepts.
const COMMON: &[&str] = &["filename", "title", "figsize", "color", "axes"];

/// The global that counts the figures written without a file name.
const FIGURE_COUNT: &str = "__spikelift_figure_count__";

/// The plotting builtin called `name`, if there is one.
pub fn lookup(name: &str) -> Option<Value> {
    NAMES
        .iter()
        .find(|n| **n == name)
        .map(|n| Value::Obj(Obj::Builtin(n)))
}

/// Call plotting builtin `call.name`, or `None` if it is not one.
pub fn call(interp: &mut Interpreter, call: &Call<'_>) -> Option<SResult<Value>> {
    let result = match call.name {
        "brian_plot" => brian_plot(interp, call),
        "plot_raster" => plot_raster(interp, call),
        "plot_state" => plot_state(interp, call),
        "plot_rate" => plot_rate(interp, call),
        _ => return None,
    };
    Some(result.map(|()| Value::None))
}

/// What a builtin asks to draw.
enum Figure {
    Raster { i: Vec<f64>, t: Vec<f64> },
    Traces { t: Vec<f64>, rows: Vec<Vec<f64>> },
    Rate { t: Vec<f64>, r: Vec<f64> },
}

fn value_error(message: impl Into<String>, span: Span) -> ScriptError {
    ScriptError::new("ValueError", message, span)
}

fn check_names(call: &Call<'_>, max_pos: usize, extra: &[&str]) -> SResult<()> {
    let names: Vec<&str> = COMMON.iter().chain(extra).copied().collect();
    call.check(max_pos, &names)
}

/// A required argument.
fn need<'a>(call: &'a Call<'_>, pos: usize, name: &str) -> SResult<&'a Value> {
    call.arg(pos, name).ok_or_else(|| {
        ScriptError::new(
            "TypeError",
            format!("{}() missing required argument '{name}'", call.name),
            call.span,
        )
    })
}

fn array(call: &Call<'_>, pos: usize, name: &str) -> SResult<Array> {
    need(call, pos, name)?
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(pos, name)))
}

/// A keyword-only argument.
fn kwarg<'a>(call: &'a Call<'_>, name: &str) -> Option<&'a Value> {
    call.arg(usize::MAX, name).filter(|v| **v != Value::None)
}

/// The unit given as `name=` (which must have dimension `dim`), if any.
fn unit_arg(call: &Call<'_>, name: &str, dim: Dimension) -> SResult<Option<DisplayUnit>> {
    let Some(v) = kwarg(call, name) else {
        return Ok(None);
    };
    let span = call.arg_span(usize::MAX, name);
    let q = v
        .as_quantity()
        .ok_or_else(|| ScriptError::new("TypeError", format!("{name} must be a unit"), span))?;
    if q.dim != dim || q.value <= 0.0 || !q.value.is_finite() {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!("{name} must be a positive unit of dimension {dim}, got {q}"),
            span,
        ));
    }
    Ok(Some(plot::unit_of(q)))
}

/// Times in `time_unit=` (default ms) and the x axis label; dimensionless times are
/// shown as they are.
fn times(call: &Call<'_>, a: &Array, span: Span) -> SResult<(Vec<f64>, String)> {
    if a.shape.len() != 1 {
        return Err(value_error(
            format!("times must be a 1-d array, got shape {:?}", a.shape),
            span,
        ));
    }
    if a.dim.is_dimensionless() {
        return Ok((a.data.clone(), "Time".to_string()));
    }
    if a.dim != Dimension::TIME {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!("times must have units of time, got {}", a.dim),
            span,
        ));
    }
    let unit = unit_arg(call, "time_unit", Dimension::TIME)?.unwrap_or_else(DisplayUnit::ms);
    Ok((unit.convert(&a.data), unit.label("Time")))
}

/// Values of any dimension in `unit_name=` or a unit chosen for them.
fn in_display_unit(
    call: &Call<'_>,
    a: &Array,
    unit_name: &str,
) -> SResult<(Vec<f64>, DisplayUnit)> {
    let unit = match unit_arg(call, unit_name, a.dim)? {
        Some(u) => u,
        None => plot::display_unit(a.dim, &a.data),
    };
    Ok((unit.convert(&a.data), unit))
}

/// A monitor's recorded array `obj.attr`.
fn attr_array(interp: &mut Interpreter, obj: &Value, attr: &str, span: Span) -> SResult<Array> {
    brian::get_attr(interp, obj, attr, span)?
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, span))
}

fn brian_plot(interp: &mut Interpreter, call: &Call<'_>) -> SResult<()> {
    check_names(call, 1, &["brian_obj"])?;
    let obj = need(call, 0, "brian_obj")?.clone();
    let span = call.arg_span(0, "brian_obj");
    let mut opts = options(call)?;
    let figure = match &obj {
        Value::Obj(Obj::SpikeMonitor(_)) => {
            let i = attr_array(interp, &obj, "i", span)?;
            let t = attr_array(interp, &obj, "t", span)?;
            opts.x_label = Some("Time (ms)".into());
            Figure::Raster {
                i: i.data,
                t: DisplayUnit::ms().convert(&t.data),
            }
        }
        Value::Obj(Obj::StateMonitor(m)) => {
            let var = interp
                .net
                .state_data(*m)
                .var_names()
                .first()
                .map(|s| s.to_string())
                .ok_or_else(|| value_error("the StateMonitor records no variable", span))?;
            let t = attr_array(interp, &obj, "t", span)?;
            let v = attr_array(interp, &obj, &var, span)?;
            let unit = plot::display_unit(v.dim, &v.data);
            let cols = v.shape.get(1).copied().unwrap_or(0).max(1);
            let rows = unit
                .convert(&v.data)
                .chunks(cols)
                .map(<[f64]>::to_vec)
                .collect();
            opts.x_label = Some("Time (ms)".into());
            opts.y_label = Some(unit.label(&var));
            Figure::Traces {
                t: DisplayUnit::ms().convert(&t.data),
                rows,
            }
        }
        other => {
            return Err(ScriptError::new(
                "NotImplementedError",
                format!(
                    "brian_plot() draws a SpikeMonitor or a StateMonitor, not a {}",
                    other.type_name()
                ),
                span,
            ));
        }
    };
    draw(interp, call, &figure, &opts)
}

fn plot_raster(interp: &mut Interpreter, call: &Call<'_>) -> SResult<()> {
    check_names(call, 2, &["spike_indices", "spike_times", "time_unit"])?;
    let i = array(call, 0, "spike_indices")?;
    let t = array(call, 1, "spike_times")?;
    let i_span = call.arg_span(0, "spike_indices");
    if !i.dim.is_dimensionless() || i.shape.len() != 1 {
        return Err(value_error(
            "spike_indices must be a 1-d array of neuron indices",
            i_span,
        ));
    }
    let (t, x_label) = times(call, &t, call.arg_span(1, "spike_times"))?;
    if t.len() != i.len() {
        return Err(value_error(
            format!(
                "spike_indices and spike_times must have the same length ({} and {})",
                i.len(),
                t.len()
            ),
            call.span,
        ));
    }
    let mut opts = options(call)?;
    opts.x_label = Some(x_label);
    draw(interp, call, &Figure::Raster { i: i.data, t }, &opts)
}

fn plot_state(interp: &mut Interpreter, call: &Call<'_>) -> SResult<()> {
    check_names(
        call,
        2,
        &["times", "values", "time_unit", "var_unit", "var_name"],
    )?;
    let t = array(call, 0, "times")?;
    let v = array(call, 1, "values")?;
    let (t, x_label) = times(call, &t, call.arg_span(0, "times"))?;
    let v_span = call.arg_span(1, "values");
    let n_t = t.len();
    let (data, unit) = in_display_unit(call, &v, "var_unit")?;
    let rows: Vec<Vec<f64>> = match v.shape.as_slice() {
        [n] if *n == n_t => vec![data],
        [r, c] if *r == n_t => (0..*c)
            .map(|j| (0..*r).map(|k| data[k * c + j]).collect())
            .collect(),
        [_, c] if *c == n_t => {
            return Err(value_error(
                format!(
                    "values has shape {:?} but must be time x neurons ({n_t} rows): pass M.v.T, \
                     the transpose of Brian2's neurons x time layout",
                    v.shape
                ),
                v_span,
            ));
        }
        _ => {
            return Err(value_error(
                format!(
                    "values must have one row per time ({n_t}), got shape {:?}",
                    v.shape
                ),
                v_span,
            ));
        }
    };
    let name = match kwarg(call, "var_name") {
        Some(Value::Str(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => plot::quantity_name(v.dim).to_string(),
    };
    let mut opts = options(call)?;
    opts.x_label = Some(x_label);
    opts.y_label = Some(unit.label(&name));
    draw(interp, call, &Figure::Traces { t, rows }, &opts)
}

fn plot_rate(interp: &mut Interpreter, call: &Call<'_>) -> SResult<()> {
    check_names(call, 2, &["time", "rate", "time_unit", "rate_unit"])?;
    let t = array(call, 0, "time")?;
    let r = array(call, 1, "rate")?;
    let (t, x_label) = times(call, &t, call.arg_span(0, "time"))?;
    let r_span = call.arg_span(1, "rate");
    if r.shape.len() != 1 || r.len() != t.len() {
        return Err(value_error(
            format!(
                "rate must be a 1-d array as long as time ({}), got shape {:?}",
                t.len(),
                r.shape
            ),
            r_span,
        ));
    }
    let (r, y_label) = if r.dim.is_dimensionless() {
        (r.data, "Rate".to_string())
    } else if r.dim == Dimension::FREQUENCY {
        let unit = unit_arg(call, "rate_unit", Dimension::FREQUENCY)?.unwrap_or(DisplayUnit {
            scale: 1.0,
            symbol: "Hz".into(),
        });
        (unit.convert(&r.data), unit.label("Rate"))
    } else {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!("rate must have units of frequency (Hz), got {}", r.dim),
            r_span,
        ));
    };
    let mut opts = options(call)?;
    opts.x_label = Some(x_label);
    opts.y_label = Some(y_label);
    draw(interp, call, &Figure::Rate { t, r }, &opts)
}

/// `title=`, `figsize=`, `color=` and `axes=None`.
fn options(call: &Call<'_>) -> SResult<PlotOptions> {
    let mut opts = PlotOptions::default();
    let span = |name: &str| call.arg_span(usize::MAX, name);
    if let Some(axes) = kwarg(call, "axes") {
        return Err(ScriptError::new(
            "NotImplementedError",
            format!(
                "axes={} is not supported: every plot is its own figure; use filename=",
                axes.type_name()
            ),
            span("axes"),
        ));
    }
    if let Some(title) = kwarg(call, "title") {
        opts.title = Some(match title {
            Value::Str(s) => s.clone(),
            other => other.to_string(),
        });
    }
    if let Some(size) = kwarg(call, "figsize") {
        let bad = || value_error("figsize must be (width, height) in inches", span("figsize"));
        let (Value::Tuple(items) | Value::List(items)) = size else {
            return Err(bad());
        };
        let inches: Vec<f64> = items
            .iter()
            .map(|v| {
                v.as_scalar()
                    .filter(|s| s.1.is_dimensionless())
                    .map(|s| s.0)
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let [w, h] = inches.as_slice() else {
            return Err(bad());
        };
        let px = |x: f64| -> SResult<u32> {
            let p = (x * 100.0).round();
            if (16.0..=10_000.0).contains(&p) {
                Ok(p as u32)
            } else {
                Err(value_error(
                    "figsize must be between 0.16 and 100 inches (100 dpi)",
                    span("figsize"),
                ))
            }
        };
        opts.width = px(*w)?;
        opts.height = px(*h)?;
    }
    if let Some(color) = kwarg(call, "color") {
        let Value::Str(name) = color else {
            return Err(value_error("color must be a string", span("color")));
        };
        opts.color = Some(parse_color(name).ok_or_else(|| {
            value_error(
                format!(
                    "unknown color '{name}' (use one of b g r c m y k w, C0 to C9, a basic \
                     name such as 'black', or '#rrggbb')"
                ),
                span("color"),
            )
        })?);
    }
    Ok(opts)
}

/// A matplotlib colour: single letters, `C0`..`C9`, basic names, `#rrggbb`.
fn parse_color(name: &str) -> Option<(u8, u8, u8)> {
    if let Some(hex) = name.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).ok();
        return Some((byte(0)?, byte(2)?, byte(4)?));
    }
    if let Some(k) = name.strip_prefix('C').and_then(|d| d.parse::<usize>().ok()) {
        return (k < 10).then(|| plot::tab10(k));
    }
    Some(match name {
        "b" | "blue" => (0, 0, 255),
        "g" => (0, 128, 0),
        "green" => (0, 128, 0),
        "r" | "red" => (255, 0, 0),
        "c" => (0, 191, 191),
        "cyan" => (0, 255, 255),
        "m" => (191, 0, 191),
        "magenta" => (255, 0, 255),
        "y" => (191, 191, 0),
        "yellow" => (255, 255, 0),
        "k" | "black" => (0, 0, 0),
        "w" | "white" => (255, 255, 255),
        "gray" | "grey" => (128, 128, 128),
        "orange" => (255, 165, 0),
        "purple" => (128, 0, 128),
        "brown" => (165, 42, 42),
        _ => return None,
    })
}

/// The path to write: `filename=` relative to the script's directory, or the next
/// `figure_<n>.png`; the second part says whether it was chosen here (then it is
/// printed).
fn target(interp: &mut Interpreter, call: &Call<'_>) -> SResult<(PathBuf, bool)> {
    match kwarg(call, "filename") {
        Some(Value::Str(name)) => {
            let path = interp.cwd.join(name);
            plot::Format::from_path(&path)
                .map_err(|e| value_error(e.to_string(), call.arg_span(usize::MAX, "filename")))?;
            Ok((path, false))
        }
        Some(other) => Err(ScriptError::new(
            "TypeError",
            format!("filename must be a string, got a {}", other.type_name()),
            call.arg_span(usize::MAX, "filename"),
        )),
        None => {
            let n = match interp.globals.get(FIGURE_COUNT) {
                Some(Value::Int(n)) => n + 1,
                _ => 1,
            };
            interp
                .globals
                .insert(FIGURE_COUNT.to_string(), Value::Int(n));
            let name = format!("figure_{n}.png");
            let path = if interp.cwd == Path::new(".") {
                PathBuf::from(name)
            } else {
                interp.cwd.join(name)
            };
            Ok((path, true))
        }
    }
}

fn draw(
    interp: &mut Interpreter,
    call: &Call<'_>,
    figure: &Figure,
    opts: &PlotOptions,
) -> SResult<()> {
    let (path, chosen) = target(interp, call)?;
    if interp.check_only {
        return Ok(());
    }
    let result = match figure {
        Figure::Raster { i, t } => plot::raster(&path, i, t, opts),
        Figure::Traces { t, rows } => plot::traces(&path, t, rows, opts),
        Figure::Rate { t, r } => plot::rate(&path, t, r, opts),
    };
    result.map_err(|e| {
        let class = match e {
            PlotError::Write(_) => "OSError",
            PlotError::Draw(_) | PlotError::Encode(_) => "RuntimeError",
            _ => "ValueError",
        };
        ScriptError::new(class, e.to_string(), call.span)
    })?;
    if chosen {
        interp.out.line(&format!("wrote {}", path.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_color;

    #[test]
    fn matplotlib_colors() {
        assert_eq!(parse_color("k"), Some((0, 0, 0)));
        assert_eq!(parse_color("C0"), Some((0x1f, 0x77, 0xb4)));
        assert_eq!(parse_color("#ff8000"), Some((255, 128, 0)));
        assert_eq!(parse_color("#ff80"), None);
        assert_eq!(parse_color("chartreuse"), None);
    }
}
