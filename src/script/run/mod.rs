//! The script runner: executes parsed Brian2 scripts against the embedded API.
//!
//! `value` holds the values scripts compute with (Python scalars, NumPy-like arrays
//! with units, handles to Brian2 objects), `ops` and `index` their arithmetic and
//! indexing, `builtins` Python and NumPy functions, `brian` Brian2's classes and
//! functions (delegating to `crate::api`), `interp` statements and expressions, and
//! `session` whole files and REPL input (with `completion` for tab completion, `help`
//! for `help(Name)`, `report` for Brian2's progress report, `states` for `get_states()`, `set_states()`,
//! `variables` and the schedule and profile summaries). The runner owns no
//! simulation logic.

pub mod brian;
pub mod builtins;
pub mod completion;
pub mod equations;
pub mod error;
pub mod help;
pub mod index;
pub mod interp;
pub mod ops;
pub mod plotting;
pub mod poisson;
pub mod rate_monitor;
pub mod report;
pub mod session;
pub mod spike_monitor;
pub mod states;
pub mod synapses;
pub mod value;

pub use error::ScriptError;
pub use interp::{Interpreter, Output, Stdout};
pub use session::{Feed, Session, run_file};
