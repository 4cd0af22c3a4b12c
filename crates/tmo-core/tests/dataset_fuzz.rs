//! The loader never panics: random text, random JSON, and mutations of a valid dataset
//! either load (and then round-trip) or give located problems; read in chunks split
//! anywhere, they give the same outcome as read whole.
#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32

use proptest::prelude::*;
use serde_json::{Number, Value};
use tmo_core::dataset::{Dataset, DatasetError, DatasetReader, MAX_PROBLEMS};
use tmo_core::generator::{GeneratorConfig, TurnCounts, generate};

/// Loads `text`; a success must round-trip, a failure must be well formed.
fn check(text: &str) -> Result<(), TestCaseError> {
    match Dataset::from_json(text) {
        Ok(d) => {
            let again = Dataset::from_json(&d.to_json());
            prop_assert_eq!(again.as_ref(), Ok(&d));
            prop_assert!(tmo_core::dataset::VIEWS.contains(&d.num_views()));
        }
        Err(e) => well_formed(text, &e)?,
    }
    Ok(())
}

/// Problems exist, are capped, and point at episodes that exist.
fn well_formed(text: &str, e: &DatasetError) -> Result<(), TestCaseError> {
    prop_assert!(!e.problems.is_empty() && e.problems.len() <= MAX_PROBLEMS);
    prop_assert!(!e.to_string().is_empty());
    if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) {
        for p in &e.problems {
            prop_assert!(p.episode.is_none_or(|i| i < items.len()), "{}", p);
        }
    }
    Ok(())
}

/// `text` pushed in chunks cut at `cuts` (byte positions taken modulo the length, so
/// they may fall inside a UTF-8 character), then in 1-byte chunks: both as read whole.
fn same_in_chunks(text: &str, cuts: &[prop::sample::Index]) -> Result<(), TestCaseError> {
    let whole = Dataset::from_json(text);
    let bytes = text.as_bytes();
    let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
    at.extend([0, bytes.len()]);
    at.sort_unstable();
    let mut reader = DatasetReader::new();
    for pair in at.windows(2) {
        reader.push(&bytes[pair[0]..pair[1]]);
    }
    prop_assert_eq!(reader.bytes_read(), bytes.len() as u64);
    prop_assert_eq!(&reader.finish(), &whole);
    let mut reader = DatasetReader::new();
    for byte in bytes.chunks(1) {
        reader.push(byte);
    }
    prop_assert_eq!(&reader.finish(), &whole);
    same_as_whole_value_parse(text, &whole)
}

/// The outcome agrees with serde_json's parse of the whole text: its error message word
/// for word (line and column included), a top level that is not an array, or as many
/// episodes as the array has. (A leading byte order mark, which serde_json rejects, is
/// skipped by the reader.)
fn same_as_whole_value_parse(
    text: &str,
    outcome: &Result<Dataset, DatasetError>,
) -> Result<(), TestCaseError> {
    if text.starts_with('\u{feff}') {
        return Ok(());
    }
    let problems = outcome.as_ref().err().map(|e| e.problems.as_slice());
    match serde_json::from_str::<Value>(text) {
        Err(e) => {
            let problems = problems.unwrap_or_default();
            prop_assert_eq!(problems.len(), 1);
            prop_assert_eq!(&problems[0].field, "json");
            prop_assert_eq!(&problems[0].message, &format!("invalid JSON: {e}"));
        }
        Ok(Value::Array(items)) => match outcome {
            Ok(d) => prop_assert_eq!(d.episodes().len(), items.len()),
            Err(e) => prop_assert!(e.problems.iter().all(|p| p.field != "json"), "{}", e),
        },
        Ok(_) => {
            let problems = problems.unwrap_or_default();
            prop_assert_eq!(problems.len(), 1);
            prop_assert_eq!(&problems[0].field, "dataset");
        }
    }
    Ok(())
}

const KEYS: [&str; 13] = [
    "id",
    "image_paths",
    "interactions",
    "association_score",
    "question",
    "task_cat",
    "action",
    "image_index",
    "answer",
    "score",
    "interaction_time",
    "usage_cost",
    "other",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|x| Number::from_f64(x).map_or(Value::Null, Value::Number)),
        (0u8..3).prop_map(Value::from),
        prop::sample::select(vec![0.0, -0.0, 1e308, -1e308, 5e-324, 0.2, -0.2, 1.5])
            .prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..8).prop_map(
                |kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

/// A small valid dataset as a JSON value.
fn valid() -> Value {
    let config = GeneratorConfig {
        seed: 9,
        views: 3,
        tasks: 4,
        turns: TurnCounts::Uniform { min: 1, max: 3 },
        episodes: 3,
    };
    let d = generate(&config).expect("valid config");
    serde_json::from_str(&d.to_json()).expect("to_json writes JSON")
}

/// What to do at the chosen spot.
#[derive(Clone, Debug)]
enum Edit {
    Remove,
    Replace(Value),
    Duplicate,
    Nest(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::Remove),
        json().prop_map(Edit::Replace),
        leaf().prop_map(Edit::Replace),
        Just(Edit::Duplicate),
        (1usize..300).prop_map(Edit::Nest),
    ]
}

