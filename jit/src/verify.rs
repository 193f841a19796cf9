//! Static checks on a [`Kernel`] and the facts the executor needs about it.
//!
//! [`verify`] is run before any kernel is interpreted or compiled: every id is in range,
//! every call has the right arity, every local is assigned before it is read (in
//! statement order, within one iteration), every table is declared with at least one
//! element, `EmitIf` appears only in `EachIndex` kernels and at most once, and
//! expression trees are not deeper than [`MAX_DEPTH`].
//!
//! [`analyze`] summarises how a (verified) kernel touches its array slots; in particular
//! whether it may be run in parallel chunks ([`Analysis::parallel_safe`]).

use thiserror::Error;

use crate::ir::{
    Expr, IdxSlotId, Index, Intrinsic, Kernel, LocalId, ScalarId, Shape, SlotId, Stmt, TableId,
};

/// Maximum nesting depth of an expression tree (both executors recurse over the tree).
pub const MAX_DEPTH: usize = 512;

/// Why a kernel was rejected. `stmt` is the index of the offending statement in `body`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// An array slot id is `>= n_slots`.
    #[error("statement {stmt}: array slot {slot} out of range (kernel has {n_slots} slots)")]
    SlotOutOfRange {
        /// Statement index.
        stmt: usize,
        /// The offending slot.
        slot: SlotId,
        /// `Kernel::n_slots`.
        n_slots: u32,
    },
    /// A scalar id is `>= n_scalars`.
    #[error("statement {stmt}: scalar {scalar} out of range (kernel has {n_scalars} scalars)")]
    ScalarOutOfRange {
        /// Statement index.
        stmt: usize,
        /// The offending scalar.
        scalar: ScalarId,
        /// `Kernel::n_scalars`.
        n_scalars: u32,
    },
    /// An index-array id is `>= n_idx_slots`.
    #[error(
        "statement {stmt}: index array {idx_slot} out of range (kernel has {n_idx_slots} index arrays)"
    )]
    IdxSlotOutOfRange {
        /// Statement index.
        stmt: usize,
        /// The offending index array.
        idx_slot: IdxSlotId,
        /// `Kernel::n_idx_slots`.
        n_idx_slots: u32,
    },
    /// A local id is `>= n_locals`.
    #[error("statement {stmt}: local {local} out of range (kernel has {n_locals} locals)")]
    LocalOutOfRange {
        /// Statement index.
        stmt: usize,
        /// The offending local.
        local: LocalId,
        /// `Kernel::n_locals`.
        n_locals: u32,
    },
    /// A local is read before any statement assigned it.
    #[error("statement {stmt}: local {local} is read before it is assigned")]
    LocalUnassigned {
        /// Statement index.
        stmt: usize,
        /// The offending local.
        local: LocalId,
    },
    /// An intrinsic call has the wrong number of arguments.
    #[error("statement {stmt}: {intrinsic:?} takes {expected} argument(s), got {got}")]
    Arity {
        /// Statement index.
        stmt: usize,
        /// The intrinsic called.
        intrinsic: Intrinsic,
        /// Its arity.
        expected: usize,
        /// Number of arguments given.
        got: usize,
    },
    /// `EmitIf` in an `EachEvent` kernel.
    #[error("statement {stmt}: EmitIf is only allowed in EachIndex kernels")]
    EmitInEventKernel {
        /// Statement index.
        stmt: usize,
    },
    /// A second `EmitIf` (each index may be emitted at most once, so events stay ascending
    /// and fit in a buffer of one entry per iteration).
    #[error("statement {stmt}: a kernel may contain at most one EmitIf")]
    MultipleEmitIf {
        /// Statement index.
        stmt: usize,
    },
    /// A `Lookup` of a table id `>= tables.len()`.
    #[error("statement {stmt}: table {table} out of range (kernel has {n_tables} tables)")]
    TableOutOfRange {
        /// Statement index.
        stmt: usize,
        /// The offending table.
        table: TableId,
        /// `Kernel::tables.len()`.
        n_tables: usize,
    },
    /// A table declared with no elements (a lookup would have nothing to read).
    #[error("table {table} is declared with no elements")]
    EmptyTable {
        /// The table.
        table: TableId,
    },
    /// An expression tree nested deeper than [`MAX_DEPTH`].
    #[error("statement {stmt}: expression nested deeper than {MAX_DEPTH}")]
    TooDeep {
        /// Statement index.
        stmt: usize,
    },
}

struct Checker<'k> {
    kernel: &'k Kernel,
    assigned: Vec<bool>,
    stmt: usize,
}

