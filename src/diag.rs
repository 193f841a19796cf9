//! Source spans and the shared error shape of the front end.
//!
//! A [`Span`] is a half-open byte range into the text that was parsed. Line and column
//! are computed only when an error is rendered ([`line_col`]).

use std::fmt;

/// A half-open byte range `[start, end)` into a source string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from two byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The text this span covers in `src` (empty if out of range).
    pub fn text(self, src: &str) -> &str {
        src.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// This span moved right by `offset` bytes (for text embedded in a larger source).
    pub fn shifted(self, offset: u32) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// 1-based line and column (in characters) of byte offset `offset` in `src`.
pub fn line_col(src: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(src.len());
    let mut line = 1;
    let mut line_start = 0;
    for (pos, ch) in src.char_indices() {
        if pos >= offset {
            break;
        }
        if ch == '\n' {
            line += 1;
            line_start = pos + 1;
        }
    }
    let col = src.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// Render `message` with the source line under it and a caret line under `span`.
pub fn render(src: &str, span: Span, message: &str) -> String {
    let (line, col) = line_col(src, span.start);
    let line_text = src.lines().nth(line - 1).unwrap_or("");
    let width = span
        .text(src)
        .lines()
        .next()
        .map_or(1, |s| s.chars().count().max(1));
    let width = width.min(line_text.chars().count().saturating_sub(col - 1).max(1));
    format!(
        "{message}\n  --> {line}:{col}\n   | {line_text}\n   | {}{}",
        " ".repeat(col - 1),
        "^".repeat(width)
    )
}
