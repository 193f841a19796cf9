//! Random kernels with indirect accesses (the shape of synaptic code): event kernels
//! over random synapse lists with duplicates that read and write target arrays
//! through random index arrays. The interpreter and the JIT must agree bit for bit.

use crate::common::*;
use proptest::prelude::*;
use spikelift_jit::*;

/// Synapses (loop indices) and target neurons (elements reached through the index
/// arrays).
const N_SYN: usize = 9;
const N_TGT: usize = 4;
/// Slot 0: a per-synapse weight; slot 1: a target array; slot 2: another target.
const W: u32 = 0;

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -10.0f64..10.0,
        1 => prop::sample::select(vec![0.0, -0.0, f64::NAN, f64::INFINITY, 1e300, -1e-300]),
    ]
}

/// Expressions over constants, the weight, the index values and target elements
/// reached through either index array.
fn expr() -> impl Strategy<Value = Expr> {
    let leaves = prop_oneof![
        value().prop_map(Expr::Const),
        Just(Expr::Load(W, Index::Loop)),
        (0..2u32).prop_map(Expr::IdxLoad),
        (1..3u32, 0..2u32).prop_map(|(s, v)| Expr::Load(s, Index::Via(v))),
        Just(Expr::Idx),
    ];
    leaves.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Binary(
                BinOp::Add,
                Box::new(a),
                Box::new(b)
            )),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Binary(
                BinOp::Mul,
                Box::new(a),
                Box::new(b)
            )),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, a, b)| Expr::Select(
                Box::new(c),
                Box::new(a),
                Box::new(b)
            )),
            inner.prop_map(|x| Expr::Call(Intrinsic::Exp, vec![x])),
        ]
    })
}

/// `target[ix[s]] = f(...)` twice through random index arrays, then the weight.
fn random_kernel() -> impl Strategy<Value = Kernel> {
    (expr(), expr(), expr(), 1..3u32, 0..2u32, 1..3u32, 0..2u32).prop_map(
        |(e0, e1, e2, s1, v1, s2, v2)| {
            let mut k = kernel(
                "random_via",
                Shape::EachEvent,
                3,
                0,
                0,
                vec![
                    Stmt::Store(s1, Index::Via(v1), e0),
                    Stmt::Store(s2, Index::Via(v2), e1),
                    Stmt::Store(W, Index::Loop, e2),
                ],
            );
            k.n_idx_slots = 2;
            k
        },
    )
}

fn run(comp: &Compiled, arrays: &[Vec<f64>], ix: &[Vec<u32>], events: &[u32]) -> Vec<Vec<f64>> {
    let mut arrays = arrays.to_vec();
    let mut b = Bindings::with_indices(
        arrays.iter_mut().map(|a| a.as_mut_slice()).collect(),
        &[],
        ix.iter().map(Vec::as_slice).collect(),
    );
    comp.run_events(&mut b, events).expect("run");
    drop(b);
    arrays
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn indirect_event_kernels_agree(
        k in random_kernel(),
        w in prop::collection::vec(value(), N_SYN),
        t1 in prop::collection::vec(value(), N_TGT),
        t2 in prop::collection::vec(value(), N_TGT),
        ix in prop::collection::vec(prop::collection::vec(0..N_TGT as u32, N_SYN), 2),
        events in prop::collection::vec(0..N_SYN as u32, 0..20),
    ) {
        prop_assert!(verify(&k).is_ok());
        prop_assert!(!is_parallel_safe(&k));
        let arrays = vec![w, t1, t2];
        let [i, j] = both(&k);
        let a = run(&i, &arrays, &ix, &events);
        let b = run(&j, &arrays, &ix, &events);
        for (s, (x, y)) in a.iter().zip(&b).enumerate() {
            if let Err(e) = compare(x, y) {
                return Err(TestCaseError::fail(format!("slot {s}: {e}\nkernel: {k:?}")));
            }
        }
    }
}
