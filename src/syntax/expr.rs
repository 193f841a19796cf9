//! The expression parser: Brian2's expression syntax, a subset of Python expressions.
//!
//! Precedence, loosest first (as in Python): `or` < `and` < `not` < comparisons <
//! `+ -` < `* / // %` < unary `- +` < `**` < atoms and calls. Binary operators are
//! left-associative except `**`, which is right-associative and takes a unary operand on
//! its right (`2**-1`, `-x**2 == -(x**2)`). Comparisons do not chain (`a < b < c` is an
//! error). It is a precedence-climbing parser over nom token parsers; the nesting depth
//! and the height of the tree are capped so that no input can overflow the stack.

use super::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, UnaryOp};
use super::error::{PErr, PResult, SyntaxError, describe};
use super::lex::{self, Number, Src, keyword, skip_ws};
use crate::diag::Span;

/// Maximum nesting of parentheses, unary operators and pending right-hand operands.
pub(crate) const MAX_DEPTH: u32 = 200;
/// Maximum height of an expression tree (e.g. the number of terms in `a + b + ...`).
pub(crate) const MAX_HEIGHT: u32 = 1000;

/// Which flavour of expression is being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A standalone expression or the value of a statement: newlines only inside
    /// parentheses or after a backslash.
    Standalone,
    /// The right-hand side of an equation: as Brian2 does, it may also continue on the
    /// next line after a binary operator, or when the next line starts with one.
    EquationRhs,
    /// A unit: names, numbers and parentheses combined with `*`, `/` and `**` (and a
    /// sign, for exponents such as `meter**-2`); no calls, no other operators.
    Unit,
}

// Binding levels, loosest first.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const UNARY: u8 = 7;
const POW: u8 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Infix {
    Bin(BinOp),
    Cmp(CmpOp),
    Bool(BoolOp),
}

/// An expression being built: the node, its extent including any enclosing parentheses
/// (which is what an enclosing node's span covers) and the height of its tree. The node
/// is boxed (it becomes a child node anyway) to keep parser results, and so the parser's
/// stack frames, small.
struct P {
    e: Box<Expr>,
    ext: Span,
    h: u32,
}

/// The parser state: the whole source and the mode.
#[derive(Clone, Copy)]
struct Cx<'a> {
    src: Src<'a>,
    mode: Mode,
}

#[cold]
#[inline(never)]
fn too_deep(at: &str) -> nom::Err<PErr<'_>> {
    let len = super::error::token_len(at);
    nom::Err::Failure(
        PErr::expected(at, format!("at most {MAX_DEPTH} levels of nesting"))
            .message(format!(
                "expression nested too deeply (more than {MAX_DEPTH} levels of parentheses or operators)"
            ))
            .anchor(at, len),
    )
}

#[cold]
#[inline(never)]
fn too_high(at: &str, len: usize) -> nom::Err<PErr<'_>> {
    nom::Err::Failure(
        PErr::expected(at, format!("at most {MAX_HEIGHT} nested operations"))
            .message(format!(
                "expression nested too deeply (more than {MAX_HEIGHT} nested operations)"
            ))
            .anchor(at, len),
    )
}

#[cold]
#[inline(never)]
fn chained(at: &str, len: usize) -> nom::Err<PErr<'_>> {
    nom::Err::Failure(
        PErr::expected(at, "'and' between comparisons")
            .message("chained comparisons such as 'a < b < c' are not supported; write 'a < b and b < c'")
            .anchor(at, len),
    )
}

