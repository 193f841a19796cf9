//! Display units for plot axes: the unit a quantity's values are shown in (`mV` for
//! membrane potentials, `nA` for currents, `Hz` for rates), and axis labels such as
//! `v (mV)`.
//!
//! The choice follows Brian2's `get_best_unit`: among the named units of the values'
//! dimension, the one that puts the values closest to 10 (smallest sum over the values
//! of `(log10(|x| / scale) - 1)^2`). Only units whose scale is a power of 1000 take part
//! (`mV`, `V`, `kV`, not `cV`), so that axes read like engineering notation.

use crate::units::{Dimension, Quantity, all_units};

/// At most this many values decide the unit (a regular sample of longer data).
const SAMPLE: usize = 10_000;

/// A unit to show values in: divide SI values by `scale`, label with `symbol`.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayUnit {
    /// The value of one of this unit in SI base units (`1e-3` for `mV`).
    pub scale: f64,
    /// The symbol (`mV`); empty for dimensionless values.
    pub symbol: String,
}

impl DisplayUnit {
    /// No unit: dimensionless values shown as they are.
    pub fn none() -> DisplayUnit {
        DisplayUnit {
            scale: 1.0,
            symbol: String::new(),
        }
    }

    /// Milliseconds, the unit of every time axis unless a script asks for another.
    pub fn ms() -> DisplayUnit {
        DisplayUnit {
            scale: 1e-3,
            symbol: "ms".to_string(),
        }
    }

    /// `values` (SI) converted to this unit.
    pub fn convert(&self, values: &[f64]) -> Vec<f64> {
        values.iter().map(|x| x / self.scale).collect()
    }

    /// An axis label: `name (symbol)`, or just `name` without a unit.
    pub fn label(&self, name: &str) -> String {
        if self.symbol.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({})", self.symbol)
        }
    }
}

/// Whether `scale` is `1000^k` for an integer `k` (within rounding).
fn is_engineering(scale: f64) -> bool {
    let k = scale.log10() / 3.0;
    (k - k.round()).abs() < 1e-9
}

/// The unit to show `values` (SI values of dimension `dim`) in.
///
/// ```
/// use spikelift::plot::display_unit;
/// use spikelift::units::Dimension;
/// assert_eq!(display_unit(Dimension::VOLTAGE, &[-0.065, -0.05]).symbol, "mV");
/// assert_eq!(display_unit(Dimension::CURRENT, &[2e-9]).symbol, "nA");
/// assert_eq!(display_unit(Dimension::CURRENT, &[2e-10]).symbol, "pA"); // 200 pA, as Brian2 shows it
/// assert_eq!(display_unit(Dimension::FREQUENCY, &[12.0, 40.0]).symbol, "Hz");
/// assert_eq!(display_unit(Dimension::DIMENSIONLESS, &[3.0]).symbol, "");
/// ```
pub fn display_unit(dim: Dimension, values: &[f64]) -> DisplayUnit {
    if dim.is_dimensionless() {
        return DisplayUnit::none();
    }
    let mut candidates: Vec<(f64, &'static str)> = Vec::new();
    for u in all_units() {
        if u.dim == dim && is_engineering(u.scale) && !candidates.iter().any(|c| c.0 == u.scale) {
            candidates.push((u.scale, u.symbol));
        }
    }
    if candidates.is_empty() {
        // No named unit (V/s, ...): SI values labelled with the dimension's symbol.
        return DisplayUnit {
            scale: 1.0,
            symbol: dim.to_string(),
        };
    }
    let step = values.len().div_ceil(SAMPLE).max(1);
    let sample: Vec<f64> = values
        .iter()
        .step_by(step)
        .map(|x| x.abs())
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    let best = if sample.is_empty() {
        candidates
            .iter()
            .find(|c| c.0 == 1.0)
            .or(candidates.first())
    } else {
        let cost = |scale: f64| -> f64 {
            sample
                .iter()
                .map(|x| ((x / scale).log10() - 1.0).powi(2))
                .sum()
        };
        candidates
            .iter()
            .min_by(|a, b| cost(a.0).total_cmp(&cost(b.0)))
    };
    best.map_or_else(
        || DisplayUnit {
            scale: 1.0,
            symbol: dim.to_string(),
        },
        |(scale, symbol)| DisplayUnit {
            scale: *scale,
            symbol: (*symbol).to_string(),
        },
    )
}

/// The display unit for a unit a script names (`time_unit=second`): its symbol when it
/// is a named unit, else its value written out (`0.5 s`).
pub fn unit_of(q: Quantity) -> DisplayUnit {
    let symbol = all_units()
        .find(|u| u.dim == q.dim && (u.scale - q.value).abs() <= 1e-12 * q.value.abs())
        .map_or_else(|| q.to_string(), |u| u.symbol.to_string());
    DisplayUnit {
        scale: q.value,
        symbol,
    }
}

/// A name for values of dimension `dim` when the script gives none (`Voltage`).
pub fn quantity_name(dim: Dimension) -> &'static str {
    match dim {
        d if d == Dimension::VOLTAGE => "Voltage",
        d if d == Dimension::CURRENT => "Current",
        d if d == Dimension::CONDUCTANCE => "Conductance",
        d if d == Dimension::CAPACITANCE => "Capacitance",
        d if d == Dimension::RESISTANCE => "Resistance",
        d if d == Dimension::CHARGE => "Charge",
        d if d == Dimension::TIME => "Time",
        d if d == Dimension::FREQUENCY => "Rate",
        _ => "Value",
    }
}
