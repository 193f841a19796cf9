//! `Synapses` in scripts: construction (`Synapses(G, H, model, on_pre=..., delay=...)`),
//! `S.connect(...)` in all its forms, the synapse-specific attributes (`S.i`, `S.j`,
//! `S.N_incoming`, `S.delay`, pathways such as `S.pre.delay`) and indexing by
//! synapse, by `(i, j)` pair or by condition. Everything is delegated to the API.

use super::brian::{as_str, convert};
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Obj, Value};
use crate::api::{Connect, GroupId, Neurons, Synapses, SynapticDelay, Values};
use crate::check::synapses::Side;
use crate::diag::Span;
use crate::units::{Dimension, Quantity};

fn neurons(v: &Value, span: Span, what: &str) -> SResult<Neurons> {
    match v {
        Value::Obj(Obj::Group(g)) => Ok((*g).into()),
        Value::Obj(Obj::Subgroup(g, a, b)) => Ok(g.slice(*a, *b)),
        other => Err(ScriptError::new(
            "TypeError",
            format!(
                "the {what} of Synapses must be a group, got {}",
                other.type_name()
            ),
            span,
        )),
    }
}

fn time(v: &Value, span: Span, what: &str) -> SResult<Quantity> {
    match v.as_quantity() {
        Some(q) if q.dim == Dimension::TIME => Ok(q),
        _ => Err(ScriptError::new(
            "DimensionMismatchError",
            format!("{what} must be a time, got {v}"),
            span,
        )),
    }
}

/// `Synapses(source, target=None, model=None, on_pre=None, ...)`.
pub fn construct(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(
        9,
        &[
            "source",
            "target",
            "model",
            "on_pre",
            "pre",
            "on_post",
            "post",
            "connect",
            "delay",
            "on_event",
            "multisynaptic_index",
            "namespace",
            "dtype",
            "codeobj_class",
            "dt",
            "clock",
            "order",
            "method",
            "method_options",
            "name",
        ],
    )?;
    let source = call
        .arg(0, "source")
        .ok_or_else(|| call.error("Synapses() missing required argument 'source'"))?;
    let source = neurons(source, call.arg_span(0, "source"), "source")?;
    let target = match call.arg(1, "target") {
        None | Some(Value::None) => source,
        Some(v) => neurons(v, call.arg_span(1, "target"), "target")?,
    };
    let model = match call.arg(2, "model") {
        None | Some(Value::None) => String::new(),
        Some(v) => as_str(v, call.arg_span(2, "model"), "model")?.to_string(),
    };
    let mut s = Synapses::new(source, target, &model);
    // Pathway delays given as a dict (`delay={'up': 1*ms}`).
    let mut delays: Vec<(String, Quantity)> = Vec::new();
    match call.arg(8, "delay") {
        None | Some(Value::None) => {}
        Some(Value::Dict(items)) => {
            for (k, v) in items {
                let span = call.arg_span(8, "delay");
                delays.push((
                    as_str(k, span, "pathway name")?.to_string(),
                    time(v, span, "delay")?,
                ));
            }
        }
        Some(v) => s = s.delay(time(v, call.arg_span(8, "delay"), "delay")?),
    }
    for (pos, key, alias, side, default) in [
        (3, "on_pre", "pre", Side::Pre, "pre"),
        (5, "on_post", "post", Side::Post, "post"),
    ] {
        let v = call.arg(pos, key).or_else(|| call.arg(pos + 1, alias));
        let span = call.arg_span(pos, key);
        match v {
            None | Some(Value::None) => {}
            Some(Value::Str(code)) => {
                let d = delays.iter().find(|(n, _)| n == default).map(|(_, q)| *q);
                s = s.pathway(default, side, code, d);
            }
            Some(Value::Dict(items)) => {
                for (k, code) in items {
                    let name = as_str(k, span, "pathway name")?;
                    let d = delays.iter().find(|(n, _)| n == name).map(|(_, q)| *q);
                    s = s.pathway(name, side, as_str(code, span, key)?, d);
                }
            }
            Some(other) => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!(
                        "{key} must be a string or a dict, got {}",
                        other.type_name()
                    ),
                    span,
                ));
            }
        }
    }
    if let Some(v) = call.arg(17, "method").filter(|v| **v != Value::None) {
        s = s.method(as_str(v, call.arg_span(17, "method"), "method")?);
    }
    s = s.namespace(super::brian::namespace_items(call.arg(11, "namespace")));
    match call.arg(9, "on_event") {
        None | Some(Value::None) => {}
        Some(Value::Str(e)) => s = s.on_event(None, e),
        Some(Value::Dict(items)) => {
            let span = call.arg_span(9, "on_event");
            for (k, e) in items {
                s = s.on_event(
                    Some(as_str(k, span, "pathway name")?),
                    as_str(e, span, "event name")?,
                );
            }
        }
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!(
                    "on_event must be a string or a dict, got {}",
                    other.type_name()
                ),
                call.arg_span(9, "on_event"),
            ));
        }
    }
    if let Some(v) = call
        .arg(10, "multisynaptic_index")
        .filter(|v| **v != Value::None)
    {
        s = s.multisynaptic_index(as_str(
            v,
            call.arg_span(10, "multisynaptic_index"),
            "multisynaptic_index",
        )?);
    }
    if let Some(v) = call.arg(19, "name").filter(|v| **v != Value::None) {
        s = s.name(as_str(v, call.arg_span(19, "name"), "name")?);
    }
    if let Some(o) = call.arg(16, "order").and_then(Value::as_int) {
        s = s.order(o as i32);
    }
    if let Some(v) = call.arg(14, "dt").filter(|v| **v != Value::None) {
        s = s.dt(time(v, call.arg_span(14, "dt"), "dt")?);
    }
    if let Some(c) = super::brian::clock_arg(call, 15, "clock")? {
        s = s.clock(c);
    }
    let id = interp
        .net
        .add_synapses(s)
        .map_err(|e| convert(interp, e, call.span))?;
    match call.arg(7, "connect") {
        None | Some(Value::None) | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => {
            interp
                .net
                .connect(id, Connect::all())
                .map_err(|e| convert(interp, e, call.arg_span(7, "connect")))?;
        }
        Some(Value::Str(cond)) => {
            interp
                .net
                .connect(id, Connect::condition(cond))
                .map_err(|e| convert(interp, e, call.arg_span(7, "connect")))?;
        }
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!(
                    "connect must be a bool or a string, got {}",
                    other.type_name()
                ),
                call.arg_span(7, "connect"),
            ));
        }
    }
    Ok(Value::Obj(Obj::Group(id)))
}

