//! The equations parser: a multi-line Brian2 equations string, one equation per
//! logical line, in the forms `dx/dt = expr : unit (flags)`, `x = expr : unit (flags)`
//! and `x : unit (flags)`.
//!
//! Blank lines and `#` comments are ignored. An equation continues on the next line
//! inside parentheses, after a backslash, after a binary operator, or when the next line
//! starts with a binary operator or with the `:` of the unit; its flags may also be on
//! the next line. The right-hand side must start on the line of its `=`.

use super::ast::{Equation, EquationKind, Equations, Flag};
use super::error::{PErr, PResult, SyntaxError, describe};
use super::expr::{Mode, check_size, expression, finish, unexpected};
use super::lex::{self, Src, at_line_end, ident, keyword, skip_ws};
use nom::Parser;
use nom::bytes::complete::take_while;
use nom::character::complete::satisfy;
use nom::combinator::{cut, recognize};

/// Parse a Brian2 equations string such as
///
/// ```text
/// dv/dt = (El - v)/tau : volt (unless refractory)
/// I = g*(E - v) : amp
/// g : siemens (constant)
/// ```
///
/// All spans are byte ranges into `src`.
pub fn parse_equations(src: &str) -> Result<Equations, SyntaxError> {
    check_size(src)?;
    let mut equations = Vec::new();
    let mut i = src;
    loop {
        i = skip_ws(i, true);
        if i.is_empty() {
            break;
        }
        let (rest, eq) = equation(src, i).map_err(|e| finish(src, e))?;
        equations.push(eq);
        i = rest;
    }
    Ok(Equations { equations })
}

/// If `i` is at a line end and the next non-blank line starts with `c`, that position.
fn next_line_starting_with(i: &str, c: char) -> Option<&str> {
    if i.is_empty() || !at_line_end(i) {
        return None;
    }
    let k = skip_ws(i, true);
    k.starts_with(c).then_some(k)
}

/// The head `d<name>/dt`; `start` is at `d<name>` (already read as `word`), `slash` at
/// the '/'. Returns the variable's name and the rest after `dt`.
fn diff_head<'a>(start: &'a str, word: &'a str, slash: &'a str) -> PResult<'a, (&'a str, &'a str)> {
    let var = match word.strip_prefix('d') {
        Some(v) if !v.is_empty() => v,
        Some(_) => {
            return PErr::expected(start, "'d<variable>/dt'")
                .message("expected a variable name between 'd' and '/dt'")
                .anchor(start, 1)
                .fail();
        }
        None => {
            return PErr::expected(start, "'d<variable>/dt'")
                .message(format!(
                    "a differential equation must start with 'd<variable>/dt', found '{word}/'"
                ))
                .anchor(start, word.len())
                .fail();
        }
    };
    let var_at = start.get(1..).unwrap_or("");
    let reserved =
        lex::KEYWORDS.contains(&var) || matches!(var, "True" | "False" | "true" | "false");
    if !var.starts_with(lex::is_ident_start) || reserved {
        return PErr::expected(var_at, "a variable name")
            .message(format!("invalid variable name '{var}' in '{word}/dt'"))
            .anchor(var_at, var.len())
            .fail();
    }
    let k = skip_ws(slash.get(1..).unwrap_or(""), false);
    let dt = |i: &'a str| {
        keyword(i, "dt")
            .map(|r| (r, ()))
            .ok_or_else(|| nom::Err::Error(PErr::expected(i, "'dt'")))
    };
    let (rest, ()) = cut(dt)
        .parse(k)
        .map_err(|e| e.map(|e| e.within(format!("in 'd{var}/dt'"))))?;
    Ok((rest, (var, var_at)))
}

