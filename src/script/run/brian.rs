//! Brian2's names in scripts: units, `NeuronGroup`, `StateMonitor`, `SpikeMonitor`,
//! `run`, `defaultclock`, `Equations`, device and preference settings. Everything is
//! delegated to the embedded API (`crate::api`); this file only converts values and
//! errors.

use super::error::{SResult, ScriptError};
use super::index;
use super::interp::{Call, Interpreter};
use super::value::{Array, Kind, Obj, Value};
use crate::api::{NeuronGroup, Neurons, Record, Selection, StateMonitorOptions, Values};
use crate::check::Dtype;
use crate::diag::{Span, line_col};
use crate::error::Error;
use crate::units::{Dimension, Quantity, lookup_unit};

const CLASSES: &[&str] = &[
    "NeuronGroup",
    "StateMonitor",
    "SpikeMonitor",
    "run",
    "Equations",
    "set_device",
    "seed",
    "start_scope",
    "device",
    "get_device",
    "store",
    "restore",
    "Network",
    "Clock",
    "help",
    "SpikeGeneratorGroup",
    "EventMonitor",
    "Synapses",
    "PopulationRateMonitor",
    "PoissonGroup",
    "PoissonInput",
    "TimedArray",
    "linked_var",
    "scheduling_summary",
    "profiling_summary",
    "collect",
];

/// Brian2 names that scripts may use but that spikelift does not provide yet.
const NOT_YET: &[&str] = &[
    "SpatialNeuron",
    "Morphology",
    "Soma",
    "Cylinder",
    "Section",
    "NetworkOperation",
    "network_operation",
];

/// A Brian2 name: a unit, a class or function, `defaultclock` or `prefs`.
pub fn lookup(name: &str) -> Option<Value> {
    if let Some(u) = lookup_unit(name) {
        return Some(Value::from_quantity(Quantity::new(u.scale, u.dim)));
    }
    match name {
        "defaultclock" => return Some(Value::Obj(Obj::DefaultClock)),
        "prefs" => return Some(Value::Obj(Obj::Prefs)),
        "True" => return Some(Value::Bool(true)),
        "e" => return Some(Value::Float(std::f64::consts::E)),
        _ => {}
    }
    CLASSES
        .iter()
        .chain(NOT_YET)
        .find(|n| **n == name)
        .map(|n| Value::Obj(Obj::Builtin(n)))
}

/// Turn a library error into a script error at `span`, pointing into the script's
/// model string when the error is inside one.
pub fn convert(interp: &Interpreter, e: Error, span: Span) -> ScriptError {
    match e {
        Error::Model(m) => {
            let mut err = ScriptError::new(m.kind.brian2_class(), m.message.clone(), span);
            if let Some(help) = &m.help {
                err.message.push_str(&format!(" ({help})"));
            }
            if !m.source_text.is_empty() {
                let inner = interp
                    .strings
                    .get(&m.source_text)
                    .and_then(|lit| lit.source_span(m.span.start as usize, m.span.end as usize));
                let (line, col) = line_col(&m.source_text, m.span.start);
                let text = m.source_text.lines().nth(line - 1).unwrap_or("");
                let width = m
                    .span
                    .text(&m.source_text)
                    .lines()
                    .next()
                    .map_or(1, |s| s.chars().count().max(1));
                let location = match inner {
                    Some(s) => format!(
                        "script offset {} (line {} of the {})",
                        s.start, line, m.context
                    ),
                    None => format!("line {line}, column {col} of the {}", m.context),
                };
                err.detail = Some(format!(
                    "  in the {} string, at {location}:\n      | {text}\n      | {}{}",
                    m.context,
                    " ".repeat(col - 1),
                    "^".repeat(width)
                ));
                if let Some(s) = inner {
                    err.span = s;
                }
            }
            err
        }
        Error::Dimension(d) => ScriptError::new("DimensionMismatchError", d.to_string(), span),
        Error::InvalidArgument(m) => ScriptError::new("ValueError", m, span),
        Error::TimedArray(t) => ScriptError::new("ValueError", t.to_string(), span),
        Error::UnknownVariable { .. } => ScriptError::new("AttributeError", e.to_string(), span),
        Error::Interrupted { t } => {
            ScriptError::new("KeyboardInterrupt", format!("run stopped at t = {t}"), span)
        }
        other => ScriptError::new("RuntimeError", other.to_string(), span),
    }
}

/// Every Brian2 name this module provides besides units (for REPL completion).
pub fn names() -> impl Iterator<Item = &'static str> {
    CLASSES
        .iter()
        .copied()
        .chain(["defaultclock", "prefs", "True", "e"])
}

/// Simulate `sel` for `d`: with Brian2's text report when the call asks for one
/// (`report='text'`, `'stdout'` or `'stderr'`, every `report_period`, all written to
/// the script's output), else with the interpreter's progress hook if it has one.
fn simulate(
    interp: &mut Interpreter,
    call: &Call<'_>,
    d: Quantity,
    sel: &Selection,
    network: Option<usize>,
) -> SResult<()> {
    let text = match call.arg(1, "report") {
        None | Some(Value::None) => false,
        Some(Value::Str(s)) if matches!(s.as_str(), "text" | "stdout" | "stderr") => true,
        Some(Value::Str(s)) => {
            return Err(ScriptError::new(
                "ValueError",
                format!("Do not know how to handle report argument \"{s}\"."),
                call.arg_span(1, "report"),
            ));
        }
        Some(other) => {
            return Err(ScriptError::new(
                "TypeError",
                format!(
                    "Do not know how to handle report argument, it has to be one of 'text', 'stdout' or 'stderr', but it is of type {}",
                    other.type_name()
                ),
                call.arg_span(1, "report"),
            ));
        }
    };
    let period = match call.arg(2, "report_period") {
        None => std::time::Duration::from_secs(10),
        Some(v) => {
            let q = as_time(v, call.arg_span(2, "report_period"), "report_period")?;
            std::time::Duration::try_from_secs_f64(q.value).map_err(|_| {
                ScriptError::new(
                    "ValueError",
                    format!("report_period must be a non-negative time, got {q}"),
                    call.arg_span(2, "report_period"),
                )
            })?
        }
    };
    let profile = match call.arg(4, "profile") {
        None | Some(Value::None) => false,
        Some(v) => v
            .truthy()
            .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(4, "profile")))?,
    };
    interp.net.set_profile(profile);
    // The run continues from this network's own time and leaves its time where it ends.
    let start = network_time(interp, network);
    interp
        .net
        .set_t(Quantity::new(start, Dimension::TIME))
        .map_err(|e| convert(interp, e, call.span))?;
    let res = if text {
        let out = &mut interp.out;
        let mut line = |p: &crate::api::Progress| out.line(&super::report::text_report(p));
        interp.net.run_reporting(d, Some(sel), period, &mut line)
    } else if let Some((period, hook)) = interp.progress.as_mut() {
        interp.net.run_reporting(d, Some(sel), *period, &mut **hook)
    } else {
        interp.net.run_selected(d, sel)
    };
    interp.net.set_profile(false);
    set_network_time(interp, network);
    res.map_err(|e| convert(interp, e, call.span))
}

/// The time of explicit network `network` (`None`: the implicit one of `run()`).
fn network_time(interp: &Interpreter, network: Option<usize>) -> f64 {
    match network {
        Some(k) => interp.network_t.get(k).copied().unwrap_or(0.0),
        None => interp.magic_t,
    }
}

/// Record the simulation's current time as the time of `network`.
fn set_network_time(interp: &mut Interpreter, network: Option<usize>) {
    let t = interp.net.t().value;
    match network.and_then(|k| interp.network_t.get_mut(k)) {
        Some(slot) => *slot = t,
        None if network.is_none() => interp.magic_t = t,
        None => {}
    }
}

