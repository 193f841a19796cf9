//! The abstract code of each code object of a `NeuronGroup`: state updater (with the
//! refractoriness prelude), thresholder, resetter, `(constant over dt)` subexpression
//! updater, variable setters and monitor recorders.

use super::abstract_code::{AbstractCode, Stmt};
use super::integrate::{self, Method, OdeSystem, Unsupported};
use crate::check::model::{
    CheckedStatement, GroupDefinition, GroupModel, Refractory, Target, VarKind,
};
use crate::check::typed::{BinOp, Expr, Func, Special, UnOp, VarId};
use crate::check::{ErrorKind, ModelError};
use crate::syntax::ast::AssignOp;

/// Inline every subexpression (except `(constant over dt)` ones, which are stored
/// columns) into `e`, recursively.
pub fn substitute(def: &GroupDefinition, model: &GroupModel, e: &Expr) -> Expr {
    e.replace(&|x| match x {
        Expr::Var(id) => {
            let v = def.own(*id)?;
            match (&v.kind, model.exprs.get(id.0 as usize)?) {
                (VarKind::Subexpression(_), Some(sub)) if !v.flags.constant_over_dt => {
                    Some(substitute(def, model, sub))
                }
                _ => None,
            }
        }
        _ => None,
    })
}

/// The differential equations of the group (of a `Synapses` object: those that are
/// not `(event-driven)`).
pub fn ode_system(def: &GroupDefinition, model: &GroupModel) -> OdeSystem {
    let mut sys = OdeSystem {
        vars: vec![],
        rhs: vec![],
        unless_refractory: vec![],
        not_refractory: def.var_id("not_refractory"),
    };
    for (k, v) in def.vars.iter().enumerate() {
        if let (VarKind::Differential(_), Some(rhs)) = (&v.kind, &model.exprs[k])
            && !v.flags.event_driven
        {
            sys.vars.push(VarId(k as u32));
            sys.rhs.push(substitute(def, model, rhs));
            sys.unless_refractory.push(v.flags.unless_refractory);
        }
    }
    sys
}

/// A state updater ready to be lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct StateUpdater {
    /// The code.
    pub code: AbstractCode,
    /// The method used.
    pub method: Method,
    /// Values of the auxiliary columns the code reads (per-neuron propagators), one
    /// `Vec` of length N per column.
    pub aux: Vec<Vec<f64>>,
}

/// Evaluates expressions for every neuron (used to find per-neuron coefficients).
pub type Evaluator<'a> = dyn FnMut(&[Expr]) -> Result<Vec<Vec<f64>>, ModelError> + 'a;

fn unsupported(method: Method, why: Unsupported) -> ModelError {
    ModelError::plain(
        ErrorKind::UnsupportedEquations,
        format!(
            "cannot integrate the equations with method '{method}': {}",
            why.0
        ),
        "equations",
    )
    .with_help("choose another method, e.g. method='euler' (or 'rk4', 'exponential_euler')")
}

/// Build the state updater of a group with `method` (or Brian2's default choice:
/// the first of `exact`, `euler`, `heun` that applies).
pub fn state_updater(
    def: &GroupDefinition,
    model: &GroupModel,
    method: Option<Method>,
    dt: f64,
    eval: &mut Evaluator<'_>,
    written: &dyn Fn(VarId) -> bool,
) -> Result<StateUpdater, ModelError> {
    let sys = ode_system(def, model);
    let mut code = AbstractCode::default();
    refractory_prelude(def, model, &mut code);
    if !model.noise.is_empty() {
        let noisy = integrate::stochastic::split(&sys, model.noise.len())
            .map_err(|why| unsupported(method.unwrap_or(Method::Euler), why))?;
        let chosen = method.unwrap_or_else(|| integrate::stochastic::default_method(&noisy));
        if let Some(why) = integrate::stochastic::refusal(chosen, &noisy) {
            return Err(unsupported(chosen, why));
        }
        integrate::stochastic::integrate(&sys, &noisy, chosen, &mut code);
        return Ok(StateUpdater {
            code,
            method: chosen,
            aux: Vec::new(),
        });
    }
    let mut aux = Vec::new();
    let chosen = match method {
        Some(m) => {
            integrate_with(&sys, m, dt, &mut code, &mut aux, eval, written)?
                .map_err(|why| unsupported(m, why))?;
            m
        }
        None if sys.vars.is_empty() => Method::Exact,
        None => {
            let mut trial = code.clone();
            let mut trial_aux = Vec::new();
            match integrate_with(
                &sys,
                Method::Exact,
                dt,
                &mut trial,
                &mut trial_aux,
                eval,
                written,
            )? {
                Ok(()) => {
                    code = trial;
                    aux = trial_aux;
                    Method::Exact
                }
                Err(_) => {
                    integrate::explicit::integrate(&sys, Method::Euler, &mut code);
                    Method::Euler
                }
            }
        }
    };
    Ok(StateUpdater {
        code,
        method: chosen,
        aux,
    })
}

