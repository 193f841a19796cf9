//! Code objects: a compiled kernel bound to the columns of the object it runs on, with
//! its place in the schedule. Random columns are drawn for each call, into buffers
//! the kernel keeps from call to call (`runtime::random`).

use crate::check::synapses::Side;
use crate::check::typed::Draw;
use crate::codegen::lower::{IdxSource, LoweredKernel, ScalarSource, SlotSource};
use crate::error::{Error, Result};
use crate::runtime::objects::GroupState;
use crate::runtime::random;
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
    /// Push spikes into and deliver from pathway `.1` of synapses `.0`.
    Pathway(usize, usize),
    /// Update summed variable `.1` of synapses `.0`.
    Summed(usize, usize),
    /// Record a `PopulationRateMonitor`.
    RateRecord(usize),
    /// Add the events of `PoissonInput` `.1` to its target group `.0`.
    PoissonInput(usize, usize),
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
    /// Where each index array comes from.
    pub idx_slots: Vec<IdxSource>,
    /// The distribution of each random column (`SlotSource::Random(k)`).
    pub random: Vec<Draw>,
    /// The key of this code object's random streams (derived from the network's seed
    /// and the object's name; see `runtime::random`).
    pub random_key: u64,
    /// The `TimedArray` behind each table of the kernel (bound read-only).
    pub timed_arrays: Vec<std::sync::Arc<crate::check::TimedArray>>,
    /// The random columns, kept from call to call so that a call allocates nothing
    /// (refilled before every call; see `runtime::random`).
    pub random_columns: Vec<Vec<f64>>,
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
    /// Over the given synapses, in parallel blocks of postsynaptic neurons where the
    /// code allows it (the result is the same as in order).
    EventsByTarget(&'a [u32]),
}

/// Postsynaptic neurons per block of a partitioned synaptic event run.
pub const TARGET_BLOCK: usize = 1024;

/// Synapses due in one step from which a pathway runs in blocks of postsynaptic
/// neurons (below, sorting the events into blocks costs more than the threads gain:
/// with 6000 events per step it was 1.4x slower on two cores, `benches/README.md`).
pub const PARTITION_MIN_EVENTS: usize = 1 << 15;

/// Split a lowered kernel's meta-data from the kernel (after compilation).
pub fn bind(compiled: Compiled, lowered: &LoweredKernel) -> BoundKernel {
    BoundKernel {
        compiled,
        slots: lowered.slots.clone(),
        scalars: lowered.scalars.clone(),
        idx_slots: lowered.idx_slots.clone(),
        random: lowered.random.clone(),
        random_key: random::name_key(&lowered.kernel.name),
        timed_arrays: lowered.timed_arrays.clone(),
        random_columns: vec![Vec::new(); lowered.random.len()],
    }
}

/// Run `kernel` on `group`'s columns (and the code object's auxiliary columns).
/// Columns are moved out for the call and back afterwards: no copies.
pub fn run_on_group(
    kernel: &mut BoundKernel,
    group: &mut GroupState,
    aux: &mut [Vec<f64>],
    t: f64,
    dt: f64,
    iteration: Iteration<'_>,
) -> Result<()> {
    run_kernel(
        kernel,
        std::slice::from_mut(group),
        0,
        aux,
        t,
        dt,
        iteration,
    )
}

