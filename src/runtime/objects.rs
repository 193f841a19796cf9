//! The simulated objects' run-time state: groups with their variable columns, monitors
//! with their recorded data. Structure-of-arrays: one `Vec<f64>` per variable.

use crate::check::Namespace;
use crate::check::model::{GroupDefinition, VarKind};
use crate::check::typed::VarId;
use crate::codegen::Method;
use crate::error::{Error, Result};
use crate::runtime::record_buffer::RecordBuffer;
use crate::runtime::schedule::When;
use crate::units::Dimension;

/// A `NeuronGroup` at run time.
#[derive(Debug, Clone)]
pub struct GroupState {
    /// Unique name (`neurongroup`, `neurongroup_1`, ...).
    pub name: String,
    /// Whether runs simulate it (Brian2's `active`; its state is kept either way).
    pub active: bool,
    /// The parsed model.
    pub def: GroupDefinition,
    /// Requested integration method (`None`: Brian2's default choice).
    pub method: Option<Method>,
    /// The method used in the last run.
    pub method_used: Option<Method>,
    /// The group's own namespace.
    pub namespace: Namespace,
    /// Index of its clock.
    pub clock: usize,
    /// Its `order` in the schedule.
    pub order: i32,
    /// One column per variable: N values, 1 for `(shared)`, 0 for subexpressions that
    /// are not stored.
    pub columns: Vec<Vec<f64>>,
    /// Neurons that spiked in the current time step (ascending).
    pub spikes: Vec<u32>,
    /// For a `SpikeGeneratorGroup`: its spikes.
    pub generator: Option<crate::runtime::generator::SpikeGenerator>,
    /// Neurons with each custom event in the current time step (ascending).
    pub events: Vec<Vec<u32>>,
    /// Schedule of each `run_regularly` code (parallel to `def.regular`).
    pub regular: Vec<Regular>,
    /// For a `Synapses` object: its connectivity and pathways.
    pub synapses: Option<Box<crate::runtime::synapses::SynapseData>>,
    /// The `PoissonInput`s that target this group.
    pub poisson_inputs: Vec<PoissonInputSpec>,
    /// The source of each linked variable that has been linked (`linked_var`).
    pub links: Vec<(VarId, Link)>,
    /// The slot of its spike thresholder (`thresholds`; a `PoissonGroup` can choose).
    pub threshold_when: When,
    /// Slots and orders given to event thresholders (`set_event_schedule`).
    pub event_schedules: Vec<(String, When, Option<i32>)>,
}

/// Where a linked variable reads its values: variable `var` of group `group` (a
/// network index), through the synaptic code's machinery (a slot of another group's
/// column, read at the neuron's own index, at 0, or through a `u32` index array).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The source group.
    pub group: usize,
    /// Its variable.
    pub var: VarId,
    /// Which element each neuron reads.
    pub index: LinkIndex,
}

/// The element of the source column each neuron of a linked variable reads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkIndex {
    /// Its own index (groups of the same size).
    Same,
    /// Element 0 (a source of size 1, or a shared variable).
    Zero,
    /// Element `index[i]` (`linked_var(..., index=...)`, one entry per neuron).
    Via(Vec<u32>),
}

/// A `PoissonInput`: `n` inputs of `rate` (Hz), each event adding `weight` (SI) to
/// variable `var` of neurons `start..stop`.
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonInputSpec {
    /// Its name (`poissoninput`, ...).
    pub name: String,
    /// The target variable.
    pub var: VarId,
    /// Number of inputs per neuron.
    pub n: u64,
    /// Rate of each input.
    pub rate: f64,
    /// Added per input event.
    pub weight: f64,
    /// A weight given as an expression of the target group (Brian2's string weight):
    /// its text and syntax tree; checked, with `weight`'s unit, at each run.
    pub weight_expr: Option<(String, crate::syntax::ast::Expr)>,
    /// First target neuron.
    pub start: usize,
    /// End of the target range (exclusive).
    pub stop: usize,
    /// Whether runs apply it (Brian2's `active`).
    pub active: bool,
}

/// Where and when a `run_regularly` code object runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Regular {
    /// Its name (`neurongroup_run_regularly`, ...).
    pub name: String,
    /// Its clock.
    pub clock: usize,
    /// Its slot.
    pub when: When,
    /// Its order.
    pub order: i32,
    /// The neurons it runs on, if a subgroup's (`G[a:b].run_regularly(...)`).
    pub range: Option<(usize, usize)>,
}

impl Regular {
    /// Its code object, `k`-th `run_regularly` of object `g` (kernel bound later).
    pub fn code_object(&self, g: usize, k: usize) -> crate::runtime::code_object::CodeObject {
        crate::runtime::code_object::CodeObject {
            name: self.name.clone(),
            when: self.when,
            order: self.order,
            clock: self.clock,
            action: crate::runtime::code_object::Action::Regularly(g, k),
            kernel: None,
            aux: vec![],
        }
    }
}

