//! Synapse benchmarks: synaptic events delivered per second on one core in a
//! Brunel-style network, and the time to build `connect(p=0.02)` between two groups of
//! 10^4 neurons. Figures are in `benches/README.md`.

use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use spikelift::prelude::*;

/// 10^4 LIF neurons (80 % excitatory) firing regularly under a constant drive,
/// connected with p = 0.02 (200 excitatory and 50 inhibitory inputs per neuron) with a
/// 1.5 ms delay, on `threads` threads. Returns the network, its spike monitor and the number
/// of synapses of each source neuron.
fn brunel_like(threads: usize) -> (Network, SpikeMonitorId, Vec<u64>) {
    let mut net = Network::new();
    net.seed(1);
    net.set_threads(Some(threads)).expect("threads");
    let n = 10_000usize;
    let n_e = 8_000usize;
    let g = net
        .add(
            NeuronGroup::new(
                n as i64,
                "dv/dt = (mu - v)/(20*ms) : volt (unless refractory)",
            )
            .expect("group")
            .threshold("v > 20*mV")
            .reset("v = 10*mV")
            .refractory(2.0 * ms)
            .method("exact")
            .namespace([("mu", 25.0 * mV)]),
        )
        .expect("add");
    net.set(g, "v", "10*mV + 10*mV*((i * 7919) % 1000)/1000.0")
        .expect("v");
    let e = net
        .add_synapses(
            Synapses::new(g.slice(0, n_e), g, "")
                .on_pre("v += 0.1*mV")
                .delay(1.5 * ms),
        )
        .expect("exc");
    net.connect(e, Connect::all().p(0.02)).expect("connect");
    let i = net
        .add_synapses(
            Synapses::new(g.slice(n_e, n), g, "")
                .on_pre("v += -0.5*mV")
                .delay(1.5 * ms),
        )
        .expect("inh");
    net.connect(i, Connect::all().p(0.02)).expect("connect");
    let mut out = vec![0u64; n];
    for (s, offset) in [(e, 0), (i, n_e)] {
        for k in net.synapse_indices(s).expect("indices").0 {
            out[offset + k as usize] += 1;
        }
    }
    let mon = net.spike_monitor_with(g, true).expect("monitor");
    (net, mon, out)
}

/// Synaptic events delivered from the spikes recorded from index `from` on.
fn events(net: &Network, mon: SpikeMonitorId, out: &[u64], from: usize) -> u64 {
    net.spike_data(mon).i()[from..]
        .iter()
        .map(|&i| out[i as usize])
        .sum()
}

fn synaptic_events(c: &mut Criterion) {
    let mut group = c.benchmark_group("synapses");
    group.measurement_time(Duration::from_secs(10));
    group.sample_size(20);
    for threads in [1, 2] {
        let (mut net, mon, out) = brunel_like(threads);
        // Warm up (and reach the steady state), then count the events of one 100 ms run.
        net.run(20.0 * ms).expect("run");
        let before = net.spike_data(mon).i().len();
        net.run(100.0 * ms).expect("run");
        let per_run = events(&net, mon, &out, before);
        assert!(per_run > 1_000_000, "{per_run} events per 100 ms");
        group.throughput(Throughput::Elements(per_run));
        group.bench_function(format!("brunel_like_100ms_{threads}_thread"), |b| {
            b.iter(|| net.run(100.0 * ms).expect("run"));
        });
    }
    group.finish();
}

fn connect_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("synapses");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("connect_p0.02_1e4x1e4", |b| {
        b.iter_batched(
            || {
                let mut net = Network::new();
                let a = net
                    .add(NeuronGroup::new(10_000, "v : 1").expect("group"))
                    .expect("add");
                let s = net
                    .add_synapses(Synapses::new(a, a, "w : 1"))
                    .expect("synapses");
                (net, s)
            },
            |(mut net, s)| {
                let n = net.connect(s, Connect::all().p(0.02)).expect("connect");
                assert!(n > 1_900_000);
                net
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, synaptic_events, connect_build);
criterion_main!(benches);
