//! Helpers shared by integration tests (`mod common;` in a test crate).
//!
//! Each test crate uses only part of these helpers, so unused items are allowed here.
#![allow(dead_code)]

pub mod conformance;
