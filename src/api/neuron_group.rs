//! The `NeuronGroup` builder of the embedded API and the network methods that create
//! groups and read or write their variables.

use crate::api::synapses::Neurons;
use crate::api::values::{QuantitySlice, Values};
use crate::check::dims::{Checker, Scope};
use crate::check::model::{GroupDefinition, RefractorySpec, VarKind};
use crate::check::{ErrorKind, ModelError, Namespace, close_matches};
use crate::codegen::Method;
use crate::codegen::abstract_code::{AbstractCode, Stmt};
use crate::codegen::lower;
use crate::error::{Error, Result};
use crate::runtime::code_object::{Iteration, bind, run_kernel};
use crate::runtime::network::{Network, evaluate_per_neuron};
use crate::runtime::objects::GroupState;
use crate::syntax;
use crate::units::{Dimension, Quantity};
use spikelift_jit::Shape;

/// How a group is refractory: a time, or an expression (of time type, or boolean).
#[derive(Debug, Clone, PartialEq)]
pub enum Refractoriness {
    /// Not refractory.
    None,
    /// A fixed period.
    Time(Quantity),
    /// An expression: a time per neuron (`"ref"`), or a condition (`"v > -40*mV"`).
    Expr(String),
}

impl From<Quantity> for Refractoriness {
    fn from(q: Quantity) -> Refractoriness {
        Refractoriness::Time(q)
    }
}

impl From<&str> for Refractoriness {
    fn from(s: &str) -> Refractoriness {
        Refractoriness::Expr(s.to_string())
    }
}

/// A group of neurons defined by equations, Brian2's `NeuronGroup`.
///
/// ```
/// use spikelift::prelude::*;
/// let mut net = Network::new();
/// let g = net.add(
///     NeuronGroup::new(10, "dv/dt = (1.1 - v)/(10*ms) : 1")?
///         .threshold("v > 1")
///         .reset("v = 0")
///         .method("exact"),
/// )?;
/// let spikes = net.spike_monitor(g)?;
/// net.run(100.0 * ms)?;
/// assert!(net.spike_data(spikes).num_spikes() > 0);
/// # Ok::<(), spikelift::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NeuronGroup {
    n: usize,
    equations: String,
    threshold: Option<String>,
    reset: Option<String>,
    refractory: Refractoriness,
    method: Option<String>,
    namespace: Namespace,
    dt: Option<Quantity>,
    clock: Option<crate::api::ClockId>,
    name: Option<String>,
    order: i32,
    events: Vec<(String, String)>,
}

impl NeuronGroup {
    /// `n` neurons with the given equations (Brian2's `NeuronGroup(N, model)`).
    /// A negative `n` is an error.
    pub fn new(n: i64, equations: &str) -> Result<NeuronGroup> {
        if n < 0 {
            return Err(Error::InvalidArgument(format!(
                "the number of neurons N must be non-negative, got {n}"
            )));
        }
        if n > i64::from(u32::MAX) {
            return Err(Error::InvalidArgument(format!(
                "a group can have at most {} neurons (indices are 32-bit), got {n}",
                u32::MAX
            )));
        }
        Ok(NeuronGroup {
            n: n as usize,
            equations: equations.to_string(),
            threshold: None,
            reset: None,
            refractory: Refractoriness::None,
            method: None,
            namespace: Namespace::new(),
            dt: None,
            clock: None,
            events: Vec::new(),
            name: None,
            order: 0,
        })
    }

    /// The threshold condition (`threshold='v > -50*mV'`).
    pub fn threshold(mut self, condition: &str) -> NeuronGroup {
        self.threshold = Some(condition.to_string());
        self
    }

    /// The reset code (`reset='v = -70*mV'`).
    pub fn reset(mut self, code: &str) -> NeuronGroup {
        self.reset = Some(code.to_string());
        self
    }

    /// The refractoriness: a time (`5.0 * ms`) or an expression (`"ref"`, `"v > 0*mV"`).
    pub fn refractory(mut self, r: impl Into<Refractoriness>) -> NeuronGroup {
        self.refractory = r.into();
        self
    }

    /// The integration method (`"exact"`, `"euler"`, `"rk4"`, ...); default: Brian2's choice.
    pub fn method(mut self, method: &str) -> NeuronGroup {
        self.method = Some(method.to_string());
        self
    }

