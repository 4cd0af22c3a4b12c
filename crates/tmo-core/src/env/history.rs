//! The integer observation history (SIMULATOR.md §2): `τ` per-step states, oldest first.

use crate::actions::{Action, ActionSpace};

/// `τ` blocks `[prev_action, u_0 … u_{X-1}, task_id]`; missing turns are all −1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    values: Vec<i16>,
    block: usize,
}

impl History {
    /// The history of length `time_span` blocks at an episode's first turn: padding, then
    /// `[-1, 0 … 0, first_task]`.
    pub fn new(actions: &ActionSpace, time_span: usize, first_task: i16) -> History {
        let block = actions.num_views() + 2;
        let mut values = vec![-1i16; time_span * block];
        let current = values.len() - block;
        values[current + 1..].fill(0);
        values[current + block - 1] = first_task;
        History { values, block }
    }

    /// Shifts by one block and appends `[action vector, next_task]` (−1 when the episode ended).
    pub fn advance(&mut self, actions: &ActionSpace, action: Action, next_task: Option<i16>) {
        let block = self.block;
        self.values.copy_within(block.., 0);
        let current = self.values.len() - block;
        actions.write_vector(action, &mut self.values[current..current + block - 1]);
        self.values[current + block - 1] = next_task.unwrap_or(-1);
    }

    /// The values, `τ (X + 2)` of them.
    pub fn values(&self) -> &[i16] {
        &self.values
    }
}