fn index_list(v: &Value, span: Span, what: &str) -> SResult<Vec<i64>> {
    if let Some(i) = v.as_int() {
        return Ok(vec![i]);
    }
    let a = v
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, span))?;
    if a.data.iter().any(|x| x.fract() != 0.0) {
        return Err(ScriptError::new(
            "TypeError",
            format!("{what} must be integers"),
            span,
        ));
    }
    Ok(a.data.iter().map(|x| *x as i64).collect())
}

/// `S.connect(condition=None, i=None, j=None, p=1.0, n=1, skip_if_invalid=False, ...)`.
pub fn connect(interp: &mut Interpreter, s: GroupId, call: &Call<'_>) -> SResult<Value> {
    call.check(
        6,
        &[
            "condition",
            "i",
            "j",
            "p",
            "n",
            "skip_if_invalid",
            "namespace",
            "level",
        ],
    )?;
    let given = |pos: usize, name: &str| call.arg(pos, name).filter(|v| **v != Value::None);
    let mut how = match (given(1, "i"), given(2, "j")) {
        (Some(i), Some(Value::Str(j))) => {
            let _ = i;
            return Err(ScriptError::new(
                "NotImplementedError",
                format!("connect() with an 'i' array and the expression j='{j}' is not supported"),
                call.span,
            ));
        }
        (Some(i), Some(j)) => Connect::pairs(
            &index_list(i, call.arg_span(1, "i"), "i")?,
            &index_list(j, call.arg_span(2, "j"), "j")?,
        ),
        (Some(i), None) => Connect::sources(&index_list(i, call.arg_span(1, "i"), "i")?),
        (None, Some(Value::Str(j))) => Connect::targets(j),
        (None, Some(j)) => {
            let js = index_list(j, call.arg_span(2, "j"), "j")?;
            Connect(crate::runtime::connect::ConnectRequest {
                j: crate::runtime::connect::Targets::Indices(js),
                ..Default::default()
            })
        }
        (None, None) => Connect::all(),
    };
    match given(0, "condition") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::Str(c)) => how = how.and_condition(c),
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!("condition must be a string, got {}", other.type_name()),
                call.arg_span(0, "condition"),
            ));
        }
    }
    match given(3, "p") {
        None => {}
        Some(Value::Str(p)) => how = how.p_expr(p),
        Some(v) => match v.as_scalar() {
            Some((p, d, _)) if d.is_dimensionless() => how = how.p(p),
            _ => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!("p must be a number or a string, got {v}"),
                    call.arg_span(3, "p"),
                ));
            }
        },
    }
    match given(4, "n") {
        None => {}
        Some(Value::Str(n)) => how = how.n_expr(n),
        Some(v) => match v.as_int() {
            Some(n) => how = how.n(n),
            None => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!("n must be an integer or a string, got {v}"),
                    call.arg_span(4, "n"),
                ));
            }
        },
    }
    if let Some(v) = given(5, "skip_if_invalid") {
        let skip = v
            .truthy()
            .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(5, "skip_if_invalid")))?;
        how = how.skip_if_invalid(skip);
    }
    super::brian::sync_namespace(interp, None)?;
    interp
        .net
        .connect(s, how)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::None)
}

