//! The one table of intrinsic implementations shared by both executors.
//!
//! [`lowering`] maps every [`Intrinsic`] either to a single exact Cranelift instruction
//! ([`Lowering::Exact`], with the bit-identical `f64` method the interpreter uses) or to an
//! `extern "C"` function defined here ([`Lowering::Call1`] .. [`Lowering::Call3`]). The
//! interpreter calls these functions through the pointers in the table and the compiled
//! code calls the very same functions as imported symbols, so both give the same bits.
//!
//! Semantics follow Python/NumPy (Brian2) where they differ from C:
//! - `mod` is Python's `%`: the result has the sign of the divisor (`-7 % 3 == 2`,
//!   `7 % -3 == -2`); a zero result carries the sign of the divisor, as in Python.
//! - `floordiv` is `floor(a / b)` (so `-7 // 2 == -4`).
//! - `sign(±0) = +0`, `sign(NaN) = NaN`.
//! - `min`/`max` return NaN if either argument is NaN, and order `-0 < +0`.
//! - `exprel(x) = expm1(x) / x`, `exprel(0) = 1`, `exprel(inf) = inf`.

use crate::ir::Intrinsic;

/// Every intrinsic, in declaration order (useful for tests and symbol registration).
pub const ALL_INTRINSICS: [Intrinsic; 25] = [
    Intrinsic::Pow,
    Intrinsic::FloorDiv,
    Intrinsic::Mod,
    Intrinsic::Exp,
    Intrinsic::Log,
    Intrinsic::Log10,
    Intrinsic::Sqrt,
    Intrinsic::Sin,
    Intrinsic::Cos,
    Intrinsic::Tan,
    Intrinsic::Asin,
    Intrinsic::Acos,
    Intrinsic::Atan,
    Intrinsic::Sinh,
    Intrinsic::Cosh,
    Intrinsic::Tanh,
    Intrinsic::Abs,
    Intrinsic::Floor,
    Intrinsic::Ceil,
    Intrinsic::Trunc,
    Intrinsic::Sign,
    Intrinsic::Exprel,
    Intrinsic::Min,
    Intrinsic::Max,
    Intrinsic::Clip,
];

/// Intrinsics that are one exact (correctly rounded or bit-manipulating) instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExactOp {
    /// Cranelift `sqrt`; interpreter `f64::sqrt` (both IEEE correctly rounded).
    Sqrt,
    /// Cranelift `fabs`; interpreter `f64::abs` (clears the sign bit).
    Abs,
    /// Cranelift `floor`; interpreter `f64::floor`.
    Floor,
    /// Cranelift `ceil`; interpreter `f64::ceil`.
    Ceil,
    /// Cranelift `trunc`; interpreter `f64::trunc`.
    Trunc,
}

impl ExactOp {
    /// The interpreter's implementation (bit-identical to the instruction).
    pub fn apply(self, x: f64) -> f64 {
        match self {
            ExactOp::Sqrt => x.sqrt(),
            ExactOp::Abs => x.abs(),
            ExactOp::Floor => x.floor(),
            ExactOp::Ceil => x.ceil(),
            ExactOp::Trunc => x.trunc(),
        }
    }
}

/// A unary intrinsic function with the C ABI.
pub type Fn1 = extern "C" fn(f64) -> f64;
/// A binary intrinsic function with the C ABI.
pub type Fn2 = extern "C" fn(f64, f64) -> f64;
/// A ternary intrinsic function with the C ABI.
pub type Fn3 = extern "C" fn(f64, f64, f64) -> f64;

