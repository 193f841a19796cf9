//! Random well-typed kernels: the interpreter and the JIT must agree bit for bit.

use crate::common::*;
use proptest::prelude::*;
use spikelift_jit::intrinsics::ALL_INTRINSICS;
use spikelift_jit::*;

const N_IN: u32 = 3;
const N_SCALARS: u32 = 2;
const N: usize = 6;

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::sample::select(vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0,
            -1.0,
            0.5,
            2.0,
            -3.0,
            7.0,
            1e-300,
            1e300,
            710.0,
        ]),
        3 => -10.0f64..10.0,
        1 => any::<f64>(),
    ]
}

fn unop() -> impl Strategy<Value = UnOp> {
    prop::sample::select(vec![UnOp::Neg, UnOp::Not])
}

fn binop() -> impl Strategy<Value = BinOp> {
    prop::sample::select(vec![
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::And,
        BinOp::Or,
    ])
}

/// Expression trees of depth <= 6 over constants, scalars, `Idx`, loads of the input
/// slots (at `Loop` and `Zero`) and the first `n_locals` locals.
fn expr(n_locals: u32) -> impl Strategy<Value = Expr> {
    let mut leaves = vec![
        value().prop_map(Expr::Const).boxed(),
        (0..N_SCALARS).prop_map(Expr::Scalar).boxed(),
        Just(Expr::Idx).boxed(),
        (0..N_IN, prop::bool::ANY)
            .prop_map(|(s, z)| Expr::Load(s, if z { Index::Zero } else { Index::Loop }))
            .boxed(),
    ];
    if n_locals > 0 {
        leaves.push((0..n_locals).prop_map(Expr::Local).boxed());
    }
    prop::strategy::Union::new(leaves).prop_recursive(5, 40, 3, |inner| {
        prop_oneof![
            (unop(), inner.clone()).prop_map(|(op, x)| Expr::Unary(op, Box::new(x))),
            (binop(), inner.clone(), inner.clone()).prop_map(|(op, a, b)| Expr::Binary(
                op,
                Box::new(a),
                Box::new(b)
            )),
            (
                prop::sample::select(ALL_INTRINSICS.to_vec()),
                prop::collection::vec(inner.clone(), 3)
            )
                .prop_map(|(i, mut args)| {
                    args.truncate(i.arity());
                    Expr::Call(i, args)
                }),
            (inner.clone(), inner.clone(), inner).prop_map(|(c, a, b)| Expr::Select(
                Box::new(c),
                Box::new(a),
                Box::new(b)
            )),
        ]
    })
}

fn depth(e: &Expr) -> usize {
    1 + match e {
        Expr::Unary(_, x) => depth(x),
        Expr::Binary(_, a, b) => depth(a).max(depth(b)),
        Expr::Call(_, args) => args.iter().map(depth).max().unwrap_or(0),
        Expr::Select(c, a, b) => depth(c).max(depth(a)).max(depth(b)),
        _ => 0,
    }
}

