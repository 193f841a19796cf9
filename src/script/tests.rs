//! Tests of the script parser: the conformance scripts, structure, errors, the REPL's
//! incompleteness rule, deep input, garbage input and print/parse round trips.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::diag::{Span, line_col};

// ---------------------------------------------------------------- helpers

fn parse(src: &str) -> Script {
    match parse_script(src) {
        Ok(script) => script,
        Err(error) => panic!("unexpected error:\n{}", error.render(src, "test.py")),
    }
}

fn err(src: &str) -> ScriptSyntaxError {
    match parse_script(src) {
        Ok(script) => panic!("expected an error for {src:?}, got {script:?}"),
        Err(error) => error,
    }
}

/// The single expression statement of `src`.
fn expr(src: &str) -> Expr {
    let script = parse(src);
    assert_eq!(script.body.len(), 1, "{src}");
    match script.body.into_iter().next().map(|stmt| stmt.kind) {
        Some(StmtKind::Expr(expr)) => expr,
        other => panic!("not an expression statement: {other:?}"),
    }
}

/// A fully parenthesised prefix form, to check structure without spans.
fn sx(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Int(value) => value.to_string(),
        ExprKind::Float(value) => format!("{value:?}"),
        ExprKind::Str(lit) => format!("{:?}", lit.value),
        ExprKind::Bool(value) => value.to_string(),
        ExprKind::None => "None".into(),
        ExprKind::Name(name) => name.clone(),
        ExprKind::Attribute { value, attr } => format!("(. {} {})", sx(value), attr.name),
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            let mut parts = vec![sx(func)];
            parts.extend(args.iter().map(sx));
            parts.extend(
                keywords
                    .iter()
                    .map(|k| format!("{}={}", k.name.name, sx(&k.value))),
            );
            format!("(call {})", parts.join(" "))
        }
        ExprKind::Subscript { value, index } => format!("([] {} {})", sx(value), sx(index)),
        ExprKind::Slice { lower, upper, step } => {
            let part = |e: &Option<Box<Expr>>| e.as_ref().map_or("_".to_string(), |e| sx(e));
            format!("(slice {} {} {})", part(lower), part(upper), part(step))
        }
        ExprKind::Tuple(items) => {
            format!(
                "(tuple{})",
                items
                    .iter()
                    .map(|e| format!(" {}", sx(e)))
                    .collect::<String>()
            )
        }
        ExprKind::List(items) => {
            format!(
                "(list{})",
                items
                    .iter()
                    .map(|e| format!(" {}", sx(e)))
                    .collect::<String>()
            )
        }
        ExprKind::Dict(entries) => format!(
            "(dict{})",
            entries
                .iter()
                .map(|(k, v)| format!(" {}:{}", sx(k), sx(v)))
                .collect::<String>()
        ),
        ExprKind::Unary { op, operand } => {
            let op = match op {
                UnaryOp::Neg => "neg",
                UnaryOp::Pos => "pos",
                UnaryOp::Not => "not",
                UnaryOp::Invert => "~",
            };
            format!("({op} {})", sx(operand))
        }
        ExprKind::Binary { op, left, right } => {
            format!("({} {} {})", op.symbol(), sx(left), sx(right))
        }
        ExprKind::BoolOp { op, left, right } => {
            let op = if *op == BoolOp::And { "and" } else { "or" };
            format!("({op} {} {})", sx(left), sx(right))
        }
        ExprKind::Compare { left, ops } => {
            let rest: String = ops
                .iter()
                .map(|(op, e)| format!(" {} {}", op.symbol(), sx(e)))
                .collect();
            format!("(cmp {}{rest})", sx(left))
        }
        ExprKind::IfExp { body, cond, orelse } => {
            format!("(if {} {} {})", sx(cond), sx(body), sx(orelse))
        }
    }
}

fn sx_of(src: &str) -> String {
    sx(&expr(src))
}

fn target_sx(target: &Target) -> String {
    match &target.kind {
        TargetKind::Name(name) => name.clone(),
        TargetKind::Attribute { value, attr } => format!("(. {} {})", sx(value), attr.name),
        TargetKind::Subscript { value, index } => format!("([] {} {})", sx(value), sx(index)),
        TargetKind::Tuple(items) => format!(
            "(tuple{})",
            items
                .iter()
                .map(|t| format!(" {}", target_sx(t)))
                .collect::<String>()
        ),
    }
}

/// Every span in the script is inside `src` and on character boundaries, and every
/// node's span lies within its statement's.
fn check_spans(src: &str, script: &Script) {
    let mut spans = Vec::new();
    for stmt in &script.body {
        collect_stmt(stmt, &mut spans);
    }
    for span in spans {
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(
            start <= end && end <= src.len(),
            "span {span} out of bounds"
        );
        assert!(
            src.is_char_boundary(start) && src.is_char_boundary(end),
            "span {span}"
        );
    }
}

fn collect_stmt(stmt: &Stmt, out: &mut Vec<Span>) {
    out.push(stmt.span);
    match &stmt.kind {
        StmtKind::Import(_) | StmtKind::Pass => {}
        StmtKind::Assign { targets, value } => {
            targets.iter().for_each(|t| collect_target(t, out));
            collect_expr(value, out);
        }
        StmtKind::AugAssign { target, value, .. } => {
            collect_target(target, out);
            collect_expr(value, out);
        }
        StmtKind::Expr(e) => collect_expr(e, out),
        StmtKind::For { target, iter, body } => {
            collect_target(target, out);
            collect_expr(iter, out);
            body.iter().for_each(|s| collect_stmt(s, out));
        }
        StmtKind::If {
            cond,
            body,
            elifs,
            orelse,
        } => {
            collect_expr(cond, out);
            body.iter().for_each(|s| collect_stmt(s, out));
            for elif in elifs {
                out.push(elif.span);
                collect_expr(&elif.cond, out);
                elif.body.iter().for_each(|s| collect_stmt(s, out));
            }
            orelse.iter().flatten().for_each(|s| collect_stmt(s, out));
        }
    }
}

