//! The one list of learners: the paper's six (PPO, A2C, DQN and their resource-constrained
//! variants) and its three ablations of RC-A2C, their names, labels and preset
//! configurations. The command line, the page's Train form, policy files and `tmo table` all
//! read it.

use crate::a2c::A2cConfig;
use crate::config::{AlgorithmConfig, LearnerConfig, NetworkConfig, OptimizerConfig};
use crate::constraint::ResourceConstraints;
use crate::dqn::DqnConfig;
use crate::ppo::PpoConfig;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use tmo_core::ablation::Ablation;

/// A learning algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Proximal policy optimisation ([`crate::ppo`]).
    Ppo,
    /// Advantage actor–critic ([`crate::a2c`]).
    A2c,
    /// Deep Q-network ([`crate::dqn`]).
    Dqn,
}

impl Algorithm {
    /// The name (`ppo`, `a2c`, `dqn`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Ppo => "ppo",
            Algorithm::A2c => "a2c",
            Algorithm::Dqn => "dqn",
        }
    }
}

/// A learner: an algorithm, with or without resource constraints, with or without a part
/// removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Learner {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Whether it is the resource-constrained variant (budget observation, zero reward past
    /// a budget, a penalty on the budget excess; [`crate::constraint`]).
    pub constrained: bool,
    /// The part of TMO removed, if any (named `NAME/ABLATION`, e.g.
    /// `rc-a2c/no-llm-selection`).
    pub ablation: Option<Ablation>,
}

/// Every learner, in the paper's table order.
pub const LEARNERS: [Learner; 6] = [
    Learner::new(Algorithm::Ppo, false),
    Learner::new(Algorithm::A2c, false),
    Learner::new(Algorithm::Dqn, false),
    Learner::new(Algorithm::Ppo, true),
    Learner::new(Algorithm::A2c, true),
    Learner::new(Algorithm::Dqn, true),
];

/// The paper's ablations, on the RC-A2C backbone (EXPERIMENTS.md §2).
pub const ABLATIONS: [Learner; 3] = [
    Learner::new(Algorithm::A2c, true).without(Ablation::NoLlmSelection),
    Learner::new(Algorithm::A2c, true).without(Ablation::NoModalitySelection),
    Learner::new(Algorithm::A2c, true).without(Ablation::NoScoreEstimation),
];

/// Which defaults a configuration starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// The reference's settings (stable-baselines3's defaults, one environment).
    Paper,
    /// Ours: the paper's, except where a measurement showed a faster or better setting
    /// (A2C: 16 environments per update, [`A2cConfig::OUR_N_ENVS`]; PPO: minibatches of 256
    /// over 5 epochs at lr 6e-4, [`PpoConfig::ours`]; DQN: one optimiser step per 8
    /// environment steps, [`DqnConfig::ours`]).
    #[default]
    Ours,
}

impl Learner {
    /// The learner of `algorithm`, constrained or not.
    pub const fn new(algorithm: Algorithm, constrained: bool) -> Self {
        Self {
            algorithm,
            constrained,
            ablation: None,
        }
    }

    /// This learner with `ablation`'s part removed.
    pub const fn without(self, ablation: Ablation) -> Self {
        Self {
            ablation: Some(ablation),
            ..self
        }
    }

    /// The name used everywhere a learner is named: `ppo`, `rc-a2c`,
    /// `rc-a2c/no-llm-selection`, ….
    pub fn name(self) -> String {
        match self.ablation {
            None => self.base_name().to_owned(),
            Some(a) => format!("{}/{}", self.base_name(), a.name()),
        }
    }

