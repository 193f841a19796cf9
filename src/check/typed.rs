//! Checked expressions: the unit-free, resolved form of expressions that `check`
//! hands to `codegen`.
//!
//! Every name has been resolved (to a group variable, a special such as `t`, or a
//! constant folded to its SI value) and every dimension has been verified, so no
//! `Dimension` appears here: values are `f64` in SI base units. Booleans are `0.0` /
//! `1.0` at run time; [`Dtype`] keeps track of which expressions are boolean.

use std::fmt;
use std::sync::Arc;

use super::timed_array::TimedArray;

/// Index of a variable in a group's variable table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// Values every code object can read besides group variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Special {
    /// The current time `t` of the code object's clock, in seconds.
    T,
    /// The time step `dt` of the code object's clock, in seconds.
    Dt,
    /// The index `i` of the neuron (in synaptic code: of the presynaptic neuron).
    I,
    /// The number of neurons `N` (in synaptic code: of synapses).
    N,
    /// In synaptic code: the index `j` of the postsynaptic neuron.
    J,
    /// In synaptic code: the size `N_pre` of the source group.
    NPre,
    /// In synaptic code: the size `N_post` of the target group.
    NPost,
}

/// The kind of value an expression produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dtype {
    /// A floating-point number.
    Float,
    /// An integer (still stored as `f64`).
    Int,
    /// A boolean (`0.0` / `1.0`).
    Bool,
}

/// Unary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `not x`
    Not,
}

/// Binary operations (arithmetic, comparison and logic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// `and`
    And,
    /// `or`
    Or,
}

/// Functions callable from model code (Brian2's default functions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    /// `exp`
    Exp,
    /// `log`
    Log,
    /// `log10`
    Log10,
    /// `sqrt`
    Sqrt,
    /// `sin`
    Sin,
    /// `cos`
    Cos,
    /// `tan`
    Tan,
    /// `arcsin`
    Arcsin,
    /// `arccos`
    Arccos,
    /// `arctan`
    Arctan,
    /// `sinh`
    Sinh,
    /// `cosh`
    Cosh,
    /// `tanh`
    Tanh,
    /// `abs`
    Abs,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// `int`
    Int,
    /// `sign`
    Sign,
    /// `exprel`
    Exprel,
    /// `clip`
    Clip,
    /// `timestep(t, dt)`: `int((t + 1e-3*dt)/dt)`
    Timestep,
}

impl Func {
    /// Look a function up by the name used in model code.
    pub fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "exp" => Func::Exp,
            "log" => Func::Log,
            "log10" => Func::Log10,
            "sqrt" => Func::Sqrt,
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "arcsin" => Func::Arcsin,
            "arccos" => Func::Arccos,
            "arctan" => Func::Arctan,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            "tanh" => Func::Tanh,
            "abs" => Func::Abs,
            "floor" => Func::Floor,
            "ceil" => Func::Ceil,
            "int" => Func::Int,
            "sign" => Func::Sign,
            "exprel" => Func::Exprel,
            "clip" => Func::Clip,
            "timestep" => Func::Timestep,
            _ => return None,
        })
    }

    /// The name used in model code.
    pub fn name(self) -> &'static str {
        match self {
            Func::Exp => "exp",
            Func::Log => "log",
            Func::Log10 => "log10",
            Func::Sqrt => "sqrt",
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Arcsin => "arcsin",
            Func::Arccos => "arccos",
            Func::Arctan => "arctan",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
            Func::Tanh => "tanh",
            Func::Abs => "abs",
            Func::Floor => "floor",
            Func::Ceil => "ceil",
            Func::Int => "int",
            Func::Sign => "sign",
            Func::Exprel => "exprel",
            Func::Clip => "clip",
            Func::Timestep => "timestep",
        }
    }

    /// Number of arguments.
    pub fn arity(self) -> usize {
        match self {
            Func::Clip => 3,
            Func::Timestep => 2,
            _ => 1,
        }
    }

    /// All functions, for completion and "did you mean" suggestions.
    pub const ALL: [Func; 21] = [
        Func::Exp,
        Func::Log,
        Func::Log10,
        Func::Sqrt,
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Arcsin,
        Func::Arccos,
        Func::Arctan,
        Func::Sinh,
        Func::Cosh,
        Func::Tanh,
        Func::Abs,
        Func::Floor,
        Func::Ceil,
        Func::Int,
        Func::Sign,
        Func::Exprel,
        Func::Clip,
        Func::Timestep,
    ];
}

/// A random number, drawn afresh for every neuron each time its code runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Draw {
    /// `rand()`: uniform on `[0, 1)`.
    Uniform,
    /// `randn()`: standard normal.
    Normal,
    /// The number of successes of `n` trials with probability `p` (the input count of
    /// a `PoissonInput` in one step), sampled as Brian2 samples it.
    Binomial {
        /// Number of trials.
        n: u64,
        /// Probability of each.
        p: f64,
    },
}

/// A resolved, dimension-checked expression with SI values.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number (literal, external constant or unit, folded to SI).
    Const(f64),
    /// A group variable.
    Var(VarId),
    /// `t`, `dt`, `i` or `N`.
    Special(Special),
    /// A temporary of the code being generated (integrator stages).
    Local(u32),
    /// An auxiliary per-neuron column owned by a code object (e.g. the propagator
    /// entries of exact integration with per-neuron coefficients).
    Aux(u32),
    /// A random number (`rand()`, `randn()`): every occurrence is its own draw.
    Random(Draw),
    /// Stochastic variable `k` of a group's differential equations (`xi`, `xi_*`,
    /// unit `second**-0.5`, in the order of `GroupModel::noise`); only state updaters
    /// see it, and they replace it by a scaled normal draw.
    Noise(u32),
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// A binary operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A function call.
    Call(Func, Vec<Expr>),
    /// A call of a `TimedArray`: `(t)` or `(t, i)`, the time in seconds.
    TimedArray(Arc<TimedArray>, Vec<Expr>),
}

