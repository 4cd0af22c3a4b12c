//! The environment (SIMULATOR.md §2, §7): closed-loop history, episode state and the
//! training environment with sampled budgets.

mod history;
mod state;
mod train;

pub use history::History;
pub use state::EpisodeState;
pub use train::{Step, TrainEnv};
