//! Python builtins and the NumPy subset scripts use (`np.array`, `np.arange`,
//! `np.savez`, `np.random.*`, reductions, ...), plus methods and attributes of plain
//! values (arrays, dicts). Brian2's own names live in `brian.rs`.

use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Obj, Value};
use crate::diag::Span;
use crate::io::{NpyArray, NpyData};
use crate::units::{Dimension, Quantity};
use rand_xoshiro::rand_core::{Rng, SeedableRng};

const NAMES: &[&str] = &[
    "print",
    "len",
    "range",
    "int",
    "float",
    "abs",
    "min",
    "max",
    "sum",
    "round",
    "list",
    "tuple",
    "str",
    "bool",
    "enumerate",
    "zip",
    "sorted",
    "dict",
    "repr",
    "np.array",
    "np.asarray",
    "np.arange",
    "np.linspace",
    "np.zeros",
    "np.ones",
    "np.full",
    "np.zeros_like",
    "np.ones_like",
    "np.exp",
    "np.log",
    "np.log10",
    "np.sqrt",
    "np.sin",
    "np.cos",
    "np.tan",
    "np.tanh",
    "np.abs",
    "np.floor",
    "np.ceil",
    "np.round",
    "np.sign",
    "np.sum",
    "np.mean",
    "np.std",
    "np.var",
    "np.min",
    "np.max",
    "np.amin",
    "np.amax",
    "np.argmin",
    "np.argmax",
    "np.clip",
    "np.concatenate",
    "np.prod",
    "np.hstack",
    "np.vstack",
    "np.logspace",
    "np.repeat",
    "np.tile",
    "np.where",
    "np.savez",
    "np.savez_compressed",
    "np.save",
    "np.diff",
    "np.cumsum",
    "np.sort",
    "np.unique",
    "np.histogram",
    "np.bincount",
    "np.argsort",
    "np.reshape",
    "np.any",
    "np.all",
    "np.nonzero",
    "np.flatnonzero",
    "np.count_nonzero",
    "np.random.seed",
    "np.random.rand",
    "np.random.randn",
    "np.random.randint",
    "np.random.uniform",
    "np.random.normal",
    "np.median",
    "np.int64",
    "np.int32",
    "np.float64",
    "np.bool_",
    "np.isnan",
    "np.isfinite",
    "np.maximum",
    "np.minimum",
    "np.power",
    // Brian2 re-exports these unit-aware functions at top level.
    "sqrt",
    "exp",
    "log",
    "log10",
    "sin",
    "cos",
    "tan",
    "tanh",
    "floor",
    "ceil",
    "sign",
    "clip",
    "mean",
    "std",
    "exprel",
];

/// The builtin called `name` (qualified: `np.array`), or a constant.
pub fn lookup(name: &str) -> Option<Value> {
    match name {
        "pi" | "np.pi" => return Some(Value::Float(std::f64::consts::PI)),
        "np.e" => return Some(Value::Float(std::f64::consts::E)),
        "inf" | "np.inf" => return Some(Value::Float(f64::INFINITY)),
        "np.nan" | "nan" => return Some(Value::Float(f64::NAN)),
        "np.newaxis" => return Some(Value::None),
        "np" | "numpy" => return Some(Value::Obj(Obj::Module("np"))),
        _ => {}
    }
    let find = |full: &str| {
        NAMES
            .iter()
            .find(|n| **n == full)
            .map(|n| Value::Obj(Obj::Builtin(n)))
    };
    // `from brian2 import *` also brings NumPy's functions (`linspace`, `array`,
    // `where`, ...) and `rand`/`randn` of `numpy.random` in.
    find(name)
        .or_else(|| find(&format!("np.{name}")))
        .or_else(|| find(&format!("np.random.{name}")).filter(|_| matches!(name, "rand" | "randn")))
}

fn type_err(span: Span, m: impl Into<String>) -> ScriptError {
    ScriptError::new("TypeError", m, span)
}

fn arr(v: &Value, span: Span) -> SResult<Array> {
    v.to_array().map_err(|m| type_err(span, m))
}

fn need(call: &Call<'_>, pos: usize, name: &str) -> SResult<Value> {
    call.arg(pos, name).cloned().ok_or_else(|| {
        call.error(format!(
            "{}() missing required argument '{name}'",
            call.name
        ))
    })
}

fn int_arg(call: &Call<'_>, pos: usize, name: &str) -> SResult<i64> {
    let v = need(call, pos, name)?;
    v.as_int()
        .or_else(|| {
            v.as_scalar()
                .filter(|(x, d, _)| d.is_dimensionless() && x.fract() == 0.0)
                .map(|(x, _, _)| x as i64)
        })
        .ok_or_else(|| {
            type_err(
                call.arg_span(pos, name),
                format!("'{name}' must be an integer, got {}", v.type_name()),
            )
        })
}

fn dtype_kind(v: Option<&Value>) -> Option<Kind> {
    match v {
        Some(Value::Obj(Obj::Builtin(n))) => match *n {
            "int" | "np.int64" | "np.int32" => Some(Kind::Int),
            "float" | "np.float64" => Some(Kind::Float),
            "bool" | "np.bool_" => Some(Kind::Bool),
            _ => None,
        },
        Some(Value::Str(s)) => match s.as_str() {
            "int" | "int64" | "int32" => Some(Kind::Int),
            "bool" => Some(Kind::Bool),
            _ => Some(Kind::Float),
        },
        _ => None,
    }
}

fn with_kind(mut a: Array, kind: Kind) -> Array {
    match kind {
        Kind::Int => a.data.iter_mut().for_each(|x| *x = x.trunc()),
        Kind::Bool => a
            .data
            .iter_mut()
            .for_each(|x| *x = f64::from(u8::from(*x != 0.0))),
        Kind::Float => {}
    }
    a.kind = kind;
    a
}

fn map_dimensionless(a: Array, span: Span, name: &str, f: fn(f64) -> f64) -> SResult<Value> {
    if !a.dim.is_dimensionless() {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!(
                "{name} requires a dimensionless argument, got unit {}",
                a.dim
            ),
            span,
        ));
    }
    let data = a.data.iter().map(|x| f(*x)).collect();
    Ok(Value::from_array(Array {
        data,
        kind: Kind::Float,
        ..a
    }))
}

/// A reduction along `axis` (`None`: over all elements) of a 1-d or 2-d array, with
/// `ddof` for `std` and `var`, as NumPy computes it.
fn reduce_axis(a: &Array, name: &str, axis: Option<i64>, ddof: f64, span: Span) -> SResult<Value> {
    let ndim = a.shape.len() as i64;
    let axis = match axis {
        None => None,
        Some(k) if (-ndim.max(1)..ndim.max(1)).contains(&k) => Some(k.rem_euclid(ndim.max(1))),
        Some(k) => {
            return Err(ScriptError::new(
                "AxisError",
                format!("axis {k} is out of bounds for array of dimension {ndim}"),
                span,
            ));
        }
    };
    let (2, Some(axis)) = (a.shape.len(), axis) else {
        return reduce(a, name, ddof, span);
    };
    let (rows, cols) = (a.shape[0], a.shape[1]);
    let lane = |k: usize| -> Array {
        let data = if axis == 0 {
            (0..rows).map(|r| a.data[r * cols + k]).collect()
        } else {
            a.data[k * cols..(k + 1) * cols].to_vec()
        };
        Array::vector(data, a.dim, a.kind)
    };
    let lanes = if axis == 0 { cols } else { rows };
    let mut out = Vec::with_capacity(lanes);
    let (mut dim, mut kind) = (a.dim, Kind::Float);
    for k in 0..lanes {
        let v = reduce(&lane(k), name, ddof, span)?;
        let r = v.to_array().map_err(|m| type_err(span, m))?;
        (dim, kind) = (r.dim, r.kind);
        out.push(r.data.first().copied().unwrap_or(f64::NAN));
    }
    Ok(Value::Array(Array::vector(out, dim, kind)))
}

