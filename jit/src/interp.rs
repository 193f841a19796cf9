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
//! - statements run in order; a store is visible to later loads of the same iteration.

use crate::intrinsics::{self, Lowering};
use crate::ir::{BinOp, Expr, IdxSlotId, Index, Kernel, SlotId, Stmt, UnOp};

/// Array storage seen by the interpreter.
pub trait Memory {
    /// Reads element `elem` of array `slot`.
    fn load(&self, slot: SlotId, elem: usize) -> f64;
    /// Writes element `elem` of array `slot`.
    fn store(&mut self, slot: SlotId, elem: usize, value: f64);
    /// Reads element `elem` of index array `v`.
    fn index(&self, v: IdxSlotId, elem: usize) -> usize;
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
}

/// Plain slices with index arrays: panics (never UB) on anything out of range.
pub struct Slices<'m, 'a> {
    /// The arrays, by slot.
    pub arrays: &'m mut [&'a mut [f64]],
    /// The index arrays, by index slot.
    pub indices: &'m [&'a [u32]],
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
        for s in &self.kernel.body {
            match s {
                Stmt::Let(l, e) => {
                    let v = eval(e, &*mem, scalars, &self.locals, idx);
                    self.locals[*l as usize] = v;
                }
                Stmt::Store(slot, index, e) => {
                    let v = eval(e, &*mem, scalars, &self.locals, idx);
                    let elem = element(&*mem, *index, idx);
                    mem.store(*slot, elem, v);
                }
                Stmt::EmitIf(e) => {
                    let v = eval(e, &*mem, scalars, &self.locals, idx);
                    if v != 0.0 {
                        emitted = true;
                    }
                }
            }
        }
        emitted
    }
}

/// Evaluates one expression (no side effects).
pub fn eval<M: Memory + ?Sized>(
    e: &Expr,
    mem: &M,
    scalars: &[f64],
    locals: &[f64],
    idx: usize,
) -> f64 {
    match e {
        Expr::Const(c) => *c,
        Expr::Scalar(s) => scalars[*s as usize],
        Expr::Idx => idx as f64,
        Expr::Load(slot, index) => mem.load(*slot, element(mem, *index, idx)),
        Expr::IdxLoad(v) => mem.index(*v, idx) as f64,
        Expr::Local(l) => locals[*l as usize],
        Expr::Unary(op, x) => {
            let x = eval(x, mem, scalars, locals, idx);
            match op {
                UnOp::Neg => -x,
                UnOp::Not => b2f(x == 0.0),
            }
        }
        Expr::Binary(op, a, b) => {
            let a = eval(a, mem, scalars, locals, idx);
            let b = eval(b, mem, scalars, locals, idx);
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
            let ev = |k: usize| eval(&args[k], mem, scalars, locals, idx);
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
            let c = eval(c, mem, scalars, locals, idx);
            let a = eval(a, mem, scalars, locals, idx);
            let b = eval(b, mem, scalars, locals, idx);
            if c != 0.0 { a } else { b }
        }
    }
}