/// How an operand begins (see [`Cx::lead`]).
enum Lead<'a> {
    /// A complete literal or name, and the rest after it.
    Atom(&'a str, P),
    /// A prefix operator, the rest after it and the binding level of its operand.
    Prefix(UnaryOp, &'a str, u8),
    /// A '(' and the rest after it.
    Paren(&'a str),
    /// A call: the name, the rest after the name, the rest at the '('.
    Call(&'a str, &'a str, &'a str),
}

impl<'a> Cx<'a> {
    /// Whitespace before an operand.
    fn skip_operand(self, i: &'a str, nl: bool) -> &'a str {
        skip_ws(i, nl || self.mode == Mode::EquationRhs)
    }

    /// Whitespace before a possible binary operator.
    fn skip_operator(self, i: &'a str, nl: bool) -> &'a str {
        let j = skip_ws(i, nl);
        if self.mode == Mode::EquationRhs && !j.is_empty() && lex::at_line_end(j) {
            let k = skip_ws(j, true);
            if lex::starts_with_operator_symbol(k) {
                return k;
            }
        }
        j
    }

    /// The binary operator at the start of `i`: operator, binding level, byte length.
    fn infix_at(self, i: &str) -> Option<(Infix, u8, usize)> {
        use Infix::*;
        if self.mode == Mode::Unit {
            return if i.starts_with("**") {
                Some((Bin(BinOp::Pow), POW, 2))
            } else if i.starts_with("//") || i.starts_with("*=") || i.starts_with("/=") {
                None
            } else if i.starts_with('*') {
                Some((Bin(BinOp::Mul), MUL, 1))
            } else if i.starts_with('/') {
                Some((Bin(BinOp::Div), MUL, 1))
            } else {
                None
            };
        }
        let two = [
            ("**", Bin(BinOp::Pow), POW),
            ("//", Bin(BinOp::FloorDiv), MUL),
            ("<=", Cmp(CmpOp::Le), CMP),
            (">=", Cmp(CmpOp::Ge), CMP),
            ("==", Cmp(CmpOp::Eq), CMP),
            ("!=", Cmp(CmpOp::Ne), CMP),
        ];
        for (tok, op, level) in two {
            if i.starts_with(tok) {
                return Some((op, level, 2));
            }
        }
        // `+=` and friends are assignments, never operators.
        if i.len() >= 2
            && i.as_bytes().get(1) == Some(&b'=')
            && i.starts_with(['+', '-', '*', '/', '%'])
        {
            return None;
        }
        let one = [
            ('+', Bin(BinOp::Add), ADD),
            ('-', Bin(BinOp::Sub), ADD),
            ('*', Bin(BinOp::Mul), MUL),
            ('/', Bin(BinOp::Div), MUL),
            ('%', Bin(BinOp::Mod), MUL),
            ('<', Cmp(CmpOp::Lt), CMP),
            ('>', Cmp(CmpOp::Gt), CMP),
        ];
        for (tok, op, level) in one {
            if i.starts_with(tok) {
                return Some((op, level, 1));
            }
        }
        if keyword(i, "and").is_some() {
            return Some((Bool(BoolOp::And), AND, 3));
        }
        if keyword(i, "or").is_some() {
            return Some((Bool(BoolOp::Or), OR, 2));
        }
        None
    }

    /// A new node of height `h`, or an error at the operator `at` if the tree is too high.
    #[inline(never)]
    fn node(
        self,
        kind: ExprKind,
        span: Span,
        h: u32,
        at: &'a str,
        at_len: usize,
    ) -> Result<P, nom::Err<PErr<'a>>> {
        if h > MAX_HEIGHT {
            return Err(too_high(at, at_len));
        }
        Ok(P {
            e: Box::new(Expr { kind, span }),
            ext: span,
            h,
        })
    }

    /// The binary node `lhs op rhs`; `at` is the operator.
    #[inline(never)]
    fn binary(
        self,
        op: Infix,
        lhs: P,
        rhs: P,
        at: &'a str,
        len: usize,
    ) -> Result<P, nom::Err<PErr<'a>>> {
        let span = lhs.ext.to(rhs.ext);
        let h = lhs.h.max(rhs.h) + 1;
        let (l, r) = (lhs.e, rhs.e);
        let kind = match op {
            Infix::Bin(o) => ExprKind::Binary(o, l, r),
            Infix::Cmp(o) => ExprKind::Compare(o, l, r),
            Infix::Bool(o) => ExprKind::BoolOp(o, l, r),
        };
        self.node(kind, span, h, at, len)
    }

    /// The unary node `op operand`; `at` is the operator.
    #[inline(never)]
    fn unary(self, op: UnaryOp, at: &'a str, operand: P) -> Result<P, nom::Err<PErr<'a>>> {
        let span = self.src.span(at, at).to(operand.ext);
        let len = if op == UnaryOp::Not { 3 } else { 1 };
        self.node(ExprKind::Unary(op, operand.e), span, operand.h + 1, at, len)
    }

    /// What an operand starting at `i` begins with. Only this decides; the recursion
    /// happens in [`Cx::expr_bp`], so that each level of nesting costs one small frame.
    #[inline(never)]
    fn lead(self, i: &'a str, min: u8, nl: bool) -> Result<Lead<'a>, nom::Err<PErr<'a>>> {
        if let Some(rest) = keyword(i, "not") {
            if self.mode == Mode::Unit {
                return Err(nom::Err::Failure(PErr::expected(i, "a unit")));
            }
            if min > NOT {
                return Err(nom::Err::Failure(
                    PErr::expected(i, "an expression")
                        .message("'not' cannot be used here without parentheses: write '(not ...)'")
                        .anchor(i, 3),
                ));
            }
            return Ok(Lead::Prefix(UnaryOp::Not, rest, NOT));
        }
        if let Some(rest) = i.strip_prefix('-') {
            return Ok(Lead::Prefix(UnaryOp::Neg, rest, UNARY));
        }
        if let Some(rest) = i.strip_prefix('+') {
            return Ok(Lead::Prefix(UnaryOp::Pos, rest, UNARY));
        }
        if let Some(rest) = i.strip_prefix('(') {
            return Ok(Lead::Paren(rest));
        }
        let what = if self.mode == Mode::Unit {
            "a unit"
        } else {
            "an expression"
        };
        let leaf = |kind: ExprKind, rest: &'a str| {
            let span = self.src.span(i, rest);
            Ok(Lead::Atom(
                rest,
                P {
                    e: Box::new(Expr { kind, span }),
                    ext: span,
                    h: 0,
                },
            ))
        };
        let Some(c) = i.chars().next() else {
            return Err(nom::Err::Failure(PErr::expected(i, what)));
        };
        if c.is_ascii_digit()
            || (c == '.'
                && i.get(1..)
                    .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit())))
        {
            let (rest, n) = lex::number(i)?;
            return match n {
                Number::Int(v) => leaf(ExprKind::Int(v), rest),
                Number::Float(x) => leaf(ExprKind::Float(x), rest),
            };
        }
        if lex::is_ident_start(c) {
            let (rest, name) = lex::ident(i)?;
            match name {
                "True" | "true" => return leaf(ExprKind::Bool(true), rest),
                "False" | "false" => return leaf(ExprKind::Bool(false), rest),
                _ if lex::KEYWORDS.contains(&name) => {
                    return Err(nom::Err::Failure(PErr::expected(i, what)));
                }
                _ => {}
            }
            let k = skip_ws(rest, nl);
            if self.mode != Mode::Unit && k.starts_with('(') {
                return Ok(Lead::Call(name, rest, k));
            }
            return leaf(ExprKind::Name(name.to_string()), rest);
        }
        if c == '.' {
            return Err(nom::Err::Failure(unexpected_dot(i, what)));
        }
        Err(nom::Err::Failure(PErr::expected(i, what)))
    }

    /// An expression whose operators all bind at least as tightly as `min`.
    /// `nl`: inside parentheses, where newlines are whitespace.
    fn expr_bp(self, i: &'a str, min: u8, nl: bool, depth: u32) -> PResult<'a, P> {
        if depth > MAX_DEPTH {
            return Err(too_deep(i));
        }
        let i = self.skip_operand(i, nl);
        let (mut i, mut lhs) = match self.lead(i, min, nl)? {
            Lead::Atom(rest, p) => (rest, p),
            Lead::Prefix(op, rest, level) => {
                let (rest, operand) = self.expr_bp(rest, level, nl, depth + 1)?;
                (rest, self.unary(op, i, operand)?)
            }
            Lead::Paren(inner) => {
                let (rest, inner) = self.expr_bp(inner, 0, true, depth + 1)?;
                self.close_paren(i, rest, inner)?
            }
            Lead::Call(name, name_end, open) => self.call(i, name, name_end, open, depth)?,
        };
        let mut after_cmp = false;
        loop {
            let j = self.skip_operator(i, nl);
            let Some((op, level, len)) = self.infix_at(j) else {
                break;
            };
            if level < min {
                break;
            }
            let is_cmp = matches!(op, Infix::Cmp(_));
            if after_cmp && is_cmp {
                return Err(chained(j, len));
            }
            let rhs_min = if level == POW { UNARY } else { level + 1 };
            let (rest, rhs) = self.expr_bp(j.get(len..).unwrap_or(""), rhs_min, nl, depth + 1)?;
            lhs = self.binary(op, lhs, rhs, j, len)?;
            after_cmp = is_cmp;
            i = rest;
        }
        Ok((i, lhs))
    }

    /// The ')' closing the '(' at `open` after the expression `inner`, which ends at `rest`.
    #[inline(never)]
    fn close_paren(self, open: &'a str, rest: &'a str, inner: P) -> PResult<'a, P> {
        let j = skip_ws(rest, true);
        match j.strip_prefix(')') {
            Some(after) => Ok((
                after,
                P {
                    ext: self.src.span(open, after),
                    ..inner
                },
            )),
            None => Err(nom::Err::Failure(self.close_error(open, rest, j, "')'"))),
        }
    }

    /// The arguments of a call; `open` is at its '('.
    fn call(
        self,
        start: &'a str,
        name: &str,
        name_end: &'a str,
        open: &'a str,
        depth: u32,
    ) -> PResult<'a, P> {
        if depth + 1 > MAX_DEPTH {
            return Err(too_deep(open));
        }
        let mut args = Vec::new();
        let mut h = 0;
        let mut j = skip_ws(open.get(1..).unwrap_or(""), true);
        let end = loop {
            if let Some(after) = j.strip_prefix(')') {
                break after;
            }
            let (rest, arg) = self.expr_bp(j, 0, true, depth + 1)?;
            h = h.max(arg.h);
            args.push(*arg.e);
            let m = skip_ws(rest, true);
            if let Some(after) = m.strip_prefix(',') {
                j = skip_ws(after, true);
            } else if let Some(after) = m.strip_prefix(')') {
                break after;
            } else {
                return Err(nom::Err::Failure(self.close_error(
                    open,
                    rest,
                    m,
                    "',' or ')'",
                )));
            }
        };
        let name_span = self.src.span(start, name_end);
        let kind = ExprKind::Call {
            name: name.to_string(),
            name_span,
            args,
        };
        let node = self.node(kind, self.src.span(start, end), h + 1, open, 1)?;
        Ok((end, node))
    }

    /// The error when `expected` (a closing parenthesis) is missing at `found`;
    /// `open` is the '(' and `last` the end of the last token parsed.
    fn close_error(
        self,
        open: &'a str,
        last: &'a str,
        found: &'a str,
        expected: &'static str,
    ) -> PErr<'a> {
        let skipped = last
            .get(..last.len().saturating_sub(found.len()))
            .unwrap_or("");
        if found.is_empty() || found.starts_with(':') || skipped.contains('\n') {
            PErr::expected(found, expected)
                .message(format!(
                    "unclosed '(': expected {expected} before {}",
                    describe(found)
                ))
                .anchor(open, 1)
        } else {
            unexpected(found, expected)
        }
    }
}

