//! The M4A1 dataset schema (SIMULATOR.md §1) and its validating loader.

mod schema;

pub use schema::{Episode, Placement, Turn};
