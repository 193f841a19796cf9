//! `exponential_euler`: for each variable `x`, the right-hand side is expanded and
//! collected as `M*x + B` (M and B may depend non-linearly on other variables, and on
//! `x` inside functions); the update is `x_new = -B/M + (x + B/M)*exp(M*dt)`, or
//! `x + dt*B` when there is no linear term, or `x*exp(M*dt)` when `B == 0`, all
//! computed from the values at the start of the step.

use super::{OdeSystem, Unsupported};
use crate::check::typed::{Expr, Func, Special};
use crate::codegen::abstract_code::AbstractCode;
use crate::codegen::sym::{Symbol, collect_linear, expand, prune, to_expr};

/// Append the exponential Euler update of `sys` to `code`, or say why it cannot apply.
pub fn integrate(sys: &OdeSystem, code: &mut AbstractCode) -> Result<(), Unsupported> {
    let dt = Expr::Special(Special::Dt);
    let mut new_values = Vec::new();
    for (k, var) in sys.vars.iter().enumerate() {
        let x = Expr::Var(*var);
        let poly = expand(&sys.rhs[k]);
        let (m, b) = collect_linear(&poly, Symbol::Var(*var)).ok_or_else(|| {
            Unsupported(
                "Can only solve conditionally linear systems with this state updater.".to_string(),
            )
        })?;
        let (m, b) = (prune(m), prune(b));
        // `(unless refractory)`: Brian2 multiplies the right-hand side by
        // not_refractory; the factor cancels in B/M and remains in the exponent.
        let dt_eff = match (sys.unless_refractory[k], sys.not_refractory) {
            (true, Some(nr)) => Expr::mul(Expr::Var(nr), dt.clone()),
            _ => dt.clone(),
        };
        let new = if m.is_empty() {
            Expr::add(x, Expr::mul(dt_eff, to_expr(&b)))
        } else if b.is_empty() {
            Expr::mul(x, Expr::call1(Func::Exp, Expr::mul(to_expr(&m), dt_eff)))
        } else {
            let m_expr = code.let_(to_expr(&m));
            let ba = code.let_(Expr::div(to_expr(&b), m_expr.clone()));
            Expr::sub(
                Expr::mul(
                    Expr::add(x, ba.clone()),
                    Expr::call1(Func::Exp, Expr::mul(m_expr, dt_eff)),
                ),
                ba,
            )
        };
        new_values.push(code.let_(new));
    }
    sys.store_new_values(code, new_values);
    Ok(())
}
