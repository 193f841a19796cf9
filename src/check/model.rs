//! Group models in two stages: a [`GroupDefinition`] is what a `NeuronGroup` knows at
//! creation (variables with declared units and flags, the unparsed-but-parsed code);
//! a [`GroupModel`] is the result of resolving every name against the namespaces of a
//! run and checking every dimension, ready for code generation.

use super::dims::{Checker, Scope, Typed, VarInfo, VarTarget};
use super::error::{ErrorKind, ModelError};
use super::namespace::Namespace;
use super::scalar::check_scalar_writes;
use super::typed::{Dtype, Expr, Special, VarId};
use crate::diag::Span;
use crate::syntax::{self, ast};
use crate::units::{Dimension, Rational, lookup_unit};

/// Flags of a variable (Brian2's equation flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VarFlags {
    /// `(constant)`: not changed during a run.
    pub constant: bool,
    /// `(shared)`: one value for the whole group.
    pub shared: bool,
    /// `(constant over dt)`: a subexpression computed once per step.
    pub constant_over_dt: bool,
    /// `(unless refractory)`: not integrated while refractory.
    pub unless_refractory: bool,
    /// `(event-driven)`: a synaptic variable updated only when a pathway runs.
    pub event_driven: bool,
    /// `(clock-driven)`: a synaptic variable integrated every step (the default).
    pub clock_driven: bool,
    /// `(summed)`: a synaptic subexpression summed into a target variable each step.
    pub summed: bool,
    /// `(linked)`: a parameter that reads a variable of another group (`linked_var`).
    pub linked: bool,
}

/// What kind of variable.
#[derive(Debug, Clone, PartialEq)]
pub enum VarKind {
    /// `dx/dt = rhs`; the parsed right-hand side.
    Differential(ast::Expr),
    /// `x = expr`; the parsed expression.
    Subexpression(ast::Expr),
    /// `x : unit`
    Parameter,
    /// Added by the group itself (`lastspike`, `not_refractory`).
    Internal,
}

/// A variable declared by the equations (or added by the group).
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// Its dimension.
    pub dim: Dimension,
    /// Its dtype.
    pub dtype: Dtype,
    /// Its kind.
    pub kind: VarKind,
    /// Its flags.
    pub flags: VarFlags,
    /// Span of its definition in the equations text.
    pub span: Span,
}

/// How refractoriness is specified (Brian2's `refractory=` argument).
#[derive(Debug, Clone, PartialEq)]
pub enum RefractorySpec {
    /// No refractoriness (`refractory=False`).
    None,
    /// A fixed time in seconds.
    Time(f64),
    /// An expression: of time type (per neuron) or boolean (refractory while true).
    Expr(String),
}

/// Everything a group's code is made of, parsed and with its declared units evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDefinition {
    /// Number of neurons.
    pub n: usize,
    /// The equations text.
    pub equations_text: String,
    /// The variables (equations first, then internal ones).
    pub vars: Vec<Variable>,
    /// The threshold condition text and its syntax tree.
    pub threshold: Option<(String, ast::Expr)>,
    /// The reset code text and its statements.
    pub reset: Option<(String, Vec<ast::Statement>)>,
    /// The refractoriness.
    pub refractory: RefractorySpec,
    /// Parsed refractory expression, when given as one.
    pub refractory_expr: Option<ast::Expr>,
    /// Custom events (`events={'name': 'condition'}`): name, condition text, tree.
    pub events: Vec<(String, String, ast::Expr)>,
    /// Code run on events (`run_on_event`): event name, code text, statements.
    pub event_codes: Vec<(String, String, Vec<ast::Statement>)>,
    /// Code run regularly (`run_regularly`): code text and statements.
    pub regular: Vec<(String, Vec<ast::Statement>)>,
    /// For a `Synapses` object: the variables of its source and target it can use, and
    /// its pathways (`None` for a `NeuronGroup`).
    pub synaptic: Option<Box<super::synapses::Synaptic>>,
}

/// Names that can never be variable names.
const RESERVED: [&str; 8] = [
    "t",
    "dt",
    "i",
    "N",
    "xi",
    "lastspike",
    "not_refractory",
    "t_in_timesteps",
];

impl GroupDefinition {
    /// Parse the equations and code of a group; check everything that does not need
    /// external names (syntax, declared units, flags, reserved names).
    pub fn new(
        n: usize,
        equations: &str,
        threshold: Option<&str>,
        reset: Option<&str>,
        refractory: RefractorySpec,
    ) -> Result<GroupDefinition, ModelError> {
        let vars = parse_variables(equations, false)?;
        Self::finish(n, equations, vars, threshold, reset, refractory)
    }

