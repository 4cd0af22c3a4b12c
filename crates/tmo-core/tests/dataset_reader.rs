//! The incremental reader: explicit cases pinned to what `Dataset::from_json` gave when it
//! parsed the whole text to one `serde_json::Value`, progress, and early rejection.

use tmo_core::dataset::{Dataset, DatasetError, DatasetReader, MAX_PROBLEMS, Problem};

/// A problem as (episode, turn, field, message).
type Located = (Option<usize>, Option<usize>, String, String);

const KITCHEN_JSON: &str = include_str!("../../../dataset/kitchen.json");

/// `text` read in chunks of `size` bytes.
fn in_chunks(text: &str, size: usize) -> Result<Dataset, DatasetError> {
    let mut reader = DatasetReader::new();
    for chunk in text.as_bytes().chunks(size) {
        reader.push(chunk);
    }
    reader.finish()
}

/// The problems of `text`, read whole, as (episode, turn, field, message); the same read
/// in 1-, 2-, 3- and 7-byte chunks.
fn problems(text: &str) -> Vec<Located> {
    let whole = Dataset::from_json(text);
    for size in [1, 2, 3, 7] {
        assert_eq!(
            in_chunks(text, size),
            whole,
            "{size}-byte chunks of {text:?}"
        );
    }
    match whole {
        Ok(_) => panic!("accepted {text:?}"),
        Err(e) => e
            .problems
            .into_iter()
            .map(|p: Problem| (p.episode, p.turn, p.field, p.message))
            .collect(),
    }
}

/// The one problem of a text that is not valid JSON.
fn json(message: &str) -> Vec<Located> {
    vec![(
        None,
        None,
        "json".into(),
        format!("invalid JSON: {message}"),
    )]
}

/// Each text of `cases` is invalid JSON with its message, whole and in chunks.
fn assert_invalid_json(cases: &[(&str, &str)]) {
    for (text, message) in cases {
        assert_eq!(problems(text), json(message), "{text:?}");
    }
}

/// The one top-level problem.
fn dataset(message: &str) -> Vec<Located> {
    vec![(None, None, "dataset".into(), message.into())]
}

#[test]
fn syntax_errors_in_a_later_element_are_located_in_the_whole_file() {
    let cases = [
        (
            "[\n  {\"a\": 1},\n  {\"b\": 2},\n  {\"c\": 3,,}\n]",
            "key must be a string at line 4 column 11",
        ),
        (
            "[\n  {\"a\": 1},\n  {\"b\": 2},\n  {\"c\": \"x\n\"}\n]",
            "control character (\\u0000-\\u001F) found while parsing a string at line 5 column 0",
        ),
        (
            "[\n  {\"a\": 1},\n  {\"b\": 2},\n  {\"c\": 1e999}\n]",
            "number out of range at line 4 column 13",
        ),
        (
            "[\"a\\\"],\", 1 }",
            "expected `,` or `]` at line 1 column 13",
        ),
    ];
    assert_invalid_json(&cases);
}

#[test]
fn input_ending_inside_the_array_is_invalid_json() {
    let cases = [
        (
            "[\n  {\"a\": 1},\n  {\"b\": ",
            "EOF while parsing a value at line 3 column 8",
        ),
        ("[1, ", "EOF while parsing a value at line 1 column 4"),
        ("[1,", "EOF while parsing a value at line 1 column 3"),
        ("[", "EOF while parsing a list at line 1 column 1"),
        (" [ ", "EOF while parsing a list at line 1 column 3"),
        (
            "[{\"a\": \"x",
            "EOF while parsing a string at line 1 column 9",
        ),
        (
            "[{\"a\": \"x\\",
            "EOF while parsing a string at line 1 column 10",
        ),
        (
            "[{\"a\": [1, {",
            "EOF while parsing an object at line 1 column 12",
        ),
    ];
    assert_invalid_json(&cases);
}

#[test]
fn malformed_arrays_and_trailing_text_are_invalid_json() {
    let cases = [
        ("[{}] x", "trailing characters at line 1 column 6"),
        ("[] ]", "trailing characters at line 1 column 4"),
        ("[]\n\n  ,", "trailing characters at line 3 column 3"),
        ("[{}]\n\n  {}", "trailing characters at line 3 column 3"),
        ("[1,]", "trailing comma at line 1 column 4"),
        ("[1, ]", "trailing comma at line 1 column 5"),
        ("[{}, ]]", "trailing comma at line 1 column 6"),
        ("[,1]", "expected value at line 1 column 2"),
        ("[1,,2]", "expected value at line 1 column 4"),
        ("[ , ]", "expected value at line 1 column 3"),
        ("[1 2]", "expected `,` or `]` at line 1 column 4"),
        ("[}", "expected value at line 1 column 2"),
        ("[{}, }", "expected value at line 1 column 6"),
        ("[{]", "key must be a string at line 1 column 3"),
        ("[{\"a\":1]", "expected `,` or `}` at line 1 column 8"),
        (
            &"[".repeat(100_000),
            "recursion limit exceeded at line 1 column 128",
        ),
    ];
    assert_invalid_json(&cases);
}

