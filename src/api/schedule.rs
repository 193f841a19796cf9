//! The schedule and the profile of a network: Brian2's `scheduling_summary()` (which
//! code object runs when, in which order, on which clock) and `run(..., profile=True)`
//! with `profiling_summary()` (the wall-clock time spent in each code object).

use crate::error::Result;
use crate::runtime::network::Network;
use crate::units::{Dimension, Quantity};
use std::fmt;
use std::time::Duration;

/// One code object of the schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledObject {
    /// Its name (`neurongroup_stateupdater`, `statemonitor`, ...).
    pub name: String,
    /// Its slot (`start`, `groups`, `after_thresholds`, ...).
    pub when: String,
    /// Its order inside the slot.
    pub order: i32,
    /// The time step of its clock.
    pub dt: Quantity,
}

/// The code objects of a run in the order they run in a time step (Brian2's
/// `scheduling_summary()`); `Display` prints them as a table.
#[derive(Debug, Clone, PartialEq)]
pub struct SchedulingSummary(pub Vec<ScheduledObject>);

/// The time spent in each code object during the last profiled run (Brian2's
/// `profiling_summary()`); `Display` prints them, the slowest first, with their share
/// of the total.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilingSummary(pub Vec<(String, Duration)>);

impl Network {
    /// The code objects the next run would execute, sorted as they run in a time step
    /// (slot, order, name). The network's code is checked and compiled for this, as for
    /// a run, but nothing runs.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// let g = net.add(NeuronGroup::new(2, "dv/dt = -v/(10*ms) : 1")?.threshold("v > 1"))?;
    /// net.spike_monitor(g)?;
    /// let summary = net.scheduling_summary()?;
    /// let names: Vec<&str> = summary.0.iter().map(|o| o.name.as_str()).collect();
    /// assert_eq!(names, ["neurongroup_stateupdater", "neurongroup_spike_thresholder", "spikemonitor"]);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn scheduling_summary(&mut self) -> Result<SchedulingSummary> {
        self.summarize_schedule()
    }

    /// [`Network::scheduling_summary`] of the given objects only (an explicit
    /// `Network(...)` in Brian2).
    pub fn scheduling_summary_selected(
        &mut self,
        selection: &crate::api::Selection,
    ) -> Result<SchedulingSummary> {
        self.select_objects(selection);
        let res = self.summarize_schedule();
        self.selection = None;
        res
    }

    fn summarize_schedule(&mut self) -> Result<SchedulingSummary> {
        let objects = crate::runtime::stack::deep(|| self.prepare())?;
        Ok(SchedulingSummary(
            objects
                .iter()
                .map(|o| ScheduledObject {
                    name: o.name.clone(),
                    when: o.when.to_string(),
                    order: o.order,
                    dt: Quantity::new(self.clocks[o.clock].dt, Dimension::TIME),
                })
                .collect(),
        ))
    }

    /// Measure the wall-clock time spent in each code object in the following runs
    /// (Brian2's `run(..., profile=True)`); see [`Network::profiling_summary`].
    pub fn set_profile(&mut self, on: bool) {
        self.profile = on;
    }

    /// The time spent in each code object during the last profiled run, in schedule
    /// order (empty before any profiled run).
    pub fn profiling_info(&self) -> &[(String, Duration)] {
        &self.profiling
    }

    /// [`Network::profiling_info`], the slowest code objects first (Brian2's
    /// `profiling_summary()`).
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// net.add(NeuronGroup::new(100, "dv/dt = -v/(10*ms) : 1")?)?;
    /// net.set_profile(true);
    /// net.run(1.0 * ms)?;
    /// let summary = net.profiling_summary();
    /// assert_eq!(summary.0[0].0, "neurongroup_stateupdater");
    /// assert!(summary.to_string().starts_with("Profiling summary"));
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn profiling_summary(&self) -> ProfilingSummary {
        let mut rows = self.profiling.clone();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ProfilingSummary(rows)
    }
}

impl fmt::Display for SchedulingSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let smallest = self
            .0
            .iter()
            .map(|o| o.dt.value)
            .fold(f64::INFINITY, f64::min);
        let dts: Vec<String> = self
            .0
            .iter()
            .map(|o| {
                let steps = (o.dt.value / smallest).round();
                if steps == 1.0 {
                    format!("{} (every step)", o.dt)
                } else {
                    format!("{} (every {steps} steps)", o.dt)
                }
            })
            .collect();
        let headers = ["object", "Clock dt", "when", "order"];
        let width = |k: usize, cells: &mut dyn Iterator<Item = usize>| {
            cells.fold(headers[k].len(), usize::max)
        };
        let w = [
            width(0, &mut self.0.iter().map(|o| o.name.len())),
            width(1, &mut dts.iter().map(String::len)),
            width(2, &mut self.0.iter().map(|o| o.when.len())),
            width(3, &mut self.0.iter().map(|o| o.order.to_string().len())),
        ];
        writeln!(
            f,
            "{:^w0$} | {:^w1$} | {:^w2$} | {:^w3$}",
            headers[0],
            headers[1],
            headers[2],
            headers[3],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3]
        )?;
        let last = w.len() - 1;
        let rule: Vec<String> = w
            .iter()
            .enumerate()
            .map(|(k, &width)| "-".repeat(width + if k == 0 || k == last { 1 } else { 2 }))
            .collect();
        writeln!(f, "{}", rule.join("+"))?;
        for (o, dt) in self.0.iter().zip(&dts) {
            writeln!(
                f,
                "{:<w0$} | {:<w1$} | {:<w2$} | {:>w3$}",
                o.name,
                dt,
                o.when,
                o.order,
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3]
            )?;
        }
        Ok(())
    }
}

/// A duration as Brian2 prints profiling times: two decimals in s, ms or us.
fn format_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.2} us", s * 1e6)
    }
}

impl fmt::Display for ProfilingSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Profiling summary")?;
        writeln!(f, "=================")?;
        let total: f64 = self.0.iter().map(|(_, d)| d.as_secs_f64()).sum();
        let w = self.0.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, d) in &self.0 {
            let share = if total > 0.0 {
                100.0 * d.as_secs_f64() / total
            } else {
                0.0
            };
            writeln!(
                f,
                "{name:<w$}    {:>10}    {share:>6.2} %",
                format_duration(*d)
            )?;
        }
        Ok(())
    }
}
