//! The network toolbox: `get_states` / `set_states`, `record_single_timestep`, the
//! scheduling summary, profiling, and `PoissonGroup` with its own `dt`, slot and order.

use spikelift::api::{PoissonGroupOptions, PoissonRates};
use spikelift::prelude::*;

fn lif(net: &mut Network) -> GroupId {
    net.add(
        NeuronGroup::new(
            3,
            "dv/dt = (I - v)/(10*ms) : volt\nI : volt\nw = 2*v : volt",
        )
        .unwrap()
        .threshold("v > 10*mV")
        .reset("v = 0*mV")
        .method("exact"),
    )
    .unwrap()
}

#[test]
fn get_states_and_set_states_round_trip_with_units() {
    let mut net = Network::new();
    let g = lif(&mut net);
    net.set(g, "I", "i*10*mV").unwrap();
    let states = net.get_states(g, None, false).unwrap();
    let names: Vec<&str> = states.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["v", "I"]);
    assert_eq!(states[1].1.si(), &[0.0, 0.01, 0.02]);
    assert_eq!(states[1].1.dim(), Dimension::VOLTAGE);
    let with_sub = net.get_states(g, Some(&["w"]), true).unwrap();
    assert_eq!(with_sub[0].0, "w");
    net.set_states(
        g.slice(1, 3),
        vec![
            ("v".to_string(), Values::from(4.0 * mV)),
            ("I".to_string(), Values::from("i*1*mV")),
        ],
    )
    .unwrap();
    assert_eq!(net.get(g, "v").unwrap().si(), &[0.0, 4e-3, 4e-3]);
    assert_eq!(net.get(g, "I").unwrap().si(), &[0.0, 0.0, 1e-3]);
    let w = net.get_states(g, Some(&["w"]), true).unwrap();
    assert_eq!(w[0].1.si(), &[0.0, 8e-3, 8e-3]);
    let bad = net.set_states(g, vec![("v".to_string(), Values::from(1.0 * second))]);
    assert!(matches!(bad, Err(Error::Dimension(_))), "{bad:?}");
    let unknown = net.get_states(g, Some(&["x"]), false);
    assert!(
        matches!(unknown, Err(Error::UnknownVariable { .. })),
        "{unknown:?}"
    );
}

#[test]
fn record_single_timestep_adds_the_final_values() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = net
        .add(
            NeuronGroup::new(2, "dv/dt = -v/(10*ms) : 1")
                .unwrap()
                .method("exact"),
        )
        .unwrap();
    net.set(g, "v", 1.0).unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    net.run(1.0 * ms).unwrap();
    net.record_single_timestep(m).unwrap();
    let data = net.state_data(m);
    let t = data.t().si().to_vec();
    assert_eq!(t.len(), 11);
    assert!((t[10] - 1e-3).abs() < 1e-15);
    let v = data.trace("v", 1).unwrap().si().to_vec();
    assert!((v[10] - (-0.1f64).exp()).abs() < 1e-12, "{v:?}");
}

