//! The `Synapses` builder of the embedded API and the network methods that create
//! synapses, connect them and read or write their connectivity and delays.
//!
//! A `Synapses` object is an object of the network like a group ([`GroupId`]): its
//! variables are read and written with [`Network::get`] and [`Network::set`], recorded
//! with [`Network::state_monitor`], and code such as `S.w = 'i*10 + j'` sees `i` and
//! `j` as the pre- and postsynaptic indices.

use crate::api::neuron_group::GroupId;
use crate::api::values::{QuantitySlice, Values};
use crate::check::Namespace;
use crate::check::model::GroupDefinition;
use crate::check::synapses::Side;
use crate::error::{Error, Result};
use crate::runtime::connect::{self, ConnectRequest};
use crate::runtime::network::Network;
use crate::runtime::objects::{GroupState, ensure_allocatable};
use crate::runtime::synapses::{Delay, GroupSlice, PathwayState, SynapseData};
use crate::units::{Dimension, Quantity};

pub use crate::runtime::connect::{Multiplicity, Probability, Targets};

/// The neurons a `Synapses` object connects from or to: a whole group or a
/// contiguous subgroup (`G[10:20]` in Brian2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neurons {
    pub(crate) group: GroupId,
    pub(crate) range: Option<(usize, usize)>,
}

impl From<GroupId> for Neurons {
    fn from(g: GroupId) -> Neurons {
        Neurons {
            group: g,
            range: None,
        }
    }
}

impl GroupId {
    /// The neurons `start..stop` of this group (checked when used).
    pub fn slice(self, start: usize, stop: usize) -> Neurons {
        Neurons {
            group: self,
            range: Some((start, stop)),
        }
    }
}

/// Synapses between two groups defined by equations and pathway code, Brian2's
/// `Synapses`.
///
/// ```
/// use spikelift::prelude::*;
/// let mut net = Network::new();
/// let src = net.spike_generator(1, &[0], &[1e-3], None, None)?;
/// let tgt = net.add(NeuronGroup::new(3, "v : 1")?)?;
/// let s = net.add_synapses(
///     Synapses::new(src, tgt, "w : 1").on_pre("v += w").delay(2.0 * ms),
/// )?;
/// net.connect(s, Connect::all())?;
/// net.set(s, "w", "j + 1")?;
/// net.run(5.0 * ms)?;
/// assert_eq!(net.get(tgt, "v")?.si(), &[1.0, 2.0, 3.0]);
/// # Ok::<(), spikelift::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Synapses {
    source: Neurons,
    target: Neurons,
    model: String,
    pathways: Vec<(String, Side, String, Option<Quantity>)>,
    delay: Option<Quantity>,
    method: Option<String>,
    namespace: Namespace,
    name: Option<String>,
    order: i32,
    multisynaptic_index: Option<String>,
    /// Events triggering pathways: `(None, e)` for all, `(Some(p), e)` for pathway `p`.
    events: Vec<(Option<String>, String)>,
    dt: Option<Quantity>,
    clock: Option<crate::api::ClockId>,
}

impl Synapses {
    /// Synapses from `source` to `target` with the given model equations.
    pub fn new(source: impl Into<Neurons>, target: impl Into<Neurons>, model: &str) -> Synapses {
        Synapses {
            source: source.into(),
            target: target.into(),
            model: model.to_string(),
            pathways: Vec::new(),
            delay: None,
            method: None,
            namespace: Namespace::new(),
            name: None,
            order: 0,
            multisynaptic_index: None,
            events: Vec::new(),
            dt: None,
            clock: None,
        }
    }

    /// Its own time step for its state updates, summed variables and `run_regularly`
    /// (default: the network's `defaultclock`, as in Brian2); pathways run on their
    /// source's clock.
    pub fn dt(mut self, dt: Quantity) -> Synapses {
        self.dt = Some(dt);
        self
    }

    /// A clock shared with other objects (Brian2's `clock=`).
    pub fn clock(mut self, clock: crate::api::ClockId) -> Synapses {
        self.clock = Some(clock);
        self
    }

