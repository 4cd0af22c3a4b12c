//! Everything a run is parameterised by (SIMULATOR.md §4–§7): devices, network, model,
//! budgets, reward weights, history length and neighbours. Serialisable for permalinks.

mod device;
mod network;

pub use device::{DEFAULT_DEVICE, DEVICES, Device};
pub use network::{DEFAULT_NETWORK, NETWORKS, Network, SYNTHETIC_NETWORK};

use crate::budget::{BudgetDistribution, Budgets};
use serde::{Deserialize, Serialize};

/// The local LLM and how a call is counted (§4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalModel {
    /// Parameter count `N`.
    pub params: f64,
    /// Base token count `L_base`.
    pub base_tokens: f64,
    /// Total token count `L_total` per call.
    pub total_tokens: f64,
    /// Electricity price `c` in cents per kWh.
    pub price_cents_per_kwh: f64,
}

impl Default for LocalModel {
    fn default() -> LocalModel {
        LocalModel {
            params: 3.8e9,
            base_tokens: 1024.0,
            total_tokens: 2048.0,
            price_cents_per_kwh: 16.68,
        }
    }
}

/// Reward weights `α, β_A, β_L, β_U` (§6).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RewardWeights {
    /// `α`, weight of the response-score estimate.
    pub response: f64,
    /// `β_A`, weight of the normalised association.
    pub association: f64,
    /// `β_L`, weight of the normalised latency (subtracted).
    pub latency: f64,
    /// `β_U`, weight of the normalised usage (subtracted).
    pub usage: f64,
}

impl Default for RewardWeights {
    fn default() -> RewardWeights {
        RewardWeights {
            response: 1.0,
            association: 1.0 / 3.0,
            latency: 1.0 / 3.0,
            usage: 1.0 / 3.0,
        }
    }
}

/// A complete scenario. `X` is not part of it: it comes from the dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The device running the local LLM.
    pub device: Device,
    /// The cloud connection (`X + 1` entries per table).
    pub network: Network,
    /// The local model and electricity price.
    pub model: LocalModel,
    /// Fixed per-episode budgets used in evaluation.
    pub budgets: Budgets,
    /// How training draws per-episode budgets.
    pub budget_distribution: BudgetDistribution,
    /// Reward weights.
    pub weights: RewardWeights,
    /// History length `τ` (turns in the observation, current one included).
    pub time_span: usize,
    /// Neighbours `k` of the response-score estimate.
    pub k: usize,
}

impl Scenario {
    /// The paper's defaults for a dataset with `num_views` views.
    pub fn default_for(num_views: usize) -> Scenario {
        Scenario {
            device: Device::default(),
            network: Network::default_for(num_views),
            model: LocalModel::default(),
            budgets: Budgets::default(),
            budget_distribution: BudgetDistribution::default(),
            weights: RewardWeights::default(),
            time_span: 5,
            k: 5,
        }
    }

    /// Checks every value for a dataset with `num_views` views.
    pub fn validate(&self, num_views: usize) -> Result<(), ScenarioError> {
        positive("device.gflops_peak", self.device.gflops_peak)?;
        non_negative("device.power_max_w", self.device.power_max_w)?;
        positive("model.params", self.model.params)?;
        positive("model.base_tokens", self.model.base_tokens)?;
        positive("model.total_tokens", self.model.total_tokens)?;
        non_negative("model.price_cents_per_kwh", self.model.price_cents_per_kwh)?;
        non_negative("budgets.latency_s", self.budgets.latency_s)?;
        non_negative("budgets.usage_usd", self.budgets.usage_usd)?;
        finite("weights.response", self.weights.response)?;
        finite("weights.association", self.weights.association)?;
        finite("weights.latency", self.weights.latency)?;
        finite("weights.usage", self.weights.usage)?;
        if self.time_span == 0 {
            return Err(invalid("time_span", "0", "must be at least 1"));
        }
        if self.k == 0 {
            return Err(invalid("k", "0", "must be at least 1"));
        }
        let net = &self.network;
        for (table, values) in [("latency_s", &net.latency_s), ("usage_usd", &net.usage_usd)] {
            if values.len() != num_views + 1 {
                return Err(ScenarioError::CostTableLength {
                    network: net.name.clone(),
                    table,
                    found: values.len(),
                    views: num_views,
                });
            }
            for (j, &v) in values.iter().enumerate() {
                if !(v.is_finite() && v >= 0.0) {
                    return Err(ScenarioError::Invalid {
                        field: format!("network.{table}[{j}]"),
                        value: v.to_string(),
                        rule: "must be a finite number ≥ 0",
                    });
                }
            }
        }
        Ok(())
    }
}

