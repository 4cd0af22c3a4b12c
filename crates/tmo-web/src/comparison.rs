//! The Compare table's numbers, computed as `tmo table` does: for each seed `0 .. N`, the
//! seeded split, a simulator and every policy built for that seed and evaluated with
//! tmo-core; then [`Summary::of`] over the seeds.

use crate::export::TextTable;
use crate::state::{LearnedPolicy, SPLIT_SEED};
use serde::Serialize;
use std::sync::Arc;
use tmo_core::dataset::Dataset;
use tmo_core::metrics::Metrics;
use tmo_core::policy::PolicySpec;
use tmo_core::stats::{MeanSd, Summary};
use tmo_core::{ActionSpace, Scenario, Simulator, Split, evaluate};

/// Most seeds the page offers (each adds a simulator build and an evaluation per policy).
pub const MAX_SEEDS: u64 = 20;

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

/// One policy's summary over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Policy name.
    pub policy: String,
    /// For a trained policy, the one seed it is evaluated on (the split it learned from);
    /// `None` for a rule, evaluated on every seed.
    pub trained_on: Option<u64>,
    /// Mean ± sd of each metric, mean action counts.
    pub summary: Summary,
}

impl Row {
    /// The metrics in [`METRICS`] order.
    pub fn metrics(&self) -> [MeanSd; 8] {
        let s = &self.summary;
        [
            s.response_score,
            s.association_score,
            s.latency,
            s.usage,
            s.reward,
            s.latency_violation,
            s.usage_violation,
            s.violation_rate,
        ]
    }
}

/// A policy that could not be evaluated, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// Policy name.
    pub policy: String,
    /// The error.
    pub reason: String,
}

/// The whole table.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Number of seeds.
    pub seeds: u64,
    /// The action space (for grouping counts).
    pub actions: ActionSpace,
    /// Baselines first, then trained policies.
    pub rows: Vec<Row>,
    /// Trained policies that do not fit the scenario.
    pub skipped: Vec<Skipped>,
}

