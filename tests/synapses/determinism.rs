//! A sparse random network with delays, plasticity and summed variables on 1 and 2
//! threads and on both backends: connectivity and every spike must be identical
//! (this is the differential test of the synaptic code objects: pathways, clock-driven
//! synaptic state updates and summed-variable updaters).

use spikelift::prelude::*;

struct Outcome {
    i: Vec<u32>,
    j: Vec<u32>,
    spikes: Vec<(i32, u64)>,
    w: Vec<u64>,
    v: Vec<u64>,
    q: Vec<u64>,
}

fn simulate(backend: Backend, threads: usize) -> Outcome {
    let mut net = Network::new();
    net.seed(11);
    net.set_backend(backend);
    net.set_threads(Some(threads)).expect("threads");
    let n = 2000;
    let g = net
        .add(
            NeuronGroup::new(
                n,
                "dv/dt = (1.2 - v + I_gap)/(10*ms) : 1 (unless refractory)\nI_gap : 1",
            )
            .expect("group")
            .threshold("v > 1")
            .reset("v = 0")
            .refractory(2.0 * ms)
            .method("exact"),
        )
        .expect("add");
    net.set(g, "v", "((i * 7919) % 1000) / 1000.0").expect("v");
    let exc = net
        .add_synapses(
            Synapses::new(
                g,
                g,
                "w : 1\ndA/dt = -A/(20*ms) : 1 (event-driven)\ndB/dt = -B/(20*ms) : 1 (event-driven)",
            )
            .on_pre("v_post += w\nA += 0.01\nw = clip(w + B, 0, 0.2)")
            .on_post("B -= 0.0105\nw = clip(w + A, 0, 0.2)"),
        )
        .expect("exc");
    net.connect(exc, Connect::condition("i != j").p(0.02))
        .expect("connect");
    net.set(exc, "w", "0.05 + 0.01*((i + j) % 5)").expect("w");
    net.set_delay(exc, "pre", "(1 + (i % 4))*0.3*ms", None)
        .expect("delays");
    let gap = net
        .add_synapses(Synapses::new(
            g.slice(0, 100),
            g.slice(100, 200),
            "c : 1\ndq/dt = (v_pre - q)/(2*ms) : 1 (clock-driven)\nI_gap_post = c*(q - v_post) : 1 (summed)",
        ).method("euler"))
        .expect("gap");
    net.connect(gap, Connect::targets("i"))
        .expect("gap connect");
    net.set(gap, "c", 0.5).expect("c");
    let mon = net.spike_monitor(g).expect("monitor");
    net.run(40.0 * ms).expect("run");
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let (i, j) = net.synapse_indices(exc).expect("indices");
    let d = net.spike_data(mon);
    Outcome {
        i,
        j,
        spikes: d.i().iter().copied().zip(bits(d.t().si())).collect(),
        w: bits(net.get(exc, "w").expect("w").si()),
        v: bits(net.get(g, "v").expect("v").si()),
        q: bits(net.get(gap, "q").expect("q").si()),
    }
}

#[test]
fn identical_for_threads_and_backends() {
    let base = simulate(Backend::Jit, 1);
    assert!(base.spikes.len() > 500, "{} spikes", base.spikes.len());
    assert!(base.i.len() > 70_000);
    for (backend, threads) in [(Backend::Jit, 2), (Backend::Interp, 1)] {
        let other = simulate(backend, threads);
        assert_eq!(other.i, base.i, "{backend:?} x{threads}: connectivity");
        assert_eq!(other.j, base.j);
        assert_eq!(other.spikes, base.spikes, "{backend:?} x{threads}: spikes");
        assert_eq!(other.w, base.w, "{backend:?} x{threads}: weights");
        assert_eq!(other.v, base.v, "{backend:?} x{threads}: v");
        assert_eq!(other.q, base.q, "{backend:?} x{threads}: clock-driven q");
    }
}

/// 10^5 synapses due in the same step: delivered in parallel blocks of postsynaptic
/// neurons on 2 threads, serially on 1; the values must be identical.
fn burst(backend: Backend, threads: usize) -> (Vec<u64>, Vec<u64>) {
    let mut net = Network::new();
    net.seed(3);
    net.set_backend(backend);
    net.set_threads(Some(threads)).expect("threads");
    let n_src = 1000;
    let indices: Vec<i64> = (0..n_src).collect();
    let times = vec![1e-3; n_src as usize];
    let src = net
        .spike_generator(n_src, &indices, &times, None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(5000, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "w : 1")
                .on_pre("v_post = v_post * 0.999 + w\nw = w * 1.01 + 0.001*v_post"),
        )
        .expect("synapses");
    net.connect(s, Connect::all().p(0.02)).expect("connect");
    net.set(s, "w", "0.01 * ((i * 31 + j * 17) % 23)")
        .expect("w");
    net.run(2.0 * ms).expect("run");
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    (
        bits(net.get(tgt, "v").expect("v").si()),
        bits(net.get(s, "w").expect("w").si()),
    )
}

#[test]
fn a_burst_delivered_in_parallel_blocks_equals_the_serial_delivery() {
    let serial = burst(Backend::Jit, 1);
    assert!(serial.1.len() > 90_000, "{} synapses", serial.1.len());
    assert_eq!(burst(Backend::Jit, 2), serial);
    assert_eq!(burst(Backend::Interp, 2), serial);
}
