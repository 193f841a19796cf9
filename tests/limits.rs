//! Limits and faults: inputs at or beyond what a model can reasonably be, and values
//! that break arithmetic. Each has a defined outcome (a result, or an error that says
//! what is wrong) and never a crash, a hang or absurd memory use.
//!
//! Covered: deeply nested expressions (10^5 parentheses), 10 MB equation strings,
//! 10^4 variables in one group, subexpressions that inline into huge trees, a group
//! of 0 neurons, `run(0*ms)`, a `dt` that does not divide the duration, NaN and
//! infinite values, sizes whose allocation would exceed memory, and compile failures.

use spikelift::check::ErrorKind;
use spikelift::prelude::*;
use spikelift_jit::ir::{Expr as IrExpr, Index, Kernel, Shape, Stmt as IrStmt};
use spikelift_jit::{JitError, VerifyError};

/// The model error of `r`, checking that its span lies in its source.
#[track_caller]
fn model_error<T: std::fmt::Debug>(r: Result<T>) -> spikelift::check::ModelError {
    match r {
        Err(Error::Model(m)) => {
            let (s, e) = (m.span.start as usize, m.span.end as usize);
            assert!(s <= e && e <= m.source_text.len(), "span of {m:?}");
            assert!(m.source_text.is_char_boundary(s) && m.source_text.is_char_boundary(e));
            m
        }
        other => panic!("expected a model error, got {other:?}"),
    }
}

#[track_caller]
fn invalid_argument<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(Error::InvalidArgument(m)) => m,
        other => panic!("expected an invalid-argument error, got {other:?}"),
    }
}

fn values(net: &Network, g: GroupId, var: &str) -> Vec<f64> {
    net.get(g, var).expect("readable variable").si().to_vec()
}

// ---------------------------------------------------------------- nesting and size

#[test]
fn ten_to_the_five_parentheses_are_a_syntax_error_everywhere() {
    let deep = "(".repeat(100_000);
    let balanced = format!("{}v{}", "(".repeat(100_000), ")".repeat(100_000));
    for rhs in [&deep, &balanced] {
        let eqs = format!("dv/dt = -{rhs}/ms : 1");
        let mut net = Network::new();
        let e = model_error(net.add(NeuronGroup::new(1, &eqs).unwrap()));
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.context, "equations");
    }
    let base = || NeuronGroup::new(1, "dv/dt = -v/ms : 1").unwrap();
    let mut net = Network::new();
    for (group, context) in [
        (base().threshold(&balanced), "threshold"),
        (base().reset(&format!("v = {balanced}")), "reset"),
        (base().refractory(balanced.as_str()), "refractory"),
    ] {
        let e = model_error(net.add(group));
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.context, context);
    }
    let g = net.add(base()).unwrap();
    let e = model_error(net.set(g, "v", balanced.as_str()));
    assert!(e.message.contains("nested too deeply"), "{}", e.message);
}

#[test]
fn expressions_as_deep_as_the_parser_allows_compile_and_agree() {
    // 190 levels of parentheses and operands, and a sum of 900 terms: within the parser's limits
    // (200 levels, trees 1000 high), beyond the kernel IR's depth (512), so lowering
    // must split them; both backends agree.
    let nested = format!("{}v{}", "(1 + ".repeat(95), ")".repeat(95));
    let sum = vec!["v"; 900].join(" + ");
    for rhs in [nested, sum] {
        let eqs = format!("dv/dt = -({rhs})/(1000*second) : 1");
        let mut finals = Vec::new();
        for backend in [Backend::Interp, Backend::Jit] {
            let mut net = Network::new();
            net.set_backend(backend);
            let g = net
                .add(NeuronGroup::new(2, &eqs).unwrap().method("euler"))
                .unwrap();
            net.set(g, "v", "i + 0.5").unwrap();
            net.run(1.0 * ms).unwrap();
            finals.push(values(&net, g, "v"));
        }
        assert_eq!(finals[0], finals[1]);
        assert!(finals[0].iter().all(|x| x.is_finite()));
    }
}

