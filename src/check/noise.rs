//! Stochastic variables of equations: the names `xi` and `xi_*` that a group's
//! differential equations use, Brian2's rules for them, and their entries in the scope
//! of those equations.
//!
//! Rules (Brian2's `Equations`): a stochastic variable may only appear in differential
//! equations, `xi` itself in only one of them (the same noise in two equations is
//! written with one `xi_name`), and every stochastic variable has unit `second**-0.5`.
//! Names declared as variables of the group are variables, not noise.

use super::dims::{VarInfo, VarTarget};
use super::error::{ErrorKind, ModelError};
use super::model::{GroupDefinition, VarKind};
use super::typed::Dtype;
use crate::diag::Span;
use crate::syntax::ast;
use crate::units::Dimension;

/// The unit of a stochastic variable: `second**-0.5`.
pub fn noise_dimension() -> Dimension {
    Dimension::TIME.sqrt().powi(-1)
}

/// Whether `name` is Brian2's name of a stochastic variable.
fn is_noise_name(name: &str) -> bool {
    name == "xi" || name.starts_with("xi_")
}

/// Every stochastic variable name in `e` with its first span (in order of appearance).
fn noise_uses(e: &ast::Expr, def: &GroupDefinition, out: &mut Vec<(String, Span)>) {
    use ast::ExprKind as K;
    match &e.kind {
        K::Name(n)
            if is_noise_name(n) && def.var_id(n).is_none() && !out.iter().any(|(m, _)| m == n) =>
        {
            out.push((n.clone(), e.span));
        }
        K::Unary(_, a) => noise_uses(a, def, out),
        K::Binary(_, a, b) | K::Compare(_, a, b) | K::BoolOp(_, a, b) => {
            noise_uses(a, def, out);
            noise_uses(b, def, out);
        }
        K::Call { args, .. } => args.iter().for_each(|a| noise_uses(a, def, out)),
        _ => {}
    }
}

/// The stochastic variables of `def`'s equations, sorted by name, or Brian2's error
/// for one used outside a differential equation or `xi` used in two equations.
pub fn noise_names(def: &GroupDefinition) -> Result<Vec<String>, ModelError> {
    let mut names: Vec<String> = Vec::new();
    let mut xi_user: Option<&str> = None;
    for v in &def.vars {
        let mut uses = Vec::new();
        match &v.kind {
            VarKind::Differential(rhs) => noise_uses(rhs, def, &mut uses),
            VarKind::Subexpression(e) => {
                noise_uses(e, def, &mut uses);
                if let Some((name, span)) = uses.first() {
                    return Err(ModelError::new(
                        ErrorKind::Value,
                        format!(
                            "The equation defining '{}' contains the symbol '{name}' but is not a differential equation.",
                            v.name
                        ),
                        "equations",
                        &def.equations_text,
                        *span,
                    ));
                }
            }
            _ => {}
        }
        for (name, span) in uses {
            if name == "xi" {
                if let Some(other) = xi_user {
                    return Err(ModelError::new(
                        ErrorKind::Value,
                        format!(
                            "The equation defining {} contains the symbol 'xi', but it is already used in the equation defining {other}. Rename the variables to 'xi_...' to make clear whether they are the same or independent random variables.",
                            v.name
                        ),
                        "equations",
                        &def.equations_text,
                        span,
                    ));
                }
                xi_user = Some(&v.name);
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}

/// Scope entries for the stochastic variables `names` (`Expr::Noise(k)` for the
/// `k`-th), to add to the scope of differential equations.
pub fn noise_scope(names: &[String]) -> Vec<VarInfo> {
    names
        .iter()
        .enumerate()
        .map(|(k, name)| VarInfo {
            name: name.clone(),
            target: VarTarget::Noise(k as u32),
            dim: noise_dimension(),
            dtype: Dtype::Float,
        })
        .collect()
}
