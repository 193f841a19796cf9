//! A group's state as a whole (Brian2's `get_states()` / `set_states()`) and a
//! single extra sample of a `StateMonitor` (Brian2's `record_single_timestep()`).

use crate::api::StateMonitorId;
use crate::api::synapses::Neurons;
use crate::api::values::{QuantitySlice, Values};
use crate::check::model::VarKind;
use crate::error::Result;
use crate::runtime::network::Network;

impl Network {
    /// The values of the variables `vars` of a group or subgroup, with their units, in
    /// the order given; `None`: every variable that is not a subexpression (also the
    /// internal `lastspike` and `not_refractory`), in declaration order, and the
    /// subexpressions too when `subexpressions` is true (Brian2's `G.get_states()`).
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// let g = net.add(NeuronGroup::new(2, "v : volt\nw = 2*v : volt")?)?;
    /// net.set(g, "v", "i*mV")?;
    /// let states = net.get_states(g, None, true)?;
    /// assert_eq!(states[1].0, "w");
    /// assert_eq!(states[1].1.si(), &[0.0, 2e-3]);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn get_states(
        &self,
        g: impl Into<Neurons>,
        vars: Option<&[&str]>,
        subexpressions: bool,
    ) -> Result<Vec<(String, QuantitySlice<'static>)>> {
        let g = g.into();
        let names: Vec<String> = match vars {
            Some(v) => v.iter().map(|s| s.to_string()).collect(),
            None => self
                .group(g.group)
                .def
                .vars
                .iter()
                .filter(|v| subexpressions || !matches!(v.kind, VarKind::Subexpression(_)))
                .map(|v| v.name.clone())
                .collect(),
        };
        names
            .into_iter()
            .map(|name| {
                let values = self.get(g, &name)?;
                Ok((name, values))
            })
            .collect()
    }

    /// Set several variables of a group or subgroup at once (Brian2's
    /// `G.set_states({'v': ..., 'w': ...})`), each as [`Network::set`] would, in the
    /// order given.
    pub fn set_states(
        &mut self,
        g: impl Into<Neurons>,
        values: Vec<(String, Values)>,
    ) -> Result<()> {
        let g = g.into();
        for (name, v) in values {
            self.set(g, &name, v)?;
        }
        Ok(())
    }

    /// Record one sample of a `StateMonitor` now, at the network's current time
    /// (Brian2's `M.record_single_timestep()`: a monitor in the `start` slot does not
    /// see the values at the end of a run otherwise).
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// let g = net.add(NeuronGroup::new(1, "dv/dt = 1/ms : 1")?.method("euler"))?;
    /// let m = net.state_monitor(g, &["v"], StateMonitorOptions::default())?;
    /// net.run(1.0 * ms)?;
    /// net.record_single_timestep(m)?;
    /// let v = net.state_data(m).trace("v", 0)?.si().to_vec();
    /// assert_eq!(v.len(), 11);
    /// assert!((v[10] - 1.0).abs() < 1e-12);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn record_single_timestep(&mut self, m: StateMonitorId) -> Result<()> {
        let mon = &self.state_monitors[m.0];
        let g = crate::api::GroupId(mon.group);
        let mut samples = Vec::with_capacity(mon.vars.len());
        for rv in &mon.vars {
            let all = self.get(g, &rv.name)?;
            let si = all.si();
            samples.push(
                mon.neurons
                    .iter()
                    .map(|&i| si[i as usize])
                    .collect::<Vec<f64>>(),
            );
        }
        let t = self.t;
        let mon = &mut self.state_monitors[m.0];
        mon.t.push(t);
        for (rv, s) in mon.vars.iter_mut().zip(samples) {
            rv.values.extend(s);
        }
        Ok(())
    }
}