    /// The definition of a group from its parsed variables.
    pub(crate) fn finish(
        n: usize,
        equations: &str,
        mut vars: Vec<Variable>,
        threshold: Option<&str>,
        reset: Option<&str>,
        refractory: RefractorySpec,
    ) -> Result<GroupDefinition, ModelError> {
        let threshold = match threshold {
            Some(text) => Some((
                text.to_string(),
                syntax::parse_expression(text)
                    .map_err(|e| ModelError::syntax("threshold", text, e))?,
            )),
            None => None,
        };
        let reset = match reset {
            Some(text) => Some((
                text.to_string(),
                syntax::parse_statements(text).map_err(|e| ModelError::syntax("reset", text, e))?,
            )),
            None => None,
        };
        let refractory_expr = match &refractory {
            RefractorySpec::Expr(text) => Some(
                syntax::parse_expression(text)
                    .map_err(|e| ModelError::syntax("refractory", text, e))?,
            ),
            RefractorySpec::Time(t) if *t < 0.0 || !t.is_finite() => {
                return Err(ModelError::plain(
                    ErrorKind::Value,
                    format!("refractory period must be a non-negative time, got {t} s"),
                    "refractory",
                ));
            }
            _ => None,
        };
        if refractory != RefractorySpec::None {
            let internal = |name: &str, dim, dtype| Variable {
                name: name.to_string(),
                dim,
                dtype,
                kind: VarKind::Internal,
                flags: VarFlags::default(),
                span: Span::default(),
            };
            vars.push(internal("lastspike", Dimension::TIME, Dtype::Float));
            vars.push(internal(
                "not_refractory",
                Dimension::DIMENSIONLESS,
                Dtype::Bool,
            ));
        }
        Ok(GroupDefinition {
            n,
            equations_text: equations.to_string(),
            vars,
            threshold,
            reset,
            refractory,
            refractory_expr,
            events: Vec::new(),
            event_codes: Vec::new(),
            regular: Vec::new(),
            synaptic: None,
        })
    }

    /// Add a custom event (`events={'name': 'condition'}`).
    pub fn add_event(&mut self, name: &str, condition: &str) -> Result<(), ModelError> {
        if name == "spike" || self.events.iter().any(|(n, _, _)| n == name) {
            return Err(ModelError::plain(
                ErrorKind::Value,
                format!("event '{name}' is defined twice"),
                "events",
            ));
        }
        let e = syntax::parse_expression(condition)
            .map_err(|e| ModelError::syntax("event condition", condition, e))?;
        self.events
            .push((name.to_string(), condition.to_string(), e));
        Ok(())
    }

