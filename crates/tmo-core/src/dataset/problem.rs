//! What is wrong with a rejected dataset: located problems, collected up to a cap.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How many problems a loader collects before it stops listing them.
pub const MAX_PROBLEMS: usize = 100;

/// One broken rule of SIMULATOR.md §1, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Index of the episode in the top-level array, when the problem is inside one.
    pub episode: Option<usize>,
    /// Index of the turn (or of the `association_score` row), when the problem is inside one.
    pub turn: Option<usize>,
    /// The schema field concerned (`dataset` for the top level, `json` for syntax errors,
    /// `episode` for an episode that is not an object).
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(episode) = self.episode {
            write!(f, "episode {episode}, ")?;
        }
        if let Some(turn) = self.turn {
            write!(f, "turn {turn}, ")?;
        }
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

/// Why a dataset was rejected: every problem found (at most [`MAX_PROBLEMS`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetError {
    /// The problems, in input order.
    pub problems: Vec<Problem>,
    /// Whether more problems existed than are listed.
    pub truncated: bool,
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "invalid dataset: {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        if self.truncated {
            write!(f, " (and more not listed)")?;
        }
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DatasetError {}

/// Where in the dataset a check is looking.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct At {
    pub(crate) episode: Option<usize>,
    pub(crate) turn: Option<usize>,
}

impl At {
    /// The top level of the dataset.
    pub(crate) const TOP: At = At {
        episode: None,
        turn: None,
    };

    /// Inside episode `e`.
    pub(crate) fn episode(e: usize) -> At {
        At {
            episode: Some(e),
            turn: None,
        }
    }

    /// Inside turn (or association row) `t` of this episode.
    pub(crate) fn turn(self, t: usize) -> At {
        At {
            turn: Some(t),
            ..self
        }
    }
}

/// Collects problems up to [`MAX_PROBLEMS`], remembering whether any were dropped.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProblemLog {
    problems: Vec<Problem>,
    truncated: bool,
}

impl ProblemLog {
    /// Records that `field` at `at` is wrong.
    pub(crate) fn push(&mut self, at: At, field: &str, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                episode: at.episode,
                turn: at.turn,
                field: field.to_owned(),
                message: message.into(),
            });
        } else {
            self.truncated = true;
        }
    }

    /// Whether nothing was recorded.
    pub(crate) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether problems were dropped because [`MAX_PROBLEMS`] were already listed.
    pub(crate) fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// `Ok` when nothing was recorded, else the error listing everything.
    pub(crate) fn into_result(self) -> Result<(), DatasetError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(DatasetError {
                problems: self.problems,
                truncated: self.truncated,
            })
        }
    }
}
