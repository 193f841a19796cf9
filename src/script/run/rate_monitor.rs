//! `PopulationRateMonitor` in scripts: the constructor (on a group or a subgroup
//! `G[a:b]`), the attributes `rate` and `t`, and `smooth_rate(window=, width=)`.

use super::brian::convert;
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Obj, Value};
use crate::api::{Neurons, RateMonitorId};
use crate::diag::Span;
use crate::units::Dimension;

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

/// `R.rate`, `R.t`, `R.smooth_rate`.
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
        "smooth_rate" => Ok(Value::Obj(Obj::Method(
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

/// `R.smooth_rate(window='gaussian', width=...)`.
pub fn smooth_rate(interp: &mut Interpreter, m: RateMonitorId, call: &Call<'_>) -> SResult<Value> {
    call.check(2, &["window", "width"])?;
    let window = match call.arg(0, "window") {
        None => "gaussian".to_string(),
        Some(Value::Str(s)) => s.clone(),
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!(
                    "only the predefined windows 'flat' and 'gaussian' are supported, got {other}"
                ),
                call.arg_span(0, "window"),
            ));
        }
    };
    let width = match call.arg(1, "width") {
        Some(v) => v.as_quantity().ok_or_else(|| {
            ScriptError::new(
                "TypeError",
                format!("width must be a time, got {v}"),
                call.arg_span(1, "width"),
            )
        })?,
        None => {
            return Err(ScriptError::new(
                "TypeError",
                "Need a width when using a predefined window.",
                call.span,
            ));
        }
    };
    let smoothed = interp
        .net
        .rate_data(m)
        .smooth_rate(&window, width)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Array(Array::vector(
        smoothed.si().to_vec(),
        Dimension::FREQUENCY,
        Kind::Float,
    )))
}