/// The `axis` and `ddof` arguments of a reduction (`axis` at position `axis_pos`).
fn reduction_args(call: &Call<'_>, axis_pos: usize) -> SResult<(Option<i64>, f64)> {
    let axis = match call.arg(axis_pos, "axis") {
        None | Some(Value::None) => None,
        Some(v) => Some(v.as_int().ok_or_else(|| {
            type_err(
                call.arg_span(axis_pos, "axis"),
                format!("axis must be an integer, got {v}"),
            )
        })?),
    };
    let ddof = match call.arg(usize::MAX, "ddof") {
        None => 0.0,
        Some(v) => v.as_scalar().map(|(x, _, _)| x).ok_or_else(|| {
            type_err(
                call.arg_span(usize::MAX, "ddof"),
                format!("ddof must be a number, got {v}"),
            )
        })?,
    };
    Ok((axis, ddof))
}

fn reduce(a: &Array, name: &str, ddof: f64, span: Span) -> SResult<Value> {
    let n = a.len() as f64;
    let scalar = |x: f64, dim: Dimension, kind: Kind| {
        Value::from_array(Array {
            data: vec![x],
            shape: vec![],
            dim,
            kind,
        })
    };
    let sum_kind = if a.kind == Kind::Float {
        Kind::Float
    } else {
        Kind::Int
    };
    Ok(match name {
        "sum" => scalar(a.data.iter().sum(), a.dim, sum_kind),
        "prod" => {
            let dim = (0..a.data.len()).fold(Dimension::DIMENSIONLESS, |d, _| d.mul(a.dim));
            scalar(a.data.iter().product(), dim, sum_kind)
        }
        "mean" => scalar(a.data.iter().sum::<f64>() / n, a.dim, Kind::Float),
        "median" => {
            let mut v = a.data.clone();
            v.sort_by(f64::total_cmp);
            let m = if v.is_empty() {
                f64::NAN
            } else if v.len() % 2 == 1 {
                v[v.len() / 2]
            } else {
                0.5 * (v[v.len() / 2 - 1] + v[v.len() / 2])
            };
            scalar(m, a.dim, Kind::Float)
        }
        "std" | "var" => {
            let mean = a.data.iter().sum::<f64>() / n;
            let var = a.data.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - ddof);
            if name == "std" {
                scalar(var.sqrt(), a.dim, Kind::Float)
            } else {
                scalar(var, a.dim.mul(a.dim), Kind::Float)
            }
        }
        "min" | "amin" | "max" | "amax" => {
            if a.is_empty() {
                return Err(ScriptError::new(
                    "ValueError",
                    "zero-size array to reduction operation which has no identity",
                    span,
                ));
            }
            let is_min = name.ends_with("min");
            let x = a.data.iter().copied().fold(
                if is_min {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                },
                |acc, x| {
                    if x.is_nan() || acc.is_nan() {
                        f64::NAN
                    } else if is_min {
                        acc.min(x)
                    } else {
                        acc.max(x)
                    }
                },
            );
            scalar(x, a.dim, a.kind)
        }
        "argmin" | "argmax" => {
            let mut best = 0usize;
            for (k, x) in a.data.iter().enumerate() {
                if (name == "argmin" && *x < a.data[best])
                    || (name == "argmax" && *x > a.data[best])
                {
                    best = k;
                }
            }
            Value::Int(best as i64)
        }
        "any" => Value::Bool(a.data.iter().any(|x| *x != 0.0)),
        "all" => Value::Bool(a.data.iter().all(|x| *x != 0.0)),
        "count_nonzero" => Value::Int(a.data.iter().filter(|x| **x != 0.0).count() as i64),
        _ => return Err(type_err(span, format!("unknown reduction {name}"))),
    })
}

