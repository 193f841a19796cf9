//! `SpikeMonitor` and `EventMonitor` in scripts: the constructors (on a group or a
//! subgroup `G[a:b]`), the attributes `i`, `t`, `it`, `count`, `num_spikes` /
//! `num_events` and recorded variables, and the methods `spike_trains()` /
//! `event_trains()`, `values(var)`, `all_values()`, `binned_rate(bin_size)` and
//! `smooth_rate(window=, width=)`.

use super::brian::{as_str, convert, get_attr as object_attr, kind_of, string_list};
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::rate_monitor::{Smoothing, bin_size, smoothing};
use super::value::{Array, Kind, Obj, Value};
use crate::api::{EventMonitorOptions, Neurons, QuantitySlice, SpikeMonitorId};
use crate::diag::Span;
use crate::units::Dimension;

/// `SpikeMonitor(source, variables=None, record=True, ...)` or
/// `EventMonitor(source, event, variables=None, record=True, ...)`.
pub fn construct(interp: &mut Interpreter, call: &Call<'_>, event: bool) -> SResult<Value> {
    let what = call.name;
    let shift = usize::from(event);
    let mut names = vec!["source"];
    if event {
        names.push("event");
    }
    names.extend([
        "variables",
        "record",
        "when",
        "order",
        "name",
        "codeobj_class",
    ]);
    call.check(3 + shift, &names)?;
    let source: Neurons = match call.arg(0, "source") {
        Some(Value::Obj(Obj::Group(g))) => (*g).into(),
        Some(Value::Obj(Obj::Subgroup(g, a, b))) => g.slice(*a, *b),
        _ => {
            return Err(call.error(format!(
                "{what}() needs a NeuronGroup or a subgroup as its source"
            )));
        }
    };
    let event_name = if event {
        let v = call
            .arg(1, "event")
            .ok_or_else(|| call.error(format!("{what}() missing required argument 'event'")))?;
        as_str(v, call.arg_span(1, "event"), "event")?.to_string()
    } else {
        "spike".to_string()
    };
    let vars = string_list(call, 1 + shift, "variables")?;
    let record = call
        .arg(2 + shift, "record")
        .map(|v| v.truthy().unwrap_or(true))
        .unwrap_or(true);
    let mut options = EventMonitorOptions::default();
    if let Some(v) = call.arg(3 + shift, "when").filter(|v| **v != Value::None) {
        options.when = Some(as_str(v, call.arg_span(3 + shift, "when"), "when")?.to_string());
    }
    if let Some(v) = call.arg(4 + shift, "order").filter(|v| **v != Value::None) {
        let span = call.arg_span(4 + shift, "order");
        let order = v.as_int().ok_or_else(|| {
            ScriptError::new(
                "TypeError",
                format!("order must be an integer, got {v}"),
                span,
            )
        })?;
        options.order = Some(order as i32);
    }
    if let Some(v) = call.arg(5 + shift, "name").filter(|v| **v != Value::None) {
        options.name = Some(as_str(v, call.arg_span(5 + shift, "name"), "name")?.to_string());
    }
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    let id = interp
        .net
        .event_monitor_with(source, &event_name, &names, record, options)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Obj(Obj::SpikeMonitor(id)))
}