    /// The event of the source (or, for `post` pathways, target) that triggers the
    /// pathways instead of spikes (Brian2's `on_event='name'`); `pathway`: only that
    /// one (`on_event={'pre': 'name'}`).
    pub fn on_event(mut self, pathway: Option<&str>, event: &str) -> Synapses {
        self.events
            .push((pathway.map(str::to_string), event.to_string()));
        self
    }

    /// An integer variable numbering the synapses of each pre/post pair (0, 1, ... in
    /// creation order), Brian2's `multisynaptic_index='k'`.
    pub fn multisynaptic_index(mut self, name: &str) -> Synapses {
        self.multisynaptic_index = Some(name.to_string());
        self
    }

    /// Code run when a presynaptic spike arrives (`on_pre='v += w'`); the pathway is
    /// called `pre`.
    pub fn on_pre(self, code: &str) -> Synapses {
        self.pathway("pre", Side::Pre, code, None)
    }

    /// Code run when a postsynaptic spike arrives (`on_post=...`), pathway `post`.
    pub fn on_post(self, code: &str) -> Synapses {
        self.pathway("post", Side::Post, code, None)
    }

    /// A named pathway (`on_pre={'up': ..., 'down': ...}`), with its own delay if
    /// given (`delay={'up': 1*ms}`).
    pub fn pathway(
        mut self,
        name: &str,
        side: Side,
        code: &str,
        delay: Option<Quantity>,
    ) -> Synapses {
        self.pathways
            .push((name.to_string(), side, code.to_string(), delay));
        self
    }

    /// A homogeneous delay of the `pre` pathways (`delay=1.5*ms`).
    pub fn delay(mut self, delay: Quantity) -> Synapses {
        self.delay = Some(delay);
        self
    }

    /// The integration method of clock-driven equations.
    pub fn method(mut self, method: &str) -> Synapses {
        self.method = Some(method.to_string());
        self
    }

    /// Constants the code can use (searched before the network's namespace).
    pub fn namespace<S: Into<String>, Q: Into<Quantity>>(
        mut self,
        items: impl IntoIterator<Item = (S, Q)>,
    ) -> Synapses {
        for (k, v) in items {
            self.namespace.insert(k, v);
        }
        self
    }

    /// Its name (default `synapses`, `synapses_1`, ...).
    pub fn name(mut self, name: &str) -> Synapses {
        self.name = Some(name.to_string());
        self
    }

    /// Its `order` in the schedule (of its state updater).
    pub fn order(mut self, order: i32) -> Synapses {
        self.order = order;
        self
    }
}

/// One `connect` call, Brian2's `S.connect(...)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Connect(pub(crate) ConnectRequest);

impl Connect {
    /// Every pair (`connect()`), subject to the options below.
    pub fn all() -> Connect {
        Connect::default()
    }

    /// Pairs satisfying a condition (`connect('i != j')`).
    pub fn condition(condition: &str) -> Connect {
        Connect(ConnectRequest {
            condition: Some(condition.to_string()),
            ..ConnectRequest::default()
        })
    }

    /// Explicit pairs (`connect(i=[...], j=[...])`); an array of length 1 is
    /// broadcast against the other.
    pub fn pairs(i: &[i64], j: &[i64]) -> Connect {
        Connect(ConnectRequest {
            i: Some(i.to_vec()),
            j: Targets::Indices(j.to_vec()),
            ..ConnectRequest::default()
        })
    }

    /// Targets given by an expression or a generator (`connect(j='i')`,
    /// `connect(j='k for k in range(i-3, i+4) if k != i')`).
    pub fn targets(j: &str) -> Connect {
        Connect(ConnectRequest {
            j: Targets::Expr(j.to_string()),
            ..ConnectRequest::default()
        })
    }

    /// Only these presynaptic neurons (`connect(i=[...])`, every target).
    pub fn sources(i: &[i64]) -> Connect {
        Connect(ConnectRequest {
            i: Some(i.to_vec()),
            ..ConnectRequest::default()
        })
    }

