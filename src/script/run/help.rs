//! `help(...)` in scripts and the REPL: the signature and one line per parameter of
//! Brian2's classes and functions (as Brian2 spells them, noting what spikelift
//! accepts but ignores), and a one-line description of every Python and NumPy
//! builtin.
//!
//! `help(NeuronGroup)`, `help(G)` (an object: its class), `help('run')` (a name),
//! `help(np.exp)`; `help()` lists the topics.

use super::error::SResult;
use super::interp::{Call, Interpreter};
use super::value::{Obj, Value};

/// Documentation of a Brian2 class or function.
struct Doc {
    name: &'static str,
    signature: &'static str,
    summary: &'static str,
    params: &'static [(&'static str, &'static str)],
}

const DOCS: &[Doc] = &[
    Doc {
        name: "NeuronGroup",
        signature: "NeuronGroup(N, model, method=('exact', 'euler', 'heun'), threshold=None, reset=None, refractory=False, events=None, namespace=None, dtype=None, dt=None, clock=None, order=0, name='neurongroup*', codeobj_class=None)",
        summary: "A group of N neurons sharing model equations, integrated on a clock.",
        params: &[
            ("N", "the number of neurons (an int)"),
            (
                "model",
                "the equations (a string or Equations): 'dv/dt = (v0 - v)/tau : volt', parameters 'v0 : volt (constant)', subexpressions 'I = g*v : amp'",
            ),
            (
                "method",
                "the integration method: 'exact' (also 'linear'), 'euler', 'rk2', 'rk4', 'heun', 'exponential_euler'; by default the first of exact, euler, heun that applies",
            ),
            (
                "threshold",
                "the spiking condition, e.g. 'v > -50*mV' (None: no spikes)",
            ),
            (
                "reset",
                "statements run for each spiking neuron, e.g. 'v = -65*mV'",
            ),
            (
                "refractory",
                "the refractory period: a time ('2*ms'), a per-neuron expression, or a condition ('v > -40*mV')",
            ),
            (
                "events",
                "custom events: a dict of names to conditions (with run_on_event and EventMonitor)",
            ),
            (
                "namespace",
                "a dict of external constants for the model code (default: the script's globals at run())",
            ),
            ("dtype", "accepted, ignored (all variables are float64)"),
            (
                "dt",
                "the time step of the group's own clock (default: defaultclock.dt)",
            ),
            ("clock", "a Clock to share with other objects"),
            ("order", "the order within a schedule slot (int)"),
            (
                "name",
                "the object's name (default 'neurongroup', 'neurongroup_1', ...)",
            ),
            ("codeobj_class", "accepted, ignored"),
        ],
    },
    Doc {
        name: "StateMonitor",
        signature: "StateMonitor(source, variables, record, dt=None, clock=None, when='start', order=0, name='statemonitor*', codeobj_class=None)",
        summary: "Records variables of a group at every time step; M.t, M.v[k], M[k].v.",
        params: &[
            ("source", "the group to record from"),
            (
                "variables",
                "a variable name, a list of names, or True for all variables",
            ),
            (
                "record",
                "which neurons: True (all), False (none), an index or a list of indices",
            ),
            (
                "dt",
                "record every dt instead of every step of the source's clock",
            ),
            ("clock", "a Clock to record on"),
            (
                "when",
                "the schedule slot ('start', 'groups', 'thresholds', 'resets', 'end', ...)",
            ),
            ("order", "the order within the slot"),
            ("name", "the object's name"),
            ("codeobj_class", "accepted, ignored"),
        ],
    },
    Doc {
        name: "SpikeMonitor",
        signature: "SpikeMonitor(source, variables=None, record=True, when=None, order=None, name='spikemonitor*', codeobj_class=None)",
        summary: "Records spikes: S.i, S.t, S.count, S.num_spikes, S.it, S.spike_trains(), S.values(var), S.all_values(), S.binned_rate(bin_size), S.smooth_rate(window, width).",
        params: &[
            ("source", "the group whose spikes are recorded"),
            (
                "variables",
                "variable name(s) to record at each spike (before the reset)",
            ),
            (
                "record",
                "record indices and times (True) or only count spikes (False)",
            ),
            (
                "when",
                "the schedule slot (default: right after the thresholds)",
            ),
            ("order", "the order in that slot (only with when)"),
            ("name", "the object's name"),
            ("codeobj_class", "accepted, ignored"),
        ],
    },
    Doc {
        name: "PopulationRateMonitor",
        signature: "PopulationRateMonitor(source, name='ratemonitor*', codeobj_class=None, dtype=None)",
        summary: "Records the population rate at every step: R.rate, R.t, R.smooth_rate(window='gaussian', width=None), R.binned_rate(bin_size).",
        params: &[
            ("source", "the group (or subgroup) whose spikes are counted"),
            ("name", "accepted"),
            ("codeobj_class", "accepted, ignored"),
            ("dtype", "accepted, ignored (rates are float64)"),
        ],
    },
    Doc {
        name: "EventMonitor",
        signature: "EventMonitor(source, event, variables=None, record=True, when=None, order=None, name='eventmonitor*', codeobj_class=None)",
        summary: "Records a custom event of a group (see NeuronGroup's events=); read it as a SpikeMonitor (E.event_trains(), E.num_events).",
        params: &[
            ("source", "the group"),
            ("event", "the event's name"),
            ("variables", "variable name(s) to record at each event"),
            (
                "record",
                "record indices and times (True) or only count (False)",
            ),
            (
                "when",
                "the schedule slot (default: right after the event's threshold)",
            ),
            ("order", "the order in that slot (only with when)"),
            ("name", "the object's name"),
            ("codeobj_class", "accepted, ignored"),
        ],
    },
    Doc {
        name: "SpikeGeneratorGroup",
        signature: "SpikeGeneratorGroup(N, indices, times, dt=None, clock=None, period=0*second, order=0, sorted=False, name='spikegeneratorgroup*', codeobj_class=None)",
        summary: "A group emitting spikes at given times; G.set_spikes(indices, times) replaces them.",
        params: &[
            ("N", "the number of neurons"),
            ("indices", "the neuron index of each spike"),
            ("times", "the time of each spike"),
            ("dt", "the time step of the group's clock"),
            ("clock", "accepted"),
            ("period", "repeat the spikes with this period (0: never)"),
            ("order", "accepted"),
            ("sorted", "accepted (spikes are always sorted)"),
            ("name", "accepted"),
            ("codeobj_class", "accepted, ignored"),
        ],
    },
    Doc {
        name: "Synapses",
        signature: "Synapses(source, target=None, model=None, on_pre=None, on_post=None, connect=None, delay=None, namespace=None, order=0, method=None, name='synapses*')",
        summary: "Synapses from a group (or subgroup) to another: S.connect(...) creates them, S.w reads and sets their variables (S.w[i, j], S.w['i > j']), S.delay their delays.",
        params: &[
            ("source", "the presynaptic group or subgroup (G[:100])"),
            ("target", "the postsynaptic group (default: the source)"),
            (
                "model",
                "equations: parameters, subexpressions, (event-driven) and (clock-driven) differential equations, x_post = ... : unit (summed)",
            ),
            (
                "on_pre",
                "code run when a presynaptic spike arrives, or a dict of named pathways",
            ),
            ("on_post", "code run when a postsynaptic spike arrives"),
            ("connect", "True or a condition string: connect at creation"),
            (
                "delay",
                "a time for all pre pathways, or a dict of times per pathway",
            ),
            ("namespace", "a dict of constants"),
            ("order", "the order of the state updater in the schedule"),
            ("method", "the integration method of clock-driven equations"),
            ("name", "the object's name"),
        ],
    },
    Doc {
        name: "run",
        signature: "run(duration, report=None, report_period=10*second, namespace=None, profile=None, level=0)",
        summary: "Simulates every object bound to a name for `duration`; repeated runs continue. Ctrl-C in the REPL stops a run at a time step boundary, keeping all data.",
        params: &[
            ("duration", "the simulated time, e.g. 100*ms"),
            (
                "report",
                "None, or 'text' / 'stdout' / 'stderr': print Brian2's progress lines",
            ),
            ("report_period", "how often to report, in wall-clock time"),
            (
                "namespace",
                "a dict of external constants (default: the script's globals)",
            ),
            ("profile", "accepted, ignored"),
            ("level", "accepted, ignored"),
        ],
    },
    Doc {
        name: "Network",
        signature: "Network(*objs, name='network*')",
        summary: "An explicit set of objects to simulate together: net.run(duration), net.add(obj), net.remove(obj), net.store(), net.restore(), net.t.",
        params: &[
            ("*objs", "groups and monitors (or lists of them)"),
            ("name", "accepted"),
        ],
    },
    Doc {
        name: "Clock",
        signature: "Clock(dt, name='clock*')",
        summary: "A clock to share between objects (clock=...); defaultclock is the default one.",
        params: &[("dt", "the time step"), ("name", "accepted")],
    },
    Doc {
        name: "defaultclock",
        signature: "defaultclock",
        summary: "The default clock: set defaultclock.dt before the first run; defaultclock.t is the current time.",
        params: &[],
    },
    Doc {
        name: "store",
        signature: "store(name='default', filename=None)",
        summary: "Stores the time, every variable and all monitor data under a name.",
        params: &[
            ("name", "the snapshot's name"),
            ("filename", "not supported yet"),
        ],
    },
    Doc {
        name: "restore",
        signature: "restore(name='default', filename=None, restore_random_state=False)",
        summary: "Returns to a snapshot made by store(): time, variables and monitor data.",
        params: &[
            ("name", "the snapshot's name"),
            ("filename", "not supported yet"),
            ("restore_random_state", "not supported"),
        ],
    },
    Doc {
        name: "Equations",
        signature: "Equations(eqs, **kwds)",
        summary: "Model equations as a string (spikelift keeps the text; substitutions via keywords are not supported).",
        params: &[("eqs", "the equations, one per line")],
    },
    Doc {
        name: "start_scope",
        signature: "start_scope()",
        summary: "Accepted; objects are not forgotten (a magic run() simulates the objects bound to a name).",
        params: &[],
    },
    Doc {
        name: "seed",
        signature: "seed(seed=None)",
        summary: "Seeds the random numbers of np.random.",
        params: &[("seed", "an int")],
    },
    Doc {
        name: "set_device",
        signature: "set_device(device, **kwargs)",
        summary: "Accepted, ignored: spikelift always compiles code objects to native code.",
        params: &[],
    },
    Doc {
        name: "help",
        signature: "help(obj)",
        summary: "Shows the documentation of a class, function or object; help() lists the topics.",
        params: &[("obj", "a name ('run'), a class, a function or an object")],
    },
];

