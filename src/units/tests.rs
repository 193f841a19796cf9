//! Tests of the unit system against Brian2's behaviour (expected strings were produced
//! by Brian2 2.9 with NumPy's default print options).

use super::consts::*;
use super::format::{PrintOptions, format_array, format_scalar};
use super::*;

fn unit(name: &str) -> Unit {
    match lookup_unit(name) {
        Some(u) => u,
        None => panic!("{name} should be a unit"),
    }
}

fn rational(n: i32, d: i32) -> Rational {
    match Rational::new(n, d) {
        Some(r) => r,
        None => panic!("{n}/{d}"),
    }
}

#[test]
fn rationals_are_reduced_and_exact() {
    assert_eq!(rational(6, -4), rational(-3, 2));
    assert_eq!(rational(-3, 2).numer(), -3);
    assert_eq!(rational(-3, 2).denom(), 2);
    assert_eq!(Rational::new(1, 0), None);
    assert_eq!(rational(1, 3) + rational(2, 3), Rational::ONE);
    assert_eq!(rational(1, 2) * rational(2, 3), rational(1, 3));
    assert_eq!(rational(1, 2) - Rational::ONE, rational(-1, 2));
    assert!(rational(1, 3) < rational(1, 2));
    assert_eq!(Rational::from_f64(-0.5), Some(rational(-1, 2)));
    assert_eq!(Rational::from_f64(2.0), Some(Rational::integer(2)));
    assert_eq!(Rational::from_f64(1.0 / 3.0), Some(rational(1, 3)));
    assert_eq!(Rational::from_f64(0.3), Some(rational(3, 10)));
    assert_eq!(Rational::from_f64(std::f64::consts::PI), None);
    assert_eq!(Rational::from_f64(f64::NAN), None);
    assert_eq!(Rational::from_f64(1e300), None);
    assert_eq!(rational(-1, 2).to_string(), "-0.5");
    assert_eq!(rational(1, 3).to_string(), "0.3333333333333333");
    assert_eq!(Rational::integer(-3).to_string(), "-3");
    // Saturation instead of overflow.
    let big = Rational::integer(i32::MAX);
    assert_eq!(big + big, big);
    assert_eq!(big.checked_add(big), None);
}

#[test]
fn millivolt_is_a_thousandth_of_a_volt() {
    assert_eq!(unit("mV").scale, 1e-3);
    assert_eq!(unit("mvolt").scale, 1e-3);
    assert_eq!(unit("volt").scale, 1.0);
    assert_eq!(mV.value, 1e-3);
    assert_eq!(mV.dim, volt.dim);
}

#[test]
fn volt_dimension_in_base_units() {
    assert_eq!(
        unit("volt").dim,
        Dimension::from_exponents([2, 1, -3, -1, 0, 0, 0])
    );
    assert_eq!(volt.dim.base_form().to_string(), "m^2 kg s^-3 A^-1");
    assert_eq!(format!("{:#}", volt.dim), "m^2 kg s^-3 A^-1");
    assert_eq!(volt.dim.to_string(), "V");
}

#[test]
fn derived_unit_relations() {
    assert_eq!((ohm * amp).dim, volt.dim);
    assert_eq!(siemens.dim, ohm.dim.recip());
    assert_eq!((1.0 / ohm).dim, siemens.dim);
    assert_eq!((farad * volt).dim, coulomb.dim);
    assert!((Hz * second).is_dimensionless());
    assert_eq!(Hz * second, Quantity::dimensionless(1.0));
    assert_eq!((newton * metre).dim, joule.dim);
    assert_eq!((joule / second).dim, watt.dim);
    assert_eq!((volt * second).dim, weber.dim);
    assert_eq!((weber / metre2).dim, tesla.dim);
    assert_eq!((weber / amp).dim, henry.dim);
}

