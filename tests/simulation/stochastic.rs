//! Random numbers in model code (`rand()`, `randn()`) and white noise (`xi`): moments
//! against theory with fixed seeds, Brian2's method choice and errors, and runs that
//! are identical for any thread count and on both backends.

use spikelift::check::ErrorKind;
use spikelift::codegen::Method;
use spikelift::prelude::*;

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

#[test]
fn rand_in_a_setter_is_uniform_between_its_bounds() {
    let mut net = Network::new();
    net.seed(1);
    let n = 20_000;
    let g = net.add(NeuronGroup::new(n, "v : volt").unwrap()).unwrap();
    net.set(g, "v", "-60*mV + rand()*(10*mV)").unwrap();
    let v: Vec<f64> = net.get(g, "v").unwrap().in_unit(mV).unwrap();
    let (lo, hi) = v
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    assert!(lo >= -60.0 && hi < -50.0, "{lo} {hi}");
    let (m, var) = mean_var(&v);
    // uniform on [-60, -50] mV: mean -55, variance 100/12 = 8.33; standard errors of
    // the estimates 0.02 and 0.05
    assert!((m + 55.0).abs() < 0.1, "mean {m}");
    assert!((var - 100.0 / 12.0).abs() < 0.25, "variance {var}");
    // a second evaluation draws new numbers
    net.set(g, "v", "rand()*mV").unwrap();
    let w: Vec<f64> = net.get(g, "v").unwrap().in_unit(mV).unwrap();
    assert_ne!(w[0], (v[0] + 60.0) / 10.0);
}

#[test]
fn randn_in_event_code_and_thresholds() {
    // Every neuron crosses its threshold with probability p = 0.3 per step
    // (`rand() < 0.3`), and the reset adds a standard normal number.
    let mut net = Network::new();
    net.seed(5);
    let n = 10_000;
    let g = net
        .add(
            NeuronGroup::new(n, "x : 1\nc : 1")
                .unwrap()
                .threshold("rand() < 0.3")
                .reset("x += randn(); c += 1"),
        )
        .unwrap();
    let steps = 20.0;
    net.run(2.0 * ms).unwrap();
    let c: Vec<f64> = net.get(g, "c").unwrap().si().to_vec();
    let (mc, vc) = mean_var(&c);
    // binomial(20, 0.3): mean 6, variance 4.2
    assert!(
        (mc - steps * 0.3).abs() < 5.0 * (4.2 / n as f64).sqrt(),
        "{mc}"
    );
    assert!((vc - 4.2).abs() < 0.3, "{vc}");
    // x is a sum of c standard normals: mean 0, variance E[c] = 6
    let x: Vec<f64> = net.get(g, "x").unwrap().si().to_vec();
    let (mx, vx) = mean_var(&x);
    assert!(mx.abs() < 5.0 * (6.0 / n as f64).sqrt(), "{mx}");
    assert!((vx - 6.0).abs() < 0.5, "{vx}");
}

#[test]
fn ornstein_uhlenbeck_reaches_its_stationary_variance() {
    // dv = -v/tau dt + sigma*sqrt(2/tau) dW with Euler-Maruyama: the stationary
    // variance of the discrete scheme is sigma^2/(1 - dt/(2*tau)) = 1.005 (dt = tau/100).
    let mut net = Network::new();
    net.seed(3);
    let n = 20_000;
    let g = net
        .add(
            NeuronGroup::new(n, "dv/dt = -v/tau + sigma*sqrt(2/tau)*xi : 1")
                .unwrap()
                .namespace([("tau", 10.0 * ms)])
                .namespace([("sigma", Quantity::dimensionless(1.0))]),
        )
        .unwrap();
    net.run(100.0 * ms).unwrap();
    assert_eq!(net.method_used(g), Some(Method::Euler));
    let v: Vec<f64> = net.get(g, "v").unwrap().si().to_vec();
    let (m, var) = mean_var(&v);
    let expected = 1.0 / (1.0 - 0.005);
    // standard errors: mean 0.007, variance 0.01
    assert!(m.abs() < 0.035, "mean {m}");
    assert!((var - expected).abs() < 0.05, "variance {var}");
}