#[test]
fn ten_megabyte_expression_is_a_syntax_error_quickly() {
    // One right-hand side of 10 MB: far more operations than a tree may be high.
    let rhs = vec!["v"; (5 << 20) + 1].join("+");
    assert!(rhs.len() >= 10 << 20);
    let eqs = format!("dv/dt = -({rhs})/ms : 1");
    let start = std::time::Instant::now();
    let mut net = Network::new();
    let e = model_error(net.add(NeuronGroup::new(1, &eqs).unwrap()));
    assert!(e.message.contains("nested too deeply"), "{}", e.message);
    assert!(start.elapsed().as_secs() < 30);
}

#[test]
fn ten_megabyte_equations_string_of_many_lines() {
    // 10 MB of equations: the same lines repeated (an error at the second copy), and
    // distinct lines (each a parameter; a group with 600 000 variables).
    let line = "dv/dt = (El - v + R*I)/tau : volt (unless refractory)\nI : amp # input\n";
    let repeated = line.repeat((10 << 20) / line.len() + 1);
    let mut net = Network::new();
    let e = model_error(net.add(NeuronGroup::new(1, &repeated).unwrap()));
    assert!(e.message.contains("defined twice"), "{}", e.message);

    let mut distinct = String::new();
    let mut k = 0;
    while distinct.len() < 10 << 20 {
        distinct.push_str(&format!("parameter_{k} : volt\n"));
        k += 1;
    }
    let start = std::time::Instant::now();
    let g = net.add(NeuronGroup::new(2, &distinct).unwrap()).unwrap();
    net.run(0.2 * ms).unwrap();
    assert_eq!(values(&net, g, &format!("parameter_{}", k - 1)), [0.0, 0.0]);
    assert!(
        start.elapsed().as_secs() < 60,
        "{k} parameters took {:?}",
        start.elapsed()
    );
}

#[test]
fn ten_thousand_variables_in_one_group() {
    const K: usize = 10_000;
    // Parameters, differential equations and subexpressions, 10^4 each kind.
    let mut eqs = String::new();
    for k in 0..K {
        eqs.push_str(&format!("dx{k}/dt = (p{k} - x{k})/(10*ms) : 1\np{k} : 1\n"));
    }
    // (`exponential_euler` and the others build kernels of the same shapes.)
    for method in ["euler", "rk4"] {
        let mut net = Network::new();
        let g = net
            .add(NeuronGroup::new(2, &eqs).unwrap().method(method))
            .unwrap();
        net.set(g, &format!("p{}", K - 1), 1.0).unwrap();
        net.run(0.3 * ms).unwrap();
        let x = values(&net, g, &format!("x{}", K - 1));
        assert!(x[0] > 0.0 && x[0] < 0.1, "{method}: {x:?}");
        assert_eq!(values(&net, g, "x0"), [0.0, 0.0]);
    }
    // The default choice: `exact` does not apply to so many equations, so `euler`.
    let mut net = Network::new();
    let g = net.add(NeuronGroup::new(2, &eqs).unwrap()).unwrap();
    net.run(0.1 * ms).unwrap();
    assert_eq!(net.method_used(g).map(|m| m.name()), Some("euler"));
    // Explicitly `exact`: an error that says why.
    let mut net = Network::new();
    net.add(NeuronGroup::new(2, &eqs).unwrap().method("exact"))
        .unwrap();
    let e = model_error(net.run(0.1 * ms));
    assert_eq!(e.kind, ErrorKind::UnsupportedEquations);
}

