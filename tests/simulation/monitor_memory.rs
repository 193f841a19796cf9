//! What monitors cost: recording is append-only in chunks that never move, so a
//! monitor holds no more memory than its data (Brian2's monitors grow their arrays by
//! resizing; spikelift's never copy what they recorded).

use spikelift::api::PoissonRates;
use spikelift::prelude::*;

#[test]
fn a_spike_monitor_holds_no_more_than_its_data() {
    let mut net = Network::new();
    net.seed(7);
    let p = net
        .poisson_group(1000, PoissonRates::Constant(40.0 * Hz))
        .unwrap();
    let s = net.spike_monitor(p).unwrap();
    net.run(1.0 * second).unwrap();
    net.run(0.5 * second).unwrap();
    let d = net.spike_data(s);
    let n = d.t().len();
    // 1000 neurons at 40 Hz for 1.5 s: about 60000 spikes
    assert!((55_000..65_000).contains(&n), "{n} spikes");
    let data = n * (4 + 8);
    let allocated = d.allocated_bytes();
    assert!(allocated >= data);
    // at most the unused tail of one chunk per column (i, t), never more than the data
    let slack = allocated - data;
    assert!(
        slack <= data,
        "{slack} bytes unused for {data} bytes of data"
    );
    assert!(slack <= (1 << 16) * (4 + 8), "{slack} bytes unused");
    // the chunked record reads back in order, whichever way it is read
    let (i, t) = (d.i(), d.t());
    assert_eq!(i.len(), n);
    for (k, (ik, tk)) in d.iter().enumerate() {
        assert_eq!((ik, tk), (i[k], t.si()[k]));
    }
    assert!(
        t.si().windows(2).all(|w| w[0] <= w[1]),
        "times out of order"
    );
    let counted: u64 = d.count().iter().sum();
    assert_eq!(counted as usize, n);
}

#[test]
fn state_and_rate_monitors_reserve_exactly_their_samples() {
    let mut net = Network::new();
    let g = net
        .add(
            NeuronGroup::new(10, "dv/dt = (1 - v)/(10*ms) : 1")
                .unwrap()
                .threshold("v > 2")
                .method("exact"),
        )
        .unwrap();
    let m = net
        .state_monitor(g, &["v"], StateMonitorOptions::default())
        .unwrap();
    let r = net.population_rate_monitor(g).unwrap();
    net.run(10.0 * ms).unwrap();
    net.run(5.0 * ms).unwrap();
    // 150 steps: 150 times and 150 x 10 values; 150 times and 150 rates
    let d = net.state_data(m);
    assert_eq!(d.t().len(), 150);
    assert_eq!(d.allocated_bytes(), (150 + 1500) * 8);
    assert_eq!(net.rate_data(r).allocated_bytes(), (150 + 150) * 8);
    // the trace crosses the boundary between the two runs' chunks unchanged
    let trace = d.trace("v", 3).unwrap();
    let dt = 1e-4;
    for (k, v) in trace.si().iter().enumerate() {
        let exact = 1.0 - (-(k as f64) * dt / 10e-3).exp();
        assert!((v - exact).abs() < 1e-6, "step {k}: {v} vs {exact}");
    }
}

#[test]
fn spike_trains_split_the_record_by_neuron() {
    let mut net = Network::new();
    let g = net
        .spike_generator(
            3,
            &[2, 0, 2, 2],
            &[0.1e-3, 0.2e-3, 0.5e-3, 0.9e-3],
            None,
            None,
        )
        .unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(1.0 * ms).unwrap();
    let trains = net.spike_data(s).spike_trains();
    let ms_of = |k: usize| trains[k].in_unit(ms).unwrap();
    assert_eq!(trains.len(), 3);
    let close = |a: Vec<f64>, b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    };
    assert!(close(ms_of(0), &[0.2]));
    assert!(ms_of(1).is_empty());
    assert!(close(ms_of(2), &[0.1, 0.5, 0.9]));
}