/// An error unless `bytes` (`None`: more than `usize` can count) can be allocated:
/// the allocator is asked for them and they are given back untouched. So sizes beyond
/// memory are a clear error before anything is allocated, not an abort later.
pub(crate) fn ensure_allocatable(bytes: Option<usize>, what: &dyn Fn() -> String) -> Result<()> {
    // Small sizes are not worth asking about.
    if bytes.is_some_and(|b| b < 1 << 26) {
        return Ok(());
    }
    let mut probe: Vec<u8> = Vec::new();
    match bytes.map(|b| probe.try_reserve_exact(b)) {
        Some(Ok(())) => Ok(()),
        _ => Err(Error::InvalidArgument(format!(
            "not enough memory for {}: {} bytes cannot be allocated",
            what(),
            bytes.map_or_else(|| "more than 2^64".to_string(), |b| b.to_string())
        ))),
    }
}

impl GroupState {
    /// [`GroupState::new`], but an error instead of an allocation failure when the
    /// group's columns do not fit in memory.
    pub fn try_new(name: String, def: GroupDefinition, clock: usize) -> Result<GroupState> {
        let values = def
            .vars
            .iter()
            .filter(|v| !matches!(v.kind, VarKind::Subexpression(_)) || v.flags.constant_over_dt)
            .try_fold(0usize, |sum, v| {
                sum.checked_add(if v.flags.shared { 1 } else { def.n })
            });
        let bytes = values.and_then(|k| k.checked_mul(std::mem::size_of::<f64>()));
        ensure_allocatable(bytes, &|| {
            format!(
                "the {} variables of the {} neurons of group '{name}'",
                def.vars.len(),
                def.n
            )
        })?;
        Ok(GroupState::new(name, def, clock))
    }

    /// A group with every variable at zero (and `lastspike = -1e4 s`,
    /// `not_refractory = True`, as in Brian2).
    pub fn new(name: String, def: GroupDefinition, clock: usize) -> GroupState {
        let columns = def
            .vars
            .iter()
            .map(|v| {
                let len = if v.flags.shared { 1 } else { def.n };
                match (&v.kind, v.name.as_str()) {
                    (VarKind::Subexpression(_), _) if !v.flags.constant_over_dt => Vec::new(),
                    _ if v.flags.linked => Vec::new(),
                    (VarKind::Internal, "lastspike") => vec![-1e4; len],
                    (VarKind::Internal, "not_refractory") => vec![1.0; len],
                    _ => vec![0.0; len],
                }
            })
            .collect();
        GroupState {
            name,
            def,
            method: None,
            method_used: None,
            namespace: Namespace::new(),
            clock,
            order: 0,
            columns,
            spikes: Vec::new(),
            generator: None,
            events: Vec::new(),
            regular: Vec::new(),
            synapses: None,
            poisson_inputs: Vec::new(),
            links: Vec::new(),
            threshold_when: When::THRESHOLDS,
            event_schedules: Vec::new(),
            active: true,
        }
    }

    /// Where code of this group reads and writes variable `v` (see `lower::lower`).
    pub fn access(&self, v: VarId) -> crate::codegen::lower::Access {
        access_of(&self.def, &self.links, v)
    }

    /// The first variable declared `(linked)` that has not been linked.
    pub fn unlinked(&self) -> Option<&str> {
        self.def
            .vars
            .iter()
            .enumerate()
            .find(|(k, v)| v.flags.linked && !self.links.iter().any(|(w, _)| w.0 as usize == *k))
            .map(|(_, v)| v.name.as_str())
    }

    /// The index array of linked variable `v`, if it is linked through one.
    pub fn link_indices(&self, v: VarId) -> Option<&[u32]> {
        self.links.iter().find_map(|(w, link)| match &link.index {
            LinkIndex::Via(ix) if *w == v => Some(ix.as_slice()),
            _ => None,
        })
    }

    /// Number of neurons.
    pub fn n(&self) -> usize {
        self.def.n
    }

    /// The neurons with `event` this step (`None`: spikes), ascending.
    pub fn event_list(&self, event: Option<usize>) -> &Vec<u32> {
        match event {
            Some(e) => &self.events[e],
            None => &self.spikes,
        }
    }

    /// [`GroupState::event_list`], to take and put back around a kernel call.
    pub fn event_list_mut(&mut self, event: Option<usize>) -> &mut Vec<u32> {
        match event {
            Some(e) => &mut self.events[e],
            None => &mut self.spikes,
        }
    }

    /// The slot and order of the thresholder of `event` (`spike` or a custom event):
    /// as set by `set_event_schedule`, else `thresholds` for spikes and
    /// `after_thresholds` for custom events, at the group's order (Brian2's).
    pub fn event_slot(&self, event: &str) -> (When, i32) {
        let default = if event == "spike" {
            self.threshold_when
        } else {
            When::AFTER_THRESHOLDS
        };
        match self
            .event_schedules
            .iter()
            .rev()
            .find(|(e, _, _)| e == event)
        {
            Some((_, when, order)) => (*when, order.unwrap_or(self.order)),
            None => (default, self.order),
        }
    }

