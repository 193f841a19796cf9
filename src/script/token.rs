//! Tokens inside one logical line, recognised on demand, and the per-line parser state.
//!
//! [`LineParser::peek`] skips blanks, comments, newlines inside brackets and backslash
//! continuations, then recognises one token (name, number, string, operator) without
//! consuming anything: the parser works on `&str` suffixes of the line, nom style, and
//! every span is `line end - remaining length`. This module also builds the errors of
//! the per-line parser. It does not know the grammar (`expr.rs`, `parser.rs`) and does
//! not decode literals (`literal.rs`).

use nom::{
    IResult, Parser, bytes::complete::take_while, character::complete::satisfy,
    combinator::recognize, sequence::pair,
};

use crate::diag::Span;

use super::error::ScriptSyntaxError;
use super::lines::skip_string;
use super::literal::{looks_like_prefix, number_len};

/// The result of a per-line parser: the rest of the line and a value, or an error
/// (always `nom::Err::Failure`: this grammar commits as soon as a token is seen).
pub(crate) type PResult<'s, T> = IResult<&'s str, T, SynErr>;

/// The error inside the per-line parsers (boxed: small results keep recursive frames
/// small).
pub(crate) type SynErr = Box<ScriptSyntaxError>;

/// A committed per-line error.
pub(crate) type Failure = nom::Err<SynErr>;

/// The most nested expressions (brackets, unary operators, `**` operands, ...) and the
/// greatest expression tree height accepted; deeper input gets an error, never a stack
/// overflow.
pub const MAX_NESTING: u32 = 200;

/// Python's hard keywords: never names.
pub(crate) const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Whether `word` is a hard keyword.
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

const OPERATORS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=",
    ":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|=", "%", "&", "(", ")", "*", "+", ",", "-",
    ".", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^", "{", "|", "}", "~",
];

/// What kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword.
    Name,
    /// A number literal (validated when it is decoded).
    Number,
    /// A string literal with its prefix and quotes.
    Str,
    /// An operator or delimiter.
    Op,
    /// The end of the logical line.
    End,
    /// A character that starts no token (or an unterminated string).
    Bad,
}

/// One token: its kind, its text, where it starts in the script, and the line after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'s> {
    pub(crate) kind: Kind,
    pub(crate) text: &'s str,
    pub(crate) start: usize,
    pub(crate) rest: &'s str,
}

impl Tok<'_> {
    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub(crate) fn span(&self) -> Span {
        Span::new(self.start, self.end())
    }

    pub(crate) fn is_op(&self, op: &str) -> bool {
        self.kind == Kind::Op && self.text == op
    }

    pub(crate) fn is_kw(&self, keyword: &str) -> bool {
        self.kind == Kind::Name && self.text == keyword
    }

    /// A name that is not a keyword.
    pub(crate) fn is_ident(&self) -> bool {
        self.kind == Kind::Name && !is_keyword(self.text)
    }

    /// How the token is named in "found ..." messages.
    pub(crate) fn describe(&self) -> String {
        let short: String = self.text.chars().take(30).collect();
        match self.kind {
            Kind::End => "end of line".to_string(),
            Kind::Str => "a string".to_string(),
            Kind::Number => format!("number '{short}'"),
            Kind::Name if is_keyword(self.text) => format!("keyword '{short}'"),
            Kind::Name => format!("name '{short}'"),
            Kind::Op | Kind::Bad => format!("'{short}'"),
        }
    }

    /// Whether an expression can start with this token.
    pub(crate) fn starts_expr(&self) -> bool {
        match self.kind {
            Kind::Name => {
                !is_keyword(self.text)
                    || ["True", "False", "None", "not", "lambda", "await", "yield"]
                        .contains(&self.text)
            }
            Kind::Number | Kind::Str => true,
            Kind::Op => ["(", "[", "{", "-", "+", "~", "*", "**"].contains(&self.text),
            Kind::End | Kind::Bad => false,
        }
    }
}

/// Skip blanks, comments, newlines (only present inside brackets) and backslash
/// continuations.
pub(crate) fn skip_ws(mut input: &str) -> &str {
    loop {
        input = input.trim_start_matches([' ', '\t', '\x0c', '\r', '\n']);
        if input.starts_with('#') {
            input = &input[input.find('\n').unwrap_or(input.len())..];
            continue;
        }
        if let Some(after) = input.strip_prefix('\\')
            && (after.starts_with('\n') || after.starts_with("\r\n"))
        {
            input = after;
            continue;
        }
        return input;
    }
}

