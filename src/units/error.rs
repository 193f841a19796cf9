//! Unit errors: [`DimensionMismatch`] (Brian2's `DimensionMismatchError`) and
//! [`ShapeMismatch`] / [`ArrayError`] for element-wise array operations.

use super::dimension::Dimension;
use std::fmt;

/// An operation on quantities whose dimensions do not fit (Brian2's
/// `DimensionMismatchError`).
///
/// The message is the description followed by the dimensions involved, named as
/// Brian2 names them (see [`Dimension`]'s `Display`): `" (unit is V)."` for one,
/// `" (units are V and Hz)."` for two, `" (units are (V) (Hz) (s))."` for more, and
/// nothing for none.
///
/// ```
/// use spikelift::units::consts::*;
/// let err = (3.0 * mV).try_add(2.0 * ms).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "Cannot calculate 3. mV add 2. ms, the units do not match (units are V and s)."
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{description}{}", DimsSuffix(.dims))]
pub struct DimensionMismatch {
    /// What was attempted, e.g. `Cannot calculate 3. mV add 2. ms, the units do not
    /// match`.
    pub description: String,
    /// The dimensions of the operands, in order.
    pub dims: Vec<Dimension>,
}

impl DimensionMismatch {
    /// A mismatch with this description and these dimensions.
    pub fn new(description: impl Into<String>, dims: Vec<Dimension>) -> DimensionMismatch {
        DimensionMismatch {
            description: description.into(),
            dims,
        }
    }
}

/// Formats the `(units are ...)` tail of a [`DimensionMismatch`].
struct DimsSuffix<'a>(&'a [Dimension]);

impl fmt::Display for DimsSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [d] => write!(f, " (unit is {d})."),
            [a, b] => write!(f, " (units are {a} and {b})."),
            dims => {
                f.write_str(" (units are")?;
                for d in dims {
                    write!(f, " ({d})")?;
                }
                f.write_str(").")
            }
        }
    }
}

/// Two arrays of different lengths combined element-wise (neither has length 1, so
/// neither can be broadcast). The message is NumPy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("operands could not be broadcast together with shapes ({left},) ({right},)")]
pub struct ShapeMismatch {
    /// Length of the left operand.
    pub left: usize,
    /// Length of the right operand.
    pub right: usize,
}

/// The error of a checked element-wise operation between two arrays.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArrayError {
    /// The dimensions do not match.
    #[error(transparent)]
    Dimension(#[from] DimensionMismatch),
    /// The lengths do not match.
    #[error(transparent)]
    Shape(#[from] ShapeMismatch),
}
