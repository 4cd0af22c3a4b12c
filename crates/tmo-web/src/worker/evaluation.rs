//! The worker's side of Compare: the dataset and policy files it was sent, the optimum's
//! metrics of earlier tables, and the evaluation job (tmo-core's [`TableJob`]) it advances
//! between messages.

use super::protocol::EvalJob;
use crate::learned::build_from_file;
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_agent::PolicyFile;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::TableJob;
use tmo_core::policy::{BaselineFactory, Policy, PolicyError, PolicyFactory, Shielding};
use tmo_core::{Metrics, Scenario, Shuffle, Simulator};

/// A policy's files by the seed of the split each learned from.
type BySeed = BTreeMap<u64, Arc<PolicyFile>>;

/// What evaluations read: the dataset and the policy files, each sent once, and the optima of
/// the latest dataset and scenario evaluated.
#[derive(Default)]
pub struct Inputs {
    dataset: Option<(u64, Arc<Dataset>)>,
    files: BTreeMap<String, BySeed>,
    optima: Option<(u64, Scenario, BTreeMap<u64, Metrics>)>,
}

impl Inputs {
    /// Keeps `json` as the dataset called `key`.
    pub fn load_dataset(&mut self, key: u64, json: &str) -> Result<(), String> {
        self.dataset = None;
        let dataset = Dataset::from_json(json).map_err(|e| e.to_string())?;
        self.dataset = Some((key, Arc::new(dataset)));
        Ok(())
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
        let dataset = match &self.dataset {
            Some((key, d)) if *key == request.dataset_key => d.clone(),
            _ => return Err("the worker does not have this dataset (send it first)".to_owned()),
        };
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
    use crate::comparison::{Trained, entries, is_shielded};
    use crate::learned::{SHIPPED_NAME, shipped_json};
    use crate::state::LabDataset;
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
        let kitchen = LabDataset::kitchen();
        let mut inputs = Inputs::default();
        assert!(inputs.job(&request(1, true, 7)).is_err(), "no dataset yet");
        inputs.load_dataset(7, &kitchen.data.to_json()).unwrap();
        assert!(inputs.job(&request(1, true, 8)).is_err(), "another dataset");
        inputs
            .load_policy(SHIPPED_NAME.to_owned(), shipped_json())
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
        assert!(inputs.load_dataset(9, "[]").is_err());
        assert!(
            inputs.job(&request(1, false, 7)).is_err(),
            "the bad dataset replaced it"
        );
    }
}
