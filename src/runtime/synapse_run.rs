//! The code objects of `Synapses` objects: building them before a run (state updater,
//! pathways, summed-variable updaters) and running pathways and summed updaters in
//! the step loop.
//!
//! # Order and parallelism
//! A pathway pushes the synapses of this step's spiking neurons into its spike queue
//! (each at its delay, in spike order, then synapse order), then runs its code over
//! the synapses due now in queue order: effects on postsynaptic variables apply exactly
//! in Brian2's order, so the result is the same for any thread count and needs no
//! locks. When many synapses are due (`code_object::PARTITION_MIN_EVENTS`) and the
//! code writes only its own synapse and its postsynaptic neuron, the due synapses are
//! grouped by blocks of postsynaptic neurons (keeping their order within a block) and
//! the blocks run in parallel: each neuron still sees its inputs in queue order, so the
//! result is unchanged. Clock-driven synaptic equations only write their own synapse's
//! elements and run in parallel chunks like a group's state updater. A summed updater
//! sets its target to zero and adds the synapses' values serially, in synapse order.

use crate::check::model::{GroupModel, check_group};
use crate::check::synapses::{
    LinkTarget, LinkedSubexpressions, Side, Summed, inline_links_in_model,
};
use crate::check::typed::{Expr, VarId};
use crate::codegen::group_code::{self, Evaluator};
use crate::codegen::lower::{self, Access, AccessIndex, LoweredKernel, SlotSource};
use crate::codegen::synapse_code;
use crate::error::{Error, Result};
use crate::runtime::code_object::{Action, CodeObject, Iteration, run_kernel};
use crate::runtime::network::Network;
use crate::runtime::objects::GroupState;
use crate::runtime::schedule::When;
use spikelift_jit::{Backend, Policy, Shape};

/// How the code of synapses `gi` accesses each variable: its own at the synapse, the
/// source's and target's through the pre- and postsynaptic indices.
pub(crate) fn synaptic_access(groups: &[GroupState], gi: usize) -> impl Fn(VarId) -> Access + '_ {
    move |v: VarId| {
        let g = &groups[gi];
        let own = |v: VarId| Access {
            slot: SlotSource::Var(v),
            index: if g.def.own(v).is_some_and(|x| x.flags.shared) {
                AccessIndex::Zero
            } else {
                AccessIndex::Loop
            },
        };
        let (Some(syn), Some(data)) = (g.def.synaptic.as_ref(), g.synapses.as_ref()) else {
            return own(v);
        };
        match syn.link(v) {
            None => own(v),
            Some(l) => {
                let slice = data.slice(l.side);
                let via = AccessIndex::Via(l.side.into());
                match l.target {
                    LinkTarget::Var(u) => Access {
                        slot: SlotSource::Group(slice.group, u),
                        index: if l.shared { AccessIndex::Zero } else { via },
                    },
                    // Inlined before lowering (`inline_link_subexpressions`); a
                    // leftover one is a missing column, reported as a bug.
                    LinkTarget::Subexpression(_) => own(v),
                    LinkTarget::NIncoming | LinkTarget::NOutgoing => Access {
                        slot: SlotSource::Counts(l.side),
                        index: via,
                    },
                }
            }
        }
    }
}

/// The links of synapses `gi` to subexpressions of its source and target, with those
/// subexpressions (checked against their own group's namespaces).
pub(crate) fn link_subexpressions(net: &Network, gi: usize) -> Result<LinkedSubexpressions> {
    let g = &net.groups[gi];
    let (Some(syn), Some(data)) = (g.def.synaptic.as_ref(), g.synapses.as_ref()) else {
        return Ok(LinkedSubexpressions::new());
    };
    if !syn
        .links
        .iter()
        .any(|l| matches!(l.target, LinkTarget::Subexpression(_)))
    {
        return Ok(LinkedSubexpressions::new());
    }
    let mut models = Vec::new();
    for side in [Side::Pre, Side::Post] {
        let other = &net.groups[data.slice(side).group];
        let m = crate::check::model::check_group_expressions(
            &other.def,
            &[&other.namespace, &net.namespace],
        )
        .map_err(|e| Error::Model(e.in_object(&other.name)))?;
        models.push((side, other, m));
    }
    let expr = |side: Side, u: VarId| {
        let (_, other, m) = models.iter().find(|(s, _, _)| *s == side)?;
        Some(group_code::substitute(&other.def, m, &Expr::Var(u)))
    };
    Ok(syn.subexpression_links(&expr))
}

