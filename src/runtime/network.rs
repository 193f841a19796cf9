//! The network: owns every simulated object and runs the step loop.
//!
//! # The step loop and why results do not depend on threads
//! `run(duration)` first prepares every object: each group's code is resolved against
//! the namespaces (group, then network), checked, turned into abstract code and
//! compiled (one Cranelift module per run). Code objects are sorted by
//! (slot, order, name), Brian2's schedule. Then, while the earliest clock has not
//! reached its end: the clocks at the earliest time (within `1e-4*dt`) are current;
//! every code object of a current clock runs, in schedule order; the current clocks
//! advance by one step. `t` is always `timestep * dt`.
//!
//! Within a code object, state updates and thresholds run over fixed-size chunks of
//! neurons with rayon (chunk boundaries do not depend on the number of threads, and a
//! kernel only writes its own neuron's elements), and the spikes of each chunk are
//! concatenated in chunk order: the spike list is ascending for any thread count.
//! Resets, monitors and everything that touches more than its own neuron run serially
//! in index order. So results are bitwise identical for 1 and N threads.
//!
//! # Stopping and progress
//! The loop reads the network's stop flag ([`Network::stop`]) once per time step, a
//! relaxed atomic load. When it is set, the run ends at that step boundary: every
//! clock has simulated exactly the steps before the earliest clock's time, which
//! becomes the network's time, so a later run continues without gaps or repeats. A
//! progress report leaves the loop (and the thread pool) every `period` of wall-clock
//! time; the clock is read only every `stride` steps, a stride adapted so that reads
//! are about a millisecond apart.

use crate::check::Namespace;
use crate::check::model::check_group;
use crate::check::typed::Expr;
use crate::codegen::group_code::{self, Evaluator};
use crate::codegen::lower::{self, LoweredKernel};
use crate::error::{Error, Result};
use crate::runtime::clock::Clock;
use crate::runtime::code_object::{Action, BoundKernel, CodeObject, Iteration, bind, run_kernel};
use crate::runtime::objects::{GroupState, SpikeMonitorState, StateMonitorState};
use crate::runtime::schedule::When;
use spikelift_jit::{Backend, Policy, Shape};

/// Neurons per chunk of a parallel kernel call (fixed, so results do not depend on
/// the number of threads).
pub const CHUNK_SIZE: usize = 8192;

/// A simulation: groups, monitors, clocks, and the namespace their code can use.
#[derive(Debug)]
pub struct Network {
    pub(crate) clocks: Vec<Clock>,
    pub(crate) groups: Vec<GroupState>,
    pub(crate) state_monitors: Vec<StateMonitorState>,
    pub(crate) spike_monitors: Vec<SpikeMonitorState>,
    /// `PopulationRateMonitor`s; one records while its group is simulated.
    pub(crate) rate_monitors: Vec<crate::runtime::rate_monitor::RateMonitorState>,
    pub(crate) namespace: Namespace,
    pub(crate) t: f64,
    pub(crate) backend: Backend,
    pub(crate) threads: Option<usize>,
    pub(crate) pool: Option<rayon::ThreadPool>,
    pub(crate) names: Vec<String>,
    pub(crate) stored: std::collections::HashMap<String, crate::runtime::store::Snapshot>,
    /// The objects the current run simulates (`None`: all of them).
    pub(crate) selection: Option<Active>,
    /// Set to stop the current (or next) run at a step boundary; cleared when it stops.
    pub(crate) stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// `connect` calls since the seed was set (each gets its own random stream).
    pub(crate) connect_calls: u64,
    /// The seed of the random numbers of model code (from the system unless seeded).
    pub(crate) random_seed: u64,
    /// The order of the schedule's slots.
    pub(crate) schedule: crate::runtime::schedule::Schedule,
    /// Setter evaluations since the seed was set (each draws its own numbers).
    pub(crate) setter_draws: u64,
    /// The random streams in use: runs draw from streams keyed by the seed, this
    /// epoch, the code object and the step. `restore()` moves to a new epoch (Brian2
    /// does not restore its random state by default, so a restored run draws new
    /// numbers); restoring the random state goes back to the stored epoch.
    pub(crate) random_epoch: u64,
    /// Epochs started since the seed was set.
    pub(crate) epochs_used: u64,
    /// Whether the current epoch has been drawn from (a run advanced time in it).
    pub(crate) epoch_drawn: bool,
    /// Whether runs measure the time spent in each code object (`profile=True`).
    pub(crate) profile: bool,
    /// The time spent in each code object during the last profiled run.
    pub(crate) profiling: Vec<(String, std::time::Duration)>,
}

/// Progress of a run, as given to a report callback (the arguments of Brian2's
/// `report=` function).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Wall-clock time since the simulation loop started.
    pub elapsed: std::time::Duration,
    /// Fraction of the duration simulated, from 0 to 1.
    pub completed: f64,
    /// Network time at the start of the run.
    pub start: crate::units::Quantity,
    /// Duration of the run.
    pub duration: crate::units::Quantity,
    /// Whether this is the last report of the run (`completed` is then 1, or less if
    /// the run was stopped).
    pub done: bool,
}

