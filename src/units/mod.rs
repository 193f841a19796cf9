//! Brian2's unit system: physical dimensions, the table of unit names, quantities with
//! checked arithmetic, and Brian2-style display.
//!
//! * [`Dimension`] — exponents of the 7 SI base dimensions as exact [`Rational`]s
//!   (`dimension.rs`, `rational.rs`);
//! * [`lookup_unit`] / [`all_units`] — the 1713 unit names a Brian2 model can use
//!   without extra imports, each a [`Unit`] (`table.rs`);
//! * [`Quantity`] / [`QuantityArray`] — values in SI base units with a dimension
//!   (`quantity.rs`, `array.rs`);
//! * [`DimensionMismatch`] — Brian2's `DimensionMismatchError` (`error.rs`);
//! * [`consts`] — `ms`, `mV`, `nS`, ... as Rust constants.
//!
//! Display follows Brian2: a dimension prints as the symbol of its unit or in base form
//! (`V`, `Hz`, `s^-0.5`; the rule is on [`Dimension`]), a quantity in its best unit with
//! the number as NumPy prints it (`10. ms`, `-70. mV`; the rule is on [`Quantity`]).
//! `registry.rs` holds Brian2's display-unit registries, `format.rs` NumPy's number
//! format.
//!
//! ```
//! use spikelift::units::consts::*;
//! use spikelift::units::{lookup_unit, Dimension};
//! let tau = 10.0 * ms;
//! assert_eq!(tau.to_string(), "10. ms");
//! assert_eq!(lookup_unit("ms").unwrap().quantity(), ms);
//! assert_eq!((ohm * amp).dim, Dimension::VOLTAGE);
//! let err = (1.0 * mV).try_add(1.0 * Hz).unwrap_err();
//! assert!(err.to_string().ends_with("(units are V and Hz)."));
//! ```

mod array;
pub mod consts;
mod dimension;
mod error;
mod format;
mod quantity;
mod rational;
mod registry;
mod table;

#[cfg(test)]
mod tests;

pub use array::QuantityArray;
pub use dimension::{BaseForm, Dimension};
pub use error::{ArrayError, DimensionMismatch, ShapeMismatch};
pub use quantity::Quantity;
pub use rational::Rational;
pub use table::{Unit, all_units, is_unit_name, lookup_unit};
