//! Custom events, `run_on_event`, `EventMonitor` and `run_regularly` through the
//! embedded API, with Brian2's schedule (event checked after the threshold, its code
//! run after the reset, `run_regularly` at `start` by default).

use spikelift::prelude::*;

#[test]
fn custom_event_code_and_monitor() {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(
                2,
                "dv/dt = (I - v)/(10*ms) : 1\nI : 1 (constant)\nc : 1\nn_up : integer",
            )
            .unwrap()
            .threshold("v > 1")
            .reset("v = 0; c = 0")
            .event("up", "v > 0.6 and c < 0.5")
            .method("exact"),
        )
        .unwrap();
    net.set(g, "I", "0.9 + 0.4*i").unwrap();
    net.run_on_event(g, "up", "c = 1; n_up += 1").unwrap();
    let em = net.event_monitor(g, "up", &["v"], true).unwrap();
    let sm = net.spike_monitor(g).unwrap();
    net.run(30.0 * ms).unwrap();
    let ups = net.spike_data(em);
    let n_up = net.get(g, "n_up").unwrap().si().to_vec();
    // Each neuron's up-count equals its recorded events.
    for (k, &n) in n_up.iter().enumerate() {
        assert_eq!(n as u64, ups.count()[k]);
    }
    // Neuron 0 (I = 0.9) never spikes, so 'up' fires once; neuron 1 once per cycle
    // (the reset clears c), the last cycle possibly not reaching 0.6 yet.
    assert_eq!(ups.count()[0], 1);
    let spikes = net.spike_data(sm).count()[1];
    assert!(spikes >= 2);
    assert!(
        ups.count()[1] == spikes || ups.count()[1] == spikes + 1,
        "{} ups, {spikes} spikes",
        ups.count()[1]
    );
    assert!(ups.values("v").unwrap().si().iter().all(|v| *v > 0.6));
    assert!(
        net.run_on_event(g, "down", "c = 0").is_err(),
        "unknown event"
    );
}

#[test]
fn run_regularly_with_its_own_dt() {
    let mut net = Network::new();
    let h = net
        .add(NeuronGroup::new(3, "x : 1\nk : integer").unwrap())
        .unwrap();
    net.run_regularly(h, "k += 1", Some(2.0 * ms), "start", 0)
        .unwrap();
    net.run_regularly(h, "x = x + 0.1*(i+1)", None, "end", 0)
        .unwrap();
    net.run(10.0 * ms).unwrap();
    assert_eq!(net.get(h, "k").unwrap().si(), &[5.0, 5.0, 5.0]);
    let x = net.get(h, "x").unwrap().si().to_vec();
    assert!((x[2] - 100.0 * 0.3).abs() < 1e-9, "{x:?}");
}