    /// A further condition.
    pub fn and_condition(mut self, condition: &str) -> Connect {
        self.0.condition = Some(condition.to_string());
        self
    }

    /// A connection probability (`p=0.1`).
    pub fn p(mut self, p: f64) -> Connect {
        self.0.p = Probability::Const(p);
        self
    }

    /// A connection probability per pair (`p='exp(-(x_pre - x_post)**2)'`).
    pub fn p_expr(mut self, p: &str) -> Connect {
        self.0.p = Probability::Expr(p.to_string());
        self
    }

    /// Synapses per pair (`n=3`).
    pub fn n(mut self, n: i64) -> Connect {
        self.0.n = Multiplicity::Const(n);
        self
    }

    /// Synapses per pair as an expression (`n='i % 3'`).
    pub fn n_expr(mut self, n: &str) -> Connect {
        self.0.n = Multiplicity::Expr(n.to_string());
        self
    }

    /// Drop generated targets outside the target group instead of failing.
    pub fn skip_if_invalid(mut self, skip: bool) -> Connect {
        self.0.skip_if_invalid = skip;
        self
    }
}

/// The delay of a pathway as Brian2 shows it: one value, or one per synapse.
#[derive(Debug, Clone, PartialEq)]
pub enum SynapticDelay {
    /// The same delay for every synapse (`delay=` at creation).
    Homogeneous(Quantity),
    /// One delay per synapse.
    PerSynapse(QuantitySlice<'static>),
}

fn time_seconds(q: Quantity, what: &str) -> Result<f64> {
    if q.dim != Dimension::TIME {
        return Err(Error::InvalidArgument(format!(
            "{what} must be a time, got a quantity with unit {}",
            q.dim
        )));
    }
    if !(q.value >= 0.0 && q.value.is_finite()) {
        return Err(Error::InvalidArgument(format!(
            "{what} must be a non-negative time, got {} s",
            q.value
        )));
    }
    Ok(q.value)
}

impl Network {
    fn slice_of(&self, n: Neurons, what: &str) -> Result<GroupSlice> {
        let g = n.group.0;
        let size = self
            .groups
            .get(g)
            .map(GroupState::n)
            .ok_or_else(|| Error::InvalidArgument(format!("unknown {what} group")))?;
        let synapses = self.groups[g].synapses.is_some();
        if synapses && (what == "source" || n.range.is_some()) {
            return Err(Error::InvalidArgument(format!(
                "the {what} of a Synapses object cannot be {}",
                if what == "source" {
                    "another Synapses object (synapses do not spike)"
                } else {
                    "a part of a Synapses object (use the whole object)"
                }
            )));
        }
        let (start, stop) = n.range.unwrap_or((0, size));
        if start > stop || stop > size {
            return Err(Error::InvalidArgument(format!(
                "the {what} subgroup {start}:{stop} is outside group '{}' of {size} neurons",
                self.groups[g].name
            )));
        }
        Ok(GroupSlice {
            group: g,
            start,
            stop,
            growing: synapses,
        })
    }

