//! The script AST: statements and expressions of the Brian2-compatible Python subset.
//!
//! Plain owned values; every node carries a [`Span`] (byte range into the whole script).
//! This module owns only the shapes (and [`Script::erase_spans`] for comparisons that
//! ignore positions). It is not the parser (`parser.rs`), not the printer (`print.rs`)
//! and knows nothing about evaluation: names are not resolved, imports are not checked.

use crate::diag::Span;

/// A parsed script: the top-level statements in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// Top-level statements.
    pub body: Vec<Stmt>,
}

/// A statement with its span (from its first token to its last, headers and bodies
/// included for compound statements).
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What the statement is.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
}

/// The statements of the subset.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `import ...` or `from ... import ...`; the runner decides which modules it knows.
    Import(Import),
    /// `t1 = t2 = value` (one target for a plain assignment, several when chained).
    Assign {
        /// Targets, left to right.
        targets: Vec<Target>,
        /// The assigned value (a tuple for `a, b = 1, 2`).
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        /// A name, attribute or subscript (never a tuple).
        target: Target,
        /// The operator before `=`.
        op: BinOp,
        /// Right-hand side.
        value: Expr,
    },
    /// An expression evaluated for its effect, e.g. `run(100*ms)`.
    Expr(Expr),
    /// `for target in iter:` with a body.
    For {
        /// Loop variable(s).
        target: Target,
        /// The iterable (a tuple for `for x in a, b:`).
        iter: Expr,
        /// Loop body (never empty).
        body: Vec<Stmt>,
    },
    /// `if cond:` with optional `elif` clauses and `else`.
    If {
        /// Condition of the `if`.
        cond: Expr,
        /// Body of the `if` (never empty).
        body: Vec<Stmt>,
        /// `elif` clauses in order.
        elifs: Vec<Elif>,
        /// Body of `else`, if present (never empty when present).
        orelse: Option<Vec<Stmt>>,
    },
    /// `pass`.
    Pass,
}

/// One `elif cond: body` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Elif {
    /// Its condition.
    pub cond: Expr,
    /// Its body.
    pub body: Vec<Stmt>,
    /// From `elif` to the end of its body.
    pub span: Span,
}

/// The forms of import statements.
#[derive(Debug, Clone, PartialEq)]
pub enum Import {
    /// `import a.b as c, d`.
    Modules(Vec<Alias>),
    /// `from a.b import *`.
    FromStar {
        /// The module path.
        module: DottedName,
    },
    /// `from a.b import x as y, z` (parentheses around the names are accepted).
    FromNames {
        /// The module path.
        module: DottedName,
        /// Imported names with optional aliases.
        names: Vec<Alias>,
    },
}

/// A dotted name `a.b.c` (a module path, or a single name in `from m import x`).
#[derive(Debug, Clone, PartialEq)]
pub struct DottedName {
    /// The parts, at least one.
    pub parts: Vec<Ident>,
    /// From the first part to the last.
    pub span: Span,
}

/// `name as alias` in an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The imported module path or name.
    pub name: DottedName,
    /// The name after `as`.
    pub alias: Option<Ident>,
}

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The identifier text.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// An assignment target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What is assigned to.
    pub kind: TargetKind,
    /// Where it is (parentheses included for a parenthesised tuple).
    pub span: Span,
}

/// The kinds of assignment targets.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// `x = ...`.
    Name(String),
    /// `G.v = ...`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Ident,
    },
    /// `G.v[i] = ...`, `S.w[0, :] = ...`, `G.v['i > 5'] = ...`.
    Subscript {
        /// The indexed object.
        value: Box<Expr>,
        /// The index: an expression, a [`ExprKind::Slice`], or a tuple of them.
        index: Box<Expr>,
    },
    /// `a, b = ...`, `(a, b) = ...`, `[a, b] = ...`.
    Tuple(Vec<Target>),
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is (parentheses around it are not included, except for tuples written
    /// with them).
    pub span: Span,
}

