//! Running whole script files and feeding a REPL session line by line.
//!
//! [`Session::feed`] is the REPL's core, a pure state machine over input lines (the
//! binary only adds line editing); [`run_file`] runs a script the way
//! `spikelift run` does.

use super::interp::{Interpreter, Output};
use crate::script::{ParseOutcome, parse_interactive, parse_script};
use std::path::Path;

/// What happened to a fed line.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// The statement is not complete yet (open block, bracket or string).
    NeedMore,
    /// The input ran; the value of a lone expression, if any, to echo.
    Done(Option<String>),
    /// The input failed; the rendered error.
    Error(String),
}

/// A REPL session: an interpreter plus the pending, incomplete input.
pub struct Session {
    /// The interpreter.
    pub interp: Interpreter,
    pending: String,
    counter: usize,
}

impl Session {
    /// A session printing to `out`.
    pub fn new(out: Box<dyn Output>) -> Session {
        Session {
            interp: Interpreter::new(out),
            pending: String::new(),
            counter: 0,
        }
    }

    /// Whether a statement is waiting for more lines.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Feed one line of input.
    pub fn feed(&mut self, line: &str) -> Feed {
        self.pending.push_str(line);
        self.pending.push('\n');
        let src = std::mem::take(&mut self.pending);
        match parse_interactive(&src) {
            ParseOutcome::Incomplete => {
                self.pending = src;
                Feed::NeedMore
            }
            ParseOutcome::Error(e) => Feed::Error(e.render(&src, "<stdin>")),
            ParseOutcome::Complete(script) => {
                self.counter += 1;
                // A lone expression is echoed like Python's REPL does.
                if let [stmt] = script.body.as_slice()
                    && let crate::script::StmtKind::Expr(e) = &stmt.kind
                {
                    return match self.interp.eval(e) {
                        Ok(super::value::Value::None) => Feed::Done(None),
                        Ok(v) => Feed::Done(Some(super::value::repr(&v))),
                        Err(err) => Feed::Error(err.render(&src, "<stdin>")),
                    };
                }
                match self.interp.exec_block(&script.body) {
                    Ok(()) => Feed::Done(None),
                    Err(err) => Feed::Error(err.render(&src, "<stdin>")),
                }
            }
        }
    }
}

/// Run the script at `path` (relative output paths resolve against the current
/// directory); returns the rendered error on failure. With `check_only`, every
/// `run()` checks and compiles the models instead of simulating them.
pub fn run_file(path: &Path, out: Box<dyn Output>, check_only: bool) -> Result<(), String> {
    let name = path.display().to_string();
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("{name}: cannot read the script: {e}"))?;
    let script = parse_script(&src).map_err(|e| e.render(&src, &name))?;
    let mut interp = Interpreter::new(out);
    interp.check_only = check_only;
    interp
        .exec_block(&script.body)
        .map_err(|e| e.render(&src, &name))
}
