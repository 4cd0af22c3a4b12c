//! Per-episode budgets (SIMULATOR.md §7): the fixed evaluation budgets and the training samplers.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, StandardNormal};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A latency and a usage budget for one episode.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budgets {
    /// Latency budget in seconds.
    pub latency_s: f64,
    /// Usage budget in USD.
    pub usage_usd: f64,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            latency_s: 30.0,
            usage_usd: 0.05,
        }
    }
}

/// How training draws each episode's budgets from a [`BudgetRange`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetDistribution {
    /// Uniform over the range.
    Uniform,
    /// Normal with mean at the middle and σ = range / 6, clipped to the range.
    #[default]
    Normal,
    /// 50 % normal, 30 % uniform, 10 % one budget at an edge (the other uniform), 10 % both at
    /// edges; an edge is a bound (lower or upper, equally likely) moved inwards by an
    /// exponential draw of scale 0.1 · range, clipped. In the one-edge case latency or usage is
    /// the edge one with equal probability.
    ExtremeAware,
    /// Normal with mean at the evaluation budgets and σ = range / 6, clipped to the range
    /// (ours): training sees most often the budgets it will be evaluated with, and enough
    /// around them to learn how they matter.
    AroundEvaluation,
}

/// Parses a [`BudgetDistribution::name`], with `-` accepted for `_` (`extreme-aware`).
impl FromStr for BudgetDistribution {
    type Err = String;

    fn from_str(text: &str) -> Result<BudgetDistribution, String> {
        let key = text.replace('-', "_");
        BudgetDistribution::ALL
            .into_iter()
            .find(|d| d.name() == key)
            .ok_or_else(|| {
                let names: Vec<&str> = BudgetDistribution::ALL.map(BudgetDistribution::name).into();
                format!(
                    "unknown budget distribution `{text}` (expected {})",
                    names.join(", ")
                )
            })
    }
}

/// The closed interval `[lo, hi]` one budget is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// Sampling ranges: `[τ · t_local, τ · latency_X]` and `[τ · cost_local, τ · usage_X]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetRange {
    /// Latency range in seconds.
    pub latency_s: Interval,
    /// Usage range in USD.
    pub usage_usd: Interval,
}

impl Interval {
    fn width(self) -> f64 {
        self.hi - self.lo
    }

    fn clip(self, v: f64) -> f64 {
        v.max(self.lo).min(self.hi)
    }

    fn uniform<R: Rng + ?Sized>(self, rng: &mut R) -> f64 {
        self.clip(self.lo + self.width() * rng.random::<f64>())
    }

    fn normal<R: Rng + ?Sized>(self, rng: &mut R) -> f64 {
        self.normal_around(0.5 * (self.lo + self.hi), rng)
    }

    fn normal_around<R: Rng + ?Sized>(self, mean: f64, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        self.clip(mean + self.width() / 6.0 * z)
    }

    fn edge<R: Rng + ?Sized>(self, rng: &mut R) -> f64 {
        let draw: f64 = Exp1.sample(rng);
        let inwards = 0.1 * self.width() * draw;
        let at_lower: bool = rng.random();
        self.clip(if at_lower {
            self.lo + inwards
        } else {
            self.hi - inwards
        })
    }
}

impl BudgetDistribution {
    /// Every distribution, §7's default first.
    pub const ALL: [BudgetDistribution; 4] = [
        BudgetDistribution::Normal,
        BudgetDistribution::Uniform,
        BudgetDistribution::ExtremeAware,
        BudgetDistribution::AroundEvaluation,
    ];

