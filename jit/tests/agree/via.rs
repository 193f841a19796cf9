//! Indirect access through index arrays (`Index::Via`, `Expr::IdxLoad`): the synaptic
//! pattern `v[post[s]] += w[s]`, checked against Rust for both backends, and the
//! executor's refusal of index arrays that are too short or hold out-of-range values.

use crate::common::*;
use spikelift_jit::*;

const W: u32 = 0;
const V: u32 = 1;
const POST: u32 = 0;
const PRE: u32 = 1;

/// `v[post[s]] += w[s] * (pre[s] + 1)`, over events (synapses) or over all synapses.
fn propagate(shape: Shape) -> Kernel {
    let mut k = kernel(
        "propagate",
        shape,
        2,
        0,
        0,
        vec![Stmt::Store(
            V,
            Index::Via(POST),
            add(
                Expr::Load(V, Index::Via(POST)),
                mul(ld(W), add(Expr::IdxLoad(PRE), c(1.0))),
            ),
        )],
    );
    k.n_idx_slots = 2;
    k
}

fn network() -> (Vec<f64>, Vec<u32>, Vec<u32>) {
    let n_syn = 5000;
    let w: Vec<f64> = (0..n_syn).map(|s| 0.001 * (s % 97) as f64 - 0.03).collect();
    let post: Vec<u32> = (0..n_syn).map(|s| ((s * 7919) % 300) as u32).collect();
    let pre: Vec<u32> = (0..n_syn).map(|s| (s / 17) as u32).collect();
    (w, post, pre)
}

fn reference(w: &[f64], post: &[u32], pre: &[u32], order: &[u32], v: &mut [f64]) {
    for &s in order {
        let s = s as usize;
        v[post[s] as usize] += w[s] * (pre[s] as f64 + 1.0);
    }
}

#[test]
fn events_through_index_arrays_match_rust() {
    let (mut w, post, pre) = network();
    let events: Vec<u32> = (0..w.len() as u32).filter(|s| s % 3 != 1).rev().collect();
    let mut want = vec![0.5; 300];
    reference(&w, &post, &pre, &events, &mut want);
    for comp in both(&propagate(Shape::EachEvent)) {
        let mut v = vec![0.5; 300];
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post, &pre]);
        comp.run_events(&mut b, &events).expect("run");
        assert_same(&v, &want);
    }
}

#[test]
fn ranges_with_indirect_stores_run_serially_and_match_rust() {
    let (mut w, post, pre) = network();
    let k = propagate(Shape::EachIndex);
    assert!(
        !is_parallel_safe(&k),
        "a store through an index array may race"
    );
    let all: Vec<u32> = (0..w.len() as u32).collect();
    let mut want = vec![0.0; 300];
    reference(&w, &post, &pre, &all, &mut want);
    for comp in both(&k) {
        let mut v = vec![0.0; 300];
        let n = w.len();
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post, &pre]);
        pool(4).install(|| {
            comp.run_range(
                &mut b,
                n,
                Policy::Chunked { chunk_size: 64 },
                &mut Vec::new(),
            )
            .expect("run")
        });
        assert_same(&v, &want);
    }
}

#[test]
fn indirect_loads_with_own_stores_are_parallel_safe() {
    // g[s] = v[post[s]] * 2: reads through the index array, writes its own element.
    let mut k = kernel(
        "gather",
        Shape::EachIndex,
        2,
        0,
        0,
        vec![Stmt::Store(
            0,
            Index::Loop,
            mul(Expr::Load(1, Index::Via(0)), c(2.0)),
        )],
    );
    k.n_idx_slots = 1;
    assert!(is_parallel_safe(&k));
    let post: Vec<u32> = (0..20000).map(|s| (s % 10) as u32).collect();
    let v: Vec<f64> = (0..10).map(|i| i as f64 * 1.5).collect();
    for comp in both(&k) {
        let mut g = vec![0.0; post.len()];
        let mut vv = v.clone();
        let mut b = Bindings::with_indices(vec![&mut g, &mut vv], &[], vec![&post]);
        pool(2).install(|| {
            comp.run_range(
                &mut b,
                post.len(),
                Policy::Chunked { chunk_size: 1000 },
                &mut Vec::new(),
            )
            .expect("run")
        });
        for (s, x) in g.iter().enumerate() {
            assert_eq!(*x, v[s % 10] * 2.0);
        }
    }
}

