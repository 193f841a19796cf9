//! Display units: which unit Brian2 uses to show a dimension or a value (Brian2's
//! `UnitRegistry`, `get_unit` and `Quantity.get_best_unit`).
//!
//! Brian2 keeps two built-in registries, searched in order:
//!
//! * the *standard* units: the base units, their prefixed forms without `c d da h`, and
//!   the squares and cubes of those (see [`table`](super::table)). They are registered
//!   powered first, then prefixed, then base units, each group in reverse definition
//!   order, into a map from dimension to (scale → unit) where a later unit of the same
//!   scale replaces an earlier one but keeps its position. So `volt` is the scale-1
//!   unit of voltage, `hertz` wins over `becquerel` and `gray` over `sievert`;
//! * the *additional* units: the compound units `Pa s`, `N m`, `W/(m^2)`, `J/K`,
//!   `J/(kg K)`, `J/kg`, `W/(m K)`, `J/(m^3)`, `V/(m^3)`, `C/(m^3)`, `C/(m^2)`, `F/m`,
//!   `H/m`, `J/mol`, `J/(mol K)`, `C/kg`, `Gy/s`, `kat/(m^3)` (and the liters, which
//!   never matter for display because volume has standard units, so they are left out).
//!
//! Brian2 also registers, at run time, every compound unit a script happens to build
//! (`nS/um**2`), so its display depends on the script's history; spikelift uses only the
//! built-in registries.
//!
//! * The *unit for a dimension* ([`unit_symbol_for`]) is the scale-1 unit of the first
//!   registry that has one.
//! * The *best unit for values* ([`best_unit`]) is chosen among all units of the first
//!   registry that has any unit of the dimension: the one minimising the sum over the
//!   values of `(log10(|x| / scale) - 1)^2`, i.e. putting the values closest to 10.
//!   Zeros and NaNs are left out of the sum (NumPy's `nansum`, including its quirk that
//!   a value whose ratio underflows to zero counts as zero deviation). If no value
//!   counts at all, the scale-1 unit is used. Ties go to the unit registered first.

use super::dimension::Dimension;
use super::table::{BASE_UNITS, Group, definitions, pow10};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A display unit: scale and symbol.
pub(crate) type DisplayUnit = (f64, &'static str);

/// The registered units of one dimension, in registry order.
#[derive(Default)]
struct DimUnits {
    standard: Vec<DisplayUnit>,
    additional: Vec<DisplayUnit>,
}

/// Brian2's additional compound units: symbol and the base units it is made of.
const COMPOUND_UNITS: [(&str, &[(&str, i32)]); 18] = [
    ("Pa s", &[("pascal", 1), ("second", 1)]),
    ("N m", &[("newton", 1), ("metre", 1)]),
    ("W/(m^2)", &[("watt", 1), ("metre", -2)]),
    ("J/K", &[("joule", 1), ("kelvin", -1)]),
    (
        "J/(kg K)",
        &[("joule", 1), ("kilogram", -1), ("kelvin", -1)],
    ),
    ("J/kg", &[("joule", 1), ("kilogram", -1)]),
    ("W/(m K)", &[("watt", 1), ("metre", -1), ("kelvin", -1)]),
    ("J/(m^3)", &[("joule", 1), ("metre", -3)]),
    ("V/(m^3)", &[("volt", 1), ("metre", -3)]),
    ("C/(m^3)", &[("coulomb", 1), ("metre", -3)]),
    ("C/(m^2)", &[("coulomb", 1), ("metre", -2)]),
    ("F/m", &[("farad", 1), ("metre", -1)]),
    ("H/m", &[("henry", 1), ("metre", -1)]),
    ("J/mol", &[("joule", 1), ("mole", -1)]),
    ("J/(mol K)", &[("joule", 1), ("mole", -1), ("kelvin", -1)]),
    ("C/kg", &[("coulomb", 1), ("kilogram", -1)]),
    ("Gy/s", &[("gray", 1), ("second", -1)]),
    ("kat/(m^3)", &[("katal", 1), ("metre", -3)]),
];

/// Insert like a Python dict keyed by scale: replace in place, or append.
fn register(list: &mut Vec<DisplayUnit>, unit: DisplayUnit) {
    match list.iter_mut().find(|u| u.0 == unit.0) {
        Some(slot) => *slot = unit,
        None => list.push(unit),
    }
}

fn build() -> HashMap<Dimension, DimUnits> {
    let mut map: HashMap<Dimension, DimUnits> = HashMap::new();
    let defs = definitions();
    for group in [Group::Powered, Group::Scaled, Group::Base] {
        for def in defs.iter().rev() {
            if def.group == group && def.standard {
                let entry = map.entry(def.dim).or_default();
                register(&mut entry.standard, (def.scale(), def.symbol.as_str()));
            }
        }
    }
    for (symbol, parts) in COMPOUND_UNITS {
        let mut dim = Dimension::DIMENSIONLESS;
        for &(name, power) in parts {
            if let Some(base) = BASE_UNITS.iter().find(|b| b.0 == name) {
                dim = dim.mul(Dimension::from_exponents(base.3).powi(power));
            }
        }
        let entry = map.entry(dim).or_default();
        register(&mut entry.additional, (pow10(0), symbol));
    }
    map
}

fn registry() -> &'static HashMap<Dimension, DimUnits> {
    static REGISTRY: OnceLock<HashMap<Dimension, DimUnits>> = OnceLock::new();
    REGISTRY.get_or_init(build)
}

/// The registered units for `dim`: the standard ones if there are any, else the
/// additional ones (empty if none).
fn candidates(dim: Dimension) -> &'static [DisplayUnit] {
    match registry().get(&dim) {
        Some(units) if !units.standard.is_empty() => &units.standard,
        Some(units) => &units.additional,
        None => &[],
    }
}

/// The symbol of the scale-1 unit Brian2 shows for `dim` (`V`, `Hz`, `mM`), if any.
pub(crate) fn unit_symbol_for(dim: Dimension) -> Option<&'static str> {
    let units = registry().get(&dim)?;
    let one = |list: &'static [DisplayUnit]| list.iter().find(|u| u.0 == 1.0).map(|u| u.1);
    one(&units.standard).or_else(|| one(&units.additional))
}

/// The unit Brian2 would display `values` (SI, all of dimension `dim`) in; `None` if
/// no registered unit has this dimension (then the base form is shown).
pub(crate) fn best_unit(dim: Dimension, values: &[f64]) -> Option<DisplayUnit> {
    let units = candidates(dim);
    if units.is_empty() {
        return None;
    }
    let mut any_counted = false;
    let mut best: Option<(f64, DisplayUnit)> = None;
    for &unit in units {
        let mut deviation = 0.0;
        for &x in values {
            let ratio = x.abs() / unit.0;
            if ratio == 0.0 || ratio.is_nan() {
                continue;
            }
            any_counted = true;
            deviation += (ratio.log10() - 1.0).powi(2);
        }
        if best.is_none_or(|(d, _)| deviation < d) {
            best = Some((deviation, unit));
        }
    }
    if !any_counted {
        return units.iter().find(|u| u.0 == 1.0).copied();
    }
    best.map(|(_, unit)| unit)
}