/// `store(name)` / `restore(name)` of network `network`: the snapshot holds the
/// network's own time, and restoring brings it back.
fn store_or_restore(
    interp: &mut Interpreter,
    call: &Call<'_>,
    name: &str,
    network: Option<usize>,
) -> SResult<()> {
    let t = Quantity::new(network_time(interp, network), Dimension::TIME);
    interp
        .net
        .set_t(t)
        .map_err(|e| convert(interp, e, call.span))?;
    if call.name == "store" {
        interp.net.store(name);
        return Ok(());
    }
    let random_state = match call.arg(2, "restore_random_state") {
        None => false,
        Some(v) => v.truthy().map_err(|m| call.error(m))?,
    };
    match network {
        None => {
            interp
                .net
                .restore_state(name, random_state)
                .map_err(|e| convert(interp, e, call.span))?;
            set_network_time(interp, None);
        }
        // An explicit network restores its own objects; its time is the snapshot's.
        Some(k) => {
            let sel = interp.networks[k].clone();
            let t = interp
                .net
                .restore_selected(name, &sel, random_state)
                .map_err(|e| convert(interp, e, call.span))?;
            if let Some(slot) = interp.network_t.get_mut(k) {
                *slot = t.value;
            }
        }
    }
    Ok(())
}

pub(crate) fn as_time(v: &Value, span: Span, what: &str) -> SResult<Quantity> {
    match v.as_quantity() {
        Some(q) if q.dim == Dimension::TIME => Ok(q),
        _ => Err(ScriptError::new(
            "DimensionMismatchError",
            format!("{what} must be a time, got {v}"),
            span,
        )),
    }
}

pub(crate) fn as_str<'a>(v: &'a Value, span: Span, what: &str) -> SResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(ScriptError::new(
            "TypeError",
            format!("{what} must be a string, got {}", other.type_name()),
            span,
        )),
    }
}

/// Sync the script's numeric globals into the network's namespace (Brian2 resolves
/// external names from the caller's namespace when a run starts).
pub(crate) fn sync_namespace(interp: &mut Interpreter, explicit: Option<&Value>) -> SResult<()> {
    let mut ns = crate::check::Namespace::new();
    match explicit {
        Some(Value::Dict(items)) => {
            for (k, v) in items {
                if let (Value::Str(name), Value::Obj(Obj::TimedArray(ta))) = (k, v) {
                    ns.insert_timed_array(name.clone(), std::sync::Arc::clone(ta));
                } else if let (Value::Str(name), Some(q)) = (k, v.as_quantity()) {
                    ns.insert(name.clone(), q);
                }
            }
        }
        _ => {
            for (name, v) in &interp.globals {
                if let Value::Obj(Obj::TimedArray(ta)) = v {
                    ns.insert_timed_array(name.clone(), std::sync::Arc::clone(ta));
                } else if let (Some(q), false) = (v.as_quantity(), matches!(v, Value::Array(_))) {
                    ns.insert(name.clone(), q);
                }
            }
        }
    }
    *interp.net.namespace_mut() = ns;
    Ok(())
}

/// `stim(t)` or `stim(t, i)` of a `TimedArray` in a script: the value for the
/// default clock's `dt`, with its unit.
pub fn call_timed_array(
    interp: &mut Interpreter,
    ta: &crate::check::TimedArray,
    args: &[(Value, Span)],
    span: Span,
) -> SResult<Value> {
    if args.len() != ta.arity() {
        return Err(ScriptError::new(
            "TypeError",
            format!(
                "TimedArray '{}' takes {} argument(s), {} given",
                ta.name(),
                ta.arity(),
                args.len()
            ),
            span,
        ));
    }
    let dt = interp.net.default_dt().value;
    let (t_value, t_span) = (&args[0].0, args[0].1);
    if !matches!(t_value, Value::Array(_)) && !matches!(args.get(1), Some((Value::Array(_), _))) {
        let t = as_time(t_value, t_span, "t")?;
        let i = match args.get(1) {
            None => 0,
            Some((Value::Int(i), _)) => *i,
            Some((_, s)) => {
                return Err(ScriptError::new(
                    "TypeError",
                    "the index of a TimedArray must be an integer",
                    *s,
                ));
            }
        };
        let value = ta.value_at(t.value, i, dt);
        return Ok(Value::from_quantity(Quantity::new(value, ta.dim())));
    }
    // Arrays of times and/or indices, broadcast against each other as NumPy does.
    let times = t_value
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, t_span))?;
    if times.dim != Dimension::TIME {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!("t must be a time, got {t_value}"),
            t_span,
        ));
    }
    let indices = match args.get(1) {
        None => vec![0.0],
        Some((v, s)) => {
            let a = v
                .to_array()
                .map_err(|m| ScriptError::new("TypeError", m, *s))?;
            if a.kind != Kind::Int && a.kind != Kind::Bool {
                return Err(ScriptError::new(
                    "TypeError",
                    "the index of a TimedArray must be an integer",
                    *s,
                ));
            }
            a.data
        }
    };
    let n = times.data.len().max(indices.len());
    let broadcast = times.data.len() == n || times.data.len() == 1;
    if !broadcast || !(indices.len() == n || indices.len() == 1) {
        return Err(ScriptError::new(
            "ValueError",
            format!(
                "operands could not be broadcast together with shapes ({},) ({},)",
                times.data.len(),
                indices.len()
            ),
            span,
        ));
    }
    let at = |v: &[f64], k: usize| if v.len() == 1 { v[0] } else { v[k] };
    let values = (0..n)
        .map(|k| ta.value_at(at(&times.data, k), at(&indices, k) as i64, dt))
        .collect();
    Ok(Value::Array(Array::vector(values, ta.dim(), Kind::Float)))
}