fn gbm_mean(method: Option<&str>) -> (f64, Option<Method>) {
    let mut net = Network::new();
    net.seed(7);
    let mut group = NeuronGroup::new(20_000, "dx/dt = s*x*xi : 1")
        .unwrap()
        .namespace([("s", Quantity::new(1.0, second.dim.sqrt().powi(-1)))]);
    if let Some(m) = method {
        group = group.method(m);
    }
    let g = net.add(group).unwrap();
    net.set(g, "x", 1.0).unwrap();
    net.run(200.0 * ms).unwrap();
    let x: Vec<f64> = net.get(g, "x").unwrap().si().to_vec();
    (mean_var(&x).0, net.method_used(g))
}

#[test]
fn multiplicative_noise_converges_to_the_stratonovich_solution() {
    // x = exp(s*W(t)): mean exp(s^2 t/2) = 1.1052 at t = 0.2 s, standard deviation
    // sqrt(e^0.4 - e^0.2) = 0.52, so the mean of 20000 has a standard error of 0.0037.
    let expected = (0.1f64).exp();
    for (method, used) in [
        (Some("heun"), Method::Heun),
        (Some("milstein"), Method::Milstein),
        (None, Method::Heun),
    ] {
        let (m, chosen) = gbm_mean(method);
        assert_eq!(chosen, Some(used));
        assert!((m - expected).abs() < 0.02, "{method:?}: mean {m}");
    }
}

fn model_error(result: Result<()>) -> spikelift::check::ModelError {
    match result {
        Err(Error::Model(e)) => e,
        other => panic!("expected a model error, got {other:?}"),
    }
}

fn run_model(eqs: &str, method: Option<&str>) -> Result<()> {
    let mut net = Network::new();
    let mut g = NeuronGroup::new(2, eqs)?.namespace([("tau", 10.0 * ms)]);
    if let Some(m) = method {
        g = g.method(m);
    }
    net.add(g)?;
    net.run(1.0 * ms)
}

#[test]
fn methods_that_cannot_integrate_noise_are_refused() {
    let additive = "dv/dt = -v/tau + xi/sqrt(tau) : 1";
    let multiplicative = "dv/dt = -v/tau + v*xi/sqrt(tau) : 1";
    for (eqs, method, message) in [
        (multiplicative, "euler", "multiplicative noise"),
        (additive, "rk4", "Cannot integrate stochastic equations"),
        (
            additive,
            "exponential_euler",
            "Cannot integrate stochastic equations",
        ),
        (additive, "exact", "Cannot solve stochastic equations"),
    ] {
        let e = model_error(run_model(eqs, Some(method)));
        assert_eq!(e.kind, ErrorKind::UnsupportedEquations, "{method}");
        assert!(e.message.contains(message), "{method}: {}", e.message);
    }
    run_model(additive, Some("euler")).unwrap();
    run_model(multiplicative, Some("heun")).unwrap();
}

#[test]
fn xi_has_unit_second_to_the_minus_half_and_lives_in_differential_equations() {
    let e = model_error(run_model("dv/dt = xi : 1", None));
    assert_eq!(e.kind, ErrorKind::DimensionMismatch);
    let e = model_error(run_model(
        "dv/dt = -v/tau + y : 1\ny = xi/sqrt(tau) : 1/second",
        None,
    ));
    assert!(
        e.message.contains("not a differential equation"),
        "{}",
        e.message
    );
    let e = model_error(run_model(
        "dv/dt = xi/sqrt(tau) : 1\ndw/dt = xi/sqrt(tau) : 1",
        None,
    ));
    assert!(e.message.contains("already used"), "{}", e.message);
    // named noises are independent; the same name is the same noise
    run_model(
        "dv/dt = xi_1/sqrt(tau) : 1\ndw/dt = xi_1/sqrt(tau) + xi_2/sqrt(tau) : 1",
        None,
    )
    .unwrap();
}

