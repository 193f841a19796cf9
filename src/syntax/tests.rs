//! Tests of the syntax module: precedence, literals, spans, equations and statements
//! (including the conformance models), error spans, resource limits and property tests.

use super::ast::*;
use super::*;
use crate::diag::Span;
use proptest::prelude::*;

/// A compact S-expression of a tree, for asserting structure.
fn sx(e: &Expr) -> String {
    fn bin(op: BinOp) -> &'static str {
        match op {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
        }
    }
    fn cmp(op: CmpOp) -> &'static str {
        match op {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }
    match &e.kind {
        ExprKind::Int(v) => format!("{v}"),
        ExprKind::Float(x) => format!("{x:?}f"),
        ExprKind::Bool(b) => format!("{b}"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Unary(op, a) => {
            let o = match op {
                UnaryOp::Neg => "neg",
                UnaryOp::Pos => "pos",
                UnaryOp::Not => "not",
            };
            format!("({o} {})", sx(a))
        }
        ExprKind::Binary(op, a, b) => format!("({} {} {})", bin(*op), sx(a), sx(b)),
        ExprKind::Compare(op, a, b) => format!("({} {} {})", cmp(*op), sx(a), sx(b)),
        ExprKind::BoolOp(op, a, b) => {
            format!(
                "({} {} {})",
                if *op == BoolOp::And { "and" } else { "or" },
                sx(a),
                sx(b)
            )
        }
        ExprKind::Call { name, args, .. } => {
            let mut s = format!("(call {name}");
            for a in args {
                s.push(' ');
                s.push_str(&sx(a));
            }
            s.push(')');
            s
        }
    }
}

fn p(src: &str) -> Expr {
    match parse_expression(src) {
        Ok(e) => e,
        Err(e) => panic!("{src:?} failed: {}", e.render(src)),
    }
}

fn ps(src: &str) -> String {
    sx(&p(src))
}

/// Parse `src` expecting an error; returns it after checking its span is sane.
fn perr(r: Result<impl std::fmt::Debug, SyntaxError>, src: &str) -> SyntaxError {
    match r {
        Ok(v) => panic!("{src:?} should fail, gave {v:?}"),
        Err(e) => {
            check_span(e.span, src);
            e
        }
    }
}

fn check_span(span: Span, src: &str) {
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(
        s <= e && e <= src.len(),
        "span {span} out of bounds for {} bytes",
        src.len()
    );
    assert!(
        src.is_char_boundary(s) && src.is_char_boundary(e),
        "span {span} not on char boundaries"
    );
}

fn expr_err(src: &str) -> SyntaxError {
    perr(parse_expression(src), src)
}

fn eq_err(src: &str) -> SyntaxError {
    perr(parse_equations(src), src)
}

fn st_err(src: &str) -> SyntaxError {
    perr(parse_statements(src), src)
}

fn eqs(src: &str) -> Equations {
    match parse_equations(src) {
        Ok(e) => e,
        Err(e) => panic!("equations failed: {}", e.render(src)),
    }
}

// ---------------------------------------------------------------- precedence