fn integrate_with(
    sys: &OdeSystem,
    method: Method,
    dt: f64,
    code: &mut AbstractCode,
    aux: &mut Vec<Vec<f64>>,
    eval: &mut Evaluator<'_>,
    written: &dyn Fn(VarId) -> bool,
) -> Result<Result<(), Unsupported>, ModelError> {
    match method {
        Method::Euler | Method::Rk2 | Method::Rk4 | Method::Heun | Method::Milstein => {
            integrate::explicit::integrate(sys, method, code);
            Ok(Ok(()))
        }
        Method::ExponentialEuler => Ok(integrate::exponential_euler::integrate(sys, code)),
        Method::Exact => {
            if sys.vars.is_empty() {
                return Ok(Ok(()));
            }
            let lin = match integrate::exact::linear_system(sys, dt) {
                Ok(l) => l,
                Err(e) => return Ok(Err(e)),
            };
            let n = sys.vars.len();
            // A coefficient that code changes during the run (a summed variable's
            // target, a variable a reset or a pathway writes) cannot be evaluated once
            // per run: one equation is then solved in closed form at every step, with
            // the step's coefficients, as Brian2 does.
            let changing = lin
                .matrix
                .iter()
                .any(|e| e.any(&|x| matches!(x, Expr::Var(v) if written(*v))));
            if changing && n == 1 {
                return Ok(integrate::exponential_euler::integrate(sys, code));
            }
            if changing {
                return Ok(Err(Unsupported(
                    "the coefficients of these linear equations change during the run (a variable they read is written by other code); spikelift solves such systems exactly only for one equation".to_string(),
                )));
            }
            let per_neuron = eval(&lin.matrix)?;
            let n_neurons = per_neuron.first().map_or(0, Vec::len);
            let values_of =
                |k: usize| -> Vec<f64> { per_neuron.iter().map(|col| col[k]).collect() };
            let uniform = (1..n_neurons).all(|k| values_of(k) == values_of(0));
            if n_neurons == 0 || uniform {
                let m: Vec<f64> = if n_neurons == 0 {
                    lin.matrix
                        .iter()
                        .map(|e| if let Expr::Const(c) = e { *c } else { 0.0 })
                        .collect()
                } else {
                    values_of(0)
                };
                let (phi, inv) = match integrate::exact::propagator(&m, n, dt) {
                    Ok(p) => p,
                    Err(e)
                        if n_neurons > 0
                            || lin.matrix.iter().all(|e| matches!(e, Expr::Const(_))) =>
                    {
                        return Ok(Err(e));
                    }
                    Err(_) => (vec![0.0; n * n], vec![0.0; n * n]),
                };
                integrate::exact::integrate(
                    sys,
                    &lin,
                    &integrate::exact::Coefficients::Shared(phi, inv),
                    code,
                );
            } else {
                let mut columns = vec![Vec::with_capacity(n_neurons); 2 * n * n];
                for k in 0..n_neurons {
                    let (phi, inv) = match integrate::exact::propagator(&values_of(k), n, dt) {
                        Ok(p) => p,
                        Err(e) => return Ok(Err(Unsupported(format!("{} (neuron {k})", e.0)))),
                    };
                    for (c, x) in phi.into_iter().chain(inv).enumerate() {
                        columns[c].push(x);
                    }
                }
                integrate::exact::integrate(
                    sys,
                    &lin,
                    &integrate::exact::Coefficients::PerNeuron,
                    code,
                );
                *aux = columns;
            }
            Ok(Ok(()))
        }
    }
}