#[test]
fn powered_and_prefixed_scales() {
    assert_eq!(unit("cm2").scale, 1e-4);
    assert_eq!(unit("cm3").scale, 1e-6);
    assert_eq!(unit("um2").scale, 1e-12);
    assert_eq!(unit("umetre2").scale, 1e-12);
    assert_eq!(unit("um3").scale, 1e-18);
    assert_eq!(unit("metre2").dim, Dimension::AREA);
    assert_eq!(unit("kmetre3").scale, 1e9);
    assert_eq!(unit("gram").scale, 1e-3);
    assert_eq!(unit("kgram").scale, 1.0);
    assert_eq!(unit("mgram").scale, 1e-6);
    assert_eq!(unit("Mohm").scale, 1e6);
    assert_eq!(unit("kHz").scale, 1e3);
    assert_eq!(unit("Ymetre").scale, 1e24);
    assert_eq!(unit("ysecond3").scale, 1e-72);
    // Specific membrane capacitance times an area is a capacitance.
    let c = (1.0 * ufarad / cm.powi(2)) * um.powi(2);
    assert_eq!(c.dim, farad.dim);
    assert!((c.in_unit(farad).unwrap_or(f64::NAN) - 1e-14).abs() < 1e-28);
    assert!((c.in_unit(pF).unwrap_or(f64::NAN) - 0.01).abs() < 1e-15);
}

#[test]
fn molar_is_mole_per_liter() {
    let m = unit("molar");
    assert_eq!(m.scale, 1000.0);
    assert_eq!(m.dim, (mole / liter).dim);
    assert_eq!(m.dim, Dimension::CONCENTRATION);
    assert_eq!((mole / liter).value, 1000.0);
    assert_eq!(unit("mM").scale, 1.0);
    assert_eq!(unit("liter").scale, 1e-3);
    assert_eq!(unit("dlitre").scale, 1e-4);
    assert_eq!(unit("liter").dim, Dimension::VOLUME);
}

#[test]
fn fractional_exponents() {
    let noise = second.powf(-0.5).unwrap_or(volt);
    assert_eq!(noise.dim.to_string(), "s^-0.5");
    assert_eq!(noise.to_string(), "1. s^-0.5");
    assert_eq!(
        Dimension::TIME.pow(rational(1, 3)).to_string(),
        "s^0.3333333333333333"
    );
    assert_eq!(noise.powi(-2), second);
    assert_eq!((mV * mV).sqrt().dim, mV.dim);
    assert_eq!(volt.dim.sqrt().powi(2), volt.dim);
    let half = volt.dim.sqrt();
    assert_eq!(half.exponents()[0], Rational::ONE);
    assert_eq!(half.exponents()[2], rational(-3, 2));
    assert_eq!(half.exponents()[3], rational(-1, 2));
    assert!(mV.powf(std::f64::consts::PI).is_err());
    assert!(
        Quantity::dimensionless(2.0)
            .powf(std::f64::consts::PI)
            .is_ok()
    );
    assert!(mV.try_pow(ms).is_err());
    assert_eq!(mV.try_pow(Quantity::dimensionless(2.0)), Ok(mV * mV));
}

#[test]
fn dimension_display_follows_brian2() {
    let cases = [
        (Dimension::DIMENSIONLESS, "1"),
        (Dimension::FREQUENCY, "Hz"),
        (Dimension::RESISTANCE, "ohm"),
        (Dimension::CONDUCTANCE, "S"),
        (Dimension::CAPACITANCE, "F"),
        (Dimension::CHARGE, "C"),
        (Dimension::POWER, "W"),
        (Dimension::ENERGY, "J"),
        (Dimension::FORCE, "N"),
        (Dimension::PRESSURE, "Pa"),
        (weber.dim, "Wb"),
        (tesla.dim, "T"),
        (henry.dim, "H"),
        (Dimension::LENGTH, "m"),
        (Dimension::MASS, "kg"),
        (Dimension::AMOUNT, "mol"),
        (Dimension::TEMPERATURE, "K"),
        (Dimension::LUMINOSITY, "cd"),
        (Dimension::AREA, "m^2"),
        (Dimension::VOLUME, "m^3"),
        (gray.dim, "Gy"),
        (Dimension::CONCENTRATION, "mM"),
        ((farad / metre).dim, "F/m"),
        ((watt / metre2).dim, "W/(m^2)"),
        ((amp / metre2).dim, "m^-2 A"),
        ((farad / metre2).dim, "m^-4 kg^-1 s^4 A^2"),
        (Dimension::LENGTH.powi(-3), "m^-3"),
        ((volt / second).dim, "m^2 kg s^-4 A^-1"),
        (Dimension::MASS.powi(2), "kg^2"),
    ];
    for (dim, expected) in cases {
        assert_eq!(dim.to_string(), expected, "{dim:?}");
    }
}

