//! TMO Lab's simulator core: everything the paper's offloading environment computes.
//!
//! Plain Rust with no web or learning dependency, so the same numbers come out natively,
//! in the `tmo` command and in the browser (wasm32).

pub mod dataset;
