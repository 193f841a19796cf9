//! The run-time state of a `Synapses` object: its connectivity (one presynaptic and
//! one postsynaptic `u32` index per synapse), its pathways with their delays and spike
//! queues, and the per-neuron synapse lists the queues push from.
//!
//! Storage is structure-of-arrays: a synapse with one `w : 1` variable and a
//! homogeneous delay costs 16 bytes (`w`, pre, post), plus, only when a `post` pathway
//! exists or several `connect` calls left the synapses unsorted by source, a 4-byte
//! permutation per pathway.

use crate::check::synapses::Side;

/// A contiguous range `[start, stop)` of the neurons of a group (the whole group,
/// or a subgroup such as `G[:100]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupSlice {
    /// Network index of the group.
    pub group: usize,
    /// First neuron.
    pub start: usize,
    /// One past the last neuron.
    pub stop: usize,
    /// The whole of a group whose size can change (a `Synapses` object as the target
    /// of synapses): `stop` follows its size (see [`SynapseData::follow_sizes`]).
    pub growing: bool,
}

impl GroupSlice {
    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.stop - self.start
    }

    /// Whether the slice has no neurons.
    pub fn is_empty(&self) -> bool {
        self.stop == self.start
    }
}

/// The transmission delay of a pathway.
#[derive(Debug, Clone, PartialEq)]
pub enum Delay {
    /// One delay for every synapse (seconds).
    Homogeneous(f64),
    /// One delay per synapse (seconds).
    PerSynapse(Vec<f64>),
}

/// A ring of time slots, each holding the synapses whose effect is due in that step,
/// in the order they were pushed (Brian2's `SpikeQueue`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpikeQueue {
    /// Slot `(offset + d) % len` holds what arrives in `d` steps.
    pub slots: Vec<Vec<u32>>,
    /// The slot of the current step.
    pub offset: usize,
}

impl SpikeQueue {
    /// Make room for delays of up to `max_steps` steps, keeping what is pending.
    pub fn ensure(&mut self, max_steps: usize) {
        let needed = max_steps + 1;
        if self.slots.len() >= needed {
            return;
        }
        let shift = self.offset.min(self.slots.len());
        self.slots.rotate_left(shift);
        self.offset = 0;
        self.slots.resize_with(needed, Vec::new);
    }

    /// The synapses due now; leaves the slot empty (give the list back with
    /// [`SpikeQueue::advance`]).
    pub fn take_current(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.slots[self.offset])
    }

    /// Give the (processed) list of the current slot back and move to the next step.
    pub fn advance(&mut self, mut list: Vec<u32>) {
        list.clear();
        let len = self.slots.len();
        self.slots[self.offset] = list;
        self.offset = (self.offset + 1) % len;
    }

    /// Number of pending synapse events.
    pub fn pending(&self) -> usize {
        self.slots.iter().map(Vec::len).sum()
    }
}

/// The synapses of each neuron of one side, in synapse order: `offsets[k]..offsets[k+1]`
/// indexes `order` (or the synapses themselves when they are sorted by that side).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SynapseLists {
    /// `len + 1` offsets (relative neuron index of the side's slice).
    pub offsets: Vec<u32>,
    /// Synapse indices grouped by neuron; `None`: synapse `s` is at position `s`.
    pub order: Option<Vec<u32>>,
}

impl SynapseLists {
    /// Group the synapses by `index[s] - start` (a counting sort, stable).
    pub fn build(index: &[u32], start: usize, len: usize) -> SynapseLists {
        let mut offsets = vec![0u32; len + 1];
        for &x in index {
            offsets[x as usize - start + 1] += 1;
        }
        for k in 0..len {
            offsets[k + 1] += offsets[k];
        }
        let sorted = index.windows(2).all(|w| w[0] <= w[1]);
        let order = (!sorted).then(|| {
            let mut next = offsets.clone();
            let mut order = vec![0u32; index.len()];
            for (s, &x) in index.iter().enumerate() {
                let slot = &mut next[x as usize - start];
                order[*slot as usize] = s as u32;
                *slot += 1;
            }
            order
        });
        SynapseLists { offsets, order }
    }

    /// Append the synapses of (relative) neuron `k` to `out`.
    pub fn extend(&self, k: usize, out: &mut Vec<u32>) {
        let (a, b) = (self.offsets[k] as usize, self.offsets[k + 1] as usize);
        match &self.order {
            Some(order) => out.extend_from_slice(&order[a..b]),
            None => out.extend(a as u32..b as u32),
        }
    }