    /// Constants the group's code can use (searched before the network's namespace).
    pub fn namespace<S: Into<String>, Q: Into<Quantity>>(
        mut self,
        items: impl IntoIterator<Item = (S, Q)>,
    ) -> NeuronGroup {
        for (k, v) in items {
            self.namespace.insert(k, v);
        }
        self
    }

    /// A time step of its own (default: the network's `defaultclock`).
    pub fn dt(mut self, dt: Quantity) -> NeuronGroup {
        self.dt = Some(dt);
        self
    }

    /// A custom event: neurons for which `condition` holds have event `name` (Brian2's
    /// `events={'name': 'condition'}`); see [`Network::run_on_event`] and
    /// [`Network::event_monitor`].
    pub fn event(mut self, name: &str, condition: &str) -> NeuronGroup {
        self.events.push((name.to_string(), condition.to_string()));
        self
    }

    /// Run on an existing clock (Brian2's `clock=`), shared with other objects.
    pub fn clock(mut self, clock: crate::api::ClockId) -> NeuronGroup {
        self.clock = Some(clock);
        self
    }

    /// Its name (default `neurongroup`, `neurongroup_1`, ...).
    pub fn name(mut self, name: &str) -> NeuronGroup {
        self.name = Some(name.to_string());
        self
    }

    /// Its `order` within schedule slots.
    pub fn order(mut self, order: i32) -> NeuronGroup {
        self.order = order;
        self
    }
}

/// The integration method called `name` (`None`: Brian2's default choice).
pub(crate) fn parse_method(name: Option<&str>) -> Result<Option<Method>> {
    let Some(m) = name else {
        return Ok(None);
    };
    let method = Method::from_name(m).ok_or_else(|| {
        ModelError::plain(
            ErrorKind::Value,
            format!("unknown integration method '{m}'"),
            "method",
        )
        .with_help(format!("known methods: {}", Method::NAMES.join(", ")))
    })?;
    Ok(Some(method))
}

/// A handle to a group in a [`Network`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub(crate) usize);

fn time_seconds(q: Quantity, what: &str) -> Result<f64> {
    if q.dim != Dimension::TIME {
        return Err(Error::InvalidArgument(format!(
            "{what} must be a time, got a quantity with unit {}",
            q.dim
        )));
    }
    Ok(q.value)
}

impl Network {
    /// Add a group: its code is parsed and its units declared here; names are resolved
    /// and dimensions checked when the network runs.
    pub fn add(&mut self, g: NeuronGroup) -> Result<GroupId> {
        let refractory = match &g.refractory {
            Refractoriness::None => RefractorySpec::None,
            Refractoriness::Time(q) => RefractorySpec::Time(time_seconds(*q, "refractory")?),
            Refractoriness::Expr(s) => RefractorySpec::Expr(s.clone()),
        };
        let mut def = GroupDefinition::new(
            g.n,
            &g.equations,
            g.threshold.as_deref(),
            g.reset.as_deref(),
            refractory,
        )?;
        for (name, condition) in &g.events {
            def.add_event(name, condition)?;
        }
        let method = parse_method(g.method.as_deref())?;
        let dt = match g.dt {
            Some(q) => {
                let dt = time_seconds(q, "dt")?;
                if !(dt > 0.0 && dt.is_finite()) {
                    return Err(Error::InvalidArgument(format!(
                        "dt must be positive, got {dt} s"
                    )));
                }
                Some(dt)
            }
            None => None,
        };
        let clock = match g.clock {
            Some(_) if dt.is_some() => {
                return Err(Error::InvalidArgument(
                    "can only specify either a dt or a clock, not both".to_string(),
                ));
            }
            Some(c) if c.0 < self.clocks.len() => c.0,
            Some(_) => return Err(Error::InvalidArgument("unknown clock".to_string())),
            None => self.clock_for(dt),
        };
        let name = self.claim_name(g.name.as_deref(), "neurongroup")?;
        let mut state = GroupState::try_new(name, def, clock)?;
        state.method = method;
        state.namespace = g.namespace;
        state.order = g.order;
        self.groups.push(state);
        Ok(GroupId(self.groups.len() - 1))
    }

