//! Name resolution and dimension checking of one expression: turns a syntax tree into
//! a checked [`Expr`] together with its dimension and dtype.
//!
//! The unit rules are Brian2's: `+`, `-`, comparisons and `clip` need equal
//! dimensions; `exp`, `log`, trigonometric functions and `exprel` need dimensionless
//! arguments; `sqrt` halves exponents; `abs`, `floor`, `ceil` keep them; `x**y` needs a
//! dimensionless constant `y` unless `x` is dimensionless.

use super::error::{ErrorKind, ModelError, close_matches};
use super::namespace::{Namespace, resolve_external, resolve_timed_array};
use super::timed_array::TimedArray;
use super::typed::{BinOp, Draw, Dtype, Expr, Func, Special, UnOp, VarId};
use crate::diag::Span;
use crate::syntax::ast;
use crate::units::{Dimension, Rational};

/// What a name inside model code can mean, besides external constants.
#[derive(Debug, Clone, PartialEq)]
pub struct VarInfo {
    /// The name as written in code.
    pub name: String,
    /// What reading it gives.
    pub target: VarTarget,
    /// Its dimension.
    pub dim: Dimension,
    /// Its dtype.
    pub dtype: Dtype,
}

/// The value behind a name in a [`Scope`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VarTarget {
    /// A group variable.
    Var(VarId),
    /// `t`, `dt`, `i`, `N`.
    Special(Special),
    /// A stochastic variable of differential equations (`xi`, `xi_*`).
    Noise(u32),
}

/// Everything a piece of model code can refer to.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Group variables and specials, looked up first.
    pub vars: &'a [VarInfo],
    /// External namespaces, in lookup order (the group's own, then the run's).
    pub namespaces: &'a [&'a Namespace],
}

/// A checked expression with its dimension and dtype.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The unit-free expression.
    pub expr: Expr,
    /// Its dimension.
    pub dim: Dimension,
    /// Its dtype.
    pub dtype: Dtype,
}

impl Typed {
    fn constant(&self) -> Option<f64> {
        match self.expr {
            Expr::Const(c) => Some(c),
            _ => None,
        }
    }
}

/// Checks expressions of one piece of model code (for error messages: its context
/// name and source text).
pub struct Checker<'a> {
    /// What can be referred to.
    pub scope: Scope<'a>,
    /// E.g. `"threshold"`.
    pub context: &'a str,
    /// The text the spans point into.
    pub source: &'a str,
}

