//! Linked variables: a `(linked)` parameter reads another group's variable live (its
//! own element, an element chosen by an index, or element 0 of a group of one
//! neuron), in equations and thresholds; the errors for a wrong unit, a variable that
//! is not declared linked and one left unlinked; links to subgroups; reading linked
//! variables and subexpressions of them outside a run.

use spikelift::prelude::*;

fn source(net: &mut Network) -> GroupId {
    net.add(
        NeuronGroup::new(4, "dv/dt = (1 + i - v)/tau : 1")
            .unwrap()
            .method("exact")
            .namespace([("tau", 10.0 * ms)]),
    )
    .unwrap()
}

#[test]
fn linked_variables_read_the_source_at_each_step() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = source(&mut net);
    let one = net.add(NeuronGroup::new(1, "c : volt").unwrap()).unwrap();
    net.set(one, "c", 3.0 * mV).unwrap();
    let h = net
        .add(
            NeuronGroup::new(
                4,
                "v_lin : 1 (linked)\nu_lin : 1 (linked)\nw : volt (linked)\ndy/dt = v_lin/ms : 1",
            )
            .unwrap()
            .method("euler"),
        )
        .unwrap();
    net.link_variable(h, "v_lin", g, "v", None).unwrap();
    net.link_variable(h, "u_lin", g, "v", Some(&[3, 2, 1, 0]))
        .unwrap();
    net.link_variable(h, "w", one, "c", None).unwrap();
    let m = net
        .state_monitor(h, &["v_lin", "u_lin", "w"], StateMonitorOptions::default())
        .unwrap();
    net.run(2.0 * ms).unwrap();
    let data = net.state_data(m);
    let decay = |steps: f64| 1.0 - (-steps * 0.1 / 10.0_f64).exp();
    for i in 0..4 {
        let v_lin = data.trace("v_lin", i).unwrap().si().to_vec();
        let u_lin = data.trace("u_lin", i).unwrap().si().to_vec();
        for (step, (a, b)) in v_lin.iter().zip(&u_lin).enumerate() {
            let want = (1.0 + i as f64) * decay(step as f64);
            assert!(
                (a - want).abs() < 1e-12,
                "v_lin[{i}] at {step}: {a} vs {want}"
            );
            let mirrored = (4.0 - i as f64) * decay(step as f64);
            assert!((b - mirrored).abs() < 1e-12, "u_lin[{i}] at {step}");
        }
        assert!(data.trace("w", i).unwrap().si().iter().all(|&w| w == 3e-3));
    }
    // y integrates the linked v: y = sum of v over the previous steps, times dt/ms.
    let v = net.get(g, "v").unwrap().si().to_vec();
    let y = net.get(h, "y").unwrap().si().to_vec();
    for i in 0..4 {
        let want: f64 = (0..20)
            .map(|s| (1.0 + i as f64) * decay(s as f64) * 0.1)
            .sum();
        assert!((y[i] - want).abs() < 1e-12, "y[{i}] = {} vs {want}", y[i]);
        assert!(v[i] > 0.0);
    }
}

#[test]
fn a_linked_threshold_fires_from_the_source_values() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = source(&mut net);
    let h = net
        .add(
            NeuronGroup::new(4, "v_lin : 1 (linked)")
                .unwrap()
                .threshold("v_lin > 0.5"),
        )
        .unwrap();
    net.link_variable(h, "v_lin", g, "v", None).unwrap();
    let s = net.spike_monitor(h).unwrap();
    net.run(3.0 * ms).unwrap();
    // After the update of step s, v_i = (1 + i)(1 - exp(-(s + 1) dt/tau)); no reset.
    let counts = net.spike_data(s).count().to_vec();
    for (i, &c) in counts.iter().enumerate() {
        let want = (0..30)
            .filter(|&s| (1.0 + i as f64) * (1.0 - (-(s as f64 + 1.0) * 0.01_f64).exp()) > 0.5)
            .count() as u64;
        assert_eq!(c, want, "neuron {i}: {counts:?}");
    }
    assert_eq!(counts[0], 0);
    assert!(counts[3] > 0);
}