/// Call a Brian2 function or class.
pub fn call(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    let conv = |interp: &Interpreter, e: Error| convert(interp, e, call.span);
    if NOT_YET.contains(&call.name) {
        return Err(ScriptError::new(
            "NotImplementedError",
            format!("{} is not supported by spikelift yet", call.name),
            call.span,
        ));
    }
    match call.name {
        "help" => super::help::help(interp, call),
        "collect" => {
            call.check(1, &["level"])?;
            Ok(Value::List(collect(interp)))
        }
        "Synapses" => super::synapses::construct(interp, call),
        "PopulationRateMonitor" => super::rate_monitor::construct(interp, call),
        "SpikeMonitor" => super::spike_monitor::construct(interp, call, false),
        "EventMonitor" => super::spike_monitor::construct(interp, call, true),
        "PoissonGroup" => super::poisson::construct_group(interp, call),
        "PoissonInput" => super::poisson::construct_input(interp, call),
        "scheduling_summary" => super::states::scheduling_summary(interp, None, call),
        "profiling_summary" => super::states::profiling_summary(interp, call),
        "Equations" => super::equations::construct(interp, call),
        "SpikeGeneratorGroup" => {
            call.check(
                3,
                &[
                    "N",
                    "indices",
                    "times",
                    "period",
                    "dt",
                    "name",
                    "sorted",
                    "order",
                    "when",
                    "clock",
                    "codeobj_class",
                ],
            )?;
            let n = need_int(call, 0, "N")?;
            let (indices, times) = spike_lists(call, 1, 2)?;
            let period = optional_time(call, 3, "period")?;
            let dt = optional_time(call, 4, "dt")?;
            let id = interp
                .net
                .spike_generator(n, &indices, &times, period, dt)
                .map_err(|e| conv(interp, e))?;
            Ok(Value::Obj(Obj::Group(id)))
        }
        "linked_var" => {
            call.check(2, &["group_or_variable", "name", "index"])?;
            let source = match call.arg(0, "group_or_variable").and_then(neurons_of) {
                Some(n) => n,
                None => {
                    return Err(ScriptError::new(
                        "TypeError",
                        "linked_var() needs a group and a variable name, or a group's variable (G.v)",
                        call.arg_span(0, "group_or_variable"),
                    ));
                }
            };
            let Some(Value::Str(var)) = call.arg(1, "name") else {
                return Err(call.error("linked_var() missing the name of the variable"));
            };
            let index = match call.arg(2, "index") {
                None | Some(Value::None) => None,
                Some(v) => {
                    let span = call.arg_span(2, "index");
                    let a = v
                        .to_array()
                        .map_err(|m| ScriptError::new("TypeError", m, span))?;
                    let ix = a
                        .data
                        .iter()
                        .map(|&x| {
                            (x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX))
                                .then_some(x as u32)
                        })
                        .collect::<Option<Vec<u32>>>()
                        .ok_or_else(|| {
                            ScriptError::new(
                                "TypeError",
                                "the index of linked_var must hold non-negative integers",
                                span,
                            )
                        })?;
                    Some(ix)
                }
            };
            Ok(Value::Obj(Obj::LinkedVar(source, var.clone(), index)))
        }
        "TimedArray" => {
            call.check(2, &["values", "dt", "name"])?;
            let values = call
                .arg(0, "values")
                .ok_or_else(|| call.error("TimedArray() missing required argument 'values'"))?;
            let span = call.arg_span(0, "values");
            let array = values
                .to_array()
                .map_err(|m| ScriptError::new("TypeError", m, span))?;
            let cols = match array.shape.as_slice() {
                [_] => None,
                [_, c] => Some(*c),
                _ => {
                    return Err(ScriptError::new(
                        "NotImplementedError",
                        "Only 1d and 2d arrays are supported for TimedArray",
                        span,
                    ));
                }
            };
            let dt = as_time(
                call.arg(1, "dt")
                    .ok_or_else(|| call.error("TimedArray() missing required argument 'dt'"))?,
                call.arg_span(1, "dt"),
                "dt",
            )?;
            let name = match call.arg(2, "name") {
                Some(Value::Str(s)) => s.clone(),
                _ => "timedarray".to_string(),
            };
            let values = crate::units::QuantityArray::new(array.data, array.dim);
            let ta = crate::api::timed_array::timed_array(&name, values, cols, dt)
                .map_err(|e| conv(interp, e))?;
            Ok(Value::Obj(Obj::TimedArray(ta)))
        }
        "Clock" => {
            call.check(0, &["dt", "name"])?;
            let dt = as_time(
                call.arg(0, "dt")
                    .ok_or_else(|| call.error("Clock() missing required argument 'dt'"))?,
                call.arg_span(0, "dt"),
                "dt",
            )?;
            let id = interp.net.add_clock(dt).map_err(|e| conv(interp, e))?;
            Ok(Value::Obj(Obj::Clock(id)))
        }
        "Network" => {
            call.check(usize::MAX, &["name"])?;
            let mut sel = Selection::default();
            for (v, span) in &call.args {
                add_objects(&mut sel, v, *span)?;
            }
            interp.networks.push(sel);
            interp.network_t.push(0.0);
            Ok(Value::Obj(Obj::Network(interp.networks.len() - 1)))
        }
        "store" | "restore" => {
            if call.name == "store" {
                call.check(2, &["name", "filename"])?;
            } else {
                call.check(3, &["name", "filename", "restore_random_state"])?;
            }
            if call.arg(1, "filename").is_some() {
                return Err(ScriptError::new(
                    "NotImplementedError",
                    "store/restore to a file is not supported by spikelift yet",
                    call.arg_span(1, "filename"),
                ));
            }
            let name = match call.arg(0, "name") {
                None => "default".to_string(),
                Some(v) => as_str(v, call.arg_span(0, "name"), "name")?.to_string(),
            };
            store_or_restore(interp, call, &name, None)?;
            Ok(Value::None)
        }
        "start_scope" => {
            // Brian2's start_scope(): the implicit network starts again at t = 0 with
            // only the objects created from here on.
            call.check(0, &[])?;
            interp.magic_t = 0.0;
            interp.scope_start = (
                interp.net.groups.len(),
                interp.net.state_monitors.len(),
                interp.net.spike_monitors.len(),
            );
            Ok(Value::None)
        }
        "set_device" | "seed" | "device" | "get_device" => {
            if call.name == "seed"
                && let Some(s) = call.arg(0, "seed").and_then(Value::as_int)
            {
                use rand_xoshiro::rand_core::SeedableRng;
                interp.rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(s as u64);
                interp.net.seed(s as u64);
            }
            Ok(Value::None)
        }
        "run" => {
            call.check(
                1,
                &[
                    "duration",
                    "report",
                    "report_period",
                    "namespace",
                    "profile",
                    "level",
                ],
            )?;
            let d = as_time(
                call.arg(0, "duration")
                    .ok_or_else(|| call.error("run() missing required argument 'duration'"))?,
                call.arg_span(0, "duration"),
                "duration",
            )?;
            sync_namespace(interp, call.arg(9, "namespace"))?;
            if interp.check_only {
                let mut problems = interp.net.check_each().into_iter().map(|e| conv(interp, e));
                if let Some(mut first) = problems.next() {
                    first.related = problems.collect();
                    return Err(first);
                }
            } else {
                // Brian2's magic run() simulates the objects bound to a name in the
                // script, not those only kept inside containers.
                let mut sel = Selection::default();
                for v in interp.globals.values() {
                    if in_scope(interp, v) {
                        add_to_selection(&mut sel, v);
                    }
                }
                interp.net.add_dependencies(&mut sel);
                simulate(interp, call, d, &sel, None)?;
            }
            Ok(Value::None)
        }
        "NeuronGroup" => {
            call.check(
                2,
                &[
                    "N",
                    "model",
                    "threshold",
                    "reset",
                    "refractory",
                    "method",
                    "namespace",
                    "dt",
                    "name",
                    "order",
                    "method_options",
                    "dtype",
                    "codeobj_class",
                    "clock",
                    "events",
                ],
            )?;
            let n = call
                .arg(0, "N")
                .ok_or_else(|| call.error("NeuronGroup() missing required argument 'N'"))?;
            // a whole number given as a float (`NE/4`) is accepted, as Brian2 does
            let whole = match n {
                Value::Float(x) if x.fract() == 0.0 && x.is_finite() => Some(*x as i64),
                _ => n.as_int(),
            };
            let n = whole.ok_or_else(|| {
                ScriptError::new(
                    "TypeError",
                    format!("N must be an integer, got {n}"),
                    call.arg_span(0, "N"),
                )
            })?;
            let model = match call.arg(1, "model") {
                Some(v) => as_str(v, call.arg_span(1, "model"), "model")?.to_string(),
                None => return Err(call.error("NeuronGroup() missing required argument 'model'")),
            };
            let mut g = NeuronGroup::new(n, &model)
                .map_err(|e| convert(interp, e, call.arg_span(0, "N")))?;
            if let Some(v) = call.arg(2, "threshold").filter(|v| **v != Value::None) {
                g = g.threshold(as_str(v, call.arg_span(2, "threshold"), "threshold")?);
            }
            if let Some(v) = call.arg(3, "reset").filter(|v| **v != Value::None) {
                g = g.reset(as_str(v, call.arg_span(3, "reset"), "reset")?);
            }
            match call.arg(4, "refractory") {
                None | Some(Value::Bool(false)) | Some(Value::None) => {}
                Some(Value::Str(s)) => g = g.refractory(s.as_str()),
                Some(v) => {
                    g = g.refractory(as_time(v, call.arg_span(4, "refractory"), "refractory")?)
                }
            }
            if let Some(v) = call.arg(5, "method") {
                g = g.method(as_str(v, call.arg_span(5, "method"), "method")?);
            }
            g = g.namespace(namespace_items(call.arg(6, "namespace")));
            if let Some(v) = call.arg(7, "dt").filter(|v| **v != Value::None) {
                g = g.dt(as_time(v, call.arg_span(7, "dt"), "dt")?);
            }
            if let Some(c) = clock_arg(call, usize::MAX, "clock")? {
                g = g.clock(c);
            }
            if let Some(v) = call.arg(8, "name") {
                g = g.name(as_str(v, call.arg_span(8, "name"), "name")?);
            }
            if let Some(o) = call.arg(9, "order").and_then(Value::as_int) {
                g = g.order(o as i32);
            }
            match call.kwargs.iter().find(|(k, _, _)| k == "events") {
                None => {}
                Some((_, Value::Dict(items), span)) => {
                    for (k, v) in items {
                        g = g.event(
                            as_str(k, *span, "event name")?,
                            as_str(v, *span, "event condition")?,
                        );
                    }
                }
                Some((_, other, span)) => {
                    return Err(ScriptError::new(
                        "TypeError",
                        format!(
                            "events must be a dict of names to conditions, got {}",
                            other.type_name()
                        ),
                        *span,
                    ));
                }
            }
            let id = interp.net.add(g).map_err(|e| conv(interp, e))?;
            Ok(Value::Obj(Obj::Group(id)))
        }
        "StateMonitor" => {
            call.check(
                3,
                &[
                    "source",
                    "variables",
                    "record",
                    "dt",
                    "when",
                    "order",
                    "name",
                    "clock",
                    "codeobj_class",
                ],
            )?;
            let Some(source) = call.arg(0, "source").and_then(neurons_of) else {
                return Err(call.error(
                    "StateMonitor() needs a NeuronGroup, a subgroup or Synapses as its source",
                ));
            };
            let g = &source.group;
            let vars: Vec<String> = match call.arg(1, "variables") {
                Some(Value::Str(s)) => vec![s.clone()],
                Some(Value::List(items)) | Some(Value::Tuple(items)) => items
                    .iter()
                    .map(|v| {
                        as_str(v, call.arg_span(1, "variables"), "variable").map(str::to_string)
                    })
                    .collect::<SResult<_>>()?,
                Some(Value::Bool(true)) => interp.net.variable_names(*g),
                _ => return Err(call.error("StateMonitor() needs the variables to record")),
            };
            let record = match call.arg(2, "record") {
                None | Some(Value::Bool(true)) => Record::All,
                Some(Value::Bool(false)) => Record::Indices(vec![]),
                Some(v) => {
                    let a = v.to_array().map_err(|m| {
                        ScriptError::new("TypeError", m, call.arg_span(2, "record"))
                    })?;
                    Record::Indices(a.data.iter().map(|x| *x as u32).collect())
                }
            };
            let mut options = StateMonitorOptions {
                record,
                ..Default::default()
            };
            if let Some(v) = call.arg(3, "dt").filter(|v| **v != Value::None) {
                options.dt = Some(as_time(v, call.arg_span(3, "dt"), "dt")?);
            }
            options.clock = clock_arg(call, 7, "clock")?;
            if let Some(v) = call.arg(4, "when") {
                options.when = as_str(v, call.arg_span(4, "when"), "when")?.to_string();
            }
            if let Some(o) = call.arg(5, "order").and_then(Value::as_int) {
                options.order = o as i32;
            }
            if let Some(v) = call.arg(6, "name") {
                options.name = Some(as_str(v, call.arg_span(6, "name"), "name")?.to_string());
            }
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            let id = interp
                .net
                .state_monitor(source, &names, options)
                .map_err(|e| conv(interp, e))?;
            Ok(Value::Obj(Obj::StateMonitor(id)))
        }
        other => Err(ScriptError::new(
            "NameError",
            format!("name '{other}' is not defined"),
            call.span,
        )),
    }
}

