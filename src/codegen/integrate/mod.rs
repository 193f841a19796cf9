//! State updaters: turn a system of differential equations into abstract code that
//! advances it by one time step, with Brian2's integration methods and Brian2's rule
//! for choosing one.
//!
//! Explicit Runge-Kutta methods are written as data over the right-hand sides
//! (`explicit`), `exponential_euler` needs conditionally linear equations
//! (`exponential_euler`), and `exact` needs a linear system with constant
//! coefficients (`exact`). Equations with white noise (`xi`) are integrated by
//! `stochastic` (`euler`, `heun`, `milstein`).

pub mod exact;
pub mod explicit;
pub mod exponential_euler;
pub mod stochastic;

use super::abstract_code::{AbstractCode, Stmt};
use crate::check::typed::{Expr, VarId};
use std::fmt;

/// An integration method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Exact integration of linear systems (`'exact'`, alias `'linear'`).
    Exact,
    /// Forward Euler.
    Euler,
    /// Second-order Runge-Kutta (midpoint).
    Rk2,
    /// Classical fourth-order Runge-Kutta.
    Rk4,
    /// Stochastic Heun; identical to Euler for deterministic equations.
    Heun,
    /// Derivative-free Milstein; identical to Euler for deterministic equations.
    Milstein,
    /// Exponential Euler for conditionally linear equations.
    ExponentialEuler,
}

impl Method {
    /// Parse a method name as Brian2 accepts it.
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "exact" | "linear" => Method::Exact,
            "euler" => Method::Euler,
            "rk2" => Method::Rk2,
            "rk4" => Method::Rk4,
            "heun" => Method::Heun,
            "milstein" => Method::Milstein,
            "exponential_euler" => Method::ExponentialEuler,
            _ => return None,
        })
    }

    /// Every method name Brian2 users can write.
    pub const NAMES: [&'static str; 8] = [
        "exact",
        "linear",
        "euler",
        "rk2",
        "rk4",
        "heun",
        "milstein",
        "exponential_euler",
    ];

    /// Brian2's name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Euler => "euler",
            Method::Rk2 => "rk2",
            Method::Rk4 => "rk4",
            Method::Heun => "heun",
            Method::Milstein => "milstein",
            Method::ExponentialEuler => "exponential_euler",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The differential equations of a group, with subexpressions substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct OdeSystem {
    /// The variables, in equation order.
    pub vars: Vec<VarId>,
    /// Their right-hand sides (without the refractoriness factor).
    pub rhs: Vec<Expr>,
    /// Which variables are `(unless refractory)`.
    pub unless_refractory: Vec<bool>,
    /// The `not_refractory` variable, if the group is refractory.
    pub not_refractory: Option<VarId>,
}

impl OdeSystem {
    /// The right-hand side of equation `k` as integrated: multiplied by
    /// `not_refractory` for `(unless refractory)` variables, as Brian2 does.
    pub fn effective_rhs(&self, k: usize) -> Expr {
        match (self.unless_refractory[k], self.not_refractory) {
            (true, Some(nr)) => Expr::mul(Expr::Var(nr), self.rhs[k].clone()),
            _ => self.rhs[k].clone(),
        }
    }

    /// Append the writes of the new values: conditional on `not_refractory` for
    /// `(unless refractory)` variables.
    pub fn store_new_values(&self, code: &mut AbstractCode, new_values: Vec<Expr>) {
        for (k, value) in new_values.into_iter().enumerate() {
            let var = self.vars[k];
            match (self.unless_refractory[k], self.not_refractory) {
                (true, Some(nr)) => code.stmts.push(Stmt::StoreIf(Expr::Var(nr), var, value)),
                _ => code.stmts.push(Stmt::Store(var, value)),
            }
        }
    }
}

/// Why a method cannot integrate a system.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported(pub String);