#[test]
fn long_chains_of_subexpressions() {
    // s_k = s_(k-1) + 1: 10^4 subexpressions inline into a tree 10^4 deep.
    let mut eqs = String::from("dv/dt = -v/ms + s9999/second : 1\ns0 = v : 1\n");
    for k in 1..10_000 {
        eqs.push_str(&format!("s{k} = s{} + 1 : 1\n", k - 1));
    }
    let mut net = Network::new();
    net.add(NeuronGroup::new(1, &eqs).unwrap()).unwrap();
    let e = model_error(net.run(0.1 * ms));
    assert!(
        e.message.contains("too large") || e.message.contains("too deep"),
        "{e}"
    );
    assert!(
        e.span.start > 0,
        "the error points at a subexpression: {e:?}"
    );

    // s_k = s_(k-1) * s_(k-1): 40 subexpressions inline into 2^40 nodes.
    let mut eqs = String::from("dv/dt = -v/ms + s39/second : 1\ns0 = v : 1\n");
    for k in 1..40 {
        eqs.push_str(&format!("s{k} = s{} * s{} : 1\n", k - 1, k - 1));
    }
    let mut net = Network::new();
    let g = net.add(NeuronGroup::new(1, &eqs).unwrap()).unwrap();
    let start = std::time::Instant::now();
    let e = model_error(net.run(0.1 * ms));
    assert!(
        e.message.contains("too large") || e.message.contains("too deep"),
        "{e}"
    );
    // Reading a subexpression needs the same inlining: the same error.
    model_error(net.get(g, "s39"));
    assert!(start.elapsed().as_secs() < 10);

    // A short chain is fine.
    let eqs = "dv/dt = (s2 - v)/ms : 1\ns0 = 1 : 1\ns1 = s0 * s0 + s0 : 1\ns2 = s1 * s1 : 1";
    let mut net = Network::new();
    let g = net.add(NeuronGroup::new(1, eqs).unwrap()).unwrap();
    net.run(0.1 * ms).unwrap();
    assert_eq!(values(&net, g, "s2"), [4.0]);
}

#[test]
fn powers_too_high_to_expand() {
    // (((v**8)**8)...)**8: the symbolic expansion must neither overflow the exponent
    // nor build a product of 8^11 factors.
    let mut e = String::from("v");
    for _ in 0..11 {
        e = format!("({e})**8");
    }
    for method in [None, Some("exponential_euler"), Some("euler")] {
        let eqs = format!("dv/dt = -v*w/ms : 1\ndw/dt = -{e}/ms : 1");
        let mut net = Network::new();
        let mut group = NeuronGroup::new(1, &eqs).unwrap();
        if let Some(m) = method {
            group = group.method(m);
        }
        let g = net.add(group).unwrap();
        net.set(g, "v", 0.5).unwrap();
        match net.run(0.1 * ms) {
            Ok(()) => assert_eq!(values(&net, g, "v"), [0.5]),
            Err(e) => {
                model_error::<()>(Err(e));
            }
        }
    }
}

// ---------------------------------------------------------------- empty and zero

#[test]
fn a_group_of_zero_neurons() {
    for method in ["exact", "euler", "rk4", "exponential_euler"] {
        let mut net = Network::new();
        let g = net
            .add(
                NeuronGroup::new(0, "dv/dt = (I - v)/(10*ms) : 1\nI : 1\ns = 2*v : 1")
                    .unwrap()
                    .threshold("v > 1")
                    .reset("v = 0")
                    .refractory(2.0 * ms)
                    .method(method),
            )
            .unwrap();
        assert_eq!(net.len(g), 0);
        net.set(g, "v", 0.5).unwrap();
        net.set(g, "I", "i*2").unwrap();
        let spikes = net.spike_monitor(g).unwrap();
        let trace = net
            .state_monitor(g, &["v", "s"], StateMonitorOptions::default())
            .unwrap();
        net.run(1.0 * ms).unwrap();
        assert!(values(&net, g, "v").is_empty());
        assert!(values(&net, g, "s").is_empty());
        assert_eq!(net.spike_data(spikes).num_spikes(), 0);
        let data = net.state_data(trace);
        assert_eq!(data.t().len(), 10, "{method}: times are still recorded");
        assert!(data.values("v").unwrap().is_empty());
    }
}

#[test]
fn run_of_zero_duration_does_nothing() {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(3, "dv/dt = (2 - v)/(10*ms) : 1")
                .unwrap()
                .threshold("v > 1")
                .reset("v = 0"),
        )
        .unwrap();
    net.set(g, "v", "i*0.6").unwrap();
    let spikes = net.spike_monitor(g).unwrap();
    let trace = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let before = values(&net, g, "v");
    net.run(0.0 * ms).unwrap();
    assert_eq!(values(&net, g, "v"), before);
    assert_eq!(net.t().value, 0.0);
    assert_eq!(net.spike_data(spikes).num_spikes(), 0);
    assert_eq!(net.state_data(trace).t().len(), 0);
    // ... even when the model has an error, which surfaces as for any run (Brian2
    // prepares the objects in run(0*ms) too).
    let mut net = Network::new();
    net.add(NeuronGroup::new(1, "dv/dt = -v/undefined_tau : 1").unwrap())
        .unwrap();
    let e = model_error(net.run(0.0 * ms));
    assert_eq!(e.kind, ErrorKind::UndefinedIdentifier);
}

