//! The statement parser for event code (`reset`, `on_pre`, `on_post`, ...): assignments
//! `x = e`, `x += e`, `x -= e`, `x *= e`, `x /= e`, separated by newlines or `;`, with
//! blank lines and `#` comments allowed.

use super::ast::{AssignOp, Statement};
use super::error::{PErr, PResult, SyntaxError, describe};
use super::expr::{Mode, check_size, expression, finish, unexpected};
use super::lex::{self, Src, at_line_end, ident, skip_ws};

/// Parse event code such as `v = v_reset; w += b` into its statements, in order.
/// An empty (or all-comment) input gives no statements. All spans are byte ranges into
/// `src`.
pub fn parse_statements(src: &str) -> Result<Vec<Statement>, SyntaxError> {
    check_size(src)?;
    let mut statements = Vec::new();
    let mut i = src;
    loop {
        i = skip_ws(i, true);
        while let Some(rest) = i.strip_prefix(';') {
            i = skip_ws(rest, true);
        }
        if i.is_empty() {
            break;
        }
        let (rest, st) = statement(src, i).map_err(|e| finish(src, e))?;
        statements.push(st);
        i = rest;
    }
    Ok(statements)
}

fn at_statement_end(i: &str) -> bool {
    at_line_end(i) || i.starts_with(';')
}

/// The assignment operator at the start of `i`, its length, or an error for an
/// unsupported augmented assignment.
fn assign_op(i: &str) -> Result<Option<(AssignOp, usize)>, PErr<'_>> {
    for bad in ["//=", "**=", "%="] {
        if i.starts_with(bad) {
            return Err(PErr::expected(i, "'=', '+=', '-=', '*=' or '/='")
                .message(format!("unsupported assignment operator '{bad}'"))
                .anchor(i, bad.len()));
        }
    }
    let ops = [
        ("+=", AssignOp::Add),
        ("-=", AssignOp::Sub),
        ("*=", AssignOp::Mul),
        ("/=", AssignOp::Div),
    ];
    for (tok, op) in ops {
        if i.starts_with(tok) {
            return Ok(Some((op, 2)));
        }
    }
    if i.starts_with('=') && !i.starts_with("==") {
        return Ok(Some((AssignOp::Assign, 1)));
    }
    Ok(None)
}

/// The error for a statement that is not an assignment. `at` is where an assignment
/// operator was expected.
fn not_an_assignment<'a>(src: &'a str, start: &'a str, at: &'a str) -> PErr<'a> {
    if let Ok((rest, e)) = expression(src, start, Mode::Standalone)
        && at_statement_end(skip_ws(rest, false))
    {
        let text = e.span.text(src);
        let shown = if text.chars().count() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text.to_string()
        };
        return PErr::expected(start, "an assignment")
            .message(format!(
                "expected an assignment, found the expression '{shown}'"
            ))
            .anchor(start, e.span.end.saturating_sub(e.span.start) as usize);
    }
    PErr::expected(at, "an assignment")
}

/// One statement starting at `start`; the rest is at its end (a line end, ';' or the
/// end of the input).
fn statement<'a>(src: &'a str, start: &'a str) -> PResult<'a, Statement> {
    let s = Src(src);
    let target = match ident(start) {
        Ok((rest, name))
            if !lex::KEYWORDS.contains(&name)
                && !matches!(name, "True" | "False" | "true" | "false") =>
        {
            Some((rest, name))
        }
        _ => None,
    };
    let Some((after_name, name)) = target else {
        return not_an_assignment(src, start, start).fail();
    };
    let j = skip_ws(after_name, false);
    let (op, len) = match assign_op(j) {
        Err(e) => return e.fail(),
        Ok(None) => return not_an_assignment(src, start, j).fail(),
        Ok(Some(op)) => op,
    };
    let ctx = format!("in the assignment to '{name}'");
    let r = skip_ws(j.get(len..).unwrap_or(""), false);
    if at_statement_end(r) {
        return PErr::expected(r, "an expression")
            .message(format!(
                "expected an expression after the assignment operator, found {}",
                describe(r)
            ))
            .within(ctx)
            .fail();
    }
    let (rest, value) =
        expression(src, r, Mode::Standalone).map_err(|e| e.map(|e| e.within(ctx.clone())))?;
    let t = skip_ws(rest, false);
    if !at_statement_end(t) {
        return unexpected(t, "an operator or the end of the statement")
            .within(ctx)
            .fail();
    }
    let st = Statement {
        target: name.to_string(),
        target_span: s.span(start, after_name),
        op,
        value,
        span: s.span(start, rest),
    };
    Ok((t, st))
}