pub(crate) fn values_of(v: Value, span: Span) -> SResult<Values> {
    Ok(match v {
        Value::Str(s) => Values::Expr(s),
        Value::Array(_) | Value::List(_) | Value::Tuple(_) => Values::Array(
            v.to_quantity_array()
                .map_err(|m| ScriptError::new("TypeError", m, span))?,
        ),
        other => match other.as_quantity() {
            Some(q) => Values::Quantity(q),
            None => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!("cannot set a variable to a {}", other.type_name()),
                    span,
                ));
            }
        },
    })
}

pub(crate) fn kind_of(dtype: Option<Dtype>) -> Kind {
    match dtype {
        Some(Dtype::Bool) => Kind::Bool,
        Some(Dtype::Int) => Kind::Int,
        _ => Kind::Float,
    }
}

/// `obj.attr`; `obj.attr_` is the same without units (SI values), as in Brian2.
pub fn get_attr(interp: &mut Interpreter, v: &Value, attr: &str, span: Span) -> SResult<Value> {
    if let (Value::Obj(_), Some(base)) = (v, attr.strip_suffix('_'))
        && !base.is_empty()
        && !base.ends_with('_')
        && let Ok(value) = get_attr_with_units(interp, v, base, span)
        && let Some(stripped) = without_units(value)
    {
        return Ok(stripped);
    }
    get_attr_with_units(interp, v, attr, span)
}

/// Unit-free numbers (a scalar or an array) given dimension `dim`; `None` for other
/// values.
fn with_dim(v: &Value, dim: Dimension) -> Option<Value> {
    match v {
        Value::Float(_) | Value::Int(_) => v
            .as_scalar()
            .map(|(x, _, _)| Value::from_quantity(Quantity::new(x, dim))),
        Value::Array(a) if a.dim == Dimension::DIMENSIONLESS => {
            let mut a = a.clone();
            a.dim = dim;
            Some(Value::Array(a))
        }
        _ => None,
    }
}

/// A quantity, an array of quantities, or a tuple of them without their units
/// (`None` for other values: they have no unit-free form).
fn without_units(v: Value) -> Option<Value> {
    match v {
        Value::Quantity(q) => Some(Value::Float(q.value)),
        Value::Float(_) | Value::Int(_) | Value::Bool(_) => Some(v),
        Value::Array(mut a) => {
            a.dim = Dimension::DIMENSIONLESS;
            Some(Value::Array(a))
        }
        Value::Tuple(items) => items
            .into_iter()
            .map(without_units)
            .collect::<Option<Vec<_>>>()
            .map(Value::Tuple),
        _ => None,
    }
}

/// The network object a script value is (`None` for subgroups and other values).
fn network_object(v: &Value) -> Option<crate::api::NetworkObject> {
    match v {
        Value::Obj(Obj::Group(g)) => Some((*g).into()),
        Value::Obj(Obj::StateMonitor(m)) => Some((*m).into()),
        Value::Obj(Obj::SpikeMonitor(m)) => Some((*m).into()),
        Value::Obj(Obj::RateMonitor(m)) => Some((*m).into()),
        Value::Obj(Obj::PoissonInput(p)) => Some((*p).into()),
        _ => None,
    }
}

