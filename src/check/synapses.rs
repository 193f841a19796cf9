//! The model of a `Synapses` object: what its code can refer to besides its own
//! variables, and its pathways and summed variables.
//!
//! Synaptic code reads (and in pathways, writes) variables of the source and target
//! groups (the target may itself be a `Synapses` object, each of its synapses then
//! being one postsynaptic element): `v_pre`, `v_post`, and `v` alone for a target variable the synapses do not
//! define themselves (Brian2's rule). These are [`Link`]s, with variable ids from
//! [`LINK_BASE`] on, so that every later stage treats them as ordinary variables whose
//! element is chosen through the synapse's presynaptic or postsynaptic index.

use super::error::{ErrorKind, ModelError};
use super::model::{GroupDefinition, RefractorySpec, VarFlags, VarKind, Variable, parse_variables};
use super::typed::{Dtype, VarId};
use crate::diag::Span;
use crate::syntax::{self, ast};
use crate::units::Dimension;

/// Names that cannot be synaptic variable names (besides those of a `NeuronGroup`).
pub const RESERVED: [&str; 7] = [
    "j",
    "lastupdate",
    "delay",
    "N_incoming",
    "N_outgoing",
    "N_pre",
    "N_post",
];

/// Variable ids from here on are [`Link`]s (index `id - LINK_BASE` in
/// [`Synaptic::links`]).
pub const LINK_BASE: u32 = 1 << 29;

/// The presynaptic or the postsynaptic side of a synapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The source group (`_pre`, index `i`).
    Pre,
    /// The target group (`_post`, index `j`).
    Post,
}

impl Side {
    /// `"pre"` or `"post"`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Pre => "pre",
            Side::Post => "post",
        }
    }
}

/// Links to subexpressions of the source or target, with their expressions.
pub type LinkedSubexpressions = std::collections::HashMap<VarId, super::typed::Expr>;

/// `e` with every link to a subexpression replaced by the subexpression.
pub fn inline_links(e: &super::typed::Expr, links: &LinkedSubexpressions) -> super::typed::Expr {
    if links.is_empty() {
        return e.clone();
    }
    e.replace(&|x| match x {
        super::typed::Expr::Var(v) => links.get(v).cloned(),
        _ => None,
    })
}

/// [`inline_links`] in every expression of a checked model.
pub fn inline_links_in_model(model: &mut super::model::GroupModel, links: &LinkedSubexpressions) {
    if links.is_empty() {
        return;
    }
    for e in model.exprs.iter_mut().flatten() {
        *e = inline_links(e, links);
    }
    for code in &mut model.pathways {
        for st in code.iter_mut() {
            st.value = inline_links(&st.value, links);
        }
    }
}

/// What a [`Link`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// A (stored) variable of the group on that side.
    Var(VarId),
    /// A subexpression of the group on that side (inlined, in terms of that group's
    /// links, before code generation: see `Synaptic::inline_subexpressions`).
    Subexpression(VarId),
    /// `N_incoming`: the number of synapses of the postsynaptic neuron.
    NIncoming,
    /// `N_outgoing`: the number of synapses of the presynaptic neuron.
    NOutgoing,
}

/// A value of the source or target group seen from a synapse.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The name code uses (`v_post`, `lastspike_pre`, `N_incoming`).
    pub name: String,
    /// Which side's element it is.
    pub side: Side,
    /// What it is.
    pub target: LinkTarget,
    /// Its dimension.
    pub dim: Dimension,
    /// Its dtype.
    pub dtype: Dtype,
    /// Whether pathway code may assign it.
    pub assignable: bool,
    /// Whether it is a `(shared)` variable (one element).
    pub shared: bool,
    /// Whether it is an `(unless refractory)` variable of its group: code writes it
    /// only for neurons that are not refractory (Brian2's conditional write).
    pub unless_refractory: bool,
}

/// A pathway: code run for every synapse whose presynaptic (`on_pre`) or
/// postsynaptic (`on_post`) neuron spiked, after the synapse's delay.
#[derive(Debug, Clone, PartialEq)]
pub struct Pathway {
    /// Its name (`pre`, `post`, or the key of an `on_pre` dictionary).
    pub name: String,
    /// Whose spikes trigger it.
    pub side: Side,
    /// The code text.
    pub code: String,
    /// The parsed statements.
    pub stmts: Vec<ast::Statement>,
}

