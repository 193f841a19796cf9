//! The logical-line pass: splits a script into logical lines with their indentation.
//!
//! Handles comments, blank lines, backslash continuation, implicit continuation inside
//! `()`, `[]`, `{}` (comments inside such lines included), and strings, which may span
//! lines when triple-quoted. A tab advances the indentation to the next multiple of 8,
//! as in Python; a form feed resets it. Brackets are matched here, so the per-line
//! parser never sees an unclosed or mismatched one.
//!
//! It does not tokenize or parse the contents of a line, and it does not build blocks
//! (that is `parser.rs`, which compares the indentation widths given here).

use crate::diag::Span;

use super::error::ScriptSyntaxError;

/// One logical line: one or more physical lines joined by continuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogicalLine {
    /// Indentation width of its first physical line (tabs to the next multiple of 8).
    pub(crate) indent: usize,
    /// Byte offset of its first non-blank character.
    pub(crate) start: usize,
    /// Byte offset one past its last character, before the newline (a trailing comment
    /// is included; the parser skips comments).
    pub(crate) end: usize,
}

/// The logical lines of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lines {
    /// Non-blank logical lines in order.
    pub(crate) lines: Vec<LogicalLine>,
    /// At least one blank line follows the last logical line (the REPL's "end of
    /// block" signal).
    pub(crate) ends_with_blank_line: bool,
}

/// Why the pass stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinesError {
    /// The text is wrong whatever follows it.
    Invalid(ScriptSyntaxError),
    /// The text ended inside a bracket, a triple-quoted string or after a line
    /// continuation: more input could complete it (an error in a whole script).
    Unfinished(ScriptSyntaxError),
}

impl LinesError {
    /// The error, whichever kind.
    pub(crate) fn into_error(self) -> ScriptSyntaxError {
        match self {
            LinesError::Invalid(error) | LinesError::Unfinished(error) => error,
        }
    }
}

/// Split `src` into logical lines.
pub(crate) fn logical_lines(src: &str) -> Result<Lines, LinesError> {
    let bytes = src.as_bytes();
    let mut pos = if src.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = Vec::new();
    let mut last_end = pos;
    while pos < bytes.len() {
        let mut indent = 0;
        while let Some(&byte) = bytes.get(pos) {
            match byte {
                b' ' => indent += 1,
                b'\t' => indent = (indent / 8 + 1) * 8,
                b'\x0c' => indent = 0,
                _ => break,
            }
            pos += 1;
        }
        match bytes.get(pos) {
            None => break,
            Some(b'\n') => {
                pos += 1;
                continue;
            }
            Some(b'\r') if bytes.get(pos + 1) == Some(&b'\n') => {
                pos += 2;
                continue;
            }
            Some(b'#') => {
                pos = line_end_from(bytes, pos);
                continue;
            }
            Some(_) => {}
        }
        let start = pos;
        let (end, next) = scan_logical_line(src, start)?;
        lines.push(LogicalLine { indent, start, end });
        last_end = end;
        pos = next;
    }
    let newlines_after = bytes[last_end..]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count();
    Ok(Lines {
        lines,
        ends_with_blank_line: newlines_after >= 2,
    })
}

/// The offset of the next `\n` at or after `pos` (or the end of the text).
fn line_end_from(bytes: &[u8], pos: usize) -> usize {
    bytes[pos..]
        .iter()
        .position(|&byte| byte == b'\n')
        .map_or(bytes.len(), |n| pos + n)
}

