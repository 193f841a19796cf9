//! Clocks: an integer time step and a `dt`, with Brian2's rules for where a run
//! starts and ends (`t = timestep * dt`, never accumulated).

/// Brian2's tolerance for "the same time" in units of `dt`.
pub const EPSILON_DT: f64 = 1e-4;

/// The step in which time `t` falls, as Brian2's `timestep(t, dt)` computes it:
/// `t` is shifted by `1e-3 * dt` so that multiples of `dt` never fall in the step
/// before, then truncated.
pub fn timestep(t: f64, dt: f64) -> i64 {
    ((t + 1e-3 * dt) / dt) as i64
}

/// A clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// Its name (`defaultclock`, `clock_1`, ...).
    pub name: String,
    /// Time step in seconds.
    pub dt: f64,
    /// Current time step.
    pub timestep: i64,
    /// First time step that is not simulated in the current run.
    pub i_end: i64,
}

impl Clock {
    /// A clock at time 0.
    pub fn new(name: &str, dt: f64) -> Clock {
        Clock {
            name: name.to_string(),
            dt,
            timestep: 0,
            i_end: 0,
        }
    }

    /// The current time in seconds.
    pub fn t(&self) -> f64 {
        self.timestep as f64 * self.dt
    }

    /// The time step for time `target`: rounded if within `EPSILON_DT` of a step,
    /// else rounded up (so repeated runs never simulate a step twice).
    pub fn calc_timestep(&self, target: f64) -> i64 {
        let rounded = (target / self.dt).round();
        let new_t = rounded * self.dt;
        if new_t == target || ((new_t - target) / self.dt).abs() <= EPSILON_DT {
            rounded as i64
        } else {
            (target / self.dt).ceil() as i64
        }
    }

    /// Prepare a run from `start` to `end` (seconds).
    pub fn set_interval(&mut self, start: f64, end: f64) {
        self.timestep = self.calc_timestep(start);
        self.i_end = self.calc_timestep(end);
    }

    /// Whether two clocks are at the same time (within `EPSILON_DT` of `other.dt`).
    pub fn same_time(&self, other: &Clock) -> bool {
        ((self.t() - other.t()) / other.dt).abs() < EPSILON_DT
    }
}
