//! Learners by name for `tmo table`-style comparisons: `a2c` and `rc-a2c` are trained per
//! seed on the simulator's training split; other names go to the rule baselines.

use crate::config::TrainerConfig;
use crate::trained::TrainedPolicy;
use crate::trainer::Trainer;
use std::sync::Arc;
use tmo_core::policy::{BaselineFactory, PolicyError, PolicyFactory};
use tmo_core::{Policy, Simulator};

/// Builds `a2c` / `rc-a2c` by training (seeded by the table's seed), anything else as a
/// rule baseline.
#[derive(Clone, Debug, Default)]
pub struct LearnerFactory {
    /// Hyperparameters of both learners (the seed and resource constraints are set per name
    /// and seed; an `rc` setting here is used as RC-A2C's).
    pub config: TrainerConfig,
}

impl LearnerFactory {
    /// The configuration used for learner `name` at `seed`, if `name` is a learner.
    pub fn config_for(&self, name: &str, seed: u64) -> Option<TrainerConfig> {
        let rc = match name.trim().to_ascii_lowercase().as_str() {
            "a2c" => None,
            "rc-a2c" => Some(self.config.resource_constraints.unwrap_or_default()),
            _ => return None,
        };
        Some(TrainerConfig {
            seed,
            resource_constraints: rc,
            ..self.config.clone()
        })
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
        let rc = config.resource_constraints.is_some();
        let mut trainer = Trainer::for_simulator(config, sim).map_err(|e| PolicyError::Build {
            name: name.to_string(),
            message: e.to_string(),
        })?;
        trainer.run_to_end(u64::MAX, |_| {});
        Ok(Box::new(TrainedPolicy::new(trainer.policy(), rc)))
    }
}
