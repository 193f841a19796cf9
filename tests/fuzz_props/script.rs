//! Target `script`: the parser of the Brian2 script subset
//! (`spikelift::script::parse_script`) and its REPL variant `parse_interactive`.
//!
//! Properties: no panic; every span of the AST (statements, targets, expressions,
//! identifiers, string parts) and of an error lies in the script on character
//! boundaries, children inside their parents; print → parse gives the same AST
//! (spans aside) and printing is canonical.

use super::{check_nested, check_span, text};
use spikelift::diag::Span;
use spikelift::script::{
    Expr, ExprKind, Import, ParseOutcome, Script, ScriptSyntaxError, Stmt, StmtKind, Target,
    TargetKind, parse_interactive, parse_script, print_script,
};

/// Target `script`.
pub fn script(data: &[u8]) {
    let src = text(data);
    let src = src.as_ref();
    match parse_script(src) {
        Ok(script) => {
            for stmt in &script.body {
                check_stmt(stmt, src);
            }
            round_trip(&script);
        }
        Err(e) => check_error(&e, src),
    }
    match parse_interactive(src) {
        ParseOutcome::Complete(script) => {
            for stmt in &script.body {
                check_stmt(stmt, src);
            }
        }
        ParseOutcome::Incomplete => {}
        ParseOutcome::Error(e) => check_error(&e, src),
    }
}

#[track_caller]
fn check_error(e: &ScriptSyntaxError, src: &str) {
    check_span(e.span, src, "script error");
    assert!(!e.message.is_empty(), "empty message: {e:?}");
    let _ = e.render(src, "fuzz.py");
}

/// parse(print(script)) == script up to spans; print(parse(print(s))) == print(s).
#[track_caller]
fn round_trip(script: &Script) {
    let printed = print_script(script);
    let mut back = match parse_script(&printed) {
        Ok(back) => back,
        Err(e) => panic!(
            "printed script does not parse:\n{}\n--- printed:\n{printed}",
            e.render(&printed, "printed.py")
        ),
    };
    assert_eq!(print_script(&back), printed, "printing is not canonical");
    let mut original = script.clone();
    original.erase_spans();
    back.erase_spans();
    assert!(
        original == back,
        "print → parse changed the AST; printed:\n{printed}"
    );
}

fn check_body(body: &[Stmt], parent: Span, src: &str) {
    for s in body {
        check_nested(s.span, parent, "statement in block");
        check_stmt(s, src);
    }
}

fn check_stmt(stmt: &Stmt, src: &str) {
    let span = stmt.span;
    check_span(span, src, "statement");
    match &stmt.kind {
        StmtKind::Import(import) => {
            let mut names = Vec::new();
            match import {
                Import::Modules(aliases) => names.extend(aliases),
                Import::FromStar { module } => check_span(module.span, src, "module"),
                Import::FromNames { module, names: n } => {
                    check_span(module.span, src, "module");
                    names.extend(n);
                }
            }
            for alias in names {
                check_span(alias.name.span, src, "imported name");
                check_nested(alias.name.span, span, "imported name");
                for part in &alias.name.parts {
                    check_span(part.span, src, "name part");
                    assert_eq!(part.span.text(src), part.name, "span of {part:?}");
                }
                if let Some(a) = &alias.alias {
                    check_span(a.span, src, "alias");
                    assert_eq!(a.span.text(src), a.name, "span of alias {a:?}");
                }
            }
        }
        StmtKind::Assign { targets, value } => {
            for t in targets {
                check_nested(t.span, span, "assignment target");
                check_target(t, src);
            }
            check_nested(value.span, span, "assigned value");
            check_expr(value, src);
        }
        StmtKind::AugAssign { target, value, .. } => {
            check_nested(target.span, span, "augmented target");
            check_target(target, src);
            check_nested(value.span, span, "augmented value");
            check_expr(value, src);
        }
        StmtKind::Expr(e) => {
            check_nested(e.span, span, "expression statement");
            check_expr(e, src);
        }
        StmtKind::For { target, iter, body } => {
            check_target(target, src);
            check_expr(iter, src);
            assert!(!body.is_empty(), "empty for body");
            check_body(body, span, src);
        }
        StmtKind::If {
            cond,
            body,
            elifs,
            orelse,
        } => {
            check_nested(cond.span, span, "if condition");
            check_expr(cond, src);
            check_body(body, span, src);
            for elif in elifs {
                check_span(elif.span, src, "elif");
                check_nested(elif.span, span, "elif");
                check_expr(&elif.cond, src);
                check_body(&elif.body, elif.span, src);
            }
            if let Some(orelse) = orelse {
                check_body(orelse, span, src);
            }
        }
        StmtKind::Pass => {}
    }
}

fn check_target(t: &Target, src: &str) {
    check_span(t.span, src, "target");
    match &t.kind {
        TargetKind::Name(n) => assert_eq!(t.span.text(src), n, "span of target {n}"),
        TargetKind::Attribute { value, attr } => {
            check_span(attr.span, src, "attribute");
            assert_eq!(attr.span.text(src), attr.name, "span of {attr:?}");
            check_expr(value, src);
        }
        TargetKind::Subscript { value, index } => {
            check_expr(value, src);
            check_expr(index, src);
        }
        TargetKind::Tuple(items) => {
            for item in items {
                check_nested(item.span, t.span, "tuple target item");
                check_target(item, src);
            }
        }
    }
}

/// (Script trees are at most `MAX_NESTING` high, so recursion is bounded.)
fn check_expr(e: &Expr, src: &str) {
    check_span(e.span, src, "expression");
    let mut children: Vec<&Expr> = Vec::new();
    match &e.kind {
        ExprKind::Name(n) => assert_eq!(e.span.text(src), n, "span of name {n}"),
        ExprKind::Str(lit) => {
            for part in &lit.parts {
                check_span(part.contents, src, "string contents");
                assert!(
                    part.value_start <= part.value_end
                        && part.value_end as usize <= lit.value.len(),
                    "string part {part:?} outside the value {:?}",
                    lit.value
                );
                if part.verbatim {
                    assert_eq!(
                        part.contents.text(src),
                        &lit.value[part.value_start as usize..part.value_end as usize],
                        "verbatim string part"
                    );
                }
            }
        }
        ExprKind::Attribute { value, attr } => {
            check_span(attr.span, src, "attribute");
            assert_eq!(attr.span.text(src), attr.name, "span of {attr:?}");
            children.push(value);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            children.push(func);
            children.extend(args);
            for k in keywords {
                check_span(k.name.span, src, "keyword");
                assert_eq!(k.name.span.text(src), k.name.name, "span of keyword");
                children.push(&k.value);
            }
        }
        ExprKind::Subscript { value, index } => children.extend([&**value, &**index]),
        ExprKind::Slice { lower, upper, step } => {
            children.extend([lower, upper, step].into_iter().flatten().map(|b| &**b));
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => children.extend(items),
        ExprKind::Dict(entries) => {
            for (k, v) in entries {
                children.push(k);
                children.push(v);
            }
        }
        ExprKind::Unary { operand, .. } => children.push(operand),
        ExprKind::Binary { left, right, .. } | ExprKind::BoolOp { left, right, .. } => {
            children.extend([&**left, &**right]);
        }
        ExprKind::Compare { left, ops } => {
            children.push(left);
            children.extend(ops.iter().map(|(_, e)| e));
        }
        ExprKind::IfExp { body, cond, orelse } => children.extend([&**body, &**cond, &**orelse]),
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Bool(_) | ExprKind::None => {}
    }
    for c in children {
        check_nested(c.span, e.span, "subexpression");
        check_expr(c, src);
    }
}
