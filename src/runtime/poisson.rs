//! Checking a `PoissonInput` weight given as an expression of its target group
//! (Brian2's `weight='...'`): it must have the unit of the target variable.

use crate::check::dims::{Checker, Scope};
use crate::check::model::GroupDefinition;
use crate::check::typed::Expr;
use crate::check::{ErrorKind, ModelError, Namespace};
use crate::runtime::objects::PoissonInputSpec;
use crate::syntax::ast;

/// The checked weight expression of `input` in the scope of its target group.
pub fn check_weight(
    def: &GroupDefinition,
    input: &PoissonInputSpec,
    text: &str,
    ast: &ast::Expr,
    namespaces: &[&Namespace],
) -> Result<Expr, ModelError> {
    let vars = def.scope_vars();
    let typed = Checker {
        scope: Scope {
            vars: &vars,
            namespaces,
        },
        context: "PoissonInput weight",
        source: text,
    }
    .check(ast)?;
    let want = def.var(input.var).dim;
    if typed.dim != want {
        return Err(ModelError::new(
            ErrorKind::DimensionMismatch,
            format!(
                "The provided weight does not have the same unit as the target variable '{}': the weight has unit {}, the variable has unit {want}",
                def.var(input.var).name,
                typed.dim
            ),
            "PoissonInput weight",
            text,
            ast.span,
        ));
    }
    Ok(typed.expr)
}