    /// Add code run when an event happens (`run_on_event(event, code)`); the event
    /// `spike` is the threshold.
    pub fn add_event_code(&mut self, event: &str, code: &str) -> Result<(), ModelError> {
        let known = event == "spike" && self.threshold.is_some()
            || self.events.iter().any(|(n, _, _)| n == event);
        if !known {
            let names: Vec<&str> = self.events.iter().map(|(n, _, _)| n.as_str()).collect();
            return Err(ModelError::plain(
                ErrorKind::Value,
                format!(
                    "the group has no event '{event}' (events: {})",
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
                "run_on_event",
            ));
        }
        let stmts = syntax::parse_statements(code)
            .map_err(|e| ModelError::syntax("run_on_event", code, e))?;
        self.event_codes
            .push((event.to_string(), code.to_string(), stmts));
        Ok(())
    }

    /// Add code run regularly (`run_regularly(code)`).
    pub fn add_regular(&mut self, code: &str) -> Result<(), ModelError> {
        let stmts = syntax::parse_statements(code)
            .map_err(|e| ModelError::syntax("run_regularly", code, e))?;
        self.regular.push((code.to_string(), stmts));
        Ok(())
    }

    /// The id of variable `name`.
    pub fn var_id(&self, name: &str) -> Option<VarId> {
        self.vars
            .iter()
            .position(|v| v.name == name)
            .map(|k| VarId(k as u32))
    }

    /// The variable with id `id`.
    pub fn var(&self, id: VarId) -> &Variable {
        &self.vars[id.0 as usize]
    }

    /// The names code can refer to: the variables and `t`, `dt`, `i`, `N`.
    pub fn scope_vars(&self) -> Vec<VarInfo> {
        let mut res: Vec<VarInfo> = self
            .vars
            .iter()
            .enumerate()
            .map(|(k, v)| VarInfo {
                name: v.name.clone(),
                target: VarTarget::Var(VarId(k as u32)),
                dim: v.dim,
                dtype: v.dtype,
            })
            .collect();
        let special = |name: &str, s, dim, dtype| VarInfo {
            name: name.to_string(),
            target: VarTarget::Special(s),
            dim,
            dtype,
        };
        res.push(special("t", Special::T, Dimension::TIME, Dtype::Float));
        res.push(special("dt", Special::Dt, Dimension::TIME, Dtype::Float));
        res.push(special(
            "i",
            Special::I,
            Dimension::DIMENSIONLESS,
            Dtype::Int,
        ));
        res.push(special(
            "N",
            Special::N,
            Dimension::DIMENSIONLESS,
            Dtype::Int,
        ));
        if let Some(syn) = &self.synaptic {
            let links = syn.links.iter().enumerate().map(|(k, l)| VarInfo {
                name: l.name.clone(),
                target: VarTarget::Var(VarId(super::synapses::LINK_BASE + k as u32)),
                dim: l.dim,
                dtype: l.dtype,
            });
            res.extend(links);
            for (name, id) in &syn.aliases {
                if let Some(l) = syn.link(*id) {
                    res.push(VarInfo {
                        name: name.clone(),
                        target: VarTarget::Var(*id),
                        dim: l.dim,
                        dtype: l.dtype,
                    });
                }
            }
            let int = Dimension::DIMENSIONLESS;
            res.push(special("j", Special::J, int, Dtype::Int));
            res.push(special("N_pre", Special::NPre, int, Dtype::Int));
            res.push(special("N_post", Special::NPost, int, Dtype::Int));
        }
        res
    }

    /// The variable with id `id` if it is one of the group's own (not a link of a
    /// `Synapses` object).
    pub fn own(&self, id: VarId) -> Option<&Variable> {
        self.vars.get(id.0 as usize)
    }
}

/// Parse the equations of a group (a `NeuronGroup`, or a `Synapses` object when
/// `synaptic`) into variables: declared units, flags, reserved names.
pub(crate) fn parse_variables(
    equations: &str,
    synaptic: bool,
) -> Result<Vec<Variable>, ModelError> {
    let eqs = syntax::parse_equations(equations)
        .map_err(|e| ModelError::syntax("equations", equations, e))?;
    let mut vars: Vec<Variable> = Vec::new();
    let mut defined = std::collections::HashSet::new();
    for eq in &eqs.equations {
        let err =
            |kind, msg: String, span| ModelError::new(kind, msg, "equations", equations, span);
        let reserved = RESERVED.contains(&eq.name.as_str())
            || (synaptic && super::synapses::RESERVED.contains(&eq.name.as_str()));
        if reserved || eq.name.starts_with('_') {
            return Err(err(
                ErrorKind::Value,
                format!(
                    "'{}' is a reserved name and cannot be a variable name",
                    eq.name
                ),
                eq.name_span,
            ));
        }
        if lookup_unit(&eq.name).is_some() {
            return Err(err(
                ErrorKind::Value,
                format!(
                    "'{}' is the name of a unit and cannot be a variable name",
                    eq.name
                ),
                eq.name_span,
            ));
        }
        if matches!(eq.name.as_str(), "e" | "pi" | "inf" | "True" | "False") {
            return Err(err(
                ErrorKind::Syntax,
                format!(
                    "'{}' is the name of a constant, cannot be used as a variable name.",
                    eq.name
                ),
                eq.name_span,
            ));
        }
        if !defined.insert(eq.name.as_str()) {
            return Err(err(
                ErrorKind::Value,
                format!("variable '{}' is defined twice", eq.name),
                eq.name_span,
            ));
        }
        let (dim, dtype) = eval_unit(&eq.unit, equations)?;
        let mut flags = VarFlags::default();
        for flag in &eq.flags {
            let allowed = if synaptic {
                matches!(
                    (&eq.kind, flag.name.as_str()),
                    (ast::EquationKind::Parameter, "constant" | "shared")
                        | (
                            ast::EquationKind::Subexpression(_),
                            "constant over dt" | "shared" | "summed"
                        )
                        | (
                            ast::EquationKind::Differential(_),
                            "event-driven" | "clock-driven"
                        )
                )
            } else {
                matches!(
                    (&eq.kind, flag.name.as_str()),
                    (
                        ast::EquationKind::Parameter,
                        "constant" | "shared" | "linked"
                    ) | (
                        ast::EquationKind::Subexpression(_),
                        "constant over dt" | "shared"
                    ) | (ast::EquationKind::Differential(_), "unless refractory")
                )
            };
            if !allowed {
                return Err(err(
                    ErrorKind::Value,
                    format!(
                        "flag '{}' is not allowed for variable '{}' of a {}",
                        flag.name,
                        eq.name,
                        if synaptic { "Synapses" } else { "NeuronGroup" }
                    ),
                    flag.span,
                ));
            }
            match flag.name.as_str() {
                "constant" => flags.constant = true,
                "shared" => flags.shared = true,
                "constant over dt" => flags.constant_over_dt = true,
                "event-driven" => flags.event_driven = true,
                "clock-driven" => flags.clock_driven = true,
                "summed" => flags.summed = true,
                "linked" => flags.linked = true,
                _ => flags.unless_refractory = true,
            }
        }
        if synaptic && !flags.summed && (eq.name.ends_with("_pre") || eq.name.ends_with("_post")) {
            return Err(err(
                ErrorKind::Value,
                format!(
                    "'{}': names ending in '_pre' or '_post' cannot be synaptic variable names",
                    eq.name
                ),
                eq.name_span,
            ));
        }
        let kind = match &eq.kind {
            ast::EquationKind::Differential(rhs) => {
                if dtype != Dtype::Float {
                    return Err(err(
                        ErrorKind::Type,
                        format!(
                            "differential equation for '{}' must be of floating point type",
                            eq.name
                        ),
                        eq.unit.span,
                    ));
                }
                VarKind::Differential(rhs.clone())
            }
            ast::EquationKind::Subexpression(e) => VarKind::Subexpression(e.clone()),
            ast::EquationKind::Parameter => VarKind::Parameter,
        };
        vars.push(Variable {
            name: eq.name.clone(),
            dim,
            dtype,
            kind,
            flags,
            span: eq.span,
        });
    }
    Ok(vars)
}

/// Evaluate the unit of an equation (`volt`, `1`, `siemens/meter**2`, `boolean`).
fn eval_unit(e: &ast::Expr, src: &str) -> Result<(Dimension, Dtype), ModelError> {
    use ast::ExprKind as K;
    let err = |msg: String| ModelError::new(ErrorKind::Value, msg, "equations", src, e.span);
    match &e.kind {
        K::Name(n) if n == "boolean" || n == "bool" => Ok((Dimension::DIMENSIONLESS, Dtype::Bool)),
        K::Name(n) if n == "integer" => Ok((Dimension::DIMENSIONLESS, Dtype::Int)),
        K::Name(n) => match lookup_unit(n) {
            Some(u) => Ok((u.dim, Dtype::Float)),
            None => Err(ModelError::new(
                ErrorKind::UndefinedIdentifier,
                format!("unknown unit '{n}'"),
                "equations",
                src,
                e.span,
            )),
        },
        K::Int(1) => Ok((Dimension::DIMENSIONLESS, Dtype::Float)),
        K::Float(f) if *f == 1.0 => Ok((Dimension::DIMENSIONLESS, Dtype::Float)),
        K::Binary(op, a, b) => {
            let (da, _) = eval_unit_part(a, src)?;
            match op {
                ast::BinOp::Mul => Ok((da.mul(eval_unit_part(b, src)?.0), Dtype::Float)),
                ast::BinOp::Div => Ok((da.div(eval_unit_part(b, src)?.0), Dtype::Float)),
                ast::BinOp::Pow => {
                    let p = const_number(b).ok_or_else(|| {
                        err("the exponent of a unit must be a number".to_string())
                    })?;
                    let r = Rational::from_f64(p)
                        .ok_or_else(|| err(format!("unsupported unit exponent {p}")))?;
                    Ok((da.pow(r), Dtype::Float))
                }
                _ => Err(err(
                    "a unit can only be built with '*', '/' and '**'".to_string()
                )),
            }
        }
        _ => Err(err(format!("'{}' is not a unit", e.span.text(src)))),
    }
}

fn eval_unit_part(e: &ast::Expr, src: &str) -> Result<(Dimension, Dtype), ModelError> {
    match &e.kind {
        ast::ExprKind::Name(n) if n == "boolean" || n == "integer" => Err(ModelError::new(
            ErrorKind::Value,
            format!("'{n}' cannot be combined with units"),
            "equations",
            src,
            e.span,
        )),
        _ => eval_unit(e, src),
    }
}

fn const_number(e: &ast::Expr) -> Option<f64> {
    match &e.kind {
        ast::ExprKind::Int(v) => Some(*v as f64),
        ast::ExprKind::Float(v) => Some(*v),
        ast::ExprKind::Unary(ast::UnaryOp::Neg, a) => const_number(a).map(|v| -v),
        ast::ExprKind::Unary(ast::UnaryOp::Pos, a) => const_number(a),
        _ => None,
    }
}

/// A checked statement of event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedStatement {
    /// What is assigned.
    pub target: Target,
    /// The operator.
    pub op: ast::AssignOp,
    /// The right-hand side.
    pub value: Expr,
}