#[test]
fn a_duration_that_is_not_a_multiple_of_dt_runs_to_the_next_step() {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(1, "dc/dt = 1/ms : 1")
                .unwrap()
                .method("euler"),
        )
        .unwrap();
    let trace = net
        .state_monitor(g, &["c"], StateMonitorOptions::default())
        .unwrap();
    // dt = 0.1 ms: 0.25 ms runs 3 steps (ceil), the network time is 0.25 ms.
    net.run(0.25 * ms).unwrap();
    assert_eq!(net.state_data(trace).t().len(), 3);
    assert!((net.t().value - 0.25e-3).abs() < 1e-18);
    // The next run starts at the step after, so no step is simulated twice.
    net.run(0.25 * ms).unwrap();
    assert_eq!(net.state_data(trace).t().len(), 5);
    let c = values(&net, g, "c")[0];
    assert!((c - 0.5).abs() < 1e-12, "{c}");
    // A duration within 1e-4*dt of a step rounds to it.
    net.run(0.1 * ms * (1.0 + 1e-6)).unwrap();
    assert_eq!(net.state_data(trace).t().len(), 6);
}

// ---------------------------------------------------------------- NaN and infinity

#[test]
fn nan_and_infinite_values_are_carried_on() {
    let eqs = "dv/dt = (w - v)/tau : 1 (unless refractory)\ndw/dt = -w/(5*ms) : 1\ntau : second";
    for method in [
        None,
        Some("exact"),
        Some("euler"),
        Some("rk4"),
        Some("exponential_euler"),
    ] {
        let mut outcomes = Vec::new();
        for backend in [Backend::Interp, Backend::Jit] {
            let mut net = Network::new();
            net.set_backend(backend);
            let mut group = NeuronGroup::new(6, eqs)
                .unwrap()
                .threshold("v > 0.5")
                .reset("v = w")
                .refractory("v != v");
            if let Some(m) = method {
                group = group.method(m);
            }
            let g = net.add(group).unwrap();
            let nan = f64::NAN;
            let inf = f64::INFINITY;
            net.set(
                g,
                "v",
                QuantityArray::new(
                    vec![nan, inf, -inf, 0.0, 1.0, 0.2],
                    Dimension::DIMENSIONLESS,
                ),
            )
            .unwrap();
            net.set(
                g,
                "w",
                QuantityArray::new(vec![1.0, 1.0, 1.0, nan, inf, 0.7], Dimension::DIMENSIONLESS),
            )
            .unwrap();
            net.set(g, "tau", 10.0 * ms).unwrap();
            let spikes = net.spike_monitor(g).unwrap();
            net.run(2.0 * ms).unwrap();
            let v = values(&net, g, "v");
            assert!(v[0].is_nan(), "{method:?}: NaN stays NaN: {v:?}");
            assert!(v[3].is_nan(), "{method:?}: NaN input makes NaN: {v:?}");
            assert!(v[5].is_finite(), "{method:?}: {v:?}");
            let data = net.spike_data(spikes);
            outcomes.push((
                v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                data.i().to_vec(),
            ));
        }
        // NaN bits may differ in sign or payload; compare NaN-ness then the rest.
        let canon = |o: &(Vec<u64>, Vec<i32>)| {
            let v: Vec<u64> =
                o.0.iter()
                    .map(|&b| if f64::from_bits(b).is_nan() { 0 } else { b })
                    .collect();
            (v, o.1.clone())
        };
        assert_eq!(canon(&outcomes[0]), canon(&outcomes[1]), "{method:?}");
    }
}

