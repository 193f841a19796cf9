//! Every intrinsic and every comparison on edge inputs, on both backends.

use crate::common::*;
use spikelift_jit::intrinsics::{self, ALL_INTRINSICS};
use spikelift_jit::*;

const EDGES: [f64; 16] = [
    0.0,
    -0.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.5,
    -7.0,
    3.0,
    -3.0,
    7.0,
    1e-300,
    710.0,
];

/// All combinations of `arity` edge values, as one column per argument.
fn columns(arity: usize, edges: &[f64]) -> Vec<Vec<f64>> {
    let n = edges.len().pow(arity as u32);
    (0..arity)
        .map(|a| {
            (0..n)
                .map(|k| edges[(k / edges.len().pow(a as u32)) % edges.len()])
                .collect()
        })
        .collect()
}

/// `out[idx] = f(a0[idx], a1[idx], ...)` run on both backends; returns `out`.
fn run_intrinsic(i: Intrinsic, cols: &[Vec<f64>]) -> Vec<f64> {
    let arity = cols.len() as u32;
    let n = cols[0].len();
    let k = kernel(
        "intrinsic",
        Shape::EachIndex,
        arity + 1,
        0,
        0,
        vec![Stmt::Store(
            arity,
            Index::Loop,
            call(i, (0..arity).map(ld).collect()),
        )],
    );
    let mut arrays = cols.to_vec();
    arrays.push(vec![0.0; n]);
    run_agree(&k, &arrays, &[], n).arrays[arity as usize].clone()
}

#[test]
fn every_intrinsic_on_edges_agrees_with_the_table() {
    for i in ALL_INTRINSICS {
        let edges: &[f64] = if i.arity() == 3 { &EDGES[..9] } else { &EDGES };
        let cols = columns(i.arity(), edges);
        let out = run_intrinsic(i, &cols);
        for (k, o) in out.iter().enumerate() {
            let args: Vec<f64> = cols.iter().map(|c| c[k]).collect();
            let want = intrinsics::eval(i, &args).expect("arity");
            assert!(same_bits(*o, want), "{i:?}{args:?}: {o} vs {want}");
        }
    }
}

fn one(i: Intrinsic, args: &[f64]) -> f64 {
    let cols: Vec<Vec<f64>> = args.iter().map(|&a| vec![a]).collect();
    run_intrinsic(i, &cols)[0]
}

fn bits(x: f64) -> u64 {
    x.to_bits()
}

#[test]
fn python_semantics_of_mod_and_floordiv() {
    use Intrinsic::*;
    assert_eq!(one(Mod, &[-7.0, 3.0]), 2.0);
    assert_eq!(one(Mod, &[7.0, -3.0]), -2.0);
    assert_eq!(one(Mod, &[7.0, 3.0]), 1.0);
    assert_eq!(one(Mod, &[-7.0, -3.0]), -1.0);
    assert_eq!(one(Mod, &[5.5, 2.0]), 1.5);
    assert_eq!(one(Mod, &[-7.0, f64::INFINITY]), f64::INFINITY);
    assert_eq!(bits(one(Mod, &[6.0, -3.0])), bits(-0.0));
    assert_eq!(bits(one(Mod, &[-6.0, 3.0])), bits(0.0));
    assert!(one(Mod, &[1.0, 0.0]).is_nan());
    assert!(one(Mod, &[f64::INFINITY, 2.0]).is_nan());
    assert_eq!(one(FloorDiv, &[-7.0, 2.0]), -4.0);
    assert_eq!(one(FloorDiv, &[7.0, 2.0]), 3.0);
    assert_eq!(one(FloorDiv, &[7.0, -2.0]), -4.0);
    assert_eq!(one(FloorDiv, &[1.0, 0.0]), f64::INFINITY);
    assert!(one(FloorDiv, &[0.0, 0.0]).is_nan());
}

#[test]
fn exact_instruction_intrinsics() {
    use Intrinsic::*;
    assert_eq!(bits(one(Sqrt, &[-0.0])), bits(-0.0));
    assert!(one(Sqrt, &[-1.0]).is_nan());
    assert_eq!(one(Sqrt, &[2.0]), 2f64.sqrt());
    assert_eq!(bits(one(Abs, &[-0.0])), bits(0.0));
    assert_eq!(one(Abs, &[f64::NEG_INFINITY]), f64::INFINITY);
    assert_eq!(bits(one(Floor, &[-0.5])), bits(-1.0));
    assert_eq!(bits(one(Ceil, &[-0.5])), bits(-0.0));
    assert_eq!(bits(one(Trunc, &[-2.7])), bits(-2.0));
    assert_eq!(bits(one(Trunc, &[-0.3])), bits(-0.0));
    assert_eq!(one(Floor, &[f64::INFINITY]), f64::INFINITY);
}

