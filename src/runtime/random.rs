//! Random numbers of model code: the streams, and the filling of the random columns
//! that kernels read (`rand()`, `randn()`, noise, `PoissonInput` counts).
//!
//! A kernel never draws itself: each occurrence of a random number in its code is a
//! column, filled here before every run of the kernel. The values of one run depend
//! only on the network's seed, the code object, the time step and the position, never
//! on the thread count or the backend:
//! - over a range of neurons, the column is cut into the fixed chunks of
//!   [`CHUNK_SIZE`]; chunk `c` of column `k` at time step `s` draws from its own
//!   xoshiro256++ stream, seeded from (code object key, `s`, `k`, `c`), and chunks
//!   are filled in parallel;
//! - over a list of events (resets, synaptic pathways, setters), the list is serial
//!   and thread-independent already: one stream per (code object key, `s`, `k`)
//!   gives the events their draws in list order.
//!
//! Because streams are derived from the time step rather than carried from step to
//! step, going back to an earlier state replays the same random numbers unless the
//! key changes: the network's *random epoch* is part of the key, and `restore()` moves
//! to a new epoch (Brian2 does not restore its random state by default) while
//! restoring the random state goes back to the stored one.

use crate::check::typed::Draw;
use crate::runtime::network::CHUNK_SIZE;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rayon::prelude::*;

/// SplitMix64's output function: a bijective mix of 64 bits.
fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A key derived from `key` and `part` (order matters).
pub fn mix(key: u64, part: u64) -> u64 {
    finalize(key.wrapping_add(0x9E37_79B9_7F4A_7C15) ^ finalize(part.wrapping_add(key << 1)))
}

/// A stable key for a name (FNV-1a; the same on every platform and run).
pub fn name_key(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A seed that differs between runs of the program (for unseeded networks).
pub fn entropy_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    h.finish()
}

fn stream(key: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(key)
}

/// Uniform on `[0, 1)` with 53 random bits.
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Two independent standard normal numbers (Box-Muller).
fn normal_pair(rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
    let u1 = 1.0 - uniform(rng); // (0, 1]: the logarithm is finite
    let u2 = uniform(rng);
    let r = (-2.0 * u1.ln()).sqrt();
    let (s, c) = (2.0 * std::f64::consts::PI * u2).sin_cos();
    (r * c, r * s)
}

/// Brian2's binomial sampler (`BinomialFunction`): a normal approximation
/// `loc + scale*randn()` when `n*p > 5` and `n*(1-p) > 5`, otherwise numpy's inversion
/// algorithm (for `p > 0.5` on `1 - p`, counting failures).
#[derive(Debug, Clone, Copy)]
enum Binomial {
    Normal {
        loc: f64,
        scale: f64,
    },
    Inversion {
        n: u64,
        reverse: bool,
        p: f64,
        q: f64,
        qn: f64,
        bound: f64,
    },
}

impl Binomial {
    fn new(n: u64, p: f64) -> Binomial {
        let nf = n as f64;
        if nf * p > 5.0 && nf * (1.0 - p) > 5.0 {
            return Binomial::Normal {
                loc: nf * p,
                scale: (nf * p * (1.0 - p)).sqrt(),
            };
        }
        let reverse = p > 0.5;
        let p = if reverse { 1.0 - p } else { p };
        let q = 1.0 - p;
        Binomial::Inversion {
            n,
            reverse,
            p,
            q,
            qn: (nf * q.ln()).exp(),
            bound: nf.min(nf * p + 10.0 * (nf * p * q + 1.0).sqrt()),
        }
    }

    fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        match *self {
            Binomial::Normal { loc, scale } => normal_pair(rng).0 * scale + loc,
            Binomial::Inversion {
                n,
                reverse,
                p,
                q,
                qn,
                bound,
            } => {
                let mut x: u64 = 0;
                let mut px = qn;
                let mut u = uniform(rng);
                while u > px {
                    x += 1;
                    if x as f64 > bound {
                        x = 0;
                        px = qn;
                        u = uniform(rng);
                    } else {
                        u -= px;
                        px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
                    }
                }
                if reverse { (n - x) as f64 } else { x as f64 }
            }
        }
    }
}

/// Fill `out` with draws of `draw` from `rng`, in order.
fn fill(draw: Draw, rng: &mut Xoshiro256PlusPlus, out: &mut [f64]) {
    match draw {
        Draw::Uniform => out.iter_mut().for_each(|x| *x = uniform(rng)),
        Draw::Normal => {
            let mut pairs = out.chunks_exact_mut(2);
            for pair in &mut pairs {
                (pair[0], pair[1]) = normal_pair(rng);
            }
            if let [last] = pairs.into_remainder() {
                *last = normal_pair(rng).0;
            }
        }
        Draw::Binomial { n, p } => {
            let b = Binomial::new(n, p);
            out.iter_mut().for_each(|x| *x = b.sample(rng));
        }
    }
}

/// The time step a kernel runs at (0 outside the step loop, where `dt` is 0).
pub fn step_of(t: f64, dt: f64) -> u64 {
    if dt > 0.0 && t.is_finite() {
        (t / dt).round().max(0.0) as u64
    } else {
        0
    }
}

