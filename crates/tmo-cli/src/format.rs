//! The output formats of `tmo table` and `tmo sweep`.

use clap::ValueEnum;

/// How a table of results is printed.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A Markdown table.
    Md,
    /// Comma-separated values with a header row (a sweep adds `#` provenance lines first).
    Csv,
    /// JSON: an array of rows (`tmo table`), or `provenance`, `shard` and `rows` (`tmo sweep`).
    Json,
}
