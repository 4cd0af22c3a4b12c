//! The worker's side of Compare and Replay: the dataset and policy files it was sent, the
//! optimum's metrics of earlier tables, the evaluation job (tmo-core's [`TableJob`]) it advances
//! between messages, and Replay's baselines.

use super::protocol::{DatasetSource, EvalJob, TraceJob};
use crate::learned::build_from_file;
use crate::state::build_simulator;
use crate::views::replay::{TraceResult, trace_baseline};
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_agent::PolicyFile;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::TableJob;
use tmo_core::policy::{
    BaselineFactory, Policy, PolicyError, PolicyFactory, PolicySpec, Shielding,
};
use tmo_core::{Metrics, Scenario, Shuffle, Simulator};

/// A policy's files by the seed of the split each learned from.
type BySeed = BTreeMap<u64, Arc<PolicyFile>>;

/// What evaluations read: the dataset and the policy files, each sent once, the optima of
/// the latest dataset and scenario evaluated, and the seed-0 simulator of the latest trace.
#[derive(Default)]
pub struct Inputs {
    dataset: Option<(u64, Arc<Dataset>)>,
    files: BTreeMap<String, BySeed>,
    optima: Option<(u64, Scenario, BTreeMap<u64, Metrics>)>,
    simulator: Option<(u64, Scenario, Arc<Simulator>)>,
}

impl Inputs {
    /// Reads `source` and keeps it as the dataset called `key`.
    pub fn load_dataset(&mut self, key: u64, source: &DatasetSource) -> Result<(), String> {
        self.dataset = None;
        self.keep_dataset(key, Arc::new(source.dataset()?));
        Ok(())
    }

    /// Keeps `dataset` as the dataset called `key`.
    pub fn keep_dataset(&mut self, key: u64, dataset: Arc<Dataset>) {
        self.dataset = Some((key, dataset));
    }

    /// The dataset called `key`.
    fn dataset(&self, key: u64) -> Result<Arc<Dataset>, String> {
        match &self.dataset {
            Some((held, d)) if *held == key => Ok(d.clone()),
            _ => Err("the worker does not have this dataset (send it first)".to_owned()),
        }
    }

    /// The play of a Replay baseline that `job` asks for, on the page's simulator (seed 0's,
    /// built alike).
    pub fn trace(&mut self, job: &TraceJob) -> TraceResult {
        let dataset = self.dataset(job.dataset_key)?;
        if job.position >= dataset.episodes().len() {
            return Err(format!(
                "the dataset has no episode at position {}",
                job.position
            ));
        }
        let sim = match &self.simulator {
            Some((key, scenario, sim)) if *key == job.dataset_key && *scenario == job.scenario => {
                sim.clone()
            }
            _ => {
                let sim = build_simulator(&dataset, &job.scenario).map_err(|e| e.to_string())?;
                self.simulator = Some((job.dataset_key, job.scenario.clone(), sim.clone()));
                sim
            }
        };
        let spec: PolicySpec = job.policy.parse().map_err(|e: PolicyError| e.to_string())?;
        trace_baseline(&sim, &spec, job.shield, job.position)
    }

    /// Keeps `json` as the policy file called `name` for the seed whose split it learned from
    /// (replacing that seed's; a file that does not read drops every file of the name).
    pub fn load_policy(&mut self, name: String, json: &str) -> Result<(), String> {
        let read = PolicyFile::from_json(json)
            .map_err(|e| e.to_string())
            .and_then(|file| match file.trained_on.chacha_seed() {
                Some(seed) => Ok((seed, file)),
                None => Err(format!("it learned from {}", file.trained_on.describe())),
            });
        match read {
            Ok((seed, file)) => {
                self.files
                    .entry(name)
                    .or_default()
                    .insert(seed, Arc::new(file));
                Ok(())
            }
            Err(e) => {
                self.files.remove(&name);
                Err(format!("policy {name}: {e}"))
            }
        }
    }

    /// Keeps the optimum's metrics `optima` (by seed) of `request`'s dataset and scenario, so
    /// the next table of the same ones skips the search.
    pub fn remember_optima(&mut self, request: &EvalJob, optima: BTreeMap<u64, Metrics>) {
        self.optima = Some((request.dataset_key, request.scenario.clone(), optima));
    }

    /// The job `request` describes, on the inputs kept.
    pub fn job(&self, request: &EvalJob) -> Result<TableJob<Shielding<Files>>, String> {
        let dataset = self.dataset(request.dataset_key)?;
        let factory = Shielding(Files {
            dataset: dataset.clone(),
            files: self.files.clone(),
        });
        let known = match &self.optima {
            Some((key, scenario, optima))
                if *key == request.dataset_key && *scenario == request.scenario =>
            {
                optima.clone()
            }
            _ => BTreeMap::new(),
        };
        Ok(TableJob::new(
            dataset,
            request.scenario.clone(),
            Shuffle::Chacha8,
            request.seeds,
            request.entries.clone(),
            factory,
        )?
        .with_known_optima(known))
    }
}