/// A progress callback and the wall-clock period between its calls.
pub(crate) type Report<'a> = (std::time::Duration, &'a mut dyn FnMut(&Progress));

/// Why the step loop returned.
enum LoopExit {
    /// The run reached its end.
    Finished,
    /// The stop flag was set; the earliest clock's time.
    Stopped(f64),
    /// A progress report is due; the earliest clock's time.
    Report(f64),
}

/// Decides, cheaply, when a progress report is due: the wall clock is read every
/// `stride` steps, with `stride` adapted so that reads are about 1 ms apart.
struct Ticker {
    period: std::time::Duration,
    start: std::time::Instant,
    next: std::time::Instant,
    last_read: std::time::Instant,
    stride: u32,
    countdown: u32,
}

impl Ticker {
    fn new(period: std::time::Duration) -> Ticker {
        let now = std::time::Instant::now();
        Ticker {
            period,
            start: now,
            next: now + period,
            last_read: now,
            stride: 1,
            countdown: 1,
        }
    }

    /// Called once per step: whether a report is due now.
    fn due(&mut self) -> bool {
        self.countdown -= 1;
        if self.countdown > 0 {
            return false;
        }
        let now = std::time::Instant::now();
        let since = now - self.last_read;
        if since < std::time::Duration::from_micros(500) {
            self.stride = (self.stride * 2).min(1 << 20);
        } else if since > std::time::Duration::from_millis(2) {
            self.stride = (self.stride / 2).max(1);
        }
        self.countdown = self.stride;
        self.last_read = now;
        if now >= self.next {
            self.next = now + self.period;
            true
        } else {
            false
        }
    }
}

/// Which objects a run simulates, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Active {
    /// Active groups.
    pub groups: Vec<bool>,
    /// Active state monitors.
    pub state_monitors: Vec<bool>,
    /// Active spike monitors.
    pub spike_monitors: Vec<bool>,
}

impl Default for Network {
    fn default() -> Network {
        Network::new()
    }
}

impl Network {
    /// An empty network with a `defaultclock` of 0.1 ms.
    pub fn new() -> Network {
        Network {
            clocks: vec![Clock::new("defaultclock", 1e-4)],
            groups: Vec::new(),
            state_monitors: Vec::new(),
            spike_monitors: Vec::new(),
            rate_monitors: Vec::new(),
            namespace: Namespace::new(),
            t: 0.0,
            backend: Backend::Jit,
            threads: None,
            pool: None,
            names: Vec::new(),
            stored: std::collections::HashMap::new(),
            selection: None,
            stop: Default::default(),
            connect_calls: 0,
            random_seed: crate::runtime::random::entropy_seed(),
            schedule: Default::default(),
            setter_draws: 0,
            random_epoch: 0,
            epochs_used: 0,
            epoch_drawn: false,
            profile: false,
            profiling: Vec::new(),
        }
    }

    /// A unique name from a base name (`neurongroup`, `neurongroup_1`, ...).
    pub(crate) fn unique_name(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut k = 0;
        while self.names.contains(&name) {
            k += 1;
            name = format!("{base}_{k}");
        }
        self.names.push(name.clone());
        name
    }

    /// The name an object asked for, if no other object has it, or a new unique name
    /// from `base` (`base`, `base_1`, ...).
    pub(crate) fn claim_name(&mut self, name: Option<&str>, base: &str) -> Result<String> {
        match name {
            Some(n) if self.names.iter().any(|x| x == n) => Err(Error::InvalidArgument(format!(
                "an object named '{n}' already exists"
            ))),
            Some(n) => {
                self.names.push(n.to_string());
                Ok(n.to_string())
            }
            None => Ok(self.unique_name(base)),
        }
    }

    /// The objects the next run simulates: those of the selection (all without one)
    /// that are active (`None`: every object).
    fn effective_selection(&self) -> Option<Active> {
        let all_active = self.groups.iter().all(|g| g.active)
            && self.state_monitors.iter().all(|m| m.active)
            && self.spike_monitors.iter().all(|m| m.active);
        if all_active {
            return self.selection.clone();
        }
        let selected = |v: Option<&Vec<bool>>, k: usize| v.is_none_or(|a| a.get(k) == Some(&true));
        let sel = self.selection.as_ref();
        Some(Active {
            groups: (0..self.groups.len())
                .map(|k| selected(sel.map(|s| &s.groups), k) && self.groups[k].active)
                .collect(),
            state_monitors: (0..self.state_monitors.len())
                .map(|k| {
                    selected(sel.map(|s| &s.state_monitors), k) && self.state_monitors[k].active
                })
                .collect(),
            spike_monitors: (0..self.spike_monitors.len())
                .map(|k| {
                    selected(sel.map(|s| &s.spike_monitors), k) && self.spike_monitors[k].active
                })
                .collect(),
        })
    }

