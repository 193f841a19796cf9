//! Plots of arrays saved in an `.npz` file (`spikelift plot out.npz KEY...`).
//!
//! `.npz` arrays carry no units, so times are taken to be in ms (as `np.savez(...,
//! t=S.t/ms)` saves them) and rates in Hz. With no kind given, the arrays decide:
//!
//! * two 1-d arrays of equal length: a raster (the first holds neuron indices, the
//!   second spike times);
//! * a 2-d array, alone or after a 1-d time array: traces (Brian2's `M.v` layout, one
//!   row per neuron, or `M.v.T`, one column per neuron; with a time array the matching
//!   axis is the time axis, alone the rows are neurons and the x axis is the sample
//!   number);
//! * one 1-d array: a single trace over the sample number.
//!
//! A rate plot is asked for with [`PlotKind::Rate`] and takes a 1-d time array and a
//! 1-d rate array.

use super::{PlotError, PlotOptions};
use crate::io::{NpyArray, read_npz_map};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlotKind {
    /// A spike raster: indices and times.
    Raster,
    /// Traces of a recorded variable.
    State,
    /// A rate over time.
    Rate,
}

impl std::str::FromStr for PlotKind {
    type Err = String;
    fn from_str(s: &str) -> Result<PlotKind, String> {
        match s {
            "raster" => Ok(PlotKind::Raster),
            "state" => Ok(PlotKind::State),
            "rate" => Ok(PlotKind::Rate),
            _ => Err(format!(
                "unknown plot kind '{s}' (expected raster, state or rate)"
            )),
        }
    }
}

/// Where `spikelift plot data.npz` writes without `-o`: `data.png` beside the input.
pub fn default_output(npz: &Path) -> PathBuf {
    npz.with_extension("png")
}

fn bad(message: impl Into<String>) -> PlotError {
    PlotError::BadData(message.into())
}

/// A 1-d array's values, or an error naming `key`.
fn vector(key: &str, a: &NpyArray) -> Result<Vec<f64>, PlotError> {
    if a.ndim() != 1 {
        return Err(bad(format!(
            "'{key}' has shape {:?}; a 1-d array is needed here",
            a.shape
        )));
    }
    Ok(a.to_f64_vec())
}

/// The rows (neurons) of a 2-d array whose time axis has length `n_t`.
fn rows_over_time(key: &str, a: &NpyArray, n_t: usize) -> Result<Vec<Vec<f64>>, PlotError> {
    let (r, c) = (a.shape[0], a.shape[1]);
    let data = a.to_f64_vec();
    if c == n_t {
        Ok(data.chunks(c.max(1)).take(r).map(<[f64]>::to_vec).collect())
    } else if r == n_t {
        Ok((0..c)
            .map(|j| (0..r).map(|k| data[k * c + j]).collect())
            .collect())
    } else {
        Err(PlotError::LengthMismatch {
            what: format!(
                "times and the rows or columns of '{key}' (shape {:?})",
                a.shape
            ),
            expected: n_t,
            found: c,
        })
    }
}

/// Draws the arrays `keys` of the `.npz` file `npz` to `output` (PNG or SVG by its
/// extension) and returns the kind of plot drawn.
///
/// # Errors
///
/// A file that cannot be read, a missing key (the error lists the keys present), arrays
/// of the wrong number or shape for the kind, or any error of the drawing functions.
pub fn plot_npz(
    npz: &Path,
    keys: &[String],
    kind: Option<PlotKind>,
    output: &Path,
    opts: &PlotOptions,
) -> Result<PlotKind, PlotError> {
    super::Format::from_path(output)?;
    let map: BTreeMap<String, NpyArray> = read_npz_map(npz).map_err(PlotError::Read)?;
    if keys.is_empty() {
        return Err(bad(format!(
            "name the arrays to plot; {} has: {}",
            npz.display(),
            map.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let arrays: Vec<(&str, &NpyArray)> = keys
        .iter()
        .map(|k| {
            map.get(k)
                .map(|a| (k.as_str(), a))
                .ok_or_else(|| PlotError::MissingKey {
                    path: npz.to_path_buf(),
                    key: k.clone(),
                    available: map.keys().cloned().collect(),
                })
        })
        .collect::<Result<_, _>>()?;
    let dims: Vec<usize> = arrays.iter().map(|(_, a)| a.ndim()).collect();
    let kind = match kind {
        Some(k) => k,
        None => match dims.as_slice() {
            [1, 1] if arrays[0].1.len() == arrays[1].1.len() => PlotKind::Raster,
            [1, 1] => {
                return Err(PlotError::LengthMismatch {
                    what: format!(
                        "spike indices '{}' and spike times '{}'",
                        arrays[0].0, arrays[1].0
                    ),
                    expected: arrays[0].1.len(),
                    found: arrays[1].1.len(),
                });
            }
            [2] | [1, 2] | [1] => PlotKind::State,
            _ => {
                return Err(bad(format!(
                    "cannot tell what to plot from arrays of {} dimensions; give two 1-d arrays \
                     (indices, times) for a raster, a 2-d array (after a 1-d time array) for \
                     traces, or --kind",
                    dims.iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(" and ")
                )));
            }
        },
    };
    match kind {
        PlotKind::Raster => {
            let [(ik, i), (tk, t)] = arrays.as_slice() else {
                return Err(bad(
                    "a raster needs two arrays: neuron indices and spike times",
                ));
            };
            super::raster(output, &vector(ik, i)?, &vector(tk, t)?, opts)?;
        }
        PlotKind::Rate => {
            let [(tk, t), (rk, r)] = arrays.as_slice() else {
                return Err(bad("a rate plot needs two arrays: times and rates"));
            };
            super::rate(output, &vector(tk, t)?, &vector(rk, r)?, opts)?;
        }
        PlotKind::State => {
            let (t, (vk, v)) = match arrays.as_slice() {
                [(tk, t), v] => (Some(vector(tk, t)?), *v),
                [v] => (None, *v),
                _ => {
                    return Err(bad(
                        "traces need one array of values, optionally after a 1-d time array",
                    ));
                }
            };
            let rows = match (v.ndim(), &t) {
                (1, _) => vec![v.to_f64_vec()],
                (2, Some(t)) => rows_over_time(vk, v, t.len())?,
                (2, None) => rows_over_time(vk, v, v.shape[1])?,
                _ => {
                    return Err(bad(format!(
                        "'{vk}' has shape {:?}; traces need a 1-d or 2-d array",
                        v.shape
                    )));
                }
            };
            let mut opts = opts.clone();
            let t = match t {
                Some(t) => t,
                None => {
                    opts.x_label.get_or_insert_with(|| "Sample".to_string());
                    (0..rows.first().map_or(0, Vec::len))
                        .map(|k| k as f64)
                        .collect()
                }
            };
            opts.y_label.get_or_insert_with(|| vk.to_string());
            super::traces(output, &t, &rows, &opts)?;
        }
    }
    Ok(kind)
}
