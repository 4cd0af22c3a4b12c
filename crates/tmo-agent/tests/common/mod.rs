//! The short RC-A2C run whose numbers must agree bit for bit natively and in wasm32, and the
//! committed fixture holding them.

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tmo_agent::{Learner, Preset, Trainer};
use tmo_core::dataset::Dataset;
use tmo_core::{Scenario, Simulator, Split};

/// The bundled kitchen dataset (part of the repository).
const KITCHEN: &str = include_str!("../../../../dataset/kitchen.json");

/// The committed expected numbers.
pub const FIXTURE: &str = include_str!("../fixtures/determinism.json");

/// Numbers of a run, as f32 bit patterns so that comparing them is exact.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct RunNumbers {
    /// Episodes finished.
    pub episodes: u64,
    /// Bits of the last update's policy, value, entropy and penalty losses.
    pub loss_bits: [u32; 4],
    /// Bits of the mean episode reward.
    pub mean_episode_reward_bits: u32,
    /// FNV-1a hash of the bits of every actor and critic weight.
    pub weights_fnv: u64,
    /// The first eight actor weights (for a readable diff).
    pub first_weights: [f32; 8],
}

/// The simulator of the kitchen dataset's seed-0 split in the default scenario.
pub fn kitchen_simulator() -> Arc<Simulator> {
    let dataset = Dataset::from_json(KITCHEN).expect("bundled dataset");
    let scenario = Scenario::default_for(dataset.num_views());
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"))
}

/// A 1 000-step RC-A2C run (4 environments, seed 7) on [`kitchen_simulator`].
pub fn short_run() -> RunNumbers {
    let sim = kitchen_simulator();
    let mut config = "rc-a2c"
        .parse::<Learner>()
        .expect("a learner")
        .config(Preset::Ours);
    config.timesteps = 1_000;
    config.n_envs = 4;
    config.seed = 7;
    let mut trainer = Trainer::for_simulator(config, &sim).expect("trainer");
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
        loss_bits: ["policy_loss", "value_loss", "entropy", "expected_excess"]
            .map(|name| p.metric(name).expect("A2C reports it").to_bits()),
        mean_episode_reward_bits: p.mean_episode_reward.unwrap_or(f32::NAN).to_bits(),
        weights_fnv,
        first_weights,
    }
}

/// The fixture's numbers.
pub fn expected() -> RunNumbers {
    serde_json::from_str(FIXTURE).expect("fixture parses")
}