#[test]
fn mismatch_messages_name_the_units() {
    let err = DimensionMismatch::new("Cannot add", vec![volt.dim, second.dim.recip()]);
    assert_eq!(err.to_string(), "Cannot add (units are V and Hz).");
    let err = DimensionMismatch::new("Something", vec![volt.dim, second.dim.powf_dim(-1, 2)]);
    assert_eq!(err.to_string(), "Something (units are V and s^-0.5).");
    let err = DimensionMismatch::new("One", vec![volt.dim]);
    assert_eq!(err.to_string(), "One (unit is V).");
    let err = DimensionMismatch::new("Three", vec![volt.dim, amp.dim, ms.dim]);
    assert_eq!(err.to_string(), "Three (units are (V) (A) (s)).");
    assert_eq!(DimensionMismatch::new("None", vec![]).to_string(), "None");
}

/// `dim^(n/d)` for the test above.
trait PowDim {
    fn powf_dim(self, n: i32, d: i32) -> Dimension;
}

impl PowDim for Dimension {
    fn powf_dim(self, n: i32, d: i32) -> Dimension {
        self.pow(rational(n, d))
    }
}

#[test]
fn adding_millivolts_to_milliseconds_fails() {
    let err = match (3.0 * mV).try_add(2.0 * ms) {
        Err(e) => e,
        Ok(q) => panic!("added: {q}"),
    };
    assert_eq!(err.dims, vec![volt.dim, second.dim]);
    assert_eq!(
        err.to_string(),
        "Cannot calculate 3. mV add 2. ms, the units do not match (units are V and s)."
    );
    let err = (3.0 * mV).try_sub(2.0 * Hz).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Cannot calculate 3. mV subtract 2. Hz, the units do not match (units are V and Hz).")
    );
    let err = (3.0 * mV)
        .try_add(Quantity::from(2.0))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Cannot calculate 3. mV add 2., the units do not match (units are V and 1).")
    );
    let err = (3.0 * mV).try_lt(&(2.0 * ms)).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Cannot perform comparison 3. mV < 2. ms, units do not match (units are V and s).")
    );
    let err = (3.0 * mV).in_unit(ms).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("Non-matching unit for method \"in_unit\" (unit is V).")
    );
}

#[test]
fn checked_arithmetic_and_comparison() {
    assert_eq!((3.0 * mV).try_add(2.0 * mV), Ok(5.0 * mV));
    let diff = (3.0 * mV).try_sub(1.0 * volt).map(|q| q.value);
    assert_eq!(diff, Ok(3e-3 - 1.0));
    // Brian2's rule: a dimensionless zero matches any unit.
    assert_eq!((3.0 * mV).try_add(Quantity::from(0.0)), Ok(3.0 * mV));
    assert_eq!(Quantity::from(0).try_add(3.0 * mV), Ok(3.0 * mV));
    assert!((3.0 * mV).try_add(0.0 * ms).is_err());
    assert_eq!(
        (3.0 * mV).try_cmp(&(2.0 * mV)),
        Ok(Some(std::cmp::Ordering::Greater))
    );
    assert_eq!((3.0 * mV).try_lt(&Quantity::from(f64::INFINITY)), Ok(true));
    assert_eq!((3.0 * mV).try_ge(&(3.0 * mvolt)), Ok(true));
    assert_eq!((3.0 * mV).try_le(&(2.0 * mV)), Ok(false));
    assert_eq!((3.0 * mV).try_gt(&(2.0 * mV)), Ok(true));
    assert_eq!((3.0 * mV).try_eq(&(3.0 * mV)), Ok(true));
    assert_eq!(
        (f64::NAN * mV).try_cmp(&(2.0 * mV)),
        Ok(None),
        "NaN is unordered"
    );
    assert!((3.0 * mV).try_cmp(&(2.0 * nA)).is_err());
    assert_eq!(-(3.0 * mV), -3.0 * mV);
    assert_eq!((6.0 * mV) / 2.0, 3.0 * mV);
    assert_eq!((2.0 / ms).dim, Hz.dim);
    assert_eq!((mV * 2.0).value, 2e-3);
    assert_eq!((-2.0 * mV).abs(), 2.0 * mV);
    assert_eq!(ms.recip().dim, Hz.dim);
}

