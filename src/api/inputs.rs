//! Input groups of the embedded API: `SpikeGeneratorGroup`.

use crate::api::neuron_group::GroupId;
use crate::check::model::{GroupDefinition, RefractorySpec};
use crate::error::{Error, Result};
use crate::runtime::generator::SpikeGenerator;
use crate::runtime::network::Network;
use crate::runtime::objects::GroupState;
use crate::units::{Dimension, Quantity};

fn check_spikes(
    n: usize,
    indices: &[i64],
    times: &[f64],
    period: Option<Quantity>,
) -> Result<(Vec<u32>, f64)> {
    if indices.len() != times.len() {
        return Err(Error::InvalidArgument(format!(
            "a SpikeGeneratorGroup needs as many indices as times, got {} and {}",
            indices.len(),
            times.len()
        )));
    }
    if let Some(bad) = indices.iter().find(|&&i| i < 0 || i as usize >= n) {
        return Err(Error::InvalidArgument(format!(
            "spike index {bad} is out of range for a SpikeGeneratorGroup of {n} neurons"
        )));
    }
    if let Some(bad) = times.iter().find(|t| !t.is_finite() || **t < 0.0) {
        return Err(Error::InvalidArgument(format!(
            "spike times must be finite and non-negative, got {bad} s"
        )));
    }
    let period = match period {
        None => 0.0,
        Some(p) if p.dim == Dimension::TIME && p.value >= 0.0 => p.value,
        Some(p) => {
            return Err(Error::InvalidArgument(format!(
                "the period must be a non-negative time, got {p}"
            )));
        }
    };
    Ok((indices.iter().map(|&i| i as u32).collect(), period))
}

impl Network {
    /// A group of `n` neurons that spike at the given times (Brian2's
    /// `SpikeGeneratorGroup(N, indices, times, period=...)`); `times` in seconds.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// let g = net.spike_generator(2, &[1, 0], &[0.5e-3, 1.0e-3], None, None)?;
    /// let s = net.spike_monitor(g)?;
    /// net.run(2.0 * ms)?;
    /// assert_eq!(*net.spike_data(s).i(), [1, 0]);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn spike_generator(
        &mut self,
        n: i64,
        indices: &[i64],
        times: &[f64],
        period: Option<Quantity>,
        dt: Option<Quantity>,
    ) -> Result<GroupId> {
        if n < 0 {
            return Err(Error::InvalidArgument(format!(
                "the number of neurons N must be non-negative, got {n}"
            )));
        }
        let (indices, period) = check_spikes(n as usize, indices, times, period)?;
        let dt = match dt {
            Some(q) if q.dim == Dimension::TIME && q.value > 0.0 => Some(q.value),
            Some(q) => {
                return Err(Error::InvalidArgument(format!(
                    "dt must be a positive time, got {q}"
                )));
            }
            None => None,
        };
        let def = GroupDefinition::new(n as usize, "", None, None, RefractorySpec::None)?;
        let clock = self.clock_for(dt);
        let name = self.unique_name("spikegeneratorgroup");
        let mut state = GroupState::new(name, def, clock);
        state.generator = Some(SpikeGenerator {
            indices,
            times: times.to_vec(),
            period,
            ..Default::default()
        });
        self.groups.push(state);
        Ok(GroupId(self.groups.len() - 1))
    }

    /// Replace the spikes of a `SpikeGeneratorGroup` (Brian2's `set_spikes`); spikes
    /// before the current time are ignored by the next run.
    pub fn set_spikes(
        &mut self,
        g: GroupId,
        indices: &[i64],
        times: &[f64],
        period: Option<Quantity>,
    ) -> Result<()> {
        let n = self.len(g);
        let (indices, period) = check_spikes(n, indices, times, period)?;
        let group = &mut self.groups[g.0];
        let Some(generator) = &mut group.generator else {
            return Err(Error::InvalidArgument(format!(
                "'{}' is not a SpikeGeneratorGroup",
                group.name
            )));
        };
        *generator = SpikeGenerator {
            indices,
            times: times.to_vec(),
            period,
            ..Default::default()
        };
        Ok(())
    }

    /// Whether a group is a `SpikeGeneratorGroup`.
    pub fn is_spike_generator(&self, g: GroupId) -> bool {
        self.group(g).generator.is_some()
    }
}
