//! Lowering: abstract code to the `spikelift-jit` kernel IR.
//!
//! Group variables and auxiliary columns become array slots (shared variables are read
//! and written at element 0), `t`, `dt` and `N` become scalar arguments, `i` the loop
//! index, and each random number (`rand()`, `randn()`) a column of its own that the
//! runtime fills with fresh draws before every run of the kernel. In synaptic code, variables of the source and target groups are array slots
//! accessed through the synapses' presynaptic and postsynaptic index arrays, and `i`,
//! `j` are those indices (relative to the start of the source or target subgroup). Functions map onto the IR's intrinsics; `timestep(x, dt)` is spelled out as
//! `int((x + 1e-3*dt)/dt)`. A `TimedArray` call becomes a table lookup (`ir::Expr::Lookup`)
//! of the array's values at Brian2's index `int((t/eps + 0.5)/K)`, with `eps` and `K`
//! scalar arguments that the runtime computes from the code object's clock; a 2-d
//! array reads element `row*cols + int(i)` of the clipped row, NaN for a column out of
//! range. Nothing here knows about units.

use super::abstract_code::{AbstractCode, Stmt};
use std::sync::Arc;

use crate::check::TimedArray;
use crate::check::synapses::Side;
use crate::check::typed::{BinOp, Draw, Expr, Func, Special, UnOp, VarId};
use spikelift_jit::ir;

/// What an array slot of a kernel is bound to at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotSource {
    /// A variable's column of the object the code belongs to.
    Var(VarId),
    /// An auxiliary column of the code object.
    Aux(u32),
    /// A variable's column of another group (by network index): the source or target
    /// of a `Synapses` object. One slot per column, whichever side reads it.
    Group(usize, VarId),
    /// The number of synapses of each neuron of one side (`N_outgoing` per source
    /// neuron, `N_incoming` per target neuron).
    Counts(Side),
    /// Random column `k`: filled with fresh draws (`LoweredKernel::random[k]`) for
    /// every loop index before each run of the kernel.
    Random(u32),
}

/// What an index array of a kernel is bound to at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdxSource {
    /// The presynaptic (absolute) neuron index of each synapse.
    Pre,
    /// The postsynaptic (absolute) neuron index of each synapse.
    Post,
    /// The element of the linked group's variable that each neuron of linked variable
    /// `.0` reads (`linked_var(..., index=...)`).
    Linked(VarId),
}

impl From<Side> for IdxSource {
    fn from(s: Side) -> IdxSource {
        match s {
            Side::Pre => IdxSource::Pre,
            Side::Post => IdxSource::Post,
        }
    }
}

impl Access {
    /// Variable `v` of the code's own object: element 0 if `shared`, else the loop's.
    pub fn own(v: VarId, shared: bool) -> Access {
        Access {
            slot: SlotSource::Var(v),
            index: if shared {
                AccessIndex::Zero
            } else {
                AccessIndex::Loop
            },
        }
    }
}

/// What a scalar argument of a kernel is bound to at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarSource {
    /// `t`
    T,
    /// `dt`
    Dt,
    /// `N`
    N,
    /// `N_pre`
    NPre,
    /// `N_post`
    NPost,
    /// The first neuron of the source (sub)group.
    PreStart,
    /// The first neuron of the target (sub)group.
    PostStart,
    /// `eps = dt_ta/K` of `TimedArray` `k` (`LoweredKernel::timed_arrays[k]`) for the
    /// code object's clock.
    TimedArrayEpsilon(u32),
    /// The upsampling factor `K` of `TimedArray` `k` for the code object's clock.
    TimedArrayUpsampling(u32),
}

impl ScalarSource {
    /// The value of a `TimedArray` scalar for a clock of step `dt` (`None` for the
    /// other sources).
    pub fn timed_array_value(self, timed_arrays: &[Arc<TimedArray>], dt: f64) -> Option<f64> {
        match self {
            ScalarSource::TimedArrayEpsilon(k) => {
                timed_arrays.get(k as usize).map(|ta| ta.epsilon(dt))
            }
            ScalarSource::TimedArrayUpsampling(k) => {
                timed_arrays.get(k as usize).map(|ta| ta.upsampling(dt))
            }
            _ => None,
        }
    }
}

/// How a variable is accessed from a kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The array.
    pub slot: SlotSource,
    /// Its element.
    pub index: AccessIndex,
}