#[test]
fn nan_parameters_of_linear_equations() {
    // Per-neuron coefficients that are NaN: the neurons with them get NaN, the others
    // are integrated exactly, as Brian2 carries NaN on.
    for method in [None, Some("exact")] {
        let mut net = Network::new();
        let mut group = NeuronGroup::new(3, "dv/dt = (1 - v)/tau : 1\ntau : second").unwrap();
        if let Some(m) = method {
            group = group.method(m);
        }
        let g = net.add(group).unwrap();
        net.set(
            g,
            "tau",
            QuantityArray::new(vec![10e-3, f64::NAN, 20e-3], Dimension::TIME),
        )
        .unwrap();
        net.run(1.0 * ms).unwrap();
        assert_eq!(net.method_used(g).map(|m| m.name()), Some("exact"));
        let v = values(&net, g, "v");
        assert!((v[0] - (1.0 - (-0.1f64).exp())).abs() < 1e-12, "{v:?}");
        assert!(v[1].is_nan(), "{v:?}");
        assert!((v[2] - (1.0 - (-0.05f64).exp())).abs() < 1e-12, "{v:?}");
    }
    // The same for every neuron: all NaN, still exact.
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(2, "dv/dt = (1 - v)/tau : 1\ntau : second").unwrap())
        .unwrap();
    net.set(g, "tau", f64::NAN * second).unwrap();
    net.run(1.0 * ms).unwrap();
    assert_eq!(net.method_used(g).map(|m| m.name()), Some("exact"));
    assert!(values(&net, g, "v").iter().all(|v| v.is_nan()));
}

#[test]
fn linear_equations_with_huge_finite_coefficients() {
    // Time constants of 1e-150 ms: the matrix exponential used to square forever
    // (found by the `differential` fuzz target, fuzz/regressions/differential/).
    // Decays this fast reach their fixed point within one step.
    let eqs = "dv/dt = (-1e150*v + 1e149*w)/ms : 1\ndw/dt = -1e150*(w - 1)/ms : 1";
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(2, eqs).unwrap().method("exact"))
        .unwrap();
    net.set(g, "v", 5.0).unwrap();
    net.set(g, "w", 3.0).unwrap();
    net.run(0.3 * ms).unwrap();
    let (v, w) = (values(&net, g, "v"), values(&net, g, "w"));
    assert!(v.iter().all(|&v| (v - 0.1).abs() < 1e-12), "{v:?}");
    assert!(w.iter().all(|&w| (w - 1.0).abs() < 1e-12), "{w:?}");
}

#[test]
fn linear_equations_beyond_numerical_propagators_are_refused() {
    // Coefficients of 1e300/ms: the inverse of the matrix is no inverse any more and a
    // numerical propagator would give a wrong fixed point without a word.
    let eqs = "dv/dt = (-1e300*v + 1e299*w)/ms : 1\ndw/dt = -1e300*(w - 1)/ms : 1";
    let mut net = Network::new();
    net.add(NeuronGroup::new(1, eqs).unwrap().method("exact"))
        .unwrap();
    match net.run(0.3 * ms) {
        Err(Error::Model(e)) => {
            assert!(e.to_string().contains("ill-conditioned"), "{e}")
        }
        other => panic!("expected an UnsupportedEquations error, got {other:?}"),
    }
    // Brian2's default choice then falls back to euler, which overflows visibly.
    let mut net = Network::new();
    let g2 = net.add(NeuronGroup::new(1, eqs).unwrap()).unwrap();
    net.set(g2, "v", 5.0).unwrap();
    net.run(0.3 * ms).unwrap();
    assert_eq!(net.method_used(g2).map(|m| m.name()), Some("euler"));
    assert!(
        values(&net, g2, "v")
            .iter()
            .all(|v| !v.is_finite() || v.abs() > 1e100)
    );
}

#[test]
fn non_finite_times_are_invalid_arguments() {
    let mut net = Network::new();
    for dt in [f64::NAN, f64::INFINITY, 0.0, -1.0] {
        invalid_argument(net.set_default_dt(dt * ms));
        invalid_argument(
            net.add(
                NeuronGroup::new(1, "dv/dt = -v/ms : 1")
                    .unwrap()
                    .dt(dt * ms),
            ),
        );
    }
    let g = net
        .add(NeuronGroup::new(1, "dv/dt = -v/ms : 1").unwrap())
        .unwrap();
    for dt in [f64::NAN, f64::INFINITY, 0.0] {
        invalid_argument(net.state_monitor(
            g,
            &["v"],
            StateMonitorOptions {
                dt: Some(dt * ms),
                ..Default::default()
            },
        ));
    }
    for d in [f64::NAN, f64::INFINITY, -1.0] {
        invalid_argument(net.run(d * ms));
    }
    for r in [f64::NAN, f64::INFINITY, -1.0] {
        let e = model_error(
            net.add(
                NeuronGroup::new(1, "dv/dt = -v/ms : 1")
                    .unwrap()
                    .refractory(r * ms),
            ),
        );
        assert_eq!(e.context, "refractory");
    }
}