/// A `(summed)` variable: `x_post = expr : unit (summed)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summed {
    /// The synaptic subexpression summed.
    pub var: VarId,
    /// The side of the target variable.
    pub side: Side,
    /// The target variable, in the group on that side.
    pub target: VarId,
}

/// The synaptic part of a [`GroupDefinition`].
#[derive(Debug, Clone, PartialEq)]
pub struct Synaptic {
    /// Values of the source and target groups (ids from [`LINK_BASE`]).
    pub links: Vec<Link>,
    /// Further names of links: target variables used without suffix.
    pub aliases: Vec<(String, VarId)>,
    /// The pathways, in creation order.
    pub pathways: Vec<Pathway>,
    /// The summed variables.
    pub summed: Vec<Summed>,
}

impl Synaptic {
    /// The link of side `side` to variable `var` of that side's group.
    pub fn link_to(&self, side: Side, var: VarId) -> Option<VarId> {
        self.links
            .iter()
            .position(|l| {
                l.side == side
                    && matches!(l.target, LinkTarget::Var(v) | LinkTarget::Subexpression(v) if v == var)
            })
            .map(|k| VarId(LINK_BASE + k as u32))
    }

    /// The subexpressions of the source and target that links refer to, written with
    /// links: `expr(side, u)` gives subexpression `u` of that side's group, fully
    /// inlined, in that group's terms. Apply with [`inline_links`].
    pub fn subexpression_links(
        &self,
        expr: &dyn Fn(Side, VarId) -> Option<super::typed::Expr>,
    ) -> LinkedSubexpressions {
        use super::typed::{Expr, Special};
        let mut inlined = std::collections::HashMap::new();
        for (k, l) in self.links.iter().enumerate() {
            let LinkTarget::Subexpression(u) = l.target else {
                continue;
            };
            let Some(e) = expr(l.side, u) else {
                continue;
            };
            let side = l.side;
            // The other group's variables and indices, seen from the synapse.
            let seen = e.replace(&|x| match x {
                Expr::Var(w) => self.link_to(side, *w).map(Expr::Var),
                Expr::Special(Special::I) if side == Side::Post => Some(Expr::Special(Special::J)),
                Expr::Special(Special::N) => Some(Expr::Special(if side == Side::Pre {
                    Special::NPre
                } else {
                    Special::NPost
                })),
                _ => None,
            });
            inlined.insert(VarId(LINK_BASE + k as u32), seen);
        }
        inlined
    }

    /// The link with id `id`, if it is one.
    pub fn link(&self, id: VarId) -> Option<&Link> {
        id.0.checked_sub(LINK_BASE)
            .and_then(|k| self.links.get(k as usize))
    }

    /// The id of the link (or alias) called `name`.
    pub fn link_id(&self, name: &str) -> Option<VarId> {
        self.links
            .iter()
            .position(|l| l.name == name)
            .map(|k| VarId(LINK_BASE + k as u32))
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, id)| *id)
            })
    }
}

fn links_of(group: &GroupDefinition, side: Side, links: &mut Vec<Link>) {
    for (k, v) in group.vars.iter().enumerate() {
        let stored = !matches!(v.kind, VarKind::Subexpression(_)) || v.flags.constant_over_dt;
        links.push(Link {
            name: format!("{}_{}", v.name, side.name()),
            side,
            target: if stored {
                LinkTarget::Var(VarId(k as u32))
            } else {
                LinkTarget::Subexpression(VarId(k as u32))
            },
            dim: v.dim,
            dtype: v.dtype,
            assignable: !v.flags.constant && !matches!(v.kind, VarKind::Subexpression(_)),
            shared: v.flags.shared,
            unless_refractory: v.flags.unless_refractory
                && group.var_id("not_refractory").is_some(),
        });
    }
}

