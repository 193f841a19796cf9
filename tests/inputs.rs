//! Input groups through the embedded API: `SpikeGeneratorGroup` binning, ordering,
//! periods, `set_spikes`, and its errors.

use spikelift::prelude::*;

#[test]
fn spike_times_are_binned_with_brian2s_floor_and_emitted_in_time_order() {
    let mut net = Network::new();
    let g = net
        .spike_generator(
            5,
            &[3, 0, 2, 1, 0, 4, 2],
            &[0.3e-3, 0.7e-3, 0.3e-3, 1.05e-3, 2.0e-3, 0.9999e-3, 1.26e-3],
            None,
            None,
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(3.0 * ms).unwrap();
    let d = net.spike_data(s);
    assert_eq!(*d.i(), [2, 3, 0, 4, 1, 2, 0]);
    let t = d.t().in_unit(ms).unwrap();
    let expected = [0.3, 0.3, 0.7, 1.0, 1.0, 1.2, 2.0];
    for (a, b) in t.iter().zip(expected) {
        assert!((a - b).abs() < 1e-9, "{t:?}");
    }
}

#[test]
fn a_period_repeats_the_pattern_and_set_spikes_drops_past_spikes() {
    let mut net = Network::new();
    let g = net
        .spike_generator(2, &[0, 1], &[0.0, 0.25e-3], Some(1.0 * ms), None)
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(3.0 * ms).unwrap();
    assert_eq!(net.spike_data(s).num_spikes(), 6);
    net.set_spikes(g, &[0, 1], &[1.0e-3, 3.5e-3], None).unwrap();
    net.run(1.0 * ms).unwrap();
    let t = net.spike_data(s).t().in_unit(ms).unwrap();
    assert_eq!(t.len(), 7, "the spike at 1 ms is in the past: {t:?}");
    assert!((t[6] - 3.5).abs() < 1e-9);
}

#[test]
fn bad_spike_generators_are_errors() {
    let mut net = Network::new();
    match net.spike_generator(3, &[0, 3], &[0.0, 1e-3], None, None) {
        Err(Error::InvalidArgument(m)) => {
            assert!(m.contains("index 3") && m.contains("3 neurons"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    let g = net
        .spike_generator(2, &[0, 0], &[1.0e-3, 1.04e-3], None, None)
        .unwrap();
    match net.run(2.0 * ms) {
        Err(Error::InvalidArgument(m)) => assert!(m.contains("more than once"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(
        net.set_spikes(g, &[0], &[1.0, 2.0], None).is_err(),
        "lengths must match"
    );
}
