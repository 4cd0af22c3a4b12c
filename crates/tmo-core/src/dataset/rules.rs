//! The value rules of SIMULATOR.md §1, checked on already-typed pieces of an episode.
//!
//! Both loaders use these: [`super::Dataset::from_json`] on the pieces it could type,
//! [`super::Dataset::from_episodes`] on whole episodes, so the two accept exactly the same data.

use super::problem::{At, ProblemLog};
use super::schema::{Placement, Turn};

/// The numbers of views (`X`) the simulator supports.
pub const VIEWS: std::ops::RangeInclusive<usize> = 1..=crate::actions::MAX_VIEWS;

/// An episode seen as its pieces; `None` marks a piece that failed to type (already reported).
pub(crate) struct EpisodeParts<'a> {
    /// Where the episode is.
    pub(crate) at: At,
    /// Its turns (`None` if `interactions` itself is not an array).
    pub(crate) turns: Option<Vec<Option<&'a Turn>>>,
    /// Its `association_score` rows (`None` if the field itself is not an array).
    pub(crate) rows: Option<Vec<Option<&'a [f64]>>>,
    /// How many `image_paths` it lists, when present.
    pub(crate) image_paths: Option<usize>,
}

/// Checks one episode against the dataset's number of views (`None` when no row shows it).
pub(crate) fn check_episode(parts: &EpisodeParts<'_>, views: Option<usize>, log: &mut ProblemLog) {
    let at = parts.at;
    let turns = parts.turns.as_deref().unwrap_or_default();
    let rows = parts.rows.as_deref().unwrap_or_default();
    if parts.turns.is_some() && turns.is_empty() {
        log.push(at, "interactions", "episode has no turns");
    }
    if parts.turns.is_some() && parts.rows.is_some() && rows.len() != turns.len() {
        log.push(
            at,
            "association_score",
            format!(
                "{} rows for {} turns (one row per turn)",
                rows.len(),
                turns.len()
            ),
        );
    }
    if let (Some(n), Some(views)) = (parts.image_paths, views)
        && n != views
    {
        log.push(
            at,
            "image_paths",
            format!("{n} paths but the dataset has {views} views"),
        );
    }
    for (t, turn) in turns.iter().enumerate() {
        if let Some(turn) = turn {
            check_turn(turn, views, at.turn(t), log);
        }
    }
    for (t, row) in rows.iter().enumerate() {
        if let Some(row) = row {
            check_row(row, views, at.turn(t), log);
        }
    }
}

/// Reports episode ids used twice (`ids` yields each episode's index and id).
pub(crate) fn check_ids(ids: impl Iterator<Item = (usize, u64)>, log: &mut ProblemLog) {
    let mut seen = std::collections::HashMap::new();
    for (e, id) in ids {
        if let Some(first) = seen.insert(id, e) {
            log.push(
                At::episode(e),
                "id",
                format!("id {id} is also used by episode {first}"),
            );
        }
    }
}

/// `X` as the length of the first `association_score` row, with the episode it came from
/// (`rows` yields each episode's first row length, if it has a row).
pub(crate) fn first_row_len(rows: impl Iterator<Item = Option<usize>>) -> Option<(usize, usize)> {
    rows.enumerate().find_map(|(e, len)| Some((e, len?)))
}

/// Checks the number of views inferred from the first `association_score` row.
pub(crate) fn check_views(views: usize, at: At, log: &mut ProblemLog) {
    if !VIEWS.contains(&views) {
        log.push(
            at,
            "association_score",
            format!(
                "rows have {views} entries; {}..={} views are supported",
                VIEWS.start(),
                VIEWS.end()
            ),
        );
    }
}

fn check_turn(turn: &Turn, views: Option<usize>, at: At, log: &mut ProblemLog) {
    if turn.task_cat.is_empty() {
        log.push(at, "task_cat", "must not be empty");
    }
    check_amount(turn.score, "score", at, log);
    if let Some(seconds) = turn.interaction_time {
        check_amount(seconds, "interaction_time", at, log);
    }
    if let Some(usd) = turn.usage_cost {
        check_amount(usd, "usage_cost", at, log);
    }
    match (turn.action, &turn.image_index) {
        (_, None) => {}
        (Placement::Local, Some(_)) => log.push(
            at,
            "image_index",
            "must be null on a local turn (action 0 uploads nothing)",
        ),
        (Placement::Cloud, Some(list)) if list.is_empty() => log.push(
            at,
            "image_index",
            "empty list: a text-only cloud call is written as null",
        ),
        (Placement::Cloud, Some(list)) => check_views_used(list, views, at, log),
    }
}

fn check_views_used(list: &[usize], views: Option<usize>, at: At, log: &mut ProblemLog) {
    for (i, &view) in list.iter().enumerate() {
        if let Some(views) = views.filter(|&x| view >= x) {
            log.push(
                at,
                "image_index",
                format!("view {view} out of range 0..{views}"),
            );
        } else if list[..i].contains(&view) {
            log.push(at, "image_index", format!("view {view} listed twice"));
        }
    }
}

fn check_row(row: &[f64], views: Option<usize>, at: At, log: &mut ProblemLog) {
    if let Some(views) = views.filter(|&x| row.len() != x) {
        log.push(
            at,
            "association_score",
            format!("{} entries but the dataset has {views} views", row.len()),
        );
    }
    for (m, &a) in row.iter().enumerate() {
        if !(-1.0..=1.0).contains(&a) {
            log.push(
                at,
                "association_score",
                format!("view {m}: {a} is not a cosine similarity in -1..=1"),
            );
        }
    }
}

/// A score, time or price: finite and not negative.
fn check_amount(value: f64, field: &str, at: At, log: &mut ProblemLog) {
    if !value.is_finite() || value < 0.0 {
        log.push(at, field, format!("{value} must be a finite number ≥ 0"));
    }
}
