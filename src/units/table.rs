//! The table of unit names ([`lookup_unit`], [`all_units`]): every unit a Brian2
//! model can name without importing anything beyond `from brian2 import *`.
//!
//! The table is generated the way Brian2 generates `brian2/units/allunits.py`:
//!
//! * 35 base units: `metre meter kilogram second amp ampere kelvin mole mol candle
//!   kilogramme gram gramme molar` and the derived `radian steradian hertz newton
//!   pascal joule watt coulomb volt farad ohm siemens weber tesla henry lumen lux
//!   becquerel gray sievert katal` (Brian2 calls the candela `candle`);
//! * every base unit except `kelvin`, `kilogram` and `kilogramme` with the 16 prefixes
//!   `y z a f p n u m k M G T P E Z Y` (`mvolt`, `uF`-style names are below), e.g.
//!   `nsiemens`, `Mohm`, `kgram` (= kilogram), `mmolar`, `umole`;
//! * the squares and cubes of all of the above, e.g. `metre2`, `umetre3`, `mvolt2`;
//! * `liter` and `litre` with all 20 prefixes including `c d da h` (`mliter`,
//!   `dlitre`, ...);
//! * Brian2's short names (`brian2/units/stdunits.py`): `mV mA uA nA pA pF uF nF nS uS
//!   mS ms us Hz kHz MHz cm cm2 cm3 mm mm2 mm3 um um2 um3 mM uM nM`;
//! * `cmetre` and `cmeter`, which `from brian2 import *` exports.
//!
//! That is exactly Brian2's default unit namespace for equations (`DEFAULT_UNITS`)
//! plus the three exported names it lacks (`cmetre`, `cmeter`, `mS`): 1713 names.
//! Brian2 also defines the `c d da h` forms of the other base units (`dmetre`,
//! `damp`, `cmetre2`, ...) but does not make them available by default, so they are
//! not units here either (`damp` stays usable as a variable name, as in Brian2).
//!
//! Scales are `10^k` for an integer `k` and computed like Brian2's `10.0**k`
//! (correctly rounded), so `mvolt` is exactly `1e-3` and `cm2` exactly `1e-4`.

use super::dimension::Dimension;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A named unit: its name as written in Brian2 code, its display symbol, its value in
/// SI base units and its dimension.
///
/// ```
/// use spikelift::units::{lookup_unit, Dimension};
/// let mv = lookup_unit("mV").unwrap();
/// assert_eq!((mv.name, mv.symbol, mv.scale), ("mV", "mV", 1e-3));
/// assert_eq!(mv.dim, Dimension::VOLTAGE);
/// assert_eq!(lookup_unit("umetre2").unwrap().symbol, "um^2");
/// assert!(lookup_unit("damp").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    /// The name in Brian2 code (`mvolt`, `mV`, `umetre2`).
    pub name: &'static str,
    /// The symbol Brian2 displays (`mV`, `mV`, `um^2`).
    pub symbol: &'static str,
    /// The value of one of this unit in SI base units (`1e-3` for `mvolt`).
    pub scale: f64,
    /// The physical dimension.
    pub dim: Dimension,
}

impl Unit {
    /// This unit as a [`Quantity`](super::Quantity) (one of it).
    pub const fn quantity(&self) -> super::Quantity {
        super::Quantity::new(self.scale, self.dim)
    }
}

/// A base unit of Brian2's table: name, symbol, power of ten, exponents of
/// `[m, kg, s, A, K, mol, cd]`.
type BaseDef = (&'static str, &'static str, i32, [i32; 7]);