    /// Which variables of object `gi` code writes during a run (`model` is its checked
    /// model): its own reset, event, `run_regularly` and pathway code, `PoissonInput`s,
    /// and any `Synapses` writing it through a pathway or a summed variable. Exact
    /// integration evaluates coefficients once per run only if they read none of them.
    pub(crate) fn written_during_run(
        &self,
        gi: usize,
        model: &crate::check::GroupModel,
    ) -> Vec<bool> {
        let group = &self.groups[gi];
        let mut written = vec![false; group.def.vars.len()];
        let mut mark = |v: crate::check::VarId| {
            if let Some(w) = written.get_mut(v.0 as usize) {
                *w = true;
            }
        };
        let own = model
            .reset
            .iter()
            .chain(model.event_codes.iter().flatten())
            .chain(model.regular.iter().flatten())
            .chain(model.pathways.iter().flatten());
        for st in own {
            if let crate::check::Target::Var(v) = st.target {
                mark(v);
            }
        }
        for input in &group.poisson_inputs {
            mark(input.var);
        }
        for other in &self.groups {
            let (Some(syn), Some(d)) = (other.def.synaptic.as_ref(), other.synapses.as_ref())
            else {
                continue;
            };
            for s in &syn.summed {
                if d.slice(s.side).group == gi {
                    mark(s.target);
                }
            }
            for p in &syn.pathways {
                for st in &p.stmts {
                    let link = syn.link_id(&st.target).and_then(|id| syn.link(id));
                    if let Some(l) = link
                        && d.slice(l.side).group == gi
                        && let crate::check::synapses::LinkTarget::Var(v) = l.target
                    {
                        mark(v);
                    }
                }
            }
        }
        written
    }

    /// The key of the current random epoch (the seed itself for the first).
    pub(crate) fn epoch_key(&self) -> u64 {
        match self.random_epoch {
            0 => self.random_seed,
            e => crate::runtime::random::mix(self.random_seed, e),
        }
    }

    /// The clock with time step `dt`, creating it if needed (`None`: the default clock).
    pub(crate) fn clock_for(&mut self, dt: Option<f64>) -> usize {
        match dt {
            None => 0,
            Some(dt) => {
                let name = format!("clock_{}", self.clocks.len());
                let mut clock = Clock::new(&name, dt);
                clock.timestep = clock.calc_timestep(self.t);
                self.clocks.push(clock);
                self.clocks.len() - 1
            }
        }
    }