/// The expressions of the subset.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal (`1_000`, `0x1f` too); always non-negative.
    Int(i64),
    /// A float literal (`1e-3`, `.5`, `3.`); always non-negative.
    Float(f64),
    /// One or more adjacent string literals.
    Str(StrLit),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// A name.
    Name(String),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute.
        attr: Ident,
    },
    /// `func(args, name=value)`.
    Call {
        /// The called expression.
        func: Box<Expr>,
        /// Positional arguments.
        args: Vec<Expr>,
        /// Keyword arguments, in order (all after the positional ones).
        keywords: Vec<Keyword>,
    },
    /// `value[index]`; `a[i, j]` has a tuple index.
    Subscript {
        /// The indexed object.
        value: Box<Expr>,
        /// The index: an expression, a slice, or a tuple of them.
        index: Box<Expr>,
    },
    /// `lower:upper:step` (only directly inside a subscript, or in its index tuple).
    Slice {
        /// Start, if given.
        lower: Option<Box<Expr>>,
        /// Stop, if given.
        upper: Option<Box<Expr>>,
        /// Step, if given (`a[::]` and `a[:]` are the same slice).
        step: Option<Box<Expr>>,
    },
    /// `(a, b)`, `a, b`, `()`, `(a,)`.
    Tuple(Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `{k: v, ...}`.
    Dict(Vec<(Expr, Expr)>),
    /// `-x`, `+x`, `not x`, `~x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// Arithmetic and bitwise binary operators.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `a and b`, `a or b` (left-associative: `a or b or c` is `(a or b) or c`).
    BoolOp {
        /// The operator.
        op: BoolOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// A comparison chain `left op1 c1 op2 c2 ...` (`a < b < c`).
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators with their right operands, at least one.
        ops: Vec<(CmpOp, Expr)>,
    },
    /// `body if cond else orelse`.
    IfExp {
        /// Value when `cond` is true.
        body: Box<Expr>,
        /// The condition.
        cond: Box<Expr>,
        /// Value otherwise.
        orelse: Box<Expr>,
    },
}

/// `name=value` in a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// The keyword.
    pub name: Ident,
    /// The value.
    pub value: Expr,
}

/// One or more adjacent string literals, concatenated and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct StrLit {
    /// The decoded text (escapes processed, adjacent literals joined).
    pub value: String,
    /// One entry per literal in the source, in order. Empty for strings that were
    /// not parsed from source (and after [`Script::erase_spans`]).
    pub parts: Vec<StrPart>,
}

/// Where one string literal's text lives in the script.
#[derive(Debug, Clone, PartialEq)]
pub struct StrPart {
    /// The contents between the quotes (prefix and quotes excluded).
    pub contents: Span,
    /// Start of this literal's decoded text in [`StrLit::value`].
    pub value_start: u32,
    /// End of this literal's decoded text in [`StrLit::value`].
    pub value_end: u32,
    /// The decoded text equals the source contents byte for byte (no escape sequence
    /// changed anything, no `\r\n`), so offsets map one to one.
    pub verbatim: bool,
}

impl StrLit {
    /// A string literal with no source position.
    pub fn new(value: impl Into<String>) -> StrLit {
        StrLit {
            value: value.into(),
            parts: Vec::new(),
        }
    }

    /// The script span of the decoded byte range `start..end` of [`StrLit::value`],
    /// if it lies inside one verbatim literal. This is how an error inside an
    /// equation string points into the script.
    pub fn source_span(&self, start: usize, end: usize) -> Option<Span> {
        if start > end {
            return None;
        }
        self.parts.iter().find_map(|part| {
            let (v0, v1) = (part.value_start as usize, part.value_end as usize);
            let inside = part.verbatim && v0 <= start && end <= v1;
            let base = (part.contents.start as usize).checked_sub(v0)?;
            inside.then(|| Span::new(base + start, base + end))
        })
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`.
    Neg,
    /// `+x`.
    Pos,
    /// `not x`.
    Not,
    /// `~x`.
    Invert,
}

/// Binary operators (also the operators of augmented assignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `//`.
    FloorDiv,
    /// `%`.
    Mod,
    /// `**`.
    Pow,
    /// `@`.
    MatMul,
    /// `|`.
    BitOr,
    /// `^`.
    BitXor,
    /// `&`.
    BitAnd,
    /// `<<`.
    LShift,
    /// `>>`.
    RShift,
}

impl BinOp {
    /// Every binary operator.
    pub const ALL: [BinOp; 13] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::MatMul,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::BitAnd,
        BinOp::LShift,
        BinOp::RShift,
    ];

