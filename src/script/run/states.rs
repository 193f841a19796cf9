//! The network toolbox in scripts: `G.get_states()`, `G.set_states()`,
//! `G.variables`, `M.record_single_timestep()`, `scheduling_summary()` and
//! `profiling_summary()`, delegating to the embedded API.

use super::brian::{convert, kind_of, values_of};
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Value};
use crate::api::{Neurons, Selection, StateMonitorId, Values};
use crate::units::{Dimension, Quantity, QuantityArray};

fn flag(call: &Call<'_>, pos: usize, name: &str, default: bool) -> SResult<bool> {
    match call.arg(pos, name) {
        None => Ok(default),
        Some(v) => v
            .truthy()
            .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(pos, name))),
    }
}

/// `G.get_states(vars=None, units=True, format='dict', subexpressions=False,
/// read_only_variables=True)`: a dict of variable name to values.
pub fn get_states(interp: &mut Interpreter, n: Neurons, call: &Call<'_>) -> SResult<Value> {
    call.check(
        6,
        &[
            "vars",
            "units",
            "format",
            "subexpressions",
            "read_only_variables",
            "level",
        ],
    )?;
    let units = flag(call, 1, "units", true)?;
    if let Some(f) = call.arg(2, "format")
        && *f != Value::Str("dict".to_string())
    {
        return Err(ScriptError::new(
            "NotImplementedError",
            format!("get_states(format={f}) is not supported; only format='dict'"),
            call.arg_span(2, "format"),
        ));
    }
    let subexpressions = flag(call, 3, "subexpressions", false)?;
    let read_only = flag(call, 4, "read_only_variables", true)?;
    let vars: Option<Vec<String>> = match call.arg(0, "vars") {
        None | Some(Value::None) => None,
        Some(Value::List(items)) | Some(Value::Tuple(items)) => Some(
            items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Ok(s.clone()),
                    other => Err(ScriptError::new(
                        "TypeError",
                        format!("variable names must be strings, got {other}"),
                        call.arg_span(0, "vars"),
                    )),
                })
                .collect::<SResult<_>>()?,
        ),
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!("vars must be a list of variable names, got {other}"),
                call.arg_span(0, "vars"),
            ));
        }
    };
    let names: Option<Vec<&str>> = vars
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    let states = interp
        .net
        .get_states(n, names.as_deref(), subexpressions)
        .map_err(|e| convert(interp, e, call.span))?;
    let net = &interp.net;
    let mut dict = Vec::with_capacity(states.len() + 4);
    for (name, q) in states {
        let dim = if units {
            q.dim()
        } else {
            Dimension::DIMENSIONLESS
        };
        let kind = kind_of(net.variable_kind(n.group, &name));
        let value = if net.is_shared(n.group, &name) {
            let x = q.si().first().copied().unwrap_or(0.0);
            Value::from_array(Array {
                data: vec![x],
                shape: vec![],
                dim,
                kind,
            })
        } else {
            Value::Array(Array::vector(q.si().to_vec(), dim, kind))
        };
        dict.push((Value::Str(name), value));
    }
    if vars.is_none() && read_only {
        let len = net.len(n);
        let time = |x: Quantity| {
            if units {
                Value::Quantity(x)
            } else {
                Value::Float(x.value)
            }
        };
        dict.push((Value::Str("N".into()), Value::Int(len as i64)));
        dict.push((
            Value::Str("i".into()),
            Value::Array(Array::vector(
                (0..len).map(|k| k as f64).collect(),
                Dimension::DIMENSIONLESS,
                Kind::Int,
            )),
        ));
        dict.push((Value::Str("t".into()), time(net.t())));
        let dt = net.group_dt(n.group);
        dict.push((Value::Str("dt".into()), time(dt)));
    }
    Ok(Value::Dict(dict))
}

/// `G.set_states(values, units=True, format='dict')`: set each variable of the dict.
pub fn set_states(interp: &mut Interpreter, n: Neurons, call: &Call<'_>) -> SResult<Value> {
    call.check(4, &["values", "units", "format", "level"])?;
    let units = flag(call, 1, "units", true)?;
    let span = call.arg_span(0, "values");
    let Some(Value::Dict(items)) = call.arg(0, "values") else {
        return Err(call.error("set_states() needs a dict of variable names to values"));
    };
    let mut values = Vec::with_capacity(items.len());
    for (k, v) in items {
        let Value::Str(name) = k else {
            return Err(ScriptError::new(
                "TypeError",
                format!("variable names must be strings, got {k}"),
                span,
            ));
        };
        let mut v = values_of(v.clone(), span)?;
        if !units {
            // Plain numbers are in the variable's SI unit.
            let dim = interp
                .net
                .get(n.group, name)
                .map_err(|e| convert(interp, e, span))?
                .dim();
            v = match v {
                Values::Quantity(q) => Values::Quantity(Quantity::new(q.value, dim)),
                Values::Array(a) => Values::Array(QuantityArray::new(a.values, dim)),
                other => other,
            };
        }
        values.push((name.clone(), v));
    }
    super::brian::sync_namespace(interp, None)?;
    interp
        .net
        .set_states(n, values)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::None)
}

/// `G.variables`: a dict of each variable's name to its unit.
pub fn variables(interp: &Interpreter, g: crate::api::GroupId) -> Value {
    let net = &interp.net;
    Value::Dict(
        net.variable_names(g)
            .into_iter()
            .map(|name| {
                let unit = net
                    .variable_dim(g, &name)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                (Value::Str(name), Value::Str(unit))
            })
            .collect(),
    )
}

/// `M.record_single_timestep()`.
pub fn record_single_timestep(
    interp: &mut Interpreter,
    m: StateMonitorId,
    call: &Call<'_>,
) -> SResult<Value> {
    call.check(0, &[])?;
    interp
        .net
        .record_single_timestep(m)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::None)
}

/// `scheduling_summary()` (all objects) or `net.scheduling_summary()` (an explicit
/// network's objects): the table as text.
pub fn scheduling_summary(
    interp: &mut Interpreter,
    selection: Option<&Selection>,
    call: &Call<'_>,
) -> SResult<Value> {
    call.check(1, &["net"])?;
    super::brian::sync_namespace(interp, None)?;
    let summary = match selection {
        Some(sel) => interp.net.scheduling_summary_selected(sel),
        None => interp.net.scheduling_summary(),
    }
    .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Str(summary.to_string().trim_end().to_string()))
}

/// `profiling_summary()`: the time per code object of the last profiled run, as text.
pub fn profiling_summary(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(2, &["net", "show"])?;
    if interp.net.profiling_info().is_empty() {
        return Err(ScriptError::new(
            "ValueError",
            "No profiling info collected (did you run with 'profile=True?')",
            call.span,
        ));
    }
    let text = interp.net.profiling_summary().to_string();
    Ok(Value::Str(text.trim_end().to_string()))
}
