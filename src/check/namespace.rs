//! External names a model can refer to: the user's constants and functions (a group's
//! own `namespace=` and the run's namespace), then Brian2's default names (units and
//! the constants `pi`, `e`, `inf`).

use super::timed_array::TimedArray;
use crate::units::{Dimension, Quantity, lookup_unit};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A set of named constants and `TimedArray` functions (Brian2's `namespace`
/// dictionaries).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Namespace {
    values: BTreeMap<String, Quantity>,
    timed_arrays: BTreeMap<String, Arc<TimedArray>>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Namespace {
        Namespace::default()
    }

    /// Define (or redefine) `name`.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Quantity>) {
        let name = name.into();
        self.timed_arrays.remove(&name);
        self.values.insert(name, value.into());
    }

    /// Define (or redefine) `name` as a `TimedArray` function.
    pub fn insert_timed_array(&mut self, name: impl Into<String>, ta: Arc<TimedArray>) {
        let name = name.into();
        self.values.remove(&name);
        self.timed_arrays.insert(name, ta);
    }

    /// The `TimedArray` called `name`, if defined here.
    pub fn timed_array(&self, name: &str) -> Option<&Arc<TimedArray>> {
        self.timed_arrays.get(name)
    }

    /// The value of `name`, if defined here.
    pub fn get(&self, name: &str) -> Option<Quantity> {
        self.values.get(name).copied()
    }

    /// All names defined here (constants, then functions).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values
            .keys()
            .chain(self.timed_arrays.keys())
            .map(String::as_str)
    }

    /// Whether nothing is defined.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.timed_arrays.is_empty()
    }
}

impl<S: Into<String>, Q: Into<Quantity>> FromIterator<(S, Q)> for Namespace {
    fn from_iter<T: IntoIterator<Item = (S, Q)>>(iter: T) -> Namespace {
        let mut ns = Namespace::new();
        for (k, v) in iter {
            ns.insert(k, v);
        }
        ns
    }
}

/// Brian2's default names that are not units: `pi`, `e`, `inf`.
pub fn default_constant(name: &str) -> Option<Quantity> {
    let value = match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "inf" => f64::INFINITY,
        _ => return lookup_unit(name).map(|u| Quantity::new(u.scale, u.dim)),
    };
    Some(Quantity::new(value, Dimension::DIMENSIONLESS))
}

/// Resolve an external name: the group's namespace first, then the run's, then defaults.
pub fn resolve_external(name: &str, layers: &[&Namespace]) -> Option<Quantity> {
    layers
        .iter()
        .find_map(|ns| ns.get(name))
        .or_else(|| default_constant(name))
}

/// Resolve a function name: the first namespace defining it as a `TimedArray`.
pub fn resolve_timed_array<'n>(
    name: &str,
    layers: &[&'n Namespace],
) -> Option<&'n Arc<TimedArray>> {
    layers.iter().find_map(|ns| ns.timed_array(name))
}