/// The target of a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A group variable.
    Var(VarId),
    /// A temporary that lives for this code block only.
    Local(u32),
}

/// Refractoriness after checking.
#[derive(Debug, Clone, PartialEq)]
pub enum Refractory {
    /// None.
    None,
    /// A refractory period (expression of time type, per neuron; seconds).
    Time(Expr),
    /// Refractory while the condition holds.
    Condition(Expr),
}

/// A group whose every piece of code has been resolved and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupModel {
    /// The checked right-hand side of each differential equation and the expression of
    /// each subexpression (by variable index; `None` for parameters).
    pub exprs: Vec<Option<Expr>>,
    /// The threshold condition (boolean).
    pub threshold: Option<Expr>,
    /// The reset statements.
    pub reset: Vec<CheckedStatement>,
    /// Refractoriness.
    pub refractory: Refractory,
    /// Custom event conditions, in the order of `GroupDefinition::events`.
    pub events: Vec<Expr>,
    /// `run_on_event` code, in the order of `GroupDefinition::event_codes`.
    pub event_codes: Vec<Vec<CheckedStatement>>,
    /// `run_regularly` code, in the order of `GroupDefinition::regular`.
    pub regular: Vec<Vec<CheckedStatement>>,
    /// The code of each pathway of a `Synapses` object, in the order of
    /// `Synaptic::pathways`.
    pub pathways: Vec<Vec<CheckedStatement>>,
    /// The stochastic variables of the differential equations (`xi`, `xi_*`), sorted;
    /// `Expr::Noise(k)` is the `k`-th.
    pub noise: Vec<String>,
}

