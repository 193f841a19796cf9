//! Exact rational numbers for dimension exponents ([`Rational`]).
//!
//! Brian2 stores dimension exponents as Python numbers, so `second**-0.5` (the unit of
//! a noise term) is a legal dimension. Here exponents are exact fractions instead, so
//! that `(second**0.5)**2 == second` holds exactly and dimensions can be hashed.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// An exact fraction `numer / denom` with `denom > 0`, always in lowest terms.
///
/// Because the representation is canonical, the derived `Eq` and `Hash` agree with
/// numeric equality. Arithmetic is done in 64-bit integers and reduced; a result whose
/// reduced numerator or denominator does not fit in an `i32` (only reachable with
/// exponents beyond two billion) saturates to `±i32::MAX` in the infallible
/// operators, while the `checked_*` methods report it as `None`.
///
/// ```
/// use spikelift::units::Rational;
/// let half = Rational::new(2, -4).unwrap();
/// assert_eq!(half, Rational::new(-1, 2).unwrap());
/// assert_eq!(half.to_string(), "-0.5");
/// assert_eq!((half + half).to_string(), "-1");
/// assert_eq!(Rational::from_f64(1.0 / 3.0), Rational::new(1, 3));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    numer: i32,
    denom: i32,
}

/// The largest denominator [`Rational::from_f64`] tries.
const MAX_FROM_F64_DENOM: i64 = 10_000;

/// Greatest common divisor of two non-negative numbers (`gcd(0, 0) == 0`).
const fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Reduce `n / d` (with `d != 0`) and narrow it to `i32`, or `None` if it does not fit.
const fn reduce(n: i64, d: i64) -> Option<Rational> {
    if d == 0 {
        return None;
    }
    let (mut n, mut d) = if d < 0 { (-n, -d) } else { (n, d) };
    let g = gcd(n.abs(), d);
    if g > 1 {
        n /= g;
        d /= g;
    }
    if n < i32::MIN as i64 || n > i32::MAX as i64 || d > i32::MAX as i64 {
        return None;
    }
    Some(Rational {
        numer: n as i32,
        denom: d as i32,
    })
}

/// Like [`reduce`], but saturating to `±i32::MAX` when the result does not fit.
const fn reduce_saturating(n: i64, d: i64) -> Rational {
    match reduce(n, d) {
        Some(r) => r,
        None => {
            if n >= 0 {
                Rational::integer(i32::MAX)
            } else {
                Rational::integer(-i32::MAX)
            }
        }
    }
}

impl Rational {
    /// Zero.
    pub const ZERO: Rational = Rational::integer(0);
    /// One.
    pub const ONE: Rational = Rational::integer(1);
    /// One half (the exponent of a square root).
    pub const HALF: Rational = Rational { numer: 1, denom: 2 };

    /// The fraction `numer / denom` in lowest terms; `None` if `denom` is zero (or the
    /// reduced fraction does not fit in `i32`, which only `i32::MIN` can cause).
    pub const fn new(numer: i32, denom: i32) -> Option<Rational> {
        reduce(numer as i64, denom as i64)
    }

    /// The integer `n`.
    pub const fn integer(n: i32) -> Rational {
        Rational { numer: n, denom: 1 }
    }

    /// The numerator (carries the sign).
    pub const fn numer(self) -> i32 {
        self.numer
    }

    /// The denominator (always positive).
    pub const fn denom(self) -> i32 {
        self.denom
    }

    /// Whether this is zero.
    pub const fn is_zero(self) -> bool {
        self.numer == 0
    }

    /// Whether the denominator is one.
    pub const fn is_integer(self) -> bool {
        self.denom == 1
    }

    /// The nearest `f64`.
    pub fn to_f64(self) -> f64 {
        f64::from(self.numer) / f64::from(self.denom)
    }

