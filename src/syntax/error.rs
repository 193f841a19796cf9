//! Syntax errors: the public [`SyntaxError`] and the error type used inside the nom
//! parsers ([`PErr`]), which implements nom's `ParseError`, `ContextError` and
//! `FromExternalError` and is converted to a [`SyntaxError`] once, at each entry point.

use crate::diag::{self, Span};
use nom::error::{ContextError, ErrorKind, FromExternalError, ParseError};
use std::borrow::Cow;
use std::num::ParseFloatError;

/// A syntax error in a Brian2 expression, equations string or event code.
///
/// Displays as its [`message`](SyntaxError::message), which reads like
/// "expected ':' followed by a unit, found end of line (in the equation for 'v')".
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// The full message, including what was expected, what was found and the context.
    pub message: String,
    /// The offending text, as a byte range into the parsed source. It is non-empty
    /// unless the problem is the end of the input, lies on character boundaries and
    /// never extends past the end of the source.
    pub span: Span,
    /// What was expected at that position (`"an expression"`, `"')'"`, ...).
    pub expected: String,
}

impl SyntaxError {
    /// The error rendered with the source line and a caret under the span.
    pub fn render(&self, src: &str) -> String {
        diag::render(src, self.span, &self.message)
    }

    /// An error about the whole input (used when the input cannot be handled at all).
    pub(crate) fn whole(src: &str, message: &str, expected: &str) -> SyntaxError {
        let end = src.char_indices().nth(1).map_or(src.len(), |(k, _)| k);
        SyntaxError {
            message: message.to_string(),
            span: Span::new(0, end),
            expected: expected.to_string(),
        }
    }
}

/// The result type of the internal parsers.
pub(crate) type PResult<'a, T> = nom::IResult<&'a str, T, PErr<'a>>;

/// The error type inside the nom parsers: a box, so that parser results stay small
/// (the expression parser recurses, and small frames keep its stack use low).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PErr<'a>(Box<ErrInfo<'a>>);

/// What a [`PErr`] holds.
///
/// `at` is the remaining input where the problem was found; since every parser works on
/// suffixes of the whole source, its offset is `src.len() - at.len()`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrInfo<'a> {
    /// The remaining input at the problem.
    pub at: &'a str,
    /// An explicit location (a suffix of the source and a byte length) overriding the
    /// token at `at`, e.g. an unclosed '('.
    pub anchor: Option<(&'a str, usize)>,
    /// What was expected.
    pub expected: Cow<'static, str>,
    /// A complete message replacing "expected X, found Y".
    pub message: Option<String>,
    /// Where in the construct the problem was met ("in the equation for 'v'").
    pub context: Option<Cow<'static, str>>,
}

impl<'a> PErr<'a> {
    /// "expected `expected`, found <the token at `at`>".
    pub fn expected(at: &'a str, expected: impl Into<Cow<'static, str>>) -> PErr<'a> {
        PErr(Box::new(ErrInfo {
            at,
            anchor: None,
            expected: expected.into(),
            message: None,
            context: None,
        }))
    }

    /// Replace what was expected.
    pub fn expecting(mut self, expected: impl Into<Cow<'static, str>>) -> PErr<'a> {
        self.0.expected = expected.into();
        self
    }

    /// Replace the "expected X, found Y" message.
    pub fn message(mut self, message: impl Into<String>) -> PErr<'a> {
        self.0.message = Some(message.into());
        self
    }

    /// Point at `len` bytes starting at `at` instead of at the found token.
    pub fn anchor(mut self, at: &'a str, len: usize) -> PErr<'a> {
        self.0.anchor = Some((at, len));
        self
    }

    /// Add a context if there is none yet (the innermost context wins).
    pub fn within(mut self, context: impl Into<Cow<'static, str>>) -> PErr<'a> {
        if self.0.context.is_none() {
            self.0.context = Some(context.into());
        }
        self
    }

    /// This error as a committed nom failure.
    pub fn fail<T>(self) -> PResult<'a, T> {
        Err(nom::Err::Failure(self))
    }

    /// Convert to the public error; `src` is the whole source the parser started on.
    pub fn into_syntax_error(self, src: &str) -> SyntaxError {
        let e = *self.0;
        let offset = |s: &str| src.len().saturating_sub(s.len());
        let (start, end) = match e.anchor {
            Some((at, len)) => {
                let start = offset(at);
                (start, clamp_end(src, start, start.saturating_add(len)))
            }
            None => {
                let start = offset(e.at);
                (start, clamp_end(src, start, start + token_len(e.at)))
            }
        };
        let found = describe(e.at);
        let mut message = match e.message {
            Some(m) => m,
            None => format!("expected {}, found {found}", e.expected),
        };
        if let Some(ctx) = e.context {
            message.push_str(" (");
            message.push_str(&ctx);
            message.push(')');
        }
        SyntaxError {
            message,
            span: Span::new(start, end),
            expected: e.expected.into_owned(),
        }
    }
}