impl GroupDefinition {
    /// Parse the model of a `Synapses` object from `source` to `target`: its equations
    /// and its pathways (name, triggering side, code).
    pub fn new_synapses(
        equations: &str,
        source: &GroupDefinition,
        target: &GroupDefinition,
        pathways: &[(String, Side, String)],
    ) -> Result<GroupDefinition, ModelError> {
        if source.synaptic.is_some() {
            return Err(ModelError::plain(
                ErrorKind::Value,
                "the source of a Synapses object cannot be another Synapses object (synapses do not spike)",
                "Synapses",
            ));
        }
        let mut vars = parse_variables(equations, true)?;
        let event_driven = vars
            .iter()
            .any(|v| v.flags.event_driven && matches!(v.kind, VarKind::Differential(_)));
        if event_driven {
            vars.push(Variable {
                name: "lastupdate".into(),
                dim: Dimension::TIME,
                dtype: Dtype::Float,
                kind: VarKind::Internal,
                flags: VarFlags::default(),
                span: Span::default(),
            });
        }
        let mut links = Vec::new();
        links_of(source, Side::Pre, &mut links);
        links_of(target, Side::Post, &mut links);
        for (name, side, target) in [
            ("N_incoming", Side::Post, LinkTarget::NIncoming),
            ("N_outgoing", Side::Pre, LinkTarget::NOutgoing),
        ] {
            links.push(Link {
                name: name.into(),
                side,
                target,
                dim: Dimension::DIMENSIONLESS,
                dtype: Dtype::Int,
                assignable: false,
                shared: false,
                unless_refractory: false,
            });
        }
        // Target variables may be used without suffix unless the synapses define the
        // name themselves.
        let mut aliases = Vec::new();
        for (k, l) in links.iter().enumerate() {
            if let (Side::Post, Some(bare)) = (l.side, l.name.strip_suffix("_post"))
                && !vars.iter().any(|v| v.name == bare)
                && !RESERVED.contains(&bare)
            {
                aliases.push((bare.to_string(), VarId(LINK_BASE + k as u32)));
            }
        }
        let mut summed = Vec::new();
        for (k, v) in vars.iter().enumerate() {
            if !v.flags.summed {
                continue;
            }
            let err = |msg: String| {
                ModelError::new(ErrorKind::Value, msg, "equations", equations, v.span)
            };
            let (side, bare, group) = if let Some(b) = v.name.strip_suffix("_post") {
                (Side::Post, b, target)
            } else if let Some(b) = v.name.strip_suffix("_pre") {
                (Side::Pre, b, source)
            } else {
                return Err(err(format!(
                    "the name of the summed variable '{}' must end in '_post' (or '_pre'): it names the variable it is summed into",
                    v.name
                )));
            };
            let Some(t) = group.var_id(bare) else {
                return Err(err(format!(
                    "the summed variable '{}' refers to '{bare}', which the {} group does not have",
                    v.name,
                    if side == Side::Post {
                        "target"
                    } else {
                        "source"
                    }
                )));
            };
            let tv = group.var(t);
            if !matches!(tv.kind, VarKind::Parameter) || tv.flags.constant || tv.flags.shared {
                return Err(err(format!(
                    "the target '{bare}' of the summed variable '{}' must be a parameter of the {} group (not a differential equation, subexpression, constant or shared variable)",
                    v.name,
                    side.name()
                )));
            }
            if tv.dim != v.dim {
                return Err(ModelError::new(
                    ErrorKind::DimensionMismatch,
                    format!(
                        "the summed variable '{}' has unit {}, but its target '{bare}' has unit {}",
                        v.name, v.dim, tv.dim
                    ),
                    "equations",
                    equations,
                    v.span,
                ));
            }
            if summed
                .iter()
                .any(|s: &Summed| s.side == side && s.target == t)
            {
                return Err(err(format!(
                    "'{bare}' is the target of two summed variables of the same Synapses"
                )));
            }
            summed.push(Summed {
                var: VarId(k as u32),
                side,
                target: t,
            });
        }
        let mut parsed = Vec::new();
        for (name, side, code) in pathways {
            let context = if *side == Side::Pre {
                "on_pre"
            } else {
                "on_post"
            };
            let stmts =
                syntax::parse_statements(code).map_err(|e| ModelError::syntax(context, code, e))?;
            parsed.push(Pathway {
                name: name.clone(),
                side: *side,
                code: code.clone(),
                stmts,
            });
        }
        let mut def =
            GroupDefinition::finish(0, equations, vars, None, None, RefractorySpec::None)?;
        def.synaptic = Some(Box::new(Synaptic {
            links,
            aliases,
            pathways: parsed,
            summed,
        }));
        Ok(def)
    }

    /// Whether some variable is `(event-driven)` (then `lastupdate` exists).
    pub fn has_event_driven(&self) -> bool {
        self.vars.iter().any(|v| v.flags.event_driven)
    }
}
