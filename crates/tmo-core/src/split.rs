//! Train/test split by episode (SIMULATOR.md §10): seeded 80/20, or explicit id lists.

use crate::dataset::Dataset;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Share of episodes a seeded split puts in the test set.
pub const TEST_SHARE: f64 = 0.2;

/// How a seed shuffles the episodes of a seeded split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shuffle {
    /// Fisher–Yates driven by ChaCha8 seeded with the seed (ours).
    #[default]
    Chacha8,
    /// Python's `random.seed(seed); random.shuffle(…)` (Mersenne Twister), as the authors'
    /// `split_dataset`: a seed gives the reference's train and test episodes, in its order.
    Python,
}

impl Shuffle {
    /// The name it is serialised and parsed under.
    pub fn name(self) -> &'static str {
        match self {
            Shuffle::Chacha8 => "chacha8",
            Shuffle::Python => "python",
        }
    }
}

/// Parses a [`Shuffle::name`].
impl FromStr for Shuffle {
    type Err = String;

    fn from_str(text: &str) -> Result<Shuffle, String> {
        [Shuffle::Chacha8, Shuffle::Python]
            .into_iter()
            .find(|s| s.name() == text)
            .ok_or_else(|| format!("unknown split `{text}` (chacha8, python)"))
    }
}

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
    /// Shuffles positions `0..num_episodes` with `seed` (by ChaCha8); the first
    /// `max(1, ⌊0.2 n⌋)` are the test set.
    pub fn seeded(num_episodes: usize, seed: u64) -> Result<Split, SplitError> {
        Split::shuffled(num_episodes, seed, Shuffle::Chacha8)
    }

    /// As [`seeded`](Self::seeded), shuffling as `shuffle` says.
    pub fn shuffled(num_episodes: usize, seed: u64, shuffle: Shuffle) -> Result<Split, SplitError> {
        if num_episodes < 2 {
            return Err(SplitError::TooFewEpisodes(num_episodes));
        }
        let mut order: Vec<usize> = (0..num_episodes).collect();
        match shuffle {
            Shuffle::Chacha8 => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                fisher_yates(&mut order, |i| rng.random_range(0..=i));
            }
            Shuffle::Python => {
                let mut rng = python_random(seed);
                fisher_yates(&mut order, |i| python_randbelow(&mut rng, i + 1));
            }
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

/// Fisher–Yates from the back, as Python's `random.shuffle`: position `i` swaps with
/// `pick(i)`, a draw from `0..=i`.
fn fisher_yates(order: &mut [usize], mut pick: impl FnMut(u32) -> u32) {
    for i in (1..order.len()).rev() {
        order.swap(i, pick(i as u32) as usize);
    }
}

/// Python's `random.seed(seed)` for a non-negative integer: the Mersenne Twister keyed by
/// the seed's 32-bit words, least significant first (at least one).
fn python_random(seed: u64) -> rand_mt::Mt {
    let (low, high) = (seed as u32, (seed >> 32) as u32);
    if high == 0 {
        rand_mt::Mt::new_with_key([low])
    } else {
        rand_mt::Mt::new_with_key([low, high])
    }
}

/// Python's `random._randbelow(n)`: `getrandbits(bit_length(n))` until below `n` (`n > 0`).
fn python_randbelow(rng: &mut rand_mt::Mt, n: u32) -> u32 {
    let bits = 32 - n.leading_zeros();
    loop {
        let r = rng.next_u32() >> (32 - bits);
        if r < n {
            return r;
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