fn collect_target(target: &Target, out: &mut Vec<Span>) {
    out.push(target.span);
    match &target.kind {
        TargetKind::Name(_) => {}
        TargetKind::Attribute { value, attr } => {
            out.push(attr.span);
            collect_expr(value, out);
        }
        TargetKind::Subscript { value, index } => {
            collect_expr(value, out);
            collect_expr(index, out);
        }
        TargetKind::Tuple(items) => items.iter().for_each(|t| collect_target(t, out)),
    }
}

fn collect_expr(expr: &Expr, out: &mut Vec<Span>) {
    out.push(expr.span);
    let mut children: Vec<&Expr> = Vec::new();
    match &expr.kind {
        ExprKind::Str(lit) => out.extend(lit.parts.iter().map(|p| p.contents)),
        ExprKind::Attribute { value, attr } => {
            out.push(attr.span);
            children.push(value);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            children.push(func);
            children.extend(args);
            for keyword in keywords {
                out.push(keyword.name.span);
                children.push(&keyword.value);
            }
        }
        ExprKind::Subscript { value, index } => children.extend([&**value, &**index]),
        ExprKind::Slice { lower, upper, step } => {
            children.extend([lower, upper, step].into_iter().flatten().map(|e| &**e));
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => children.extend(items),
        ExprKind::Dict(entries) => entries.iter().for_each(|(k, v)| children.extend([k, v])),
        ExprKind::Unary { operand, .. } => children.push(operand),
        ExprKind::Binary { left, right, .. } | ExprKind::BoolOp { left, right, .. } => {
            children.extend([&**left, &**right]);
        }
        ExprKind::Compare { left, ops } => {
            children.push(left);
            children.extend(ops.iter().map(|(_, e)| e));
        }
        ExprKind::IfExp { body, cond, orelse } => children.extend([&**body, &**cond, &**orelse]),
        _ => {}
    }
    for child in children {
        assert!(
            expr.span.start <= child.span.start && child.span.end <= expr.span.end,
            "child span {} outside parent {}",
            child.span,
            expr.span
        );
        collect_expr(child, out);
    }
}

/// Print, parse again, and compare structures.
fn assert_round_trip(script: &Script) {
    let printed = print_script(script);
    let mut reparsed = match parse_script(&printed) {
        Ok(reparsed) => reparsed,
        Err(error) => panic!(
            "printed script does not parse:\n{}",
            error.render(&printed, "p.py")
        ),
    };
    let mut original = script.clone();
    original.erase_spans();
    reparsed.erase_spans();
    assert_eq!(
        original, reparsed,
        "round trip changed the AST; printed:\n{printed}"
    );
}

fn cases_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        manifest.join("tests/data/conformance/cases"),
        manifest.join("../shared/conformance/cases"),
    ]
    .into_iter()
    .find(|dir| dir.is_dir())
}

// ---------------------------------------------------------------- conformance

#[test]
fn every_conformance_case_parses_with_valid_spans_and_round_trips() {
    let dir = cases_dir().expect("conformance cases directory");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read cases")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "only {} cases in {}",
        files.len(),
        dir.display()
    );
    for path in files {
        let src = std::fs::read_to_string(&path).expect("read case");
        let script = match parse_script(&src) {
            Ok(script) => script,
            Err(error) => panic!("{}", error.render(&src, &path.display().to_string())),
        };
        assert!(!script.body.is_empty(), "{}", path.display());
        check_spans(&src, &script);
        assert_round_trip(&script);
        // The REPL sees a whole case (ended by a blank line) as complete too.
        let outcome = parse_interactive(&format!("{src}\n\n"));
        assert!(
            matches!(outcome, ParseOutcome::Complete(_)),
            "{}",
            path.display()
        );
    }
}

// ---------------------------------------------------------------- structure

