//! Physical dimensions ([`Dimension`]): exponents of the 7 SI base dimensions, their
//! arithmetic, and their display in Brian2's notation.
//!
//! The display rule is documented on [`Dimension`].

use super::rational::Rational;
use std::fmt;
use std::ops::{Div, Mul};

/// The symbols of the 7 SI base units, in Brian2's order.
pub(crate) const BASE_SYMBOLS: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];

/// A physical dimension: the exponents of length (m), mass (kg), time (s), electric
/// current (A), temperature (K), amount of substance (mol) and luminous intensity (cd).
///
/// Exponents are exact [`Rational`]s, so `Dimension` is `Copy + Eq + Hash`.
///
/// # Display
///
/// `Display` follows Brian2's `get_unit_for_display`, which is what Brian2 puts in its
/// error messages:
///
/// 1. dimensionless prints `1`;
/// 2. otherwise, if one of Brian2's built-in units has exactly this dimension and scale
///    1, its symbol is printed (`V`, `Hz`, `ohm`, `S`, `F`, `m^2`, `kg`, `Pa s`,
///    `F/m`, ...). Where several units qualify, Brian2's registry order decides: the
///    derived unit beats the powered one and `hertz` beats `becquerel`, `gray` beats
///    `sievert`. One Brian2 quirk is kept: concentration (`mol m^-3`) prints `mM`,
///    because `mmolar` is the registered unit of scale 1;
/// 3. otherwise the base form (Brian2's `str(Dimension)`): the non-zero exponents in
///    the order `m kg s A K mol cd`, joined by spaces, each exponent other than 1
///    written after `^` (`m^-4 kg^-1 s^4 A^2`, `s^-0.5`).
///
/// The alternate flag (`{:#}`) or [`Dimension::base_form`] always gives the base form.
/// Brian2 prints an exponent as the Python number it happens to hold (`2` or `2.0`);
/// here integer exponents always print as integers and fractional ones as the shortest
/// round-tripping decimal (`0.5`, `0.3333333333333333`).
///
/// ```
/// use spikelift::units::{Dimension, Rational};
/// let volt = Dimension::from_exponents([2, 1, -3, -1, 0, 0, 0]);
/// assert_eq!(volt, Dimension::VOLTAGE);
/// assert_eq!(volt.to_string(), "V");
/// assert_eq!(volt.base_form().to_string(), "m^2 kg s^-3 A^-1");
/// assert_eq!(Dimension::TIME.powi(-1).to_string(), "Hz");
/// let noise = Dimension::TIME.pow(Rational::new(-1, 2).unwrap());
/// assert_eq!(noise.to_string(), "s^-0.5");
/// assert_eq!(noise.powi(-2), Dimension::TIME);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dimension {
    exps: [Rational; 7],
}

impl Dimension {
    /// No dimension (a pure number).
    pub const DIMENSIONLESS: Dimension = Dimension::from_exponents([0; 7]);
    /// Length (metre).
    pub const LENGTH: Dimension = Dimension::from_exponents([1, 0, 0, 0, 0, 0, 0]);
    /// Mass (kilogram).
    pub const MASS: Dimension = Dimension::from_exponents([0, 1, 0, 0, 0, 0, 0]);
    /// Time (second).
    pub const TIME: Dimension = Dimension::from_exponents([0, 0, 1, 0, 0, 0, 0]);
    /// Electric current (amp).
    pub const CURRENT: Dimension = Dimension::from_exponents([0, 0, 0, 1, 0, 0, 0]);
    /// Temperature (kelvin).
    pub const TEMPERATURE: Dimension = Dimension::from_exponents([0, 0, 0, 0, 1, 0, 0]);
    /// Amount of substance (mole).
    pub const AMOUNT: Dimension = Dimension::from_exponents([0, 0, 0, 0, 0, 1, 0]);
    /// Luminous intensity (candle).
    pub const LUMINOSITY: Dimension = Dimension::from_exponents([0, 0, 0, 0, 0, 0, 1]);
    /// Frequency (hertz, `s^-1`).
    pub const FREQUENCY: Dimension = Dimension::from_exponents([0, 0, -1, 0, 0, 0, 0]);
    /// Electric potential (volt, `m^2 kg s^-3 A^-1`).
    pub const VOLTAGE: Dimension = Dimension::from_exponents([2, 1, -3, -1, 0, 0, 0]);
    /// Electric charge (coulomb, `s A`).
    pub const CHARGE: Dimension = Dimension::from_exponents([0, 0, 1, 1, 0, 0, 0]);
    /// Resistance (ohm, `m^2 kg s^-3 A^-2`).
    pub const RESISTANCE: Dimension = Dimension::from_exponents([2, 1, -3, -2, 0, 0, 0]);
    /// Conductance (siemens, `m^-2 kg^-1 s^3 A^2`).
    pub const CONDUCTANCE: Dimension = Dimension::from_exponents([-2, -1, 3, 2, 0, 0, 0]);
    /// Capacitance (farad, `m^-2 kg^-1 s^4 A^2`).
    pub const CAPACITANCE: Dimension = Dimension::from_exponents([-2, -1, 4, 2, 0, 0, 0]);
    /// Energy (joule, `m^2 kg s^-2`).
    pub const ENERGY: Dimension = Dimension::from_exponents([2, 1, -2, 0, 0, 0, 0]);
    /// Power (watt, `m^2 kg s^-3`).
    pub const POWER: Dimension = Dimension::from_exponents([2, 1, -3, 0, 0, 0, 0]);
    /// Force (newton, `m kg s^-2`).
    pub const FORCE: Dimension = Dimension::from_exponents([1, 1, -2, 0, 0, 0, 0]);
    /// Pressure (pascal, `m^-1 kg s^-2`).
    pub const PRESSURE: Dimension = Dimension::from_exponents([-1, 1, -2, 0, 0, 0, 0]);
    /// Area (`m^2`).
    pub const AREA: Dimension = Dimension::from_exponents([2, 0, 0, 0, 0, 0, 0]);
    /// Volume (`m^3`).
    pub const VOLUME: Dimension = Dimension::from_exponents([3, 0, 0, 0, 0, 0, 0]);
    /// Concentration (molar, `m^-3 mol`).
    pub const CONCENTRATION: Dimension = Dimension::from_exponents([-3, 0, 0, 0, 0, 1, 0]);

