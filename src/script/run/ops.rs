//! Arithmetic, comparisons and unary operations on script values, with NumPy
//! broadcasting and Brian2's unit rules (adding or comparing values of different units
//! is an error; a dimensionless zero matches any unit).

use super::value::{Array, Kind, Value};
use crate::script::ast::{BinOp, CmpOp, UnaryOp};
use crate::units::{Dimension, Rational};

fn is_numeric(v: &Value) -> bool {
    matches!(
        v,
        Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Quantity(_) | Value::Array(_)
    )
}

fn numeric_list(v: &Value) -> bool {
    matches!(v, Value::List(items) | Value::Tuple(items) if items.iter().all(is_numeric))
}

/// Broadcast two shapes NumPy-style (only what scripts need: equal shapes, scalars,
/// length-1 arrays, and rows against a matrix).
/// The result shape and, for each result element, the element of `a` and of `b`.
type Broadcast = (Vec<usize>, Vec<usize>, Vec<usize>);

fn broadcast(a: &Array, b: &Array) -> Result<Broadcast, String> {
    let (na, nb) = (a.len(), b.len());
    if a.shape == b.shape {
        return Ok((a.shape.clone(), (0..na).collect(), (0..nb).collect()));
    }
    if na == 1 && a.shape.len() <= b.shape.len() {
        return Ok((b.shape.clone(), vec![0; nb], (0..nb).collect()));
    }
    if nb == 1 && b.shape.len() <= a.shape.len() {
        return Ok((a.shape.clone(), (0..na).collect(), vec![0; na]));
    }
    if a.shape.len() == 2 && b.shape.len() == 1 && a.shape[1] == b.shape[0] {
        let cols = a.shape[1];
        return Ok((
            a.shape.clone(),
            (0..na).collect(),
            (0..na).map(|k| k % cols).collect(),
        ));
    }
    if b.shape.len() == 2 && a.shape.len() == 1 && b.shape[1] == a.shape[0] {
        let cols = b.shape[1];
        return Ok((
            b.shape.clone(),
            (0..nb).map(|k| k % cols).collect(),
            (0..nb).collect(),
        ));
    }
    Err(format!(
        "operands could not be broadcast together with shapes {:?} {:?}",
        a.shape, b.shape
    ))
}

fn same_dims(a: &Array, b: &Array, what: &str) -> Result<Dimension, String> {
    if a.dim == b.dim {
        return Ok(a.dim);
    }
    // Brian2: a dimensionless zero is compatible with any unit.
    if a.dim.is_dimensionless() && a.data.iter().all(|x| *x == 0.0) {
        return Ok(b.dim);
    }
    if b.dim.is_dimensionless() && b.data.iter().all(|x| *x == 0.0) {
        return Ok(a.dim);
    }
    Err(format!(
        "Cannot calculate {what}, the units do not match (units are {} and {}).",
        a.dim, b.dim
    ))
}

fn py_floordiv(x: f64, y: f64) -> f64 {
    (x / y).floor()
}

fn py_mod(x: f64, y: f64) -> f64 {
    let r = x % y;
    if r != 0.0 && ((r < 0.0) != (y < 0.0)) {
        r + y
    } else {
        r
    }
}