/// The element of an [`Access`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessIndex {
    /// The loop index.
    Loop,
    /// Element 0 (a shared variable).
    Zero,
    /// Through an index array.
    Via(IdxSource),
}

/// A kernel with the meaning of its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct LoweredKernel {
    /// The kernel.
    pub kernel: ir::Kernel,
    /// Slot `k` is bound to `slots[k]`.
    pub slots: Vec<SlotSource>,
    /// Scalar `k` is bound to `scalars[k]`.
    pub scalars: Vec<ScalarSource>,
    /// Index array `k` is bound to `idx_slots[k]`.
    pub idx_slots: Vec<IdxSource>,
    /// The distribution of each random column (`SlotSource::Random(k)`): one per
    /// occurrence of a random number in the code.
    pub random: Vec<Draw>,
    /// The `TimedArray` of each table of the kernel (table `k` holds the values of
    /// `timed_arrays[k]`).
    pub timed_arrays: Vec<Arc<TimedArray>>,
}

struct Lowerer<'a> {
    slots: Vec<SlotSource>,
    /// Position of each slot in `slots` (kernels may use thousands of columns).
    slot_index: std::collections::HashMap<SlotSource, u32>,
    scalars: Vec<ScalarSource>,
    idx_slots: Vec<IdxSource>,
    access: &'a dyn Fn(VarId) -> Access,
    /// Synaptic code: `i` and `j` are the pre- and postsynaptic indices.
    synaptic: bool,
    random: Vec<Draw>,
    timed_arrays: Vec<Arc<TimedArray>>,
}