/// The error for a '.' where an operand or operator was expected.
fn unexpected_dot<'a>(at: &'a str, expected: &'static str) -> PErr<'a> {
    PErr::expected(at, expected)
        .message("unexpected '.' (attribute access such as 'x.y' is not supported)")
        .anchor(at, 1)
}

/// The error for an unexpected token `at` after a complete expression.
pub(crate) fn unexpected<'a>(at: &'a str, expected: &'static str) -> PErr<'a> {
    if at.starts_with(')') {
        PErr::expected(at, expected).message("unmatched ')'")
    } else if at.starts_with('.')
        && !at
            .get(1..)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        unexpected_dot(at, expected)
    } else if at.starts_with('=') && !at.starts_with("==") {
        PErr::expected(at, expected).message("unexpected '=' (use '==' to compare)")
    } else {
        PErr::expected(at, expected)
    }
}

/// Parse one expression starting at `i` (a suffix of `src`) in the given mode. Leading
/// whitespace is skipped; the returned rest starts right after the expression.
pub(crate) fn expression<'a>(src: &'a str, i: &'a str, mode: Mode) -> PResult<'a, Expr> {
    let cx = Cx {
        src: Src(src),
        mode,
    };
    let (rest, p) = cx.expr_bp(i, 0, false, 0)?;
    Ok((rest, *p.e))
}

