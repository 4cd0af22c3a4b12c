//! The response-score estimate (SIMULATOR.md §5, **Ours**): inverse-distance-weighted k nearest
//! logged (observation, action) pairs, with every pair tied at the k-th distance included.

use foldhash::fast::FixedState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// The cache is cleared when it reaches this many entries (bounds memory in long trainings).
const CACHE_LIMIT: usize = 1 << 20;

/// Largest value in a query or row (values lie in `-1 ..= MAX_VALUE`, so any difference of
/// two fits in an `i16`).
pub const MAX_VALUE: i16 = 16_382;

/// A logged turn: its episode id and turn index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnRef {
    /// Episode id in the dataset.
    pub episode_id: u64,
    /// Turn index within the episode.
    pub turn: usize,
}

/// The nearest logged pair that took the same action as the query.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// Which logged turn.
    pub origin: TurnRef,
    /// Euclidean distance to the query.
    pub distance: f64,
}

/// The estimate for one query.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// `Σ r_i w_i / Σ w_i` over the neighbours, `w_i = 1 / (d_i + 1e-6)`.
    pub score: f64,
    /// Nearest training pair with the same action (ties: earliest in training order), if any.
    pub nearest_same_action: Option<Neighbour>,
}

/// The logged training pairs: integer rows `[observation, action vector]` and their rewards.
#[derive(Debug)]
pub struct Estimator {
    dim: usize,
    /// Row stride: `dim` rounded up to a multiple of 8 with zero padding, so the distance
    /// loop runs on whole 128-bit vectors.
    stride: usize,
    action_dims: usize,
    k: usize,
    rows: Vec<i16>,
    /// Each row's action vector packed into bits, for the same-action neighbour.
    row_actions: Vec<u64>,
    rewards: Vec<f64>,
    origins: Vec<TurnRef>,
    cache: Mutex<HashMap<Box<[i16]>, Estimate, FixedState>>,
}

impl Estimator {
    /// An estimator over rows of width `dim`, the last `action_dims` being the action vector.
    pub fn new(dim: usize, action_dims: usize, k: usize) -> Estimator {
        Estimator {
            dim,
            stride: dim.next_multiple_of(8),
            action_dims,
            k,
            rows: Vec::new(),
            row_actions: Vec::new(),
            rewards: Vec::new(),
            origins: Vec::new(),
            cache: Mutex::default(),
        }
    }

    /// Adds one logged pair (`row.len()` must be the width).
    pub fn push(&mut self, row: &[i16], reward: f64, origin: TurnRef) {
        debug_assert_eq!(row.len(), self.dim);
        self.rows.extend_from_slice(row);
        self.rows
            .resize(self.rows.len() + self.stride - self.dim, 0);
        self.row_actions.push(self.action_key(row));
        self.rewards.push(reward);
        self.origins.push(origin);
    }

    /// Number of logged pairs.
    pub fn len(&self) -> usize {
        self.rewards.len()
    }

    /// Whether there is no pair.
    pub fn is_empty(&self) -> bool {
        self.rewards.is_empty()
    }

    /// The estimate for `query`, memoised by the integer query vector.
    pub fn estimate(&self, query: &[i16]) -> Estimate {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&hit) = cache.get(query) {
            return hit;
        }
        let value = self.compute(query);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(query.into(), value);
        value
    }

    /// The action part of a row or query packed into bits (its entries are 0 or 1).
    fn action_key(&self, row: &[i16]) -> u64 {
        row[self.dim - self.action_dims..self.dim]
            .iter()
            .fold(0, |key, &v| key << 1 | u64::from(v != 0))
    }

    /// The estimate computed from scratch (no cache).
    pub fn compute(&self, query: &[i16]) -> Estimate {
        let k = self.k.min(self.len()).max(1);
        let mut squared: Vec<i32> = Vec::with_capacity(self.len());
        let mut smallest: Vec<i32> = Vec::with_capacity(k + 1);
        let mut nearest: Option<(i32, usize)> = None;
        let mut padded = vec![0i16; self.stride];
        padded[..self.dim].copy_from_slice(query);
        let action = self.action_key(query);
        let rows = self.rows.chunks_exact(self.stride).zip(&self.row_actions);
        for (i, (row, &row_action)) in rows.enumerate() {
            let sq = row
                .iter()
                .zip(&padded)
                .map(|(&a, &b)| {
                    // Values lie in -1 ..= MAX_VALUE, so the difference fits in an i16
                    // (which lets the compiler use 16-bit multiply-add).
                    let d = i32::from(a.wrapping_sub(b));
                    d * d
                })
                .sum::<i32>();
            squared.push(sq);
            if smallest.len() < k || sq < smallest[k - 1] {
                let at = smallest.partition_point(|&s| s <= sq);
                smallest.insert(at, sq);
                smallest.truncate(k);
            }
            if row_action == action && nearest.is_none_or(|(best, _)| sq < best) {
                nearest = Some((sq, i));
            }
        }
        let kth = smallest.last().copied().unwrap_or(0);
        Estimate {
            score: self.idw_within(&squared, kth),
            nearest_same_action: nearest.map(|(sq, i)| Neighbour {
                origin: self.origins[i],
                distance: f64::from(sq).sqrt(),
            }),
        }
    }

    /// IDW over every pair with squared distance ≤ `kth` (all ties at the k-th distance), summed
    /// in the order of (distance, reward) so the value does not depend on the order of the data.
    fn idw_within(&self, squared: &[i32], kth: i32) -> f64 {
        let mut chosen: Vec<(i32, f64)> = squared
            .iter()
            .zip(&self.rewards)
            .filter(|&(&sq, _)| sq <= kth)
            .map(|(&sq, &r)| (sq, r))
            .collect();
        chosen.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let (num, den) = chosen.iter().fold((0.0, 0.0), |(num, den), &(sq, r)| {
            let w = 1.0 / (f64::from(sq).sqrt() + 1e-6);
            (num + r * w, den + w)
        });
        num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(turn: usize) -> TurnRef {
        TurnRef {
            episode_id: 9,
            turn,
        }
    }

    #[test]
    fn ties_at_the_kth_distance_are_all_included() {
        let mut e = Estimator::new(2, 1, 2);
        e.push(&[0, 0], 1.0, origin(0));
        e.push(&[3, 1], 5.0, origin(1));
        e.push(&[0, 1], 3.0, origin(2));
        e.push(&[1, 0], 2.0, origin(3));
        e.push(&[0, 2], 4.0, origin(4));
        // query [0,0]: d = 0, √10, 1, 1, 2 → k = 2 includes d=0 and both d=1.
        let est = e.estimate(&[0, 0]);
        let w0 = 1.0 / 1e-6;
        let w1 = 1.0 / (1.0 + 1e-6);
        let expected = (1.0 * w0 + (2.0 + 3.0) * w1) / (w0 + 2.0 * w1);
        assert!((est.score - expected).abs() < 1e-12);
        // same action (last column 0): rows 0 and 3; nearest is row 0.
        assert_eq!(est.nearest_same_action.unwrap().origin, origin(0));
        // order independence: the reversed data gives the same value bit for bit.
        let mut r = Estimator::new(2, 1, 2);
        for (row, rew, t) in [
            ([0, 2], 4.0, 4),
            ([1, 0], 2.0, 3),
            ([0, 1], 3.0, 2),
            ([3, 1], 5.0, 1),
            ([0, 0], 1.0, 0),
        ] {
            r.push(&row, rew, origin(t));
        }
        assert_eq!(r.compute(&[0, 0]).score.to_bits(), est.score.to_bits());
        assert_eq!(e.estimate(&[0, 0]), est);
    }
}