    /// The operator's symbol, e.g. `"//"`.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::MatMul => "@",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
        }
    }
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`.
    Eq,
    /// `!=`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtE,
    /// `>`.
    Gt,
    /// `>=`.
    GtE,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `is`.
    Is,
    /// `is not`.
    IsNot,
}

impl CmpOp {
    /// Every comparison operator.
    pub const ALL: [CmpOp; 10] = [
        CmpOp::Eq,
        CmpOp::NotEq,
        CmpOp::Lt,
        CmpOp::LtE,
        CmpOp::Gt,
        CmpOp::GtE,
        CmpOp::In,
        CmpOp::NotIn,
        CmpOp::Is,
        CmpOp::IsNot,
    ];

    /// The operator as written, e.g. `"not in"`.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

impl Script {
    /// Set every span to the default and drop string source parts, so that two
    /// scripts can be compared by structure only (`parse(print(ast)) == ast`).
    pub fn erase_spans(&mut self) {
        erase_body(&mut self.body);
    }
}

fn erase_body(body: &mut [Stmt]) {
    for stmt in body {
        stmt.erase_spans();
    }
}

impl Stmt {
    /// See [`Script::erase_spans`].
    pub fn erase_spans(&mut self) {
        self.span = Span::default();
        match &mut self.kind {
            StmtKind::Import(import) => match import {
                Import::Modules(aliases) => aliases.iter_mut().for_each(Alias::erase_spans),
                Import::FromStar { module } => module.erase_spans(),
                Import::FromNames { module, names } => {
                    module.erase_spans();
                    names.iter_mut().for_each(Alias::erase_spans);
                }
            },
            StmtKind::Assign { targets, value } => {
                targets.iter_mut().for_each(Target::erase_spans);
                value.erase_spans();
            }
            StmtKind::AugAssign { target, value, .. } => {
                target.erase_spans();
                value.erase_spans();
            }
            StmtKind::Expr(expr) => expr.erase_spans(),
            StmtKind::For { target, iter, body } => {
                target.erase_spans();
                iter.erase_spans();
                erase_body(body);
            }
            StmtKind::If {
                cond,
                body,
                elifs,
                orelse,
            } => {
                cond.erase_spans();
                erase_body(body);
                for elif in elifs {
                    elif.span = Span::default();
                    elif.cond.erase_spans();
                    erase_body(&mut elif.body);
                }
                if let Some(orelse) = orelse {
                    erase_body(orelse);
                }
            }
            StmtKind::Pass => {}
        }
    }
}

impl Alias {
    fn erase_spans(&mut self) {
        self.name.erase_spans();
        if let Some(alias) = &mut self.alias {
            alias.span = Span::default();
        }
    }
}

impl DottedName {
    fn erase_spans(&mut self) {
        self.span = Span::default();
        for part in &mut self.parts {
            part.span = Span::default();
        }
    }
}

impl Target {
    /// See [`Script::erase_spans`].
    pub fn erase_spans(&mut self) {
        self.span = Span::default();
        match &mut self.kind {
            TargetKind::Name(_) => {}
            TargetKind::Attribute { value, attr } => {
                value.erase_spans();
                attr.span = Span::default();
            }
            TargetKind::Subscript { value, index } => {
                value.erase_spans();
                index.erase_spans();
            }
            TargetKind::Tuple(items) => items.iter_mut().for_each(Target::erase_spans),
        }
    }
}

impl Expr {
    /// See [`Script::erase_spans`].
    pub fn erase_spans(&mut self) {
        // An explicit stack: erasing must not overflow on deep trees either.
        let mut stack: Vec<&mut Expr> = vec![self];
        while let Some(expr) = stack.pop() {
            expr.span = Span::default();
            match &mut expr.kind {
                ExprKind::Int(_)
                | ExprKind::Float(_)
                | ExprKind::Bool(_)
                | ExprKind::None
                | ExprKind::Name(_) => {}
                ExprKind::Str(lit) => lit.parts.clear(),
                ExprKind::Attribute { value, attr } => {
                    attr.span = Span::default();
                    stack.push(value);
                }
                ExprKind::Call {
                    func,
                    args,
                    keywords,
                } => {
                    stack.push(func);
                    stack.extend(args.iter_mut());
                    for keyword in keywords {
                        keyword.name.span = Span::default();
                        stack.push(&mut keyword.value);
                    }
                }
                ExprKind::Subscript { value, index } => {
                    stack.push(value);
                    stack.push(index);
                }
                ExprKind::Slice { lower, upper, step } => {
                    for part in [lower, upper, step].into_iter().flatten() {
                        stack.push(part);
                    }
                }
                ExprKind::Tuple(items) | ExprKind::List(items) => stack.extend(items.iter_mut()),
                ExprKind::Dict(entries) => {
                    for (key, value) in entries {
                        stack.push(key);
                        stack.push(value);
                    }
                }
                ExprKind::Unary { operand, .. } => stack.push(operand),
                ExprKind::Binary { left, right, .. } | ExprKind::BoolOp { left, right, .. } => {
                    stack.push(left);
                    stack.push(right);
                }
                ExprKind::Compare { left, ops } => {
                    stack.push(left);
                    stack.extend(ops.iter_mut().map(|(_, operand)| operand));
                }
                ExprKind::IfExp { body, cond, orelse } => {
                    stack.push(body);
                    stack.push(cond);
                    stack.push(orelse);
                }
            }
        }
    }
}
