//! A sparse random network of excitatory and inhibitory integrate-and-fire neurons
//! (Brunel 2000, J Comput Neurosci 8:183, model A: `g = 5`, `nu_ext/nu_thr = 2`),
//! 4000 excitatory and 1000 inhibitory neurons, each receiving 10% of the possible
//! connections (`connect(p=0.1)`) with a homogeneous delay of 1.5 ms, driven by a
//! `PoissonInput` of `C_E` external neurons per neuron (as in Brian2's example).
//!
//! Prints the mean firing rate, the coefficient of variation of the inter-spike
//! intervals and the number of synaptic events delivered per second of wall-clock
//! time, and writes every spike to `brunel_spikes.npz` (`i`, `t` in seconds).
//!
//! Run with `cargo run --release --example brunel`.

use spikelift::io::{NpyArray, write_npz};
use spikelift::prelude::*;

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let (n_e, n_i) = (4000, 1000);
    let epsilon = 0.1;
    let c_e = epsilon * n_e as f64;
    let (tau, theta, v_r, tau_rp) = (20.0 * ms, 20.0 * mV, 10.0 * mV, 2.0 * ms);
    let j = 0.1 * mV;
    let g = 5.0;
    let duration = 0.5;
    // nu_thr = theta / (J C_E tau); external neurons fire at nu_ext = 2 nu_thr.
    let nu_thr = theta.value / (j.value * c_e * tau.value);
    let nu_ext = 2.0 * nu_thr;

    let mut net = Network::new();
    net.seed(2000);
    let neurons = net.add(
        NeuronGroup::new(n_e + n_i, "dv/dt = -v/tau : volt (unless refractory)")?
            .threshold("v > theta")
            .reset("v = V_r")
            .refractory(tau_rp)
            .method("exact")
            .namespace([("tau", tau), ("theta", theta), ("V_r", v_r)]),
    )?;
    let exc = neurons.slice(0, n_e as usize);
    let inh = neurons.slice(n_e as usize, (n_e + n_i) as usize);
    let delay = 1.5 * ms;
    let e_syn = net.add_synapses(
        Synapses::new(exc, neurons, "")
            .on_pre("v += J")
            .delay(delay)
            .namespace([("J", j)]),
    )?;
    net.connect(e_syn, Connect::all().p(epsilon))?;
    let i_syn = net.add_synapses(
        Synapses::new(inh, neurons, "")
            .on_pre("v += -g*J")
            .delay(delay)
            .namespace([("J", j), ("g", Quantity::from(g))]),
    )?;
    net.connect(i_syn, Connect::all().p(epsilon))?;
    net.poisson_input(neurons, "v", c_e as i64, nu_ext * hertz, j)?;
    let spikes = net.spike_monitor(neurons)?;

    let started = std::time::Instant::now();
    net.run(duration * second)?;
    let elapsed = started.elapsed().as_secs_f64();

    let data = net.spike_data(spikes);
    let n = (n_e + n_i) as usize;
    let rate = data.num_spikes() as f64 / n as f64 / duration;
    let mut trains: Vec<Vec<f64>> = vec![Vec::new(); n];
    for (&i, &t) in data.i().iter().zip(data.t().si()) {
        trains[i as usize].push(t);
    }
    let cvs: Vec<f64> = trains
        .iter()
        .filter(|t| t.len() >= 4)
        .map(|t| {
            let isi: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
            let mean = isi.iter().sum::<f64>() / isi.len() as f64;
            let var = isi.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / isi.len() as f64;
            var.sqrt() / mean
        })
        .collect();
    let cv = cvs.iter().sum::<f64>() / cvs.len().max(1) as f64;
    // Every spike of a source neuron is delivered to each of its synapses.
    let (ie, _) = net.synapse_indices(e_syn)?;
    let (ii, _) = net.synapse_indices(i_syn)?;
    let mut out = vec![0u64; n];
    for &i in &ie {
        out[i as usize] += 1;
    }
    for &i in &ii {
        out[n_e as usize + i as usize] += 1;
    }
    let recurrent_events: u64 = data.i().iter().map(|&i| out[i as usize]).sum();
    let synapses = net.len(e_syn) + net.len(i_syn);
    println!(
        "{n} neurons, {synapses} synapses ({:.1} MB for them), {duration} s simulated in {elapsed:.2} s",
        (net.synapse_bytes(e_syn)? + net.synapse_bytes(i_syn)?) as f64 / 1e6
    );
    println!("mean rate {rate:.1} Hz (external drive {nu_ext:.1} Hz), mean CV of ISIs {cv:.2}");
    println!(
        "{:.2e} recurrent synaptic events delivered, {:.2e} per second of wall-clock time",
        recurrent_events as f64,
        recurrent_events as f64 / elapsed
    );
    let i: Vec<i32> = data.i().to_vec();
    let t: Vec<f64> = data.t().si().to_vec();
    write_npz(
        "brunel_spikes.npz",
        &[("i", NpyArray::from_vec(i)), ("t", NpyArray::from_vec(t))],
    )?;
    println!("spikes written to brunel_spikes.npz");
    Ok(())
}