    pub(crate) fn group(&self, g: GroupId) -> &GroupState {
        &self.groups[g.0]
    }

    pub(crate) fn var_of(&self, g: GroupId, name: &str) -> Result<crate::check::VarId> {
        let group = self.group(g);
        group
            .def
            .var_id(name)
            .ok_or_else(|| Error::UnknownVariable {
                object: group.name.clone(),
                name: name.to_string(),
                candidates: close_matches(name, group.def.vars.iter().map(|v| v.name.as_str())),
            })
    }

    /// Number of neurons of a group or subgroup (synapses of a `Synapses` object).
    pub fn len(&self, g: impl Into<Neurons>) -> usize {
        let g = g.into();
        match g.range {
            Some((start, stop)) => stop.saturating_sub(start),
            None => self.group(g.group).n(),
        }
    }

    /// The group and the range `start..stop` of `n`, checked against the group's size.
    pub(crate) fn neuron_range(&self, n: Neurons) -> Result<(GroupId, usize, usize)> {
        let group = self
            .groups
            .get(n.group.0)
            .ok_or_else(|| Error::InvalidArgument("unknown group".to_string()))?;
        let size = group.n();
        let (start, stop) = n.range.unwrap_or((0, size));
        if start > stop || stop > size {
            return Err(Error::InvalidArgument(format!(
                "the subgroup {start}:{stop} is outside group '{}' of {size} neurons",
                group.name
            )));
        }
        Ok((n.group, start, stop))
    }

    /// Indices relative to the subgroup `n` made absolute, each checked against the
    /// subgroup's size.
    pub(crate) fn absolute_indices(&self, n: Neurons, indices: &[u32]) -> Result<Vec<u32>> {
        let (g, start, stop) = self.neuron_range(n)?;
        let size = stop - start;
        if let Some(bad) = indices.iter().find(|&&i| i as usize >= size) {
            let what = match n.range {
                Some(_) => format!("subgroup {start}:{stop} of '{}'", self.group(g).name),
                None => format!("group '{}'", self.group(g).name),
            };
            return Err(Error::InvalidArgument(format!(
                "index {bad} is out of range for {what} of {size} elements"
            )));
        }
        Ok(indices.iter().map(|&i| i + start as u32).collect())
    }

    /// The integration method chosen for a group in the last run.
    pub fn method_used(&self, g: GroupId) -> Option<Method> {
        self.group(g).method_used
    }

    /// Set a variable of every neuron: a quantity, an array, or a string expression
    /// evaluated per neuron (`"-70*mV + i*0.1*mV"`), like `G.v = ...` in Brian2.
    ///
    /// On a subgroup (`g.slice(4, 10)`, Brian2's `G[4:10].v = ...`) only its neurons
    /// are set, and in an expression `i` is the index inside the subgroup and `N` its
    /// size, as in Brian2.
    pub fn set(
        &mut self,
        g: impl Into<Neurons>,
        var: &str,
        values: impl Into<Values>,
    ) -> Result<()> {
        let g = g.into();
        let (id, start, stop) = self.neuron_range(g)?;
        let indices: Vec<u32> = (start as u32..stop as u32).collect();
        self.set_where(id, var, values.into(), &indices, (start, stop))
    }

    /// Set a variable of the given neurons only (`G.v[indices] = ...`); on a subgroup
    /// the indices are relative to it.
    pub fn set_indices(
        &mut self,
        g: impl Into<Neurons>,
        var: &str,
        values: impl Into<Values>,
        indices: &[u32],
    ) -> Result<()> {
        let g = g.into();
        let (id, start, stop) = self.neuron_range(g)?;
        let absolute = self.absolute_indices(g, indices)?;
        self.set_where(id, var, values.into(), &absolute, (start, stop))
    }

