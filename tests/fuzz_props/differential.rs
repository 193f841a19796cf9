//! Target `differential`: randomly generated, well-typed models run on the reference
//! interpreter and on native code must agree bit for bit (any NaN equals any NaN).
//!
//! The bytes drive a generator ([`arbitrary::Unstructured`]) of a whole model:
//! differential equations (dimensionless or in volts, sometimes linear so that
//! `exact` and `exponential_euler` apply), parameters (`constant`, `shared`),
//! subexpressions (`constant over dt`), a threshold, reset statements (with
//! temporaries), refractoriness (a time, a per-neuron time or a condition), an
//! integration method (stochastic ones too), `dt`, initial values including NaN,
//! infinities, subnormals and huge numbers, and a run whose duration need not be a
//! multiple of `dt`. Expressions use every operator and function of model code,
//! `rand()` and `randn()`; differential equations may have additive or multiplicative
//! white noise (`xi_k`). Random numbers come from a fixed seed. A disagreement is a bug of one of
//! the backends; it is never fixed by a tolerance.

use super::sim::{ModelSpec, check_backends_agree};
use arbitrary::{Result, Unstructured};
use spikelift::prelude::*;

/// Target `differential`.
pub fn differential(data: &[u8]) {
    let mut u = Unstructured::new(data);
    if let Ok(spec) = generate(&mut u) {
        check_backends_agree(&spec);
    }
}

/// Interesting numbers for literals and initial values.
const NUMBERS: [f64; 22] = [
    0.0,
    1.0,
    2.0,
    0.5,
    3.0,
    10.0,
    0.1,
    1e-3,
    -0.0,
    -1.0,
    -2.5,
    1e300,
    -1e300,
    1e-300,
    5e-324,
    1.7976931348623157e308,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.3333333333333333,
    7.0,
    -65.0,
];

const FUNCS1: [&str; 19] = [
    "exp", "log", "log10", "sqrt", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "abs", "floor", "ceil", "int", "sign", "exprel",
];

const METHODS: [&str; 8] = [
    "euler",
    "rk2",
    "rk4",
    "heun",
    "exponential_euler",
    "exact",
    "linear",
    "milstein",
];

/// A name code can read, and how to read it as a dimensionless number.
#[derive(Debug, Clone)]
struct Readable {
    name: String,
    is_volt: bool,
}

impl Readable {
    fn dimensionless(&self) -> String {
        if self.is_volt {
            format!("({}/mV)", self.name)
        } else {
            self.name.clone()
        }
    }
}

struct Gen<'a, 'b> {
    u: &'a mut Unstructured<'b>,
    /// Names expressions may read.
    readable: Vec<Readable>,
}

/// A literal as model code: finite numbers in Rust's round-trip form, the others
/// as expressions (`inf`, `-inf`, `0*inf`) since model code has no NaN literal.
fn literal(x: f64) -> String {
    if x.is_nan() {
        "(0*inf)".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "(-inf)" }.to_string()
    } else if x.is_sign_negative() {
        format!("({x:?})")
    } else {
        format!("{x:?}")
    }
}

impl Gen<'_, '_> {
    fn number(&mut self) -> Result<f64> {
        Ok(*self.u.choose(&NUMBERS)?)
    }