/// Scan one logical line from `start`; returns its end (before the newline) and the
/// offset where the next physical line starts.
fn scan_logical_line(src: &str, start: usize) -> Result<(usize, usize), LinesError> {
    let bytes = src.as_bytes();
    let mut brackets: Vec<(u8, usize)> = Vec::new();
    let mut pos = start;
    loop {
        let Some(&byte) = bytes.get(pos) else {
            if let Some(&(open, at)) = brackets.last() {
                let message = format!("'{}' was never closed", open as char);
                return Err(LinesError::Unfinished(ScriptSyntaxError::new(
                    message,
                    Span::new(at, at + 1),
                )));
            }
            return Ok((trim_cr(bytes, start, pos), pos));
        };
        match byte {
            b'#' => pos = line_end_from(bytes, pos),
            b'\n' if brackets.is_empty() => return Ok((trim_cr(bytes, start, pos), pos + 1)),
            b'\\' => {
                pos = continuation(bytes, pos)?;
            }
            b'(' | b'[' | b'{' => {
                brackets.push((byte, pos));
                pos += 1;
            }
            b')' | b']' | b'}' => {
                let Some((open, _)) = brackets.pop() else {
                    let message = format!("unmatched '{}'", byte as char);
                    return Err(invalid(message, pos, pos + 1));
                };
                let expected = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if byte != expected {
                    let message = format!(
                        "closing parenthesis '{}' does not match opening parenthesis '{}'",
                        byte as char, open as char
                    );
                    return Err(invalid(message, pos, pos + 1));
                }
                pos += 1;
            }
            b'\'' | b'"' => pos = skip_string(bytes, pos)?,
            _ => pos += 1,
        }
    }
}

/// `pos` is at a backslash outside strings: it must end the physical line.
fn continuation(bytes: &[u8], pos: usize) -> Result<usize, LinesError> {
    match (bytes.get(pos + 1), bytes.get(pos + 2)) {
        (Some(b'\n'), _) => Ok(pos + 2),
        (Some(b'\r'), Some(b'\n')) => Ok(pos + 3),
        (None, _) => Err(LinesError::Unfinished(ScriptSyntaxError::new(
            "unexpected end of file after line continuation character",
            Span::new(pos, pos + 1),
        ))),
        _ => Err(invalid(
            "unexpected character after line continuation character",
            pos,
            pos + 1,
        )),
    }
}

/// `pos` is at an opening quote; returns the offset after the closing quote(s).
/// Backslashes skip the next character in raw strings too (as in Python's tokenizer).
pub(crate) fn skip_string(bytes: &[u8], pos: usize) -> Result<usize, LinesError> {
    let quote = bytes[pos];
    let triple = bytes.get(pos + 1) == Some(&quote) && bytes.get(pos + 2) == Some(&quote);
    if triple {
        let mut p = pos + 3;
        loop {
            match bytes.get(p) {
                None => {
                    return Err(LinesError::Unfinished(ScriptSyntaxError::new(
                        "unterminated triple-quoted string literal",
                        Span::new(pos, pos + 3),
                    )));
                }
                Some(b'\\') => p += 2,
                Some(&byte)
                    if byte == quote
                        && bytes.get(p + 1) == Some(&quote)
                        && bytes.get(p + 2) == Some(&quote) =>
                {
                    return Ok(p + 3);
                }
                Some(_) => p += 1,
            }
        }
    }
    let mut p = pos + 1;
    loop {
        match bytes.get(p) {
            None | Some(b'\n') => {
                return Err(invalid("unterminated string literal", pos, pos + 1));
            }
            Some(b'\\') => match (bytes.get(p + 1), bytes.get(p + 2)) {
                (None, _) => {
                    return Err(LinesError::Unfinished(ScriptSyntaxError::new(
                        "unterminated string literal",
                        Span::new(pos, pos + 1),
                    )));
                }
                (Some(b'\r'), Some(b'\n')) => p += 3,
                _ => p += 2,
            },
            Some(&byte) if byte == quote => return Ok(p + 1),
            Some(_) => p += 1,
        }
    }
}

fn trim_cr(bytes: &[u8], start: usize, end: usize) -> usize {
    if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn invalid(message: impl Into<String>, start: usize, end: usize) -> LinesError {
    LinesError::Invalid(ScriptSyntaxError::new(message, Span::new(start, end)))
}