/// `a op b` for two values.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value, String> {
    // Sequences.
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => return Ok(Value::Str(format!("{x}{y}"))),
        (BinOp::Mul, Value::Str(s), Value::Int(n)) | (BinOp::Mul, Value::Int(n), Value::Str(s)) => {
            return Ok(Value::Str(s.repeat((*n).max(0) as usize)));
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            return Ok(Value::List(x.iter().chain(y).cloned().collect()));
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            return Ok(Value::Tuple(x.iter().chain(y).cloned().collect()));
        }
        (BinOp::Mul, Value::List(x), Value::Int(n))
        | (BinOp::Mul, Value::Int(n), Value::List(x)) => {
            return Ok(Value::List(
                (0..(*n).max(0)).flat_map(|_| x.iter().cloned()).collect(),
            ));
        }
        (BinOp::Mod, Value::Str(fmt), arg) => return Ok(Value::Str(percent_format(fmt, arg))),
        _ => {}
    }
    if !(is_numeric(a) || numeric_list(a)) || !(is_numeric(b) || numeric_list(b)) {
        return Err(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ));
    }
    let x = a.to_array()?;
    let y = b.to_array()?;
    let (shape, ia, ib) = broadcast(&x, &y)?;
    let both_int = x.kind != Kind::Float && y.kind != Kind::Float;
    let what = format!(
        "{} {} {}",
        super::value::repr(a),
        op.symbol(),
        super::value::repr(b)
    );
    let (dim, kind, f): (Dimension, Kind, fn(f64, f64) -> f64) = match op {
        BinOp::Add => (
            same_dims(&x, &y, &what)?,
            if both_int { Kind::Int } else { Kind::Float },
            |p, q| p + q,
        ),
        BinOp::Sub => (
            same_dims(&x, &y, &what)?,
            if both_int { Kind::Int } else { Kind::Float },
            |p, q| p - q,
        ),
        BinOp::Mul => (
            x.dim.mul(y.dim),
            if both_int { Kind::Int } else { Kind::Float },
            |p, q| p * q,
        ),
        BinOp::Div => (x.dim.div(y.dim), Kind::Float, |p, q| p / q),
        BinOp::FloorDiv => {
            if both_int && y.data.contains(&0.0) {
                return Err("integer division or modulo by zero".into());
            }
            (
                x.dim.div(y.dim),
                if both_int { Kind::Int } else { Kind::Float },
                py_floordiv,
            )
        }
        BinOp::Mod => {
            if both_int && y.data.contains(&0.0) {
                return Err("integer division or modulo by zero".into());
            }
            (
                same_dims(&x, &y, &what)?,
                if both_int { Kind::Int } else { Kind::Float },
                py_mod,
            )
        }
        BinOp::Pow => {
            if !y.dim.is_dimensionless() {
                return Err(format!(
                    "the exponent must be dimensionless, but has unit {}",
                    y.dim
                ));
            }
            let dim = if x.dim.is_dimensionless() {
                Dimension::DIMENSIONLESS
            } else {
                let e = y.data.first().copied().unwrap_or(1.0);
                if y.data.iter().any(|v| *v != e) {
                    return Err("cannot raise an array with units to different powers".into());
                }
                x.dim.pow(Rational::from_f64(e).ok_or_else(|| {
                    format!(
                        "cannot raise a quantity with unit {} to the power {e}",
                        x.dim
                    )
                })?)
            };
            if both_int && y.data.iter().any(|v| *v < 0.0) {
                return Err("Integers to negative integer powers are not allowed.".into());
            }
            (
                dim,
                if both_int { Kind::Int } else { Kind::Float },
                f64::powf,
            )
        }
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
            let f: fn(f64, f64) -> f64 = match op {
                BinOp::BitAnd => |p, q| f64::from(u8::from(p != 0.0 && q != 0.0)),
                BinOp::BitOr => |p, q| f64::from(u8::from(p != 0.0 || q != 0.0)),
                _ => |p, q| f64::from(u8::from((p != 0.0) != (q != 0.0))),
            };
            if x.kind != Kind::Bool || y.kind != Kind::Bool {
                return Err(format!(
                    "'{}' is only supported between boolean values here",
                    op.symbol()
                ));
            }
            (Dimension::DIMENSIONLESS, Kind::Bool, f)
        }
        _ => return Err(format!("operator '{}' is not supported", op.symbol())),
    };
    let data: Vec<f64> = ia
        .iter()
        .zip(&ib)
        .map(|(&i, &j)| f(x.data[i], y.data[j]))
        .collect();
    Ok(Value::from_array(Array {
        data,
        shape,
        dim,
        kind,
    }))
}

fn percent_format(fmt: &str, arg: &Value) -> String {
    let args: Vec<Value> = match arg {
        Value::Tuple(items) => items.clone(),
        other => vec![other.clone()],
    };
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            chars.next();
            if d.is_ascii_alphabetic() || d == '%' {
                spec.push(d);
                break;
            }
            spec.push(d);
        }
        if spec == "%" {
            out.push('%');
            continue;
        }
        let conv = spec.chars().last().unwrap_or('s');
        let precision: Option<usize> = spec
            .split('.')
            .nth(1)
            .and_then(|p| p.trim_end_matches(conv).parse().ok());
        let v = it.next().cloned().unwrap_or(Value::None);
        match (conv, v.as_scalar()) {
            ('d' | 'i', Some((x, _, _))) => out.push_str(&format!("{}", x as i64)),
            ('f', Some((x, _, _))) => out.push_str(&format!("{x:.*}", precision.unwrap_or(6))),
            ('g' | 'e', Some((x, _, _))) => out.push_str(&format!("{x}")),
            _ => out.push_str(&v.to_string()),
        }
    }
    out
}

