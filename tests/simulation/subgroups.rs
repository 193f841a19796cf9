//! Subgroups `G[a:b]` as monitor sources: indices and counts relative to the
//! subgroup, spikes of other neurons ignored.

use spikelift::prelude::*;

#[test]
fn a_spike_monitor_on_a_subgroup_records_its_neurons_with_relative_indices() {
    let mut net = Network::new();
    let g = net
        .spike_generator(
            6,
            &[0, 2, 3, 5, 2],
            &[0.1e-3, 0.1e-3, 0.2e-3, 0.2e-3, 0.4e-3],
            None,
            None,
        )
        .unwrap();
    let sub = net.spike_monitor(g.slice(2, 4)).unwrap();
    let all = net.spike_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    let d = net.spike_data(sub);
    // neurons 2 and 3 are 0 and 1 of the subgroup
    assert_eq!(*d.i(), [0, 1, 0]);
    assert_eq!(d.count(), &[2, 1]);
    let t: Vec<f64> = d.t().in_unit(ms).unwrap();
    assert!((t[0] - 0.1).abs() < 1e-12 && (t[1] - 0.2).abs() < 1e-12 && (t[2] - 0.4).abs() < 1e-12);
    assert_eq!(net.spike_data(all).num_spikes(), 5);
    let e = net.spike_monitor(g.slice(4, 9)).unwrap_err().to_string();
    assert!(e.contains("4..9"), "{e}");
}

fn group_of_ten(net: &mut Network) -> GroupId {
    net.add(
        NeuronGroup::new(10, "dv/dt = (I - v)/(10*ms) : 1\nI : 1")
            .unwrap()
            .method("exact"),
    )
    .unwrap()
}

#[test]
fn assignment_to_a_subgroup_sets_its_neurons_with_i_and_n_relative_to_it() {
    let mut net = Network::new();
    let g = group_of_ten(&mut net);
    let (a, b) = (g.slice(0, 4), g.slice(4, 10));
    assert_eq!(net.len(b), 6);
    net.set(a, "I", 1.5).unwrap();
    net.set(b, "I", "i*0.1 + 1.1").unwrap();
    net.set_indices(b, "v", 0.5, &[2]).unwrap();
    net.set(g.slice(8, 10), "v", "i + N").unwrap();
    let i = net.get(g, "I").unwrap().si().to_vec();
    let want = [1.5, 1.5, 1.5, 1.5, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6];
    for (x, w) in i.iter().zip(want) {
        assert!((x - w).abs() < 1e-12, "{i:?}");
    }
    assert_eq!(
        net.get(g, "v").unwrap().si(),
        &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 2.0, 3.0]
    );
    assert_eq!(
        net.get(b, "v").unwrap().si(),
        &[0.0, 0.0, 0.5, 0.0, 2.0, 3.0]
    );
    // selections are relative to the subgroup too
    assert_eq!(net.select(b, "i >= 4").unwrap(), vec![4, 5]);
    let e = net.set_indices(b, "v", 1.0, &[6]).unwrap_err().to_string();
    assert!(e.contains("index 6") && e.contains("subgroup 4:10"), "{e}");
    let e = net.set(g.slice(8, 12), "v", 1.0).unwrap_err().to_string();
    assert!(e.contains("8:12"), "{e}");
}

#[test]
fn a_state_monitor_on_a_subgroup_records_relative_indices() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = group_of_ten(&mut net);
    net.set(g, "v", "i*0.1").unwrap();
    let options = StateMonitorOptions {
        record: Record::Indices(vec![0, 5]),
        ..Default::default()
    };
    let m = net.state_monitor(g.slice(4, 10), &["v"], options).unwrap();
    net.run(0.2 * ms).unwrap();
    let d = net.state_data(m);
    assert_eq!(d.indices(), &[0, 5]);
    // neurons 4 and 9 at t = 0, decaying towards I = 0
    let v0 = d.trace("v", 0).unwrap().si().to_vec();
    let v1 = d.trace("v", 1).unwrap().si().to_vec();
    assert!((v0[0] - 0.4).abs() < 1e-12 && (v1[0] - 0.9).abs() < 1e-12);
    let decay = (-0.1f64 / 10.0).exp();
    assert!((v1[1] - 0.9 * decay).abs() < 1e-12, "{v1:?}");
    let bad = StateMonitorOptions {
        record: Record::Indices(vec![6]),
        ..Default::default()
    };
    let e = net
        .state_monitor(g.slice(4, 10), &["v"], bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot record neuron 6"), "{e}");
}
