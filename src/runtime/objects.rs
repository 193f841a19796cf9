//! The simulated objects' run-time state: groups with their variable columns, monitors
//! with their recorded data. Structure-of-arrays: one `Vec<f64>` per variable.

use crate::check::Namespace;
use crate::check::model::{GroupDefinition, VarKind};
use crate::check::typed::VarId;
use crate::codegen::Method;
use crate::runtime::schedule::When;
use crate::units::Dimension;

/// A `NeuronGroup` at run time.
#[derive(Debug, Clone)]
pub struct GroupState {
    /// Unique name (`neurongroup`, `neurongroup_1`, ...).
    pub name: String,
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
}

impl GroupState {
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
        }
    }

    /// Number of neurons.
    pub fn n(&self) -> usize {
        self.def.n
    }

    /// Whether variable `id` is stored in a column (not a computed subexpression).
    pub fn is_stored(&self, id: VarId) -> bool {
        let v = self.def.var(id);
        !matches!(v.kind, VarKind::Subexpression(_)) || v.flags.constant_over_dt
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
    pub values: Vec<f64>,
}

/// A `StateMonitor` at run time.
#[derive(Debug, Clone)]
pub struct StateMonitorState {
    /// Unique name.
    pub name: String,
    /// Index of the recorded group.
    pub group: usize,
    /// Recorded variables.
    pub vars: Vec<RecordedVar>,
    /// Recorded neuron indices.
    pub indices: Vec<u32>,
    /// Recording times (seconds).
    pub t: Vec<f64>,
    /// Index of its clock.
    pub clock: usize,
    /// Its slot.
    pub when: When,
    /// Its order.
    pub order: i32,
}

/// A `SpikeMonitor` at run time.
#[derive(Debug, Clone)]
pub struct SpikeMonitorState {
    /// Unique name.
    pub name: String,
    /// Index of the monitored group.
    pub group: usize,
    /// Whether spike times and indices are kept (`record=True`) or only counts.
    pub record: bool,
    /// Neuron index of each spike.
    pub i: Vec<i32>,
    /// Time of each spike (seconds).
    pub t: Vec<f64>,
    /// Number of events of each neuron.
    pub count: Vec<u64>,
    /// The custom event recorded (`None`: spikes).
    pub event: Option<usize>,
    /// Variables recorded at each spike (`SpikeMonitor(G, variables=[...])`): one value
    /// per spike, taken after the threshold and before the reset.
    pub vars: Vec<RecordedVar>,
}
