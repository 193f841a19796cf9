//! The reference interpreter: the executable definition of what a [`Kernel`] means.
//!
//! Rules (the Cranelift backend follows them exactly, so results agree bit for bit):
//! - expressions are evaluated strictly left to right and nothing short-circuits:
//!   `And`, `Or` and `Select` always evaluate every operand;
//! - comparisons and logic give exactly `1.0` or `0.0`; comparisons with NaN are false
//!   except `Ne`, which is true (IEEE / Rust semantics);
//! - a value counts as "true" iff `x != 0.0`, which holds for NaN: `Select(NaN, a, b)`
//!   gives `a`, `And(NaN, 1)` gives `1.0`, `EmitIf(NaN)` emits, and `Not(x)` is `1.0` iff
//!   `x == 0.0` (so `Not(NaN)` is `0.0`);
//! - intrinsics go through the one table in [`crate::intrinsics`];
//! - statements run in order; a store is visible to later loads of the same iteration;
//! - `Lookup(t, x)` reads element [`table_element`]`(x, len)` of table `t`.

use crate::intrinsics::{self, Lowering};
use crate::ir::{BinOp, Expr, IdxSlotId, Index, Kernel, SlotId, Stmt, TableId, UnOp};

/// Array storage seen by the interpreter.
pub trait Memory {
    /// Reads element `elem` of array `slot`.
    fn load(&self, slot: SlotId, elem: usize) -> f64;
    /// Writes element `elem` of array `slot`.
    fn store(&mut self, slot: SlotId, elem: usize, value: f64);
    /// Reads element `elem` of index array `v`.
    fn index(&self, v: IdxSlotId, elem: usize) -> usize;
    /// Reads element `elem` of read-only table `t`.
    fn table(&self, t: TableId, elem: usize) -> f64;
}

/// The element a `Lookup` with index value `x` reads in a table of `len` elements
/// (`len >= 1`): `x` truncated toward zero (NaN gives 0, values beyond the `i64` range
/// saturate, as Rust's `as` and Cranelift's `fcvt_to_sint_sat` do), clamped to
/// `[0, len - 1]`.
#[inline]
pub fn table_element(x: f64, len: u32) -> usize {
    let k = x as i64;
    k.clamp(0, i64::from(len.max(1)) - 1) as usize
}

/// Plain slices without index arrays: panics (never UB) on an out-of-range slot or
/// element, and on any index-array access.
impl Memory for [&mut [f64]] {
    fn load(&self, slot: SlotId, elem: usize) -> f64 {
        self[slot as usize][elem]
    }
    fn store(&mut self, slot: SlotId, elem: usize, value: f64) {
        self[slot as usize][elem] = value;
    }
    fn index(&self, v: IdxSlotId, _elem: usize) -> usize {
        panic!("index array {v} accessed, but none is bound")
    }
    fn table(&self, t: TableId, _elem: usize) -> f64 {
        panic!("table {t} accessed, but none is bound")
    }
}

/// Plain slices with index arrays: panics (never UB) on anything out of range.
pub struct Slices<'m, 'a> {
    /// The arrays, by slot.
    pub arrays: &'m mut [&'a mut [f64]],
    /// The index arrays, by index slot.
    pub indices: &'m [&'a [u32]],
    /// The read-only tables, by table id.
    pub tables: &'m [&'a [f64]],
}

impl Memory for Slices<'_, '_> {
    fn load(&self, slot: SlotId, elem: usize) -> f64 {
        self.arrays[slot as usize][elem]
    }
    fn store(&mut self, slot: SlotId, elem: usize, value: f64) {
        self.arrays[slot as usize][elem] = value;
    }
    fn index(&self, v: IdxSlotId, elem: usize) -> usize {
        self.indices[v as usize][elem] as usize
    }
    fn table(&self, t: TableId, elem: usize) -> f64 {
        self.tables[t as usize][elem]
    }
}

#[inline]
fn b2f(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

#[inline]
fn element<M: Memory + ?Sized>(mem: &M, index: Index, idx: usize) -> usize {
    match index {
        Index::Loop => idx,
        Index::Zero => 0,
        Index::Via(v) => mem.index(v, idx),
    }
}

/// Evaluates kernels one loop iteration at a time. Holds the locals, so it allocates once.
#[derive(Debug)]
pub struct Interp<'k> {
    kernel: &'k Kernel,
    locals: Vec<f64>,
}

