//! Abstract code: the unit-free statements a code object runs for each neuron, before
//! they are lowered to the kernel IR.
//!
//! Brian2 calls this "abstract code": a block executed independently for each item.
//! Here it is a typed value, not a string.

use crate::check::typed::{Expr, VarId};
use std::fmt;

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// Assign a temporary.
    Let(u32, Expr),
    /// Write a group variable.
    Store(VarId, Expr),
    /// Write a group variable only where the condition holds (Brian2's conditional
    /// write, used for `(unless refractory)` variables).
    StoreIf(Expr, VarId, Expr),
    /// Write an auxiliary column of the code object.
    StoreAux(u32, Expr),
    /// Report the current neuron as having an event (spike) if the condition holds.
    EmitIf(Expr),
}

/// The statements of one code object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AbstractCode {
    /// Statements, run in order for each neuron.
    pub stmts: Vec<Stmt>,
    /// Number of temporaries used.
    pub n_locals: u32,
}

impl AbstractCode {
    /// A fresh temporary.
    pub fn new_local(&mut self) -> u32 {
        self.n_locals += 1;
        self.n_locals - 1
    }

    /// Append `let tmp = e` and return `tmp` as an expression.
    pub fn let_(&mut self, e: Expr) -> Expr {
        let l = self.new_local();
        self.stmts.push(Stmt::Let(l, e));
        Expr::Local(l)
    }
}

impl fmt::Display for AbstractCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.stmts {
            match s {
                Stmt::Let(l, e) => writeln!(f, "_tmp{l} = {e}")?,
                Stmt::Store(v, e) => writeln!(f, "${} = {e}", v.0)?,
                Stmt::StoreIf(c, v, e) => writeln!(f, "if {c}: ${} = {e}", v.0)?,
                Stmt::StoreAux(a, e) => writeln!(f, "_aux{a} = {e}")?,
                Stmt::EmitIf(e) => writeln!(f, "emit if {e}")?,
            }
        }
        Ok(())
    }
}
