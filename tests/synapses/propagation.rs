//! Spike propagation: delays rounded as Brian2 does, the order of effects, pathways.

use spikelift::prelude::*;

#[test]
fn homogeneous_delay_delivers_at_the_rounded_step() {
    let mut net = Network::new();
    let src = net
        .spike_generator(1, &[0], &[1e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(3, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "w : 1")
                .on_pre("v += w")
                .delay(2.0 * ms),
        )
        .expect("synapses");
    assert_eq!(net.connect(s, Connect::all()).expect("connect"), 3);
    net.set(s, "w", "j + 1").expect("set w");
    let mon = net
        .state_monitor(tgt, &["v"], StateMonitorOptions::default())
        .expect("monitor");
    net.run(5.0 * ms).expect("run");
    assert_eq!(net.get(tgt, "v").expect("v").si(), &[1.0, 2.0, 3.0]);
    // The spike at step 10 arrives at step 30: the monitor (slot start) sees it at 31.
    let data = net.state_data(mon);
    let v0 = data.trace("v", 0).expect("trace");
    assert_eq!(v0.si()[30], 0.0);
    assert_eq!(v0.si()[31], 1.0);
}

#[test]
fn a_weight_and_a_homogeneous_delay_cost_16_bytes_per_synapse() {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(2000, "dv/dt = -v/(10*ms) : 1")
                .expect("group")
                .threshold("v > 1")
                .reset("v = 0"),
        )
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(g, g, "w : 1")
                .on_pre("v += w")
                .delay(1.5 * ms),
        )
        .expect("synapses");
    let n = net.connect(s, Connect::all().p(0.25)).expect("connect");
    assert!(n > 900_000);
    net.run(1.0 * ms).expect("run");
    let bytes = net.synapse_bytes(s).expect("bytes");
    assert_eq!(
        bytes,
        16 * n,
        "{} bytes per synapse",
        bytes as f64 / n as f64
    );
}