impl Lowerer<'_> {
    /// The table of `ta` (one per array, however often it is called).
    fn table(&mut self, ta: &Arc<TimedArray>) -> u32 {
        match self.timed_arrays.iter().position(|x| Arc::ptr_eq(x, ta)) {
            Some(k) => k as u32,
            None => {
                self.timed_arrays.push(Arc::clone(ta));
                self.timed_arrays.len() as u32 - 1
            }
        }
    }

    /// A call of `TimedArray` `ta` with lowered arguments `(t)` or `(t, i)`.
    fn timed_array(&mut self, ta: &Arc<TimedArray>, mut args: Vec<ir::Expr>) -> ir::Expr {
        let b = Box::new;
        let k = self.table(ta);
        let eps = self.scalar(ScalarSource::TimedArrayEpsilon(k));
        let up = self.scalar(ScalarSource::TimedArrayUpsampling(k));
        let index = if args.len() > 1 { args.pop() } else { None };
        let t = args.pop().unwrap_or(ir::Expr::Const(f64::NAN));
        let bin = |op, x, y| ir::Expr::Binary(op, b(x), b(y));
        let row = bin(
            ir::BinOp::Div,
            bin(
                ir::BinOp::Add,
                bin(ir::BinOp::Div, t, eps),
                ir::Expr::Const(0.5),
            ),
            up,
        );
        let (Some(cols), Some(i)) = (ta.cols(), index) else {
            return ir::Expr::Lookup(k, b(row));
        };
        let row = ir::Expr::Call(
            ir::Intrinsic::Clip,
            vec![
                ir::Expr::Call(ir::Intrinsic::Trunc, vec![row]),
                ir::Expr::Const(0.0),
                ir::Expr::Const((ta.rows() - 1) as f64),
            ],
        );
        let col = ir::Expr::Call(ir::Intrinsic::Trunc, vec![i]);
        let cols = ir::Expr::Const(cols as f64);
        let flat = bin(
            ir::BinOp::Add,
            bin(ir::BinOp::Mul, row, cols.clone()),
            col.clone(),
        );
        let inside = bin(
            ir::BinOp::And,
            bin(ir::BinOp::Ge, col.clone(), ir::Expr::Const(0.0)),
            bin(ir::BinOp::Lt, col, cols),
        );
        ir::Expr::Select(
            b(inside),
            b(ir::Expr::Lookup(k, b(flat))),
            b(ir::Expr::Const(f64::NAN)),
        )
    }

    fn slot(&mut self, s: SlotSource) -> u32 {
        let next = self.slots.len() as u32;
        let k = *self.slot_index.entry(s).or_insert(next);
        if k == next {
            self.slots.push(s);
        }
        k
    }

    fn scalar(&mut self, s: ScalarSource) -> ir::Expr {
        let k = match self.scalars.iter().position(|x| *x == s) {
            Some(k) => k,
            None => {
                self.scalars.push(s);
                self.scalars.len() - 1
            }
        };
        ir::Expr::Scalar(k as u32)
    }

    fn idx_slot(&mut self, s: IdxSource) -> u32 {
        match self.idx_slots.iter().position(|x| *x == s) {
            Some(k) => k as u32,
            None => {
                self.idx_slots.push(s);
                self.idx_slots.len() as u32 - 1
            }
        }
    }

    /// The slot and index of variable `v`.
    fn var_access(&mut self, v: VarId) -> (u32, ir::Index) {
        let a = (self.access)(v);
        let index = match a.index {
            AccessIndex::Loop => ir::Index::Loop,
            AccessIndex::Zero => ir::Index::Zero,
            AccessIndex::Via(s) => ir::Index::Via(self.idx_slot(s)),
        };
        (self.slot(a.slot), index)
    }

    /// A neuron index of synaptic code: `idx[k] - start`.
    fn side_index(&mut self, s: IdxSource, start: ScalarSource) -> ir::Expr {
        let k = self.idx_slot(s);
        ir::Expr::Binary(
            ir::BinOp::Sub,
            Box::new(ir::Expr::IdxLoad(k)),
            Box::new(self.scalar(start)),
        )
    }

    fn expr(&mut self, e: &Expr) -> ir::Expr {
        let b = Box::new;
        match e {
            Expr::Const(c) => ir::Expr::Const(*c),
            Expr::Var(v) => {
                let (slot, idx) = self.var_access(*v);
                ir::Expr::Load(slot, idx)
            }
            Expr::Aux(a) => ir::Expr::Load(self.slot(SlotSource::Aux(*a)), ir::Index::Loop),
            Expr::Local(l) => ir::Expr::Local(*l),
            Expr::Random(d) => {
                // Every occurrence draws on its own: a column of its own.
                self.random.push(*d);
                let k = self.random.len() as u32 - 1;
                ir::Expr::Load(self.slot(SlotSource::Random(k)), ir::Index::Loop)
            }
            // State updaters replace stochastic variables; nothing else can contain one.
            Expr::Noise(_) => ir::Expr::Const(f64::NAN),
            Expr::Special(Special::T) => self.scalar(ScalarSource::T),
            Expr::Special(Special::Dt) => self.scalar(ScalarSource::Dt),
            Expr::Special(Special::N) => self.scalar(ScalarSource::N),
            Expr::Special(Special::NPre) => self.scalar(ScalarSource::NPre),
            Expr::Special(Special::NPost) => self.scalar(ScalarSource::NPost),
            Expr::Special(Special::I) if self.synaptic => {
                self.side_index(IdxSource::Pre, ScalarSource::PreStart)
            }
            Expr::Special(Special::J) => self.side_index(IdxSource::Post, ScalarSource::PostStart),
            Expr::Special(Special::I) => ir::Expr::Idx,
            Expr::Unary(UnOp::Neg, a) => ir::Expr::Unary(ir::UnOp::Neg, b(self.expr(a))),
            Expr::Unary(UnOp::Not, a) => ir::Expr::Unary(ir::UnOp::Not, b(self.expr(a))),
            Expr::Binary(op, x, y) => {
                let (lx, ly) = (self.expr(x), self.expr(y));
                let bin = |o| ir::Expr::Binary(o, Box::new(lx.clone()), Box::new(ly.clone()));
                match op {
                    BinOp::Add => bin(ir::BinOp::Add),
                    BinOp::Sub => bin(ir::BinOp::Sub),
                    BinOp::Mul => bin(ir::BinOp::Mul),
                    BinOp::Div => bin(ir::BinOp::Div),
                    BinOp::Lt => bin(ir::BinOp::Lt),
                    BinOp::Le => bin(ir::BinOp::Le),
                    BinOp::Gt => bin(ir::BinOp::Gt),
                    BinOp::Ge => bin(ir::BinOp::Ge),
                    BinOp::Eq => bin(ir::BinOp::Eq),
                    BinOp::Ne => bin(ir::BinOp::Ne),
                    BinOp::And => bin(ir::BinOp::And),
                    BinOp::Or => bin(ir::BinOp::Or),
                    BinOp::FloorDiv => ir::Expr::Call(ir::Intrinsic::FloorDiv, vec![lx, ly]),
                    BinOp::Mod => ir::Expr::Call(ir::Intrinsic::Mod, vec![lx, ly]),
                    BinOp::Pow => lower_pow(lx, ly, y),
                }
            }
            Expr::Call(f, args) => {
                let a: Vec<ir::Expr> = args.iter().map(|x| self.expr(x)).collect();
                let intrinsic = match f {
                    Func::Exp => ir::Intrinsic::Exp,
                    Func::Log => ir::Intrinsic::Log,
                    Func::Log10 => ir::Intrinsic::Log10,
                    Func::Sqrt => ir::Intrinsic::Sqrt,
                    Func::Sin => ir::Intrinsic::Sin,
                    Func::Cos => ir::Intrinsic::Cos,
                    Func::Tan => ir::Intrinsic::Tan,
                    Func::Arcsin => ir::Intrinsic::Asin,
                    Func::Arccos => ir::Intrinsic::Acos,
                    Func::Arctan => ir::Intrinsic::Atan,
                    Func::Sinh => ir::Intrinsic::Sinh,
                    Func::Cosh => ir::Intrinsic::Cosh,
                    Func::Tanh => ir::Intrinsic::Tanh,
                    Func::Abs => ir::Intrinsic::Abs,
                    Func::Floor => ir::Intrinsic::Floor,
                    Func::Ceil => ir::Intrinsic::Ceil,
                    Func::Int => ir::Intrinsic::Trunc,
                    Func::Sign => ir::Intrinsic::Sign,
                    Func::Exprel => ir::Intrinsic::Exprel,
                    Func::Clip => ir::Intrinsic::Clip,
                    Func::Timestep => {
                        // int((x + 1e-3*dt)/dt)
                        let (x, dt) = (a[0].clone(), a[1].clone());
                        let shifted = ir::Expr::Binary(
                            ir::BinOp::Add,
                            b(x),
                            b(ir::Expr::Binary(
                                ir::BinOp::Mul,
                                b(ir::Expr::Const(1e-3)),
                                b(dt.clone()),
                            )),
                        );
                        return ir::Expr::Call(
                            ir::Intrinsic::Trunc,
                            vec![ir::Expr::Binary(ir::BinOp::Div, b(shifted), b(dt))],
                        );
                    }
                };
                ir::Expr::Call(intrinsic, a)
            }
            Expr::TimedArray(ta, args) => {
                let a: Vec<ir::Expr> = args.iter().map(|x| self.expr(x)).collect();
                self.timed_array(ta, a)
            }
        }
    }
}

