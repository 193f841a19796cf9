//! `PopulationRateMonitor`: the rate of each step from known spikes, Brian2's
//! `smooth_rate` windows, subgroups, the population rate of Poisson-like firing, and
//! bad input.

use spikelift::prelude::*;

/// Four neurons; spikes at steps 2 (neurons 0, 1), 3 (neuron 3) and 6 (neurons 0-3).
fn generator_net() -> (Network, GroupId) {
    let mut net = Network::new();
    let g = net
        .spike_generator(
            4,
            &[0, 1, 3, 0, 1, 2, 3],
            &[0.2e-3, 0.2e-3, 0.3e-3, 0.6e-3, 0.6e-3, 0.6e-3, 0.6e-3],
            None,
            None,
        )
        .unwrap();
    (net, g)
}

#[test]
fn the_rate_of_a_step_is_spikes_over_dt_over_n() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    let d = net.rate_data(r);
    assert_eq!(d.t().len(), 10);
    assert!((d.t().si()[3] - 0.3e-3).abs() < 1e-15);
    // 2 spikes of 4 neurons in 0.1 ms: 5000 Hz; 1 spike: 2500 Hz; 4 spikes: 10000 Hz
    let expected = [0.0, 0.0, 5000.0, 2500.0, 0.0, 0.0, 10000.0, 0.0, 0.0, 0.0];
    for (got, want) in d.rate().si().iter().zip(expected) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
}

#[test]
fn smooth_rate_flat_and_gaussian_windows() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    let d = net.rate_data(r);
    // flat, 0.2 ms: three steps, a centred moving average (zero outside the record)
    let flat = d.smooth_rate("flat", 0.2 * ms).unwrap();
    let expected = [
        0.0,
        5000.0 / 3.0,
        7500.0 / 3.0,
        7500.0 / 3.0,
        2500.0 / 3.0,
        10000.0 / 3.0,
        10000.0 / 3.0,
        10000.0 / 3.0,
        0.0,
        0.0,
    ];
    for (got, want) in flat.si().iter().zip(expected) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    // 0.4 ms is rounded to five steps (round(2) * 2 + 1)
    let five = d.smooth_rate("flat", 0.4 * ms).unwrap();
    assert!((five.si()[4] - (5000.0 + 2500.0 + 10000.0) / 5.0).abs() < 1e-9);
    // gaussian, sd 0.1 ms = one step: window exp(-k^2/2) for k = -2..=2, normalised
    let gauss = d.smooth_rate("gaussian", 0.1 * ms).unwrap();
    let w: Vec<f64> = (-2i32..=2).map(|k| (-(k * k) as f64 / 2.0).exp()).collect();
    let sum: f64 = w.iter().sum();
    let at3 = (w[1] * 5000.0 + w[2] * 2500.0) / sum;
    assert!((gauss.si()[3] - at3).abs() < 1e-9, "{}", gauss.si()[3]);
    // the total is kept away from the edges
    let total: f64 = gauss.si().iter().sum();
    assert!((total - 17500.0).abs() < 1e-6, "{total}");
}

#[test]
fn a_subgroup_rate_counts_its_own_neurons() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g.slice(1, 3)).unwrap();
    net.run(1.0 * ms).unwrap();
    // neurons 1 and 2: one spike at step 2, two at step 6, over 2 neurons
    let rate = net.rate_data(r).rate().si().to_vec();
    assert!((rate[2] - 5000.0).abs() < 1e-9);
    assert_eq!(rate[3], 0.0);
    assert!((rate[6] - 10000.0).abs() < 1e-9);
}

