//! The seeded generator of the bundled kitchen dataset and of synthetic scaling datasets.
//!
//! One code path makes both. Turn counts, activities and the (task, call) mix are
//! *apportioned* (exact counts from weights, then shuffled), so the kitchen dataset hits
//! its calibration counts exactly; scores, latencies and usage are drawn per group and
//! moment-matched to the calibration means (and score sds); association scores are
//! drawn per turn and view. Text comes from [`text`], figures from [`calibration`].

pub mod calibration;
mod config;
mod draw;
mod stats;
pub mod text;

pub use config::{
    ConfigError, GeneratorConfig, KITCHEN_SEED, MAX_EPISODES, MAX_TASKS, MAX_TURNS, TurnCounts,
};
pub use stats::{CellStats, Stats, stats};

use rand::seq::{IndexedRandom, SliceRandom, index};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::dataset::{Dataset, DatasetError, Episode, Placement, Turn};
use crate::stats::MeanSd;
use calibration::{
    ASSOCIATION_MEAN, ASSOCIATION_RANGE, ASSOCIATION_TURN_SD, ASSOCIATION_VIEW_SD,
    ASSOCIATION_VIEW_SHIFT, LATENCY, PROFILES, Profile, USAGE, column,
};
use draw::{Ratios, apportion, matched, normal, round_to, scaled};
use text::{ACTIVITIES, CLOUD_TEXT_REFUSAL, CLOUD_VIEWS_REFUSAL, TASKS, fill};

/// Why generation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeneratorError {
    /// A parameter is out of range.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The generated episodes broke a dataset rule (a generator defect).
    #[error("generated dataset is invalid: {0}")]
    Invalid(#[from] DatasetError),
}

/// Generates the dataset `config` describes; the same config always gives the same dataset.
pub fn generate(config: &GeneratorConfig) -> Result<Dataset, GeneratorError> {
    config.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let lengths = episode_lengths(config, &mut rng);
    let total: usize = lengths.iter().sum();
    let mut slots = plan_slots(config, total, &mut rng);
    slots.shuffle(&mut rng);
    sample_costs(&mut slots, config.views, &mut rng);
    let mut scenes: Vec<usize> = apportion(config.episodes, &[1.0; ACTIVITIES.len()])
        .into_iter()
        .enumerate()
        .flat_map(|(a, n)| std::iter::repeat_n(a, n))
        .collect();
    scenes.shuffle(&mut rng);
    let mut slots = slots.into_iter();
    let episodes = lengths
        .iter()
        .zip(&scenes)
        .enumerate()
        .map(|(e, (&n, &scene))| {
            let turns: Vec<Slot> = slots.by_ref().take(n).collect();
            write_episode(e, scene, &turns, config.views, &mut rng)
        })
        .collect();
    Ok(Dataset::from_episodes(episodes)?)
}

/// One planned turn: its task, call, whether it is a refusal, and its logged numbers.
struct Slot {
    task: usize,
    /// Views uploaded; `None` for a local call.
    views: Option<usize>,
    refusal: bool,
    score: f64,
    latency: f64,
    usage: f64,
}

/// Turn counts of the episodes, in episode order.
fn episode_lengths(config: &GeneratorConfig, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let weights = config.turns.weights();
    let w: Vec<f64> = weights.iter().map(|&(_, w)| f64::from(w)).collect();
    let mut lengths: Vec<usize> = apportion(config.episodes, &w)
        .into_iter()
        .zip(&weights)
        .flat_map(|(count, &(turns, _))| std::iter::repeat_n(turns, count))
        .collect();
    lengths.shuffle(rng);
    lengths
}

/// The calibration profile of task `t` (synthetic tasks cycle through the four).
fn profile(t: usize) -> &'static Profile {
    &PROFILES[t % PROFILES.len()]
}

/// Every (task, call) cell with its weight: a task's calls follow its profile, with
/// the view columns spread over `1..=x` views.
fn cells(tasks: usize, x: usize) -> Vec<(usize, Option<usize>, f64)> {
    let mut out = Vec::new();
    for t in 0..tasks {
        let p = profile(t);
        let weight = |col: usize| f64::from(p.turns[col]);
        out.push((t, None, weight(0)));
        out.push((t, Some(0), weight(1)));
        let raw: Vec<f64> = (1..=x).map(|j| weight(column(Some(j), x))).collect();
        let with_views: f64 = (2..5).map(weight).sum();
        let raw_sum: f64 = raw.iter().sum();
        for (j, r) in (1..=x).zip(raw) {
            let w = if raw_sum > 0.0 {
                r * with_views / raw_sum
            } else {
                0.0
            };
            out.push((t, Some(j), w));
        }
    }
    out
}

/// `total` slots with exact cell counts, refusal counts and calibrated scores.
fn plan_slots(config: &GeneratorConfig, total: usize, rng: &mut ChaCha8Rng) -> Vec<Slot> {
    let cells = cells(config.tasks, config.views);
    let weights: Vec<f64> = cells.iter().map(|c| c.2).collect();
    let ratios = Ratios::new();
    let mut slots = Vec::with_capacity(total);
    for (&(task, views, _), n) in cells.iter().zip(apportion(total, &weights)) {
        let p = profile(task);
        let col = column(views, config.views);
        let refusals = if p.turns[col] == 0 {
            0
        } else {
            (n as f64 * f64::from(p.refusals[col]) / f64::from(p.turns[col])).round() as usize
        };
        let answered = n - refusals.min(n);
        let target = answered_target(n, answered, p.score_mean[col], p.score_sd[col]);
        let scores = matched(rng, answered, target);
        let mut push = |refusal, score| {
            slots.push(Slot {
                task,
                views,
                refusal,
                score,
                latency: 0.0,
                usage: 0.0,
            })
        };
        for s in scores {
            push(false, ratios.nearest(s));
        }
        for _ in answered..n {
            push(true, ratios.draw_at_most(rng, 1.0 / 3.0));
        }
    }
    slots
}