    /// A leaf: a readable name, a special, or a literal.
    fn leaf(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=10u8)? {
            0..=3 if !self.readable.is_empty() => {
                let r = self.u.choose(&self.readable)?.clone();
                r.dimensionless()
            }
            4 => "i".to_string(),
            5 => "N".to_string(),
            6 => "(t/ms)".to_string(),
            7 => "(dt/ms)".to_string(),
            8 => format!("{}", self.u.int_in_range(0..=5u8)?),
            10 => self.u.choose(&["rand()", "randn()"])?.to_string(),
            _ => literal(self.number()?),
        })
    }

    /// A dimensionless expression of at most `depth` levels of operators.
    fn expr(&mut self, depth: u32) -> Result<String> {
        if depth == 0 || self.u.ratio(1, 3)? {
            return self.leaf();
        }
        let d = depth - 1;
        Ok(match self.u.int_in_range(0..=13u8)? {
            0 => format!("-{}", self.expr(d)?),
            1 => format!("({} + {})", self.expr(d)?, self.expr(d)?),
            2 => format!("({} - {})", self.expr(d)?, self.expr(d)?),
            3 => format!("({} * {})", self.expr(d)?, self.expr(d)?),
            4 => format!("({} / {})", self.expr(d)?, self.expr(d)?),
            5 => format!("({} // {})", self.expr(d)?, self.expr(d)?),
            6 => format!("({} % {})", self.expr(d)?, self.expr(d)?),
            7 => {
                // Integer powers (2 and 3 become products) and others (pow).
                let p = *self.u.choose(&["2", "3", "0.5", "-1", "4", "1"])?;
                format!("({})**{p}", self.expr(d)?)
            }
            8 => format!("({})**({})", self.expr(d)?, self.expr(d)?),
            9 | 10 => {
                let f = *self.u.choose(&FUNCS1)?;
                format!("{f}({})", self.expr(d)?)
            }
            11 => format!(
                "clip({}, {}, {})",
                self.expr(d)?,
                self.expr(d)?,
                self.expr(d)?
            ),
            12 => format!("({} * {})", self.cond(d)?, self.expr(d)?),
            _ => format!("timestep({}*ms, dt)", self.expr(d)?),
        })
    }

    /// A boolean expression.
    fn cond(&mut self, depth: u32) -> Result<String> {
        // At depth 0 only comparisons (an exhausted input always picks the first
        // choice, so recursion must not be first there).
        let d = depth.saturating_sub(1);
        let lowest = if depth == 0 { 4 } else { 0 };
        Ok(match self.u.int_in_range(lowest..=7u8)? {
            0 => format!("({} and {})", self.cond(d)?, self.cond(d)?),
            1 => format!("({} or {})", self.cond(d)?, self.cond(d)?),
            2 => format!("(not {})", self.cond(d)?),
            3 => "True".to_string(),
            _ => {
                let op = *self.u.choose(&["<", "<=", ">", ">=", "==", "!="])?;
                format!("({} {op} {})", self.expr(d)?, self.expr(d)?)
            }
        })
    }

    /// Code for a value in volts (`is_volt`) or dimensionless.
    fn with_unit(&mut self, is_volt: bool, depth: u32) -> Result<String> {
        let e = self.expr(depth)?;
        Ok(if is_volt { format!("({e})*mV") } else { e })
    }
}

fn quantity(x: f64, is_volt: bool) -> Quantity {
    if is_volt {
        x * mV
    } else {
        Quantity::dimensionless(x)
    }
}

