//! Table lookups (`Expr::Lookup`): the element picked for every kind of index value
//! (fractions, negatives, NaN, infinities, values beyond `i64`), the same in the
//! interpreter, the scalar and two-lane native loops, over ranges, chunks and events;
//! a `TimedArray`-style time lookup against Brian2's formula; and the executor's
//! refusal of missing tables or tables of another length.

use crate::common::*;
use spikelift_jit::*;

const X: u32 = 0;
const OUT: u32 = 1;

/// `out[idx] = table0[x[idx]]`.
fn lookup_kernel(shape: Shape, len: u32) -> Kernel {
    let mut k = kernel(
        "lookup",
        shape,
        2,
        0,
        0,
        vec![Stmt::Store(
            OUT,
            Index::Loop,
            Expr::Lookup(0, Box::new(ld(X))),
        )],
    );
    k.tables = vec![len];
    k
}

fn edge_indices() -> Vec<f64> {
    let mut x = vec![
        0.0,
        -0.0,
        0.5,
        0.999_999_999_999_9,
        1.0,
        1.5,
        2.999_999,
        3.0,
        4.0,
        4.5,
        5.0,
        6.0,
        1e9,
        -0.5,
        -1.0,
        -1e300,
        1e300,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9.3e18,
        -9.3e18,
        f64::MIN_POSITIVE,
    ];
    x.extend((0..41).map(|k| -2.0 + 0.2 * k as f64));
    x
}

/// What a lookup must read, written independently of `table_element`.
fn expected(table: &[f64], x: f64) -> f64 {
    let last = table.len() - 1;
    let k = if x.is_nan() || x < 1.0 {
        0
    } else if x >= last as f64 {
        last
    } else {
        x.trunc() as usize
    };
    table[k]
}

fn compiled_variants(k: &Kernel) -> Vec<Compiled> {
    let mut v = both(k).to_vec();
    let scalar_only = JitOptions {
        vectorize: false,
        ..JitOptions::default()
    };
    v.push(compile_with(k.clone(), Backend::Jit, scalar_only).expect("jit compile"));
    v
}

#[test]
fn every_index_value_reads_the_clamped_truncated_element() {
    let table = [10.0, 11.0, 12.5, -3.0, 7.25];
    let x = edge_indices();
    let want: Vec<f64> = x.iter().map(|&xi| expected(&table, xi)).collect();
    let k = lookup_kernel(Shape::EachIndex, table.len() as u32);
    for comp in compiled_variants(&k) {
        let mut xs = x.clone();
        let mut out = vec![0.0; x.len()];
        let mut b = Bindings::new(vec![&mut xs, &mut out], &[]).with_tables(vec![&table]);
        comp.run_range(&mut b, x.len(), Policy::Serial, &mut Vec::new())
            .expect("run");
        assert_same(&out, &want);
    }
}

#[test]
fn a_table_of_one_element_is_read_for_every_index() {
    let table = [42.0];
    let x = edge_indices();
    let k = lookup_kernel(Shape::EachIndex, 1);
    for comp in compiled_variants(&k) {
        let mut xs = x.clone();
        let mut out = vec![0.0; x.len()];
        let mut b = Bindings::new(vec![&mut xs, &mut out], &[]).with_tables(vec![&table]);
        comp.run_range(&mut b, x.len(), Policy::Serial, &mut Vec::new())
            .expect("run");
        assert!(out.iter().all(|&v| v == 42.0), "{out:?}");
    }
}

#[test]
fn lookups_over_events_and_chunks_agree() {
    let table: Vec<f64> = (0..1000).map(|k| (k as f64).sqrt()).collect();
    let n = 20_000;
    let x: Vec<f64> = (0..n).map(|k| (k as f64 * 0.37).sin() * 1200.0).collect();
    let want: Vec<f64> = x.iter().map(|&xi| expected(&table, xi)).collect();
    let k = lookup_kernel(Shape::EachIndex, table.len() as u32);
    assert!(is_parallel_safe(&k), "reading a table never races");
    for comp in compiled_variants(&k) {
        let mut xs = x.clone();
        let mut out = vec![0.0; n];
        let mut b = Bindings::new(vec![&mut xs, &mut out], &[]).with_tables(vec![&table]);
        pool(3)
            .install(|| {
                comp.run_range(
                    &mut b,
                    n,
                    Policy::Chunked { chunk_size: 777 },
                    &mut Vec::new(),
                )
            })
            .expect("run");
        assert_same(&out, &want);
    }
    let events: Vec<u32> = (0..n as u32).filter(|e| e % 5 == 2).rev().collect();
    for comp in both(&lookup_kernel(Shape::EachEvent, table.len() as u32)) {
        let mut xs = x.clone();
        let mut out = vec![-1.0; n];
        let mut b = Bindings::new(vec![&mut xs, &mut out], &[]).with_tables(vec![&table]);
        comp.run_events(&mut b, &events).expect("run");
        for (e, (&o, &w)) in out.iter().zip(&want).enumerate() {
            let w = if e % 5 == 2 { w } else { -1.0 };
            assert!(same_bits(o, w), "element {e}: {o} vs {w}");
        }
    }
}