/// Why a scenario (or the dataset/split it is combined with) cannot be simulated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// A value out of its allowed range.
    #[error("scenario field `{field}` = {value} is invalid: {rule}")]
    Invalid {
        /// The offending field.
        field: String,
        /// Its value as text.
        value: String,
        /// What it must satisfy.
        rule: &'static str,
    },
    /// A cloud table whose length is not `X + 1`.
    #[error(
        "network `{network}` has {found} `{table}` entries, but a dataset with {views} views needs {} (one per number of uploaded views, 0 ..= {views})",
        views + 1
    )]
    CostTableLength {
        /// Network name.
        network: String,
        /// `latency_s` or `usage_usd`.
        table: &'static str,
        /// Entries given.
        found: usize,
        /// Views `X` of the dataset.
        views: usize,
    },
    /// The dataset has a number of views outside `1 ..= MAX_VIEWS`.
    #[error(
        "the dataset has {0} views per turn; supported: 1 to {max}",
        max = crate::actions::MAX_VIEWS
    )]
    UnsupportedViews(usize),
    /// More task categories than the integer state can hold.
    #[error(
        "the dataset has {0} task categories; at most {max} are supported",
        max = crate::simulator::MAX_TASKS
    )]
    TooManyTasks(usize),
    /// The split does not fit the dataset.
    #[error(transparent)]
    Split(#[from] crate::split::SplitError),
}

fn invalid(field: &str, value: &str, rule: &'static str) -> ScenarioError {
    ScenarioError::Invalid {
        field: field.to_owned(),
        value: value.to_owned(),
        rule,
    }
}

fn finite(field: &str, v: f64) -> Result<(), ScenarioError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(invalid(field, &v.to_string(), "must be a finite number"))
    }
}

fn non_negative(field: &str, v: f64) -> Result<(), ScenarioError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(invalid(
            field,
            &v.to_string(),
            "must be a finite number ≥ 0",
        ))
    }
}

fn positive(field: &str, v: f64) -> Result<(), ScenarioError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(invalid(
            field,
            &v.to_string(),
            "must be a finite number > 0",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        let ok = Scenario::default_for(3);
        assert_eq!(ok.validate(3), Ok(()));
        let mut s = ok.clone();
        s.budgets.latency_s = -1.0;
        assert!(
            s.validate(3)
                .unwrap_err()
                .to_string()
                .contains("budgets.latency_s")
        );
        let mut s = ok.clone();
        s.device.gflops_peak = 0.0;
        assert!(
            s.validate(3)
                .unwrap_err()
                .to_string()
                .contains("gflops_peak")
        );
        let mut s = ok.clone();
        s.weights.usage = f64::NAN;
        assert!(
            s.validate(3)
                .unwrap_err()
                .to_string()
                .contains("weights.usage")
        );
        let mut s = ok.clone();
        s.k = 0;
        assert!(s.validate(3).unwrap_err().to_string().contains("`k`"));
        let mut s = ok.clone();
        s.time_span = 0;
        assert!(s.validate(3).unwrap_err().to_string().contains("time_span"));
        let err = ok.validate(4).unwrap_err().to_string();
        assert!(err.contains("Wired") && err.contains("needs 5"), "{err}");
    }

    #[test]
    fn scenario_round_trips_through_json() {
        let s = Scenario::default_for(2);
        let text = serde_json::to_string(&s).unwrap();
        let back: Scenario = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.network.latency_s, vec![0.5, 2.0, 3.5]);
    }
}
