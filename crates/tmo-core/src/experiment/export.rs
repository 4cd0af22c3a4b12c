//! A [`Table`]'s rows as `tmo table` exports them: one JSON object or one CSV line per policy.
//! `tmo table`, `tmo sweep` and the page's exports all write rows with this code.

use super::{Row, Table};
use crate::stats::Summary;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt::Write as _;

/// One policy in the `json` format: `policy`, `seeds` (only for a row limited to some seeds,
/// e.g. `tmo table --per-seed`), `<metric>_mean`, `<metric>_sd` in column
/// order, `pct_of_optimum_mean`, `pct_of_optimum_sd` (null when undefined), `optimum_exact`,
/// `caveats` (keys of what the row must be read with), then `action_counts`.
pub struct JsonRow<'a>(pub &'a Row, pub &'a Table);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let JsonRow(row, table) = *self;
        let columns = row.summary.named_metrics();
        let seeds = usize::from(row.only_seeds.is_some());
        let mut map = serializer.serialize_map(Some(7 + seeds + 2 * columns.len()))?;
        map.serialize_entry("policy", &row.policy)?;
        if let Some(seeds) = &row.only_seeds {
            map.serialize_entry("seeds", seeds)?;
        }
        for (name, m) in columns {
            map.serialize_entry(&format!("{name}_mean"), &m.mean)?;
            map.serialize_entry(&format!("{name}_sd"), &m.sd)?;
        }
        map.serialize_entry("pct_of_optimum_mean", &row.pct_of_optimum.map(|p| p.mean))?;
        map.serialize_entry("pct_of_optimum_sd", &row.pct_of_optimum.map(|p| p.sd))?;
        map.serialize_entry("optimum_exact", &!table.optimum.lower_bound)?;
        map.serialize_entry("caveats", &row.summary.caveats.keys())?;
        map.serialize_entry("action_counts", &row.summary.action_counts)?;
        map.end()
    }
}

/// The `csv` header (no line end): `policy`, each metric's mean and sd, % of optimum,
/// `optimum_exact`, `caveats`, then `action_0 .. action_{num_actions - 1}`.
pub fn csv_header(num_actions: usize) -> String {
    let mut out = String::from("policy");
    for (name, _) in Summary::of(&[]).named_metrics() {
        let _ = write!(out, ",{name}_mean,{name}_sd");
    }
    out.push_str(",pct_of_optimum_mean,pct_of_optimum_sd,optimum_exact,caveats");
    for a in 0..num_actions {
        let _ = write!(out, ",action_{a}");
    }
    out
}

/// One policy's `csv` line (no line end), in [`csv_header`]'s columns.
pub fn csv_line(r: &Row, table: &Table) -> String {
    let mut out = r.policy.clone();
    for (_, m) in r.summary.named_metrics() {
        let _ = write!(out, ",{},{}", m.mean, m.sd);
    }
    let _ = match r.pct_of_optimum {
        Some(p) => write!(out, ",{},{}", p.mean, p.sd),
        None => write!(out, ",,"),
    };
    let _ = write!(
        out,
        ",{},{}",
        !table.optimum.lower_bound,
        r.summary.caveats.keys().join(";")
    );
    for c in &r.summary.action_counts {
        let _ = write!(out, ",{c}");
    }
    out
}