#[test]
fn arithmetic_precedence_follows_python() {
    assert_eq!(sx_of("a + b * c"), "(+ a (* b c))");
    assert_eq!(sx_of("a - b - c"), "(- (- a b) c)");
    assert_eq!(
        sx_of("a / b * c // d % e @ f"),
        "(@ (% (// (* (/ a b) c) d) e) f)"
    );
    assert_eq!(sx_of("-2**2"), "(neg (** 2 2))");
    assert_eq!(sx_of("2**-1"), "(** 2 (neg 1))");
    assert_eq!(sx_of("a**b**c"), "(** a (** b c))");
    assert_eq!(sx_of("-a*b"), "(* (neg a) b)");
    assert_eq!(sx_of("~a + +b"), "(+ (~ a) (pos b))");
    assert_eq!(sx_of("5*nS/cm**2"), "(/ (* 5 nS) (** cm 2))");
    assert_eq!(
        sx_of("1*ufarad*cm**-2 * area"),
        "(* (* (* 1 ufarad) (** cm (neg 2))) area)"
    );
    assert_eq!(
        sx_of("a | b ^ c & d << e + f"),
        "(| a (^ b (& c (<< d (+ e f)))))"
    );
    assert_eq!(sx_of("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(sx_of("M.t/ms"), "(/ (. M t) ms)");
}

#[test]
fn boolean_and_comparison_precedence_follows_python() {
    assert_eq!(
        sx_of("not a == b and c or d"),
        "(or (and (not (cmp a == b)) c) d)"
    );
    assert_eq!(sx_of("a or b and c"), "(or a (and b c))");
    assert_eq!(sx_of("a and b and c"), "(and (and a b) c)");
    assert_eq!(sx_of("not not a"), "(not (not a))");
    assert_eq!(sx_of("a < b < c"), "(cmp a < b < c)");
    assert_eq!(sx_of("0 <= x + 1 != y"), "(cmp 0 <= (+ x 1) != y)");
    assert_eq!(sx_of("a not in b"), "(cmp a not in b)");
    assert_eq!(sx_of("a is not None"), "(cmp a is not None)");
    assert_eq!(sx_of("a in b is c"), "(cmp a in b is c)");
    assert_eq!(sx_of("x if a else y"), "(if a x y)");
    assert_eq!(sx_of("x if a else y if b else z"), "(if a x (if b y z))");
    assert_eq!(
        sx_of("a or b if c and d else e"),
        "(if (and c d) (or a b) e)"
    );
    assert_eq!(
        sx_of("(si == 100) & (st > 5)"),
        "(& (cmp si == 100) (cmp st > 5))"
    );
}

#[test]
fn literals() {
    assert_eq!(sx_of("1e-3"), "0.001");
    assert_eq!(sx_of(".5"), "0.5");
    assert_eq!(sx_of("3."), "3.0");
    assert_eq!(sx_of("1_000"), "1000");
    assert_eq!(sx_of("1_000.5e1_0"), "10005000000000.0");
    assert_eq!(sx_of("0x1F + 0o17 + 0b101"), "(+ (+ 31 15) 5)");
    assert_eq!(sx_of("1E+3"), "1000.0");
    assert_eq!(sx_of("0"), "0");
    assert_eq!(sx_of("00"), "0");
    assert_eq!(sx_of("1e400"), "inf");
    assert_eq!(sx_of("True, False, None"), "(tuple true false None)");
    assert_eq!(sx_of("'a' \"b\" '''c''' r'\\d'"), "\"abc\\\\d\"");
    assert_eq!(sx_of("'\\n\\t\\x41\\u00e9\\101\\\\'"), "\"\\n\\tAéA\\\\\"");
    assert_eq!(sx_of("'\\d'"), "\"\\\\d\"");
    assert_eq!(sx_of("u'x'"), "\"x\"");
    assert_eq!(sx_of("''''''"), "\"\"");
}

#[test]
fn subscripts_and_slices() {
    assert_eq!(
        sx_of("M.v[:, 50:]"),
        "([] (. M v) (tuple (slice _ _ _) (slice 50 _ _)))"
    );
    assert_eq!(sx_of("a[1:2]"), "([] a (slice 1 2 _))");
    assert_eq!(sx_of("a[::2]"), "([] a (slice _ _ 2))");
    assert_eq!(sx_of("a[::]"), "([] a (slice _ _ _))");
    assert_eq!(
        sx_of("Mx.x[0][200:]"),
        "([] ([] (. Mx x) 0) (slice 200 _ _))"
    );
    assert_eq!(sx_of("st[si == 100]"), "([] st (cmp si == 100))");
    assert_eq!(sx_of("a[N//2:]"), "([] a (slice (// N 2) _ _))");
    assert_eq!(
        sx_of("neuron.dend[200*um:300*um].v"),
        "(. ([] (. neuron dend) (slice (* 200 um) (* 300 um) _)) v)"
    );
    assert_eq!(sx_of("M[3].v"), "(. ([] M 3) v)");
    assert_eq!(
        sx_of("S.spike_trains()[k]"),
        "([] (call (. S spike_trains)) k)"
    );
    assert_eq!(sx_of("a[1,]"), "([] a (tuple 1))");
    assert_eq!(sx_of("a[()]"), "([] a (tuple))");
    assert_eq!(sx_of("a[i, j]"), "([] a (tuple i j))");
}

#[test]
fn displays_and_calls() {
    assert_eq!(sx_of("[0.05, 0.15]*ms"), "(* (list 0.05 0.15) ms)");
    assert_eq!(sx_of("{'a': 1, 'b': 2,}"), "(dict \"a\":1 \"b\":2)");
    assert_eq!(sx_of("{}"), "(dict)");
    assert_eq!(sx_of("[]"), "(list)");
    assert_eq!(sx_of("()"), "(tuple)");
    assert_eq!(sx_of("(1,)"), "(tuple 1)");
    assert_eq!(sx_of("(1)"), "1");
    assert_eq!(sx_of("[1, 2,]"), "(list 1 2)");
    assert_eq!(
        sx_of("np.array([], dtype=int)"),
        "(call (. np array) (list) dtype=int)"
    );
    assert_eq!(sx_of("f(a, b=1,)"), "(call f a b=1)");
    assert_eq!(sx_of("f()(1)"), "(call (call f) 1)");
    assert_eq!(
        sx_of("S.connect(j='k for k in range(i-2, i+3) if k >= 0')"),
        "(call (. S connect) j=\"k for k in range(i-2, i+3) if k >= 0\")"
    );
}

#[test]
fn assignments() {
    let script = parse("G.v['i >= 8'] = 'v + 5*mV'\n");
    let StmtKind::Assign { targets, value } = &script.body[0].kind else {
        panic!()
    };
    assert_eq!(targets.len(), 1);
    assert_eq!(target_sx(&targets[0]), "([] (. G v) \"i >= 8\")");
    assert_eq!(sx(value), "\"v + 5*mV\"");

    let script = parse("a = b = 1\na, b = 1, 2\n(c, [d, e]) = x\nS.w[0, :] = 1\n");
    let shapes: Vec<String> = script
        .body
        .iter()
        .map(|stmt| match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                let targets: Vec<String> = targets.iter().map(target_sx).collect();
                format!("{} = {}", targets.join(" = "), sx(value))
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shapes,
        [
            "a = b = 1",
            "(tuple a b) = (tuple 1 2)",
            "(tuple c (tuple d e)) = x",
            "([] (. S w) (tuple 0 (slice _ _ _))) = 1",
        ]
    );

    let script = parse("G.x[1] *= 3\nx += 1\ny //= 2\nz **= 2\nw %= 3\n");
    let ops: Vec<BinOp> = script
        .body
        .iter()
        .map(|stmt| match &stmt.kind {
            StmtKind::AugAssign { op, .. } => *op,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ops,
        [
            BinOp::Mul,
            BinOp::Add,
            BinOp::FloorDiv,
            BinOp::Pow,
            BinOp::Mod
        ]
    );
    let StmtKind::AugAssign { target, .. } = &script.body[0].kind else {
        panic!()
    };
    assert_eq!(target_sx(target), "([] (. G x) 1)");
}

#[test]
fn imports() {
    let script = parse(
        "from brian2 import *\nimport numpy as np\nimport brian2 as b2\n\
         from brian2tools import *\nimport matplotlib.pyplot as plt, os\n\
         from a.b import (c as d,\n    e,)\nfrom x import y, z\n",
    );
    let printed = print_script(&script);
    assert_eq!(
        printed,
        "from brian2 import *\nimport numpy as np\nimport brian2 as b2\n\
         from brian2tools import *\nimport matplotlib.pyplot as plt, os\n\
         from a.b import c as d, e\nfrom x import y, z\n"
    );
    let StmtKind::Import(Import::Modules(aliases)) = &script.body[4].kind else {
        panic!()
    };
    assert_eq!(aliases[0].name.parts.len(), 2);
    assert_eq!(
        aliases[0].alias.as_ref().map(|a| a.name.as_str()),
        Some("plt")
    );
}

#[test]
fn blocks_and_lines() {
    let src = "\
for G in [G_exact, G_linear]:
    G.x = 1.0   # comment
    if len(tr) >= 4:
        isi = tr[1:] - tr[:-1]
    elif x:
        pass
    else:
        y = 2; z = 3;
x = (1 +   # a comment inside brackets
     2)
y = 1 + \\
    2
if a: b = 1
else: b = 2
";
    let script = parse(src);
    check_spans(src, &script);
    assert_eq!(script.body.len(), 4);
    let StmtKind::For { target, iter, body } = &script.body[0].kind else {
        panic!()
    };
    assert_eq!(target_sx(target), "G");
    assert_eq!(sx(iter), "(list G_exact G_linear)");
    assert_eq!(body.len(), 2);
    let StmtKind::If { elifs, orelse, .. } = &body[1].kind else {
        panic!()
    };
    assert_eq!(elifs.len(), 1);
    assert_eq!(orelse.as_ref().map(Vec::len), Some(2));
    let StmtKind::Assign { value, .. } = &script.body[1].kind else {
        panic!()
    };
    assert_eq!(sx(value), "(+ 1 2)");
    // The `for` statement spans from `for` to the end of its last body statement.
    assert_eq!(
        script.body[0].span.text(src).lines().last(),
        Some("        y = 2; z = 3")
    );
    let StmtKind::If { body, orelse, .. } = &script.body[3].kind else {
        panic!()
    };
    assert_eq!(body.len(), 1);
    assert_eq!(orelse.as_ref().map(Vec::len), Some(1));
    assert_round_trip(&script);
}

#[test]
fn tabs_advance_to_multiples_of_eight() {
    parse("if a:\n\tb = 1\n        c = 2\n");
    assert_eq!(
        err("if a:\n\tb = 1\n    c = 2\n").message,
        "unindent does not match any outer indentation level"
    );
}

#[test]
fn crlf_line_endings() {
    let src = "x = 1\r\nif x:\r\n    y = '''a\r\nb'''\r\n";
    let script = parse(src);
    check_spans(src, &script);
    let StmtKind::If { body, .. } = &script.body[1].kind else {
        panic!()
    };
    let StmtKind::Assign { value, .. } = &body[0].kind else {
        panic!()
    };
    let ExprKind::Str(lit) = &value.kind else {
        panic!()
    };
    assert_eq!(lit.value, "a\nb");
    assert!(!lit.parts[0].verbatim);
}

#[test]
fn triple_quoted_equation_string_keeps_its_span() {
    let src = "from brian2 import *\neqs = '''\ndv/dt = -v/tau : volt\nI : amp\n'''\nG = 1\n";
    let script = parse(src);
    let StmtKind::Assign { value, .. } = &script.body[1].kind else {
        panic!()
    };
    let ExprKind::Str(lit) = &value.kind else {
        panic!()
    };
    assert_eq!(lit.value, "\ndv/dt = -v/tau : volt\nI : amp\n");
    assert_eq!(lit.parts.len(), 1);
    let part = &lit.parts[0];
    assert!(part.verbatim);
    assert_eq!(part.contents.text(src), lit.value);
    assert_eq!(
        value.span.text(src),
        "'''\ndv/dt = -v/tau : volt\nI : amp\n'''"
    );
    // An error at `tau` in the equations points at `tau` in the script, line 3.
    let at = lit.value.find("tau").expect("tau");
    let span = lit.source_span(at, at + 3).expect("verbatim");
    assert_eq!(span.text(src), "tau");
    assert_eq!(line_col(src, span.start), (3, 12));
}

#[test]
fn adjacent_strings_map_each_part() {
    let src = "x = ('v > 1'\n     \"and w\\n\" r'\\tz')\n";
    let script = parse(src);
    let StmtKind::Assign { value, .. } = &script.body[0].kind else {
        panic!()
    };
    let ExprKind::Str(lit) = &value.kind else {
        panic!()
    };
    assert_eq!(lit.value, "v > 1and w\n\\tz");
    assert_eq!(lit.parts.len(), 3);
    assert!(lit.parts[0].verbatim && !lit.parts[1].verbatim && lit.parts[2].verbatim);
    assert_eq!(lit.parts[1].contents.text(src), "and w\\n");
    assert_eq!(lit.source_span(0, 1).map(|s| s.text(src)), Some("v"));
    assert_eq!(lit.source_span(11, 13).map(|s| s.text(src)), Some("\\t"));
    assert_eq!(lit.source_span(5, 8), None, "inside a part with escapes");
}

// ---------------------------------------------------------------- REPL

#[test]
fn interactive_incomplete_input() {
    for src in [
        "for i in range(3):",
        "for i in range(3):\n",
        "eqs = '''",
        "eqs = '''\ndv/dt = -v/tau : 1\n",
        "f(1,",
        "f(1,\n",
        "x = [1,\n  2",
        "a = 1 + \\",
        "for i in range(3):\n    print(i)\n",
        "if x:\n    a = 1\nelse:\n",
        "if x: a = 1\n",
        "s = 'abc\\",
    ] {
        assert_eq!(parse_interactive(src), ParseOutcome::Incomplete, "{src:?}");
    }
    for src in [
        "",
        "\n",
        "x = 1",
        "x = 1\n",
        "run(10*ms)\n",
        "for i in range(3):\n    print(i)\n\n",
    ] {
        assert!(
            matches!(parse_interactive(src), ParseOutcome::Complete(_)),
            "{src:?}"
        );
    }
    for src in [
        "x = ",
        "f(1))",
        "x = 'abc",
        "def f():",
        "1 +* 2",
        "if x:\npass\n",
    ] {
        assert!(
            matches!(parse_interactive(src), ParseOutcome::Error(_)),
            "{src:?}"
        );
    }
}

// ---------------------------------------------------------------- errors

/// `src` fails with `message`, on 1-based `line`, with the span covering `text`.
fn assert_error(src: &str, message: &str, line: usize, text: &str) {
    let error = err(src);
    assert_eq!(error.message, message, "{src:?}");
    assert_eq!(
        line_col(src, error.span.start).0,
        line,
        "{src:?}: {error:?}"
    );
    assert_eq!(error.span.text(src), text, "{src:?}");
}

#[test]
fn unsupported_constructs_have_named_errors() {
    let pre = "from brian2 import *\nx = 1\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "def f(x):\n    return x\n",
            "`def` is not supported in scripts",
            "def",
        ),
        (
            "class A:\n    pass\n",
            "`class` is not supported in scripts",
            "class",
        ),
        (
            "f = lambda x: x\n",
            "`lambda` is not supported in scripts",
            "lambda",
        ),
        (
            "while x:\n    pass\n",
            "`while` is not supported in scripts",
            "while",
        ),
        (
            "with open('a') as f:\n    pass\n",
            "`with` is not supported in scripts",
            "with",
        ),
        (
            "try:\n    pass\nexcept:\n    pass\n",
            "`try` is not supported in scripts",
            "try",
        ),
        (
            "async def f():\n    pass\n",
            "`async` is not supported in scripts",
            "async",
        ),
        ("yield 1\n", "`yield` is not supported in scripts", "yield"),
        (
            "x = yield\n",
            "`yield` is not supported in scripts",
            "yield",
        ),
        (
            "return 1\n",
            "`return` is not supported in scripts",
            "return",
        ),
        (
            "global x\n",
            "`global` is not supported in scripts",
            "global",
        ),
        ("del x\n", "`del` is not supported in scripts", "del"),
        (
            "@dec\ndef f():\n    pass\n",
            "decorators are not supported in scripts",
            "@",
        ),
        (
            "y = [k for k in range(3)]\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        (
            "y = {k: 1 for k in a}\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        (
            "y = {k for k in a}\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        (
            "y = sum(k for k in a)\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        (
            "y = (k for k in a)\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        (
            "y = [1, k for k in a]\n",
            "comprehensions are not supported in scripts",
            "for",
        ),
        ("f(*args)\n", "`*args` is not supported in scripts", "*"),
        (
            "f(a, **kwargs)\n",
            "`**kwargs` is not supported in scripts",
            "**",
        ),
        (
            "if (n := 10) > 5:\n    pass\n",
            "the walrus operator `:=` is not supported in scripts",
            ":=",
        ),
        (
            "match x:\n    case 1:\n        pass\n",
            "`match` is not supported in scripts",
            "match",
        ),
        (
            "y = f'{x}'\n",
            "f-strings are not supported in scripts",
            "f",
        ),
        (
            "y = b'x'\n",
            "bytes literals are not supported in scripts",
            "b",
        ),
        (
            "a, *b = c\n",
            "starred expressions are not supported in scripts",
            "*",
        ),
        (
            "x: int = 1\n",
            "variable annotations are not supported in scripts",
            ":",
        ),
        (
            "y = {1, 2}\n",
            "set literals are not supported in scripts",
            "{",
        ),
        (
            "for i in x:\n    break\n",
            "`break` is not supported in scripts",
            "break",
        ),
        (
            "for i in x:\n    pass\nelse:\n    pass\n",
            "`for ... else` is not supported in scripts",
            "else",
        ),
        (
            "y = 1j\n",
            "complex numbers are not supported in scripts",
            "1j",
        ),
    ];
    for (src, message, text) in cases {
        let full = format!("{pre}{src}");
        let line = 3 + src[..src.find(text).expect("text in src")]
            .matches('\n')
            .count();
        assert_error(&full, message, line, text);
    }
    // Inside a string, `for` is Brian2's generator syntax, not a comprehension.
    parse("S.connect(j='k for k in range(i-2, i+3) if k >= 0 and k < N_post')\n");
    // `match` as a plain name is fine.
    parse("match = 1\nmatch(x)\ncase = match + 1\n");
}

#[test]
fn syntax_errors_point_at_the_problem() {
    assert_error("x = 1\n  y = 2\n", "unexpected indent", 2, "y");
    assert_error(
        "if x:\n    a = 1\n  b = 2\n",
        "unindent does not match any outer indentation level",
        3,
        "b",
    );
    assert_error(
        "if x:\nb = 1\n",
        "expected an indented block after 'if' statement on line 1",
        2,
        "b",
    );
    assert_error(
        "x = 1\nfor i in y:\n",
        "expected an indented block after 'for' statement on line 2",
        2,
        "for",
    );
    assert_error("x = (1,\n", "'(' was never closed", 1, "(");
    assert_error(
        "x = [1)\n",
        "closing parenthesis ')' does not match opening parenthesis '['",
        1,
        ")",
    );
    assert_error("x = 1)\n", "unmatched ')'", 1, ")");
    assert_error("x = 'abc\n", "unterminated string literal", 1, "'");
    assert_error(
        "x = '''abc\n",
        "unterminated triple-quoted string literal",
        1,
        "'''",
    );
    assert_error("x = 1 $ 2\n", "invalid character '$' (U+0024)", 1, "$");
    assert_error("x = 1abc\n", "invalid decimal literal", 1, "1a");
    assert_error(
        "x = 012\n",
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        1,
        "012",
    );
    assert_error("x = 1__0\n", "invalid decimal literal", 1, "1__0");
    assert_error(
        "x = 99999999999999999999\n",
        "integer literal is too large",
        1,
        "99999999999999999999",
    );
    assert_error("x = \n", "expected an expression, found end of line", 1, "");
    assert_error("f(a=1, a=2)\n", "keyword argument repeated: a", 1, "a");
    assert_error(
        "f(a=1, 2)\n",
        "positional argument follows keyword argument",
        1,
        "2",
    );
    assert_error("f(1) = 2\n", "cannot assign to function call", 1, "f(1)");
    assert_error("1 = x\n", "cannot assign to literal", 1, "1");
    assert_error(
        "a + b += 1\n",
        "'expression' is an illegal expression for augmented assignment",
        1,
        "a + b",
    );
    assert_error(
        "f(x + 1=2)\n",
        "expression cannot contain assignment, perhaps you meant \"==\"?",
        1,
        "=",
    );
    assert_error(
        "print 'hello'\n",
        "missing parentheses in call to 'print'",
        1,
        "'hello'",
    );
    assert_error("if x\n    pass\n", "expected ':', found end of line", 1, "");
    assert_error(
        "else:\n    pass\n",
        "`else` without a matching `if`",
        1,
        "else",
    );
    assert_error(
        "x = a if b\n",
        "expected 'else' (a conditional expression needs one), found end of line",
        1,
        "",
    );
    assert_error(
        "x = 1 \\ 2\n",
        "unexpected character after line continuation character",
        1,
        "\\",
    );
    assert_error("x = '\\x4'\n", "truncated \\x escape in string", 1, "\\x4");
    assert_error(
        "x = a.1\n",
        "expected end of line, found number '.1'",
        1,
        ".1",
    );
    assert_error(
        "x = a.if\n",
        "expected an attribute name, found keyword 'if'",
        1,
        "if",
    );
    assert_error(
        "from . import x\n",
        "relative imports are not supported in scripts",
        1,
        ".",
    );
    let error = err("x = 1 +\n");
    assert_eq!(error.expected.as_deref(), Some("an expression"));
}

#[test]
fn render_shows_file_line_column_and_caret() {
    let src = "x = 1\nfor i in y:\n    def f(): pass\n";
    let rendered = err(src).render(src, "model.py");
    assert_eq!(
        rendered,
        "model.py:3:5: `def` is not supported in scripts\n  |\n3 |     def f(): pass\n  |     ^^^"
    );
}

// ---------------------------------------------------------------- depth

#[test]
fn deep_input_is_an_error_not_a_stack_overflow() {
    let n = 100_000;
    let deep = [
        "(".repeat(n),
        format!("x = {}1{}", "(".repeat(n), ")".repeat(n)),
        format!("x = {}1{}", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1", "-".repeat(n)),
        format!("x = {}1", "not ".repeat(n)),
        format!("x = 1{}", " + 1".repeat(n)),
        format!("x = 1{}", " ** 1".repeat(n)),
        format!("x = a{}", ".b".repeat(n)),
        format!("x = f{}", "()".repeat(n)),
        format!("x = {}1", "1 if 1 else ".repeat(n)),
        format!("x = {}1{}", "f(".repeat(n), ")".repeat(n)),
        format!("x = {}1{}", "{1: ".repeat(n), "}".repeat(n)),
        format!("x = a{}", "[1]".repeat(n)),
        format!("{} = 1", "(".repeat(n) + "a" + &")".repeat(n)),
    ];
    for src in &deep {
        let error = err(src);
        let text = src.get(..40).unwrap_or(src);
        assert!(
            error.message.contains("too deeply nested")
                || error.message.contains("was never closed"),
            "{text}: {}",
            error.message
        );
    }
    // A long comparison chain is flat, not deep.
    let chain = parse(&format!("x = 1{}", " < 1".repeat(n)));
    let StmtKind::Assign { value, .. } = &chain.body[0].kind else {
        panic!()
    };
    assert!(matches!(&value.kind, ExprKind::Compare { ops, .. } if ops.len() == n));
    // Just below the limit, deep input parses (and does not overflow either).
    let depth = MAX_NESTING as usize - 10;
    for src in [
        format!("x = {}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("x = {}1{}", "[".repeat(depth), "]".repeat(depth)),
        format!("x = {}1{}", "f(".repeat(depth), ")".repeat(depth)),
        format!("x = {}1{}", "a[".repeat(depth), "]".repeat(depth)),
        format!("x = {}1", "-".repeat(depth)),
        format!("x = 1{}", " + 1".repeat(depth)),
    ] {
        let script = parse(&src);
        assert_round_trip(&script);
    }
}

#[test]
fn deeply_nested_blocks_are_an_error() {
    let levels = 5_000;
    let mut src = String::new();
    for level in 0..levels {
        src.push_str(&" ".repeat(level));
        src.push_str("if x:\n");
    }
    src.push_str(&" ".repeat(levels));
    src.push_str("pass\n");
    let error = err(&src);
    assert_eq!(
        error.message,
        format!("too many nested blocks (the limit is {MAX_BLOCK_DEPTH})")
    );
    // 100 000 lines of `if` at the same level are fine.
    let flat = "if x: pass\n".repeat(100_000);
    assert_eq!(parse(&flat).body.len(), 100_000);
    // Nesting up to the limit works.
    let mut ok = String::new();
    for level in 0..MAX_BLOCK_DEPTH {
        ok.push_str(&" ".repeat(level));
        ok.push_str("for i in x:\n");
    }
    ok.push_str(&" ".repeat(MAX_BLOCK_DEPTH));
    ok.push_str("pass\n");
    assert_round_trip(&parse(&ok));
}

// ---------------------------------------------------------------- properties

/// Checks that hold for any input: no panic, spans in bounds and on char boundaries,
/// and what parses prints back to the same AST.
fn check_any_input(src: &str) {
    match parse_script(src) {
        Ok(script) => {
            check_spans(src, &script);
            assert_round_trip(&script);
        }
        Err(error) => {
            let (start, end) = (error.span.start as usize, error.span.end as usize);
            assert!(start <= end && end <= src.len(), "{error:?}");
            assert!(
                src.is_char_boundary(start) && src.is_char_boundary(end),
                "{error:?}"
            );
            let _ = error.render(src, "fuzz.py");
        }
    }
    if let ParseOutcome::Error(error) = parse_interactive(src) {
        assert!(error.span.end as usize <= src.len());
    }
}

fn python_ish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "(", ")", "[", "]", "{", "}", ":", ",", ".", ";", "=", "==", "+", "-", "*", "**", "/",
        "//", "%", "@", "<", ">", "!=", "~", "&", "|", "^", "'", "\"", "'''", "\\", "\n", "\r\n",
        "\t", " ", "    ", "#", "x", "G.v", "1", "1.5e-3", ".5", "0x1f", "1_0", "if ", "else",
        "elif ", "for ", " in ", "not ", "and ", "or ", "is ", "def ", "lambda", "pass", "import",
        "from ", "as ", "ms", "é", "→", "\u{feff}", "'a'", "r'\\d'", "f'", "\\n", "\\x4", ":=",
        "match ", "None", "True",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

fn mutated_case() -> impl Strategy<Value = String> {
    let sources: Vec<String> = cases_dir()
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .map(|entries| {
            entries
                .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    let sources = if sources.is_empty() {
        vec!["x = (1, 2)\n".to_string()]
    } else {
        sources
    };
    (
        prop::sample::select(sources),
        prop::collection::vec(
            (any::<prop::sample::Index>(), 0..4usize, "[ -~\n\t]{0,3}"),
            1..4,
        ),
    )
        .prop_map(|(mut src, edits)| {
            for (at, delete, insert) in edits {
                let mut start = at.index(src.len() + 1);
                while !src.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + delete).min(src.len());
                while !src.is_char_boundary(end) {
                    end += 1;
                }
                src.replace_range(start..end, &insert);
            }
            src
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(src in any::<String>()) {
        check_any_input(&src);
    }

    #[test]
    fn python_like_text_never_panics(src in python_ish()) {
        check_any_input(&src);
    }

    #[test]
    fn mutated_cases_never_panic(src in mutated_case()) {
        check_any_input(&src);
    }
}

// ---------------------------------------------------------------- random ASTs

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,4}".prop_filter("keyword", |name| {
        !super::token::KEYWORDS.contains(&name.as_str())
    })
}

fn ident() -> impl Strategy<Value = Ident> {
    name().prop_map(|name| Ident {
        name,
        span: Span::default(),
    })
}

fn e(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (0..i64::MAX).prop_map(|v| e(ExprKind::Int(v))),
        prop_oneof![
            (0.0..1e300f64),
            Just(0.0),
            Just(0.1),
            Just(1e-300),
            Just(f64::INFINITY),
            Just(5e-324)
        ]
        .prop_map(|v| e(ExprKind::Float(v))),
        any::<String>().prop_map(|s| e(ExprKind::Str(StrLit::new(s)))),
        "[a-z'\"\\\\\n\t ]{0,8}".prop_map(|s| e(ExprKind::Str(StrLit::new(s)))),
        any::<bool>().prop_map(|b| e(ExprKind::Bool(b))),
        Just(e(ExprKind::None)),
        name().prop_map(|n| e(ExprKind::Name(n))),
    ]
}

fn unary_op() -> impl Strategy<Value = UnaryOp> {
    prop::sample::select(vec![
        UnaryOp::Neg,
        UnaryOp::Pos,
        UnaryOp::Not,
        UnaryOp::Invert,
    ])
}

fn index(inner: impl Strategy<Value = Expr> + Clone + 'static) -> impl Strategy<Value = Expr> {
    let opt = prop::option::of(inner.clone().prop_map(Box::new));
    let slice = (opt.clone(), opt.clone(), opt)
        .prop_map(|(lower, upper, step)| e(ExprKind::Slice { lower, upper, step }));
    let item = prop_oneof![inner.clone(), slice];
    prop_oneof![
        inner,
        item.clone(),
        prop::collection::vec(item, 0..3).prop_map(|items| e(ExprKind::Tuple(items))),
    ]
}

fn arb_expr() -> BoxedStrategy<Expr> {
    leaf()
        .prop_recursive(4, 48, 4, |inner| {
            let boxed = inner.clone().prop_map(Box::new);
            prop_oneof![
                (boxed.clone(), ident())
                    .prop_map(|(value, attr)| e(ExprKind::Attribute { value, attr })),
                (
                    boxed.clone(),
                    prop::collection::vec(inner.clone(), 0..3),
                    prop::collection::vec((ident(), inner.clone()), 0..3)
                )
                    .prop_map(|(func, args, keywords)| {
                        let mut seen = std::collections::HashSet::new();
                        let keywords = keywords
                            .into_iter()
                            .filter(|(name, _)| seen.insert(name.name.clone()))
                            .map(|(name, value)| Keyword { name, value })
                            .collect();
                        e(ExprKind::Call {
                            func,
                            args,
                            keywords,
                        })
                    }),
                (boxed.clone(), index(inner.clone()).prop_map(Box::new))
                    .prop_map(|(value, index)| e(ExprKind::Subscript { value, index })),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|items| e(ExprKind::Tuple(items))),
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|items| e(ExprKind::List(items))),
                prop::collection::vec((inner.clone(), inner.clone()), 0..3)
                    .prop_map(|entries| e(ExprKind::Dict(entries))),
                (unary_op(), boxed.clone())
                    .prop_map(|(op, operand)| e(ExprKind::Unary { op, operand })),
                (
                    prop::sample::select(BinOp::ALL.to_vec()),
                    boxed.clone(),
                    boxed.clone()
                )
                    .prop_map(|(op, left, right)| e(ExprKind::Binary {
                        op,
                        left,
                        right
                    })),
                (
                    prop::sample::select(vec![BoolOp::And, BoolOp::Or]),
                    boxed.clone(),
                    boxed.clone()
                )
                    .prop_map(|(op, left, right)| e(ExprKind::BoolOp {
                        op,
                        left,
                        right
                    })),
                (
                    boxed.clone(),
                    prop::collection::vec(
                        (prop::sample::select(CmpOp::ALL.to_vec()), inner.clone()),
                        1..3
                    )
                )
                    .prop_map(|(left, ops)| e(ExprKind::Compare { left, ops })),
                (boxed.clone(), boxed.clone(), boxed)
                    .prop_map(|(body, cond, orelse)| e(ExprKind::IfExp { body, cond, orelse })),
            ]
        })
        .boxed()
}