impl Checker<'_> {
    fn err(&self, kind: ErrorKind, message: impl Into<String>, span: Span) -> ModelError {
        ModelError::new(kind, message, self.context, self.source, span)
    }

    /// Resolve and check `e`.
    pub fn check(&self, e: &ast::Expr) -> Result<Typed, ModelError> {
        use ast::ExprKind as K;
        match &e.kind {
            K::Int(v) => Ok(Typed {
                expr: Expr::Const(*v as f64),
                dim: Dimension::DIMENSIONLESS,
                dtype: Dtype::Int,
            }),
            K::Float(v) => Ok(Typed {
                expr: Expr::Const(*v),
                dim: Dimension::DIMENSIONLESS,
                dtype: Dtype::Float,
            }),
            K::Bool(b) => Ok(Typed {
                expr: Expr::Const(if *b { 1.0 } else { 0.0 }),
                dim: Dimension::DIMENSIONLESS,
                dtype: Dtype::Bool,
            }),
            K::Name(name) => self.resolve(name, e.span),
            K::Unary(op, a) => {
                let a = self.check(a)?;
                match op {
                    ast::UnaryOp::Pos => Ok(a),
                    ast::UnaryOp::Neg => Ok(fold(Typed {
                        expr: Expr::Unary(UnOp::Neg, Box::new(a.expr)),
                        dim: a.dim,
                        dtype: if a.dtype == Dtype::Bool {
                            Dtype::Int
                        } else {
                            a.dtype
                        },
                    })),
                    ast::UnaryOp::Not => {
                        self.need_dimensionless(&a, e.span, "the operand of 'not'")?;
                        Ok(Typed {
                            expr: Expr::Unary(UnOp::Not, Box::new(a.expr)),
                            dim: a.dim,
                            dtype: Dtype::Bool,
                        })
                    }
                }
            }
            K::Binary(op, a, b) => self.binary(*op, a, b, e.span),
            K::Compare(op, a, b) => {
                let ta = self.check(a)?;
                let tb = self.check(b)?;
                self.same_dims(&ta, &tb, e.span, "compare")?;
                let op = match op {
                    ast::CmpOp::Lt => BinOp::Lt,
                    ast::CmpOp::Le => BinOp::Le,
                    ast::CmpOp::Gt => BinOp::Gt,
                    ast::CmpOp::Ge => BinOp::Ge,
                    ast::CmpOp::Eq => BinOp::Eq,
                    ast::CmpOp::Ne => BinOp::Ne,
                };
                Ok(Typed {
                    expr: Expr::Binary(op, Box::new(ta.expr), Box::new(tb.expr)),
                    dim: Dimension::DIMENSIONLESS,
                    dtype: Dtype::Bool,
                })
            }
            K::BoolOp(op, a, b) => {
                let ta = self.check(a)?;
                let tb = self.check(b)?;
                self.need_dimensionless(&ta, a.span, "an operand of a boolean operator")?;
                self.need_dimensionless(&tb, b.span, "an operand of a boolean operator")?;
                let op = match op {
                    ast::BoolOp::And => BinOp::And,
                    ast::BoolOp::Or => BinOp::Or,
                };
                Ok(Typed {
                    expr: Expr::Binary(op, Box::new(ta.expr), Box::new(tb.expr)),
                    dim: Dimension::DIMENSIONLESS,
                    dtype: Dtype::Bool,
                })
            }
            K::Call {
                name,
                name_span,
                args,
            } => self.call(name, *name_span, args, e.span),
        }
    }

    fn resolve(&self, name: &str, span: Span) -> Result<Typed, ModelError> {
        if let Some(v) = self.scope.vars.iter().find(|v| v.name == name) {
            let expr = match v.target {
                VarTarget::Var(id) => Expr::Var(id),
                VarTarget::Special(s) => Expr::Special(s),
                VarTarget::Noise(k) => Expr::Noise(k),
            };
            return Ok(Typed {
                expr,
                dim: v.dim,
                dtype: v.dtype,
            });
        }
        if let Some(q) = resolve_external(name, self.scope.namespaces) {
            let dtype =
                if q.value.fract() == 0.0 && q.dim.is_dimensionless() && q.value.abs() < 1e15 {
                    Dtype::Int
                } else {
                    Dtype::Float
                };
            return Ok(Typed {
                expr: Expr::Const(q.value),
                dim: q.dim,
                dtype,
            });
        }
        if Func::from_name(name).is_some()
            || resolve_timed_array(name, self.scope.namespaces).is_some()
        {
            return Err(self.err(
                ErrorKind::Type,
                format!("'{name}' is a function and must be called"),
                span,
            ));
        }
        let candidates: Vec<&str> = self
            .scope
            .vars
            .iter()
            .map(|v| v.name.as_str())
            .chain(self.scope.namespaces.iter().flat_map(|ns| ns.names()))
            .collect();
        let close = close_matches(name, candidates.into_iter());
        let mut err = self.err(
            ErrorKind::UndefinedIdentifier,
            format!("The identifier \"{name}\" could not be resolved."),
            span,
        );
        if !close.is_empty() {
            err = err.with_help(format!(
                "did you mean {}?",
                close
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Err(err)
    }

    fn need_dimensionless(&self, t: &Typed, span: Span, what: &str) -> Result<(), ModelError> {
        if t.dim.is_dimensionless() {
            Ok(())
        } else {
            Err(self.err(
                ErrorKind::DimensionMismatch,
                format!("{what} must be dimensionless, but has unit {}", t.dim),
                span,
            ))
        }
    }

    fn same_dims(&self, a: &Typed, b: &Typed, span: Span, verb: &str) -> Result<(), ModelError> {
        if a.dim == b.dim {
            Ok(())
        } else {
            Err(self.err(
                ErrorKind::DimensionMismatch,
                format!("inconsistent units: cannot {verb} a quantity with unit {} and one with unit {}", a.dim, b.dim),
                span,
            ))
        }
    }

    fn binary(
        &self,
        op: ast::BinOp,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
    ) -> Result<Typed, ModelError> {
        let ta = self.check(a)?;
        let tb = self.check(b)?;
        let int_result = |x: &Typed, y: &Typed| {
            if x.dtype != Dtype::Float && y.dtype != Dtype::Float {
                Dtype::Int
            } else {
                Dtype::Float
            }
        };
        let (op, dim, dtype) = match op {
            ast::BinOp::Add | ast::BinOp::Sub => {
                self.same_dims(
                    &ta,
                    &tb,
                    span,
                    if op == ast::BinOp::Add {
                        "add"
                    } else {
                        "subtract"
                    },
                )?;
                let o = if op == ast::BinOp::Add {
                    BinOp::Add
                } else {
                    BinOp::Sub
                };
                (o, ta.dim, int_result(&ta, &tb))
            }
            ast::BinOp::Mul => (BinOp::Mul, ta.dim.mul(tb.dim), int_result(&ta, &tb)),
            ast::BinOp::Div => (BinOp::Div, ta.dim.div(tb.dim), Dtype::Float),
            ast::BinOp::FloorDiv => (BinOp::FloorDiv, ta.dim.div(tb.dim), int_result(&ta, &tb)),
            ast::BinOp::Mod => {
                self.same_dims(&ta, &tb, span, "take the modulo of")?;
                (BinOp::Mod, ta.dim, int_result(&ta, &tb))
            }
            ast::BinOp::Pow => {
                self.need_dimensionless(&tb, b.span, "an exponent")?;
                let dim = if ta.dim.is_dimensionless() {
                    ta.dim
                } else {
                    let Some(p) = tb.constant() else {
                        return Err(self.err(
                            ErrorKind::DimensionMismatch,
                            format!(
                                "the exponent of a quantity with unit {} must be a constant number",
                                ta.dim
                            ),
                            b.span,
                        ));
                    };
                    let Some(r) = Rational::from_f64(p) else {
                        return Err(self.err(
                            ErrorKind::DimensionMismatch,
                            format!(
                                "cannot raise a quantity with unit {} to the power {p}",
                                ta.dim
                            ),
                            b.span,
                        ));
                    };
                    ta.dim.pow(r)
                };
                (BinOp::Pow, dim, int_result(&ta, &tb))
            }
        };
        Ok(fold(Typed {
            expr: Expr::Binary(op, Box::new(ta.expr), Box::new(tb.expr)),
            dim,
            dtype,
        }))
    }

    fn call(
        &self,
        name: &str,
        name_span: Span,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<Typed, ModelError> {
        if let Some(draw) = random_function(name) {
            if !args.is_empty() {
                return Err(self.err(
                    ErrorKind::Type,
                    format!("function '{name}' takes no arguments, {} given", args.len()),
                    span,
                ));
            }
            return Ok(Typed {
                expr: Expr::Random(draw),
                dim: Dimension::DIMENSIONLESS,
                dtype: Dtype::Float,
            });
        }
        if let Some(ta) = resolve_timed_array(name, self.scope.namespaces) {
            return self.timed_array_call(name, ta, args, span);
        }
        let Some(func) = Func::from_name(name) else {
            let close = close_matches(name, Func::ALL.iter().map(|f| f.name()));
            let mut err = self.err(
                ErrorKind::UndefinedIdentifier,
                format!("The identifier \"{name}\" could not be resolved."),
                name_span,
            );
            if !close.is_empty() {
                err = err.with_help(format!("did you mean {}?", close.join(", ")));
            }
            return Err(err);
        };
        if args.len() != func.arity() {
            return Err(self.err(
                ErrorKind::Type,
                format!(
                    "function '{name}' takes {} argument(s), {} given",
                    func.arity(),
                    args.len()
                ),
                span,
            ));
        }
        let typed: Vec<Typed> = args
            .iter()
            .map(|a| self.check(a))
            .collect::<Result<_, _>>()?;
        let (dim, dtype) = match func {
            Func::Sqrt => (typed[0].dim.sqrt(), Dtype::Float),
            Func::Abs => (
                typed[0].dim,
                if typed[0].dtype == Dtype::Float {
                    Dtype::Float
                } else {
                    Dtype::Int
                },
            ),
            Func::Floor | Func::Ceil => (typed[0].dim, Dtype::Float),
            Func::Sign => (Dimension::DIMENSIONLESS, Dtype::Int),
            Func::Int => {
                self.need_dimensionless(&typed[0], args[0].span, "the argument of int()")?;
                (Dimension::DIMENSIONLESS, Dtype::Int)
            }
            Func::Clip => {
                self.same_dims(&typed[0], &typed[1], span, "clip")?;
                self.same_dims(&typed[0], &typed[2], span, "clip")?;
                (typed[0].dim, Dtype::Float)
            }
            Func::Timestep => {
                self.same_dims(&typed[0], &typed[1], span, "compute timestep of")?;
                (Dimension::DIMENSIONLESS, Dtype::Int)
            }
            _ => {
                self.need_dimensionless(
                    &typed[0],
                    args[0].span,
                    &format!("the argument of {name}()"),
                )?;
                (Dimension::DIMENSIONLESS, Dtype::Float)
            }
        };
        Ok(Typed {
            expr: Expr::Call(func, typed.into_iter().map(|t| t.expr).collect()),
            dim,
            dtype,
        })
    }
}

impl Checker<'_> {
    /// `name(t)` or `name(t, i)` of a `TimedArray`: the time must have unit second, the
    /// index must be dimensionless; the value has the array's unit.
    fn timed_array_call(
        &self,
        name: &str,
        ta: &std::sync::Arc<TimedArray>,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<Typed, ModelError> {
        if args.len() != ta.arity() {
            let wanted = if ta.arity() == 1 { "(t)" } else { "(t, i)" };
            return Err(self.err(
                ErrorKind::Type,
                format!(
                    "TimedArray '{name}' takes {} argument(s) {wanted}, {} given",
                    ta.arity(),
                    args.len()
                ),
                span,
            ));
        }
        let typed: Vec<Typed> = args
            .iter()
            .map(|a| self.check(a))
            .collect::<Result<_, _>>()?;
        if typed[0].dim != Dimension::TIME {
            return Err(self.err(
                ErrorKind::DimensionMismatch,
                format!(
                    "the first argument of TimedArray '{name}' must be a time (unit s), but has unit {}",
                    typed[0].dim
                ),
                args[0].span,
            ));
        }
        if let Some(index) = typed.get(1) {
            self.need_dimensionless(
                index,
                args[1].span,
                &format!("the index argument of TimedArray '{name}'"),
            )?;
        }
        Ok(Typed {
            expr: Expr::TimedArray(
                std::sync::Arc::clone(ta),
                typed.into_iter().map(|t| t.expr).collect(),
            ),
            dim: ta.dim(),
            dtype: Dtype::Float,
        })
    }
}

/// The random number functions of model code: `rand()` and `randn()`.
pub fn random_function(name: &str) -> Option<Draw> {
    match name {
        "rand" => Some(Draw::Uniform),
        "randn" => Some(Draw::Normal),
        _ => None,
    }
}

/// Fold `+ - * /` and negation of constants (the same IEEE operations the kernels
/// would do, so folding never changes a result).
fn fold(t: Typed) -> Typed {
    let value = match &t.expr {
        Expr::Unary(UnOp::Neg, a) => match **a {
            Expr::Const(x) => Some(-x),
            _ => None,
        },
        Expr::Binary(op, a, b) => match (&**a, &**b) {
            (Expr::Const(x), Expr::Const(y)) => match op {
                BinOp::Add => Some(x + y),
                BinOp::Sub => Some(x - y),
                BinOp::Mul => Some(x * y),
                BinOp::Div => Some(x / y),
                BinOp::Pow => Some(x.powf(*y)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match value {
        Some(v) => Typed {
            expr: Expr::Const(v),
            ..t
        },
        None => t,
    }
}
