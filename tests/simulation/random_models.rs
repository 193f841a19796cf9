//! Random well-typed models: the whole pipeline (parsing, checking, integration,
//! lowering) on the reference interpreter and on native code must give the same bits.
//!
//! Each case is a group of 50 neurons with `dx/dt = (<expr>)/ms : 1`,
//! `dy/dt = (<expr>)/ms : 1`, a per-neuron parameter `p`, threshold `x > <expr>`,
//! reset `x = <expr>`, a random explicit integration method and random refractoriness,
//! where every `<expr>` is a random dimensionless expression over `x`, `y`, `p`, `i`,
//! `t/ms` and numbers with `+ - * / **`, `exp`, `sin`, `cos`, `tanh`, `abs`,
//! `sqrt(abs(...))`, `floor`, `sign`, `clip` and comparisons inside `int(...)`. The
//! recorded `x` and `y`, the spikes and the final state must agree bitwise (any NaN equals
//! any NaN).

use proptest::prelude::*;
use spikelift::prelude::*;

const N: i64 = 50;

/// A random dimensionless expression (as model code, fully parenthesised).
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => prop::sample::select(vec!["x", "y", "p", "i", "(t/ms)"]).prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "0", "1", "2", "0.5", "3.25", "(-1.5)", "1e-3", "10", "(-7)",
        ])
        .prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "/"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (
                inner.clone(),
                prop::sample::select(vec!["0", "1", "2", "3", "-1", "-2"])
            )
                .prop_map(|(a, k)| format!("(({a})**{k})")),
            (
                prop::sample::select(vec!["exp", "sin", "cos", "tanh", "abs", "floor", "sign"]),
                inner.clone()
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
            inner.clone().prop_map(|a| format!("sqrt(abs({a}))")),
            inner.clone().prop_map(|a| format!("(-{a})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, lo, hi)| format!("clip({a}, {lo}, {hi})")),
            (
                inner.clone(),
                prop::sample::select(vec!["<", "<=", ">", ">=", "==", "!="]),
                inner
            )
                .prop_map(|(a, op, b)| format!("int({a} {op} {b})")),
        ]
    })
}

/// A random model.
#[derive(Debug, Clone)]
struct Model {
    dx: String,
    dy: String,
    threshold: String,
    reset: String,
    method: &'static str,
    /// 0: not refractory; 1: 0.3 ms; 2: 0.3 ms and `x` is `(unless refractory)`.
    refractory: u8,
}

fn model() -> impl Strategy<Value = Model> {
    (
        expr(),
        expr(),
        expr(),
        expr(),
        prop::sample::select(vec!["euler", "rk2", "rk4", "heun"]),
        0u8..3,
    )
        .prop_map(|(dx, dy, threshold, reset, method, refractory)| Model {
            dx,
            dy,
            threshold,
            reset,
            method,
            refractory,
        })
}

/// Bits of every value, with one bit pattern for every NaN.
fn bits(v: &[f64]) -> Vec<u64> {
    v.iter()
        .map(|x| if x.is_nan() { u64::MAX } else { x.to_bits() })
        .collect()
}

#[derive(Debug, PartialEq)]
struct Outcome {
    x: Vec<u64>,
    y: Vec<u64>,
    spikes_i: Vec<i32>,
    spikes_t: Vec<u64>,
    final_x: Vec<u64>,
}

fn simulate(m: &Model, backend: Backend) -> Result<Outcome> {
    let flag = if m.refractory == 2 {
        " (unless refractory)"
    } else {
        ""
    };
    let equations = format!(
        "dx/dt = ({})/ms : 1{flag}\ndy/dt = ({})/ms : 1\np : 1 (constant)",
        m.dx, m.dy
    );
    let mut net = Network::new();
    net.set_backend(backend);
    let mut group = NeuronGroup::new(N, &equations)?
        .threshold(&format!("x > {}", m.threshold))
        .reset(&format!("x = {}", m.reset))
        .method(m.method);
    if m.refractory > 0 {
        group = group.refractory(0.3 * ms);
    }
    let g = net.add(group)?;
    net.set(g, "x", "0.1*i - 2")?;
    net.set(g, "y", "sin(i)")?;
    net.set(g, "p", "i/50.0")?;
    let spikes = net.spike_monitor(g)?;
    let trace = net.state_monitor(g, &["x", "y"], StateMonitorOptions::default())?;
    net.run(0.8 * ms)?;
    let data = net.state_data(trace);
    let sd = net.spike_data(spikes);
    Ok(Outcome {
        x: bits(data.values("x")?.si()),
        y: bits(data.values("y")?.si()),
        spikes_i: sd.i().to_vec(),
        spikes_t: bits(sd.t().si()),
        final_x: bits(net.get(g, "x")?.si()),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn interpreter_and_jit_agree_on_random_models(m in model()) {
        let interp = simulate(&m, Backend::Interp);
        let jit = simulate(&m, Backend::Jit);
        match (interp, jit) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.x.len(), 8 * N as usize, "8 recorded steps of 50 neurons");
                prop_assert_eq!(a, b, "model: {:?}", m);
            }
            (a, b) => {
                return Err(TestCaseError::fail(format!(
                    "a well-typed model must run on both backends: {m:?}\ninterp: {:?}\njit: {:?}",
                    a.err(),
                    b.err()
                )));
            }
        }
    }
}
