//! Short runs of the six learners whose numbers must agree bit for bit natively and in
//! wasm32, and the committed fixture holding them.
// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use tmo_agent::{Learner, LearnerConfig, Preset, Trainer};
use tmo_core::dataset::Dataset;
use tmo_core::{Scenario, Simulator, Split};

/// The bundled kitchen dataset (part of the repository).
const KITCHEN: &str = include_str!("../../../../dataset/kitchen.json");

/// The committed expected numbers, by learner.
pub const FIXTURE: &str = include_str!("../fixtures/determinism.json");

/// Numbers of a run, as f32 bit patterns so that comparing them is exact.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct RunNumbers {
    /// Episodes finished.
    pub episodes: u64,
    /// Bits of the last update's metrics, by name.
    pub metric_bits: BTreeMap<String, u32>,
    /// Bits of the mean episode reward.
    pub mean_episode_reward_bits: u32,
    /// FNV-1a hash of the bits of every weight of every network.
    pub weights_fnv: u64,
    /// The first eight weights of the first network (for a readable diff).
    pub first_weights: [f32; 8],
}

/// The simulator of the kitchen dataset's seed-0 split in the default scenario.
pub fn kitchen_simulator() -> Arc<Simulator> {
    let dataset = Dataset::from_json(KITCHEN).expect("bundled dataset");
    let scenario = Scenario::default_for(dataset.num_views());
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"))
}

/// The short run of `name` (seed 7): 1 000 (RC-)A2C steps over 4 environments; one 256-step
/// (RC-)PPO rollout in minibatches of 32 over 2 epochs; 600 (RC-)DQN steps.
fn short_config(name: &str) -> LearnerConfig {
    let mut config = name
        .parse::<Learner>()
        .expect("a learner")
        .config(Preset::Ours);
    config.seed = 7;
    let set = |config: &mut LearnerConfig, key: &str, value: &str| {
        tmo_agent::settings::find(key)
            .expect("a setting")
            .set(config, value)
            .expect("a valid value");
    };
    match name.trim_start_matches("rc-") {
        "a2c" => {
            config.timesteps = 1_000;
            config.n_envs = 4;
        }
        "ppo" => {
            config.timesteps = 256;
            set(&mut config, "n_steps", "256");
            set(&mut config, "batch_size", "32");
            set(&mut config, "n_epochs", "2");
        }
        _ => config.timesteps = 600,
    }
    config
}

/// The learners the fixture covers, and whose full training the browser test times: the
/// paper's six.
pub const LEARNERS: [&str; 6] = ["ppo", "a2c", "dqn", "rc-ppo", "rc-a2c", "rc-dqn"];

/// The short run of `name` on [`kitchen_simulator`].
pub fn short_run(name: &str) -> RunNumbers {
    let sim = kitchen_simulator();
    let mut trainer = Trainer::for_simulator(short_config(name), &sim).expect("trainer");
    let p = trainer.run_to_end(u64::MAX, |_| {});
    let networks = trainer.networks();
    let all: Vec<f32> = networks
        .iter()
        .flat_map(|m| m.layers.iter())
        .flat_map(|l| l.weight.iter().chain(&l.bias).copied())
        .collect();
    let weights_fnv = all.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, x| {
        x.to_bits()
            .to_le_bytes()
            .iter()
            .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    });
    let mut first_weights = [0.0; 8];
    first_weights.copy_from_slice(&networks[0].layers[0].weight[..8]);
    RunNumbers {
        episodes: p.episodes,
        metric_bits: p
            .metrics
            .iter()
            .map(|m| (m.name.clone(), m.value.to_bits()))
            .collect(),
        mean_episode_reward_bits: p.mean_episode_reward.unwrap_or(f32::NAN).to_bits(),
        weights_fnv,
        first_weights,
    }
}

/// Every covered learner's short run.
pub fn short_runs() -> BTreeMap<String, RunNumbers> {
    LEARNERS
        .iter()
        .map(|name| (name.to_string(), short_run(name)))
        .collect()
}

/// The fixture's numbers.
pub fn expected() -> BTreeMap<String, RunNumbers> {
    serde_json::from_str(FIXTURE).expect("the fixture parses")
}