impl Checker<'_> {
    fn slot(&self, slot: SlotId) -> Result<(), VerifyError> {
        if slot >= self.kernel.n_slots {
            return Err(VerifyError::SlotOutOfRange {
                stmt: self.stmt,
                slot,
                n_slots: self.kernel.n_slots,
            });
        }
        Ok(())
    }

    fn idx_slot(&self, v: IdxSlotId) -> Result<(), VerifyError> {
        if v >= self.kernel.n_idx_slots {
            return Err(VerifyError::IdxSlotOutOfRange {
                stmt: self.stmt,
                idx_slot: v,
                n_idx_slots: self.kernel.n_idx_slots,
            });
        }
        Ok(())
    }

    fn access(&self, slot: SlotId, index: Index) -> Result<(), VerifyError> {
        self.slot(slot)?;
        match index {
            Index::Via(v) => self.idx_slot(v),
            Index::Loop | Index::Zero => Ok(()),
        }
    }

    fn local_in_range(&self, local: LocalId) -> Result<(), VerifyError> {
        if local >= self.kernel.n_locals {
            return Err(VerifyError::LocalOutOfRange {
                stmt: self.stmt,
                local,
                n_locals: self.kernel.n_locals,
            });
        }
        Ok(())
    }

    fn expr(&self, e: &Expr, depth: usize) -> Result<(), VerifyError> {
        if depth > MAX_DEPTH {
            return Err(VerifyError::TooDeep { stmt: self.stmt });
        }
        match e {
            Expr::Const(_) | Expr::Idx => Ok(()),
            Expr::Scalar(s) => {
                if *s >= self.kernel.n_scalars {
                    return Err(VerifyError::ScalarOutOfRange {
                        stmt: self.stmt,
                        scalar: *s,
                        n_scalars: self.kernel.n_scalars,
                    });
                }
                Ok(())
            }
            Expr::Load(slot, index) => self.access(*slot, *index),
            Expr::IdxLoad(v) => self.idx_slot(*v),
            Expr::Local(l) => {
                self.local_in_range(*l)?;
                if !self.assigned[*l as usize] {
                    return Err(VerifyError::LocalUnassigned {
                        stmt: self.stmt,
                        local: *l,
                    });
                }
                Ok(())
            }
            Expr::Unary(_, x) => self.expr(x, depth + 1),
            Expr::Binary(_, a, b) => {
                self.expr(a, depth + 1)?;
                self.expr(b, depth + 1)
            }
            Expr::Call(i, args) => {
                if args.len() != i.arity() {
                    return Err(VerifyError::Arity {
                        stmt: self.stmt,
                        intrinsic: *i,
                        expected: i.arity(),
                        got: args.len(),
                    });
                }
                args.iter().try_for_each(|a| self.expr(a, depth + 1))
            }
            Expr::Select(c, a, b) => {
                self.expr(c, depth + 1)?;
                self.expr(a, depth + 1)?;
                self.expr(b, depth + 1)
            }
            Expr::Lookup(t, x) => {
                if *t as usize >= self.kernel.tables.len() {
                    return Err(VerifyError::TableOutOfRange {
                        stmt: self.stmt,
                        table: *t,
                        n_tables: self.kernel.tables.len(),
                    });
                }
                self.expr(x, depth + 1)
            }
        }
    }
}

/// Checks that `kernel` is well formed; both executors rely on this.
pub fn verify(kernel: &Kernel) -> Result<(), VerifyError> {
    let mut c = Checker {
        kernel,
        assigned: vec![false; kernel.n_locals as usize],
        stmt: 0,
    };
    if let Some(t) = kernel.tables.iter().position(|&len| len == 0) {
        return Err(VerifyError::EmptyTable {
            table: t as TableId,
        });
    }
    let mut seen_emit = false;
    for (i, s) in kernel.body.iter().enumerate() {
        c.stmt = i;
        match s {
            Stmt::Let(l, e) => {
                c.expr(e, 1)?;
                c.local_in_range(*l)?;
                c.assigned[*l as usize] = true;
            }
            Stmt::Store(slot, index, e) => {
                c.access(*slot, *index)?;
                c.expr(e, 1)?;
            }
            Stmt::EmitIf(e) => {
                if kernel.shape != Shape::EachIndex {
                    return Err(VerifyError::EmitInEventKernel { stmt: i });
                }
                if seen_emit {
                    return Err(VerifyError::MultipleEmitIf { stmt: i });
                }
                seen_emit = true;
                c.expr(e, 1)?;
            }
        }
    }
    Ok(())
}

/// How a kernel uses one array slot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotUse {
    /// Read or written at [`Index::Loop`] (needs one element per loop index).
    pub loop_access: bool,
    /// Read or written at [`Index::Zero`] (needs at least one element).
    pub zero_access: bool,
    /// Written at [`Index::Loop`].
    pub loop_stored: bool,
    /// Written at [`Index::Zero`].
    pub zero_stored: bool,
    /// Read at [`Index::Zero`].
    pub zero_loaded: bool,
    /// Read or written at an [`Index::Via`] index.
    pub via_access: bool,
    /// Written at an [`Index::Via`] index.
    pub via_stored: bool,
}