fn uniform(interp: &mut Interpreter) -> f64 {
    (interp.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

fn normal(interp: &mut Interpreter) -> f64 {
    loop {
        let u = uniform(interp);
        if u > 0.0 {
            let v = uniform(interp);
            return (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        }
    }
}

fn shape_args(call: &Call<'_>) -> SResult<Vec<usize>> {
    let mut shape = Vec::new();
    for (v, span) in &call.args {
        match v {
            Value::Tuple(items) | Value::List(items) => {
                for it in items {
                    shape.push(it.as_int().filter(|x| *x >= 0).ok_or_else(|| {
                        type_err(*span, "dimensions must be non-negative integers")
                    })? as usize);
                }
            }
            other => {
                shape.push(
                    other.as_int().filter(|x| *x >= 0).ok_or_else(|| {
                        type_err(*span, "dimensions must be non-negative integers")
                    })? as usize,
                )
            }
        }
    }
    let n = shape.iter().try_fold(1usize, |acc, d| acc.checked_mul(*d));
    allocatable(n.unwrap_or(usize::MAX), "array", call.span)?;
    Ok(shape)
}

fn to_npy(v: &Value, span: Span) -> SResult<NpyArray> {
    let a = arr(v, span)?;
    let data: NpyData = match a.kind {
        Kind::Float => a.data.into(),
        Kind::Int => a
            .data
            .iter()
            .map(|x| *x as i64)
            .collect::<Vec<i64>>()
            .into(),
        Kind::Bool => a
            .data
            .iter()
            .map(|x| *x != 0.0)
            .collect::<Vec<bool>>()
            .into(),
    };
    NpyArray::new(a.shape, data).map_err(|e| ScriptError::new("ValueError", e.to_string(), span))
}

fn resolve_path(
    interp: &Interpreter,
    v: &Value,
    span: Span,
    ext: &str,
) -> SResult<std::path::PathBuf> {
    let Value::Str(p) = v else {
        return Err(type_err(span, "expected a file name"));
    };
    let mut path = interp.cwd.join(p);
    if path.extension().is_none_or(|e| e != ext) {
        path.set_extension(ext);
    }
    Ok(path)
}

fn range_values(call: &Call<'_>) -> SResult<Vec<i64>> {
    let ints: Vec<i64> = (0..call.args.len())
        .map(|k| int_arg(call, k, "range argument"))
        .collect::<SResult<_>>()?;
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => return Err(call.error("range expected 1 to 3 integer arguments")),
    };
    if step == 0 {
        return Err(ScriptError::new(
            "ValueError",
            "range() arg 3 must not be zero",
            call.span,
        ));
    }
    let count = if step > 0 {
        (stop - start).max(0) / step + i64::from((stop - start).max(0) % step != 0)
    } else {
        (start - stop).max(0) / -step + i64::from((start - stop).max(0) % -step != 0)
    };
    if count > 100_000_000 {
        return Err(ScriptError::new(
            "MemoryError",
            format!("range of {count} elements is too large"),
            call.span,
        ));
    }
    Ok((0..count).map(|k| start + k * step).collect())
}

/// Call builtin `call.name`, or `None` if it is not one of these.
pub fn call(interp: &mut Interpreter, call: &Call<'_>) -> Option<SResult<Value>> {
    if !NAMES.contains(&call.name) {
        return None;
    }
    let name = call.name.strip_prefix("np.").unwrap_or(call.name);
    let first = || need(call, 0, "a");
    let span0 = call.arg_span(0, "a");
    Some((|| -> SResult<Value> {
        match call.name {
            "print" => {
                // Brian2 objects print the way the REPL shows them (with their kind,
                // name and size, which only the network knows).
                let text: Vec<String> = call
                    .args
                    .iter()
                    .map(|(v, _)| match v {
                        Value::Obj(Obj::Group(_) | Obj::StateMonitor(_) | Obj::SpikeMonitor(_)) => {
                            super::session::repr(interp, v)
                        }
                        other => other.to_string(),
                    })
                    .collect();
                let text_arg = |name: &str, default: &str| -> SResult<String> {
                    match call.arg(usize::MAX, name) {
                        None | Some(Value::None) => Ok(default.to_string()),
                        Some(Value::Str(s)) => Ok(s.clone()),
                        Some(v) => Err(type_err(
                            call.arg_span(usize::MAX, name),
                            format!("{name} must be None or a string, not {}", v.type_name()),
                        )),
                    }
                };
                let (sep, end) = (text_arg("sep", " ")?, text_arg("end", "\n")?);
                // Output is by lines: text up to a newline waits in `partial_line`.
                let mut all = std::mem::take(&mut interp.partial_line);
                all.push_str(&text.join(&sep));
                all.push_str(&end);
                let mut lines: Vec<&str> = all.split('\n').collect();
                let rest = lines.pop().unwrap_or("").to_string();
                for l in lines {
                    interp.out.line(l);
                }
                interp.partial_line = rest;
                Ok(Value::None)
            }
            "len" => match first()? {
                Value::Str(s) => Ok(Value::Int(s.chars().count() as i64)),
                Value::List(v) | Value::Tuple(v) => Ok(Value::Int(v.len() as i64)),
                Value::Dict(v) => Ok(Value::Int(v.len() as i64)),
                Value::Array(a) if !a.shape.is_empty() => Ok(Value::Int(a.len0() as i64)),
                other => super::brian::len(interp, &other, call.span),
            },
            "range" => Ok(Value::List(
                range_values(call)?.into_iter().map(Value::Int).collect(),
            )),
            "int" | "np.int64" | "np.int32" => match first()? {
                Value::Str(s) => s.trim().parse::<i64>().map(Value::Int).map_err(|_| {
                    ScriptError::new(
                        "ValueError",
                        format!("invalid literal for int(): '{s}'"),
                        span0,
                    )
                }),
                v => match v.as_scalar() {
                    Some((x, d, _)) if d.is_dimensionless() && x.is_finite() => {
                        Ok(Value::Int(x.trunc() as i64))
                    }
                    Some((_, d, _)) if !d.is_dimensionless() => Err(ScriptError::new(
                        "TypeError",
                        format!(
                            "only dimensionless quantities can be converted to int, got unit {d}"
                        ),
                        span0,
                    )),
                    _ => match v {
                        Value::Array(a) => Ok(Value::Array(with_kind(a, Kind::Int))),
                        _ => Err(type_err(
                            span0,
                            format!("int() argument must be a number, not '{}'", v.type_name()),
                        )),
                    },
                },
            },
            "float" | "np.float64" => match first()? {
                Value::Str(s) => s.trim().parse::<f64>().map(Value::Float).map_err(|_| {
                    ScriptError::new(
                        "ValueError",
                        format!("could not convert string to float: '{s}'"),
                        span0,
                    )
                }),
                v => match v.as_scalar() {
                    Some((x, d, _)) if d.is_dimensionless() => Ok(Value::Float(x)),
                    Some((x, d, _)) => Ok(Value::Quantity(Quantity::new(x, d))),
                    None => Err(type_err(
                        span0,
                        format!("float() argument must be a number, not '{}'", v.type_name()),
                    )),
                },
            },
            "bool" | "np.bool_" => Ok(Value::Bool(
                first()?
                    .truthy()
                    .map_err(|m| ScriptError::new("ValueError", m, span0))?,
            )),
            "str" | "repr" => {
                let v = first()?;
                Ok(Value::Str(if call.name == "repr" {
                    super::value::repr(&v)
                } else {
                    v.to_string()
                }))
            }
            "list" | "tuple" | "sorted" => {
                let mut items = interp.iterate(&first()?, span0)?;
                if call.name == "sorted" {
                    // Strings sort by text, numbers by value, as in Python; mixing them
                    // is Python's TypeError.
                    let strings = items.iter().filter(|v| matches!(v, Value::Str(_))).count();
                    if strings != 0 && strings != items.len() {
                        return Err(ScriptError::new(
                            "TypeError",
                            "'<' not supported between strings and numbers",
                            span0,
                        ));
                    }
                    items.sort_by(|a, b| match (a, b) {
                        (Value::Str(x), Value::Str(y)) => x.cmp(y),
                        _ => a
                            .as_scalar()
                            .map(|x| x.0)
                            .unwrap_or(0.0)
                            .total_cmp(&b.as_scalar().map(|x| x.0).unwrap_or(0.0)),
                    });
                }
                Ok(if call.name == "tuple" {
                    Value::Tuple(items)
                } else {
                    Value::List(items)
                })
            }
            "dict" => Ok(Value::Dict(
                call.kwargs
                    .iter()
                    .map(|(k, v, _)| (Value::Str(k.clone()), v.clone()))
                    .collect(),
            )),
            "enumerate" => {
                let items = interp.iterate(&first()?, span0)?;
                Ok(Value::List(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(k, v)| Value::Tuple(vec![Value::Int(k as i64), v]))
                        .collect(),
                ))
            }
            "zip" => {
                let lists: Vec<Vec<Value>> = call
                    .args
                    .iter()
                    .map(|(v, s)| interp.iterate(v, *s))
                    .collect::<SResult<_>>()?;
                let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                Ok(Value::List(
                    (0..n)
                        .map(|k| Value::Tuple(lists.iter().map(|l| l[k].clone()).collect()))
                        .collect(),
                ))
            }
            "round" | "np.round" => {
                let digits = call.arg(1, "decimals").and_then(Value::as_int).unwrap_or(0);
                let a = arr(&first()?, span0)?;
                let f = 10f64.powi(digits as i32);
                let data = a.data.iter().map(|x| round_half_even(x * f) / f).collect();
                let kind =
                    if call.name == "round" && digits == 0 && call.arg(1, "decimals").is_none() {
                        Kind::Int
                    } else {
                        a.kind
                    };
                Ok(Value::from_array(Array { data, kind, ..a }))
            }
            "abs" | "np.abs" => {
                let a = arr(&first()?, span0)?;
                Ok(Value::from_array(Array {
                    data: a.data.iter().map(|x| x.abs()).collect(),
                    ..a
                }))
            }
            "min" | "max" | "sum" if call.args.len() > 1 && call.name != "sum" => {
                let vals: Vec<Array> = call
                    .args
                    .iter()
                    .map(|(v, s)| arr(v, *s))
                    .collect::<SResult<_>>()?;
                let joined = concat(&vals, call.span)?;
                reduce(&joined, call.name, 0.0, call.span)
            }
            "min" | "max" | "sum" | "np.sum" | "np.prod" | "np.mean" | "np.std" | "np.var"
            | "np.min" | "np.max" | "np.amin" | "np.amax" | "np.argmin" | "np.argmax"
            | "np.any" | "np.all" | "np.count_nonzero" | "np.median" | "mean" | "std" => {
                let v = first()?;
                let a = match &v {
                    Value::List(items)
                        if items.iter().all(|x| x.as_scalar().is_some()) || items.is_empty() =>
                    {
                        arr(&v, span0)?
                    }
                    Value::List(_) | Value::Tuple(_) => arr(&v, span0)?,
                    _ => arr(&v, span0)?,
                };
                let (axis, ddof) = reduction_args(call, 1)?;
                reduce_axis(&a, name, axis, ddof, call.span)
            }
            "np.array" | "np.asarray" => {
                let a = arr(&first()?, span0)?;
                Ok(Value::Array(match dtype_kind(call.arg(1, "dtype")) {
                    Some(k) => with_kind(a, k),
                    None => a,
                }))
                .map(|v| match v {
                    Value::Array(a) if a.shape.is_empty() => Value::Array(a),
                    other => other,
                })
            }
            "np.arange" => {
                let vals: Vec<Value> = call.args.iter().map(|(v, _)| v.clone()).collect();
                let q: Vec<(f64, Dimension, Kind)> = vals
                    .iter()
                    .map(|v| {
                        v.as_scalar()
                            .ok_or_else(|| call.error("arange() arguments must be numbers"))
                    })
                    .collect::<SResult<_>>()?;
                let (start, stop, step) = match q.as_slice() {
                    [s] => ((0.0, s.1, Kind::Int), *s, (1.0, s.1, Kind::Int)),
                    [a, b] => (*a, *b, (1.0, a.1, Kind::Int)),
                    [a, b, c] => (*a, *b, *c),
                    _ => return Err(call.error("arange() takes 1 to 3 arguments")),
                };
                let dim = stop.1;
                if start.1 != dim && start.0 != 0.0 || step.0 == 0.0 {
                    return Err(ScriptError::new(
                        "ValueError",
                        "arange() arguments must have the same unit and a non-zero step",
                        call.span,
                    ));
                }
                let n = ((stop.0 - start.0) / step.0).ceil().max(0.0) as usize;
                if n > 100_000_000 {
                    return Err(ScriptError::new(
                        "MemoryError",
                        format!("arange of {n} elements is too large"),
                        call.span,
                    ));
                }
                let kind =
                    if start.2 != Kind::Float && stop.2 != Kind::Float && step.2 != Kind::Float {
                        Kind::Int
                    } else {
                        Kind::Float
                    };
                Ok(Value::Array(Array::vector(
                    (0..n).map(|k| start.0 + k as f64 * step.0).collect(),
                    dim,
                    kind,
                )))
            }
            "np.linspace" => {
                let a = need(call, 0, "start")?
                    .as_quantity()
                    .ok_or_else(|| call.error("linspace start must be a number"))?;
                let b = need(call, 1, "stop")?
                    .as_quantity()
                    .ok_or_else(|| call.error("linspace stop must be a number"))?;
                let num = num_arg(call);
                allocatable(num, "linspace", call.span)?;
                let data = evenly_spaced(a.value, b.value, num).collect();
                Ok(Value::Array(Array::vector(data, b.dim, Kind::Float)))
            }
            "np.zeros" | "np.ones" | "np.full" => {
                let shape = match call.arg(0, "shape") {
                    Some(Value::Tuple(items)) | Some(Value::List(items)) => items
                        .iter()
                        .map(|x| x.as_int().unwrap_or(0).max(0) as usize)
                        .collect(),
                    Some(v) => vec![
                        v.as_int()
                            .ok_or_else(|| call.error("shape must be an integer"))?
                            .max(0) as usize,
                    ],
                    None => return Err(call.error("missing shape")),
                };
                let n = shape
                    .iter()
                    .try_fold(1usize, |acc, d| acc.checked_mul(*d))
                    .unwrap_or(usize::MAX);
                allocatable(n, "array", call.span)?;
                let (fill, dim, kind) = match call.name {
                    "np.zeros" => (0.0, Dimension::DIMENSIONLESS, Kind::Float),
                    "np.ones" => (1.0, Dimension::DIMENSIONLESS, Kind::Float),
                    _ => need(call, 1, "fill_value")?
                        .as_scalar()
                        .ok_or_else(|| call.error("fill_value must be a number"))?,
                };
                let kind =
                    dtype_kind(call.arg(if call.name == "np.full" { 2 } else { 1 }, "dtype"))
                        .unwrap_or(kind);
                Ok(Value::Array(Array {
                    data: vec![fill; n],
                    shape,
                    dim,
                    kind,
                }))
            }
            "np.zeros_like" | "np.ones_like" => {
                let a = arr(&first()?, span0)?;
                let fill = if call.name == "np.zeros_like" {
                    0.0
                } else {
                    1.0
                };
                Ok(Value::Array(Array {
                    data: vec![fill; a.len()],
                    dim: Dimension::DIMENSIONLESS,
                    ..a
                }))
            }
            "np.exp" | "exp" => map_dimensionless(arr(&first()?, span0)?, span0, "exp", f64::exp),
            "np.log" | "log" => map_dimensionless(arr(&first()?, span0)?, span0, "log", f64::ln),
            "np.log10" | "log10" => {
                map_dimensionless(arr(&first()?, span0)?, span0, "log10", f64::log10)
            }
            "np.sin" | "sin" => map_dimensionless(arr(&first()?, span0)?, span0, "sin", f64::sin),
            "np.cos" | "cos" => map_dimensionless(arr(&first()?, span0)?, span0, "cos", f64::cos),
            "np.tan" | "tan" => map_dimensionless(arr(&first()?, span0)?, span0, "tan", f64::tan),
            "np.tanh" | "tanh" => {
                map_dimensionless(arr(&first()?, span0)?, span0, "tanh", f64::tanh)
            }
            "exprel" => map_dimensionless(arr(&first()?, span0)?, span0, "exprel", |x| {
                if x == 0.0 { 1.0 } else { x.exp_m1() / x }
            }),
            "np.sqrt" | "sqrt" => {
                let a = arr(&first()?, span0)?;
                Ok(Value::from_array(Array {
                    data: a.data.iter().map(|x| x.sqrt()).collect(),
                    dim: a.dim.sqrt(),
                    kind: Kind::Float,
                    shape: a.shape,
                }))
            }
            "np.floor" | "np.ceil" | "floor" | "ceil" | "np.sign" | "sign" => {
                let a = arr(&first()?, span0)?;
                let f: fn(f64) -> f64 = match name {
                    "floor" => f64::floor,
                    "ceil" => f64::ceil,
                    _ => |x| {
                        if x > 0.0 {
                            1.0
                        } else if x < 0.0 {
                            -1.0
                        } else {
                            x
                        }
                    },
                };
                let dim = if name == "sign" {
                    Dimension::DIMENSIONLESS
                } else {
                    a.dim
                };
                Ok(Value::from_array(Array {
                    data: a.data.iter().map(|x| f(*x)).collect(),
                    dim,
                    ..a
                }))
            }
            "np.isnan" | "np.isfinite" => {
                let a = arr(&first()?, span0)?;
                let f: fn(f64) -> bool = if name == "isnan" {
                    f64::is_nan
                } else {
                    f64::is_finite
                };
                Ok(Value::from_array(Array {
                    data: a.data.iter().map(|x| f64::from(u8::from(f(*x)))).collect(),
                    dim: Dimension::DIMENSIONLESS,
                    kind: Kind::Bool,
                    shape: a.shape,
                }))
            }
            "np.clip" | "clip" | "np.maximum" | "np.minimum" => {
                let a = arr(&first()?, span0)?;
                let lo_hi = |k: usize, n: &str| -> SResult<Option<Array>> {
                    match call.arg(k, n) {
                        None | Some(Value::None) => Ok(None),
                        Some(v) => Ok(Some(arr(v, call.arg_span(k, n))?)),
                    }
                };
                let (lo, hi) = match name {
                    "maximum" => (lo_hi(1, "b")?, None),
                    "minimum" => (None, lo_hi(1, "b")?),
                    _ => (lo_hi(1, "a_min")?, lo_hi(2, "a_max")?),
                };
                for b in lo.iter().chain(hi.iter()) {
                    if b.dim != a.dim {
                        return Err(ScriptError::new(
                            "DimensionMismatchError",
                            format!(
                                "clip bounds have unit {}, the array has unit {}",
                                b.dim, a.dim
                            ),
                            call.span,
                        ));
                    }
                }
                let pick = |b: &Option<Array>, k: usize| {
                    b.as_ref().map(|b| {
                        if b.len() == 1 {
                            b.data[0]
                        } else {
                            b.data[k % b.len()]
                        }
                    })
                };
                let data = a
                    .data
                    .iter()
                    .enumerate()
                    .map(|(k, x)| {
                        let mut y = *x;
                        if let Some(l) = pick(&lo, k) {
                            y = y.max(l);
                        }
                        if let Some(h) = pick(&hi, k) {
                            y = y.min(h);
                        }
                        y
                    })
                    .collect();
                Ok(Value::from_array(Array {
                    data,
                    kind: Kind::Float,
                    ..a
                }))
            }
            "np.power" => {
                let a = first()?;
                let b = need(call, 1, "b")?;
                super::ops::binary(crate::script::ast::BinOp::Pow, &a, &b)
                    .map_err(|m| type_err(call.span, m))
            }
            "np.concatenate" | "np.hstack" | "np.vstack" => {
                let parts = interp.iterate(&first()?, span0)?;
                let arrays: Vec<Array> = parts
                    .iter()
                    .map(|p| arr(p, span0))
                    .collect::<SResult<_>>()?;
                let joined = concat(&arrays, call.span)?;
                if call.name != "np.vstack" {
                    return Ok(Value::Array(joined));
                }
                // rows of equal length, one per 1-d input (or the rows of 2-d inputs)
                let cols = arrays.first().map_or(0, |a| {
                    if a.shape.len() == 2 {
                        a.shape[1]
                    } else {
                        a.len()
                    }
                });
                if cols == 0
                    || joined.data.len() % cols != 0
                    || arrays.iter().any(|a| {
                        (if a.shape.len() == 2 {
                            a.shape[1]
                        } else {
                            a.len()
                        }) != cols
                    })
                {
                    return Err(ScriptError::new(
                        "ValueError",
                        "all the input array dimensions except for the concatenation axis must match exactly",
                        call.span,
                    ));
                }
                let rows = joined.data.len() / cols;
                Ok(Value::Array(Array {
                    shape: vec![rows, cols],
                    ..joined
                }))
            }
            "np.logspace" => {
                let num = |pos: usize, name: &str| -> SResult<f64> {
                    need(call, pos, name)?
                        .as_scalar()
                        .filter(|(_, d, _)| d.is_dimensionless())
                        .map(|(x, _, _)| x)
                        .ok_or_else(|| call.error(format!("logspace {name} must be a number")))
                };
                let (a, b) = (num(0, "start")?, num(1, "stop")?);
                let num = num_arg(call);
                allocatable(num, "logspace", call.span)?;
                let data = evenly_spaced(a, b, num).map(|e| 10f64.powf(e)).collect();
                Ok(Value::Array(Array::vector(
                    data,
                    Dimension::DIMENSIONLESS,
                    Kind::Float,
                )))
            }
            "np.repeat" | "np.tile" => {
                let a = arr(&first()?, span0)?;
                let n = int_arg(call, 1, "repeats")?.max(0) as usize;
                let data: Vec<f64> = if call.name == "np.repeat" {
                    a.data
                        .iter()
                        .flat_map(|x| std::iter::repeat_n(*x, n))
                        .collect()
                } else {
                    (0..n).flat_map(|_| a.data.iter().copied()).collect()
                };
                Ok(Value::Array(Array::vector(data, a.dim, a.kind)))
            }
            "np.where" | "np.nonzero" | "np.flatnonzero" => {
                let c = arr(&first()?, span0)?;
                if call.args.len() >= 3 {
                    let x = arr(&call.args[1].0, call.args[1].1)?;
                    let y = arr(&call.args[2].0, call.args[2].1)?;
                    if x.dim != y.dim {
                        return Err(ScriptError::new(
                            "DimensionMismatchError",
                            "np.where: both branches must have the same unit",
                            call.span,
                        ));
                    }
                    let get =
                        |a: &Array, k: usize| if a.len() == 1 { a.data[0] } else { a.data[k] };
                    let data = c
                        .data
                        .iter()
                        .enumerate()
                        .map(|(k, cv)| if *cv != 0.0 { get(&x, k) } else { get(&y, k) })
                        .collect();
                    return Ok(Value::Array(Array {
                        data,
                        shape: c.shape,
                        dim: x.dim,
                        kind: x.kind.max(y.kind),
                    }));
                }
                let idx: Vec<f64> = c
                    .data
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x != 0.0)
                    .map(|(k, _)| k as f64)
                    .collect();
                let a = Value::Array(Array::vector(idx, Dimension::DIMENSIONLESS, Kind::Int));
                Ok(if call.name == "np.flatnonzero" {
                    a
                } else {
                    Value::Tuple(vec![a])
                })
            }
            "np.histogram" => {
                let a = arr(&first()?, span0)?;
                let edges: Vec<f64> = match call.arg(1, "bins") {
                    Some(Value::Array(b)) if !b.shape.is_empty() => {
                        if b.dim != a.dim {
                            return Err(ScriptError::new(
                                "DimensionMismatchError",
                                "the bins of a histogram must have the unit of the data",
                                call.arg_span(1, "bins"),
                            ));
                        }
                        b.data.clone()
                    }
                    other => {
                        let n = match other {
                            None => 10,
                            Some(v) => v.as_int().filter(|n| *n > 0).ok_or_else(|| {
                                type_err(
                                    call.arg_span(1, "bins"),
                                    "bins must be a positive integer or an array of edges",
                                )
                            })? as usize,
                        };
                        let (lo, hi) = match call.arg(2, "range") {
                            Some(Value::Tuple(r) | Value::List(r)) if r.len() == 2 => {
                                let end = |v: &Value| {
                                    v.as_scalar().map(|(x, _, _)| x).ok_or_else(|| {
                                        type_err(
                                            call.arg_span(2, "range"),
                                            "range must be two numbers",
                                        )
                                    })
                                };
                                (end(&r[0])?, end(&r[1])?)
                            }
                            _ => {
                                let lo = a.data.iter().copied().fold(f64::INFINITY, f64::min);
                                let hi = a.data.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                                if a.data.is_empty() {
                                    (0.0, 1.0)
                                } else {
                                    (lo, hi)
                                }
                            }
                        };
                        let (lo, hi) = if lo == hi {
                            (lo - 0.5, hi + 0.5)
                        } else {
                            (lo, hi)
                        };
                        allocatable(n, "histogram", call.span)?;
                        evenly_spaced(lo, hi, n + 1).collect()
                    }
                };
                if edges.len() < 2 || edges.windows(2).any(|w| w[1] < w[0]) {
                    return Err(ScriptError::new(
                        "ValueError",
                        "bins must increase monotonically",
                        call.span,
                    ));
                }
                let last = edges.len() - 2;
                let mut counts = vec![0.0; last + 1];
                for &x in &a.data {
                    if x < edges[0] || x > edges[last + 1] || x.is_nan() {
                        continue;
                    }
                    // the bin whose left edge is the last one at or below x; the last
                    // bin also holds its right edge
                    let k = edges
                        .partition_point(|e| *e <= x)
                        .saturating_sub(1)
                        .min(last);
                    counts[k] += 1.0;
                }
                Ok(Value::Tuple(vec![
                    Value::Array(Array::vector(counts, Dimension::DIMENSIONLESS, Kind::Int)),
                    Value::Array(Array::vector(edges, a.dim, Kind::Float)),
                ]))
            }
            "np.argsort" => Ok(argsort(&arr(&first()?, span0)?)),
            "np.reshape" => {
                let a = arr(&first()?, span0)?;
                let shape = match call.arg(1, "newshape") {
                    Some(Value::Tuple(items) | Value::List(items)) => items.clone(),
                    Some(v) => vec![v.clone()],
                    None => return Err(call.error("reshape() needs a shape")),
                };
                reshape(&a, &shape, call.span)
            }
            "np.bincount" => {
                let a = arr(&first()?, span0)?;
                if a.data.iter().any(|x| *x < 0.0 || x.fract() != 0.0) {
                    return Err(ScriptError::new(
                        "ValueError",
                        "bincount needs non-negative integers",
                        span0,
                    ));
                }
                let weights = match call.arg(1, "weights") {
                    None | Some(Value::None) => None,
                    Some(v) => Some(arr(v, call.arg_span(1, "weights"))?),
                };
                let min_len = call
                    .arg(2, "minlength")
                    .and_then(Value::as_int)
                    .unwrap_or(0)
                    .max(0) as usize;
                let n = a
                    .data
                    .iter()
                    .map(|x| (*x as usize).saturating_add(1))
                    .max()
                    .unwrap_or(0)
                    .max(min_len);
                allocatable(n, "bincount", call.span)?;
                let mut out = vec![0.0; n];
                for (k, x) in a.data.iter().enumerate() {
                    out[*x as usize] += weights
                        .as_ref()
                        .map_or(1.0, |w| w.data.get(k).copied().unwrap_or(0.0));
                }
                let (dim, kind) = match &weights {
                    Some(w) => (w.dim, Kind::Float),
                    None => (Dimension::DIMENSIONLESS, Kind::Int),
                };
                Ok(Value::Array(Array::vector(out, dim, kind)))
            }
            "np.diff" | "np.cumsum" | "np.sort" | "np.unique" => {
                let a = arr(&first()?, span0)?;
                let along_rows = a.shape.len() == 2 && matches!(name, "diff" | "sort");
                if along_rows || call.arg(usize::MAX, "axis").is_some() {
                    return Err(ScriptError::new(
                        "NotImplementedError",
                        format!(
                            "np.{name} of a 2-d array or along an axis is not supported by spikelift yet"
                        ),
                        call.span,
                    ));
                }
                let data: Vec<f64> = match name {
                    "diff" => a.data.windows(2).map(|w| w[1] - w[0]).collect(),
                    "cumsum" => a
                        .data
                        .iter()
                        .scan(0.0, |acc, x| {
                            *acc += x;
                            Some(*acc)
                        })
                        .collect(),
                    _ => {
                        let mut v = a.data.clone();
                        v.sort_by(f64::total_cmp);
                        if name == "unique" {
                            v.dedup();
                        }
                        v
                    }
                };
                Ok(Value::Array(Array::vector(data, a.dim, a.kind)))
            }
            "np.savez" | "np.savez_compressed" => {
                let path = resolve_path(interp, &need(call, 0, "file")?, span0, "npz")?;
                let mut arrays: Vec<(String, NpyArray)> = Vec::new();
                for (k, (v, s)) in call.args.iter().enumerate().skip(1) {
                    arrays.push((format!("arr_{}", k - 1), to_npy(v, *s)?));
                }
                for (k, v, s) in &call.kwargs {
                    arrays.push((k.clone(), to_npy(v, *s)?));
                }
                crate::io::write_npz(&path, &arrays)
                    .map_err(|e| ScriptError::new("OSError", e.to_string(), call.span))?;
                Ok(Value::None)
            }
            "np.save" => {
                let path = resolve_path(interp, &need(call, 0, "file")?, span0, "npy")?;
                let a = to_npy(&need(call, 1, "arr")?, call.arg_span(1, "arr"))?;
                crate::io::write_npy_file(&path, &a)
                    .map_err(|e| ScriptError::new("OSError", e.to_string(), call.span))?;
                Ok(Value::None)
            }
            "np.random.seed" => {
                let s = call.arg(0, "seed").and_then(Value::as_int).unwrap_or(0);
                interp.rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(s as u64);
                Ok(Value::None)
            }
            "np.random.rand" | "np.random.randn" => {
                let shape = shape_args(call)?;
                let n: usize = shape.iter().product();
                let data: Vec<f64> = (0..n)
                    .map(|_| {
                        if call.name.ends_with("randn") {
                            normal(interp)
                        } else {
                            uniform(interp)
                        }
                    })
                    .collect();
                Ok(Value::from_array(Array {
                    data,
                    shape,
                    dim: Dimension::DIMENSIONLESS,
                    kind: Kind::Float,
                }))
            }
            "np.random.uniform" | "np.random.normal" => {
                let (a, b) = (
                    call.arg(
                        0,
                        if name.ends_with("normal") {
                            "loc"
                        } else {
                            "low"
                        },
                    )
                    .and_then(Value::as_quantity),
                    call.arg(
                        1,
                        if name.ends_with("normal") {
                            "scale"
                        } else {
                            "high"
                        },
                    )
                    .and_then(Value::as_quantity),
                );
                let a = a.unwrap_or(Quantity::new(0.0, Dimension::DIMENSIONLESS));
                let b = b.unwrap_or(Quantity::new(1.0, a.dim));
                let size = size_arg(call, 2)?;
                let draw = |interp: &mut Interpreter| {
                    if name.ends_with("normal") {
                        a.value + b.value * normal(interp)
                    } else {
                        a.value + (b.value - a.value) * uniform(interp)
                    }
                };
                Ok(match size {
                    None => Value::from_quantity(Quantity::new(draw(interp), a.dim)),
                    Some(shape) => Value::Array(Array {
                        data: (0..shape.iter().product()).map(|_| draw(interp)).collect(),
                        shape,
                        dim: a.dim,
                        kind: Kind::Float,
                    }),
                })
            }
            "np.random.randint" => {
                let lo = int_arg(call, 0, "low")?;
                let (lo, hi) = match call.arg(1, "high").and_then(Value::as_int) {
                    Some(hi) => (lo, hi),
                    None => (0, lo),
                };
                if hi <= lo {
                    return Err(ScriptError::new("ValueError", "low >= high", call.span));
                }
                let size = size_arg(call, 2)?;
                let span = (hi - lo) as f64;
                let draw = |interp: &mut Interpreter| {
                    (lo as f64 + (uniform(interp) * span).floor()).min((hi - 1) as f64)
                };
                Ok(match size {
                    None => Value::Int(draw(interp) as i64),
                    Some(shape) => Value::Array(Array {
                        data: (0..shape.iter().product()).map(|_| draw(interp)).collect(),
                        shape,
                        dim: Dimension::DIMENSIONLESS,
                        kind: Kind::Int,
                    }),
                })
            }
            _ => Err(ScriptError::new(
                "NotImplementedError",
                format!("{}() is not available", call.name),
                call.span,
            )),
        }
    })())
}

