//! Values of the script language: Python scalars, strings and containers, NumPy-like
//! arrays with a physical dimension, and handles to Brian2 objects living in the
//! session's network.

use crate::api::{GroupId, SpikeMonitorId, StateMonitorId};
use crate::units::{Dimension, Quantity, QuantityArray};
use std::fmt;

/// The element kind of an array (NumPy's dtype, reduced to what scripts need).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `bool`
    Bool,
    /// `int64`
    Int,
    /// `float64`
    Float,
}

/// A 0-, 1- or 2-dimensional array of SI values with one dimension for all elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    /// Values, row-major.
    pub data: Vec<f64>,
    /// Shape (`[]` for 0-d, `[n]`, `[rows, cols]`).
    pub shape: Vec<usize>,
    /// Physical dimension of every element.
    pub dim: Dimension,
    /// Element kind.
    pub kind: Kind,
}

impl Array {
    /// A 1-d array.
    pub fn vector(data: Vec<f64>, dim: Dimension, kind: Kind) -> Array {
        let n = data.len();
        Array {
            data,
            shape: vec![n],
            dim,
            kind,
        }
    }

    /// A 2-d array from rows of equal length.
    pub fn matrix(rows: usize, cols: usize, data: Vec<f64>, dim: Dimension, kind: Kind) -> Array {
        Array {
            data,
            shape: vec![rows, cols],
            dim,
            kind,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Length of the first axis (Python's `len`).
    pub fn len0(&self) -> usize {
        self.shape.first().copied().unwrap_or(1)
    }
}

/// A Brian2 object or other host object a script can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    /// A module: `np`, `np.random`, `brian2`.
    Module(&'static str),
    /// A builtin function or class, by its qualified name (`np.array`, `NeuronGroup`).
    Builtin(&'static str),
    /// A method bound to a value.
    Method(Box<Value>, String),
    /// A `NeuronGroup`.
    Group(GroupId),
    /// A `StateMonitor`.
    StateMonitor(StateMonitorId),
    /// `mon[k]`: one recorded neuron of a `StateMonitor`.
    StateMonitorRow(StateMonitorId, usize),
    /// A `SpikeMonitor`.
    SpikeMonitor(SpikeMonitorId),
    /// A `PopulationRateMonitor`.
    RateMonitor(crate::api::RateMonitorId),
    /// A `PoissonInput` (it runs with its target group).
    PoissonInput(crate::api::PoissonInputId),
    /// `defaultclock`.
    DefaultClock,
    /// A `Clock(dt=...)`.
    Clock(crate::api::ClockId),
    /// An explicit `Network(...)`: index into the interpreter's networks.
    Network(usize),
    /// `prefs` and its sub-objects (accepted, ignored).
    Prefs,
    /// `G[a:b]`: neurons `a..b` of a group.
    Subgroup(GroupId, usize, usize),
    /// `S.pre`, `S.post`, `S.up`: a pathway of a `Synapses` object.
    Pathway(GroupId, String),
    /// `linked_var(G, 'v', index=...)`: what a linked variable is set to.
    LinkedVar(crate::api::Neurons, String, Option<Vec<u32>>),
    /// A `TimedArray` (a function model code can call).
    TimedArray(std::sync::Arc<crate::check::TimedArray>),
}

/// A script value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A dimensionless float.
    Float(f64),
    /// A scalar with a dimension (never dimensionless: those are `Float`).
    Quantity(Quantity),
    /// An array.
    Array(Array),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Value>),
    /// A tuple.
    Tuple(Vec<Value>),
    /// A dict, in insertion order.
    Dict(Vec<(Value, Value)>),
    /// A slice `lo:hi:step`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// A host object.
    Obj(Obj),
}

impl Value {
    /// A scalar from a quantity (dimensionless quantities become floats).
    pub fn from_quantity(q: Quantity) -> Value {
        if q.dim.is_dimensionless() {
            Value::Float(q.value)
        } else {
            Value::Quantity(q)
        }
    }

    /// Python's type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Quantity(_) => "Quantity",
            Value::Array(_) => "ndarray",
            Value::Str(_) => "str",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Slice(..) => "slice",
            Value::Obj(o) => match o {
                Obj::Module(_) => "module",
                Obj::Builtin(_) => "builtin_function_or_method",
                Obj::Method(..) => "method",
                Obj::Group(_) => "NeuronGroup",
                Obj::StateMonitor(_) | Obj::StateMonitorRow(..) => "StateMonitor",
                Obj::SpikeMonitor(_) => "SpikeMonitor",
                Obj::RateMonitor(_) => "PopulationRateMonitor",
                Obj::PoissonInput(_) => "PoissonInput",
                Obj::DefaultClock | Obj::Clock(_) => "Clock",
                Obj::Network(_) => "Network",
                Obj::Prefs => "BrianGlobalPreferences",
                Obj::Subgroup(..) => "Subgroup",
                Obj::Pathway(..) => "SynapticPathway",
                Obj::TimedArray(_) => "TimedArray",
                Obj::LinkedVar(..) => "LinkedVariable",
            },
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> Result<bool, String> {
        Ok(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Quantity(q) => q.value != 0.0,
            Value::Array(a) if a.len() == 1 => a.data[0] != 0.0,
            Value::Array(_) => {
                return Err("the truth value of an array with more than one element is ambiguous; use a.any() or a.all()".into());
            }
            Value::Str(s) => !s.is_empty(),
            Value::List(v) | Value::Tuple(v) => !v.is_empty(),
            Value::Dict(v) => !v.is_empty(),
            _ => true,
        })
    }

    /// A scalar's value and dimension, if this is a number.
    pub fn as_scalar(&self) -> Option<(f64, Dimension, Kind)> {
        Some(match self {
            Value::Bool(b) => (
                f64::from(u8::from(*b)),
                Dimension::DIMENSIONLESS,
                Kind::Bool,
            ),
            Value::Int(i) => (*i as f64, Dimension::DIMENSIONLESS, Kind::Int),
            Value::Float(f) => (*f, Dimension::DIMENSIONLESS, Kind::Float),
            Value::Quantity(q) => (q.value, q.dim, Kind::Float),
            Value::Array(a) if a.shape.is_empty() => (a.data[0], a.dim, a.kind),
            _ => return None,
        })
    }

    /// An integer, if this is one (bools count, floats with no fraction do not).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Array(a) if a.shape.is_empty() && a.kind != Kind::Float => {
                Some(a.data[0] as i64)
            }
            _ => None,
        }
    }

    /// A quantity, if this is a number.
    pub fn as_quantity(&self) -> Option<Quantity> {
        self.as_scalar().map(|(v, d, _)| Quantity::new(v, d))
    }

    /// An array view of any number, list of numbers or array.
    pub fn to_array(&self) -> Result<Array, String> {
        match self {
            Value::Array(a) => Ok(a.clone()),
            Value::List(items) | Value::Tuple(items) => {
                if items.iter().any(|v| match v {
                    Value::List(_) | Value::Tuple(_) => true,
                    Value::Array(a) => !a.shape.is_empty(),
                    _ => false,
                }) {
                    let rows: Vec<Array> = items
                        .iter()
                        .map(Value::to_array)
                        .collect::<Result<_, _>>()?;
                    let cols = rows.first().map_or(0, Array::len);
                    if rows.iter().any(|r| r.shape.len() != 1 || r.len() != cols) {
                        return Err("cannot make an array from rows of different lengths".into());
                    }
                    let dim = rows.first().map_or(Dimension::DIMENSIONLESS, |r| r.dim);
                    if rows.iter().any(|r| r.dim != dim) {
                        return Err("cannot make an array of values with different units".into());
                    }
                    let kind = rows.iter().map(|r| r.kind).max().unwrap_or(Kind::Float);
                    return Ok(Array::matrix(
                        rows.len(),
                        cols,
                        rows.into_iter().flat_map(|r| r.data).collect(),
                        dim,
                        kind,
                    ));
                }
                let mut data = Vec::with_capacity(items.len());
                let mut dim = None;
                let mut kind = Kind::Bool;
                for v in items {
                    let (x, d, k) = v.as_scalar().ok_or_else(|| {
                        format!("cannot make a numeric array from a {}", v.type_name())
                    })?;
                    match dim {
                        None => dim = Some(d),
                        Some(d0) if d0 != d => {
                            return Err(format!(
                                "cannot make an array of values with different units ({d0} and {d})"
                            ));
                        }
                        _ => {}
                    }
                    kind = kind.max(k);
                    data.push(x);
                }
                if items.is_empty() {
                    kind = Kind::Float;
                }
                Ok(Array::vector(
                    data,
                    dim.unwrap_or(Dimension::DIMENSIONLESS),
                    kind,
                ))
            }
            other => match other.as_scalar() {
                Some((x, d, k)) => Ok(Array {
                    data: vec![x],
                    shape: vec![],
                    dim: d,
                    kind: k,
                }),
                None => Err(format!(
                    "expected a number or an array, got a {}",
                    other.type_name()
                )),
            },
        }
    }

    /// A value from an array (0-d arrays become scalars).
    pub fn from_array(a: Array) -> Value {
        if a.shape.is_empty() {
            let x = a.data.first().copied().unwrap_or(0.0);
            return match a.kind {
                Kind::Bool => Value::Bool(x != 0.0),
                Kind::Int if a.dim.is_dimensionless() => Value::Int(x as i64),
                _ => Value::from_quantity(Quantity::new(x, a.dim)),
            };
        }
        Value::Array(a)
    }

    /// A quantity array from a 1-d numeric value (used to set group variables).
    pub fn to_quantity_array(&self) -> Result<QuantityArray, String> {
        let a = self.to_array()?;
        Ok(QuantityArray::new(a.data, a.dim))
    }
}

