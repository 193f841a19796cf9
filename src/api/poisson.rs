//! Poisson inputs of the embedded API: `PoissonGroup` (neurons that spike with
//! probability `rates*dt` in each step) and `PoissonInput` (a binomial number of input
//! events per step and target neuron, added to a target variable).

use crate::api::neuron_group::{GroupId, NeuronGroup};
use crate::api::synapses::Neurons;
use crate::api::values::Values;
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::runtime::objects::PoissonInputSpec;
use crate::units::{Dimension, Quantity};

/// The weight of a `PoissonInput`: a quantity, or an expression of the target group
/// (`"w_ext*(1 + i/N)"`), checked when the network runs.
#[derive(Debug, Clone, PartialEq)]
pub enum PoissonWeight {
    /// The same weight for every neuron.
    Quantity(Quantity),
    /// An expression evaluated for each neuron and step.
    Expr(String),
}

/// A handle to a `PoissonInput`: its target group and its place among the group's
/// inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PoissonInputId(pub(crate) GroupId, pub(crate) usize);

impl From<Quantity> for PoissonWeight {
    fn from(q: Quantity) -> PoissonWeight {
        PoissonWeight::Quantity(q)
    }
}

impl From<&str> for PoissonWeight {
    fn from(s: &str) -> PoissonWeight {
        PoissonWeight::Expr(s.to_string())
    }
}

/// The rates of a `PoissonGroup`.
#[derive(Debug, Clone, PartialEq)]
pub enum PoissonRates {
    /// One rate for every neuron (`rates=50*Hz`).
    Constant(Quantity),
    /// One rate per neuron, in Hz.
    PerNeuron(Vec<f64>),
    /// An expression of `t` and `i` with unit Hz (`rates='(20 + 0.2*i)*Hz'`),
    /// evaluated at every step.
    Expr(String),
}

/// Options of a `PoissonGroup` besides its size and rates (Brian2's `dt=`, `when=`,
/// `order=`, `name=`).
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonGroupOptions {
    /// Its own time step (default: the network's `defaultclock`).
    pub dt: Option<Quantity>,
    /// A clock shared with other objects (Brian2's `clock=`); not with `dt`.
    pub clock: Option<crate::api::ClockId>,
    /// The schedule slot of its spike generation (default `thresholds`).
    pub when: String,
    /// Its order in that slot.
    pub order: i32,
    /// Its name (default `poissongroup`, `poissongroup_1`, ...).
    pub name: Option<String>,
}

impl Default for PoissonGroupOptions {
    fn default() -> PoissonGroupOptions {
        PoissonGroupOptions {
            dt: None,
            clock: None,
            when: "thresholds".to_string(),
            order: 0,
            name: None,
        }
    }
}