/// `a` with a new shape of at most two dimensions (one of them may be -1), as NumPy's
/// `reshape`.
fn reshape(a: &Array, shape: &[Value], span: Span) -> SResult<Value> {
    let n = a.data.len();
    let dims: Vec<i64> = shape
        .iter()
        .map(|v| {
            v.as_int()
                .ok_or_else(|| type_err(span, format!("a shape must be integers, got {v}")))
        })
        .collect::<SResult<_>>()?;
    let known: i64 = dims.iter().filter(|d| **d != -1).product();
    let free = dims.iter().filter(|d| **d == -1).count();
    let resolved: Vec<usize> = dims
        .iter()
        .map(|&d| {
            if d == -1 && known > 0 {
                n as i64 / known
            } else {
                d
            }
        })
        .map(|d| d.max(0) as usize)
        .collect();
    if dims.len() > 2 || free > 1 || resolved.iter().product::<usize>() != n {
        return Err(ScriptError::new(
            "ValueError",
            format!("cannot reshape array of size {n} into shape {dims:?}"),
            span,
        ));
    }
    Ok(Value::from_array(Array {
        data: a.data.clone(),
        shape: resolved,
        dim: a.dim,
        kind: a.kind,
    }))
}

/// The positions that sort a 1-d array (a stable sort, NumPy's `argsort`).
fn argsort(a: &Array) -> Value {
    let mut order: Vec<usize> = (0..a.data.len()).collect();
    order.sort_by(|&i, &j| a.data[i].total_cmp(&a.data[j]));
    Value::Array(Array::vector(
        order.into_iter().map(|k| k as f64).collect(),
        Dimension::DIMENSIONLESS,
        Kind::Int,
    ))
}

