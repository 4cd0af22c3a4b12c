//! Types parsed JSON episodes, locating every type problem on the way.
//!
//! Each top-level element, parsed to a [`serde_json::Value`] by [`super::DatasetReader`],
//! is walked by hand, so that each missing or mistyped field is reported with its
//! episode, turn and name, and the walk goes on to collect the rest instead of stopping
//! at the first error.

use serde_json::{Map, Value};

use super::problem::{At, ProblemLog};
use super::rules::{EpisodeParts, check_episode};
use super::schema::{Episode, Placement, Turn};

/// The length of `value`'s first `association_score` row, which fixes the number of
/// views, if it has one.
pub(crate) fn views_shown(value: &Value) -> Option<usize> {
    Some(
        value
            .get("association_score")?
            .as_array()?
            .first()?
            .as_array()?
            .len(),
    )
}

/// Types episode `value` at `at`, reporting every type and value problem to `log`
/// (checked against `views`, the dataset's number of views when known).
pub(crate) fn read_episode(
    value: &Value,
    at: At,
    views: Option<usize>,
    log: &mut ProblemLog,
) -> Option<Episode> {
    let obj = object(value, "episode", at, log)?;
    let id = optional(obj, "id").map(|v| natural(v, "id", at, log));
    let image_paths = optional(obj, "image_paths").map(|v| {
        list(v, "image_paths", at, log, |s, at, log| {
            string(s, "image_paths", at, log)
        })
    });
    let turns = required(obj, "interactions", at, log).and_then(|v| {
        let items = array(v, "interactions", at, log)?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(t, v)| read_turn(v, at.turn(t), log))
                .collect::<Vec<_>>(),
        )
    });
    let rows = required(obj, "association_score", at, log).and_then(|v| {
        let items = array(v, "association_score", at, log)?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(t, v)| {
                    list(v, "association_score", at.turn(t), log, |a, at, log| {
                        number(a, "association_score", at, log)
                    })
                })
                .collect::<Vec<_>>(),
        )
    });
    let image_paths_len = match &image_paths {
        Some(Some(paths)) => Some(paths.len()),
        _ => None,
    };
    check_episode(
        &EpisodeParts {
            at,
            turns: turns
                .as_ref()
                .map(|ts| ts.iter().map(Option::as_ref).collect()),
            rows: rows
                .as_ref()
                .map(|rs| rs.iter().map(Option::as_deref).collect()),
            image_paths: image_paths_len,
        },
        views,
        log,
    );
    Some(Episode {
        id: when_present(id)?,
        image_paths: when_present(image_paths)?,
        interactions: turns?.into_iter().collect::<Option<_>>()?,
        association_score: rows?.into_iter().collect::<Option<_>>()?,
    })
}

fn read_turn(value: &Value, at: At, log: &mut ProblemLog) -> Option<Turn> {
    let obj = object(value, "interactions", at, log)?;
    let question = required(obj, "question", at, log).and_then(|v| string(v, "question", at, log));
    let task_cat = required(obj, "task_cat", at, log).and_then(|v| string(v, "task_cat", at, log));
    let action = required(obj, "action", at, log).and_then(|v| placement(v, at, log));
    let image_index = required(obj, "image_index", at, log).and_then(|v| match v {
        Value::Null => Some(None),
        v => list(v, "image_index", at, log, |i, at, log| {
            index(i, "image_index", at, log)
        })
        .map(Some),
    });
    let answer = required(obj, "answer", at, log).and_then(|v| string(v, "answer", at, log));
    let score = required(obj, "score", at, log).and_then(|v| number(v, "score", at, log));
    let interaction_time =
        optional(obj, "interaction_time").map(|v| number(v, "interaction_time", at, log));
    let usage_cost = optional(obj, "usage_cost").map(|v| number(v, "usage_cost", at, log));
    Some(Turn {
        question: question?,
        task_cat: task_cat?,
        action: action?,
        image_index: image_index?,
        answer: answer?,
        score: score?,
        interaction_time: when_present(interaction_time)?,
        usage_cost: when_present(usage_cost)?,
    })
}

