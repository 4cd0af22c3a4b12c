//! The scenario flags shared by subcommands (flatten [`ScenarioArgs`] into a subcommand's
//! `Args`) and the `--dataset FILE` flag.

use clap::Args;
use std::path::PathBuf;
use tmo_core::dataset::Dataset;
use tmo_core::scenario::{
    DEFAULT_DEVICE, Device, NETWORKS, Network, RewardWeights, SYNTHETIC_NETWORK, Scenario,
};
use tmo_core::{BudgetDistribution, Shuffle, Split};

/// Scenario flags (SIMULATOR.md §4–§7); unset ones keep the paper's defaults.
#[derive(Args, Debug, Clone)]
pub struct ScenarioArgs {
    /// Local device (a preset name, e.g. "Jetson TX2", "Raspberry Pi-5").
    #[arg(long, value_name = "NAME", default_value = DEFAULT_DEVICE)]
    device: String,
    /// Cloud network: Wired, WiFi, 5G, 4G (three views) or synthetic (any number of views).
    /// Default: Wired for three views, else synthetic.
    #[arg(long, value_name = "NAME")]
    network: Option<String>,
    /// History length τ.
    #[arg(long, value_name = "N", default_value_t = 5)]
    time_span: usize,
    /// Neighbours k of the response-score estimate.
    #[arg(long, value_name = "N", default_value_t = 5)]
    k: usize,
    /// Reward weights α, β_A, β_L, β_U.
    #[arg(long, value_name = "A,B,C,D", value_parser = parse_weights, allow_hyphen_values = true)]
    weights: Option<RewardWeights>,
    /// Per-episode latency budget in seconds (evaluation).
    #[arg(
        long,
        value_name = "S",
        default_value_t = 30.0,
        allow_negative_numbers = true
    )]
    latency_budget: f64,
    /// Per-episode usage budget in USD (evaluation).
    #[arg(
        long,
        value_name = "USD",
        default_value_t = 0.05,
        allow_negative_numbers = true
    )]
    usage_budget: f64,
    /// Training budget distribution: uniform, normal, extreme-aware or around-evaluation.
    #[arg(long, value_name = "NAME", default_value = "normal", value_parser = str::parse::<BudgetDistribution>)]
    budget_distribution: BudgetDistribution,
}

fn parse_weights(text: &str) -> Result<RewardWeights, String> {
    let values = text
        .split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{v}` is not a number"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    match values[..] {
        [response, association, latency, usage] => Ok(RewardWeights {
            response,
            association,
            latency,
            usage,
        }),
        _ => Err(format!(
            "expected 4 comma-separated weights α,β_A,β_L,β_U, found {}",
            values.len()
        )),
    }
}

impl ScenarioArgs {
    /// The scenario for a dataset with `num_views` views (validated later by the simulator).
    pub fn to_scenario(&self, num_views: usize) -> Result<Scenario, String> {
        let device = Device::preset(&self.device).ok_or_else(|| {
            let names: Vec<&str> = tmo_core::scenario::DEVICES.iter().map(|d| d.0).collect();
            format!(
                "unknown device `{}` (known: {})",
                self.device,
                names.join(", ")
            )
        })?;
        let network = match &self.network {
            None => Network::default_for(num_views),
            Some(name) => Network::preset(name, num_views).ok_or_else(|| {
                let names: Vec<&str> = NETWORKS.iter().map(|n| n.0).collect();
                format!(
                    "unknown network `{name}` for {num_views} views (known: {} for 3 views; {SYNTHETIC_NETWORK} for any)",
                    names.join(", ")
                )
            })?,
        };
        let mut scenario = Scenario::default_for(num_views);
        scenario.device = device;
        scenario.network = network;
        scenario.time_span = self.time_span;
        scenario.k = self.k;
        scenario.weights = self.weights.unwrap_or_default();
        scenario.budgets.latency_s = self.latency_budget;
        scenario.budgets.usage_usd = self.usage_budget;
        scenario.budget_distribution = self.budget_distribution;
        Ok(scenario)
    }
}

/// The `--dataset FILE` flag, and how a seed splits it.
#[derive(Args, Debug, Clone)]
pub struct DatasetArgs {
    /// Dataset JSON file (M4A1 schema).
    #[arg(long, value_name = "FILE")]
    dataset: PathBuf,
    /// How a seed shuffles the 80/20 split: chacha8 (ours) or python (the reference's
    /// `random.seed(seed); random.shuffle`, the same episodes as the paper's table).
    #[arg(long, value_name = "NAME", default_value = "chacha8", value_parser = str::parse::<Shuffle>)]
    split: Shuffle,
}

impl DatasetArgs {
    /// Reads and validates the dataset.
    pub fn load(&self) -> Result<Dataset, String> {
        let text = std::fs::read_to_string(&self.dataset)
            .map_err(|e| format!("cannot read dataset {}: {e}", self.dataset.display()))?;
        Dataset::from_json(&text).map_err(|e| format!("dataset {}: {e}", self.dataset.display()))
    }

    /// The dataset file.
    pub fn path(&self) -> &std::path::Path {
        &self.dataset
    }

    /// How a seed shuffles the split.
    pub fn shuffle(&self) -> Shuffle {
        self.split
    }

    /// The seeded 80/20 split of `dataset` at `seed`.
    pub fn split(&self, dataset: &Dataset, seed: u64) -> Result<Split, String> {
        Split::shuffled(dataset.episodes().len(), seed, self.split).map_err(|e| e.to_string())
    }
}