/// An error (NumPy's `MemoryError`) for arrays of more elements than a script may
/// make, before anything is allocated.
fn allocatable(n: usize, what: &str, span: Span) -> SResult<()> {
    if n > 500_000_000 {
        return Err(ScriptError::new(
            "MemoryError",
            format!("{what} of {n} elements is too large"),
            span,
        ));
    }
    Ok(())
}

/// `num` values from `a` to `b`, both included (NumPy's `linspace`).
fn evenly_spaced(a: f64, b: f64, num: usize) -> impl Iterator<Item = f64> {
    (0..num).map(move |k| {
        if num == 1 {
            a
        } else {
            a + (b - a) * k as f64 / (num - 1) as f64
        }
    })
}

/// The `num` argument of `linspace`/`logspace` (default 50).
fn num_arg(call: &Call<'_>) -> usize {
    call.arg(2, "num")
        .and_then(Value::as_int)
        .unwrap_or(50)
        .max(0) as usize
}

/// The `size=` of a NumPy random function: absent, a length, or a shape (1-d or 2-d).
fn size_arg(call: &Call<'_>, pos: usize) -> SResult<Option<Vec<usize>>> {
    let span = call.arg_span(pos, "size");
    let dim = |v: &Value| {
        v.as_int()
            .filter(|n| *n >= 0)
            .map(|n| n as usize)
            .ok_or_else(|| type_err(span, format!("size must be non-negative integers, got {v}")))
    };
    let shape = match call.arg(pos, "size") {
        None | Some(Value::None) => return Ok(None),
        Some(Value::List(items) | Value::Tuple(items)) if items.len() <= 2 => {
            items.iter().map(dim).collect::<SResult<Vec<usize>>>()?
        }
        Some(v @ (Value::List(_) | Value::Tuple(_))) => {
            return Err(type_err(
                span,
                format!("spikelift's arrays have at most 2 dimensions, size={v}"),
            ));
        }
        Some(v) => vec![dim(v)?],
    };
    let n = shape.iter().try_fold(1usize, |acc, d| acc.checked_mul(*d));
    allocatable(n.unwrap_or(usize::MAX), "random array", span)?;
    Ok(Some(shape))
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn concat(arrays: &[Array], span: Span) -> SResult<Array> {
    let dim = arrays
        .iter()
        .find(|a| !a.is_empty())
        .map_or(Dimension::DIMENSIONLESS, |a| a.dim);
    if arrays.iter().any(|a| !a.is_empty() && a.dim != dim) {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            "cannot concatenate arrays with different units",
            span,
        ));
    }
    let kind = arrays
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| a.kind)
        .max()
        .unwrap_or(Kind::Float);
    Ok(Array::vector(
        arrays.iter().flat_map(|a| a.data.iter().copied()).collect(),
        dim,
        kind,
    ))
}

