//! The canonical printer: script AST back to script text.
//!
//! The output parses back to the same AST (spans and string source parts aside):
//! parentheses are added exactly where precedence needs them (and around every tuple),
//! strings are printed with single quotes and escapes (or `'''` for multi-line text
//! that needs no escapes), floats with their shortest round-trip digits, bodies with
//! four spaces per level. It does not preserve comments, layout or the original
//! spelling of literals; it is for round-trip tests, REPL echo and error context.

use std::fmt::Write;

use super::ast::{
    Alias, BinOp, BoolOp, DottedName, Expr, ExprKind, Import, Script, Stmt, StmtKind, Target,
    TargetKind, UnaryOp,
};

// Binding strengths, loosest first.
const IFEXP: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const NOT: u8 = 4;
const CMP: u8 = 5;
const BITOR: u8 = 6;
const UNARY: u8 = 12;
const POWER: u8 = 13;
const PRIMARY: u8 = 14;
const ATOM: u8 = 15;

fn bin_prec(op: BinOp) -> u8 {
    match op {
        BinOp::BitOr => BITOR,
        BinOp::BitXor => 7,
        BinOp::BitAnd => 8,
        BinOp::LShift | BinOp::RShift => 9,
        BinOp::Add | BinOp::Sub => 10,
        BinOp::Mul | BinOp::MatMul | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => 11,
        BinOp::Pow => POWER,
    }
}

fn prec(kind: &ExprKind) -> u8 {
    match kind {
        ExprKind::IfExp { .. } => IFEXP,
        ExprKind::BoolOp { op: BoolOp::Or, .. } => OR,
        ExprKind::BoolOp {
            op: BoolOp::And, ..
        } => AND,
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => NOT,
        ExprKind::Unary { .. } => UNARY,
        ExprKind::Compare { .. } => CMP,
        ExprKind::Binary { op, .. } => bin_prec(*op),
        ExprKind::Attribute { .. } | ExprKind::Call { .. } | ExprKind::Subscript { .. } => PRIMARY,
        _ => ATOM,
    }
}

/// A whole script, one statement per line, ending with a newline.
pub fn print_script(script: &Script) -> String {
    let mut out = String::new();
    for stmt in &script.body {
        write_stmt(&mut out, stmt, 0);
    }
    out
}

/// One statement (several lines for a compound statement), ending with a newline.
pub fn print_stmt(stmt: &Stmt) -> String {
    let mut out = String::new();
    write_stmt(&mut out, stmt, 0);
    out
}

/// One expression.
pub fn print_expr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr, IFEXP);
    out
}

/// One assignment target, as on the left of `=`.
pub fn print_target(target: &Target) -> String {
    let mut out = String::new();
    write_target(&mut out, target, true);
    out
}

fn write_body(out: &mut String, body: &[Stmt], level: usize) {
    for stmt in body {
        write_stmt(out, stmt, level);
    }
}

fn write_stmt(out: &mut String, stmt: &Stmt, level: usize) {
    let pad = "    ".repeat(level);
    out.push_str(&pad);
    match &stmt.kind {
        StmtKind::Import(import) => write_import(out, import),
        StmtKind::Assign { targets, value } => {
            for target in targets {
                write_target(out, target, true);
                out.push_str(" = ");
            }
            write_expr(out, value, IFEXP);
        }
        StmtKind::AugAssign { target, op, value } => {
            write_target(out, target, true);
            let _ = write!(out, " {}= ", op.symbol());
            write_expr(out, value, IFEXP);
        }
        StmtKind::Expr(expr) => write_expr(out, expr, IFEXP),
        StmtKind::For { target, iter, body } => {
            out.push_str("for ");
            write_target(out, target, true);
            out.push_str(" in ");
            write_expr(out, iter, IFEXP);
            out.push_str(":\n");
            write_body(out, body, level + 1);
            return;
        }
        StmtKind::If {
            cond,
            body,
            elifs,
            orelse,
        } => {
            out.push_str("if ");
            write_expr(out, cond, IFEXP);
            out.push_str(":\n");
            write_body(out, body, level + 1);
            for elif in elifs {
                out.push_str(&pad);
                out.push_str("elif ");
                write_expr(out, &elif.cond, IFEXP);
                out.push_str(":\n");
                write_body(out, &elif.body, level + 1);
            }
            if let Some(orelse) = orelse {
                out.push_str(&pad);
                out.push_str("else:\n");
                write_body(out, orelse, level + 1);
            }
            return;
        }
        StmtKind::Pass => out.push_str("pass"),
    }
    out.push('\n');
}