/// Lower the code of synapses `gi`.
pub(crate) fn lower_synaptic(
    groups: &[GroupState],
    gi: usize,
    name: &str,
    code: &crate::codegen::AbstractCode,
    shape: Shape,
) -> LoweredKernel {
    let access = synaptic_access(groups, gi);
    lower::lower_with(name, code, shape, &access, true)
}

/// Evaluate `exprs` for every synapse of `gi`, one column per expression.
pub(crate) fn evaluate_per_synapse(
    groups: &[GroupState],
    gi: usize,
    model: &GroupModel,
    exprs: &[Expr],
    backend: Backend,
) -> std::result::Result<Vec<Vec<f64>>, crate::check::ModelError> {
    evaluate_per_synapse_in(&mut groups.to_vec(), gi, model, exprs, backend)
}

/// [`evaluate_per_synapse`] on the groups themselves (the kernel only reads their
/// columns; they are moved out and back), without copying them.
fn evaluate_per_synapse_in(
    groups: &mut [GroupState],
    gi: usize,
    model: &GroupModel,
    exprs: &[Expr],
    backend: Backend,
) -> std::result::Result<Vec<Vec<f64>>, crate::check::ModelError> {
    let g = &groups[gi];
    let code = group_code::evaluate_into_aux(&g.def, model, exprs);
    let lowered = lower_synaptic(
        groups,
        gi,
        &format!("{}_coefficients", g.name),
        &code,
        Shape::EachIndex,
    );
    let n = g.n();
    crate::runtime::network::evaluate_lowered(&lowered, groups, gi, n, exprs.len(), backend)
}

/// Code objects being collected for a run: the objects, and the kernels to compile
/// with the index of the object each belongs to.
pub(crate) struct Collect<'a> {
    pub objects: &'a mut Vec<CodeObject>,
    pub lowered: &'a mut Vec<LoweredKernel>,
    pub owners: &'a mut Vec<usize>,
}

impl Collect<'_> {
    fn push(&mut self, object: CodeObject, kernel: Option<LoweredKernel>) {
        if let Some(k) = kernel {
            self.lowered.push(k);
            self.owners.push(self.objects.len());
        }
        self.objects.push(object);
    }
}

