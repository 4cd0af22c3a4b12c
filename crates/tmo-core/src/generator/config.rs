//! What to generate: the kitchen dataset or a synthetic scaling configuration.

use std::fmt;

use super::calibration::TURN_MIX;
use crate::dataset::VIEWS;

/// The seed of the bundled `dataset/kitchen.json`.
pub const KITCHEN_SEED: u64 = 20_250_216;

/// Most task categories a synthetic dataset may have.
pub const MAX_TASKS: usize = 64;
/// Most turns an episode may have.
pub const MAX_TURNS: usize = 50;
/// Most episodes a dataset may have.
pub const MAX_EPISODES: usize = 50_000;

/// How many turns the episodes have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TurnCounts {
    /// The kitchen mix: 20 % two turns, 32 % three, 24 % four, 24 % five.
    Kitchen,
    /// Every count in `min..=max` equally often.
    Uniform {
        /// Fewest turns.
        min: usize,
        /// Most turns.
        max: usize,
    },
}

impl TurnCounts {
    /// (turn count, weight) pairs; episodes are apportioned by weight.
    pub(crate) fn weights(&self) -> Vec<(usize, u32)> {
        match *self {
            TurnCounts::Kitchen => TURN_MIX.to_vec(),
            TurnCounts::Uniform { min, max } => (min..=max).map(|n| (n, 1)).collect(),
        }
    }
}

/// Parameters of a generated dataset; [`GeneratorConfig::kitchen`] is the bundled one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratorConfig {
    /// Seed of every random draw.
    pub seed: u64,
    /// Camera views `X`, within [`VIEWS`].
    pub views: usize,
    /// Task categories, 1..=[`MAX_TASKS`]; the first four are the kitchen's.
    pub tasks: usize,
    /// Turns per episode.
    pub turns: TurnCounts,
    /// Episodes, 1..=[`MAX_EPISODES`].
    pub episodes: usize,
}

impl GeneratorConfig {
    /// The bundled kitchen dataset: 100 episodes, 3 views, 4 tasks, the kitchen turn mix.
    pub fn kitchen() -> GeneratorConfig {
        GeneratorConfig {
            seed: KITCHEN_SEED,
            views: 3,
            tasks: 4,
            turns: TurnCounts::Kitchen,
            episodes: 100,
        }
    }

    /// Checks every parameter, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field, message: String| Err(ConfigError { field, message });
        if !VIEWS.contains(&self.views) {
            return bad(
                "views",
                format!(
                    "{} is outside {}..={}",
                    self.views,
                    VIEWS.start(),
                    VIEWS.end()
                ),
            );
        }
        if !(1..=MAX_TASKS).contains(&self.tasks) {
            return bad(
                "tasks",
                format!("{} is outside 1..={MAX_TASKS}", self.tasks),
            );
        }
        if let TurnCounts::Uniform { min, max } = self.turns
            && !(1 <= min && min <= max && max <= MAX_TURNS)
        {
            return bad(
                "turns",
                format!("{min}..{max} must satisfy 1 ≤ min ≤ max ≤ {MAX_TURNS}"),
            );
        }
        if !(1..=MAX_EPISODES).contains(&self.episodes) {
            return bad(
                "episodes",
                format!("{} is outside 1..={MAX_EPISODES}", self.episodes),
            );
        }
        Ok(())
    }
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        GeneratorConfig::kitchen()
    }
}

/// A generator parameter out of range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The parameter (`views`, `tasks`, `turns` or `episodes`).
    pub field: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "generator parameter `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}