    pub(crate) fn prepare(&mut self) -> Result<Vec<CodeObject>> {
        let mut objects: Vec<CodeObject> = Vec::new();
        let mut lowered: Vec<LoweredKernel> = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        let backend = self.backend;
        let active =
            |v: Option<&Vec<bool>>, k: usize| v.is_none_or(|a| a.get(k).copied().unwrap_or(false));
        let sel = self.effective_selection();
        for gi in 0..self.groups.len() {
            let group_active = active(sel.as_ref().map(|s| &s.groups), gi);
            let monitors_active =
                self.state_monitors.iter().enumerate().any(|(k, m)| {
                    m.group == gi && active(sel.as_ref().map(|s| &s.state_monitors), k)
                }) || self.spike_monitors.iter().enumerate().any(|(k, m)| {
                    m.group == gi && active(sel.as_ref().map(|s| &s.spike_monitors), k)
                });
            if !group_active && !monitors_active {
                continue;
            }
            if self.groups[gi].synapses.is_some() {
                if group_active {
                    let mut out = crate::runtime::synapse_run::Collect {
                        objects: &mut objects,
                        lowered: &mut lowered,
                        owners: &mut owners,
                    };
                    self.prepare_synapses(gi, &mut out)?;
                }
                self.prepare_monitors(gi, sel.as_ref(), &mut objects, &mut lowered, &mut owners)?;
                continue;
            }
            if let Some(v) = self.groups[gi].unlinked() {
                return Err(Error::InvalidArgument(format!(
                    "linked variable '{v}' of '{}' is not linked to any variable (use linked_var)",
                    self.groups[gi].name
                )));
            }
            let model = {
                let g = &self.groups[gi];
                check_group(&g.def, &[&g.namespace, &self.namespace])
                    .map_err(|e| Error::Model(e.in_object(&g.name)))?
            };
            let dt = self.clocks[self.groups[gi].clock].dt;
            let written = self.written_during_run(gi, &model);
            let snapshot = reading_view(&self.groups, gi);
            let group = &mut self.groups[gi];
            let access = |v: crate::check::VarId| {
                crate::runtime::objects::access_of(&group.def, &group.links, v)
            };
            let name = group.name.clone();
            let clock = group.clock;
            let order = group.order;
            let mut push = |objects: &mut Vec<CodeObject>,
                            kernel: Option<LoweredKernel>,
                            suffix: &str,
                            when: When,
                            order: i32,
                            action: Action,
                            aux: Vec<Vec<f64>>| {
                if !group_active {
                    return;
                }
                if let Some(k) = kernel {
                    lowered.push(k);
                    owners.push(objects.len());
                }
                objects.push(CodeObject {
                    name: format!("{name}_{suffix}"),
                    when,
                    order,
                    clock,
                    action,
                    kernel: None,
                    aux,
                });
            };
            if let Some(code) = group_code::constant_over_dt_updater(&group.def, &model) {
                let k = lower::lower(
                    &format!("{name}_subexpression_update"),
                    &code,
                    Shape::EachIndex,
                    &access,
                );
                push(
                    &mut objects,
                    Some(k),
                    "subexpression_update",
                    When::BEFORE_START,
                    order,
                    Action::SubexpressionUpdate(gi),
                    vec![],
                );
            }
            let mut eval =
                |exprs: &[Expr]| -> std::result::Result<Vec<Vec<f64>>, crate::check::ModelError> {
                    evaluate_per_neuron(&snapshot, 0, &model, exprs, backend)
                };
            let eval: &mut Evaluator<'_> = &mut eval;
            let updater =
                group_code::state_updater(&group.def, &model, group.method, dt, eval, &|v| {
                    written.get(v.0 as usize).copied().unwrap_or(false)
                })
                .map_err(|e| Error::Model(e.in_object(&name)))?;
            group.method_used = Some(updater.method);
            if !updater.code.stmts.is_empty() {
                let k = lower::lower(
                    &format!("{name}_stateupdater"),
                    &updater.code,
                    Shape::EachIndex,
                    &access,
                );
                push(
                    &mut objects,
                    Some(k),
                    "stateupdater",
                    When::GROUPS,
                    order,
                    Action::StateUpdate(gi),
                    updater.aux,
                );
            }
            for (k, input) in group.poisson_inputs.iter().enumerate() {
                if !input.active {
                    continue;
                }
                let weight = match &input.weight_expr {
                    Some((text, ast)) => Some(group_code::substitute(
                        &group.def,
                        &model,
                        &crate::runtime::poisson::check_weight(
                            &group.def,
                            input,
                            text,
                            ast,
                            &[&group.namespace, &self.namespace],
                        )
                        .map_err(|e| Error::Model(e.in_object(&name)))?,
                    )),
                    None => None,
                };
                let code = group_code::with_conditional_writes(
                    crate::codegen::poisson_code::poisson_input(input, group.def.n, dt, weight),
                    &group_code::refractory_condition(&group.def),
                );
                let kern = lower::lower(&input.name, &code, Shape::EachIndex, &access);
                push(
                    &mut objects,
                    Some(kern),
                    &input.name,
                    When::SYNAPSES,
                    0,
                    Action::PoissonInput(gi, k),
                    vec![],
                );
            }
            if group_active && let Some(generator) = &mut group.generator {
                let now = self.clocks[clock].calc_timestep(self.t);
                generator
                    .prepare(dt, now)
                    .map_err(|m| Error::InvalidArgument(format!("{name}: {m}")))?;
                objects.push(CodeObject {
                    name: format!("{name}_spikegenerator"),
                    when: When::THRESHOLDS,
                    order,
                    clock,
                    action: Action::Generate(gi),
                    kernel: None,
                    aux: vec![],
                });
            }
            if let Some(code) = group_code::thresholder(&group.def, &model) {
                let k = lower::lower(
                    &format!("{name}_spike_thresholder"),
                    &code,
                    Shape::EachIndex,
                    &access,
                );
                let (when, threshold_order) = group.event_slot("spike");
                push(
                    &mut objects,
                    Some(k),
                    "spike_thresholder",
                    when,
                    threshold_order,
                    Action::Threshold(gi),
                    vec![],
                );
            }
            if !model.reset.is_empty() {
                let code = group_code::event_code(&group.def, &model, &model.reset);
                let k = lower::lower(
                    &format!("{name}_spike_resetter"),
                    &code,
                    Shape::EachEvent,
                    &access,
                );
                push(
                    &mut objects,
                    Some(k),
                    "spike_resetter",
                    When::RESETS,
                    order,
                    Action::Reset(gi),
                    vec![],
                );
            }
            group.events.resize(group.def.events.len(), Vec::new());
            for k in 0..group.def.events.len() {
                let event_name = group.def.events[k].0.clone();
                let code = group_code::event_thresholder(&group.def, &model, k);
                let kern = lower::lower(
                    &format!("{name}_{event_name}_thresholder"),
                    &code,
                    Shape::EachIndex,
                    &access,
                );
                let (when, threshold_order) = group.event_slot(&event_name);
                push(
                    &mut objects,
                    Some(kern),
                    &format!("{event_name}_thresholder"),
                    when,
                    threshold_order,
                    Action::EventThreshold(gi, k),
                    vec![],
                );
            }
            for k in 0..group.def.event_codes.len() {
                let event_name = group.def.event_codes[k].0.clone();
                let event = group
                    .def
                    .events
                    .iter()
                    .position(|(n, _, _)| *n == event_name);
                let code = group_code::with_conditional_writes(
                    group_code::event_code(&group.def, &model, &model.event_codes[k]),
                    &group_code::refractory_condition(&group.def),
                );
                let kern = lower::lower(
                    &format!("{name}_{event_name}_resetter"),
                    &code,
                    Shape::EachEvent,
                    &access,
                );
                let when = if event.is_some() {
                    When::AFTER_RESETS
                } else {
                    When::RESETS
                };
                push(
                    &mut objects,
                    Some(kern),
                    &format!("{event_name}_resetter_{k}"),
                    when,
                    order,
                    Action::EventCode(gi, k, event),
                    vec![],
                );
            }
            for k in 0..group.def.regular.len() {
                let spec = group.regular[k].clone();
                let code = group_code::with_conditional_writes(
                    group_code::regularly_code(&group.def, &model, &model.regular[k], spec.range),
                    &group_code::refractory_condition(&group.def),
                );
                let kern = lower::lower(&spec.name, &code, Shape::EachIndex, &access);
                if group_active {
                    lowered.push(kern);
                    owners.push(objects.len());
                    objects.push(spec.code_object(gi, k));
                }
            }
            self.prepare_monitors(gi, sel.as_ref(), &mut objects, &mut lowered, &mut owners)?;
        }
        let compiled = spikelift_jit::compile_all(
            lowered.iter().map(|l| l.kernel.clone()).collect(),
            backend,
        )?;
        for ((c, l), owner) in compiled.into_iter().zip(&lowered).zip(owners) {
            let mut bound = bind(c, l);
            bound.random_key = crate::runtime::random::mix(self.epoch_key(), bound.random_key);
            objects[owner].kernel = Some(bound);
        }
        let schedule = self.schedule;
        objects.sort_by(|a, b| {
            (schedule.rank(a.when), a.order, &a.name).cmp(&(
                schedule.rank(b.when),
                b.order,
                &b.name,
            ))
        });
        Ok(objects)
    }