    /// The simple fraction equal to `x`, for turning a float exponent such as `0.5`,
    /// `-1.5` or `1.0/3.0` into an exact one.
    ///
    /// Tries denominators up to 10 000 (by continued fractions) and accepts the first
    /// fraction within `1e-10 * max(1, |x|)` of `x`. Returns `None` for NaN, infinities,
    /// magnitudes beyond `i32`, and values with no such simple fraction (e.g. `π`).
    pub fn from_f64(x: f64) -> Option<Rational> {
        if !x.is_finite() || x.abs() > f64::from(i32::MAX) {
            return None;
        }
        let tol = 1e-10 * x.abs().max(1.0);
        // Continued-fraction convergents h/k of x.
        let (mut h_prev, mut h) = (1i64, x.floor() as i64);
        let (mut k_prev, mut k) = (0i64, 1i64);
        let mut rest = x - x.floor();
        loop {
            if ((h as f64) / (k as f64) - x).abs() <= tol {
                return reduce(h, k);
            }
            if rest <= 0.0 {
                return None;
            }
            let inv = 1.0 / rest;
            if !inv.is_finite() || inv > 1e12 {
                return None;
            }
            let a = inv.floor() as i64;
            rest = inv - inv.floor();
            let (h_next, k_next) = (a * h + h_prev, a * k + k_prev);
            if k_next > MAX_FROM_F64_DENOM || h_next.abs() > i64::from(i32::MAX) {
                return None;
            }
            (h_prev, h, k_prev, k) = (h, h_next, k, k_next);
        }
    }

    /// `self + other`, or `None` if the result does not fit in `i32`.
    pub const fn checked_add(self, other: Rational) -> Option<Rational> {
        let n = self.numer as i64 * other.denom as i64 + other.numer as i64 * self.denom as i64;
        reduce(n, self.denom as i64 * other.denom as i64)
    }

    /// `self * other`, or `None` if the result does not fit in `i32`.
    pub const fn checked_mul(self, other: Rational) -> Option<Rational> {
        reduce(
            self.numer as i64 * other.numer as i64,
            self.denom as i64 * other.denom as i64,
        )
    }

    /// `self + other`, saturating (see the type's documentation).
    pub const fn add_const(self, other: Rational) -> Rational {
        let n = self.numer as i64 * other.denom as i64 + other.numer as i64 * self.denom as i64;
        reduce_saturating(n, self.denom as i64 * other.denom as i64)
    }

    /// `self * other`, saturating (see the type's documentation).
    pub const fn mul_const(self, other: Rational) -> Rational {
        reduce_saturating(
            self.numer as i64 * other.numer as i64,
            self.denom as i64 * other.denom as i64,
        )
    }

    /// `-self` (saturating for `i32::MIN`).
    pub const fn neg_const(self) -> Rational {
        reduce_saturating(-(self.numer as i64), self.denom as i64)
    }
}

impl Add for Rational {
    type Output = Rational;
    fn add(self, other: Rational) -> Rational {
        self.add_const(other)
    }
}

impl Sub for Rational {
    type Output = Rational;
    fn sub(self, other: Rational) -> Rational {
        self.add_const(other.neg_const())
    }
}

impl Mul for Rational {
    type Output = Rational;
    fn mul(self, other: Rational) -> Rational {
        self.mul_const(other)
    }
}

impl Neg for Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        self.neg_const()
    }
}

impl From<i32> for Rational {
    fn from(n: i32) -> Rational {
        Rational::integer(n)
    }
}

impl Ord for Rational {
    fn cmp(&self, other: &Rational) -> Ordering {
        let lhs = i64::from(self.numer) * i64::from(other.denom);
        let rhs = i64::from(other.numer) * i64::from(self.denom);
        lhs.cmp(&rhs)
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Rational) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Integers print as integers (`2`, `-3`); other fractions print as the shortest
/// decimal that round-trips, like Python prints a float exponent (`-0.5`,
/// `0.3333333333333333`).
impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denom == 1 {
            write!(f, "{}", self.numer)
        } else {
            write!(f, "{}", self.to_f64())
        }
    }
}

impl fmt::Debug for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denom == 1 {
            write!(f, "{}", self.numer)
        } else {
            write!(f, "{}/{}", self.numer, self.denom)
        }
    }
}
