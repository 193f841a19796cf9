//! Name resolution and dimension checking of model code.
//!
//! Takes the syntax trees of a group's equations, threshold, reset and refractory
//! code, resolves every identifier (group variables, then `t`/`dt`/`i`/`N`, then the
//! user's namespaces, then units and constants) and checks every dimension. Its output,
//! [`GroupModel`], holds unit-free expressions ([`typed::Expr`]); no `Dimension` goes
//! further down the pipeline.

pub mod dims;
pub mod error;
pub mod model;
pub mod namespace;
pub mod noise;
pub mod scalar;
pub mod synapses;
pub mod timed_array;
pub mod typed;

pub use error::{ErrorKind, ModelError, close_matches};
pub use model::{
    CheckedStatement, GroupDefinition, GroupModel, Refractory, RefractorySpec, Target, VarFlags,
    VarKind, Variable, check_group,
};
pub use namespace::Namespace;
pub use timed_array::{TimedArray, TimedArrayError};
pub use typed::{Dtype, Expr, Special, VarId};