    /// Set `var` of the neurons `indices` (absolute); `sub` is the subgroup the
    /// assignment was made on (its `i` and `N` in expressions).
    fn set_where(
        &mut self,
        g: GroupId,
        var: &str,
        values: Values,
        indices: &[u32],
        sub: (usize, usize),
    ) -> Result<()> {
        let id = self.var_of(g, var)?;
        let group = &self.groups[g.0];
        if group.synapses.as_ref().is_some_and(|d| !d.connected) && !group.def.var(id).flags.shared
        {
            return Err(Error::InvalidArgument(format!(
                "Cannot write to synaptic variable '{var}', you need to call connect(...) first"
            )));
        }
        let n = group.n();
        if let Some(bad) = indices.iter().find(|&&i| i as usize >= n) {
            return Err(Error::InvalidArgument(format!(
                "index {bad} is out of range for group '{}' of {n} neurons",
                group.name
            )));
        }
        let v = group.def.var(id);
        if matches!(v.kind, VarKind::Subexpression(_)) {
            return Err(Error::InvalidArgument(format!(
                "cannot set subexpression '{var}' of '{}'",
                group.name
            )));
        }
        let dim = v.dim;
        let check_dim = |d: Dimension| -> Result<()> {
            if d == dim {
                Ok(())
            } else {
                Err(Error::Dimension(crate::units::DimensionMismatch::new(
                    format!("cannot set variable '{var}' (unit {dim}) to a value with unit {d}"),
                    vec![dim, d],
                )))
            }
        };
        // Zero fits every unit (Brian2 accepts `G.v = 0`).
        let zero =
            |d: Dimension, values: &[f64]| d.is_dimensionless() && values.iter().all(|x| *x == 0.0);
        let new_values: Vec<f64> = match values {
            Values::Quantity(q) => {
                if !zero(q.dim, &[q.value]) {
                    check_dim(q.dim)?;
                }
                vec![q.value; indices.len()]
            }
            Values::Array(a) => {
                if !zero(a.dim, &a.values) {
                    check_dim(a.dim)?;
                }
                if a.values.len() != indices.len() {
                    return Err(Error::InvalidArgument(format!(
                        "cannot set {} values of '{var}' from an array of length {}",
                        indices.len(),
                        a.values.len()
                    )));
                }
                a.values
            }
            Values::Expr(text) => self.evaluate_for_set_in(g, &text, dim, indices, Some(sub))?,
        };
        let column = &mut self.groups[g.0].columns[id.0 as usize];
        if column.len() == 1 && n != 1 {
            if let Some(last) = new_values.last() {
                column[0] = *last;
            }
        } else {
            for (&i, x) in indices.iter().zip(new_values) {
                column[i as usize] = x;
            }
        }
        Ok(())
    }

    /// Evaluate `text` for the neurons `indices` (on a deep stack, see
    /// [`crate::runtime::stack`]).
    pub(crate) fn evaluate_for_set(
        &mut self,
        g: GroupId,
        text: &str,
        dim: Dimension,
        indices: &[u32],
    ) -> Result<Vec<f64>> {
        self.evaluate_for_set_in(g, text, dim, indices, None)
    }

    /// [`Network::evaluate_for_set`] on the subgroup `sub` (`start..stop`): `i` is the
    /// index inside it and `N` its size (Brian2's subgroup variables).
    pub(crate) fn evaluate_for_set_in(
        &mut self,
        g: GroupId,
        text: &str,
        dim: Dimension,
        indices: &[u32],
        sub: Option<(usize, usize)>,
    ) -> Result<Vec<f64>> {
        crate::runtime::stack::deep(|| self.evaluate_for_set_here(g, text, dim, indices, sub))
    }

