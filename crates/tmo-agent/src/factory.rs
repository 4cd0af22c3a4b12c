//! Learners by name for `tmo table`-style comparisons: every name of [`LEARNERS`] is trained
//! per seed on the simulator's training split; other names go to the rule baselines.
//!
//! [`LEARNERS`]: crate::learner::LEARNERS

use crate::config::LearnerConfig;
use crate::learner::{Learner, Preset};
use crate::policy::GreedyPolicy;
use crate::trained::TrainedPolicy;
use crate::trainer::Trainer;
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_core::policy::{BaselineFactory, PolicyError, PolicyFactory, SHIELD_SUFFIX};
use tmo_core::{Policy, Simulator};

/// Builds a learner by training it (seeded by the table's seed), anything else as a rule
/// baseline.
#[derive(Clone, Debug, Default)]
pub struct LearnerFactory {
    /// Which defaults every learner starts from.
    pub preset: Preset,
    /// Environment steps per training (`None`: the preset's).
    pub timesteps: Option<u64>,
}

impl LearnerFactory {
    /// The configuration used for learner `name` at `seed`, if `name` is a learner.
    pub fn config_for(&self, name: &str, seed: u64) -> Option<LearnerConfig> {
        let learner: Learner = name.parse().ok()?;
        let mut config = learner.config(self.preset);
        config.seed = seed;
        if let Some(t) = self.timesteps {
            config.timesteps = t;
        }
        Some(config)
    }

    /// The configuration at seed 0 of every learner among `policies` (a name may end in
    /// `+shield`), by learner name: what a sweep's provenance records.
    pub fn configs_for(&self, policies: &[String]) -> BTreeMap<String, LearnerConfig> {
        policies
            .iter()
            .filter_map(|p| {
                let name = p.strip_suffix(SHIELD_SUFFIX).unwrap_or(p);
                self.config_for(name, 0).map(|c| (name.to_owned(), c))
            })
            .collect()
    }
}

impl PolicyFactory for LearnerFactory {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        let Some(config) = self.config_for(name, seed) else {
            return BaselineFactory.build(name, seed, sim);
        };
        let greedy = train(name, &config, sim)?;
        Ok(Box::new(TrainedPolicy::new(greedy, &config, seed)))
    }
}

/// Learner `name` trained to the end with `config` on `sim`'s training split: its greedy
/// policy.
pub(crate) fn train(
    name: &str,
    config: &LearnerConfig,
    sim: &Arc<Simulator>,
) -> Result<GreedyPolicy, PolicyError> {
    let mut trainer =
        Trainer::for_simulator(config.clone(), sim).map_err(|e| PolicyError::Build {
            name: name.to_string(),
            message: e.to_string(),
        })?;
    trainer.run_to_end(u64::MAX, |_| {});
    Ok(trainer.policy())
}
