//! Train/test split by episode (SIMULATOR.md §10): seeded 80/20, or explicit id lists.

use crate::dataset::Dataset;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Share of episodes a seeded split puts in the test set.
pub const TEST_SHARE: f64 = 0.2;

/// Train and test episodes as dataset positions, each in the order they are used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    train: Vec<usize>,
    test: Vec<usize>,
}

/// Why a split cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// Fewer than two episodes: no split leaves both sides non-empty.
    #[error("a split needs at least 2 episodes, the dataset has {0}")]
    TooFewEpisodes(usize),
    /// One side is empty.
    #[error("the {0} set of the split is empty")]
    Empty(&'static str),
    /// An id that is not in the dataset.
    #[error("episode id {id} in the {side} ids is not in the dataset")]
    UnknownId {
        /// The id.
        id: u64,
        /// `train` or `test`.
        side: &'static str,
    },
    /// An id listed twice (in one list or in both).
    #[error("episode id {0} is listed more than once in the train and test ids")]
    Duplicate(u64),
    /// A position beyond the dataset (a split made for another dataset).
    #[error("the split refers to episode position {index}, but the dataset has {len} episodes")]
    OutOfRange {
        /// The position.
        index: usize,
        /// Number of episodes.
        len: usize,
    },
}

impl Split {
    /// Shuffles positions `0..num_episodes` with `seed`; the first `max(1, ⌊0.2 n⌋)` are the test set.
    pub fn seeded(num_episodes: usize, seed: u64) -> Result<Split, SplitError> {
        if num_episodes < 2 {
            return Err(SplitError::TooFewEpisodes(num_episodes));
        }
        let mut order: Vec<usize> = (0..num_episodes).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for i in (1..order.len()).rev() {
            let j = rng.random_range(0..=i as u32) as usize;
            order.swap(i, j);
        }
        let n_test = ((num_episodes as f64 * TEST_SHARE) as usize).max(1);
        let train = order.split_off(n_test);
        Ok(Split { train, test: order })
    }

    /// The episodes with these `id`s, in the given order.
    pub fn from_ids(
        dataset: &Dataset,
        train_ids: &[u64],
        test_ids: &[u64],
    ) -> Result<Split, SplitError> {
        let n = dataset.episodes().len();
        let position = |id: u64, side| {
            (0..n)
                .find(|&i| dataset.episode_id(i) == id)
                .ok_or(SplitError::UnknownId { id, side })
        };
        let mut seen = std::collections::BTreeSet::new();
        for &id in train_ids.iter().chain(test_ids) {
            if !seen.insert(id) {
                return Err(SplitError::Duplicate(id));
            }
        }
        let train = train_ids
            .iter()
            .map(|&id| position(id, "train"))
            .collect::<Result<Vec<_>, _>>()?;
        let test = test_ids
            .iter()
            .map(|&id| position(id, "test"))
            .collect::<Result<Vec<_>, _>>()?;
        Split::from_positions(train, test)
    }

    /// A split from dataset positions (checked against a dataset by the simulator).
    pub fn from_positions(train: Vec<usize>, test: Vec<usize>) -> Result<Split, SplitError> {
        if train.is_empty() {
            return Err(SplitError::Empty("train"));
        }
        if test.is_empty() {
            return Err(SplitError::Empty("test"));
        }
        Ok(Split { train, test })
    }

    /// Training episode positions.
    pub fn train(&self) -> &[usize] {
        &self.train
    }

    /// Test episode positions, in evaluation order.
    pub fn test(&self) -> &[usize] {
        &self.test
    }

    /// Checks every position is below `len`.
    pub fn check_fits(&self, len: usize) -> Result<(), SplitError> {
        match self.train.iter().chain(&self.test).find(|&&i| i >= len) {
            Some(&index) => Err(SplitError::OutOfRange { index, len }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_split_is_a_partition_and_depends_on_the_seed() {
        let a = Split::seeded(100, 0).unwrap();
        assert_eq!(a.test().len(), 20);
        assert_eq!(a.train().len(), 80);
        let mut all: Vec<usize> = a.train().iter().chain(a.test()).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert_eq!(a, Split::seeded(100, 0).unwrap());
        assert_ne!(a, Split::seeded(100, 1).unwrap());
        assert_eq!(Split::seeded(2, 3).unwrap().test().len(), 1);
        assert_eq!(Split::seeded(1, 0), Err(SplitError::TooFewEpisodes(1)));
        assert!(a.check_fits(100).is_ok());
        assert!(a.check_fits(50).is_err());
    }
}