#[test]
fn heterogeneous_delays_and_several_pathways() {
    // Two pathways from the same spikes with their own delays; the later one resets.
    let mut net = Network::new();
    let src = net
        .spike_generator(2, &[0, 1], &[1e-3, 1e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(2, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "")
                .pathway("up", Side::Pre, "v += 1", None)
                .pathway("down", Side::Pre, "v = v * 10", Some(1.0 * ms)),
        )
        .expect("synapses");
    net.connect(s, Connect::targets("i")).expect("connect");
    // Per-synapse delays of the `up` pathway: 0.05 ms rounds to 1 step, 0.15 ms to 1
    // (0.15/0.1 = 1.4999...), 0.25 ms to 3 (Brian2's (int)(d/dt + 0.5)).
    net.set_delay(
        s,
        "up",
        QuantityArray::new(vec![0.15e-3, 0.25e-3], Dimension::TIME),
        None,
    )
    .expect("delays");
    let mon = net
        .state_monitor(tgt, &["v"], StateMonitorOptions::default())
        .expect("monitor");
    net.run(3.0 * ms).expect("run");
    let d = net.state_data(mon);
    let v0 = d.trace("v", 0).expect("v0");
    let v1 = d.trace("v", 1).expect("v1");
    // Spike at step 10; `up` arrives at step 11 (neuron 0) and 13 (neuron 1), seen by
    // the monitor one step later; `down` at step 20.
    assert_eq!((v0.si()[11], v0.si()[12]), (0.0, 1.0));
    assert_eq!((v1.si()[13], v1.si()[14]), (0.0, 1.0));
    assert_eq!((v0.si()[20], v0.si()[21]), (1.0, 10.0));
    match net.delay(s, "down").expect("delay") {
        SynapticDelay::Homogeneous(q) => assert_eq!(q, 1.0 * ms),
        other => panic!("expected a homogeneous delay, got {other:?}"),
    }
}

#[test]
fn store_and_restore_keep_connectivity_and_queued_spikes() {
    let mut net = Network::new();
    let src = net
        .spike_generator(1, &[0], &[1e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(2, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "w : 1")
                .on_pre("v += w")
                .delay(3.0 * ms),
        )
        .expect("synapses");
    net.connect(s, Connect::pairs(&[0], &[0])).expect("connect");
    net.set(s, "w", 1.0).expect("w");
    // The spike (step 10) is queued but not delivered (step 40) when storing.
    net.run(2.0 * ms).expect("run");
    net.store("queued");
    net.run(3.0 * ms).expect("run");
    assert_eq!(net.get(tgt, "v").expect("v").si(), &[1.0, 0.0]);
    net.connect(s, Connect::pairs(&[0], &[1]))
        .expect("connect more");
    net.restore("queued").expect("restore");
    assert_eq!(net.len(s), 1, "connectivity restored");
    net.set(tgt, "v", 0.0).expect("v");
    net.run(3.0 * ms).expect("run");
    assert_eq!(
        net.get(tgt, "v").expect("v").si(),
        &[1.0, 0.0],
        "queued spike delivered again"
    );
}

#[test]
fn refractory_targets_ignore_input_to_unless_refractory_variables() {
    // Brian2's conditional write: v has (unless refractory), u does not.
    let mut net = Network::new();
    let src = net
        .spike_generator(1, &[0, 0], &[1e-3, 4e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(
            NeuronGroup::new(2, "dv/dt = 0/ms : 1 (unless refractory)\ndu/dt = 0/ms : 1")
                .expect("group")
                .threshold("i == 0 and t > 0.45*ms")
                .reset("v = 0")
                .refractory(2.0 * ms),
        )
        .expect("add");
    let s = net
        .add_synapses(Synapses::new(src, tgt, "").on_pre("v += 1\nu += 1"))
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    net.run(6.0 * ms).expect("run");
    // Neuron 0 spikes at 0.5 ms and then every 2 ms (0.5, 2.5, 4.5): refractory at
    // 1 ms and 4 ms, so v never sees the input; u always does. Neuron 1 never spikes.
    assert_eq!(net.get(tgt, "v").expect("v").si(), &[0.0, 2.0]);
    assert_eq!(net.get(tgt, "u").expect("u").si(), &[2.0, 2.0]);
}

#[test]
fn synapses_can_target_other_synapses() {
    // Brian2: each synapse of the target is one postsynaptic element.
    let mut net = Network::new();
    let pre = net
        .spike_generator(2, &[0, 1], &[1e-3, 2e-3], None, None)
        .expect("pre");
    let post = net
        .add(NeuronGroup::new(3, "v : 1").expect("group"))
        .expect("add");
    let s1 = net
        .add_synapses(Synapses::new(pre, post, "d : 1").on_pre("v += d"))
        .expect("s1");
    net.connect(s1, Connect::all()).expect("connect");
    let modulator = net
        .spike_generator(1, &[0], &[0.5e-3], None, None)
        .expect("mod");
    let s2 = net
        .add_synapses(Synapses::new(modulator, s1, "").on_pre("d_post += 0.5 + j"))
        .expect("s2");
    net.connect(s2, Connect::all()).expect("connect");
    assert_eq!(net.len(s2), 6, "every source to every target synapse");
    net.run(3.0 * ms).expect("run");
    let d: Vec<f64> = (0..6).map(|k| 0.5 + k as f64).collect();
    assert_eq!(net.get(s1, "d").expect("d").si(), &d[..]);
    // v_j = d of (0, j) + d of (1, j): synapse k = 3*i + j.
    let v: Vec<f64> = (0..3).map(|j| d[j] + d[3 + j]).collect();
    assert_eq!(net.get(post, "v").expect("v").si(), &v[..]);
    assert!(
        net.add_synapses(Synapses::new(s1, post, "")).is_err(),
        "synapses do not spike"
    );
}

#[test]
fn subexpressions_of_source_and_target_are_visible_to_synaptic_code() {
    let mut net = Network::new();
    let src = net
        .add(
            NeuronGroup::new(2, "x : 1\nx2 = 2*x + i : 1")
                .expect("group")
                .threshold("t > 0.45*ms and t < 0.55*ms"),
        )
        .expect("src");
    let tgt = net
        .add(NeuronGroup::new(3, "y : 1\ngain = 10*(j_ref + 1) : 1\nj_ref = i : 1").expect("group"))
        .expect("tgt");
    net.set(src, "x", &[1.0, 3.0][..]).expect("x");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "w = x2_pre * gain_post : 1").on_pre("y_post += x2_pre"),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    // w = (2 x_i + i) * 10 (j + 1), read outside a run.
    let w = net.get(s, "w").expect("w");
    let want: Vec<f64> = (0..2)
        .flat_map(|i| {
            (0..3).map(move |j| (2.0 * [1.0, 3.0][i] + i as f64) * 10.0 * (j as f64 + 1.0))
        })
        .collect();
    assert_eq!(w.si(), &want[..]);
    net.run(1.0 * ms).expect("run");
    // Each target got x2 of both sources: 2 + 7.
    assert_eq!(net.get(tgt, "y").expect("y").si(), &[9.0, 9.0, 9.0]);
    net.set(tgt, "y", "gain").expect("setter on the target");
    let s2 = net
        .add_synapses(Synapses::new(src, tgt, "u : 1"))
        .expect("s2");
    net.connect(s2, Connect::pairs(&[1], &[2]))
        .expect("connect");
    net.set(s2, "u", "x2_pre + gain_post")
        .expect("setter with linked subexpressions");
    assert_eq!(net.get(s2, "u").expect("u").si(), &[7.0 + 30.0]);
}

#[test]
fn the_schedule_decides_whether_input_in_the_spike_step_survives_the_reset() {
    let run = |schedule: Option<&[&str]>| {
        let mut net = Network::new();
        if let Some(s) = schedule {
            net.set_schedule(s).expect("schedule");
        }
        let src = net
            .spike_generator(1, &[0], &[1e-3], None, None)
            .expect("generator");
        // Crosses v > 1 at step 10 (t = 1 ms), when the spike arrives (no delay).
        let tgt = net
            .add(
                NeuronGroup::new(1, "dv/dt = 0.95/ms : 1")
                    .expect("group")
                    .threshold("v > 1")
                    .reset("v = 0")
                    .method("euler"),
            )
            .expect("add");
        let s = net
            .add_synapses(Synapses::new(src, tgt, "").on_pre("v += 0.5"))
            .expect("synapses");
        net.connect(s, Connect::all()).expect("connect");
        net.run(1.05 * ms).expect("run");
        net.get(tgt, "v").expect("v").si()[0]
    };
    // Brian2's order: the reset after the synaptic effect erases it.
    assert_eq!(run(None), 0.0);
    // Resets before synapses: the input is applied to the reset value.
    let swapped = ["start", "groups", "thresholds", "resets", "synapses", "end"];
    assert_eq!(run(Some(&swapped)), 0.5);
    let mut net = Network::new();
    let e = net
        .set_schedule(&["start", "groups"])
        .expect_err("slots missing");
    assert!(e.to_string().contains("missing"), "{e}");
    assert_eq!(
        net.schedule(),
        ["start", "groups", "thresholds", "synapses", "resets", "end"]
    );
}

#[test]
fn pathways_triggered_by_a_custom_event() {
    let mut net = Network::new();
    // `up` happens every step while v > 0.5 (steps 6 to 9: v = 0.6 ... 0.9 after the
    // update), no spikes at all.
    let src = net
        .add(
            NeuronGroup::new(1, "dv/dt = 1/ms : 1")
                .expect("group")
                .event("up", "v > 0.55 and v < 0.95")
                .method("euler"),
        )
        .expect("src");
    let tgt = net
        .add(NeuronGroup::new(1, "c : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "")
                .on_pre("c += 1")
                .on_event(None, "up"),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    net.run(2.0 * ms).expect("run");
    assert_eq!(net.get(tgt, "c").expect("c").si(), &[4.0]);
    let e = net
        .add_synapses(
            Synapses::new(src, tgt, "")
                .on_pre("c += 1")
                .on_event(None, "down"),
        )
        .expect_err("no such event");
    assert!(
        e.to_string().contains("does not define an event 'down'"),
        "{e}"
    );
}

#[test]
fn poisson_input_on_a_subgroup_respects_the_conditional_write() {
    // Neuron 0 spikes at t = 0 and stays refractory (refractory while i == 0): its
    // (unless refractory) v ignores the input; neuron 1 receives it; neuron 2 is not
    // targeted.
    let mut net = Network::new();
    net.seed(1);
    let g = net
        .add(
            NeuronGroup::new(3, "dv/dt = 0/ms : 1 (unless refractory)")
                .expect("group")
                .threshold("i == 0 and t < 0.05*ms")
                .refractory("i == 0"),
        )
        .expect("add");
    net.poisson_input(g.slice(0, 2), "v", 100, 1000.0 * hertz, Quantity::from(1.0))
        .expect("input");
    net.run(10.0 * ms).expect("run");
    let v = net.get(g, "v").expect("v");
    assert_eq!(v.si()[0], 0.0, "refractory: no input");
    // 100 inputs at 1 kHz for 100 steps of 0.1 ms: 1000 events on average.
    assert!(
        (v.si()[1] - 1000.0).abs() < 5.0 * 1000f64.sqrt(),
        "{}",
        v.si()[1]
    );
    assert_eq!(v.si()[2], 0.0, "not targeted");
}