impl Network {
    /// Check and generate the code objects of synapses `gi` for a run.
    pub(crate) fn prepare_synapses(&mut self, gi: usize, out: &mut Collect<'_>) -> Result<()> {
        let mut model = {
            let g = &self.groups[gi];
            check_group(&g.def, &[&g.namespace, &self.namespace])
                .map_err(|e| Error::Model(e.in_object(&g.name)))?
        };
        inline_links_in_model(&mut model, &link_subexpressions(self, gi)?);
        let backend = self.backend;
        let (name, clock, order) = {
            let g = &self.groups[gi];
            (g.name.clone(), g.clock, g.order)
        };
        let dt = self.clocks[clock].dt;
        self.follow_target_size(crate::api::GroupId(gi));
        // Connectivity facts used by the code: N_incoming, N_outgoing.
        let sizes = self.groups[gi].synapses.as_ref().map(|d| {
            (
                self.groups[d.source.group].n(),
                self.groups[d.target.group].n(),
            )
        });
        if let (Some((ns, nt)), Some(d)) = (sizes, self.groups[gi].synapses.as_mut()) {
            d.update_counts(ns, nt);
        }
        let written = self.written_during_run(gi, &model);
        let updater = {
            // The definition is copied so that the coefficients can be evaluated on the
            // groups themselves.
            let (def, method) = (self.groups[gi].def.clone(), self.groups[gi].method);
            let groups = &mut self.groups;
            let mut eval =
                |exprs: &[Expr]| evaluate_per_synapse_in(groups, gi, &model, exprs, backend);
            let eval: &mut Evaluator<'_> = &mut eval;
            group_code::state_updater(&def, &model, method, dt, eval, &|v| {
                written.get(v.0 as usize).copied().unwrap_or(false)
            })
            .map_err(|e| Error::Model(e.in_object(&name)))?
        };
        self.groups[gi].method_used = Some(updater.method);
        if !updater.code.stmts.is_empty() {
            let k = lower_synaptic(
                &self.groups,
                gi,
                &format!("{name}_stateupdater"),
                &updater.code,
                Shape::EachIndex,
            );
            out.push(
                CodeObject {
                    name: format!("{name}_stateupdater"),
                    when: When::GROUPS,
                    order,
                    clock,
                    action: Action::StateUpdate(gi),
                    kernel: None,
                    aux: updater.aux,
                },
                Some(k),
            );
        }
        let Some(syn) = self.groups[gi].def.synaptic.clone() else {
            return Ok(());
        };
        for (k, p) in syn.pathways.iter().enumerate() {
            let code = synapse_code::pathway_code(&self.groups[gi].def, &model, k)
                .map_err(|e| Error::Model(e.in_object(&name)))?;
            let object_name = match self.groups[gi].synapses.as_ref() {
                Some(d) => d.pathways[k].name.clone(),
                None => format!("{name}_{}", p.name),
            };
            let kernel = lower_synaptic(&self.groups, gi, &object_name, &code, Shape::EachEvent);
            let (slice, order) = match self.groups[gi].synapses.as_ref() {
                Some(d) => (d.slice(p.side), d.pathways[k].order),
                None => continue,
            };
            let source_clock = self.groups[slice.group].clock;
            let source_dt = self.clocks[source_clock].dt;
            if let Some(d) = self.groups[gi].synapses.as_mut() {
                let generation = d.generation;
                let index = match p.side {
                    Side::Pre => &d.pre,
                    Side::Post => &d.post,
                };
                let mut state = std::mem::replace(
                    &mut d.pathways[k],
                    crate::runtime::synapses::PathwayState::new(
                        String::new(),
                        crate::runtime::synapses::Delay::Homogeneous(0.0),
                        0,
                    ),
                );
                let prepared = state.prepare(index, slice, source_dt, generation);
                d.pathways[k] = state;
                prepared.map_err(|m| Error::InvalidArgument(format!("{object_name}: {m}")))?;
            }
            out.push(
                CodeObject {
                    name: object_name,
                    when: When::SYNAPSES,
                    order,
                    clock: source_clock,
                    action: Action::Pathway(gi, k),
                    kernel: None,
                    aux: vec![],
                },
                Some(kernel),
            );
        }
        for (k, s) in syn.summed.iter().enumerate() {
            self.check_single_summed_writer(gi, s)?;
            let code = synapse_code::summed_code(&self.groups[gi].def, &model, s)
                .map_err(|e| Error::Model(e.in_object(&name)))?;
            let Some(slice) = self.groups[gi].synapses.as_ref().map(|d| d.slice(s.side)) else {
                continue;
            };
            let target = &self.groups[slice.group];
            let target_name = &target.def.var(s.target).name;
            let object_name = format!("{name}_summed_variable_{target_name}");
            let kernel = lower_synaptic(&self.groups, gi, &object_name, &code, Shape::EachIndex);
            // Brian2: one before the target's order; a subgroup's order is one after
            // its group's, so the updater of a subgroup ties with the group's state
            // updater and runs after it by name.
            let whole = slice.start == 0 && slice.stop == target.n();
            let target_order = if whole {
                target.order
            } else {
                target.order + 1
            };
            out.push(
                CodeObject {
                    name: object_name,
                    when: When::GROUPS,
                    order: target_order - 1,
                    clock: target.clock,
                    action: Action::Summed(gi, k),
                    kernel: None,
                    aux: vec![],
                },
                Some(kernel),
            );
        }
        for k in 0..self.groups[gi].def.regular.len() {
            let spec = self.groups[gi].regular[k].clone();
            let def = &self.groups[gi].def;
            let stmts = &model.regular[k];
            let writes_shared = crate::check::scalar::scalar_statements(def, stmts)
                .iter()
                .zip(stmts)
                .any(|(&s, st)| s && matches!(st.target, crate::check::Target::Var(_)));
            if writes_shared {
                return Err(Error::InvalidArgument(format!(
                    "{}: spikelift cannot write shared variables of synapses in run_regularly yet",
                    spec.name
                )));
            }
            let code = group_code::regularly_code(def, &model, stmts, None);
            let kernel = lower_synaptic(&self.groups, gi, &spec.name, &code, Shape::EachIndex);
            out.push(spec.code_object(gi, k), Some(kernel));
        }
        Ok(())
    }

