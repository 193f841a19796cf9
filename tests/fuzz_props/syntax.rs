//! Targets `equations` and `expression`: the nom parsers of model code
//! (`spikelift::syntax`).
//!
//! Properties: no panic; every span of a tree or an error lies in the source on
//! character boundaries, children inside their parents, name spans cover exactly the
//! name; an error's span is empty only at the end of the input; every expression
//! (right-hand sides, units, statement values) survives print → parse unchanged, and
//! printing is canonical (printing the reparsed tree gives the same text).

use super::{check_nested, check_span, text};
use spikelift::syntax::ast::{EquationKind, Expr, ExprKind};
use spikelift::syntax::{
    SyntaxError, parse_equations, parse_expression, parse_statements, print_expr,
};

/// Target `equations`: the bytes as an equations string.
pub fn equations(data: &[u8]) {
    let src = text(data);
    let src = src.as_ref();
    match parse_equations(src) {
        Ok(eqs) => {
            for eq in &eqs.equations {
                check_span(eq.span, src, "equation");
                check_span(eq.name_span, src, "equation name");
                assert_eq!(eq.name_span.text(src), eq.name, "name span of {eq:?}");
                check_nested(eq.name_span, eq.span, "equation name");
                check_expr(&eq.unit, src);
                check_nested(eq.unit.span, eq.span, "unit");
                round_trip(&eq.unit);
                for flag in &eq.flags {
                    check_span(flag.span, src, "flag");
                    check_nested(flag.span, eq.span, "flag");
                    assert!(!flag.name.is_empty(), "empty flag in {eq:?}");
                }
                if let EquationKind::Differential(rhs) | EquationKind::Subexpression(rhs) = &eq.kind
                {
                    check_expr(rhs, src);
                    check_nested(rhs.span, eq.span, "right-hand side");
                    round_trip(rhs);
                }
            }
        }
        Err(e) => check_error(&e, src),
    }
}

/// Target `expression`: the bytes as a standalone expression and as event code.
pub fn expression(data: &[u8]) {
    let src = text(data);
    let src = src.as_ref();
    match parse_expression(src) {
        Ok(e) => {
            check_expr(&e, src);
            round_trip(&e);
        }
        Err(e) => check_error(&e, src),
    }
    match parse_statements(src) {
        Ok(statements) => {
            for st in &statements {
                check_span(st.span, src, "statement");
                check_span(st.target_span, src, "statement target");
                assert_eq!(st.target_span.text(src), st.target, "target span of {st:?}");
                check_nested(st.target_span, st.span, "statement target");
                check_expr(&st.value, src);
                check_nested(st.value.span, st.span, "statement value");
                round_trip(&st.value);
            }
        }
        Err(e) => check_error(&e, src),
    }
}

/// A syntax error is well formed and renders.
#[track_caller]
pub fn check_error(e: &SyntaxError, src: &str) {
    check_span(e.span, src, "syntax error");
    assert!(!e.message.is_empty(), "empty message: {e:?}");
    assert!(!e.expected.is_empty(), "empty expectation: {e:?}");
    assert!(
        e.span.start < e.span.end || e.span.end as usize == src.len(),
        "empty error span {} before the end of the input ({} bytes): {e:?}",
        e.span,
        src.len()
    );
    let _ = e.render(src);
}

/// Spans of every node: in the source, children inside parents, names exact.
/// (Trees from the parser are at most `MAX_HEIGHT` high, so recursion is bounded.)
pub fn check_expr(e: &Expr, src: &str) {
    check_span(e.span, src, "expression");
    let children: Vec<&Expr> = match &e.kind {
        ExprKind::Name(n) => {
            assert_eq!(e.span.text(src), n, "span of name {n}");
            vec![]
        }
        ExprKind::Unary(_, a) => vec![a],
        ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::BoolOp(_, a, b) => {
            vec![a, b]
        }
        ExprKind::Call {
            name,
            name_span,
            args,
        } => {
            check_span(*name_span, src, "call name");
            assert_eq!(name_span.text(src), name, "span of function name {name}");
            check_nested(*name_span, e.span, "call name");
            args.iter().collect()
        }
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Bool(_) => vec![],
    };
    for c in children {
        check_nested(c.span, e.span, "subexpression");
        check_expr(c, src);
    }
}

/// parse(print(e)) == e (ignoring spans), and printing is canonical.
#[track_caller]
pub fn round_trip(e: &Expr) {
    let printed = print_expr(e);
    let back = match parse_expression(&printed) {
        Ok(back) => back,
        Err(err) => panic!("printed expression {printed:?} does not parse: {err}\n(tree {e:?})"),
    };
    assert!(
        back.eq_ignoring_spans(e),
        "print → parse changed the tree: {printed:?} parsed as {back:?}, was {e:?}"
    );
    assert_eq!(
        back.span.text(&printed),
        printed,
        "span of the reparsed root"
    );
    assert_eq!(print_expr(&back), printed, "printing is not canonical");
}