#[test]
fn the_mean_population_rate_of_random_firing() {
    // 5000 neurons firing with probability 0.002 per 0.1 ms step: 20 Hz.
    let mut net = Network::new();
    net.seed(21);
    let g = net
        .add(
            NeuronGroup::new(5000, "")
                .unwrap()
                .threshold("rand() < 0.002"),
        )
        .unwrap();
    let r = net.population_rate_monitor(g).unwrap();
    net.run(200.0 * ms).unwrap();
    let rate = net.rate_data(r).rate().si().to_vec();
    let mean = rate.iter().sum::<f64>() / rate.len() as f64;
    // 2e7 neuron-steps: the count has a standard deviation of sqrt(2e7*0.002) = 200
    // spikes, i.e. 0.1 Hz
    assert!((mean - 20.0).abs() < 0.5, "{mean}");
    // the smoothed rate keeps the mean away from the edges
    let smooth = net.rate_data(r).smooth_rate("gaussian", 5.0 * ms).unwrap();
    let inner = &smooth.si()[200..1800];
    let m2 = inner.iter().sum::<f64>() / inner.len() as f64;
    assert!((m2 - 20.0).abs() < 0.6, "{m2}");
}

#[test]
fn bad_windows_and_widths_are_errors() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    let d = net.rate_data(r);
    let e = d.smooth_rate("flat", 0.05 * ms).unwrap_err().to_string();
    assert!(e.contains("smaller than the time step"), "{e}");
    let e = d.smooth_rate("box", 1.0 * ms).unwrap_err().to_string();
    assert!(e.contains("unknown smoothing window 'box'"), "{e}");
    let e = d.smooth_rate("flat", 1.0 * mV).unwrap_err().to_string();
    assert!(e.contains("must be a time"), "{e}");
    let e = net
        .population_rate_monitor(g.slice(3, 9))
        .unwrap_err()
        .to_string();
    assert!(e.contains("3..9"), "{e}");
}

#[test]
fn binned_rates_of_a_population_and_of_each_neuron() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g).unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    // population, bins of 0.5 ms: mean of steps 0-4 and 5-9
    let (bins, rate) = net.rate_data(r).binned_rate(0.5 * ms).unwrap();
    assert_eq!(bins.in_unit(ms).unwrap(), [0.0, 0.5]);
    assert_eq!(rate.si(), [1500.0, 2000.0]);
    // per neuron, bins of 0.4 ms over 10 steps: two complete bins (steps 0-7); the
    // spike counts divided by 0.4 ms
    let (bins, rows) = net.spike_data(s).binned_rate(0.4 * ms).unwrap();
    assert_eq!(bins.len(), 2);
    let rows: Vec<Vec<f64>> = rows.iter().map(|r| r.si().to_vec()).collect();
    assert_eq!(rows[0], [2500.0, 2500.0]);
    assert_eq!(rows[2], [0.0, 2500.0]);
    assert_eq!(rows[3], [2500.0, 2500.0]);
    // a window given as values: normalised, 'same' convolution
    let smooth = net
        .rate_data(r)
        .smooth_rate_custom(&[1.0, 2.0, 1.0])
        .unwrap();
    assert_eq!(smooth.si()[2], (5000.0 * 2.0 + 2500.0) / 4.0);
    let per_neuron = net.spike_data(s).smooth_rate("flat", 0.3 * ms).unwrap();
    assert_eq!(per_neuron.len(), 4);
    assert!((per_neuron[3].si()[2] - 10000.0 / 3.0).abs() < 1e-9);
}

#[test]
fn bad_bins_and_custom_windows_are_errors() {
    let (mut net, g) = generator_net();
    let r = net.population_rate_monitor(g).unwrap();
    let counts_only = net.spike_monitor_with(g, false).unwrap();
    net.run(1.0 * ms).unwrap();
    let d = net.rate_data(r);
    let e = d.binned_rate(0.15 * ms).unwrap_err().to_string();
    assert!(e.contains("multiple of dt"), "{e}");
    let e = d.binned_rate(1.0 * mV).unwrap_err().to_string();
    assert!(e.contains("must be a time"), "{e}");
    let e = d.binned_rate(0.0 * ms).unwrap_err().to_string();
    assert!(e.contains("positive"), "{e}");
    let e = d.smooth_rate_custom(&[1.0, 1.0]).unwrap_err().to_string();
    assert!(e.contains("odd number"), "{e}");
    let e = d
        .smooth_rate_custom(&[1.0, 0.0, -1.0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("non-zero sum"), "{e}");
    let e = net
        .spike_data(counts_only)
        .binned_rate(0.5 * ms)
        .unwrap_err()
        .to_string();
    assert!(e.contains("record=False"), "{e}");
}
