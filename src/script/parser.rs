//! Statements and blocks: the entry points [`parse_script`] and [`parse_interactive`].
//!
//! The logical-line pass (`lines.rs`) gives lines with indentation widths; this module
//! parses each line's statements (simple statements separated by `;`, or the header of
//! `if`/`elif`/`else`/`for`, optionally followed by a body on the same line) and builds
//! the blocks from the indentation. Unsupported statements (`def`, `class`, `while`,
//! `with`, `try`, `async`, `yield`, `return`, `global`, `del`, decorators, `match`, ...)
//! get named errors pointing at the keyword. Expressions are in `expr.rs`.

use crate::diag::{Span, line_col};

use super::ast::{
    Alias, BinOp, DottedName, Elif, Expr, ExprKind, Ident, Import, Script, Stmt, StmtKind, Target,
    TargetKind,
};
use super::error::ScriptSyntaxError;
use super::expr::{Ex, unzip};
use super::lines::{LinesError, LogicalLine, logical_lines};
use super::token::{Failure, Kind, LineParser, PResult, Tok, fail_at, fail_expected, failure};

/// The most deeply nested blocks accepted (Python's own limit is also 100).
pub const MAX_BLOCK_DEPTH: usize = 100;

/// What [`parse_interactive`] makes of the input so far.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseOutcome {
    /// The input is a whole script (possibly empty).
    Complete(Script),
    /// More input is needed: an open bracket, an unterminated triple-quoted string, a
    /// trailing `\`, a block header without a body, or a compound statement not yet
    /// ended by a blank line (as in Python's REPL).
    Incomplete,
    /// The input is wrong whatever follows.
    Error(ScriptSyntaxError),
}

/// Parse a whole script. The parser is recursive (about 10 KiB of stack per nesting
/// level in unoptimised builds), so it runs on a deep stack
/// ([`crate::runtime::stack::deep`]) and the nesting limits, not the caller's stack
/// size, decide what is too deep.
pub fn parse_script(src: &str) -> Result<Script, ScriptSyntaxError> {
    crate::runtime::stack::deep(|| {
        let lines = logical_lines(src).map_err(|error| fix_span(src, error.into_error()))?;
        let mut blocks = Blocks {
            src,
            lines: &lines.lines,
            next: 0,
        };
        blocks
            .script()
            .map_err(|error| fix_span(src, error.into_error()))
    })
}

/// Parse what the REPL has read so far, telling whether it needs more lines.
pub fn parse_interactive(src: &str) -> ParseOutcome {
    crate::runtime::stack::deep(|| {
        let lines = match logical_lines(src) {
            Ok(lines) => lines,
            Err(LinesError::Unfinished(_)) => return ParseOutcome::Incomplete,
            Err(LinesError::Invalid(error)) => return ParseOutcome::Error(fix_span(src, error)),
        };
        let mut blocks = Blocks {
            src,
            lines: &lines.lines,
            next: 0,
        };
        match blocks.script() {
            Ok(script) => {
                let open_block = script.body.last().is_some_and(|stmt| {
                    matches!(stmt.kind, StmtKind::For { .. } | StmtKind::If { .. })
                });
                if open_block && !lines.ends_with_blank_line {
                    ParseOutcome::Incomplete
                } else {
                    ParseOutcome::Complete(script)
                }
            }
            Err(BlockError::Unfinished(_)) => ParseOutcome::Incomplete,
            Err(BlockError::Invalid(error)) => ParseOutcome::Error(fix_span(src, error)),
        }
    })
}

/// Clamp an error span into the script and onto character boundaries.
fn fix_span(src: &str, mut error: ScriptSyntaxError) -> ScriptSyntaxError {
    let mut start = (error.span.start as usize).min(src.len());
    let mut end = (error.span.end as usize).min(src.len()).max(start);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    while !src.is_char_boundary(end) {
        end += 1;
    }
    error.span = Span::new(start, end);
    error
}

enum BlockError {
    Invalid(ScriptSyntaxError),
    /// The input ended where a block was required (more lines could fix it).
    Unfinished(ScriptSyntaxError),
}

