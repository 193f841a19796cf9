//! Hand-written kernels of each shape, checked against values computed in Rust.

use crate::common::*;
use spikelift_jit::*;

const V: u32 = 0;
const I: u32 = 1;
const DT: u32 = 0;
const TAU: u32 = 1;

/// `v += dt * (I - v) / tau`
fn lif() -> Kernel {
    kernel(
        "lif",
        Shape::EachIndex,
        2,
        2,
        0,
        vec![Stmt::Store(
            V,
            Index::Loop,
            add(ld(V), div(mul(sc(DT), sub(ld(I), ld(V))), sc(TAU))),
        )],
    )
}

#[test]
fn lif_matches_rust_and_closed_form() {
    let n = 1000;
    let (dt, tau) = (1e-4, 1e-2);
    let v0: Vec<f64> = (0..n).map(|i| -0.07 + 1e-5 * i as f64).collect();
    let input: Vec<f64> = (0..n).map(|i| 0.01 * (i % 13) as f64 - 0.05).collect();
    let steps = 200;

    // Rust reference with the same operation order.
    let mut want = v0.clone();
    for _ in 0..steps {
        for (v, i) in want.iter_mut().zip(&input) {
            *v += dt * (i - *v) / tau;
        }
    }
    // Closed form of forward Euler: v_k = I + (v0 - I) (1 - dt/tau)^k.
    for ((w, v0), i) in want.iter().zip(&v0).zip(&input) {
        let exact = i + (v0 - i) * (1.0 - dt / tau).powi(steps);
        assert!((w - exact).abs() < 1e-13, "{w} vs {exact}");
    }

    let k = lif();
    let p4 = pool(4);
    for comp in both(&k) {
        for policy in [Policy::Serial, Policy::Chunked { chunk_size: 64 }] {
            let mut v = v0.clone();
            let mut i = input.clone();
            let mut events = Vec::new();
            let scalars = [dt, tau];
            p4.install(|| {
                for _ in 0..steps {
                    let mut b = Bindings::new(vec![&mut v, &mut i], &scalars);
                    comp.run_range(&mut b, n, policy, &mut events).expect("run");
                }
            });
            assert!(events.is_empty());
            assert_same(&v, &want);
            assert_same(&i, &input);
        }
    }
}

/// `v += 0.1; emit if v > th` (a store followed by a load of the same element).
fn threshold() -> Kernel {
    kernel(
        "thresholder",
        Shape::EachIndex,
        1,
        1,
        0,
        vec![
            Stmt::Store(V, Index::Loop, add(ld(V), c(0.1))),
            Stmt::EmitIf(bin(BinOp::Gt, ld(V), sc(0))),
        ],
    )
}

#[test]
fn threshold_events_ascending_and_policy_independent() {
    let n = 103;
    let th = 0.5;
    let v0: Vec<f64> = (0..n).map(|i| ((i * 37) % 17) as f64 / 16.0).collect();
    let want_v: Vec<f64> = v0.iter().map(|v| v + 0.1).collect();
    let want_ev: Vec<u32> = (0..n as u32).filter(|&i| want_v[i as usize] > th).collect();
    assert!(want_ev.len() > 10 && want_ev.len() < n - 10);

    let k = threshold();
    assert!(is_parallel_safe(&k));
    let mut results = Vec::new();
    for comp in both(&k) {
        for threads in [1, 4] {
            let p = pool(threads);
            for policy in [Policy::Serial, Policy::Chunked { chunk_size: 7 }] {
                let r = p.install(|| run_range(&comp, std::slice::from_ref(&v0), &[th], n, policy));
                assert_eq!(
                    r.events,
                    want_ev,
                    "{:?} {threads} {policy:?}",
                    comp.backend()
                );
                assert!(r.events.windows(2).all(|w| w[0] < w[1]));
                assert_same(&r.arrays[0], &want_v);
                results.push(r);
            }
        }
    }
    for r in &results[1..] {
        assert_runs_equal(&results[0], r);
    }
}