fn int_vector(values: Vec<u32>) -> Value {
    Value::Array(Array::vector(
        values.into_iter().map(f64::from).collect(),
        Dimension::DIMENSIONLESS,
        Kind::Int,
    ))
}

fn delay_value(d: SynapticDelay) -> Value {
    match d {
        SynapticDelay::Homogeneous(q) => Value::Quantity(q),
        SynapticDelay::PerSynapse(v) => {
            Value::Array(Array::vector(v.si().to_vec(), Dimension::TIME, Kind::Float))
        }
    }
}

/// Synapse-specific attributes of `S`, or `None` to fall back on variables.
pub fn get_attr(
    interp: &mut Interpreter,
    s: GroupId,
    attr: &str,
    span: Span,
) -> SResult<Option<Value>> {
    let net = &interp.net;
    let conv = |interp: &Interpreter, e| convert(interp, e, span);
    Ok(Some(match attr {
        "connect" => Value::Obj(Obj::Method(
            Box::new(Value::Obj(Obj::Group(s))),
            attr.to_string(),
        )),
        "i" | "j" => {
            let (i, j) = net.synapse_indices(s).map_err(|e| conv(interp, e))?;
            int_vector(if attr == "i" { i } else { j })
        }
        "N_incoming" | "N_outgoing" => {
            let (inc, out) = net.synapse_counts(s).map_err(|e| conv(interp, e))?;
            int_vector(if attr == "N_incoming" { inc } else { out })
        }
        // `S.N` is a scalar variable in Brian2 (`S.N[:]` reads it).
        "N" => Value::Array(Array {
            data: vec![net.len(s) as f64],
            shape: vec![],
            dim: Dimension::DIMENSIONLESS,
            kind: Kind::Int,
        }),
        "delay" => delay_value(net.delay(s, "pre").map_err(|e| conv(interp, e))?),
        _ if net
            .pathway_names(s)
            .map_err(|e| conv(interp, e))?
            .iter()
            .any(|p| p == attr) =>
        {
            Value::Obj(Obj::Pathway(s, attr.to_string()))
        }
        _ => return Ok(None),
    }))
}

/// `S.pre.delay` and the like.
pub fn pathway_attr(
    interp: &mut Interpreter,
    s: GroupId,
    pathway: &str,
    attr: &str,
    span: Span,
) -> SResult<Value> {
    match attr {
        "delay" => {
            let d = interp
                .net
                .delay(s, pathway)
                .map_err(|e| convert(interp, e, span))?;
            Ok(delay_value(d))
        }
        _ => Err(ScriptError::new(
            "AttributeError",
            format!("'SynapticPathway' object has no attribute '{attr}'"),
            span,
        )),
    }
}

/// `S.delay = ...`, `S.pre.delay = ...` (all synapses, or `indices`).
pub fn set_delay(
    interp: &mut Interpreter,
    s: GroupId,
    pathway: &str,
    values: Values,
    indices: Option<&[u32]>,
    span: Span,
) -> SResult<()> {
    super::brian::sync_namespace(interp, None)?;
    interp
        .net
        .set_delay(s, pathway, values, indices)
        .map_err(|e| convert(interp, e, span))
}

/// The synapses selected by `S.w[index]`: a synapse index, slice or array, a
/// condition string, or an `(i, j)` pair of neuron indices.
pub fn selection(
    interp: &mut Interpreter,
    s: GroupId,
    index: &Value,
    span: Span,
) -> SResult<Vec<u32>> {
    match index {
        Value::Str(cond) => {
            super::brian::sync_namespace(interp, None)?;
            interp
                .net
                .select(s, cond)
                .map_err(|e| convert(interp, e, span))
        }
        Value::Tuple(parts) if parts.len() == 2 => {
            let (n_pre, n_post) = interp
                .net
                .synapse_sides(s)
                .map_err(|e| convert(interp, e, span))?;
            let side = |v: &Value, n: usize| -> SResult<Vec<i64>> {
                Ok(super::index::positions(n, v)
                    .map_err(|m| ScriptError::new("IndexError", m, span))?
                    .0
                    .into_iter()
                    .map(|k| k as i64)
                    .collect())
            };
            let i = side(&parts[0], n_pre)?;
            let j = side(&parts[1], n_post)?;
            interp
                .net
                .synapses_between(s, &i, &j)
                .map_err(|e| convert(interp, e, span))
        }
        other => Ok(super::index::positions(interp.net.len(s), other)
            .map_err(|m| ScriptError::new("IndexError", m, span))?
            .0
            .into_iter()
            .map(|k| k as u32)
            .collect()),
    }
}
