//! Indexing and slicing of arrays and sequences the way NumPy and Python do it:
//! integers (negative from the end), slices, integer arrays, boolean masks, and
//! `(rows, cols)` pairs on 2-d arrays.

use super::value::{Array, Kind, Value};

/// The positions selected by `idx` in a sequence of length `len`, and whether the
/// result keeps the axis (a slice, array or mask) or drops it (a single integer).
pub fn positions(len: usize, idx: &Value) -> Result<(Vec<usize>, bool), String> {
    let norm = |i: i64| -> Result<usize, String> {
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            Err(format!(
                "index {i} is out of bounds for axis 0 with size {len}"
            ))
        } else {
            Ok(j as usize)
        }
    };
    match idx {
        Value::Int(_) | Value::Bool(_) => Ok((vec![norm(idx.as_int().unwrap_or(0))?], false)),
        Value::Slice(lo, hi, step) => Ok((slice_positions(len, *lo, *hi, *step)?, true)),
        Value::Array(a) if a.kind == Kind::Bool => {
            if a.len() != len {
                return Err(format!(
                    "boolean index did not match indexed array along axis 0; size of axis is {len} but size of boolean index is {}",
                    a.len()
                ));
            }
            Ok((
                a.data
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x != 0.0)
                    .map(|(k, _)| k)
                    .collect(),
                true,
            ))
        }
        Value::Array(a) if a.kind == Kind::Int && a.shape.len() <= 1 => {
            let v: Result<Vec<usize>, String> = a.data.iter().map(|x| norm(*x as i64)).collect();
            Ok((v?, !a.shape.is_empty()))
        }
        Value::List(items) | Value::Tuple(items) if items.iter().all(|v| v.as_int().is_some()) => {
            let v: Result<Vec<usize>, String> = items
                .iter()
                .map(|x| norm(x.as_int().unwrap_or(0)))
                .collect();
            Ok((v?, true))
        }
        other => Err(format!(
            "only integers, slices, integer arrays and boolean masks are valid indices, not {}",
            other.type_name()
        )),
    }
}

/// Python's slice semantics.
pub fn slice_positions(
    len: usize,
    lo: Option<i64>,
    hi: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<usize>, String> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err("slice step cannot be zero".into());
    }
    let n = len as i64;
    let clamp = |x: i64, low: i64, high: i64| x.max(low).min(high);
    let fix = |x: i64| if x < 0 { x + n } else { x };
    let mut res = Vec::new();
    if step > 0 {
        let start = clamp(lo.map_or(0, fix), 0, n);
        let stop = clamp(hi.map_or(n, fix), 0, n);
        let mut k = start;
        while k < stop {
            res.push(k as usize);
            k += step;
        }
    } else {
        let start = clamp(lo.map_or(n - 1, fix), -1, n - 1);
        let stop = clamp(hi.map_or(-1, fix), -1, n - 1);
        let mut k = start;
        while k > stop {
            res.push(k as usize);
            k += step;
        }
    }
    Ok(res)
}

/// Whether an index selects by an array of positions (NumPy's advanced indexing).
fn is_fancy(idx: &Value) -> bool {
    matches!(idx, Value::List(_) | Value::Tuple(_))
        || matches!(idx, Value::Array(a) if !a.shape.is_empty())
}

/// The elements `[r, c]` selects in a 2-d array of `shape` (row-major positions) and
/// the shape of the result, as NumPy has it: two index arrays pair up element by
/// element (one of length 1 is repeated); otherwise rows and columns combine.
pub fn positions_2d(
    shape: &[usize],
    r: &Value,
    c: &Value,
) -> Result<(Vec<usize>, Vec<usize>), String> {
    let (rows, keep_r) = positions(shape[0], r)?;
    let (cols, keep_c) = positions(shape[1], c)?;
    let ncols = shape[1];
    if is_fancy(r) && is_fancy(c) {
        let n = rows.len().max(cols.len());
        if !(rows.len() == n || rows.len() == 1) || !(cols.len() == n || cols.len() == 1) {
            return Err(format!(
                "shape mismatch: indexing arrays could not be broadcast together with shapes ({},) ({},)",
                rows.len(),
                cols.len()
            ));
        }
        let at = |v: &[usize], k: usize| if v.len() == 1 { v[0] } else { v[k] };
        let flat = (0..n)
            .map(|k| at(&rows, k) * ncols + at(&cols, k))
            .collect();
        return Ok((flat, vec![n]));
    }
    let flat = rows
        .iter()
        .flat_map(|&i| cols.iter().map(move |&j| i * ncols + j))
        .collect();
    let shape = match (keep_r, keep_c) {
        (true, true) => vec![rows.len(), cols.len()],
        (true, false) => vec![rows.len()],
        (false, true) => vec![cols.len()],
        (false, false) => vec![],
    };
    Ok((flat, shape))
}

/// `a[idx]` for an array.
pub fn index_array(a: &Array, idx: &Value) -> Result<Value, String> {
    if a.shape.is_empty() {
        // `S.N[:]`, `G.shared_var[:]`: Brian2's view of a scalar variable reads its
        // value with `[:]` (numpy's 0-d arrays refuse any index).
        if *idx == Value::Slice(None, None, None) {
            return Ok(Value::from_array(a.clone()));
        }
        return Err("too many indices for array: array is 0-dimensional".into());
    }
    if let Value::Tuple(parts) = idx {
        return match (a.shape.len(), parts.as_slice()) {
            (2, [r, c]) => {
                let (flat, shape) = positions_2d(&a.shape, r, c)?;
                Ok(Value::from_array(Array {
                    data: flat.iter().map(|&k| a.data[k]).collect(),
                    shape,
                    dim: a.dim,
                    kind: a.kind,
                }))
            }
            (1, [single]) => index_array(a, single),
            _ => Err(format!(
                "too many indices for array: array is {}-dimensional",
                a.shape.len()
            )),
        };
    }
    let (rows, keep) = positions(a.shape[0], idx)?;
    if a.shape.len() == 1 {
        let data: Vec<f64> = rows.iter().map(|&i| a.data[i]).collect();
        let shape = if keep { vec![data.len()] } else { vec![] };
        return Ok(Value::from_array(Array {
            data,
            shape,
            dim: a.dim,
            kind: a.kind,
        }));
    }
    let cols = a.shape[1];
    let data: Vec<f64> = rows
        .iter()
        .flat_map(|&i| a.data[i * cols..(i + 1) * cols].iter().copied())
        .collect();
    let shape = if keep {
        vec![rows.len(), cols]
    } else {
        vec![cols]
    };
    Ok(Value::from_array(Array {
        data,
        shape,
        dim: a.dim,
        kind: a.kind,
    }))
}

/// `seq[idx]` for lists, tuples and strings.
pub fn index_sequence(items: &[Value], idx: &Value, tuple: bool) -> Result<Value, String> {
    let (pos, keep) = positions(items.len(), idx)?;
    if !keep {
        return Ok(items[pos[0]].clone());
    }
    let v: Vec<Value> = pos.iter().map(|&i| items[i].clone()).collect();
    Ok(if tuple {
        Value::Tuple(v)
    } else {
        Value::List(v)
    })
}