#[test]
fn precedence_table() {
    let cases = [
        ("-v**2", "(neg (** v 2))"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b / c", "(/ (/ a b) c)"),
        ("2**-1", "(** 2 (neg 1))"),
        ("a**b**c", "(** a (** b c))"),
        ("a**-b**c", "(** a (neg (** b c)))"),
        ("2**-1*3", "(* (** 2 (neg 1)) 3)"),
        ("(-x)**2", "(** (neg x) 2)"),
        ("not a and b", "(and (not a) b)"),
        ("not a == b", "(not (== a b))"),
        ("not not a", "(not (not a))"),
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a or b or c", "(or (or a b) c)"),
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a * b / c // d % e", "(% (// (/ (* a b) c) d) e)"),
        ("-a * b", "(* (neg a) b)"),
        ("- -x", "(neg (neg x))"),
        ("+x - -y", "(- (pos x) (neg y))"),
        ("(a + b) * c", "(* (+ a b) c)"),
        ("a < b + 1", "(< a (+ b 1))"),
        ("a + 1 >= b * 2", "(>= (+ a 1) (* b 2))"),
        ("a != b and c <= d", "(and (!= a b) (<= c d))"),
        ("(a < b) < c", "(< (< a b) c)"),
        ("x == 1 or not y", "(or (== x 1) (not y))"),
        ("-2**2", "(neg (** 2 2))"),
        ("a**b*c", "(* (** a b) c)"),
        ("f(x)**2", "(** (call f x) 2)"),
    ];
    for (src, want) in cases {
        assert_eq!(ps(src), want, "for {src:?}");
    }
}

/// Random expressions without redundant parentheses, with the structure Python's own
/// parser (`ast.parse(src, mode="eval")`) gives them ("ERR": Python rejects them, or they
/// are chained comparisons). A sample of a 120 000-case comparison that matched fully.
const PYTHON_ORACLE: [(&str, &str); 34] = [
    (
        "not True >= -b * -f(x1 != false)",
        "(not (>= true (* (neg b) (neg (call f (!= x1 false))))))",
    ),
    (
        "(+false // (b % exprel(+2.5, +b == a))) - -1 // a",
        "(- (// (pos false) (% b (call exprel (pos 2.5f) (== (pos b) a)))) (// (neg 1) a))",
    ),
    (
        ".5 + c and (not +3.) <= exprel((++b) or not (+a))",
        "(and (+ 0.5f c) (<= (not (pos 3.0f)) (call exprel (or (pos (pos b)) (not (pos a))))))",
    ),
    (
        "not +b - -b >= +exprel(--x1)",
        "(not (>= (- (pos b) (neg b)) (pos (call exprel (neg (neg x1))))))",
    ),
    (
        "b and not 3. or +false % -(b // 3.)",
        "(or (and b (not 3.0f)) (% (pos false) (neg (// b 3.0f))))",
    ),
    (
        "(false) / +1 or +x1 != +false",
        "(or (/ false (pos 1)) (!= (pos x1) (pos false)))",
    ),
    (
        "not f(+(not 2.5) or -+c, 1 != True)",
        "(not (call f (or (pos (not 2.5f)) (neg (pos c))) (!= 1 true)))",
    ),
    (
        "-.5 + x1 == 1 / false",
        "(== (+ (neg 0.5f) x1) (/ 1 false))",
    ),
    (
        "(not -false * (a + -false))",
        "(not (* (neg false) (+ a (neg false))))",
    ),
    (
        "3. == f() / (not -b) + 2.5",
        "(== 3.0f (+ (/ (call f) (not (neg b))) 2.5f))",
    ),
    (
        "-+1 > -b and 3. * +True",
        "(and (> (neg (pos 1)) (neg b)) (* 3.0f (pos true)))",
    ),
    (
        "a - false / ++c or not 3.",
        "(or (- a (/ false (pos (pos c)))) (not 3.0f))",
    ),
    (
        "+f() >= 2.5 and -(3. or (b ** (x1)))",
        "(and (>= (pos (call f)) 2.5f) (neg (or 3.0f (** b x1))))",
    ),
    (
        "-2.5 / -3. ** True / +exprel()",
        "(/ (/ (neg 2.5f) (neg (** 3.0f true))) (pos (call exprel)))",
    ),
    (
        "True * +f() == --True",
        "(== (* true (pos (call f))) (neg (neg true)))",
    ),
    (
        "exprel() == +false / +3.",
        "(== (call exprel) (/ (pos false) (pos 3.0f)))",
    ),
    (
        "not 2.5 != +-(-True) or -(-c // --a != false) or 1",
        "(or (or (not (!= 2.5f (pos (neg (neg true))))) (neg (!= (// (neg c) (neg (neg a))) false))) 1)",
    ),
    (
        "++x1 and -(not b >= -+2.5 % false)",
        "(and (pos (pos x1)) (neg (not (>= b (% (neg (pos 2.5f)) false)))))",
    ),
    (
        "exprel(not True * +-(+false))",
        "(call exprel (not (* true (pos (neg (pos false))))))",
    ),
    (
        "+b + (not 1 == +false) >= a",
        "(>= (+ (pos b) (not (== 1 (pos false)))) a)",
    ),
    (
        "(True) // 2.5 or --3. % -c",
        "(or (// true 2.5f) (% (neg (neg 3.0f)) (neg c)))",
    ),
    (
        ".5 == exprel(a - (not .5 - 3. ** a))",
        "(== 0.5f (call exprel (- a (not (- 0.5f (** 3.0f a))))))",
    ),
    (
        "++1 % (not not f()) >= -a",
        "(>= (% (pos (pos 1)) (not (not (call f)))) (neg a))",
    ),
    (
        "not not f() and --exprel()",
        "(and (not (not (call f))) (neg (neg (call exprel))))",
    ),
    ("+not b == -(+-1) >= 3. * -not 2.5", "ERR"),
    ("x1 < +.5 * not a + (-not 1 * .5)", "ERR"),
    ("--f(+2.5 // 2.5 >= not +x1, a) / 2.5 <= x1", "ERR"),
    ("(-not (1 > x1 - 2.5))", "ERR"),
    (
        "-1 % (not f(3. > exprel() < --(not a * a % -not 2.5) / +3.))",
        "ERR",
    ),
    ("not b > +b < (+exprel() == not -c ** .5 != 1) - 3.", "ERR"),
    ("+True <= c and (not -false < not c)", "ERR"),
    ("not not 1 % not -True and c", "ERR"),
    (
        "a > -+(not not exprel() or +(a < not 2.5) // --a) or not b",
        "ERR",
    ),
    ("+1 != exprel(+exprel() or c // not 1 >= -3.)", "ERR"),
];

#[test]
fn agrees_with_python() {
    for (src, want) in PYTHON_ORACLE {
        let got = parse_expression(src).map_or_else(|_| "ERR".to_string(), |e| sx(&e));
        assert_eq!(got, want, "for {src:?}");
    }
}

#[test]
fn literals() {
    assert_eq!(p("3").kind, ExprKind::Int(3));
    assert_eq!(p("3.").kind, ExprKind::Float(3.0));
    assert_eq!(p(".5").kind, ExprKind::Float(0.5));
    assert_eq!(p("1e-3").kind, ExprKind::Float(1e-3));
    assert_eq!(p("2.5E+4").kind, ExprKind::Float(2.5e4));
    assert_eq!(p("3.e2").kind, ExprKind::Float(300.0));
    // Fraction digits at the very end of the input (nom 8.0.0's digit0 gets this wrong).
    assert_eq!(p("0.5").kind, ExprKind::Float(0.5));
    assert_eq!(p("x + 12.25").span.text("x + 12.25"), "x + 12.25");
    assert_eq!(sx(&p("x + 12.25")), "(+ x 12.25f)");
    assert_eq!(p("1E5").kind, ExprKind::Float(1e5));
    assert_eq!(p("9223372036854775807").kind, ExprKind::Int(i64::MAX));
    assert_eq!(
        p("9223372036854775808").kind,
        ExprKind::Float(9223372036854775808.0)
    );
    assert_eq!(p("1e999").kind, ExprKind::Float(f64::INFINITY));
    for (s, b) in [
        ("True", true),
        ("true", true),
        ("False", false),
        ("false", false),
    ] {
        assert_eq!(p(s).kind, ExprKind::Bool(b));
    }
    for n in [
        "v_post2", "_x", "tau_m", "x1y2", "Truex", "notx", "android", "order",
    ] {
        assert_eq!(p(n).kind, ExprKind::Name(n.to_string()));
    }
    assert_eq!(ps("rand()"), "(call rand)");
    assert_eq!(ps("f(a, b, c)"), "(call f a b c)");
    assert_eq!(ps("clip(w + 1, 0, gmax)"), "(call clip (+ w 1) 0 gmax)");
    assert_eq!(ps("f (a,)"), "(call f a)");
    assert_eq!(ps("f(g(h(x)))"), "(call f (call g (call h x)))");
}

#[test]
fn whitespace_and_continuations() {
    assert_eq!(ps("\t a\t+ b  "), "(+ a b)");
    assert_eq!(ps("(a +\n b)"), "(+ a b)");
    assert_eq!(ps("f(a,\n  b\n)"), "(call f a b)");
    assert_eq!(ps("a + \\\n b"), "(+ a b)");
    assert_eq!(ps("a + \\\r\n b"), "(+ a b)");
    assert_eq!(ps("\n  v > 3 # a comment\n\n"), "(> v 3)");
    assert_eq!(ps("(a # comment\n + b)"), "(+ a b)");
    // Newlines outside parentheses end the expression.
    let e = expr_err("a +\nb");
    assert!(
        e.message.contains("expected an expression"),
        "{}",
        e.message
    );
    let e = expr_err("a\n+ b");
    assert_eq!(e.span, Span::new(2, 3));
}

// ---------------------------------------------------------------- spans

#[test]
fn expression_spans() {
    let src = "tau_m * exprel(x, 2)";
    let e = p(src);
    assert_eq!(e.span.text(src), src);
    let ExprKind::Binary(BinOp::Mul, l, r) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(l.span.text(src), "tau_m");
    assert_eq!(r.span.text(src), "exprel(x, 2)");
    let ExprKind::Call {
        name,
        name_span,
        args,
    } = &r.kind
    else {
        panic!("{r:?}")
    };
    assert_eq!(name, "exprel");
    assert_eq!(name_span.text(src), "exprel");
    assert_eq!(args[0].span.text(src), "x");
    assert_eq!(args[1].span.text(src), "2");

    // Parentheses belong to the enclosing node, not to the parenthesised one.
    let src = " (a + b) * c ";
    let e = p(src);
    assert_eq!(e.span.text(src), "(a + b) * c");
    let ExprKind::Binary(_, l, _) = &e.kind else {
        panic!()
    };
    assert_eq!(l.span.text(src), "a + b");
    let src = "((x))";
    assert_eq!(p(src).span.text(src), "x");

    let src = "-x**2";
    let e = p(src);
    assert_eq!(e.span.text(src), "-x**2");
    let ExprKind::Unary(_, inner) = &e.kind else {
        panic!()
    };
    assert_eq!(inner.span.text(src), "x**2");

    let src = "not  flag";
    assert_eq!(p(src).span.text(src), src);
    let src = "1.5e3*mV";
    let ExprKind::Binary(_, l, _) = p(src).kind else {
        panic!()
    };
    assert_eq!(l.span.text(src), "1.5e3");
    let src = "rand( )";
    let e = p(src);
    assert_eq!(e.span.text(src), "rand( )");
}

// ---------------------------------------------------------------- expression errors

#[test]
fn expression_errors() {
    let src = "a < b < c";
    let e = expr_err(src);
    assert!(e.message.contains("chained"), "{}", e.message);
    assert_eq!(e.span, Span::new(6, 7));

    let src = "a == b != c";
    assert_eq!(expr_err(src).span.text(src), "!=");

    let src = "x.y + 1";
    let e = expr_err(src);
    assert!(e.message.contains("unexpected '.'"), "{}", e.message);
    assert_eq!(e.span, Span::new(1, 2));
    let e = expr_err(".y");
    assert!(e.message.contains("unexpected '.'"), "{}", e.message);

    let src = "(a + b";
    let e = expr_err(src);
    assert!(e.message.contains("unclosed '('"), "{}", e.message);
    assert_eq!(e.span, Span::new(0, 1));
    let src = "f(a, (b + c)";
    let e = expr_err(src);
    assert_eq!(e.span, Span::new(1, 2), "{}", e.message);

    let src = "a + b)";
    let e = expr_err(src);
    assert!(e.message.contains("unmatched ')'"), "{}", e.message);
    assert_eq!(e.span.text(src), ")");

    let src = "a and";
    let e = expr_err(src);
    assert_eq!(e.expected, "an expression");
    assert_eq!(e.span, Span::new(5, 5));
    assert!(e.message.contains("end of input"), "{}", e.message);

    let src = "3 * and";
    let e = expr_err(src);
    assert_eq!(e.span.text(src), "and");
    assert!(e.message.contains("found 'and'"), "{}", e.message);

    let src = "a + not b";
    assert_eq!(expr_err(src).span.text(src), "not");

    let src = "3mV + 1";
    let e = expr_err(src);
    assert_eq!(e.span.text(src), "3mV");
    assert!(e.message.contains("3*mV"), "{}", e.message);
    assert_eq!(expr_err("1e + 2").span.text("1e + 2"), "1e");
    assert_eq!(expr_err("1.2.3").span.text("1.2.3"), "1.2.3");

    let src = "f(a b)";
    let e = expr_err(src);
    assert_eq!(e.span.text(src), "b");
    assert_eq!(e.expected, "',' or ')'");

    let src = "v = 3";
    let e = expr_err(src);
    assert!(e.message.contains("=="), "{}", e.message);
    assert_eq!(e.span.text(src), "=");

    let src = "a +* b";
    assert_eq!(expr_err(src).span.text(src), "*");
    let src = "x µ";
    let e = expr_err(src);
    assert_eq!(e.span.text(src), "µ");
    assert_eq!(expr_err("").span, Span::new(0, 0));
    assert_eq!(expr_err("  # only a comment").span, Span::new(18, 18));
    let src = "a +\\ b";
    assert_eq!(expr_err(src).span.text(src), "\\");
    let src = "()";
    assert_eq!(expr_err(src).span.text(src), ")");
}

#[test]
fn error_display_and_render() {
    let src = "dv/dt = -v/tau";
    let e = eq_err(src);
    assert_eq!(e.to_string(), e.message);
    assert!(
        e.message
            .starts_with("expected ':' and a unit, found end of input"),
        "{}",
        e.message
    );
    assert!(e.message.contains("'v'"), "{}", e.message);
    let r = e.render(src);
    assert!(r.contains("1:15"), "{r}");
}

// ---------------------------------------------------------------- limits

/// Runs `f` on a thread with a small (1 MiB) stack, to check the depth limits.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    let h = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .map(|h| h.join());
    assert!(matches!(h, Ok(Ok(()))), "thread failed");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    small_stack(|| {
        let src = "(".repeat(100_000);
        let e = expr_err(&src);
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
        assert_eq!(e.span.text(&src), "(");

        let src = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("{}x", "-".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("{}x", "not ".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("x{}", "**x".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("{}x{}", "f(".repeat(100_000), ")".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("x{}", "+x".repeat(100_000));
        assert!(expr_err(&src).message.contains("nested too deeply"));
        let src = format!("dv/dt = {} : 1", "(".repeat(100_000));
        assert!(eq_err(&src).message.contains("nested too deeply"));
        let src = format!("v = {}", "(".repeat(100_000));
        assert!(st_err(&src).message.contains("nested too deeply"));
        let src = format!("x : {}volt", "(".repeat(100_000));
        assert!(eq_err(&src).message.contains("nested too deeply"));

        // Reasonable nesting is fine, even on this small stack.
        let src = format!("{}x{}", "(-".repeat(90), ")".repeat(90));
        p(&src);
        let src = format!("{}x{}", "(".repeat(190), ")".repeat(190));
        p(&src);
        let src = format!("x{}", "+x".repeat(900));
        p(&src);
        let src = format!("2{}", "**-2".repeat(90));
        p(&src);
    });
}

// ---------------------------------------------------------------- equations

const HH: &str = "
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
";

fn summary(src: &str) -> Vec<(String, &'static str, String, Vec<String>)> {
    eqs(src)
        .equations
        .iter()
        .map(|eq| {
            let kind = match eq.kind {
                EquationKind::Differential(_) => "diff",
                EquationKind::Subexpression(_) => "sub",
                EquationKind::Parameter => "param",
            };
            let flags = eq.flags.iter().map(|f| f.name.clone()).collect();
            (
                eq.name.clone(),
                kind,
                eq.unit.span.text(src).to_string(),
                flags,
            )
        })
        .collect()
}

fn owned(
    v: &[(&str, &'static str, &str, &[&str])],
) -> Vec<(String, &'static str, String, Vec<String>)> {
    v.iter()
        .map(|(n, k, u, f)| {
            (
                n.to_string(),
                *k,
                u.to_string(),
                f.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn hh_equations() {
    let parsed = eqs(HH);
    assert_eq!(
        summary(HH),
        owned(&[
            ("v", "diff", "volt", &[]),
            ("m", "diff", "1", &[]),
            ("n", "diff", "1", &[]),
            ("h", "diff", "1", &[]),
            ("I", "param", "amp", &[]),
        ])
    );
    let eq = &parsed.equations[0];
    assert_eq!(eq.name_span.text(HH), "v");
    assert_eq!(eq.span.text(HH), HH.lines().nth(1).unwrap_or_default());
    let EquationKind::Differential(rhs) = &parsed.equations[3].kind else {
        panic!()
    };
    assert_eq!(
        rhs.span.text(HH),
        "0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h"
    );
    assert!(matches!(rhs.kind, ExprKind::Binary(BinOp::Sub, ..)));
    assert_eq!(parsed.equations[1].unit.kind, ExprKind::Int(1));
    assert_eq!(parsed.equations[4].span.text(HH), "I : amp");
    assert_eq!(parsed.equations[4].name_span.text(HH), "I");
}

#[test]
fn lif_and_other_conformance_equations() {
    let lif = "\ndv/dt = (v_rest - v + R*I)/tau : volt\nI : amp (constant)\n";
    assert_eq!(
        summary(lif),
        owned(&[
            ("v", "diff", "volt", &[]),
            ("I", "param", "amp", &["constant"])
        ])
    );

    let izh = "
dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I : volt
du/dt = a*(b*v - u) : volt/second
a : Hz (constant)
d : volt/second (constant)
";
    let s = summary(izh);
    assert_eq!(s[1].2, "volt/second");
    assert_eq!(s[3].3, vec!["constant".to_string()]);

    let flags = "
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
tau_s : second (shared, constant)
s_slow = ampl*sin(2*pi*200*Hz*t) : volt (constant over dt)
n_spk : integer
ok : boolean
dg/dt = -g/(3*ms) : 1 (clock-driven)
I_syn_post = w*g : 1 (summed)
da/dt = -a/(10*ms) : 1 (event-driven)
v_lin : 1 (linked)
I : amp (point current) # applied current
Im = gl * (El-v) + gNa * m**3 * h * (ENa-v) : amp/meter**2
gNa : siemens/meter**2
J : amp*meter**-2
noise : second**-0.5
";
    assert_eq!(
        summary(flags),
        owned(&[
            ("v", "diff", "volt", &["unless refractory"]),
            ("tau_s", "param", "second", &["shared", "constant"]),
            ("s_slow", "sub", "volt", &["constant over dt"]),
            ("n_spk", "param", "integer", &[]),
            ("ok", "param", "boolean", &[]),
            ("g", "diff", "1", &["clock-driven"]),
            ("I_syn_post", "sub", "1", &["summed"]),
            ("a", "diff", "1", &["event-driven"]),
            ("v_lin", "param", "1", &["linked"]),
            ("I", "param", "amp", &["point current"]),
            ("Im", "sub", "amp/meter**2", &[]),
            ("gNa", "param", "siemens/meter**2", &[]),
            ("J", "param", "amp*meter**-2", &[]),
            ("noise", "param", "second**-0.5", &[]),
        ])
    );
    let parsed = eqs(flags);
    let f = &parsed.equations[1].flags[1];
    assert_eq!(f.span.text(flags), "constant");
    let f = &parsed.equations[2].flags[0];
    assert_eq!(f.span.text(flags), "constant over dt");
    let u = &parsed.equations[12].unit;
    assert_eq!(sx(u), "(* amp (** meter (neg 2)))");
    assert_eq!(sx(&parsed.equations[13].unit), "(** second (neg 0.5f))");
    assert_eq!(sx(&parsed.equations[11].unit), "(/ siemens (** meter 2))");

    // Indentation, comments, CRLF and odd spacing.
    let odd = "  # model\r\n\r\n    dy/dt = (ramp(t) - y)/(1*ms) : 1   # decay\r\n\t\tr = ramp(t):1\r\n  dApre /dt=-Apre/taupre:1(event-driven)";
    assert_eq!(
        summary(odd),
        owned(&[
            ("y", "diff", "1", &[]),
            ("r", "sub", "1", &[]),
            ("Apre", "diff", "1", &["event-driven"])
        ])
    );
    assert_eq!(summary(""), vec![]);
    assert_eq!(summary("\n # nothing\n\n"), vec![]);
}

#[test]
fn multiline_equations() {
    // Inside parentheses, after an operator, before an operator, before the ':',
    // after a backslash; flags on the next line.
    let src = "dv/dt = (gl*(El - v) -
         g_kd*(v - EK) + I)/Cm : volt
alpha_m = 0.32*(13*mV - v + VT)/
         (exp((13*mV - v + VT)/(4*mV)) - 1.)/ms : Hz
x = a
    + b  # comment
    - c
    : 1
y = a + \\
    b : 1
z : volt/second
    (constant, shared)
w : 1 (constant,
       shared)
";
    let parsed = eqs(src);
    assert_eq!(
        summary(src),
        owned(&[
            ("v", "diff", "volt", &[]),
            ("alpha_m", "sub", "Hz", &[]),
            ("x", "sub", "1", &[]),
            ("y", "sub", "1", &[]),
            ("z", "param", "volt/second", &["constant", "shared"]),
            ("w", "param", "1", &["constant", "shared"]),
        ])
    );
    let EquationKind::Subexpression(x) = &parsed.equations[2].kind else {
        panic!()
    };
    assert_eq!(sx(x), "(- (+ a b) c)");
    let eq = &parsed.equations[1];
    assert_eq!(eq.name_span.text(src), "alpha_m");
    assert!(eq.span.text(src).starts_with("alpha_m = 0.32*"));
    assert!(eq.span.text(src).ends_with("/ms : Hz"));
    let EquationKind::Differential(rhs) = &parsed.equations[0].kind else {
        panic!()
    };
    assert!(rhs.span.text(src).ends_with("+ I)/Cm"));
}

#[test]
fn equation_errors() {
    // Missing ':' and unit.
    let src = "dv/dt = -v/tau\nI : amp";
    let e = eq_err(src);
    assert!(
        e.message
            .contains("expected ':' and a unit, found end of line"),
        "{}",
        e.message
    );
    assert_eq!(e.span, Span::new(14, 15));
    let src = "I\n";
    let e = eq_err(src);
    assert!(e.message.contains("expected '=' or ':'"), "{}", e.message);
    assert_eq!(e.span.start, 1);
    let src = "x = a b : 1";
    assert_eq!(eq_err(src).span.text(src), "b");
    // Missing '=' and expression.
    let src = "dv/dt : volt";
    let e = eq_err(src);
    assert_eq!(e.expected, "'='");
    assert_eq!(e.span.text(src), ":");
    // Bad d.../dt.
    let src = "dv/dx = 1/ms : 1";
    let e = eq_err(src);
    assert_eq!(e.span.text(src), "dx");
    assert!(e.message.contains("'dt'"), "{}", e.message);
    let src = "x/dt = 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "x");
    let src = "d/dt = 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "d");
    let src = "d2v/dt = 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "2v");
    let src = "dv/ = 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "=");
    // Unbalanced parentheses point at the unclosed '('.
    let src = "I : amp\ndv/dt = (a + (b - c) : volt";
    let e = eq_err(src);
    assert!(e.message.contains("unclosed '('"), "{}", e.message);
    assert_eq!(e.span, Span::new(16, 17));
    let src = "dv/dt = (a + b\ndw/dt = 1 : 1\n";
    let e = eq_err(src);
    assert_eq!(e.span, Span::new(8, 9), "{}", e.message);
    let src = "dv/dt = a + b) : 1";
    let e = eq_err(src);
    assert!(e.message.contains("unmatched ')'"), "{}", e.message);
    assert_eq!(e.span.text(src), ")");
    let src = "x : volt (constant";
    let e = eq_err(src);
    assert_eq!(e.span, Span::new(9, 10));
    let src = "x : (volt : 1";
    assert_eq!(eq_err(src).span, Span::new(4, 5));
    // Empty right-hand side.
    let src = "x = : 1";
    let e = eq_err(src);
    assert!(e.message.contains("empty right-hand side"), "{}", e.message);
    assert_eq!(e.span.text(src), ":");
    let src = "dv/dt =\n";
    let e = eq_err(src);
    assert!(e.message.contains("empty right-hand side"), "{}", e.message);
    assert_eq!(e.span, Span::new(7, 8));
    // Missing unit.
    let src = "x : # no unit\n";
    let e = eq_err(src);
    assert_eq!(e.expected, "a unit after ':'");
    // Garbage after the unit or the flags.
    let src = "x : volt volt";
    let e = eq_err(src);
    assert_eq!(e.span, Span::new(9, 13));
    assert!(e.message.contains("flags in parentheses"), "{}", e.message);
    let src = "x : volt + 1";
    assert_eq!(eq_err(src).span.text(src), "+");
    let src = "x : volt (constant) extra";
    assert_eq!(eq_err(src).span.text(src), "extra");
    // Units have no calls: a '(' right after the unit starts the flags.
    assert_eq!(
        summary("x : volt/ms(constant)"),
        owned(&[("x", "param", "volt/ms", &["constant"])])
    );
}

#[test]
fn more_equation_errors() {
    let src = "x : volt ()";
    let e = eq_err(src);
    assert_eq!(e.expected, "a flag name");
    assert_eq!(e.span.text(src), ")");
    let src = "x : volt (constant,)";
    assert_eq!(eq_err(src).span.text(src), ")");
    let src = "x : volt (constant shared";
    assert_eq!(eq_err(src).span.text(src), "(");
    let src = "x : volt (constant; shared)";
    assert_eq!(eq_err(src).span.text(src), ";");
    let src = "3x : 1";
    assert!(eq_err(src).message.contains("expected an equation"));
    let src = "and : 1";
    assert_eq!(eq_err(src).span.text(src), "and");
    let src = "x : 1\nTrue : 1";
    assert_eq!(eq_err(src).span.text(src), "True");
    let src = "dnot/dt = 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "not");
    let src = "x : 1\n  + y : 1";
    assert_eq!(eq_err(src).span.text(src), "+");
    let src = "x == 1 : 1";
    assert_eq!(eq_err(src).span.text(src), "==");
    let src = "x = y.z : 1";
    let e = eq_err(src);
    assert!(e.message.contains("unexpected '.'"), "{}", e.message);
    assert_eq!(e.span.text(src), ".");
    let src = "x : volt + amp";
    assert_eq!(eq_err(src).span.text(src), "+");
    let src = "x = a < b < c : boolean";
    assert_eq!(eq_err(src).span, Span::new(10, 11));
}

// ---------------------------------------------------------------- statements

#[test]
fn statements() {
    let src = "v = v_reset; w += b\n# comment\n\n  g *= 0.5 ; h /= 2;\nk -= 1 # c\n";
    let st = match parse_statements(src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.render(src)),
    };
    let ops: Vec<_> = st.iter().map(|s| (s.target.as_str(), s.op)).collect();
    assert_eq!(
        ops,
        vec![
            ("v", AssignOp::Assign),
            ("w", AssignOp::Add),
            ("g", AssignOp::Mul),
            ("h", AssignOp::Div),
            ("k", AssignOp::Sub)
        ]
    );
    assert_eq!(st[0].span.text(src), "v = v_reset");
    assert_eq!(st[0].target_span.text(src), "v");
    assert_eq!(st[0].value.span.text(src), "v_reset");
    assert_eq!(st[1].span.text(src), "w += b");
    assert_eq!(st[4].span.text(src), "k -= 1");

    let stdp = "\nApre += dApre\nw = clip(w + Apost, 0, gmax)\n";
    let st = parse_statements(stdp).unwrap_or_default();
    assert_eq!(st.len(), 2);
    assert_eq!(sx(&st[1].value), "(call clip (+ w Apost) 0 gmax)");
    assert_eq!(st[1].value.span.text(stdp), "clip(w + Apost, 0, gmax)");

    assert_eq!(parse_statements(""), Ok(vec![]));
    assert_eq!(parse_statements(" \n;; # x\n"), Ok(vec![]));
    let st = parse_statements("v = (a +\n b)").unwrap_or_default();
    assert_eq!(sx(&st[0].value), "(+ a b)");
    let st = parse_statements("flag = v == 3").unwrap_or_default();
    assert_eq!(sx(&st[0].value), "(== v 3)");
}

#[test]
fn statement_errors() {
    let src = "v > 3";
    let e = st_err(src);
    assert!(
        e.message.contains("expected an assignment"),
        "{}",
        e.message
    );
    assert_eq!(e.span.text(src), "v > 3");
    let src = "v = 0\nv + 1; w = 2";
    assert_eq!(st_err(src).span.text(src), "v + 1");
    let src = "v >";
    let e = st_err(src);
    assert!(
        e.message.contains("expected an assignment"),
        "{}",
        e.message
    );
    assert_eq!(e.span.text(src), ">");
    let src = "3 = v";
    assert_eq!(st_err(src).span.text(src), "3");
    let src = "v //= 2";
    let e = st_err(src);
    assert!(e.message.contains("unsupported"), "{}", e.message);
    assert_eq!(e.span.text(src), "//=");
    let src = "v = ";
    let e = st_err(src);
    assert_eq!(e.expected, "an expression");
    assert_eq!(e.span, Span::new(4, 4));
    let src = "v = 1 2";
    assert_eq!(st_err(src).span.text(src), "2");
    let src = "v = (1 +\n";
    assert_eq!(st_err(src).expected, "an expression");
    let src = "v = (1 + 2\n";
    assert_eq!(st_err(src).span.text(src), "(");
    let src = "v.x = 1";
    assert_eq!(st_err(src).span.text(src), ".");
    let src = "v = a\n+ b";
    assert_eq!(st_err(src).span.text(src), "+ b");
}

// ---------------------------------------------------------------- printer

#[test]
fn printer() {
    let cases = [
        ("-(x**2)", "-x**2"),
        ("(-x)**2", "(-x)**2"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("(a**b)**c", "(a**b)**c"),
        ("a**(b**c)", "a**b**c"),
        ("2**(-1)", "2**-1"),
        ("not (a and b)", "not (a and b)"),
        ("(not a) == b", "(not a) == b"),
        ("(a < b) < c", "(a < b) < c"),
        ("f( a,b )", "f(a, b)"),
        ("3.", "3.0"),
        ("1e300", "1e300"),
        ("1e999", "1e999"),
        ("True or false", "True or False"),
        ("-(a*b)", "-(a * b)"),
        ("(-a)*b", "-a * b"),
        ("a / (b * c)", "a / (b * c)"),
    ];
    for (src, want) in cases {
        let e = p(src);
        let printed = print_expr(&e);
        assert_eq!(printed, want, "for {src:?}");
        assert!(
            p(&printed).eq_ignoring_spans(&e),
            "{src:?} does not round-trip"
        );
    }
    assert!(!p("a + b").eq_ignoring_spans(&p("a - b")));
    assert!(p("a +  b").eq_ignoring_spans(&p(" a+b")));
}

// ---------------------------------------------------------------- size

#[test]
fn large_equations_string() {
    let line = "dv/dt = (El - v + R*I)/tau + 0.5*exp(-v/(2*mV))/ms : volt (unless refractory)\nI : amp # input\n";
    let n = (10 << 20) / line.len() + 1;
    let src = line.repeat(n);
    assert!(src.len() >= 10 << 20);
    let parsed = eqs(&src);
    assert_eq!(parsed.equations.len(), 2 * n);
    let last = &parsed.equations[2 * n - 1];
    assert_eq!(last.span.text(&src), "I : amp");
}

// ---------------------------------------------------------------- property tests

const NAMES: [&str; 8] = ["v", "w", "tau", "x_1", "_y", "mV", "exp", "notx"];

fn arb_expr() -> impl Strategy<Value = Expr> {
    let sp = Span::default();
    let leaf = prop_oneof![
        (0i64..=i64::MAX).prop_map(ExprKind::Int),
        (0.0f64..1e300).prop_map(ExprKind::Float),
        prop::sample::select(vec![
            0.0,
            0.5,
            1e-300,
            1e22,
            123456.789,
            5e-324,
            f64::MAX,
            f64::INFINITY
        ])
        .prop_map(ExprKind::Float),
        any::<bool>().prop_map(ExprKind::Bool),
        prop::sample::select(NAMES.to_vec()).prop_map(|n| ExprKind::Name(n.to_string())),
    ]
    .prop_map(move |kind| Expr { kind, span: sp });
    leaf.prop_recursive(8, 64, 4, move |inner| {
        let b = |e: Expr| Box::new(e);
        prop_oneof![
            (
                prop::sample::select(vec![UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Not]),
                inner.clone()
            )
                .prop_map(move |(op, a)| Expr {
                    kind: ExprKind::Unary(op, b(a)),
                    span: sp
                }),
            (
                prop::sample::select(vec![
                    BinOp::Add,
                    BinOp::Sub,
                    BinOp::Mul,
                    BinOp::Div,
                    BinOp::FloorDiv,
                    BinOp::Mod,
                    BinOp::Pow
                ]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, l, r)| Expr {
                    kind: ExprKind::Binary(op, b(l), b(r)),
                    span: sp
                }),
            (
                prop::sample::select(vec![
                    CmpOp::Lt,
                    CmpOp::Le,
                    CmpOp::Gt,
                    CmpOp::Ge,
                    CmpOp::Eq,
                    CmpOp::Ne
                ]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, l, r)| Expr {
                    kind: ExprKind::Compare(op, b(l), b(r)),
                    span: sp
                }),
            (
                prop::sample::select(vec![BoolOp::And, BoolOp::Or]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(move |(op, l, r)| Expr {
                    kind: ExprKind::BoolOp(op, b(l), b(r)),
                    span: sp
                }),
            (
                prop::sample::select(NAMES.to_vec()),
                prop::collection::vec(inner, 0..4)
            )
                .prop_map(move |(name, args)| Expr {
                    kind: ExprKind::Call {
                        name: name.to_string(),
                        name_span: sp,
                        args
                    },
                    span: sp
                }),
        ]
    })
}

/// Fragments that make up plausible (and implausible) model code.
const FRAGMENTS: [&str; 40] = [
    "v",
    "dv",
    "/dt",
    "dt",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "=",
    "==",
    "+=",
    ":",
    "(",
    ")",
    ",",
    ";",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "<",
    ">=",
    "!=",
    "and",
    "or",
    "not",
    "1",
    "2.5",
    ".5e-3",
    "1e",
    "volt",
    "#c",
    "\\\n",
    "(constant)",
    "é",
    ".",
];

fn arb_source() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(FRAGMENTS.to_vec()), 0..40)
            .prop_map(|v| v.concat()),
    ]
}

fn check_all_spans(e: &Expr, src: &str) {
    for s in e.spans() {
        check_span(s, src);
    }
}

proptest! {
    #[test]
    fn printed_expressions_parse_back(e in arb_expr()) {
        let printed = print_expr(&e);
        let back = parse_expression(&printed);
        prop_assert!(back.is_ok(), "{printed:?}: {:?}", back);
        let back = back.unwrap_or_else(|_| e.clone());
        prop_assert!(back.eq_ignoring_spans(&e), "{printed:?} parsed as {back:?}");
        prop_assert_eq!(back.span.text(&printed), printed.as_str());
        prop_assert_eq!(print_expr(&back), printed);
    }

    #[test]
    fn random_sources_never_panic(src in arb_source()) {
        match parse_expression(&src) {
            Ok(e) => check_all_spans(&e, &src),
            Err(e) => check_span(e.span, &src),
        }
        match parse_equations(&src) {
            Ok(eqs) => {
                for eq in &eqs.equations {
                    check_span(eq.span, &src);
                    check_span(eq.name_span, &src);
                    check_all_spans(&eq.unit, &src);
                    if let EquationKind::Differential(e) | EquationKind::Subexpression(e) = &eq.kind {
                        check_all_spans(e, &src);
                    }
                    for f in &eq.flags {
                        check_span(f.span, &src);
                    }
                }
            }
            Err(e) => check_span(e.span, &src),
        }
        match parse_statements(&src) {
            Ok(st) => {
                for s in &st {
                    check_span(s.span, &src);
                    check_span(s.target_span, &src);
                    check_all_spans(&s.value, &src);
                }
            }
            Err(e) => check_span(e.span, &src),
        }
    }
}