/// How an intrinsic is executed by both backends.
#[derive(Debug, Clone, Copy)]
pub enum Lowering {
    /// A single exact instruction.
    Exact(ExactOp),
    /// A call of a one-argument function, imported by the JIT under the given symbol.
    Call1(&'static str, Fn1),
    /// A call of a two-argument function, imported by the JIT under the given symbol.
    Call2(&'static str, Fn2),
    /// A call of a three-argument function, imported by the JIT under the given symbol.
    Call3(&'static str, Fn3),
}

impl Lowering {
    /// The imported symbol name and host address, for calls; `None` for exact instructions.
    pub fn symbol(self) -> Option<(&'static str, *const u8)> {
        match self {
            Lowering::Exact(_) => None,
            Lowering::Call1(s, f) => Some((s, f as *const u8)),
            Lowering::Call2(s, f) => Some((s, f as *const u8)),
            Lowering::Call3(s, f) => Some((s, f as *const u8)),
        }
    }
}

/// THE table: how each intrinsic is executed.
pub fn lowering(i: Intrinsic) -> Lowering {
    use Lowering::{Call1, Call2, Call3, Exact};
    match i {
        Intrinsic::Pow => Call2("spikelift_pow", sl_pow),
        Intrinsic::FloorDiv => Call2("spikelift_floordiv", sl_floordiv),
        Intrinsic::Mod => Call2("spikelift_mod", sl_mod),
        Intrinsic::Exp => Call1("spikelift_exp", sl_exp),
        Intrinsic::Log => Call1("spikelift_log", sl_log),
        Intrinsic::Log10 => Call1("spikelift_log10", sl_log10),
        Intrinsic::Sqrt => Exact(ExactOp::Sqrt),
        Intrinsic::Sin => Call1("spikelift_sin", sl_sin),
        Intrinsic::Cos => Call1("spikelift_cos", sl_cos),
        Intrinsic::Tan => Call1("spikelift_tan", sl_tan),
        Intrinsic::Asin => Call1("spikelift_asin", sl_asin),
        Intrinsic::Acos => Call1("spikelift_acos", sl_acos),
        Intrinsic::Atan => Call1("spikelift_atan", sl_atan),
        Intrinsic::Sinh => Call1("spikelift_sinh", sl_sinh),
        Intrinsic::Cosh => Call1("spikelift_cosh", sl_cosh),
        Intrinsic::Tanh => Call1("spikelift_tanh", sl_tanh),
        Intrinsic::Abs => Exact(ExactOp::Abs),
        Intrinsic::Floor => Exact(ExactOp::Floor),
        Intrinsic::Ceil => Exact(ExactOp::Ceil),
        Intrinsic::Trunc => Exact(ExactOp::Trunc),
        Intrinsic::Sign => Call1("spikelift_sign", sl_sign),
        Intrinsic::Exprel => Call1("spikelift_exprel", sl_exprel),
        Intrinsic::Min => Call2("spikelift_min", sl_min),
        Intrinsic::Max => Call2("spikelift_max", sl_max),
        Intrinsic::Clip => Call3("spikelift_clip", sl_clip),
    }
}

/// Evaluates an intrinsic on `args` exactly as both executors do.
///
/// Returns `None` if `args.len()` does not match the intrinsic's arity.
pub fn eval(i: Intrinsic, args: &[f64]) -> Option<f64> {
    match (lowering(i), args) {
        (Lowering::Exact(op), &[x]) => Some(op.apply(x)),
        (Lowering::Call1(_, f), &[x]) => Some(f(x)),
        (Lowering::Call2(_, f), &[a, b]) => Some(f(a, b)),
        (Lowering::Call3(_, f), &[a, b, c]) => Some(f(a, b, c)),
        _ => None,
    }
}

/// Host implementations of the libcalls Cranelift may emit for `floor`/`ceil`/`trunc`
/// on CPUs without SSE4.1 (registered explicitly instead of relying on `dlsym`).
pub const LIBCALL_FALLBACKS: [(&str, Fn1); 3] = [
    ("floor", sl_libcall_floor),
    ("ceil", sl_libcall_ceil),
    ("trunc", sl_libcall_trunc),
];

extern "C" fn sl_libcall_floor(x: f64) -> f64 {
    x.floor()
}
extern "C" fn sl_libcall_ceil(x: f64) -> f64 {
    x.ceil()
}
extern "C" fn sl_libcall_trunc(x: f64) -> f64 {
    x.trunc()
}

extern "C" fn sl_pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}

extern "C" fn sl_floordiv(a: f64, b: f64) -> f64 {
    (a / b).floor()
}

extern "C" fn sl_mod(a: f64, b: f64) -> f64 {
    let mut r = a % b;
    if r != 0.0 {
        if (r < 0.0) != (b < 0.0) {
            r += b;
        }
    } else if !r.is_nan() {
        // Python: a zero remainder takes the sign of the divisor.
        r = 0.0f64.copysign(b);
    }
    r
}

extern "C" fn sl_exp(x: f64) -> f64 {
    x.exp()
}
extern "C" fn sl_log(x: f64) -> f64 {
    x.ln()
}
extern "C" fn sl_log10(x: f64) -> f64 {
    x.log10()
}
extern "C" fn sl_sin(x: f64) -> f64 {
    x.sin()
}
extern "C" fn sl_cos(x: f64) -> f64 {
    x.cos()
}
extern "C" fn sl_tan(x: f64) -> f64 {
    x.tan()
}
extern "C" fn sl_asin(x: f64) -> f64 {
    x.asin()
}
extern "C" fn sl_acos(x: f64) -> f64 {
    x.acos()
}
extern "C" fn sl_atan(x: f64) -> f64 {
    x.atan()
}
extern "C" fn sl_sinh(x: f64) -> f64 {
    x.sinh()
}
extern "C" fn sl_cosh(x: f64) -> f64 {
    x.cosh()
}
extern "C" fn sl_tanh(x: f64) -> f64 {
    x.tanh()
}

extern "C" fn sl_sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        x // NaN
    }
}

