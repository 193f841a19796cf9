//! Brian2 tutorial 1, last part: a group of 100 leaky integrate-and-fire neurons, each
//! driven towards a different constant value `v0`, run for one second; prints the
//! firing rate against `v0` next to the analytical rate
//! `1 / (refractory + tau*ln(v0/(v0 - 1)))`.
//!
//! Run with `cargo run --release --example lif_fi_curve`.

use spikelift::prelude::*;

fn main() -> Result<()> {
    let n = 100;
    let tau = 10.0 * ms;
    let refractory = 5.0 * ms;
    let duration = 1000.0 * ms;
    let mut net = Network::new();
    let g = net.add(
        NeuronGroup::new(n, "dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1")?
            .threshold("v > 1")
            .reset("v = 0")
            .refractory(refractory)
            .method("exact")
            .namespace([("tau", tau), ("v0_max", Quantity::from(3.0))]),
    )?;
    net.set(g, "v0", "i*v0_max/(N-1)")?;
    let spikes = net.spike_monitor(g)?;
    let started = std::time::Instant::now();
    net.run(duration)?;
    let elapsed = started.elapsed();

    let v0 = net.get(g, "v0")?;
    let counts = net.spike_data(spikes).count();
    println!("{:>8} {:>14} {:>14}", "v0", "rate (Hz)", "theory (Hz)");
    for k in (0..n as usize).step_by(9) {
        let v = v0.si()[k];
        let theory = if v > 1.0 {
            1.0 / (refractory.value + tau.value * (v / (v - 1.0)).ln())
        } else {
            0.0
        };
        println!(
            "{v:>8.3} {:>14.1} {theory:>14.1}",
            counts[k] as f64 / duration.value
        );
    }
    println!(
        "{} spikes from {n} neurons in {} of simulated time; wall-clock {:.1} ms",
        net.spike_data(spikes).num_spikes(),
        duration,
        elapsed.as_secs_f64() * 1e3
    );
    Ok(())
}