    /// The dimension with these exponents of `[m, kg, s, A, K, mol, cd]`.
    pub const fn new(exponents: [Rational; 7]) -> Dimension {
        Dimension { exps: exponents }
    }

    /// The dimension with these integer exponents of `[m, kg, s, A, K, mol, cd]`.
    pub const fn from_exponents(exponents: [i32; 7]) -> Dimension {
        let mut exps = [Rational::ZERO; 7];
        let mut i = 0;
        while i < 7 {
            exps[i] = Rational::integer(exponents[i]);
            i += 1;
        }
        Dimension { exps }
    }

    /// The exponents of `[m, kg, s, A, K, mol, cd]`.
    pub const fn exponents(&self) -> [Rational; 7] {
        self.exps
    }

    /// Whether all exponents are zero.
    pub const fn is_dimensionless(&self) -> bool {
        let mut i = 0;
        while i < 7 {
            if !self.exps[i].is_zero() {
                return false;
            }
            i += 1;
        }
        true
    }

    /// The dimension of a product: exponents add.
    // Inherent `const fn`s so units can be combined in constants; the operator traits
    // are implemented as well.
    #[allow(clippy::should_implement_trait)]
    pub const fn mul(self, other: Dimension) -> Dimension {
        let mut exps = self.exps;
        let mut i = 0;
        while i < 7 {
            exps[i] = exps[i].add_const(other.exps[i]);
            i += 1;
        }
        Dimension { exps }
    }

    /// The dimension of a quotient: exponents subtract.
    #[allow(clippy::should_implement_trait)]
    pub const fn div(self, other: Dimension) -> Dimension {
        self.mul(other.recip())
    }

    /// The dimension raised to the integer power `n`.
    pub const fn powi(self, n: i32) -> Dimension {
        self.pow(Rational::integer(n))
    }

    /// The dimension raised to the exact power `p`: exponents are multiplied by `p`.
    pub const fn pow(self, p: Rational) -> Dimension {
        let mut exps = self.exps;
        let mut i = 0;
        while i < 7 {
            exps[i] = exps[i].mul_const(p);
            i += 1;
        }
        Dimension { exps }
    }

    /// The dimension of a square root: exponents are halved.
    pub const fn sqrt(self) -> Dimension {
        self.pow(Rational::HALF)
    }

    /// The dimension of a reciprocal: exponents change sign.
    pub const fn recip(self) -> Dimension {
        let mut exps = self.exps;
        let mut i = 0;
        while i < 7 {
            exps[i] = exps[i].neg_const();
            i += 1;
        }
        Dimension { exps }
    }

    /// The base form, e.g. `m^2 kg s^-3 A^-1`, whatever units exist for the dimension
    /// (Brian2's `str(Dimension)`); `1` when dimensionless.
    pub fn base_form(self) -> BaseForm {
        BaseForm(self)
    }
}

impl Mul for Dimension {
    type Output = Dimension;
    fn mul(self, other: Dimension) -> Dimension {
        Dimension::mul(self, other)
    }
}

impl Div for Dimension {
    type Output = Dimension;
    fn div(self, other: Dimension) -> Dimension {
        Dimension::div(self, other)
    }
}

impl Default for Dimension {
    fn default() -> Dimension {
        Dimension::DIMENSIONLESS
    }
}

/// Brian2's `get_unit_for_display`; see [`Dimension`] for the rule.
impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return BaseForm(*self).fmt(f);
        }
        if self.is_dimensionless() {
            return f.write_str("1");
        }
        match super::registry::unit_symbol_for(*self) {
            Some(symbol) => f.write_str(symbol),
            None => BaseForm(*self).fmt(f),
        }
    }
}

impl fmt::Debug for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dimension({})", BaseForm(*self))
    }
}

/// Displays a [`Dimension`] in base SI form (`m^2 kg s^-3 A^-1`, or `1`); made by
/// [`Dimension::base_form`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseForm(pub Dimension);

impl fmt::Display for BaseForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (symbol, exp) in BASE_SYMBOLS.iter().zip(self.0.exps) {
            if exp.is_zero() {
                continue;
            }
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(symbol)?;
            if exp != Rational::ONE {
                write!(f, "^{exp}")?;
            }
        }
        if first {
            f.write_str("1")?;
        }
        Ok(())
    }
}