#[test]
fn nesting_is_limited_as_in_a_whole_file_parse() {
    let deep = |n: usize| format!("[{{\"other\": {}{}}}]", "[".repeat(n), "]".repeat(n));
    let untyped = vec![
        (Some(0), None, "interactions".into(), "missing".into()),
        (Some(0), None, "association_score".into(), "missing".into()),
    ];
    assert_eq!(problems(&deep(125)), untyped);
    assert_eq!(
        problems(&deep(126)),
        json("recursion limit exceeded at line 1 column 137")
    );
}

#[test]
fn the_top_level_must_be_a_non_empty_array() {
    let cases = [
        ("[]", dataset("the array holds no episodes")),
        ("  [ \n ]  ", dataset("the array holds no episodes")),
        (
            "{}",
            dataset("the top level must be an array of episodes, found an object"),
        ),
        (
            "3",
            dataset("the top level must be an array of episodes, found a number"),
        ),
        (
            "\"s\"",
            dataset("the top level must be an array of episodes, found a string"),
        ),
        (
            "null",
            dataset("the top level must be an array of episodes, found null"),
        ),
        (
            "true",
            dataset("the top level must be an array of episodes, found a boolean"),
        ),
        ("", json("EOF while parsing a value at line 1 column 0")),
        ("   ", json("EOF while parsing a value at line 1 column 3")),
        ("x", json("expected value at line 1 column 1")),
        ("{\"a\":}", json("expected value at line 1 column 6")),
        ("{}]", json("trailing characters at line 1 column 3")),
        (" \n {} 5", json("trailing characters at line 2 column 5")),
    ];
    for (text, expected) in cases {
        assert_eq!(problems(text), expected, "{text:?}");
    }
}

#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{KITCHEN_JSON}");
    assert_eq!(in_chunks(&text, 1), Dataset::from_json(KITCHEN_JSON));
    assert_eq!(
        problems("\u{feff}[]"),
        dataset("the array holds no episodes")
    );
    // Columns count the mark's three bytes.
    assert_eq!(
        problems("\u{feff}x"),
        json("expected value at line 1 column 4")
    );
    assert_eq!(
        problems("\u{feff}\u{feff}[]"),
        json("expected value at line 1 column 4")
    );
    // A mark cut short is invalid text.
    let mut reader = DatasetReader::new();
    reader.push(&[0xEF, 0xBB, b'[', b']']);
    assert_eq!(
        reader.finish().unwrap_err().problems[0].message,
        "invalid JSON: expected value at line 1 column 1"
    );
}

/// An episode with one cloud turn using views `image_index` and task `task`.
fn episode(fields: &str, image_index: &str, task: &str) -> String {
    format!(
        r#"{{{fields}"interactions": [{{"question": "q", "task_cat": "{task}", "action": 1, "image_index": {image_index}, "answer": "a", "score": 1}}]}}"#
    )
}

