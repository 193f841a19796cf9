//! Spanned syntax trees for Brian2 expressions, equations and event code.
//!
//! These are plain owned values produced by the parsers in this module's siblings.
//! They are unresolved: names are strings, units are unevaluated expressions. Nothing
//! here knows about dimensions, groups or the runtime.

use crate::diag::Span;

/// An expression with its byte span in the source it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

impl Expr {
    /// Whether `self` and `other` are the same tree, ignoring all spans (including the
    /// name spans of calls). Floats compare by value, with NaN equal to NaN.
    pub fn eq_ignoring_spans(&self, other: &Expr) -> bool {
        use ExprKind as K;
        match (&self.kind, &other.kind) {
            (K::Int(a), K::Int(b)) => a == b,
            (K::Float(a), K::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (K::Bool(a), K::Bool(b)) => a == b,
            (K::Name(a), K::Name(b)) => a == b,
            (K::Unary(o1, a), K::Unary(o2, b)) => o1 == o2 && a.eq_ignoring_spans(b),
            (K::Binary(o1, a1, b1), K::Binary(o2, a2, b2)) => {
                o1 == o2 && a1.eq_ignoring_spans(a2) && b1.eq_ignoring_spans(b2)
            }
            (K::Compare(o1, a1, b1), K::Compare(o2, a2, b2)) => {
                o1 == o2 && a1.eq_ignoring_spans(a2) && b1.eq_ignoring_spans(b2)
            }
            (K::BoolOp(o1, a1, b1), K::BoolOp(o2, a2, b2)) => {
                o1 == o2 && a1.eq_ignoring_spans(a2) && b1.eq_ignoring_spans(b2)
            }
            (
                K::Call {
                    name: n1, args: a1, ..
                },
                K::Call {
                    name: n2, args: a2, ..
                },
            ) => {
                n1 == n2
                    && a1.len() == a2.len()
                    && a1.iter().zip(a2).all(|(x, y)| x.eq_ignoring_spans(y))
            }
            _ => false,
        }
    }

    /// Every span in this tree (the node's, its children's and call name spans), in
    /// pre-order.
    pub fn spans(&self) -> Vec<Span> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push(e.span);
            match &e.kind {
                ExprKind::Unary(_, a) => stack.push(a),
                ExprKind::Binary(_, a, b)
                | ExprKind::Compare(_, a, b)
                | ExprKind::BoolOp(_, a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                ExprKind::Call {
                    name_span, args, ..
                } => {
                    out.push(*name_span);
                    stack.extend(args.iter().rev());
                }
                _ => {}
            }
        }
        out
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `not x`
    Not,
}

/// Arithmetic binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// Boolean connectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal (`3`).
    Int(i64),
    /// A floating-point literal (`3.`, `0.5`, `1e-3`).
    Float(f64),
    /// `True` / `False` (also `true` / `false`).
    Bool(bool),
    /// A name (`v`, `tau`, `mV`, `v_post`).
    Name(String),
    /// A unary operation.
    Unary(UnaryOp, Box<Expr>),
    /// An arithmetic operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A comparison (`a < b`). Chained comparisons are a syntax error.
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `a and b`, `a or b`.
    BoolOp(BoolOp, Box<Expr>, Box<Expr>),
    /// A function call `f(a, b)`; the span of the name is `name_span`.
    Call {
        /// Function name.
        name: String,
        /// Span of the function name.
        name_span: Span,
        /// Positional arguments.
        args: Vec<Expr>,
    },
}

/// The three forms of a line of Brian2 equations.
#[derive(Debug, Clone, PartialEq)]
pub enum EquationKind {
    /// `dx/dt = expr : unit`
    Differential(Expr),
    /// `x = expr : unit`
    Subexpression(Expr),
    /// `x : unit`
    Parameter,
}

/// A flag in parentheses after the unit: `(constant)`, `(unless refractory)`, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// The flag's words joined by single spaces (`"unless refractory"`, `"constant over dt"`).
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// One equation.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// Which form, with its right-hand side.
    pub kind: EquationKind,
    /// The variable defined.
    pub name: String,
    /// Span of the variable name (the `v` in `dv/dt`).
    pub name_span: Span,
    /// The unit after the colon, as an expression (`volt`, `1`, `volt/second`,
    /// `siemens/meter**2`, `boolean`, `integer`).
    pub unit: Expr,
    /// The flags, in source order.
    pub flags: Vec<Flag>,
    /// Span of the whole equation.
    pub span: Span,
}

/// A parsed equations string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Equations {
    /// The equations in source order.
    pub equations: Vec<Equation>,
}

/// Assignment operators of event code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
}

/// One statement of event code (`v = v_reset`, `w += 1*mV`).
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The variable assigned.
    pub target: String,
    /// Span of the target name.
    pub target_span: Span,
    /// The operator.
    pub op: AssignOp,
    /// The right-hand side.
    pub value: Expr,
    /// Span of the whole statement.
    pub span: Span,
}