    /// The kernel of a monitor of group `gi` that records subexpressions (`vars` that
    /// are not stored): it evaluates them into auxiliary columns, one per such
    /// variable, for the neurons recorded. Returns how many and the kernel (`None`
    /// when every variable is stored).
    fn record_kernel(
        &self,
        gi: usize,
        monitor: &str,
        vars: &[crate::runtime::objects::RecordedVar],
        model: &mut Option<crate::check::GroupModel>,
    ) -> Result<(usize, Option<LoweredKernel>)> {
        let group = &self.groups[gi];
        // A summed variable of synapses records its target's value, as in Brian2 (the
        // link of the same name), not the synapse's contribution.
        let recorded = |v: crate::check::VarId| {
            let summed = group.def.var(v).flags.summed;
            let link = group
                .def
                .synaptic
                .as_ref()
                .filter(|_| summed)
                .and_then(|syn| syn.link_id(&group.def.var(v).name));
            Expr::Var(link.unwrap_or(v))
        };
        let computed: Vec<Expr> = vars
            .iter()
            .filter(|rv| !group.is_stored(rv.var))
            .map(|rv| recorded(rv.var))
            .collect();
        if computed.is_empty() {
            return Ok((0, None));
        }
        let m = match model {
            Some(m) => m,
            None => model.insert(
                check_group(&group.def, &[&group.namespace, &self.namespace])
                    .map_err(|e| Error::Model(e.in_object(&group.name)))?,
            ),
        };
        let code = group_code::evaluate_into_aux(&group.def, m, &computed);
        let name = format!("{monitor}_record");
        let kernel = if group.synapses.is_some() {
            crate::runtime::synapse_run::lower_synaptic(
                &self.groups,
                gi,
                &name,
                &code,
                Shape::EachEvent,
            )
        } else {
            let access = |v: crate::check::VarId| {
                crate::runtime::objects::access_of(&group.def, &group.links, v)
            };
            lower::lower(&name, &code, Shape::EachEvent, &access)
        };
        Ok((computed.len(), Some(kernel)))
    }

    /// The code objects of the active monitors of group `gi` (monitors that record
    /// computed subexpressions get a kernel).
    fn prepare_monitors(
        &self,
        gi: usize,
        sel: Option<&Active>,
        objects: &mut Vec<CodeObject>,
        lowered: &mut Vec<LoweredKernel>,
        owners: &mut Vec<usize>,
    ) -> Result<()> {
        let active =
            |v: Option<&Vec<bool>>, k: usize| v.is_none_or(|a| a.get(k).copied().unwrap_or(false));
        let group = &self.groups[gi];
        let mut model = None;
        for (mi, mon) in self
            .state_monitors
            .iter()
            .enumerate()
            .filter(|(k, m)| m.group == gi && active(sel.map(|s| &s.state_monitors), *k))
        {
            let (computed, kernel) = self.record_kernel(gi, &mon.name, &mon.vars, &mut model)?;
            let aux = vec![vec![0.0; group.def.n]; computed];
            objects.push(CodeObject {
                name: mon.name.clone(),
                when: mon.when,
                order: mon.order,
                clock: mon.clock,
                action: Action::StateRecord(mi),
                kernel: None,
                aux,
            });
            if let Some(k) = kernel {
                lowered.push(k);
                owners.push(objects.len() - 1);
            }
        }
        for (mi, mon) in self
            .spike_monitors
            .iter()
            .enumerate()
            .filter(|(k, m)| m.group == gi && active(sel.map(|s| &s.spike_monitors), *k))
        {
            // Brian2 schedules a monitor right after its event's threshold, but a
            // monitor of a subgroup after the subgroup, which sits in `thresholds`
            // one after its group: a custom event (checked in `after_thresholds`) is
            // then recorded one step late, at the next step's time, and the last
            // step's events never.
            let (when, order) = mon.schedule.unwrap_or(if mon.on_subgroup {
                (When::THRESHOLDS, group.order + 2)
            } else {
                let event = mon
                    .event
                    .map_or("spike", |e| group.def.events[e].0.as_str());
                let (when, order) = group.event_slot(event);
                (when, order + 1)
            });
            let (computed, kernel) = self.record_kernel(gi, &mon.name, &mon.vars, &mut model)?;
            objects.push(CodeObject {
                name: mon.name.clone(),
                when,
                order,
                clock: group.clock,
                action: Action::SpikeRecord(mi),
                kernel: None,
                aux: vec![vec![0.0; group.def.n]; computed],
            });
            if let Some(k) = kernel {
                lowered.push(k);
                owners.push(objects.len() - 1);
            }
        }
        if active(sel.map(|s| &s.groups), gi) {
            for (mi, _) in self
                .rate_monitors
                .iter()
                .enumerate()
                .filter(|(_, m)| m.group == gi && m.active)
            {
                objects.push(CodeObject {
                    name: self.rate_monitors[mi].name.clone(),
                    when: When::END,
                    order: 0,
                    clock: group.clock,
                    action: Action::RateRecord(mi),
                    kernel: None,
                    aux: vec![],
                });
            }
        }
        Ok(())
    }