/// An optional field's outcome: `Some(None)` when absent, `None` when present but mistyped.
fn when_present<T>(field: Option<Option<T>>) -> Option<Option<T>> {
    field.map_or(Some(None), |typed| typed.map(Some))
}

/// A field that must be present (null counts as present, for `image_index`).
fn required<'v>(
    obj: &'v Map<String, Value>,
    field: &str,
    at: At,
    log: &mut ProblemLog,
) -> Option<&'v Value> {
    let value = obj.get(field);
    if value.is_none() {
        log.push(at, field, "missing");
    }
    value
}

/// A field that may be absent or null.
fn optional<'v>(obj: &'v Map<String, Value>, field: &str) -> Option<&'v Value> {
    obj.get(field).filter(|v| !v.is_null())
}

fn object<'v>(
    value: &'v Value,
    field: &str,
    at: At,
    log: &mut ProblemLog,
) -> Option<&'v Map<String, Value>> {
    let obj = value.as_object();
    if obj.is_none() {
        log.push(
            at,
            field,
            format!("expected an object, found {}", kind(value)),
        );
    }
    obj
}

fn array<'v>(
    value: &'v Value,
    field: &str,
    at: At,
    log: &mut ProblemLog,
) -> Option<&'v Vec<Value>> {
    let items = value.as_array();
    if items.is_none() {
        log.push(
            at,
            field,
            format!("expected an array, found {}", kind(value)),
        );
    }
    items
}

/// An array whose items all type with `item`; every bad item is reported.
fn list<T>(
    value: &Value,
    field: &str,
    at: At,
    log: &mut ProblemLog,
    item: impl Fn(&Value, At, &mut ProblemLog) -> Option<T>,
) -> Option<Vec<T>> {
    let items = array(value, field, at, log)?;
    let typed: Vec<Option<T>> = items.iter().map(|v| item(v, at, log)).collect();
    typed.into_iter().collect()
}

fn string(value: &Value, field: &str, at: At, log: &mut ProblemLog) -> Option<String> {
    let s = value.as_str();
    if s.is_none() {
        log.push(
            at,
            field,
            format!("expected a string, found {}", kind(value)),
        );
    }
    s.map(str::to_owned)
}

fn number(value: &Value, field: &str, at: At, log: &mut ProblemLog) -> Option<f64> {
    let x = value.as_f64();
    if x.is_none() {
        log.push(
            at,
            field,
            format!("expected a number, found {}", kind(value)),
        );
    }
    x
}

/// A non-negative integer.
fn natural(value: &Value, field: &str, at: At, log: &mut ProblemLog) -> Option<u64> {
    let n = value.as_u64();
    if n.is_none() {
        log.push(
            at,
            field,
            format!("expected a non-negative integer, found {}", describe(value)),
        );
    }
    n
}

/// A non-negative integer that fits a `usize`.
fn index(value: &Value, field: &str, at: At, log: &mut ProblemLog) -> Option<usize> {
    let n = natural(value, field, at, log)?;
    let i = usize::try_from(n).ok();
    if i.is_none() {
        log.push(at, field, format!("{n} is too large"));
    }
    i
}

fn placement(value: &Value, at: At, log: &mut ProblemLog) -> Option<Placement> {
    let p = value
        .as_u64()
        .and_then(|a| u8::try_from(a).ok())
        .and_then(|a| Placement::try_from(a).ok());
    if p.is_none() {
        log.push(
            at,
            "action",
            format!("must be 0 (local) or 1 (cloud), found {}", describe(value)),
        );
    }
    p
}

/// The JSON kind of a value, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A number as written, anything else by kind.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => kind(other).to_owned(),
    }
}
