//! Synaptic equations against closed forms: event-driven traces (exact decay between
//! events), pair-based STDP, clock-driven conductances and summed variables.

use spikelift::prelude::*;

const STDP: &str = "
    w : 1
    dApre/dt = -Apre/taupre : 1 (event-driven)
    dApost/dt = -Apost/taupost : 1 (event-driven)
";

fn stdp_net(pre_t: f64, post_t: f64) -> (Network, GroupId) {
    let mut net = Network::new();
    let pre = net
        .spike_generator(1, &[0], &[pre_t], None, None)
        .expect("pre");
    let post = net
        .spike_generator(1, &[0], &[post_t], None, None)
        .expect("post");
    let s = net
        .add_synapses(
            Synapses::new(pre, post, STDP)
                .on_pre("Apre += 0.01\nw = clip(w + Apost, 0, 1)")
                .on_post("Apost += -0.0105\nw = clip(w + Apre, 0, 1)")
                .namespace([("taupre", 20.0 * ms), ("taupost", 20.0 * ms)]),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    net.set(s, "w", 0.5).expect("w");
    (net, s)
}

#[test]
fn pair_based_stdp_matches_the_exponential_window() {
    for (pre, post) in [(10e-3, 15e-3), (15e-3, 10e-3), (10e-3, 40e-3)] {
        let (mut net, s) = stdp_net(pre, post);
        net.run(50.0 * ms).expect("run");
        let w = net.get(s, "w").expect("w").si()[0];
        let lag: f64 = post - pre;
        let want = if lag > 0.0 {
            0.5 + 0.01 * (-lag / 0.02).exp()
        } else {
            0.5 - 0.0105 * (lag / 0.02).exp()
        };
        assert!((w - want).abs() < 1e-12, "lag {lag}: w = {w}, want {want}");
        // The traces are stale between events: last updated at the later spike.
        let last = net.get(s, "lastupdate").expect("lastupdate").si()[0];
        assert!((last - pre.max(post)).abs() < 1e-12);
    }
}

#[test]
fn weights_are_clipped() {
    let (mut net, s) = stdp_net(10e-3, 10.5e-3);
    net.set(s, "w", 0.999).expect("w");
    net.run(20.0 * ms).expect("run");
    assert_eq!(net.get(s, "w").expect("w").si(), &[1.0]);
}

#[test]
fn clock_driven_conductance_summed_into_the_target() {
    let mut net = Network::new();
    let src = net
        .spike_generator(2, &[0, 1], &[1e-3, 3e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(2, "I : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(
                src,
                tgt,
                "dg/dt = -g/(2*ms) : 1 (clock-driven)\nw : 1\nI_post = w*g : 1 (summed)",
            )
            .on_pre("g += 1")
            .method("exact"),
        )
        .expect("synapses");
    net.connect(s, Connect::pairs(&[0, 1, 1], &[0, 0, 1]))
        .expect("connect");
    net.set(s, "w", &[1.0, 2.0, 3.0][..]).expect("w");
    net.run(10.0 * ms).expect("run");
    // g of synapse k jumps to 1 when its spike is delivered (step 10 or 30) and decays
    // exactly from the following step on: e^(-(steps - 1)*dt/tau) at t = 10 ms, where
    // the last update was at step 99.
    let g = net.get(s, "g").expect("g");
    let decay = |spike_step: f64| (-(99.0 - spike_step) * 0.1 / 2.0f64).exp();
    let want = [decay(10.0), decay(30.0), decay(30.0)];
    for (got, want) in g.si().iter().zip(want) {
        assert!(
            (got - want).abs() < 1e-12 * want.max(1e-300),
            "{got} vs {want}"
        );
    }
    // The summed variable was computed at the start of the last step, from g before
    // that step's update (step 98 values).
    let i = net.get(tgt, "I").expect("I");
    let before = |spike_step: f64| (-(98.0 - spike_step) * 0.1 / 2.0f64).exp();
    let want0 = 1.0 * before(10.0) + 2.0 * before(30.0);
    let want1 = 3.0 * before(30.0);
    assert!((i.si()[0] - want0).abs() < 1e-12 * want0);
    assert!((i.si()[1] - want1).abs() < 1e-12 * want1);
}

#[test]
fn event_driven_trace_decays_exactly_between_events() {
    let mut net = Network::new();
    let src = net
        .spike_generator(1, &[0, 0, 0], &[1e-3, 4e-3, 4.5e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(1, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "da/dt = -a/(10*ms) : 1 (event-driven)\nseen : 1")
                .on_pre("seen = a\na += 1"),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    net.run(10.0 * ms).expect("run");
    let a1 = 1.0;
    let a2 = a1 * (-3.0f64 / 10.0).exp() + 1.0;
    let seen3 = a2 * (-0.5f64 / 10.0).exp();
    let seen = net.get(s, "seen").expect("seen").si()[0];
    let a = net.get(s, "a").expect("a").si()[0];
    assert!((seen - seen3).abs() < 1e-12, "{seen} vs {seen3}");
    assert!((a - (seen3 + 1.0)).abs() < 1e-12);
}
