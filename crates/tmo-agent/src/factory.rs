//! Learners by name for `tmo table`-style comparisons: every name of [`LEARNERS`] is trained
//! per seed on the simulator's training split; other names go to the rule baselines.
//!
//! [`LEARNERS`]: crate::learner::LEARNERS

use crate::config::LearnerConfig;
use crate::learner::{Learner, Preset};
use crate::policy::GreedyPolicy;
use crate::settings::{self, Setting};
use crate::trained::TrainedPolicy;
use crate::trainer::Trainer;
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_core::policy::{BaselineFactory, PolicyError, PolicyFactory, unshielded};
use tmo_core::{Policy, Simulator};

/// Builds a learner by training it (seeded by the table's seed), anything else as a rule
/// baseline.
#[derive(Clone, Debug, Default)]
pub struct LearnerFactory {
    /// Which defaults every learner starts from.
    pub preset: Preset,
    /// Environment steps per training (`None`: the preset's).
    pub timesteps: Option<u64>,
    /// Settings applied to every learner that has them.
    pub settings: LearnerSettings,
}

/// `KEY=VALUE` settings for the learners of a table (`tmo table --set`), checked against
/// them when made.
#[derive(Clone, Debug, Default)]
pub struct LearnerSettings(Vec<(&'static Setting, String)>);

impl PartialEq for LearnerSettings {
    /// The same keys set to the same values, in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a.key == b.key && x == y)
    }
}

impl LearnerSettings {
    /// The `KEY=VALUE` `pairs` for the learners among `policies` (a name may end in
    /// `+shield`). Refused, saying why: a pair without `=`, an unknown key, `seed` (the table
    /// seeds each learner), a key that none of those learners has (naming those it applies
    /// to), a value that one of them would not take, or no learner among `policies`.
    pub fn for_policies(pairs: &[String], policies: &[String]) -> Result<Self, String> {
        if pairs.is_empty() {
            return Ok(Self::default());
        }
        let learners: Vec<Learner> = policies
            .iter()
            .filter_map(|p| unshielded(p).0.parse().ok())
            .collect();
        if learners.is_empty() {
            return Err(format!(
                "--set changes learners, and none of {} is one",
                policies.join(", ")
            ));
        }
        let mut out = Vec::new();
        for pair in pairs {
            let (key, value) = settings::parse_pair(pair)?;
            let flag = format!("--set {key}");
            if key == "seed" {
                return Err(format!(
                    "{flag}: the table trains each learner at its own seeds (0 .. N-1); use --seeds"
                ));
            }
            let setting = settings::find_or_explain(&flag, key)?;
            let mut applied = false;
            for &learner in &learners {
                let mut config = learner.config(Preset::Ours);
                if setting.applies(&config) {
                    setting
                        .set(&mut config, value)
                        .and_then(|()| config.validate().map_err(|e| e.to_string()))
                        .map_err(|e| format!("{flag}={value}: {e}"))?;
                    applied = true;
                }
            }
            if !applied {
                let names: Vec<String> = learners.iter().map(|l| l.name()).collect();
                return Err(format!(
                    "{flag} applies to none of {} (it applies to {})",
                    names.join(", "),
                    setting.owners().join(", ")
                ));
            }
            out.push((setting, value.to_owned()));
        }
        Ok(Self(out))
    }

    /// Sets in `config` every setting it has.
    fn apply_to(&self, config: &mut LearnerConfig) {
        for (setting, value) in &self.0 {
            if setting.applies(config) {
                setting
                    .set(config, value)
                    .unwrap_or_else(|e| unreachable!("checked when made: {e}"));
            }
        }
    }
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
        self.settings.apply_to(&mut config);
        Some(config)
    }

    /// The configuration at seed 0 of every learner among `policies` (a name may end in
    /// `+shield`), by learner name: what a sweep's provenance records.
    pub fn configs_for(&self, policies: &[String]) -> BTreeMap<String, LearnerConfig> {
        policies
            .iter()
            .filter_map(|p| {
                let name = unshielded(p).0;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn learner(name: &str) -> Learner {
        name.parse().unwrap()
    }

    fn made(pairs: &[&str], policies: &str) -> Result<LearnerSettings, String> {
        let pairs: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
        let policies: Vec<String> = policies.split(',').map(str::to_owned).collect();
        LearnerSettings::for_policies(&pairs, &policies)
    }

    #[test]
    fn each_learner_that_has_a_setting_gets_it_at_every_seed() {
        let factory = LearnerFactory {
            settings: made(
                &["ent_coef=0.01", "timesteps=61440", "lambda=5"],
                "local,rc-ppo+shield,a2c,dqn",
            )
            .unwrap(),
            ..LearnerFactory::default()
        };
        let rc_ppo = factory.config_for("rc-ppo", 2).unwrap();
        let mut want = learner("rc-ppo").config(Preset::Ours);
        want.seed = 2;
        want.timesteps = 61440;
        settings::apply(&mut want, learner("rc-ppo"), "", "ent_coef", "0.01").unwrap();
        settings::apply(&mut want, learner("rc-ppo"), "", "lambda", "5").unwrap();
        assert_eq!(rc_ppo, want);
        let dqn = factory.config_for("dqn", 0).unwrap();
        assert_eq!(dqn.timesteps, 61440);
        assert_eq!(
            settings::find("exploration_final_eps").unwrap().get(&dqn),
            settings::find("exploration_final_eps")
                .unwrap()
                .get(&learner("dqn").config(Preset::Ours)),
        );
        assert!(factory.config_for("local", 0).is_none());
    }

    #[test]
    fn settings_that_cannot_apply_are_refused_saying_why() {
        let cases = [
            (
                vec!["clip_range=0.1"],
                "a2c,dqn",
                "applies to none of a2c, dqn (it applies to ppo, rc-ppo)",
            ),
            (vec!["no_such=1"], "ppo", "unknown setting `no_such`"),
            (
                vec!["ent_coef=0.01"],
                "local,optimal",
                "none of local, optimal is one",
            ),
            (vec!["seed=3"], "ppo", "--seeds"),
            (vec!["ent_coef"], "ppo", "expected KEY=VALUE"),
            (vec!["gamma=2"], "ppo", "--set gamma=2"),
        ];
        for (pairs, policies, needle) in cases {
            let err = made(&pairs, policies).unwrap_err();
            assert!(err.contains(needle), "{pairs:?}: {err}");
        }
        assert_eq!(made(&[], "local"), Ok(LearnerSettings::default()));
    }
}
