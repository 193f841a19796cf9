//! Unit constants for Rust code (`100.0 * ms`, `-70.0 * mV`), spelled exactly as in
//! Brian2.
//!
//! Each constant is one of the unit as a [`Quantity`]; every one of them is also in the
//! name table ([`lookup_unit`](super::lookup_unit)) with the same scale and dimension.
//! The table has all 1713 names; this module has the base and derived units, Brian2's
//! short names, and the prefixed and powered forms common in neuron models. Brian2
//! itself has no `uV`, `nV`, `km` or `candela` (it says `uvolt`, `nvolt`, `kmetre`,
//! `candle`), so neither does this module.
//!
//! Glob-importing this module brings short lowercase names (`ms`, `us`, `mm`, `um`)
//! into scope; a `let ms = ...` binding then fails to compile because `ms` is taken to
//! be a constant pattern. Import only the names you need in such code.
//!
//! ```
//! use spikelift::units::consts::*;
//! let t = 100.0 * ms;
//! assert_eq!(t.in_unit(ms).unwrap(), 100.0);
//! assert_eq!((1.0 * ufarad / cm2).to_string(), "0.01 m^-4 kg^-1 s^4 A^2");
//! assert_eq!((ohm * amp).dim, volt.dim);
//! ```

// Brian2 writes units in lowercase (`ms`, `mvolt`, `siemens`) and case distinguishes
// them (`mS` is millisiemens, `MHz` megahertz), so the constants keep Brian2's exact
// spelling instead of Rust's UPPER_CASE convention.
#![allow(non_upper_case_globals)]

use super::dimension::Dimension;
use super::quantity::Quantity;

/// `Dimension` constructor shorthand for the less common dimensions.
const fn dim(exponents: [i32; 7]) -> Dimension {
    Dimension::from_exponents(exponents)
}

/// Defines one constant per line: `name = scale, dimension, "display symbol";`.
macro_rules! units {
    ($($name:ident = $scale:literal, $dim:expr, $symbol:literal;)*) => {
        $(
            #[doc = concat!(
                "Brian2's `", stringify!($name), "`: ", stringify!($scale),
                " in SI base units, displayed as `", $symbol, "`."
            )]
            pub const $name: Quantity = Quantity::new($scale, $dim);
        )*

        /// Every constant with its name and symbol, to test them against the table.
        #[cfg(test)]
        pub(crate) const ALL: &[(&str, Quantity, &str)] = &[$((stringify!($name), $name, $symbol)),*];
    };
}