#[test]
fn events_are_appended_after_existing_ones() {
    let k = threshold();
    for comp in both(&k) {
        for policy in [Policy::Serial, Policy::Chunked { chunk_size: 3 }] {
            let mut v = vec![1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0];
            let mut events = vec![99, 98];
            let mut b = Bindings::new(vec![&mut v], &[0.5]);
            comp.run_range(&mut b, 10, policy, &mut events)
                .expect("run");
            assert_eq!(events, [99, 98, 0, 2, 4, 5, 7, 8, 9]);
            // A second run over a prefix appends again.
            let mut b = Bindings::new(vec![&mut v], &[1.15]);
            comp.run_range(&mut b, 4, policy, &mut events).expect("run");
            assert_eq!(events, [99, 98, 0, 2, 4, 5, 7, 8, 9, 0, 2]);
        }
    }
}

#[test]
fn large_chunked_run_matches_serial() {
    let n = 20_000;
    let v0: Vec<f64> = (0..n)
        .map(|i| ((i * 7919) % 1000) as f64 / 1000.0)
        .collect();
    let k = threshold();
    let p = pool(4);
    for comp in both(&k) {
        let s = run_range(&comp, std::slice::from_ref(&v0), &[0.9], n, Policy::Serial);
        let c = p.install(|| {
            run_range(
                &comp,
                std::slice::from_ref(&v0),
                &[0.9],
                n,
                Policy::Chunked { chunk_size: 7 },
            )
        });
        assert_runs_equal(&s, &c);
        assert!(!s.events.is_empty());
    }
}

/// `v[idx] = v_reset; count[idx] += 1` over the spiking indices.
fn reset() -> Kernel {
    kernel(
        "resetter",
        Shape::EachEvent,
        2,
        1,
        0,
        vec![
            Stmt::Store(0, Index::Loop, sc(0)),
            Stmt::Store(1, Index::Loop, add(ld(1), c(1.0))),
        ],
    )
}

#[test]
fn event_reset() {
    let v0 = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let cnt0 = vec![0.0; 8];
    let indices = [1u32, 4, 4, 7];
    let k = reset();
    let [i, j] = both(&k);
    let ri = run_events(&i, &[v0.clone(), cnt0.clone()], &[-0.07], &indices);
    let rj = run_events(&j, &[v0.clone(), cnt0.clone()], &[-0.07], &indices);
    assert_same(&ri[0], &rj[0]);
    assert_same(&ri[1], &rj[1]);
    assert_same(&rj[0], &[1.0, -0.07, 3.0, 4.0, -0.07, 6.0, 7.0, -0.07]);
    assert_same(&rj[1], &[0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 1.0]);
    // No events: nothing changes, even with arrays that would be too short.
    for comp in [&i, &j] {
        let mut a: Vec<f64> = vec![];
        let mut b2: Vec<f64> = vec![];
        let mut b = Bindings::new(vec![&mut a, &mut b2], &[0.0]);
        comp.run_events(&mut b, &[]).expect("empty run");
    }
}

#[test]
fn event_kernel_reads_idx() {
    // out[idx] = idx * 2 + shared[0]
    let k = kernel(
        "idx",
        Shape::EachEvent,
        2,
        0,
        0,
        vec![Stmt::Store(
            0,
            Index::Loop,
            add(mul(Expr::Idx, c(2.0)), ldz(1)),
        )],
    );
    for comp in both(&k) {
        let r = run_events(&comp, &[vec![0.0; 6], vec![0.5]], &[], &[5, 0, 3]);
        assert_same(&r[0], &[0.5, 0.0, 0.0, 6.5, 0.0, 10.5]);
    }
}

/// `acc[0] = acc[0] + x[idx]`: a shared (Zero) load and store, not parallel-safe.
#[test]
fn shared_accumulator_is_serial_and_exact() {
    let k = kernel(
        "sum",
        Shape::EachIndex,
        2,
        0,
        1,
        vec![
            Stmt::Let(0, add(ldz(0), ld(1))),
            Stmt::Store(0, Index::Zero, loc(0)),
        ],
    );
    assert!(!is_parallel_safe(&k));
    let n = 500;
    let x: Vec<f64> = (0..n).map(|i| 1.0 / (i as f64 + 1.0)).collect();
    let want = x.iter().fold(0.25, |a, b| a + b);
    let p = pool(4);
    for comp in both(&k) {
        for policy in [Policy::Serial, Policy::Chunked { chunk_size: 7 }] {
            let r = p.install(|| run_range(&comp, &[vec![0.25], x.clone()], &[], n, policy));
            assert_eq!(r.arrays[0][0].to_bits(), want.to_bits());
        }
    }
}

