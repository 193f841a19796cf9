//! `store` / `restore` through the embedded API: a restored network continues exactly
//! as if the stored state had never been left, and restoring an unknown name is an
//! error naming the stored ones.

use spikelift::prelude::*;

fn network() -> (Network, GroupId, StateMonitorId, SpikeMonitorId) {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(3, "dv/dt = (I - v)/(5*ms) : 1\nI : 1")
                .unwrap()
                .threshold("v > 1")
                .reset("v = 0")
                .refractory(1.0 * ms)
                .method("exact"),
        )
        .unwrap();
    net.set(g, "I", &[1.2, 1.5, 2.0][..]).unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    (net, g, m, s)
}

#[test]
fn restore_returns_to_the_stored_state_and_runs_identically() {
    let (mut net, g, m, s) = network();
    net.run(10.0 * ms).unwrap();
    net.store("default");
    let v_stored = net.get(g, "v").unwrap().si().to_vec();
    let spikes_stored = net.spike_data(s).num_spikes();
    net.run(5.0 * ms).unwrap();
    let first_v = net.get(g, "v").unwrap().si().to_vec();
    let first_spikes = net.spike_data(s).i().to_vec();
    net.restore("default").unwrap();
    assert!((net.t().in_unit(ms).unwrap() - 10.0).abs() < 1e-12);
    assert_eq!(net.get(g, "v").unwrap().si(), &v_stored[..]);
    assert_eq!(net.spike_data(s).num_spikes(), spikes_stored);
    assert_eq!(net.state_data(m).t().len(), 100);
    net.run(5.0 * ms).unwrap();
    assert_eq!(
        net.get(g, "v").unwrap().si(),
        &first_v[..],
        "the same 5 ms again give the same state"
    );
    assert_eq!(net.spike_data(s).i(), &first_spikes[..]);
}

#[test]
fn restoring_a_name_never_stored_is_an_error() {
    let (mut net, ..) = network();
    net.store("before");
    match net.restore("after") {
        Err(Error::InvalidArgument(msg)) => {
            assert!(msg.contains("'after'") && msg.contains("before"), "{msg}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn restoring_a_selection_leaves_other_objects_and_the_time_alone() {
    let mut net = Network::new();
    let a = net
        .add(
            NeuronGroup::new(1, "dv/dt = 1/ms : 1")
                .unwrap()
                .method("euler"),
        )
        .unwrap();
    let b = net
        .add(
            NeuronGroup::new(1, "dv/dt = 1/ms : 1")
                .unwrap()
                .method("euler"),
        )
        .unwrap();
    net.run(2.0 * ms).unwrap();
    net.store("two");
    net.run(1.0 * ms).unwrap();
    let only_b = spikelift::api::Selection {
        groups: vec![b],
        ..Default::default()
    };
    let t = net.restore_selected("two", &only_b, false).unwrap();
    assert_eq!(t, 2.0 * ms, "the stored time is returned");
    assert!(
        (net.t().value - 3e-3).abs() < 1e-12,
        "the network's time is unchanged"
    );
    assert!(
        (net.get(a, "v").unwrap().si()[0] - 3.0).abs() < 1e-9,
        "a is not restored"
    );
    assert!(
        (net.get(b, "v").unwrap().si()[0] - 2.0).abs() < 1e-9,
        "b is restored"
    );
    // set_t: continue from another time (a script's other network).
    net.set_t(1.0 * ms).unwrap();
    net.run(0.5 * ms).unwrap();
    assert!((net.t().value - 1.5e-3).abs() < 1e-12);
    assert!(net.set_t(-1.0 * ms).is_err());
}
