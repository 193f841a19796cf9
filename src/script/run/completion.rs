//! Tab completion for the REPL: [`complete`] is a pure function of the session and the
//! line being edited, used by the binary's line editor.
//!
//! * a name: the session's globals, Python and NumPy builtins, Brian2's classes and
//!   functions, every unit name, constants and keywords;
//! * after `x.`: the attributes of `x` without evaluating anything that computes:
//!   a group's variables (`G.v`, `G.N`), a monitor's recorded variables and
//!   attributes (`M.t`, `S.count`), a clock's `dt`/`t`, module members (`np.exp`,
//!   `np.random.rand`), methods of arrays, lists, dicts and strings;
//! * at the start of a line (only indentation before the cursor): four spaces, so that
//!   Tab indents blocks;
//! * nothing inside a string literal (model equations).

use super::session::Session;
use super::value::{Array, Kind, Obj, Value};
use super::{brian, builtins};
use crate::units::{Dimension, all_units};

const KEYWORDS: &[&str] = &[
    "and", "as", "elif", "else", "for", "from", "if", "import", "in", "is", "not", "or", "pass",
    "None", "True", "False",
];

const CONSTANTS: &[&str] = &["pi", "inf", "nan", "np", "help"];

const ARRAY_ATTRS: &[&str] = &[
    "T", "all", "any", "argmax", "argmin", "astype", "copy", "flatten", "max", "mean", "min",
    "ndim", "nonzero", "shape", "size", "std", "sum", "tolist", "var",
];

/// Completions at byte `pos` of `line`: where the replaced word starts, and the
/// candidates (sorted, without duplicates) that start with the word typed so far.
pub fn complete(session: &Session, line: &str, pos: usize) -> (usize, Vec<String>) {
    let mut pos = pos.min(line.len());
    while !line.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &line[..pos];
    if before.trim().is_empty() {
        return (pos, vec!["    ".to_string()]);
    }
    if in_string(&format!("{}{before}", session.pending())) {
        return (pos, Vec::new());
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(pos, |(k, _)| k);
    let word = &before[start..];
    if word.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return (pos, Vec::new());
    }
    let (replace_from, prefix, mut candidates) = match word.rsplit_once('.') {
        Some((base, attr)) => (
            start + base.len() + 1,
            attr,
            resolve(session, base)
                .map(|v| attributes(session, &v))
                .unwrap_or_default(),
        ),
        None => (start, word, names(session)),
    };
    candidates
        .retain(|c| c.starts_with(prefix) && (prefix.starts_with('_') || !c.starts_with('_')));
    candidates.sort();
    candidates.dedup();
    (replace_from, candidates)
}

/// Whether the end of `text` is inside a string literal (single, double or triple
/// quotes; a `#` outside strings starts a comment, which counts as inside).
fn in_string(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut k = 0;
    let mut open: Option<&[u8]> = None;
    let mut comment = false;
    while k < bytes.len() {
        let rest = &bytes[k..];
        if comment {
            if bytes[k] == b'\n' {
                comment = false;
            }
            k += 1;
            continue;
        }
        match open {
            Some(q) => {
                if bytes[k] == b'\\' {
                    k += 2;
                    continue;
                }
                if rest.starts_with(q) {
                    k += q.len();
                    open = None;
                    continue;
                }
                if q.len() == 1 && bytes[k] == b'\n' {
                    open = None;
                }
            }
            None => {
                for q in [&b"'''"[..], b"\"\"\"", b"'", b"\""] {
                    if rest.starts_with(q) {
                        open = Some(q);
                        break;
                    }
                }
                if let Some(q) = open {
                    k += q.len();
                    continue;
                }
                if bytes[k] == b'#' {
                    comment = true;
                }
            }
        }
        k += 1;
    }
    open.is_some() || comment
}

/// Every name a line can start a word with.
fn names(session: &Session) -> Vec<String> {
    let mut out: Vec<String> = session.interp.globals.keys().cloned().collect();
    out.extend(
        builtins::names()
            .iter()
            .filter(|n| !n.contains('.'))
            .map(|n| n.to_string()),
    );
    out.extend(brian::names().map(str::to_string));
    out.extend(all_units().map(|u| u.name.to_string()));
    out.extend(KEYWORDS.iter().chain(CONSTANTS).map(|n| n.to_string()));
    out
}