/// `not_refractory` is refreshed at the start of every state update.
fn refractory_prelude(def: &GroupDefinition, model: &GroupModel, code: &mut AbstractCode) {
    let (Some(nr), Some(lastspike)) = (def.var_id("not_refractory"), def.var_id("lastspike"))
    else {
        return;
    };
    let dt = Expr::Special(Special::Dt);
    let timestep = |x: Expr| Expr::Call(Func::Timestep, vec![x, dt.clone()]);
    match &model.refractory {
        Refractory::None => {}
        Refractory::Time(period) => {
            let since = Expr::sub(Expr::Special(Special::T), Expr::Var(lastspike));
            let value = Expr::Binary(
                BinOp::Ge,
                Box::new(timestep(since)),
                Box::new(timestep(substitute(def, model, period))),
            );
            code.stmts.push(Stmt::Store(nr, value));
        }
        Refractory::Condition(cond) => {
            let not_cond = Expr::Unary(UnOp::Not, Box::new(substitute(def, model, cond)));
            code.stmts.push(Stmt::Store(
                nr,
                Expr::Binary(BinOp::Or, Box::new(Expr::Var(nr)), Box::new(not_cond)),
            ));
        }
    }
}

/// The thresholder: emit the neurons whose condition holds (and that are not
/// refractory), and mark them refractory with `lastspike = t`.
pub fn thresholder(def: &GroupDefinition, model: &GroupModel) -> Option<AbstractCode> {
    let cond = substitute(def, model, model.threshold.as_ref()?);
    let mut code = AbstractCode::default();
    match (def.var_id("not_refractory"), def.var_id("lastspike")) {
        (Some(nr), Some(lastspike)) => {
            let c = code.let_(Expr::Binary(
                BinOp::And,
                Box::new(cond),
                Box::new(Expr::Var(nr)),
            ));
            code.stmts.push(Stmt::EmitIf(c.clone()));
            code.stmts.push(Stmt::StoreIf(
                c.clone(),
                lastspike,
                Expr::Special(Special::T),
            ));
            code.stmts.push(Stmt::StoreIf(c, nr, Expr::Const(0.0)));
        }
        _ => code.stmts.push(Stmt::EmitIf(cond)),
    }
    Some(code)
}

/// Brian2's conditional write: in every code object but the state updater (which
/// handles it itself) and the reset, a variable with `(unless refractory)` is written
/// only where its neuron is not refractory. `condition(v)` names the variable that
/// must be true for a write of `v` (`not_refractory` of its neuron), if any.
pub fn with_conditional_writes(
    mut code: AbstractCode,
    condition: &dyn Fn(VarId) -> Option<VarId>,
) -> AbstractCode {
    for s in &mut code.stmts {
        match s {
            Stmt::Store(v, e) => {
                if let Some(c) = condition(*v) {
                    *s = Stmt::StoreIf(Expr::Var(c), *v, std::mem::replace(e, Expr::Const(0.0)));
                }
            }
            Stmt::StoreIf(cond, v, _) => {
                if let Some(c) = condition(*v) {
                    let old = std::mem::replace(cond, Expr::Const(0.0));
                    *cond = Expr::Binary(BinOp::And, Box::new(old), Box::new(Expr::Var(c)));
                }
            }
            _ => {}
        }
    }
    code
}

/// The conditional-write variable of each variable of a `NeuronGroup` (see
/// [`with_conditional_writes`]).
pub fn refractory_condition(def: &GroupDefinition) -> impl Fn(VarId) -> Option<VarId> + '_ {
    let nr = def.var_id("not_refractory");
    move |v| def.own(v).filter(|x| x.flags.unless_refractory).and(nr)
}

