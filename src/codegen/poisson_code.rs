//! The abstract code of a `PoissonInput`: Brian2's `target_var += binomial()*weight`,
//! with the binomial count of `N` inputs firing with probability `rate*dt` each.

use super::abstract_code::{AbstractCode, Stmt};
use crate::check::typed::{Draw, Expr};
use crate::runtime::objects::PoissonInputSpec;

/// `var += Binomial(n, rate*dt) * weight` for the neurons `start..stop` of a group of
/// `n_neurons` (a condition on `i` only when the input targets part of the group).
/// `weight`: the checked weight expression, when the weight was given as one (on a
/// subgroup, its `i` and `N` are the subgroup's).
pub fn poisson_input(
    input: &PoissonInputSpec,
    n_neurons: usize,
    dt: f64,
    weight: Option<Expr>,
) -> AbstractCode {
    let var = Expr::Var(input.var);
    let events = Expr::Random(Draw::Binomial {
        n: input.n,
        p: input.rate * dt,
    });
    let whole = input.start == 0 && input.stop == n_neurons;
    let weight = match weight {
        // on a subgroup, `i` and `N` in the weight are the subgroup's
        Some(w) if !whole => w.on_subgroup(input.start, input.stop),
        Some(w) => w,
        None => Expr::Const(input.weight),
    };
    let value = Expr::add(var.clone(), Expr::mul(events, weight));
    let mut code = AbstractCode::default();
    if whole {
        code.stmts.push(Stmt::Store(input.var, value));
    } else {
        let cond = Expr::index_in(input.start, input.stop);
        code.stmts.push(Stmt::StoreIf(cond, input.var, value));
    }
    code
}
