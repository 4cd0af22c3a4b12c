//! The Compare table: which policies it evaluates (as tmo-core's evaluation engine entries) and
//! how its result is shown and exported. The numbers themselves come from
//! [`tmo_core::experiment::TableJob`], the loop `tmo table` runs, played in the page's worker.

use crate::export::TextTable;
use serde::Serialize;
use std::collections::BTreeSet;
use tmo_core::ActionSpace;
use tmo_core::experiment::{Entry, Row, SkipReason, Skipped, Table};
use tmo_core::policy::{PolicySpec, SHIELD_SUFFIX};
use tmo_core::stats::MeanSd;

/// Most seeds the page offers (each adds a simulator, the optimum and an evaluation per policy).
pub const MAX_SEEDS: u64 = 20;

/// The name of the clairvoyant optimum's row.
pub const OPTIMAL: &str = "optimal";

/// The §10 metrics in column order: key (as in `tmo table --format json`), header, and the
/// factor from the stored unit to the shown one.
pub const METRICS: [(&str, &str, f64); 8] = [
    ("response_score", "Response", 1.0),
    ("association_score", "Association", 1.0),
    ("latency", "Latency (s)", 1.0),
    ("usage", "Usage (1e-3 USD)", 1000.0),
    ("reward", "Reward", 1.0),
    ("latency_violation", "Latency violation (s)", 1.0),
    ("usage_violation", "Usage violation (1e-3 USD)", 1000.0),
    ("violation_rate", "Over budget (share)", 1.0),
];

/// A trained policy as Compare evaluates it: its name and the seeds whose splits it learned
/// from (one policy file per seed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trained {
    /// Its name in the lab.
    pub name: String,
    /// The seeds of the splits it learned from: evaluated on those splits' test episodes only.
    pub seeds: BTreeSet<u64>,
}

/// The policies Compare evaluates: the rules, the optimum, then the trained policies (each on
/// its own seeds, left out with a reason if it does not fit the scenario); with `shield`, every
/// policy but the optimum is followed by its shielded form, `NAME+shield`.
pub fn entries(trained: &[Trained], shield: bool) -> Vec<Entry> {
    let rules = PolicySpec::RULES.iter().map(|spec| spec.to_string());
    let mut out = Vec::new();
    for name in rules {
        out.push(Entry::every_seed(&name));
        if shield {
            out.push(Entry::every_seed(&format!("{name}{SHIELD_SUFFIX}")));
        }
    }
    out.push(Entry::every_seed(OPTIMAL));
    for t in trained {
        out.push(Entry::trained_on_seeds(&t.name, t.seeds.iter().copied()));
        if shield {
            out.push(Entry::trained_on_seeds(
                &format!("{}{SHIELD_SUFFIX}", t.name),
                t.seeds.iter().copied(),
            ));
        }
    }
    out
}

/// Whether a row's policy is shielded.
pub fn is_shielded(policy: &str) -> bool {
    policy.ends_with(SHIELD_SUFFIX)
}

/// The metrics of `row` in [`METRICS`] order.
pub fn metrics(row: &Row) -> [MeanSd; 8] {
    row.summary.named_metrics().map(|(_, m)| m)
}

/// Why a skipped policy is not in the table, in words.
pub fn skipped_reason(skipped: &Skipped, seeds: u64) -> String {
    match &skipped.reason {
        SkipReason::Failed(e) => e.clone(),
        SkipReason::SeedsNotEvaluated(s) => format!(
            "it learned from the training episodes of {}, so it is evaluated on the same seeds' test splits only, and the table shows seeds 0 to {}",
            seed_list(s),
            seeds.saturating_sub(1)
        ),
    }
}

/// "seed 4" or "seeds 0, 1 and 3".
pub fn seed_list(seeds: &BTreeSet<u64>) -> String {
    let all: Vec<String> = seeds.iter().map(u64::to_string).collect();
    match all.as_slice() {
        [] => "no seed".to_owned(),
        [one] => format!("seed {one}"),
        [init @ .., last] => format!("seeds {} and {last}", init.join(", ")),
    }
}

/// An evaluated table with its action space.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The engine's table.
    pub table: Table,
    /// The action space (for grouping counts).
    pub actions: ActionSpace,
}

impl Comparison {
    /// Wraps an engine table (an error only for a table whose view count is out of range).
    pub fn new(table: Table) -> Result<Comparison, String> {
        let actions = table
            .actions()
            .ok_or_else(|| format!("a table with {} views cannot be shown", table.num_views))?;
        Ok(Comparison { table, actions })
    }

    /// Headers of the grouped action columns: `Local`, `Cloud+0` … `Cloud+X`.
    pub fn action_headers(&self) -> Vec<String> {
        std::iter::once("Local".to_owned())
            .chain((0..=self.actions.num_views()).map(|j| format!("Cloud+{j}")))
            .collect()
    }

    /// A row's mean action counts grouped as Local and Cloud by number of views.
    pub fn grouped_counts(&self, row: &Row) -> Vec<f64> {
        let g = self.actions.group_by_views(&row.summary.action_counts);
        std::iter::once(g.local).chain(g.cloud_by_views).collect()
    }