/// One-line descriptions of the Python and NumPy builtins.
const ONE_LINERS: &[(&str, &str)] = &[
    (
        "print",
        "print(*values): writes the values' str, separated by spaces",
    ),
    (
        "len",
        "len(x): the number of items (of neurons, of recorded times)",
    ),
    (
        "range",
        "range(stop) / range(start, stop, step=1): a list of ints",
    ),
    ("int", "int(x): an integer (truncated)"),
    ("float", "float(x): a dimensionless float"),
    ("abs", "abs(x): the absolute value, keeping units"),
    ("min", "min(a, b, ...) or min(iterable): the smallest value"),
    ("max", "max(a, b, ...) or max(iterable): the largest value"),
    ("sum", "sum(iterable): the sum, keeping units"),
    ("round", "round(x, ndigits=0): rounds half to even"),
    ("list", "list(iterable): a list of the items"),
    ("tuple", "tuple(iterable): a tuple of the items"),
    ("str", "str(x): the printed form (10. ms)"),
    ("repr", "repr(x): the REPL's form (10. * msecond)"),
    ("bool", "bool(x): the truth value"),
    ("enumerate", "enumerate(iterable): (index, item) pairs"),
    ("zip", "zip(a, b, ...): tuples of corresponding items"),
    ("sorted", "sorted(iterable): the items in ascending order"),
    ("dict", "dict(...): a dictionary"),
    (
        "np.array",
        "np.array(x, dtype=None): an array (with the unit of its items)",
    ),
    ("np.asarray", "np.asarray(x): an array view of x"),
    (
        "np.arange",
        "np.arange([start,] stop[, step]): evenly spaced values in [start, stop)",
    ),
    (
        "np.linspace",
        "np.linspace(start, stop, num=50): num evenly spaced values from start to stop",
    ),
    ("np.zeros", "np.zeros(shape): an array of zeros"),
    ("np.ones", "np.ones(shape): an array of ones"),
    (
        "np.full",
        "np.full(shape, value): an array filled with value (keeping its unit)",
    ),
    (
        "np.zeros_like",
        "np.zeros_like(a): zeros with the shape of a",
    ),
    ("np.ones_like", "np.ones_like(a): ones with the shape of a"),
    ("np.exp", "np.exp(x): element-wise e**x (x dimensionless)"),
    (
        "np.log",
        "np.log(x): element-wise natural logarithm (x dimensionless)",
    ),
    (
        "np.log10",
        "np.log10(x): element-wise base-10 logarithm (x dimensionless)",
    ),
    (
        "np.sqrt",
        "np.sqrt(x): element-wise square root (the unit's square root too)",
    ),
    (
        "np.sin",
        "np.sin(x): element-wise sine (x dimensionless, radians)",
    ),
    (
        "np.cos",
        "np.cos(x): element-wise cosine (x dimensionless, radians)",
    ),
    (
        "np.tan",
        "np.tan(x): element-wise tangent (x dimensionless, radians)",
    ),
    (
        "np.tanh",
        "np.tanh(x): element-wise hyperbolic tangent (x dimensionless)",
    ),
    (
        "np.abs",
        "np.abs(x): element-wise absolute value, keeping units",
    ),
    ("np.floor", "np.floor(x): element-wise floor"),
    ("np.ceil", "np.ceil(x): element-wise ceiling"),
    (
        "np.round",
        "np.round(x, decimals=0): element-wise rounding, half to even",
    ),
    ("np.sign", "np.sign(x): element-wise sign (-1, 0, 1)"),
    (
        "np.sum",
        "np.sum(a): the sum of all elements, keeping units",
    ),
    ("np.mean", "np.mean(a): the mean, keeping units"),
    ("np.median", "np.median(a): the median, keeping units"),
    ("np.std", "np.std(a): the standard deviation, keeping units"),
    ("np.var", "np.var(a): the variance (the unit squared)"),
    ("np.min", "np.min(a): the smallest element"),
    ("np.max", "np.max(a): the largest element"),
    ("np.amin", "np.amin(a): the smallest element"),
    ("np.amax", "np.amax(a): the largest element"),
    (
        "np.argmin",
        "np.argmin(a): the index of the smallest element",
    ),
    (
        "np.argmax",
        "np.argmax(a): the index of the largest element",
    ),
    (
        "np.clip",
        "np.clip(a, lo, hi): the values limited to [lo, hi]",
    ),
    ("np.maximum", "np.maximum(a, b): element-wise maximum"),
    ("np.minimum", "np.minimum(a, b): element-wise minimum"),
    ("np.power", "np.power(a, b): element-wise a**b"),
    (
        "np.concatenate",
        "np.concatenate([a, b, ...]): one array of all the elements",
    ),
    (
        "np.prod",
        "np.prod(a, axis=None): the product of the elements",
    ),
    (
        "np.hstack",
        "np.hstack([a, b, ...]): the arrays one after the other",
    ),
    (
        "np.vstack",
        "np.vstack([a, b, ...]): the arrays as the rows of a 2-d array",
    ),
    (
        "np.logspace",
        "np.logspace(start, stop, num=50): num numbers from 10**start to 10**stop",
    ),
    ("np.repeat", "np.repeat(a, n): each element n times"),
    ("np.tile", "np.tile(a, n): the whole array n times"),
    (
        "np.where",
        "np.where(cond[, x, y]): indices where cond holds, or x where it holds and y elsewhere",
    ),
    (
        "np.nonzero",
        "np.nonzero(a): a tuple with the indices of the non-zero elements",
    ),
    (
        "np.flatnonzero",
        "np.flatnonzero(a): the indices of the non-zero elements",
    ),
    (
        "np.count_nonzero",
        "np.count_nonzero(a): the number of non-zero elements",
    ),
    ("np.any", "np.any(a): whether any element is non-zero"),
    ("np.all", "np.all(a): whether all elements are non-zero"),
    ("np.diff", "np.diff(a): differences of consecutive elements"),
    ("np.cumsum", "np.cumsum(a): cumulative sums"),
    ("np.sort", "np.sort(a): the elements in ascending order"),
    ("np.unique", "np.unique(a): the distinct elements, sorted"),
    ("np.isnan", "np.isnan(a): element-wise test for NaN"),
    (
        "np.isfinite",
        "np.isfinite(a): element-wise test for finite values",
    ),
    (
        "np.histogram",
        "np.histogram(a, bins=10, range=None): (counts, bin edges)",
    ),
    ("np.argsort", "np.argsort(a): the positions that sort a"),
    (
        "np.reshape",
        "np.reshape(a, shape): the same values with another shape (also a.reshape(...))",
    ),
    (
        "np.bincount",
        "np.bincount(x, weights=None, minlength=0): occurrences of each non-negative integer",
    ),
    (
        "np.savez",
        "np.savez(file, name=array, ...): writes arrays (unit-free, SI values) to a .npz file",
    ),
    (
        "np.savez_compressed",
        "np.savez_compressed(file, name=array, ...): as np.savez",
    ),
    (
        "np.save",
        "np.save(file, array): writes one array to a .npy file",
    ),
    (
        "np.int64",
        "np.int64: the integer dtype (also a conversion)",
    ),
    ("np.int32", "np.int32: an integer dtype (also a conversion)"),
    (
        "np.float64",
        "np.float64: the float dtype (also a conversion)",
    ),
    (
        "np.bool_",
        "np.bool_: the boolean dtype (also a conversion)",
    ),
    ("np.random.seed", "np.random.seed(seed): seeds np.random"),
    (
        "np.random.rand",
        "np.random.rand(d0, d1, ...): uniform samples in [0, 1)",
    ),
    (
        "np.random.randn",
        "np.random.randn(d0, d1, ...): standard normal samples",
    ),
    (
        "np.random.randint",
        "np.random.randint(low, high=None, size=None): random integers in [low, high)",
    ),
    (
        "np.random.uniform",
        "np.random.uniform(low=0, high=1, size=None): uniform samples (with units)",
    ),
    (
        "np.random.normal",
        "np.random.normal(loc=0, scale=1, size=None): normal samples (with units)",
    ),
    ("sqrt", "sqrt(x): Brian2's unit-aware square root"),
    ("exp", "exp(x): Brian2's exponential (x dimensionless)"),
    (
        "log",
        "log(x): Brian2's natural logarithm (x dimensionless)",
    ),
    (
        "log10",
        "log10(x): Brian2's base-10 logarithm (x dimensionless)",
    ),
    ("sin", "sin(x): Brian2's sine (x dimensionless)"),
    ("cos", "cos(x): Brian2's cosine (x dimensionless)"),
    ("tan", "tan(x): Brian2's tangent (x dimensionless)"),
    (
        "tanh",
        "tanh(x): Brian2's hyperbolic tangent (x dimensionless)",
    ),
    ("floor", "floor(x): Brian2's floor"),
    ("ceil", "ceil(x): Brian2's ceiling"),
    ("sign", "sign(x): Brian2's sign"),
    ("clip", "clip(a, lo, hi): Brian2's unit-aware clip"),
    ("mean", "mean(a): Brian2's unit-aware mean"),
    ("std", "std(a): Brian2's unit-aware standard deviation"),
    (
        "exprel",
        "exprel(x): (exp(x) - 1)/x, accurate near 0 (x dimensionless)",
    ),
];

