//! `PoissonGroup` and `PoissonInput`: spike counts and input drive against their
//! binomial theory with fixed seeds, rates as a quantity, an array or an expression of
//! `t` and `i`, subgroup targets, thread-count independence, and bad input.

use spikelift::api::{PoissonGroupOptions, PoissonRates};
use spikelift::prelude::*;

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

fn counts(net: &Network, s: SpikeMonitorId) -> Vec<f64> {
    net.spike_data(s)
        .count()
        .iter()
        .map(|&c| c as f64)
        .collect()
}

#[test]
fn a_constant_rate_gives_binomial_counts() {
    let mut net = Network::new();
    net.seed(4);
    let p = net
        .poisson_group(2000, PoissonRates::Constant(50.0 * Hz))
        .unwrap();
    let s = net.spike_monitor(p).unwrap();
    net.run(1.0 * second).unwrap();
    // 10000 steps with p = 0.005: mean 50, variance 49.75 per neuron; the mean of
    // 2000 neurons has a standard error of 0.16, the variance one of 1.6
    let (m, v) = mean_var(&counts(&net, s));
    assert!((m - 50.0).abs() < 0.8, "mean {m}");
    assert!((v - 49.75).abs() < 8.0, "variance {v}");
}

#[test]
fn rates_per_neuron_and_as_an_expression_of_t_and_i() {
    let mut net = Network::new();
    net.seed(8);
    let n = 1000;
    let rates: Vec<f64> = (0..n)
        .map(|i| if i < n / 2 { 10.0 } else { 100.0 })
        .collect();
    let arr = net
        .poisson_group(n as i64, PoissonRates::PerNeuron(rates))
        .unwrap();
    let expr = net
        .poisson_group(
            n as i64,
            PoissonRates::Expr("(20 + 0.2*i)*Hz*(1 + (t > 500*ms))".into()),
        )
        .unwrap();
    let sa = net.spike_monitor(arr).unwrap();
    let se = net.spike_monitor(expr).unwrap();
    net.run(1.0 * second).unwrap();
    let ca = counts(&net, sa);
    let (low, high) = (&ca[..n / 2], &ca[n / 2..]);
    // 500 neurons each: standard errors sqrt(10/500) = 0.14 and sqrt(100/500) = 0.45
    assert!((mean_var(low).0 - 10.0).abs() < 0.7);
    assert!((mean_var(high).0 - 100.0).abs() < 2.3);
    // neuron i: (20 + 0.2 i) Hz for 0.5 s, then twice that for 0.5 s
    let ce = counts(&net, se);
    let expected = |i: usize| (20.0 + 0.2 * i as f64) * 1.5;
    let (first, last) = (&ce[..100], &ce[900..]);
    let mean_expected = |r: std::ops::Range<usize>| r.clone().map(expected).sum::<f64>() / 100.0;
    assert!((mean_var(first).0 - mean_expected(0..100)).abs() < 2.0);
    assert!((mean_var(last).0 - mean_expected(900..1000)).abs() < 4.0);
    // spikes after 500 ms are twice as frequent
    let t = net.spike_data(se).t().si().to_vec();
    let late = t.iter().filter(|&&x| x >= 0.5).count() as f64;
    let ratio = late / (t.len() as f64 - late);
    assert!((ratio - 2.0).abs() < 0.06, "{ratio}");
}

fn drive(inputs: i64, rate: f64, weight: f64, threads: usize) -> Vec<f64> {
    let mut net = Network::new();
    net.seed(13);
    net.set_threads(Some(threads)).unwrap();
    let g = net.add(NeuronGroup::new(20_000, "v : 1").unwrap()).unwrap();
    net.poisson_input(g, "v", inputs, rate * Hz, Quantity::dimensionless(weight))
        .unwrap();
    net.run(100.0 * ms).unwrap();
    net.get(g, "v").unwrap().si().to_vec()
}

#[test]
fn poisson_input_adds_its_mean_drive_with_binomial_variance() {
    // 100 inputs at 20 Hz, weight 0.5, 1000 steps: each step adds 0.5*Binomial(100,
    // 0.002), so v has mean 1000*100*0.002*0.5 = 100 and variance
    // 1000*100*0.002*0.998*0.25 = 49.9 (inversion sampling, n*p = 0.2)
    let v = drive(100, 20.0, 0.5, 1);
    let (m, var) = mean_var(&v);
    assert!((m - 100.0).abs() < 0.3, "mean {m}");
    assert!((var - 49.9).abs() < 2.5, "variance {var}");
    assert!(v.iter().all(|x| (x / 0.5).fract() == 0.0));
    // 10000 inputs at 100 Hz (n*p = 100: Brian2's normal approximation)
    let v = drive(10_000, 100.0, 0.01, 1);
    let (m, var) = mean_var(&v);
    // mean 1000*100*0.01 = 1000, variance 1000*100*0.99*1e-4 = 9.9
    assert!((m - 1000.0).abs() < 0.15, "mean {m}");
    assert!((var - 9.9).abs() < 0.6, "variance {var}");
}

#[test]
fn poisson_input_is_identical_for_any_thread_count() {
    assert_eq!(drive(100, 20.0, 0.5, 1), drive(100, 20.0, 0.5, 2));
}

