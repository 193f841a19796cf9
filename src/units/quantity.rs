//! Scalar values with dimensions: [`Quantity`], its checked arithmetic, and its
//! display in Brian2's style.
//!
//! The display rule and Brian2's rule for zeros are documented on [`Quantity`]; the
//! unit choice is implemented in `registry.rs`, the number format in `format.rs`.

use super::dimension::Dimension;
use super::error::DimensionMismatch;
use super::format::{PrintOptions, format_scalar};
use super::rational::Rational;
use super::registry::best_unit;
use super::table::Unit;
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Div, Mul, Neg};

/// A scalar value in SI base units with its dimension.
///
/// `Mul`/`Div` work between quantities and with `f64` on either side; addition,
/// subtraction and comparison are checked (`try_add`, `try_sub`, `try_cmp`) because
/// the dimensions must match. `PartialEq` compares value and dimension exactly.
///
/// # Display
///
/// A quantity prints like Brian2's `str(q)` (`Quantity.in_best_unit`): the value in the
/// best unit for it, formatted as NumPy formats it, then a space and the unit symbol:
/// `10. ms`, `-70. mV`, `2.5 nS`, `100. um^2`, `0.33333333 mV`.
///
/// * The best unit is chosen among Brian2's built-in units of the dimension: the
///   standard units (base, prefixed without `c d da h`, squares and cubes) if any has
///   the dimension, else the compound units Brian2 registers (`Pa s`, `F/m`,
///   `C/(m^2)`, ...). It is the one minimising the sum over the shown values of
///   `(log10(|x| / scale) - 1)^2`, i.e. putting the values closest to 10; zeros and NaNs
///   do not count (all-zero values use the scale-1 unit: `0. V`), ties go to the unit
///   Brian2 registers first (so `inf` volts print as `inf YV`, as in Brian2).
/// * Dimensionless values print as bare numbers (`0.5`); dimensions without a built-in
///   unit print in base form (`0.01 m^-4 kg^-1 s^4 A^2`).
/// * Numbers follow NumPy's defaults: shortest round-trip digits, at most 8 fractional
///   digits, trailing zeros dropped but the point kept (`10.`), scientific notation
///   below `1e-4` or from `1e8` (`1.e+08`). A precision (`{:.3}`) limits the
///   fractional digits, like Brian2's `precision` argument.
/// * Arrays print as NumPy prints them, one unit for all shown elements: `[1.  1.5] mV`,
///   wrapped at 75 columns, summarised as `[a b c ... x y z]` above 1000 elements.
///
/// Brian2 also uses any compound unit a script has built (`nS/um**2`) for display;
/// spikelift only knows the built-in ones.
///
/// # Brian2's zero rule
///
/// A dimensionless zero (or an array of dimensionless zeros) matches any dimension in
/// additions, subtractions and comparisons (`3*mV + 0` is `3. mV`), and a
/// dimensionless infinity matches any dimension in comparisons (`x < inf`).
///
/// ```
/// use spikelift::units::consts::*;
/// use spikelift::units::Dimension;
/// let t = 100.0 * ms;
/// assert_eq!(t.in_unit(ms).unwrap(), 100.0);
/// assert_eq!(t.dim, Dimension::TIME);
/// let v = -70.0 * mV;
/// assert_eq!(v.to_string(), "-70. mV");
/// assert_eq!((v / (10.0 * Mohm)).to_string(), "-7. nA");
/// assert!(v.try_add(t).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    /// The value in SI base units (`0.01` for `10*ms`).
    pub value: f64,
    /// The physical dimension.
    pub dim: Dimension,
}

/// Whether `a` and `b` may be added or compared: same dimension, or one of them is a
/// dimensionless zero (Brian2's rule).
fn compatible(a: &Quantity, b: &Quantity) -> bool {
    a.dim == b.dim
        || (a.is_dimensionless() && a.value == 0.0)
        || (b.is_dimensionless() && b.value == 0.0)
}

/// The dimension of a sum of compatible quantities.
fn sum_dim(a: &Quantity, b: &Quantity) -> Dimension {
    if a.is_dimensionless() && a.value == 0.0 {
        b.dim
    } else {
        a.dim
    }
}

/// Brian2's message for a failed addition or subtraction (`verb` is `add`/`subtract`).
pub(super) fn arithmetic_mismatch(
    verb: &str,
    a: impl fmt::Display,
    b: impl fmt::Display,
    dims: [Dimension; 2],
) -> DimensionMismatch {
    DimensionMismatch::new(
        format!("Cannot calculate {a} {verb} {b}, the units do not match"),
        dims.to_vec(),
    )
}

impl Quantity {
    /// `value` (in SI base units) with dimension `dim`.
    pub const fn new(value: f64, dim: Dimension) -> Quantity {
        Quantity { value, dim }
    }