/// One equation starting at `start`; the rest is at the end of its line.
fn equation<'a>(src: &'a str, start: &'a str) -> PResult<'a, Equation> {
    let s = Src(src);
    if !start.starts_with(lex::is_ident_start) {
        return PErr::expected(
            start,
            "an equation ('dx/dt = ...', 'x = ...' or 'x : unit')",
        )
        .fail();
    }
    let (after_word, word) = ident(start)?;
    let j = skip_ws(after_word, false);
    let is_diff = j.starts_with('/') && !j.starts_with("//") && !j.starts_with("/=");
    let (name, name_at, head_end) = if is_diff {
        let (rest, (var, var_at)) = diff_head(start, word, j)?;
        (var, var_at, rest)
    } else {
        if lex::KEYWORDS.contains(&word) || matches!(word, "True" | "False" | "true" | "false") {
            return PErr::expected(start, "a variable name")
                .message(format!(
                    "'{word}' is a reserved word and cannot be a variable name"
                ))
                .anchor(start, word.len())
                .fail();
        }
        (word, start, after_word)
    };
    let name_span = s.span(name_at, name_at.get(name.len()..).unwrap_or(""));
    let ctx = if is_diff {
        format!("in the differential equation for '{name}'")
    } else {
        format!("in the equation for '{name}'")
    };
    let within = |e: nom::Err<PErr<'a>>| e.map(|e| e.within(ctx.clone()));

    let m = skip_ws(head_end, false);
    let is_assign = m.starts_with('=') && !m.starts_with("==");
    let (rhs, colon_search) = if is_assign {
        let r = skip_ws(m.get(1..).unwrap_or(""), false);
        if r.starts_with(':') || at_line_end(r) {
            return PErr::expected(r, "an expression")
                .message(format!(
                    "empty right-hand side: expected an expression after '=', found {}",
                    describe(r)
                ))
                .within(ctx)
                .fail();
        }
        let (rest, e) = expression(src, r, Mode::EquationRhs).map_err(within)?;
        (Some(e), rest)
    } else if is_diff {
        return PErr::expected(m, "'='")
            .message(format!(
                "expected '=' after 'd{name}/dt', found {}",
                describe(m)
            ))
            .within(ctx)
            .fail();
    } else {
        (None, head_end)
    };

    // The ':' and the unit.
    let c = skip_ws(colon_search, false);
    let colon = match c.strip_prefix(':') {
        Some(after) => after,
        None => match next_line_starting_with(c, ':') {
            Some(k) => k.get(1..).unwrap_or(""),
            None => {
                let err = match (at_line_end(c), rhs.is_some()) {
                    (true, true) => PErr::expected(c, "':' and a unit"),
                    (true, false) => PErr::expected(c, "'=' or ':'"),
                    (false, true) => unexpected(c, "an operator or ':' and a unit"),
                    (false, false) => unexpected(c, "'=' or ':'"),
                };
                return err.within(ctx).fail();
            }
        },
    };
    let u = skip_ws(colon, false);
    if at_line_end(u) {
        return PErr::expected(u, "a unit after ':'").within(ctx).fail();
    }
    let (mut end, unit) = expression(src, u, Mode::Unit).map_err(within)?;

    // The flags.
    let f = skip_ws(end, false);
    let open = if f.starts_with('(') {
        Some(f)
    } else {
        next_line_starting_with(f, '(')
    };
    let mut flags = Vec::new();
    if let Some(open) = open {
        let (rest, fl) = parse_flags(s, open).map_err(within)?;
        flags = fl;
        end = rest;
    }
    let t = skip_ws(end, false);
    if !at_line_end(t) {
        let expected = if open.is_some() {
            "the end of the line"
        } else {
            "flags in parentheses or the end of the line"
        };
        return unexpected(t, expected).within(ctx).fail();
    }
    let kind = match rhs {
        Some(e) if is_diff => EquationKind::Differential(e),
        Some(e) => EquationKind::Subexpression(e),
        None => EquationKind::Parameter,
    };
    let eq = Equation {
        kind,
        name: name.to_string(),
        name_span,
        unit,
        flags,
        span: s.span(start, end),
    };
    Ok((t, eq))
}

/// A flag word: letters, digits, underscores and hyphens (`event-driven`).
fn flag_word(i: &str) -> PResult<'_, &str> {
    recognize((
        satisfy(lex::is_ident_start),
        take_while(|c: char| lex::is_ident_char(c) || c == '-'),
    ))
    .parse(i)
}

/// `(flag, flag words, ...)` starting at the '('.
fn parse_flags<'a>(s: Src<'a>, open: &'a str) -> PResult<'a, Vec<Flag>> {
    let unclosed = |found: &'a str| {
        PErr::expected(found, "')'")
            .message(format!(
                "unclosed '(' of the flags: expected ')' before {}",
                describe(found)
            ))
            .anchor(open, 1)
    };
    let mut flags = Vec::new();
    let mut j = skip_ws(open.get(1..).unwrap_or(""), true);
    loop {
        if j.is_empty() {
            return unclosed(j).fail();
        }
        let Ok((mut end, first)) = flag_word(j) else {
            return PErr::expected(j, "a flag name").fail();
        };
        let mut words = vec![first];
        while let Ok((rest, w)) = flag_word(skip_ws(end, false)) {
            words.push(w);
            end = rest;
        }
        flags.push(Flag {
            name: words.join(" "),
            span: s.span(j, end),
        });
        let m = skip_ws(end, true);
        if let Some(after) = m.strip_prefix(',') {
            j = skip_ws(after, true);
        } else if let Some(after) = m.strip_prefix(')') {
            return Ok((after, flags));
        } else if m.is_empty()
            || m.starts_with(':')
            || end
                .get(..end.len().saturating_sub(m.len()))
                .is_some_and(|g| g.contains('\n'))
        {
            return unclosed(m).fail();
        } else {
            return PErr::expected(m, "',' or ')'").fail();
        }
    }
}
