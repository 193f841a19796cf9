//! `exact` (alias `linear`): exact integration of linear systems `dX/dt = M X + B`
//! with coefficients constant over a time step.
//!
//! Like Brian2, the update is `X_new = Phi (X + b) - b` with `Phi = exp(M dt)` and
//! `b = M^-1 B`; and like Brian2 it refuses systems whose matrix is singular or has
//! complex eigenvalues, and anything that depends on `t` except through a `TimedArray`
//! constant over a step (its `dt` a multiple of the clock's), which may appear in `B`. `Phi` and `M^-1` are
//! computed numerically (Padé matrix exponential) once per run: as constants when all
//! neurons share the coefficients, else per neuron in auxiliary columns.

use super::{OdeSystem, Unsupported};
use crate::check::typed::Expr;
use crate::codegen::abstract_code::AbstractCode;
use crate::codegen::sym::{Symbol, collect_linear, depends_on, expand, prune, to_expr};
use nalgebra::DMatrix;

/// The linear structure of a system.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearSystem {
    /// `M`, row-major, `n*n` entries.
    pub matrix: Vec<Expr>,
    /// `B`, `n` entries.
    pub constants: Vec<Expr>,
}

fn not_linear(sys: &OdeSystem, k: usize) -> Unsupported {
    Unsupported(format!(
        "The expression defining the variable with index {k} could not be separated into linear components ({} equations)",
        sys.vars.len()
    ))
}

/// `e` with every `TimedArray` call that is constant over a step of `dt` replaced by
/// a constant, and whether a call that is not constant remains.
fn without_constant_lookups(e: &Expr, dt: f64) -> (Expr, bool) {
    let stripped = e.replace(&|x| match x {
        Expr::TimedArray(ta, _) if ta.is_locally_constant(dt) => Some(Expr::Const(1.0)),
        _ => None,
    });
    let varying = stripped.any(&|x| matches!(x, Expr::TimedArray(..)));
    (stripped, varying)
}

/// Recognise `sys` as a linear system for a clock of step `dt`, or say why it is not
/// one.
pub fn linear_system(sys: &OdeSystem, dt: f64) -> Result<LinearSystem, Unsupported> {
    let n = sys.vars.len();
    if n > MAX_EXACT_EQUATIONS {
        return Err(Unsupported(format!(
            "exact integration is limited to systems of at most {MAX_EXACT_EQUATIONS} equations, this one has {n}"
        )));
    }
    let mut matrix = Vec::with_capacity(n * n);
    let mut constants = Vec::with_capacity(n);
    for k in 0..n {
        let (timeless, varying) = without_constant_lookups(&sys.rhs[k], dt);
        if varying {
            return Err(Unsupported("the equations use a TimedArray whose dt is not an integer multiple of the group's dt, so its value is not constant over a time step".to_string()));
        }
        if depends_on(&timeless, Symbol::Time) {
            return Err(Unsupported("the equations depend on time 't', so they are not guaranteed to be constant over a time step".to_string()));
        }
        let mut rest = expand(&sys.rhs[k]);
        for var in &sys.vars {
            let (m, b) =
                collect_linear(&rest, Symbol::Var(*var)).ok_or_else(|| not_linear(sys, k))?;
            matrix.push(m);
            rest = b;
        }
        constants.push(rest);
    }
    // No coefficient may still contain a state variable (products of variables,
    // variables inside functions or denominators).
    let state_dependent = |p: &Vec<crate::codegen::sym::Monomial>| {
        p.iter().any(|m| {
            m.factors
                .iter()
                .any(|(f, _)| sys.vars.iter().any(|v| depends_on(f, Symbol::Var(*v))))
        })
    };
    for (idx, p) in matrix.iter().chain(constants.iter()).enumerate() {
        if state_dependent(p) {
            return Err(not_linear(sys, idx.min(n * n) / n.max(1)));
        }
    }
    // The propagator is computed once per run: a TimedArray may only drive `B`.
    let looked_up = |p: &Vec<crate::codegen::sym::Monomial>| {
        p.iter().any(|m| {
            m.factors
                .iter()
                .any(|(f, _)| f.any(&|x| matches!(x, Expr::TimedArray(..))))
        })
    };
    if matrix.iter().any(looked_up) {
        return Err(Unsupported("a TimedArray multiplies a state variable, so the linear system's matrix changes during the run".to_string()));
    }
    Ok(LinearSystem {
        matrix: matrix.into_iter().map(|p| to_expr(&prune(p))).collect(),
        constants: constants.into_iter().map(|p| to_expr(&prune(p))).collect(),
    })
}

/// The most equations `exact` integrates: the matrix has `n*n` entries, each an
/// expression evaluated per neuron, and every step costs `n*n` operations per neuron.
/// Larger systems are not integrated exactly (Brian2's default choice then falls back
/// to `euler`; an explicit `method='exact'` is an error).
pub const MAX_EXACT_EQUATIONS: usize = 100;