/// Column `k` of a kernel run over `0..n` at time step `step`: chunk by chunk, in
/// parallel on the current rayon pool.
/// `col` is reused from the previous call: it is resized, never reallocated once
/// large enough.
pub fn fill_range(col: &mut Vec<f64>, key: u64, step: u64, k: usize, draw: Draw, n: usize) {
    col.resize(n, 0.0);
    let column_key = mix(mix(key, step), k as u64);
    col.par_chunks_mut(CHUNK_SIZE)
        .enumerate()
        .for_each(|(c, chunk)| fill(draw, &mut stream(mix(column_key, c as u64)), chunk));
}

/// Column `k` (of length at least `len`) of a kernel run over the events `list` at
/// time step `step`: the events' draws, in list order, from one stream. Only the
/// events' positions are written (the kernel reads no others), so a call costs the
/// events, not the column: `col` is reused from the previous call.
pub fn fill_events(
    col: &mut Vec<f64>,
    key: u64,
    step: u64,
    k: usize,
    draw: Draw,
    list: &[u32],
    len: usize,
) {
    let len = len.max(list.iter().max().map_or(0, |&m| m as usize + 1));
    if col.len() < len {
        col.resize(len, 0.0);
    }
    let mut rng = stream(mix(mix(mix(key, step), k as u64), u64::MAX));
    let mut pair = [0.0; 2];
    for pos in list.chunks(2) {
        let drawn = &mut pair[..pos.len()];
        fill(draw, &mut rng, drawn);
        for (&i, &x) in pos.iter().zip(drawn.iter()) {
            col[i as usize] = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(key: u64, step: u64, k: usize, draw: Draw, n: usize) -> Vec<f64> {
        let mut col = Vec::new();
        fill_range(&mut col, key, step, k, draw, n);
        col
    }

    fn events(key: u64, step: u64, k: usize, draw: Draw, list: &[u32], n: usize) -> Vec<f64> {
        let mut col = Vec::new();
        fill_events(&mut col, key, step, k, draw, list, n);
        col
    }

    fn moments(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (mean, var)
    }

    #[test]
    fn uniform_and_normal_moments() {
        let n = 200_000;
        let (m, v) = moments(&range(7, 3, 0, Draw::Uniform, n));
        // mean 1/2, variance 1/12; standard errors 6.5e-4 and 1.9e-4
        assert!((m - 0.5).abs() < 4e-3, "{m}");
        assert!((v - 1.0 / 12.0).abs() < 1.2e-3, "{v}");
        let (m, v) = moments(&range(7, 3, 1, Draw::Normal, n));
        // standard errors 2.2e-3 and 3.2e-3
        assert!(m.abs() < 0.012, "{m}");
        assert!((v - 1.0).abs() < 0.018, "{v}");
    }

    #[test]
    fn binomial_moments_both_samplers() {
        // inversion (n*p = 1) and the normal approximation (n*p = 50)
        for (n, p) in [(200u64, 0.005), (1000, 0.05), (20, 0.9)] {
            let x = range(11, 0, 0, Draw::Binomial { n, p }, 100_000);
            let (m, v) = moments(&x);
            let (mean, var) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (m - mean).abs() < 6.0 * (var / 1e5).sqrt(),
                "n={n} p={p}: {m}"
            );
            assert!((v - var).abs() < 0.03 * var, "n={n} p={p}: {v} vs {var}");
        }
    }

    #[test]
    fn streams_differ_by_step_column_and_key() {
        let a = range(1, 0, 0, Draw::Uniform, 10);
        assert_ne!(a, range(1, 1, 0, Draw::Uniform, 10));
        assert_ne!(a, range(1, 0, 1, Draw::Uniform, 10));
        assert_ne!(a, range(2, 0, 0, Draw::Uniform, 10));
        assert_eq!(a, range(1, 0, 0, Draw::Uniform, 10));
        let e = events(1, 0, 0, Draw::Uniform, &[4, 2], 3);
        assert_eq!(e.len(), 5);
        assert_eq!((e[0], e[1], e[3]), (0.0, 0.0, 0.0));
        assert!(e[2] > 0.0 && e[4] > 0.0 && e[2] != e[4]);
    }

    #[test]
    fn a_reused_column_gets_the_same_draws_at_the_events() {
        // normal draws come in pairs: three events, then the same three in a column
        // left over from a longer call
        let fresh = events(5, 9, 1, Draw::Normal, &[7, 0, 3], 8);
        let mut col = vec![42.0; 20];
        fill_events(&mut col, 5, 9, 1, Draw::Normal, &[7, 0, 3], 8);
        for i in [7, 0, 3] {
            assert_eq!(col[i], fresh[i]);
        }
        assert_eq!(col.len(), 20, "a column long enough is not reallocated");
        assert_eq!(col[1], 42.0, "positions without events are not written");
        let mut col = vec![1.0; 3];
        fill_range(&mut col, 5, 9, 1, Draw::Uniform, 10);
        assert_eq!(col, range(5, 9, 1, Draw::Uniform, 10));
    }
}