    /// A pure number.
    pub const fn dimensionless(value: f64) -> Quantity {
        Quantity::new(value, Dimension::DIMENSIONLESS)
    }

    /// Whether the dimension is `1`.
    pub const fn is_dimensionless(&self) -> bool {
        self.dim.is_dimensionless()
    }

    /// Whether `self` and `other` have the same dimension.
    pub fn has_same_dimension(&self, other: &Quantity) -> bool {
        self.dim == other.dim
    }

    /// `self + other`, if the dimensions match (or one side is a dimensionless zero).
    pub fn try_add(self, other: Quantity) -> Result<Quantity, DimensionMismatch> {
        if compatible(&self, &other) {
            Ok(Quantity::new(
                self.value + other.value,
                sum_dim(&self, &other),
            ))
        } else {
            Err(arithmetic_mismatch(
                "add",
                self.short(),
                other.short(),
                [self.dim, other.dim],
            ))
        }
    }

    /// `self - other`, if the dimensions match (or one side is a dimensionless zero).
    pub fn try_sub(self, other: Quantity) -> Result<Quantity, DimensionMismatch> {
        if compatible(&self, &other) {
            Ok(Quantity::new(
                self.value - other.value,
                sum_dim(&self, &other),
            ))
        } else {
            Err(arithmetic_mismatch(
                "subtract",
                self.short(),
                other.short(),
                [self.dim, other.dim],
            ))
        }
    }

    /// Compare the values, if the dimensions match (or one side is a dimensionless zero
    /// or infinity); `Ok(None)` if a value is NaN.
    pub fn try_cmp(&self, other: &Quantity) -> Result<Option<Ordering>, DimensionMismatch> {
        self.checked_compare("<=>", other)
    }

    /// `self < other`, checked like [`try_cmp`](Quantity::try_cmp).
    pub fn try_lt(&self, other: &Quantity) -> Result<bool, DimensionMismatch> {
        self.checked_compare("<", other)
            .map(|o| o == Some(Ordering::Less))
    }

    /// `self <= other`, checked like [`try_cmp`](Quantity::try_cmp).
    pub fn try_le(&self, other: &Quantity) -> Result<bool, DimensionMismatch> {
        self.checked_compare("<=", other)
            .map(|o| matches!(o, Some(Ordering::Less | Ordering::Equal)))
    }

    /// `self > other`, checked like [`try_cmp`](Quantity::try_cmp).
    pub fn try_gt(&self, other: &Quantity) -> Result<bool, DimensionMismatch> {
        self.checked_compare(">", other)
            .map(|o| o == Some(Ordering::Greater))
    }

    /// `self >= other`, checked like [`try_cmp`](Quantity::try_cmp).
    pub fn try_ge(&self, other: &Quantity) -> Result<bool, DimensionMismatch> {
        self.checked_compare(">=", other)
            .map(|o| matches!(o, Some(Ordering::Greater | Ordering::Equal)))
    }

    /// `self == other` (values only), checked like [`try_cmp`](Quantity::try_cmp).
    pub fn try_eq(&self, other: &Quantity) -> Result<bool, DimensionMismatch> {
        self.checked_compare("==", other)
            .map(|o| o == Some(Ordering::Equal))
    }

    fn checked_compare(
        &self,
        op: &str,
        other: &Quantity,
    ) -> Result<Option<Ordering>, DimensionMismatch> {
        let infinite = |q: &Quantity| q.is_dimensionless() && q.value.is_infinite();
        if compatible(self, other) || infinite(self) || infinite(other) {
            Ok(self.value.partial_cmp(&other.value))
        } else {
            Err(DimensionMismatch::new(
                format!(
                    "Cannot perform comparison {} {op} {}, units do not match",
                    self.short(),
                    other.short()
                ),
                vec![self.dim, other.dim],
            ))
        }
    }

    /// `self` to the integer power `n`.
    pub fn powi(self, n: i32) -> Quantity {
        Quantity::new(self.value.powf(f64::from(n)), self.dim.powi(n))
    }

    /// `self` to the exact power `p` (`p = 1/2` is a square root).
    pub fn pow(self, p: Rational) -> Quantity {
        Quantity::new(self.value.powf(p.to_f64()), self.dim.pow(p))
    }

    /// `self` to the float power `exponent`. Any exponent is allowed for a
    /// dimensionless base; otherwise the exponent must be a simple fraction (see
    /// [`Rational::from_f64`]), since dimensions have exact exponents.
    pub fn powf(self, exponent: f64) -> Result<Quantity, DimensionMismatch> {
        let value = self.value.powf(exponent);
        if self.is_dimensionless() {
            return Ok(Quantity::dimensionless(value));
        }
        match Rational::from_f64(exponent) {
            Some(p) => Ok(Quantity::new(value, self.dim.pow(p))),
            None => Err(DimensionMismatch::new(
                format!(
                    "Cannot raise {} to the power {exponent}, the exponent of a quantity \
                     with units has to be a simple fraction",
                    self.short()
                ),
                vec![self.dim],
            )),
        }
    }

