//! `PoissonGroup` and `PoissonInput` in scripts, delegating to the embedded API.

use super::brian::convert;
use super::error::{SResult, ScriptError};
use super::interp::{Call, Interpreter};
use super::value::{Obj, Value};
use crate::api::{Neurons, PoissonGroupOptions, PoissonRates};
use crate::units::{Dimension, Quantity};

/// `PoissonGroup(N, rates, dt=None, clock=None, when='thresholds', order=0, name=...)`.
pub fn construct_group(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(2, &["N", "rates", "dt", "clock", "when", "order", "name"])?;
    let mut options = PoissonGroupOptions {
        clock: super::brian::clock_arg(call, 3, "clock")?,
        ..Default::default()
    };
    if let Some(v) = call.arg(2, "dt").filter(|v| **v != Value::None) {
        let q = v.as_quantity().filter(|q| q.dim == Dimension::TIME);
        options.dt = Some(q.ok_or_else(|| {
            ScriptError::new(
                "TypeError",
                format!("dt must be a time, got {v}"),
                call.arg_span(2, "dt"),
            )
        })?);
    }
    if let Some(v) = call.arg(4, "when") {
        let Value::Str(w) = v else {
            return Err(ScriptError::new(
                "TypeError",
                format!("when must be a string, got {v}"),
                call.arg_span(4, "when"),
            ));
        };
        options.when = w.clone();
    }
    if let Some(v) = call.arg(5, "order") {
        let o = v.as_int().ok_or_else(|| {
            ScriptError::new(
                "TypeError",
                format!("order must be an integer, got {v}"),
                call.arg_span(5, "order"),
            )
        })?;
        options.order = o as i32;
    }
    if let Some(v) = call.arg(6, "name") {
        let Value::Str(name) = v else {
            return Err(ScriptError::new(
                "TypeError",
                format!("name must be a string, got {v}"),
                call.arg_span(6, "name"),
            ));
        };
        options.name = Some(name.clone());
    }
    let n = call
        .arg(0, "N")
        .and_then(Value::as_int)
        .ok_or_else(|| call.error("PoissonGroup() needs the number of neurons N as an integer"))?;
    let span = call.arg_span(1, "rates");
    let rates = match call.arg(1, "rates") {
        Some(Value::Str(s)) => PoissonRates::Expr(s.clone()),
        Some(Value::Array(a)) if a.shape.len() == 1 && a.dim == Dimension::FREQUENCY => {
            PoissonRates::PerNeuron(a.data.clone())
        }
        Some(v) => match v.as_quantity() {
            Some(q) => PoissonRates::Constant(q),
            None => {
                return Err(ScriptError::new(
                    "TypeError",
                    format!(
                        "rates must be a frequency, an array of frequencies or a string, got {v}"
                    ),
                    span,
                ));
            }
        },
        None => return Err(call.error("PoissonGroup() missing required argument 'rates'")),
    };
    let g = interp
        .net
        .poisson_group_with(n, rates, options)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Obj(Obj::Group(g)))
}

/// `PoissonInput(target, target_var, N, rate, weight, when='synapses', order=0)`.
pub fn construct_input(interp: &mut Interpreter, call: &Call<'_>) -> SResult<Value> {
    call.check(
        5,
        &[
            "target",
            "target_var",
            "N",
            "rate",
            "weight",
            "when",
            "order",
        ],
    )?;
    let target: Neurons = match call.arg(0, "target") {
        Some(Value::Obj(Obj::Group(g))) => (*g).into(),
        Some(Value::Obj(Obj::Subgroup(g, a, b))) => g.slice(*a, *b),
        _ => return Err(call.error("PoissonInput() needs a NeuronGroup as its target")),
    };
    let var = match call.arg(1, "target_var") {
        Some(Value::Str(s)) => s.clone(),
        _ => return Err(call.error("PoissonInput() needs the target variable's name as a string")),
    };
    let n = call
        .arg(2, "N")
        .and_then(Value::as_int)
        .ok_or_else(|| call.error("PoissonInput() needs the number of inputs N as an integer"))?;
    let quantity = |pos: usize, name: &str| -> SResult<Quantity> {
        let v = call.arg(pos, name).ok_or_else(|| {
            call.error(format!("PoissonInput() missing required argument '{name}'"))
        })?;
        v.as_quantity().ok_or_else(|| {
            ScriptError::new(
                "TypeError",
                format!("{name} must be a quantity, got {v}"),
                call.arg_span(pos, name),
            )
        })
    };
    let rate = quantity(3, "rate")?;
    let weight: crate::api::poisson::PoissonWeight = match call.arg(4, "weight") {
        Some(Value::Str(text)) => text.as_str().into(),
        _ => quantity(4, "weight")?.into(),
    };
    let id = interp
        .net
        .poisson_input(target, &var, n, rate, weight)
        .map_err(|e| convert(interp, e, call.span))?;
    Ok(Value::Obj(Obj::PoissonInput(id)))
}