/// The documentation of `topic` (a Brian2 name such as `NeuronGroup` or `run`, or a
/// builtin such as `np.exp`), if there is any.
pub fn text(topic: &str) -> Option<String> {
    if let Some(doc) = DOCS.iter().find(|d| d.name == topic) {
        let mut out = format!("{}\n\n{}\n", wrap_signature(doc.signature), doc.summary);
        if !doc.params.is_empty() {
            out.push('\n');
            let width = doc.params.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
            for (p, d) in doc.params {
                out.push_str(&format!("  {p:<width$}  {d}\n"));
            }
        }
        return Some(out.trim_end().to_string());
    }
    let bare = topic
        .strip_prefix("numpy.")
        .map(|rest| format!("np.{rest}"));
    let key = bare.as_deref().unwrap_or(topic);
    ONE_LINERS
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, d)| d.to_string())
}

/// Every topic `help` knows.
pub fn topics() -> impl Iterator<Item = &'static str> {
    DOCS.iter()
        .map(|d| d.name)
        .chain(ONE_LINERS.iter().map(|(n, _)| *n))
}

/// A long signature broken before 88 columns, continuation lines aligned after the
/// opening parenthesis.
fn wrap_signature(sig: &str) -> String {
    let Some(open) = sig.find('(') else {
        return sig.to_string();
    };
    let indent = " ".repeat(open + 1);
    let mut out = String::new();
    let mut line = String::new();
    for (k, part) in sig.split(", ").enumerate() {
        let piece = if k == 0 {
            part.to_string()
        } else {
            format!(", {part}")
        };
        if !line.is_empty() && line.len() + piece.len() > 88 {
            out.push_str(line.trim_end());
            out.push_str(",\n");
            line = format!("{indent}{}", piece.trim_start_matches(", "));
        } else {
            line.push_str(&piece);
        }
    }
    out.push_str(&line);
    out
}