/// Attributes of plain values and modules, or `None` if `v` is not one of these.
pub fn get_attr(
    _interp: &mut Interpreter,
    v: &Value,
    attr: &str,
    span: Span,
) -> Option<SResult<Value>> {
    let method = |name: &str| {
        Some(Ok(Value::Obj(Obj::Method(
            Box::new(v.clone()),
            name.to_string(),
        ))))
    };
    match v {
        Value::Obj(Obj::Module(m)) => {
            let full = if *m == "brian2" {
                attr.to_string()
            } else {
                format!("{m}.{attr}")
            };
            if full == "np.random" {
                return Some(Ok(Value::Obj(Obj::Module("np.random"))));
            }
            Some(
                lookup(&full)
                    .or_else(|| super::brian::lookup(&full))
                    .ok_or_else(|| {
                        ScriptError::new(
                            "AttributeError",
                            format!("module '{m}' has no attribute '{attr}'"),
                            span,
                        )
                    }),
            )
        }
        Value::Array(a) => match attr {
            "shape" => Some(Ok(Value::Tuple(
                a.shape.iter().map(|x| Value::Int(*x as i64)).collect(),
            ))),
            "size" => Some(Ok(Value::Int(a.len() as i64))),
            "ndim" => Some(Ok(Value::Int(a.shape.len() as i64))),
            "T" => {
                if a.shape.len() != 2 {
                    return Some(Ok(v.clone()));
                }
                let (r, c) = (a.shape[0], a.shape[1]);
                let data = (0..c)
                    .flat_map(|j| (0..r).map(move |i| (i, j)))
                    .map(|(i, j)| a.data[i * c + j])
                    .collect();
                Some(Ok(Value::Array(Array {
                    data,
                    shape: vec![c, r],
                    dim: a.dim,
                    kind: a.kind,
                })))
            }
            "sum" | "mean" | "std" | "var" | "min" | "max" | "any" | "all" | "copy" | "astype"
            | "tolist" | "flatten" | "ravel" | "nonzero" | "argmax" | "argmin" | "reshape"
            | "argsort" => method(attr),
            _ => None,
        },
        Value::Dict(_) => matches!(attr, "keys" | "values" | "items" | "get")
            .then(|| method(attr))
            .flatten(),
        Value::List(_) => matches!(attr, "index" | "count")
            .then(|| method(attr))
            .flatten(),
        Value::Str(_) => matches!(
            attr,
            "format"
                | "join"
                | "upper"
                | "lower"
                | "strip"
                | "split"
                | "splitlines"
                | "startswith"
                | "endswith"
                | "replace"
        )
        .then(|| method(attr))
        .flatten(),
        _ => None,
    }
}

