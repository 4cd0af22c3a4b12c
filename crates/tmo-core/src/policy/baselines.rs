//! The rule policies: the paper's baselines and the greedy rule that reads the estimate.

use super::{Decision, Policy};
use crate::actions::Action;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Always answers locally (action 0).
#[derive(Clone, Copy, Debug, Default)]
pub struct Local;

/// Uniformly one of the cloud actions.
#[derive(Clone, Debug)]
pub struct CloudUniform(pub ChaCha8Rng);

/// Local with probability 1/2, else uniformly a cloud action.
#[derive(Clone, Debug)]
pub struct RandomMix(pub ChaCha8Rng);

/// The cloud with every view (AIwRG-like).
#[derive(Clone, Copy, Debug, Default)]
pub struct AllViews;

/// The cloud with no view (PerLLM-like).
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOnly;

/// The best next step by the estimate, budgets ignored: the action with the highest estimated
/// reward now (ties: lowest id). Not an optimum: see [`Optimal`](super::Optimal).
#[derive(Clone, Copy, Debug, Default)]
pub struct Greedy;

/// Action ids taken in turn by a step counter over the whole rollout, cycled.
#[derive(Clone, Debug)]
pub struct Sequence {
    actions: Vec<Action>,
    next: usize,
}

impl Sequence {
    /// A sequence of at least one action.
    pub fn new(actions: Vec<Action>) -> Option<Sequence> {
        (!actions.is_empty()).then_some(Sequence { actions, next: 0 })
    }
}

fn cloud_action(rng: &mut ChaCha8Rng, d: &Decision<'_>) -> Action {
    let actions = d.simulator().actions();
    let i = rng.random_range(1..actions.len() as u32) as usize;
    actions.action(i).unwrap_or(Action::LOCAL)
}

impl Policy for Local {
    fn act(&mut self, _: &Decision<'_>) -> Action {
        Action::LOCAL
    }
}

impl Policy for CloudUniform {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        cloud_action(&mut self.0, d)
    }
}

impl Policy for RandomMix {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        if self.0.random::<bool>() {
            Action::LOCAL
        } else {
            cloud_action(&mut self.0, d)
        }
    }
}

impl Policy for AllViews {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        let actions = d.simulator().actions();
        actions.action(actions.len() - 1).unwrap_or(Action::LOCAL)
    }
}

impl Policy for TextOnly {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        d.simulator().actions().action(1).unwrap_or(Action::LOCAL)
    }
}

impl Policy for Greedy {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        let mut best = (Action::LOCAL, f64::NEG_INFINITY);
        for a in d.simulator().actions().iter() {
            let r = d.outcome(a).terms.total();
            if r > best.1 {
                best = (a, r);
            }
        }
        best.0
    }
}

impl Policy for Sequence {
    fn act(&mut self, _: &Decision<'_>) -> Action {
        let a = self.actions[self.next % self.actions.len()];
        self.next += 1;
        a
    }
}
