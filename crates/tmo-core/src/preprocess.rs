//! Preprocessing (SIMULATOR.md §2, §6): logged rewards, logged actions, task ids and the
//! per-action association vectors of every turn.

use crate::actions::{Action, ActionSpace, Destination};
use crate::costs::min_max;
use crate::dataset::{Dataset, Episode, Placement, Turn};
use crate::scenario::ScenarioError;

/// Substrings that mark a logged answer as a refusal (case-sensitive): its reward is 0.
pub const REFUSAL_MARKERS: [&str; 3] = ["sorry", "I don't have", "can't"];

/// The logged reward of a turn: 0 for a refusal, else its judge score.
pub fn logged_reward(turn: &Turn) -> f64 {
    if REFUSAL_MARKERS.iter().any(|m| turn.answer.contains(m)) {
        0.0
    } else {
        turn.score
    }
}

/// One turn as the simulator uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessedTurn {
    /// Index of the task category in the sorted vocabulary.
    pub task: i16,
    /// Logged reward (after the refusal rule).
    pub logged_reward: f64,
    /// The logged decision as an action.
    pub logged_action: Action,
    /// Raw association of every action (0 for local and text-only).
    pub association: Vec<f64>,
    /// Min–max scaled association of every action.
    pub association_normalised: Vec<f64>,
}

/// One episode as the simulator uses it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessedEpisode {
    /// Episode id from the dataset.
    pub id: u64,
    /// Its turns in order (never empty).
    pub turns: Vec<ProcessedTurn>,
}

/// Preprocesses every episode of `dataset` for `actions`.
pub fn preprocess(
    dataset: &Dataset,
    actions: &ActionSpace,
) -> Result<Vec<ProcessedEpisode>, ScenarioError> {
    dataset
        .episodes()
        .iter()
        .enumerate()
        .map(|(e, episode)| {
            Ok(ProcessedEpisode {
                id: dataset.episode_id(e),
                turns: process_turns(dataset, actions, e, episode)?,
            })
        })
        .collect()
}

fn process_turns(
    dataset: &Dataset,
    actions: &ActionSpace,
    e: usize,
    episode: &Episode,
) -> Result<Vec<ProcessedTurn>, ScenarioError> {
    let field_error = |t: usize, field: &str, value: String| ScenarioError::Invalid {
        field: format!("dataset episode {e} turn {t} {field}"),
        value,
        rule: "does not fit the dataset's views and task vocabulary",
    };
    episode
        .interactions
        .iter()
        .zip(&episode.association_score)
        .enumerate()
        .map(|(t, (turn, views))| {
            let task = dataset
                .task_id(&turn.task_cat)
                .and_then(|id| i16::try_from(id).ok())
                .ok_or_else(|| field_error(t, "task_cat", turn.task_cat.clone()))?;
            let logged_action = match turn.action {
                Placement::Local => Some(Action::LOCAL),
                Placement::Cloud => actions.cloud_with(turn.image_index.as_deref().unwrap_or(&[])),
            }
            .ok_or_else(|| field_error(t, "image_index", format!("{:?}", turn.image_index)))?;
            let association: Vec<f64> = actions
                .iter()
                .map(|a| match actions.destination(a) {
                    Destination::Local => 0.0,
                    Destination::Cloud(set) => {
                        set.views().map(|m| views[m]).fold(0.0, |s, v| s + v)
                    }
                })
                .collect();
            Ok(ProcessedTurn {
                task,
                logged_reward: logged_reward(turn),
                logged_action,
                association_normalised: min_max(&association),
                association,
            })
        })
        .collect()
}
