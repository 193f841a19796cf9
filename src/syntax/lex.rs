//! Token-level parsers shared by the expression, equations and statement parsers:
//! whitespace and comments, identifiers, keywords and number literals.
//!
//! Every parser here works on a suffix of the whole source, so a byte offset is always
//! `src.len() - rest.len()` (see [`Src::offset`]).

use super::error::{PErr, PResult};
use crate::diag::Span;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::take_while;
use nom::character::complete::{char, digit1, one_of, satisfy};
use nom::combinator::{opt, recognize};

/// Words that are operators, not names.
pub(crate) const KEYWORDS: [&str; 3] = ["and", "or", "not"];

/// The whole source being parsed, for turning suffixes into byte offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Src<'a>(pub &'a str);

impl<'a> Src<'a> {
    /// Byte offset of the suffix `rest` of the source.
    pub fn offset(self, rest: &str) -> usize {
        self.0.len().saturating_sub(rest.len())
    }

    /// The span from the start of suffix `from` to the start of suffix `to`.
    pub fn span(self, from: &str, to: &str) -> Span {
        Span::new(self.offset(from), self.offset(to))
    }
}

/// Skip spaces, tabs, carriage returns, `#` comments (up to, not including, the newline)
/// and backslash-newline continuations; also newlines if `newlines` is set.
pub(crate) fn skip_ws(i: &str, newlines: bool) -> &str {
    let b = i.as_bytes();
    let mut k = 0;
    loop {
        match b.get(k) {
            Some(b' ' | b'\t' | b'\r' | b'\x0c') => k += 1,
            Some(b'\n') if newlines => k += 1,
            Some(b'#') => {
                while b.get(k).is_some_and(|&c| c != b'\n') {
                    k += 1;
                }
            }
            Some(b'\\') => {
                let mut m = k + 1;
                while matches!(b.get(m), Some(b' ' | b'\t' | b'\r')) {
                    m += 1;
                }
                if b.get(m) == Some(&b'\n') {
                    k = m + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    // `k` is at an ASCII byte or at the end, so on a char boundary.
    i.get(k..).unwrap_or("")
}

/// Whether `i` is at the end of a line (or of the input).
pub(crate) fn at_line_end(i: &str) -> bool {
    i.is_empty() || i.starts_with('\n') || i.starts_with("\r\n")
}

/// Whether `c` can start an identifier.
pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// Whether `c` can continue an identifier.
pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// An identifier: an ASCII letter or underscore, then letters, digits and underscores.
pub(crate) fn ident(i: &str) -> PResult<'_, &str> {
    recognize((satisfy(is_ident_start), take_while(is_ident_char)))
        .parse(i)
        .map_err(|e| e.map(|err: PErr<'_>| err.expecting("a name")))
}

/// `word` as a whole word at the start of `i` (not a prefix of a longer identifier).
pub(crate) fn keyword<'a>(i: &'a str, word: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(word)?;
    if rest.starts_with(is_ident_char) {
        None
    } else {
        Some(rest)
    }
}

/// A number literal's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// An integer that fits in `i64`.
    Int(i64),
    /// Anything else.
    Float(f64),
}

/// Zero or more ASCII digits.
///
/// Not nom's `character::complete::digit0`: in nom 8.0.0, on `&str` input made only of
/// digits it returns the empty rest as a slice at the *start* of the input, so an
/// enclosing `recognize` computes a wrong length (`recognize(digit0)` on "5" gives "").
fn digits0(i: &str) -> PResult<'_, &str> {
    take_while(|c: char| c.is_ascii_digit()).parse(i)
}

/// The text of a number literal: `3`, `3.`, `.5`, `1e-3`, `2.5E+4` (no sign).
fn number_text(i: &str) -> PResult<'_, &str> {
    let mantissa = alt((
        recognize((digit1, opt((char('.'), digits0)))),
        recognize((char('.'), digit1)),
    ));
    let exponent = recognize((one_of("eE"), opt(one_of("+-")), digit1));
    recognize((mantissa, opt(exponent))).parse(i)
}

/// A number literal. Integers that overflow `i64` become floats. A number immediately
/// followed by a letter, digit, underscore or '.' (`3mV`, `1e`, `1.2.3`) is an error.
pub(crate) fn number(i: &str) -> PResult<'_, Number> {
    let (rest, text) = number_text(i).map_err(|e| e.map(|err| err.expecting("a number")))?;
    if rest.starts_with(|c: char| is_ident_char(c) || c == '.') {
        let tail = rest
            .find(|c: char| !(is_ident_char(c) || c == '.'))
            .unwrap_or(rest.len());
        let bad = i.get(..text.len() + tail).unwrap_or(text);
        let hint =
            match rest.strip_prefix(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
                Some(_) => format!(
                    " (write '{text}*{}' to multiply)",
                    bad.get(text.len()..).unwrap_or("")
                ),
                None => String::new(),
            };
        return PErr::expected(i, "a number")
            .message(format!("invalid number literal '{bad}'{hint}"))
            .anchor(i, bad.len())
            .fail();
    }
    let is_float = text.contains(['.', 'e', 'E']);
    if !is_float && let Ok(n) = text.parse::<i64>() {
        return Ok((rest, Number::Int(n)));
    }
    match text.parse::<f64>() {
        Ok(x) => Ok((rest, Number::Float(x))),
        Err(e) => PErr::expected(i, "a number")
            .message(format!("invalid number literal '{text}': {e}"))
            .anchor(i, text.len())
            .fail(),
    }
}

/// Whether a line starting with `i` (after whitespace) continues an expression: it starts
/// with a binary operator symbol.
pub(crate) fn starts_with_operator_symbol(i: &str) -> bool {
    i.starts_with(['+', '-', '*', '/', '%', '<', '>', '!']) || i.starts_with("==")
}