/// `obj.attr`, with units.
fn get_attr_with_units(
    interp: &mut Interpreter,
    v: &Value,
    attr: &str,
    span: Span,
) -> SResult<Value> {
    if attr == "active"
        && let Some(o) = network_object(v)
    {
        return interp
            .net
            .is_active(o)
            .map(Value::Bool)
            .map_err(|e| convert(interp, e, span));
    }
    let no_attr = || {
        ScriptError::new(
            "AttributeError",
            format!("'{}' object has no attribute '{attr}'", v.type_name()),
            span,
        )
    };
    if let Value::Obj(Obj::Group(g)) = v
        && interp.net.is_synapses(*g)
        && let Some(value) = super::synapses::get_attr(interp, *g, attr, span)?
    {
        return Ok(value);
    }
    if let Value::Obj(Obj::Pathway(g, p)) = v {
        return super::synapses::pathway_attr(interp, *g, p, attr, span);
    }
    if let Value::Obj(Obj::Subgroup(g, a, b)) = v {
        return subgroup_attr(interp, g.slice(*a, *b), attr, span);
    }
    let net = &interp.net;
    match v {
        Value::Obj(Obj::Group(g)) => match attr {
            "run_on_event" | "run_regularly" | "get_states" | "set_states"
            | "set_event_schedule" => Ok(Value::Obj(Obj::Method(
                Box::new(v.clone()),
                attr.to_string(),
            ))),
            "variables" => Ok(super::states::variables(interp, *g)),
            "set_spikes" if net.is_spike_generator(*g) => Ok(Value::Obj(Obj::Method(
                Box::new(v.clone()),
                attr.to_string(),
            ))),
            "N" => Ok(Value::Int(net.len(*g) as i64)),
            "name" => Ok(Value::Str(net.group_name(*g).to_string())),
            "t" => Ok(Value::Quantity(net.group_t(*g))),
            _ => variable_value(interp, (*g).into(), attr, span),
        },
        Value::Obj(Obj::StateMonitor(m)) => {
            let data = net.state_data(*m);
            match attr {
                "record_single_timestep" => Ok(Value::Obj(Obj::Method(
                    Box::new(v.clone()),
                    attr.to_string(),
                ))),
                "t" => Ok(Value::Array(Array::vector(
                    data.t().si().to_vec(),
                    Dimension::TIME,
                    Kind::Float,
                ))),
                "N" => Ok(Value::Int(data.t().len() as i64)),
                "name" => Ok(Value::Str(data.name().to_string())),
                _ if data.var_names().contains(&attr) => {
                    let n_rec = data.indices().len();
                    let all = data.values(attr).map_err(|e| convert(interp, e, span))?;
                    let n_t = data.t().len();
                    let src = all.si();
                    let values: Vec<f64> = (0..n_rec)
                        .flat_map(|r| (0..n_t).map(move |k| src[k * n_rec + r]))
                        .collect();
                    let kind = kind_of(
                        net.state_monitor_group(*m)
                            .and_then(|g| net.variable_kind(g, attr)),
                    );
                    Ok(Value::Array(Array::matrix(
                        n_rec,
                        n_t,
                        values,
                        all.dim(),
                        kind,
                    )))
                }
                _ => Err(no_attr()),
            }
        }
        Value::Obj(Obj::StateMonitorRow(m, k)) => {
            let data = net.state_data(*m);
            match attr {
                "t" => Ok(Value::Array(Array::vector(
                    data.t().si().to_vec(),
                    Dimension::TIME,
                    Kind::Float,
                ))),
                _ => {
                    let tr = data.trace(attr, *k).map_err(|e| convert(interp, e, span))?;
                    let kind = kind_of(
                        net.state_monitor_group(*m)
                            .and_then(|g| net.variable_kind(g, attr)),
                    );
                    Ok(Value::Array(Array::vector(
                        tr.si().to_vec(),
                        tr.dim(),
                        kind,
                    )))
                }
            }
        }
        Value::Obj(Obj::SpikeMonitor(m)) => {
            super::spike_monitor::get_attr(interp, v, *m, attr, span)
        }
        Value::Obj(Obj::RateMonitor(m)) => super::rate_monitor::get_attr(interp, v, *m, attr, span),
        Value::Obj(Obj::Clock(c)) => match attr {
            "dt" => Ok(Value::Quantity(net.clock_dt(*c))),
            "t" => Ok(Value::Quantity(net.clock_t(*c))),
            _ => Err(no_attr()),
        },
        Value::Obj(Obj::Network(k)) => match attr {
            "t" => Ok(Value::Quantity(Quantity::new(
                network_time(interp, Some(*k)),
                Dimension::TIME,
            ))),
            "schedule" => Ok(Value::List(
                net.schedule()
                    .into_iter()
                    .map(|s| Value::Str(s.to_string()))
                    .collect(),
            )),
            "add" | "remove" | "run" | "store" | "restore" | "scheduling_summary"
            | "profiling_summary" => Ok(Value::Obj(Obj::Method(
                Box::new(v.clone()),
                attr.to_string(),
            ))),
            _ => Err(no_attr()),
        },
        Value::Obj(Obj::DefaultClock) => match attr {
            "dt" => Ok(Value::Quantity(net.default_dt())),
            "t" => Ok(Value::Quantity(net.clock_t(crate::api::ClockId(0)))),
            _ => Err(no_attr()),
        },
        Value::Obj(Obj::Prefs) => Ok(Value::Obj(Obj::Prefs)),
        _ => Err(no_attr()),
    }
}

/// The group or subgroup a value stands for (`G`, `G[10:20]`).
pub(crate) fn neurons_of(v: &Value) -> Option<Neurons> {
    match v {
        Value::Obj(Obj::Group(g)) => Some((*g).into()),
        Value::Obj(Obj::Subgroup(g, a, b)) => Some(g.slice(*a, *b)),
        _ => None,
    }
}

/// Attributes of a subgroup `G[a:b]`: its size, name and variables (the values of its
/// neurons).
fn subgroup_attr(interp: &mut Interpreter, n: Neurons, attr: &str, span: Span) -> SResult<Value> {
    match attr {
        "N" => Ok(Value::Int(interp.net.len(n) as i64)),
        "get_states" | "set_states" | "run_regularly" => Ok(Value::Obj(Obj::Method(
            Box::new(Value::Obj(Obj::Subgroup(
                n.group,
                n.range.map_or(0, |r| r.0),
                n.range.map_or(0, |r| r.1),
            ))),
            attr.to_string(),
        ))),
        "name" => Ok(Value::Str(interp.net.group_name(n.group).to_string())),
        "t" => Ok(Value::Quantity(interp.net.group_t(n.group))),
        _ => variable_value(interp, n, attr, span),
    }
}

/// `G.v` of a group or subgroup: an array with units (a scalar for a shared variable).
fn variable_value(interp: &mut Interpreter, n: Neurons, attr: &str, span: Span) -> SResult<Value> {
    let net = &interp.net;
    let g = n.group;
    if !net.has_variable(g, attr) {
        return Err(convert(
            interp,
            Error::UnknownVariable {
                object: net.group_name(g).to_string(),
                name: attr.to_string(),
                candidates: crate::check::close_matches(
                    attr,
                    net.variable_names(g).iter().map(String::as_str),
                ),
            },
            span,
        ));
    }
    let q = net.get(n, attr).map_err(|e| convert(interp, e, span))?;
    let kind = kind_of(net.variable_kind(g, attr));
    if net.is_shared(g, attr) {
        let x = q.si().first().copied().unwrap_or(0.0);
        return Ok(Value::from_array(Array {
            data: vec![x],
            shape: vec![],
            dim: q.dim(),
            kind,
        }));
    }
    Ok(Value::Array(Array::vector(q.si().to_vec(), q.dim(), kind)))
}

