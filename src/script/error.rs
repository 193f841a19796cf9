//! The syntax error of the script language and its plain-text rendering.
//!
//! One error per parse (the parser stops at the first problem). Positions are byte
//! spans into the whole script; line and column are computed only in [`render`].
//! This module does not decide what is an error (that is `lines.rs` and `parser.rs`),
//! and does not know about the other diagnostics of the crate.
//!
//! [`render`]: ScriptSyntaxError::render

use crate::diag::{Span, line_col};

/// A syntax error in a script: what went wrong, where, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ScriptSyntaxError {
    /// Lowercase, no trailing period, e.g. "`def` is not supported in scripts".
    pub message: String,
    /// The offending text, always inside the script and on character boundaries;
    /// empty only where the problem is the end of a line or of the script.
    pub span: Span,
    /// What the parser would have accepted at this point, e.g. "an expression" or
    /// "':'", when that is meaningful.
    pub expected: Option<String>,
}

impl ScriptSyntaxError {
    /// An error with a message and no expectation.
    pub fn new(message: impl Into<String>, span: Span) -> ScriptSyntaxError {
        ScriptSyntaxError {
            message: message.into(),
            span,
            expected: None,
        }
    }

    /// `file:line:col: message`, then the source line and a caret line under the span
    /// (carets stop at the end of the first line of a multi-line span).
    pub fn render(&self, src: &str, filename: &str) -> String {
        let (line, col) = line_col(src, self.span.start);
        let line_text = src.split('\n').nth(line - 1).unwrap_or("");
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let shown: String = line_text
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let span_chars = self
            .span
            .text(src)
            .split('\n')
            .next()
            .map_or(0, |s| s.chars().count());
        let available = shown.chars().count().saturating_sub(col - 1);
        let width = span_chars.min(available).max(1);
        let gutter = " ".repeat(line.to_string().len());
        let mut out = format!("{filename}:{line}:{col}: {}\n", self.message);
        out.push_str(&format!("{gutter} |\n{line} | {shown}\n"));
        out.push_str(&format!(
            "{gutter} | {}{}",
            " ".repeat(col - 1),
            "^".repeat(width)
        ));
        out
    }
}