impl<'k> Interp<'k> {
    /// An interpreter for `kernel`, which must have passed [`crate::verify::verify`]
    /// (an unverified kernel may make it panic, never misbehave silently).
    pub fn new(kernel: &'k Kernel) -> Self {
        Interp {
            kernel,
            locals: vec![0.0; kernel.n_locals as usize],
        }
    }

    /// Runs the body once for loop index `idx`. Returns true if an `EmitIf` fired.
    pub fn step<M: Memory + ?Sized>(&mut self, mem: &mut M, scalars: &[f64], idx: usize) -> bool {
        let mut emitted = false;
        let tables = &self.kernel.tables;
        for s in &self.kernel.body {
            let env = Env {
                scalars,
                locals: &self.locals,
                tables,
                idx,
            };
            match s {
                Stmt::Let(l, e) => {
                    let v = eval(e, &*mem, &env);
                    self.locals[*l as usize] = v;
                }
                Stmt::Store(slot, index, e) => {
                    let v = eval(e, &*mem, &env);
                    let elem = element(&*mem, *index, idx);
                    mem.store(*slot, elem, v);
                }
                Stmt::EmitIf(e) => {
                    let v = eval(e, &*mem, &env);
                    if v != 0.0 {
                        emitted = true;
                    }
                }
            }
        }
        emitted
    }
}

/// What an expression can read besides memory: scalars, locals, the declared table
/// lengths (`Kernel::tables`) and the loop index.
#[derive(Debug, Clone, Copy)]
pub struct Env<'e> {
    /// The scalar arguments.
    pub scalars: &'e [f64],
    /// The locals.
    pub locals: &'e [f64],
    /// The length of each table.
    pub tables: &'e [u32],
    /// The loop index.
    pub idx: usize,
}

/// Evaluates one expression (no side effects).
pub fn eval<M: Memory + ?Sized>(e: &Expr, mem: &M, env: &Env<'_>) -> f64 {
    let (scalars, locals, idx) = (env.scalars, env.locals, env.idx);
    match e {
        Expr::Const(c) => *c,
        Expr::Scalar(s) => scalars[*s as usize],
        Expr::Idx => idx as f64,
        Expr::Load(slot, index) => mem.load(*slot, element(mem, *index, idx)),
        Expr::IdxLoad(v) => mem.index(*v, idx) as f64,
        Expr::Local(l) => locals[*l as usize],
        Expr::Unary(op, x) => {
            let x = eval(x, mem, env);
            match op {
                UnOp::Neg => -x,
                UnOp::Not => b2f(x == 0.0),
            }
        }
        Expr::Binary(op, a, b) => {
            let a = eval(a, mem, env);
            let b = eval(b, mem, env);
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                BinOp::Lt => b2f(a < b),
                BinOp::Le => b2f(a <= b),
                BinOp::Gt => b2f(a > b),
                BinOp::Ge => b2f(a >= b),
                BinOp::Eq => b2f(a == b),
                BinOp::Ne => b2f(a != b),
                BinOp::And => b2f(a != 0.0 && b != 0.0),
                BinOp::Or => b2f(a != 0.0 || b != 0.0),
            }
        }
        Expr::Call(i, args) => {
            let ev = |k: usize| eval(&args[k], mem, env);
            match intrinsics::lowering(*i) {
                Lowering::Exact(op) => op.apply(ev(0)),
                Lowering::Call1(_, f) => f(ev(0)),
                Lowering::Call2(_, f) => {
                    let a = ev(0);
                    let b = ev(1);
                    f(a, b)
                }
                Lowering::Call3(_, f) => {
                    let a = ev(0);
                    let b = ev(1);
                    let c = ev(2);
                    f(a, b, c)
                }
            }
        }
        Expr::Select(c, a, b) => {
            let c = eval(c, mem, env);
            let a = eval(a, mem, env);
            let b = eval(b, mem, env);
            if c != 0.0 { a } else { b }
        }
        Expr::Lookup(t, x) => {
            let x = eval(x, mem, env);
            let len = env.tables.get(*t as usize).copied().unwrap_or(0);
            mem.table(*t, table_element(x, len))
        }
    }
}