/// Resolve and check every piece of code of `def` against `namespaces`.
pub fn check_group(
    def: &GroupDefinition,
    namespaces: &[&Namespace],
) -> Result<GroupModel, ModelError> {
    let vars = def.scope_vars();
    let scope = Scope {
        vars: &vars,
        namespaces,
    };
    let eq_checker = Checker {
        scope,
        context: "equations",
        source: &def.equations_text,
    };
    let noise = super::noise::noise_names(def)?;
    let diff_vars: Vec<VarInfo> = vars
        .iter()
        .cloned()
        .chain(super::noise::noise_scope(&noise))
        .collect();
    let diff_checker = Checker {
        scope: Scope {
            vars: &diff_vars,
            namespaces,
        },
        context: "equations",
        source: &def.equations_text,
    };
    let mut exprs = Vec::with_capacity(def.vars.len());
    for v in &def.vars {
        let checked = match &v.kind {
            VarKind::Differential(rhs) => {
                let t = diff_checker.check(rhs)?;
                let expected = v.dim.div(Dimension::TIME);
                if t.dim != expected {
                    return Err(ModelError::new(
                        ErrorKind::DimensionMismatch,
                        format!(
                            "Inconsistent units in differential equation defining variable '{}': the right-hand side has unit {}, but d{}/dt must have unit {}",
                            v.name, t.dim, v.name, expected
                        ),
                        "equations",
                        &def.equations_text,
                        rhs.span,
                    ));
                }
                Some(t.expr)
            }
            VarKind::Subexpression(e) => {
                let t = eq_checker.check(e)?;
                if t.dim != v.dim {
                    return Err(ModelError::new(
                        ErrorKind::DimensionMismatch,
                        format!(
                            "Inconsistent units in subexpression '{}': the expression has unit {}, but was declared with unit {}",
                            v.name, t.dim, v.dim
                        ),
                        "equations",
                        &def.equations_text,
                        e.span,
                    ));
                }
                Some(t.expr)
            }
            _ => None,
        };
        exprs.push(checked);
    }
    let inlined = check_subexpression_cycles(def, &exprs)?;
    // Brian2: a summed variable is computed every step, so it cannot read a variable
    // that is only brought up to date when a pathway runs.
    for s in def.synaptic.iter().flat_map(|syn| &syn.summed) {
        let Some(Some(e)) = exprs.get(s.var.0 as usize) else {
            continue;
        };
        let event_driven = def
            .vars
            .iter()
            .enumerate()
            .find(|(k, w)| w.flags.event_driven && e.uses_var(VarId(*k as u32)));
        if let Some((_, w)) = event_driven {
            let v = def.var(s.var);
            return Err(ModelError::new(
                ErrorKind::Value,
                format!(
                    "The summed '{}' should not depend on the event-driven variable '{}'.",
                    v.name, w.name
                ),
                "equations",
                &def.equations_text,
                v.span,
            ));
        }
    }
    let threshold = match &def.threshold {
        Some((text, e)) => {
            let t = Checker {
                scope,
                context: "threshold",
                source: text,
            }
            .check(e)?;
            if t.dtype != Dtype::Bool {
                return Err(ModelError::new(
                    ErrorKind::Type,
                    format!("Threshold condition \"{text}\" is not a boolean expression"),
                    "threshold",
                    text,
                    e.span,
                ));
            }
            Some(t.expr)
        }
        None => None,
    };
    let reset = match &def.reset {
        Some((text, stmts)) => {
            let checked = check_statements(
                def,
                stmts,
                Checker {
                    scope,
                    context: "reset",
                    source: text,
                },
            )?;
            check_scalar_writes(def, stmts, &checked, false, "reset", text)?;
            checked
        }
        None => Vec::new(),
    };
    let refractory = match (&def.refractory, &def.refractory_expr) {
        (RefractorySpec::None, _) => Refractory::None,
        (RefractorySpec::Time(t), _) => Refractory::Time(Expr::Const(*t)),
        (RefractorySpec::Expr(text), Some(e)) => {
            let t = Checker {
                scope,
                context: "refractory",
                source: text,
            }
            .check(e)?;
            if t.dtype == Dtype::Bool {
                Refractory::Condition(t.expr)
            } else if t.dim == Dimension::TIME {
                Refractory::Time(t.expr)
            } else {
                return Err(ModelError::new(
                    ErrorKind::DimensionMismatch,
                    format!(
                        "refractory must be a time or a boolean condition, but \"{text}\" has unit {}",
                        t.dim
                    ),
                    "refractory",
                    text,
                    e.span,
                ));
            }
        }
        (RefractorySpec::Expr(_), None) => {
            return Err(ModelError::plain(
                ErrorKind::Value,
                "bug: refractory expression was not parsed",
                "refractory",
            ));
        }
    };
    let mut events = Vec::new();
    for (name, text, e) in &def.events {
        let t = Checker {
            scope,
            context: "event condition",
            source: text,
        }
        .check(e)?;
        if t.dtype != Dtype::Bool {
            return Err(ModelError::new(
                ErrorKind::Type,
                format!("the condition of event '{name}', \"{text}\", is not a boolean expression"),
                "event condition",
                text,
                e.span,
            ));
        }
        events.push(t.expr);
    }
    let mut event_codes = Vec::new();
    for (_, text, stmts) in &def.event_codes {
        let checked = check_statements(
            def,
            stmts,
            Checker {
                scope,
                context: "run_on_event",
                source: text,
            },
        )?;
        check_scalar_writes(def, stmts, &checked, false, "run_on_event", text)?;
        event_codes.push(checked);
    }
    let mut regular = Vec::new();
    for (text, stmts) in &def.regular {
        let checked = check_statements(
            def,
            stmts,
            Checker {
                scope,
                context: "run_regularly",
                source: text,
            },
        )?;
        check_scalar_writes(def, stmts, &checked, true, "run_regularly", text)?;
        regular.push(checked);
    }
    let mut pathways = Vec::new();
    for p in def.synaptic.iter().flat_map(|s| &s.pathways) {
        let context = match p.side {
            super::synapses::Side::Pre => "on_pre",
            super::synapses::Side::Post => "on_post",
        };
        let checked = check_statements(
            def,
            &p.stmts,
            Checker {
                scope,
                context,
                source: &p.code,
            },
        )?;
        check_scalar_writes(def, &p.stmts, &checked, false, context, &p.code)?;
        pathways.push(checked);
    }
    // Code that inlines subexpressions must stay small enough to generate code for.
    let size = |e: &Expr| inlined_size(e, &inlined);
    if let (Some(t), Some((text, e))) = (&threshold, &def.threshold) {
        check_inlined_size(
            size(t),
            "the threshold condition",
            "threshold",
            text,
            e.span,
        )?;
    }
    if let (Refractory::Time(t) | Refractory::Condition(t), RefractorySpec::Expr(text), Some(e)) =
        (&refractory, &def.refractory, &def.refractory_expr)
    {
        check_inlined_size(size(t), "the refractoriness", "refractory", text, e.span)?;
    }
    for (t, (_, text, e)) in events.iter().zip(&def.events) {
        check_inlined_size(
            size(t),
            "the event condition",
            "event condition",
            text,
            e.span,
        )?;
    }
    let code_blocks = def
        .reset
        .iter()
        .map(|(text, st)| (&reset, "reset", text, st))
        .chain(
            event_codes
                .iter()
                .zip(&def.event_codes)
                .map(|(c, (_, text, st))| (c, "run_on_event", text, st)),
        )
        .chain(
            regular
                .iter()
                .zip(&def.regular)
                .map(|(c, (text, st))| (c, "run_regularly", text, st)),
        );
    for (checked, context, text, stmts) in code_blocks {
        for (c, st) in checked.iter().zip(stmts) {
            check_inlined_size(size(&c.value), "the statement", context, text, st.span)?;
        }
    }
    Ok(GroupModel {
        exprs,
        threshold,
        reset,
        refractory,
        events,
        event_codes,
        regular,
        pathways,
        noise,
    })
}

