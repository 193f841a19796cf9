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
    assert_eq!(d.i(), &[0, 1, 0]);
    assert_eq!(d.count(), &[2, 1]);
    let t: Vec<f64> = d.t().in_unit(ms).unwrap();
    assert!((t[0] - 0.1).abs() < 1e-12 && (t[1] - 0.2).abs() < 1e-12 && (t[2] - 0.4).abs() < 1e-12);
    assert_eq!(net.spike_data(all).num_spikes(), 5);
    let e = net.spike_monitor(g.slice(4, 9)).unwrap_err().to_string();
    assert!(e.contains("4..9"), "{e}");
}