impl BlockError {
    fn into_error(self) -> ScriptSyntaxError {
        match self {
            BlockError::Invalid(error) | BlockError::Unfinished(error) => error,
        }
    }
}

fn invalid(message: impl Into<String>, span: Span) -> BlockError {
    BlockError::Invalid(ScriptSyntaxError::new(message, span))
}

/// What one logical line holds.
enum LineItem {
    Simple(Vec<Stmt>),
    Header(Header),
}

/// The header of a compound statement, with its body when it is on the same line.
struct Header {
    kind: HeaderKind,
    keyword: Span,
    inline: Option<Vec<Stmt>>,
}

enum HeaderKind {
    If(Expr),
    Elif(Expr),
    Else,
    For(Target, Expr),
}

/// Builds blocks from logical lines.
struct Blocks<'a> {
    src: &'a str,
    lines: &'a [LogicalLine],
    next: usize,
}

impl<'a> Blocks<'a> {
    fn script(&mut self) -> Result<Script, BlockError> {
        let body = self.block(0, 0)?;
        Ok(Script { body })
    }

    /// Statements at exactly `indent`, until a line indented less.
    fn block(&mut self, indent: usize, depth: usize) -> Result<Vec<Stmt>, BlockError> {
        let mut body = Vec::new();
        let mut after_block = false;
        while let Some(&line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                let message = if after_block {
                    "unindent does not match any outer indentation level"
                } else {
                    "unexpected indent"
                };
                return Err(invalid(message, self.first_char(line)));
            }
            self.next += 1;
            after_block = false;
            match parse_line(self.src, line).map_err(BlockError::Invalid)? {
                LineItem::Simple(stmts) => body.extend(stmts),
                LineItem::Header(header) => {
                    let (stmt, opened) = self.compound(header, line, depth)?;
                    after_block = opened;
                    body.push(stmt);
                }
            }
        }
        Ok(body)
    }

    /// A compound statement whose header is on `line`; also says whether its last
    /// clause had an indented block.
    fn compound(
        &mut self,
        header: Header,
        line: LogicalLine,
        depth: usize,
    ) -> Result<(Stmt, bool), BlockError> {
        let Header {
            kind,
            keyword,
            inline,
        } = header;
        match kind {
            HeaderKind::For(target, iter) => {
                let (body, opened) = self.suite("for", keyword, inline, line, depth)?;
                if let Some(&next) = self.lines.get(self.next) {
                    let word = self.first_token(next);
                    if next.indent == line.indent && word.is_kw("else") {
                        return Err(invalid(
                            "`for ... else` is not supported in scripts",
                            word.span(),
                        ));
                    }
                }
                let span = keyword.to(body_span(&body, keyword));
                Ok((
                    Stmt {
                        kind: StmtKind::For { target, iter, body },
                        span,
                    },
                    opened,
                ))
            }
            HeaderKind::If(cond) => {
                let (body, mut opened) = self.suite("if", keyword, inline, line, depth)?;
                let mut end = body_span(&body, keyword);
                let mut elifs = Vec::new();
                let mut orelse = None;
                while let Some(&next) = self.lines.get(self.next) {
                    let word = self.first_token(next);
                    if next.indent != line.indent || !(word.is_kw("elif") || word.is_kw("else")) {
                        break;
                    }
                    self.next += 1;
                    let LineItem::Header(clause) =
                        parse_line(self.src, next).map_err(BlockError::Invalid)?
                    else {
                        return Err(invalid("invalid syntax", word.span()));
                    };
                    let Header {
                        kind,
                        keyword: clause_keyword,
                        inline,
                    } = clause;
                    match kind {
                        HeaderKind::Elif(cond) => {
                            let (body, clause_opened) =
                                self.suite("elif", clause_keyword, inline, next, depth)?;
                            opened = clause_opened;
                            end = body_span(&body, clause_keyword);
                            let span = clause_keyword.to(end);
                            elifs.push(Elif { cond, body, span });
                        }
                        HeaderKind::Else => {
                            let (body, clause_opened) =
                                self.suite("else", clause_keyword, inline, next, depth)?;
                            opened = clause_opened;
                            end = body_span(&body, clause_keyword);
                            orelse = Some(body);
                            break;
                        }
                        HeaderKind::If(_) | HeaderKind::For(..) => {
                            return Err(invalid("invalid syntax", clause_keyword));
                        }
                    }
                }
                let span = keyword.to(end);
                Ok((
                    Stmt {
                        kind: StmtKind::If {
                            cond,
                            body,
                            elifs,
                            orelse,
                        },
                        span,
                    },
                    opened,
                ))
            }
            HeaderKind::Elif(_) => Err(invalid("`elif` without a matching `if`", keyword)),
            HeaderKind::Else => Err(invalid("`else` without a matching `if`", keyword)),
        }
    }

    /// The body of a compound statement: on the header's line, or the indented block
    /// after it. Also says whether it was an indented block.
    fn suite(
        &mut self,
        what: &str,
        keyword: Span,
        inline: Option<Vec<Stmt>>,
        line: LogicalLine,
        depth: usize,
    ) -> Result<(Vec<Stmt>, bool), BlockError> {
        if let Some(body) = inline {
            return Ok((body, false));
        }
        let (header_line, _) = line_col(self.src, keyword.start);
        let message =
            format!("expected an indented block after '{what}' statement on line {header_line}");
        match self.lines.get(self.next) {
            None => Err(BlockError::Unfinished(ScriptSyntaxError::new(
                message, keyword,
            ))),
            Some(&next) if next.indent > line.indent => {
                if depth + 1 > MAX_BLOCK_DEPTH {
                    let message =
                        format!("too many nested blocks (the limit is {MAX_BLOCK_DEPTH})");
                    return Err(invalid(message, keyword));
                }
                let body = self.block(next.indent, depth + 1)?;
                Ok((body, true))
            }
            Some(&next) => Err(invalid(message, self.first_char(next))),
        }
    }

    fn first_token(&self, line: LogicalLine) -> Tok<'a> {
        LineParser::new(line.end).peek(&self.src[line.start..line.end])
    }

    fn first_char(&self, line: LogicalLine) -> Span {
        let width = self.src[line.start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        Span::new(line.start, line.start + width)
    }
}