/// `exp(M dt)` and `M^-1` for one set of coefficient values (row-major).
///
/// Coefficients that are NaN or infinite (a parameter set to NaN, a time constant of
/// zero) give NaN propagators: the state of the neurons concerned becomes NaN and the
/// others are integrated as usual, the way NaN values are carried on elsewhere.
pub fn propagator(m: &[f64], n: usize, dt: f64) -> Result<(Vec<f64>, Vec<f64>), Unsupported> {
    let mat = DMatrix::from_row_slice(n, n, m);
    if mat.iter().any(|x| !x.is_finite()) {
        return Ok((vec![f64::NAN; n * n], vec![f64::NAN; n * n]));
    }
    let eig = mat.clone().complex_eigenvalues();
    if eig
        .iter()
        .any(|z| z.im.abs() > 1e-12 * z.norm().max(f64::MIN_POSITIVE))
    {
        return Err(Unsupported("The solution to the linear system contains complex values which is currently not implemented.".to_string()));
    }
    let inv = mat.clone().try_inverse().ok_or_else(|| Unsupported("Cannot solve the given equations with this stateupdater (the linear system is singular).".to_string()))?;
    // A numerical propagator is only as good as the inverse: with coefficients beyond
    // about 1e154, or time scales more than about 1e12 apart, it is not an inverse any
    // more and the fixed point would be silently wrong.
    let residual = (&mat * &inv - DMatrix::identity(n, n)).amax();
    if !residual.is_finite() || residual > 1e-6 {
        return Err(Unsupported(format!(
            "the linear system is too ill-conditioned to be integrated exactly with numerical propagators (|M M^-1 - I| = {residual:e})"
        )));
    }
    let phi = exp(mat * dt);
    let row_major = |x: &DMatrix<f64>| {
        (0..n)
            .flat_map(|r| (0..n).map(move |c| (r, c)))
            .map(|(r, c)| x[(r, c)])
            .collect::<Vec<f64>>()
    };
    Ok((row_major(&phi), row_major(&inv)))
}

/// `exp(a)`: nalgebra's Padé approximation of `a / 2^k` squared `k` times, with `k`
/// the halvings that bring the 1-norm of `a` down to 2^32 (`k = 0` for every usual
/// model). nalgebra picks its number of squarings from norms of powers of `a`; for
/// entries beyond about 1e30 those overflow and the squaring never ends.
fn exp(mut a: DMatrix<f64>) -> DMatrix<f64> {
    if a.iter().any(|x| !x.is_finite()) {
        return DMatrix::from_element(a.nrows(), a.ncols(), f64::NAN);
    }
    let mut halvings = 0;
    while a.one_norm() > 4_294_967_296.0 {
        a *= 0.5;
        halvings += 1;
    }
    let mut x = a.exp();
    for _ in 0..halvings {
        x = &x * &x;
    }
    x
}

/// Where the propagator entries come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Coefficients {
    /// The same for every neuron: `(Phi, M^-1)` row-major.
    Shared(Vec<f64>, Vec<f64>),
    /// Per neuron, in auxiliary columns: `Phi` in columns `0..n*n`, `M^-1` in
    /// `n*n..2*n*n`.
    PerNeuron,
}

/// Append the exact update of `sys` to `code`.
pub fn integrate(
    sys: &OdeSystem,
    lin: &LinearSystem,
    coeffs: &Coefficients,
    code: &mut AbstractCode,
) {
    let n = sys.vars.len();
    let entry = |which: usize, r: usize, c: usize| match coeffs {
        Coefficients::Shared(phi, inv) => Expr::Const(if which == 0 {
            phi[r * n + c]
        } else {
            inv[r * n + c]
        }),
        Coefficients::PerNeuron => Expr::Aux((which * n * n + r * n + c) as u32),
    };
    let rhs_consts: Vec<Expr> = lin.constants.iter().map(|b| code.let_(b.clone())).collect();
    // b = M^-1 B
    let fixed: Vec<Expr> = (0..n)
        .map(|r| {
            let mut sum: Option<Expr> = None;
            for (c, bc) in rhs_consts.iter().enumerate() {
                if is_zero(coeffs, 1, r * n + c) {
                    continue;
                }
                let term = Expr::mul(entry(1, r, c), bc.clone());
                sum = Some(match sum {
                    None => term,
                    Some(s) => Expr::add(s, term),
                });
            }
            code.let_(sum.unwrap_or(Expr::Const(0.0)))
        })
        .collect();
    let shifted: Vec<Expr> = (0..n)
        .map(|c| code.let_(Expr::add(Expr::Var(sys.vars[c]), fixed[c].clone())))
        .collect();
    let new_values: Vec<Expr> = (0..n)
        .map(|r| {
            let mut sum: Option<Expr> = None;
            for (c, sc) in shifted.iter().enumerate() {
                if is_zero(coeffs, 0, r * n + c) {
                    continue;
                }
                let term = Expr::mul(entry(0, r, c), sc.clone());
                sum = Some(match sum {
                    None => term,
                    Some(s) => Expr::add(s, term),
                });
            }
            code.let_(Expr::sub(sum.unwrap_or(Expr::Const(0.0)), fixed[r].clone()))
        })
        .collect();
    sys.store_new_values(code, new_values);
}

/// Whether a shared propagator entry is exactly zero (its term is left out).
fn is_zero(coeffs: &Coefficients, which: usize, k: usize) -> bool {
    match coeffs {
        Coefficients::Shared(phi, inv) => (if which == 0 { phi[k] } else { inv[k] }) == 0.0,
        Coefficients::PerNeuron => false,
    }
}