/// Builds a policy file's policy by its name and the seed asked (the file that learned from
/// that seed's split), any other name as a rule.
pub struct Files {
    dataset: Arc<Dataset>,
    files: BTreeMap<String, BySeed>,
}

impl PolicyFactory for Files {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        match self.files.get(name).map(|by_seed| by_seed.get(&seed)) {
            Some(Some(file)) => build_from_file(file, name, seed, sim, self.dataset.tasks()),
            Some(None) => Err(PolicyError::Build {
                name: name.to_owned(),
                message: format!("no policy file of it learned from seed {seed}'s split"),
            }),
            None => BaselineFactory.build(name, seed, sim),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::fixtures;
    use crate::comparison::{Trained, entries, is_shielded};
    use crate::learned::SHIPPED_NAME;
    use crate::worker::protocol::Reply;

    fn request(seeds: u64, shield: bool, dataset_key: u64) -> EvalJob {
        EvalJob {
            id: 1,
            dataset_key,
            scenario: Scenario::default_for(3),
            seeds,
            entries: entries(
                &[Trained {
                    name: SHIPPED_NAME.to_owned(),
                    seeds: [0].into(),
                }],
                shield,
            ),
        }
    }

    #[test]
    fn the_shipped_policy_is_evaluated_and_shielded_in_the_worker() {
        let kitchen = fixtures::kitchen();
        let mut inputs = Inputs::default();
        assert!(inputs.job(&request(1, true, 7)).is_err(), "no dataset yet");
        let source = DatasetSource::Json(kitchen.data.to_json());
        inputs.load_dataset(7, &source).unwrap();
        assert!(inputs.job(&request(1, true, 8)).is_err(), "another dataset");
        inputs
            .load_policy(SHIPPED_NAME.to_owned(), fixtures::SHIPPED_JSON)
            .unwrap();
        let table = inputs.job(&request(1, true, 7)).unwrap().run().unwrap();
        assert!(table.skipped.is_empty(), "{:?}", table.skipped);
        let names: Vec<&str> = table.rows.iter().map(|r| r.policy.as_str()).collect();
        assert!(names.contains(&SHIPPED_NAME));
        let shielded = format!("{SHIPPED_NAME}+shield");
        assert!(names.contains(&shielded.as_str()));
        for row in table.rows.iter().filter(|r| is_shielded(&r.policy)) {
            assert_eq!(row.summary.violation_rate.mean, 0.0, "{}", row.policy);
            assert!(row.pct_of_optimum.is_some());
        }
        // The table crosses back to the page intact.
        let reply = Reply::Evaluated {
            id: 1,
            table: Box::new(table),
            elapsed_ms: 1.0,
        };
        let bytes = bincode::serialize(&reply).unwrap();
        assert_eq!(bincode::deserialize::<Reply>(&bytes).unwrap(), reply);
        assert!(inputs.load_policy("bad".to_owned(), "{").is_err());
        assert!(
            inputs
                .load_dataset(9, &DatasetSource::Json("[]".into()))
                .is_err()
        );
        assert!(
            inputs.job(&request(1, false, 7)).is_err(),
            "the bad dataset replaced it"
        );
    }

    #[test]
    fn the_worker_plays_replays_baselines_as_the_page_would() {
        let kitchen = fixtures::kitchen();
        let scenario = Scenario::default_for(3);
        let mut inputs = Inputs::default();
        let source = DatasetSource::Json(kitchen.data.to_json());
        inputs.load_dataset(1, &source).unwrap();
        let page = build_simulator(&kitchen.data, &scenario).unwrap();
        let job = |policy: &PolicySpec, shield, position| TraceJob {
            id: 1,
            dataset_key: 1,
            scenario: scenario.clone(),
            policy: policy.to_string(),
            shield,
            position,
        };
        let optimal: PolicySpec = "optimal".parse().unwrap();
        for spec in [PolicySpec::Greedy, PolicySpec::Random, optimal.clone()] {
            for position in [page.split().test()[0], page.split().train()[0]] {
                for shield in [false, true] {
                    let played = inputs.trace(&job(&spec, shield, position)).unwrap();
                    let own = trace_baseline(&page, &spec, shield, position).unwrap();
                    assert_eq!(played, own, "{spec} at {position}");
                }
            }
        }
        // A play crosses to the page intact.
        let planned = inputs
            .trace(&job(&optimal, true, page.split().test()[0]))
            .unwrap();
        let reply = Reply::Traced {
            id: 1,
            trace: Ok(Box::new(Arc::unwrap_or_clone(planned))),
        };
        let bytes = bincode::serialize(&reply).unwrap();
        assert_eq!(bincode::deserialize::<Reply>(&bytes).unwrap(), reply);
        let beyond = kitchen.data.episodes().len();
        assert!(inputs.trace(&job(&optimal, false, beyond)).is_err());
        let other = TraceJob {
            dataset_key: 2,
            ..job(&optimal, false, 0)
        };
        assert!(inputs.trace(&other).is_err());
        let unknown = TraceJob {
            policy: "oracle".into(),
            ..job(&optimal, false, 0)
        };
        assert!(inputs.trace(&unknown).is_err());
    }
}
