//! The generator: configuration checks, synthetic shapes, and the text templates' rules.
#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32

use proptest::prelude::*;
use tmo_core::dataset::Placement;
use tmo_core::generator::text::{CLOUD_TEXT_REFUSAL, CLOUD_VIEWS_REFUSAL, TASKS};
use tmo_core::generator::{GeneratorConfig, GeneratorError, TurnCounts, generate, stats};
use tmo_core::preprocess::REFUSAL_MARKERS;

fn trips_keyword_rule(text: &str) -> bool {
    REFUSAL_MARKERS.iter().any(|m| text.contains(m))
}

#[test]
fn refusal_templates_and_only_they_trip_the_keyword_rule() {
    for task in &TASKS {
        for refusal in task.local_refusals {
            assert!(trips_keyword_rule(refusal), "{refusal}");
        }
        for p in &task.prompts {
            for answer in p.local.iter().chain(&p.cloud_text).chain(&p.cloud_views) {
                assert!(!trips_keyword_rule(answer), "{answer}");
            }
        }
    }
    assert!(trips_keyword_rule(CLOUD_TEXT_REFUSAL) && trips_keyword_rule(CLOUD_VIEWS_REFUSAL));
}

#[test]
fn twenty_distinct_prompts_five_per_task() {
    let mut questions: Vec<&str> = TASKS
        .iter()
        .flat_map(|t| t.prompts.iter().map(|p| p.question))
        .collect();
    questions.sort_unstable();
    questions.dedup();
    assert_eq!(questions.len(), 20);
}

#[test]
fn invalid_parameters_name_their_field() {
    let kitchen = GeneratorConfig::kitchen();
    let cases = [
        (
            GeneratorConfig {
                views: 0,
                ..kitchen.clone()
            },
            "views",
        ),
        (
            GeneratorConfig {
                views: 11,
                ..kitchen.clone()
            },
            "views",
        ),
        (
            GeneratorConfig {
                tasks: 0,
                ..kitchen.clone()
            },
            "tasks",
        ),
        (
            GeneratorConfig {
                episodes: 0,
                ..kitchen.clone()
            },
            "episodes",
        ),
        (
            GeneratorConfig {
                turns: TurnCounts::Uniform { min: 0, max: 3 },
                ..kitchen.clone()
            },
            "turns",
        ),
        (
            GeneratorConfig {
                turns: TurnCounts::Uniform { min: 4, max: 3 },
                ..kitchen.clone()
            },
            "turns",
        ),
    ];
    for (config, field) in cases {
        match generate(&config) {
            Err(GeneratorError::Config(e)) => assert_eq!(e.field, field, "{e}"),
            other => panic!("{config:?} gave {other:?}"),
        }
    }
}

fn synthetic() -> impl Strategy<Value = GeneratorConfig> {
    (
        any::<u64>(),
        1usize..=6,
        1usize..=12,
        1usize..=6,
        0usize..=4,
        1usize..=60,
    )
        .prop_map(
            |(seed, views, tasks, min, extra, episodes)| GeneratorConfig {
                seed,
                views,
                tasks,
                turns: TurnCounts::Uniform {
                    min,
                    max: min + extra,
                },
                episodes,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every synthetic configuration yields a valid dataset of exactly the asked shape.
    #[test]
    fn synthetic_datasets_have_the_asked_shape(config in synthetic()) {
        let d = generate(&config).unwrap();
        let TurnCounts::Uniform { min, max } = config.turns else { unreachable!() };
        prop_assert_eq!(d.episodes().len(), config.episodes);
        prop_assert_eq!(d.num_views(), config.views);
        prop_assert!(d.tasks().len() <= config.tasks);
        for e in d.episodes() {
            prop_assert!((min..=max).contains(&e.interactions.len()));
            prop_assert_eq!(e.image_paths.as_ref().map(Vec::len), Some(config.views));
            for t in &e.interactions {
                let uploads = t.image_index.as_ref().map_or(0, Vec::len);
                prop_assert!(t.action == Placement::Cloud || uploads == 0);
                prop_assert!(uploads <= config.views);
            }
        }
        // Turn counts are apportioned: every count in the range within one of the others.
        let counts: Vec<usize> = (min..=max).map(|n| stats(&d).turn_counts.get(&n).copied().unwrap_or(0)).collect();
        let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        prop_assert!(hi - lo <= 1, "{:?}", counts);
        prop_assert_eq!(generate(&config).unwrap(), d);
    }
}

#[test]
fn larger_synthetic_dataset_keeps_the_kitchen_mix() {
    let config = GeneratorConfig {
        seed: 5,
        views: 5,
        tasks: 8,
        turns: TurnCounts::Uniform { min: 2, max: 6 },
        episodes: 2_000,
    };
    let d = generate(&config).unwrap();
    let s = stats(&d);
    let total = (s.local + s.cloud.iter().sum::<usize>()) as f64;
    assert!((s.local as f64 / total - 170.0 / 352.0).abs() < 0.01);
    assert!((s.cloud[0] as f64 / total - 85.0 / 352.0).abs() < 0.01);
    assert_eq!(d.tasks().len(), 8);
    assert!(
        (s.association.mean - 0.209).abs() < 0.004,
        "{}",
        s.association.mean
    );
    assert!(s.cloud[1..].iter().all(|&n| n > 0), "{:?}", s.cloud);
}
