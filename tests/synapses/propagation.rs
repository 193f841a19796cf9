//! Spike propagation: delays rounded as Brian2 does, the order of effects, pathways.

use spikelift::prelude::*;

#[test]
fn homogeneous_delay_delivers_at_the_rounded_step() {
    let mut net = Network::new();
    let src = net
        .spike_generator(1, &[0], &[1e-3], None, None)
        .expect("generator");
    let tgt = net
        .add(NeuronGroup::new(3, "v : 1").expect("group"))
        .expect("add");
    let s = net
        .add_synapses(
            Synapses::new(src, tgt, "w : 1")
                .on_pre("v += w")
                .delay(2.0 * ms),
        )
        .expect("synapses");
    assert_eq!(net.connect(s, Connect::all()).expect("connect"), 3);
    net.set(s, "w", "j + 1").expect("set w");
    let mon = net
        .state_monitor(tgt, &["v"], StateMonitorOptions::default())
        .expect("monitor");
    net.run(5.0 * ms).expect("run");
    assert_eq!(net.get(tgt, "v").expect("v").si(), &[1.0, 2.0, 3.0]);
    // The spike at step 10 arrives at step 30: the monitor (slot start) sees it at 31.
    let data = net.state_data(mon);
    let v0 = data.trace("v", 0).expect("trace");
    assert_eq!(v0.si()[30], 0.0);
    assert_eq!(v0.si()[31], 1.0);
}
