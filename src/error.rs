//! The library's error type: every fallible public operation returns [`Error`].

use crate::check::{ModelError, TimedArrayError};
use crate::units::DimensionMismatch;
use spikelift_jit::{BindError, JitError};

/// Anything that can go wrong when building or running a network.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in model code (syntax, units, names, integration method).
    #[error("{0}")]
    Model(#[from] ModelError),
    /// Quantities of incompatible units were combined.
    #[error("{0}")]
    Dimension(#[from] DimensionMismatch),
    /// A `TimedArray` that cannot be made (no values, a bad shape or time step).
    #[error("{0}")]
    TimedArray(#[from] TimedArrayError),
    /// An argument has an invalid value (a negative size, an index out of range, ...).
    #[error("{0}")]
    InvalidArgument(String),
    /// A name that is not a variable of the object.
    #[error("object '{object}' has no variable '{name}'{}", suggestion(.candidates))]
    UnknownVariable {
        /// The object.
        object: String,
        /// The name asked for.
        name: String,
        /// Close matches.
        candidates: Vec<String>,
    },
    /// A kernel could not be compiled (a bug, or an unsupported construct).
    #[error("code generation failed: {0}")]
    Jit(#[from] JitError),
    /// A kernel was called with arguments that do not fit it (a bug).
    #[error("bug: {0}")]
    Bind(#[from] BindError),
    /// A run was stopped through the network's stop flag (`Network::stop_flag`, set by
    /// Ctrl-C in the REPL) before its end. Not a failure: the network's time is `t`,
    /// and every variable and all data recorded up to there are kept.
    #[error("the run was interrupted at t = {t}")]
    Interrupted {
        /// The time reached.
        t: crate::units::Quantity,
    },
}

fn suggestion(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(
            " (did you mean {}?)",
            c.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