/// Resolve and check only the subexpressions of `def` (enough to read them or to
/// evaluate a setter expression outside a run).
pub fn check_group_expressions(
    def: &GroupDefinition,
    namespaces: &[&Namespace],
) -> Result<GroupModel, ModelError> {
    let vars = def.scope_vars();
    let scope = Scope {
        vars: &vars,
        namespaces,
    };
    let checker = Checker {
        scope,
        context: "equations",
        source: &def.equations_text,
    };
    let mut exprs = Vec::with_capacity(def.vars.len());
    for v in &def.vars {
        exprs.push(match &v.kind {
            VarKind::Subexpression(e) => Some(checker.check(e)?.expr),
            _ => None,
        });
    }
    check_subexpression_cycles(def, &exprs)?;
    Ok(GroupModel {
        exprs,
        threshold: None,
        reset: Vec::new(),
        refractory: Refractory::None,
        events: Vec::new(),
        event_codes: Vec::new(),
        regular: Vec::new(),
        pathways: Vec::new(),
        noise: Vec::new(),
    })
}

/// Check event code statements (reset, `run_on_event` code) of a group.
pub fn check_statements(
    def: &GroupDefinition,
    stmts: &[ast::Statement],
    checker: Checker<'_>,
) -> Result<Vec<CheckedStatement>, ModelError> {
    let mut locals: Vec<VarInfo> = Vec::new();
    let mut res = Vec::new();
    let base: Vec<VarInfo> = checker.scope.vars.to_vec();
    for st in stmts {
        let mut all = base.clone();
        all.extend(locals.iter().cloned());
        let c = Checker {
            scope: Scope {
                vars: &all,
                namespaces: checker.scope.namespaces,
            },
            context: checker.context,
            source: checker.source,
        };
        let value: Typed = c.check(&st.value)?;
        let err = |kind, msg: String| {
            ModelError::new(kind, msg, checker.context, checker.source, st.span)
        };
        let link = def.synaptic.as_ref().and_then(|syn| {
            syn.link_id(&st.target)
                .and_then(|id| Some((id, syn.link(id)?)))
        });
        let target = match (def.var_id(&st.target), link) {
            (None, Some((id, l))) => {
                if !l.assignable {
                    return Err(err(
                        ErrorKind::Type,
                        format!("cannot assign to '{}'", st.target),
                    ));
                }
                check_assign_dims(l.dim, &value, st, &err)?;
                Target::Var(id)
            }
            (Some(id), _) => {
                let v = def.var(id);
                if matches!(v.kind, VarKind::Subexpression(_)) {
                    return Err(err(
                        ErrorKind::Type,
                        format!("cannot assign to subexpression '{}'", v.name),
                    ));
                }
                if v.flags.constant {
                    return Err(err(
                        ErrorKind::Type,
                        format!("cannot assign to constant variable '{}'", v.name),
                    ));
                }
                check_assign_dims(v.dim, &value, st, &err)?;
                Target::Var(id)
            }
            (None, None) => {
                if let Some(local) = locals.iter().find(|l| l.name == st.target) {
                    check_assign_dims(local.dim, &value, st, &err)?;
                    match local.target {
                        VarTarget::Special(_) | VarTarget::Noise(_) => {
                            return Err(err(
                                ErrorKind::Type,
                                format!("cannot assign to '{}'", st.target),
                            ));
                        }
                        VarTarget::Var(VarId(k)) => Target::Local(k - LOCAL_BASE),
                    }
                } else if base.iter().any(|v| v.name == st.target) {
                    return Err(err(
                        ErrorKind::Type,
                        format!("cannot assign to '{}'", st.target),
                    ));
                } else if st.op != ast::AssignOp::Assign {
                    return Err(ModelError::new(
                        ErrorKind::UndefinedIdentifier,
                        format!("The identifier \"{}\" could not be resolved.", st.target),
                        checker.context,
                        checker.source,
                        st.target_span,
                    ));
                } else {
                    let k = locals.len() as u32;
                    locals.push(VarInfo {
                        name: st.target.clone(),
                        target: VarTarget::Var(VarId(LOCAL_BASE + k)),
                        dim: value.dim,
                        dtype: value.dtype,
                    });
                    Target::Local(k)
                }
            }
        };
        res.push(CheckedStatement {
            target,
            op: st.op,
            value: value.expr,
        });
    }
    // Locals were resolved as pseudo-variables with ids above LOCAL_BASE: rename them.
    for st in &mut res {
        st.value = st.value.replace(&|e| match e {
            Expr::Var(VarId(k)) if *k >= LOCAL_BASE => Some(Expr::Local(k - LOCAL_BASE)),
            _ => None,
        });
    }
    Ok(res)
}