/// `G.v['cond']` (and for synapses `S.w[i, j]`): the values of the selected neurons
/// or synapses, in index order (on a subgroup, `i` and the selection are relative to
/// it).
pub fn get_selected(
    interp: &mut Interpreter,
    n: Neurons,
    attr: &str,
    index: &Value,
    span: Span,
) -> SResult<Value> {
    sync_namespace(interp, None)?;
    let g = n.group;
    let selected: Vec<u32> = if interp.net.is_synapses(g) {
        super::synapses::selection(interp, g, index, span)?
    } else if let Value::Str(cond) = index {
        interp
            .net
            .select(n, cond)
            .map_err(|e| convert(interp, e, span))?
    } else {
        return Err(ScriptError::new("IndexError", "unsupported index", span));
    };
    // synapses also select from `S.i`, `S.j`, `S.delay`, `S.x_pre`, ...
    let all = if interp.net.is_synapses(g) {
        get_attr(interp, &Value::Obj(Obj::Group(g)), attr, span)?
    } else {
        variable_value(interp, n, attr, span)?
    };
    match all {
        Value::Array(a) if a.shape.len() == 1 => Ok(Value::Array(Array::vector(
            selected.iter().map(|&k| a.data[k as usize]).collect(),
            a.dim,
            a.kind,
        ))),
        other => Ok(other),
    }
}

/// `obj.attr = value`.
pub fn set_attr(
    interp: &mut Interpreter,
    obj: &Value,
    attr: &str,
    v: Value,
    span: Span,
) -> SResult<()> {
    if attr == "active"
        && let Some(o) = network_object(obj)
    {
        let on = v
            .truthy()
            .map_err(|m| ScriptError::new("TypeError", m, span))?;
        return interp
            .net
            .set_active(o, on)
            .map_err(|e| convert(interp, e, span));
    }
    match obj {
        Value::Obj(Obj::Group(g)) if attr == "delay" && interp.net.is_synapses(*g) => {
            let values = values_of(v, span)?;
            super::synapses::set_delay(interp, *g, "pre", values, None, span)
        }
        Value::Obj(Obj::Pathway(g, p)) if attr == "delay" => {
            let values = values_of(v, span)?;
            super::synapses::set_delay(interp, *g, p, values, None, span)
        }
        Value::Obj(Obj::Group(g)) if matches!(v, Value::Obj(Obj::LinkedVar(..))) => {
            let Value::Obj(Obj::LinkedVar(source, source_var, index)) = v else {
                return Ok(());
            };
            interp
                .net
                .link_variable(*g, attr, source, &source_var, index.as_deref())
                .map_err(|e| convert(interp, e, span))
        }
        Value::Obj(Obj::Group(_) | Obj::Subgroup(..)) => {
            let Some(n) = neurons_of(obj) else {
                return Ok(());
            };
            // `G.v_ = ...`: SI values without units
            let (attr, v) = match attr.strip_suffix('_').and_then(|base| {
                let dim = interp.net.variable_dim(n.group, base)?;
                Some((base, with_dim(&v, dim)?))
            }) {
                Some((base, with_units)) => (base, with_units),
                None => (attr, v),
            };
            let values = values_of(v, span)?;
            sync_namespace(interp, None)?;
            interp
                .net
                .set(n, attr, values)
                .map_err(|e| convert(interp, e, span))
        }
        Value::Obj(Obj::DefaultClock) if attr == "dt" => {
            let q = as_time(&v, span, "dt")?;
            interp
                .net
                .set_default_dt(q)
                .map_err(|e| convert(interp, e, span))
        }
        Value::Obj(Obj::Clock(c)) if attr == "dt" => {
            let q = as_time(&v, span, "dt")?;
            interp
                .net
                .set_clock_dt(*c, q)
                .map_err(|e| convert(interp, e, span))
        }
        Value::Obj(Obj::Network(_)) if attr == "schedule" => {
            let names = string_items(&v).ok_or_else(|| {
                ScriptError::new(
                    "TypeError",
                    format!(
                        "schedule must be a list of slot names, got {}",
                        v.type_name()
                    ),
                    span,
                )
            })?;
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            interp
                .net
                .set_schedule(&names)
                .map_err(|e| convert(interp, e, span))
        }
        Value::Obj(Obj::Prefs) => Ok(()),
        other => Err(ScriptError::new(
            "AttributeError",
            format!("cannot set attribute '{attr}' of a {}", other.type_name()),
            span,
        )),
    }
}

/// `G.var[index] = value`.
pub fn set_item(
    interp: &mut Interpreter,
    obj: &Value,
    attr: &str,
    i: &Value,
    v: Value,
    span: Span,
) -> SResult<()> {
    let Some(n) = neurons_of(obj) else {
        return Err(ScriptError::new(
            "TypeError",
            "item assignment is only supported on group variables",
            span,
        ));
    };
    let g = &n.group;
    sync_namespace(interp, None)?;
    if interp.net.is_synapses(*g) {
        let indices = super::synapses::selection(interp, *g, i, span)?;
        let values = match values_of(v, span)? {
            Values::Array(a) if a.len() == 1 && indices.len() != 1 => {
                Values::Quantity(Quantity::new(a.values[0], a.dim))
            }
            other => other,
        };
        if attr == "delay" {
            return super::synapses::set_delay(interp, *g, "pre", values, Some(&indices), span);
        }
        return interp
            .net
            .set_indices(*g, attr, values, &indices)
            .map_err(|e| convert(interp, e, span));
    }
    let indices: Vec<u32> = match i {
        Value::Str(cond) => interp
            .net
            .select(n, cond)
            .map_err(|e| convert(interp, e, span))?,
        other => index::positions(interp.net.len(n), other)
            .map_err(|m| ScriptError::new("IndexError", m, span))?
            .0
            .into_iter()
            .map(|k| k as u32)
            .collect(),
    };
    let values = match values_of(v, span)? {
        Values::Array(a) if a.len() == 1 && indices.len() != 1 => {
            Values::Quantity(Quantity::new(a.values[0], a.dim))
        }
        other => other,
    };
    interp
        .net
        .set_indices(n, attr, values, &indices)
        .map_err(|e| convert(interp, e, span))
}

/// `obj[index]` for Brian2 objects.
pub fn subscript(interp: &mut Interpreter, v: &Value, i: &Value, span: Span) -> SResult<Value> {
    match v {
        Value::Obj(Obj::StateMonitor(m)) => {
            let neuron = i.as_int().ok_or_else(|| {
                ScriptError::new(
                    "TypeError",
                    "a StateMonitor is indexed by a neuron index",
                    span,
                )
            })?;
            let pos = interp
                .net
                .state_data(*m)
                .indices()
                .iter()
                .position(|&x| i64::from(x) == neuron);
            pos.map(|k| Value::Obj(Obj::StateMonitorRow(*m, k)))
                .ok_or_else(|| {
                    ScriptError::new(
                        "IndexError",
                        format!("neuron {neuron} is not recorded by this StateMonitor"),
                        span,
                    )
                })
        }
        Value::Obj(Obj::Group(g)) if !interp.net.is_synapses(*g) => {
            let n = interp.net.len(*g);
            let (ix, keep) =
                index::positions(n, i).map_err(|m| ScriptError::new("IndexError", m, span))?;
            let contiguous = ix.windows(2).all(|w| w[1] == w[0] + 1);
            match (keep, ix.first(), ix.last()) {
                // a range, or a single neuron (`G[5]`, a subgroup of one in Brian2)
                (_, Some(&a), Some(&b)) if contiguous && (keep || a == b) => {
                    Ok(Value::Obj(Obj::Subgroup(*g, a, b + 1)))
                }
                (true, None, _) => Ok(Value::Obj(Obj::Subgroup(*g, 0, 0))),
                _ => Err(ScriptError::new(
                    "IndexError",
                    "a subgroup must be a contiguous range of neurons, e.g. G[10:20]",
                    span,
                )),
            }
        }
        other => Err(ScriptError::new(
            "TypeError",
            format!("'{}' object is not subscriptable", other.type_name()),
            span,
        )),
    }
}

