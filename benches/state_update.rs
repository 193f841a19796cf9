//! Criterion benchmarks of the state update, of JIT compilation and of a whole network.
//!
//! * `lif_state_update/*`: one Euler step of `dv/dt = (I - v)/tau : volt` for every
//!   neuron, single-threaded: the kernel spikelift generates (built by the same
//!   pipeline a `Network` run uses: check, state updater, lowering) run natively
//!   (`Backend::Jit`; `jit_scalar_loop` without the two-lane loop) and by the reference
//!   interpreter (`Backend::Interp`), against the same loop written in Rust and compiled
//!   by rustc.
//! * `jit_compile/*`: latency of compiling code objects with Cranelift, from a verified
//!   kernel to callable code: the LIF state updater alone, and all code objects of a
//!   Hodgkin-Huxley group (`exponential_euler`, threshold, refractoriness).
//! * `network_lif_10ms/*`: `Network::run(10 ms)` of 100 000 LIF neurons with threshold and
//!   reset at `dt = 0.1 ms` (100 steps, code generation and compilation included), on 1
//!   and 2 threads.
//!
//! Run with `cargo bench --bench state_update`; the figures measured are in
//! `benches/README.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use spikelift::check::{GroupDefinition, Namespace, RefractorySpec, check_group};
use spikelift::codegen::group_code;
use spikelift::codegen::lower::{self, LoweredKernel, ScalarSource, SlotSource};
use spikelift::codegen::{AbstractCode, Method};
use spikelift::prelude::*;
use spikelift_jit::{
    Bindings, Compiled, JitOptions, Kernel, Policy, Shape, compile, compile_all, compile_with,
};

/// The LIF model of the state-update benchmark.
const LIF_EQUATIONS: &str = "dv/dt = (I - v)/tau : volt\nI : volt (constant)";
/// `tau` of the LIF model, in seconds.
const TAU: f64 = 10e-3;
/// The time step, in seconds.
const DT: f64 = 1e-4;

/// Hodgkin-Huxley equations (as in `examples/hodgkin_huxley.rs`).
const HH_EQUATIONS: &str = "
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
";

/// The kernels of every code object of a group, lowered exactly as `Network::run`
/// lowers them (state updater, thresholder, resetter), with their argument meanings.
fn group_kernels(
    n: usize,
    equations: &str,
    threshold: Option<&str>,
    reset: Option<&str>,
    refractory: RefractorySpec,
    method: Method,
    namespace: &[(&str, Quantity)],
) -> (GroupDefinition, Vec<LoweredKernel>) {
    let def = GroupDefinition::new(n, equations, threshold, reset, refractory).unwrap();
    let mut ns = Namespace::new();
    for (name, value) in namespace {
        ns.insert(*name, *value);
    }
    let model = check_group(&def, &[&ns]).unwrap();
    let mut no_eval = |_: &[spikelift::check::Expr]| Ok(Vec::new());
    let updater =
        group_code::state_updater(&def, &model, Some(method), DT, &mut no_eval, &|_| false)
            .unwrap();
    assert_eq!(updater.method, method);
    assert!(updater.aux.is_empty());
    let access = |v: spikelift::check::VarId| {
        spikelift::codegen::lower::Access::own(v, def.var(v).flags.shared)
    };
    let low = |name: &str, code: &AbstractCode, shape| lower::lower(name, code, shape, &access);
    let mut kernels = vec![low(
        "neurongroup_stateupdater",
        &updater.code,
        Shape::EachIndex,
    )];
    if let Some(code) = group_code::thresholder(&def, &model) {
        kernels.push(low(
            "neurongroup_spike_thresholder",
            &code,
            Shape::EachIndex,
        ));
    }
    if !model.reset.is_empty() {
        let code = group_code::event_code(&def, &model, &model.reset);
        kernels.push(low("neurongroup_spike_resetter", &code, Shape::EachEvent));
    }
    (def, kernels)
}

/// The LIF state updater as spikelift generates it, and the names of its array slots.
fn lif_state_updater() -> (Kernel, Vec<String>) {
    let (def, mut kernels) = group_kernels(
        1,
        LIF_EQUATIONS,
        None,
        None,
        RefractorySpec::None,
        Method::Euler,
        &[("tau", TAU * second)],
    );
    let k = kernels.swap_remove(0);
    assert_eq!(k.scalars, [ScalarSource::Dt], "scalars of the LIF kernel");
    let names = k
        .slots
        .iter()
        .map(|s| match s {
            SlotSource::Var(v) => def.var(*v).name.clone(),
            other => panic!("the LIF kernel reads only its own columns, not {other:?}"),
        })
        .collect();
    (k.kernel, names)
}

/// The same Euler step written in Rust, in the same operation order as the kernel.
#[inline(never)]
fn lif_rustc(v: &mut [f64], input: &[f64], dt: f64) {
    for (v, &i) in v.iter_mut().zip(input) {
        *v += dt * ((i - *v) / TAU);
    }
}

/// Initial membrane potentials and inputs (volt) of `n` neurons.
fn lif_state(n: usize) -> (Vec<f64>, Vec<f64>) {
    let v = (0..n).map(|k| -0.07 + 1e-3 * (k % 17) as f64).collect();
    let input = (0..n).map(|k| 0.01 + 1e-4 * (k % 101) as f64).collect();
    (v, input)
}