/// Applies `edit` at the spot reached by following `path` (indices taken modulo size).
fn mutate(value: &mut Value, path: &[usize], edit: &Edit) {
    let child = match value {
        Value::Array(items) if !items.is_empty() => {
            let i = path.first().map_or(0, |p| p % items.len());
            if path.len() <= 1 {
                match edit {
                    Edit::Remove => {
                        items.remove(i);
                    }
                    Edit::Duplicate => items.insert(i, items[i].clone()),
                    _ => apply(&mut items[i], edit),
                }
                return;
            }
            &mut items[i]
        }
        Value::Object(map) if !map.is_empty() => {
            let key = map
                .keys()
                .nth(path.first().map_or(0, |p| p % map.len()))
                .cloned()
                .unwrap_or_default();
            if path.len() <= 1 {
                match edit {
                    Edit::Remove => {
                        map.remove(&key);
                    }
                    Edit::Duplicate => {
                        let copy = map[&key].clone();
                        map.insert(format!("{key}_copy"), copy);
                    }
                    _ => apply(&mut map[&key], edit),
                }
                return;
            }
            &mut map[&key]
        }
        other => return apply(other, edit),
    };
    mutate(child, &path[1..], edit);
}

fn apply(value: &mut Value, edit: &Edit) {
    match edit {
        Edit::Replace(v) => *value = v.clone(),
        Edit::Nest(depth) => {
            for _ in 0..*depth {
                *value = Value::Array(vec![value.take()]);
            }
        }
        Edit::Remove | Edit::Duplicate => *value = Value::Null,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_text_never_panics(text in ".{0,300}") {
        check(&text)?;
    }

    #[test]
    fn json_like_text_never_panics(text in r#"[\[\]{}":,0-9a-z .eE+\-]{0,300}"#) {
        check(&text)?;
    }

    #[test]
    fn random_json_never_panics(value in json()) {
        check(&value.to_string())?;
        check(&Value::Array(vec![value]).to_string())?;
    }

    #[test]
    fn mutated_datasets_load_or_are_rejected_with_located_problems(
        edits in prop::collection::vec((prop::collection::vec(any::<usize>(), 0..7), edit()), 1..4)
    ) {
        let mut value = valid();
        for (path, edit) in &edits {
            mutate(&mut value, path, edit);
        }
        check(&value.to_string())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_text_reads_the_same_in_chunks(
        text in ".{0,300}",
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        same_in_chunks(&text, &cuts)?;
    }

    #[test]
    fn json_like_text_reads_the_same_in_chunks(
        text in r#"[ \n]{0,2}\[[\[\]{}":,0-9a-z \n.eE+\-\\]{0,300}"#,
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        same_in_chunks(&text, &cuts)?;
    }

    #[test]
    fn random_json_reads_the_same_in_chunks(
        value in json(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        same_in_chunks(&value.to_string(), &cuts)?;
        same_in_chunks(&Value::Array(vec![value.clone(), value.clone()]).to_string(), &cuts)?;
        same_in_chunks(&serde_json::to_string_pretty(&Value::Array(vec![value])).unwrap(), &cuts)?;
    }

    #[test]
    fn mutated_datasets_read_the_same_in_chunks(
        edits in prop::collection::vec((prop::collection::vec(any::<usize>(), 0..7), edit()), 1..4),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        pretty in any::<bool>(),
        cut_text in any::<prop::sample::Index>(),
    ) {
        let mut value = valid();
        for (path, edit) in &edits {
            mutate(&mut value, path, edit);
        }
        let text = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        same_in_chunks(&text, &cuts)?;
        // Cut short at a character boundary: the end of input falls anywhere.
        let mut end = cut_text.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        same_in_chunks(&text[..end], &cuts)?;
    }
}

#[test]
fn the_unmutated_base_round_trips() {
    let text = valid().to_string();
    let d = Dataset::from_json(&text).unwrap();
    assert_eq!(Dataset::from_json(&d.to_json()).unwrap(), d);
}

#[test]
fn extreme_inputs_give_errors_not_crashes() {
    let deep = "[".repeat(100_000);
    assert_eq!(
        Dataset::from_json(&deep).unwrap_err().problems[0].field,
        "json"
    );
    let text = valid().to_string();
    let score = |x: &str| text.replacen("\"score\":", &format!("\"score\":{x},\"x\":"), 1);
    for bad in ["NaN", "Infinity", "-Infinity", "1e999", "-1e-300"] {
        assert!(Dataset::from_json(&score(bad)).is_err(), "{bad} accepted");
    }
    // Huge but finite and non-negative: a legal score.
    let big = Dataset::from_json(&score("18446744073709551616")).unwrap();
    assert_eq!(Dataset::from_json(&big.to_json()).unwrap(), big);
    let huge_index = text.replacen(
        "\"image_index\":null",
        "\"image_index\":[18446744073709551615]",
        1,
    );
    assert!(Dataset::from_json(&huge_index).is_err());
}

#[test]
fn valid_mutations_load_and_round_trip() {
    // Object keys are sorted: an episode's are association_score, id, image_paths,
    // interactions; a turn's action, answer, image_index, interaction_time, question, score, …
    let edits: [(&[usize], Edit); 4] = [
        (&[0, 1], Edit::Remove),
        (&[1, 2], Edit::Remove),
        (&[0, 3, 0, 1], Edit::Replace(Value::from(""))),
        (&[2, 3, 0, 5], Edit::Replace(Value::from(1e300))),
    ];
    for (path, edit) in edits {
        let mut value = valid();
        mutate(&mut value, path, &edit);
        let text = value.to_string();
        assert_ne!(text, valid().to_string(), "{path:?} changed nothing");
        let d = Dataset::from_json(&text).unwrap_or_else(|e| panic!("{path:?} {edit:?}: {e}"));
        assert_eq!(Dataset::from_json(&d.to_json()).unwrap(), d);
    }
}