#[test]
fn in_unit_converts() {
    let t = 100.0 * ms;
    assert_eq!(t.in_unit(ms), Ok(100.0));
    assert_eq!(t.in_unit(second), Ok(0.1));
    assert_eq!((3.0 * volt).in_unit(mV), Ok(3000.0));
    assert!((3.0 * volt).in_unit(ms).is_err());
    assert_eq!(
        (3.0 * volt).display_in(&unit("mV")).as_deref(),
        Ok("3000. mV")
    );
    assert_eq!(
        (25.123456 * mV).display_in(&unit("volt")).as_deref(),
        Ok("0.02512346 V")
    );
}

#[test]
fn quantity_display_follows_brian2() {
    let cases = [
        (10.0 * ms, "10. ms"),
        (-70.0 * mV, "-70. mV"),
        (Quantity::dimensionless(0.5), "0.5"),
        (1.0 * second, "1. s"),
        (100.0 * ms, "100. ms"),
        (1e-3 * ms, "1. us"),
        (0.1 * mV, "100. uV"),
        (2.5 * nS, "2.5 nS"),
        (1.0 * siemens, "1. S"),
        (1.0 * ohm, "1. ohm"),
        (150.0 * Mohm, "150. Mohm"),
        (200.0 * pF, "200. pF"),
        (1.0 * ufarad / cm2, "0.01 m^-4 kg^-1 s^4 A^2"),
        (50.0 * Hz, "50. Hz"),
        (2000.0 * Hz, "2. kHz"),
        (1.0 * mM, "1. mM"),
        (1e-9 * amp, "1. nA"),
        (1e8 * volt, "100. MV"),
        (1e-20 * volt, "10. zV"),
        (12345.678 * volt, "12.345678 kV"),
        (1.0 * metre2, "1. m^2"),
        (100.0 * um2, "100. um^2"),
        (0.0 * mV, "0. V"),
        (-0.0 * mV, "-0. V"),
        (3.0 * joule, "3. J"),
        (1.0 * kilogram, "1. kg"),
        (1e-3 * kilogram, "1. g"),
        (1.23456 * mV, "1.23456 mV"),
        (1.234567891 * mV, "1.23456789 mV"),
        ((1.0 / 3.0) * mV, "0.33333333 mV"),
        (1.5e16 * volt, "15. PV"),
        (1.0 * coulomb / metre2, "1. C/(m^2)"),
        (1.0 * pascal * second, "1. Pa s"),
        (f64::NAN * mV, "nan V"),
        (f64::INFINITY * mV, "inf YV"),
        (f64::NEG_INFINITY * ms, "-inf Ys"),
        (3.0 * metre3, "3. m^3"),
        (1e-3 * metre3, "0.001 m^3"),
        (1.0 * lux, "1. lx"),
        (1.0 * katal, "1. kat"),
        (1.0 * candle, "1. cd"),
        (7.0 * second2, "7. s^2"),
        (1.0 / amp, "1. A^-1"),
        (1.0 * metre * kilogram, "1. m kg"),
        (1e100 * volt, "1.e+76 YV"),
        (5e-324 * volt, "0. YV"),
        (Quantity::dimensionless(1e9), "1.e+09"),
    ];
    for (q, expected) in cases {
        assert_eq!(q.to_string(), expected, "{q:?}");
    }
    assert_eq!(format!("{:.3}", 1.23456 * mV), "1.235 mV");
    assert_eq!(format!("{:.2}", Quantity::dimensionless(0.123456)), "0.12");
}