    fn evaluate_for_set_here(
        &mut self,
        g: GroupId,
        text: &str,
        dim: Dimension,
        indices: &[u32],
        sub: Option<(usize, usize)>,
    ) -> Result<Vec<f64>> {
        let group = &self.groups[g.0];
        let ast =
            syntax::parse_expression(text).map_err(|e| ModelError::syntax("value", text, e))?;
        let vars = group.def.scope_vars();
        let checker = Checker {
            scope: Scope {
                vars: &vars,
                namespaces: &[&group.namespace, &self.namespace],
            },
            context: "value",
            source: text,
        };
        let typed = checker.check(&ast)?;
        if typed.dim != dim
            && !(typed.dim.is_dimensionless()
                && matches!(typed.expr, crate::check::Expr::Const(c) if c == 0.0))
        {
            return Err(ModelError::new(
                ErrorKind::DimensionMismatch,
                format!(
                    "the expression has unit {}, but the variable has unit {dim}",
                    typed.dim
                ),
                "value",
                text,
                ast.span,
            )
            .into());
        }
        let model = self.model_for_reading(g)?;
        let t = self.clocks[group.clock].t();
        let dt = self.clocks[group.clock].dt;
        let mut code = AbstractCode::default();
        let mut expr = crate::check::synapses::inline_links(
            &crate::codegen::group_code::substitute(&group.def, &model, &typed.expr),
            &crate::runtime::synapse_run::link_subexpressions(self, g.0)?,
        );
        if let Some((start, stop)) = sub
            && (start, stop) != (0, group.n())
        {
            expr = expr.on_subgroup(start, stop);
        }
        code.stmts.push(Stmt::StoreAux(0, expr));
        let lowered = if group.synapses.is_some() {
            crate::runtime::synapse_run::lower_synaptic(
                &self.groups,
                g.0,
                "setter",
                &code,
                Shape::EachEvent,
            )
        } else {
            let access = |v: crate::check::VarId| group.access(v);
            lower::lower("setter", &code, Shape::EachEvent, &access)
        };
        let compiled = spikelift_jit::compile(lowered.kernel.clone(), self.backend)?;
        let mut bound = bind(compiled, &lowered);
        // Each evaluation draws its own random numbers (`'rand()'` in a setter).
        self.setter_draws += 1;
        bound.random_key = crate::runtime::random::mix(
            crate::runtime::random::mix(self.random_seed, self.setter_draws),
            g.0 as u64,
        );
        let group = &self.groups[g.0];
        let mut aux = vec![vec![0.0; group.n()]];
        if group.synapses.is_some() {
            let sizes = self.groups[g.0].synapses.as_ref().map(|d| {
                (
                    self.groups[d.source.group].n(),
                    self.groups[d.target.group].n(),
                )
            });
            if let (Some((a, b)), Some(d)) = (sizes, self.groups[g.0].synapses.as_mut()) {
                d.update_counts(a, b);
            }
        }
        run_kernel(
            &mut bound,
            &mut self.groups,
            g.0,
            &mut aux,
            t,
            dt,
            Iteration::Events(indices),
        )?;
        Ok(indices.iter().map(|&i| aux[0][i as usize]).collect())
    }

    /// Check a group's code against the current namespaces (used to read subexpressions
    /// and evaluate setters outside a run).
    fn model_for_reading(&self, g: GroupId) -> Result<crate::check::GroupModel> {
        let group = self.group(g);
        let mut model = crate::check::model::check_group_expressions(
            &group.def,
            &[&group.namespace, &self.namespace],
        )
        .map_err(Error::Model)?;
        let links = crate::runtime::synapse_run::link_subexpressions(self, g.0)?;
        crate::check::synapses::inline_links_in_model(&mut model, &links);
        Ok(model)
    }

