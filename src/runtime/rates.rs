//! Rates computed from a record after a run: Brian2's `binned_rate` and
//! `smooth_rate`, for a `PopulationRateMonitor` (one rate per step) and for a
//! `SpikeMonitor` or `EventMonitor` (one row of rates per neuron).
//!
//! Binning follows Brian2 2.11: a bin is a whole number of steps; a population's
//! bins start at its first recorded time and only complete bins count; a spike
//! record's bins start at 0 and cover the steps its clock has simulated, a spike at
//! time `t` falling in step `timestep(t, dt)`. Smoothing bins at `dt`, normalises the
//! window by its sum and convolves as NumPy's `convolve(..., 'same')`.

use crate::runtime::clock::timestep;

/// The number of steps in a bin of `bin_size` seconds, with Brian2's check that it
/// is a multiple of `dt` (`(bin_size/dt) % 1 > 1e-6` is refused).
pub fn bin_steps(bin_size: f64, dt: f64) -> Result<usize, String> {
    if !(bin_size.is_finite() && bin_size > 0.0) {
        return Err(format!(
            "bin_size must be a positive time, got {bin_size} s"
        ));
    }
    if (bin_size / dt).rem_euclid(1.0) > 1e-6 {
        return Err(format!(
            "bin_size has to be a multiple of dt ({} ms), got {} ms",
            dt * 1e3,
            bin_size * 1e3
        ));
    }
    match usize::try_from(timestep(bin_size, dt)) {
        Ok(0) | Err(_) => Err(format!(
            "bin_size ({} ms) is shorter than dt ({} ms)",
            bin_size * 1e3,
            dt * 1e3
        )),
        Ok(steps) => Ok(steps),
    }
}

/// A population rate in bins of `steps` steps: the start of each complete bin
/// (from the first recorded time `t[0]`) and the mean rate in it.
pub fn bin_population(t: &[f64], rate: &[f64], steps: usize, dt: f64) -> (Vec<f64>, Vec<f64>) {
    if steps == 1 {
        return (t.to_vec(), rate.to_vec());
    }
    let Some(&t0) = t.first() else {
        return (Vec::new(), Vec::new());
    };
    let values = rate
        .chunks_exact(steps)
        .map(|bin| bin.iter().sum::<f64>() / steps as f64)
        .collect::<Vec<f64>>();
    let bins = (0..values.len())
        .map(|k| t0 + (k * steps) as f64 * dt)
        .collect();
    (bins, values)
}

/// Event rates of `n` neurons in bins of `steps` steps (`bin_size` seconds) over
/// the `elapsed` steps a clock has simulated: the start of each complete bin and,
/// per neuron, the events in each bin divided by `bin_size`. Events of an
/// incomplete last bin are not counted.
pub fn bin_events(
    events: impl Iterator<Item = (i32, f64)>,
    n: usize,
    elapsed: i64,
    steps: usize,
    bin_size: f64,
    dt: f64,
) -> (Vec<f64>, Vec<Vec<f64>>) {
    let num_bins = usize::try_from(elapsed).unwrap_or(0) / steps;
    let bins = (0..num_bins)
        .map(|k| (k * steps) as f64 * dt)
        .collect::<Vec<f64>>();
    let mut rows = vec![vec![0.0; num_bins]; n];
    for (i, t) in events {
        let bin = usize::try_from(timestep(t, dt)).unwrap_or(usize::MAX) / steps;
        if let Some(count) = rows.get_mut(i as usize).and_then(|r| r.get_mut(bin)) {
            *count += 1.0;
        }
    }
    for row in &mut rows {
        for x in row.iter_mut() {
            *x /= bin_size;
        }
    }
    (bins, rows)
}

