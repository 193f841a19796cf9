//! Analytical solutions: the LIF membrane trace under constant input, the interspike
//! interval `tau*ln((v_inf - v_r)/(v_inf - v_t))`, and the firing-rate curve.

use spikelift::prelude::*;

fn lif_trace(method: &str) -> (Vec<f64>, Vec<f64>) {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(1, "dv/dt = (v_inf - v)/tau : volt")
                .unwrap()
                .method(method)
                .namespace([("v_inf", -50.0 * mV), ("tau", 20.0 * ms)]),
        )
        .unwrap();
    net.set(g, "v", -70.0 * mV).unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    net.run(100.0 * ms).unwrap();
    let data = net.state_data(m);
    (
        data.t().in_unit(second).unwrap(),
        data.trace("v", 0).unwrap().in_unit(volt).unwrap(),
    )
}

#[test]
fn lif_membrane_trace_matches_the_closed_form() {
    for (method, tol) in [("exact", 1e-14), ("rk4", 1e-12), ("euler", 5e-4)] {
        let (t, v) = lif_trace(method);
        assert_eq!(
            t.len(),
            1000,
            "{method}: one sample per step, the first at t=0"
        );
        assert_eq!(t[0], 0.0);
        for (tk, vk) in t.iter().zip(&v) {
            let expected = -0.050 + (-0.070 + 0.050) * (-tk / 0.020).exp();
            assert!(
                (vk - expected).abs() <= tol * 0.07,
                "{method}: v({tk}) = {vk}, expected {expected}"
            );
        }
    }
}

#[test]
fn interspike_interval_is_tau_ln_ratio_rounded_up_to_steps() {
    let (tau, v_inf, v_t, v_r) = (10e-3, 1.5, 1.0, 0.0);
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(1, "dv/dt = (v_inf - v)/tau : 1")
                .unwrap()
                .threshold("v > v_t")
                .reset("v = v_r")
                .method("exact")
                .namespace([
                    ("tau", tau * second),
                    ("v_inf", Quantity::from(v_inf)),
                    ("v_t", Quantity::from(v_t)),
                    ("v_r", Quantity::from(v_r)),
                ]),
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(200.0 * ms).unwrap();
    let t = net.spike_data(s).t().in_unit(second).unwrap();
    let isi = tau * ((v_inf - v_r) / (v_inf - v_t)).ln();
    let steps = (isi / 1e-4).ceil();
    assert!(t.len() >= 15, "{} spikes", t.len());
    assert!(
        (t[0] - (steps - 1.0) * 1e-4).abs() < 1e-12,
        "first spike at {}",
        t[0]
    );
    for w in t.windows(2) {
        assert!(
            ((w[1] - w[0]) - steps * 1e-4).abs() < 1e-12,
            "ISI {} vs {} steps",
            w[1] - w[0],
            steps
        );
    }
}

#[test]
fn firing_rate_curve_follows_the_refractory_lif_formula() {
    let (tau, refractory) = (10e-3, 5e-3);
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(20, "dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1")
                .unwrap()
                .threshold("v > 1")
                .reset("v = 0")
                .refractory(refractory * second)
                .method("exact")
                .namespace([("tau", tau * second)]),
        )
        .unwrap();
    net.set(g, "v0", "0.5 + i*0.15").unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(1.0 * second).unwrap();
    let counts = net.spike_data(s).count().to_vec();
    for (k, &count) in counts.iter().enumerate() {
        let v0 = 0.5 + k as f64 * 0.15;
        if v0 <= 1.0 {
            assert_eq!(count, 0, "neuron {k} (v0 = {v0}) must stay below threshold");
            continue;
        }
        let period = refractory + tau * (v0 / (v0 - 1.0)).ln();
        // Spikes and the end of the refractory period fall on the time grid: each
        // interval is at most two steps longer than the continuous one.
        let (low, high) = (1.0 / (period + 2e-4), 1.0 / period + 1.0);
        let rate = count as f64;
        assert!(
            rate >= low - 1.0 && rate <= high,
            "neuron {k}: rate {rate} Hz, theory {} Hz",
            1.0 / period
        );
    }
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "rates grow with the drive: {counts:?}"
    );
}

#[test]
fn repeated_runs_continue_time_and_monitors() {
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(1, "dv/dt = -v/(10*ms) : 1").unwrap())
        .unwrap();
    net.set(g, "v", 1.0).unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    net.run(5.0 * ms).unwrap();
    net.run(5.0 * ms).unwrap();
    let t = net.state_data(m).t().in_unit(ms).unwrap();
    assert_eq!(t.len(), 100);
    assert!((t[99] - 9.9).abs() < 1e-9);
    assert!((net.t().in_unit(ms).unwrap() - 10.0).abs() < 1e-12);
    let v_end = net.get(g, "v").unwrap().si()[0];
    assert!(
        (v_end - (-1.0f64).exp()).abs() < 1e-12,
        "exact decay over 10 ms: {v_end}"
    );
}

#[test]
fn default_method_is_exact_for_linear_and_euler_for_oscillators() {
    let mut net = Network::new();
    let lin = net
        .add(
            NeuronGroup::new(
                1,
                "dx/dt = (y - x)/(2*ms) : 1\ndy/dt = (0.5 - y)/(5*ms) : 1",
            )
            .unwrap(),
        )
        .unwrap();
    let osc = net
        .add(
            NeuronGroup::new(
                1,
                "dx/dt = y/(2*ms) : 1\ndy/dt = (-x - 0.3*y + 0.5)/(2*ms) : 1",
            )
            .unwrap(),
        )
        .unwrap();
    let nonlin = net
        .add(NeuronGroup::new(1, "dv/dt = -v**3/(2*ms) : 1").unwrap())
        .unwrap();
    net.run(1.0 * ms).unwrap();
    assert_eq!(net.method_used(lin).map(|m| m.name()), Some("exact"));
    assert_eq!(net.method_used(osc).map(|m| m.name()), Some("euler"));
    assert_eq!(net.method_used(nonlin).map(|m| m.name()), Some("euler"));
}
