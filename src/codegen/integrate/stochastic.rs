//! Stochastic differential equations: white noise `xi` (`Expr::Noise`) in the
//! right-hand sides, integrated with Brian2's stochastic state updaters.
//!
//! Each right-hand side is split, as Brian2 splits it (expand, then collect the noise
//! symbols), into `f + g_1*xi_1 + g_2*xi_2 + ...`. The noise is additive when no `g`
//! depends on `t` or on a differential variable, multiplicative otherwise. Every step
//! draws one Wiener increment per stochastic variable, `dW = sqrt(dt)*randn()`,
//! shared by all equations, and then:
//! - `euler`: `x_new = x + dt*f(x,t) + g(x,t)*dW` (additive noise only);
//! - `heun`: `x_s = x + g(x,t)*dW`, `x_new = x + dt*f(x,t) + 0.5*dW*(g(x,t) + g(x_s,t+dt))`;
//! - `milstein`: `x_s = x + dt*f(x,t) + sqrt(dt)*g(x,t)`,
//!   `x_new = x + dt*f(x,t) + g(x,t)*dW + (g(x_s,t) - g(x,t))*dW**2/(2*sqrt(dt))`;
//!
//! where the supporting values `x_s` are computed for each stochastic variable on its
//! own. Brian2's default for stochastic equations is `euler` for additive noise and
//! `heun` for multiplicative noise; other methods refuse noise.

use super::{Method, OdeSystem, Unsupported};
use crate::check::typed::{BinOp, Draw, Expr, Func, Special, VarId};
use crate::codegen::abstract_code::AbstractCode;
use crate::codegen::sym::{self, Monomial};
use std::collections::HashMap;

/// A system split into deterministic and noise parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Noisy {
    /// `f` of each equation (with the refractoriness factor).
    pub f: Vec<Expr>,
    /// `g[k][j]`: the factor of stochastic variable `j` in equation `k` (with the
    /// refractoriness factor; `None` where `xi_j` does not appear).
    pub g: Vec<Vec<Option<Expr>>>,
    /// Whether some `g` depends on `t` or a differential variable.
    pub multiplicative: bool,
}

fn has_noise(e: &Expr) -> bool {
    e.any(&|x| matches!(x, Expr::Noise(_)))
}

/// Split every equation of `sys` into `f + sum_j g_j*xi_j` (`n_noise` stochastic
/// variables).
pub fn split(sys: &OdeSystem, n_noise: usize) -> Result<Noisy, Unsupported> {
    let mut f = Vec::with_capacity(sys.vars.len());
    let mut g = Vec::with_capacity(sys.vars.len());
    for k in 0..sys.vars.len() {
        let rhs = sys.effective_rhs(k);
        if !has_noise(&rhs) {
            f.push(rhs);
            g.push(vec![None; n_noise]);
            continue;
        }
        let mut det: Vec<Monomial> = Vec::new();
        let mut sto: Vec<Vec<Monomial>> = vec![Vec::new(); n_noise];
        for m in sym::expand(&rhs) {
            let noise: Vec<(usize, i32)> = m
                .factors
                .iter()
                .enumerate()
                .filter(|(_, (e, _))| has_noise(e))
                .map(|(pos, (_, p))| (pos, *p))
                .collect();
            match noise.as_slice() {
                [] => det.push(m),
                [(pos, 1)] => {
                    let Expr::Noise(j) = m.factors[*pos].0 else {
                        return Err(inseparable(sys, k));
                    };
                    let mut rest = m.clone();
                    rest.factors.remove(*pos);
                    match sto.get_mut(j as usize) {
                        Some(terms) => terms.push(rest),
                        None => return Err(inseparable(sys, k)),
                    }
                }
                _ => return Err(inseparable(sys, k)),
            }
        }
        f.push(sym::to_expr(&sym::prune(det)));
        g.push(
            sto.into_iter()
                .map(|terms| {
                    let terms = sym::prune(terms);
                    (!terms.is_empty()).then(|| sym::to_expr(&terms))
                })
                .collect(),
        );
    }
    let multiplicative = g.iter().flatten().flatten().any(|e| {
        e.any(&|x| {
            matches!(x, Expr::Special(Special::T)) || sys.vars.iter().any(|v| *x == Expr::Var(*v))
        })
    });
    Ok(Noisy {
        f,
        g,
        multiplicative,
    })
}

fn inseparable(sys: &OdeSystem, k: usize) -> Unsupported {
    Unsupported(format!(
        "the equation of variable {} cannot be separated into a stochastic and a non-stochastic term (each term must be linear in one stochastic variable)",
        sys.vars[k].0
    ))
}