    /// The table for CSV export: raw units (seconds, USD), every mean and sd, % of optimum,
    /// grouped counts.
    pub fn csv_table(&self) -> TextTable {
        let mut headers = vec!["policy".to_owned()];
        for (key, _, _) in METRICS {
            headers.push(format!("{key}_mean"));
            headers.push(format!("{key}_sd"));
        }
        headers.extend(
            ["pct_of_optimum_mean", "pct_of_optimum_sd", "optimum_exact"].map(String::from),
        );
        headers.extend(self.action_headers().iter().map(|h| h.to_lowercase()));
        let exact = (!self.table.optimum.lower_bound).to_string();
        let rows = self
            .table
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.policy.clone()];
                for m in metrics(row) {
                    cells.push(m.mean.to_string());
                    cells.push(m.sd.to_string());
                }
                match row.pct_of_optimum {
                    Some(p) => cells.extend([p.mean.to_string(), p.sd.to_string()]),
                    None => cells.extend([String::new(), String::new()]),
                }
                cells.push(exact.clone());
                cells.extend(self.grouped_counts(row).iter().map(f64::to_string));
                cells
            })
            .collect();
        TextTable { headers, rows }
    }

    /// The table for JSON export: one object per policy.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Export<'a> {
            seeds: u64,
            optimum_exact: bool,
            policies: Vec<ExportRow<'a>>,
        }
        #[derive(Serialize)]
        struct ExportRow<'a> {
            policy: &'a str,
            learned: bool,
            /// The seeds a trained policy is evaluated on.
            #[serde(skip_serializing_if = "Option::is_none")]
            evaluated_seeds: Option<&'a BTreeSet<u64>>,
            #[serde(flatten)]
            summary: &'a tmo_core::stats::Summary,
            pct_of_optimum: Option<MeanSd>,
            local: f64,
            cloud_by_views: Vec<f64>,
        }
        let policies = self
            .table
            .rows
            .iter()
            .map(|row| {
                let g = self.actions.group_by_views(&row.summary.action_counts);
                ExportRow {
                    policy: &row.policy,
                    learned: row.only_seeds.is_some(),
                    evaluated_seeds: row.only_seeds.as_ref(),
                    summary: &row.summary,
                    pct_of_optimum: row.pct_of_optimum,
                    local: g.local,
                    cloud_by_views: g.cloud_by_views,
                }
            })
            .collect();
        serde_json::to_string_pretty(&Export {
            seeds: self.table.seeds,
            optimum_exact: !self.table.optimum.lower_bound,
            policies,
        })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::LabDataset;
    use tmo_core::experiment::TableJob;
    use tmo_core::policy::{BaselineFactory, Shielding};
    use tmo_core::{Scenario, Shuffle, Simulator, Split, evaluate};

    #[test]
    fn entries_list_rules_optimum_and_trained_policies_shielded_on_request() {
        let trained = [Trained {
            name: "TMO".to_owned(),
            seeds: [1].into(),
        }];
        let plain: Vec<String> = entries(&trained, false)
            .into_iter()
            .map(|e| e.policy)
            .collect();
        assert_eq!(
            plain,
            [
                "local",
                "cloud",
                "random",
                "all-views",
                "text-only",
                "greedy",
                "optimal",
                "TMO"
            ]
        );
        let shielded = entries(&trained, true);
        assert_eq!(shielded.len(), 2 * 6 + 1 + 2);
        assert_eq!(shielded[1].policy, "local+shield");
        let last = shielded.last().unwrap();
        assert_eq!(
            (last.policy.as_str(), last.only_seeds.clone()),
            ("TMO+shield", Some([1].into()))
        );
        assert!(last.optional && is_shielded(&last.policy));
    }

    #[test]
    fn the_engine_table_is_shown_and_exported() {
        let kitchen = LabDataset::kitchen();
        let mut scenario = Scenario::default_for(kitchen.data.num_views());
        scenario.budgets.latency_s = 12.0;
        scenario.budgets.usage_usd = 0.02;
        let table = TableJob::new(
            kitchen.data.clone(),
            scenario.clone(),
            Shuffle::Chacha8,
            2,
            entries(&[], true),
            Shielding(BaselineFactory),
        )
        .unwrap()
        .run()
        .unwrap();
        let shown = Comparison::new(table).unwrap();
        // `local` by hand on seed 1.
        let split = Split::seeded(kitchen.data.episodes().len(), 1).unwrap();
        let sim = Simulator::new(&kitchen.data, &scenario, &split).unwrap();
        let local = evaluate(&sim, &mut tmo_core::policy::Local);
        assert_eq!(metrics(&shown.table.rows[0])[4].mean, {
            let split0 = Split::seeded(kitchen.data.episodes().len(), 0).unwrap();
            let sim0 = Simulator::new(&kitchen.data, &scenario, &split0).unwrap();
            (evaluate(&sim0, &mut tmo_core::policy::Local).reward + local.reward) / 2.0
        });
        for row in shown.table.rows.iter().filter(|r| is_shielded(&r.policy)) {
            assert_eq!(row.summary.violation_rate.mean, 0.0, "{}", row.policy);
        }
        let optimal = shown
            .table
            .rows
            .iter()
            .find(|r| r.policy == OPTIMAL)
            .unwrap();
        assert_eq!(optimal.pct_of_optimum.map(|p| p.mean), Some(100.0));
        let counts = shown.grouped_counts(&shown.table.rows[0]);
        assert_eq!(counts.len(), 2 + kitchen.data.num_views());
        let csv = shown.csv_table();
        assert_eq!(csv.headers.len(), 1 + 16 + 3 + counts.len());
        assert!(csv.rows.iter().all(|r| r.len() == csv.headers.len()));
        let json = shown.json();
        assert!(json.contains("\"policy\": \"greedy+shield\""));
        assert!(json.contains("\"optimum_exact\": true"));
    }

    #[test]
    fn a_skipped_policy_says_why() {
        let s = Skipped {
            policy: "TMO".to_owned(),
            reason: SkipReason::SeedsNotEvaluated([4].into()),
        };
        assert!(skipped_reason(&s, 3).contains("training episodes of seed 4,"));
        assert!(skipped_reason(&s, 3).contains("seeds 0 to 2"));
        assert_eq!(seed_list(&[0, 1, 3].into()), "seeds 0, 1 and 3");
    }
}
