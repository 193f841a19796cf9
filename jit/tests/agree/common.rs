//! Shared helpers: expression builders, bitwise comparison, running on both backends.

use spikelift_jit::*;

pub fn c(x: f64) -> Expr {
    Expr::Const(x)
}
pub fn sc(i: u32) -> Expr {
    Expr::Scalar(i)
}
pub fn ld(s: u32) -> Expr {
    Expr::Load(s, Index::Loop)
}
pub fn ldz(s: u32) -> Expr {
    Expr::Load(s, Index::Zero)
}
pub fn loc(l: u32) -> Expr {
    Expr::Local(l)
}
pub fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}
pub fn add(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Add, a, b)
}
pub fn sub(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Sub, a, b)
}
pub fn mul(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Mul, a, b)
}
pub fn div(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Div, a, b)
}
pub fn un(op: UnOp, a: Expr) -> Expr {
    Expr::Unary(op, Box::new(a))
}
pub fn sel(cnd: Expr, a: Expr, b: Expr) -> Expr {
    Expr::Select(Box::new(cnd), Box::new(a), Box::new(b))
}
pub fn call(i: Intrinsic, args: Vec<Expr>) -> Expr {
    Expr::Call(i, args)
}

pub fn kernel(
    name: &str,
    shape: Shape,
    n_slots: u32,
    n_scalars: u32,
    n_locals: u32,
    body: Vec<Stmt>,
) -> Kernel {
    Kernel {
        name: name.into(),
        shape,
        n_slots,
        n_scalars,
        n_idx_slots: 0,
        n_locals,
        tables: Vec::new(),
        body,
    }
}

/// Bitwise equality, except that any NaN equals any NaN.
pub fn same_bits(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// Compares two arrays with [`same_bits`]; describes the first difference.
pub fn compare(a: &[f64], b: &[f64]) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("lengths differ: {} vs {}", a.len(), b.len()));
    }
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if !same_bits(*x, *y) {
            return Err(format!(
                "element {i}: {x:?} ({:#018x}) vs {y:?} ({:#018x})",
                x.to_bits(),
                y.to_bits()
            ));
        }
    }
    Ok(())
}

pub fn assert_same(a: &[f64], b: &[f64]) {
    if let Err(e) = compare(a, b) {
        panic!("results differ: {e}");
    }
}

/// Compiles `k` with both backends.
pub fn both(k: &Kernel) -> [Compiled; 2] {
    [
        compile(k.clone(), Backend::Interp).expect("interp compile"),
        compile(k.clone(), Backend::Jit).expect("jit compile"),
    ]
}

/// Output of one `run_range`.
#[derive(Debug, Clone)]
pub struct RunOut {
    pub arrays: Vec<Vec<f64>>,
    pub events: Vec<u32>,
}

pub fn run_range(
    comp: &Compiled,
    arrays: &[Vec<f64>],
    scalars: &[f64],
    n: usize,
    policy: Policy,
) -> RunOut {
    let mut arrays = arrays.to_vec();
    let mut events = Vec::new();
    {
        let mut b = Bindings::new(
            arrays.iter_mut().map(|a| a.as_mut_slice()).collect(),
            scalars,
        );
        comp.run_range(&mut b, n, policy, &mut events)
            .expect("run_range");
    }
    RunOut { arrays, events }
}

pub fn run_events(
    comp: &Compiled,
    arrays: &[Vec<f64>],
    scalars: &[f64],
    indices: &[u32],
) -> Vec<Vec<f64>> {
    let mut arrays = arrays.to_vec();
    {
        let mut b = Bindings::new(
            arrays.iter_mut().map(|a| a.as_mut_slice()).collect(),
            scalars,
        );
        comp.run_events(&mut b, indices).expect("run_events");
    }
    arrays
}

pub fn assert_runs_equal(a: &RunOut, b: &RunOut) {
    assert_eq!(a.events, b.events, "events differ");
    assert_eq!(a.arrays.len(), b.arrays.len());
    for (x, y) in a.arrays.iter().zip(&b.arrays) {
        assert_same(x, y);
    }
}

/// Runs `k` serially with both backends, asserts they agree bitwise, returns the result.
pub fn run_agree(k: &Kernel, arrays: &[Vec<f64>], scalars: &[f64], n: usize) -> RunOut {
    let [i, j] = both(k);
    let ri = run_range(&i, arrays, scalars, n, Policy::Serial);
    let rj = run_range(&j, arrays, scalars, n, Policy::Serial);
    assert_runs_equal(&ri, &rj);
    rj
}

pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("rayon pool")
}