/// `a op b` for a comparison operator.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> Result<Value, String> {
    match op {
        CmpOp::Is => {
            return Ok(Value::Bool(
                matches!((a, b), (Value::None, Value::None)) || (a == b && !is_numeric(a)),
            ));
        }
        CmpOp::IsNot => {
            return compare(CmpOp::Is, a, b).map(|v| Value::Bool(v == Value::Bool(false)));
        }
        CmpOp::In | CmpOp::NotIn => {
            let found = match b {
                Value::List(items) | Value::Tuple(items) => {
                    items.iter().any(|x| values_equal(x, a))
                }
                Value::Dict(items) => items.iter().any(|(k, _)| values_equal(k, a)),
                Value::Str(s) => matches!(a, Value::Str(x) if s.contains(x.as_str())),
                Value::Array(arr) => a.as_scalar().is_some_and(|(x, _, _)| arr.data.contains(&x)),
                _ => {
                    return Err(format!(
                        "argument of type '{}' is not iterable",
                        b.type_name()
                    ));
                }
            };
            return Ok(Value::Bool(found == (op == CmpOp::In)));
        }
        _ => {}
    }
    if !(is_numeric(a) || numeric_list(a)) || !(is_numeric(b) || numeric_list(b)) {
        return match op {
            CmpOp::Eq => Ok(Value::Bool(values_equal(a, b))),
            CmpOp::NotEq => Ok(Value::Bool(!values_equal(a, b))),
            _ => Err(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                a.type_name(),
                b.type_name()
            )),
        };
    }
    let x = a.to_array()?;
    let y = b.to_array()?;
    let (shape, ia, ib) = broadcast(&x, &y)?;
    same_dims(
        &x,
        &y,
        &format!(
            "{} {} {}",
            super::value::repr(a),
            op.symbol(),
            super::value::repr(b)
        ),
    )
    .map_err(|e| e.replace("Cannot calculate", "Cannot perform comparison"))?;
    let f: fn(f64, f64) -> bool = match op {
        CmpOp::Lt => |p, q| p < q,
        CmpOp::LtE => |p, q| p <= q,
        CmpOp::Gt => |p, q| p > q,
        CmpOp::GtE => |p, q| p >= q,
        CmpOp::Eq => |p, q| p == q,
        _ => |p, q| p != q,
    };
    let data = ia
        .iter()
        .zip(&ib)
        .map(|(&i, &j)| f64::from(u8::from(f(x.data[i], y.data[j]))))
        .collect();
    Ok(Value::from_array(Array {
        data,
        shape,
        dim: Dimension::DIMENSIONLESS,
        kind: Kind::Bool,
    }))
}

/// Structural equality for non-numeric values (numbers compare by value).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.as_scalar(), b.as_scalar()) {
        (Some((x, dx, _)), Some((y, dy, _))) => x == y && dx == dy,
        _ => a == b,
    }
}

/// `op a`.
pub fn unary(op: UnaryOp, a: &Value) -> Result<Value, String> {
    match op {
        UnaryOp::Not => Ok(Value::Bool(!a.truthy()?)),
        UnaryOp::Pos => Ok(a.clone()),
        UnaryOp::Neg | UnaryOp::Invert => {
            let mut x = a.to_array()?;
            if op == UnaryOp::Invert {
                if x.kind != Kind::Bool {
                    return Err("'~' is only supported on boolean values here".into());
                }
                x.data
                    .iter_mut()
                    .for_each(|v| *v = f64::from(u8::from(*v == 0.0)));
            } else {
                x.data.iter_mut().for_each(|v| *v = -*v);
                if x.kind == Kind::Bool {
                    x.kind = Kind::Int;
                }
            }
            Ok(Value::from_array(x))
        }
    }
}