/// The value of a dotted name, as far as completion needs it: globals and builtins,
/// then attributes that can be known without computing (an array stands for any
/// array-valued attribute).
fn resolve(session: &Session, dotted: &str) -> Option<Value> {
    let mut parts = dotted.split('.');
    let first = parts.next()?;
    let mut v = session
        .interp
        .globals
        .get(first)
        .cloned()
        .or_else(|| builtins::lookup(first))
        .or_else(|| brian::lookup(first))?;
    for attr in parts {
        v = attribute(session, &v, attr)?;
    }
    Some(v)
}

/// A stand-in for an array value.
fn some_array() -> Value {
    Value::Array(Array::vector(
        Vec::new(),
        Dimension::DIMENSIONLESS,
        Kind::Float,
    ))
}

fn attribute(session: &Session, v: &Value, attr: &str) -> Option<Value> {
    let net = &session.interp.net;
    match v {
        Value::Obj(Obj::Module(m)) => {
            let full = if *m == "brian2" {
                attr.to_string()
            } else {
                format!("{m}.{attr}")
            };
            if full == "np.random" {
                return Some(Value::Obj(Obj::Module("np.random")));
            }
            builtins::lookup(&full).or_else(|| brian::lookup(&full))
        }
        Value::Obj(Obj::Group(g)) => match attr {
            "N" => Some(Value::Int(0)),
            "name" => Some(Value::Str(String::new())),
            _ if net.has_variable(*g, attr) => Some(some_array()),
            _ => None,
        },
        Value::Obj(Obj::StateMonitor(_) | Obj::StateMonitorRow(..) | Obj::SpikeMonitor(_)) => {
            attributes(session, v)
                .contains(&attr.to_string())
                .then(some_array)
        }
        Value::Obj(Obj::Clock(_) | Obj::DefaultClock) if matches!(attr, "dt" | "t") => {
            Some(Value::Float(0.0))
        }
        Value::Array(_) if attr == "T" => Some(some_array()),
        _ => None,
    }
}