/// Run `kernel` for object `own` of `groups` (a group or a `Synapses` object), with
/// access to the columns of other groups where the kernel reads them (synaptic code).
/// Columns are moved out for the call and back afterwards: no copies.
pub fn run_kernel(
    kernel: &mut BoundKernel,
    groups: &mut [GroupState],
    own: usize,
    aux: &mut [Vec<f64>],
    t: f64,
    dt: f64,
    iteration: Iteration<'_>,
) -> Result<()> {
    let n = groups[own].n();
    let syn = groups[own].synapses.as_deref();
    let mut scalars: smallvec::SmallVec<[f64; 4]> = smallvec::SmallVec::new();
    for s in &kernel.scalars {
        scalars.push(match (s, syn) {
            (ScalarSource::T, _) => t,
            (ScalarSource::Dt, _) => dt,
            (ScalarSource::N, _) => n as f64,
            (ScalarSource::NPre, Some(d)) => d.source.len() as f64,
            (ScalarSource::NPost, Some(d)) => d.target.len() as f64,
            (ScalarSource::PreStart, Some(d)) => d.source.start as f64,
            (ScalarSource::PostStart, Some(d)) => d.target.start as f64,
            (ScalarSource::TimedArrayEpsilon(_) | ScalarSource::TimedArrayUpsampling(_), _) => s
                .timed_array_value(&kernel.timed_arrays, dt)
                .ok_or_else(|| missing(kernel, "a TimedArray"))?,
            (_, None) => return Err(missing(kernel, "synapses")),
        });
    }
    let mut taken: smallvec::SmallVec<[Vec<f64>; 8]> = smallvec::SmallVec::new();
    let step = random::step_of(t, dt);
    for s in &kernel.slots {
        if let SlotSource::Random(k) = *s {
            let draw = kernel.random[k as usize];
            let mut col = std::mem::take(&mut kernel.random_columns[k as usize]);
            match &iteration {
                Iteration::Range(_, _) => {
                    random::fill_range(&mut col, kernel.random_key, step, k as usize, draw, n)
                }
                Iteration::Events(list) | Iteration::EventsByTarget(list) => random::fill_events(
                    &mut col,
                    kernel.random_key,
                    step,
                    k as usize,
                    draw,
                    list,
                    n,
                ),
            }
            taken.push(col);
            continue;
        }
        let col = column(*s, groups, own, aux);
        match col {
            Some(c) => taken.push(std::mem::take(c)),
            None => {
                put_back(kernel, groups, own, aux, &mut taken);
                return Err(missing(kernel, "a column that does not exist"));
            }
        }
    }
    let result = {
        let syn = groups[own].synapses.as_deref();
        let mut indices: smallvec::SmallVec<[&[u32]; 2]> = smallvec::SmallVec::new();
        for s in &kernel.idx_slots {
            match (s, syn) {
                (IdxSource::Pre, Some(d)) => indices.push(&d.pre),
                (IdxSource::Post, Some(d)) => indices.push(&d.post),
                (IdxSource::Linked(v), _) => {
                    if let Some(ix) = groups[own].link_indices(*v) {
                        indices.push(ix);
                    }
                }
                (_, None) => {}
            }
        }
        if indices.len() != kernel.idx_slots.len() {
            Err(missing(kernel, "synapses"))
        } else {
            let arrays: Vec<&mut [f64]> = taken.iter_mut().map(|c| c.as_mut_slice()).collect();
            let tables = kernel.timed_arrays.iter().map(|t| t.values()).collect();
            let mut bindings =
                Bindings::with_indices(arrays, &scalars, indices.to_vec()).with_tables(tables);
            match iteration {
                Iteration::Range(policy, events) => {
                    kernel.compiled.run_range(&mut bindings, n, policy, events)
                }
                Iteration::Events(list) => kernel.compiled.run_events(&mut bindings, list),
                Iteration::EventsByTarget(list) => {
                    let post = kernel.idx_slots.iter().position(|s| *s == IdxSource::Post);
                    match post.filter(|_| list.len() >= PARTITION_MIN_EVENTS) {
                        Some(by) => kernel.compiled.run_events_by_target(
                            &mut bindings,
                            list,
                            by as u32,
                            TARGET_BLOCK,
                        ),
                        None => kernel.compiled.run_events(&mut bindings, list),
                    }
                }
            }
            .map_err(Into::into)
        }
    };
    put_back(kernel, groups, own, aux, &mut taken);
    result
}

/// The error for a kernel whose binding lacks something (a bug, not a user error).
fn missing(kernel: &BoundKernel, what: &str) -> Error {
    Error::InvalidArgument(format!(
        "bug: kernel `{}` needs {what}",
        kernel.compiled.kernel().name
    ))
}

/// Return the columns taken for a kernel call to where they came from (random
/// columns to the kernel, for the next call).
fn put_back(
    kernel: &mut BoundKernel,
    groups: &mut [GroupState],
    own: usize,
    aux: &mut [Vec<f64>],
    taken: &mut smallvec::SmallVec<[Vec<f64>; 8]>,
) {
    for (k, col) in taken.drain(..).enumerate() {
        let s = kernel.slots[k];
        if let SlotSource::Random(r) = s {
            kernel.random_columns[r as usize] = col;
        } else if let Some(slot) = column(s, groups, own, aux) {
            *slot = col;
        }
    }
}

/// The column a slot of a kernel of object `own` is bound to (`None` for random
/// columns, which are drawn for one call and dropped).
fn column<'a>(
    s: SlotSource,
    groups: &'a mut [GroupState],
    own: usize,
    aux: &'a mut [Vec<f64>],
) -> Option<&'a mut Vec<f64>> {
    match s {
        SlotSource::Var(v) => groups[own].columns.get_mut(v.0 as usize),
        SlotSource::Aux(a) => aux.get_mut(a as usize),
        SlotSource::Group(g, v) => groups
            .get_mut(g)
            .and_then(|grp| grp.columns.get_mut(v.0 as usize)),
        SlotSource::Counts(side) => groups[own].synapses.as_deref_mut().map(|d| match side {
            Side::Pre => &mut d.n_outgoing,
            Side::Post => &mut d.n_incoming,
        }),
        SlotSource::Random(_) => None,
    }
}
