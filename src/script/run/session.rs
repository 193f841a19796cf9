//! Running whole script files and feeding a REPL session line by line.
//!
//! [`Session::feed`] is the REPL's core, a pure state machine over input lines (the
//! binary only adds line editing, completion, the progress bar and Ctrl-C); [`run_file`]
//! runs a script the way `spikelift run` does.
//!
//! A lone expression is echoed with [`repr`], Python's `repr` with Brian2's for
//! quantities: `10. * msecond`, `array([ 1. , 2.5]) * mvolt`, `array([0, 1, 2])`,
//! `1.0`, `'text'`. An interrupted run (Ctrl-C) is reported as
//! `KeyboardInterrupt: run stopped at t = ...` and the session goes on with all state.

use super::interp::{Interpreter, Output};
use super::value::{Array, Kind, Obj, Value};
use crate::script::{ParseOutcome, parse_interactive, parse_script};
use crate::units::{Dimension, Quantity, QuantityArray, all_units};
use std::path::Path;

/// What happened to a fed line.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// The statement is not complete yet (open block, bracket or string).
    NeedMore,
    /// The input ran; the value of a lone expression, if any, to echo.
    Done(Option<String>),
    /// The input failed; the rendered error.
    Error(String),
}

/// A REPL session: an interpreter plus the pending, incomplete input.
pub struct Session {
    /// The interpreter.
    pub interp: Interpreter,
    pending: String,
    counter: usize,
}

impl Session {
    /// A session printing to `out`.
    pub fn new(out: Box<dyn Output>) -> Session {
        Session {
            interp: Interpreter::new(out),
            pending: String::new(),
            counter: 0,
        }
    }

    /// Whether a statement is waiting for more lines.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Drop the incomplete statement (Ctrl-C at a `...` prompt).
    pub fn cancel(&mut self) {
        self.pending.clear();
    }

    /// The lines of the incomplete statement fed so far.
    pub fn pending(&self) -> &str {
        &self.pending
    }

    /// Feed one line of input.
    pub fn feed(&mut self, line: &str) -> Feed {
        self.pending.push_str(line);
        self.pending.push('\n');
        let src = std::mem::take(&mut self.pending);
        match parse_interactive(&src) {
            ParseOutcome::Incomplete => {
                self.pending = src;
                Feed::NeedMore
            }
            ParseOutcome::Error(e) => Feed::Error(e.render(&src, "<stdin>")),
            ParseOutcome::Complete(script) => {
                self.counter += 1;
                // A lone expression is echoed like Python's REPL does.
                if let [stmt] = script.body.as_slice()
                    && let crate::script::StmtKind::Expr(e) = &stmt.kind
                {
                    return match self.interp.eval(e) {
                        Ok(Value::None) => Feed::Done(None),
                        Ok(v) => Feed::Done(Some(repr(&self.interp, &v))),
                        Err(err) => Feed::Error(render(&err, &src)),
                    };
                }
                match self.interp.exec_block(&script.body) {
                    Ok(()) => Feed::Done(None),
                    Err(err) => Feed::Error(render(&err, &src)),
                }
            }
        }
    }
}

/// An error as the REPL shows it: with the line and a caret, except an interrupted run,
/// which is not a mistake in the input.
fn render(err: &super::ScriptError, src: &str) -> String {
    if err.class == "KeyboardInterrupt" {
        format!("KeyboardInterrupt: {}", err.message)
    } else {
        err.render(src, "<stdin>")
    }
}

