//! `tmo rollout`: one JSON object per step of each test episode for one policy.
//!
//! `obs` is the observation the policy saw; with `--rc` its last two entries are the remaining
//! budgets divided by the upper bounds of the training budget range. What the policy's numbers
//! must be read with (e.g. an optimum that is only the best found) goes to stderr as notes.

use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::{Parser, ValueEnum};
use serde::Serialize;
use std::sync::Arc;
use tmo_core::metrics::Caveats;
use tmo_core::policy::{BaselineFactory, Decision, Policy, PolicyFactory, Shielding};
use tmo_core::{Action, Simulator, Split, evaluate_with_traces};

/// Output formats of `tmo rollout`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// One JSON object per line.
    Jsonl,
}

/// Options of `tmo rollout`.
#[derive(Parser, Debug)]
pub struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Training episode ids (with --test-ids; else a seeded 80/20 split).
    #[arg(
        long,
        value_name = "I,J,…",
        value_delimiter = ',',
        requires = "test_ids"
    )]
    train_ids: Option<Vec<u64>>,
    /// Test episode ids, rolled out in this order.
    #[arg(
        long,
        value_name = "I,J,…",
        value_delimiter = ',',
        requires = "train_ids"
    )]
    test_ids: Option<Vec<u64>>,
    /// Seed of the split (without ids) and of random policies.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// local | cloud | random | all-views | text-only | greedy | optimal[:NODES] |
    /// sequence:A,B,C, each optionally followed by +shield. `greedy` takes the best next step by
    /// the estimate, budgets ignored; `optimal` plans each episode knowing its future turns (a
    /// clairvoyant bound) for the highest reward within the budgets, searching at most NODES
    /// estimates per episode (default 100000) before settling for the best found. `+shield`
    /// allows only actions after which the budgets still cover answering every remaining turn
    /// locally.
    #[arg(long, value_name = "P")]
    policy: String,
    /// Resource constraints: the observation carries the remaining budgets.
    #[arg(long)]
    rc: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
}

/// One printed step.
#[derive(Serialize)]
struct Line<'a> {
    episode_id: u64,
    step: usize,
    obs: &'a [f32],
    action: Action,
    response_score: f64,
    association_score: f64,
    total_latency: f64,
    total_usage: f64,
    reward: f64,
}

/// A policy with the resource-constraint observation switched on or off.
struct Observing {
    inner: Box<dyn Policy>,
    rc: bool,
}

impl Policy for Observing {
    fn uses_budgets(&self) -> bool {
        self.rc
    }
    fn act(&mut self, decision: &Decision<'_>) -> Action {
        self.inner.act(decision)
    }
    fn preferences(&mut self, decision: &Decision<'_>) -> Vec<Action> {
        self.inner.preferences(decision)
    }
    fn caveats(&self) -> Caveats {
        self.inner.caveats()
    }
}

/// Runs `tmo rollout`.
pub fn run(args: Args) -> crate::Outcome {
    let dataset = args.dataset.load()?;
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let split = match (&args.train_ids, &args.test_ids) {
        (Some(train), Some(test)) => Split::from_ids(&dataset, train, test)?,
        _ => args.dataset.split(&dataset, args.seed)?,
    };
    let sim = Arc::new(Simulator::new(&dataset, &scenario, &split)?);
    let mut policy = Observing {
        inner: Shielding(BaselineFactory).build(&args.policy, args.seed, &sim)?,
        rc: args.rc,
    };
    let (metrics, traces) = evaluate_with_traces(&sim, &mut policy);
    let Format::Jsonl = args.format;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for episode in &traces {
        for s in &episode.steps {
            let line = Line {
                episode_id: episode.episode_id,
                step: s.turn,
                obs: &s.obs,
                action: s.action,
                response_score: s.outcome.estimate.score,
                association_score: s.outcome.association,
                total_latency: s.total_latency_s,
                total_usage: s.total_usage_usd,
                reward: s.reward,
            };
            serde_json::to_writer(&mut out, &line)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
    }
    std::io::Write::flush(&mut out)?;
    for note in metrics.caveats.notes() {
        eprintln!("tmo: note: {}: {note}", args.policy);
    }
    Ok(())
}
