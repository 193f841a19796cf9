//! Spike-timing-dependent plasticity (Song, Miller & Abbott 2000; the STDP example of
//! Brian2's documentation): 1000 Poisson inputs at 15 Hz drive one conductance-based
//! integrate-and-fire neuron through plastic synapses with event-driven pre- and
//! postsynaptic traces and weights clipped to `[0, gmax]`. Competition between the
//! inputs drives the weights to the bounds: the final distribution is bimodal.
//!
//! Prints the output rate over time and a histogram of the final weights, and writes
//! the output spikes and the final weights to `stdp.npz`.
//!
//! Run with `cargo run --release --example stdp`.

use spikelift::api::poisson::PoissonRates;
use spikelift::io::{NpyArray, write_npz};
use spikelift::prelude::*;

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let n = 1000usize;
    let (taum, taupre, taupost, taue) = (10.0 * ms, 20.0 * ms, 20.0 * ms, 5.0 * ms);
    let (ee, vt, vr, el) = (0.0 * mV, -54.0 * mV, -60.0 * mV, -74.0 * mV);
    let gmax = 0.01;
    let d_apre = 0.01 * gmax;
    let d_apost = -0.01 * taupre.value / taupost.value * 1.05 * gmax;
    let rate = 15.0;
    let duration = 100.0;

    let mut net = Network::new();
    net.seed(7);
    let input = net.poisson_group(n as i64, PoissonRates::Constant(rate * hertz))?;
    let neuron = net.add(
        NeuronGroup::new(
            1,
            "dv/dt = (ge * (Ee - v) + El - v) / taum : volt\ndge/dt = -ge / taue : 1",
        )?
        .threshold("v > vt")
        .reset("v = vr")
        .method("euler")
        .namespace([
            ("taum", taum),
            ("taue", taue),
            ("Ee", ee),
            ("vt", vt),
            ("vr", vr),
            ("El", el),
        ]),
    )?;
    net.set(neuron, "v", vr)?;
    let s = net.add_synapses(
        Synapses::new(
            input,
            neuron,
            "w : 1\ndApre/dt = -Apre / taupre : 1 (event-driven)\ndApost/dt = -Apost / taupost : 1 (event-driven)",
        )
        .on_pre("ge += w\nApre += dApre\nw = clip(w + Apost, 0, gmax)")
        .on_post("Apost += dApost\nw = clip(w + Apre, 0, gmax)")
        .namespace([
            ("taupre", taupre),
            ("taupost", taupost),
            ("gmax", Quantity::from(gmax)),
            ("dApre", Quantity::from(d_apre)),
            ("dApost", Quantity::from(d_apost)),
        ]),
    )?;
    net.connect(s, Connect::all())?;
    net.set(s, "w", "rand() * gmax")?;
    let spikes = net.spike_monitor(neuron)?;

    let started = std::time::Instant::now();
    net.run(duration * second)?;
    let elapsed = started.elapsed().as_secs_f64();

    let t = net.spike_data(spikes).t().si().to_vec();
    println!("output rate per 10 s of simulated time:");
    for k in 0..(duration / 10.0) as usize {
        let count = t
            .iter()
            .filter(|&&x| x >= k as f64 * 10.0 && x < (k + 1) as f64 * 10.0)
            .count();
        println!(
            "  {:>3}-{:>3} s: {:>6.1} Hz",
            k * 10,
            (k + 1) * 10,
            count as f64 / 10.0
        );
    }
    let w = net.get(s, "w")?.si().to_vec();
    println!("final weights / gmax:");
    let bins = 10;
    for b in 0..bins {
        let (lo, hi) = (b as f64 / bins as f64, (b + 1) as f64 / bins as f64);
        let count = w
            .iter()
            .filter(|&&x| x / gmax >= lo && (x / gmax < hi || (b == bins - 1 && x / gmax <= hi)))
            .count();
        println!("  {lo:.1}-{hi:.1}: {count:>4} {}", "#".repeat(count / 10));
    }
    println!(
        "{duration} s simulated in {elapsed:.2} s ({} output spikes)",
        t.len()
    );
    write_npz(
        "stdp.npz",
        &[("t", NpyArray::from_vec(t)), ("w", NpyArray::from_vec(w))],
    )?;
    println!("output spikes and weights written to stdp.npz");
    Ok(())
}
