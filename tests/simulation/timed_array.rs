//! `TimedArray` through the API: Brian2's lookup (the value of bin `floor(t/dt_ta)`,
//! the last value held after the end, `[time, i]` for 2-d arrays, NaN outside the
//! columns), exact integration of a piecewise-constant drive against its closed form,
//! `rk4` stages looked up at `t + dt/2`, and the errors for bad calls and arrays.

use spikelift::prelude::*;

fn recorded(net: &Network, m: StateMonitorId, var: &str, neuron: usize) -> Vec<f64> {
    net.state_data(m)
        .trace(var, neuron)
        .expect("recorded")
        .si()
        .to_vec()
}

#[test]
fn one_dimensional_values_are_held_per_bin_and_after_the_end() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let values = [0.0, 2e-9, 5e-9, 1e-9, 3e-9];
    net.timed_array(
        "stim",
        QuantityArray::new(values.to_vec(), nA.dim),
        2.0 * ms,
    )
    .unwrap();
    let g = net
        .add(NeuronGroup::new(2, "I = stim(t) : amp").unwrap())
        .unwrap();
    let m = net
        .state_monitor(g, &["I"], StateMonitorOptions::default())
        .unwrap();
    net.run(14.0 * ms).unwrap();
    let trace = recorded(&net, m, "I", 1);
    assert_eq!(trace.len(), 140);
    for (step, v) in trace.iter().enumerate() {
        let bin = (step / 20).min(4);
        assert_eq!(*v, values[bin], "step {step}");
    }
}

#[test]
fn two_dimensional_values_are_indexed_by_time_and_neuron() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    // 4 time steps of 1.5 ms, 3 columns.
    let grid: Vec<f64> = (0..12).map(|k| k as f64 * 0.5).collect();
    net.timed_array_2d(
        "grid",
        QuantityArray::dimensionless(grid.clone()),
        3,
        1.5 * ms,
    )
    .unwrap();
    let g = net
        .add(NeuronGroup::new(4, "x = grid(t, i) : 1").unwrap())
        .unwrap();
    let m = net
        .state_monitor(g, &["x"], StateMonitorOptions::default())
        .unwrap();
    net.run(8.0 * ms).unwrap();
    for i in 0..3 {
        for (step, v) in recorded(&net, m, "x", i).iter().enumerate() {
            let row = (step / 15).min(3);
            assert_eq!(*v, grid[row * 3 + i], "neuron {i}, step {step}");
        }
    }
    assert!(
        recorded(&net, m, "x", 3).iter().all(|v| v.is_nan()),
        "column 3 of a 3-column array is NaN"
    );
}

#[test]
fn exact_integration_of_a_piecewise_constant_drive_matches_the_closed_form() {
    let (tau, r) = (2e-3, 10e6);
    let currents = [0.0, 2e-9, 5e-9, 1e-9, 3e-9];
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    net.timed_array(
        "stim",
        QuantityArray::new(currents.to_vec(), nA.dim),
        2.0 * ms,
    )
    .unwrap();
    let g = net
        .add(
            NeuronGroup::new(1, "dv/dt = (-v + R*stim(t))/tau : volt")
                .unwrap()
                .method("exact")
                .namespace([("R", r * ohm), ("tau", tau * second)]),
        )
        .unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    net.run(12.0 * ms).unwrap();
    let v = recorded(&net, m, "v", 0);
    // v relaxes towards R*I of the current bin over each step.
    let mut want = 0.0_f64;
    for (step, got) in v.iter().enumerate() {
        assert!(
            (got - want).abs() <= 1e-12 + 1e-9 * want.abs(),
            "step {step}: {got} vs {want}"
        );
        let target = r * currents[(step / 20).min(4)];
        want = target + (want - target) * (-1e-4 / tau).exp();
    }
}