/// Brian2's base units in its definition order (the order decides which unit is used
/// for display when several have the same dimension and scale).
pub(crate) const BASE_UNITS: [BaseDef; 35] = [
    ("metre", "m", 0, [1, 0, 0, 0, 0, 0, 0]),
    ("meter", "m", 0, [1, 0, 0, 0, 0, 0, 0]),
    ("kilogram", "kg", 0, [0, 1, 0, 0, 0, 0, 0]),
    ("second", "s", 0, [0, 0, 1, 0, 0, 0, 0]),
    ("amp", "A", 0, [0, 0, 0, 1, 0, 0, 0]),
    ("ampere", "A", 0, [0, 0, 0, 1, 0, 0, 0]),
    ("kelvin", "K", 0, [0, 0, 0, 0, 1, 0, 0]),
    ("mole", "mol", 0, [0, 0, 0, 0, 0, 1, 0]),
    ("mol", "mol", 0, [0, 0, 0, 0, 0, 1, 0]),
    ("candle", "cd", 0, [0, 0, 0, 0, 0, 0, 1]),
    ("kilogramme", "kg", 0, [0, 1, 0, 0, 0, 0, 0]),
    ("gram", "g", -3, [0, 1, 0, 0, 0, 0, 0]),
    ("gramme", "g", -3, [0, 1, 0, 0, 0, 0, 0]),
    ("molar", "M", 3, [-3, 0, 0, 0, 0, 1, 0]),
    ("radian", "rad", 0, [0, 0, 0, 0, 0, 0, 0]),
    ("steradian", "sr", 0, [0, 0, 0, 0, 0, 0, 0]),
    ("hertz", "Hz", 0, [0, 0, -1, 0, 0, 0, 0]),
    ("newton", "N", 0, [1, 1, -2, 0, 0, 0, 0]),
    ("pascal", "Pa", 0, [-1, 1, -2, 0, 0, 0, 0]),
    ("joule", "J", 0, [2, 1, -2, 0, 0, 0, 0]),
    ("watt", "W", 0, [2, 1, -3, 0, 0, 0, 0]),
    ("coulomb", "C", 0, [0, 0, 1, 1, 0, 0, 0]),
    ("volt", "V", 0, [2, 1, -3, -1, 0, 0, 0]),
    ("farad", "F", 0, [-2, -1, 4, 2, 0, 0, 0]),
    ("ohm", "ohm", 0, [2, 1, -3, -2, 0, 0, 0]),
    ("siemens", "S", 0, [-2, -1, 3, 2, 0, 0, 0]),
    ("weber", "Wb", 0, [2, 1, -2, -1, 0, 0, 0]),
    ("tesla", "T", 0, [0, 1, -2, -1, 0, 0, 0]),
    ("henry", "H", 0, [2, 1, -2, -2, 0, 0, 0]),
    ("lumen", "lm", 0, [0, 0, 0, 0, 0, 0, 1]),
    ("lux", "lx", 0, [-2, 0, 0, 0, 0, 0, 1]),
    ("becquerel", "Bq", 0, [0, 0, -1, 0, 0, 0, 0]),
    ("gray", "Gy", 0, [2, 0, -2, 0, 0, 0, 0]),
    ("sievert", "Sv", 0, [2, 0, -2, 0, 0, 0, 0]),
    ("katal", "kat", 0, [0, 0, -1, 0, 0, 1, 0]),
];

/// SI prefixes in Brian2's order, with their power of ten.
const PREFIXES: [(&str, i32); 20] = [
    ("y", -24),
    ("z", -21),
    ("a", -18),
    ("f", -15),
    ("p", -12),
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("c", -2),
    ("d", -1),
    ("da", 1),
    ("h", 2),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
    ("Z", 21),
    ("Y", 24),
];

/// Prefixes Brian2 defines but leaves out of its standard units.
const NONSTANDARD_PREFIXES: [&str; 4] = ["c", "d", "da", "h"];

/// Base units Brian2 never prefixes.
const UNPREFIXED: [&str; 3] = ["kelvin", "kilogram", "kilogramme"];

/// Prefixed units outside the standard set that `from brian2 import *` still exports.
const EXPORTED_NONSTANDARD: [&str; 2] = ["cmetre", "cmeter"];

/// Brian2's short names (`stdunits.py`): name, prefix, base unit, power.
const SHORT_NAMES: [(&str, &str, &str, i32); 28] = [
    ("mV", "m", "volt", 1),
    ("mA", "m", "amp", 1),
    ("uA", "u", "amp", 1),
    ("nA", "n", "amp", 1),
    ("pA", "p", "amp", 1),
    ("pF", "p", "farad", 1),
    ("uF", "u", "farad", 1),
    ("nF", "n", "farad", 1),
    ("nS", "n", "siemens", 1),
    ("uS", "u", "siemens", 1),
    ("mS", "m", "siemens", 1),
    ("ms", "m", "second", 1),
    ("us", "u", "second", 1),
    ("Hz", "", "hertz", 1),
    ("kHz", "k", "hertz", 1),
    ("MHz", "M", "hertz", 1),
    ("cm", "c", "metre", 1),
    ("cm2", "c", "metre", 2),
    ("cm3", "c", "metre", 3),
    ("mm", "m", "metre", 1),
    ("mm2", "m", "metre", 2),
    ("mm3", "m", "metre", 3),
    ("um", "u", "metre", 1),
    ("um2", "u", "metre", 2),
    ("um3", "u", "metre", 3),
    ("mM", "m", "molar", 1),
    ("uM", "u", "molar", 1),
    ("nM", "n", "molar", 1),
];

/// Which part of Brian2's definitions a unit comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    /// A base or derived unit (`volt`).
    Base,
    /// A prefixed unit (`mvolt`).
    Scaled,
    /// A square or cube (`umetre2`).
    Powered,
    /// A liter (`mliter`) or short name (`mV`) or exported extra (`cmetre`).
    Other,
}

/// One unit definition, owning its strings.
pub(crate) struct Def {
    pub(crate) name: String,
    pub(crate) symbol: String,
    /// The scale is `10^exp10`.
    pub(crate) exp10: i32,
    pub(crate) dim: Dimension,
    pub(crate) group: Group,
    /// Whether Brian2 registers it as a standard unit (used for display).
    pub(crate) standard: bool,
}

impl Def {
    /// The scale `10^exp10`, correctly rounded.
    pub(crate) fn scale(&self) -> f64 {
        pow10(self.exp10)
    }
}

/// `10^k` correctly rounded, like Python's `10.0**k` (parsing is exact).
pub(crate) fn pow10(k: i32) -> f64 {
    format!("1e{k}").parse().unwrap_or(f64::NAN)
}