/// Python's `repr` of a value, with Brian2's `Quantity.__repr__` for values with units
/// (`10. * msecond`, `array([1., 2.]) * mvolt`) and NumPy's `array_repr` for arrays.
pub fn repr(interp: &Interpreter, v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => float_repr(*x),
        Value::Quantity(q) => quantity_repr(*q),
        Value::Array(a) if a.shape.is_empty() => {
            let x = a.data.first().copied().unwrap_or(0.0);
            match a.kind {
                Kind::Bool => repr(interp, &Value::Bool(x != 0.0)),
                Kind::Int if a.dim.is_dimensionless() => (x as i64).to_string(),
                _ if a.dim.is_dimensionless() => float_repr(x),
                _ => quantity_repr(Quantity::new(x, a.dim)),
            }
        }
        Value::Array(a) => array_repr(a),
        Value::Str(s) => str_repr(s),
        Value::List(items) => format!("[{}]", join_reprs(interp, items)),
        Value::Tuple(items) if items.len() == 1 => format!("({},)", repr(interp, &items[0])),
        Value::Tuple(items) => format!("({})", join_reprs(interp, items)),
        Value::Dict(items) => format!(
            "{{{}}}",
            items
                .iter()
                .map(|(k, v)| format!("{}: {}", repr(interp, k), repr(interp, v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Slice(a, b, c) => {
            let part = |x: &Option<i64>| x.map_or("None".to_string(), |x| x.to_string());
            format!("slice({}, {}, {})", part(a), part(b), part(c))
        }
        Value::Obj(o) => object_repr(interp, o),
    }
}

fn join_reprs(interp: &Interpreter, items: &[Value]) -> String {
    items
        .iter()
        .map(|v| repr(interp, v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Brian2's reprs of its objects where the API can tell what they hold.
fn object_repr(interp: &Interpreter, o: &Obj) -> String {
    let net = &interp.net;
    match o {
        Obj::Module(m) => {
            let name = match *m {
                "np" => "numpy",
                "np.random" => "numpy.random",
                other => other,
            };
            format!("<module '{name}'>")
        }
        Obj::Builtin(name) if name.starts_with(|c: char| c.is_ascii_uppercase()) => {
            format!("<class '{name}'>")
        }
        Obj::Builtin(name) => format!("<function {name}>"),
        Obj::Group(g) if net.is_synapses(*g) => {
            format!(
                "<Synapses '{}' with {} synapses>",
                net.group_name(*g),
                net.len(*g)
            )
        }
        Obj::Group(g) => {
            let class = if net.is_spike_generator(*g) {
                "SpikeGeneratorGroup"
            } else {
                "NeuronGroup"
            };
            format!(
                "<{class} '{}' with {} neurons>",
                net.group_name(*g),
                net.len(*g)
            )
        }
        Obj::StateMonitor(m) => {
            let vars: Vec<String> = net
                .state_data(*m)
                .var_names()
                .iter()
                .map(|n| str_repr(n))
                .collect();
            format!("<StateMonitor, recording [{}]>", vars.join(", "))
        }
        Obj::StateMonitorRow(m, k) => {
            let neuron = net.state_data(*m).indices().get(*k).copied().unwrap_or(0);
            format!("<StateMonitorView, giving access to the recording of neuron {neuron}>")
        }
        Obj::SpikeMonitor(m) => match net.spike_monitor_group(*m) {
            Some(g) => format!("<SpikeMonitor, recording from '{}'>", net.group_name(g)),
            None => "<SpikeMonitor>".into(),
        },
        Obj::DefaultClock => format!(
            "Clock(dt={}, name='defaultclock')",
            quantity_repr(net.default_dt())
        ),
        Obj::Clock(c) => format!("Clock(dt={})", quantity_repr(net.clock_dt(*c))),
        Obj::Network(k) => {
            let n = interp.networks.get(*k).map_or(0, |s| {
                s.groups.len() + s.state_monitors.len() + s.spike_monitors.len()
            });
            format!("<Network at time t={}, containing {n} objects>", net.t())
        }
        other => Value::Obj(other.clone()).to_string(),
    }
}

/// Python's `repr` of a string: single quotes unless the text has some and no double
/// quotes, with backslash escapes.
fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr` of a float: the shortest round-tripping digits, positional for
/// decimal exponents from -4 to 15 (`0.0001`, `1.0`, `1e+16`, `1.5e-05`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let plain = format!("{x}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
    }
}

/// The Python name of a display unit (`mV` → `mvolt`), or the dimension as Brian2
/// writes it in code (`metre ** 2 * kilogram`) when no unit has this symbol.
fn unit_code(symbol: &str, dim: Dimension) -> String {
    if let Some(u) = all_units().find(|u| u.symbol == symbol && u.dim == dim) {
        return u.name.to_string();
    }
    format!("{dim:#}")
        .split_whitespace()
        .map(|part| {
            let (base, power) = part.split_once('^').unwrap_or((part, ""));
            let name = match base {
                "m" => "metre",
                "kg" => "kilogram",
                "s" => "second",
                "A" => "amp",
                "K" => "kelvin",
                "mol" => "mole",
                "cd" => "candle",
                other => other,
            };
            if power.is_empty() {
                name.to_string()
            } else {
                format!("{name} ** {power}")
            }
        })
        .collect::<Vec<_>>()
        .join(" * ")
}

/// Brian2's `repr` of a scalar quantity: `10. * msecond`.
pub fn quantity_repr(q: Quantity) -> String {
    if q.dim.is_dimensionless() {
        return float_repr(q.value);
    }
    let shown = q.to_string();
    match shown.split_once(' ') {
        Some((number, symbol)) => format!("{number} * {}", unit_code(symbol, q.dim)),
        None => shown,
    }
}

/// NumPy's default print threshold and edge items.
const THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;

/// The indices shown along an axis of length `n` (`None` marks the `...`).
fn shown_indices(n: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && n > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((n - EDGE_ITEMS..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    }
}

/// Brian2's `repr` of an array: NumPy's `array_repr` of the values in their best unit,
/// then ` * unit` (`array([1., 2.]) * mvolt`; `array([0, 1])` without a unit).
pub fn array_repr(a: &Array) -> String {
    let (rows, cols) = match a.shape.as_slice() {
        [n] => (1, *n),
        [r, c] => (*r, *c),
        _ => (1, a.data.len()),
    };
    let two_d = a.shape.len() == 2;
    let summarise = a.data.len() > THRESHOLD;
    let row_idx: Vec<Option<usize>> = if two_d {
        shown_indices(rows, summarise)
    } else {
        vec![Some(0)]
    };
    let col_idx = shown_indices(cols, summarise);
    let shown: Vec<f64> = row_idx
        .iter()
        .flatten()
        .flat_map(|r| col_idx.iter().flatten().map(move |c| a.data[r * cols + c]))
        .collect();
    let as_float = a.kind == Kind::Float || !a.dim.is_dimensionless();
    let (words, unit) = if !as_float {
        let words: Vec<String> = shown
            .iter()
            .map(|x| match a.kind {
                Kind::Bool if *x != 0.0 => "True".to_string(),
                Kind::Bool => "False".to_string(),
                _ => (*x as i64).to_string(),
            })
            .collect();
        let width = if a.kind == Kind::Bool {
            5
        } else {
            words.iter().map(String::len).max().unwrap_or(0)
        };
        (
            words.into_iter().map(|w| format!("{w:>width$}")).collect(),
            None,
        )
    } else {
        let text = QuantityArray::new(shown.clone(), a.dim).to_string();
        let close = text.rfind(']').unwrap_or(0);
        let inner = text.get(1..close).unwrap_or("");
        let suffix = text[close + 1..].trim();
        let unit = (!a.dim.is_dimensionless()).then(|| unit_code(suffix, a.dim));
        (align_floats(inner.split_whitespace().collect()), unit)
    };
    let body = if a.data.is_empty() {
        let dtype = match a.kind {
            _ if as_float => "float64",
            Kind::Bool => "bool",
            _ => "int64",
        };
        format!("array([], dtype={dtype})")
    } else {
        let mut words = words.into_iter();
        let mut next_row = || -> Vec<String> {
            col_idx
                .iter()
                .map(|c| match c {
                    Some(_) => words.next().unwrap_or_default(),
                    None => "...".to_string(),
                })
                .collect()
        };
        if two_d {
            let indent = " ".repeat(7);
            let mut parts: Vec<String> = Vec::new();
            for r in &row_idx {
                parts.push(match r {
                    Some(_) => wrap_words(&next_row(), 8, 72),
                    None => "...".to_string(),
                });
            }
            format!("array([{}])", parts.join(&format!(",\n{indent}")))
        } else {
            format!("array({})", wrap_words(&next_row(), 7, 73))
        }
    };
    match unit {
        Some(u) => format!("{body} * {u}"),
        None => body,
    }
}

/// Float words re-aligned as NumPy aligns them: integer parts right-aligned, fractions
/// (and exponents) left-aligned, `nan`/`inf` right-aligned to the common width.
fn align_floats(tokens: Vec<&str>) -> Vec<String> {
    let finite: Vec<(usize, usize)> = tokens
        .iter()
        .filter_map(|t| t.find('.').map(|dot| (dot, t.len() - dot - 1)))
        .collect();
    let left = finite.iter().map(|f| f.0).max().unwrap_or(0);
    let right = finite.iter().map(|f| f.1).max().unwrap_or(0);
    let special = tokens
        .iter()
        .filter(|t| !t.contains('.'))
        .map(|t| t.len())
        .max()
        .unwrap_or(0);
    let width = (left + 1 + right).max(special);
    let left = width - 1 - right;
    tokens
        .iter()
        .map(|t| match t.split_once('.') {
            Some((int, frac)) => format!("{int:>left$}.{frac:<right$}"),
            None if *t == "..." => t.to_string(),
            None => format!("{t:>width$}"),
        })
        .collect()
}

/// One bracketed row of words separated by `, `, wrapped as NumPy's `_formatArray`
/// wraps: lines hold `indent` columns of hanging indent and at most `width` columns
/// before a separator.
fn wrap_words(words: &[String], indent: usize, width: usize) -> String {
    let hanging = " ".repeat(indent);
    let mut text = String::new();
    let mut line = hanging.clone();
    for (k, word) in words.iter().enumerate() {
        if line.len() + word.len() > width && line.len() > indent {
            text.push_str(line.trim_end());
            text.push('\n');
            line = hanging.clone();
        }
        line.push_str(word);
        if k + 1 != words.len() {
            line.push_str(", ");
        }
    }
    text.push_str(&line);
    format!("[{}]", &text[indent..])
}

/// Run the script at `path` (relative output paths resolve against the current
/// directory); returns the rendered error on failure. With `check_only`, every
/// `run()` checks and compiles the models instead of simulating them.
pub fn run_file(path: &Path, out: Box<dyn Output>, check_only: bool) -> Result<(), String> {
    let name = path.display().to_string();
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("{name}: cannot read the script: {e}"))?;
    let script = parse_script(&src).map_err(|e| e.render(&src, &name))?;
    let mut interp = Interpreter::new(out);
    interp.check_only = check_only;
    let result = interp
        .exec_block(&script.body)
        .map_err(|e| e.render(&src, &name));
    if !interp.partial_line.is_empty() {
        let rest = std::mem::take(&mut interp.partial_line);
        interp.out.line(&rest);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo(lines: &[&str]) -> Vec<String> {
        let mut s = Session::new(Box::new(Vec::<String>::new()));
        lines
            .iter()
            .map(|l| match s.feed(l) {
                Feed::Done(Some(v)) => v,
                Feed::Done(None) => String::new(),
                other => panic!("{l}: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn python_float_repr() {
        for (x, text) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (123.456, "123.456"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(float_repr(x), text);
        }
    }

    #[test]
    fn brian2_quantity_and_array_reprs() {
        let out = echo(&[
            "10*ms",
            "-70*mV",
            "defaultclock.dt",
            "np.array([1, 2])*mV",
            "np.array([1.5, 10])*mV",
            "np.array([0, 1, 2])",
            "np.array([True, False])",
            "np.array([1.0, 2.5])",
            "np.arange(30.)",
            "np.arange(2000.)",
            "np.array([[1, 2], [3, 4]])*nA",
            "np.zeros(0)*mV",
            "[1*ms, 'a', None, (2,)]",
            "{'tau': 5*ms}",
            "3 * metre**2 * kilogram / second**3 / amp**2",
            "2.0",
            "7",
        ]);
        let expected = [
            "10. * msecond",
            "-70. * mvolt",
            "100. * usecond",
            "array([1., 2.]) * mvolt",
            "array([ 1.5, 10. ]) * mvolt",
            "array([0, 1, 2])",
            "array([ True, False])",
            "array([1. , 2.5])",
            "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n       \
             13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n       \
             26., 27., 28., 29.])",
            "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       \
             1.999e+03])",
            "array([[1., 2.],\n       [3., 4.]]) * namp",
            "array([], dtype=float64) * volt",
            "[1. * msecond, 'a', None, (2,)]",
            "{'tau': 5. * msecond}",
            "3. * ohm",
            "2.0",
            "7",
        ];
        for (got, want) in out.iter().zip(expected) {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn objects_and_strings() {
        let out = echo(&[
            "G = NeuronGroup(3, 'dv/dt = -v/(10*ms) : 1', threshold='v > 1')",
            "G",
            "S = SpikeMonitor(G)",
            "S",
            "NeuronGroup",
            "np",
            "\"it's\"",
            "'a\\nb'",
        ]);
        assert_eq!(out[1], "<NeuronGroup 'neurongroup' with 3 neurons>");
        assert_eq!(out[3], "<SpikeMonitor, recording from 'neurongroup'>");
        assert_eq!(out[4], "<class 'NeuronGroup'>");
        assert_eq!(out[5], "<module 'numpy'>");
        assert_eq!(out[6], "\"it's\"");
        assert_eq!(out[7], "'a\\nb'");
    }

    #[test]
    fn string_methods_split_as_python_does() {
        let out = echo(&[
            "'a,b,,c'.split(',')",
            "'  a b\\tc  '.split()",
            "'a b c'.split(None, 1)",
            "'a,b,c'.split(',', maxsplit=1)",
            "'x\\ny\\n'.splitlines()",
            "'eqs.txt'.endswith('.txt'), 'eqs'.startswith('q')",
        ]);
        assert_eq!(out[0], "['a', 'b', '', 'c']");
        assert_eq!(out[1], "['a', 'b', 'c']");
        assert_eq!(out[2], "['a', 'b c']");
        assert_eq!(out[3], "['a', 'b,c']");
        assert_eq!(out[4], "['x', 'y']");
        assert_eq!(out[5], "(True, False)");
    }

    #[test]
    fn two_dimensional_arrays_index_and_assign_as_numpy_does() {
        let out = echo(&[
            "m = np.zeros((3, 4))",
            "m[1, 2] = 5",
            "m[0, :] = 1",
            "m[:, 3] = 7",
            "m[np.array([2, 2]), np.array([0, 1])] = [4, 6]",
            "m",
            "m[np.array([0, 1]), np.array([1, 2])]",
            "m[1, 2]",
        ]);
        // NumPy's output for the same statements
        assert_eq!(
            out[5],
            "array([[1., 1., 1., 7.],\n       [0., 0., 5., 7.],\n       [4., 6., 0., 7.]])"
        );
        assert_eq!(out[6], "array([1., 5.])");
        assert_eq!(out[7], "5.0");
    }

    #[test]
    fn what_from_brian2_import_star_brings_and_accepts() {
        let out = echo(&[
            "linspace(0, 1, 3)",
            "where(array([1, 5]) > 2, 1, 0)",
            "np.random.uniform(size=(2, 3)).shape",
            "G = NeuronGroup(10000/4, 'v : volt')",
            "G.v = 0",
            "len(G), G.v[0]",
        ]);
        assert_eq!(out[0], "array([0. , 0.5, 1. ])");
        assert_eq!(out[1], "array([0, 1])");
        assert_eq!(out[2], "(2, 3)");
        assert_eq!(out[5], "(2500, 0. * volt)");
        let out = echo(&[
            "np.hstack([np.array([1., 2]), np.array([3.])])",
            "np.vstack([np.array([1., 2]), np.array([3., 4])]).shape",
            "np.logspace(0, 2, 3)",
        ]);
        assert_eq!(out[0], "array([1., 2., 3.])");
        assert_eq!(out[1], "(2, 2)");
        assert_eq!(out[2], "array([  1.,  10., 100.])");
        // a shared variable reads as a scalar, and takes Brian2's `[:]`
        let out = echo(&[
            "H = NeuronGroup(3, 'g : 1 (shared)')",
            "H.g = 2",
            "H.g[:] + 1",
        ]);
        assert_eq!(out[2], "3.0");
        let out = echo(&[
            "np.prod(np.array([[1, 2], [3, 4]]), axis=0)",
            "np.histogram(np.array([0.5, 1.0, 1.2, 3.9, 4.0, 2.2]), bins=4)[0]",
            "np.histogram(np.array([0.5, 1.0, 1.2, 3.9, 4.0, 2.2]), bins=np.array([0., 1, 2, 5]))[0]",
            "np.bincount(np.array([0, 1, 1, 3]))",
            "np.arange(6).reshape(2, -1).shape",
            "np.argsort(np.array([3., 1, 2]))",
        ]);
        // NumPy's results
        assert_eq!(out[0], "array([3, 8])");
        assert_eq!(out[1], "array([3, 1, 0, 2])");
        assert_eq!(out[2], "array([1, 2, 3])");
        assert_eq!(out[3], "array([1, 2, 0, 1])");
        assert_eq!(out[4], "(2, 3)");
        assert_eq!(out[5], "array([1, 2, 0])");
    }

    /// Output collected into a shared list of lines.
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    impl Output for Shared {
        fn line(&mut self, text: &str) {
            self.0.lock().unwrap().push(text.to_string());
        }
    }

    #[test]
    fn help_prints_signatures_and_one_liners() {
        let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut s = Session::new(Box::new(Shared(out.clone())));
        for line in [
            "help(NeuronGroup)",
            "G = NeuronGroup(1, 'v : 1')",
            "help(G)",
            "help(np.exp)",
            "help('run')",
            "help('NeuronGrop')",
            "help()",
        ] {
            assert_eq!(s.feed(line), Feed::Done(None), "{line}");
        }
        let text = out.lock().unwrap().join("\n");
        assert!(text.starts_with("NeuronGroup(N, model, method="), "{text}");
        assert_eq!(text.matches("  threshold ").count(), 2, "{text}");
        assert!(text.contains("np.exp(x): element-wise e**x (x dimensionless)"));
        assert!(text.contains("run(duration, report=None, report_period=10*second"));
        assert!(text.contains("No documentation for 'NeuronGrop' (did you mean 'NeuronGroup'?)"));
        assert!(text.contains("Brian2: NeuronGroup StateMonitor"));
        assert!(
            matches!(s.feed("help(undefined_name)"), Feed::Error(e) if e.contains("NameError"))
        );
    }

    #[test]
    fn text_report_and_cancel() {
        let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut s = Session::new(Box::new(Shared(out.clone())));
        s.feed("G = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1')");
        assert_eq!(s.feed("run(1*ms, report='text')"), Feed::Done(None));
        let lines = out.lock().unwrap().clone();
        assert_eq!(
            lines[0],
            "Starting simulation at t=0. s for a duration of 1. ms"
        );
        assert_eq!(lines.last().unwrap(), "1. ms (100%) simulated in < 1s");
        assert!(
            matches!(s.feed("run(1*ms, report='bar')"), Feed::Error(e) if e.contains("ValueError"))
        );
        assert_eq!(s.feed("for k in range(2):"), Feed::NeedMore);
        s.cancel();
        assert!(!s.is_pending());
        assert_eq!(s.feed("1 + 1"), Feed::Done(Some("2".into())));
    }

    #[test]
    fn interrupted_run_is_reported_and_the_session_goes_on() {
        let mut s = Session::new(Box::new(Vec::<String>::new()));
        s.feed("G = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1')");
        s.feed("M = StateMonitor(G, 'v', record=0)");
        assert_eq!(s.feed("run(1*ms)"), Feed::Done(None));
        let flag = s.interp.net.stop_flag();
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            s.feed("run(10*ms)"),
            Feed::Error("KeyboardInterrupt: run stopped at t = 1. ms".into())
        );
        assert_eq!(s.feed("len(M.t)"), Feed::Done(Some("10".into())));
        assert_eq!(s.feed("run(1*ms)"), Feed::Done(None));
        assert_eq!(
            s.feed("defaultclock.t"),
            Feed::Done(Some("2. * msecond".into()))
        );
    }
}
