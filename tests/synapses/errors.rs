//! Bad input to Synapses: each gives a clear, typed error (never a panic).

use spikelift::check::ErrorKind;
use spikelift::prelude::*;

fn setup() -> (Network, GroupId, GroupId) {
    let mut net = Network::new();
    let src = net
        .spike_generator(3, &[0, 1], &[1e-3, 2e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(3, "dv/dt = -v/(10*ms) : volt\nI : amp").expect("group"))
        .expect("add");
    (net, src, tgt)
}

fn model_error(e: Error) -> spikelift::check::ModelError {
    match e {
        Error::Model(m) => m,
        other => panic!("expected a model error, got {other:?}"),
    }
}

#[test]
fn on_pre_assigning_an_unknown_variable() {
    let (mut net, src, tgt) = setup();
    let s = net
        .add_synapses(Synapses::new(src, tgt, "w : volt").on_pre("u_post += w"))
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    let e = model_error(net.run(1.0 * ms).expect_err("unknown variable"));
    assert_eq!(e.kind, ErrorKind::UndefinedIdentifier);
    assert_eq!(e.span.text("u_post += w"), "u_post");
    assert!(e.to_string().contains("u_post"), "{e}");
}

#[test]
fn unit_mismatch_in_synaptic_code() {
    let (mut net, src, tgt) = setup();
    let s = net
        .add_synapses(Synapses::new(src, tgt, "w : 1").on_pre("v += w"))
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    let e = model_error(net.run(1.0 * ms).expect_err("units"));
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    assert!(e.to_string().contains('V'), "{e}");
}

#[test]
fn connect_index_out_of_range() {
    let (mut net, src, tgt) = setup();
    let s = net.add_synapses(Synapses::new(src, tgt, "")).expect("s");
    let e = net
        .connect(s, Connect::pairs(&[0, 1], &[2, 3]))
        .expect_err("j = 3 of 3 neurons");
    assert!(
        e.to_string()
            .contains("postsynaptic index 3 is out of range"),
        "{e}"
    );
    let e = net
        .connect(s, Connect::pairs(&[-1], &[0]))
        .expect_err("negative i");
    assert!(e.to_string().contains("presynaptic index -1"), "{e}");
    let e = net
        .connect(s, Connect::targets("i + 1"))
        .expect_err("j = 3");
    assert!(e.to_string().contains("skip_if_invalid"), "{e}");
    assert_eq!(net.len(s), 0, "a failed connect creates nothing");
}

#[test]
fn probability_outside_zero_one() {
    let (mut net, src, tgt) = setup();
    let s = net.add_synapses(Synapses::new(src, tgt, "")).expect("s");
    for p in [-0.1, 1.5, f64::NAN] {
        let e = net.connect(s, Connect::all().p(p)).expect_err("bad p");
        assert!(e.to_string().contains("between 0 and 1"), "{e}");
    }
    let e = net
        .connect(s, Connect::all().p_expr("v_post"))
        .expect_err("p with a unit");
    assert!(e.to_string().contains("dimensionless"), "{e}");
}

#[test]
fn negative_delays() {
    let (mut net, src, tgt) = setup();
    let e = net
        .add_synapses(
            Synapses::new(src, tgt, "")
                .on_pre("v += 1*mV")
                .delay(-1.0 * ms),
        )
        .expect_err("negative delay");
    assert!(e.to_string().contains("non-negative"), "{e}");
    let s = net
        .add_synapses(Synapses::new(src, tgt, "").on_pre("v += 1*mV"))
        .expect("s");
    net.connect(s, Connect::all()).expect("connect");
    let e = net
        .set_delay(s, "pre", "-j*ms", None)
        .expect_err("negative delays");
    assert!(e.to_string().contains("non-negative"), "{e}");
    let e = net
        .set_delay(s, "pre", 2.0 * mV, None)
        .expect_err("not a time");
    assert!(e.to_string().contains("must be a time"), "{e}");
    let e = net
        .set_delay(s, "late", 2.0 * ms, None)
        .expect_err("no pathway");
    assert!(e.to_string().contains("no pathway 'late'"), "{e}");
}

#[test]
fn summed_variables_need_a_matching_target() {
    let (mut net, src, tgt) = setup();
    let e = model_error(
        net.add_synapses(Synapses::new(src, tgt, "J_post = 1*nA : amp (summed)"))
            .expect_err("no J in the target"),
    );
    assert!(e.to_string().contains("does not have"), "{e}");
    let e = model_error(
        net.add_synapses(Synapses::new(src, tgt, "I_post = 1*mV : volt (summed)"))
            .expect_err("wrong unit"),
    );
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    let e = model_error(
        net.add_synapses(Synapses::new(src, tgt, "v_post = 1*mV : volt (summed)"))
            .expect_err("v is a differential equation"),
    );
    assert!(e.to_string().contains("must be a parameter"), "{e}");
    let e = model_error(
        net.add_synapses(Synapses::new(src, tgt, "w_pre : 1"))
            .expect_err("suffix in a name"),
    );
    assert!(e.to_string().contains("_pre"), "{e}");
    let e = model_error(
        net.add_synapses(Synapses::new(
            src,
            tgt,
            "dx/dt = -x/ms : 1 (unless refractory)",
        ))
        .expect_err("flag of neurons"),
    );
    assert!(e.to_string().contains("not allowed"), "{e}");
}

#[test]
fn event_driven_equations_that_are_not_solvable() {
    let (mut net, src, tgt) = setup();
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "dx/dt = -x**2/ms : 1 (event-driven)").on_pre("x += 1"),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    let e = model_error(net.run(1.0 * ms).expect_err("non-linear"));
    assert_eq!(e.kind, ErrorKind::UnsupportedEquations);
    assert!(e.to_string().contains("clock-driven"), "{e}");
}

