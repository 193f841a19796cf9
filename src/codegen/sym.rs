//! A very small computer algebra: expand a checked expression into a sum of
//! monomials and collect it by powers of chosen variables.
//!
//! This is all the symbolic work integration needs: recognising linear systems
//! (`exact`) and conditionally linear equations (`exponential_euler`). Anything that
//! is not a product of powers (a function call, a division by a sum, a non-integer
//! power) is kept as an opaque factor, exactly like `sympy.expand` followed by
//! `collect` treats it. It does not simplify, factor or differentiate.

use crate::check::typed::{BinOp, Expr, Special, UnOp, VarId};

/// A product `coeff * f1**p1 * f2**p2 * ...` of opaque factors.
#[derive(Debug, Clone, PartialEq)]
pub struct Monomial {
    /// The numeric coefficient.
    pub coeff: f64,
    /// Factors with their integer powers (no factor twice, no zero power).
    pub factors: Vec<(Expr, i32)>,
}

/// A sum of monomials.
pub type Poly = Vec<Monomial>;

const MAX_EXPAND_POWER: f64 = 8.0;
const MAX_TERMS: usize = 4096;
/// The highest power of a factor in a monomial (`((x**8)**8)**8` is not expanded).
const MAX_FACTOR_POWER: i32 = 64;
/// The most expression nodes an expansion may hold (factors are copied into every
/// term they appear in, so a product of large sums could otherwise exhaust memory).
const MAX_NODES: usize = 1 << 20;

/// Number of nodes of an expression tree.
fn tree_size(e: &Expr) -> usize {
    match e {
        Expr::Unary(_, a) => 1 + tree_size(a),
        Expr::Binary(_, a, b) => 1 + tree_size(a) + tree_size(b),
        Expr::Call(_, args) | Expr::TimedArray(_, args) => {
            args.iter().map(tree_size).sum::<usize>() + 1
        }
        _ => 1,
    }
}

/// Number of expression nodes a sum of monomials holds (at least one per term).
fn poly_nodes(p: &Poly) -> usize {
    p.iter()
        .map(|m| 1 + m.factors.iter().map(|(f, _)| tree_size(f)).sum::<usize>())
        .sum()
}

/// `a * b`, or `None` if a power would exceed [`MAX_FACTOR_POWER`].
fn monomial_mul(a: &Monomial, b: &Monomial) -> Option<Monomial> {
    let mut factors = a.factors.clone();
    for (f, p) in &b.factors {
        if let Some(slot) = factors.iter_mut().find(|(g, _)| g == f) {
            slot.1 = slot
                .1
                .checked_add(*p)
                .filter(|q| q.abs() <= MAX_FACTOR_POWER)?;
        } else {
            factors.push((f.clone(), *p));
        }
    }
    factors.retain(|(_, p)| *p != 0);
    Some(Monomial {
        coeff: a.coeff * b.coeff,
        factors,
    })
}

/// Whether the terms of `a` times those of `b` stay within the size limits.
fn product_fits(a: &Poly, b: &Poly) -> bool {
    a.len().saturating_mul(b.len()) <= MAX_TERMS
        && poly_nodes(a)
            .saturating_mul(b.len())
            .saturating_add(poly_nodes(b).saturating_mul(a.len()))
            <= MAX_NODES
}

fn poly_mul(a: &Poly, b: &Poly) -> Option<Poly> {
    if !product_fits(a, b) {
        return None;
    }
    a.iter()
        .flat_map(|x| b.iter().map(move |y| monomial_mul(x, y)))
        .collect()
}

fn atom(e: &Expr) -> Poly {
    vec![Monomial {
        coeff: 1.0,
        factors: vec![(e.clone(), 1)],
    }]
}

fn negate(p: Poly) -> Poly {
    p.into_iter()
        .map(|m| Monomial {
            coeff: -m.coeff,
            ..m
        })
        .collect()
}