/// `x**2` and `x**3` become products (as Brian2's code generators do); other powers
/// call `pow`. The rewrite happens here, once, never inside a backend.
fn lower_pow(base: ir::Expr, lowered_exponent: ir::Expr, exponent: &Expr) -> ir::Expr {
    let mul = |a: ir::Expr, b: ir::Expr| ir::Expr::Binary(ir::BinOp::Mul, Box::new(a), Box::new(b));
    match exponent {
        Expr::Const(p) if *p == 1.0 => base,
        Expr::Const(p) if *p == 2.0 => mul(base.clone(), base),
        Expr::Const(p) if *p == 3.0 => mul(mul(base.clone(), base.clone()), base),
        _ => ir::Expr::Call(ir::Intrinsic::Pow, vec![base, lowered_exponent]),
    }
}

/// Expression trees higher than this are cut into kernel locals, so that every kernel
/// stays within the IR's depth limit (`spikelift_jit::verify::MAX_DEPTH`) whatever the
/// model: a sum of 900 terms is fine. The values are the same (f64 locals, no
/// side effects in expressions), only the tree shape changes.
pub const MAX_LOWERED_HEIGHT: usize = 200;

/// `e` with every subtree higher than [`MAX_LOWERED_HEIGHT`] computed first into a new
/// local (appended to `lets`, numbered from `*n_locals`); returns it with its height.
fn cut_deep(e: ir::Expr, lets: &mut Vec<ir::Stmt>, n_locals: &mut u32) -> (ir::Expr, usize) {
    let mut child = |c: ir::Expr, h: &mut usize| -> ir::Expr {
        let (c, ch) = cut_deep(c, lets, n_locals);
        if ch >= MAX_LOWERED_HEIGHT {
            let l = *n_locals;
            *n_locals += 1;
            lets.push(ir::Stmt::Let(l, c));
            ir::Expr::Local(l)
        } else {
            *h = (*h).max(ch + 1);
            c
        }
    };
    let mut h = 0;
    let e = match e {
        ir::Expr::Unary(op, a) => ir::Expr::Unary(op, Box::new(child(*a, &mut h))),
        ir::Expr::Binary(op, a, b) => {
            let a = child(*a, &mut h);
            let b = child(*b, &mut h);
            ir::Expr::Binary(op, Box::new(a), Box::new(b))
        }
        ir::Expr::Call(i, args) => {
            ir::Expr::Call(i, args.into_iter().map(|a| child(a, &mut h)).collect())
        }
        ir::Expr::Lookup(t, x) => ir::Expr::Lookup(t, Box::new(child(*x, &mut h))),
        ir::Expr::Select(c, a, b) => {
            let c = child(*c, &mut h);
            let a = child(*a, &mut h);
            let b = child(*b, &mut h);
            ir::Expr::Select(Box::new(c), Box::new(a), Box::new(b))
        }
        leaf => leaf,
    };
    (e, h)
}