/// Pseudo variable ids for temporaries of event code (never a real variable index).
const LOCAL_BASE: u32 = 1 << 30;

fn check_assign_dims(
    dim: Dimension,
    value: &Typed,
    st: &ast::Statement,
    err: &dyn Fn(ErrorKind, String) -> ModelError,
) -> Result<(), ModelError> {
    let ok = match st.op {
        ast::AssignOp::Assign | ast::AssignOp::Add | ast::AssignOp::Sub => value.dim == dim,
        ast::AssignOp::Mul | ast::AssignOp::Div => value.dim.is_dimensionless(),
    };
    if ok {
        Ok(())
    } else {
        let expected = if matches!(st.op, ast::AssignOp::Mul | ast::AssignOp::Div) {
            Dimension::DIMENSIONLESS
        } else {
            dim
        };
        Err(err(
            ErrorKind::DimensionMismatch,
            format!(
                "the right-hand side of '{}' has unit {}, but unit {} was expected",
                st.target, value.dim, expected
            ),
        ))
    }
}

/// The largest expression tree (in nodes) a piece of model code may become once the
/// subexpressions it uses are inlined: every code generation pass copies and walks
/// these trees, so chains such as `s_k = s_(k-1) * s_(k-1)` (2^k nodes) are errors.
pub const MAX_INLINED_NODES: u64 = 100_000;
/// The greatest height of an inlined expression tree (that of the highest tree the
/// parser accepts), so that the recursive passes of code generation stay shallow.
pub const MAX_INLINED_HEIGHT: u64 = 1000;

/// Size (nodes) and height of `e` with every subexpression inlined, given those of the
/// variables (`(1, 0)` for a variable that is not inlined). Saturating.
fn inlined_size(e: &Expr, vars: &[(u64, u64)]) -> (u64, u64) {
    let node = |children: &mut dyn Iterator<Item = &Expr>| {
        children.fold((1u64, 1u64), |(size, height), c| {
            let (s, h) = inlined_size(c, vars);
            (size.saturating_add(s), height.max(h.saturating_add(1)))
        })
    };
    match e {
        Expr::Var(v) => vars.get(v.0 as usize).copied().unwrap_or((1, 0)),
        Expr::Unary(_, a) => node(&mut std::iter::once(&**a)),
        Expr::Binary(_, a, b) => node(&mut [&**a, &**b].into_iter()),
        Expr::Call(_, args) | Expr::TimedArray(_, args) => node(&mut args.iter()),
        Expr::Const(_)
        | Expr::Special(_)
        | Expr::Local(_)
        | Expr::Aux(_)
        | Expr::Random(_)
        | Expr::Noise(_) => (1, 0),
    }
}