/// Generate all definitions in Brian2's order: base, scaled, powered, then the rest.
fn generate() -> Vec<Def> {
    let mut defs = Vec::with_capacity(1713);
    let mut bases = Vec::new();
    for &(name, symbol, exp10, exps) in &BASE_UNITS {
        let dim = Dimension::from_exponents(exps);
        bases.push((name, symbol, exp10, dim));
        defs.push(Def {
            name: name.to_string(),
            symbol: symbol.to_string(),
            exp10,
            dim,
            group: Group::Base,
            standard: true,
        });
    }
    // Prefixed units; Brian2 squares and cubes the standard ones (base units first).
    let mut to_power: Vec<(String, String, i32, Dimension)> = bases
        .iter()
        .map(|&(n, s, e, d)| (n.to_string(), s.to_string(), e, d))
        .collect();
    for &(name, symbol, exp10, dim) in &bases {
        if UNPREFIXED.contains(&name) {
            continue;
        }
        for &(prefix, pexp) in &PREFIXES {
            let scaled_name = format!("{prefix}{name}");
            let standard = !NONSTANDARD_PREFIXES.contains(&prefix);
            let scaled_symbol = format!("{prefix}{symbol}");
            if standard {
                to_power.push((
                    scaled_name.clone(),
                    scaled_symbol.clone(),
                    exp10 + pexp,
                    dim,
                ));
            }
            if standard || EXPORTED_NONSTANDARD.contains(&scaled_name.as_str()) {
                defs.push(Def {
                    name: scaled_name,
                    symbol: scaled_symbol,
                    exp10: exp10 + pexp,
                    dim,
                    group: Group::Scaled,
                    standard,
                });
            }
        }
    }
    for (name, symbol, exp10, dim) in &to_power {
        for power in [2, 3] {
            defs.push(Def {
                name: format!("{name}{power}"),
                symbol: format!("{symbol}^{power}"),
                exp10: exp10 * power,
                dim: dim.powi(power),
                group: Group::Powered,
                standard: true,
            });
        }
    }
    let volume = Dimension::VOLUME;
    for liter in ["liter", "litre"] {
        for (prefix, pexp) in std::iter::once(("", 0)).chain(PREFIXES) {
            defs.push(Def {
                name: format!("{prefix}{liter}"),
                symbol: format!("{prefix}l"),
                exp10: pexp - 3,
                dim: volume,
                group: Group::Other,
                standard: false,
            });
        }
    }
    for &(short, prefix, base, power) in &SHORT_NAMES {
        let pexp = PREFIXES.iter().find(|p| p.0 == prefix).map_or(0, |p| p.1);
        if let Some(&(_, symbol, exp10, dim)) = bases.iter().find(|b| b.0 == base) {
            let symbol = if power == 1 {
                format!("{prefix}{symbol}")
            } else {
                format!("{prefix}{symbol}^{power}")
            };
            defs.push(Def {
                name: short.to_string(),
                symbol,
                exp10: (exp10 + pexp) * power,
                dim: dim.powi(power),
                group: Group::Other,
                standard: false,
            });
        }
    }
    defs
}

/// All definitions, generated once.
pub(crate) fn definitions() -> &'static [Def] {
    static DEFS: OnceLock<Vec<Def>> = OnceLock::new();
    DEFS.get_or_init(generate)
}

/// The name index, built once.
fn index() -> &'static HashMap<&'static str, Unit> {
    static INDEX: OnceLock<HashMap<&'static str, Unit>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let defs = definitions();
        let mut map = HashMap::with_capacity(defs.len());
        for def in defs {
            map.insert(def.name.as_str(), to_unit(def));
        }
        map
    })
}

fn to_unit(def: &'static Def) -> Unit {
    Unit {
        name: &def.name,
        symbol: &def.symbol,
        scale: def.scale(),
        dim: def.dim,
    }
}

/// The unit called `name` in Brian2 code, if there is one (case-sensitive: `mV` and
/// `MV` differ, and only names Brian2 defines exist: `uV` does not).
///
/// ```
/// use spikelift::units::lookup_unit;
/// assert_eq!(lookup_unit("cm2").unwrap().scale, 1e-4);
/// assert_eq!(lookup_unit("gram").unwrap().scale, 1e-3);
/// assert!(lookup_unit("tau").is_none());
/// ```
pub fn lookup_unit(name: &str) -> Option<Unit> {
    index().get(name).copied()
}

/// Whether `name` is a unit name (such names cannot be model variables).
pub fn is_unit_name(name: &str) -> bool {
    index().contains_key(name)
}

/// Every unit of the table, each name once, in Brian2's definition order (base units,
/// prefixed units, squares and cubes, liters, short names).
///
/// ```
/// use spikelift::units::all_units;
/// assert_eq!(all_units().count(), 1713);
/// assert!(all_units().any(|u| u.name == "nS"));
/// ```
pub fn all_units() -> impl Iterator<Item = Unit> {
    definitions().iter().map(to_unit)
}
