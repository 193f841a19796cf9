//! Arrays of values with one dimension: [`QuantityArray`], its element-wise checked
//! arithmetic with broadcasting, and its display (NumPy's array format plus a unit).

use super::dimension::Dimension;
use super::error::{ArrayError, DimensionMismatch, ShapeMismatch};
use super::format::{PrintOptions, format_array};
use super::quantity::{Quantity, arithmetic_mismatch};
use super::registry::best_unit;
use std::fmt;
use std::ops::{Div, Mul, Neg};

/// A 1-d array of values in SI base units sharing one dimension.
///
/// Element-wise operations broadcast a scalar [`Quantity`] or `f64`, and a length-1
/// array, over the other operand (NumPy's rule); two arrays of other unequal lengths
/// give [`ShapeMismatch`].
///
/// ```
/// use spikelift::units::{consts::*, QuantityArray};
/// let v = QuantityArray::new(vec![-0.07, -0.065], mV.dim);
/// let shifted = v.try_add_scalar(5.0 * mV).unwrap();
/// assert_eq!(shifted.in_unit(mV).unwrap(), vec![-65.0, -60.0]);
/// assert_eq!((&v * 2.0).to_string(), "[-140. -130.] mV");
/// assert!(v.try_add_scalar(1.0 * ms).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct QuantityArray {
    /// The values in SI base units.
    pub values: Vec<f64>,
    /// The physical dimension of every value.
    pub dim: Dimension,
}

impl QuantityArray {
    /// `values` (in SI base units) with dimension `dim`.
    pub fn new(values: Vec<f64>, dim: Dimension) -> QuantityArray {
        QuantityArray { values, dim }
    }

    /// Pure numbers.
    pub fn dimensionless(values: Vec<f64>) -> QuantityArray {
        QuantityArray::new(values, Dimension::DIMENSIONLESS)
    }

    /// The array of these quantities, which must share one dimension (an empty slice
    /// gives an empty dimensionless array).
    pub fn from_quantities(quantities: &[Quantity]) -> Result<QuantityArray, DimensionMismatch> {
        let dim = quantities
            .first()
            .map_or(Dimension::DIMENSIONLESS, |q| q.dim);
        match quantities.iter().find(|q| q.dim != dim) {
            Some(q) => Err(DimensionMismatch::new(
                "All elements of an array must have the same units",
                vec![dim, q.dim],
            )),
            None => Ok(QuantityArray::new(
                quantities.iter().map(|q| q.value).collect(),
                dim,
            )),
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether the dimension is `1`.
    pub fn is_dimensionless(&self) -> bool {
        self.dim.is_dimensionless()
    }

    /// Element `i` as a quantity.
    pub fn get(&self, i: usize) -> Option<Quantity> {
        self.values.get(i).map(|&v| Quantity::new(v, self.dim))
    }

    /// The elements as quantities.
    pub fn iter(&self) -> impl Iterator<Item = Quantity> + '_ {
        self.values.iter().map(|&v| Quantity::new(v, self.dim))
    }

    /// The values as multiples of `unit`, if the dimensions match.
    pub fn in_unit(&self, unit: Quantity) -> Result<Vec<f64>, DimensionMismatch> {
        if self.dim == unit.dim {
            Ok(self.values.iter().map(|v| v / unit.value).collect())
        } else {
            Err(DimensionMismatch::new(
                "Non-matching unit for method \"in_unit\"",
                vec![self.dim],
            ))
        }
    }

    /// Whether this is all dimensionless zeros (matches any dimension, Brian2's rule).
    fn is_any_dimension_zero(&self) -> bool {
        self.is_dimensionless() && self.values.iter().all(|v| *v == 0.0)
    }

    /// The display of `self` used inside error messages (Brian2's `_short_str`).
    fn short(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = self.write(&mut text, PrintOptions::SHORT);
        text
    }

    fn write(&self, out: &mut impl fmt::Write, options: PrintOptions) -> fmt::Result {
        if self.is_dimensionless() {
            return out.write_str(&format_array(&self.values, options));
        }
        match best_unit(self.dim, &options.shown_values(&self.values)) {
            Some((scale, symbol)) => {
                let scaled: Vec<f64> = self.values.iter().map(|v| v / scale).collect();
                write!(out, "{} {symbol}", format_array(&scaled, options))
            }
            None => write!(
                out,
                "{} {:#}",
                format_array(&self.values, options),
                self.dim
            ),
        }
    }

    /// Element-wise `f(a, b)` with broadcasting of length-1 operands.
    fn zip_with(
        &self,
        other: &QuantityArray,
        dim: Dimension,
        f: impl Fn(f64, f64) -> f64,
    ) -> Result<QuantityArray, ShapeMismatch> {
        let (a, b) = (&self.values, &other.values);
        let values = match (a.len(), b.len()) {
            (n, m) if n == m => a.iter().zip(b).map(|(x, y)| f(*x, *y)).collect(),
            (1, _) => b.iter().map(|y| f(a[0], *y)).collect(),
            (_, 1) => a.iter().map(|x| f(*x, b[0])).collect(),
            (left, right) => return Err(ShapeMismatch { left, right }),
        };
        Ok(QuantityArray::new(values, dim))
    }

    /// The dimension of a sum with `other`, or the mismatch error.
    fn sum_dim(&self, other: &QuantityArray, verb: &str) -> Result<Dimension, DimensionMismatch> {
        if self.dim == other.dim || other.is_any_dimension_zero() {
            Ok(self.dim)
        } else if self.is_any_dimension_zero() {
            Ok(other.dim)
        } else {
            Err(arithmetic_mismatch(
                verb,
                self.short(),
                other.short(),
                [self.dim, other.dim],
            ))
        }
    }

    /// Element-wise `self + other`, if dimensions and lengths match.
    pub fn try_add(&self, other: &QuantityArray) -> Result<QuantityArray, ArrayError> {
        let dim = self.sum_dim(other, "add")?;
        Ok(self.zip_with(other, dim, |a, b| a + b)?)
    }

    /// Element-wise `self - other`, if dimensions and lengths match.
    pub fn try_sub(&self, other: &QuantityArray) -> Result<QuantityArray, ArrayError> {
        let dim = self.sum_dim(other, "subtract")?;
        Ok(self.zip_with(other, dim, |a, b| a - b)?)
    }

    /// `other` added to every element, if the dimensions match.
    pub fn try_add_scalar(&self, other: Quantity) -> Result<QuantityArray, DimensionMismatch> {
        let other = QuantityArray::new(vec![other.value], other.dim);
        let dim = self.sum_dim(&other, "add")?;
        Ok(QuantityArray::new(
            self.values.iter().map(|a| a + other.values[0]).collect(),
            dim,
        ))
    }

    /// `other` subtracted from every element, if the dimensions match.
    pub fn try_sub_scalar(&self, other: Quantity) -> Result<QuantityArray, DimensionMismatch> {
        let other = QuantityArray::new(vec![other.value], other.dim);
        let dim = self.sum_dim(&other, "subtract")?;
        Ok(QuantityArray::new(
            self.values.iter().map(|a| a - other.values[0]).collect(),
            dim,
        ))
    }

    /// Element-wise product, if the lengths match.
    pub fn try_mul(&self, other: &QuantityArray) -> Result<QuantityArray, ShapeMismatch> {
        self.zip_with(other, self.dim.mul(other.dim), |a, b| a * b)
    }

    /// Element-wise quotient, if the lengths match.
    pub fn try_div(&self, other: &QuantityArray) -> Result<QuantityArray, ShapeMismatch> {
        self.zip_with(other, self.dim.div(other.dim), |a, b| a / b)
    }

    /// Every element to the integer power `n`.
    pub fn powi(&self, n: i32) -> QuantityArray {
        let values = self.values.iter().map(|v| v.powf(f64::from(n))).collect();
        QuantityArray::new(values, self.dim.powi(n))
    }

    /// The element-wise square root.
    pub fn sqrt(&self) -> QuantityArray {
        QuantityArray::new(
            self.values.iter().map(|v| v.sqrt()).collect(),
            self.dim.sqrt(),
        )
    }

    fn map(&self, dim: Dimension, f: impl Fn(f64) -> f64) -> QuantityArray {
        QuantityArray::new(self.values.iter().map(|v| f(*v)).collect(), dim)
    }
}

/// Brian2's `str(a)`; see [`Quantity`] for the rule.
impl fmt::Display for QuantityArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options = match f.precision() {
            Some(p) => PrintOptions::with_precision(p),
            None => PrintOptions::DEFAULT,
        };
        self.write(f, options)
    }
}