    /// The name it is serialised and parsed under.
    pub fn name(self) -> &'static str {
        match self {
            BudgetDistribution::Uniform => "uniform",
            BudgetDistribution::Normal => "normal",
            BudgetDistribution::ExtremeAware => "extreme_aware",
            BudgetDistribution::AroundEvaluation => "around_evaluation",
        }
    }

    /// Draws one episode's budgets (latency first, then usage) for a scenario evaluated with
    /// `evaluation`.
    pub fn sample<R: Rng + ?Sized>(
        self,
        range: &BudgetRange,
        evaluation: Budgets,
        rng: &mut R,
    ) -> Budgets {
        let (lat, use_) = (range.latency_s, range.usage_usd);
        let (latency_s, usage_usd) = match self {
            BudgetDistribution::Uniform => (lat.uniform(rng), use_.uniform(rng)),
            BudgetDistribution::Normal => (lat.normal(rng), use_.normal(rng)),
            BudgetDistribution::ExtremeAware => {
                let u: f64 = rng.random();
                if u < 0.5 {
                    (lat.normal(rng), use_.normal(rng))
                } else if u < 0.8 {
                    (lat.uniform(rng), use_.uniform(rng))
                } else if u < 0.9 {
                    if rng.random::<bool>() {
                        (lat.edge(rng), use_.uniform(rng))
                    } else {
                        (lat.uniform(rng), use_.edge(rng))
                    }
                } else {
                    (lat.edge(rng), use_.edge(rng))
                }
            }
            BudgetDistribution::AroundEvaluation => (
                lat.normal_around(evaluation.latency_s, rng),
                use_.normal_around(evaluation.usage_usd, rng),
            ),
        };
        Budgets {
            latency_s,
            usage_usd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const RANGE: BudgetRange = BudgetRange {
        latency_s: Interval { lo: 1.0, hi: 31.0 },
        usage_usd: Interval { lo: 0.0, hi: 0.06 },
    };

    /// Evaluation budgets near the top of `RANGE`.
    const EVALUATION: Budgets = Budgets {
        latency_s: 28.0,
        usage_usd: 0.05,
    };

    fn draws(d: BudgetDistribution) -> Vec<Budgets> {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        (0..20_000)
            .map(|_| d.sample(&RANGE, EVALUATION, &mut rng))
            .collect()
    }

    fn mean_sd(v: &[f64]) -> (f64, f64) {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64;
        (m, var.sqrt())
    }

    #[test]
    fn names_are_the_serialised_ones_and_parse_back() {
        for d in BudgetDistribution::ALL {
            assert_eq!(serde_json::to_value(d).unwrap(), d.name());
            assert_eq!(d.name().parse(), Ok(d));
        }
        assert_eq!(
            "extreme-aware".parse(),
            Ok(BudgetDistribution::ExtremeAware)
        );
        assert!(
            "gamma"
                .parse::<BudgetDistribution>()
                .unwrap_err()
                .contains("around_evaluation")
        );
    }

    #[test]
    fn around_evaluation_centres_on_the_evaluation_budgets_within_the_range() {
        let b = draws(BudgetDistribution::AroundEvaluation);
        assert!(b.iter().all(|b| (1.0..=31.0).contains(&b.latency_s)));
        assert!(b.iter().all(|b| (0.0..=0.06).contains(&b.usage_usd)));
        // σ is a sixth of the range: 5 s and 0.01 USD. Clipping at the top pulls the means
        // a little below the centres, and the medians sit on them.
        let mut lat: Vec<f64> = b.iter().map(|b| b.latency_s).collect();
        let mut usage: Vec<f64> = b.iter().map(|b| b.usage_usd).collect();
        lat.sort_by(f64::total_cmp);
        usage.sort_by(f64::total_cmp);
        assert!((lat[10_000] - 28.0).abs() < 0.15, "median {}", lat[10_000]);
        assert!(
            (usage[10_000] - 0.05).abs() < 3e-4,
            "median {}",
            usage[10_000]
        );
        let (_, sd) = mean_sd(&lat[2_000..8_000]);
        assert!(sd > 1.0 && sd < 5.0, "lower half spread {sd}");
        let at_top = lat.iter().filter(|&&l| l == 31.0).count() as f64 / 20_000.0;
        assert!(
            (at_top - 0.274).abs() < 0.02,
            "share clipped at the top {at_top}"
        );
    }

    #[test]
    fn samplers_stay_in_range_with_the_documented_shape() {
        for d in [
            BudgetDistribution::Uniform,
            BudgetDistribution::Normal,
            BudgetDistribution::ExtremeAware,
        ] {
            let b = draws(d);
            assert!(b.iter().all(|b| (1.0..=31.0).contains(&b.latency_s)));
            assert!(b.iter().all(|b| (0.0..=0.06).contains(&b.usage_usd)));
            let lat: Vec<f64> = b.iter().map(|b| b.latency_s).collect();
            let (m, sd) = mean_sd(&lat);
            assert!((m - 16.0).abs() < 0.3, "{d:?} mean {m}");
            let expected_sd = match d {
                BudgetDistribution::Uniform => 30.0 / 12f64.sqrt(),
                BudgetDistribution::Normal => 5.0,
                // Shapes checked separately.
                BudgetDistribution::ExtremeAware | BudgetDistribution::AroundEvaluation => sd,
            };
            assert!((sd - expected_sd).abs() < 0.2, "{d:?} sd {sd}");
        }
        let extreme = draws(BudgetDistribution::ExtremeAware);
        let near_edge = extreme
            .iter()
            .filter(|b| b.latency_s < 4.0 || b.latency_s > 28.0)
            .count() as f64
            / extreme.len() as f64;
        let normal_edge = draws(BudgetDistribution::Normal)
            .iter()
            .filter(|b| b.latency_s < 4.0 || b.latency_s > 28.0)
            .count() as f64
            / 20_000.0;
        assert!(
            near_edge > 0.15 && normal_edge < 0.02,
            "{near_edge} {normal_edge}"
        );
    }
}

/// What RC-A2C's per-action budget excess is divided by (SIMULATOR.md §9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExcessScale {
    /// The episode's own budget, `excess / B`, as §9 writes it. Small sampled budgets make
    /// this explode (a 7 s call over a 0.5 s budget weighs 14), which drives the policy to
    /// answer locally everywhere.
    Budget,
    /// **Ours (default)**: the upper bound of the training budget range (`τ · latency_X`,
    /// `τ · usage_X`), the same scale as the budget entries of the observation; the penalty
    /// then stays on the reward's scale.
    #[default]
    BudgetRange,
}