/// One kernel step over `v` and `input`, bound by slot name.
fn run_kernel(c: &Compiled, slots: &[String], v: &mut [f64], input: &mut [f64]) {
    let n = v.len();
    let mut arrays: Vec<&mut [f64]> = Vec::with_capacity(2);
    let (mut v, mut input) = (Some(v), Some(input));
    for name in slots {
        arrays.push(match name.as_str() {
            "v" => v.take().unwrap(),
            "I" => input.take().unwrap(),
            other => panic!("unexpected slot {other}"),
        });
    }
    let scalars = [DT];
    let mut b = Bindings::new(arrays, &scalars);
    c.run_range(&mut b, n, Policy::Serial, &mut Vec::new())
        .unwrap();
}

fn state_update(c: &mut Criterion) {
    let (kernel, slots) = lif_state_updater();
    let jit = compile(kernel.clone(), Backend::Jit).unwrap();
    let no_simd = JitOptions {
        vectorize: false,
        ..JitOptions::default()
    };
    let jit_scalar = compile_with(kernel.clone(), Backend::Jit, no_simd).unwrap();
    let interp = compile(kernel, Backend::Interp).unwrap();

    // The three implementations compute the same bits.
    let (v0, mut input) = lif_state(10_000);
    let (mut a, mut b, mut r) = (v0.clone(), v0.clone(), v0);
    let mut s = a.clone();
    for _ in 0..3 {
        run_kernel(&jit, &slots, &mut a, &mut input);
        run_kernel(&jit_scalar, &slots, &mut s, &mut input);
        run_kernel(&interp, &slots, &mut b, &mut input);
        lif_rustc(&mut r, &input, DT);
    }
    let bits = |x: &[f64]| x.iter().map(|y| y.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&r), "JIT and rustc disagree");
    assert_eq!(bits(&s), bits(&r), "scalar-only JIT and rustc disagree");
    assert_eq!(bits(&b), bits(&r), "interpreter and rustc disagree");

    let mut group = c.benchmark_group("lif_state_update");
    group.measurement_time(Duration::from_secs(5));
    for n in [1_000_000usize, 10_000] {
        let (mut v, mut input) = lif_state(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("jit", n), |bench| {
            bench.iter(|| run_kernel(&jit, &slots, black_box(&mut v), &mut input));
        });
        let (mut v, mut input) = lif_state(n);
        group.bench_function(BenchmarkId::new("jit_scalar_loop", n), |bench| {
            bench.iter(|| run_kernel(&jit_scalar, &slots, black_box(&mut v), &mut input));
        });
        let (mut v, input) = lif_state(n);
        group.bench_function(BenchmarkId::new("rustc", n), |bench| {
            bench.iter(|| lif_rustc(black_box(&mut v), black_box(&input), black_box(DT)));
        });
    }
    let n = 100_000;
    let (mut v, mut input) = lif_state(n);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("interp", n), |bench| {
        bench.iter(|| run_kernel(&interp, &slots, black_box(&mut v), &mut input));
    });
    group.finish();
}

fn jit_compile(c: &mut Criterion) {
    let (lif, _) = lif_state_updater();
    let (_, hh) = group_kernels(
        1,
        HH_EQUATIONS,
        Some("v > -40*mV"),
        None,
        RefractorySpec::Expr("v > -40*mV".into()),
        Method::ExponentialEuler,
        &[
            ("Cm", 2e-10 * farad),
            ("gl", 1e-8 * siemens),
            ("El", -65.0 * mV),
            ("EK", -90.0 * mV),
            ("ENa", 50.0 * mV),
            ("g_na", 2e-5 * siemens),
            ("g_kd", 6e-6 * siemens),
            ("VT", -63.0 * mV),
        ],
    );
    let hh: Vec<Kernel> = hh.into_iter().map(|k| k.kernel).collect();

    let mut group = c.benchmark_group("jit_compile");
    group.bench_function("lif_state_updater", |bench| {
        bench.iter(|| compile(black_box(lif.clone()), Backend::Jit).unwrap());
    });
    group.bench_function("hh_group_all_kernels", |bench| {
        bench.iter(|| compile_all(black_box(hh.clone()), Backend::Jit).unwrap());
    });
    group.finish();
}

/// 100 000 LIF neurons with threshold and reset; about a fifth of them fire regularly.
fn lif_network(threads: usize) -> Network {
    let mut net = Network::new();
    net.set_threads(Some(threads)).unwrap();
    let g = net
        .add(
            NeuronGroup::new(100_000, LIF_EQUATIONS)
                .unwrap()
                .threshold("v > -50*mV")
                .reset("v = -70*mV")
                .method("euler")
                .namespace([("tau", TAU * second)]),
        )
        .unwrap();
    net.set(g, "v", "-70*mV + 20*mV*((i*7919) % 1000)/1000.0")
        .unwrap();
    net.set(g, "I", "-60*mV + 15*mV*i/N").unwrap();
    net
}

fn network(c: &mut Criterion) {
    let mut group = c.benchmark_group("network_lif_10ms");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    // Neuron-steps per run: 100 000 neurons, 100 steps.
    group.throughput(Throughput::Elements(100_000 * 100));
    for threads in [1, 2] {
        let mut net = lif_network(threads);
        group.bench_function(BenchmarkId::new("threads", threads), |bench| {
            bench.iter(|| net.run(10.0 * ms).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, state_update, jit_compile, network);
criterion_main!(benches);
