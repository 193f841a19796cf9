//! Bad bindings give `BindError`, bad kernels give `JitError::Verify`; nothing panics.

use std::sync::Arc;

use crate::common::*;
use spikelift_jit::*;

/// `y[idx] = x[idx] * w[0] + s0`, slots: 0 = x (Loop), 1 = w (Zero), 2 = y (Loop).
fn k_range() -> Kernel {
    kernel(
        "range",
        Shape::EachIndex,
        3,
        1,
        0,
        vec![
            Stmt::Store(2, Index::Loop, add(mul(ld(0), ldz(1)), sc(0))),
            Stmt::EmitIf(ld(2)),
        ],
    )
}

fn k_events() -> Kernel {
    kernel(
        "events",
        Shape::EachEvent,
        1,
        0,
        0,
        vec![Stmt::Store(0, Index::Loop, c(0.0))],
    )
}

fn range_err(
    comp: &Compiled,
    arrays: &mut [Vec<f64>],
    scalars: &[f64],
    n: usize,
    policy: Policy,
) -> BindError {
    let mut events = vec![42];
    let mut b = Bindings::new(
        arrays.iter_mut().map(|a| a.as_mut_slice()).collect(),
        scalars,
    );
    let e = comp
        .run_range(&mut b, n, policy, &mut events)
        .expect_err("must fail");
    assert_eq!(events, [42], "events untouched on error");
    e
}

#[test]
fn range_binding_errors() {
    for comp in both(&k_range()) {
        let good = || vec![vec![1.0; 5], vec![2.0], vec![0.0; 5]];

        let mut a = good();
        a.pop();
        let e = range_err(&comp, &mut a, &[0.0], 5, Policy::Serial);
        assert!(
            matches!(
                e,
                BindError::ArrayCount {
                    expected: 3,
                    got: 2,
                    ..
                }
            ),
            "{e}"
        );

        let mut a = good();
        let e = range_err(&comp, &mut a, &[], 5, Policy::Serial);
        assert!(
            matches!(
                e,
                BindError::ScalarCount {
                    expected: 1,
                    got: 0,
                    ..
                }
            ),
            "{e}"
        );

        let mut a = good();
        a[2].pop();
        let e = range_err(&comp, &mut a, &[0.0], 5, Policy::Chunked { chunk_size: 2 });
        assert!(
            matches!(
                e,
                BindError::ArrayTooShort {
                    slot: 2,
                    len: 4,
                    needed: 5,
                    ..
                }
            ),
            "{e}"
        );

        let mut a = good();
        a[1].clear();
        let e = range_err(&comp, &mut a, &[0.0], 5, Policy::Serial);
        assert!(
            matches!(
                e,
                BindError::ArrayTooShort {
                    slot: 1,
                    len: 0,
                    needed: 1,
                    ..
                }
            ),
            "{e}"
        );

        let mut a = good();
        let e = range_err(&comp, &mut a, &[0.0], 6, Policy::Serial);
        assert!(
            matches!(e, BindError::ArrayTooShort { needed: 6, .. }),
            "{e}"
        );

        let mut a = good();
        let e = range_err(&comp, &mut a, &[0.0], 5, Policy::Chunked { chunk_size: 0 });
        assert_eq!(e, BindError::ZeroChunkSize);
        assert_eq!(a, good(), "arrays untouched on error");

        // run_events on an EachIndex kernel.
        let mut a = good();
        let mut b = Bindings::new(a.iter_mut().map(|x| x.as_mut_slice()).collect(), &[0.0]);
        let e = comp.run_events(&mut b, &[0]).expect_err("wrong shape");
        assert!(
            matches!(
                e,
                BindError::WrongShape {
                    shape: Shape::EachIndex,
                    ..
                }
            ),
            "{e}"
        );

        // n = 0 touches nothing, so short arrays are fine.
        let mut a: [Vec<f64>; 3] = [vec![], vec![], vec![]];
        let mut events = Vec::new();
        let mut b = Bindings::new(a.iter_mut().map(|x| x.as_mut_slice()).collect(), &[0.0]);
        comp.run_range(&mut b, 0, Policy::Serial, &mut events)
            .expect("empty run");
        assert!(events.is_empty());

        // And the good bindings work.
        let r = run_range(&comp, &good(), &[0.5], 5, Policy::Serial);
        assert_same(&r.arrays[2], &[2.5; 5]);
        assert_eq!(r.events, [0, 1, 2, 3, 4]);
    }
}

