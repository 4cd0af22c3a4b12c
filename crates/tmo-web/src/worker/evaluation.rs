//! The worker's side of Compare: the dataset and policy files it was sent, and the evaluation
//! job (tmo-core's [`TableJob`]) it advances between messages.

use super::protocol::EvalJob;
use crate::learned::build_from_file;
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_agent::PolicyFile;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::TableJob;
use tmo_core::policy::{BaselineFactory, Policy, PolicyError, PolicyFactory, Shielding};
use tmo_core::{Shuffle, Simulator};

/// What evaluations read: the dataset and the policy files, each sent once.
#[derive(Default)]
pub struct Inputs {
    dataset: Option<(u64, Arc<Dataset>)>,
    files: BTreeMap<String, Arc<PolicyFile>>,
}

impl Inputs {
    /// Keeps `json` as the dataset called `key`.
    pub fn load_dataset(&mut self, key: u64, json: &str) -> Result<(), String> {
        self.dataset = None;
        let dataset = Dataset::from_json(json).map_err(|e| e.to_string())?;
        self.dataset = Some((key, Arc::new(dataset)));
        Ok(())
    }

    /// Keeps `json` as the policy file called `name`.
    pub fn load_policy(&mut self, name: String, json: &str) -> Result<(), String> {
        self.files.remove(&name);
        let file = PolicyFile::from_json(json).map_err(|e| format!("policy {name}: {e}"))?;
        self.files.insert(name, Arc::new(file));
        Ok(())
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
        TableJob::new(
            dataset,
            request.scenario.clone(),
            Shuffle::Chacha8,
            request.seeds,
            request.entries.clone(),
            factory,
        )
    }
}

/// Builds a policy file's policy by its name, any other name as a rule.
pub struct Files {
    dataset: Arc<Dataset>,
    files: BTreeMap<String, Arc<PolicyFile>>,
}

impl PolicyFactory for Files {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        match self.files.get(name) {
            Some(file) => build_from_file(file, name, seed, sim, self.dataset.tasks()),
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
    use tmo_core::Scenario;

    fn request(seeds: u64, shield: bool, dataset_key: u64) -> EvalJob {
        EvalJob {
            id: 1,
            dataset_key,
            scenario: Scenario::default_for(3),
            seeds,
            entries: entries(
                &[Trained {
                    name: SHIPPED_NAME.to_owned(),
                    split_seed: 0,
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
        inputs.load_dataset(7, &kitchen.data.to_json()).unwrap();
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
        assert!(inputs.load_dataset(9, "[]").is_err());
        assert!(
            inputs.job(&request(1, false, 7)).is_err(),
            "the bad dataset replaced it"
        );
    }
}