    /// Whether variable `id` is stored in a column (not a computed subexpression).
    pub fn is_stored(&self, id: VarId) -> bool {
        let v = self.def.var(id);
        (!matches!(v.kind, VarKind::Subexpression(_)) || v.flags.constant_over_dt)
            && !v.flags.linked
    }
}

/// A recorded variable of a [`StateMonitorState`].
#[derive(Debug, Clone)]
pub struct RecordedVar {
    /// Its name.
    pub name: String,
    /// The variable.
    pub var: VarId,
    /// Its dimension.
    pub dim: Dimension,
    /// Recorded values, time-major: sample `k` of recorded neuron `r` is at
    /// `k * n_recorded + r`.
    pub values: RecordBuffer<f64>,
}

/// A `StateMonitor` at run time.
#[derive(Debug, Clone)]
pub struct StateMonitorState {
    /// Unique name.
    pub name: String,
    /// Whether runs record (Brian2's `active`).
    pub active: bool,
    /// Index of the recorded group.
    pub group: usize,
    /// Recorded variables.
    pub vars: Vec<RecordedVar>,
    /// Recorded neurons (indices in the group).
    pub neurons: Vec<u32>,
    /// The recorded indices as given (relative to the recorded subgroup, Brian2's
    /// `record`).
    pub indices: Vec<u32>,
    /// Recording times (seconds).
    pub t: RecordBuffer<f64>,
    /// Index of its clock.
    pub clock: usize,
    /// Its slot.
    pub when: When,
    /// Its order.
    pub order: i32,
}

impl StateMonitorState {
    /// Make room for `steps` more samples, or say that they do not fit in memory
    /// (before the run starts).
    pub fn reserve(&mut self, steps: usize) -> Result<()> {
        let per_var = steps.checked_mul(self.neurons.len());
        let bytes = per_var
            .and_then(|k| k.checked_mul(self.vars.len()))
            .and_then(|k| k.checked_add(steps))
            .and_then(|k| k.checked_mul(std::mem::size_of::<f64>()));
        let what = format!(
            "StateMonitor '{}' to record {} variable(s) of {} neuron(s) for {steps} steps",
            self.name,
            self.vars.len(),
            self.neurons.len()
        );
        ensure_allocatable(bytes, &|| what.clone())?;
        let too_large = |_| Error::InvalidArgument(format!("not enough memory for {what}"));
        self.t.reserve(steps).map_err(too_large)?;
        for v in &mut self.vars {
            v.values
                .reserve(per_var.unwrap_or(usize::MAX))
                .map_err(too_large)?;
        }
        Ok(())
    }
}

/// A `SpikeMonitor` at run time.
#[derive(Debug, Clone)]
pub struct SpikeMonitorState {
    /// Unique name.
    pub name: String,
    /// Whether runs record (Brian2's `active`).
    pub active: bool,
    /// Index of the monitored group.
    pub group: usize,
    /// Whether spike times and indices are kept (`record=True`) or only counts.
    pub record: bool,
    /// Neuron index of each spike.
    pub i: RecordBuffer<i32>,
    /// Time of each spike (seconds).
    pub t: RecordBuffer<f64>,
    /// Number of events of each neuron.
    pub count: Vec<u64>,
    /// The custom event recorded (`None`: spikes).
    pub event: Option<usize>,
    /// Variables recorded at each spike (`SpikeMonitor(G, variables=[...])`): one value
    /// per spike, taken after the threshold and before the reset.
    pub vars: Vec<RecordedVar>,
    /// The monitored neurons `start..stop` of the group (a subgroup `G[a:b]`); indices
    /// and counts are relative to `start`.
    pub start: usize,
    /// End of the monitored range (exclusive).
    pub stop: usize,
    /// Its slot and order, if given (default: right after the event's threshold,
    /// or for a subgroup source Brian2's slot of subgroups: `thresholds`, two after
    /// the group's order; see `Network::prepare_monitors`).
    pub schedule: Option<(When, i32)>,
    /// Whether its source is a subgroup `G[a:b]` (not the whole group).
    pub on_subgroup: bool,
}

/// [`GroupState::access`] from the definition and the links alone (so that code can
/// borrow the other fields of a group meanwhile).
pub fn access_of(
    def: &GroupDefinition,
    links: &[(VarId, Link)],
    v: VarId,
) -> crate::codegen::lower::Access {
    use crate::codegen::lower::{Access, AccessIndex, IdxSource, SlotSource};
    match links.iter().find(|(w, _)| *w == v) {
        Some((_, link)) => Access {
            slot: SlotSource::Group(link.group, link.var),
            index: match link.index {
                LinkIndex::Same => AccessIndex::Loop,
                LinkIndex::Zero => AccessIndex::Zero,
                LinkIndex::Via(_) => AccessIndex::Via(IdxSource::Linked(v)),
            },
        },
        None => Access::own(v, def.var(v).flags.shared),
    }
}