#[test]
fn rk4_looks_the_array_up_at_the_half_step() {
    // dy/dt = ramp(t): one rk4 step adds dt/6*(f(t) + 4*f(t + dt/2) + f(t + dt)).
    let ramp: Vec<f64> = (0..60).map(|k| k as f64).collect();
    let (dt, dt_ta) = (1e-4, 2.5e-4);
    let mut net = Network::new();
    net.set_default_dt(dt * second).unwrap();
    net.timed_array(
        "ramp",
        QuantityArray::dimensionless(ramp.clone()),
        dt_ta * second,
    )
    .unwrap();
    let g = net
        .add(
            NeuronGroup::new(1, "dy/dt = ramp(t)/ms : 1")
                .unwrap()
                .method("rk4"),
        )
        .unwrap();
    let m = net
        .state_monitor(g, &["y"], StateMonitorOptions::default())
        .unwrap();
    net.run(5.0 * ms).unwrap();
    let y = recorded(&net, m, "y", 0);
    // The bin of time t, robust to the rounding of t itself.
    let f = |t: f64| ramp[((t / dt_ta + 1e-6).floor() as usize).min(59)] / 1e-3;
    let mut want = 0.0;
    for (step, got) in y.iter().enumerate() {
        assert!(
            (got - want).abs() <= 1e-9 * want.max(1.0),
            "step {step}: {got} vs {want}"
        );
        let t = step as f64 * dt;
        want += dt / 6.0 * (f(t) + 4.0 * f(t + dt / 2.0) + f(t + dt));
    }
    assert_eq!(y.len(), 50);
}

#[test]
fn calls_with_a_wrong_argument_are_model_errors() {
    for (eqs, kind, needle) in [
        (
            "x = stim(i) : amp",
            "DimensionMismatchError",
            "must be a time",
        ),
        (
            "x = stim() : amp",
            "TypeError",
            "takes 1 argument(s) (t), 0 given",
        ),
        (
            "x = stim(t, i) : amp",
            "TypeError",
            "takes 1 argument(s) (t), 2 given",
        ),
        (
            "x = stim : amp",
            "TypeError",
            "is a function and must be called",
        ),
        ("x = stim(t) : volt", "DimensionMismatchError", ""),
    ] {
        let mut net = Network::new();
        net.timed_array(
            "stim",
            QuantityArray::new(vec![1e-9, 2e-9], nA.dim),
            1.0 * ms,
        )
        .unwrap();
        net.add(NeuronGroup::new(1, eqs).unwrap()).unwrap();
        let err = net.run(1.0 * ms).expect_err(eqs);
        let Error::Model(m) = &err else {
            panic!("{eqs}: {err}");
        };
        assert_eq!(m.kind.brian2_class(), kind, "{eqs}: {err}");
        assert!(m.message.contains(needle), "{eqs}: {err}");
    }
}

#[test]
fn exact_integration_refuses_an_array_not_constant_over_a_step() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    net.timed_array(
        "ramp",
        QuantityArray::dimensionless(vec![1.0, 2.0]),
        0.25 * ms,
    )
    .unwrap();
    net.add(
        NeuronGroup::new(1, "dy/dt = (ramp(t) - y)/ms : 1")
            .unwrap()
            .method("exact"),
    )
    .unwrap();
    let err = net.run(1.0 * ms).expect_err("not constant over dt");
    assert!(
        err.to_string().contains("not constant over a time step"),
        "{err}"
    );
}

#[test]
fn bad_arrays_are_refused() {
    let mut net = Network::new();
    let empty = net.timed_array("a", QuantityArray::dimensionless(vec![]), 1.0 * ms);
    assert!(matches!(empty, Err(Error::TimedArray(_))), "{empty:?}");
    let wrong_dt = net.timed_array("b", QuantityArray::dimensionless(vec![1.0]), 1.0 * mV);
    assert!(matches!(wrong_dt, Err(Error::Dimension(_))), "{wrong_dt:?}");
    let zero_dt = net.timed_array("c", QuantityArray::dimensionless(vec![1.0]), 0.0 * ms);
    assert!(matches!(zero_dt, Err(Error::TimedArray(_))), "{zero_dt:?}");
    let ragged = net.timed_array_2d("d", QuantityArray::dimensionless(vec![1.0; 5]), 2, 1.0 * ms);
    assert!(matches!(ragged, Err(Error::TimedArray(_))), "{ragged:?}");
}