/// Python's `str.split(sep=None, maxsplit=-1)`: on runs of whitespace without a
/// separator, else on each occurrence of it.
fn split(s: &str, call: &Call<'_>) -> SResult<Value> {
    call.check(2, &["sep", "maxsplit"])?;
    let max = match call.arg(1, "maxsplit") {
        None => None,
        Some(v) => match v.as_int() {
            Some(m) if m >= 0 => Some(m as usize),
            Some(_) => None,
            None => return Err(call.error(format!("maxsplit must be an integer, got {v}"))),
        },
    };
    let parts: Vec<String> = match call.arg(0, "sep") {
        None | Some(Value::None) => {
            let mut parts = Vec::new();
            let mut rest = s.trim_start();
            while !rest.is_empty() {
                if max.is_some_and(|m| parts.len() == m) {
                    parts.push(rest.to_string());
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                parts.push(rest[..end].to_string());
                rest = rest[end..].trim_start();
            }
            parts
        }
        Some(Value::Str(sep)) if !sep.is_empty() => match max {
            Some(m) => s.splitn(m + 1, sep.as_str()).map(str::to_string).collect(),
            None => s.split(sep.as_str()).map(str::to_string).collect(),
        },
        Some(Value::Str(_)) => return Err(call.error("empty separator")),
        Some(v) => return Err(call.error(format!("must be str or None, not {}", v.type_name()))),
    };
    Ok(Value::List(parts.into_iter().map(Value::Str).collect()))
}

/// Methods of plain values, or `None` if `recv` is not one of these.
pub fn call_method(
    interp: &mut Interpreter,
    recv: &Value,
    call: &Call<'_>,
) -> Option<SResult<Value>> {
    let span = call.span;
    Some(match (recv, call.name) {
        (
            Value::Array(a),
            "sum" | "mean" | "std" | "var" | "min" | "max" | "any" | "all" | "argmax" | "argmin",
        ) => reduction_args(call, 0)
            .and_then(|(axis, ddof)| reduce_axis(a, call.name, axis, ddof, span)),
        (Value::Array(a), "copy" | "flatten" | "ravel") => {
            Ok(Value::Array(Array::vector(a.data.clone(), a.dim, a.kind))).map(|v| {
                if call.name == "copy" {
                    Value::Array(a.clone())
                } else {
                    v
                }
            })
        }
        (Value::Array(a), "reshape") => {
            let shape: Vec<Value> = match call.args.as_slice() {
                [(Value::Tuple(items) | Value::List(items), _)] => items.clone(),
                args => args.iter().map(|(v, _)| v.clone()).collect(),
            };
            reshape(a, &shape, span)
        }
        (Value::Array(a), "argsort") => Ok(argsort(a)),
        (Value::Array(a), "astype") => Ok(Value::Array(with_kind(
            a.clone(),
            dtype_kind(call.arg(0, "dtype")).unwrap_or(Kind::Float),
        ))),
        (Value::Array(a), "tolist") => interp
            .iterate(&Value::Array(a.clone()), span)
            .map(Value::List),
        (Value::Array(a), "nonzero") => Ok(Value::Tuple(vec![Value::Array(Array::vector(
            a.data
                .iter()
                .enumerate()
                .filter(|(_, x)| **x != 0.0)
                .map(|(k, _)| k as f64)
                .collect(),
            Dimension::DIMENSIONLESS,
            Kind::Int,
        ))])),
        (Value::Dict(items), "keys") => {
            Ok(Value::List(items.iter().map(|(k, _)| k.clone()).collect()))
        }
        (Value::Dict(items), "values") => {
            Ok(Value::List(items.iter().map(|(_, v)| v.clone()).collect()))
        }
        (Value::Dict(items), "items") => Ok(Value::List(
            items
                .iter()
                .map(|(k, v)| Value::Tuple(vec![k.clone(), v.clone()]))
                .collect(),
        )),
        (Value::Dict(items), "get") => {
            let key = call.arg(0, "key").cloned().unwrap_or(Value::None);
            Ok(items
                .iter()
                .find(|(k, _)| super::ops::values_equal(k, &key))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| call.arg(1, "default").cloned().unwrap_or(Value::None)))
        }
        (Value::List(items), "index") => {
            let x = call.arg(0, "value").cloned().unwrap_or(Value::None);
            items
                .iter()
                .position(|y| super::ops::values_equal(y, &x))
                .map(|k| Value::Int(k as i64))
                .ok_or_else(|| ScriptError::new("ValueError", "value is not in list", span))
        }
        (Value::List(items), "count") => {
            let x = call.arg(0, "value").cloned().unwrap_or(Value::None);
            Ok(Value::Int(
                items
                    .iter()
                    .filter(|y| super::ops::values_equal(y, &x))
                    .count() as i64,
            ))
        }
        (Value::Str(s), "upper") => Ok(Value::Str(s.to_uppercase())),
        (Value::Str(s), "lower") => Ok(Value::Str(s.to_lowercase())),
        (Value::Str(s), "strip") => Ok(Value::Str(s.trim().to_string())),
        (Value::Str(s), "split") => split(s, call),
        (Value::Str(s), "splitlines") => call
            .check(0, &[])
            .map(|()| Value::List(s.lines().map(|p| Value::Str(p.to_string())).collect())),
        (Value::Str(s), "startswith" | "endswith") => match call.arg(0, "prefix") {
            Some(Value::Str(p)) => Ok(Value::Bool(if call.name == "startswith" {
                s.starts_with(p.as_str())
            } else {
                s.ends_with(p.as_str())
            })),
            _ => Err(call.error(format!("{}() takes one string", call.name))),
        },
        (Value::Str(s), "replace") => match (call.arg(0, "old"), call.arg(1, "new")) {
            (Some(Value::Str(a)), Some(Value::Str(b))) => Ok(Value::Str(s.replace(a.as_str(), b))),
            _ => Err(call.error("replace() takes two strings")),
        },
        (Value::Str(s), "join") => {
            let items = match call.arg(0, "iterable") {
                Some(v) => interp.iterate(v, span),
                None => Err(call.error("join() takes one argument")),
            };
            items.map(|items| {
                Value::Str(
                    items
                        .iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(s),
                )
            })
        }
        (Value::Str(s), "format") => {
            let mut out = String::new();
            let mut args = call.args.iter();
            let mut rest = s.as_str();
            while let Some(p) = rest.find('{') {
                out.push_str(&rest[..p]);
                let Some(q) = rest[p..].find('}') else { break };
                let spec = &rest[p + 1..p + q];
                let value = match spec.split(':').next().unwrap_or("") {
                    "" => args.next().map(|(v, _)| v.clone()),
                    key => call
                        .kwargs
                        .iter()
                        .find(|(k, _, _)| k == key)
                        .map(|(_, v, _)| v.clone())
                        .or_else(|| {
                            key.parse::<usize>()
                                .ok()
                                .and_then(|k| call.args.get(k).map(|(v, _)| v.clone()))
                        }),
                };
                let text = match (value, spec.split_once(':')) {
                    (Some(v), Some((_, fmt))) if fmt.ends_with('f') => {
                        let prec: usize = fmt
                            .trim_start_matches('.')
                            .trim_end_matches('f')
                            .parse()
                            .unwrap_or(6);
                        v.as_scalar()
                            .map_or(v.to_string(), |(x, _, _)| format!("{x:.prec$}"))
                    }
                    (Some(v), _) => v.to_string(),
                    (None, _) => String::new(),
                };
                out.push_str(&text);
                rest = &rest[p + q + 1..];
            }
            out.push_str(rest);
            Ok(Value::Str(out))
        }
        _ => return None,
    })
}

/// The interpreter's default random generator state (NumPy's `np.random`).
pub fn default_rng() -> rand_xoshiro::Xoshiro256PlusPlus {
    rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0x5EED)
}

#[allow(dead_code)] // kept for symmetry with `lookup`: all names, for REPL completion
/// Every builtin name (for completion).
pub fn names() -> &'static [&'static str] {
    NAMES
}
