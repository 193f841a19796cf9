//! Errors of script execution: a message, Brian2's exception class, and where in the
//! script (and, for model errors, where inside an equation string) the problem is.

use crate::diag::{Span, line_col};

/// A script error.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptError {
    /// What went wrong.
    pub message: String,
    /// The Python/Brian2 exception class (`NameError`, `DimensionMismatchError`, ...).
    pub class: String,
    /// The offending part of the script.
    pub span: Span,
    /// Details rendered from inside a model string (source line of the equation and a
    /// caret), if the error is in model code.
    pub detail: Option<String>,
    /// Further problems found together with this one (`spikelift check` reports
    /// every group's problems at once).
    pub related: Vec<ScriptError>,
}

impl ScriptError {
    /// A new error of class `class` at `span`.
    pub fn new(class: &str, message: impl Into<String>, span: Span) -> ScriptError {
        ScriptError {
            message: message.into(),
            class: class.to_string(),
            span,
            detail: None,
            related: Vec::new(),
        }
    }

    /// Render as `file:line:col: Class: message`, the script line and a caret.
    pub fn render(&self, src: &str, filename: &str) -> String {
        let (line, col) = line_col(src, self.span.start);
        let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let width = self
            .span
            .text(src)
            .lines()
            .next()
            .map_or(1, |s| s.chars().count().max(1));
        let width = width.min(text.chars().count().saturating_sub(col - 1).max(1));
        let mut out = format!(
            "{filename}:{line}:{col}: {}: {}\n {line:>4} | {text}\n      | {}{}",
            self.class,
            self.message,
            " ".repeat(col - 1),
            "^".repeat(width)
        );
        for other in &self.related {
            out.push_str("\n\n");
            out.push_str(&other.render(src, filename));
        }
        if let Some(d) = &self.detail {
            out.push('\n');
            out.push_str(d);
        }
        out
    }
}

/// Shorthand.
pub type SResult<T> = Result<T, ScriptError>;