fn t(kind: TargetKind) -> Target {
    Target {
        kind,
        span: Span::default(),
    }
}

fn simple_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        name().prop_map(|n| t(TargetKind::Name(n))),
        (arb_expr().prop_map(Box::new), ident())
            .prop_map(|(value, attr)| t(TargetKind::Attribute { value, attr })),
        (
            arb_expr().prop_map(Box::new),
            index(arb_expr()).prop_map(Box::new)
        )
            .prop_map(|(value, index)| t(TargetKind::Subscript { value, index })),
    ]
}

fn arb_target() -> impl Strategy<Value = Target> {
    simple_target().prop_recursive(2, 8, 3, |inner| {
        prop::collection::vec(inner, 1..3).prop_map(|items| t(TargetKind::Tuple(items)))
    })
}

fn s(kind: StmtKind) -> Stmt {
    Stmt {
        kind,
        span: Span::default(),
    }
}

fn dotted_name() -> impl Strategy<Value = DottedName> {
    prop::collection::vec(ident(), 1..3).prop_map(|parts| DottedName {
        parts,
        span: Span::default(),
    })
}

fn alias(dotted: bool) -> impl Strategy<Value = Alias> {
    let name = if dotted {
        dotted_name().boxed()
    } else {
        ident()
            .prop_map(|i| DottedName {
                parts: vec![i],
                span: Span::default(),
            })
            .boxed()
    };
    (name, prop::option::of(ident())).prop_map(|(name, alias)| Alias { name, alias })
}