    /// Simulate for `duration` seconds (continuing from the current time).
    pub(crate) fn run_seconds(&mut self, duration: f64) -> Result<()> {
        self.run_seconds_reporting(duration, None)
    }

    /// Simulate for `duration` seconds, calling `report` at the start, every `period`
    /// of wall-clock time and at the end. Stops early, with [`Error::Interrupted`],
    /// when the stop flag is set.
    pub(crate) fn run_seconds_reporting(
        &mut self,
        duration: f64,
        mut report: Option<Report<'_>>,
    ) -> Result<()> {
        if !duration.is_finite() || duration < 0.0 {
            return Err(Error::InvalidArgument(format!(
                "the duration of a run must be a non-negative time, got {duration} s"
            )));
        }
        // Checking and code generation recurse over expression trees: a deep stack.
        let mut objects = crate::runtime::stack::deep(|| self.prepare())?;
        let t_start = self.t;
        let t_end = t_start + duration;
        for c in &mut self.clocks {
            c.set_interval(t_start, t_end);
        }
        for m in &mut self.state_monitors {
            let steps =
                (self.clocks[m.clock].i_end - self.clocks[m.clock].timestep).max(0) as usize;
            m.reserve(steps)?;
        }
        for m in &mut self.rate_monitors {
            let clock = &self.clocks[self.groups[m.group].clock];
            m.reserve((clock.i_end - clock.timestep).max(0) as usize)?;
        }
        let used: Vec<bool> = (0..self.clocks.len())
            .map(|k| objects.iter().any(|o| o.clock == k))
            .collect();
        let progress = |t: f64, elapsed, done| Progress {
            elapsed,
            completed: if duration > 0.0 {
                ((t - t_start) / duration).clamp(0.0, 1.0)
            } else {
                1.0
            },
            start: crate::units::Quantity::new(t_start, crate::units::Dimension::TIME),
            duration: crate::units::Quantity::new(duration, crate::units::Dimension::TIME),
            done,
        };
        let mut ticker = report.as_ref().map(|(period, _)| Ticker::new(*period));
        if let Some((_, callback)) = report.as_mut() {
            callback(&progress(t_start, std::time::Duration::ZERO, false));
        }
        let pool = self.pool.take();
        let mut times = self
            .profile
            .then(|| vec![std::time::Duration::ZERO; objects.len()]);
        let exit = loop {
            let exit = match &pool {
                Some(p) => p.install(|| {
                    self.step_loop(&mut objects, &used, ticker.as_mut(), times.as_deref_mut())
                }),
                None => self.step_loop(&mut objects, &used, ticker.as_mut(), times.as_deref_mut()),
            };
            match (exit, report.as_mut(), &ticker) {
                (Ok(LoopExit::Report(t)), Some((_, callback)), Some(tk)) => {
                    callback(&progress(t, tk.start.elapsed(), false));
                }
                (Ok(LoopExit::Report(_)), _, _) => {}
                (other, _, _) => break other,
            }
        };
        self.pool = pool;
        if let Some(times) = times {
            self.profiling = objects.iter().map(|o| o.name.clone()).zip(times).collect();
        }
        let stopped = match exit? {
            LoopExit::Stopped(t) => Some(t),
            _ => None,
        };
        self.t = stopped.unwrap_or(t_end);
        if self.t > t_start {
            self.epoch_drawn = true;
        }
        if stopped.is_none() {
            // Every clock of the network ends at its last step, as Brian2's do, also
            // the clock of a group without code to run: `G.t` and `t` in setters read it.
            for g in &self.groups {
                let c = &mut self.clocks[g.clock];
                c.timestep = c.timestep.max(c.i_end);
            }
        }
        if let (Some((_, callback)), Some(tk)) = (report.as_mut(), &ticker) {
            callback(&progress(self.t, tk.start.elapsed(), true));
        }
        match stopped {
            Some(t) => {
                self.stop.store(false, std::sync::atomic::Ordering::Relaxed);
                Err(Error::Interrupted {
                    t: crate::units::Quantity::new(t, crate::units::Dimension::TIME),
                })
            }
            None => Ok(()),
        }
    }

