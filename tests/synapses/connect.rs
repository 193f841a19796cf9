//! Connectivity: every form of `connect`, Brian2's synapse order, statistics of
//! random connectivity and reproducibility with a seed.

use spikelift::prelude::*;

fn groups(net: &mut Network, n_pre: i64, n_post: i64) -> (GroupId, GroupId) {
    let a = net
        .add(NeuronGroup::new(n_pre, "x : 1").expect("group"))
        .expect("add");
    let b = net
        .add(NeuronGroup::new(n_post, "y : 1").expect("group"))
        .expect("add");
    (a, b)
}

fn pairs(net: &Network, s: GroupId) -> Vec<(u32, u32)> {
    let (i, j) = net.synapse_indices(s).expect("indices");
    i.into_iter().zip(j).collect()
}

#[test]
fn deterministic_forms_follow_brian2_order() {
    let mut net = Network::new();
    let (a, b) = groups(&mut net, 4, 5);
    let all = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(all, Connect::all()).expect("connect");
    let want: Vec<(u32, u32)> = (0..4).flat_map(|i| (0..5).map(move |j| (i, j))).collect();
    assert_eq!(pairs(&net, all), want);

    let cond = net.add_synapses(Synapses::new(a, a, "")).expect("s");
    net.connect(cond, Connect::condition("i != j"))
        .expect("connect");
    assert_eq!(net.len(cond), 12);
    assert!(pairs(&net, cond).iter().all(|(i, j)| i != j));

    let shift = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(shift, Connect::targets("i + 2").skip_if_invalid(true))
        .expect("connect");
    assert_eq!(pairs(&net, shift), vec![(0, 2), (1, 3), (2, 4)]);

    let generator = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(
        generator,
        Connect::targets("k for k in range(i-1, i+2) if k >= 0 and k < N_post and k != i"),
    )
    .expect("connect");
    assert_eq!(
        pairs(&net, generator),
        vec![(0, 1), (1, 0), (1, 2), (2, 1), (2, 3), (3, 2), (3, 4)]
    );

    // Explicit pairs keep their order, a scalar is broadcast, calls accumulate.
    let list = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(list, Connect::pairs(&[3, 0], &[1, 4]))
        .expect("connect");
    net.connect(list, Connect::pairs(&[2], &[0, 3]))
        .expect("connect");
    assert_eq!(pairs(&net, list), vec![(3, 1), (0, 4), (2, 0), (2, 3)]);

    // Sources only: every target (even when as many sources as targets are given).
    let sources = net.add_synapses(Synapses::new(a, a, "")).expect("s");
    net.connect(sources, Connect::sources(&[3, 1, 0, 2]))
        .expect("connect");
    assert_eq!(net.len(sources), 16);
    assert_eq!(
        pairs(&net, sources)[..5],
        [(3, 0), (3, 1), (3, 2), (3, 3), (1, 0)]
    );

    // n copies (a constant or an expression per pair), consecutive.
    let multi = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(multi, Connect::targets("i").n_expr("i % 3"))
        .expect("connect");
    assert_eq!(pairs(&net, multi), vec![(1, 1), (2, 2), (2, 2)]);

    let (inc, out) = net.synapse_counts(generator).expect("counts");
    assert_eq!(out, vec![1, 2, 2, 2, 2, 2, 2]);
    assert_eq!(inc, vec![2, 1, 2, 2, 1, 2, 1]);
}

#[test]
fn conditions_see_presynaptic_and_postsynaptic_variables() {
    let mut net = Network::new();
    let (a, b) = groups(&mut net, 6, 6);
    net.set(a, "x", "i * 1.0").expect("x");
    net.set(b, "y", "5.0 - j")
        .expect_err("j is not a neuron index");
    net.set(b, "y", "5.0 - i").expect("y");
    let s = net.add_synapses(Synapses::new(a, b, "w : 1")).expect("s");
    net.connect(s, Connect::condition("x_pre == y_post"))
        .expect("connect");
    // x = i and y = 5 - j: connected where i + j == 5.
    let want: Vec<(u32, u32)> = (0..6).map(|i| (i, 5 - i)).collect();
    assert_eq!(pairs(&net, s), want);
    // Synaptic variables are set per synapse with i and j.
    net.set(s, "w", "i*10 + j").expect("w");
    let w = net.get(s, "w").expect("get");
    assert_eq!(w.si(), &[5.0, 14.0, 23.0, 32.0, 41.0, 50.0]);
    // Selection by condition and by pair.
    assert_eq!(net.select(s, "i > j").expect("select"), vec![3, 4, 5]);
    assert_eq!(
        net.synapses_between(s, &[2], &[3]).expect("between"),
        vec![2]
    );
}