#[allow(clippy::should_implement_trait)] // builder helpers named after the operators they build
impl Expr {
    /// `a + b`
    pub fn add(a: Expr, b: Expr) -> Expr {
        Expr::Binary(BinOp::Add, Box::new(a), Box::new(b))
    }
    /// `a - b`
    pub fn sub(a: Expr, b: Expr) -> Expr {
        Expr::Binary(BinOp::Sub, Box::new(a), Box::new(b))
    }
    /// `a * b`
    pub fn mul(a: Expr, b: Expr) -> Expr {
        Expr::Binary(BinOp::Mul, Box::new(a), Box::new(b))
    }
    /// `a / b`
    pub fn div(a: Expr, b: Expr) -> Expr {
        Expr::Binary(BinOp::Div, Box::new(a), Box::new(b))
    }
    /// `-a`
    pub fn neg(a: Expr) -> Expr {
        Expr::Unary(UnOp::Neg, Box::new(a))
    }
    /// `f(a)`
    pub fn call1(f: Func, a: Expr) -> Expr {
        Expr::Call(f, vec![a])
    }

    /// Replace every node for which `f` returns `Some` (checked top-down).
    pub fn replace(&self, f: &dyn Fn(&Expr) -> Option<Expr>) -> Expr {
        if let Some(e) = f(self) {
            return e;
        }
        match self {
            Expr::Unary(op, a) => Expr::Unary(*op, Box::new(a.replace(f))),
            Expr::Binary(op, a, b) => {
                Expr::Binary(*op, Box::new(a.replace(f)), Box::new(b.replace(f)))
            }
            Expr::Call(func, args) => {
                Expr::Call(*func, args.iter().map(|a| a.replace(f)).collect())
            }
            Expr::TimedArray(ta, args) => {
                Expr::TimedArray(Arc::clone(ta), args.iter().map(|a| a.replace(f)).collect())
            }
            other => other.clone(),
        }
    }

    /// Whether any node satisfies `pred`.
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        if pred(self) {
            return true;
        }
        match self {
            Expr::Unary(_, a) => a.any(pred),
            Expr::Binary(_, a, b) => a.any(pred) || b.any(pred),
            Expr::Call(_, args) | Expr::TimedArray(_, args) => args.iter().any(|a| a.any(pred)),
            _ => false,
        }
    }

    /// The expression evaluated on the subgroup `start..stop` of its group: `i` counts
    /// from the subgroup's first neuron and `N` is its size (Brian2's subgroup
    /// variables).
    pub fn on_subgroup(&self, start: usize, stop: usize) -> Expr {
        self.replace(&|e| match e {
            Expr::Special(Special::I) => Some(Expr::sub(
                Expr::Special(Special::I),
                Expr::Const(start as f64),
            )),
            Expr::Special(Special::N) => Some(Expr::Const((stop - start) as f64)),
            _ => None,
        })
    }

    /// `start <= i < stop`: whether the current neuron is in a subgroup.
    pub fn index_in(start: usize, stop: usize) -> Expr {
        let i = || Box::new(Expr::Special(Special::I));
        Expr::Binary(
            BinOp::And,
            Box::new(Expr::Binary(
                BinOp::Ge,
                i(),
                Box::new(Expr::Const(start as f64)),
            )),
            Box::new(Expr::Binary(
                BinOp::Lt,
                i(),
                Box::new(Expr::Const(stop as f64)),
            )),
        )
    }

    /// Whether the expression reads variable `v`.
    pub fn uses_var(&self, v: VarId) -> bool {
        self.any(&|e| *e == Expr::Var(v))
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(c) => write!(f, "{c:?}"),
            Expr::Var(v) => write!(f, "${}", v.0),
            Expr::Special(Special::T) => write!(f, "t"),
            Expr::Special(Special::Dt) => write!(f, "dt"),
            Expr::Special(Special::I) => write!(f, "i"),
            Expr::Special(Special::N) => write!(f, "N"),
            Expr::Special(Special::J) => write!(f, "j"),
            Expr::Special(Special::NPre) => write!(f, "N_pre"),
            Expr::Special(Special::NPost) => write!(f, "N_post"),
            Expr::Local(l) => write!(f, "_tmp{l}"),
            Expr::Aux(a) => write!(f, "_aux{a}"),
            Expr::Random(Draw::Uniform) => write!(f, "rand()"),
            Expr::Random(Draw::Normal) => write!(f, "randn()"),
            Expr::Random(Draw::Binomial { n, p }) => write!(f, "binomial({n}, {p:?})"),
            Expr::Noise(k) => write!(f, "_xi{k}"),
            Expr::Unary(UnOp::Neg, a) => write!(f, "(-{a})"),
            Expr::Unary(UnOp::Not, a) => write!(f, "(not {a})"),
            Expr::Binary(op, a, b) => {
                let s = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                    BinOp::FloorDiv => "//",
                    BinOp::Mod => "%",
                    BinOp::Pow => "**",
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    BinOp::Ge => ">=",
                    BinOp::Eq => "==",
                    BinOp::Ne => "!=",
                    BinOp::And => "and",
                    BinOp::Or => "or",
                };
                write!(f, "({a} {s} {b})")
            }
            Expr::Call(_, args) | Expr::TimedArray(_, args) => {
                let name = match self {
                    Expr::TimedArray(ta, _) => ta.name(),
                    Expr::Call(func, _) => func.name(),
                    _ => "",
                };
                write!(f, "{name}(")?;
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{a}")?;
                }
                write!(f, ")")
            }
        }
    }
}
