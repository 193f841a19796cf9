//! `TimedArray` in the Rust API: register an array of values with a time step of its
//! own as a function that all code of the network can call (`stim(t)`, `stim(t, i)`).

use std::sync::Arc;

use crate::check::TimedArray;
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::units::{Dimension, DimensionMismatch, Quantity, QuantityArray};

fn time_step(name: &str, dt: Quantity) -> Result<f64> {
    if dt.dim != Dimension::TIME {
        return Err(Error::Dimension(DimensionMismatch::new(
            format!(
                "the dt of TimedArray '{name}' must be a time, but has unit {}",
                dt.dim
            ),
            vec![dt.dim],
        )));
    }
    Ok(dt.value)
}

/// A `TimedArray` called `name` (for messages): 1-d (`cols: None`, called as
/// `name(t)`) or 2-d with `cols` columns (row-major values, called as `name(t, i)`).
/// Register it with [`Network::add_timed_array`] or pass it in a namespace.
pub fn timed_array(
    name: &str,
    values: QuantityArray,
    cols: Option<usize>,
    dt: Quantity,
) -> Result<Arc<TimedArray>> {
    let dt = time_step(name, dt)?;
    Ok(TimedArray::new(name, values.values, cols, dt, values.dim)?)
}

impl Network {
    /// Make `ta` callable as `name(...)` by all code of the network.
    pub fn add_timed_array(&mut self, name: &str, ta: Arc<TimedArray>) {
        self.namespace.insert_timed_array(name, ta);
    }

    /// Define `name(t)` for all code of the network: the value of bin `floor(t/dt)`
    /// of `values` (Brian2's `TimedArray(values, dt=dt)`, looked up with Brian2's rule
    /// for each code object's clock), the last value after the end. The unit of the
    /// function is that of `values`.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// net.timed_array("stim", QuantityArray::new(vec![0.0, 2e-9, 5e-9], nA.dim), 2.0 * ms)?;
    /// let g = net.add(NeuronGroup::new(1, "I = stim(t) : amp")?)?;
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn timed_array(
        &mut self,
        name: &str,
        values: QuantityArray,
        dt: Quantity,
    ) -> Result<Arc<TimedArray>> {
        let ta = timed_array(name, values, None, dt)?;
        self.add_timed_array(name, Arc::clone(&ta));
        Ok(ta)
    }

    /// Define `name(t, i)` from a 2-d array of `cols` columns (`values` row-major, one
    /// row per time step: element `[floor(t/dt), i]`; NaN for `i` outside `0..cols`).
    pub fn timed_array_2d(
        &mut self,
        name: &str,
        values: QuantityArray,
        cols: usize,
        dt: Quantity,
    ) -> Result<Arc<TimedArray>> {
        let ta = timed_array(name, values, Some(cols), dt)?;
        self.add_timed_array(name, Arc::clone(&ta));
        Ok(ta)
    }
}