/// Why `method` cannot integrate noisy equations (`None`: it can).
pub fn refusal(method: Method, noisy: &Noisy) -> Option<Unsupported> {
    match method {
        Method::Heun | Method::Milstein => None,
        Method::Euler if noisy.multiplicative => Some(Unsupported(
            "Cannot integrate equations with multiplicative noise with this state updater."
                .to_string(),
        )),
        Method::Euler => None,
        Method::Exact => Some(Unsupported(
            "Cannot solve stochastic equations with this state updater.".to_string(),
        )),
        _ => Some(Unsupported(
            "Cannot integrate stochastic equations with this state updater.".to_string(),
        )),
    }
}

/// Brian2's default method for noisy equations.
pub fn default_method(noisy: &Noisy) -> Method {
    if noisy.multiplicative {
        Method::Heun
    } else {
        Method::Euler
    }
}

fn dt() -> Expr {
    Expr::Special(Special::Dt)
}

fn sqrt_dt() -> Expr {
    Expr::call1(Func::Sqrt, dt())
}

/// `e` with the state variables replaced by `states` (`None`: unchanged) and `t` by
/// `t + t_shift`.
fn at(
    e: &Expr,
    position: &HashMap<VarId, usize>,
    states: Option<&[Expr]>,
    t_shift: Option<Expr>,
) -> Expr {
    e.replace(&|x| {
        if let (Some(st), Expr::Var(v)) = (states, x)
            && let Some(&j) = position.get(v)
        {
            return Some(st[j].clone());
        }
        if let (Some(ts), Expr::Special(Special::T)) = (&t_shift, x) {
            return Some(Expr::add(x.clone(), ts.clone()));
        }
        None
    })
}

/// Append the update of `sys` (split into `noisy`) by one step of `method` (`euler`,
/// `heun` or `milstein`; see [`refusal`]).
pub fn integrate(sys: &OdeSystem, noisy: &Noisy, method: Method, code: &mut AbstractCode) {
    let n = sys.vars.len();
    let n_noise = noisy.g.first().map_or(0, Vec::len);
    let position: HashMap<VarId, usize> =
        sys.vars.iter().enumerate().map(|(k, v)| (*v, k)).collect();
    let x = |k: usize| Expr::Var(sys.vars[k]);
    let dw: Vec<Expr> = (0..n_noise)
        .map(|_| code.let_(Expr::mul(sqrt_dt(), Expr::Random(Draw::Normal))))
        .collect();
    let g = |k: usize, j: usize| noisy.g[k][j].clone().unwrap_or(Expr::Const(0.0));
    // The noise terms of each equation, summed over the stochastic variables.
    let mut noise_terms: Vec<Vec<Expr>> = vec![Vec::new(); n];
    match method {
        Method::Heun | Method::Milstein => {
            for (j, w) in dw.iter().enumerate() {
                let support: Vec<Expr> = (0..n)
                    .map(|k| {
                        let value = if method == Method::Heun {
                            Expr::add(x(k), Expr::mul(g(k, j), w.clone()))
                        } else {
                            Expr::add(
                                Expr::add(x(k), Expr::mul(dt(), noisy.f[k].clone())),
                                Expr::mul(sqrt_dt(), g(k, j)),
                            )
                        };
                        code.let_(value)
                    })
                    .collect();
                for (k, terms) in noise_terms.iter_mut().enumerate() {
                    let Some(gkj) = &noisy.g[k][j] else { continue };
                    let t_shift = (method == Method::Heun).then(dt);
                    let g_support = code.let_(at(gkj, &position, Some(&support), t_shift));
                    terms.push(if method == Method::Heun {
                        let half = |e: Expr| Expr::mul(Expr::Const(0.5), e);
                        Expr::add(
                            half(Expr::mul(w.clone(), gkj.clone())),
                            half(Expr::mul(g_support, w.clone())),
                        )
                    } else {
                        let dw2 = Expr::mul(w.clone(), w.clone());
                        let correction = Expr::div(
                            Expr::mul(
                                Expr::Binary(
                                    BinOp::Sub,
                                    Box::new(g_support),
                                    Box::new(gkj.clone()),
                                ),
                                dw2,
                            ),
                            Expr::mul(Expr::Const(2.0), sqrt_dt()),
                        );
                        Expr::add(Expr::mul(gkj.clone(), w.clone()), correction)
                    });
                }
            }
        }
        _ => {
            for (k, terms) in noise_terms.iter_mut().enumerate() {
                for (j, w) in dw.iter().enumerate() {
                    if let Some(gkj) = &noisy.g[k][j] {
                        terms.push(Expr::mul(gkj.clone(), w.clone()));
                    }
                }
            }
        }
    }
    let new_values: Vec<Expr> = noise_terms
        .into_iter()
        .enumerate()
        .map(|(k, terms)| {
            let det = Expr::add(x(k), Expr::mul(dt(), noisy.f[k].clone()));
            let value = terms.into_iter().fold(det, Expr::add);
            code.let_(value)
        })
        .collect();
    sys.store_new_values(code, new_values);
}