/// The overview `help()` prints.
fn overview() -> String {
    let mut out = String::from(
        "spikelift runs Brian2 scripts. help(x) documents a class, function or object, e.g.\n\
         help(NeuronGroup), help(run), help(np.linspace), help(G).\n\nBrian2:",
    );
    for d in DOCS {
        out.push(' ');
        out.push_str(d.name);
    }
    out.push_str("\nNumPy and Python:");
    let mut width = 0;
    for (n, _) in ONE_LINERS {
        if width > 70 {
            out.push_str("\n ");
            width = 0;
        }
        out.push(' ');
        out.push_str(n);
        width += n.len() + 1;
    }
    out.push_str(
        "\nUnits: every Brian2 unit name (mV, ms, nS, ...), and Tab completes names and attributes.",
    );
    out
}

/// The topic of a value passed to `help`.
fn topic_of(interp: &Interpreter, v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::Str(s) => s.clone(),
        Value::Obj(o) => match o {
            Obj::Builtin(name) => (*name).to_string(),
            Obj::Group(g) => {
                if interp.net.is_synapses(*g) {
                    "Synapses".into()
                } else if interp.net.is_spike_generator(*g) {
                    "SpikeGeneratorGroup".into()
                } else {
                    "NeuronGroup".into()
                }
            }
            Obj::StateMonitor(_) | Obj::StateMonitorRow(..) => "StateMonitor".into(),
            Obj::SpikeMonitor(_) => "SpikeMonitor".into(),
            Obj::RateMonitor(_) => "PopulationRateMonitor".into(),
            Obj::PoissonInput(_) => "PoissonInput".into(),
            Obj::Subgroup(..) => "NeuronGroup".into(),
            Obj::Pathway(..) => "Synapses".into(),
            Obj::TimedArray(_) => "TimedArray".into(),
            Obj::LinkedVar(..) => "linked_var".into(),
            Obj::Clock(_) => "Clock".into(),
            Obj::DefaultClock => "defaultclock".into(),
            Obj::Network(_) => "Network".into(),
            Obj::Method(recv, name) => match (recv.as_ref(), name.as_str()) {
                (Value::Obj(Obj::Network(_)), "run" | "store" | "restore") => name.clone(),
                (Value::Obj(Obj::Network(_)), _) => "Network".into(),
                (Value::Obj(Obj::SpikeMonitor(_)), _) => "SpikeMonitor".into(),
                (Value::Obj(Obj::Group(_)), _) => "NeuronGroup".into(),
                (recv, name) => {
                    return Err(format!(
                        "{name} is a method of {} objects; there is no documentation for it",
                        recv.type_name()
                    ));
                }
            },
            Obj::Module(m) => return Err(format!("module '{m}': {}", overview())),
            Obj::Prefs => {
                return Err(
                    "prefs: Brian2's preferences; spikelift accepts settings and ignores them"
                        .into(),
                );
            }
        },
        Value::Quantity(q) => {
            return Err(format!(
                "{q}: a Quantity, a value with a physical unit (str: {q}, repr: {})",
                super::session::repr(interp, v)
            ));
        }
        other => {
            return Err(format!(
                "{}: a value of type '{}'; there is no documentation for it",
                super::session::repr(interp, other),
                other.type_name()
            ));
        }
    })
}

