//! A small synthetic task with the shape of TMO's (episodes of a few turns, a task label per
//! turn, one cheap and several costly actions, a budget), for testing and benchmarking the
//! learners without a dataset.

use crate::env::{Environment, EpisodeEnd, Step};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Turns per episode.
const TURNS: usize = 4;
/// Task labels.
const TASKS: usize = 4;
/// Actions: 0 is free, action `a > 0` costs `a` units of budget.
const ACTIONS: usize = 9;
/// Budget per episode, in cost units.
const BUDGET: f32 = 12.0;

/// The synthetic task: each turn shows a task label; action `a` scores
/// `(a · (t + 1)) mod 5 / 4` for label `t` and costs `a / 8` of reward and `a` units of budget;
/// a step past the budget earns 0. The observation is the one-hot label, the remaining budget
/// (as a fraction) and the turn (as a fraction).
#[derive(Clone, Debug, Default)]
pub struct ToyTask {
    labels: [usize; TURNS],
    turn: usize,
    spent: f32,
}

impl ToyTask {
    fn write_obs(&self, obs: &mut [f32]) {
        obs.fill(0.0);
        obs[self.labels[self.turn]] = 1.0;
        obs[TASKS] = (BUDGET - self.spent) / BUDGET;
        obs[TASKS + 1] = self.turn as f32 / TURNS as f32;
    }
}

impl Environment for ToyTask {
    fn obs_len(&self) -> usize {
        TASKS + 2
    }

    fn num_actions(&self) -> usize {
        ACTIONS
    }

    fn reset(&mut self, rng: &mut ChaCha8Rng, obs: &mut [f32]) {
        for l in &mut self.labels {
            *l = rng.random_range(0..TASKS);
        }
        self.turn = 0;
        self.spent = 0.0;
        self.write_obs(obs);
    }

    fn step(&mut self, action: usize, obs: &mut [f32]) -> Step {
        let label = self.labels[self.turn];
        let within = self.spent <= BUDGET;
        self.spent += action as f32;
        let score = ((action * (label + 1)) % 5) as f32 / 4.0;
        let reward = if within {
            score - action as f32 / 8.0
        } else {
            0.0
        };
        self.turn += 1;
        if self.turn == TURNS {
            return Step {
                reward,
                end: Some(EpisodeEnd {
                    over_budget: self.spent > BUDGET,
                }),
            };
        }
        self.write_obs(obs);
        Step { reward, end: None }
    }

    fn budget_excess(&self, out: &mut [f32]) {
        for (a, e) in out.iter_mut().enumerate() {
            *e = (self.spent + a as f32 - BUDGET).max(0.0) / BUDGET;
        }
    }

    fn excess_so_far(&self) -> f32 {
        (self.spent - BUDGET).max(0.0) / BUDGET
    }
}