/// Expand `e` into a sum of monomials. Expressions too large to expand become a
/// single opaque factor.
pub fn expand(e: &Expr) -> Poly {
    match e {
        Expr::Const(c) => vec![Monomial {
            coeff: *c,
            factors: vec![],
        }],
        Expr::Unary(UnOp::Neg, a) => negate(expand(a)),
        Expr::Binary(BinOp::Add, a, b) => {
            let mut res = expand(a);
            res.extend(expand(b));
            res
        }
        Expr::Binary(BinOp::Sub, a, b) => {
            let mut res = expand(a);
            res.extend(negate(expand(b)));
            res
        }
        Expr::Binary(BinOp::Mul, a, b) => {
            poly_mul(&expand(a), &expand(b)).unwrap_or_else(|| atom(e))
        }
        Expr::Binary(BinOp::Div, a, b) => {
            let num = expand(a);
            let den = expand(b);
            let inv = match den.as_slice() {
                [m] if m.coeff != 0.0 => Monomial {
                    coeff: 1.0 / m.coeff,
                    factors: m.factors.iter().map(|(f, p)| (f.clone(), -p)).collect(),
                },
                _ => Monomial {
                    coeff: 1.0,
                    factors: vec![((**b).clone(), -1)],
                },
            };
            let inv = vec![inv];
            if !product_fits(&num, &inv) {
                return atom(e);
            }
            num.iter()
                .map(|m| monomial_mul(m, &inv[0]))
                .collect::<Option<Poly>>()
                .unwrap_or_else(|| atom(e))
        }
        Expr::Binary(BinOp::Pow, a, b) => match **b {
            Expr::Const(p) if p.fract() == 0.0 && p.abs() <= MAX_EXPAND_POWER => {
                let base = expand(a);
                let n = p as i32;
                if n >= 0 {
                    let mut res = vec![Monomial {
                        coeff: 1.0,
                        factors: vec![],
                    }];
                    for _ in 0..n {
                        match poly_mul(&res, &base) {
                            Some(r) => res = r,
                            None => return atom(e),
                        }
                    }
                    res
                } else {
                    let powers: Option<Vec<(Expr, i32)>> = match base.as_slice() {
                        [m] => m
                            .factors
                            .iter()
                            .map(|(f, q)| {
                                let qn = q.checked_mul(n).filter(|p| p.abs() <= MAX_FACTOR_POWER);
                                qn.map(|p| (f.clone(), p))
                            })
                            .collect(),
                        _ => None,
                    };
                    match (base.as_slice(), powers) {
                        ([m], Some(factors)) if m.coeff != 0.0 => vec![Monomial {
                            coeff: m.coeff.powi(n),
                            factors,
                        }],
                        _ => vec![Monomial {
                            coeff: 1.0,
                            factors: vec![((**a).clone(), n)],
                        }],
                    }
                }
            }
            _ => atom(e),
        },
        _ => atom(e),
    }
}

/// Rebuild an expression from a sum of monomials (`0.0` for the empty sum).
pub fn to_expr(p: &Poly) -> Expr {
    let mut res: Option<Expr> = None;
    for m in p {
        let mut term: Option<Expr> = if m.coeff == 1.0 && !m.factors.is_empty() {
            None
        } else {
            Some(Expr::Const(m.coeff))
        };
        for (f, pw) in &m.factors {
            let (pos, n) = (*pw > 0, pw.unsigned_abs());
            let mut fac = f.clone();
            for _ in 1..n {
                fac = Expr::mul(fac, f.clone());
            }
            term = Some(match (term, pos) {
                (None, true) => fac,
                (None, false) => Expr::div(Expr::Const(1.0), fac),
                (Some(t), true) => Expr::mul(t, fac),
                (Some(t), false) => Expr::div(t, fac),
            });
        }
        let term = term.unwrap_or(Expr::Const(1.0));
        res = Some(match res {
            None => term,
            Some(r) => Expr::add(r, term),
        });
    }
    res.unwrap_or(Expr::Const(0.0))
}

/// What a variable can be, for dependence tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// A group variable.
    Var(VarId),
    /// The time `t`.
    Time,
}

fn is_symbol(e: &Expr, s: Symbol) -> bool {
    match s {
        Symbol::Var(v) => *e == Expr::Var(v),
        Symbol::Time => *e == Expr::Special(Special::T),
    }
}

/// Whether `e` depends on `s` anywhere.
pub fn depends_on(e: &Expr, s: Symbol) -> bool {
    e.any(&|x| is_symbol(x, s))
}

/// Split a sum into the coefficient of `s**1` and the rest (`M*s + B`).
/// Returns `None` if some term has `s` to another power. Opaque factors that contain
/// `s` inside (e.g. `exp(s)`) stay in the coefficients, as in sympy's `collect`.
pub fn collect_linear(p: &Poly, s: Symbol) -> Option<(Poly, Poly)> {
    let mut m = Vec::new();
    let mut b = Vec::new();
    for term in p {
        let power: i32 = term
            .factors
            .iter()
            .filter(|(f, _)| is_symbol(f, s))
            .map(|(_, q)| *q)
            .sum();
        let rest = Monomial {
            coeff: term.coeff,
            factors: term
                .factors
                .iter()
                .filter(|(f, _)| !is_symbol(f, s))
                .cloned()
                .collect(),
        };
        match power {
            0 => b.push(rest),
            1 => m.push(rest),
            _ => return None,
        }
    }
    Some((m, b))
}

/// Merge terms with the same factors and drop terms with a zero coefficient.
pub fn prune(p: Poly) -> Poly {
    let mut res: Poly = Vec::new();
    for m in p {
        let same = |a: &Monomial| {
            a.factors.len() == m.factors.len() && m.factors.iter().all(|f| a.factors.contains(f))
        };
        if let Some(slot) = res.iter_mut().find(|a| same(a)) {
            slot.coeff += m.coeff;
        } else {
            res.push(m);
        }
    }
    res.retain(|m| m.coeff != 0.0);
    res
}
