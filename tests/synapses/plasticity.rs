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

/// The triplet rule (Pfister & Gerstner 2006, all-to-all) simulated in Rust with the
/// same event order: for simultaneous spikes the pre pathway runs first.
fn triplet_reference(pre: &[f64], post: &[f64]) -> f64 {
    let (tp, tx, tm, ty) = (16.8e-3, 101e-3, 33.7e-3, 125e-3);
    let (a2p, a3p, a2m, a3m) = (5e-3, 6.2e-3, 7e-3, 2.3e-4);
    let (mut r1, mut r2, mut o1, mut o2, mut w) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.5f64);
    let mut events: Vec<(f64, u8)> = pre
        .iter()
        .map(|&t| (t, 0))
        .chain(post.iter().map(|&t| (t, 1)))
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut last = 0.0;
    for (t, kind) in events {
        let dt: f64 = t - last;
        r1 *= (-dt / tp).exp();
        r2 *= (-dt / tx).exp();
        o1 *= (-dt / tm).exp();
        o2 *= (-dt / ty).exp();
        last = t;
        if kind == 0 {
            w = (w - o1 * (a2m + a3m * r2)).clamp(0.0, 1.0);
            r1 += 1.0;
            r2 += 1.0;
        } else {
            w = (w + r1 * (a2p + a3p * o2)).clamp(0.0, 1.0);
            o1 += 1.0;
            o2 += 1.0;
        }
    }
    w
}

#[test]
fn triplet_stdp_matches_a_reference_simulation() {
    let pre: Vec<f64> = (0..40).map(|k| (5 + 20 * k) as f64 * 1e-3).collect();
    let post: Vec<f64> = (0..60).map(|k| (8 + 13 * k) as f64 * 1e-3).collect();
    let mut net = Network::new();
    let pre_g = net
        .spike_generator(1, &vec![0; pre.len()], &pre, None, None)
        .expect("pre");
    let post_g = net
        .spike_generator(1, &vec![0; post.len()], &post, None, None)
        .expect("post");
    let s = net
        .add_synapses(
            Synapses::new(
                pre_g,
                post_g,
                "w : 1
                 dr1/dt = -r1/tp : 1 (event-driven)
                 dr2/dt = -r2/tx : 1 (event-driven)
                 do1/dt = -o1/tm : 1 (event-driven)
                 do2/dt = -o2/ty : 1 (event-driven)",
            )
            .on_pre("w = clip(w - o1*(A2m + A3m*r2), 0, 1)\nr1 += 1\nr2 += 1")
            .on_post("w = clip(w + r1*(A2p + A3p*o2), 0, 1)\no1 += 1\no2 += 1")
            .namespace([
                ("tp", 16.8 * ms),
                ("tx", 101.0 * ms),
                ("tm", 33.7 * ms),
                ("ty", 125.0 * ms),
                ("A2p", Quantity::from(5e-3)),
                ("A3p", Quantity::from(6.2e-3)),
                ("A2m", Quantity::from(7e-3)),
                ("A3m", Quantity::from(2.3e-4)),
            ]),
        )
        .expect("synapses");
    net.connect(s, Connect::all()).expect("connect");
    net.set(s, "w", 0.5).expect("w");
    net.run(800.0 * ms).expect("run");
    let w = net.get(s, "w").expect("w").si()[0];
    let want = triplet_reference(&pre, &post);
    assert!((w - 0.5).abs() > 1e-3, "the rule must change the weight");
    assert!((w - want).abs() < 1e-12, "{w} vs {want}");
}

#[test]
fn shared_variables_and_connection_counts_in_pathway_code() {
    let mut net = Network::new();
    let src = net
        .spike_generator(3, &[0, 1, 2], &[1e-3, 1e-3, 1e-3], None, None)
        .expect("g");
    let tgt = net
        .add(NeuronGroup::new(2, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "scale : 1 (shared)")
                .on_pre("v_post += scale/N_incoming + 0*N_outgoing"),
        )
        .expect("synapses");
    // Neuron 0 of the target has 3 synapses, neuron 1 has 1.
    net.connect(s, Connect::pairs(&[0, 1, 2, 2], &[0, 0, 0, 1]))
        .expect("connect");
    net.set(s, "scale", 6.0).expect("scale");
    assert_eq!(net.get(s, "scale").expect("scale").si(), &[6.0; 4]);
    net.run(2.0 * ms).expect("run");
    assert_eq!(net.get(tgt, "v").expect("v").si(), &[6.0, 6.0]);
}