    /// Number of synapses of (relative) neuron `k`.
    pub fn count(&self, k: usize) -> u32 {
        self.offsets[k + 1] - self.offsets[k]
    }
}

/// A pathway at run time.
#[derive(Debug, Clone, PartialEq)]
pub struct PathwayState {
    /// Its object name (`synapses_pre`, ...).
    pub name: String,
    /// Its delay.
    pub delay: Delay,
    /// Its spike queue.
    pub queue: SpikeQueue,
    /// Its order in the `synapses` slot (-1 for pre pathways, +1 for post pathways).
    pub order: i32,
    /// The synapses of each neuron whose spikes trigger it (rebuilt before each run).
    pub lists: SynapseLists,
    /// The delay of each synapse in steps (empty for a homogeneous delay; rebuilt
    /// before each run).
    pub steps: Vec<u32>,
    /// The homogeneous delay in steps.
    pub homogeneous_steps: usize,
    /// Synapses of the spiking neurons of the current step (reused).
    pub scratch: Vec<u32>,
    /// What `lists` and `steps` were built for: the generation of the connectivity
    /// and delays, and `dt` (`None`: not built).
    pub built_for: Option<(u64, f64)>,
    /// The custom event of the triggering group that triggers it (`None`: spikes;
    /// Brian2's `on_event=`).
    pub event: Option<usize>,
    /// Whether its delay was declared as one value for all synapses (Brian2's
    /// `delay=` as a quantity): it then reads as a scalar and takes only scalars.
    /// Otherwise it is a per-synapse variable, whatever values it holds.
    pub scalar_delay: bool,
}

impl PathwayState {
    /// A pathway with a delay and an empty queue.
    pub fn new(name: String, delay: Delay, order: i32) -> PathwayState {
        PathwayState {
            name,
            delay,
            queue: SpikeQueue::default(),
            order,
            lists: SynapseLists::default(),
            steps: Vec::new(),
            homogeneous_steps: 0,
            scratch: Vec::new(),
            built_for: None,
            event: None,
            scalar_delay: false,
        }
    }

    /// Prepare a run with time step `dt`: the synapse lists of `index` (the side that
    /// triggers the pathway, `slice` its neurons), delays in steps, the queue's size.
    /// Nothing is rebuilt when neither the connectivity and delays (`generation`) nor
    /// `dt` changed since the last run.
    pub fn prepare(
        &mut self,
        index: &[u32],
        slice: GroupSlice,
        dt: f64,
        generation: u64,
    ) -> Result<(), String> {
        let key = (generation, dt);
        if self.built_for.as_ref() == Some(&key) {
            return Ok(());
        }
        self.lists = SynapseLists::build(index, slice.start, slice.len());
        let max = match &self.delay {
            Delay::Homogeneous(d) => {
                self.steps = Vec::new();
                self.homogeneous_steps = delay_steps(*d, dt);
                self.homogeneous_steps
            }
            Delay::PerSynapse(ds) => {
                let longest = ds.iter().copied().fold(0.0, f64::max);
                if delay_steps(longest, dt) > MAX_DELAY_STEPS {
                    return Err(too_long(longest, dt));
                }
                self.steps = ds.iter().map(|d| delay_steps(*d, dt) as u32).collect();
                self.steps.iter().copied().max().unwrap_or(0) as usize
            }
        };
        if max > MAX_DELAY_STEPS {
            return Err(too_long(max as f64 * dt, dt));
        }
        self.queue.ensure(max);
        self.built_for = Some(key);
        Ok(())
    }

    /// Queue the synapses of the neurons in `spikes` (absolute indices; those outside
    /// `slice` are ignored) at their delays.
    pub fn push(&mut self, spikes: &[u32], slice: GroupSlice) {
        let len = self.queue.slots.len();
        let offset = self.queue.offset;
        for &s in spikes {
            let s = s as usize;
            if s < slice.start || s >= slice.stop {
                continue;
            }
            let k = s - slice.start;
            if self.steps.is_empty() {
                let slot = &mut self.queue.slots[(offset + self.homogeneous_steps) % len];
                self.lists.extend(k, slot);
            } else {
                self.scratch.clear();
                self.lists.extend(k, &mut self.scratch);
                for &syn in &self.scratch {
                    let d = self.steps[syn as usize] as usize;
                    self.queue.slots[(offset + d) % len].push(syn);
                }
            }
        }
    }
}