    /// Add a `Synapses` object (no synapses yet: see [`Network::connect`]).
    pub fn add_synapses(&mut self, s: Synapses) -> Result<GroupId> {
        let source = self.slice_of(s.source, "source")?;
        let target = self.slice_of(s.target, "target")?;
        let pathways: Vec<(String, Side, String)> = s
            .pathways
            .iter()
            .map(|(n, side, code, _)| (n.clone(), *side, code.clone()))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for (n, _, _) in &pathways {
            if !seen.insert(n.as_str()) {
                return Err(Error::InvalidArgument(format!(
                    "the pathway '{n}' is defined twice"
                )));
            }
        }
        // Brian2: a pathway needs its event (spikes by default) from the group that
        // triggers it.
        let mut events = Vec::new();
        for (name, side, _) in &pathways {
            let slice = if *side == Side::Pre { source } else { target };
            let g = &self.groups[slice.group];
            let event = s
                .events
                .iter()
                .rev()
                .find(|(p, _)| p.as_ref().is_none_or(|p| p == name))
                .map(|(_, e)| e.as_str())
                .filter(|e| *e != "spike");
            if let Some(e) = event {
                let Some(k) = g.def.events.iter().position(|(n, _, _)| n == e) else {
                    return Err(Error::InvalidArgument(format!(
                        "the {} group '{}' of pathway '{name}' does not define an event '{e}'",
                        if *side == Side::Pre {
                            "source"
                        } else {
                            "target"
                        },
                        g.name
                    )));
                };
                events.push(Some(k));
                continue;
            }
            events.push(None);
            if g.def.threshold.is_none() && g.generator.is_none() {
                return Err(Error::InvalidArgument(format!(
                    "the {} group '{}' of pathway '{name}' does not define an event 'spike'; did you forget to set a 'threshold'?",
                    if *side == Side::Pre {
                        "source"
                    } else {
                        "target"
                    },
                    g.name
                )));
            }
        }
        let model = match &s.multisynaptic_index {
            Some(k) => format!("{}\n{k} : integer", s.model),
            None => s.model.clone(),
        };
        let def = GroupDefinition::new_synapses(
            &model,
            &self.groups[source.group].def,
            &self.groups[target.group].def,
            &pathways,
        )?;
        let method = crate::api::neuron_group::parse_method(s.method.as_deref())?;
        let homogeneous = match s.delay {
            Some(q) => time_seconds(q, "delay")?,
            None => 0.0,
        };
        let name = self.claim_name(s.name.as_deref(), "synapses")?;
        let mut states = Vec::new();
        for (pname, side, _, delay) in &s.pathways {
            let scalar_delay = delay.is_some() || (*side == Side::Pre && s.delay.is_some());
            let delay = match delay {
                Some(q) => time_seconds(*q, "delay")?,
                None if *side == Side::Pre => homogeneous,
                None => 0.0,
            };
            let order = if *side == Side::Pre { -1 } else { 1 };
            let mut state =
                PathwayState::new(format!("{name}_{pname}"), Delay::Homogeneous(delay), order);
            state.event = events.get(states.len()).copied().flatten();
            state.scalar_delay = scalar_delay;
            states.push(state);
        }
        let multisynaptic = s.multisynaptic_index.as_deref().and_then(|k| def.var_id(k));
        let clock = match (s.dt, s.clock) {
            (Some(_), Some(_)) => {
                return Err(Error::InvalidArgument(
                    "can only specify either a dt or a clock, not both".to_string(),
                ));
            }
            (Some(q), None) => {
                let dt = time_seconds(q, "dt")?;
                if !(dt > 0.0 && dt.is_finite()) {
                    return Err(Error::InvalidArgument(format!(
                        "dt must be positive, got {dt} s"
                    )));
                }
                self.clock_for(Some(dt))
            }
            (None, Some(c)) if c.0 < self.clocks.len() => c.0,
            (None, Some(_)) => return Err(Error::InvalidArgument("unknown clock".to_string())),
            (None, None) => 0,
        };
        let mut state = GroupState::new(name, def, clock);
        state.method = method;
        state.namespace = s.namespace;
        state.order = s.order;
        state.synapses = Some(Box::new(SynapseData {
            source,
            target,
            pre: Vec::new(),
            post: Vec::new(),
            pathways: states,
            n_outgoing: Vec::new(),
            n_incoming: Vec::new(),
            generation: 0,
            counts_for: None,
            multisynaptic,
            connected: false,
        }));
        self.groups.push(state);
        Ok(GroupId(self.groups.len() - 1))
    }