impl Mul<Quantity> for &QuantityArray {
    type Output = QuantityArray;
    fn mul(self, q: Quantity) -> QuantityArray {
        self.map(self.dim.mul(q.dim), |v| v * q.value)
    }
}

impl Mul<&QuantityArray> for Quantity {
    type Output = QuantityArray;
    fn mul(self, a: &QuantityArray) -> QuantityArray {
        a.map(self.dim.mul(a.dim), |v| self.value * v)
    }
}

impl Div<Quantity> for &QuantityArray {
    type Output = QuantityArray;
    fn div(self, q: Quantity) -> QuantityArray {
        self.map(self.dim.div(q.dim), |v| v / q.value)
    }
}

impl Div<&QuantityArray> for Quantity {
    type Output = QuantityArray;
    fn div(self, a: &QuantityArray) -> QuantityArray {
        a.map(self.dim.div(a.dim), |v| self.value / v)
    }
}

impl Mul<f64> for &QuantityArray {
    type Output = QuantityArray;
    fn mul(self, factor: f64) -> QuantityArray {
        self.map(self.dim, |v| v * factor)
    }
}

impl Mul<&QuantityArray> for f64 {
    type Output = QuantityArray;
    fn mul(self, a: &QuantityArray) -> QuantityArray {
        a.map(a.dim, |v| self * v)
    }
}

impl Div<f64> for &QuantityArray {
    type Output = QuantityArray;
    fn div(self, divisor: f64) -> QuantityArray {
        self.map(self.dim, |v| v / divisor)
    }
}

impl Div<&QuantityArray> for f64 {
    type Output = QuantityArray;
    fn div(self, a: &QuantityArray) -> QuantityArray {
        a.map(a.dim.recip(), |v| self / v)
    }
}

impl Neg for &QuantityArray {
    type Output = QuantityArray;
    fn neg(self) -> QuantityArray {
        self.map(self.dim, |v| -v)
    }
}
