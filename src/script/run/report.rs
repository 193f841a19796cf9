//! Brian2's text progress report (`run(..., report='text')`): the lines Brian2's
//! `TextReport` writes, with its wording and its `_format_time` rounding.
//!
//! ```text
//! Starting simulation at t=0. s for a duration of 1. s
//! 0.5 s (50%) simulated in 1s, estimated 1s remaining.
//! 1. s (100%) simulated in 2s
//! ```

use crate::api::Progress;
use crate::units::{Dimension, Quantity};

/// The report line for one progress report.
pub fn text_report(p: &Progress) -> String {
    if p.completed == 0.0 && !p.done {
        return format!(
            "Starting simulation at t={} for a duration of {}",
            p.start, p.duration
        );
    }
    let t = Quantity::new(p.completed * p.duration.value, Dimension::TIME);
    let percent = (p.completed * 100.0) as i64;
    let elapsed = p.elapsed.as_secs_f64();
    let mut line = format!("{t} ({percent}%) simulated in {}", format_time(elapsed));
    if p.completed < 1.0 && p.completed > 0.0 {
        let remaining = ((1.0 - p.completed) / p.completed * elapsed).round_ties_even();
        line.push_str(&format!(
            ", estimated {} remaining.",
            format_time(remaining)
        ));
    }
    line
}

/// A wall-clock time as Brian2 shows it: `3h 25m 45s`, `2m 3s`, `12s`, `< 1s`.
pub fn format_time(seconds: f64) -> String {
    let mut remaining = seconds;
    let mut parts: Vec<String> = Vec::new();
    for (divisor, letter) in [(86400.0, 'd'), (3600.0, 'h'), (60.0, 'm'), (1.0, 's')] {
        let n = (remaining / divisor).trunc();
        remaining -= n * divisor;
        if n > 0.0 || !parts.is_empty() {
            parts.push(format!("{}{letter}", n as i64));
        }
    }
    if parts.is_empty() {
        "< 1s".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn progress(completed: f64, elapsed: f64, done: bool) -> Progress {
        Progress {
            elapsed: Duration::from_secs_f64(elapsed),
            completed,
            start: Quantity::new(0.0, Dimension::TIME),
            duration: Quantity::new(1.0, Dimension::TIME),
            done,
        }
    }

    #[test]
    fn brian2_wording() {
        assert_eq!(
            text_report(&progress(0.0, 0.0, false)),
            "Starting simulation at t=0. s for a duration of 1. s"
        );
        assert_eq!(
            text_report(&progress(0.5, 1.2, false)),
            "0.5 s (50%) simulated in 1s, estimated 1s remaining."
        );
        assert_eq!(
            text_report(&progress(1.0, 2.0, true)),
            "1. s (100%) simulated in 2s"
        );
        assert_eq!(
            text_report(&progress(0.0, 0.1, true)),
            "0. s (0%) simulated in < 1s"
        );
    }

    #[test]
    fn wall_times() {
        assert_eq!(format_time(12345.0), "3h 25m 45s");
        assert_eq!(format_time(123.0), "2m 3s");
        assert_eq!(format_time(12.5), "12s");
        assert_eq!(format_time(0.5), "< 1s");
        assert_eq!(format_time(86400.0 + 5.0), "1d 0h 0m 5s");
    }
}