/// Mean and sd the `answered` non-refusals need so that all `n` turns, refusals counted
/// as 0, have mean `mean` and sd `sd`.
fn answered_target(n: usize, answered: usize, mean: f64, sd: f64) -> MeanSd {
    if answered == 0 {
        return MeanSd { mean: 0.0, sd: 0.0 };
    }
    let share = n as f64 / answered as f64;
    let m = mean * share;
    let var = (sd * sd + mean * mean) * share - m * m;
    MeanSd {
        mean: m,
        sd: var.max(0.0).sqrt(),
    }
}

/// Draws each slot's logged latency and usage, matched to the column means.
fn sample_costs(slots: &mut [Slot], x: usize, rng: &mut ChaCha8Rng) {
    for col in 0..LATENCY.len() {
        let members: Vec<usize> = (0..slots.len())
            .filter(|&i| column(slots[i].views, x) == col)
            .collect();
        let (t_mean, t_cv) = LATENCY[col];
        let (u_mean, u_cv) = USAGE[col];
        let latency = scaled(
            rng,
            members.len(),
            MeanSd {
                mean: t_mean,
                sd: t_mean * t_cv,
            },
        );
        let usage = scaled(
            rng,
            members.len(),
            MeanSd {
                mean: u_mean,
                sd: u_mean * u_cv,
            },
        );
        for ((&i, t), u) in members.iter().zip(latency).zip(usage) {
            slots[i].latency = round_to(t, 3);
            slots[i].usage = round_to(u, 7);
        }
    }
}

/// Episode `e` in scene `scene` from its planned turns.
fn write_episode(
    e: usize,
    scene: usize,
    slots: &[Slot],
    x: usize,
    rng: &mut ChaCha8Rng,
) -> Episode {
    let mut used_prompts: Vec<(usize, usize)> = Vec::new();
    let interactions = slots
        .iter()
        .map(|slot| {
            let prompt = pick_prompt(slot.task, &used_prompts, rng);
            used_prompts.push((slot.task, prompt));
            write_turn(slot, prompt, scene, x, rng)
        })
        .collect();
    let association_score = slots
        .iter()
        .map(|slot| association_row(profile(slot.task).association_shift, x, rng))
        .collect();
    Episode {
        id: Some(e as u64),
        image_paths: Some((0..x).map(|m| format!("scene_{e}_view_{m}.jpg")).collect()),
        interactions,
        association_score,
    }
}

/// A prompt of `task` not yet asked in this episode, when one is left.
fn pick_prompt(task: usize, used: &[(usize, usize)], rng: &mut ChaCha8Rng) -> usize {
    let prompts = TASKS[task % TASKS.len()].prompts.len();
    let fresh: Vec<usize> = (0..prompts)
        .filter(|p| !used.contains(&(task, *p)))
        .collect();
    match fresh.choose(rng) {
        Some(&p) => p,
        None => rng.random_range(0..prompts),
    }
}

/// The name of task `t`: the kitchen's four, then numbered repeats for synthetic tasks.
fn task_name(t: usize) -> String {
    let base = TASKS[t % TASKS.len()].name;
    match t / TASKS.len() {
        0 => base.to_owned(),
        round => format!("{base} {}", round + 1),
    }
}

fn write_turn(slot: &Slot, prompt: usize, scene: usize, x: usize, rng: &mut ChaCha8Rng) -> Turn {
    let task = &TASKS[slot.task % TASKS.len()];
    let words = &task.prompts[prompt];
    let image_index: Option<Vec<usize>> = match slot.views {
        Some(j) if j > 0 => Some(index::sample(rng, x, j).into_vec()),
        _ => None,
    };
    let camera = image_index.as_ref().and_then(|v| v.first().copied());
    let template = match (slot.views, slot.refusal) {
        (None, true) => pick(&task.local_refusals, rng),
        (None, false) => pick(&words.local, rng),
        (Some(0), true) => CLOUD_TEXT_REFUSAL,
        (Some(0), false) => pick(&words.cloud_text, rng),
        (Some(_), true) => CLOUD_VIEWS_REFUSAL,
        (Some(_), false) => pick(&words.cloud_views, rng),
    };
    Turn {
        question: words.question.to_owned(),
        task_cat: task_name(slot.task),
        action: if slot.views.is_some() {
            Placement::Cloud
        } else {
            Placement::Local
        },
        image_index,
        answer: fill(template, &ACTIVITIES[scene], camera),
        score: slot.score,
        interaction_time: Some(slot.latency),
        usage_cost: Some(slot.usage),
    }
}

fn pick(templates: &[&'static str], rng: &mut ChaCha8Rng) -> &'static str {
    templates[rng.random_range(0..templates.len())]
}

/// One turn's association per view: shared turn noise plus per-view noise around the
/// calibrated mean, redrawn until every value lies in the calibrated range.
fn association_row(task_shift: f64, x: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let (low, high) = ASSOCIATION_RANGE;
    let shared = normal(rng, ASSOCIATION_TURN_SD);
    (0..x)
        .map(|m| {
            let shift = ASSOCIATION_VIEW_SHIFT[m.min(ASSOCIATION_VIEW_SHIFT.len() - 1)];
            let centre = ASSOCIATION_MEAN + task_shift + shift + shared;
            let value = (0..64)
                .map(|_| centre + normal(rng, ASSOCIATION_VIEW_SD))
                .find(|a| (low..=high).contains(a))
                .unwrap_or(centre);
            round_to(value.clamp(low, high), 4)
        })
        .collect()
}