    fn synapse_data(&self, s: GroupId) -> Result<&SynapseData> {
        self.groups
            .get(s.0)
            .and_then(|g| g.synapses.as_deref())
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "'{}' is not a Synapses object",
                    self.groups.get(s.0).map_or("?", |g| g.name.as_str())
                ))
            })
    }

    /// Whether an object is a `Synapses` object.
    pub fn is_synapses(&self, s: GroupId) -> bool {
        self.groups.get(s.0).is_some_and(|g| g.synapses.is_some())
    }

    /// Create synapses (Brian2's `S.connect(...)`); returns how many were created.
    pub fn connect(&mut self, s: GroupId, how: Connect) -> Result<usize> {
        self.synapse_data(s)?;
        self.follow_target_size(s);
        let (pre, post) = crate::runtime::stack::deep(|| {
            let g = &self.groups[s.0];
            let namespaces = [&g.namespace, &self.namespace];
            let mut rng = self.connect_rng();
            connect::connect(
                &self.groups,
                s.0,
                &namespaces,
                &how.0,
                &mut rng,
                self.backend,
            )
        })?;
        self.connect_calls += 1;
        if let Some(d) = self.groups[s.0].synapses.as_mut() {
            d.connected = true;
        }
        self.append_synapses(s, &pre, &post)?;
        Ok(pre.len())
    }

    /// A `Synapses` target covers all of its current synapses.
    pub(crate) fn follow_target_size(&mut self, s: GroupId) {
        let target = self.groups[s.0].synapses.as_ref().map(|d| d.target.group);
        if let Some(t) = target {
            let n = self.groups[t].n();
            if let Some(d) = self.groups[s.0].synapses.as_mut() {
                d.follow_sizes(n);
            }
        }
    }

    /// Append synapses with the given absolute pre- and postsynaptic indices.
    fn append_synapses(&mut self, s: GroupId, pre: &[u32], post: &[u32]) -> Result<()> {
        let group = &mut self.groups[s.0];
        let old = group.def.n;
        let new = old + pre.len();
        if new > u32::MAX as usize {
            return Err(Error::InvalidArgument(format!(
                "a Synapses object can hold at most {} synapses, {new} were asked for",
                u32::MAX
            )));
        }
        let stored = group
            .def
            .vars
            .iter()
            .filter(|v| {
                !v.flags.shared
                    && (!matches!(v.kind, crate::check::VarKind::Subexpression(_))
                        || v.flags.constant_over_dt)
            })
            .count();
        ensure_allocatable(pre.len().checked_mul(8 * stored + 8), &|| {
            format!("{} new synapses of '{}'", pre.len(), group.name)
        })?;
        // Exact reservations: storage is exactly what the synapses need (amortised
        // growth would double it).
        for (k, v) in group.def.vars.iter().enumerate() {
            let stored = !matches!(v.kind, crate::check::VarKind::Subexpression(_))
                || v.flags.constant_over_dt;
            if stored && !v.flags.shared {
                group.columns[k].reserve_exact(pre.len());
                group.columns[k].resize(new, 0.0);
            }
        }
        group.def.n = new;
        if let Some(d) = group.synapses.as_mut() {
            d.pre.reserve_exact(pre.len());
            d.pre.extend_from_slice(pre);
            d.post.reserve_exact(post.len());
            d.post.extend_from_slice(post);
            d.generation += 1;
            if let Some(k) = d.multisynaptic {
                let values = d.multisynaptic_indices(old);
                group.columns[k.0 as usize][old..].copy_from_slice(&values);
            }
            for p in &mut d.pathways {
                if let Delay::PerSynapse(ds) = &mut p.delay {
                    ds.reserve_exact(pre.len());
                    ds.resize(new, 0.0);
                }
            }
        }
        Ok(())
    }

    /// Bytes of memory a `Synapses` object holds for its synapses (variables,
    /// connectivity, per-synapse delays and synapse lists; not per-neuron tables or
    /// queued spikes), as allocated.
    pub fn synapse_bytes(&self, s: GroupId) -> Result<usize> {
        let d = self.synapse_data(s)?;
        let g = &self.groups[s.0];
        let columns: usize = g
            .def
            .vars
            .iter()
            .zip(&g.columns)
            .filter(|(v, _)| !v.flags.shared)
            .map(|(_, c)| c.capacity() * 8)
            .sum();
        let pathways: usize = d
            .pathways
            .iter()
            .map(|p| {
                let delays = match &p.delay {
                    Delay::PerSynapse(ds) => ds.capacity() * 8,
                    Delay::Homogeneous(_) => 0,
                };
                let order = p.lists.order.as_ref().map_or(0, |o| o.capacity() * 4);
                delays + order + p.steps.capacity() * 4
            })
            .sum();
        Ok(columns + (d.pre.capacity() + d.post.capacity()) * 4 + pathways)
    }

    /// The presynaptic (`i`) and postsynaptic (`j`) index of every synapse, relative to
    /// the source and target (sub)groups.
    pub fn synapse_indices(&self, s: GroupId) -> Result<(Vec<u32>, Vec<u32>)> {
        let d = self.synapse_data(s)?;
        let i = d.pre.iter().map(|&x| x - d.source.start as u32).collect();
        let j = d.post.iter().map(|&x| x - d.target.start as u32).collect();
        Ok((i, j))
    }

    /// The number of neurons of the source and of the target (sub)group.
    pub fn synapse_sides(&self, s: GroupId) -> Result<(usize, usize)> {
        let d = self.synapse_data(s)?;
        Ok((d.source.len(), d.target.len()))
    }

    /// The synapses from presynaptic neuron `i` to postsynaptic neuron `j`
    /// (`S.w[i, j]`), in synapse order.
    pub fn synapses_between(&self, s: GroupId, i: &[i64], j: &[i64]) -> Result<Vec<u32>> {
        let d = self.synapse_data(s)?;
        let (si, sj) = (d.source.start as i64, d.target.start as i64);
        Ok((0..d.len() as u32)
            .filter(|&k| {
                let (a, b) = (
                    d.pre[k as usize] as i64 - si,
                    d.post[k as usize] as i64 - sj,
                );
                i.contains(&a) && j.contains(&b)
            })
            .collect())
    }

    /// `N_incoming` (per synapse: synapses of its postsynaptic neuron) and
    /// `N_outgoing` (synapses of its presynaptic neuron).
    pub fn synapse_counts(&self, s: GroupId) -> Result<(Vec<u32>, Vec<u32>)> {
        let d = self.synapse_data(s)?;
        let mut outgoing = vec![0u32; self.groups[d.source.group].n()];
        let mut incoming = vec![0u32; self.groups[d.target.group].n()];
        for (&i, &j) in d.pre.iter().zip(&d.post) {
            outgoing[i as usize] += 1;
            incoming[j as usize] += 1;
        }
        Ok((
            d.post.iter().map(|&j| incoming[j as usize]).collect(),
            d.pre.iter().map(|&i| outgoing[i as usize]).collect(),
        ))
    }

    fn pathway_index(&self, s: GroupId, pathway: &str) -> Result<usize> {
        let d = self.synapse_data(s)?;
        d.pathways
            .iter()
            .position(|p| p.name == format!("{}_{pathway}", self.groups[s.0].name))
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "'{}' has no pathway '{pathway}'",
                    self.groups[s.0].name
                ))
            })
    }

    /// The names of the pathways of a `Synapses` object (`pre`, `post`, ...).
    pub fn pathway_names(&self, s: GroupId) -> Result<Vec<String>> {
        let prefix = format!("{}_", self.groups[s.0].name);
        Ok(self
            .synapse_data(s)?
            .pathways
            .iter()
            .map(|p| p.name.strip_prefix(&prefix).unwrap_or(&p.name).to_string())
            .collect())
    }

    /// The delay of a pathway (`S.delay`, `S.pre.delay`).
    pub fn delay(&self, s: GroupId, pathway: &str) -> Result<SynapticDelay> {
        let k = self.pathway_index(s, pathway)?;
        let d = self.synapse_data(s)?;
        let n = self.groups[s.0].n();
        Ok(match &d.pathways[k].delay {
            Delay::Homogeneous(x) if !d.pathways[k].scalar_delay => {
                SynapticDelay::PerSynapse(QuantitySlice::owned(vec![*x; n], Dimension::TIME))
            }
            Delay::Homogeneous(x) => SynapticDelay::Homogeneous(Quantity::new(*x, Dimension::TIME)),
            Delay::PerSynapse(v) => {
                SynapticDelay::PerSynapse(QuantitySlice::owned(v.clone(), Dimension::TIME))
            }
        })
    }

    /// Set the delay of a pathway for the given synapses (`None`: all): a time, an
    /// array of times, or a string expression (`'j*0.5*ms'`).
    pub fn set_delay(
        &mut self,
        s: GroupId,
        pathway: &str,
        values: impl Into<Values>,
        indices: Option<&[u32]>,
    ) -> Result<()> {
        let k = self.pathway_index(s, pathway)?;
        let n = self.groups[s.0].n();
        let all: Vec<u32>;
        let indices = match indices {
            Some(ix) => ix,
            None => {
                all = (0..n as u32).collect();
                &all
            }
        };
        if let Some(bad) = indices.iter().find(|&&i| i as usize >= n) {
            return Err(Error::InvalidArgument(format!(
                "synapse index {bad} is out of range: '{}' has {n} synapses",
                self.groups[s.0].name
            )));
        }
        let values = values.into();
        let scalar_delay = self.groups[s.0]
            .synapses
            .as_ref()
            .is_some_and(|d| d.pathways[k].scalar_delay);
        if scalar_delay && (!matches!(values, Values::Quantity(_)) || indices.len() != n) {
            return Err(Error::InvalidArgument(format!(
                "the delay of '{}' was given as one value (delay=...), so it is the same for all synapses: it can only be set to one value",
                self.groups[s.0].name
            )));
        }
        let new: Vec<f64> = match values {
            Values::Quantity(q) => {
                let x = time_seconds(q, "delay")?;
                let d = self.groups[s.0]
                    .synapses
                    .as_mut()
                    .map(|d| &mut d.pathways[k]);
                if let Some(p) = d
                    && matches!(p.delay, Delay::Homogeneous(_))
                    && indices.len() == n
                {
                    p.delay = Delay::Homogeneous(x);
                    if let Some(d) = self.groups[s.0].synapses.as_mut() {
                        d.generation += 1;
                    }
                    return Ok(());
                }
                vec![x; indices.len()]
            }
            Values::Array(a) => {
                if a.values.len() != indices.len() {
                    return Err(Error::InvalidArgument(format!(
                        "cannot set {} delays from an array of length {}",
                        indices.len(),
                        a.values.len()
                    )));
                }
                for &x in &a.values {
                    time_seconds(Quantity::new(x, a.dim), "delay")?;
                }
                a.values
            }
            Values::Expr(text) => {
                let v = self.evaluate_for_set(s, &text, Dimension::TIME, indices)?;
                for &x in &v {
                    time_seconds(Quantity::new(x, Dimension::TIME), "delay")?;
                }
                v
            }
        };
        if let Some(d) = self.groups[s.0].synapses.as_mut() {
            d.generation += 1;
            let p = &mut d.pathways[k];
            if let Delay::Homogeneous(x) = p.delay {
                p.delay = Delay::PerSynapse(vec![x; n]);
            }
            if let Delay::PerSynapse(ds) = &mut p.delay {
                for (&i, x) in indices.iter().zip(new) {
                    ds[i as usize] = x;
                }
            }
        }
        Ok(())
    }

    /// Set the seed of all random numbers: those used to create synapses and those of
    /// model code (`rand()`, `randn()`, noise, Poisson inputs); Brian2's `seed()`.
    /// Without it, connectivity and model code differ in every network.
    pub fn seed(&mut self, seed: u64) {
        self.connect_calls = 0;
        self.random_seed = seed;
        self.setter_draws = 0;
        self.random_epoch = 0;
        self.epochs_used = 0;
        self.epoch_drawn = false;
    }

    fn connect_rng(&self) -> rand_xoshiro::Xoshiro256PlusPlus {
        use rand_xoshiro::rand_core::SeedableRng;
        rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(crate::runtime::random::mix(
            self.random_seed,
            self.connect_calls,
        ))
    }
}