/// `help()`, `help(x)`: writes the documentation to the script's output.
pub fn help(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(1, &["request"])?;
    let text = match call.arg(0, "request") {
        None => overview(),
        Some(v) => match topic_of(interp, v) {
            Err(message) => message,
            Ok(topic) if matches!(v, Value::Obj(Obj::Builtin(_))) && text(&topic).is_none() => {
                format!("{topic}: available in spikelift scripts; no documentation yet.")
            }
            Ok(topic) => text(&topic).unwrap_or_else(|| {
                let close = crate::check::close_matches(&topic, topics());
                let hint = match close.first() {
                    Some(c) => format!(" (did you mean '{c}'?)"),
                    None => String::new(),
                };
                format!("No documentation for '{topic}'{hint}; help() lists the topics.")
            }),
        },
    };
    for line in text.lines() {
        interp.out.line(line);
    }
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_and_brian_class_has_help() {
        for name in super::super::builtins::names() {
            assert!(text(name).is_some(), "no help for {name}");
        }
        for name in [
            "NeuronGroup",
            "StateMonitor",
            "SpikeMonitor",
            "run",
            "Network",
            "Clock",
            "store",
            "restore",
            "Equations",
        ] {
            assert!(text(name).is_some(), "no help for {name}");
        }
    }

    #[test]
    fn signature_lines_are_short() {
        for d in DOCS {
            for line in wrap_signature(d.signature).lines() {
                assert!(line.len() <= 90, "{line}");
            }
        }
        let ng = text("NeuronGroup").unwrap();
        assert!(ng.starts_with("NeuronGroup(N, model, method=('exact', 'euler', 'heun')"));
        assert!(
            ng.contains("\n  threshold      the spiking condition"),
            "{ng}"
        );
    }
}
