//! `Shuffle::Python` gives the reference's splits: seed 0's train and test ids in order (from
//! `golden_env.json`), and for seeds 0–2 test sets with as many turns as the reference's test
//! runs took steps (from `main_table.json`). Skipped when `../shared` is absent.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use tmo_core::{Shuffle, Split};

fn ids(dataset: &tmo_core::dataset::Dataset, positions: &[usize]) -> Vec<u64> {
    positions.iter().map(|&p| dataset.episode_id(p)).collect()
}

fn json_ids(v: &serde_json::Value) -> Vec<u64> {
    v.as_array()
        .expect("an id list")
        .iter()
        .map(|x| x.as_u64().expect("an id"))
        .collect()
}

#[test]
fn seed_zero_gives_the_reference_split_in_order() {
    let Some((dataset, golden)) = common::m4a1_and_golden() else {
        return;
    };
    let split = Split::shuffled(dataset.episodes().len(), 0, Shuffle::Python).unwrap();
    assert_eq!(
        ids(&dataset, split.test()),
        json_ids(&golden["split"]["test_ids"])
    );
    assert_eq!(
        ids(&dataset, split.train()),
        json_ids(&golden["split"]["train_ids"])
    );
    assert_ne!(
        split,
        Split::seeded(dataset.episodes().len(), 0).unwrap(),
        "ChaCha8 shuffles differently"
    );
}

#[test]
fn seeds_zero_to_two_give_the_reference_test_lengths() {
    let Some((dataset, _)) = common::m4a1_and_golden() else {
        return;
    };
    let Some(table) = common::read_shared("golden/main_table.json") else {
        return;
    };
    let table: serde_json::Value = serde_json::from_str(&table).expect("main_table.json parses");
    let local = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["model"] == "Local")
        .expect("a Local row");
    let per_seed = local["action_counts"]["per_seed"]
        .as_array()
        .expect("per-seed counts");
    for (seed, counts) in per_seed.iter().enumerate() {
        let steps: u64 = json_ids(counts).iter().sum();
        let split =
            Split::shuffled(dataset.episodes().len(), seed as u64, Shuffle::Python).unwrap();
        let turns: usize = split
            .test()
            .iter()
            .map(|&p| dataset.episodes()[p].interactions.len())
            .sum();
        assert_eq!(turns as u64, steps, "seed {seed}");
    }
}