#[test]
fn episodes_before_the_one_that_shows_the_views_are_checked_against_them() {
    // Episode 0 has no rows; episode 1 fixes three views; episode 2 has two-entry rows.
    // Episode 0 does not type, so its id is not compared with episode 1's.
    let text = format!(
        "[\n  {},\n  {},\n  {}\n]",
        episode(
            r#""id": 4, "image_paths": ["a.jpg", "b.jpg"], "#,
            "[5, 0]",
            "Query"
        ),
        episode(
            r#""id": 4, "association_score": [[0.1, 0.2, 0.3]], "#,
            "[2]",
            "Query"
        ),
        episode(r#""association_score": [[0.1, 0.2]], "#, "null", ""),
    );
    let s = String::from;
    assert_eq!(
        problems(&text),
        vec![
            (Some(0), None, s("association_score"), s("missing")),
            (
                Some(0),
                None,
                s("image_paths"),
                s("2 paths but the dataset has 3 views")
            ),
            (
                Some(0),
                Some(0),
                s("image_index"),
                s("view 5 out of range 0..3")
            ),
            (Some(2), Some(0), s("task_cat"), s("must not be empty")),
            (
                Some(2),
                Some(0),
                s("association_score"),
                s("2 entries but the dataset has 3 views")
            ),
        ]
    );
}

#[test]
fn the_views_problem_comes_before_earlier_episodes_problems() {
    let text = format!(
        "[{}, {}]",
        episode(r#""association_score": 3, "#, "[5]", "Query"),
        episode(r#""association_score": [[]], "#, "[1]", "Query"),
    );
    let s = String::from;
    assert_eq!(
        problems(&text),
        vec![
            (
                Some(1),
                None,
                s("association_score"),
                s("rows have 0 entries; 1..=10 views are supported")
            ),
            (
                Some(0),
                None,
                s("association_score"),
                s("expected an array, found a number")
            ),
            (
                Some(0),
                Some(0),
                s("image_index"),
                s("view 5 out of range 0..0")
            ),
            (
                Some(1),
                Some(0),
                s("image_index"),
                s("view 1 out of range 0..0")
            ),
        ]
    );
}

#[test]
fn episodes_are_checked_at_the_end_when_none_shows_the_views() {
    let text = format!("[{}, 7]", episode(r#""image_paths": [], "#, "[9, 9]", "Q"));
    let s = String::from;
    assert_eq!(
        problems(&text),
        vec![
            (Some(0), None, s("association_score"), s("missing")),
            (Some(0), Some(0), s("image_index"), s("view 9 listed twice")),
            (
                Some(1),
                None,
                s("episode"),
                s("expected an object, found a number")
            ),
        ]
    );
}

#[test]
fn the_kitchen_dataset_reads_the_same_in_4096_byte_chunks() {
    let whole = Dataset::from_json(KITCHEN_JSON).expect("the bundled dataset loads");
    assert_eq!(in_chunks(KITCHEN_JSON, 4096), Ok(whole));
}

#[test]
fn progress_counts_complete_elements_and_bytes() {
    let text = KITCHEN_JSON.as_bytes();
    let mut reader = DatasetReader::new();
    let mut last = 0;
    for chunk in text.chunks(4096) {
        reader.push(chunk);
        assert!(reader.episodes_read() >= last);
        last = reader.episodes_read();
        assert_eq!(reader.rejection(), None);
    }
    assert_eq!(reader.bytes_read(), text.len() as u64);
    let d = reader.finish().expect("the bundled dataset loads");
    assert_eq!(last, d.episodes().len());

    let mut reader = DatasetReader::default();
    reader.push(b"[{}, [1, 2");
    assert_eq!(reader.episodes_read(), 1);
    reader.push(b"], 3");
    assert_eq!(reader.episodes_read(), 2);
    assert_eq!(reader.bytes_read(), 14);
}

#[test]
fn a_file_no_json_value_starts_like_is_rejected_at_its_first_byte() {
    // A zip file, say: nothing of it is kept while the rest is read.
    let zip = "\n  PK\u{3}\u{4}\u{14}\0\u{8}";
    assert_eq!(problems(zip), json("expected value at line 2 column 3"));
    let mut reader = DatasetReader::new();
    reader.push(&zip.as_bytes()[..5]);
    let rejection = reader.rejection().expect("rejected at its first byte");
    reader.push(&[0xff; 4096]);
    assert_eq!(reader.finish(), Err(rejection));
    // A top level that may be valid JSON is kept and judged at the end.
    let mut reader = DatasetReader::new();
    reader.push(b" {\"episodes\": ");
    assert_eq!(reader.rejection(), None);
}

#[test]
fn invalid_json_rejects_at_once_and_the_rest_is_ignored() {
    let mut reader = DatasetReader::new();
    reader.push(b"[{}, {}\n,, ");
    assert!(reader.rejection().is_some());
    reader.push(b"whatever follows ]]]");
    let expected = json("expected value at line 2 column 2");
    let error = reader.finish().unwrap_err();
    let found: Vec<_> = error
        .problems
        .into_iter()
        .map(|p| (p.episode, p.turn, p.field, p.message))
        .collect();
    assert_eq!(found, expected);

    let mut reader = DatasetReader::new();
    reader.push(b"[1,]");
    let rejection = reader.rejection().expect("rejected");
    assert_eq!(Err(rejection), Dataset::from_json("[1,]"));

    let mut reader = DatasetReader::new();
    reader.push(b"{\"not\": \"an array\"");
    assert_eq!(reader.rejection(), None, "described only at the end");
}

#[test]
fn a_full_problem_log_rejects_early_with_the_problems_found() {
    let bad = r#"{"interactions": [{"question": 1}], "association_score": [[0.1]]}"#;
    let episodes = vec![bad; 2 * MAX_PROBLEMS];
    let text = format!("[{}]", episodes.join(",\n"));
    let mut reader = DatasetReader::new();
    let mut early = None;
    for chunk in text.as_bytes().chunks(64) {
        reader.push(chunk);
        early = reader.rejection();
        if early.is_some() {
            break;
        }
    }
    let early = early.expect("rejected before the end");
    assert!(reader.episodes_read() < 2 * MAX_PROBLEMS);
    assert_eq!(early.problems.len(), MAX_PROBLEMS);
    assert!(early.truncated);
    assert_eq!(Err(early), Dataset::from_json(&text));
}
