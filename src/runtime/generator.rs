//! `SpikeGeneratorGroup`: neurons that spike at given times.
//!
//! Times are binned on the group's clock as Brian2 bins them, `int((t + 1e-3*dt)/dt)`
//! (a floor, robust to rounding), in the order of (time, index); two spikes of one
//! neuron in one time step are an error. With a `period`, the pattern repeats every
//! `round(period/dt)` steps. A run starts at the first spike not in the past.

use crate::runtime::clock::timestep;

/// The spikes of a generator, in seconds, and its period (0: none).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpikeGenerator {
    /// Neuron of each spike.
    pub indices: Vec<u32>,
    /// Time of each spike in seconds.
    pub times: Vec<f64>,
    /// Repetition period in seconds (0: no repetition).
    pub period: f64,
    /// Spikes binned for the current run: (time step, neuron), sorted.
    pub(crate) binned: Vec<(i64, u32)>,
    /// Period in time steps (0: none).
    pub(crate) period_steps: i64,
    /// Position of the next spike to emit.
    pub(crate) next: usize,
}

impl SpikeGenerator {
    /// Bin the spikes for a clock of step `dt` and position on time step `now`.
    /// Errors are messages naming the problem.
    pub fn prepare(&mut self, dt: f64, now: i64) -> Result<(), String> {
        // Brian2 sorts the input by (time, index) and emits the spikes of one time
        // step in that order.
        let mut order: Vec<usize> = (0..self.times.len()).collect();
        order.sort_by(|&a, &b| {
            self.times[a]
                .total_cmp(&self.times[b])
                .then(self.indices[a].cmp(&self.indices[b]))
        });
        let binned: Vec<(i64, u32)> = order
            .iter()
            .map(|&k| (timestep(self.times[k], dt), self.indices[k]))
            .collect();
        let mut seen: Vec<(i64, u32)> = binned.clone();
        seen.sort_unstable();
        if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!(
                "using a dt of {} ms, neuron {} of the SpikeGeneratorGroup spikes more than once in time step {} (at {} ms); use a smaller dt or fewer spikes",
                dt * 1e3,
                w[0].1,
                w[0].0,
                w[0].0 as f64 * dt * 1e3
            ));
        }
        self.period_steps = if self.period > 0.0 {
            (self.period / dt).round() as i64
        } else {
            0
        };
        if self.period_steps > 0
            && let Some(last) = binned.last()
            && last.0 >= self.period_steps
        {
            return Err(format!(
                "the SpikeGeneratorGroup's period of {} ms is not longer than its last spike time",
                self.period * 1e3
            ));
        }
        let phase = if self.period_steps > 0 {
            now.rem_euclid(self.period_steps)
        } else {
            now
        };
        self.next = binned.partition_point(|(step, _)| *step < phase);
        self.binned = binned;
        Ok(())
    }

    /// Append the neurons spiking in time step `step` to `out`, in (time, index) order.
    pub fn step(&mut self, step: i64, out: &mut Vec<u32>) {
        let phase = if self.period_steps > 0 {
            let p = step.rem_euclid(self.period_steps);
            if p == 0 {
                self.next = 0;
            }
            p
        } else {
            step
        };
        while self.next < self.binned.len() && self.binned[self.next].0 < phase {
            self.next += 1;
        }
        while self.next < self.binned.len() && self.binned[self.next].0 == phase {
            out.push(self.binned[self.next].1);
            self.next += 1;
        }
    }
}