/// Brian2's `TimedArray` lookup at time `t` (scalar 0): `int((t/eps + 0.5)/K)` with
/// `eps` and `K` as scalars 1 and 2, from a 1-d table (table 0) and, column `idx % 3`,
/// from a 2-d table of 3 columns (table 1; time index clipped, then `row*3 + col`).
fn timed_kernel(rows: u32) -> Kernel {
    let time_index = div(add(div(sc(0), sc(1)), c(0.5)), sc(2));
    let row = call(
        Intrinsic::Clip,
        vec![
            call(Intrinsic::Trunc, vec![time_index.clone()]),
            c(0.0),
            c(f64::from(rows - 1)),
        ],
    );
    let col = call(Intrinsic::Mod, vec![Expr::Idx, c(3.0)]);
    let mut k = kernel(
        "timed",
        Shape::EachIndex,
        2,
        3,
        0,
        vec![
            Stmt::Store(0, Index::Loop, Expr::Lookup(0, Box::new(time_index))),
            Stmt::Store(
                1,
                Index::Loop,
                Expr::Lookup(1, Box::new(add(mul(row, c(3.0)), col))),
            ),
        ],
    );
    k.tables = vec![5, rows * 3];
    k
}

#[test]
fn timed_array_lookups_follow_brian2s_formula() {
    let values = [0.0, 2.0, 5.0, 1.0, 3.0];
    let rows = 4;
    let grid: Vec<f64> = (0..rows * 3).map(|k| 1.5 * k as f64).collect();
    let (dt_ta, dt): (f64, f64) = (2e-3, 1e-4);
    let k_up = (8.0 / dt * dt_ta).log2().ceil().exp2().max(1.0);
    let eps = dt_ta / k_up;
    let k = timed_kernel(rows as u32);
    for comp in compiled_variants(&k) {
        for step in [0_u32, 1, 19, 20, 21, 39, 40, 79, 80, 99, 100, 1000] {
            let t = f64::from(step) * dt;
            let mut a = vec![0.0; 6];
            let mut g = vec![0.0; 6];
            let scalars = [t, eps, k_up];
            let mut b =
                Bindings::new(vec![&mut a, &mut g], &scalars).with_tables(vec![&values, &grid]);
            comp.run_range(&mut b, 6, Policy::Serial, &mut Vec::new())
                .expect("run");
            // The value of bin floor(t/dt_ta), the last one after the end.
            let bin = (step / 20) as usize;
            assert!(a.iter().all(|&v| v == values[bin.min(4)]), "t={t}: {a:?}");
            let r = bin.min(rows - 1);
            let want: Vec<f64> = (0..6).map(|i| grid[r * 3 + i % 3]).collect();
            assert_eq!(g, want, "t={t}");
        }
    }
}

#[test]
fn tables_of_the_wrong_number_or_length_are_refused() {
    let k = lookup_kernel(Shape::EachIndex, 3);
    for comp in both(&k) {
        let mut x = vec![1.0; 4];
        let mut out = vec![0.0; 4];
        let mut b = Bindings::new(vec![&mut x, &mut out], &[]);
        let e = comp
            .run_range(&mut b, 4, Policy::Serial, &mut Vec::new())
            .expect_err("no table bound");
        assert!(
            matches!(
                e,
                BindError::TableCount {
                    expected: 1,
                    got: 0,
                    ..
                }
            ),
            "{e}"
        );
        let short = [1.0, 2.0];
        let mut b = Bindings::new(vec![&mut x, &mut out], &[]).with_tables(vec![&short]);
        let e = comp
            .run_range(&mut b, 4, Policy::Serial, &mut Vec::new())
            .expect_err("short table");
        assert!(
            matches!(
                e,
                BindError::TableLength {
                    table: 0,
                    len: 2,
                    expected: 3,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(out, [0.0; 4], "nothing ran");
    }
}

#[test]
fn lookups_of_undeclared_or_empty_tables_do_not_verify() {
    let mut k = lookup_kernel(Shape::EachIndex, 3);
    k.tables.clear();
    assert!(matches!(
        verify(&k),
        Err(VerifyError::TableOutOfRange {
            stmt: 0,
            table: 0,
            n_tables: 0
        })
    ));
    k.tables = vec![0];
    assert!(matches!(
        verify(&k),
        Err(VerifyError::EmptyTable { table: 0 })
    ));
    assert!(compile(k, Backend::Jit).is_err());
}