/// The attribute names of a value.
fn attributes(session: &Session, v: &Value) -> Vec<String> {
    let net = &session.interp.net;
    let own = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    match v {
        Value::Obj(Obj::Module(m)) => {
            let mut out: Vec<String> = match *m {
                "brian2" => brian::names().map(str::to_string).collect(),
                m => {
                    let prefix = format!("{m}.");
                    builtins::names()
                        .iter()
                        .filter_map(|n| n.strip_prefix(&prefix))
                        .filter(|n| !n.contains('.'))
                        .map(str::to_string)
                        .collect()
                }
            };
            if *m == "np" {
                out.extend(own(&["random", "pi", "e", "inf", "nan", "newaxis"]));
            }
            out
        }
        Value::Obj(Obj::Group(g)) => {
            let mut out = net.variable_names(*g);
            out.extend(own(&[
                "N",
                "name",
                "t",
                "run_on_event",
                "run_regularly",
                "get_states",
                "set_states",
                "variables",
            ]));
            if net.is_spike_generator(*g) {
                out.push("set_spikes".into());
            }
            if net.is_synapses(*g) {
                out.extend(own(&[
                    "connect",
                    "i",
                    "j",
                    "N_incoming",
                    "N_outgoing",
                    "delay",
                ]));
                out.extend(net.pathway_names(*g).unwrap_or_default());
            }
            out
        }
        Value::Obj(Obj::StateMonitor(m)) => {
            let mut out = own(&["t", "N"]);
            out.extend(own(&net.state_data(*m).var_names()));
            out
        }
        Value::Obj(Obj::StateMonitorRow(m, _)) => {
            let mut out = own(&["t"]);
            out.extend(own(&net.state_data(*m).var_names()));
            out
        }
        Value::Obj(Obj::SpikeMonitor(m)) => {
            let mut out = own(&[
                "i",
                "t",
                "count",
                "num_spikes",
                "num_events",
                "it",
                "spike_trains",
                "event_trains",
                "values",
                "all_values",
                "binned_rate",
                "smooth_rate",
            ]);
            out.extend(own(&net.spike_data(*m).var_names()));
            out
        }
        Value::Obj(Obj::RateMonitor(_)) => own(&["rate", "t", "smooth_rate", "binned_rate"]),
        Value::Obj(Obj::Clock(_) | Obj::DefaultClock) => own(&["dt", "t"]),
        Value::Obj(Obj::Network(_)) => own(&[
            "t",
            "add",
            "remove",
            "run",
            "store",
            "restore",
            "schedule",
            "scheduling_summary",
            "profiling_summary",
        ]),
        Value::Array(_) => own(ARRAY_ATTRS),
        Value::Dict(_) => own(&["get", "items", "keys", "values"]),
        Value::List(_) => own(&["append", "count", "index"]),
        Value::Str(_) => own(&[
            "endswith",
            "format",
            "join",
            "lower",
            "replace",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "upper",
        ]),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::run::Feed;

    fn session(lines: &[&str]) -> Session {
        let mut s = Session::new(Box::new(Vec::<String>::new()));
        for l in lines {
            assert!(matches!(s.feed(l), Feed::Done(_)), "{l}");
        }
        s
    }

    fn at_end(s: &Session, line: &str) -> (usize, Vec<String>) {
        complete(s, line, line.len())
    }

    #[test]
    fn names_globals_builtins_units() {
        let s = session(&["tau_m = 10*ms"]);
        assert_eq!(at_end(&s, "x = tau_"), (4, vec!["tau_m".to_string()]));
        let (start, c) = at_end(&s, "G = NeuronGr");
        assert_eq!((start, c), (4, vec!["NeuronGroup".to_string()]));
        let (_, c) = at_end(&s, "3*mvo");
        assert_eq!(c, vec!["mvolt", "mvolt2", "mvolt3"]);
        let (_, c) = at_end(&s, "lins");
        assert!(c.is_empty(), "{c:?}");
        let (_, c) = at_end(&s, "defaultc");
        assert_eq!(c, vec!["defaultclock".to_string()]);
    }

    #[test]
    fn attributes_of_objects_and_modules() {
        let s = session(&[
            "G = NeuronGroup(2, 'dv/dt = -v/(10*ms) : volt\\nI : amp', threshold='v > 1*mV')",
            "M = StateMonitor(G, ['v'], record=True)",
            "S = SpikeMonitor(G)",
            "import numpy as np",
        ]);
        let (start, c) = at_end(&s, "print(G.");
        assert_eq!(start, 8);
        for v in ["v", "I", "N", "name", "t"] {
            assert!(c.contains(&v.to_string()), "{v} missing from {c:?}");
        }
        assert_eq!(at_end(&s, "M.").1, vec!["N", "t", "v"]);
        assert_eq!(at_end(&s, "S.num_s").1, vec!["num_spikes"]);
        assert_eq!(at_end(&s, "S.b").1, vec!["binned_rate"]);
        assert_eq!(at_end(&s, "np.lins"), (3, vec!["linspace".to_string()]));
        assert_eq!(
            at_end(&s, "np.random.ra").1,
            vec!["rand", "randint", "randn"]
        );
        assert_eq!(at_end(&s, "defaultclock.").1, vec!["dt", "t"]);
        assert!(at_end(&s, "G.v.").1.contains(&"mean".to_string()));
        assert!(at_end(&s, "unknown.").1.is_empty());
    }

    #[test]
    fn attributes_of_synapses_and_networks() {
        let s = session(&[
            "G = NeuronGroup(2, 'v : 1', threshold='v > 1')",
            "Syn = Synapses(G, G, 'w : 1', on_pre={'up': 'v += w'})",
            "net = Network(G, Syn)",
        ]);
        assert_eq!(at_end(&s, "Syn.con").1, vec!["connect"]);
        assert_eq!(at_end(&s, "Syn.N_").1, vec!["N_incoming", "N_outgoing"]);
        assert_eq!(at_end(&s, "Syn.u").1, vec!["up"]);
        assert_eq!(
            at_end(&s, "net.sch").1,
            vec!["schedule", "scheduling_summary"]
        );
    }

    #[test]
    fn indentation_strings_and_cursor_position() {
        let s = session(&[]);
        assert_eq!(at_end(&s, ""), (0, vec!["    ".to_string()]));
        assert_eq!(at_end(&s, "    "), (4, vec!["    ".to_string()]));
        assert!(at_end(&s, "G = NeuronGroup(1, 'dv/dt = -v/ta").1.is_empty());
        assert!(at_end(&s, "x = 1  # a comm").1.is_empty());
        // Completion looks only before the cursor.
        let line = "run(10*mse) ";
        assert_eq!(complete(&s, line, 10).0, 7);
        assert_eq!(complete(&s, line, 10).1[0], "msecond");
        assert!(at_end(&s, "x = 3.").1.is_empty());
    }

    #[test]
    fn inside_a_pending_triple_quoted_string() {
        let mut s = Session::new(Box::new(Vec::<String>::new()));
        assert_eq!(s.feed("eqs = '''"), Feed::NeedMore);
        assert!(at_end(&s, "dv/dt = -v/ta").1.is_empty());
    }
}