/// The synapse-specific state of a `Synapses` object (its variables are ordinary
/// columns of its `GroupState`).
#[derive(Debug, Clone, PartialEq)]
pub struct SynapseData {
    /// The source group (or subgroup).
    pub source: GroupSlice,
    /// The target group (or subgroup).
    pub target: GroupSlice,
    /// Absolute index (in the source group) of each synapse's presynaptic neuron.
    pub pre: Vec<u32>,
    /// Absolute index (in the target group) of each synapse's postsynaptic neuron.
    pub post: Vec<u32>,
    /// Pathways, parallel to the definition's.
    pub pathways: Vec<PathwayState>,
    /// `N_outgoing` per source-group neuron (absolute index; filled by
    /// [`SynapseData::update_counts`]).
    pub n_outgoing: Vec<f64>,
    /// `N_incoming` per target-group neuron (absolute index).
    pub n_incoming: Vec<f64>,
    /// Incremented whenever synapses are created or delays set (derived tables are
    /// rebuilt before the next run).
    pub generation: u64,
    /// The generation `n_incoming` and `n_outgoing` were computed for.
    pub counts_for: Option<u64>,
    /// The variable numbering the synapses of each pair (`multisynaptic_index=`).
    pub multisynaptic: Option<crate::check::typed::VarId>,
    /// Whether `connect` was called (Brian2 refuses to set synaptic variables before).
    pub connected: bool,
}

impl SynapseData {
    /// Number of synapses.
    pub fn len(&self) -> usize {
        self.pre.len()
    }

    /// Whether there are no synapses.
    pub fn is_empty(&self) -> bool {
        self.pre.is_empty()
    }

    /// The slice of side `side`.
    pub fn slice(&self, side: Side) -> GroupSlice {
        match side {
            Side::Pre => self.source,
            Side::Post => self.target,
        }
    }

    /// The index array of side `side`.
    pub fn indices(&self, side: Side) -> &[u32] {
        match side {
            Side::Pre => &self.pre,
            Side::Post => &self.post,
        }
    }

    /// The multisynaptic index of synapses `from..`: how many synapses of the same
    /// pair come before each (in creation order).
    pub fn multisynaptic_indices(&self, from: usize) -> Vec<f64> {
        let mut seen: std::collections::HashMap<(u32, u32), u32> = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(self.len().saturating_sub(from));
        for (s, (&i, &j)) in self.pre.iter().zip(&self.post).enumerate() {
            let k = seen.entry((i, j)).or_insert(0);
            if s >= from {
                out.push(f64::from(*k));
            }
            *k += 1;
        }
        out
    }

    /// Let a growing target (a `Synapses` object) cover all of its current elements.
    pub fn follow_sizes(&mut self, n_target: usize) {
        if self.target.growing {
            self.target.stop = n_target;
        }
    }

    /// Recompute `N_incoming` and `N_outgoing` for groups of `n_source` and `n_target`
    /// neurons.
    pub fn update_counts(&mut self, n_source: usize, n_target: usize) {
        if self.counts_for == Some(self.generation)
            && self.n_outgoing.len() == n_source
            && self.n_incoming.len() == n_target
        {
            return;
        }
        self.counts_for = Some(self.generation);
        self.n_outgoing.clear();
        self.n_outgoing.resize(n_source, 0.0);
        self.n_incoming.clear();
        self.n_incoming.resize(n_target, 0.0);
        for (&i, &j) in self.pre.iter().zip(&self.post) {
            self.n_outgoing[i as usize] += 1.0;
            self.n_incoming[j as usize] += 1.0;
        }
    }
}

/// The longest delay, in time steps, a spike queue holds (a ring of this many slots
/// costs about 200 MB).
pub const MAX_DELAY_STEPS: usize = 1 << 23;

fn too_long(delay: f64, dt: f64) -> String {
    format!(
        "a synaptic delay of {delay} s is {} time steps of {dt} s; at most {MAX_DELAY_STEPS} are supported",
        delay_steps(delay, dt)
    )
}

/// Brian2's conversion of a delay to steps: `(int)(delay/dt + 0.5)` in `f64`.
pub fn delay_steps(delay: f64, dt: f64) -> usize {
    (delay / dt + 0.5) as usize
}