/// The span of a body's statements (the keyword's when empty, which does not happen).
fn body_span(body: &[Stmt], keyword: Span) -> Span {
    match (body.first(), body.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => keyword,
    }
}

/// Parse one logical line.
fn parse_line(src: &str, line: LogicalLine) -> Result<LineItem, ScriptSyntaxError> {
    let mut parser = LineParser::new(line.end);
    let input = &src[line.start..line.end];
    let first = parser.peek(input);
    let is_header = ["if", "elif", "else", "for"]
        .iter()
        .any(|keyword| first.is_kw(keyword));
    let result = if is_header {
        parser
            .header(first)
            .map(|(_, header)| LineItem::Header(header))
    } else {
        parser
            .simple_line(input)
            .map(|(_, stmts)| LineItem::Simple(stmts))
    };
    match result {
        Ok(item) => Ok(item),
        Err(nom::Err::Failure(error) | nom::Err::Error(error)) => {
            let soft_keyword = first.is_kw("match") || first.is_kw("case");
            if soft_keyword && parser.ends_with_colon(input) {
                let message = format!("`{}` is not supported in scripts", first.text);
                return Err(ScriptSyntaxError::new(message, first.span()));
            }
            Err(*error)
        }
        Err(nom::Err::Incomplete(_)) => Err(ScriptSyntaxError::new(
            "invalid syntax",
            Span::new(line.start, line.end),
        )),
    }
}

/// Keywords that start statements outside the subset.
const UNSUPPORTED_STATEMENTS: [&str; 19] = [
    "def", "class", "while", "with", "try", "except", "finally", "async", "await", "yield",
    "return", "global", "nonlocal", "del", "raise", "assert", "break", "continue", "lambda",
];

fn aug_op(token: &Tok<'_>) -> Option<BinOp> {
    if token.kind != Kind::Op {
        return None;
    }
    let symbol = token.text.strip_suffix('=')?;
    BinOp::ALL.into_iter().find(|op| op.symbol() == symbol)
}

