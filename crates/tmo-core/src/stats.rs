//! Mean ± standard deviation over seeds (population sd, numpy `ddof = 0`, like the golden table).

use crate::metrics::{Caveats, Metrics};
use serde::{Deserialize, Serialize};

/// A mean and a population standard deviation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeanSd {
    /// Arithmetic mean.
    pub mean: f64,
    /// Population standard deviation (divides by n).
    pub sd: f64,
}

impl MeanSd {
    /// Of `values` (0 ± 0 when empty).
    pub fn of(values: &[f64]) -> MeanSd {
        if values.is_empty() {
            return MeanSd { mean: 0.0, sd: 0.0 };
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        MeanSd {
            mean,
            sd: var.sqrt(),
        }
    }
}

/// The metrics of several seeds summarised as mean ± sd.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Response score.
    pub response_score: MeanSd,
    /// Raw association.
    pub association_score: MeanSd,
    /// Episode latency, seconds.
    pub latency: MeanSd,
    /// Episode usage, USD.
    pub usage: MeanSd,
    /// Reward.
    pub reward: MeanSd,
    /// Latency violation, seconds.
    pub latency_violation: MeanSd,
    /// Usage violation, USD.
    pub usage_violation: MeanSd,
    /// Share of episodes over budget.
    pub violation_rate: MeanSd,
    /// Mean count per action id.
    pub action_counts: Vec<f64>,
    /// The caveats of any seed.
    #[serde(default)]
    pub caveats: Caveats,
}

impl Summary {
    /// The §10 metrics in table order, named as in `tmo table --format json`.
    pub fn named_metrics(&self) -> [(&'static str, MeanSd); 8] {
        [
            ("response_score", self.response_score),
            ("association_score", self.association_score),
            ("latency", self.latency),
            ("usage", self.usage),
            ("reward", self.reward),
            ("latency_violation", self.latency_violation),
            ("usage_violation", self.usage_violation),
            ("violation_rate", self.violation_rate),
        ]
    }

    /// Summarises one [`Metrics`] per seed (all with the same number of actions).
    pub fn of(runs: &[Metrics]) -> Summary {
        let field = |f: fn(&Metrics) -> f64| MeanSd::of(&runs.iter().map(f).collect::<Vec<_>>());
        let num_actions = runs.first().map_or(0, |m| m.action_counts.len());
        let n = runs.len().max(1) as f64;
        Summary {
            response_score: field(|m| m.response_score),
            association_score: field(|m| m.association_score),
            latency: field(|m| m.latency),
            usage: field(|m| m.usage),
            reward: field(|m| m.reward),
            latency_violation: field(|m| m.latency_violation),
            usage_violation: field(|m| m.usage_violation),
            violation_rate: field(|m| m.violation_rate),
            action_counts: (0..num_actions)
                .map(|a| runs.iter().map(|m| m.action_counts[a] as f64).sum::<f64>() / n)
                .collect(),
            caveats: runs
                .iter()
                .fold(Caveats::default(), |c, m| c.union(m.caveats)),
        }
    }
}

/// A policy's reward as a percentage of the optimum's, computed per seed (`runs[i]` against
/// `optima[i]`, the same test episodes) and then summarised as mean ± sd over seeds.
///
/// `None` when there is no seed, the two lists differ in length, or some seed's optimum reward
/// is not positive (a share of it means nothing).
pub fn pct_of_optimum(runs: &[Metrics], optima: &[Metrics]) -> Option<MeanSd> {
    if runs.is_empty() || runs.len() != optima.len() {
        return None;
    }
    let shares = runs
        .iter()
        .zip(optima)
        // Divided first, so the optimum itself is exactly 100.
        .map(|(run, opt)| (opt.reward > 0.0).then(|| run.reward / opt.reward * 100.0))
        .collect::<Option<Vec<f64>>>()?;
    Some(MeanSd::of(&shares))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_sd() {
        let m = MeanSd::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m.mean, 2.5);
        assert!((m.sd - 1.25f64.sqrt()).abs() < 1e-15);
        assert_eq!(MeanSd::of(&[]), MeanSd { mean: 0.0, sd: 0.0 });
    }

    fn with_reward(reward: f64) -> Metrics {
        let mut m = crate::metrics::MetricsBuilder::new(1).finish();
        m.reward = reward;
        m
    }

    #[test]
    fn pct_of_optimum_is_per_seed_then_summarised() {
        let runs = [with_reward(1.0), with_reward(3.0)];
        let optima = [with_reward(2.0), with_reward(3.0)];
        assert_eq!(
            pct_of_optimum(&runs, &optima),
            Some(MeanSd {
                mean: 75.0,
                sd: 25.0
            })
        );
        assert_eq!(pct_of_optimum(&runs, &optima[..1]), None);
        assert_eq!(
            pct_of_optimum(&runs, &[with_reward(0.0), with_reward(1.0)]),
            None
        );
        assert_eq!(pct_of_optimum(&[], &[]), None);
    }
}