/// Event code (the reset, `run_on_event` code): statements in order.
pub fn event_code(
    def: &GroupDefinition,
    model: &GroupModel,
    stmts: &[CheckedStatement],
) -> AbstractCode {
    let mut code = AbstractCode::default();
    let n_user_locals = stmts
        .iter()
        .filter_map(|s| {
            if let Target::Local(k) = s.target {
                Some(k + 1)
            } else {
                None
            }
        })
        .max()
        .unwrap_or(0);
    code.n_locals = n_user_locals;
    for st in stmts {
        let value = substitute(def, model, &st.value);
        let current = match st.target {
            Target::Var(v) => Expr::Var(v),
            Target::Local(l) => Expr::Local(l),
        };
        let value = match st.op {
            AssignOp::Assign => value,
            AssignOp::Add => Expr::add(current, value),
            AssignOp::Sub => Expr::sub(current, value),
            AssignOp::Mul => Expr::mul(current, value),
            AssignOp::Div => Expr::div(current, value),
        };
        code.stmts.push(match st.target {
            Target::Var(v) => Stmt::Store(v, value),
            Target::Local(l) => Stmt::Let(l, value),
        });
    }
    code
}

/// `run_regularly` code: event code whose scalar statements (writes to shared
/// variables) run once per call, at the first neuron, before any per-neuron write
/// (Brian2's scalar code; `check::scalar`). Writing a shared element makes the kernel
/// run serially, so every later neuron sees the written values. On a subgroup
/// `start..stop` (`range`), the code sees the subgroup's `i` and `N` and writes only
/// its neurons.
pub fn regularly_code(
    def: &GroupDefinition,
    model: &GroupModel,
    stmts: &[CheckedStatement],
    range: Option<(usize, usize)>,
) -> AbstractCode {
    let mut code = event_code(def, model, stmts);
    let (start, within) = match range {
        Some((a, b)) if (a, b) != (0, def.n) => {
            for st in &mut code.stmts {
                match st {
                    Stmt::Let(_, e) | Stmt::Store(_, e) | Stmt::StoreAux(_, e) => {
                        *e = e.on_subgroup(a, b);
                    }
                    Stmt::StoreIf(c, _, e) => {
                        *c = c.on_subgroup(a, b);
                        *e = e.on_subgroup(a, b);
                    }
                    Stmt::EmitIf(c) => *c = c.on_subgroup(a, b),
                }
            }
            (a, Some(Expr::index_in(a, b)))
        }
        _ => (0, None),
    };
    let first = Expr::Binary(
        BinOp::Eq,
        Box::new(Expr::Special(Special::I)),
        Box::new(Expr::Const(start as f64)),
    );
    let scalar = crate::check::scalar::scalar_statements(def, stmts);
    for (st, is_scalar) in code.stmts.iter_mut().zip(scalar) {
        if let (true, Stmt::Store(v, value)) = (is_scalar, &*st) {
            *st = Stmt::StoreIf(first.clone(), *v, value.clone());
        } else if let (Some(within), Stmt::Store(v, value)) = (&within, &*st) {
            *st = Stmt::StoreIf(within.clone(), *v, value.clone());
        }
    }
    code
}

/// The updater of `(constant over dt)` subexpressions, run once per step before
/// anything else.
pub fn constant_over_dt_updater(def: &GroupDefinition, model: &GroupModel) -> Option<AbstractCode> {
    let mut code = AbstractCode::default();
    for (k, v) in def.vars.iter().enumerate() {
        if let (VarKind::Subexpression(_), Some(e)) = (&v.kind, &model.exprs[k])
            && v.flags.constant_over_dt
        {
            code.stmts
                .push(Stmt::Store(VarId(k as u32), substitute(def, model, e)));
        }
    }
    (!code.stmts.is_empty()).then_some(code)
}

/// Code that evaluates each expression into an auxiliary column (monitor recording of
/// subexpressions, coefficient evaluation).
pub fn evaluate_into_aux(
    def: &GroupDefinition,
    model: &GroupModel,
    exprs: &[Expr],
) -> AbstractCode {
    let mut code = AbstractCode::default();
    for (k, e) in exprs.iter().enumerate() {
        code.stmts
            .push(Stmt::StoreAux(k as u32, substitute(def, model, e)));
    }
    code
}

/// The thresholder of a custom event: emit the neurons whose condition holds
/// (custom events ignore refractoriness, as in Brian2).
pub fn event_thresholder(def: &GroupDefinition, model: &GroupModel, event: usize) -> AbstractCode {
    let mut code = AbstractCode::default();
    code.stmts
        .push(Stmt::EmitIf(substitute(def, model, &model.events[event])));
    code
}