impl Comparison {
    /// Evaluates the baselines and `learned` on seeds `0 .. seeds`, reusing `seed0` (the
    /// simulator of the same dataset and scenario with the seed-0 split) if given; `clock`
    /// (milliseconds) times the baselines alone, returned second.
    pub fn run(
        dataset: &Dataset,
        scenario: &Scenario,
        seeds: u64,
        seed0: Option<Arc<Simulator>>,
        learned: &[LearnedPolicy],
        clock: impl Fn() -> f64,
    ) -> Result<(Comparison, f64), String> {
        let seeds = seeds.clamp(1, MAX_SEEDS);
        let mut baseline_runs: Vec<Vec<Metrics>> = vec![Vec::new(); PolicySpec::RULES.len()];
        let mut learned_runs: Vec<Result<Vec<Metrics>, String>> =
            vec![Ok(Vec::new()); learned.len()];
        let mut baseline_ms = 0.0;
        let mut actions = None;
        for seed in 0..seeds {
            let started = clock();
            let sim = match seed0.clone().filter(|_| seed == SPLIT_SEED) {
                Some(sim) => sim,
                None => {
                    let split =
                        Split::seeded(dataset.episodes().len(), seed).map_err(|e| e.to_string())?;
                    Arc::new(Simulator::new(dataset, scenario, &split).map_err(|e| e.to_string())?)
                }
            };
            for (spec, out) in PolicySpec::RULES.iter().zip(&mut baseline_runs) {
                let mut policy = spec.build(&sim, seed).map_err(|e| e.to_string())?;
                out.push(evaluate(&sim, policy.as_mut()));
            }
            baseline_ms += clock() - started;
            let own_split = learned.iter().zip(&mut learned_runs);
            for (policy, out) in own_split.filter(|(p, _)| p.split_seed == seed) {
                if let Ok(runs) = out {
                    match policy.factory.build(&policy.name, seed, &sim) {
                        Ok(mut p) => runs.push(evaluate(&sim, p.as_mut())),
                        Err(e) => *out = Err(e.to_string()),
                    }
                }
            }
            actions.get_or_insert_with(|| sim.actions().clone());
        }
        let actions = actions.ok_or("no seed to evaluate")?;
        let mut rows: Vec<Row> = PolicySpec::RULES
            .iter()
            .zip(&baseline_runs)
            .map(|(spec, runs)| Row {
                policy: spec.to_string(),
                trained_on: None,
                summary: Summary::of(runs),
            })
            .collect();
        let mut skipped = Vec::new();
        for (policy, runs) in learned.iter().zip(learned_runs) {
            match runs {
                Ok(runs) if runs.is_empty() => skipped.push(Skipped {
                    policy: policy.name.clone(),
                    reason: format!(
                        "it learned from seed {s}'s training episodes, so it is evaluated on seed {s}'s test split only, and the table shows seeds 0 to {}",
                        seeds - 1,
                        s = policy.split_seed
                    ),
                }),
                Ok(runs) => rows.push(Row {
                    policy: policy.name.clone(),
                    trained_on: Some(policy.split_seed),
                    summary: Summary::of(&runs),
                }),
                Err(reason) => skipped.push(Skipped {
                    policy: policy.name.clone(),
                    reason,
                }),
            }
        }
        Ok((
            Comparison {
                seeds,
                actions,
                rows,
                skipped,
            },
            baseline_ms,
        ))
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

    /// The table for CSV export: raw units (seconds, USD), every mean and sd, grouped counts.
    pub fn csv_table(&self) -> TextTable {
        let mut headers = vec!["policy".to_owned()];
        for (key, _, _) in METRICS {
            headers.push(format!("{key}_mean"));
            headers.push(format!("{key}_sd"));
        }
        headers.extend(self.action_headers().iter().map(|h| h.to_lowercase()));
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.policy.clone()];
                for m in row.metrics() {
                    cells.push(m.mean.to_string());
                    cells.push(m.sd.to_string());
                }
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
            policies: Vec<ExportRow<'a>>,
        }
        #[derive(Serialize)]
        struct ExportRow<'a> {
            policy: &'a str,
            learned: bool,
            /// The one seed a trained policy is evaluated on.
            #[serde(skip_serializing_if = "Option::is_none")]
            evaluated_seed: Option<u64>,
            #[serde(flatten)]
            summary: &'a Summary,
            local: f64,
            cloud_by_views: Vec<f64>,
        }
        let policies = self
            .rows
            .iter()
            .map(|row| {
                let g = self.actions.group_by_views(&row.summary.action_counts);
                ExportRow {
                    policy: &row.policy,
                    learned: row.trained_on.is_some(),
                    evaluated_seed: row.trained_on,
                    summary: &row.summary,
                    local: g.local,
                    cloud_by_views: g.cloud_by_views,
                }
            })
            .collect();
        serde_json::to_string_pretty(&Export {
            seeds: self.seeds,
            policies,
        })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{LabDataset, LearnedPolicy};
    use tmo_core::policy::BaselineFactory;

    #[test]
    fn baselines_summarise_per_seed_evaluations() {
        let kitchen = LabDataset::kitchen();
        let scenario = Scenario::default_for(kitchen.data.num_views());
        let (table, _) = Comparison::run(&kitchen.data, &scenario, 2, None, &[], || 0.0).unwrap();
        let seed0 = crate::state::build_simulator(&kitchen.data, &scenario).ok();
        let (reused, _) = Comparison::run(&kitchen.data, &scenario, 2, seed0, &[], || 0.0).unwrap();
        assert_eq!(reused, table);
        assert_eq!(table.rows.len(), PolicySpec::RULES.len());
        // The same computation by hand for `local`.
        let runs: Vec<Metrics> = (0..2)
            .map(|seed| {
                let split = Split::seeded(kitchen.data.episodes().len(), seed).unwrap();
                let sim = Simulator::new(&kitchen.data, &scenario, &split).unwrap();
                evaluate(&sim, &mut tmo_core::policy::Local)
            })
            .collect();
        assert_eq!(table.rows[0].summary, Summary::of(&runs));
        let local = table.grouped_counts(&table.rows[0]);
        assert_eq!(local.len(), 2 + kitchen.data.num_views());
        assert!(local[0] > 0.0 && local[1..].iter().all(|c| *c == 0.0));
        let csv = table.csv_table();
        assert_eq!(csv.headers.len(), 1 + 16 + local.len());
        assert!(table.json().contains("\"policy\": \"greedy\""));
    }

    #[test]
    fn a_trained_policy_is_evaluated_on_its_own_split_only() {
        let kitchen = LabDataset::kitchen();
        let scenario = Scenario::default_for(kitchen.data.num_views());
        // A stand-in for a trained policy: the `local` rule, "trained" on seed 1's split.
        let learned = [LearnedPolicy {
            name: "local".to_owned(),
            split_seed: 1,
            factory: Arc::new(BaselineFactory),
        }];
        let (table, _) =
            Comparison::run(&kitchen.data, &scenario, 3, None, &learned, || 0.0).unwrap();
        let row = table.rows.last().unwrap();
        assert_eq!(row.trained_on, Some(1));
        let split = Split::seeded(kitchen.data.episodes().len(), 1).unwrap();
        let sim = Simulator::new(&kitchen.data, &scenario, &split).unwrap();
        let seed1 = evaluate(&sim, &mut tmo_core::policy::Local);
        assert_eq!(row.summary, Summary::of(&[seed1]));
        assert!(table.json().contains("\"evaluated_seed\": 1"));

        let (one_seed, _) =
            Comparison::run(&kitchen.data, &scenario, 1, None, &learned, || 0.0).unwrap();
        assert_eq!(one_seed.rows.len(), PolicySpec::RULES.len());
        assert!(
            one_seed.skipped[0]
                .reason
                .contains("seed 1's test split only")
        );
    }
}
