//! `PopulationRateMonitor` in scripts: the constructor (on a group or a subgroup
//! `G[a:b]`), the attributes `rate` and `t`, `smooth_rate(window=, width=)` (a
//! predefined window or the window's values) and `binned_rate(bin_size)`.

use super::brian::{as_time, convert};
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Obj, Value};
use crate::api::{Neurons, RateMonitorId};
use crate::diag::Span;
use crate::units::{Dimension, Quantity};

/// `PopulationRateMonitor(source, name=..., codeobj_class=..., dtype=...)`.
pub fn construct(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(1, &["source", "name", "codeobj_class", "dtype"])?;
    let source: Neurons = match call.arg(0, "source") {
        Some(Value::Obj(Obj::Group(g))) => (*g).into(),
        Some(Value::Obj(Obj::Subgroup(g, a, b))) => g.slice(*a, *b),
        _ => {
            return Err(call
                .error("PopulationRateMonitor() needs a NeuronGroup or a subgroup as its source"));
        }
    };
    let id = interp
        .net
        .population_rate_monitor(source)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Obj(Obj::RateMonitor(id)))
}

/// `R.rate`, `R.t`, `R.smooth_rate`, `R.binned_rate`.
pub fn get_attr(
    interp: &mut Interpreter,
    v: &Value,
    m: RateMonitorId,
    attr: &str,
    span: Span,
) -> SResult<Value> {
    let d = interp.net.rate_data(m);
    match attr {
        "rate" => Ok(Value::Array(Array::vector(
            d.rate().si().to_vec(),
            Dimension::FREQUENCY,
            Kind::Float,
        ))),
        "t" => Ok(Value::Array(Array::vector(
            d.t().si().to_vec(),
            Dimension::TIME,
            Kind::Float,
        ))),
        "smooth_rate" | "binned_rate" => Ok(Value::Obj(Obj::Method(
            Box::new(v.clone()),
            attr.to_string(),
        ))),
        _ => Err(ScriptError::new(
            "AttributeError",
            format!("'PopulationRateMonitor' object has no attribute '{attr}'"),
            span,
        )),
    }
}

/// The methods of a `PopulationRateMonitor`: `smooth_rate(window='gaussian',
/// width=None)` and `binned_rate(bin_size)`.
pub fn call_method(interp: &mut Interpreter, m: RateMonitorId, call: &Call<'_>) -> SResult<Value> {
    let d = interp.net.rate_data(m);
    let result = match call.name {
        "smooth_rate" => match smoothing(call)? {
            Smoothing::Predefined(window, width) => d.smooth_rate(&window, width),
            Smoothing::Custom(values) => d.smooth_rate_custom(&values),
        }
        .map(|r| Value::Array(Array::vector(r.si().to_vec(), r.dim(), Kind::Float))),
        _ => d.binned_rate(bin_size(call)?).map(|(bins, rate)| {
            Value::Tuple(vec![
                Value::Array(Array::vector(bins.si().to_vec(), bins.dim(), Kind::Float)),
                Value::Array(Array::vector(rate.si().to_vec(), rate.dim(), Kind::Float)),
            ])
        }),
    };
    result.map_err(|e| convert(interp, e, call.span))
}

/// The window of `smooth_rate(window=..., width=...)`.
pub(crate) enum Smoothing {
    /// `'flat'` or `'gaussian'` of a width.
    Predefined(String, Quantity),
    /// The window's values (an array or list).
    Custom(Vec<f64>),
}

/// Read `window=` and `width=` as Brian2 does: a predefined window needs a width, a
/// window given as values takes none and must be one-dimensional.
pub(crate) fn smoothing(call: &Call<'_>) -> SResult<Smoothing> {
    call.check(2, &["window", "width"])?;
    let width = call
        .arg(1, "width")
        .filter(|w| **w != Value::None)
        .map(|w| as_time(w, call.arg_span(1, "width"), "width"))
        .transpose()?;
    let window = call.arg(0, "window");
    match (window, width) {
        (None | Some(Value::Str(_)), None) => Err(ScriptError::new(
            "TypeError",
            "Need a width when using a predefined window.",
            call.span,
        )),
        (None, Some(width)) => Ok(Smoothing::Predefined("gaussian".to_string(), width)),
        (Some(Value::Str(name)), Some(width)) => Ok(Smoothing::Predefined(name.clone(), width)),
        (Some(_), Some(_)) => Err(ScriptError::new(
            "TypeError",
            "Can only specify a width for a predefined window",
            call.arg_span(1, "width"),
        )),
        (Some(values), None) => {
            let span = call.arg_span(0, "window");
            let a = values.to_array().map_err(|m| {
                ScriptError::new("TypeError", format!("Cannot use this window: {m}"), span)
            })?;
            if a.shape.len() != 1 {
                return Err(ScriptError::new(
                    "TypeError",
                    "The provided window has to be one-dimensional.",
                    span,
                ));
            }
            Ok(Smoothing::Custom(a.data))
        }
    }
}

/// The `bin_size` argument of `binned_rate(bin_size)`: a time.
pub(crate) fn bin_size(call: &Call<'_>) -> SResult<Quantity> {
    call.check(1, &["bin_size"])?;
    let v = call
        .arg(0, "bin_size")
        .ok_or_else(|| call.error("binned_rate() missing required argument 'bin_size'"))?;
    as_time(v, call.arg_span(0, "bin_size"), "bin_size")
}