#[test]
fn array_display_and_operations() {
    let a = QuantityArray::new(vec![1e-3, 1.5e-3], volt.dim);
    assert_eq!(a.to_string(), "[1.  1.5] mV");
    let b = QuantityArray::new(vec![1e-5, 1.5e-5], mV.dim);
    assert_eq!((&b * 1e-3).to_string(), "[10. 15.] nV");
    let c = QuantityArray::dimensionless(vec![1e-5, 1.5e-5]);
    assert_eq!(c.to_string(), "[1.0e-05 1.5e-05]");
    let long = QuantityArray::new((0..2000).map(|i| f64::from(i) * 1e-3).collect(), ms.dim);
    assert_eq!(
        long.to_string(),
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03] ms"
    );

    let v = QuantityArray::new(vec![-0.07, -0.065], mV.dim);
    let shifted = v.try_add_scalar(5.0 * mV);
    assert_eq!(shifted.map(|s| s.in_unit(mV)), Ok(Ok(vec![-65.0, -60.0])));
    assert!(v.try_add_scalar(1.0 * ms).is_err());
    assert_eq!(v.try_sub_scalar(-70.0 * mV).map(|s| s.dim), Ok(mV.dim));
    let sum = v.try_add(&v);
    assert_eq!(sum.map(|s| s.values), Ok(vec![-0.14, -0.13]));
    let w = QuantityArray::new(vec![1.0, 2.0, 3.0], ms.dim);
    assert!(matches!(v.try_add(&w), Err(ArrayError::Dimension(_))));
    let w = QuantityArray::new(vec![1.0, 2.0, 3.0], mV.dim);
    match v.try_add(&w) {
        Err(ArrayError::Shape(e)) => assert_eq!(
            e.to_string(),
            "operands could not be broadcast together with shapes (2,) (3,)"
        ),
        other => panic!("{other:?}"),
    }
    let err = v.try_add(&QuantityArray::new(vec![1.0, 2.0], ms.dim));
    assert_eq!(
        err.err().map(|e| e.to_string()).as_deref(),
        Some(
            "Cannot calculate [-70. -65.] mV add [1. 2.] s, the units do not match \
             (units are V and s)."
        )
    );
    // Broadcasting of scalars and length-1 arrays.
    let g = QuantityArray::new(vec![1e-9, 2e-9], nS.dim);
    let currents = &g * (10.0 * mV);
    assert_eq!(currents.dim, amp.dim);
    assert_eq!(currents.to_string(), "[10. 20.] pA");
    assert_eq!((&g / nS).values, vec![1.0, 2.0]);
    assert_eq!((nS / &g).dim, Dimension::DIMENSIONLESS);
    assert_eq!((2.0 * &g).values, vec![2e-9, 4e-9]);
    assert_eq!((&g / 2.0).values, vec![5e-10, 1e-9]);
    assert_eq!((1.0 / &g).dim, ohm.dim);
    assert_eq!((-&g).values, vec![-1e-9, -2e-9]);
    let one = QuantityArray::new(vec![2.0], Dimension::DIMENSIONLESS);
    assert_eq!(g.try_mul(&one).map(|p| p.values), Ok(vec![2e-9, 4e-9]));
    assert_eq!(one.try_div(&g).map(|p| p.dim), Ok(ohm.dim));
    assert!(g.try_mul(&w).is_err());
    assert_eq!(g.powi(2).dim, nS.dim.powi(2));
    assert_eq!(g.sqrt().dim, nS.dim.sqrt());
    assert_eq!(g.get(1), Some(2.0 * nS));
    assert_eq!(g.get(2), None);
    assert_eq!(g.iter().count(), 2);
    assert_eq!(
        QuantityArray::from_quantities(&[1.0 * mV, 2.0 * mV]).map(|a| a.values),
        Ok(vec![1e-3, 2e-3])
    );
    assert!(QuantityArray::from_quantities(&[1.0 * mV, 2.0 * ms]).is_err());
    assert_eq!(g.in_unit(nS), Ok(vec![1.0, 2.0]));
    assert!(g.in_unit(mV).is_err());
    // Brian2's zero rule for arrays.
    let zeros = QuantityArray::dimensionless(vec![0.0, 0.0]);
    assert_eq!(v.try_add(&zeros).map(|s| s.dim), Ok(mV.dim));
}

