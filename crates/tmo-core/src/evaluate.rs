//! Evaluation (SIMULATOR.md §10): a policy rolled once over each test episode, in split order,
//! with the fixed budgets, optionally recording per-turn traces for a replay view.

use crate::actions::Action;
use crate::budget::Budgets;
use crate::env::EpisodeState;
use crate::metrics::{Metrics, MetricsBuilder};
use crate::policy::{Decision, Policy};
use crate::simulator::{Outcome, Simulator};
use serde::{Deserialize, Serialize};

/// One evaluated turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepTrace {
    /// Turn index in the episode.
    pub turn: usize,
    /// The observation the policy saw.
    pub obs: Vec<f32>,
    /// The action taken.
    pub action: Action,
    /// Estimate (with the nearest logged same-action neighbour), association, costs, reward terms.
    pub outcome: Outcome,
    /// The reward (the sum of the terms).
    pub reward: f64,
    /// Episode latency so far, this step included, seconds.
    pub total_latency_s: f64,
    /// Episode usage so far, this step included, USD.
    pub total_usage_usd: f64,
    /// Budgets left after this step.
    pub remaining: Budgets,
}

/// One evaluated episode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpisodeTrace {
    /// Episode id in the dataset.
    pub episode_id: u64,
    /// Its turns.
    pub steps: Vec<StepTrace>,
}

/// Metrics of `policy` over the test episodes (with the caveats the policy reports).
pub fn evaluate(sim: &Simulator, policy: &mut dyn Policy) -> Metrics {
    run(sim, policy, None)
}

/// Metrics and per-turn traces of `policy` over the test episodes.
pub fn evaluate_with_traces(
    sim: &Simulator,
    policy: &mut dyn Policy,
) -> (Metrics, Vec<EpisodeTrace>) {
    let mut traces = Vec::with_capacity(sim.split().test().len());
    let metrics = run(sim, policy, Some(&mut traces));
    (metrics, traces)
}

fn run(
    sim: &Simulator,
    policy: &mut dyn Policy,
    mut traces: Option<&mut Vec<EpisodeTrace>>,
) -> Metrics {
    let mut evaluation = Evaluation::new(sim, policy);
    while evaluation.next_episode(sim, policy, traces.as_deref_mut()) {}
    evaluation.finish(policy)
}

/// The trace of `policy` over the episode at dataset position `position` (of either split),
/// played as an evaluation plays a test episode; a policy that draws at random draws afresh.
pub fn trace_episode(sim: &Simulator, policy: &mut dyn Policy, position: usize) -> EpisodeTrace {
    let rc = policy.uses_budgets();
    let mut obs = vec![0.0f32; sim.obs_len(rc)];
    let mut steps = Vec::new();
    play(
        sim,
        policy,
        position,
        (rc, &mut obs),
        None,
        Some(&mut steps),
    );
    EpisodeTrace {
        episode_id: sim.episode(position).id,
        steps,
    }
}

/// Rolls `policy` over the episode at `position` from the scenario's budgets, writing each
/// observation (with the remaining budgets when `rc`) into `obs`, each step into `metrics` and
/// `steps` when given.
fn play(
    sim: &Simulator,
    policy: &mut dyn Policy,
    position: usize,
    (rc, obs): (bool, &mut [f32]),
    mut metrics: Option<&mut MetricsBuilder>,
    mut steps: Option<&mut Vec<StepTrace>>,
) {
    let mut state = EpisodeState::start(sim, position, sim.scenario().budgets);
    loop {
        state.write_obs(sim, rc, obs);
        let action = policy.act(&Decision::new(sim, &state, obs));
        let outcome = sim.outcome(&state, action);
        let reward = outcome.terms.total();
        if let Some(m) = metrics.as_deref_mut() {
            m.step(action.index(), &outcome, reward);
        }
        let turn = state.turn();
        let done = state.apply(sim, action, &outcome);
        if let Some(steps) = steps.as_deref_mut() {
            steps.push(StepTrace {
                turn,
                obs: obs.to_vec(),
                action,
                outcome,
                reward,
                total_latency_s: state.spent_latency_s(),
                total_usage_usd: state.spent_usage_usd(),
                remaining: state.remaining(),
            });
        }
        if done {
            return;
        }
    }
}

/// An evaluation advanced one test episode at a time, for callers that share their time with
/// other work (a web worker, a job run in slices). Driven to the end, it gives [`evaluate`]'s
/// numbers bit for bit (it is the same code).
#[derive(Clone, Debug)]
pub struct Evaluation {
    builder: MetricsBuilder,
    /// Index into the test split of the next episode.
    next: usize,
    obs: Vec<f32>,
    rc: bool,
}

impl Evaluation {
    /// An evaluation of `policy` over `sim`'s test split, before its first episode.
    pub fn new(sim: &Simulator, policy: &dyn Policy) -> Evaluation {
        let rc = policy.uses_budgets();
        Evaluation {
            builder: MetricsBuilder::new(sim.num_actions()),
            next: 0,
            obs: vec![0.0f32; sim.obs_len(rc)],
            rc,
        }
    }

    /// Test episodes evaluated so far.
    pub fn episodes_done(&self) -> usize {
        self.next
    }

    /// Rolls `policy` over the next test episode (the same simulator and policy every call),
    /// recording its trace into `traces` if given; `false` when every episode was done before.
    pub fn next_episode(
        &mut self,
        sim: &Simulator,
        policy: &mut dyn Policy,
        traces: Option<&mut Vec<EpisodeTrace>>,
    ) -> bool {
        let Some(&episode) = sim.split().test().get(self.next) else {
            return false;
        };
        self.next += 1;
        let budgets = sim.scenario().budgets;
        let mut steps = traces.is_some().then(Vec::new);
        play(
            sim,
            policy,
            episode,
            (self.rc, &mut self.obs),
            Some(&mut self.builder),
            steps.as_mut(),
        );
        self.builder.end_episode(budgets);
        if let (Some(out), Some(steps)) = (traces, steps) {
            out.push(EpisodeTrace {
                episode_id: sim.episode(episode).id,
                steps,
            });
        }
        true
    }

    /// The metrics over the episodes evaluated, with the caveats `policy` reports.
    pub fn finish(self, policy: &dyn Policy) -> Metrics {
        Metrics {
            caveats: policy.caveats(),
            ..self.builder.finish()
        }
    }
}
