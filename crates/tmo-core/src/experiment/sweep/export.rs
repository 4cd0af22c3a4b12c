//! A sweep's exports, as `tmo sweep` writes them and the page downloads them: JSON (an object
//! of provenance, shard and rows) and CSV (`#` provenance lines, the header, one line per row).
//! Every export carries its [`Provenance`], so the file alone reproduces the sweep.

use super::{Axis, AxisValues, Point, PointResult, Values};
use crate::dataset::Dataset;
use crate::experiment::export::{JsonRow, csv_header, csv_line};
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where a sweep came from: enough to run it again from the file alone. `C` is a learner's
/// configuration (tmo-agent's `LearnerConfig`).
#[derive(Clone, Debug, Serialize)]
pub struct Provenance<'a, C> {
    /// What made it (`tmo sweep`, the page).
    pub program: &'static str,
    /// Its version.
    pub version: &'static str,
    /// The dataset.
    pub dataset: DatasetInfo,
    /// The split's shuffle name (`chacha8`, …).
    pub split: &'static str,
    /// Seeds `0 .. seeds`.
    pub seeds: u64,
    /// The axis's name.
    pub axis: &'static str,
    /// The values swept.
    pub values: &'a Values,
    /// The base scenario every point changes.
    pub scenario: &'a Scenario,
    /// The policies, as named.
    pub policies: &'a [String],
    /// Each learner's configuration at seed 0 (seed `s` differs only in `seed`).
    pub learner_configs: BTreeMap<String, C>,
    /// How the learners were trained ([`training`]).
    pub training: &'static str,
    /// What the axis's output must be read with ([`Axis::note`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// The dataset of a sweep: where it came from, its FNV-1a hash and its size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DatasetInfo {
    /// Its file path (or the name it is shown under in the page).
    pub path: String,
    /// FNV-1a 64 of its bytes (the file's, or in the page the JSON it holds), in hex.
    pub fnv1a_64: String,
    /// Episodes.
    pub episodes: usize,
    /// Camera views.
    pub views: usize,
}

impl DatasetInfo {
    /// The information of `dataset`, read from `bytes` at `path`.
    pub fn of(path: String, bytes: &[u8], dataset: &Dataset) -> DatasetInfo {
        DatasetInfo::hashed(path, fnv1a_64(bytes), dataset)
    }

    /// The information of `dataset` at `path`, whose bytes hash to `fnv1a_64`.
    pub fn hashed(path: String, fnv1a_64: u64, dataset: &Dataset) -> DatasetInfo {
        DatasetInfo {
            path,
            fnv1a_64: format!("{fnv1a_64:016x}"),
            episodes: dataset.episodes().len(),
            views: dataset.num_views(),
        }
    }
}

/// How the learners of a sweep over `axis` are trained, in words.
pub fn training(axis: Axis) -> &'static str {
    if axis.varies_budgets_only() {
        "each learner trained once per seed, evaluated at every point"
    } else {
        "each learner trained per point and seed"
    }
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a64::default();
    hash.update(bytes);
    hash.value()
}

/// FNV-1a 64 of bytes that arrive in parts (a file read chunk by chunk).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv1a64(u64);

impl Default for Fnv1a64 {
    fn default() -> Self {
        Fnv1a64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a64 {
    /// Hashes the next `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }

    /// The hash of every byte so far.
    pub fn value(self) -> u64 {
        self.0
    }
}

/// The largest action space of `points` (the CSV's action columns).
pub fn max_actions(points: &[Point]) -> usize {
    points
        .iter()
        .map(|p| 1 + (1usize << p.dataset.num_views()))
        .max()
        .unwrap_or(0)
}

/// One row in `json`: the axis fields, then `tmo table`'s row.
#[derive(Serialize)]
struct SweepRow<'a> {
    #[serde(flatten)]
    values: &'a AxisValues,
    #[serde(flatten)]
    row: JsonRow<'a>,
}

#[derive(Serialize)]
struct Output<'a, C> {
    provenance: &'a Provenance<'a, C>,
    shard: Option<String>,
    rows: Vec<SweepRow<'a>>,
}

/// The `json` export: `{"provenance": …, "shard": "I/N" or null, "rows": [...]}`, a row being
/// the point's axis fields by name followed by `tmo table`'s JSON row.
pub fn json<C: Serialize>(
    provenance: &Provenance<'_, C>,
    shard: Option<(usize, usize)>,
    results: &[PointResult],
) -> Result<String, serde_json::Error> {
    let rows = PointResult::rows(results)
        .map(|(values, row, table)| SweepRow {
            values,
            row: JsonRow(row, table),
        })
        .collect();
    let output = Output {
        provenance,
        shard: shard.map(|(i, n)| format!("{i}/{n}")),
        rows,
    };
    Ok(serde_json::to_string_pretty(&output)? + "\n")
}

/// The `csv` export: with `head`, `# provenance: <JSON>` (and `# note: …`) and the header;
/// then one line per row, the axis columns followed by `tmo table`'s CSV columns (action
/// columns up to `max_actions`, empty where a point has fewer actions).
pub fn csv<C: Serialize>(
    provenance: &Provenance<'_, C>,
    axis: Axis,
    results: &[PointResult],
    head: bool,
    max_actions: usize,
) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    if head {
        let _ = writeln!(out, "# provenance: {}", serde_json::to_string(provenance)?);
        if let Some(note) = axis.note() {
            let _ = writeln!(out, "# note: {note}");
        }
        let _ = writeln!(
            out,
            "{},{}",
            axis.fields().join(","),
            csv_header(max_actions)
        );
    }
    for (values, row, table) in PointResult::rows(results) {
        let fields: Vec<String> = axis.fields().iter().map(|f| values.text(f)).collect();
        let pad = max_actions.saturating_sub(row.summary.action_counts.len());
        let _ = writeln!(
            out,
            "{},{}{}",
            fields.join(","),
            csv_line(row, table),
            ",".repeat(pad)
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_64_is_the_published_hash_whole_or_in_parts() {
        // FNV-1a 64 test vectors (Fowler, Noll, Vo).
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        let mut parts = Fnv1a64::default();
        for part in [&b"fo"[..], b"", b"ob", b"ar"] {
            parts.update(part);
        }
        assert_eq!(parts.value(), fnv1a_64(b"foobar"));
    }
}