#[test]
fn event_binding_errors() {
    for comp in both(&k_events()) {
        let mut v = vec![1.0; 4];
        let mut b = Bindings::new(vec![&mut v], &[]);
        let e = comp
            .run_events(&mut b, &[0, 4])
            .expect_err("index 4 out of range");
        assert!(
            matches!(
                e,
                BindError::ArrayTooShort {
                    slot: 0,
                    len: 4,
                    needed: 5,
                    ..
                }
            ),
            "{e}"
        );
        let e = comp
            .run_events(&mut b, &[u32::MAX])
            .expect_err("huge index");
        assert!(matches!(e, BindError::ArrayTooShort { .. }), "{e}");

        let mut b = Bindings::new(vec![], &[]);
        let e = comp.run_events(&mut b, &[0]).expect_err("no arrays");
        assert!(matches!(e, BindError::ArrayCount { .. }), "{e}");

        let mut b = Bindings::new(vec![&mut v], &[1.0]);
        let e = comp.run_events(&mut b, &[0]).expect_err("extra scalar");
        assert!(matches!(e, BindError::ScalarCount { .. }), "{e}");

        let mut b = Bindings::new(vec![&mut v], &[]);
        let e = comp
            .run_range(&mut b, 1, Policy::Serial, &mut Vec::new())
            .expect_err("wrong shape");
        assert!(
            matches!(
                e,
                BindError::WrongShape {
                    shape: Shape::EachEvent,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(v, [1.0; 4]);
    }
}

#[test]
fn hand_built_invalid_interp_kernel_is_rejected_at_run_time() {
    let bad = kernel(
        "bad",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::Store(0, Index::Loop, ld(3))],
    );
    let comp = Compiled::Interp(Arc::new(bad));
    let mut v = vec![0.0; 2];
    let mut b = Bindings::new(vec![&mut v], &[]);
    let e = comp
        .run_range(&mut b, 2, Policy::Serial, &mut Vec::new())
        .expect_err("invalid");
    assert!(matches!(e, BindError::Invalid { .. }), "{e}");
}

fn verify_err(k: Kernel) -> VerifyError {
    let direct = verify(&k).expect_err("invalid kernel");
    for backend in [Backend::Interp, Backend::Jit] {
        match compile(k.clone(), backend) {
            Err(JitError::Verify { source, .. }) => assert_eq!(source, direct),
            other => panic!("expected a verify error, got {other:?}"),
        }
    }
    direct
}

#[test]
fn invalid_kernels_are_rejected() {
    let st = |e: Expr| vec![Stmt::Store(0, Index::Loop, e)];
    let e = verify_err(kernel("k", Shape::EachIndex, 1, 0, 0, st(ld(1))));
    assert!(matches!(e, VerifyError::SlotOutOfRange { slot: 1, .. }));
    let e = verify_err(kernel(
        "k",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::Store(2, Index::Zero, c(1.0))],
    ));
    assert!(matches!(e, VerifyError::SlotOutOfRange { slot: 2, .. }));
    let e = verify_err(kernel("k", Shape::EachIndex, 1, 1, 0, st(sc(1))));
    assert!(matches!(e, VerifyError::ScalarOutOfRange { scalar: 1, .. }));
    let e = verify_err(kernel("k", Shape::EachIndex, 1, 0, 1, st(loc(1))));
    assert!(matches!(e, VerifyError::LocalOutOfRange { local: 1, .. }));
    let e = verify_err(kernel("k", Shape::EachIndex, 1, 0, 1, st(loc(0))));
    assert!(matches!(
        e,
        VerifyError::LocalUnassigned { local: 0, stmt: 0 }
    ));
    // A local read in its own definition is not yet assigned.
    let e = verify_err(kernel(
        "k",
        Shape::EachIndex,
        1,
        0,
        1,
        vec![Stmt::Let(0, add(loc(0), c(1.0)))],
    ));
    assert!(matches!(e, VerifyError::LocalUnassigned { local: 0, .. }));
    let e = verify_err(kernel(
        "k",
        Shape::EachIndex,
        1,
        0,
        0,
        st(call(Intrinsic::Pow, vec![c(1.0)])),
    ));
    assert!(matches!(
        e,
        VerifyError::Arity {
            intrinsic: Intrinsic::Pow,
            expected: 2,
            got: 1,
            ..
        }
    ));
    let e = verify_err(kernel(
        "k",
        Shape::EachEvent,
        1,
        0,
        0,
        vec![Stmt::EmitIf(c(1.0))],
    ));
    assert!(matches!(e, VerifyError::EmitInEventKernel { stmt: 0 }));
    let e = verify_err(kernel(
        "k",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::EmitIf(c(1.0)), Stmt::EmitIf(c(1.0))],
    ));
    assert!(matches!(e, VerifyError::MultipleEmitIf { stmt: 1 }));
    let mut deep = c(1.0);
    for _ in 0..600 {
        deep = un(UnOp::Neg, deep);
    }
    let e = verify_err(kernel("k", Shape::EachIndex, 1, 0, 0, st(deep)));
    assert!(matches!(e, VerifyError::TooDeep { .. }));

    // Batch compile fails as a whole if one kernel is invalid.
    let good = kernel("g", Shape::EachIndex, 1, 0, 0, st(c(1.0)));
    let bad = kernel("b", Shape::EachIndex, 1, 0, 0, st(ld(5)));
    assert!(matches!(
        compile_all(vec![good, bad], Backend::Jit),
        Err(JitError::Verify { .. })
    ));
}

#[test]
fn deepest_allowed_expression_runs_on_both_backends() {
    // Depth exactly MAX_DEPTH: 511 negations around a load.
    let mut deep = ld(0);
    for _ in 1..spikelift_jit::verify::MAX_DEPTH {
        deep = un(UnOp::Neg, deep);
    }
    let k = kernel(
        "deep",
        Shape::EachIndex,
        2,
        0,
        0,
        vec![Stmt::Store(1, Index::Loop, deep)],
    );
    verify(&k).expect("depth limit is inclusive");
    let p = pool(2);
    for comp in both(&k) {
        let r = p.install(|| {
            run_range(
                &comp,
                &[vec![1.5; 10], vec![0.0; 10]],
                &[],
                10,
                Policy::Chunked { chunk_size: 3 },
            )
        });
        assert_same(&r.arrays[1], &[-1.5; 10]);
    }
}