#[test]
fn every_short_name_resolves() {
    let short = [
        "mV", "mA", "uA", "nA", "pA", "pF", "uF", "nF", "nS", "uS", "mS", "ms", "us", "Hz", "kHz",
        "MHz", "cm", "cm2", "cm3", "mm", "mm2", "mm3", "um", "um2", "um3", "mM", "uM", "nM",
    ];
    for name in short {
        let u = unit(name);
        assert_eq!(u.name, name);
    }
    assert_eq!(unit("cm2").symbol, "cm^2");
    assert_eq!(unit("ms").quantity(), msecond);
    assert_eq!(
        unit("um"),
        Unit {
            name: "um",
            ..unit("umetre")
        }
    );
}

#[test]
fn table_covers_brian2_names_and_nothing_else() {
    for name in [
        "metre",
        "meter",
        "kilogram",
        "gram",
        "second",
        "amp",
        "ampere",
        "kelvin",
        "mole",
        "mol",
        "candle",
        "radian",
        "steradian",
        "hertz",
        "newton",
        "pascal",
        "joule",
        "watt",
        "coulomb",
        "volt",
        "farad",
        "ohm",
        "siemens",
        "weber",
        "tesla",
        "henry",
        "lumen",
        "lux",
        "becquerel",
        "gray",
        "sievert",
        "katal",
        "liter",
        "litre",
        "molar",
        "mvolt",
        "uvolt",
        "nvolt",
        "namp",
        "pamp",
        "msiemens",
        "nsiemens",
        "usiemens",
        "pfarad",
        "ufarad",
        "msecond",
        "usecond",
        "umetre",
        "umeter",
        "cmetre",
        "cmeter",
        "mmetre",
        "kohm",
        "Mohm",
        "Gohm",
        "khertz",
        "Mhertz",
        "mmolar",
        "umolar",
        "metre2",
        "metre3",
        "meter2",
        "umetre2",
        "kgram",
        "Ymole3",
        "mradian",
        "kelvin2",
        "dlitre",
        "daliter",
        "hliter",
        "mmol",
        "kcandle",
    ] {
        assert!(is_unit_name(name), "{name}");
    }
    for name in [
        "tau",
        "v",
        "x",
        "uV",
        "nV",
        "km",
        "candela",
        "damp",
        "dmetre",
        "cmetre2",
        "mkelvin",
        "kkilogram",
        "kHz2",
        "liter2",
        "MV",
        "",
        "Mv",
    ] {
        assert!(lookup_unit(name).is_none(), "{name}");
    }
    assert_eq!(all_units().count(), 1713);
    let mut names: Vec<&str> = all_units().map(|u| u.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 1713, "names are unique");
    for u in all_units() {
        assert_eq!(lookup_unit(u.name), Some(u));
    }
}

#[test]
fn constants_agree_with_the_table() {
    for &(name, q, symbol) in super::consts::ALL {
        let u = unit(name);
        assert_eq!(u.scale, q.value, "{name}");
        assert_eq!(u.dim, q.dim, "{name}");
        assert_eq!(u.symbol, symbol, "{name}");
    }
}

