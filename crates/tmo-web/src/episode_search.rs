//! Finding episodes by the words of their turns, for Replay's picker on large datasets.

use tmo_core::dataset::Episode;

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

    /// Whether every word occurs in one of `episode`'s questions or task names.
    pub fn matches(&self, episode: &Episode) -> bool {
        if self.is_empty() {
            return true;
        }
        let text: String = episode
            .interactions
            .iter()
            .flat_map(|t| [t.question.as_str(), t.task_cat.as_str()])
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        self.words.iter().all(|w| text.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::fixtures::kitchen;

    #[test]
    fn every_word_must_occur_in_a_question_or_task_whatever_its_case() {
        let data = kitchen().data;
        let episodes = data.episodes();
        let first = &episodes[0].interactions[0];
        let word = first.question.split_whitespace().last().unwrap();
        let hit = EpisodeQuery::new(&format!("  {}  ", word.to_uppercase()));
        assert!(hit.matches(&episodes[0]));
        assert!(EpisodeQuery::new(&first.task_cat.to_lowercase()).matches(&episodes[0]));
        assert!(!EpisodeQuery::new(&format!("{word} zzyzx")).matches(&episodes[0]));
        let none = EpisodeQuery::new(" \t");
        assert!(none.is_empty() && episodes.iter().all(|e| none.matches(e)));
        // A word shared by some episodes, not all: the search narrows the list.
        let lights = EpisodeQuery::new("lights");
        let found = episodes.iter().filter(|e| lights.matches(e)).count();
        assert!(0 < found && found < episodes.len(), "{found}");
    }
}