/// The error for sources too large for 32-bit spans.
pub(crate) fn check_size(src: &str) -> Result<(), SyntaxError> {
    if src.len() > u32::MAX as usize {
        Err(SyntaxError::whole(
            src,
            "source text too large (more than 4 GiB)",
            "a smaller source",
        ))
    } else {
        Ok(())
    }
}

/// Convert a nom result error at an entry point.
pub(crate) fn finish(src: &str, e: nom::Err<PErr<'_>>) -> SyntaxError {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e.into_syntax_error(src),
        nom::Err::Incomplete(_) => SyntaxError::whole(src, "unexpected end of input", "more input"),
    }
}

/// Parse a Brian2 expression such as `v > -50*mV and not_refractory` or
/// `exprel((13.*mV - v)/(4*mV))`.
///
/// Leading and trailing whitespace, blank lines and `#` comments are allowed; inside
/// the expression, newlines are allowed only within parentheses or after a backslash.
/// Every node's span is a byte range into `src`.
pub fn parse_expression(src: &str) -> Result<Expr, SyntaxError> {
    check_size(src)?;
    let start = skip_ws(src, true);
    let (rest, e) = expression(src, start, Mode::Standalone).map_err(|e| finish(src, e))?;
    let end = skip_ws(rest, true);
    if end.is_empty() {
        Ok(e)
    } else {
        Err(unexpected(end, "an operator or the end of the expression").into_syntax_error(src))
    }
}