    /// `self` to the power of a quantity, which has to be dimensionless (Brian2's
    /// `x ** y`).
    pub fn try_pow(self, exponent: Quantity) -> Result<Quantity, DimensionMismatch> {
        if !exponent.is_dimensionless() {
            return Err(DimensionMismatch::new(
                format!(
                    "The exponent for a power operation has to be dimensionless but was {}",
                    exponent.short()
                ),
                vec![exponent.dim],
            ));
        }
        self.powf(exponent.value)
    }

    /// The square root; exponents of the dimension are halved.
    pub fn sqrt(self) -> Quantity {
        Quantity::new(self.value.sqrt(), self.dim.sqrt())
    }

    /// `1 / self`.
    pub fn recip(self) -> Quantity {
        Quantity::new(1.0 / self.value, self.dim.recip())
    }

    /// The absolute value, same dimension.
    pub fn abs(self) -> Quantity {
        Quantity::new(self.value.abs(), self.dim)
    }

    /// The value as a multiple of `unit` (`(100.0 * ms).in_unit(ms) == Ok(100.0)`), if
    /// the dimensions match.
    pub fn in_unit(&self, unit: Quantity) -> Result<f64, DimensionMismatch> {
        if self.dim == unit.dim {
            Ok(self.value / unit.value)
        } else {
            Err(DimensionMismatch::new(
                "Non-matching unit for method \"in_unit\"",
                vec![self.dim],
            ))
        }
    }

    /// The value shown in a given unit, like Brian2's `q.in_unit(mV)`: `3000. mV`.
    ///
    /// ```
    /// use spikelift::units::{consts::*, lookup_unit};
    /// let mv = lookup_unit("mV").unwrap();
    /// assert_eq!((3.0 * volt).display_in(&mv).unwrap(), "3000. mV");
    /// ```
    pub fn display_in(&self, unit: &Unit) -> Result<String, DimensionMismatch> {
        let value = self.in_unit(unit.quantity())?;
        let number = format_scalar(value, PrintOptions::DEFAULT.precision);
        if unit.dim.is_dimensionless() {
            Ok(number)
        } else {
            Ok(format!("{number} {}", unit.symbol))
        }
    }

    /// The display of `self` used inside error messages.
    fn short(&self) -> String {
        self.to_string()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, precision: usize) -> fmt::Result {
        if self.is_dimensionless() {
            return f.write_str(&format_scalar(self.value, precision));
        }
        match best_unit(self.dim, &[self.value]) {
            Some((scale, symbol)) => {
                write!(
                    f,
                    "{} {symbol}",
                    format_scalar(self.value / scale, precision)
                )
            }
            None => write!(f, "{} {:#}", format_scalar(self.value, precision), self.dim),
        }
    }
}

/// Brian2's `str(q)`; see [`Quantity`] for the rule.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(PrintOptions::DEFAULT.precision);
        self.write(f, precision)
    }
}

impl From<f64> for Quantity {
    fn from(value: f64) -> Quantity {
        Quantity::dimensionless(value)
    }
}

impl From<i32> for Quantity {
    fn from(value: i32) -> Quantity {
        Quantity::dimensionless(f64::from(value))
    }
}

impl From<Unit> for Quantity {
    fn from(unit: Unit) -> Quantity {
        unit.quantity()
    }
}

impl Mul for Quantity {
    type Output = Quantity;
    fn mul(self, other: Quantity) -> Quantity {
        Quantity::new(self.value * other.value, self.dim.mul(other.dim))
    }
}

impl Div for Quantity {
    type Output = Quantity;
    fn div(self, other: Quantity) -> Quantity {
        Quantity::new(self.value / other.value, self.dim.div(other.dim))
    }
}

impl Mul<f64> for Quantity {
    type Output = Quantity;
    fn mul(self, factor: f64) -> Quantity {
        Quantity::new(self.value * factor, self.dim)
    }
}

impl Mul<Quantity> for f64 {
    type Output = Quantity;
    fn mul(self, q: Quantity) -> Quantity {
        Quantity::new(self * q.value, q.dim)
    }
}

impl Div<f64> for Quantity {
    type Output = Quantity;
    fn div(self, divisor: f64) -> Quantity {
        Quantity::new(self.value / divisor, self.dim)
    }
}

impl Div<Quantity> for f64 {
    type Output = Quantity;
    fn div(self, q: Quantity) -> Quantity {
        Quantity::new(self / q.value, q.dim.recip())
    }
}

impl Neg for Quantity {
    type Output = Quantity;
    fn neg(self) -> Quantity {
        Quantity::new(-self.value, self.dim)
    }
}
