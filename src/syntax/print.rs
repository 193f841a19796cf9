//! The canonical printer of expressions: [`print_expr`] writes an expression with the
//! fewest parentheses that keep its structure, so that parsing the output gives the same
//! tree (ignoring spans; see [`Expr::eq_ignoring_spans`]).

use super::ast::{BinOp, BoolOp, CmpOp, Expr, ExprKind, UnaryOp};
use std::fmt::Write;

// Binding levels, loosest first (as in the parser).
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const UNARY: u8 = 7;
const POW: u8 = 8;
const ATOM: u8 = 9;

/// The canonical text of `e`: binary operators spaced (`a + b`, `a < b`) except `**`,
/// parentheses only where precedence or associativity needs them, floats in Rust's
/// shortest round-trip form (always with a '.' or an exponent), booleans as `True` and
/// `False`.
///
/// For every tree the parsers produce (whose literals are never negative and never NaN),
/// `parse_expression(&print_expr(e))` gives `e` back, up to spans. Infinity prints as
/// `1e999`; NaN prints as `nan`, which does not round-trip.
pub fn print_expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, 0);
    out
}

fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::BoolOp(BoolOp::Or, ..) => OR,
        ExprKind::BoolOp(BoolOp::And, ..) => AND,
        ExprKind::Unary(UnaryOp::Not, _) => NOT,
        ExprKind::Compare(..) => CMP,
        ExprKind::Binary(BinOp::Add | BinOp::Sub, ..) => ADD,
        ExprKind::Binary(BinOp::Pow, ..) => POW,
        ExprKind::Binary(..) => MUL,
        ExprKind::Unary(..) => UNARY,
        // A negative literal would read back as a unary minus: treat it as one.
        ExprKind::Int(v) if *v < 0 => UNARY,
        ExprKind::Float(x) if x.is_sign_negative() && !x.is_nan() => UNARY,
        _ => ATOM,
    }
}

fn bin_token(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => " + ",
        BinOp::Sub => " - ",
        BinOp::Mul => " * ",
        BinOp::Div => " / ",
        BinOp::FloorDiv => " // ",
        BinOp::Mod => " % ",
        BinOp::Pow => "**",
    }
}

fn cmp_token(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => " < ",
        CmpOp::Le => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::Ge => " >= ",
        CmpOp::Eq => " == ",
        CmpOp::Ne => " != ",
    }
}

fn write_float(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("nan");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "1e999" } else { "-1e999" });
    } else {
        let _ = write!(out, "{x:?}");
    }
}

/// Write `e`, in parentheses if it binds more loosely than `min`.
fn write_expr(out: &mut String, e: &Expr, min: u8) {
    let own = level(e);
    let paren = own < min;
    if paren {
        out.push('(');
    }
    match &e.kind {
        ExprKind::Int(v) => {
            let _ = write!(out, "{v}");
        }
        ExprKind::Float(x) => write_float(out, *x),
        ExprKind::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        ExprKind::Name(n) => out.push_str(n),
        ExprKind::Unary(op, operand) => {
            out.push_str(match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                UnaryOp::Not => "not ",
            });
            write_expr(out, operand, own);
        }
        ExprKind::Binary(BinOp::Pow, l, r) => {
            write_expr(out, l, ATOM);
            out.push_str("**");
            write_expr(out, r, UNARY);
        }
        ExprKind::Binary(op, l, r) => {
            write_expr(out, l, own);
            out.push_str(bin_token(*op));
            write_expr(out, r, own + 1);
        }
        ExprKind::Compare(op, l, r) => {
            write_expr(out, l, ADD);
            out.push_str(cmp_token(*op));
            write_expr(out, r, ADD);
        }
        ExprKind::BoolOp(op, l, r) => {
            write_expr(out, l, own);
            out.push_str(if *op == BoolOp::And { " and " } else { " or " });
            write_expr(out, r, own + 1);
        }
        ExprKind::Call { name, args, .. } => {
            out.push_str(name);
            out.push('(');
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a, 0);
            }
            out.push(')');
        }
    }
    if paren {
        out.push(')');
    }
}
