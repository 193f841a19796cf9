//! The expression grammar of the script language: Python's precedence, exactly.
//!
//! From loosest to tightest: `x if c else y`; `or`; `and`; `not`; comparisons (chained,
//! with `in`, `not in`, `is`, `is not`); `|`; `^`; `&`; `<<` `>>`; `+` `-`;
//! `*` `@` `/` `//` `%`; unary `-` `+` `~`; `**` (right-associative, binding tighter
//! than a unary operator on its left); attribute access, calls and subscripts; atoms.
//! Binary levels use precedence climbing. Every nesting step and every tree level is
//! counted against [`MAX_NESTING`], so deep input is an error, not a stack overflow.
//! Unsupported expression forms (`lambda`, comprehensions, `*args`, `:=`, set literals)
//! get named errors here. Statements are in `parser.rs`.

use crate::diag::Span;

use super::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, Ident, Keyword, StrLit, StrPart, UnaryOp};
use super::literal::{Number, decode_string, number_value, quote_len, string_prefix};
use super::token::{
    Failure, Kind, LineParser, MAX_NESTING, PResult, Tok, fail_at, fail_expected, failure,
    is_ident_char, too_deep,
};

/// An expression with the height of its tree (leaves are 1).
#[derive(Debug, Clone)]
pub(crate) struct Ex {
    pub(crate) expr: Box<Expr>,
    pub(crate) height: u32,
}

// Binding strengths of the binary levels (precedence climbing).
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const BITOR: u8 = 5;
const BITXOR: u8 = 6;
const BITAND: u8 = 7;
const SHIFT: u8 = 8;
const ARITH: u8 = 9;
const TERM: u8 = 10;

enum Infix {
    Bool(BoolOp),
    Bin(BinOp),
    Cmp,
}

fn infix(token: &Tok<'_>) -> Option<(u8, Infix)> {
    let bin = |prec, op| Some((prec, Infix::Bin(op)));
    match token.kind {
        Kind::Name => match token.text {
            "or" => Some((OR, Infix::Bool(BoolOp::Or))),
            "and" => Some((AND, Infix::Bool(BoolOp::And))),
            "in" | "not" | "is" => Some((CMP, Infix::Cmp)),
            _ => None,
        },
        Kind::Op => match token.text {
            "<" | ">" | "==" | ">=" | "<=" | "!=" => Some((CMP, Infix::Cmp)),
            "|" => bin(BITOR, BinOp::BitOr),
            "^" => bin(BITXOR, BinOp::BitXor),
            "&" => bin(BITAND, BinOp::BitAnd),
            "<<" => bin(SHIFT, BinOp::LShift),
            ">>" => bin(SHIFT, BinOp::RShift),
            "+" => bin(ARITH, BinOp::Add),
            "-" => bin(ARITH, BinOp::Sub),
            "*" => bin(TERM, BinOp::Mul),
            "@" => bin(TERM, BinOp::MatMul),
            "/" => bin(TERM, BinOp::Div),
            "//" => bin(TERM, BinOp::FloorDiv),
            "%" => bin(TERM, BinOp::Mod),
            _ => None,
        },
        _ => None,
    }
}

/// Split parsed items into expressions and their greatest height.
pub(crate) fn unzip(items: Vec<Ex>) -> (Vec<Expr>, u32) {
    let height = items.iter().map(|item| item.height).max().unwrap_or(0);
    (items.into_iter().map(|item| *item.expr).collect(), height)
}

fn boxed(ex: Ex) -> Box<Expr> {
    ex.expr
}

impl LineParser {
    /// Build a node whose children have the greatest height `child_height`.
    pub(crate) fn node(
        &self,
        kind: ExprKind,
        span: Span,
        child_height: u32,
    ) -> Result<Ex, Failure> {
        let height = child_height + 1;
        if height > MAX_NESTING {
            return Err(failure(too_deep(), span.start as usize, span.end as usize));
        }
        Ok(Ex {
            expr: Box::new(Expr { kind, span }),
            height,
        })
    }