units! {
    // Base units.
    metre = 1.0, Dimension::LENGTH, "m";
    meter = 1.0, Dimension::LENGTH, "m";
    kilogram = 1.0, Dimension::MASS, "kg";
    kilogramme = 1.0, Dimension::MASS, "kg";
    gram = 1e-3, Dimension::MASS, "g";
    gramme = 1e-3, Dimension::MASS, "g";
    second = 1.0, Dimension::TIME, "s";
    amp = 1.0, Dimension::CURRENT, "A";
    ampere = 1.0, Dimension::CURRENT, "A";
    kelvin = 1.0, Dimension::TEMPERATURE, "K";
    mole = 1.0, Dimension::AMOUNT, "mol";
    mol = 1.0, Dimension::AMOUNT, "mol";
    candle = 1.0, Dimension::LUMINOSITY, "cd";
    molar = 1e3, Dimension::CONCENTRATION, "M";
    liter = 1e-3, Dimension::VOLUME, "l";
    litre = 1e-3, Dimension::VOLUME, "l";

    // Derived units.
    radian = 1.0, Dimension::DIMENSIONLESS, "rad";
    steradian = 1.0, Dimension::DIMENSIONLESS, "sr";
    hertz = 1.0, Dimension::FREQUENCY, "Hz";
    newton = 1.0, Dimension::FORCE, "N";
    pascal = 1.0, Dimension::PRESSURE, "Pa";
    joule = 1.0, Dimension::ENERGY, "J";
    watt = 1.0, Dimension::POWER, "W";
    coulomb = 1.0, Dimension::CHARGE, "C";
    volt = 1.0, Dimension::VOLTAGE, "V";
    farad = 1.0, Dimension::CAPACITANCE, "F";
    ohm = 1.0, Dimension::RESISTANCE, "ohm";
    siemens = 1.0, Dimension::CONDUCTANCE, "S";
    weber = 1.0, dim([2, 1, -2, -1, 0, 0, 0]), "Wb";
    tesla = 1.0, dim([0, 1, -2, -1, 0, 0, 0]), "T";
    henry = 1.0, dim([2, 1, -2, -2, 0, 0, 0]), "H";
    lumen = 1.0, Dimension::LUMINOSITY, "lm";
    lux = 1.0, dim([-2, 0, 0, 0, 0, 0, 1]), "lx";
    becquerel = 1.0, Dimension::FREQUENCY, "Bq";
    gray = 1.0, dim([2, 0, -2, 0, 0, 0, 0]), "Gy";
    sievert = 1.0, dim([2, 0, -2, 0, 0, 0, 0]), "Sv";
    katal = 1.0, dim([0, 0, -1, 0, 0, 1, 0]), "kat";

    // Brian2's short names (stdunits.py).
    mV = 1e-3, Dimension::VOLTAGE, "mV";
    mA = 1e-3, Dimension::CURRENT, "mA";
    uA = 1e-6, Dimension::CURRENT, "uA";
    nA = 1e-9, Dimension::CURRENT, "nA";
    pA = 1e-12, Dimension::CURRENT, "pA";
    pF = 1e-12, Dimension::CAPACITANCE, "pF";
    uF = 1e-6, Dimension::CAPACITANCE, "uF";
    nF = 1e-9, Dimension::CAPACITANCE, "nF";
    nS = 1e-9, Dimension::CONDUCTANCE, "nS";
    uS = 1e-6, Dimension::CONDUCTANCE, "uS";
    mS = 1e-3, Dimension::CONDUCTANCE, "mS";
    ms = 1e-3, Dimension::TIME, "ms";
    us = 1e-6, Dimension::TIME, "us";
    Hz = 1.0, Dimension::FREQUENCY, "Hz";
    kHz = 1e3, Dimension::FREQUENCY, "kHz";
    MHz = 1e6, Dimension::FREQUENCY, "MHz";
    cm = 1e-2, Dimension::LENGTH, "cm";
    cm2 = 1e-4, Dimension::AREA, "cm^2";
    cm3 = 1e-6, Dimension::VOLUME, "cm^3";
    mm = 1e-3, Dimension::LENGTH, "mm";
    mm2 = 1e-6, Dimension::AREA, "mm^2";
    mm3 = 1e-9, Dimension::VOLUME, "mm^3";
    um = 1e-6, Dimension::LENGTH, "um";
    um2 = 1e-12, Dimension::AREA, "um^2";
    um3 = 1e-18, Dimension::VOLUME, "um^3";
    mM = 1.0, Dimension::CONCENTRATION, "mM";
    uM = 1e-3, Dimension::CONCENTRATION, "uM";
    nM = 1e-6, Dimension::CONCENTRATION, "nM";

    // Prefixed units.
    kvolt = 1e3, Dimension::VOLTAGE, "kV";
    mvolt = 1e-3, Dimension::VOLTAGE, "mV";
    uvolt = 1e-6, Dimension::VOLTAGE, "uV";
    nvolt = 1e-9, Dimension::VOLTAGE, "nV";
    mamp = 1e-3, Dimension::CURRENT, "mA";
    uamp = 1e-6, Dimension::CURRENT, "uA";
    namp = 1e-9, Dimension::CURRENT, "nA";
    pamp = 1e-12, Dimension::CURRENT, "pA";
    ksiemens = 1e3, Dimension::CONDUCTANCE, "kS";
    msiemens = 1e-3, Dimension::CONDUCTANCE, "mS";
    usiemens = 1e-6, Dimension::CONDUCTANCE, "uS";
    nsiemens = 1e-9, Dimension::CONDUCTANCE, "nS";
    psiemens = 1e-12, Dimension::CONDUCTANCE, "pS";
    mfarad = 1e-3, Dimension::CAPACITANCE, "mF";
    ufarad = 1e-6, Dimension::CAPACITANCE, "uF";
    nfarad = 1e-9, Dimension::CAPACITANCE, "nF";
    pfarad = 1e-12, Dimension::CAPACITANCE, "pF";
    kohm = 1e3, Dimension::RESISTANCE, "kohm";
    Mohm = 1e6, Dimension::RESISTANCE, "Mohm";
    Gohm = 1e9, Dimension::RESISTANCE, "Gohm";
    msecond = 1e-3, Dimension::TIME, "ms";
    usecond = 1e-6, Dimension::TIME, "us";
    nsecond = 1e-9, Dimension::TIME, "ns";
    psecond = 1e-12, Dimension::TIME, "ps";
    khertz = 1e3, Dimension::FREQUENCY, "kHz";
    Mhertz = 1e6, Dimension::FREQUENCY, "MHz";
    kmetre = 1e3, Dimension::LENGTH, "km";
    cmetre = 1e-2, Dimension::LENGTH, "cm";
    mmetre = 1e-3, Dimension::LENGTH, "mm";
    umetre = 1e-6, Dimension::LENGTH, "um";
    nmetre = 1e-9, Dimension::LENGTH, "nm";
    kmeter = 1e3, Dimension::LENGTH, "km";
    cmeter = 1e-2, Dimension::LENGTH, "cm";
    mmeter = 1e-3, Dimension::LENGTH, "mm";
    umeter = 1e-6, Dimension::LENGTH, "um";
    nmeter = 1e-9, Dimension::LENGTH, "nm";
    mgram = 1e-6, Dimension::MASS, "mg";
    mmolar = 1.0, Dimension::CONCENTRATION, "mM";
    umolar = 1e-3, Dimension::CONCENTRATION, "uM";
    nmolar = 1e-6, Dimension::CONCENTRATION, "nM";
    mmole = 1e-3, Dimension::AMOUNT, "mmol";
    umole = 1e-6, Dimension::AMOUNT, "umol";
    nmole = 1e-9, Dimension::AMOUNT, "nmol";
    mliter = 1e-6, Dimension::VOLUME, "ml";
    uliter = 1e-9, Dimension::VOLUME, "ul";
    mlitre = 1e-6, Dimension::VOLUME, "ml";
    ulitre = 1e-9, Dimension::VOLUME, "ul";
    pcoulomb = 1e-12, Dimension::CHARGE, "pC";
    ncoulomb = 1e-9, Dimension::CHARGE, "nC";
    mjoule = 1e-3, Dimension::ENERGY, "mJ";
    mwatt = 1e-3, Dimension::POWER, "mW";

    // Squares and cubes.
    metre2 = 1.0, Dimension::AREA, "m^2";
    metre3 = 1.0, Dimension::VOLUME, "m^3";
    meter2 = 1.0, Dimension::AREA, "m^2";
    meter3 = 1.0, Dimension::VOLUME, "m^3";
    mmetre2 = 1e-6, Dimension::AREA, "mm^2";
    mmetre3 = 1e-9, Dimension::VOLUME, "mm^3";
    umetre2 = 1e-12, Dimension::AREA, "um^2";
    umetre3 = 1e-18, Dimension::VOLUME, "um^3";
    mmeter2 = 1e-6, Dimension::AREA, "mm^2";
    mmeter3 = 1e-9, Dimension::VOLUME, "mm^3";
    umeter2 = 1e-12, Dimension::AREA, "um^2";
    umeter3 = 1e-18, Dimension::VOLUME, "um^3";
    second2 = 1.0, dim([0, 0, 2, 0, 0, 0, 0]), "s^2";
    hertz2 = 1.0, dim([0, 0, -2, 0, 0, 0, 0]), "Hz^2";
}