#[test]
fn shared_noise_names_give_identical_increments() {
    let mut net = Network::new();
    net.seed(2);
    let g = net
        .add(
            NeuronGroup::new(
                100,
                "dv/dt = xi_a/sqrt(tau) : 1\ndw/dt = xi_a/sqrt(tau) : 1\ndu/dt = xi_b/sqrt(tau) : 1",
            )
            .unwrap()
            .namespace([("tau", 10.0 * ms)]),
        )
        .unwrap();
    net.run(5.0 * ms).unwrap();
    let v = net.get(g, "v").unwrap().si().to_vec();
    let w = net.get(g, "w").unwrap().si().to_vec();
    let u = net.get(g, "u").unwrap().si().to_vec();
    assert_eq!(v, w);
    assert_ne!(v, u);
}

/// A noisy, randomly spiking network over three chunks of neurons.
fn noisy_run(seed: Option<u64>, threads: usize, backend: Backend) -> (Vec<i32>, Vec<u64>) {
    let mut net = Network::new();
    if let Some(s) = seed {
        net.seed(s);
    }
    net.set_threads(Some(threads)).unwrap();
    net.set_backend(backend);
    let g = net
        .add(
            NeuronGroup::new(20_000, "dv/dt = -v/tau + 0.5*xi/sqrt(tau) : 1")
                .unwrap()
                .threshold("v > 0.4 or rand() < 0.001")
                .reset("v = 0.1*randn()")
                .namespace([("tau", 10.0 * ms)]),
        )
        .unwrap();
    net.set(g, "v", "0.2*rand()").unwrap();
    let s = net.spike_monitor(g).unwrap();
    net.run(10.0 * ms).unwrap();
    let v = net
        .get(g, "v")
        .unwrap()
        .si()
        .iter()
        .map(|x| x.to_bits())
        .collect();
    (net.spike_data(s).i().to_vec(), v)
}

#[test]
fn a_seeded_run_is_identical_for_any_thread_count_and_backend() {
    let reference = noisy_run(Some(11), 1, Backend::Jit);
    assert!(reference.0.len() > 1000, "{} spikes", reference.0.len());
    assert_eq!(reference, noisy_run(Some(11), 2, Backend::Jit));
    assert_eq!(reference, noisy_run(Some(11), 4, Backend::Jit));
    assert_eq!(reference, noisy_run(Some(11), 2, Backend::Interp));
    assert_ne!(reference, noisy_run(Some(12), 1, Backend::Jit));
    // unseeded networks draw differently
    assert_ne!(
        noisy_run(None, 1, Backend::Jit),
        noisy_run(None, 1, Backend::Jit)
    );
}

/// Brian2 stores the random state with `store()` but restores it only with
/// `restore_random_state=True`: repeated trials from one stored state draw new
/// numbers unless asked to replay them.
#[test]
fn restore_draws_new_numbers_unless_the_random_state_is_restored() {
    let mut net = Network::new();
    net.seed(9);
    let g = net
        .add(
            NeuronGroup::new(50, "dv/dt = xi/sqrt(tau) : 1")
                .unwrap()
                .namespace([("tau", 10.0 * ms)]),
        )
        .unwrap();
    net.store("start");
    net.run(2.0 * ms).unwrap();
    let first = net.get(g, "v").unwrap().si().to_vec();
    net.restore("start").unwrap();
    net.run(2.0 * ms).unwrap();
    let again = net.get(g, "v").unwrap().si().to_vec();
    assert_ne!(first, again, "a restored run draws new numbers");
    net.restore_with_random_state("start").unwrap();
    net.run(2.0 * ms).unwrap();
    assert_eq!(first, net.get(g, "v").unwrap().si().to_vec());
    // several plain restores: every trial differs, and the whole sequence is the
    // same for the same seed
    let trials = |net: &mut Network| {
        net.seed(9);
        net.restore_with_random_state("start").unwrap();
        (0..3)
            .map(|_| {
                net.restore("start").unwrap();
                net.run(1.0 * ms).unwrap();
                net.get(g, "v").unwrap().si()[0]
            })
            .collect::<Vec<f64>>()
    };
    let a = trials(&mut net);
    assert!(a[0] != a[1] && a[1] != a[2] && a[0] != a[2], "{a:?}");
    assert_eq!(a, trials(&mut net));
}
