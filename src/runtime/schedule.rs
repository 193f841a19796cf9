//! Brian2's schedule: the slots every time step runs through, and the order of code
//! objects inside a slot.

use std::fmt;

/// The slots of a time step, in order. Each has a `before_` and `after_` variant.
pub const SLOTS: [&str; 6] = ["start", "groups", "thresholds", "synapses", "resets", "end"];

/// A position in the schedule (`when=`): a slot with an optional `before_`/`after_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct When {
    /// `3 * slot + {0: before, 1: at, 2: after}`.
    rank: u8,
}

impl When {
    /// The slot `start`.
    pub const START: When = When { rank: 1 };
    /// The slot `groups`.
    pub const GROUPS: When = When { rank: 4 };
    /// The slot `thresholds`.
    pub const THRESHOLDS: When = When { rank: 7 };
    /// The slot `synapses`.
    pub const SYNAPSES: When = When { rank: 10 };
    /// The slot `resets`.
    pub const RESETS: When = When { rank: 13 };
    /// The slot `end`.
    pub const END: When = When { rank: 16 };
    /// `before_start`.
    pub const BEFORE_START: When = When { rank: 0 };
    /// `after_thresholds`.
    pub const AFTER_THRESHOLDS: When = When { rank: 8 };
    /// `after_resets`.
    pub const AFTER_RESETS: When = When { rank: 14 };

    /// Parse `"groups"`, `"before_resets"`, `"after_end"`, ...
    pub fn parse(s: &str) -> Option<When> {
        let (offset, base) = if let Some(rest) = s.strip_prefix("before_") {
            (0, rest)
        } else if let Some(rest) = s.strip_prefix("after_") {
            (2, rest)
        } else {
            (1, s)
        };
        let slot = SLOTS.iter().position(|x| *x == base)?;
        Some(When {
            rank: (slot * 3 + offset) as u8,
        })
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slot = SLOTS[(self.rank / 3) as usize];
        match self.rank % 3 {
            0 => write!(f, "before_{slot}"),
            1 => write!(f, "{slot}"),
            _ => write!(f, "after_{slot}"),
        }
    }
}

/// The order of the slots (Brian2's `Network.schedule`): a permutation of [`SLOTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// `position[k]`: where slot `SLOTS[k]` runs.
    position: [u8; 6],
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule {
            position: [0, 1, 2, 3, 4, 5],
        }
    }
}

impl Schedule {
    /// A schedule from slot names in the order they should run; every one of
    /// [`SLOTS`] must appear exactly once.
    pub fn from_names(names: &[&str]) -> Result<Schedule, String> {
        let mut position = [u8::MAX; 6];
        for (p, name) in names.iter().enumerate() {
            let Some(k) = SLOTS.iter().position(|s| s == name) else {
                return Err(format!(
                    "'{name}' is not a schedule slot (slots: {})",
                    SLOTS.join(", ")
                ));
            };
            if position[k] != u8::MAX {
                return Err(format!("the slot '{name}' appears twice in the schedule"));
            }
            position[k] = p as u8;
        }
        if let Some(k) = position.iter().position(|p| *p == u8::MAX) {
            return Err(format!(
                "the schedule must contain every slot; '{}' is missing",
                SLOTS[k]
            ));
        }
        Ok(Schedule { position })
    }

    /// The slot names in the order they run.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = SLOTS.to_vec();
        names.sort_by_key(|n| {
            SLOTS
                .iter()
                .position(|s| s == n)
                .map_or(u8::MAX, |k| self.position[k])
        });
        names
    }

    /// Where `when` runs in this schedule (`before_`/`after_` stay around their slot).
    pub fn rank(&self, when: When) -> u8 {
        let slot = (when.rank / 3) as usize;
        self.position[slot] * 3 + when.rank % 3
    }
}

/// The sort key of a code object: slot, then `order`, then name (Brian2 sorts ties
/// alphabetically by name).
pub fn sort_key(when: When, order: i32, name: &str) -> (When, i32, String) {
    (when, order, name.to_string())
}