    /// Brian2's rule: one summed variable per target variable (each updater zeroes its
    /// target, so a second one would erase the first one's sum). Active synapses other
    /// than `gi` summing into the same variable of overlapping neurons are an error.
    fn check_single_summed_writer(&self, gi: usize, s: &Summed) -> Result<()> {
        let Some(slice) = self.groups[gi].synapses.as_ref().map(|d| d.slice(s.side)) else {
            return Ok(());
        };
        for (other, g) in self.groups.iter().enumerate() {
            let active = g.active
                && self
                    .selection
                    .as_ref()
                    .is_none_or(|a| a.groups.get(other).copied().unwrap_or(false));
            if other == gi || !active {
                continue;
            }
            let (Some(syn), Some(data)) = (g.def.synaptic.as_ref(), g.synapses.as_ref()) else {
                continue;
            };
            for t in &syn.summed {
                let o = data.slice(t.side);
                let overlap = o.group == slice.group
                    && t.target == s.target
                    && o.start < slice.stop
                    && slice.start < o.stop;
                if overlap {
                    let target = &self.groups[slice.group];
                    return Err(Error::InvalidArgument(format!(
                        "Multiple summed variables target the variable '{}' of '{}' ('{}' and '{}'); use one target variable per Synapses object and add them in the target group",
                        target.def.var(s.target).name,
                        target.name,
                        self.groups[gi].name,
                        g.name
                    )));
                }
            }
        }
        Ok(())
    }

    /// The synaptic part of the definition of object `gi`, if it is a `Synapses`.
    fn synaptic(&self, gi: usize) -> Option<&crate::check::synapses::Synaptic> {
        self.groups[gi].def.synaptic.as_deref()
    }

    /// The source or target (sub)group of synapses `gi`.
    fn side_slice(&self, gi: usize, side: Side) -> Option<crate::runtime::synapses::GroupSlice> {
        self.groups[gi].synapses.as_ref().map(|d| d.slice(side))
    }

    /// Run pathway `k` of synapses `gi`: queue this step's spikes, then run the code
    /// over the synapses due now.
    pub(crate) fn run_pathway(
        &mut self,
        obj: &mut CodeObject,
        gi: usize,
        k: usize,
        t: f64,
        dt: f64,
    ) -> Result<()> {
        let side = self
            .synaptic(gi)
            .and_then(|s| s.pathways.get(k))
            .map(|p| p.side);
        let Some(slice) = side.and_then(|side| self.side_slice(gi, side)) else {
            return Ok(());
        };
        let event = self.groups[gi]
            .synapses
            .as_ref()
            .and_then(|d| d.pathways[k].event);
        let source = &mut self.groups[slice.group];
        let spikes = match event {
            Some(e) => source
                .events
                .get_mut(e)
                .map(std::mem::take)
                .unwrap_or_default(),
            None => std::mem::take(&mut source.spikes),
        };
        let due = match self.groups[gi].synapses.as_mut() {
            Some(d) => {
                let p = &mut d.pathways[k];
                p.push(&spikes, slice);
                p.queue.take_current()
            }
            None => Vec::new(),
        };
        let source = &mut self.groups[slice.group];
        match event {
            Some(e) => {
                if let Some(list) = source.events.get_mut(e) {
                    *list = spikes;
                }
            }
            None => source.spikes = spikes,
        }
        let res = match &mut obj.kernel {
            Some(kernel) if !due.is_empty() => run_kernel(
                kernel,
                &mut self.groups,
                gi,
                &mut obj.aux,
                t,
                dt,
                Iteration::EventsByTarget(&due),
            ),
            _ => Ok(()),
        };
        if let Some(d) = self.groups[gi].synapses.as_mut() {
            d.pathways[k].queue.advance(due);
        }
        res
    }

    /// Run summed-variable updater `k` of synapses `gi`.
    pub(crate) fn run_summed(
        &mut self,
        obj: &mut CodeObject,
        gi: usize,
        k: usize,
        t: f64,
        dt: f64,
    ) -> Result<()> {
        let Some(s) = self.synaptic(gi).and_then(|syn| syn.summed.get(k)).copied() else {
            return Ok(());
        };
        let Some(slice) = self.side_slice(gi, s.side) else {
            return Ok(());
        };
        if let Some(col) = self.groups[slice.group]
            .columns
            .get_mut(s.target.0 as usize)
        {
            col[slice.start..slice.stop].fill(0.0);
        }
        match &mut obj.kernel {
            Some(kernel) => run_kernel(
                kernel,
                &mut self.groups,
                gi,
                &mut obj.aux,
                t,
                dt,
                Iteration::Range(Policy::Serial, &mut Vec::new()),
            ),
            None => Ok(()),
        }
    }
}