/// `len(obj)` for Brian2 objects.
pub fn len(interp: &mut Interpreter, v: &Value, span: Span) -> SResult<Value> {
    match v {
        Value::Obj(Obj::Subgroup(_, a, b)) => Ok(Value::Int((b - a) as i64)),
        Value::Obj(Obj::Group(g)) => Ok(Value::Int(interp.net.len(*g) as i64)),
        Value::Obj(Obj::SpikeMonitor(m)) => {
            Ok(Value::Int(interp.net.spike_data(*m).num_spikes() as i64))
        }
        Value::Obj(Obj::StateMonitor(m)) => {
            Ok(Value::Int(interp.net.state_data(*m).t().len() as i64))
        }
        Value::Obj(Obj::RateMonitor(m)) => {
            Ok(Value::Int(interp.net.rate_data(*m).t().len() as i64))
        }
        other => Err(ScriptError::new(
            "TypeError",
            format!("object of type '{}' has no len()", other.type_name()),
            span,
        )),
    }
}

/// Methods of Brian2 objects.
pub fn call_method(interp: &mut Interpreter, recv: &Value, call: &Call<'_>) -> SResult<Value> {
    match (recv, call.name) {
        (Value::Obj(Obj::Group(_) | Obj::Subgroup(..)), "get_states" | "set_states") => {
            let Some(n) = neurons_of(recv) else {
                return Ok(Value::None);
            };
            if call.name == "get_states" {
                super::states::get_states(interp, n, call)
            } else {
                super::states::set_states(interp, n, call)
            }
        }
        (Value::Obj(Obj::StateMonitor(m)), "record_single_timestep") => {
            super::states::record_single_timestep(interp, *m, call)
        }
        (Value::Obj(Obj::Network(k)), "scheduling_summary") => {
            let sel = interp.networks[*k].clone();
            super::states::scheduling_summary(interp, Some(&sel), call)
        }
        (Value::Obj(Obj::Network(_)), "profiling_summary") => {
            super::states::profiling_summary(interp, call)
        }
        (Value::Obj(Obj::Group(g)), "connect") if interp.net.is_synapses(*g) => {
            super::synapses::connect(interp, *g, call)
        }
        (Value::Obj(Obj::RateMonitor(m)), _) => super::rate_monitor::call_method(interp, *m, call),
        (Value::Obj(Obj::SpikeMonitor(m)), _) => {
            super::spike_monitor::call_method(interp, *m, call)
        }
        (Value::Obj(Obj::Group(g)), "set_event_schedule") => {
            call.check(3, &["event", "when", "order"])?;
            let event = as_str(
                call.arg(0, "event")
                    .ok_or_else(|| call.error("set_event_schedule() missing 'event'"))?,
                call.arg_span(0, "event"),
                "event",
            )?
            .to_string();
            let when = match call.arg(1, "when") {
                Some(v) => as_str(v, call.arg_span(1, "when"), "when")?.to_string(),
                None => "after_thresholds".to_string(),
            };
            let order = match call.arg(2, "order").filter(|v| **v != Value::None) {
                None => None,
                Some(v) => Some(v.as_int().ok_or_else(|| {
                    ScriptError::new(
                        "TypeError",
                        format!("order must be an integer, got {v}"),
                        call.arg_span(2, "order"),
                    )
                })? as i32),
            };
            interp
                .net
                .set_event_schedule(*g, &event, &when, order)
                .map_err(|e| convert(interp, e, call.span))?;
            Ok(Value::None)
        }
        (Value::Obj(Obj::Group(g)), "run_on_event") => {
            call.check(2, &["event", "code", "when", "order"])?;
            let event = as_str(
                call.arg(0, "event")
                    .ok_or_else(|| call.error("run_on_event() missing 'event'"))?,
                call.arg_span(0, "event"),
                "event",
            )?
            .to_string();
            let code = as_str(
                call.arg(1, "code")
                    .ok_or_else(|| call.error("run_on_event() missing 'code'"))?,
                call.arg_span(1, "code"),
                "code",
            )?
            .to_string();
            interp
                .net
                .run_on_event(*g, &event, &code)
                .map_err(|e| convert(interp, e, call.span))?;
            Ok(Value::None)
        }
        (Value::Obj(Obj::Group(_) | Obj::Subgroup(..)), "run_regularly") => {
            let Some(g) = neurons_of(recv) else {
                return Ok(Value::None);
            };
            call.check(
                1,
                &[
                    "code",
                    "dt",
                    "clock",
                    "when",
                    "order",
                    "name",
                    "codeobj_class",
                ],
            )?;
            let code = as_str(
                call.arg(0, "code")
                    .ok_or_else(|| call.error("run_regularly() missing 'code'"))?,
                call.arg_span(0, "code"),
                "code",
            )?
            .to_string();
            let dt = optional_time(call, 1, "dt")?;
            let clock = clock_arg(call, 2, "clock")?;
            let when = match call.arg(3, "when") {
                Some(v) => as_str(v, call.arg_span(3, "when"), "when")?.to_string(),
                None => "start".to_string(),
            };
            let order = call.arg(4, "order").and_then(Value::as_int).unwrap_or(0) as i32;
            let net = &mut interp.net;
            match (dt, clock) {
                (Some(_), Some(_)) => Err(ScriptError::new(
                    "ValueError",
                    "can only specify either a dt or a clock, not both",
                    call.span,
                )),
                (_, Some(c)) => net
                    .run_regularly_on(g, &code, c, &when, order)
                    .map_err(|e| convert(interp, e, call.span)),
                (dt, None) => net
                    .run_regularly(g, &code, dt, &when, order)
                    .map_err(|e| convert(interp, e, call.span)),
            }?;
            Ok(Value::None)
        }
        (Value::Obj(Obj::Group(g)), "set_spikes") => {
            call.check(3, &["indices", "times", "period", "sorted"])?;
            let (indices, times) = spike_lists(call, 0, 1)?;
            let period = optional_time(call, 2, "period")?;
            interp
                .net
                .set_spikes(*g, &indices, &times, period)
                .map_err(|e| convert(interp, e, call.span))?;
            Ok(Value::None)
        }
        (Value::Obj(Obj::Network(k)), "add" | "remove") => {
            let mut sel = interp.networks[*k].clone();
            let mut given = Selection::default();
            for (v, span) in &call.args {
                add_objects(&mut given, v, *span)?;
            }
            if call.name == "add" {
                sel.groups.extend(given.groups);
                sel.state_monitors.extend(given.state_monitors);
                sel.spike_monitors.extend(given.spike_monitors);
            } else {
                sel.groups.retain(|g| !given.groups.contains(g));
                sel.state_monitors
                    .retain(|m| !given.state_monitors.contains(m));
                sel.spike_monitors
                    .retain(|m| !given.spike_monitors.contains(m));
            }
            interp.networks[*k] = sel;
            Ok(Value::None)
        }
        (Value::Obj(Obj::Network(k)), "run") => {
            call.check(
                1,
                &[
                    "duration",
                    "report",
                    "report_period",
                    "namespace",
                    "profile",
                    "level",
                ],
            )?;
            let d = as_time(
                call.arg(0, "duration")
                    .ok_or_else(|| call.error("run() missing required argument 'duration'"))?,
                call.arg_span(0, "duration"),
                "duration",
            )?;
            sync_namespace(interp, call.arg(9, "namespace"))?;
            let sel = interp.networks[*k].clone();
            if interp.check_only {
                interp
                    .net
                    .check()
                    .map_err(|e| convert(interp, e, call.span))?;
            } else {
                simulate(interp, call, d, &sel, Some(*k))?;
            }
            Ok(Value::None)
        }
        (Value::Obj(Obj::Network(k)), "store" | "restore") => {
            if call.name == "store" {
                call.check(2, &["name", "filename"])?;
            } else {
                call.check(3, &["name", "filename", "restore_random_state"])?;
            }
            let name = match call.arg(0, "name") {
                None => "default".to_string(),
                Some(v) => as_str(v, call.arg_span(0, "name"), "name")?.to_string(),
            };
            store_or_restore(interp, call, &name, Some(*k))?;
            Ok(Value::None)
        }
        (other, name) => Err(ScriptError::new(
            "AttributeError",
            format!("'{}' object has no method '{name}'", other.type_name()),
            call.span,
        )),
    }
}