/// A window given as values (Brian2's `smooth_rate(window=array)`): it must have
/// an odd number of values and a finite, non-zero sum.
pub fn check_custom_window(window: &[f64]) -> Result<(), String> {
    if window.len() % 2 != 1 {
        return Err(format!(
            "the window has to have an odd number of values, got {}",
            window.len()
        ));
    }
    let sum: f64 = window.iter().sum();
    if !(sum.is_finite() && sum != 0.0) {
        return Err(format!(
            "the values of a window must have a finite, non-zero sum, got {sum}"
        ));
    }
    Ok(())
}

/// `values` smoothed with `window`, normalised to a sum of 1 as Brian2 does
/// (`window * 1.0 / sum(window)`).
pub fn smooth(values: &[f64], window: &[f64]) -> Vec<f64> {
    let sum: f64 = window.iter().sum();
    let normalised: Vec<f64> = window.iter().map(|x| x * 1.0 / sum).collect();
    convolve_same(values, &normalised)
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

    /// The window values for a time step `dt`, as Brian2 builds them (not yet
    /// normalised; [`smooth`] does that): Gaussian: `exp(-k**2 / (2*(width/dt)**2))`
    /// for `k` in `-round(2*width/dt) ..= round(2*width/dt)`; flat:
    /// `round(width/(2*dt))*2 + 1` ones (rounding half to even, as NumPy does).
    pub fn values(self, width: f64, dt: f64) -> Vec<f64> {
        match self {
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
        }
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
        assert_eq!(g[20], 1.0);
        assert!((g[20] / g[30] - (0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn bins_are_whole_numbers_of_steps() {
        let dt = 1e-4;
        assert_eq!(bin_steps(1e-3, dt), Ok(10));
        assert_eq!(bin_steps(1e-4, dt), Ok(1));
        assert!(bin_steps(1.5e-4, dt).is_err());
        assert!(bin_steps(0.5e-4, dt).is_err());
        assert!(bin_steps(0.0, dt).is_err());
        assert!(bin_steps(f64::NAN, dt).is_err());
    }

    #[test]
    fn population_bins_average_complete_bins_from_the_first_time() {
        let t = [0.5, 0.6, 0.7, 0.8, 0.9];
        let rate = [1.0, 2.0, 3.0, 4.0, 5.0];
        let (bins, values) = bin_population(&t, &rate, 2, 0.1);
        assert_eq!(values, [1.5, 3.5]);
        assert!((bins[0] - 0.5).abs() < 1e-15 && (bins[1] - 0.7).abs() < 1e-15);
        assert_eq!(bin_population(&t, &rate, 1, 0.1).1, rate);
    }

    #[test]
    fn event_bins_count_per_neuron_over_the_elapsed_steps() {
        // dt 1 ms, bins of 2 ms, 7 steps simulated: 3 complete bins
        let events = [
            (0, 0.0),
            (1, 0.001),
            (0, 0.0019999999),
            (1, 0.005),
            (0, 0.006),
        ];
        let (bins, rows) = bin_events(events.into_iter(), 2, 7, 2, 0.002, 0.001);
        assert_eq!(bins.len(), 3);
        // neuron 0: 1.9999999 ms is step 2 (timestep shifts by 1e-3 dt), so bin 1;
        // the spike at 6 ms is in the incomplete fourth bin and not counted
        assert_eq!(rows[0], [500.0, 500.0, 0.0]);
        assert_eq!(rows[1], [500.0, 0.0, 500.0]);
    }

    #[test]
    fn custom_windows_are_checked_and_normalised() {
        assert!(check_custom_window(&[1.0, 2.0]).is_err());
        assert!(check_custom_window(&[]).is_err());
        assert!(check_custom_window(&[1.0, -1.0, 0.0]).is_err());
        assert!(check_custom_window(&[1.0, 2.0, 1.0]).is_ok());
        // np.convolve([4, 0, 0, 8], [0.25, 0.5, 0.25], 'same') == [2, 1, 2, 4]
        assert_eq!(
            smooth(&[4.0, 0.0, 0.0, 8.0], &[1.0, 2.0, 1.0]),
            [2.0, 1.0, 2.0, 4.0]
        );
    }
}
