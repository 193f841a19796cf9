//! Values going in and out of the API: what a variable can be set to, and read-only
//! views of recorded data with their unit.

use crate::units::{Dimension, DimensionMismatch, Quantity, QuantityArray};
use std::borrow::Cow;

/// What a variable can be set to.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// The same value for every neuron.
    Quantity(Quantity),
    /// One value per neuron.
    Array(QuantityArray),
    /// A string expression evaluated for each neuron (`"-70*mV + i*0.1*mV"`).
    Expr(String),
}

impl From<Quantity> for Values {
    fn from(q: Quantity) -> Values {
        Values::Quantity(q)
    }
}

impl From<f64> for Values {
    fn from(x: f64) -> Values {
        Values::Quantity(Quantity::new(x, Dimension::DIMENSIONLESS))
    }
}

impl From<QuantityArray> for Values {
    fn from(a: QuantityArray) -> Values {
        Values::Array(a)
    }
}

impl From<&[f64]> for Values {
    /// Dimensionless values.
    fn from(a: &[f64]) -> Values {
        Values::Array(QuantityArray::new(a.to_vec(), Dimension::DIMENSIONLESS))
    }
}

impl From<&str> for Values {
    fn from(s: &str) -> Values {
        Values::Expr(s.to_string())
    }
}

/// Values with a unit: SI numbers plus their dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantitySlice<'a> {
    values: Cow<'a, [f64]>,
    dim: Dimension,
}

impl<'a> QuantitySlice<'a> {
    /// A view of SI values.
    pub fn borrowed(values: &'a [f64], dim: Dimension) -> QuantitySlice<'a> {
        QuantitySlice {
            values: Cow::Borrowed(values),
            dim,
        }
    }

    /// SI values, borrowed or owned.
    pub fn from_cow(values: Cow<'a, [f64]>, dim: Dimension) -> QuantitySlice<'a> {
        QuantitySlice { values, dim }
    }

    /// Owned SI values.
    pub fn owned(values: Vec<f64>, dim: Dimension) -> QuantitySlice<'static> {
        QuantitySlice {
            values: Cow::Owned(values),
            dim,
        }
    }

    /// The values in SI base units.
    pub fn si(&self) -> &[f64] {
        &self.values
    }

    /// The dimension.
    pub fn dim(&self) -> Dimension {
        self.dim
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values divided by `unit` (`t.in_unit(ms)`); an error if the units differ.
    pub fn in_unit(&self, unit: Quantity) -> Result<Vec<f64>, DimensionMismatch> {
        if unit.dim != self.dim {
            return Err(DimensionMismatch::new(
                "cannot express values in this unit",
                vec![self.dim, unit.dim],
            ));
        }
        Ok(self.values.iter().map(|x| x / unit.value).collect())
    }

    /// Element `k` as a quantity.
    pub fn get(&self, k: usize) -> Option<Quantity> {
        self.values.get(k).map(|x| Quantity::new(*x, self.dim))
    }

    /// Owned copy as a quantity array.
    pub fn to_array(&self) -> QuantityArray {
        QuantityArray::new(self.values.to_vec(), self.dim)
    }
}