/// Brian2's `collect()`: the objects a network simulates (groups, synapses,
/// monitors, Poisson inputs) that the script's variables name, each once, in the
/// order they were created.
fn collect(interp: &Interpreter) -> Vec<Value> {
    let mut found: Vec<Value> = interp
        .globals
        .values()
        .filter(|v| {
            in_scope(interp, v)
                && matches!(
                    v,
                    Value::Obj(
                        Obj::Group(_)
                            | Obj::StateMonitor(_)
                            | Obj::SpikeMonitor(_)
                            | Obj::RateMonitor(_)
                            | Obj::PoissonInput(_)
                    )
                )
        })
        .cloned()
        .collect();
    let key = |v: &Value| match v {
        Value::Obj(Obj::Group(g)) => (0, g.0, 0),
        Value::Obj(Obj::StateMonitor(m)) => (1, m.0, 0),
        Value::Obj(Obj::SpikeMonitor(m)) => (2, m.0, 0),
        Value::Obj(Obj::RateMonitor(m)) => (3, m.0, 0),
        Value::Obj(Obj::PoissonInput(p)) => (4, p.0.0, p.1),
        _ => (5, 0, 0),
    };
    found.sort_by_key(key);
    found.dedup_by_key(|v| key(v));
    found
}

/// Add a Brian2 object (or a list of them) to a selection.
fn add_objects(sel: &mut Selection, v: &Value, span: Span) -> SResult<()> {
    match v {
        Value::List(items) | Value::Tuple(items) => {
            for it in items {
                add_objects(sel, it, span)?;
            }
            Ok(())
        }
        Value::Obj(
            Obj::Group(_)
            | Obj::StateMonitor(_)
            | Obj::SpikeMonitor(_)
            | Obj::RateMonitor(_)
            | Obj::PoissonInput(_),
        ) => {
            add_to_selection(sel, v);
            Ok(())
        }
        other => Err(ScriptError::new(
            "TypeError",
            format!("cannot add a {} to a Network", other.type_name()),
            span,
        )),
    }
}

/// Whether an object was created since the last `start_scope()` (Brian2's scope:
/// `run()` and `collect()` see only those).
fn in_scope(interp: &Interpreter, v: &Value) -> bool {
    let (g0, s0, m0) = interp.scope_start;
    match v {
        Value::Obj(Obj::Group(g)) => g.0 >= g0,
        Value::Obj(Obj::PoissonInput(p)) => p.0.0 >= g0,
        Value::Obj(Obj::StateMonitor(m)) => m.0 >= s0,
        Value::Obj(Obj::SpikeMonitor(m)) => m.0 >= m0,
        Value::Obj(Obj::RateMonitor(m)) => {
            interp.net.rate_monitor_group(*m).is_some_and(|g| g.0 >= g0)
        }
        _ => true,
    }
}

/// Add `v` to `sel` if it is a simulated object (anything else is ignored).
fn add_to_selection(sel: &mut Selection, v: &Value) {
    match v {
        Value::Obj(Obj::Group(g)) if !sel.groups.contains(g) => sel.groups.push(*g),
        Value::Obj(Obj::PoissonInput(p)) if !sel.groups.contains(&p.0) => sel.groups.push(p.0),
        Value::Obj(Obj::StateMonitor(m)) if !sel.state_monitors.contains(m) => {
            sel.state_monitors.push(*m)
        }
        Value::Obj(Obj::SpikeMonitor(m)) if !sel.spike_monitors.contains(m) => {
            sel.spike_monitors.push(*m)
        }
        _ => {}
    }
}

/// The constants of a `namespace={...}` argument (entries that are not numbers or
/// quantities are left out).
pub(crate) fn namespace_items(v: Option<&Value>) -> Vec<(String, Quantity)> {
    let Some(Value::Dict(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|(k, v)| match (k, v.as_quantity()) {
            (Value::Str(name), Some(q)) => Some((name.clone(), q)),
            _ => None,
        })
        .collect()
}

/// The strings of a list or tuple of strings.
fn string_items(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::List(items) | Value::Tuple(items) => items
            .iter()
            .map(|x| match x {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn need_int(call: &Call<'_>, pos: usize, name: &str) -> SResult<i64> {
    let v = call.arg(pos, name).ok_or_else(|| {
        call.error(format!(
            "{}() missing required argument '{name}'",
            call.name
        ))
    })?;
    v.as_int().ok_or_else(|| {
        ScriptError::new(
            "TypeError",
            format!("{name} must be an integer, got {v}"),
            call.arg_span(pos, name),
        )
    })
}

/// A `clock=` argument: a `Clock`, `defaultclock`, or absent.
pub(crate) fn clock_arg(
    call: &Call<'_>,
    pos: usize,
    name: &str,
) -> SResult<Option<crate::api::ClockId>> {
    match call.arg(pos, name) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Obj(Obj::Clock(c))) => Ok(Some(*c)),
        Some(Value::Obj(Obj::DefaultClock)) => Ok(Some(crate::api::ClockId(0))),
        Some(other) => Err(ScriptError::new(
            "TypeError",
            format!("{name} must be a Clock, got {}", other.type_name()),
            call.arg_span(pos, name),
        )),
    }
}

fn optional_time(call: &Call<'_>, pos: usize, name: &str) -> SResult<Option<Quantity>> {
    match call.arg(pos, name) {
        None | Some(Value::None) => Ok(None),
        Some(v) => as_time(v, call.arg_span(pos, name), name).map(Some),
    }
}

/// The `indices` and `times` (seconds) arguments of a spike generator.
fn spike_lists(call: &Call<'_>, ipos: usize, tpos: usize) -> SResult<(Vec<i64>, Vec<f64>)> {
    let iv = call
        .arg(ipos, "indices")
        .ok_or_else(|| call.error("missing the spike indices"))?;
    let tv = call
        .arg(tpos, "times")
        .ok_or_else(|| call.error("missing the spike times"))?;
    let ia = iv
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(ipos, "indices")))?;
    let ta = tv
        .to_array()
        .map_err(|m| ScriptError::new("TypeError", m, call.arg_span(tpos, "times")))?;
    if ta.dim != Dimension::TIME && !ta.is_empty() {
        return Err(ScriptError::new(
            "DimensionMismatchError",
            format!("spike times must be times, got unit {}", ta.dim),
            call.arg_span(tpos, "times"),
        ));
    }
    if ia.data.iter().any(|x| x.fract() != 0.0) {
        return Err(ScriptError::new(
            "TypeError",
            "spike indices must be integers",
            call.arg_span(ipos, "indices"),
        ));
    }
    Ok((ia.data.iter().map(|x| *x as i64).collect(), ta.data))
}

/// A string or list of strings argument (`variables=`), empty if absent.
pub(crate) fn string_list(call: &Call<'_>, pos: usize, name: &str) -> SResult<Vec<String>> {
    match call.arg(pos, name) {
        None | Some(Value::None) => Ok(Vec::new()),
        Some(Value::Str(s)) => Ok(vec![s.clone()]),
        Some(Value::List(items)) | Some(Value::Tuple(items)) => items
            .iter()
            .map(|v| as_str(v, call.arg_span(pos, name), name).map(str::to_string))
            .collect(),
        Some(other) => Err(ScriptError::new(
            "TypeError",
            format!(
                "{name} must be a string or a list of strings, got {}",
                other.type_name()
            ),
            call.arg_span(pos, name),
        )),
    }
}