fn ident_len(input: &str) -> usize {
    let start = satisfy(|c: char| c == '_' || c.is_alphabetic());
    let ident: IResult<&str, &str> = recognize(pair(
        start,
        take_while(|c: char| c == '_' || c.is_alphanumeric()),
    ))
    .parse(input);
    ident.map_or(0, |(_, text)| text.len())
}

/// Whether `c` may continue an identifier.
pub(crate) fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// State for parsing one logical line. Inputs are suffixes of the line's text, which
/// ends at byte `end` of the script.
pub(crate) struct LineParser {
    /// Where the line ends in the script.
    pub(crate) end: usize,
    /// Current nesting depth (see [`MAX_NESTING`]).
    pub(crate) depth: u32,
}

impl LineParser {
    /// A parser for a logical line ending at byte `end` of the script.
    pub(crate) fn new(end: usize) -> LineParser {
        LineParser { end, depth: 0 }
    }

    /// The script offset of a suffix of the line.
    pub(crate) fn offset(&self, input: &str) -> usize {
        self.end - input.len()
    }

    /// The next token, not consumed.
    pub(crate) fn peek<'s>(&self, input: &'s str) -> Tok<'s> {
        let input = skip_ws(input);
        let start = self.offset(input);
        let token = |kind, len: usize| Tok {
            kind,
            text: &input[..len],
            start,
            rest: &input[len..],
        };
        let Some(first) = input.chars().next() else {
            return token(Kind::End, 0);
        };
        let starts_number = first.is_ascii_digit()
            || (first == '.' && input[1..].starts_with(|c: char| c.is_ascii_digit()));
        if starts_number && let Some(len) = number_len(input) {
            return token(Kind::Number, len);
        }
        let word = ident_len(input);
        if word > 0 {
            let after = &input[word..];
            if looks_like_prefix(&input[..word]) && after.starts_with(['\'', '"']) {
                return match skip_string(after.as_bytes(), 0) {
                    Ok(len) => token(Kind::Str, word + len),
                    Err(_) => token(Kind::Bad, input.len()),
                };
            }
            return token(Kind::Name, word);
        }
        if first == '\'' || first == '"' {
            return match skip_string(input.as_bytes(), 0) {
                Ok(len) => token(Kind::Str, len),
                Err(_) => token(Kind::Bad, input.len()),
            };
        }
        if let Some(op) = OPERATORS.iter().find(|op| input.starts_with(*op)) {
            return token(Kind::Op, op.len());
        }
        token(Kind::Bad, first.len_utf8())
    }

    /// Enter one nesting level at `at`.
    pub(crate) fn enter(&mut self, at: usize) -> Result<(), Failure> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(failure(too_deep(), at, at + 1));
        }
        Ok(())
    }

    /// Leave a nesting level.
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The message for nesting beyond [`MAX_NESTING`].
pub(crate) fn too_deep() -> String {
    format!("expression is too deeply nested (the limit is {MAX_NESTING} levels)")
}

/// A committed error with a message over `start..end`.
pub(crate) fn failure(message: impl Into<String>, start: usize, end: usize) -> Failure {
    nom::Err::Failure(Box::new(ScriptSyntaxError::new(
        message,
        Span::new(start, end),
    )))
}

/// Fail with `message` over the token.
pub(crate) fn fail_at<'a, T>(token: &Tok<'_>, message: impl Into<String>) -> PResult<'a, T> {
    Err(failure(message, token.start, token.end()))
}

/// Fail because `what` was expected where `token` is.
pub(crate) fn fail_expected<'a, T>(token: &Tok<'_>, what: &str) -> PResult<'a, T> {
    if token.kind == Kind::Bad {
        return Err(bad_token(token));
    }
    let message = format!("expected {what}, found {}", token.describe());
    let mut error = ScriptSyntaxError::new(message, token.span());
    error.expected = Some(what.to_string());
    Err(nom::Err::Failure(Box::new(error)))
}

/// The error for a [`Kind::Bad`] token.
pub(crate) fn bad_token(token: &Tok<'_>) -> Failure {
    let first = token.text.chars().next().unwrap_or(' ');
    if token.text.len() > first.len_utf8() || first == '\'' || first == '"' {
        let quote = token.text.find(['\'', '"']).unwrap_or(0);
        let at = token.start + quote;
        return failure("unterminated string literal", at, at + 1);
    }
    let message = if first == '!' {
        "invalid syntax: '!' is not an operator (use 'not' or '!=')".to_string()
    } else {
        format!("invalid character '{first}' (U+{:04X})", first as u32)
    };
    failure(message, token.start, token.end())
}
