//! Running one model on a backend and comparing outcomes, for the targets that go all
//! the way to running code (`front_end`, `differential`).

use super::{bits, check_span};
use spikelift::check::ModelError;
use spikelift::prelude::*;
use spikelift_jit::JitError;

/// A model and what to do with it: every field maps onto one API call.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Number of neurons.
    pub n: i64,
    /// The equations string.
    pub equations: String,
    /// `threshold=`.
    pub threshold: Option<String>,
    /// `reset=`.
    pub reset: Option<String>,
    /// `refractory=`.
    pub refractory: Option<Refractoriness>,
    /// `method=`.
    pub method: Option<String>,
    /// `defaultclock.dt`.
    pub dt: Quantity,
    /// The duration of the run.
    pub duration: Quantity,
    /// The group's namespace.
    pub namespace: Vec<(String, Quantity)>,
    /// Initial values set before the run (`G.x = ...`), in order.
    pub inits: Vec<(String, Values)>,
    /// Variables read back after the run (and recorded by a `StateMonitor`).
    pub vars: Vec<String>,
}

/// Everything observable about one simulation, with floats as canonical bits.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The first error met, rendered (`None`: everything succeeded).
    pub error: Option<String>,
    /// Each variable of [`ModelSpec::vars`] at the end: bits, or the error reading it.
    pub values: Vec<(String, Result<Vec<u64>, String>)>,
    /// Spike indices and times.
    pub spikes: Option<(Vec<i32>, Vec<u64>)>,
    /// Recording times and each recorded variable's samples.
    pub trace: Option<(Vec<u64>, Vec<Vec<u64>>)>,
    /// The network's time at the end.
    pub t: u64,
}

/// An error as text, after checking that it is a user error and not a report of a
/// bug, and that a model error's span lies in its source.
#[track_caller]
pub fn describe(e: &Error) -> String {
    let shown = e.to_string();
    match e {
        Error::Model(m) => check_model_error(m),
        Error::Bind(_) => panic!("a kernel was bound wrongly: {shown}"),
        Error::Jit(JitError::Codegen { .. } | JitError::Link(_) | JitError::Host(_)) => {
            panic!("the JIT failed on a verified kernel: {shown}")
        }
        _ => {}
    }
    assert!(!shown.contains("bug:"), "an error reports a bug: {shown}");
    shown
}

/// A model error is well formed.
#[track_caller]
pub fn check_model_error(m: &ModelError) {
    if m.source_text.is_empty() {
        assert_eq!(m.span, Default::default(), "span without source: {m:?}");
    } else {
        check_span(m.span, &m.source_text, "model error");
    }
    assert!(!m.message.is_empty(), "empty message: {m:?}");
}

/// The seed of every network: without one, each network draws its own random numbers.
pub const SEED: u64 = 0x5eed;

/// Run `spec` with `backend`; stops at the first error.
pub fn simulate(spec: &ModelSpec, backend: Backend) -> Outcome {
    let mut out = Outcome {
        error: None,
        values: Vec::new(),
        spikes: None,
        trace: None,
        t: 0,
    };
    let mut net = Network::new();
    net.set_backend(backend);
    // Both backends draw the same random numbers (`rand()`, `randn()`, `xi`).
    net.seed(SEED);
    if let Err(e) = run(spec, &mut net, &mut out) {
        out.error = Some(describe(&e));
    }
    out.t = net.t().value.to_bits();
    out
}

fn run(spec: &ModelSpec, net: &mut Network, out: &mut Outcome) -> Result<()> {
    net.set_default_dt(spec.dt)?;
    let mut group =
        NeuronGroup::new(spec.n, &spec.equations)?.namespace(spec.namespace.iter().cloned());
    if let Some(t) = &spec.threshold {
        group = group.threshold(t);
    }
    if let Some(r) = &spec.reset {
        group = group.reset(r);
    }
    if let Some(r) = &spec.refractory {
        group = group.refractory(r.clone());
    }
    if let Some(m) = &spec.method {
        group = group.method(m);
    }
    let g = net.add(group)?;
    for (var, value) in &spec.inits {
        net.set(g, var, value.clone())?;
    }
    let spikes = match spec.threshold {
        Some(_) => Some(net.spike_monitor(g)?),
        None => None,
    };
    let names: Vec<&str> = spec.vars.iter().map(String::as_str).collect();
    let monitor = net.state_monitor(g, &names, StateMonitorOptions::default())?;
    net.run(spec.duration)?;
    for name in &spec.vars {
        let v = net
            .get(g, name)
            .map(|q| bits(q.si()))
            .map_err(|e| describe(&e));
        out.values.push((name.clone(), v));
    }
    if let Some(s) = spikes {
        let data = net.spike_data(s);
        out.spikes = Some((data.i().to_vec(), bits(data.t().si())));
    }
    let data = net.state_data(monitor);
    let mut recorded = Vec::new();
    for name in &spec.vars {
        recorded.push(bits(data.values(name)?.si()));
    }
    out.trace = Some((bits(data.t().si()), recorded));
    Ok(())
}

/// The reference interpreter and the JIT give the same outcome, bit for bit.
#[track_caller]
pub fn check_backends_agree(spec: &ModelSpec) -> Outcome {
    let interp = simulate(spec, Backend::Interp);
    let jit = simulate(spec, Backend::Jit);
    assert!(
        interp == jit,
        "the interpreter and the JIT disagree on\n{spec:#?}\ninterpreter: {interp:?}\njit: {jit:?}"
    );
    jit
}
