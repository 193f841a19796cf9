//! Plotting builtins named after brian2tools' functions (`brian_plot`, `plot_raster`,
//! `plot_state`, `plot_rate`), writing PNG or SVG files (being written).

use super::error::SResult;
use super::interp::{Call, Interpreter};
use super::value::Value;

/// The plotting builtin called `name`, if there is one.
pub fn lookup(_name: &str) -> Option<Value> {
    None
}

/// Call plotting builtin `call.name`, or `None` if it is not one.
pub fn call(_interp: &mut Interpreter, _call: &Call<'_>) -> Option<SResult<Value>> {
    None
}
