//! Explicit Runge-Kutta methods (`euler`, `rk2`, `rk4`, and `heun`, which is Euler for
//! deterministic equations), written as Brian2 writes them:
//! `euler`: `x_new = x + dt*f(x,t)`;
//! `rk2`: `k = dt*f(x,t); x_new = x + dt*f(x + k/2, t + dt/2)`;
//! `rk4`: `k1..k4` and `x_new = x + (k1 + 2*k2 + 2*k3 + k4)/6`.

use super::{Method, OdeSystem};
use crate::check::typed::{Expr, Special, VarId};
use crate::codegen::abstract_code::AbstractCode;
use std::collections::HashMap;

/// `f(x + shift, t + t_shift)`: every equation's right-hand side with the state
/// variables shifted by `shifts` (None = unshifted) and the time by `t_shift * dt`.
/// `position` maps each state variable to its index in `sys.vars`.
fn stage(
    sys: &OdeSystem,
    position: &HashMap<VarId, usize>,
    k: usize,
    shifts: Option<&[Expr]>,
    t_shift: Option<Expr>,
) -> Expr {
    let rhs = sys.effective_rhs(k);
    rhs.replace(&|e| {
        if let (Some(sh), Expr::Var(v)) = (shifts, e)
            && let Some(&j) = position.get(v)
        {
            return Some(Expr::add(e.clone(), sh[j].clone()));
        }
        if let (Some(ts), Expr::Special(Special::T)) = (&t_shift, e) {
            return Some(Expr::add(e.clone(), ts.clone()));
        }
        None
    })
}

fn dt() -> Expr {
    Expr::Special(Special::Dt)
}

/// Append the update of `sys` by one explicit method step to `code`.
pub fn integrate(sys: &OdeSystem, method: Method, code: &mut AbstractCode) {
    let n = sys.vars.len();
    let position: HashMap<VarId, usize> =
        sys.vars.iter().enumerate().map(|(k, v)| (*v, k)).collect();
    let stage = |k, shifts, t_shift| stage(sys, &position, k, shifts, t_shift);
    let x = |k: usize| Expr::Var(sys.vars[k]);
    let half = |e: Expr| Expr::div(e, Expr::Const(2.0));
    let new_values: Vec<Expr> = match method {
        Method::Rk2 => {
            let k1: Vec<Expr> = (0..n)
                .map(|k| code.let_(Expr::mul(dt(), stage(k, None, None))))
                .collect();
            let shifts: Vec<Expr> = k1.iter().cloned().map(half).collect();
            (0..n)
                .map(|k| {
                    code.let_(Expr::add(
                        x(k),
                        Expr::mul(dt(), stage(k, Some(&shifts), Some(half(dt())))),
                    ))
                })
                .collect()
        }
        Method::Rk4 => {
            let k1: Vec<Expr> = (0..n)
                .map(|k| code.let_(Expr::mul(dt(), stage(k, None, None))))
                .collect();
            let s1: Vec<Expr> = k1.iter().cloned().map(half).collect();
            let k2: Vec<Expr> = (0..n)
                .map(|k| code.let_(Expr::mul(dt(), stage(k, Some(&s1), Some(half(dt()))))))
                .collect();
            let s2: Vec<Expr> = k2.iter().cloned().map(half).collect();
            let k3: Vec<Expr> = (0..n)
                .map(|k| code.let_(Expr::mul(dt(), stage(k, Some(&s2), Some(half(dt()))))))
                .collect();
            let k4: Vec<Expr> = (0..n)
                .map(|k| code.let_(Expr::mul(dt(), stage(k, Some(&k3), Some(dt())))))
                .collect();
            (0..n)
                .map(|k| {
                    let two = |e: &Expr| Expr::mul(Expr::Const(2.0), e.clone());
                    let sum = Expr::add(
                        Expr::add(Expr::add(k1[k].clone(), two(&k2[k])), two(&k3[k])),
                        k4[k].clone(),
                    );
                    code.let_(Expr::add(x(k), Expr::div(sum, Expr::Const(6.0))))
                })
                .collect()
        }
        // Euler; Heun without noise terms is the same scheme.
        _ => (0..n)
            .map(|k| code.let_(Expr::add(x(k), Expr::mul(dt(), stage(k, None, None)))))
            .collect(),
    };
    sys.store_new_values(code, new_values);
}
