//! The validating loader: every rule of SIMULATOR.md §1 is reported with its location.

mod common;

use tmo_core::dataset::{Dataset, DatasetError, MAX_PROBLEMS, Placement, Problem};

/// A valid two-episode, three-view dataset as JSON text.
const VALID: &str = r#"[
  {"id": 7, "image_paths": ["a.jpg", "b.jpg", "c.jpg"],
   "interactions": [
     {"question": "Dim the lights?", "task_cat": "Assistive System", "action": 0,
      "image_index": null, "answer": "Done.", "score": 1, "interaction_time": 7.5, "usage_cost": 0.00005},
     {"question": "Where is the jar?", "task_cat": "Query", "action": 1,
      "image_index": [2, 0], "answer": "On the counter.", "score": 1.125}
   ],
   "association_score": [[0.2, 0.21, 0.19], [0.25, 0.2, 0.22]]},
  {"interactions": [
     {"question": "Text Sam", "task_cat": "Message Editing", "action": 1,
      "image_index": null, "answer": "Sent.", "score": 0.5}
   ],
   "association_score": [[0.18, 0.17, 0.2]]}
]"#;

fn problems(text: &str) -> DatasetError {
    match Dataset::from_json(text) {
        Ok(_) => panic!("accepted an invalid dataset: {text}"),
        Err(e) => e,
    }
}

/// Whether some problem sits at (episode, turn, field).
fn has(err: &DatasetError, episode: Option<usize>, turn: Option<usize>, field: &str) -> bool {
    err.problems
        .iter()
        .any(|p| p.episode == episode && p.turn == turn && p.field == field)
}

/// VALID with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture lacks {from}");
    VALID.replacen(from, to, 1)
}

#[test]
fn valid_dataset_loads_with_views_tasks_and_ids() {
    let d = Dataset::from_json(VALID).unwrap();
    assert_eq!(d.episodes().len(), 2);
    assert_eq!(d.num_views(), 3);
    assert_eq!(d.tasks(), ["Assistive System", "Message Editing", "Query"]);
    assert_eq!(d.task_id("Query"), Some(2));
    assert_eq!(d.task_id("Nope"), None);
    assert_eq!(d.episode_id(0), 7);
    assert_eq!(d.episode_id(1), 1);
    let turn = &d.episodes()[0].interactions[1];
    assert_eq!(turn.action, Placement::Cloud);
    assert_eq!(turn.image_index.as_deref(), Some(&[2, 0][..]));
    assert_eq!(Dataset::from_json(&d.to_json()).unwrap(), d);
    assert_eq!(Dataset::from_episodes(d.episodes().to_vec()).unwrap(), d);
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = problems("[\n  {\"id\": 1,,}\n]");
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].field, "json");
    assert!(err.problems[0].message.contains("line 2 column"), "{err}");
}

#[test]
fn top_level_must_be_a_non_empty_array() {
    assert!(has(&problems("{}"), None, None, "dataset"));
    assert!(has(&problems("[]"), None, None, "dataset"));
    assert!(has(&problems("3"), None, None, "dataset"));
}

/// An edit of VALID (from, to) and where the problem must be reported (episode, turn, field).
type Case = (
    &'static str,
    &'static str,
    Option<usize>,
    Option<usize>,
    &'static str,
);

