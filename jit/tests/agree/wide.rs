//! Wide kernels: more arrays than are hoisted before the loop
//! (`MAX_HOISTED_BASES`) and more locals than are kept in SSA values
//! (`MAX_SSA_LOCALS`), in every loop shape (two-lane, scalar with events, events).
//! The JIT takes other code paths for them; the results must not change.

use crate::common::*;
use spikelift_jit::*;

const SLOTS: u32 = cranelift::MAX_HOISTED_BASES as u32 + 8;
const LOCALS: u32 = cranelift::MAX_SSA_LOCALS + 44;

/// Chains of locals over every slot, then a store into every slot, in the style of a
/// Runge-Kutta state updater: every local is read again far from where it is set.
fn wide_body(emit: bool, zero_slot: bool) -> Vec<Stmt> {
    let mut body = Vec::new();
    let per_slot = LOCALS / SLOTS;
    let mut l = 0;
    for s in 0..SLOTS {
        let x = if zero_slot && s == 0 { ldz(s) } else { ld(s) };
        body.push(Stmt::Let(l, add(x, mul(sc(0), c(f64::from(s) + 0.5)))));
        for _ in 1..per_slot {
            let e = sel(
                bin(BinOp::Gt, loc(l), c(1.0)),
                call(Intrinsic::Exp, vec![div(loc(l), c(-7.0))]),
                sub(
                    loc(l),
                    call(Intrinsic::Sqrt, vec![call(Intrinsic::Abs, vec![loc(l)])]),
                ),
            );
            body.push(Stmt::Let(l + 1, e));
            l += 1;
        }
        l += 1;
    }
    if emit {
        body.push(Stmt::EmitIf(bin(BinOp::Gt, ld(1), c(1.0))));
    }
    // Stores last, reading locals set at the start.
    for s in 0..SLOTS {
        let first = s * per_slot;
        let value = add(loc(first), loc(first + per_slot - 1));
        if !(zero_slot && s == 0) {
            body.push(Stmt::Store(s, Index::Loop, value));
        }
    }
    body
}

fn arrays(n: usize) -> Vec<Vec<f64>> {
    (0..SLOTS)
        .map(|s| {
            (0..n)
                .map(|i| match (i + s as usize) % 7 {
                    0 => f64::NAN,
                    1 => -0.0,
                    2 => f64::INFINITY,
                    k => (k as f64 - 3.5) * 0.37 + f64::from(s),
                })
                .collect()
        })
        .collect()
}

#[test]
fn wide_parallel_safe_kernel_two_lanes() {
    let k = kernel(
        "wide",
        Shape::EachIndex,
        SLOTS,
        1,
        LOCALS,
        wide_body(false, false),
    );
    assert!(is_parallel_safe(&k));
    for n in [0, 1, 2, 7, 33] {
        run_agree(&k, &arrays(n), &[0.25], n);
    }
}

#[test]
fn wide_emitting_kernel_with_a_shared_slot() {
    let k = kernel(
        "wide_emit",
        Shape::EachIndex,
        SLOTS,
        1,
        LOCALS,
        wide_body(true, true),
    );
    let out = run_agree(&k, &arrays(41), &[0.5], 41);
    assert!(
        !out.events.is_empty() && out.events.len() < 41,
        "{:?}",
        out.events
    );
}

#[test]
fn wide_event_kernel() {
    let k = kernel(
        "wide_events",
        Shape::EachEvent,
        SLOTS,
        1,
        LOCALS,
        wide_body(false, false),
    );
    let [i, j] = both(&k);
    let indices = [0, 3, 4, 9, 10, 16];
    let a = run_events(&i, &arrays(17), &[0.125], &indices);
    let b = run_events(&j, &arrays(17), &[0.125], &indices);
    for (x, y) in a.iter().zip(&b) {
        assert_same(x, y);
    }
}