// ---------------------------------------------------------------- memory

#[test]
fn sizes_beyond_memory_are_errors_before_allocating() {
    // More neurons than indices can address.
    let e = invalid_argument(NeuronGroup::new(1_000_000_000_000, "v : 1"));
    assert!(e.contains("1000000000000"), "{e}");
    // As many neurons as can be addressed, but with 30 000 variables: about a
    // petabyte of state.
    let eqs: String = (0..30_000).map(|k| format!("x{k} : 1\n")).collect();
    let mut net = Network::new();
    let e = invalid_argument(net.add(NeuronGroup::new(u32::MAX as i64, &eqs).unwrap()));
    assert!(e.contains("memory"), "{e}");
    // A StateMonitor that would need more memory than there is for a long run.
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(1000, "dv/dt = -v/ms : 1").unwrap())
        .unwrap();
    net.state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let e = invalid_argument(net.run(1e9 * second));
    assert!(e.contains("memory"), "{e}");
    assert_eq!(net.t().value, 0.0, "nothing ran");
    // connect() on 10^6 x 10^6 neurons: 10^12 synapses.
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(1_000_000, "v : 1").unwrap())
        .unwrap();
    let s = net.add_synapses(Synapses::new(g, g, "w : 1")).unwrap();
    let e = invalid_argument(net.connect(s, Connect::all()));
    assert!(e.contains("memory") && e.contains("synapses"), "{e}");
    assert_eq!(net.len(s), 0, "nothing was created");
}

// ---------------------------------------------------------------- compile failures

#[test]
fn a_kernel_that_cannot_be_compiled_is_an_error() {
    // Kernels the front end could never produce: the backends refuse them with an
    // error, before generating any code.
    let mut deep = IrExpr::Const(1.0);
    for _ in 0..1000 {
        deep = IrExpr::Unary(spikelift_jit::UnOp::Neg, Box::new(deep));
    }
    let kernels = [
        (
            Kernel {
                name: "too_deep".into(),
                shape: Shape::EachIndex,
                n_slots: 1,
                n_scalars: 0,
                n_idx_slots: 0,
                n_locals: 0,
                tables: Vec::new(),
                body: vec![IrStmt::Store(0, Index::Loop, deep)],
            },
            "deeper",
        ),
        (
            Kernel {
                name: "bad_slot".into(),
                shape: Shape::EachIndex,
                n_slots: 1,
                n_scalars: 0,
                n_idx_slots: 0,
                n_locals: 0,
                tables: Vec::new(),
                body: vec![IrStmt::Store(3, Index::Loop, IrExpr::Const(0.0))],
            },
            "slot",
        ),
    ];
    for (kernel, what) in kernels {
        for backend in [Backend::Interp, Backend::Jit] {
            match spikelift_jit::compile(kernel.clone(), backend) {
                Err(e @ JitError::Verify { .. }) => {
                    let shown = Error::from(e).to_string();
                    assert!(shown.starts_with("code generation failed"), "{shown}");
                    assert!(shown.contains(what), "{shown}");
                }
                other => panic!("expected a verify error, got {other:?}"),
            }
        }
    }
    assert!(matches!(
        spikelift_jit::verify(&Kernel {
            name: "k".into(),
            shape: Shape::EachEvent,
            n_slots: 0,
            n_scalars: 0,
            n_idx_slots: 0,
            n_locals: 0,
            tables: Vec::new(),
            body: vec![IrStmt::EmitIf(IrExpr::Const(1.0))],
        }),
        Err(VerifyError::EmitInEventKernel { .. })
    ));
}