/// Generate a whole model.
pub fn generate(u: &mut Unstructured<'_>) -> Result<ModelSpec> {
    let n_diff = u.int_in_range(1..=3usize)?;
    let n_params = u.int_in_range(0..=2usize)?;
    let n_subs = u.int_in_range(0..=2usize)?;
    let refractory = match u.int_in_range(0..=3u8)? {
        0 | 1 => None,
        2 => Some(Refractoriness::Time(
            *u.choose(&[0.0, 0.1, 0.25, 1.0, 2.0])? * ms,
        )),
        _ => Some(Refractoriness::Expr(String::new())), // filled in below
    };
    let mut g = Gen {
        u,
        readable: Vec::new(),
    };
    let volt_diff: Vec<bool> = (0..n_diff)
        .map(|_| g.u.arbitrary::<bool>())
        .collect::<Result<_>>()?;
    let volt_param: Vec<bool> = (0..n_params)
        .map(|_| g.u.arbitrary::<bool>())
        .collect::<Result<_>>()?;
    let mut lines = Vec::new();
    let mut writable = Vec::new();
    // Parameters first: readable everywhere.
    for (k, &is_volt) in volt_param.iter().enumerate() {
        let name = format!("p{k}");
        let flag =
            *g.u.choose(&["", " (constant)", " (shared)", " (constant, shared)"])?;
        lines.push(format!(
            "{name} : {}{flag}",
            if is_volt { "volt" } else { "1" }
        ));
        if !flag.contains("constant") {
            writable.push((name.clone(), is_volt));
        }
        g.readable.push(Readable { name, is_volt });
    }
    for (k, &is_volt) in volt_diff.iter().enumerate() {
        g.readable.push(Readable {
            name: format!("x{k}"),
            is_volt,
        });
        writable.push((format!("x{k}"), is_volt));
    }
    // Subexpressions: each may use the earlier ones (no cycles).
    for k in 0..n_subs {
        let e = g.expr(3)?;
        let flag = *g.u.choose(&["", " (constant over dt)"])?;
        lines.push(format!("s{k} = {e} : 1{flag}"));
        g.readable.push(Readable {
            name: format!("s{k}"),
            is_volt: false,
        });
    }
    for (k, &is_volt) in volt_diff.iter().enumerate() {
        let rhs = if g.u.ratio(1, 2)? {
            // Linear: exact and exponential_euler may apply.
            let mut terms = vec![format!("-x{k}")];
            for (j, &volt_j) in volt_diff.iter().enumerate() {
                if g.u.ratio(1, 3)? {
                    let c = literal(g.number()?);
                    let xj = Readable {
                        name: format!("x{j}"),
                        is_volt: volt_j,
                    };
                    let xj = if is_volt {
                        format!("{}*mV", xj.dimensionless())
                    } else {
                        xj.dimensionless()
                    };
                    terms.push(format!("{c}*{xj}"));
                }
            }
            let c = literal(g.number()?);
            terms.push(if is_volt { format!("{c}*mV") } else { c });
            let tau = *g.u.choose(&["ms", "(10*ms)", "(0.3*ms)"])?;
            format!("({})/{tau}", terms.join(" + "))
        } else {
            let e = g.expr(4)?;
            if is_volt {
                format!("({e})*mV/ms")
            } else {
                format!("({e})/ms")
            }
        };
        // White noise of its own (`xi` may appear in one equation only): additive if
        // the coefficient is a constant, multiplicative if it reads a state variable.
        let rhs = if g.u.ratio(1, 4)? {
            let c = g.expr(1)?;
            let unit = if is_volt { "*mV" } else { "" };
            format!("{rhs} + ({c}){unit}*xi_{k}/sqrt(ms)")
        } else {
            rhs
        };
        let unit = if is_volt { "volt" } else { "1" };
        let flag = if refractory.is_some() && g.u.arbitrary::<bool>()? {
            " (unless refractory)"
        } else {
            ""
        };
        lines.push(format!("dx{k}/dt = {rhs} : {unit}{flag}"));
    }
    let threshold = if g.u.ratio(2, 3)? {
        Some(g.cond(3)?)
    } else {
        None
    };
    let mut reset = Vec::new();
    if threshold.is_some() {
        let mut locals: Vec<String> = Vec::new();
        for _ in 0..g.u.int_in_range(0..=3u8)? {
            if g.u.ratio(1, 4)? {
                let name = format!("tmp{}", locals.len());
                let e = g.expr(2)?;
                reset.push(format!("{name} = {e}"));
                g.readable.push(Readable {
                    name: name.clone(),
                    is_volt: false,
                });
                locals.push(name);
                continue;
            }
            if writable.is_empty() {
                break;
            }
            let (target, is_volt) = g.u.choose(&writable)?.clone();
            let op = *g.u.choose(&["=", "+=", "-=", "*=", "/="])?;
            let value = if matches!(op, "*=" | "/=") {
                g.expr(2)?
            } else {
                g.with_unit(is_volt, 2)?
            };
            reset.push(format!("{target} {op} {value}"));
        }
        // Temporaries exist only in the reset.
        g.readable.retain(|r| !r.name.starts_with("tmp"));
    }
    let refractory = match refractory {
        Some(Refractoriness::Expr(_)) => Some(Refractoriness::Expr(if g.u.arbitrary::<bool>()? {
            g.cond(2)?
        } else {
            format!("abs({})*ms", g.expr(2)?)
        })),
        other => other,
    };
    let method = if g.u.ratio(1, 4)? {
        None
    } else {
        Some(g.u.choose(&METHODS)?.to_string())
    };
    let dt = *g.u.choose(&[0.1, 0.05, 1.0, 0.3])? * ms;
    let duration = match g.u.int_in_range(0..=3u8)? {
        0 => 0.0 * ms,
        1 => 0.25 * ms, // not a multiple of most dt values
        _ => g.u.int_in_range(1..=12u32)? as f64 * dt,
    };
    let mut inits = Vec::new();
    for (name, is_volt) in writable.clone() {
        if g.u.ratio(1, 3)? {
            let x = g.number()?;
            inits.push((name, Values::Quantity(quantity(x, is_volt))));
        } else if g.u.ratio(1, 2)? {
            let e = g.with_unit(is_volt, 2)?;
            inits.push((name, Values::Expr(e)));
        }
    }
    let mut vars: Vec<String> = (0..n_diff).map(|k| format!("x{k}")).collect();
    vars.extend((0..n_params).map(|k| format!("p{k}")));
    vars.extend((0..n_subs).map(|k| format!("s{k}")));
    Ok(ModelSpec {
        n: g.u.int_in_range(1..=10)?,
        equations: lines.join("\n"),
        threshold,
        reset: (!reset.is_empty()).then(|| reset.join("\n")),
        refractory,
        method,
        dt,
        duration,
        namespace: Vec::new(),
        inits,
        vars,
    })
}