#[test]
fn bad_links_are_refused() {
    let mut net = Network::new();
    let g = source(&mut net);
    let h = net
        .add(NeuronGroup::new(4, "x : volt (linked)\np : 1\ny : 1 (linked)").unwrap())
        .unwrap();
    let wrong_unit = net.link_variable(h, "x", g, "v", None);
    assert!(
        matches!(wrong_unit, Err(Error::Dimension(_))),
        "{wrong_unit:?}"
    );
    let not_linked = net.link_variable(h, "p", g, "v", None);
    assert!(
        matches!(not_linked, Err(Error::InvalidArgument(_))),
        "{not_linked:?}"
    );
    let out_of_range = net
        .link_variable(h, "y", g, "v", Some(&[0, 1, 2, 4]))
        .unwrap_err()
        .to_string();
    assert!(
        out_of_range.contains(
            "index 4 of linked variable 'y' is out of range for 'neurongroup' of 4 neurons"
        ),
        "{out_of_range}"
    );
    let err = net.run(1.0 * ms).expect_err("x is not linked");
    assert!(err.to_string().contains("is not linked"), "{err}");
}

#[test]
fn linked_values_are_read_directly_and_through_subexpressions() {
    let mut net = Network::new();
    let g = source(&mut net);
    net.set(g, "v", "i*0.5").unwrap();
    let h = net
        .add(NeuronGroup::new(4, "v_lin : 1 (linked)\nw = 2*v_lin : 1").unwrap())
        .unwrap();
    net.link_variable(h, "v_lin", g, "v", Some(&[3, 2, 1, 0]))
        .unwrap();
    assert_eq!(net.get(h, "v_lin").unwrap().si(), &[1.5, 1.0, 0.5, 0.0]);
    assert_eq!(net.get(h, "w").unwrap().si(), &[3.0, 2.0, 1.0, 0.0]);
}

#[test]
fn a_link_to_a_subgroup_reads_its_neurons() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let g = source(&mut net);
    net.set(g, "v", "i*0.5").unwrap();
    let h = net
        .add(NeuronGroup::new(2, "a : 1 (linked)\nb : 1 (linked)\nc : 1 (linked)").unwrap())
        .unwrap();
    net.link_variable(h, "a", g.slice(2, 4), "v", None).unwrap();
    net.link_variable(h, "b", g.slice(1, 4), "v", Some(&[2, 0]))
        .unwrap();
    net.link_variable(h, "c", g.slice(3, 4), "v", None).unwrap();
    assert_eq!(net.get(h, "a").unwrap().si(), &[1.0, 1.5]);
    assert_eq!(net.get(h, "b").unwrap().si(), &[1.5, 0.5]);
    assert_eq!(net.get(h, "c").unwrap().si(), &[1.5, 1.5]);
    let wrong_size = net
        .link_variable(h, "a", g.slice(0, 3), "v", None)
        .unwrap_err()
        .to_string();
    assert!(
        wrong_size.contains("subgroup 0:3 of 'neurongroup' (3 neurons)"),
        "{wrong_size}"
    );
    let out_of_range = net
        .link_variable(h, "b", g.slice(1, 4), "v", Some(&[0, 3]))
        .unwrap_err()
        .to_string();
    assert!(
        out_of_range.contains("index 3 of linked variable 'b' is out of range for subgroup 1:4 of 'neurongroup' of 3 neurons"),
        "{out_of_range}"
    );
}

#[test]
fn exact_integration_with_a_linked_time_constant() {
    let mut net = Network::new();
    net.set_default_dt(0.1 * ms).unwrap();
    let taus = net
        .add(NeuronGroup::new(2, "tau : second").unwrap())
        .unwrap();
    net.set(taus, "tau", "(i + 1)*10*ms").unwrap();
    let h = net
        .add(
            NeuronGroup::new(2, "dx/dt = -x/tau_lin : 1\ntau_lin : second (linked)")
                .unwrap()
                .method("exact"),
        )
        .unwrap();
    net.link_variable(h, "tau_lin", taus, "tau", None).unwrap();
    net.set(h, "x", 1.0).unwrap();
    net.run(1.0 * ms).unwrap();
    let x = net.get(h, "x").unwrap().si().to_vec();
    assert!((x[0] - (-0.1f64).exp()).abs() < 1e-12, "{x:?}");
    assert!((x[1] - (-0.05f64).exp()).abs() < 1e-12, "{x:?}");
}
