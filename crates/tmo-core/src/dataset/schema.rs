//! serde types of one M4A1 episode and turn, exactly as they appear in the JSON file.

use serde::{Deserialize, Serialize};

/// Where a logged answer was produced (`action` in the file: 0 local, 1 cloud).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Placement {
    /// The small on-device LLM answered.
    Local,
    /// The cloud LLM answered.
    Cloud,
}

impl TryFrom<u8> for Placement {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        match v {
            0 => Ok(Placement::Local),
            1 => Ok(Placement::Cloud),
            other => Err(format!("action must be 0 or 1, found {other}")),
        }
    }
}

impl From<Placement> for u8 {
    fn from(p: Placement) -> u8 {
        match p {
            Placement::Local => 0,
            Placement::Cloud => 1,
        }
    }
}

/// One dialogue turn: the prompt, where it was answered and how well.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The user's prompt.
    pub question: String,
    /// Task category name.
    pub task_cat: String,
    /// Where the logged answer was produced.
    pub action: Placement,
    /// Views uploaded with a cloud call; `None` for local and text-only cloud calls.
    pub image_index: Option<Vec<usize>>,
    /// The logged answer (plain text).
    pub answer: String,
    /// LLM-as-judge score of the answer (≥ 0).
    pub score: f64,
    /// Measured seconds, when logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_time: Option<f64>,
    /// Measured USD, when logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_cost: Option<f64>,
}

/// One dialogue in one kitchen scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    /// Episode id (the list position when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// File names of the camera views of this scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_paths: Option<Vec<String>>,
    /// The turns, in order.
    pub interactions: Vec<Turn>,
    /// Per turn, the relevance of each view to that turn's prompt.
    pub association_score: Vec<Vec<f64>>,
}
