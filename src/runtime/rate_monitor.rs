//! `PopulationRateMonitor` at run time: the instantaneous population rate of a group
//! (or a range of its neurons) at every step, and Brian2's `smooth_rate`.
//!
//! The rate of a step is `spikes / dt / N` (Brian2's `ratemonitor` template, in that
//! order of operations), recorded in the `end` slot with the time of the step.

use crate::error::{Error, Result};
use crate::runtime::record_buffer::RecordBuffer;

/// A `PopulationRateMonitor` at run time.
#[derive(Debug, Clone)]
pub struct RateMonitorState {
    /// Unique name (`ratemonitor`, ...).
    pub name: String,
    /// Index of the monitored group.
    pub group: usize,
    /// The monitored neurons `start..stop` of the group.
    pub start: usize,
    /// End of the monitored range (exclusive).
    pub stop: usize,
    /// Recording times (seconds).
    pub t: RecordBuffer<f64>,
    /// The rate at each recording time (Hz).
    pub rate: RecordBuffer<f64>,
}

impl RateMonitorState {
    /// Make room for `steps` more steps, or say that they do not fit in memory (before
    /// the run starts).
    pub fn reserve(&mut self, steps: usize) -> Result<()> {
        let too_large = |_| {
            Error::InvalidArgument(format!(
                "not enough memory for PopulationRateMonitor '{}' to record {steps} steps",
                self.name
            ))
        };
        self.t.reserve(steps).map_err(too_large)?;
        self.rate.reserve(steps).map_err(too_large)
    }

    /// Record the step at time `t` with the group's `spikes` (ascending).
    pub fn record(&mut self, spikes: &[u32], t: f64, dt: f64) {
        let lo = spikes.partition_point(|&i| (i as usize) < self.start);
        let hi = spikes.partition_point(|&i| (i as usize) < self.stop);
        let n = (self.stop - self.start) as f64;
        self.t.push(t);
        self.rate.push((hi - lo) as f64 / dt / n);
    }
}

/// A predefined smoothing window of `smooth_rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// A rectangle `width` wide, rounded to an odd number of steps.
    Flat,
    /// A Gaussian with standard deviation `width`, cut at two standard deviations.
    Gaussian,
}

impl Window {
    /// The window named `name` in Brian2 (`'flat'`, `'gaussian'`).
    pub fn from_name(name: &str) -> Option<Window> {
        match name {
            "flat" => Some(Window::Flat),
            "gaussian" => Some(Window::Gaussian),
            _ => None,
        }
    }

    /// The normalised window values for a time step `dt`, as Brian2 builds them:
    /// Gaussian: `exp(-k**2 / (2*(width/dt)**2))` for `k` in
    /// `-round(2*width/dt) ..= round(2*width/dt)`; flat: `round(width/(2*dt))*2 + 1`
    /// ones (rounding half to even, as NumPy does); then divided by their sum.
    pub fn values(self, width: f64, dt: f64) -> Vec<f64> {
        let w: Vec<f64> = match self {
            Window::Gaussian => {
                let half = (2.0 * width / dt).round_ties_even() as i64;
                let sd = width / dt;
                (-half..=half)
                    .map(|k| (-((k * k) as f64) * 1.0 / (2.0 * (sd * sd))).exp())
                    .collect()
            }
            Window::Flat => {
                let n = (width / (2.0 * dt)).round_ties_even() as usize * 2 + 1;
                vec![1.0; n]
            }
        };
        let sum: f64 = w.iter().sum();
        w.into_iter().map(|x| x * 1.0 / sum).collect()
    }
}

/// NumPy's `convolve(a, v, mode='same')`: the full convolution's central part, as
/// long as the longer input.
pub fn convolve_same(a: &[f64], v: &[f64]) -> Vec<f64> {
    let (a, v) = if v.len() > a.len() { (v, a) } else { (a, v) };
    let (n, m) = (a.len(), v.len());
    if m == 0 {
        return Vec::new();
    }
    let offset = (m - 1) / 2;
    (0..n)
        .map(|i| {
            let k = i + offset; // index into the full convolution
            let j_lo = k.saturating_sub(m - 1);
            let j_hi = k.min(n - 1);
            (j_lo..=j_hi).map(|j| a[j] * v[k - j]).sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convolve_same_matches_numpy() {
        // np.convolve([1, 2, 3], [0, 1, 0.5], 'same') == [1, 2.5, 4]
        assert_eq!(
            convolve_same(&[1.0, 2.0, 3.0], &[0.0, 1.0, 0.5]),
            [1.0, 2.5, 4.0]
        );
        // np.convolve([1, 2, 3], [1, 1], 'same') == [1, 3, 5]
        assert_eq!(
            convolve_same(&[1.0, 2.0, 3.0], &[1.0, 1.0]),
            [1.0, 3.0, 5.0]
        );
        // a window longer than the data: np.convolve([1, 2], [1, 1, 1], 'same') == [1, 3, 3]
        assert_eq!(
            convolve_same(&[1.0, 2.0], &[1.0, 1.0, 1.0]),
            [1.0, 3.0, 3.0]
        );
    }

    #[test]
    fn windows_have_brian2s_sizes() {
        let dt = 0.1e-3;
        // flat: 1 ms -> round(5) * 2 + 1 = 11 steps; 0.25 ms -> round(1.25) = 1 -> 3
        assert_eq!(Window::Flat.values(1e-3, dt).len(), 11);
        assert_eq!(Window::Flat.values(0.25e-3, dt).len(), 3);
        // 0.5 ms: round(2.5) = 2 (half to even) -> 5
        assert_eq!(Window::Flat.values(0.5e-3, dt).len(), 5);
        let g = Window::Gaussian.values(1e-3, dt);
        assert_eq!(g.len(), 41);
        assert!((g.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((g[20] / g[30] - (0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn rate_counts_the_monitored_range_only() {
        let mut m = RateMonitorState {
            name: "ratemonitor".into(),
            group: 0,
            start: 2,
            stop: 6,
            t: RecordBuffer::new(),
            rate: RecordBuffer::new(),
        };
        m.record(&[0, 2, 3, 5, 6, 9], 0.0, 0.5);
        assert_eq!(m.rate.to_vec(), [3.0 / 0.5 / 4.0]);
    }
}