impl Network {
    /// Neurons that spike independently with probability `rates*dt` in each step
    /// (Brian2's `PoissonGroup(N, rates)`): a group with the variable (or, for an
    /// expression, the subexpression) `rates` and the threshold `rand() < rates*dt`.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// use spikelift::api::PoissonRates;
    /// let mut net = Network::new();
    /// net.seed(1);
    /// let p = net.poisson_group(1000, PoissonRates::Constant(100.0 * Hz))?;
    /// let s = net.spike_monitor(p)?;
    /// net.run(100.0 * ms)?;
    /// let n = net.spike_data(s).num_spikes() as f64; // about 1000 * 100 Hz * 0.1 s
    /// assert!((n - 10_000.0).abs() < 500.0);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn poisson_group(&mut self, n: i64, rates: PoissonRates) -> Result<GroupId> {
        self.poisson_group_with(n, rates, PoissonGroupOptions::default())
    }

    /// [`Network::poisson_group`] with its own `dt`, schedule slot, order or name.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// use spikelift::api::{PoissonGroupOptions, PoissonRates};
    /// let mut net = Network::new();
    /// let options = PoissonGroupOptions { dt: Some(1.0 * ms), when: "start".into(), ..Default::default() };
    /// let p = net.poisson_group_with(10, PoissonRates::Constant(10.0 * Hz), options)?;
    /// assert_eq!(net.group_name(p), "poissongroup");
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn poisson_group_with(
        &mut self,
        n: i64,
        rates: PoissonRates,
        options: PoissonGroupOptions,
    ) -> Result<GroupId> {
        let when = crate::runtime::schedule::When::parse(&options.when).ok_or_else(|| {
            Error::InvalidArgument(format!("unknown schedule slot '{}'", options.when))
        })?;
        if n < 0 {
            return Err(Error::InvalidArgument(format!(
                "the number of neurons N must be non-negative, got {n}"
            )));
        }
        let values = match &rates {
            PoissonRates::Constant(q) if q.dim != Dimension::FREQUENCY => {
                return Err(Error::InvalidArgument(format!(
                    "the rates of a PoissonGroup must be a frequency, got {q}"
                )));
            }
            PoissonRates::Constant(q) => Some(Values::Quantity(*q)),
            PoissonRates::PerNeuron(v) if v.len() != n as usize => {
                return Err(Error::InvalidArgument(format!(
                    "a PoissonGroup of {n} neurons needs {n} rates, got {}",
                    v.len()
                )));
            }
            PoissonRates::PerNeuron(v) => Some(Values::Array(crate::units::QuantityArray::new(
                v.clone(),
                Dimension::FREQUENCY,
            ))),
            PoissonRates::Expr(_) => None,
        };
        let equations = match &rates {
            PoissonRates::Expr(e) => format!("rates = {e} : Hz"),
            _ => "rates : Hz".to_string(),
        };
        let name = match options.name {
            Some(name) => name,
            None => {
                let name = self.unique_name("poissongroup");
                self.names.retain(|x| *x != name);
                name
            }
        };
        let mut group = NeuronGroup::new(n, &equations)?
            .threshold("rand() < rates*dt")
            .name(&name)
            .order(options.order);
        if let Some(dt) = options.dt {
            group = group.dt(dt);
        }
        if let Some(clock) = options.clock {
            group = group.clock(clock);
        }
        let g = self.add(group)?;
        self.groups[g.0].threshold_when = when;
        if let Some(v) = values {
            self.set(g, "rates", v)?;
        }
        Ok(g)
    }

    /// Add `weight` to variable `target_var` of the `target` neurons once for each of
    /// `n` independent Poisson inputs of rate `rate` that fire in a step: one binomial
    /// draw `Binomial(n, rate*dt)` per step and neuron, in the `synapses` slot
    /// (Brian2's `PoissonInput(target, target_var, N, rate, weight)`).
    pub fn poisson_input(
        &mut self,
        target: impl Into<Neurons>,
        target_var: &str,
        n: i64,
        rate: Quantity,
        weight: impl Into<PoissonWeight>,
    ) -> Result<PoissonInputId> {
        let weight = weight.into();
        let target = target.into();
        let g = target.group;
        if n < 1 {
            return Err(Error::InvalidArgument(format!(
                "N has to be an integer >= 1, got {n}"
            )));
        }
        if rate.dim != Dimension::FREQUENCY
            || rate.value.is_nan()
            || rate.value < 0.0
            || rate.value.is_infinite()
        {
            return Err(Error::InvalidArgument(format!(
                "the rate of a PoissonInput must be a non-negative frequency, got {rate}"
            )));
        }
        let var = self.var_of(g, target_var)?;
        let group = self.group(g);
        let v = group.def.var(var);
        if !group.is_stored(var) || v.flags.shared || v.flags.constant {
            return Err(Error::InvalidArgument(format!(
                "'{target_var}' of '{}' cannot be the target of a PoissonInput: it must be a per-neuron state variable",
                group.name
            )));
        }
        let (weight_value, weight_expr) = match weight {
            PoissonWeight::Quantity(q) => {
                if q.dim != v.dim {
                    return Err(Error::InvalidArgument(format!(
                        "The provided weight does not have the same unit as the target variable '{target_var}': the weight has unit {}, '{target_var}' has unit {}",
                        q.dim, v.dim
                    )));
                }
                (q.value, None)
            }
            PoissonWeight::Expr(text) => {
                let ast = crate::syntax::parse_expression(&text).map_err(|e| {
                    crate::check::ModelError::syntax("PoissonInput weight", &text, e)
                })?;
                (0.0, Some((text, ast)))
            }
        };
        let size = group.n();
        let (start, stop) = target.range.unwrap_or((0, size));
        if start >= stop || stop > size {
            return Err(Error::InvalidArgument(format!(
                "neurons {start}..{stop} are not a non-empty range of group '{}' of {size} neurons",
                group.name
            )));
        }
        let name = self.unique_name("poissoninput");
        self.groups[g.0].poisson_inputs.push(PoissonInputSpec {
            name,
            var,
            n: n as u64,
            rate: rate.value,
            weight: weight_value,
            weight_expr,
            start,
            stop,
            active: true,
        });
        Ok(PoissonInputId(g, self.groups[g.0].poisson_inputs.len() - 1))
    }
}