extern "C" fn sl_exprel(x: f64) -> f64 {
    if x == 0.0 {
        1.0
    } else if x == f64::INFINITY {
        f64::INFINITY
    } else {
        x.exp_m1() / x
    }
}

fn min2(a: f64, b: f64) -> f64 {
    if a.is_nan() {
        a
    } else if b.is_nan() {
        b
    } else if a < b {
        a
    } else if b < a {
        b
    } else if a.is_sign_negative() {
        a
    } else {
        b
    }
}

fn max2(a: f64, b: f64) -> f64 {
    if a.is_nan() {
        a
    } else if b.is_nan() {
        b
    } else if a > b {
        a
    } else if b > a {
        b
    } else if a.is_sign_positive() {
        a
    } else {
        b
    }
}

extern "C" fn sl_min(a: f64, b: f64) -> f64 {
    min2(a, b)
}
extern "C" fn sl_max(a: f64, b: f64) -> f64 {
    max2(a, b)
}
extern "C" fn sl_clip(x: f64, lo: f64, hi: f64) -> f64 {
    min2(max2(x, lo), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(i: Intrinsic, a: &[f64]) -> f64 {
        eval(i, a).expect("arity")
    }

    #[test]
    fn arity_matches_table() {
        for i in ALL_INTRINSICS {
            let n = match lowering(i) {
                Lowering::Exact(_) | Lowering::Call1(..) => 1,
                Lowering::Call2(..) => 2,
                Lowering::Call3(..) => 3,
            };
            assert_eq!(n, i.arity(), "{i:?}");
        }
    }

    #[test]
    fn python_mod_and_floordiv() {
        assert_eq!(ev(Intrinsic::Mod, &[-7.0, 3.0]), 2.0);
        assert_eq!(ev(Intrinsic::Mod, &[7.0, -3.0]), -2.0);
        assert_eq!(ev(Intrinsic::Mod, &[7.0, 3.0]), 1.0);
        assert_eq!(ev(Intrinsic::Mod, &[-7.0, -3.0]), -1.0);
        assert!(ev(Intrinsic::Mod, &[6.0, -3.0]).is_sign_negative());
        assert!(ev(Intrinsic::Mod, &[1.0, 0.0]).is_nan());
        assert_eq!(ev(Intrinsic::FloorDiv, &[-7.0, 2.0]), -4.0);
        assert_eq!(ev(Intrinsic::FloorDiv, &[7.0, 2.0]), 3.0);
    }

    #[test]
    fn min_max_sign_exprel() {
        assert!(ev(Intrinsic::Min, &[f64::NAN, 1.0]).is_nan());
        assert!(ev(Intrinsic::Max, &[1.0, f64::NAN]).is_nan());
        assert!(ev(Intrinsic::Min, &[0.0, -0.0]).is_sign_negative());
        assert!(ev(Intrinsic::Max, &[-0.0, 0.0]).is_sign_positive());
        assert_eq!(ev(Intrinsic::Clip, &[5.0, 0.0, 1.0]), 1.0);
        assert_eq!(ev(Intrinsic::Sign, &[-0.0]).to_bits(), 0.0f64.to_bits());
        assert!(ev(Intrinsic::Sign, &[f64::NAN]).is_nan());
        assert_eq!(ev(Intrinsic::Exprel, &[0.0]), 1.0);
        assert_eq!(ev(Intrinsic::Exprel, &[f64::INFINITY]), f64::INFINITY);
        assert_eq!(ev(Intrinsic::Exprel, &[f64::NEG_INFINITY]), 0.0);
        assert!((ev(Intrinsic::Exprel, &[1e-10]) - 1.0).abs() < 1e-9);
    }
}