    /// `expr (',' expr)* [',']`: a tuple when there is a comma (assignment values,
    /// expression statements, `for` iterables).
    pub(crate) fn expr_list<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let (mut input, first) = self.expr(input)?;
        if !self.peek(input).is_op(",") {
            return Ok((input, first));
        }
        let start = first.expr.span.start as usize;
        let mut end = first.expr.span.end as usize;
        let mut items = vec![first];
        loop {
            let comma = self.peek(input);
            if !comma.is_op(",") {
                break;
            }
            input = comma.rest;
            end = comma.end();
            if !self.peek(input).starts_expr() {
                break;
            }
            let (rest, item) = self.expr(input)?;
            end = item.expr.span.end as usize;
            items.push(item);
            input = rest;
        }
        let (items, height) = unzip(items);
        let tuple = self.node(ExprKind::Tuple(items), Span::new(start, end), height)?;
        Ok((input, tuple))
    }

    /// One item of a `for` target list: an operand of a comparison (so that `in` ends it).
    pub(crate) fn target_item<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        self.binop(input, BITOR)
    }

    /// A full expression: a conditional expression or anything tighter.
    pub(crate) fn expr<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let first = self.peek(input);
        if first.is_op("*") {
            return fail_at(&first, "starred expressions are not supported in scripts");
        }
        if first.is_op("**") {
            return fail_at(&first, "`**` unpacking is not supported in scripts");
        }
        self.enter(first.start)?;
        let (input, body) = self.binop(input, OR)?;
        let token = self.peek(input);
        let (input, result) = if token.is_kw("if") {
            let (input, cond) = self.binop(token.rest, OR)?;
            let else_kw = self.peek(input);
            if !else_kw.is_kw("else") {
                return fail_expected(&else_kw, "'else' (a conditional expression needs one)");
            }
            let (input, orelse) = self.expr(else_kw.rest)?;
            let span = body.expr.span.to(orelse.expr.span);
            let height = body.height.max(cond.height).max(orelse.height);
            let kind = ExprKind::IfExp {
                body: boxed(body),
                cond: boxed(cond),
                orelse: boxed(orelse),
            };
            (input, self.node(kind, span, height)?)
        } else {
            (input, body)
        };
        let next = self.peek(input);
        if next.is_op(":=") {
            return fail_at(
                &next,
                "the walrus operator `:=` is not supported in scripts",
            );
        }
        self.leave();
        Ok((input, result))
    }

    /// Precedence climbing over the binary levels from `min` up.
    pub(crate) fn binop<'s>(&mut self, input: &'s str, min: u8) -> PResult<'s, Ex> {
        let token = self.peek(input);
        let (mut input, mut left) = if min <= NOT && token.is_kw("not") {
            self.enter(token.start)?;
            let (input, operand) = self.binop(token.rest, NOT)?;
            self.leave();
            let span = token.span().to(operand.expr.span);
            let height = operand.height;
            let kind = ExprKind::Unary {
                op: UnaryOp::Not,
                operand: boxed(operand),
            };
            (input, self.node(kind, span, height)?)
        } else {
            self.unary(input)?
        };
        loop {
            let token = self.peek(input);
            let Some((prec, op)) = infix(&token) else {
                break;
            };
            if prec < min {
                break;
            }
            match op {
                Infix::Cmp => {
                    let mut ops = Vec::new();
                    let mut height = left.height;
                    while let Some((cmp, after)) = self.cmp_op(input) {
                        let (rest, right) = self.binop(after, BITOR)?;
                        height = height.max(right.height);
                        ops.push((cmp, *right.expr));
                        input = rest;
                    }
                    let Some((_, last)) = ops.last() else {
                        // `not` without `in`: not an operator here.
                        break;
                    };
                    let span = left.expr.span.to(last.span);
                    let kind = ExprKind::Compare {
                        left: boxed(left),
                        ops,
                    };
                    left = self.node(kind, span, height)?;
                }
                Infix::Bool(op) => {
                    let (rest, right) = self.binop(token.rest, prec + 1)?;
                    let span = left.expr.span.to(right.expr.span);
                    let height = left.height.max(right.height);
                    let kind = ExprKind::BoolOp {
                        op,
                        left: boxed(left),
                        right: boxed(right),
                    };
                    left = self.node(kind, span, height)?;
                    input = rest;
                }
                Infix::Bin(op) => {
                    let (rest, right) = self.binop(token.rest, prec + 1)?;
                    let span = left.expr.span.to(right.expr.span);
                    let height = left.height.max(right.height);
                    let kind = ExprKind::Binary {
                        op,
                        left: boxed(left),
                        right: boxed(right),
                    };
                    left = self.node(kind, span, height)?;
                    input = rest;
                }
            }
        }
        Ok((input, left))
    }

    /// A comparison operator at `input`, with the line after it.
    fn cmp_op<'s>(&self, input: &'s str) -> Option<(CmpOp, &'s str)> {
        let token = self.peek(input);
        let op = match (token.kind, token.text) {
            (Kind::Op, "<") => CmpOp::Lt,
            (Kind::Op, ">") => CmpOp::Gt,
            (Kind::Op, "==") => CmpOp::Eq,
            (Kind::Op, ">=") => CmpOp::GtE,
            (Kind::Op, "<=") => CmpOp::LtE,
            (Kind::Op, "!=") => CmpOp::NotEq,
            (Kind::Name, "in") => CmpOp::In,
            (Kind::Name, "not") => {
                let next = self.peek(token.rest);
                return next.is_kw("in").then_some((CmpOp::NotIn, next.rest));
            }
            (Kind::Name, "is") => {
                let next = self.peek(token.rest);
                if next.is_kw("not") {
                    return Some((CmpOp::IsNot, next.rest));
                }
                CmpOp::Is
            }
            _ => return None,
        };
        Some((op, token.rest))
    }

    /// Unary `-`, `+`, `~`, or a power.
    fn unary<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let token = self.peek(input);
        let op = match (token.kind, token.text) {
            (Kind::Op, "-") => UnaryOp::Neg,
            (Kind::Op, "+") => UnaryOp::Pos,
            (Kind::Op, "~") => UnaryOp::Invert,
            _ => return self.power(input),
        };
        self.enter(token.start)?;
        let (input, operand) = self.unary(token.rest)?;
        self.leave();
        let span = token.span().to(operand.expr.span);
        let height = operand.height;
        let kind = ExprKind::Unary {
            op,
            operand: boxed(operand),
        };
        Ok((input, self.node(kind, span, height)?))
    }

    /// `primary ['**' unary]`.
    fn power<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let (input, base) = self.primary(input)?;
        let token = self.peek(input);
        if !token.is_op("**") {
            return Ok((input, base));
        }
        self.enter(token.start)?;
        let (input, exponent) = self.unary(token.rest)?;
        self.leave();
        let span = base.expr.span.to(exponent.expr.span);
        let height = base.height.max(exponent.height);
        let kind = ExprKind::Binary {
            op: BinOp::Pow,
            left: boxed(base),
            right: boxed(exponent),
        };
        Ok((input, self.node(kind, span, height)?))
    }

    /// An atom followed by `.name`, `(args)` and `[index]`.
    pub(crate) fn primary<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let (mut input, mut value) = self.atom(input)?;
        loop {
            let token = self.peek(input);
            if token.is_op(".") {
                let name = self.peek(token.rest);
                if !name.is_ident() {
                    return fail_expected(&name, "an attribute name");
                }
                let attr = Ident {
                    name: name.text.to_string(),
                    span: name.span(),
                };
                let span = value.expr.span.to(name.span());
                let height = value.height;
                let kind = ExprKind::Attribute {
                    value: boxed(value),
                    attr,
                };
                value = self.node(kind, span, height)?;
                input = name.rest;
            } else if token.is_op("(") {
                let (rest, call) = self.call(token.rest, value)?;
                value = call;
                input = rest;
            } else if token.is_op("[") {
                let (rest, index) = self.subscript_index(token.rest)?;
                let close = self.peek(rest);
                if !close.is_op("]") {
                    return fail_expected(&close, "']' or ','");
                }
                let span = value.expr.span.to(close.span());
                let height = value.height.max(index.height);
                let kind = ExprKind::Subscript {
                    value: boxed(value),
                    index: boxed(index),
                };
                value = self.node(kind, span, height)?;
                input = close.rest;
            } else {
                return Ok((input, value));
            }
        }
    }

    /// The arguments of a call after `(`, through `)`.
    fn call<'s>(&mut self, mut input: &'s str, func: Ex) -> PResult<'s, Ex> {
        let mut args = Vec::new();
        let mut keywords: Vec<(Keyword, u32)> = Vec::new();
        let close = loop {
            let token = self.peek(input);
            if token.is_op(")") {
                break token;
            }
            if token.is_op("*") {
                return fail_at(&token, "`*args` is not supported in scripts");
            }
            if token.is_op("**") {
                return fail_at(&token, "`**kwargs` is not supported in scripts");
            }
            let (rest, arg) = self.expr(input)?;
            let equals = self.peek(rest);
            if equals.is_op("=") {
                let ExprKind::Name(name) = &arg.expr.kind else {
                    return fail_at(
                        &equals,
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    );
                };
                if keywords
                    .iter()
                    .any(|(keyword, _)| &keyword.name.name == name)
                {
                    let message = format!("keyword argument repeated: {name}");
                    return Err(failure(
                        message,
                        arg.expr.span.start as usize,
                        arg.expr.span.end as usize,
                    ));
                }
                let name = Ident {
                    name: name.clone(),
                    span: arg.expr.span,
                };
                let (rest, value) = self.expr(equals.rest)?;
                keywords.push((
                    Keyword {
                        name,
                        value: *value.expr,
                    },
                    value.height,
                ));
                input = rest;
            } else {
                if !keywords.is_empty() {
                    let span = arg.expr.span;
                    return Err(failure(
                        "positional argument follows keyword argument",
                        span.start as usize,
                        span.end as usize,
                    ));
                }
                args.push(arg);
                input = rest;
            }
            let token = self.peek(input);
            if token.is_kw("for") {
                return fail_at(&token, "comprehensions are not supported in scripts");
            }
            if token.is_op(",") {
                input = token.rest;
            } else if token.is_op(")") {
                break token;
            } else {
                return fail_expected(&token, "',' or ')'");
            }
        };
        let (args, args_height) = unzip(args);
        let keyword_height = keywords
            .iter()
            .map(|(_, height)| *height)
            .max()
            .unwrap_or(0);
        let keywords = keywords.into_iter().map(|(keyword, _)| keyword).collect();
        let span = func.expr.span.to(close.span());
        let height = func.height.max(args_height).max(keyword_height);
        let kind = ExprKind::Call {
            func: boxed(func),
            args,
            keywords,
        };
        Ok((close.rest, self.node(kind, span, height)?))
    }

    /// The index of a subscript (after `[`, before `]`): slices and expressions,
    /// a tuple when there is a comma.
    fn subscript_index<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let (mut input, first) = self.slice_item(input)?;
        if !self.peek(input).is_op(",") {
            return Ok((input, first));
        }
        let start = first.expr.span.start as usize;
        let mut end = first.expr.span.end as usize;
        let mut items = vec![first];
        loop {
            let comma = self.peek(input);
            if !comma.is_op(",") {
                break;
            }
            input = comma.rest;
            end = comma.end();
            if self.peek(input).is_op("]") {
                break;
            }
            let (rest, item) = self.slice_item(input)?;
            end = item.expr.span.end as usize;
            items.push(item);
            input = rest;
        }
        let (items, height) = unzip(items);
        Ok((
            input,
            self.node(ExprKind::Tuple(items), Span::new(start, end), height)?,
        ))
    }

    /// `expr` or `[lower]:[upper][:[step]]`.
    fn slice_item<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let first = self.peek(input);
        let (input, lower) = if first.is_op(":") {
            (input, None)
        } else {
            let (input, lower) = self.expr(input)?;
            (input, Some(lower))
        };
        let colon = self.peek(input);
        if !colon.is_op(":") {
            // `lower` is present: the first token was not ':'.
            return match lower {
                Some(lower) => Ok((input, lower)),
                None => fail_expected(&colon, "an expression"),
            };
        }
        let start = lower
            .as_ref()
            .map_or(colon.start, |lower| lower.expr.span.start as usize);
        let mut end = colon.end();
        let mut height = lower.as_ref().map_or(0, |lower| lower.height);
        let mut input = colon.rest;
        let mut bound = |parser: &mut LineParser, input: &'s str| -> PResult<'s, Option<Ex>> {
            let token = parser.peek(input);
            if token.is_op(":") || token.is_op(",") || token.is_op("]") {
                return Ok((input, None));
            }
            let (input, value) = parser.expr(input)?;
            end = value.expr.span.end as usize;
            height = height.max(value.height);
            Ok((input, Some(value)))
        };
        let (rest, upper) = bound(self, input)?;
        input = rest;
        let mut step = None;
        let second = self.peek(input);
        if second.is_op(":") {
            let (rest, value) = bound(self, second.rest)?;
            input = rest;
            step = value;
        }
        // `end` covers the last bound or colon that was consumed.
        let end = end.max(if second.is_op(":") { second.end() } else { 0 });
        let kind = ExprKind::Slice {
            lower: lower.map(boxed),
            upper: upper.map(boxed),
            step: step.map(boxed),
        };
        Ok((input, self.node(kind, Span::new(start, end), height)?))
    }

    /// Literals, names and bracketed displays.
    fn atom<'s>(&mut self, input: &'s str) -> PResult<'s, Ex> {
        let token = self.peek(input);
        let leaf = |kind| {
            Ok((
                token.rest,
                Ex {
                    expr: Box::new(Expr {
                        kind,
                        span: token.span(),
                    }),
                    height: 1,
                },
            ))
        };
        match token.kind {
            Kind::Number => {
                if token.rest.starts_with(is_ident_char) {
                    let next = token.rest.chars().next().map_or(0, char::len_utf8);
                    return Err(failure(
                        "invalid decimal literal",
                        token.start,
                        token.end() + next,
                    ));
                }
                match number_value(token.text) {
                    Ok(Number::Int(value)) => leaf(ExprKind::Int(value)),
                    Ok(Number::Float(value)) => leaf(ExprKind::Float(value)),
                    Err(error) => Err(failure(
                        error.message,
                        token.start + error.start,
                        token.start + error.end,
                    )),
                }
            }
            Kind::Str => self.strings(input),
            Kind::Name => match token.text {
                "True" => leaf(ExprKind::Bool(true)),
                "False" => leaf(ExprKind::Bool(false)),
                "None" => leaf(ExprKind::None),
                "lambda" | "yield" | "await" => fail_at(
                    &token,
                    format!("`{}` is not supported in scripts", token.text),
                ),
                _ if token.is_ident() => leaf(ExprKind::Name(token.text.to_string())),
                _ => fail_expected(&token, "an expression"),
            },
            Kind::Op => match token.text {
                "(" => self.parenthesized(token),
                "[" => self.list(token),
                "{" => self.dict(token),
                _ => fail_expected(&token, "an expression"),
            },
            Kind::End | Kind::Bad => fail_expected(&token, "an expression"),
        }
    }

    /// One or more adjacent string literals.
    fn strings<'s>(&mut self, mut input: &'s str) -> PResult<'s, Ex> {
        let mut value = String::new();
        let mut parts = Vec::new();
        let mut span: Option<Span> = None;
        loop {
            let token = self.peek(input);
            if token.kind != Kind::Str {
                break;
            }
            let prefix_len = token.text.find(['\'', '"']).unwrap_or(0);
            let prefix = string_prefix(&token.text[..prefix_len]).map_err(|error| {
                failure(
                    error.message,
                    token.start + error.start,
                    token.start + error.end,
                )
            })?;
            let quotes = quote_len(&token.text[prefix_len..]);
            let contents_start = prefix_len + quotes;
            let contents_end = token.text.len().saturating_sub(quotes).max(contents_start);
            let contents = &token.text[contents_start..contents_end];
            let base = token.start + contents_start;
            let decoded = decode_string(contents, prefix)
                .map_err(|error| failure(error.message, base + error.start, base + error.end))?;
            let verbatim = decoded == contents;
            let value_start = value.len() as u32;
            value.push_str(&decoded);
            parts.push(StrPart {
                contents: Span::new(base, base + contents.len()),
                value_start,
                value_end: value.len() as u32,
                verbatim,
            });
            span = Some(span.map_or(token.span(), |span| span.to(token.span())));
            input = token.rest;
        }
        let span = span.unwrap_or_default();
        let kind = ExprKind::Str(StrLit { value, parts });
        Ok((
            input,
            Ex {
                expr: Box::new(Expr { kind, span }),
                height: 1,
            },
        ))
    }

    /// `( )`, `(expr)`, `(a, b, ...)` after seeing `(`.
    fn parenthesized<'s>(&mut self, open: Tok<'s>) -> PResult<'s, Ex> {
        let first_token = self.peek(open.rest);
        if first_token.is_op(")") {
            let span = open.span().to(first_token.span());
            return Ok((
                first_token.rest,
                self.node(ExprKind::Tuple(Vec::new()), span, 0)?,
            ));
        }
        let (input, first) = self.expr(open.rest)?;
        let token = self.peek(input);
        if token.is_kw("for") {
            return fail_at(&token, "comprehensions are not supported in scripts");
        }
        if token.is_op(")") {
            return Ok((token.rest, first));
        }
        if !token.is_op(",") {
            return fail_expected(&token, "')' or ','");
        }
        let (input, items, close) = self.sequence(input, vec![first], ")")?;
        let (items, height) = unzip(items);
        let span = open.span().to(close);
        Ok((input, self.node(ExprKind::Tuple(items), span, height)?))
    }

    /// `[a, b, ...]` after seeing `[`.
    fn list<'s>(&mut self, open: Tok<'s>) -> PResult<'s, Ex> {
        let first_token = self.peek(open.rest);
        if first_token.is_op("]") {
            let span = open.span().to(first_token.span());
            return Ok((
                first_token.rest,
                self.node(ExprKind::List(Vec::new()), span, 0)?,
            ));
        }
        let (input, first) = self.expr(open.rest)?;
        let token = self.peek(input);
        if token.is_kw("for") {
            return fail_at(&token, "comprehensions are not supported in scripts");
        }
        let (input, items, close) = self.sequence(input, vec![first], "]")?;
        let (items, height) = unzip(items);
        let span = open.span().to(close);
        Ok((input, self.node(ExprKind::List(items), span, height)?))
    }

    /// After the first item of a display: `(',' expr)* [','] close`.
    fn sequence<'s>(
        &mut self,
        mut input: &'s str,
        mut items: Vec<Ex>,
        close: &str,
    ) -> Result<(&'s str, Vec<Ex>, Span), Failure> {
        loop {
            let token = self.peek(input);
            if token.is_op(close) {
                return Ok((token.rest, items, token.span()));
            }
            if !token.is_op(",") {
                let expected = format!("'{close}' or ','");
                return fail_expected(&token, &expected).map(|(_, never)| never);
            }
            let next = self.peek(token.rest);
            if next.is_op(close) {
                return Ok((next.rest, items, next.span()));
            }
            let (rest, item) = self.expr(token.rest)?;
            let after = self.peek(rest);
            if after.is_kw("for") {
                return fail_at(&after, "comprehensions are not supported in scripts")
                    .map(|(_, never)| never);
            }
            items.push(item);
            input = rest;
        }
    }

    /// `{k: v, ...}` after seeing `{`.
    fn dict<'s>(&mut self, open: Tok<'s>) -> PResult<'s, Ex> {
        let mut input = open.rest;
        let mut entries = Vec::new();
        let mut height = 0;
        let close = loop {
            let token = self.peek(input);
            if token.is_op("}") {
                break token;
            }
            if token.is_op("**") {
                return fail_at(&token, "`**` unpacking is not supported in scripts");
            }
            let (rest, key) = self.expr(input)?;
            let colon = self.peek(rest);
            if !colon.is_op(":") {
                if colon.is_kw("for") {
                    return fail_at(&colon, "comprehensions are not supported in scripts");
                }
                if entries.is_empty() && (colon.is_op(",") || colon.is_op("}")) {
                    return fail_at(&open, "set literals are not supported in scripts");
                }
                return fail_expected(&colon, "':'");
            }
            let (rest, value) = self.expr(colon.rest)?;
            height = height.max(key.height).max(value.height);
            entries.push((*key.expr, *value.expr));
            let token = self.peek(rest);
            if token.is_kw("for") {
                return fail_at(&token, "comprehensions are not supported in scripts");
            }
            if token.is_op(",") {
                input = token.rest;
            } else if token.is_op("}") {
                break token;
            } else {
                return fail_expected(&token, "'}' or ','");
            }
        };
        let span = open.span().to(close.span());
        Ok((
            close.rest,
            self.node(ExprKind::Dict(entries), span, height)?,
        ))
    }
}