#[test]
fn other_intrinsic_values() {
    use Intrinsic::*;
    assert_eq!(one(Sign, &[-3.0]), -1.0);
    assert_eq!(one(Sign, &[f64::INFINITY]), 1.0);
    assert_eq!(bits(one(Sign, &[-0.0])), bits(0.0));
    assert!(one(Sign, &[f64::NAN]).is_nan());
    assert_eq!(one(Exprel, &[0.0]), 1.0);
    assert_eq!(one(Exprel, &[-0.0]), 1.0);
    assert_eq!(one(Exprel, &[f64::INFINITY]), f64::INFINITY);
    assert_eq!(one(Exprel, &[f64::NEG_INFINITY]), 0.0);
    assert!((one(Exprel, &[1.0]) - (std::f64::consts::E - 1.0)).abs() < 1e-15);
    let tiny = one(Exprel, &[1e-12]);
    assert!(
        (tiny - 1.0).abs() < 1e-12,
        "exprel is accurate near 0: {tiny}"
    );
    assert!(one(Min, &[f64::NAN, 1.0]).is_nan());
    assert!(one(Min, &[1.0, f64::NAN]).is_nan());
    assert!(one(Max, &[f64::NAN, 1.0]).is_nan());
    assert!(one(Max, &[1.0, f64::NAN]).is_nan());
    assert_eq!(one(Min, &[2.0, -1.0]), -1.0);
    assert_eq!(one(Max, &[2.0, -1.0]), 2.0);
    assert_eq!(one(Clip, &[5.0, 0.0, 1.0]), 1.0);
    assert_eq!(one(Clip, &[-5.0, 0.0, 1.0]), 0.0);
    assert_eq!(one(Clip, &[0.25, 0.0, 1.0]), 0.25);
    assert!(one(Clip, &[f64::NAN, 0.0, 1.0]).is_nan());
    assert_eq!(one(Pow, &[2.0, 10.0]), 1024.0);
    assert_eq!(one(Pow, &[f64::NAN, 0.0]), 1.0);
    assert_eq!(one(Exp, &[0.0]), 1.0);
    assert_eq!(one(Log, &[0.0]), f64::NEG_INFINITY);
    assert!(one(Log, &[-1.0]).is_nan());
    assert!((one(Log10, &[1000.0]) - 3.0).abs() < 1e-15);
    assert_eq!(one(Tanh, &[f64::INFINITY]), 1.0);
    assert_eq!(bits(one(Sin, &[-0.0])), bits(-0.0));
    assert!(one(Asin, &[2.0]).is_nan());
    assert_eq!(one(Acos, &[1.0]), 0.0);
    assert!((one(Atan, &[f64::INFINITY]) - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
    assert_eq!(one(Cosh, &[0.0]), 1.0);
    assert_eq!(one(Sinh, &[f64::NEG_INFINITY]), f64::NEG_INFINITY);
    assert_eq!(one(Cos, &[0.0]), 1.0);
    assert_eq!(one(Tan, &[0.0]), 0.0);
}

#[test]
fn comparisons_and_logic_with_nan() {
    let nan = f64::NAN;
    let ops = [
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::And,
        BinOp::Or,
    ];
    // (a, b, expected for ops in order)
    let cases: [(f64, f64, [f64; 8]); 7] = [
        (nan, 1.0, [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        (1.0, nan, [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        (nan, nan, [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        (nan, 0.0, [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0]),
        (0.0, -0.0, [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
        (1.0, 2.0, [1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),
        (
            f64::INFINITY,
            f64::INFINITY,
            [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0],
        ),
    ];
    let body: Vec<Stmt> = ops
        .iter()
        .enumerate()
        .map(|(s, op)| Stmt::Store(s as u32 + 2, Index::Loop, bin(*op, ld(0), ld(1))))
        .chain([
            Stmt::Store(10, Index::Loop, un(UnOp::Not, ld(0))),
            Stmt::Store(11, Index::Loop, sel(ld(0), c(10.0), c(20.0))),
            Stmt::Store(12, Index::Loop, un(UnOp::Neg, ld(0))),
            Stmt::EmitIf(ld(0)),
        ])
        .collect();
    let k = kernel("cmp", Shape::EachIndex, 13, 0, 0, body);
    let n = cases.len();
    let mut arrays = vec![
        cases.iter().map(|c| c.0).collect::<Vec<_>>(),
        cases.iter().map(|c| c.1).collect(),
    ];
    arrays.extend((0..11).map(|_| vec![7.0; n]));
    let r = run_agree(&k, &arrays, &[], n);
    for (row, (a, b, want)) in cases.iter().enumerate() {
        for (s, w) in want.iter().enumerate() {
            let got = r.arrays[s + 2][row];
            assert_eq!(bits(got), bits(*w), "{:?}({a}, {b})", ops[s]);
        }
        let truthy = *a != 0.0; // NaN is truthy
        assert_eq!(
            r.arrays[10][row],
            if *a == 0.0 { 1.0 } else { 0.0 },
            "not {a}"
        );
        assert_eq!(
            r.arrays[11][row],
            if truthy { 10.0 } else { 20.0 },
            "select {a}"
        );
        assert!(same_bits(r.arrays[12][row], -a));
    }
    // EmitIf fires for non-zero a, including NaN; rows 4 (0.0) is the only zero.
    assert_eq!(r.events, [0, 1, 2, 3, 5, 6]);
}

#[test]
fn idx_and_scalars() {
    // out = idx + s0 * s1
    let k = kernel(
        "idx",
        Shape::EachIndex,
        1,
        2,
        0,
        vec![Stmt::Store(
            0,
            Index::Loop,
            add(Expr::Idx, mul(sc(0), sc(1))),
        )],
    );
    let r = run_agree(&k, &[vec![0.0; 4]], &[0.5, -2.0], 4);
    assert_same(&r.arrays[0], &[-1.0, 0.0, 1.0, 2.0]);
}
