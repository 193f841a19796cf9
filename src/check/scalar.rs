//! Writes to `(shared)` variables in code blocks, by Brian2's rules.
//!
//! A statement is *scalar* when it writes a shared variable, or defines a temporary
//! from scalar values only (shared variables, `t`, `dt`, `N`, constants, other scalar
//! temporaries). Brian2 runs the scalar statements once per call, before the
//! per-neuron ones, and so:
//! - only code run over all neurons (`run_regularly`, setters) may write a shared
//!   variable; in event code (reset, `run_on_event`, `on_pre`/`on_post`) it is
//!   "not allowed in this context";
//! - every write to a shared variable comes before the first write to a per-neuron
//!   variable;
//! - the value written to a shared variable refers to no per-neuron variable.
//!
//! [`scalar_statements`] marks the scalar statements; code generation runs them once
//! (`codegen::group_code::event_code`).

use super::error::{ErrorKind, ModelError};
use super::model::{CheckedStatement, GroupDefinition, Target};
use super::typed::{Expr, Special};
use crate::syntax::ast;

/// Whether each statement is scalar (runs once per call, not once per neuron).
pub fn scalar_statements(def: &GroupDefinition, stmts: &[CheckedStatement]) -> Vec<bool> {
    let mut scalar_locals: Vec<u32> = Vec::new();
    let mut out = Vec::with_capacity(stmts.len());
    for st in stmts {
        let scalar = match st.target {
            // a shared variable of the group, or of a synapse's source or target
            Target::Var(v) => {
                def.own(v).is_some_and(|x| x.flags.shared)
                    || def
                        .synaptic
                        .as_ref()
                        .and_then(|syn| syn.link(v))
                        .is_some_and(|l| l.shared)
            }
            Target::Local(l) => {
                let s = st.op == ast::AssignOp::Assign
                    && vector_read(def, &st.value, &scalar_locals).is_none();
                if s {
                    scalar_locals.push(l);
                } else {
                    scalar_locals.retain(|&k| k != l);
                }
                s
            }
        };
        out.push(scalar);
    }
    out
}

/// The first per-neuron value `e` reads (a variable's name, `i`, ...), if any.
fn vector_read(def: &GroupDefinition, e: &Expr, scalar_locals: &[u32]) -> Option<String> {
    match e {
        Expr::Var(v) => match def.own(*v) {
            Some(var) if var.flags.shared => None,
            Some(var) => Some(var.name.clone()),
            None => Some("a variable of another group".to_string()),
        },
        Expr::Special(Special::I) => Some("i".to_string()),
        Expr::Special(Special::J) => Some("j".to_string()),
        Expr::Local(l) if !scalar_locals.contains(l) => Some("a per-neuron temporary".into()),
        Expr::Aux(_) | Expr::Noise(_) => Some("a per-neuron value".to_string()),
        Expr::Unary(_, a) => vector_read(def, a, scalar_locals),
        Expr::Binary(_, a, b) => {
            vector_read(def, a, scalar_locals).or_else(|| vector_read(def, b, scalar_locals))
        }
        Expr::Call(_, args) | Expr::TimedArray(_, args) => {
            args.iter().find_map(|a| vector_read(def, a, scalar_locals))
        }
        Expr::Const(_) | Expr::Special(_) | Expr::Local(_) | Expr::Random(_) => None,
    }
}

/// Brian2's errors for writes to shared variables in a block of code: `allowed` says
/// whether the block may write them at all (code run over all neurons).
pub fn check_scalar_writes(
    def: &GroupDefinition,
    stmts: &[ast::Statement],
    checked: &[CheckedStatement],
    allowed: bool,
    context: &str,
    source: &str,
) -> Result<(), ModelError> {
    let scalar = scalar_statements(def, checked);
    let mut vector_write_done = false;
    let mut scalar_locals: Vec<u32> = Vec::new();
    // Scalar temporaries whose shared inputs were written after them: spikelift runs
    // scalar temporaries for every neuron, so they would see the new values.
    let mut stale: Vec<(u32, &str)> = Vec::new();
    let mut scalar_local_values: Vec<(u32, &str, &Expr)> = Vec::new();
    for ((st, c), &is_scalar) in stmts.iter().zip(checked).zip(&scalar) {
        let err = |msg: String| ModelError::new(ErrorKind::Syntax, msg, context, source, st.span);
        if let Some((_, name)) = stale
            .iter()
            .find(|(l, _)| c.value.any(&|e| *e == Expr::Local(*l)))
        {
            return Err(ModelError::new(
                ErrorKind::NotImplemented,
                format!(
                    "the temporary '{name}' is used after a shared variable it reads was written in the same code; spikelift cannot run this yet (compute '{name}' after the write)"
                ),
                context,
                source,
                st.span,
            ));
        }
        if let (Target::Var(w), true) = (c.target, is_scalar) {
            for (l, name, value) in &scalar_local_values {
                if value.uses_var(w) {
                    stale.push((*l, name));
                }
            }
        }
        if let (Target::Local(l), true) = (c.target, is_scalar) {
            scalar_local_values.push((l, st.target.as_str(), &c.value));
        }
        match c.target {
            Target::Var(_) if is_scalar => {
                if !allowed {
                    return Err(err(format!(
                        "Writing to scalar variable {} not allowed in this context.",
                        st.target
                    )));
                }
                if vector_write_done {
                    return Err(err(format!(
                        "All writes to scalar variables in a code block have to be made before writes to vector variables. Illegal write to '{}'.",
                        st.target
                    )));
                }
                if let Some(name) = vector_read(def, &c.value, &scalar_locals) {
                    return Err(err(format!(
                        "Cannot write to scalar variable '{}' with an expression referring to vector variable '{name}'",
                        st.target
                    )));
                }
            }
            Target::Var(_) => vector_write_done = true,
            Target::Local(l) if is_scalar => scalar_locals.push(l),
            Target::Local(l) => scalar_locals.retain(|&k| k != l),
        }
    }
    Ok(())
}
