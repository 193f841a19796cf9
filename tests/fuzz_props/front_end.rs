//! Target `front_end`: a whole `NeuronGroup` from text through parsing, name
//! resolution and dimension checking, integration, lowering and compilation, then a
//! few steps on the interpreter and on native code.
//!
//! Input format (the seed corpus is real Brian2 models written this way): every line
//! is part of the equations string, except lines starting with `@`, which set the
//! other arguments:
//!
//! ```text
//! dv/dt = (El - v)/tau : volt (unless refractory)
//! @threshold v > -50*mV
//! @reset v = -60*mV          (several @reset lines are joined by newlines)
//! @refractory 5*ms           (an expression: a time or a condition)
//! @method euler
//! @set v -70*mV + i*mV       (an initial value, as a string expression)
//! @n 5                       (number of neurons, at most 16; default 3)
//! @const tau 20.0 ms         (a constant of the group's namespace: number and unit)
//! @const s 1.0 second**-0.5  (the unit may have a power)
//! ```
//!
//! External constants come from [`namespace`], common Brian2 names with plausible
//! units, so that real models check without a namespace of their own.
//!
//! Properties: no panic; every error is a user error (a model error whose span lies
//! in its source, an invalid argument...), never one that reports a bug; the
//! interpreter and the JIT agree bit for bit on the whole outcome.

use super::sim::{ModelSpec, check_backends_agree};
use super::text;
use spikelift::prelude::*;
use spikelift::syntax::parse_equations;
use spikelift::units::lookup_unit;

/// Common constant names of Brian2 examples, with a value of a plausible unit.
pub fn namespace() -> Vec<(String, Quantity)> {
    let mut ns: Vec<(&str, Quantity)> = Vec::new();
    for name in [
        "tau", "taum", "tau_m", "taue", "taui", "tau_e", "tau_i", "tau_ampa", "tau_gaba", "taupre",
        "taupost", "tau_pre", "tau_post", "tauw", "tau_w", "tau_r", "taus",
    ] {
        ns.push((name, 10.0 * ms));
    }
    for (name, v) in [
        ("El", -70.0),
        ("EL", -70.0),
        ("E_L", -70.0),
        ("E_l", -70.0),
        ("Ee", 0.0),
        ("Ei", -80.0),
        ("E_e", 0.0),
        ("E_i", -80.0),
        ("ENa", 50.0),
        ("EK", -90.0),
        ("E_Na", 50.0),
        ("E_K", -90.0),
        ("v_rest", -65.0),
        ("V_rest", -65.0),
        ("Vr", -60.0),
        ("vr", -60.0),
        ("v_reset", -60.0),
        ("V_reset", -60.0),
        ("Vt", -50.0),
        ("VT", -63.0),
        ("vt", -50.0),
        ("v_th", -50.0),
        ("V_th", -50.0),
        ("Vcut", -30.0),
        ("DeltaT", 2.0),
        ("Delta_T", 2.0),
        ("sigma", 1.0),
    ] {
        ns.push((name, v * mV));
    }
    for (name, v) in [("R", 100.0 * Mohm), ("C", 200.0 * pF), ("Cm", 200.0 * pF)] {
        ns.push((name, v));
    }
    for name in [
        "gl", "g_l", "gL", "g_L", "g_na", "gNa", "g_kd", "gK", "we", "wi", "a",
    ] {
        ns.push((name, 10.0 * nS));
    }
    for name in ["I", "I0", "Iext", "I_ext", "b"] {
        ns.push((name, 0.5 * nA));
    }
    for name in ["f", "freq", "rate"] {
        ns.push((name, 10.0 * Hz));
    }
    ns.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The model described by the input, or `None` if a directive is malformed.
pub fn spec_of(src: &str) -> Option<ModelSpec> {
    let mut spec = ModelSpec {
        n: 3,
        equations: String::new(),
        threshold: None,
        reset: None,
        refractory: None,
        method: None,
        dt: 0.1 * ms,
        duration: 0.3 * ms,
        namespace: namespace(),
        inits: Vec::new(),
        vars: Vec::new(),
    };
    for line in src.split_inclusive('\n') {
        let Some(directive) = line.strip_prefix('@') else {
            spec.equations.push_str(line);
            continue;
        };
        let directive = directive.trim_end_matches(['\n', '\r']);
        let (key, rest) = directive.split_once(' ').unwrap_or((directive, ""));
        match key {
            "threshold" => spec.threshold = Some(rest.to_string()),
            "reset" => {
                let reset = spec.reset.get_or_insert_with(String::new);
                if !reset.is_empty() {
                    reset.push('\n');
                }
                reset.push_str(rest);
            }
            "refractory" => spec.refractory = Some(Refractoriness::Expr(rest.to_string())),
            "method" => spec.method = Some(rest.to_string()),
            "set" => {
                let (var, value) = rest.split_once(' ')?;
                spec.inits
                    .push((var.to_string(), Values::Expr(value.to_string())));
            }
            "n" => spec.n = rest.trim().parse::<i64>().ok()?.clamp(0, 16),
            "const" => {
                let mut words = rest.split_whitespace();
                let name = words.next()?;
                let value: f64 = words.next()?.parse().ok()?;
                let unit = match words.next() {
                    Some(u) => {
                        let (u, power) = match u.split_once("**") {
                            Some((u, p)) => (u, p.parse::<f64>().ok()?),
                            None => (u, 1.0),
                        };
                        let u = lookup_unit(u)?;
                        Quantity::new(u.scale, u.dim).powf(power).ok()?
                    }
                    None => Quantity::dimensionless(1.0),
                };
                spec.namespace.push((name.to_string(), value * unit));
            }
            _ => return None,
        }
    }
    // Read back (and record) every variable the equations define.
    if let Ok(eqs) = parse_equations(&spec.equations) {
        spec.vars = eqs.equations.into_iter().map(|e| e.name).collect();
        spec.vars.truncate(8);
    }
    Some(spec)
}

/// Target `front_end`.
pub fn front_end(data: &[u8]) {
    let src = text(data);
    if let Some(spec) = spec_of(&src) {
        check_backends_agree(&spec);
    }
}