#[test]
fn numbers_format_like_numpy() {
    let cases = [
        (10.0, "10."),
        (-70.0, "-70."),
        (0.5, "0.5"),
        (0.0, "0."),
        (-0.0, "-0."),
        (0.001953125, "0.00195312"),
        (0.123456785, "0.12345678"),
        (1.0000000000000002e-4, "0.0001"),
        (1e-5, "1.e-05"),
        (1.5e-5, "1.5e-05"),
        (1.23456789123e-5, "1.23456789e-05"),
        (1e8, "1.e+08"),
        (123456789.0, "1.23456789e+08"),
        (99999999.999999, "99999999.999999"),
        (9.999e-5, "9.999e-05"),
        (1e100, "1.e+100"),
        (5e-324, "5.e-324"),
        (2f64.powi(-30), "9.31322575e-10"),
        (1.0 / 3.0, "0.33333333"),
        (2.0 / 3.0, "0.66666667"),
        (0.1 + 0.2, "0.3"),
        (1e7 + 0.123456789, "10000000.12345679"),
        (1.999999999, "2."),
        (f64::NAN, "nan"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (x, expected) in cases {
        assert_eq!(format_scalar(x, 8), expected, "{x:e}");
    }
    assert_eq!(format_scalar(0.123456, 2), "0.12");
}

#[test]
fn arrays_format_like_numpy() {
    let cases: [(&[f64], &str); 12] = [
        (&[1.0, 1.5], "[1.  1.5]"),
        (&[1e-5, 1.5e-5], "[1.0e-05 1.5e-05]"),
        (&[0.5, 100.0, 1e-3], "[5.e-01 1.e+02 1.e-03]"),
        (&[1.0, -2.5], "[ 1.  -2.5]"),
        (&[0.0, 1e-6], "[0.e+00 1.e-06]"),
        (&[f64::NAN, 1.0], "[nan  1.]"),
        (&[f64::INFINITY, 1e-27, -2e-27], "[    inf  1.e-27 -2.e-27]"),
        (&[1e-5, 1e-100], "[1.e-005 1.e-100]"),
        (&[f64::INFINITY, f64::NEG_INFINITY], "[ inf -inf]"),
        (&[f64::NAN, 1e-5], "[   nan 1.e-05]"),
        (&[-1e-5, 1e-5], "[-1.e-05  1.e-05]"),
        (&[], "[]"),
    ];
    for (values, expected) in cases {
        assert_eq!(format_array(values, PrintOptions::DEFAULT), expected);
    }
    let values: Vec<f64> = (0..30).map(f64::from).collect();
    assert_eq!(
        format_array(&values, PrintOptions::DEFAULT),
        "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n \
         18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]"
    );
    let values: Vec<f64> = (0..2000).map(f64::from).collect();
    assert_eq!(
        format_array(&values, PrintOptions::DEFAULT),
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]"
    );
    assert_eq!(
        format_array(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], PrintOptions::SHORT),
        "[1. 2. ... 5. 6.]"
    );
}

#[test]
fn long_array_messages_match_brian2() {
    let values = vec![
        -1.4865828076679208e-09,
        8.269329097877186,
        -8.773773980861704e-05,
        -1.370520081204607e-06,
        -1.7057667597198487,
        0.17307158120191782,
    ];
    let noise_dim = Dimension::TIME.pow(rational(-1, 2));
    let a = QuantityArray::new(values.clone(), noise_dim);
    assert_eq!(
        a.to_string(),
        "[-1.48658281e-09  8.26932910e+00 -8.77377398e-05 -1.37052008e-06\n \
         -1.70576676e+00  1.73071581e-01] s^-0.5"
    );
    let err = a.try_add(&QuantityArray::new(values, amp.dim));
    assert_eq!(
        err.err().map(|e| e.to_string()).as_deref(),
        Some(
            "Cannot calculate [-1.48658281e-09  8.26932910e+00 ... -1.70576676e+00  \
             1.73071581e-01] s^-0.5 add [-1.48658281e-06  8.26932910e+03 ... \
             -1.70576676e+03  1.73071581e+02] mA, the units do not match \
             (units are s^-0.5 and A)."
        )
    );
}
