//! Code objects: a compiled kernel bound to the columns of the object it runs on, with
//! its place in the schedule.

use crate::codegen::lower::{LoweredKernel, ScalarSource, SlotSource};
use crate::error::Result;
use crate::runtime::objects::GroupState;
use crate::runtime::schedule::When;
use spikelift_jit::{Bindings, Compiled, Policy};

/// What a code object does when the schedule reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Update `(constant over dt)` subexpressions of a group.
    SubexpressionUpdate(usize),
    /// Integrate a group's state.
    StateUpdate(usize),
    /// Find a group's spikes.
    Threshold(usize),
    /// Reset the neurons of a group that spiked.
    Reset(usize),
    /// Record a `StateMonitor`.
    StateRecord(usize),
    /// Record a `SpikeMonitor`.
    SpikeRecord(usize),
    /// Emit the spikes of a `SpikeGeneratorGroup`.
    Generate(usize),
    /// Find the neurons with custom event `.1` of group `.0`.
    EventThreshold(usize, usize),
    /// Run `run_on_event` code `.1` of group `.0` on the neurons of event `.2`
    /// (`None`: spikes).
    EventCode(usize, usize, Option<usize>),
    /// Run `run_regularly` code `.1` of group `.0` on every neuron.
    Regularly(usize, usize),
}

/// A kernel bound to its arguments' sources.
#[derive(Debug, Clone)]
pub struct BoundKernel {
    /// The compiled kernel.
    pub compiled: Compiled,
    /// Where each array argument comes from.
    pub slots: Vec<SlotSource>,
    /// Where each scalar argument comes from.
    pub scalars: Vec<ScalarSource>,
}

/// One entry of the schedule.
#[derive(Debug, Clone)]
pub struct CodeObject {
    /// Brian2-style name (`neurongroup_stateupdater`, ...).
    pub name: String,
    /// Slot.
    pub when: When,
    /// Order inside the slot.
    pub order: i32,
    /// Index of the clock it runs on.
    pub clock: usize,
    /// What it does.
    pub action: Action,
    /// Its kernel, if it has one.
    pub kernel: Option<BoundKernel>,
    /// Auxiliary columns its kernel reads or writes.
    pub aux: Vec<Vec<f64>>,
}

/// How a kernel call iterates.
pub enum Iteration<'a> {
    /// Over every neuron, in parallel chunks where allowed; events are collected.
    Range(Policy, &'a mut Vec<u32>),
    /// Over the given neurons, in order.
    Events(&'a [u32]),
}

/// Split a lowered kernel's meta-data from the kernel (after compilation).
pub fn bind(compiled: Compiled, lowered: &LoweredKernel) -> BoundKernel {
    BoundKernel {
        compiled,
        slots: lowered.slots.clone(),
        scalars: lowered.scalars.clone(),
    }
}

/// Run `kernel` on `group`'s columns (and the code object's auxiliary columns).
/// Columns are moved out for the call and back afterwards: no copies.
pub fn run_on_group(
    kernel: &BoundKernel,
    group: &mut GroupState,
    aux: &mut [Vec<f64>],
    t: f64,
    dt: f64,
    iteration: Iteration<'_>,
) -> Result<()> {
    let n = group.n();
    let scalars: smallvec::SmallVec<[f64; 4]> = kernel
        .scalars
        .iter()
        .map(|s| match s {
            ScalarSource::T => t,
            ScalarSource::Dt => dt,
            ScalarSource::N => n as f64,
        })
        .collect();
    let mut taken: smallvec::SmallVec<[Vec<f64>; 8]> = kernel
        .slots
        .iter()
        .map(|s| match s {
            SlotSource::Var(v) => std::mem::take(&mut group.columns[v.0 as usize]),
            SlotSource::Aux(a) => std::mem::take(&mut aux[*a as usize]),
        })
        .collect();
    let result = {
        let arrays: Vec<&mut [f64]> = taken.iter_mut().map(|c| c.as_mut_slice()).collect();
        let mut bindings = Bindings::new(arrays, &scalars);
        match iteration {
            Iteration::Range(policy, events) => {
                kernel.compiled.run_range(&mut bindings, n, policy, events)
            }
            Iteration::Events(indices) => kernel.compiled.run_events(&mut bindings, indices),
        }
    };
    for (s, col) in kernel.slots.iter().zip(taken.drain(..)) {
        match s {
            SlotSource::Var(v) => group.columns[v.0 as usize] = col,
            SlotSource::Aux(a) => aux[*a as usize] = col,
        }
    }
    result.map_err(Into::into)
}