/// How an expression that cannot be assigned to is named in errors.
fn describe(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => "literal",
        ExprKind::Bool(true) => "True",
        ExprKind::Bool(false) => "False",
        ExprKind::None => "None",
        ExprKind::Call { .. } => "function call",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Slice { .. } => "slice",
        ExprKind::Name(_) => "name",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Unary { .. } | ExprKind::Binary { .. } | ExprKind::BoolOp { .. } => "expression",
    }
}

fn span_failure(message: String, span: Span) -> Failure {
    failure(message, span.start as usize, span.end as usize)
}

/// An expression as an assignment target.
fn to_target(expr: Expr) -> Result<Target, Failure> {
    let span = expr.span;
    let kind = match expr.kind {
        ExprKind::Name(name) => TargetKind::Name(name),
        ExprKind::Attribute { value, attr } => TargetKind::Attribute { value, attr },
        ExprKind::Subscript { value, index } => TargetKind::Subscript { value, index },
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            TargetKind::Tuple(items.into_iter().map(to_target).collect::<Result<_, _>>()?)
        }
        other => {
            return Err(span_failure(
                format!("cannot assign to {}", describe(&other)),
                span,
            ));
        }
    };
    Ok(Target { kind, span })
}

impl LineParser {
    /// Simple statements separated by `;`, to the end of the line.
    fn simple_line<'s>(&mut self, mut input: &'s str) -> PResult<'s, Vec<Stmt>> {
        let mut stmts: Vec<Stmt> = Vec::new();
        loop {
            let (rest, stmt) = self.simple_stmt(input)?;
            let is_print = matches!(&stmt.kind, StmtKind::Expr(Expr { kind: ExprKind::Name(name), .. }) if name == "print");
            stmts.push(stmt);
            let token = self.peek(rest);
            if token.is_op(";") {
                input = token.rest;
                if self.peek(input).kind == Kind::End {
                    return Ok((input, stmts));
                }
                continue;
            }
            if token.kind == Kind::End {
                return Ok((rest, stmts));
            }
            if is_print && token.starts_expr() {
                return fail_at(&token, "missing parentheses in call to 'print'");
            }
            return fail_expected(&token, "end of line");
        }
    }

    fn simple_stmt<'s>(&mut self, input: &'s str) -> PResult<'s, Stmt> {
        let token = self.peek(input);
        if token.kind == Kind::Name {
            match token.text {
                "pass" => {
                    return Ok((
                        token.rest,
                        Stmt {
                            kind: StmtKind::Pass,
                            span: token.span(),
                        },
                    ));
                }
                "import" => return self.import(token),
                "from" => return self.import_from(token),
                "if" | "elif" | "else" | "for" => {
                    return fail_at(&token, format!("`{}` must start a new line", token.text));
                }
                word if UNSUPPORTED_STATEMENTS.contains(&word) => {
                    return fail_at(&token, format!("`{word}` is not supported in scripts"));
                }
                _ => {}
            }
        }
        if token.is_op("@") {
            return fail_at(&token, "decorators are not supported in scripts");
        }
        self.assignment_or_expr(input)
    }

    fn assignment_or_expr<'s>(&mut self, input: &'s str) -> PResult<'s, Stmt> {
        let (input, first) = self.expr_list(input)?;
        let token = self.peek(input);
        if token.is_op("=") {
            let start = first.expr.span;
            let mut targets = vec![to_target(*first.expr)?];
            let (mut input, mut value) = self.expr_list(token.rest)?;
            loop {
                let next = self.peek(input);
                if !next.is_op("=") {
                    break;
                }
                let (rest, next_value) = self.expr_list(next.rest)?;
                targets.push(to_target(*std::mem::replace(&mut value, next_value).expr)?);
                input = rest;
            }
            let span = start.to(value.expr.span);
            let kind = StmtKind::Assign {
                targets,
                value: *value.expr,
            };
            return Ok((input, Stmt { kind, span }));
        }
        if let Some(op) = aug_op(&token) {
            let start = first.expr.span;
            let first = *first.expr;
            if !matches!(
                first.kind,
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
            ) {
                let message = format!(
                    "'{}' is an illegal expression for augmented assignment",
                    describe(&first.kind)
                );
                return Err(span_failure(message, start));
            }
            let target = to_target(first)?;
            let (input, value) = self.expr_list(token.rest)?;
            let span = start.to(value.expr.span);
            let kind = StmtKind::AugAssign {
                target,
                op,
                value: *value.expr,
            };
            return Ok((input, Stmt { kind, span }));
        }
        if token.is_op(":") {
            return fail_at(&token, "variable annotations are not supported in scripts");
        }
        let span = first.expr.span;
        Ok((
            input,
            Stmt {
                kind: StmtKind::Expr(*first.expr),
                span,
            },
        ))
    }

    /// `import a.b as c, d`.
    fn import<'s>(&mut self, keyword: Tok<'s>) -> PResult<'s, Stmt> {
        let mut input = keyword.rest;
        let mut aliases = Vec::new();
        let mut end: Span;
        loop {
            let (rest, alias) = self.alias(input, true)?;
            end = alias
                .alias
                .as_ref()
                .map_or(alias.name.span, |alias| alias.span);
            aliases.push(alias);
            input = rest;
            let comma = self.peek(input);
            if !comma.is_op(",") {
                break;
            }
            input = comma.rest;
        }
        let kind = StmtKind::Import(Import::Modules(aliases));
        Ok((
            input,
            Stmt {
                kind,
                span: keyword.span().to(end),
            },
        ))
    }

    /// `from a.b import *` or `from a.b import x as y, z` (or in parentheses).
    fn import_from<'s>(&mut self, keyword: Tok<'s>) -> PResult<'s, Stmt> {
        let dot = self.peek(keyword.rest);
        if dot.is_op(".") || dot.is_op("...") {
            return fail_at(&dot, "relative imports are not supported in scripts");
        }
        let (input, module) = self.dotted_name(keyword.rest)?;
        let import = self.peek(input);
        if !import.is_kw("import") {
            return fail_expected(&import, "'import'");
        }
        let token = self.peek(import.rest);
        if token.is_op("*") {
            let kind = StmtKind::Import(Import::FromStar { module });
            return Ok((
                token.rest,
                Stmt {
                    kind,
                    span: keyword.span().to(token.span()),
                },
            ));
        }
        let parenthesized = token.is_op("(");
        let mut input = if parenthesized {
            token.rest
        } else {
            import.rest
        };
        let mut names = Vec::new();
        let mut end: Span;
        loop {
            if parenthesized {
                let close = self.peek(input);
                if close.is_op(")") && !names.is_empty() {
                    end = close.span();
                    input = close.rest;
                    break;
                }
            }
            let (rest, alias) = self.alias(input, false)?;
            end = alias
                .alias
                .as_ref()
                .map_or(alias.name.span, |alias| alias.span);
            names.push(alias);
            input = rest;
            let comma = self.peek(input);
            if comma.is_op(",") {
                input = comma.rest;
                if !parenthesized && !self.peek(input).is_ident() {
                    return fail_at(
                        &comma,
                        "trailing comma not allowed without surrounding parentheses",
                    );
                }
                continue;
            }
            if parenthesized {
                if !comma.is_op(")") {
                    return fail_expected(&comma, "')' or ','");
                }
                end = comma.span();
                input = comma.rest;
            }
            break;
        }
        let kind = StmtKind::Import(Import::FromNames { module, names });
        Ok((
            input,
            Stmt {
                kind,
                span: keyword.span().to(end),
            },
        ))
    }

    /// `name [as alias]`, with a dotted name when `dotted`.
    fn alias<'s>(&mut self, input: &'s str, dotted: bool) -> PResult<'s, Alias> {
        let (input, name) = if dotted {
            self.dotted_name(input)?
        } else {
            let (input, ident) = self.ident(input, "a name to import")?;
            let span = ident.span;
            (
                input,
                DottedName {
                    parts: vec![ident],
                    span,
                },
            )
        };
        let as_kw = self.peek(input);
        if !as_kw.is_kw("as") {
            return Ok((input, Alias { name, alias: None }));
        }
        let (input, alias) = self.ident(as_kw.rest, "a name after 'as'")?;
        Ok((
            input,
            Alias {
                name,
                alias: Some(alias),
            },
        ))
    }

    fn dotted_name<'s>(&mut self, input: &'s str) -> PResult<'s, DottedName> {
        let (mut input, first) = self.ident(input, "a module name")?;
        let mut span = first.span;
        let mut parts = vec![first];
        loop {
            let dot = self.peek(input);
            if !dot.is_op(".") {
                break;
            }
            let (rest, part) = self.ident(dot.rest, "a module name")?;
            span = span.to(part.span);
            parts.push(part);
            input = rest;
        }
        Ok((input, DottedName { parts, span }))
    }

    fn ident<'s>(&mut self, input: &'s str, what: &str) -> PResult<'s, Ident> {
        let token = self.peek(input);
        if !token.is_ident() {
            return fail_expected(&token, what);
        }
        Ok((
            token.rest,
            Ident {
                name: token.text.to_string(),
                span: token.span(),
            },
        ))
    }

    /// The header of `if`, `elif`, `else` or `for` (whose keyword is `keyword`), through
    /// `:`, with the statements after the colon when there are any.
    fn header<'s>(&mut self, keyword: Tok<'s>) -> PResult<'s, Header> {
        let (input, kind) = match keyword.text {
            "if" | "elif" => {
                let (input, cond) = self.expr(keyword.rest)?;
                let kind = if keyword.text == "if" {
                    HeaderKind::If(*cond.expr)
                } else {
                    HeaderKind::Elif(*cond.expr)
                };
                (input, kind)
            }
            "else" => (keyword.rest, HeaderKind::Else),
            _ => {
                let (input, target) = self.for_target(keyword.rest)?;
                let in_kw = self.peek(input);
                if !in_kw.is_kw("in") {
                    return fail_expected(&in_kw, "'in'");
                }
                let (input, iter) = self.expr_list(in_kw.rest)?;
                (input, HeaderKind::For(target, *iter.expr))
            }
        };
        let colon = self.peek(input);
        if !colon.is_op(":") {
            return fail_expected(&colon, "':'");
        }
        let (input, inline) = if self.peek(colon.rest).kind == Kind::End {
            (colon.rest, None)
        } else {
            let (input, body) = self.simple_line(colon.rest)?;
            (input, Some(body))
        };
        Ok((
            input,
            Header {
                kind,
                keyword: keyword.span(),
                inline,
            },
        ))
    }

    /// The loop variables of a `for`: `x`, `i, j`, `(a, b)`.
    fn for_target<'s>(&mut self, input: &'s str) -> PResult<'s, Target> {
        let (mut input, first) = self.target_item(input)?;
        let mut items = vec![first];
        let mut end = items[0].expr.span;
        let mut is_tuple = false;
        loop {
            let comma = self.peek(input);
            if !comma.is_op(",") {
                break;
            }
            is_tuple = true;
            end = comma.span();
            input = comma.rest;
            if !self.peek(input).starts_expr() {
                break;
            }
            let (rest, item) = self.target_item(input)?;
            end = item.expr.span;
            items.push(item);
            input = rest;
        }
        if !is_tuple {
            let first = items.remove(0);
            return Ok((input, to_target(*first.expr)?));
        }
        let span = items[0].expr.span.to(end);
        let (items, height) = unzip(items);
        let tuple: Ex = self.node(ExprKind::Tuple(items), span, height)?;
        Ok((input, to_target(*tuple.expr)?))
    }

    /// Whether the last token of the line is `:` (a `match`/`case` statement).
    fn ends_with_colon(&self, mut input: &str) -> bool {
        let mut last_colon = false;
        loop {
            let token = self.peek(input);
            if matches!(token.kind, Kind::End | Kind::Bad) {
                return last_colon;
            }
            last_colon = token.is_op(":");
            input = token.rest;
        }
    }
}