#[test]
fn random_connectivity_has_the_requested_density_and_is_reproducible() {
    let n = 1000;
    let p = 0.1;
    let build = |seed: u64| {
        let mut net = Network::new();
        net.seed(seed);
        let (a, b) = groups(&mut net, n, n);
        let s = net.add_synapses(Synapses::new(a, b, "")).expect("s");
        net.connect(s, Connect::all().p(p)).expect("connect");
        pairs(&net, s)
    };
    let one = build(7);
    let expected = (n * n) as f64 * p;
    let sigma = ((n * n) as f64 * p * (1.0 - p)).sqrt();
    assert!(
        (one.len() as f64 - expected).abs() < 5.0 * sigma,
        "{} synapses, expected {expected} +- {sigma}",
        one.len()
    );
    // Brian2's order: i ascending, then j ascending, no duplicates.
    assert!(one.windows(2).all(|w| w[0] < w[1]));
    // Out-degree of each neuron is Binomial(n, p).
    let mut out = vec![0.0; n as usize];
    for (i, _) in &one {
        out[*i as usize] += 1.0;
    }
    let mean = out.iter().sum::<f64>() / n as f64;
    let var = out.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let want_var = n as f64 * p * (1.0 - p);
    assert!(
        (var / want_var - 1.0).abs() < 0.2,
        "variance {var} vs {want_var}"
    );
    assert_eq!(build(7), one, "same seed, same connectivity");
    assert_ne!(build(8), one, "another seed, other connectivity");
}

#[test]
fn probability_expressions_are_evaluated_per_pair() {
    let mut net = Network::new();
    net.seed(3);
    let (a, b) = groups(&mut net, 400, 400);
    let s = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    // Distance-dependent: p = exp(-(i-j)^2 / 50), and never for i == j.
    net.connect(
        s,
        Connect::condition("i != j").p_expr("exp(-(i - j)**2 / 50.0)"),
    )
    .expect("connect");
    let mut expected = 0.0;
    let mut variance = 0.0;
    for i in 0..400i64 {
        for j in 0..400i64 {
            if i != j {
                let p = (-((i - j) as f64).powi(2) / 50.0).exp();
                expected += p;
                variance += p * (1.0 - p);
            }
        }
    }
    let got = net.len(s) as f64;
    assert!(
        (got - expected).abs() < 5.0 * variance.sqrt(),
        "{got} synapses, expected {expected}"
    );
    assert!(
        pairs(&net, s)
            .iter()
            .all(|(i, j)| i != j && i.abs_diff(*j) < 40)
    );
}

#[test]
fn subgroups_as_source_and_target() {
    let mut net = Network::new();
    let (a, b) = groups(&mut net, 10, 10);
    let s = net
        .add_synapses(Synapses::new(a.slice(6, 10), b.slice(2, 4), ""))
        .expect("s");
    net.connect(s, Connect::condition("i == j"))
        .expect("connect");
    // i and j are relative to the subgroups: source neurons 6, 7 to target 2, 3.
    assert_eq!(pairs(&net, s), vec![(0, 0), (1, 1)]);
    assert!(
        net.add_synapses(Synapses::new(a.slice(8, 12), b, ""))
            .is_err()
    );
}

#[test]
fn large_sparse_connectivity_does_not_visit_every_pair() {
    // 10^5 x 10^5 pairs at p = 0.0002: 2e6 synapses from geometric skips.
    let mut net = Network::new();
    let (a, b) = groups(&mut net, 100_000, 100_000);
    let s = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    let created = net.connect(s, Connect::all().p(0.0002)).expect("connect");
    let expected = 1e10 * 0.0002;
    assert!((created as f64 - expected).abs() < 5.0 * expected.sqrt());
}

#[test]
fn sample_generators() {
    let mut net = Network::new();
    net.seed(5);
    let (a, b) = groups(&mut net, 20, 1000);
    let fixed = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(
        fixed,
        Connect::targets("k for k in sample(N_post, size=i+1)"),
    )
    .expect("connect");
    let p = pairs(&net, fixed);
    for i in 0..20u32 {
        let js: Vec<u32> = p.iter().filter(|(x, _)| *x == i).map(|(_, j)| *j).collect();
        assert_eq!(js.len(), i as usize + 1);
        assert!(js.windows(2).all(|w| w[0] < w[1]), "distinct, increasing");
    }
    let bernoulli = net.add_synapses(Synapses::new(a, b, "")).expect("s");
    net.connect(
        bernoulli,
        Connect::targets("k for k in sample(N_post, p=0.3)"),
    )
    .expect("connect");
    let n = net.len(bernoulli) as f64;
    let (mean, sd) = (20.0 * 1000.0 * 0.3, (20.0 * 1000.0 * 0.3 * 0.7f64).sqrt());
    assert!((n - mean).abs() < 5.0 * sd, "{n} vs {mean}");
    let e = net
        .connect(
            bernoulli,
            Connect::targets("k for k in sample(10, size=11)"),
        )
        .expect_err("too many");
    assert!(e.to_string().contains("cannot take 11 values"), "{e}");
}

#[test]
fn multisynaptic_index_numbers_the_synapses_of_each_pair() {
    let mut net = Network::new();
    let (a, b) = groups(&mut net, 3, 3);
    let s = net
        .add_synapses(Synapses::new(a, b, "w : 1").multisynaptic_index("k"))
        .expect("s");
    net.connect(s, Connect::targets("i").n(2)).expect("connect");
    net.connect(s, Connect::pairs(&[0, 2], &[0, 1]))
        .expect("connect more");
    // (0,0) x2, (1,1) x2, (2,2) x2, then (0,0) again and the new pair (2,1).
    assert_eq!(
        net.get(s, "k").expect("k").si(),
        &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 2.0, 0.0]
    );
    net.set(s, "w", "k * 10 + i").expect("k in code");
    assert_eq!(net.get(s, "w").expect("w").si()[6], 20.0);
}
