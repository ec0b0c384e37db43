//! Time as a dependency: the domain never reads the system clock itself.

use chrono::{DateTime, SubsecRound, Utc};
use std::sync::Mutex;

/// A source of the current time. The service passes the system's, tests a [`FixedTime`].
pub trait TimeSource: Send + Sync {
    /// The current instant, truncated to the microsecond (the precision every store keeps).
    fn now(&self) -> DateTime<Utc>;
}

/// Truncates an instant to the microsecond, the precision stored and hashed in events.
pub fn to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// A time source standing at a set time until it is moved, for tests and the data generator.
#[derive(Debug)]
pub struct FixedTime {
    now: Mutex<DateTime<Utc>>,
}

impl FixedTime {
    /// Standing at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(to_micros(at)),
        }
    }

    /// Moves it to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to_micros(at);
    }

    /// Moves it forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now = to_micros(*now + by);
    }
}

impl TimeSource for FixedTime {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}
