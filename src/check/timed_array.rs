//! `TimedArray`: a function of time defined by a table of values with a time step of
//! its own (1-d: `stim(t)`; 2-d, indexed `[time, i]`: `stim(t, i)`), and Brian2's
//! lookup rule.
//!
//! For a code object whose clock has step `dt`, Brian2 upsamples the array's step
//! `dt_ta` by `K = max(2**ceil(log2(8/dt*dt_ta)), 1)`, sets `eps = dt_ta/K` and reads
//! row `int((t/eps + 0.5)/K)` clipped to `[0, rows - 1]`: the value of bin
//! `floor(t/dt_ta)`, robust to rounding, the last value held after the end. A 2-d
//! array gives NaN for a column index outside `[0, cols)`. `dt_ta` enters the formula
//! as Brian2's C code spells it, printed with 18 decimals (`{dt:.18f}`).

use std::sync::Arc;

use crate::units::Dimension;

/// Why a `TimedArray` cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TimedArrayError {
    /// No values.
    #[error("TimedArray '{name}' needs at least one value")]
    Empty {
        /// The array's name.
        name: String,
    },
    /// A 2-d array without columns, or values that do not fill the rows.
    #[error("TimedArray '{name}': {len} values do not form {rows} rows of {cols} columns")]
    Shape {
        /// The array's name.
        name: String,
        /// Number of values.
        len: usize,
        /// Rows asked for.
        rows: usize,
        /// Columns asked for.
        cols: usize,
    },
    /// A time step that is not a positive, finite number of seconds.
    #[error("TimedArray '{name}': dt must be a positive, finite time, got {dt} s")]
    Dt {
        /// The array's name.
        name: String,
        /// The time step given.
        dt: f64,
    },
    /// More values than a kernel table holds.
    #[error("TimedArray '{name}' has {len} values, more than the {max} supported")]
    TooLarge {
        /// The array's name.
        name: String,
        /// Number of values.
        len: usize,
        /// The limit.
        max: usize,
    },
}

/// A `TimedArray`: values (SI, row-major `[time, i]`), their unit and time step.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedArray {
    name: String,
    values: Vec<f64>,
    rows: usize,
    cols: Option<usize>,
    dt: f64,
    dim: Dimension,
}

impl TimedArray {
    /// A 1-d array (`cols: None`, called as `name(t)`) or a 2-d array of `rows` rows of
    /// `cols` columns (called as `name(t, i)`); `values` are in SI units of `dim`,
    /// row-major, `dt` in seconds.
    pub fn new(
        name: &str,
        values: Vec<f64>,
        cols: Option<usize>,
        dt: f64,
        dim: Dimension,
    ) -> Result<Arc<TimedArray>, TimedArrayError> {
        let name = name.to_string();
        if !(dt.is_finite() && dt > 0.0) {
            return Err(TimedArrayError::Dt { name, dt });
        }
        if values.is_empty() {
            return Err(TimedArrayError::Empty { name });
        }
        let max = u32::MAX as usize;
        if values.len() > max {
            return Err(TimedArrayError::TooLarge {
                name,
                len: values.len(),
                max,
            });
        }
        let rows = match cols {
            None => values.len(),
            Some(c) => {
                if c == 0 || !values.len().is_multiple_of(c) {
                    return Err(TimedArrayError::Shape {
                        name,
                        len: values.len(),
                        rows: values.len() / c.max(1),
                        cols: c,
                    });
                }
                values.len() / c
            }
        };
        Ok(Arc::new(TimedArray {
            name,
            values,
            rows,
            cols,
            dt,
            dim,
        }))
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The values in SI units, row-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Number of time steps (rows).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns of a 2-d array (`None`: 1-d).
    pub fn cols(&self) -> Option<usize> {
        self.cols
    }

    /// Its time step in seconds.
    pub fn dt(&self) -> f64 {
        self.dt
    }

    /// The unit of its values.
    pub fn dim(&self) -> Dimension {
        self.dim
    }

    /// Number of arguments of a call: 1 (`t`) or 2 (`t, i`).
    pub fn arity(&self) -> usize {
        if self.cols.is_some() { 2 } else { 1 }
    }

    /// Brian2's upsampling factor `K` for a clock of step `group_dt`.
    pub fn upsampling(&self, group_dt: f64) -> f64 {
        (8.0 / group_dt * self.dt).log2().ceil().exp2().max(1.0)
    }

    /// `eps = dt_ta/K` as Brian2's generated code computes it (`dt_ta` printed with 18
    /// decimals).
    pub fn epsilon(&self, group_dt: f64) -> f64 {
        let printed: f64 = format!("{:.18}", self.dt).parse().unwrap_or(self.dt);
        printed / self.upsampling(group_dt)
    }

    /// Whether the value is constant over a step of `group_dt` (Brian2's
    /// `is_locally_constant`: `dt_ta` is an integer multiple of `group_dt`), which
    /// exact integration needs.
    pub fn is_locally_constant(&self, group_dt: f64) -> bool {
        if group_dt > self.dt {
            return false;
        }
        let ratio = self.dt / group_dt;
        ratio.floor() == ratio
    }

    /// The row read at time `t` (seconds) by code on a clock of step `group_dt`.
    pub fn row_at(&self, t: f64, group_dt: f64) -> usize {
        let k = self.upsampling(group_dt);
        let x = ((t / self.epsilon(group_dt) + 0.5) / k) as i64;
        x.clamp(0, self.rows as i64 - 1) as usize
    }

    /// The value (SI) at time `t` and column `i` (ignored for 1-d arrays; NaN outside
    /// the columns of a 2-d array) for a clock of step `group_dt`.
    pub fn value_at(&self, t: f64, i: i64, group_dt: f64) -> f64 {
        let row = self.row_at(t, group_dt);
        match self.cols {
            None => self.values[row],
            Some(c) if i >= 0 && (i as usize) < c => self.values[row * c + i as usize],
            Some(_) => f64::NAN,
        }
    }
}