#[test]
fn each_broken_rule_is_located() {
    let cases: &[Case] = &[
        (
            r#""score": 1.125"#,
            r#""score": -1"#,
            Some(0),
            Some(1),
            "score",
        ),
        (
            r#""score": 1.125"#,
            r#""score": "high""#,
            Some(0),
            Some(1),
            "score",
        ),
        (
            r#""action": 0"#,
            r#""action": 2"#,
            Some(0),
            Some(0),
            "action",
        ),
        (
            r#""action": 0"#,
            r#""action": 0.0"#,
            Some(0),
            Some(0),
            "action",
        ),
        (r#""action": 0,"#, "", Some(0), Some(0), "action"),
        (r#"[2, 0]"#, "[2, 3]", Some(0), Some(1), "image_index"),
        (r#"[2, 0]"#, "[2, 2]", Some(0), Some(1), "image_index"),
        (r#"[2, 0]"#, "[]", Some(0), Some(1), "image_index"),
        (r#"[2, 0]"#, "[-1]", Some(0), Some(1), "image_index"),
        (
            r#""action": 0,
      "image_index": null"#,
            r#""action": 0,
      "image_index": [1]"#,
            Some(0),
            Some(0),
            "image_index",
        ),
        (
            r#""interaction_time": 7.5"#,
            r#""interaction_time": -2"#,
            Some(0),
            Some(0),
            "interaction_time",
        ),
        (
            r#""usage_cost": 0.00005"#,
            r#""usage_cost": true"#,
            Some(0),
            Some(0),
            "usage_cost",
        ),
        (
            r#""task_cat": "Query""#,
            r#""task_cat": """#,
            Some(0),
            Some(1),
            "task_cat",
        ),
        (
            r#""question": "Text Sam","#,
            "",
            Some(1),
            Some(0),
            "question",
        ),
        (
            r#"[[0.18, 0.17, 0.2]]"#,
            "[[0.18, 0.17]]",
            Some(1),
            Some(0),
            "association_score",
        ),
        (
            r#"[[0.18, 0.17, 0.2]]"#,
            "[]",
            Some(1),
            None,
            "association_score",
        ),
        (
            r#"[[0.18, 0.17, 0.2]]"#,
            "[[0.18, 0.17, 2.5]]",
            Some(1),
            Some(0),
            "association_score",
        ),
        (
            r#"[[0.18, 0.17, 0.2]]"#,
            r#"[[0.18, null, 0.2]]"#,
            Some(1),
            Some(0),
            "association_score",
        ),
        (
            r#""a.jpg", "b.jpg", "c.jpg""#,
            r#""a.jpg", "b.jpg""#,
            Some(0),
            None,
            "image_paths",
        ),
        (
            r#""a.jpg", "b.jpg""#,
            r#""a.jpg", 4"#,
            Some(0),
            None,
            "image_paths",
        ),
        (r#""id": 7"#, r#""id": -7"#, Some(0), None, "id"),
        (
            r#"{"interactions": ["#,
            r#"{"interactions": 3, "unknown": ["#,
            Some(1),
            None,
            "interactions",
        ),
    ];
    for &(from, to, episode, turn, field) in cases {
        let text = edit(from, to);
        let err = problems(&text);
        assert!(
            has(&err, episode, turn, field),
            "{from} -> {to}: expected a problem at {episode:?}/{turn:?}/{field}, got\n{err}"
        );
    }
}

#[test]
fn empty_episode_and_duplicate_ids_are_rejected() {
    let empty = r#"[{"interactions": [], "association_score": []}]"#;
    assert!(has(&problems(empty), Some(0), None, "interactions"));
    let twice = format!("[{}]", [VALID.trim_matches(['[', ']']); 2].join(","));
    let err = problems(&twice);
    assert!(has(&err, Some(2), None, "id"), "{err}");
}

#[test]
fn views_must_agree_across_episodes_and_be_supported() {
    let err = problems(&edit("[[0.18, 0.17, 0.2]]", "[[0.18, 0.17, 0.2, 0.2]]"));
    assert!(has(&err, Some(1), Some(0), "association_score"));
    let eleven = r#"[{"interactions": [{"question": "q", "task_cat": "t", "action": 0,
        "image_index": null, "answer": "a", "score": 1}],
        "association_score": [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]}]"#;
    assert!(has(&problems(eleven), Some(0), None, "association_score"));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = edit(r#""score": 1.125"#, r#""score": -1"#)
        .replacen(r#""action": 0"#, r#""action": 5"#, 1)
        .replacen("[[0.18, 0.17, 0.2]]", "[[0.18]]", 1);
    let err = problems(&text);
    assert!(has(&err, Some(0), Some(1), "score"));
    assert!(has(&err, Some(0), Some(0), "action"));
    assert!(has(&err, Some(1), Some(0), "association_score"));
    assert!(!err.truncated);
}

#[test]
fn problems_are_capped_and_marked_truncated() {
    let bad_turn =
        r#"{"question": 1, "task_cat": 2, "action": 3, "image_index": 4, "answer": 5, "score": 6}"#;
    let episode = format!(
        r#"{{"interactions": [{}], "association_score": [[0.1]]}}"#,
        [bad_turn; 5].join(",")
    );
    let text = format!("[{}]", vec![episode; 10].join(","));
    let err = problems(&text);
    assert_eq!(err.problems.len(), MAX_PROBLEMS);
    assert!(err.truncated);
}

#[test]
fn display_names_episode_turn_and_field() {
    let p = Problem {
        episode: Some(3),
        turn: Some(1),
        field: "score".into(),
        message: "-1 must be a finite number ≥ 0".into(),
    };
    assert_eq!(
        p.to_string(),
        "episode 3, turn 1, field `score`: -1 must be a finite number ≥ 0"
    );
    let err = problems(&edit(r#""score": 1.125"#, r#""score": -1"#));
    assert!(
        err.to_string().contains("episode 0, turn 1, field `score`"),
        "{err}"
    );
}

#[test]
fn from_episodes_rejects_non_finite_numbers() {
    let d = Dataset::from_json(VALID).unwrap();
    let mut episodes = d.episodes().to_vec();
    episodes[1].interactions[0].score = f64::NAN;
    episodes[0].association_score[1][2] = f64::INFINITY;
    let err = Dataset::from_episodes(episodes).unwrap_err();
    assert!(has(&err, Some(1), Some(0), "score"));
    assert!(has(&err, Some(0), Some(1), "association_score"));
}

#[test]
fn public_m4a1_release_loads() {
    let Some(text) = common::read_shared("m4a1/M4A1.json") else {
        return;
    };
    let d = Dataset::from_json(&text).unwrap();
    assert_eq!(d.episodes().len(), 100);
    assert_eq!(d.num_views(), 3);
    assert_eq!(d.tasks().len(), 4);
    let turns: usize = d.episodes().iter().map(|e| e.interactions.len()).sum();
    assert_eq!(turns, 352);
    assert_eq!(Dataset::from_json(&d.to_json()).unwrap(), d);
}
