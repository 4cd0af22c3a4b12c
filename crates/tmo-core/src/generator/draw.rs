//! Seeded numeric draws: apportioning counts, moment-matched samples, judge-score ratios.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use crate::stats::MeanSd;

/// Splits `total` into parts proportional to `weights` by largest remainder (ties go
/// to the earlier part), so the parts add up to `total` exactly.
pub(crate) fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut parts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let short = total.saturating_sub(parts.iter().sum());
    for &i in order.iter().take(short) {
        parts[i] += 1;
    }
    parts
}

/// `n` log-normal draws whose sample mean and population sd are moved exactly onto
/// `target` (an affine correction of the draws; values are then kept ≥ 0).
pub(crate) fn matched(rng: &mut ChaCha8Rng, n: usize, target: MeanSd) -> Vec<f64> {
    if n < 2 || target.sd <= 0.0 || target.mean <= 0.0 {
        return vec![target.mean.max(0.0); n];
    }
    let raw = lognormal(rng, n, target);
    let got = MeanSd::of(&raw);
    let stretch = if got.sd > 0.0 {
        target.sd / got.sd
    } else {
        0.0
    };
    raw.iter()
        .map(|x| (target.mean + (x - got.mean) * stretch).max(0.0))
        .collect()
}

/// `n` log-normal draws scaled so that their mean is exactly `target.mean`.
pub(crate) fn scaled(rng: &mut ChaCha8Rng, n: usize, target: MeanSd) -> Vec<f64> {
    let raw = lognormal(rng, n, target);
    let mean = MeanSd::of(&raw).mean;
    raw.iter()
        .map(|x| {
            if mean > 0.0 {
                x * target.mean / mean
            } else {
                target.mean
            }
        })
        .collect()
}

/// Log-normal draws with the mean and sd of `target` (positive mean assumed).
fn lognormal(rng: &mut ChaCha8Rng, n: usize, target: MeanSd) -> Vec<f64> {
    let cv = target.sd / target.mean;
    let sigma2 = (1.0 + cv * cv).ln();
    let mu = target.mean.ln() - sigma2 / 2.0;
    (0..n)
        .map(|_| {
            let z: f64 = rng.sample(StandardNormal);
            (mu + sigma2.sqrt() * z).exp()
        })
        .collect()
}

/// A standard normal draw scaled by `sd`.
pub(crate) fn normal(rng: &mut ChaCha8Rng, sd: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    sd * z
}

/// Judge scores: ratios `p/q` of small integers (`q` in 1..=9, value at most 9), sorted.
pub(crate) struct Ratios(Vec<f64>);

impl Ratios {
    /// Every ratio `p/q` with `1 ≤ q ≤ 9` and `0 ≤ p ≤ 9q`.
    pub(crate) fn new() -> Ratios {
        let mut all: Vec<f64> = (1..=9u32)
            .flat_map(|q| (0..=9 * q).map(move |p| f64::from(p) / f64::from(q)))
            .collect();
        all.sort_by(f64::total_cmp);
        all.dedup();
        Ratios(all)
    }

    /// The ratio nearest to `x`.
    pub(crate) fn nearest(&self, x: f64) -> f64 {
        let i = self.0.partition_point(|&r| r < x);
        let above = self.0.get(i).copied();
        let below = i.checked_sub(1).and_then(|j| self.0.get(j)).copied();
        match (below, above) {
            (Some(b), Some(a)) => {
                if x - b <= a - x {
                    b
                } else {
                    a
                }
            }
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => x,
        }
    }

    /// A uniformly drawn ratio no larger than `cap`.
    pub(crate) fn draw_at_most(&self, rng: &mut ChaCha8Rng, cap: f64) -> f64 {
        let n = self.0.partition_point(|&r| r <= cap).max(1);
        self.0[rng.random_range(0..n)]
    }
}

/// `x` rounded to `decimals` decimal places (the nearest double to that decimal).
pub(crate) fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn apportion_is_exact_and_proportional() {
        assert_eq!(apportion(100, &[20.0, 32.0, 24.0, 24.0]), [20, 32, 24, 24]);
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), [4, 3, 3]);
        assert_eq!(apportion(7, &[0.0, 0.0]), [0, 0]);
        let parts = apportion(353, &[0.3, 0.5, 0.2]);
        assert_eq!(parts.iter().sum::<usize>(), 353);
        assert_eq!(parts, [106, 176, 71]);
    }

    #[test]
    fn matched_draws_hit_mean_and_sd() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let target = MeanSd { mean: 1.3, sd: 0.4 };
        let got = MeanSd::of(&matched(&mut rng, 50, target));
        assert!(
            (got.mean - 1.3).abs() < 1e-9 && (got.sd - 0.4).abs() < 1e-9,
            "{got:?}"
        );
        let got = MeanSd::of(&scaled(&mut rng, 50, target));
        assert!((got.mean - 1.3).abs() < 1e-9, "{got:?}");
        assert_eq!(matched(&mut rng, 1, target), [1.3]);
    }

    #[test]
    fn ratios_snap_to_small_fractions() {
        let r = Ratios::new();
        assert_eq!(r.nearest(0.112), 1.0 / 9.0);
        assert_eq!(r.nearest(1.126), 9.0 / 8.0);
        assert_eq!(r.nearest(-3.0), 0.0);
        assert_eq!(r.nearest(40.0), 9.0);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!((0..100).all(|_| r.draw_at_most(&mut rng, 1.0 / 3.0) <= 1.0 / 3.0));
        assert_eq!(round_to(0.213_449_9, 4), 0.2134);
    }
}
