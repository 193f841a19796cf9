//! The same networks on the reference interpreter and on native code, and on 1 and 4
//! threads: every recorded value must be bitwise equal and spikes identical.

use spikelift::prelude::*;

struct Outcome {
    spikes_i: Vec<i32>,
    spikes_t: Vec<u64>,
    trace: Vec<u64>,
    final_v: Vec<u64>,
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter()
        .map(|x| if x.is_nan() { u64::MAX } else { x.to_bits() })
        .collect()
}

fn simulate(backend: Backend, threads: usize, n: i64) -> Outcome {
    let mut net = Network::new();
    net.set_backend(backend);
    net.set_threads(Some(threads)).unwrap();
    let eqs = "
        dv/dt = (ge - (v - El) + I)/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        I = I0*sin(2*pi*i/N) : volt
        I0 : volt (shared)
    ";
    let g = net
        .add(
            NeuronGroup::new(n, eqs)
                .unwrap()
                .threshold("v > -50*mV")
                .reset("v = -60*mV; ge += 0.5*mV")
                .refractory("2*ms + (i % 3)*ms")
                .namespace([("taum", 20.0 * ms), ("taue", 5.0 * ms), ("El", -49.0 * mV)]),
        )
        .unwrap();
    net.set(g, "v", "-60*mV + 10*mV*((i*7919) % 101)/101.0")
        .unwrap();
    net.set(g, "I0", 3.0 * mV).unwrap();
    let s = net.spike_monitor(g).unwrap();
    let m = net
        .state_monitor(
            g,
            &["v", "I"],
            StateMonitorOptions {
                record: Record::Indices(vec![0, 5, (n - 1) as u32]),
                ..Default::default()
            },
        )
        .unwrap();
    net.run(30.0 * ms).unwrap();
    let sd = net.spike_data(s);
    Outcome {
        spikes_i: sd.i().to_vec(),
        spikes_t: bits(sd.t().si()),
        trace: bits(net.state_data(m).values("v").unwrap().si()),
        final_v: bits(net.get(g, "v").unwrap().si()),
    }
}

fn assert_same(a: &Outcome, b: &Outcome, what: &str) {
    assert!(
        !a.spikes_i.is_empty(),
        "{what}: the network must spike for the comparison to mean something"
    );
    assert_eq!(a.spikes_i, b.spikes_i, "{what}: spike indices");
    assert_eq!(a.spikes_t, b.spikes_t, "{what}: spike times");
    assert_eq!(a.trace, b.trace, "{what}: recorded v");
    assert_eq!(a.final_v, b.final_v, "{what}: final v");
}

#[test]
fn interpreter_and_jit_agree_bitwise_on_a_whole_network() {
    let a = simulate(Backend::Interp, 1, 300);
    let b = simulate(Backend::Jit, 1, 300);
    assert_same(&a, &b, "interp vs jit");
}

#[test]
fn one_and_four_threads_agree_bitwise() {
    // More neurons than one chunk, so the parallel path really runs.
    let a = simulate(Backend::Jit, 1, 20000);
    let b = simulate(Backend::Jit, 4, 20000);
    assert_same(&a, &b, "1 vs 4 threads");
    assert!(
        a.spikes_i
            .windows(2)
            .zip(a.spikes_t.windows(2))
            .all(|(i, t)| t[0] != t[1] || i[0] < i[1]),
        "spikes of one step are ascending"
    );
}

#[test]
fn the_comparison_detects_a_real_difference() {
    let a = simulate(Backend::Jit, 1, 300);
    let mut b = simulate(Backend::Jit, 1, 300);
    b.final_v[0] = (f64::from_bits(b.final_v[0]) + 1e-15).to_bits();
    let differs = std::panic::catch_unwind(|| assert_same(&a, &b, "perturbed"));
    assert!(differs.is_err(), "a one-ulp change must be detected");
}
