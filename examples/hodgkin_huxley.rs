//! Hodgkin-Huxley neurons (Traub-Miles type, as in Brian2's IF-curve example)
//! integrated with `exponential_euler`: four neurons with input currents 0, 0.25, 0.5
//! and 0.75 nA; prints each neuron's spike count and first spike times.
//!
//! Run with `cargo run --release --example hodgkin_huxley`.

use spikelift::prelude::*;

const EQUATIONS: &str = "
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
";

fn main() -> Result<()> {
    let area = 20000.0 * um * um;
    let mut net = Network::new();
    net.set_default_dt(0.01 * ms)?;
    let g = net.add(
        NeuronGroup::new(4, EQUATIONS)?
            .threshold("v > -40*mV")
            .refractory("v > -40*mV")
            .method("exponential_euler")
            .namespace([
                ("Cm", 1.0 * ufarad / (cm * cm) * area),
                ("gl", 5e-5 * siemens / (cm * cm) * area),
                ("El", -65.0 * mV),
                ("EK", -90.0 * mV),
                ("ENa", 50.0 * mV),
                ("g_na", 100.0 * msiemens / (cm * cm) * area),
                ("g_kd", 30.0 * msiemens / (cm * cm) * area),
                ("VT", -63.0 * mV),
            ]),
    )?;
    net.set(g, "v", -65.0 * mV)?;
    net.set(g, "I", "0.25*nA * i")?;
    let spikes = net.spike_monitor(g)?;
    let trace = net.state_monitor(
        g,
        &["v"],
        StateMonitorOptions {
            record: Record::Indices(vec![3]),
            ..Default::default()
        },
    )?;
    net.run(60.0 * ms)?;

    let data = net.spike_data(spikes);
    let times = data.t().in_unit(ms)?;
    for neuron in 0..4 {
        let first: Vec<String> = data
            .i()
            .iter()
            .zip(&times)
            .filter(|(i, _)| **i == neuron)
            .take(3)
            .map(|(_, t)| format!("{t:.2} ms"))
            .collect();
        println!(
            "neuron {neuron}: I = {:.2} nA, {} spikes, first at [{}]",
            0.25 * neuron as f64,
            data.count()[neuron as usize],
            first.join(", ")
        );
    }
    let v = net.state_data(trace).trace("v", 0)?.in_unit(mV)?;
    let peak = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    println!(
        "neuron 3: peak membrane potential {peak:.1} mV over {} samples",
        v.len()
    );
    Ok(())
}