/// `M.attr` of a `SpikeMonitor` or `EventMonitor`.
pub fn get_attr(
    interp: &mut Interpreter,
    v: &Value,
    m: SpikeMonitorId,
    attr: &str,
    span: Span,
) -> SResult<Value> {
    let net = &interp.net;
    let d = net.spike_data(m);
    match attr {
        "i" => Ok(Value::Array(Array::vector(
            d.i().iter().map(|x| f64::from(*x)).collect(),
            Dimension::DIMENSIONLESS,
            Kind::Int,
        ))),
        "t" => Ok(Value::Array(Array::vector(
            d.t().si().to_vec(),
            Dimension::TIME,
            Kind::Float,
        ))),
        "count" => Ok(Value::Array(Array::vector(
            d.count().iter().map(|x| *x as f64).collect(),
            Dimension::DIMENSIONLESS,
            Kind::Int,
        ))),
        "name" => Ok(Value::Str(d.name().to_string())),
        "num_spikes" | "num_events" | "N" => Ok(Value::Int(d.num_spikes() as i64)),
        "it" => Ok(Value::Tuple(vec![
            object_attr(interp, v, "i", span)?,
            object_attr(interp, v, "t", span)?,
        ])),
        "spike_trains" | "event_trains" | "values" | "all_values" | "binned_rate"
        | "smooth_rate" => Ok(Value::Obj(Obj::Method(
            Box::new(v.clone()),
            attr.to_string(),
        ))),
        _ if d.var_names().contains(&attr) => {
            let q = d.values(attr).map_err(|e| convert(interp, e, span))?;
            let kind = kind_of(
                net.spike_monitor_group(m)
                    .and_then(|g| net.variable_kind(g, attr)),
            );
            Ok(Value::Array(Array::vector(q.si().to_vec(), q.dim(), kind)))
        }
        _ => Err(ScriptError::new(
            "AttributeError",
            format!("'{}' object has no attribute '{attr}'", v.type_name()),
            span,
        )),
    }
}

/// The methods of a `SpikeMonitor` or `EventMonitor`.
pub fn call_method(interp: &mut Interpreter, m: SpikeMonitorId, call: &Call<'_>) -> SResult<Value> {
    let d = interp.net.spike_data(m);
    let net = &interp.net;
    let kind = |var: &str| {
        kind_of(
            net.spike_monitor_group(m)
                .and_then(|g| net.variable_kind(g, var)),
        )
    };
    let result = match call.name {
        "spike_trains" | "event_trains" => {
            call.check(0, &[])?;
            d.values_by_neuron("t")
                .map(|rows| by_neuron(rows, Kind::Float))
        }
        "values" => {
            call.check(1, &["var"])?;
            let var = call
                .arg(0, "var")
                .ok_or_else(|| call.error("values() missing required argument 'var'"))?;
            let var = as_str(var, call.arg_span(0, "var"), "var")?;
            d.values_by_neuron(var)
                .map(|rows| by_neuron(rows, kind(var)))
        }
        "all_values" => {
            call.check(0, &[])?;
            let mut names = vec!["t"];
            names.extend(d.var_names());
            names
                .into_iter()
                .map(|var| {
                    d.values_by_neuron(var)
                        .map(|rows| (Value::Str(var.to_string()), by_neuron(rows, kind(var))))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Dict)
        }
        "binned_rate" => d.binned_rate(bin_size(call)?).map(|(bins, rows)| {
            Value::Tuple(vec![
                Value::Array(Array::vector(bins.si().to_vec(), bins.dim(), Kind::Float)),
                matrix(&rows, bins.len()),
            ])
        }),
        _ => match smoothing(call)? {
            Smoothing::Predefined(window, width) => d.smooth_rate(&window, width),
            Smoothing::Custom(values) => d.smooth_rate_custom(&values),
        }
        .map(|rows| {
            let steps = rows.first().map_or(0, QuantitySlice::len);
            matrix(&rows, steps)
        }),
    };
    result.map_err(|e| convert(interp, e, call.span))
}

/// A dict of neuron index to its array, as Brian2's `values()` returns.
fn by_neuron(rows: Vec<QuantitySlice<'static>>, kind: Kind) -> Value {
    Value::Dict(
        rows.into_iter()
            .enumerate()
            .map(|(k, r)| {
                (
                    Value::Int(k as i64),
                    Value::Array(Array::vector(r.si().to_vec(), r.dim(), kind)),
                )
            })
            .collect(),
    )
}

/// Rates of each neuron as a (neurons x bins) array in Hz.
fn matrix(rows: &[QuantitySlice<'static>], cols: usize) -> Value {
    let data: Vec<f64> = rows.iter().flat_map(|r| r.si().iter().copied()).collect();
    Value::Array(Array::matrix(
        rows.len(),
        cols,
        data,
        Dimension::FREQUENCY,
        Kind::Float,
    ))
}