fn dotted(name: &DottedName) -> String {
    name.parts
        .iter()
        .map(|part| part.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn alias_text(alias: &Alias) -> String {
    match &alias.alias {
        Some(as_name) => format!("{} as {}", dotted(&alias.name), as_name.name),
        None => dotted(&alias.name),
    }
}

fn write_import(out: &mut String, import: &Import) {
    match import {
        Import::Modules(aliases) => {
            let names: Vec<String> = aliases.iter().map(alias_text).collect();
            let _ = write!(out, "import {}", names.join(", "));
        }
        Import::FromStar { module } => {
            let _ = write!(out, "from {} import *", dotted(module));
        }
        Import::FromNames { module, names } => {
            let names: Vec<String> = names.iter().map(alias_text).collect();
            let _ = write!(out, "from {} import {}", dotted(module), names.join(", "));
        }
    }
}

/// A target; a tuple at the top of an assignment is written without parentheses.
fn write_target(out: &mut String, target: &Target, top: bool) {
    match &target.kind {
        TargetKind::Name(name) => out.push_str(name),
        TargetKind::Attribute { value, attr } => {
            write_primary_value(out, value);
            out.push('.');
            out.push_str(&attr.name);
        }
        TargetKind::Subscript { value, index } => {
            write_primary_value(out, value);
            out.push('[');
            write_index(out, index);
            out.push(']');
        }
        TargetKind::Tuple(items) => {
            let parens = !top || items.is_empty();
            if parens {
                out.push('(');
            }
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write_target(out, item, false);
            }
            if items.len() == 1 {
                out.push(',');
            }
            if parens {
                out.push(')');
            }
        }
    }
}

fn write_expr(out: &mut String, expr: &Expr, min: u8) {
    let parens = prec(&expr.kind) < min;
    if parens {
        out.push('(');
    }
    write_inner(out, expr);
    if parens {
        out.push(')');
    }
}

fn write_list(out: &mut String, items: &[Expr]) {
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        write_expr(out, item, IFEXP);
    }
}

