//! The M4A1 dataset schema (SIMULATOR.md §1) and its validating loader.
//!
//! A [`Dataset`] only exists once every rule holds: loading either yields the whole,
//! valid dataset or a [`DatasetError`] listing every problem found, each located by
//! episode, turn and field.
//!
//! Decisions where §1 leaves room: `image_index` must be null on a local turn and on a
//! text-only cloud turn (an empty list is rejected, so each call has one spelling);
//! association scores are cosine similarities, so they must lie in `-1..=1`; scores,
//! times and prices must be finite and ≥ 0; episode ids, when given, must be distinct;
//! unknown fields are ignored.

mod problem;
mod reader;
mod rules;
mod schema;
mod walk;

use std::collections::BTreeSet;

pub use problem::{DatasetError, MAX_PROBLEMS, Problem};
pub use reader::DatasetReader;
pub use rules::VIEWS;
pub use schema::{Episode, Placement, Turn};

use problem::{At, ProblemLog};
use rules::{EpisodeParts, check_episode, check_ids, check_views, first_row_len};

/// A validated dataset: episodes, their number of views `X` and task vocabulary `V`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    episodes: Vec<Episode>,
    num_views: usize,
    tasks: Vec<String>,
}

impl Dataset {
    /// Parses and validates a JSON dataset, reporting every problem (up to [`MAX_PROBLEMS`]).
    ///
    /// This is [`DatasetReader`] given the whole text at once.
    pub fn from_json(text: &str) -> Result<Dataset, DatasetError> {
        let mut reader = DatasetReader::new();
        reader.push(text.as_bytes());
        reader.finish()
    }

    /// Validates episodes built in memory (by the generator or a test).
    pub fn from_episodes(episodes: Vec<Episode>) -> Result<Dataset, DatasetError> {
        let mut log = ProblemLog::default();
        if episodes.is_empty() {
            log.push(At::TOP, "dataset", "the array holds no episodes");
        }
        let views = first_row_len(
            episodes
                .iter()
                .map(|e| e.association_score.first().map(Vec::len)),
        );
        if let Some((e, x)) = views {
            check_views(x, At::episode(e), &mut log);
        }
        for (e, episode) in episodes.iter().enumerate() {
            let parts = EpisodeParts {
                at: At::episode(e),
                turns: Some(episode.interactions.iter().map(Some).collect()),
                rows: Some(
                    episode
                        .association_score
                        .iter()
                        .map(|row| Some(row.as_slice()))
                        .collect(),
                ),
                image_paths: episode.image_paths.as_ref().map(Vec::len),
            };
            check_episode(&parts, views.map(|(_, x)| x), &mut log);
        }
        check_ids(
            episodes
                .iter()
                .enumerate()
                .filter_map(|(e, ep)| Some((e, ep.id?))),
            &mut log,
        );
        log.into_result()?;
        Ok(Self::build(episodes))
    }

    /// Wraps episodes that passed every check.
    fn build(episodes: Vec<Episode>) -> Dataset {
        let tasks: BTreeSet<&str> = episodes
            .iter()
            .flat_map(|e| e.interactions.iter().map(|t| t.task_cat.as_str()))
            .collect();
        Dataset {
            tasks: tasks.into_iter().map(str::to_owned).collect(),
            num_views: episodes
                .first()
                .and_then(|e| e.association_score.first())
                .map_or(0, Vec::len),
            episodes,
        }
    }

    /// The episodes, in file order.
    pub fn episodes(&self) -> &[Episode] {
        &self.episodes
    }

    /// The number of camera views `X` (within [`VIEWS`]).
    pub fn num_views(&self) -> usize {
        self.num_views
    }

    /// The task vocabulary `V`: every `task_cat`, sorted, without repeats.
    pub fn tasks(&self) -> &[String] {
        &self.tasks
    }

    /// The index of `name` in [`Dataset::tasks`].
    pub fn task_id(&self, name: &str) -> Option<usize> {
        self.tasks.binary_search_by(|t| t.as_str().cmp(name)).ok()
    }

    /// The id of episode `index`: its `id` field, else its position.
    ///
    /// # Panics
    /// If `index` is not below `self.episodes().len()`.
    pub fn episode_id(&self, index: usize) -> u64 {
        self.episodes[index].id.unwrap_or(index as u64)
    }

    /// The dataset as pretty-printed JSON that [`Dataset::from_json`] reads back unchanged.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite numbers into a String cannot fail.
        serde_json::to_string_pretty(&self.episodes).expect("episodes serialise to JSON")
    }
}