#[test]
fn poisson_input_on_a_subgroup() {
    let mut net = Network::new();
    net.seed(2);
    let g = net.add(NeuronGroup::new(10, "v : 1").unwrap()).unwrap();
    net.poisson_input(
        g.slice(2, 5),
        "v",
        50,
        1000.0 * Hz,
        Quantity::dimensionless(1.0),
    )
    .unwrap();
    net.run(10.0 * ms).unwrap();
    let v = net.get(g, "v").unwrap().si().to_vec();
    // 100 steps of Binomial(50, 0.1): mean 500, standard deviation 21
    for (i, x) in v.iter().enumerate() {
        if (2..5).contains(&i) {
            assert!((x - 500.0).abs() < 110.0, "neuron {i}: {x}");
        } else {
            assert_eq!(*x, 0.0, "neuron {i}");
        }
    }
}

#[test]
fn bad_poisson_arguments_are_errors() {
    let mut net = Network::new();
    let g = net.add(NeuronGroup::new(3, "v : volt").unwrap()).unwrap();
    let one = Quantity::dimensionless(1.0);
    let err = |r: Result<spikelift::api::PoissonInputId>| r.unwrap_err().to_string();
    assert!(err(net.poisson_input(g, "v", 0, 10.0 * Hz, 1.0 * mV)).contains("N has to be"));
    assert!(err(net.poisson_input(g, "v", 5, -1.0 * Hz, 1.0 * mV)).contains("non-negative"));
    assert!(err(net.poisson_input(g, "v", 5, 10.0 * Hz, one)).contains("same unit"));
    assert!(net.poisson_input(g, "w", 5, 10.0 * Hz, 1.0 * mV).is_err());
    let e = net
        .poisson_group(3, PoissonRates::Constant(5.0 * mV))
        .unwrap_err()
        .to_string();
    assert!(e.contains("frequency"), "{e}");
    let e = net
        .poisson_group(3, PoissonRates::PerNeuron(vec![1.0, 2.0]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs 3 rates, got 2"), "{e}");
}

#[test]
fn poisson_input_weight_as_an_expression_of_the_target() {
    // weight = (i + 1)*0.5: neuron i receives events * (i + 1)/2, so the ratio of the
    // two mean drives is 2 (20000 events each on average).
    let mut net = Network::new();
    net.seed(9);
    let g = net
        .add(NeuronGroup::new(2, "v : 1").expect("group"))
        .expect("add");
    net.poisson_input(g, "v", 200, 1000.0 * Hz, "(i + 1)*0.5")
        .expect("input");
    net.run(100.0 * ms).expect("run");
    let v = net.get(g, "v").expect("v").si().to_vec();
    let events: f64 = 200.0 * 1000.0 * 0.1;
    let tol = 5.0 * events.sqrt();
    assert!((v[0] / 0.5 - events).abs() < tol, "{v:?}");
    assert!((v[1] - events).abs() < tol, "{v:?}");
    // A weight with the wrong unit is an error when the network runs.
    let mut net = Network::new();
    let g = net
        .add(NeuronGroup::new(2, "v : volt").expect("group"))
        .expect("add");
    net.poisson_input(g, "v", 5, 10.0 * Hz, "2*i")
        .expect("parsed");
    let e = net.run(1.0 * ms).expect_err("unit");
    assert!(e.to_string().contains("same unit"), "{e}");
}

#[test]
fn a_poisson_group_on_a_shared_clock_spikes_on_its_steps() {
    let mut net = Network::new();
    net.seed(3);
    let clock = net.add_clock(0.5 * ms).unwrap();
    let options = PoissonGroupOptions {
        clock: Some(clock),
        ..Default::default()
    };
    let p = net
        .poisson_group_with(200, PoissonRates::Constant(200.0 * Hz), options)
        .unwrap();
    let s = net.spike_monitor(p).unwrap();
    net.run(50.0 * ms).unwrap();
    let t = net.spike_data(s).t();
    // p = 0.1 per 0.5 ms step: about 2000 spikes, all on multiples of 0.5 ms
    assert!((1700..2300).contains(&t.len()), "{} spikes", t.len());
    for &x in t.si() {
        let steps = x / 0.5e-3;
        assert!((steps - steps.round()).abs() < 1e-9, "spike at {x} s");
    }
    assert_eq!(net.group_dt(p).value, 0.5e-3);
    let both = PoissonGroupOptions {
        clock: Some(clock),
        dt: Some(0.1 * ms),
        ..Default::default()
    };
    let e = net
        .poisson_group_with(2, PoissonRates::Constant(1.0 * Hz), both)
        .unwrap_err()
        .to_string();
    assert!(e.contains("either a dt or a clock"), "{e}");
}

#[test]
fn a_weight_expression_on_a_subgroup_counts_i_from_the_subgroup() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = net.add(NeuronGroup::new(5, "g : 1").unwrap()).unwrap();
    // rate*dt = 1: every input fires in every step
    net.poisson_input(g.slice(2, 5), "g", 1, 10000.0 * Hz, "i + N")
        .unwrap();
    net.run(0.2 * ms).unwrap();
    // two steps of i + 3 for i = 0, 1, 2 of the subgroup
    assert_eq!(net.get(g, "g").unwrap().si(), &[0.0, 0.0, 6.0, 8.0, 10.0]);
}