#[test]
fn pathways_need_a_group_that_spikes() {
    let (mut net, src, tgt) = setup();
    // The target has no threshold: an on_post pathway cannot be triggered.
    let e = net
        .add_synapses(Synapses::new(src, tgt, "").on_post("v += 1*mV"))
        .expect_err("no spikes in the target");
    assert!(
        e.to_string().contains("does not define an event 'spike'"),
        "{e}"
    );
    // Without pathways, synapses between groups without thresholds are fine.
    net.add_synapses(Synapses::new(tgt, tgt, "w : 1"))
        .expect("no pathway");
}

#[test]
fn absurdly_long_delays_are_an_error_not_an_allocation() {
    let (mut net, src, tgt) = setup();
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "")
                .on_pre("v += 1*mV")
                .delay(1e6 * second),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    let e = net.run(1.0 * ms).expect_err("10^10 steps");
    assert!(e.to_string().contains("time steps"), "{e}");
    net.set_delay(s, "pre", 2.0 * ms, None)
        .expect("a normal delay");
    net.run(1.0 * ms).expect("runs now");
}

#[test]
fn two_summed_variables_into_one_target_variable() {
    let (mut net, src, tgt) = setup();
    for _ in 0..2 {
        let s = net
            .add_synapses(Synapses::new(src, tgt, "I_post = 1*nA : amp (summed)"))
            .expect("synapses");
        net.connect(s, Connect::all()).expect("connect");
    }
    let e = net
        .run(1.0 * ms)
        .expect_err("the second would erase the first");
    assert!(e.to_string().contains("Multiple summed variables"), "{e}");
    // Into disjoint parts of the target they are fine.
    let (mut net, src, tgt) = setup();
    for (a, b) in [(0, 1), (1, 3)] {
        let s = net
            .add_synapses(Synapses::new(
                src,
                tgt.slice(a, b),
                "I_post = 1*nA : amp (summed)",
            ))
            .expect("synapses");
        net.connect(s, Connect::all()).expect("connect");
    }
    net.run(1.0 * ms).expect("disjoint targets");
    // Each target neuron sums 1 nA from each of the 3 sources.
    let i = net.get(tgt, "I").expect("I");
    assert!(
        i.si().iter().all(|x| (x - 3e-9).abs() < 1e-20),
        "{:?}",
        i.si()
    );
}

#[test]
fn synapses_have_no_spikes_to_monitor() {
    let (mut net, src, tgt) = setup();
    let s = net
        .add_synapses(Synapses::new(src, tgt, "w : 1"))
        .expect("synapses");
    let e = net.spike_monitor(s).expect_err("no spikes");
    assert!(e.to_string().contains("no 'spike' events"), "{e}");
    net.state_monitor(s, &["w"], StateMonitorOptions::default())
        .expect("their variables can be recorded");
}
