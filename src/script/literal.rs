//! Number and string literals: finding where they end and what they mean.
//!
//! Numbers follow Python's lexical rules (`1_000`, `0x1f`, `.5`, `3.`, `1e-3`) except
//! that there are no complex literals and integers must fit in an `i64`. Strings may
//! have the prefixes `r`, `u` (any case); escapes are decoded like Python's, and
//! `\r\n` inside a string becomes `\n` as Python's source decoding does.
//! This module does not know about tokens other than literals, or about spans beyond
//! byte offsets relative to the literal it is given.

use nom::{
    IResult, Parser,
    bytes::complete::take_while,
    character::complete::{char, one_of, satisfy},
    combinator::{opt, recognize},
    sequence::pair,
};

/// A literal's value, or a message saying why it is invalid (relative offsets).
pub(crate) type LitResult<T> = Result<T, LitError>;

/// An invalid literal: a message and the byte range (relative to the literal start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LitError {
    pub(crate) message: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

fn lit_error(message: impl Into<String>, start: usize, end: usize) -> LitError {
    LitError {
        message: message.into(),
        start,
        end,
    }
}

/// A decoded number literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
}

type NomResult<'a> = IResult<&'a str, &'a str, nom::error::Error<&'a str>>;

/// Digits of the given kind with single underscores allowed between them (the
/// underscore rule is checked in [`number_value`]; here `_` is simply accepted).
fn digits(is_digit: fn(char) -> bool) -> impl Fn(&str) -> NomResult<'_> {
    move |input| take_while(move |c: char| is_digit(c) || c == '_').parse(input)
}

fn exponent(input: &str) -> NomResult<'_> {
    recognize((
        one_of("eE"),
        opt(one_of("+-")),
        satisfy(|c| c.is_ascii_digit()),
        digits(|c| c.is_ascii_digit()),
    ))
    .parse(input)
}

/// The length of the number literal at the start of `s`, if `s` starts with one
/// (a digit, or `.` followed by a digit). A trailing `j` is included so that complex
/// literals get their own error.
pub(crate) fn number_len(s: &str) -> Option<usize> {
    let dec = |c: char| c.is_ascii_digit();
    let radix = recognize((
        char('0'),
        one_of("xXoObB"),
        digits(|c: char| c.is_ascii_hexdigit()),
    ));
    let pointfloat = recognize(pair(char('.'), pair(satisfy(dec), digits(dec))));
    let decimal = recognize((satisfy(dec), digits(dec), opt(pair(char('.'), digits(dec)))));
    let mut literal = recognize(pair(
        nom::branch::alt((radix, pointfloat, decimal)),
        pair(opt(exponent), opt(one_of("jJ"))),
    ));
    literal.parse(s).ok().map(|(_, text)| text.len())
}

/// The value of a number literal found by [`number_len`].
pub(crate) fn number_value(text: &str) -> LitResult<Number> {
    let all = |message: &str| Err(lit_error(message, 0, text.len()));
    let lower = text.to_ascii_lowercase();
    if lower.ends_with('j') {
        return all("complex numbers are not supported in scripts");
    }
    let (radix, body, prefix_len) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..], 2),
        Some("0o") => (8, &lower[2..], 2),
        Some("0b") => (2, &lower[2..], 2),
        _ => (10, lower.as_str(), 0),
    };
    // Underscores: only between digits (or right after a radix prefix).
    let chars: Vec<char> = body.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        if c != '_' {
            continue;
        }
        let before_ok = if k == 0 {
            prefix_len > 0
        } else {
            chars[k - 1].is_digit(radix)
        };
        let after_ok = chars.get(k + 1).is_some_and(|c| c.is_digit(radix));
        if !before_ok || !after_ok {
            return all("invalid decimal literal");
        }
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if radix != 10 {
        let kind = match radix {
            16 => "hexadecimal",
            8 => "octal",
            _ => "binary",
        };
        if clean.is_empty() || !clean.chars().all(|c| c.is_digit(radix)) {
            return all(&format!("invalid {kind} literal"));
        }
        return match i64::from_str_radix(&clean, radix) {
            Ok(value) => Ok(Number::Int(value)),
            Err(_) => all("integer literal is too large"),
        };
    }
    let is_float = clean.contains(['.', 'e']);
    if !is_float {
        if clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|b| b != b'0') {
            return all(
                "leading zeros in decimal integer literals are not permitted; \
                 use an 0o prefix for octal integers",
            );
        }
        return match clean.parse::<i64>() {
            Ok(value) => Ok(Number::Int(value)),
            Err(_) => all("integer literal is too large"),
        };
    }
    match clean.parse::<f64>() {
        Ok(value) => Ok(Number::Float(value)),
        Err(_) => all("invalid decimal literal"),
    }
}

/// A string literal's prefix, as far as it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    pub(crate) raw: bool,
}

/// Check a string prefix (the letters before the quote).
pub(crate) fn string_prefix(prefix: &str) -> LitResult<Prefix> {
    let lower = prefix.to_ascii_lowercase();
    let all = |message: &str| Err(lit_error(message, 0, prefix.len()));
    match lower.as_str() {
        "" | "u" => Ok(Prefix { raw: false }),
        "r" => Ok(Prefix { raw: true }),
        "f" | "rf" | "fr" => all("f-strings are not supported in scripts"),
        "b" | "br" | "rb" => all("bytes literals are not supported in scripts"),
        _ => all("invalid string prefix"),
    }
}

/// Whether `s` could be a string prefix (one or two of the prefix letters).
pub(crate) fn looks_like_prefix(s: &str) -> bool {
    (1..=2).contains(&s.len()) && s.chars().all(|c| "rRuUfFbB".contains(c))
}

/// The number of quote characters (1 or 3) opening the literal at `s`.
pub(crate) fn quote_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    if bytes.len() >= 3 && bytes[1] == bytes[0] && bytes[2] == bytes[0] {
        3
    } else {
        1
    }
}

/// Decode the contents of a string literal (between its quotes). Offsets in errors
/// are relative to `contents`.
pub(crate) fn decode_string(contents: &str, prefix: Prefix) -> LitResult<String> {
    let mut out = String::with_capacity(contents.len());
    let mut chars = contents.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, escaped)) = chars.next() else {
            out.push('\\');
            break;
        };
        if prefix.raw {
            out.push('\\');
            if escaped == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                continue;
            }
            out.push(escaped);
            continue;
        }
        match escaped {
            '\n' => {}
            '\r' => {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut value = escaped.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d)) if d.is_digit(8) => {
                            value = value * 8 + d.to_digit(8).unwrap_or(0);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let width = match escaped {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value: u32 = 0;
                let mut end = at + 2;
                for _ in 0..width {
                    match chars.peek() {
                        Some(&(pos, d)) if d.is_ascii_hexdigit() => {
                            value = value * 16 + d.to_digit(16).unwrap_or(0);
                            end = pos + 1;
                            chars.next();
                        }
                        _ => {
                            let message = format!("truncated \\{escaped} escape in string");
                            return Err(lit_error(message, at, end));
                        }
                    }
                }
                match char::from_u32(value) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        let message = format!("invalid \\{escaped} escape in string");
                        return Err(lit_error(message, at, end));
                    }
                }
            }
            'N' => {
                let end = at + 2;
                return Err(lit_error(
                    "\\N{...} escapes are not supported in scripts",
                    at,
                    end,
                ));
            }
            other => {
                // Python keeps unknown escapes as they are (with a warning).
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}