fn simple_stmt() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        (prop::collection::vec(arb_target(), 1..3), arb_expr())
            .prop_map(|(targets, value)| s(StmtKind::Assign { targets, value })),
        (
            simple_target(),
            prop::sample::select(BinOp::ALL.to_vec()),
            arb_expr()
        )
            .prop_map(|(target, op, value)| s(StmtKind::AugAssign { target, op, value })),
        arb_expr().prop_map(|expr| s(StmtKind::Expr(expr))),
        Just(s(StmtKind::Pass)),
        prop::collection::vec(alias(true), 1..3)
            .prop_map(|a| s(StmtKind::Import(Import::Modules(a)))),
        dotted_name().prop_map(|module| s(StmtKind::Import(Import::FromStar { module }))),
        (dotted_name(), prop::collection::vec(alias(false), 1..3))
            .prop_map(|(module, names)| s(StmtKind::Import(Import::FromNames { module, names }))),
    ]
}

fn arb_stmt() -> impl Strategy<Value = Stmt> {
    simple_stmt().prop_recursive(3, 24, 3, |inner| {
        let body = prop::collection::vec(inner, 1..3);
        prop_oneof![
            (arb_target(), arb_expr(), body.clone())
                .prop_map(|(target, iter, body)| s(StmtKind::For { target, iter, body })),
            (
                arb_expr(),
                body.clone(),
                prop::collection::vec((arb_expr(), body.clone()), 0..2),
                prop::option::of(body)
            )
                .prop_map(|(cond, body, elifs, orelse)| {
                    let elifs = elifs
                        .into_iter()
                        .map(|(cond, body)| Elif {
                            cond,
                            body,
                            span: Span::default(),
                        })
                        .collect();
                    s(StmtKind::If {
                        cond,
                        body,
                        elifs,
                        orelse,
                    })
                }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn printed_random_scripts_parse_back_to_the_same_ast(
        body in prop::collection::vec(arb_stmt(), 0..4)
    ) {
        let script = Script { body };
        assert_round_trip(&script);
        let printed = print_script(&script);
        // Printing is canonical: printing the reparsed script gives the same text.
        let reparsed = parse(&printed);
        prop_assert_eq!(print_script(&reparsed), printed);
    }
}