    /// The name without the ablation.
    fn base_name(self) -> &'static str {
        match (self.algorithm, self.constrained) {
            (Algorithm::Ppo, false) => "ppo",
            (Algorithm::A2c, false) => "a2c",
            (Algorithm::Dqn, false) => "dqn",
            (Algorithm::Ppo, true) => "rc-ppo",
            (Algorithm::A2c, true) => "rc-a2c",
            (Algorithm::Dqn, true) => "rc-dqn",
        }
    }

    /// The name as the paper writes it: `PPO`, `RC-A2C`, `RC-A2C w/o LLM selection`, ….
    pub fn label(self) -> String {
        match self.ablation {
            None => self.base_label().to_owned(),
            Some(a) => format!("{} {}", self.base_label(), a.label()),
        }
    }

    /// The label without the ablation.
    fn base_label(self) -> &'static str {
        match (self.algorithm, self.constrained) {
            (Algorithm::Ppo, false) => "PPO",
            (Algorithm::A2c, false) => "A2C",
            (Algorithm::Dqn, false) => "DQN",
            (Algorithm::Ppo, true) => "RC-PPO",
            (Algorithm::A2c, true) => "RC-A2C",
            (Algorithm::Dqn, true) => "RC-DQN",
        }
    }

    /// What the learner is, in a sentence or two.
    pub fn description(self) -> String {
        match self.ablation {
            None => self.base_description().to_owned(),
            Some(a) => format!("{} {}", self.base_description(), a.description()),
        }
    }

    /// The description without the ablation.
    fn base_description(self) -> &'static str {
        let base = match self.algorithm {
            Algorithm::Ppo => {
                "Proximal policy optimisation: an actor–critic that takes several clipped steps on each batch of experience."
            }
            Algorithm::A2c => {
                "Advantage actor–critic: an actor–critic that takes one step per short batch of experience."
            }
            Algorithm::Dqn => {
                "Deep Q-network: learns the value of each action from replayed experience and picks the best."
            }
        };
        if self.constrained {
            match self.algorithm {
                Algorithm::Dqn => {
                    "DQN that sees its remaining budgets, earns nothing past a budget and subtracts λ × the budget excess of each action from its target (TMO's resource constraints)."
                }
                Algorithm::Ppo => {
                    "PPO that sees its remaining budgets, earns nothing past a budget and is penalised by λ × its expected budget excess (TMO's resource constraints)."
                }
                Algorithm::A2c => {
                    "A2C that sees its remaining budgets, earns nothing past a budget and is penalised by λ × its expected budget excess: TMO's learner."
                }
            }
        } else {
            base
        }
    }

    /// The full configuration of `preset` (seed 0, 30 000 timesteps).
    pub fn config(self, preset: Preset) -> LearnerConfig {
        let paper = preset == Preset::Paper;
        let (algorithm, optimizer, n_envs) = match self.algorithm {
            Algorithm::Ppo if paper => (
                AlgorithmConfig::Ppo(PpoConfig::default()),
                PpoConfig::OPTIMIZER,
                1,
            ),
            Algorithm::Ppo => (
                AlgorithmConfig::Ppo(PpoConfig::ours()),
                OptimizerConfig {
                    learning_rate: PpoConfig::OUR_LEARNING_RATE,
                    ..PpoConfig::OPTIMIZER
                },
                1,
            ),
            Algorithm::A2c => (
                AlgorithmConfig::A2c(A2cConfig::default()),
                A2cConfig::OPTIMIZER,
                if paper { 1 } else { A2cConfig::OUR_N_ENVS },
            ),
            Algorithm::Dqn => (
                AlgorithmConfig::Dqn(if paper {
                    DqnConfig::default()
                } else {
                    DqnConfig::ours()
                }),
                DqnConfig::OPTIMIZER,
                1,
            ),
        };
        LearnerConfig {
            timesteps: 30_000,
            n_envs,
            seed: 0,
            network: NetworkConfig::default(),
            optimizer,
            algorithm,
            resource_constraints: self.constrained.then(ResourceConstraints::default),
            ablation: self.ablation,
        }
    }

    /// The names of every learner, comma-separated (for messages).
    pub fn names() -> String {
        let names: Vec<String> = LEARNERS
            .iter()
            .chain(&ABLATIONS)
            .map(|l| l.name())
            .collect();
        format!("{} (any of them may end in /ABLATION)", names.join(", "))
    }
}

impl fmt::Display for Learner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A name that is not a learner's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown learner `{0}` (expected one of {names})", names = Learner::names())]
pub struct UnknownLearner(pub String);

impl FromStr for Learner {
    type Err = UnknownLearner;

    /// A learner by its name, ignoring case and surrounding space.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_ascii_lowercase();
        let (base, ablation) = match wanted.split_once('/') {
            Some((base, ablation)) => (base, Some(ablation)),
            None => (wanted.as_str(), None),
        };
        let learner = LEARNERS
            .into_iter()
            .find(|l| l.base_name() == base)
            .ok_or_else(|| UnknownLearner(name.to_owned()))?;
        match ablation {
            None => Ok(learner),
            Some(a) => a
                .parse::<Ablation>()
                .map(|a| learner.without(a))
                .map_err(|_| UnknownLearner(name.to_owned())),
        }
    }
}

/// Reads a learner's name in policy files and configurations.
impl Serialize for Learner {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Learner {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_are_unique() {
        for l in LEARNERS {
            assert_eq!(l.name().parse::<Learner>().unwrap(), l);
            assert_eq!(l.label().to_lowercase(), l.name());
        }
        for l in ABLATIONS {
            assert_eq!(l.name().parse::<Learner>().unwrap(), l);
            assert!(l.name().starts_with("rc-a2c/no-"), "{l}");
        }
        assert_eq!(" RC-A2C ".parse::<Learner>().unwrap().name(), "rc-a2c");
        assert!("rc-a2c/no-such-part".parse::<Learner>().is_err());
        let err = "sac".parse::<Learner>().unwrap_err().to_string();
        assert!(err.contains("sac") && err.contains("rc-dqn"), "{err}");
    }
}