/// `y[idx] = w[0] * idx`: a shared load only, parallel-safe.
#[test]
fn shared_load_is_parallel_safe() {
    let k = kernel(
        "scale",
        Shape::EachIndex,
        2,
        0,
        0,
        vec![Stmt::Store(1, Index::Loop, mul(ldz(0), Expr::Idx))],
    );
    assert!(is_parallel_safe(&k));
    let n = 50;
    let want: Vec<f64> = (0..n).map(|i| 1.5 * i as f64).collect();
    let p = pool(4);
    for comp in both(&k) {
        let r = p.install(|| {
            run_range(
                &comp,
                &[vec![1.5], vec![0.0; n]],
                &[],
                n,
                Policy::Chunked { chunk_size: 7 },
            )
        });
        assert_same(&r.arrays[1], &want);
    }
    // Loop-stored slot that is also read at Zero: chunk 0 would race with the others.
    let racy = kernel(
        "racy",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::Store(0, Index::Loop, add(ld(0), ldz(0)))],
    );
    assert!(!is_parallel_safe(&racy));
    let v0: Vec<f64> = (0..40).map(|i| i as f64 + 1.0).collect();
    // Serial semantics: element 0 doubles first, later elements add the new v[0] = 2.
    let want: Vec<f64> = (0..40)
        .map(|i| if i == 0 { 2.0 } else { i as f64 + 3.0 })
        .collect();
    for comp in both(&racy) {
        let r = p.install(|| {
            run_range(
                &comp,
                std::slice::from_ref(&v0),
                &[],
                40,
                Policy::Chunked { chunk_size: 7 },
            )
        });
        assert_same(&r.arrays[0], &want);
    }
}

#[test]
fn locals_and_select() {
    // t = v * 2; out = t > 3 ? t : -t
    let k = kernel(
        "locals",
        Shape::EachIndex,
        2,
        0,
        2,
        vec![
            Stmt::Let(0, mul(ld(0), c(2.0))),
            Stmt::Let(1, bin(BinOp::Gt, loc(0), c(3.0))),
            Stmt::Store(1, Index::Loop, sel(loc(1), loc(0), un(UnOp::Neg, loc(0)))),
        ],
    );
    let r = run_agree(&k, &[vec![1.0, 2.0, 3.0], vec![0.0; 3]], &[], 3);
    assert_same(&r.arrays[1], &[-2.0, 4.0, 6.0]);
}

#[test]
fn batch_compile_outlives_dropped_siblings() {
    let ks = vec![lif(), threshold(), reset()];
    let mut compiled = compile_all(ks, Backend::Jit).expect("batch");
    assert_eq!(compiled.len(), 3);
    let thr = compiled.remove(1);
    drop(compiled);
    let r = run_range(&thr, &[vec![0.0, 1.0]], &[0.5], 2, Policy::Serial);
    assert_eq!(r.events, [1]);
    assert_eq!(thr.kernel().name, "thresholder");
    // Also usable from another thread.
    let h =
        std::thread::spawn(move || run_range(&thr, &[vec![1.0, 0.0]], &[0.5], 2, Policy::Serial));
    assert_eq!(h.join().expect("thread").events, [0]);
}

#[test]
fn compiled_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Compiled>();
    check::<NativeKernel>();
}

#[test]
fn every_opt_level_and_loop_width_gives_the_same_bits() {
    let k = lif();
    let v0: Vec<f64> = (0..10).map(|i| i as f64 * 0.3 - 1.0).collect();
    let arrays = [v0, vec![0.7; 10]];
    let want = run_range(
        &compile(k.clone(), Backend::Interp).expect("interp"),
        &arrays,
        &[0.1, 3.0],
        10,
        Policy::Serial,
    );
    for opt_level in [OptLevel::None, OptLevel::Speed, OptLevel::SpeedAndSize] {
        for verifier in [false, true] {
            for vectorize in [false, true] {
                let comp = compile_with(
                    k.clone(),
                    Backend::Jit,
                    JitOptions {
                        opt_level,
                        verifier,
                        vectorize,
                    },
                )
                .expect("compile");
                let got = run_range(&comp, &arrays, &[0.1, 3.0], 10, Policy::Serial);
                assert_runs_equal(&want, &got);
            }
        }
    }
}