#[test]
fn bad_index_arrays_are_refused_before_running() {
    let (mut w, mut post, pre) = network();
    for comp in both(&propagate(Shape::EachEvent)) {
        let mut v = vec![0.0; 300];
        // Wrong number of index arrays.
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post]);
        assert!(matches!(
            comp.run_events(&mut b, &[0, 1]),
            Err(BindError::IndexArrayCount {
                expected: 2,
                got: 1,
                ..
            })
        ));
        // An index array shorter than the largest event.
        let short = &pre[..10];
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post, short]);
        assert!(matches!(
            comp.run_events(&mut b, &[3, 10]),
            Err(BindError::IndexArrayTooShort {
                idx_slot: 1,
                len: 10,
                needed: 11,
                ..
            })
        ));
    }
    // A postsynaptic index past the end of `v`, at an event that is run...
    post[42] = 300;
    for comp in both(&propagate(Shape::EachEvent)) {
        let mut v = vec![0.0; 300];
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post, &pre]);
        match comp.run_events(&mut b, &[1, 42, 2]) {
            Err(BindError::IndexOutOfRange {
                value: 300,
                len: 300,
                slot: V,
                ..
            }) => {}
            other => panic!("expected IndexOutOfRange, got {other:?}"),
        }
        assert!(v.iter().all(|x| *x == 0.0), "nothing may run");
        // ... but not at one that is not.
        let mut b = Bindings::with_indices(vec![&mut w, &mut v], &[], vec![&post, &pre]);
        comp.run_events(&mut b, &[1, 2]).expect("in range");
    }
    let mut k = propagate(Shape::EachEvent);
    k.n_idx_slots = 1;
    assert!(matches!(
        verify(&k),
        Err(VerifyError::IdxSlotOutOfRange { idx_slot: 1, .. })
    ));
}

/// `v[post[s]] = v[post[s]] * 0.5 + w[s]; w[s] = w[s] * 0.99` (own synapse and target).
fn plastic(shape: Shape) -> Kernel {
    let mut k = kernel(
        "plastic",
        shape,
        2,
        0,
        0,
        vec![
            Stmt::Store(
                V,
                Index::Via(POST),
                add(mul(Expr::Load(V, Index::Via(POST)), c(0.5)), ld(W)),
            ),
            Stmt::Store(W, Index::Loop, mul(ld(W), c(0.99))),
        ],
    );
    k.n_idx_slots = 2;
    k
}

#[test]
fn events_partitioned_by_target_give_the_serial_result() {
    let n_syn = 200_000;
    let post: Vec<u32> = (0..n_syn).map(|s| ((s * 7919) % 5000) as u32).collect();
    let pre: Vec<u32> = (0..n_syn).map(|s| (s / 40) as u32).collect();
    let w0: Vec<f64> = (0..n_syn).map(|s| 0.001 * (s % 97) as f64).collect();
    // Distinct events in a scrambled order: many share a target.
    let events: Vec<u32> = (0..n_syn as u64)
        .map(|s| ((s * 104_729) % n_syn as u64) as u32)
        .collect();
    let k = plastic(Shape::EachEvent);
    assert!(partitionable_by(&analyze(&k), POST));
    assert!(
        !partitionable_by(&analyze(&k), PRE),
        "stores go through `post`"
    );
    for comp in both(&k) {
        let (mut w_a, mut v_a) = (w0.clone(), vec![1.0; 5000]);
        let mut b = Bindings::with_indices(vec![&mut w_a, &mut v_a], &[], vec![&post, &pre]);
        comp.run_events(&mut b, &events).expect("serial");
        for threads in [1, 2, 4] {
            let (mut w_b, mut v_b) = (w0.clone(), vec![1.0; 5000]);
            let mut b = Bindings::with_indices(vec![&mut w_b, &mut v_b], &[], vec![&post, &pre]);
            pool(threads).install(|| {
                comp.run_events_by_target(&mut b, &events, POST, 64)
                    .expect("partitioned")
            });
            assert_same(&w_b, &w_a);
            assert_same(&v_b, &v_a);
        }
    }
    // Repeated events and code that writes through another index array fall back to
    // the serial order.
    let mut repeated = events.clone();
    repeated.extend_from_slice(&events[..1000]);
    let writes_pre = propagate_through(PRE);
    assert!(!partitionable_by(&analyze(&writes_pre), POST));
    for (k, evs) in [
        (plastic(Shape::EachEvent), &repeated),
        (writes_pre, &events),
    ] {
        for comp in both(&k) {
            let (mut w_a, mut v_a) = (w0.clone(), vec![1.0; 5000]);
            let mut b = Bindings::with_indices(vec![&mut w_a, &mut v_a], &[], vec![&post, &pre]);
            comp.run_events(&mut b, evs).expect("serial");
            let (mut w_b, mut v_b) = (w0.clone(), vec![1.0; 5000]);
            let mut b = Bindings::with_indices(vec![&mut w_b, &mut v_b], &[], vec![&post, &pre]);
            pool(4).install(|| {
                comp.run_events_by_target(&mut b, evs, POST, 64)
                    .expect("run")
            });
            assert_same(&w_b, &w_a);
            assert_same(&v_b, &v_a);
        }
    }
}

/// `v[ix[s]] += w[s]` through index array `ix`.
fn propagate_through(ix: u32) -> Kernel {
    let mut k = kernel(
        "propagate_through",
        Shape::EachEvent,
        2,
        0,
        0,
        vec![Stmt::Store(
            V,
            Index::Via(ix),
            add(Expr::Load(V, Index::Via(ix)), ld(W)),
        )],
    );
    k.n_idx_slots = 2;
    k
}
