//! Finding episodes by the words of their turns, for Replay's picker on large datasets.

use tmo_core::dataset::Dataset;

/// Each episode's questions and task names, lower-cased once per dataset, so a search reads
/// them instead of lower-casing every episode at every key stroke.
#[derive(Debug)]
pub struct SearchIndex(Vec<String>);

impl SearchIndex {
    /// The index of `dataset`'s episodes, by position.
    pub fn of(dataset: &Dataset) -> Self {
        Self(
            dataset
                .episodes()
                .iter()
                .map(|e| {
                    e.interactions
                        .iter()
                        .flat_map(|t| [t.question.as_str(), t.task_cat.as_str()])
                        .collect::<Vec<_>>()
                        .join("\n")
                        .to_lowercase()
                })
                .collect(),
        )
    }

    /// Whether the episode at `position` matches `query`.
    pub fn matches(&self, position: usize, query: &EpisodeQuery) -> bool {
        query.is_empty()
            || self
                .0
                .get(position)
                .is_some_and(|text| query.words.iter().all(|w| text.contains(w.as_str())))
    }
}

/// What the visitor typed into the episode search: lower-case words, each of which a match
/// must contain somewhere in its questions or task names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpisodeQuery {
    words: Vec<String>,
}

impl EpisodeQuery {
    /// The query of `text` (split at white space; case is ignored).
    pub fn new(text: &str) -> Self {
        Self {
            words: text.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    /// Whether nothing was typed (every episode matches).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::fixtures::kitchen;

    #[test]
    fn every_word_must_occur_in_a_question_or_task_whatever_its_case() {
        let data = kitchen().data;
        let index = SearchIndex::of(&data);
        let episodes = data.episodes();
        let first = &episodes[0].interactions[0];
        let word = first.question.split_whitespace().last().unwrap();
        let hit = EpisodeQuery::new(&format!("  {}  ", word.to_uppercase()));
        assert!(index.matches(0, &hit));
        assert!(index.matches(0, &EpisodeQuery::new(&first.task_cat.to_lowercase())));
        assert!(!index.matches(0, &EpisodeQuery::new(&format!("{word} zzyzx"))));
        let none = EpisodeQuery::new(" \t");
        assert!(none.is_empty() && (0..episodes.len()).all(|p| index.matches(p, &none)));
        // A word shared by some episodes, not all: the search narrows the list.
        let lights = EpisodeQuery::new("lights");
        let found = (0..episodes.len())
            .filter(|&p| index.matches(p, &lights))
            .count();
        assert!(0 < found && found < episodes.len(), "{found}");
    }
}
