//! The kernel IR: the small, unit-free language every code object is lowered to.
//!
//! A [`Kernel`] is a loop skeleton ([`Shape`]) around a list of statements ([`Stmt`])
//! over expression trees ([`Expr`]). All values are `f64`; booleans are `0.0` / `1.0`.
//! Both executors (the reference interpreter in `interp` and the Cranelift backend in
//! `cranelift`) give every node exactly the same meaning, so they agree bit for bit.
//! This module knows nothing about neurons, units or parsing.

/// Index of an array argument of a kernel (a state variable column, a monitor buffer...).
pub type SlotId = u32;
/// Index of a scalar argument of a kernel (`t`, `dt`, a constant set at run time).
pub type ScalarId = u32;
/// Index of a kernel-local temporary.
pub type LocalId = u32;
/// Index of an index-array argument of a kernel (`u32` elements: the presynaptic or
/// postsynaptic neuron of each synapse, ...).
pub type IdxSlotId = u32;
/// Index of a read-only table argument of a kernel (the values of a `TimedArray`, ...).
pub type TableId = u32;

/// The loop skeleton of a kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `for k in start..end { idx = k; body }`: state updates, thresholds, setters.
    EachIndex,
    /// `for k in start..end { idx = indices[k]; body }`: resets and other event code,
    /// run over the indices of the neurons that spiked.
    EachEvent,
}

/// How an array slot is indexed inside the loop body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// The loop's current index `idx`.
    Loop,
    /// Element 0 of the array, whatever the loop index (a `(shared)` variable).
    Zero,
    /// Element `indices[v][idx]`: indirect access through index array `v` (a
    /// postsynaptic variable read or written by synaptic code).
    Via(IdxSlotId),
}

/// Unary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `not x`: `1.0` if `x == 0.0`, else `0.0`.
    Not,
}

/// Binary operations. Comparisons and logic produce `0.0` or `1.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b` (true division)
    Div,
    /// `a < b`
    Lt,
    /// `a <= b`
    Le,
    /// `a > b`
    Gt,
    /// `a >= b`
    Ge,
    /// `a == b`
    Eq,
    /// `a != b`
    Ne,
    /// `a and b`: `1.0` if both are non-zero (both sides are always evaluated).
    And,
    /// `a or b`: `1.0` if either is non-zero (both sides are always evaluated).
    Or,
}

/// Functions available inside kernels. One table, shared by both executors: the
/// interpreter and the compiled code call the very same `extern "C"` functions
/// (see `intrinsics`), except for the few that are single exact instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    /// `a ** b` (libm `pow`)
    Pow,
    /// Python floor division `a // b` = `floor(a / b)`
    FloorDiv,
    /// Python modulo `a % b` (result has the sign of `b`)
    Mod,
    /// `exp(x)`
    Exp,
    /// `log(x)` (natural)
    Log,
    /// `log10(x)`
    Log10,
    /// `sqrt(x)` (exact instruction)
    Sqrt,
    /// `sin(x)`
    Sin,
    /// `cos(x)`
    Cos,
    /// `tan(x)`
    Tan,
    /// `arcsin(x)`
    Asin,
    /// `arccos(x)`
    Acos,
    /// `arctan(x)`
    Atan,
    /// `sinh(x)`
    Sinh,
    /// `cosh(x)`
    Cosh,
    /// `tanh(x)`
    Tanh,
    /// `abs(x)` (exact instruction)
    Abs,
    /// `floor(x)` (exact instruction)
    Floor,
    /// `ceil(x)` (exact instruction)
    Ceil,
    /// `int(x)`: truncation toward zero (exact instruction)
    Trunc,
    /// `sign(x)`: -1, 0 or 1 (`sign(0) = 0`; NaN gives NaN)
    Sign,
    /// `exprel(x) = (exp(x) - 1) / x`, with `exprel(0) = 1`
    Exprel,
    /// `min(a, b)` (NaN if either is NaN)
    Min,
    /// `max(a, b)` (NaN if either is NaN)
    Max,
    /// `clip(x, lo, hi)` = `min(max(x, lo), hi)`
    Clip,
}

impl Intrinsic {
    /// Number of arguments the intrinsic takes.
    pub fn arity(self) -> usize {
        match self {
            Intrinsic::Pow
            | Intrinsic::FloorDiv
            | Intrinsic::Mod
            | Intrinsic::Min
            | Intrinsic::Max => 2,
            Intrinsic::Clip => 3,
            _ => 1,
        }
    }
}

/// An expression tree. Evaluation is strict and left to right; nothing short-circuits.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Const(f64),
    /// A scalar argument of the kernel.
    Scalar(ScalarId),
    /// The loop's current index `idx`, as `f64`.
    Idx,
    /// An element of an array argument.
    Load(SlotId, Index),
    /// Element `idx` of an index array, as `f64`.
    IdxLoad(IdxSlotId),
    /// A kernel-local temporary (must be assigned before it is read).
    Local(LocalId),
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// A binary operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A call of an intrinsic; `args.len() == intrinsic.arity()`.
    Call(Intrinsic, Vec<Expr>),
    /// `if cond != 0 { a } else { b }`; both branches are evaluated.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
    /// Element `k` of read-only table `t`, where `k` is the index value truncated toward
    /// zero to an integer (NaN gives 0, values beyond the `i64` range saturate) and then
    /// clamped to `[0, len - 1]`, `len = Kernel::tables[t]`. No computed index is
    /// trusted: every value reads an element of the table.
    Lookup(TableId, Box<Expr>),
}

/// A statement of the loop body.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// Assign a local temporary.
    Let(LocalId, Expr),
    /// Store into an array argument.
    Store(SlotId, Index, Expr),
    /// Append the current `idx` to the kernel's event output if the expression is non-zero
    /// (threshold kernels). Events come out in loop order.
    EmitIf(Expr),
}

/// A whole code object, ready to be interpreted or compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct Kernel {
    /// A name for diagnostics and dumps (e.g. `neurongroup_stateupdater`).
    pub name: String,
    /// The loop skeleton.
    pub shape: Shape,
    /// Number of array arguments.
    pub n_slots: u32,
    /// Number of scalar arguments.
    pub n_scalars: u32,
    /// Number of index-array arguments.
    pub n_idx_slots: u32,
    /// Number of locals.
    pub n_locals: u32,
    /// The length of each read-only table (`Expr::Lookup`), in table order; each at
    /// least 1. The executor checks that every bound table has exactly this length.
    pub tables: Vec<u32>,
    /// Statements run once per loop iteration, in order.
    pub body: Vec<Stmt>,
}