/// Python's `repr` of a float (`1.0`, `1e-05`, `1e+16`).
fn fmt_float(x: f64) -> String {
    super::session::float_repr(x)
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", fmt_float(*x)),
            Value::Quantity(q) => write!(f, "{q}"),
            Value::Array(a) => {
                if a.shape.len() == 1 && a.kind == Kind::Float {
                    write!(f, "{}", QuantityArray::new(a.data.clone(), a.dim))
                } else {
                    let items: Vec<String> = a
                        .data
                        .iter()
                        .map(|x| match a.kind {
                            Kind::Bool => {
                                if *x != 0.0 {
                                    "True".to_string()
                                } else {
                                    "False".to_string()
                                }
                            }
                            Kind::Int => format!("{}", *x as i64),
                            Kind::Float => fmt_float(*x),
                        })
                        .collect();
                    // Floats take NumPy's common format of the whole array (`1.`, `0.5`).
                    let items = match a.kind {
                        Kind::Float if a.data.len() <= 1000 => {
                            let all = QuantityArray::new(a.data.clone(), Dimension::DIMENSIONLESS)
                                .to_string();
                            let inner = all.trim_start_matches('[').trim_end_matches(']');
                            let common: Vec<String> =
                                inner.split_whitespace().map(str::to_string).collect();
                            if common.len() == items.len() {
                                common
                            } else {
                                items
                            }
                        }
                        _ => items,
                    };
                    // NumPy's str(): elements right-aligned to one width (booleans to
                    // that of `False`), separated by spaces, rows on new lines.
                    let width = match a.kind {
                        Kind::Bool => 5,
                        _ => items.iter().map(String::len).max().unwrap_or(0),
                    };
                    let items: Vec<String> = items.iter().map(|x| format!("{x:>width$}")).collect();
                    if a.shape.len() == 2 {
                        let cols = a.shape[1].max(1);
                        let rows: Vec<String> = items
                            .chunks(cols)
                            .map(|r| format!("[{}]", r.join(" ")))
                            .collect();
                        write!(f, "[{}]", rows.join("\n "))?;
                    } else {
                        write!(f, "[{}]", items.join(" "))?;
                    }
                    if !a.dim.is_dimensionless() {
                        write!(f, " {}", a.dim)?;
                    }
                    Ok(())
                }
            }
            Value::Str(s) => write!(f, "{s}"),
            Value::List(items) => write!(
                f,
                "[{}]",
                items.iter().map(repr).collect::<Vec<_>>().join(", ")
            ),
            Value::Tuple(items) if items.len() == 1 => write!(f, "({},)", repr(&items[0])),
            Value::Tuple(items) => write!(
                f,
                "({})",
                items.iter().map(repr).collect::<Vec<_>>().join(", ")
            ),
            Value::Dict(items) => write!(
                f,
                "{{{}}}",
                items
                    .iter()
                    .map(|(k, v)| format!("{}: {}", repr(k), repr(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Slice(a, b, c) => write!(f, "slice({a:?}, {b:?}, {c:?})"),
            Value::Obj(o) => write!(
                f,
                "<{}>",
                match o {
                    Obj::Module(m) => format!("module '{m}'"),
                    Obj::Builtin(b) => format!("built-in function {b}"),
                    Obj::Method(_, m) => format!("bound method {m}"),
                    other => Value::Obj(other.clone()).type_name().to_string(),
                }
            ),
        }
    }
}

/// Python's `repr`: strings quoted, everything else as `str`.
pub fn repr(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}