#[test]
fn the_scheduling_summary_lists_code_objects_in_brian2_order() {
    let mut net = Network::new();
    let g = lif(&mut net);
    let options = PoissonGroupOptions {
        dt: Some(1.0 * ms),
        when: "start".to_string(),
        order: 2,
        name: Some("input".to_string()),
        ..Default::default()
    };
    net.poisson_group_with(4, PoissonRates::Constant(10.0 * Hz), options)
        .unwrap();
    net.state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let summary = net.scheduling_summary().unwrap();
    let rows: Vec<(&str, &str, i32)> = summary
        .0
        .iter()
        .map(|o| (o.name.as_str(), o.when.as_str(), o.order))
        .collect();
    assert_eq!(
        rows,
        [
            ("statemonitor", "start", 0),
            ("input_spike_thresholder", "start", 2),
            ("neurongroup_stateupdater", "groups", 0),
            ("neurongroup_spike_thresholder", "thresholds", 0),
            ("neurongroup_spike_resetter", "resets", 0),
        ]
    );
    assert!((summary.0[1].dt.value - 1e-3).abs() < 1e-15);
    let text = summary.to_string();
    assert!(text.contains("1. ms (every 10 steps)"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("-----"), "{text}");
}

#[test]
fn a_poisson_group_with_its_own_dt_spikes_only_on_its_steps() {
    let mut net = Network::new();
    net.seed(3);
    let options = PoissonGroupOptions {
        dt: Some(1.0 * ms),
        ..Default::default()
    };
    // rate*dt = 1: every neuron spikes at every step of its 1 ms clock.
    let p = net
        .poisson_group_with(5, PoissonRates::Constant(1000.0 * Hz), options)
        .unwrap();
    let s = net.spike_monitor(p).unwrap();
    net.run(10.0 * ms).unwrap();
    let d = net.spike_data(s);
    assert_eq!(d.num_spikes(), 50);
    for &t in d.t().si() {
        let steps = t / 1e-3;
        assert!((steps - steps.round()).abs() < 1e-9, "spike at {t}");
    }
    let bad = PoissonGroupOptions {
        when: "sometime".to_string(),
        ..Default::default()
    };
    let e = net
        .poisson_group_with(1, PoissonRates::Constant(1.0 * Hz), bad)
        .unwrap_err();
    assert!(e.to_string().contains("sometime"), "{e}");
}

#[test]
fn a_profiled_run_times_every_code_object() {
    let mut net = Network::new();
    let g = lif(&mut net);
    net.set(g, "I", 20.0 * mV).unwrap();
    net.spike_monitor(g).unwrap();
    assert!(net.profiling_info().is_empty());
    net.set_profile(true);
    net.run(5.0 * ms).unwrap();
    let info = net.profiling_info().to_vec();
    let names: Vec<&str> = info.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "neurongroup_stateupdater",
            "neurongroup_spike_thresholder",
            "spikemonitor",
            "neurongroup_spike_resetter",
        ]
    );
    assert!(info.iter().all(|(_, d)| !d.is_zero()));
    let summary = net.profiling_summary();
    assert!(summary.0.windows(2).all(|w| w[0].1 >= w[1].1));
    let text = summary.to_string();
    assert!(
        text.starts_with("Profiling summary\n=================\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 6);
}

#[test]
fn clocks_end_on_their_last_step_as_brian2s_do() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    // a group without code to run still has its clock advanced
    let g = net.add(NeuronGroup::new(2, "x : 1").unwrap()).unwrap();
    let slow = net.add_clock(0.3 * ms).unwrap();
    let h = net
        .add(
            NeuronGroup::new(1, "dv/dt = 1/ms : 1")
                .unwrap()
                .method("euler")
                .clock(slow),
        )
        .unwrap();
    net.run(3.05 * ms).unwrap();
    // 30.5 steps of 0.1 ms end at step 31; 3.05/0.3 = 10.17 steps end at step 11
    assert!((net.t().value - 3.05e-3).abs() < 1e-15);
    assert!((net.group_t(g).value - 3.1e-3).abs() < 1e-12);
    assert!((net.clock_t(slow).value - 3.3e-3).abs() < 1e-12);
    assert!((net.group_t(h).value - 3.3e-3).abs() < 1e-12);
    net.set(g, "x", "t/ms").unwrap();
    let x = net.get(g, "x").unwrap();
    assert!((x.si()[0] - 3.1).abs() < 1e-9, "{:?}", x.si());
    // the next run starts at the network's time, on the step Brian2 rounds it to
    net.run(1.0 * ms).unwrap();
    assert!((net.group_t(g).value - 4.1e-3).abs() < 1e-12);
}

#[test]
fn inactive_objects_keep_their_state_and_are_not_simulated() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = net
        .add(
            NeuronGroup::new(2, "dv/dt = 1/ms : 1\ns : 1")
                .unwrap()
                .method("euler"),
        )
        .unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    // every input fires every step (rate*dt = 1)
    let p = net
        .poisson_input(g, "s", 1, 10000.0 * Hz, 1.0 * Quantity::dimensionless(1.0))
        .unwrap();
    net.run(1.0 * ms).unwrap();
    net.set_active(m, false).unwrap();
    net.set_active(p, false).unwrap();
    assert!(!net.is_active(m).unwrap());
    net.run(1.0 * ms).unwrap();
    // the group ran, the monitor did not record, the input did not add
    assert!((net.get(g, "v").unwrap().si()[0] - 2.0).abs() < 1e-9);
    assert_eq!(net.state_data(m).t().len(), 10);
    assert_eq!(net.get(g, "s").unwrap().si()[0], 10.0);
    net.set_active(m, true).unwrap();
    net.set_active(g, false).unwrap();
    net.run(1.0 * ms).unwrap();
    // the group kept its state; the monitor recorded it unchanged
    assert!((net.get(g, "v").unwrap().si()[0] - 2.0).abs() < 1e-9);
    let d = net.state_data(m);
    assert_eq!(d.t().len(), 20);
    assert!(
        d.trace("v", 0).unwrap().si()[10..]
            .iter()
            .all(|&v| (v - 2.0).abs() < 1e-9)
    );
}