/// What the executor needs to know about a kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// One entry per slot (`n_slots` entries).
    pub slots: Vec<SlotUse>,
    /// The kernel contains an `EmitIf`.
    pub has_emit: bool,
    /// See [`is_parallel_safe`].
    pub parallel_safe: bool,
    /// For each index array (`n_idx_slots` entries): whether the kernel reads it.
    pub idx_used: Vec<bool>,
    /// Every (array, index array) pair accessed as `Load`/`Store(array, Via(index
    /// array))`, without repetitions: the values of the index array must be valid
    /// elements of the array.
    pub via_pairs: Vec<(SlotId, IdxSlotId)>,
}

fn visit(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Const(_)
        | Expr::Scalar(_)
        | Expr::Idx
        | Expr::Load(..)
        | Expr::IdxLoad(_)
        | Expr::Local(_) => {}
        Expr::Unary(_, x) | Expr::Lookup(_, x) => visit(x, f),
        Expr::Binary(_, a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| visit(a, f)),
        Expr::Select(c, a, b) => {
            visit(c, f);
            visit(a, f);
            visit(b, f);
        }
    }
}

/// Summarises slot usage. Meant for verified kernels; out-of-range slots are ignored.
pub fn analyze(kernel: &Kernel) -> Analysis {
    let mut slots = vec![SlotUse::default(); kernel.n_slots as usize];
    let mut idx_used = vec![false; kernel.n_idx_slots as usize];
    let mut via_pairs: Vec<(SlotId, IdxSlotId)> = Vec::new();
    let mut has_emit = false;
    let mut note = |slot: SlotId, index: Index, stored: bool, idx_used: &mut Vec<bool>| {
        let Some(u) = slots.get_mut(slot as usize) else {
            return;
        };
        match index {
            Index::Loop => {
                u.loop_access = true;
                u.loop_stored |= stored;
            }
            Index::Zero => {
                u.zero_access = true;
                u.zero_stored |= stored;
                u.zero_loaded |= !stored;
            }
            Index::Via(v) => {
                u.via_access = true;
                u.via_stored |= stored;
                if let Some(used) = idx_used.get_mut(v as usize) {
                    *used = true;
                }
                if !via_pairs.contains(&(slot, v)) {
                    via_pairs.push((slot, v));
                }
            }
        }
    };
    for s in &kernel.body {
        let e = match s {
            Stmt::Let(_, e) => e,
            Stmt::Store(slot, index, e) => {
                note(*slot, *index, true, &mut idx_used);
                e
            }
            Stmt::EmitIf(e) => {
                has_emit = true;
                e
            }
        };
        visit(e, &mut |x| match x {
            Expr::Load(slot, index) => note(*slot, *index, false, &mut idx_used),
            Expr::IdxLoad(v) => {
                if let Some(used) = idx_used.get_mut(*v as usize) {
                    *used = true;
                }
            }
            _ => {}
        });
    }
    let racy = |u: &SlotUse| {
        u.zero_stored
            || (u.zero_loaded && u.loop_stored)
            || u.via_stored
            || (u.via_access && u.loop_stored)
    };
    let parallel_safe = !slots.iter().any(racy);
    Analysis {
        slots,
        has_emit,
        parallel_safe,
        idx_used,
        via_pairs,
    }
}

/// Whether an `EachEvent` kernel may run over blocks of distinct events concurrently,
/// the blocks grouping events by their element of index array `by`, with the same
/// result as a serial run: no store at `Index::Zero`; an array stored at `Index::Loop`
/// is accessed only at `Index::Loop` (each event's own element); an array stored
/// through an index array is stored and read only through `by` (elements of the
/// event's block); other arrays are only read. Synaptic code that changes its own
/// synapse and its postsynaptic neuron qualifies.
pub fn partitionable_by(a: &Analysis, by: IdxSlotId) -> bool {
    a.slots.iter().enumerate().all(|(s, u)| {
        let through = |v: IdxSlotId| a.via_pairs.iter().any(|&(x, w)| x as usize == s && w == v);
        let through_other = a.via_pairs.iter().any(|&(x, w)| x as usize == s && w != by);
        if u.zero_stored {
            return false;
        }
        if u.loop_stored && (u.via_access || u.zero_access) {
            return false;
        }
        if u.via_stored && (u.loop_access || u.zero_access || through_other || !through(by)) {
            return false;
        }
        true
    })
}

/// Whether the kernel may be run over disjoint index chunks concurrently, with the same
/// result as a serial run.
///
/// True iff the kernel has no `Store(_, Index::Zero, _)` (a write to a shared element
/// would race) and no slot is both stored at `Index::Loop` and loaded at `Index::Zero`
/// (the chunk containing index 0 would write the element every other chunk reads),
/// no store at an `Index::Via` index (two iterations may write the same element) and
/// no slot both accessed through an index array and stored at `Index::Loop`. Every
/// remaining write touches only element `idx` of its chunk.
pub fn is_parallel_safe(kernel: &Kernel) -> bool {
    analyze(kernel).parallel_safe
}
