//! A leaky integrate-and-fire neuron driven by a `TimedArray` of step currents: the
//! current changes every 100 ms, and the neuron's firing rate follows it. Prints, for
//! each step of the current, the simulated rate next to the analytical rate
//! `1 / (refractory + tau*ln(R*I/(R*I - v_t)))`.
//!
//! Run with `cargo run --release --example timed_array`.

use spikelift::prelude::*;

fn main() -> Result<()> {
    let currents_na = [0.5, 1.2, 2.0, 3.5, 1.0, 5.0];
    let step = 100.0 * ms;
    let (tau, r, v_t, refractory) = (10.0 * ms, 20.0 * Mohm, 15.0 * mV, 2.0 * ms);

    let mut net = Network::new();
    net.set_default_dt(0.1 * ms)?;
    let currents: Vec<f64> = currents_na.iter().map(|c| c * 1e-9).collect();
    net.timed_array("stim", QuantityArray::new(currents.clone(), nA.dim), step)?;
    let g = net.add(
        NeuronGroup::new(1, "dv/dt = (R*stim(t) - v)/tau : volt (unless refractory)")?
            .threshold("v > v_t")
            .reset("v = 0*mV")
            .refractory(refractory)
            .method("exact")
            .namespace([("tau", tau), ("R", r), ("v_t", v_t)]),
    )?;
    let spikes = net.spike_monitor(g)?;
    net.run(step * currents.len() as f64)?;

    let times = net.spike_data(spikes).t().si().to_vec();
    println!(
        "{:>10} {:>12} {:>14} {:>14}",
        "t (ms)", "I (nA)", "rate (Hz)", "theory (Hz)"
    );
    for (k, current) in currents.iter().enumerate() {
        let (start, end) = (k as f64 * step.value, (k + 1) as f64 * step.value);
        let n = times.iter().filter(|&&t| t >= start && t < end).count();
        let drive = r.value * current;
        let theory = if drive > v_t.value {
            1.0 / (refractory.value + tau.value * (drive / (drive - v_t.value)).ln())
        } else {
            0.0
        };
        println!(
            "{:>10.0} {:>12.2} {:>14.1} {:>14.1}",
            start * 1e3,
            current * 1e9,
            n as f64 / step.value,
            theory
        );
    }
    println!("{} spikes in total", times.len());
    Ok(())
}