/// Every variable `e` reads (with repetitions).
fn collect_vars(e: &Expr, out: &mut Vec<usize>) {
    match e {
        Expr::Var(v) => out.push(v.0 as usize),
        Expr::Unary(_, a) => collect_vars(a, out),
        Expr::Binary(_, a, b) => {
            collect_vars(a, out);
            collect_vars(b, out);
        }
        Expr::Call(_, args) | Expr::TimedArray(_, args) => {
            args.iter().for_each(|a| collect_vars(a, out))
        }
        Expr::Const(_)
        | Expr::Special(_)
        | Expr::Local(_)
        | Expr::Aux(_)
        | Expr::Random(_)
        | Expr::Noise(_) => {}
    }
}

/// The error for code that is too large once subexpressions are inlined, or `Ok`.
pub(crate) fn check_inlined_size(
    (size, height): (u64, u64),
    what: &str,
    context: &str,
    source: &str,
    span: Span,
) -> Result<(), ModelError> {
    let too = if size > MAX_INLINED_NODES {
        format!(
            "too large once the subexpressions it uses are inlined ({size} operations, at most {MAX_INLINED_NODES})"
        )
    } else if height > MAX_INLINED_HEIGHT {
        format!(
            "too deep once the subexpressions it uses are inlined ({height} levels, at most {MAX_INLINED_HEIGHT})"
        )
    } else {
        return Ok(());
    };
    Err(ModelError::new(
        ErrorKind::Value,
        format!("{what} is {too}"),
        context,
        source,
        span,
    )
    .with_help("store intermediate results in variables, or mark large subexpressions '(constant over dt)'"))
}

/// Reject cycles among subexpressions, and code that inlines into trees too large to
/// generate code for. Returns, per variable, the size and height of its inlined tree
/// (`(1, 0)` for variables that are not inlined: all but subexpressions without
/// `(constant over dt)`).
///
/// A depth-first search without recursion (chains of 10^4 subexpressions are fine),
/// visiting each variable once.
fn check_subexpression_cycles(
    def: &GroupDefinition,
    exprs: &[Option<Expr>],
) -> Result<Vec<(u64, u64)>, ModelError> {
    let n = def.vars.len();
    let is_sub = |k: usize| matches!(def.vars[k].kind, VarKind::Subexpression(_));
    // The variables each subexpression uses, in ascending order.
    let deps: Vec<Vec<usize>> = (0..n)
        .map(|k| match (&exprs[k], is_sub(k)) {
            (Some(e), true) => {
                let mut used = Vec::new();
                collect_vars(e, &mut used);
                used.sort_unstable();
                used.dedup();
                used.retain(|&j| j < n);
                used
            }
            _ => Vec::new(),
        })
        .collect();
    // 0: not visited, 1: on the stack, 2: done.
    let mut state = vec![0u8; n];
    let mut sizes = vec![(1u64, 0u64); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        // Frames: a variable and the next of its dependencies to visit.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (k, ref mut next)) = stack.last_mut() {
            if let Some(&j) = deps[k].get(*next) {
                *next += 1;
                match state[j] {
                    0 => {
                        state[j] = 1;
                        stack.push((j, 0));
                    }
                    1 => {
                        let v = &def.vars[j];
                        return Err(ModelError::new(
                            ErrorKind::Value,
                            format!(
                                "subexpression '{}' refers to itself (through {})",
                                v.name,
                                stack
                                    .iter()
                                    .map(|(s, _)| def.vars[*s].name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" -> ")
                            ),
                            "equations",
                            &def.equations_text,
                            v.span,
                        ));
                    }
                    _ => {}
                }
                continue;
            }
            stack.pop();
            state[k] = 2;
            if let (Some(e), true) = (&exprs[k], is_sub(k)) {
                let v = &def.vars[k];
                let size = inlined_size(e, &sizes);
                check_inlined_size(
                    size,
                    &format!("subexpression '{}'", v.name),
                    "equations",
                    &def.equations_text,
                    v.span,
                )?;
                if !v.flags.constant_over_dt {
                    sizes[k] = size;
                }
            }
        }
    }
    // Differential equations inline the subexpressions too.
    for (k, v) in def.vars.iter().enumerate() {
        if let (VarKind::Differential(_), Some(e)) = (&v.kind, &exprs[k]) {
            check_inlined_size(
                inlined_size(e, &sizes),
                &format!("the differential equation of '{}'", v.name),
                "equations",
                &def.equations_text,
                v.span,
            )?;
        }
    }
    Ok(sizes)
}
