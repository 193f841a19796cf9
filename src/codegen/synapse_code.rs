//! The abstract code of the code objects of a `Synapses` object besides its state
//! updater: pathways (with the update of `(event-driven)` variables) and summed
//! variable updaters.

use super::abstract_code::{AbstractCode, Stmt};
use super::group_code::{event_code, substitute, with_conditional_writes};
use super::integrate::{OdeSystem, exponential_euler};
use super::sym::{Symbol, collect_linear, depends_on, expand};
use crate::check::model::{GroupDefinition, GroupModel, VarKind};
use crate::check::synapses::{LINK_BASE, LinkTarget, Summed};
use crate::check::typed::{Expr, Special, VarId};
use crate::check::{ErrorKind, ModelError};

fn event_driven_error(why: &str) -> ModelError {
    ModelError::plain(
        ErrorKind::UnsupportedEquations,
        format!("Cannot solve the differential equations as event-driven: {why}"),
        "equations",
    )
    .with_help("mark the equations (clock-driven) instead")
}

/// The code of pathway `k`: the `(event-driven)` variables are brought from
/// `lastupdate` to `t` with their exact solution, then the pathway's statements run,
/// then `lastupdate = t` (Brian2's order). Writes of `(unless refractory)` variables
/// of the source or target apply only to neurons that are not refractory.
pub fn pathway_code(
    def: &GroupDefinition,
    model: &GroupModel,
    k: usize,
) -> Result<AbstractCode, ModelError> {
    let stmts = model.pathways.get(k).map(Vec::as_slice).unwrap_or(&[]);
    let user = with_conditional_writes(event_code(def, model, stmts), &|v| {
        let syn = def.synaptic.as_ref()?;
        let link = syn.link(v).filter(|l| l.unless_refractory)?;
        syn.link_id(&format!("not_refractory_{}", link.side.name()))
    });
    if !def.has_event_driven() {
        return Ok(user);
    }
    let lastupdate = def
        .var_id("lastupdate")
        .ok_or_else(|| event_driven_error("bug: no lastupdate variable"))?;
    let mut sys = OdeSystem {
        vars: vec![],
        rhs: vec![],
        unless_refractory: vec![],
        not_refractory: None,
    };
    let event_driven: Vec<VarId> = def
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| v.flags.event_driven)
        .map(|(k, _)| VarId(k as u32))
        .collect();
    for &v in &event_driven {
        if let (VarKind::Differential(_), Some(Some(rhs))) =
            (&def.var(v).kind, model.exprs.get(v.0 as usize))
        {
            let rhs = substitute(def, model, rhs);
            let name = &def.var(v).name;
            // Exact only when linear in the variable itself with coefficients that do
            // not change between events.
            let poly = expand(&rhs);
            let Some((m, b)) = collect_linear(&poly, Symbol::Var(v)) else {
                return Err(event_driven_error(&format!(
                    "the equation of '{name}' is not linear in '{name}'"
                )));
            };
            let coefficients = m
                .iter()
                .chain(&b)
                .flat_map(|t| t.factors.iter().map(|(f, _)| f));
            for f in coefficients {
                if depends_on(f, Symbol::Var(v))
                    || depends_on(f, Symbol::Time)
                    || event_driven.iter().any(|&w| depends_on(f, Symbol::Var(w)))
                {
                    return Err(event_driven_error(&format!(
                        "the equation of '{name}' depends on time, on another event-driven variable or non-linearly on '{name}'"
                    )));
                }
                if let Some(other) = clock_driven_use(def, f) {
                    return Err(event_driven_error(&format!(
                        "the event-driven variable '{name}' depends on the clock-driven variable '{other}'"
                    )));
                }
            }
            sys.vars.push(v);
            sys.rhs.push(rhs);
            sys.unless_refractory.push(false);
        }
    }
    let mut code = AbstractCode::default();
    exponential_euler::integrate(&sys, &mut code).map_err(|u| event_driven_error(&u.0))?;
    // The step is the time since the last update of the synapse.
    let since = Expr::sub(Expr::Special(Special::T), Expr::Var(lastupdate));
    let at_event =
        |e: &Expr| e.replace(&|x| (*x == Expr::Special(Special::Dt)).then(|| since.clone()));
    for s in &mut code.stmts {
        match s {
            Stmt::Let(_, e) | Stmt::Store(_, e) | Stmt::StoreAux(_, e) | Stmt::EmitIf(e) => {
                *e = at_event(e)
            }
            Stmt::StoreIf(c, _, e) => {
                *c = at_event(c);
                *e = at_event(e);
            }
        }
    }
    // The user's statements follow, with their temporaries renumbered after ours.
    let base = code.n_locals;
    let shift = |e: &Expr| {
        e.replace(&|x| match x {
            Expr::Local(l) => Some(Expr::Local(l + base)),
            _ => None,
        })
    };
    for s in user.stmts {
        code.stmts.push(match s {
            Stmt::Let(l, e) => Stmt::Let(l + base, shift(&e)),
            Stmt::Store(v, e) => Stmt::Store(v, shift(&e)),
            Stmt::StoreIf(c, v, e) => Stmt::StoreIf(shift(&c), v, shift(&e)),
            Stmt::StoreAux(a, e) => Stmt::StoreAux(a, shift(&e)),
            Stmt::EmitIf(e) => Stmt::EmitIf(shift(&e)),
        });
    }
    code.n_locals += user.n_locals;
    code.stmts
        .push(Stmt::Store(lastupdate, Expr::Special(Special::T)));
    Ok(code)
}

/// The name of a clock-driven differential variable `e` reads, if any.
fn clock_driven_use(def: &GroupDefinition, e: &Expr) -> Option<String> {
    def.vars.iter().enumerate().find_map(|(k, v)| {
        let clock = matches!(v.kind, VarKind::Differential(_)) && !v.flags.event_driven;
        (clock && e.uses_var(VarId(k as u32))).then(|| v.name.clone())
    })
}

/// The id of the link to the target of a summed variable.
fn summed_target(def: &GroupDefinition, s: &Summed) -> Option<VarId> {
    let syn = def.synaptic.as_ref()?;
    syn.links
        .iter()
        .position(|l| l.side == s.side && l.target == LinkTarget::Var(s.target))
        .map(|k| VarId(LINK_BASE + k as u32))
}

/// The code adding each synapse's value of summed variable `s` into its target
/// (which the caller sets to zero first); run serially over all synapses.
pub fn summed_code(
    def: &GroupDefinition,
    model: &GroupModel,
    s: &Summed,
) -> Result<AbstractCode, ModelError> {
    let target = summed_target(def, s).ok_or_else(|| {
        ModelError::plain(
            ErrorKind::Value,
            format!(
                "the target of the summed variable '{}' is not a stored variable",
                def.var(s.var).name
            ),
            "equations",
        )
    })?;
    let value = substitute(def, model, &Expr::Var(s.var));
    let mut code = AbstractCode::default();
    code.stmts
        .push(Stmt::Store(target, Expr::add(Expr::Var(target), value)));
    Ok(code)
}