/// Slots 0..3 are inputs (slot 2 is also overwritten mid-body), slot 3 an output,
/// slot 4 a shared (Zero) output.
fn random_kernel() -> impl Strategy<Value = Kernel> {
    (expr(0), expr(1), expr(1), expr(2), expr(2), expr(2)).prop_map(|(e0, e1, e2, e3, e4, e5)| {
        kernel(
            "random",
            Shape::EachIndex,
            N_IN + 2,
            N_SCALARS,
            2,
            vec![
                Stmt::Let(0, e0),
                Stmt::Store(2, Index::Loop, e1),
                Stmt::Let(1, e2),
                Stmt::Store(3, Index::Loop, e3),
                Stmt::EmitIf(e4),
                Stmt::Store(4, Index::Zero, e5),
            ],
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn interp_and_jit_agree(
        k in random_kernel(),
        inputs in prop::collection::vec(prop::collection::vec(value(), N), N_IN as usize),
        scalars in prop::collection::vec(value(), N_SCALARS as usize),
    ) {
        for s in &k.body {
            let (Stmt::Let(_, e) | Stmt::Store(_, _, e) | Stmt::EmitIf(e)) = s;
            prop_assert!(depth(e) <= 6);
        }
        prop_assert!(verify(&k).is_ok());
        let mut arrays = inputs.clone();
        arrays.push(vec![0.0; N]);
        arrays.push(vec![0.0; 1]);
        let [i, j] = both(&k);
        let ri = run_range(&i, &arrays, &scalars, N, Policy::Serial);
        let rj = run_range(&j, &arrays, &scalars, N, Policy::Serial);
        prop_assert_eq!(&ri.events, &rj.events);
        for (s, (a, b)) in ri.arrays.iter().zip(&rj.arrays).enumerate() {
            if let Err(e) = compare(a, b) {
                return Err(TestCaseError::fail(format!("slot {s}: {e}\nkernel: {k:?}")));
            }
        }
    }
}

/// A parallel-safe kernel: inputs are only read, slot 3 is only stored at `Loop`.
fn random_parallel_kernel() -> impl Strategy<Value = Kernel> {
    (expr(0), expr(1), expr(1)).prop_map(|(e0, e1, e2)| {
        kernel(
            "random_parallel",
            Shape::EachIndex,
            N_IN + 1,
            N_SCALARS,
            1,
            vec![
                Stmt::Let(0, e0),
                Stmt::Store(3, Index::Loop, e1),
                Stmt::EmitIf(e2),
            ],
        )
    })
}

const NP: usize = 23;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Serial interpretation vs chunked native runs on 1 and 4 threads.
    #[test]
    fn chunked_jit_agrees_with_serial_interp(
        k in random_parallel_kernel(),
        inputs in prop::collection::vec(prop::collection::vec(value(), NP), N_IN as usize),
        scalars in prop::collection::vec(value(), N_SCALARS as usize),
    ) {
        prop_assert!(is_parallel_safe(&k));
        let mut arrays = inputs.clone();
        arrays.push(vec![0.0; NP]);
        let [i, j] = both(&k);
        let want = run_range(&i, &arrays, &scalars, NP, Policy::Serial);
        for threads in [1, 4] {
            for comp in [&i, &j] {
                let got = pool(threads)
                    .install(|| run_range(comp, &arrays, &scalars, NP, Policy::Chunked { chunk_size: 3 }));
                prop_assert_eq!(&got.events, &want.events);
                prop_assert!(got.events.windows(2).all(|w| w[0] < w[1]));
                for (a, b) in got.arrays.iter().zip(&want.arrays) {
                    if let Err(e) = compare(a, b) {
                        return Err(TestCaseError::fail(format!("{e}\nkernel: {k:?}")));
                    }
                }
            }
        }
    }
}

#[test]
fn comparison_helper_detects_differences() {
    assert!(!same_bits(1.0, 1.000_000_000_000_000_2));
    assert!(compare(&[0.0, 1.0], &[0.0, 1.000_000_000_000_000_2]).is_err());
    assert!(!same_bits(0.0, -0.0));
    assert!(same_bits(f64::NAN, -f64::NAN));
    assert!(same_bits(f64::INFINITY, f64::INFINITY));
    assert!(compare(&[1.0], &[1.0, 2.0]).is_err());
    assert!(compare(&[f64::NAN, -0.0], &[f64::NAN, -0.0]).is_ok());

    // End to end: two kernels differing by one ulp are told apart.
    let a = kernel(
        "a",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::Store(0, Index::Loop, add(ld(0), c(0.0)))],
    );
    let b = kernel(
        "b",
        Shape::EachIndex,
        1,
        0,
        0,
        vec![Stmt::Store(0, Index::Loop, add(ld(0), c(f64::EPSILON)))],
    );
    let ia = compile(a, Backend::Interp).expect("compile");
    let jb = compile(b, Backend::Jit).expect("compile");
    let ra = run_range(&ia, &[vec![1.0]], &[], 1, Policy::Serial);
    let rb = run_range(&jb, &[vec![1.0]], &[], 1, Policy::Serial);
    assert_eq!(rb.arrays[0][0], 1.000_000_000_000_000_2);
    assert!(compare(&ra.arrays[0], &rb.arrays[0]).is_err());
}

/// Replaces `Load(2, Zero)` (slot 2 is stored at `Loop` below) by `Load(0, Zero)`, so
/// that the kernel stays parallel-safe.
fn without_zero_loads_of_slot_2(e: Expr) -> Expr {
    let b = |x: Box<Expr>| Box::new(without_zero_loads_of_slot_2(*x));
    match e {
        Expr::Load(2, Index::Zero) => Expr::Load(0, Index::Zero),
        Expr::Unary(op, x) => Expr::Unary(op, b(x)),
        Expr::Binary(op, x, y) => Expr::Binary(op, b(x), b(y)),
        Expr::Call(i, args) => Expr::Call(
            i,
            args.into_iter().map(without_zero_loads_of_slot_2).collect(),
        ),
        Expr::Select(c, x, y) => Expr::Select(b(c), b(x), b(y)),
        leaf => leaf,
    }
}

/// A parallel-safe kernel without `EmitIf`, which the JIT gives a two-lane loop: slot 2
/// is updated in place (read, written, read again), slot 3 is an output.
fn random_two_lane_kernel() -> impl Strategy<Value = Kernel> {
    (expr(0), expr(1), expr(1), expr(2)).prop_map(|(e0, e1, e2, e3)| {
        let f = without_zero_loads_of_slot_2;
        kernel(
            "random_two_lane",
            Shape::EachIndex,
            N_IN + 1,
            N_SCALARS,
            2,
            vec![
                Stmt::Let(0, f(e0)),
                Stmt::Store(2, Index::Loop, f(e1)),
                Stmt::Let(1, f(e2)),
                Stmt::Store(3, Index::Loop, f(e3)),
            ],
        )
    })
}

const NV: usize = 9;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The two-lane loop (every range length, odd and even chunk starts) gives the bits of
    /// the interpreter and of the scalar-only native loop.
    #[test]
    fn two_lane_jit_agrees_with_interp(
        k in random_two_lane_kernel(),
        inputs in prop::collection::vec(prop::collection::vec(value(), NV), N_IN as usize),
        scalars in prop::collection::vec(value(), N_SCALARS as usize),
    ) {
        prop_assert!(is_parallel_safe(&k));
        let mut arrays = inputs.clone();
        arrays.push(vec![0.0; NV]);
        let [i, j] = both(&k);
        let scalar_only = compile_with(
            k.clone(),
            Backend::Jit,
            JitOptions { vectorize: false, ..JitOptions::default() },
        )
        .expect("jit compile");
        for n in 0..=NV {
            let want = run_range(&i, &arrays, &scalars, n, Policy::Serial);
            let mut runs = vec![
                run_range(&j, &arrays, &scalars, n, Policy::Serial),
                run_range(&scalar_only, &arrays, &scalars, n, Policy::Serial),
            ];
            for chunk_size in [3, 4] {
                runs.push(pool(2).install(|| {
                    run_range(&j, &arrays, &scalars, n, Policy::Chunked { chunk_size })
                }));
            }
            for got in &runs {
                for (s, (a, b)) in got.arrays.iter().zip(&want.arrays).enumerate() {
                    if let Err(e) = compare(a, b) {
                        return Err(TestCaseError::fail(format!("n = {n}, slot {s}: {e}\nkernel: {k:?}")));
                    }
                }
            }
        }
    }
}