    fn step_loop(
        &mut self,
        objects: &mut [CodeObject],
        used: &[bool],
        mut ticker: Option<&mut Ticker>,
        mut times: Option<&mut [std::time::Duration]>,
    ) -> Result<LoopExit> {
        let mut events: Vec<u32> = Vec::new();
        loop {
            let Some(first) = (0..self.clocks.len())
                .filter(|k| used[*k])
                .min_by(|a, b| self.clocks[*a].t().total_cmp(&self.clocks[*b].t()))
            else {
                return Ok(LoopExit::Finished);
            };
            if self.clocks[first].timestep >= self.clocks[first].i_end {
                return Ok(LoopExit::Finished);
            }
            if self.stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(LoopExit::Stopped(self.clocks[first].t()));
            }
            if let Some(tk) = ticker.as_deref_mut()
                && tk.due()
            {
                return Ok(LoopExit::Report(self.clocks[first].t()));
            }
            let current: smallvec::SmallVec<[usize; 4]> = (0..self.clocks.len())
                .filter(|k| used[*k] && self.clocks[*k].same_time(&self.clocks[first]))
                .collect();
            for (k, obj) in objects.iter_mut().enumerate() {
                if !current.contains(&obj.clock) {
                    continue;
                }
                let (t, dt) = (self.clocks[obj.clock].t(), self.clocks[obj.clock].dt);
                match times.as_deref_mut() {
                    None => self.run_object(obj, t, dt, &mut events)?,
                    Some(times) => {
                        let started = std::time::Instant::now();
                        self.run_object(obj, t, dt, &mut events)?;
                        times[k] += started.elapsed();
                    }
                }
            }
            for k in current {
                self.clocks[k].timestep += 1;
            }
        }
    }

    fn run_object(
        &mut self,
        obj: &mut CodeObject,
        t: f64,
        dt: f64,
        events: &mut Vec<u32>,
    ) -> Result<()> {
        let policy = Policy::Chunked {
            chunk_size: CHUNK_SIZE,
        };
        match obj.action {
            Action::Pathway(g, k) => self.run_pathway(obj, g, k, t, dt)?,
            Action::Summed(g, k) => self.run_summed(obj, g, k, t, dt)?,
            Action::SubexpressionUpdate(g)
            | Action::StateUpdate(g)
            | Action::PoissonInput(g, _) => {
                if let Some(k) = &mut obj.kernel {
                    let mut scratch = Vec::new();
                    run_kernel(
                        k,
                        &mut self.groups,
                        g,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Range(policy, &mut scratch),
                    )?;
                }
            }
            Action::Threshold(g) => {
                if let Some(k) = &mut obj.kernel {
                    events.clear();
                    run_kernel(
                        k,
                        &mut self.groups,
                        g,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Range(policy, events),
                    )?;
                    let group = &mut self.groups[g];
                    group.spikes.clear();
                    group.spikes.extend_from_slice(events);
                }
            }
            Action::Reset(g) => {
                if let Some(k) = &mut obj.kernel {
                    self.run_over_event(k, &mut obj.aux, g, None, t, dt)?;
                }
            }
            Action::EventThreshold(g, k) => {
                if let Some(kern) = &mut obj.kernel {
                    events.clear();
                    run_kernel(
                        kern,
                        &mut self.groups,
                        g,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Range(policy, events),
                    )?;
                    let group = &mut self.groups[g];
                    group.events[k].clear();
                    group.events[k].extend_from_slice(events);
                }
            }
            Action::EventCode(g, _, event) => {
                if let Some(k) = &mut obj.kernel {
                    self.run_over_event(k, &mut obj.aux, g, event, t, dt)?;
                }
            }
            Action::Regularly(g, _) => {
                if let Some(kern) = &mut obj.kernel {
                    let mut scratch = Vec::new();
                    run_kernel(
                        kern,
                        &mut self.groups,
                        g,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Range(policy, &mut scratch),
                    )?;
                }
            }
            Action::Generate(g) => {
                let step = self.clocks[obj.clock].timestep;
                let group = &mut self.groups[g];
                group.spikes.clear();
                if let Some(generator) = &mut group.generator {
                    generator.step(step, &mut group.spikes);
                }
            }
            Action::SpikeRecord(m) => {
                let (gi, event, start, stop) = {
                    let mon = &self.spike_monitors[m];
                    (mon.group, mon.event, mon.start, mon.stop)
                };
                // this step's events of the monitored neurons
                let range = {
                    let list = self.groups[gi].event_list(event);
                    let lo = list.partition_point(|&i| (i as usize) < start);
                    lo..list.partition_point(|&i| (i as usize) < stop)
                };
                if let Some(k) = &mut obj.kernel
                    && !range.is_empty()
                {
                    // recorded subexpressions, evaluated for these events
                    let list = std::mem::take(self.groups[gi].event_list_mut(event));
                    let res = run_kernel(
                        k,
                        &mut self.groups,
                        gi,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Events(&list[range.clone()]),
                    );
                    *self.groups[gi].event_list_mut(event) = list;
                    res?;
                }
                let group = &self.groups[gi];
                let list = group.event_list(event);
                let mon = &mut self.spike_monitors[m];
                for &i in &list[range] {
                    mon.count[i as usize - start] += 1;
                    if mon.record {
                        mon.i.push((i as usize - start) as i32);
                        mon.t.push(t);
                        let mut aux_k = 0;
                        for rv in &mut mon.vars {
                            let column: &[f64] = if group.is_stored(rv.var) {
                                &group.columns[rv.var.0 as usize]
                            } else {
                                aux_k += 1;
                                &obj.aux[aux_k - 1]
                            };
                            rv.values.push(if column.len() == 1 {
                                column[0]
                            } else {
                                column[i as usize]
                            });
                        }
                    }
                }
            }
            Action::RateRecord(m) => {
                let mon = &mut self.rate_monitors[m];
                mon.record(&self.groups[mon.group].spikes, t, dt);
            }
            Action::StateRecord(m) => {
                let gi = self.state_monitors[m].group;
                if let Some(k) = &mut obj.kernel {
                    let indices = std::mem::take(&mut self.state_monitors[m].neurons);
                    let res = run_kernel(
                        k,
                        &mut self.groups,
                        gi,
                        &mut obj.aux,
                        t,
                        dt,
                        Iteration::Events(&indices),
                    );
                    self.state_monitors[m].neurons = indices;
                    res?;
                }
                let group = &self.groups[gi];
                let mon = &mut self.state_monitors[m];
                mon.t.push(t);
                let mut aux_k = 0;
                for rv in &mut mon.vars {
                    let column: &[f64] = if group.is_stored(rv.var) {
                        &group.columns[rv.var.0 as usize]
                    } else {
                        aux_k += 1;
                        &obj.aux[aux_k - 1]
                    };
                    if column.len() == 1 && group.n() != 1 {
                        rv.values.extend(mon.neurons.iter().map(|_| column[0]));
                    } else {
                        rv.values
                            .extend(mon.neurons.iter().map(|&i| column[i as usize]));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Network {
    /// Run an `EachEvent` kernel over the neurons of group `g` that had `event` this
    /// step (`None`: spikes).
    fn run_over_event(
        &mut self,
        kernel: &mut BoundKernel,
        aux: &mut [Vec<f64>],
        g: usize,
        event: Option<usize>,
        t: f64,
        dt: f64,
    ) -> Result<()> {
        let list = std::mem::take(self.groups[g].event_list_mut(event));
        let res = run_kernel(
            kernel,
            &mut self.groups,
            g,
            aux,
            t,
            dt,
            Iteration::Events(&list),
        );
        *self.groups[g].event_list_mut(event) = list;
        res
    }
}

/// Evaluate `exprs` for every neuron of group `own` (with the interpreter or the JIT),
/// returning one column per expression. The groups are not changed: the kernel runs on
/// copies of the group and of the groups its linked variables read.
pub(crate) fn evaluate_per_neuron(
    groups: &[GroupState],
    own: usize,
    model: &crate::check::GroupModel,
    exprs: &[Expr],
    backend: Backend,
) -> std::result::Result<Vec<Vec<f64>>, crate::check::ModelError> {
    let mut scratch = reading_view(groups, own);
    let group = &scratch[0];
    let code = group_code::evaluate_into_aux(&group.def, model, exprs);
    let access =
        |v: crate::check::VarId| crate::runtime::objects::access_of(&group.def, &group.links, v);
    let lowered = lower::lower(
        &format!("{}_coefficients", group.name),
        &code,
        Shape::EachIndex,
        &access,
    );
    let n = group.n();
    evaluate_lowered(&lowered, &mut scratch, 0, n, exprs.len(), backend)
}

/// Compile and run a kernel that evaluates `n_exprs` expressions into auxiliary
/// columns for every element (neuron or synapse) of object `own` of `groups`.
pub(crate) fn evaluate_lowered(
    lowered: &LoweredKernel,
    groups: &mut [GroupState],
    own: usize,
    n: usize,
    n_exprs: usize,
    backend: Backend,
) -> std::result::Result<Vec<Vec<f64>>, crate::check::ModelError> {
    let bug = |e: String| {
        crate::check::ModelError::plain(
            crate::check::ErrorKind::Value,
            format!("bug: {e}"),
            "equations",
        )
    };
    let compiled =
        spikelift_jit::compile(lowered.kernel.clone(), backend).map_err(|e| bug(e.to_string()))?;
    let mut bound = bind(compiled, lowered);
    let mut aux = vec![vec![0.0; n]; n_exprs];
    run_kernel(
        &mut bound,
        groups,
        own,
        &mut aux,
        0.0,
        0.0,
        Iteration::Range(Policy::Serial, &mut Vec::new()),
    )
    .map_err(|e| bug(e.to_string()))?;
    Ok(aux)
}

/// Copies of group `own` (first) and of the groups its linked variables read (after
/// it), with the links renumbered to point into the copies.
fn reading_view(groups: &[GroupState], own: usize) -> Vec<GroupState> {
    let mut view = vec![groups[own].clone()];
    let mut taken = vec![own];
    let mut links = std::mem::take(&mut view[0].links);
    for (_, link) in &mut links {
        link.group = match taken.iter().position(|&k| k == link.group) {
            Some(p) => p,
            None => {
                taken.push(link.group);
                view.push(groups[link.group].clone());
                view.len() - 1
            }
        };
    }
    view[0].links = links;
    view
}