fn write_inner(out: &mut String, expr: &Expr) {
    match &expr.kind {
        ExprKind::Int(value) => {
            let _ = write!(out, "{value}");
        }
        ExprKind::Float(value) => out.push_str(&float_text(*value)),
        ExprKind::Str(lit) => out.push_str(&string_text(&lit.value)),
        ExprKind::Bool(true) => out.push_str("True"),
        ExprKind::Bool(false) => out.push_str("False"),
        ExprKind::None => out.push_str("None"),
        ExprKind::Name(name) => out.push_str(name),
        ExprKind::Attribute { value, attr } => {
            write_primary_value(out, value);
            out.push('.');
            out.push_str(&attr.name);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            write_primary_value(out, func);
            out.push('(');
            write_list(out, args);
            for (k, keyword) in keywords.iter().enumerate() {
                if k > 0 || !args.is_empty() {
                    out.push_str(", ");
                }
                out.push_str(&keyword.name.name);
                out.push('=');
                write_expr(out, &keyword.value, IFEXP);
            }
            out.push(')');
        }
        ExprKind::Subscript { value, index } => {
            write_primary_value(out, value);
            out.push('[');
            write_index(out, index);
            out.push(']');
        }
        ExprKind::Slice { .. } => write_index_item(out, expr),
        ExprKind::Tuple(items) => {
            out.push('(');
            write_list(out, items);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        ExprKind::List(items) => {
            out.push('[');
            write_list(out, items);
            out.push(']');
        }
        ExprKind::Dict(entries) => {
            out.push('{');
            for (k, (key, value)) in entries.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write_expr(out, key, IFEXP);
                out.push_str(": ");
                write_expr(out, value, IFEXP);
            }
            out.push('}');
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => {
            out.push_str("not ");
            write_expr(out, operand, NOT);
        }
        ExprKind::Unary { op, operand } => {
            out.push(match op {
                UnaryOp::Neg => '-',
                UnaryOp::Pos => '+',
                _ => '~',
            });
            write_expr(out, operand, UNARY);
        }
        ExprKind::Binary {
            op: BinOp::Pow,
            left,
            right,
        } => {
            write_expr(out, left, PRIMARY);
            out.push_str(" ** ");
            write_expr(out, right, UNARY);
        }
        ExprKind::Binary { op, left, right } => {
            let level = bin_prec(*op);
            write_expr(out, left, level);
            let _ = write!(out, " {} ", op.symbol());
            write_expr(out, right, level + 1);
        }
        ExprKind::BoolOp { op, left, right } => {
            let (level, word) = match op {
                BoolOp::Or => (OR, "or"),
                BoolOp::And => (AND, "and"),
            };
            write_expr(out, left, level);
            let _ = write!(out, " {word} ");
            write_expr(out, right, level + 1);
        }
        ExprKind::Compare { left, ops } => {
            write_expr(out, left, BITOR);
            for (op, operand) in ops {
                let _ = write!(out, " {} ", op.symbol());
                write_expr(out, operand, BITOR);
            }
        }
        ExprKind::IfExp { body, cond, orelse } => {
            write_expr(out, body, OR);
            out.push_str(" if ");
            write_expr(out, cond, OR);
            out.push_str(" else ");
            write_expr(out, orelse, IFEXP);
        }
    }
}

/// The object of an attribute, call or subscript (a number needs parentheses:
/// `1.real` would be read as `1.` followed by `real`).
fn write_primary_value(out: &mut String, value: &Expr) {
    if matches!(value.kind, ExprKind::Int(_) | ExprKind::Float(_)) {
        out.push('(');
        write_inner(out, value);
        out.push(')');
    } else {
        write_expr(out, value, PRIMARY);
    }
}

fn write_index(out: &mut String, index: &Expr) {
    match &index.kind {
        ExprKind::Tuple(items) if !items.is_empty() => {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write_index_item(out, item);
            }
            if items.len() == 1 {
                out.push(',');
            }
        }
        _ => write_index_item(out, index),
    }
}

fn write_index_item(out: &mut String, item: &Expr) {
    let ExprKind::Slice { lower, upper, step } = &item.kind else {
        write_expr(out, item, IFEXP);
        return;
    };
    if let Some(lower) = lower {
        write_expr(out, lower, IFEXP);
    }
    out.push(':');
    if let Some(upper) = upper {
        write_expr(out, upper, IFEXP);
    }
    if let Some(step) = step {
        out.push(':');
        write_expr(out, step, IFEXP);
    }
}

/// A float literal that reads back as the same value.
fn float_text(value: f64) -> String {
    if value == f64::INFINITY {
        return "1e999".to_string();
    }
    let text = format!("{value:?}");
    if text.contains(['.', 'e', 'n', 'N']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A string literal that reads back as `value`.
fn string_text(value: &str) -> String {
    let triple_ok = value.contains('\n')
        && !value.contains("'''")
        && !value.ends_with('\'')
        && !value
            .chars()
            .any(|c| c == '\\' || (c.is_control() && c != '\n' && c != '\t'));
    if triple_ok {
        return format!("'''{value}'''");
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let code = c as u32;
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02x}"),
                    0x100..=0xffff => write!(out, "\\u{code:04x}"),
                    _ => write!(out, "\\U{code:08x}"),
                };
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