/// `end` moved back onto a char boundary and into `src`, but not before `start`.
fn clamp_end(src: &str, start: usize, end: usize) -> usize {
    let mut end = end.min(src.len());
    while end > start && !src.is_char_boundary(end) {
        end -= 1;
    }
    end.max(start.min(src.len()))
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Byte length of the token at the start of `s` (0 only at the end of the input).
pub(crate) fn token_len(s: &str) -> usize {
    let Some(c) = s.chars().next() else { return 0 };
    if s.starts_with("\r\n") {
        return 2;
    }
    if is_ident_char(c)
        || (c == '.'
            && s.get(1..)
                .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit())))
    {
        // identifiers, keywords and numbers (with a possible signed exponent)
        let mut len = 0;
        let mut prev = ' ';
        for ch in s.chars() {
            let ok = is_ident_char(ch)
                || ch == '.'
                || ((ch == '+' || ch == '-') && (prev == 'e' || prev == 'E') && c.is_ascii_digit());
            if !ok {
                break;
            }
            len += ch.len_utf8();
            prev = ch;
        }
        return len;
    }
    const TWO: [&str; 10] = ["**", "//", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/="];
    if TWO.iter().any(|t| s.starts_with(t)) {
        return 2;
    }
    c.len_utf8()
}

/// How the token at the start of `s` is named in messages.
pub(crate) fn describe(s: &str) -> String {
    if s.is_empty() {
        return "end of input".to_string();
    }
    if s.starts_with('\n') || s.starts_with("\r\n") {
        return "end of line".to_string();
    }
    let tok = s.get(..token_len(s)).unwrap_or("");
    let shown: String = if tok.chars().count() > 40 {
        let mut t: String = tok.chars().take(40).collect();
        t.push('…');
        t
    } else {
        tok.to_string()
    };
    format!("'{}'", shown.escape_debug())
}

fn kind_expectation(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Digit => "a digit",
        ErrorKind::Alpha | ErrorKind::AlphaNumeric => "a name",
        ErrorKind::Eof => "end of input",
        ErrorKind::Float => "a number",
        _ => "valid syntax",
    }
}

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        PErr::expected(input, kind_expectation(kind))
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    fn from_char(input: &'a str, c: char) -> Self {
        PErr::expected(input, format!("'{c}'"))
    }

    /// Keep the error that got further; on a tie, merge what was expected.
    fn or(self, other: Self) -> Self {
        let (a, b) = (&self.0, &other.0);
        match a.at.len().cmp(&b.at.len()) {
            std::cmp::Ordering::Less => self,
            std::cmp::Ordering::Greater => other,
            std::cmp::Ordering::Equal => {
                if a.message.is_some() || b.message.is_some() || a.expected == b.expected {
                    other
                } else {
                    let expected = format!("{} or {}", a.expected, b.expected);
                    other.expecting(expected)
                }
            }
        }
    }
}

impl<'a> ContextError<&'a str> for PErr<'a> {
    fn add_context(_input: &'a str, ctx: &'static str, other: Self) -> Self {
        other.within(ctx)
    }
}

impl<'a> FromExternalError<&'a str, ParseFloatError> for PErr<'a> {
    fn from_external_error(input: &'a str, _kind: ErrorKind, e: ParseFloatError) -> Self {
        PErr::expected(input, "a number").message(format!("invalid number: {e}"))
    }
}