    /// The values of a variable (or subexpression) of every neuron, with its unit.
    /// On a subgroup, the values of its neurons.
    pub fn get(&self, g: impl Into<Neurons>, var: &str) -> Result<QuantitySlice<'static>> {
        let (g, start, stop) = self.neuron_range(g.into())?;
        let all = self.get_all(g, var)?;
        if (start, stop) == (0, self.group(g).n()) {
            return Ok(all);
        }
        Ok(QuantitySlice::owned(
            all.si()[start..stop].to_vec(),
            all.dim(),
        ))
    }

    fn get_all(&self, g: GroupId, var: &str) -> Result<QuantitySlice<'static>> {
        if let Some(values) = self.synaptic_side_values(g, var)? {
            return Ok(values);
        }
        let id = self.var_of(g, var)?;
        let group = self.group(g);
        let v = group.def.var(id);
        let values = if group.is_stored(id) {
            let col = &group.columns[id.0 as usize];
            if col.len() == 1 && group.n() != 1 {
                vec![col[0]; group.n()]
            } else {
                col.clone()
            }
        } else {
            let mut cols = crate::runtime::stack::deep(|| {
                let model = self.model_for_reading(g)?;
                let exprs = [crate::check::Expr::Var(id)];
                if group.synapses.is_some() {
                    crate::runtime::synapse_run::evaluate_per_synapse(
                        &self.groups,
                        g.0,
                        &model,
                        &exprs,
                        self.backend,
                    )
                } else {
                    evaluate_per_neuron(&self.groups, g.0, &model, &exprs, self.backend)
                }
                .map_err(Error::Model)
            })?;
            cols.pop().unwrap_or_default()
        };
        Ok(QuantitySlice::owned(values, v.dim))
    }

    /// The neurons for which a boolean expression holds (`G.v['i > 5']` in Brian2),
    /// ascending.
    /// On a subgroup, `i` in the condition and the indices returned are relative to it.
    pub fn select(&mut self, g: impl Into<Neurons>, condition: &str) -> Result<Vec<u32>> {
        let (g, start, stop) = self.neuron_range(g.into())?;
        let all: Vec<u32> = (start as u32..stop as u32).collect();
        let values = self.evaluate_for_set_in(
            g,
            condition,
            Dimension::DIMENSIONLESS,
            &all,
            Some((start, stop)),
        )?;
        Ok(all
            .into_iter()
            .zip(values)
            .filter(|(_, x)| *x != 0.0)
            .map(|(i, _)| i - start as u32)
            .collect())
    }

    /// The name of a group.
    pub fn group_name(&self, g: GroupId) -> &str {
        &self.group(g).name
    }

    /// Whether a group has a variable (or subexpression) called `name`.
    pub fn has_variable(&self, g: GroupId, name: &str) -> bool {
        self.group(g).def.var_id(name).is_some() || self.synaptic_side(g, name).is_some()
    }

    /// The names of a group's variables.
    pub fn variable_names(&self, g: GroupId) -> Vec<String> {
        self.group(g)
            .def
            .vars
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }

    /// Whether a variable of a group is `(shared)`: one value for the whole group.
    pub fn is_shared(&self, g: GroupId, name: &str) -> bool {
        let group = self.group(g);
        group
            .def
            .var_id(name)
            .is_some_and(|id| group.def.var(id).flags.shared)
    }

    /// The unit of a variable of a group.
    pub fn variable_dim(&self, g: GroupId, name: &str) -> Option<Dimension> {
        let group = self.group(g);
        group.def.var_id(name).map(|id| group.def.var(id).dim)
    }

    /// The current time of a group's clock (Brian2's `G.t`; see
    /// [`Network::clock_t`]).
    pub fn group_t(&self, g: GroupId) -> Quantity {
        Quantity::new(self.clocks[self.group(g).clock].t(), Dimension::TIME)
    }

    /// `v_pre` / `v_post` of a `Synapses` object: the variable's name in the source or
    /// target group, that group, and whether it is the source (`None` if `var` is a
    /// variable of the synapses themselves, or no such name).
    fn synaptic_side<'a>(&self, s: GroupId, var: &'a str) -> Option<(&'a str, usize, bool)> {
        let d = self.groups[s.0].synapses.as_ref()?;
        // a summed variable (`g_post = ... : 1 (summed)`) reads as its target, as in
        // Brian2: the postsynaptic neuron's sum, not the synapse's contribution
        let def = &self.groups[s.0].def;
        if def.var_id(var).is_some_and(|v| !def.var(v).flags.summed) {
            return None;
        }
        let (base, side, pre) = match (var.strip_suffix("_pre"), var.strip_suffix("_post")) {
            (Some(b), _) => (b, d.source.group, true),
            (_, Some(b)) => (b, d.target.group, false),
            _ => return None,
        };
        self.groups[side]
            .def
            .var_id(base)
            .map(|_| (base, side, pre))
    }

    /// `v_pre` / `v_post` of a `Synapses` object read from outside its code: the
    /// variable of each synapse's presynaptic or postsynaptic neuron.
    fn synaptic_side_values(
        &self,
        s: GroupId,
        var: &str,
    ) -> Result<Option<QuantitySlice<'static>>> {
        let (Some((base, side, pre)), Some(d)) = (
            self.synaptic_side(s, var),
            self.groups[s.0].synapses.as_ref(),
        ) else {
            return Ok(None);
        };
        let all = self.get_all(GroupId(side), base)?;
        let index = if pre { &d.pre } else { &d.post };
        let values = index.iter().map(|&k| all.si()[k as usize]).collect();
        Ok(Some(QuantitySlice::owned(values, all.dim())))
    }

    /// The time step of a group's clock.
    pub fn group_dt(&self, g: GroupId) -> Quantity {
        Quantity::new(self.clocks[self.group(g).clock].dt, Dimension::TIME)
    }

    /// Whether a variable of a group is an integer or boolean variable.
    pub fn variable_kind(&self, g: GroupId, name: &str) -> Option<crate::check::Dtype> {
        let group = self.group(g);
        group.def.var_id(name).map(|id| group.def.var(id).dtype)
    }

    /// Run `code` on the neurons that have `event` in a time step (Brian2's
    /// `G.run_on_event(event, code)`; `spike` runs after the reset, custom events in
    /// `after_resets`).
    pub fn run_on_event(&mut self, g: GroupId, event: &str, code: &str) -> Result<()> {
        self.groups[g.0].def.add_event_code(event, code)?;
        Ok(())
    }

    /// Move the thresholder of `event` (`spike` or a custom event) to another slot
    /// of the schedule (Brian2's `G.set_event_schedule(event, when='after_thresholds',
    /// order=None)`; `None` keeps the group's order). Monitors of the event follow it.
    pub fn set_event_schedule(
        &mut self,
        g: GroupId,
        event: &str,
        when: &str,
        order: Option<i32>,
    ) -> Result<()> {
        let slot = crate::runtime::schedule::When::parse(when)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown schedule slot '{when}'")))?;
        let group = self
            .groups
            .get_mut(g.0)
            .ok_or_else(|| Error::InvalidArgument("unknown group".to_string()))?;
        let known = if event == "spike" {
            group.def.threshold.is_some()
        } else {
            group.def.events.iter().any(|(n, _, _)| n == event)
        };
        if !known {
            return Err(Error::InvalidArgument(format!(
                "group '{}' has no event '{event}'",
                group.name
            )));
        }
        group.event_schedules.push((event.to_string(), slot, order));
        Ok(())
    }

    /// Run `code` on every neuron regularly (Brian2's `G.run_regularly(code, dt=...,
    /// when='start', order=0)`); `dt` defaults to the group's clock.
    pub fn run_regularly(
        &mut self,
        g: impl Into<crate::api::Neurons>,
        code: &str,
        dt: Option<Quantity>,
        when: &str,
        order: i32,
    ) -> Result<()> {
        let g = g.into();
        let clock = match dt {
            None => self.groups[g.group.0].clock,
            Some(q) => {
                let dt = time_seconds(q, "dt")?;
                if !(dt > 0.0 && dt.is_finite()) {
                    return Err(Error::InvalidArgument(format!(
                        "dt must be positive, got {dt} s"
                    )));
                }
                self.clock_for(Some(dt))
            }
        };
        self.add_regular(g, code, clock, when, order)
    }

    /// [`Network::run_regularly`] on a clock shared with other objects (Brian2's
    /// `G.run_regularly(code, clock=c)`).
    pub fn run_regularly_on(
        &mut self,
        g: impl Into<crate::api::Neurons>,
        code: &str,
        clock: crate::api::ClockId,
        when: &str,
        order: i32,
    ) -> Result<()> {
        if clock.0 >= self.clocks.len() {
            return Err(Error::InvalidArgument("unknown clock".to_string()));
        }
        self.add_regular(g.into(), code, clock.0, when, order)
    }

    fn add_regular(
        &mut self,
        source: crate::api::Neurons,
        code: &str,
        clock: usize,
        when: &str,
        order: i32,
    ) -> Result<()> {
        let (g, start, stop) = self.neuron_range(source)?;
        let range = source.range.map(|_| (start, stop));
        let slot = crate::runtime::schedule::When::parse(when)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown schedule slot '{when}'")))?;
        self.groups[g.0].def.add_regular(code)?;
        let name = self.unique_name(&format!("{}_run_regularly", self.groups[g.0].name));
        self.groups[g.0]
            .regular
            .push(crate::runtime::objects::Regular {
                name,
                clock,
                when: slot,
                order,
                range,
            });
        Ok(())
    }

    /// Set a constant of the network's namespace (used by all groups' code).
    pub fn set_constant(&mut self, name: &str, value: impl Into<Quantity>) {
        self.namespace.insert(name, value);
    }

    /// The network's namespace.
    pub fn namespace_mut(&mut self) -> &mut Namespace {
        &mut self.namespace
    }
}
