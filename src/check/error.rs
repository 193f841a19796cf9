//! The typed error of model checking and code generation: what went wrong, in which
//! piece of model code, and where inside that code.

use crate::diag::{self, Span};
use crate::syntax::SyntaxError;
use std::fmt;

/// What kind of problem a [`ModelError`] reports (Brian2's exception classes, roughly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text does not parse.
    Syntax,
    /// Units do not match (Brian2's `DimensionMismatchError`).
    DimensionMismatch,
    /// A name is defined nowhere (Brian2's `KeyError`).
    UndefinedIdentifier,
    /// A value has the wrong type, e.g. a threshold that is not boolean (Brian2's `TypeError`).
    Type,
    /// The equations cannot be integrated with the requested method
    /// (Brian2's `UnsupportedEquationsException`).
    UnsupportedEquations,
    /// An argument has an invalid value (Brian2's `ValueError`).
    Value,
    /// Brian2 runs this, spikelift cannot yet (`NotImplementedError`).
    NotImplemented,
}

impl ErrorKind {
    /// Brian2's name for the exception class this corresponds to.
    pub fn brian2_class(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::DimensionMismatch => "DimensionMismatchError",
            ErrorKind::UndefinedIdentifier => "KeyError",
            ErrorKind::Type => "TypeError",
            ErrorKind::UnsupportedEquations => "UnsupportedEquationsException",
            ErrorKind::Value => "ValueError",
            ErrorKind::NotImplemented => "NotImplementedError",
        }
    }
}

/// An error in a model: its kind, a message, and the piece of model code it is in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ModelError {
    /// What kind of problem.
    pub kind: ErrorKind,
    /// The message, in Brian2's words where Brian2 has them.
    pub message: String,
    /// Which piece of model code (`"equations"`, `"threshold"`, `"reset"`, ...).
    pub context: String,
    /// The text of that piece of code (empty if there is none).
    pub source_text: String,
    /// The offending part of `source_text`.
    pub span: Span,
    /// Where the error was met, e.g. the name of the group (`neurongroup`).
    pub object: Option<String>,
    /// A hint on how to fix it.
    pub help: Option<String>,
}

impl ModelError {
    /// A new error about `span` of `source_text`.
    pub fn new(
        kind: ErrorKind,
        message: impl Into<String>,
        context: &str,
        source_text: &str,
        span: Span,
    ) -> ModelError {
        ModelError {
            kind,
            message: message.into(),
            context: context.to_string(),
            source_text: source_text.to_string(),
            span,
            object: None,
            help: None,
        }
    }

    /// An error that is about no particular text.
    pub fn plain(kind: ErrorKind, message: impl Into<String>, context: &str) -> ModelError {
        ModelError::new(kind, message, context, "", Span::default())
    }

    /// A syntax error in `source_text`.
    pub fn syntax(context: &str, source_text: &str, err: SyntaxError) -> ModelError {
        ModelError::new(
            ErrorKind::Syntax,
            err.to_string(),
            context,
            source_text,
            err.span,
        )
    }

    /// Attach a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> ModelError {
        self.help = Some(help.into());
        self
    }

    /// Name the object the error was met in.
    pub fn in_object(mut self, name: &str) -> ModelError {
        if self.object.is_none() {
            self.object = Some(name.to_string());
        }
        self
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(obj) = &self.object {
            write!(f, "error in object '{obj}', ")?;
        }
        write!(
            f,
            "{} ({}): {}",
            self.context,
            self.kind.brian2_class(),
            self.message
        )?;
        if !self.source_text.is_empty() {
            let rendered = diag::render(&self.source_text, self.span, "");
            write!(f, "{}", rendered.trim_start_matches('\n'))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        Ok(())
    }
}

/// Names within edit distance 2 of `name` (at most 5, best first), for "did you mean".
pub fn close_matches<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = candidates
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, c)| *d <= 2.min(name.len().max(c.len()) / 2 + 1))
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(5)
        .map(|(_, c)| c.to_string())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