/// Lower the code of a group to a kernel of the given shape. `access` says where each
/// variable lives: its own column (at element 0 for a shared variable), or for a
/// linked variable the column of another group (`GroupState::access`).
pub fn lower(
    name: &str,
    code: &AbstractCode,
    shape: ir::Shape,
    access: &dyn Fn(VarId) -> Access,
) -> LoweredKernel {
    lower_with(name, code, shape, access, false)
}

/// Lower `code` with explicit variable accesses; `synaptic`: `i` and `j` are the
/// pre- and postsynaptic neuron indices (the loop runs over synapses).
pub fn lower_with(
    name: &str,
    code: &AbstractCode,
    shape: ir::Shape,
    access: &dyn Fn(VarId) -> Access,
    synaptic: bool,
) -> LoweredKernel {
    let mut l = Lowerer {
        slots: Vec::new(),
        slot_index: std::collections::HashMap::new(),
        scalars: Vec::new(),
        idx_slots: Vec::new(),
        access,
        synaptic,
        random: Vec::new(),
        timed_arrays: Vec::new(),
    };
    let mut body = Vec::with_capacity(code.stmts.len());
    for s in &code.stmts {
        body.push(match s {
            Stmt::Let(k, e) => ir::Stmt::Let(*k, l.expr(e)),
            Stmt::Store(v, e) => {
                let value = l.expr(e);
                let (slot, idx) = l.var_access(*v);
                ir::Stmt::Store(slot, idx, value)
            }
            Stmt::StoreIf(c, v, e) => {
                let cond = l.expr(c);
                let value = l.expr(e);
                let (slot, idx) = l.var_access(*v);
                let old = ir::Expr::Load(slot, idx);
                ir::Stmt::Store(
                    slot,
                    idx,
                    ir::Expr::Select(Box::new(cond), Box::new(value), Box::new(old)),
                )
            }
            Stmt::StoreAux(a, e) => {
                let value = l.expr(e);
                ir::Stmt::Store(l.slot(SlotSource::Aux(*a)), ir::Index::Loop, value)
            }
            Stmt::EmitIf(e) => ir::Stmt::EmitIf(l.expr(e)),
        });
    }
    // Cut trees too deep for the kernel IR into locals computed just before their
    // statement.
    let mut n_locals = code.n_locals;
    let mut shallow = Vec::with_capacity(body.len());
    for stmt in body {
        let mut cut = |e: ir::Expr, out: &mut Vec<ir::Stmt>| cut_deep(e, out, &mut n_locals).0;
        let mut lets = Vec::new();
        let stmt = match stmt {
            ir::Stmt::Let(k, e) => ir::Stmt::Let(k, cut(e, &mut lets)),
            ir::Stmt::Store(slot, idx, e) => ir::Stmt::Store(slot, idx, cut(e, &mut lets)),
            ir::Stmt::EmitIf(e) => ir::Stmt::EmitIf(cut(e, &mut lets)),
        };
        shallow.append(&mut lets);
        shallow.push(stmt);
    }
    let kernel = ir::Kernel {
        name: name.to_string(),
        shape,
        n_slots: l.slots.len() as u32,
        n_scalars: l.scalars.len() as u32,
        n_idx_slots: l.idx_slots.len() as u32,
        n_locals,
        tables: l
            .timed_arrays
            .iter()
            .map(|ta| u32::try_from(ta.values().len()).unwrap_or(u32::MAX))
            .collect(),
        body: shallow,
    };
    LoweredKernel {
        kernel,
        slots: l.slots,
        scalars: l.scalars,
        idx_slots: l.idx_slots,
        random: l.random,
        timed_arrays: l.timed_arrays,
    }
}
