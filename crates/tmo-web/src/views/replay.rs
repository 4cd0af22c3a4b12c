//! The Replay view: one dialogue turn by turn, with every selected policy's decision, its
//! estimate, costs, reward terms and draining budgets side by side. All numbers come from
//! tmo-core's `trace_episode` (an evaluation's play of that one episode), so the work is one
//! episode's whatever the dataset's size; a policy that draws at random draws afresh for it.
//! Answers are shown as text only. The clairvoyant optimum plans the shown episode, in advance,
//! at the evaluation budgets. The baselines play in Compare's worker (their estimates search
//! every logged turn, long on a large dataset), trained policies in the page; with the shield
//! switch on, every policy is shielded.

use crate::episode_search::{EpisodeQuery, SearchIndex};
use crate::state::{LearnedPolicy, ReplayCursor, use_lab};
use crate::views::shield_toggle::ShieldToggle;
use crate::worker::eval_client::EvalSession;
use leptos::ev;
use leptos::leptos_dom::helpers::window_event_listener;
use leptos::prelude::*;
use std::sync::Arc;
use tmo_core::actions::{Action, Destination};
use tmo_core::dataset::{Dataset, Placement};
use tmo_core::evaluate::{EpisodeTrace, StepTrace};
use tmo_core::planner::DEFAULT_NODE_BUDGET;
use tmo_core::policy::{Policy, PolicySpec, Shielded};
use tmo_core::{Simulator, trace_episode};
use wasm_bindgen::JsCast;

/// The baselines Replay offers (shown by [`PolicySpec::label`]); the first four start selected.
const BASELINES: [PolicySpec; 7] = [
    PolicySpec::Local,
    PolicySpec::AllViews,
    PolicySpec::Greedy,
    PolicySpec::Optimal {
        node_budget: DEFAULT_NODE_BUDGET,
    },
    PolicySpec::Cloud,
    PolicySpec::Random,
    PolicySpec::TextOnly,
];

/// Episodes of each split the picker lists (any other is opened by its id).
const PICKER_LIMIT: usize = 300;

/// One split's part of the episode picker.
#[derive(Clone, Debug, PartialEq)]
struct PickerGroup {
    /// The split's name.
    label: &'static str,
    /// The listed episodes: id and label.
    items: Vec<(u64, String)>,
    /// The split's episodes that match the search (all of them without one).
    found: usize,
    /// The split's episodes.
    total: usize,
}

/// A policy Replay can show.
#[derive(Clone, Debug)]
enum Choice {
    Baseline(PolicySpec),
    Learned(LearnedPolicy),
}

impl Choice {
    /// The policy, shielded when `shield` is on.
    fn build(&self, sim: &Arc<Simulator>, shield: bool) -> Result<Box<dyn Policy>, String> {
        let policy = match self {
            Choice::Baseline(spec) => spec.build(sim, 0),
            Choice::Learned(p) => p.build(sim),
        }
        .map_err(|e| e.to_string())?;
        Ok(if shield {
            Box::new(Shielded::new(policy))
        } else {
            policy
        })
    }

    /// Whether it plans each episode knowing its future turns (the optimum).
    fn clairvoyant(&self) -> bool {
        matches!(self, Choice::Baseline(PolicySpec::Optimal { .. }))
    }
}

/// A policy's play of one episode, or why there is none.
pub type TraceResult = Result<Arc<EpisodeTrace>, String>;

/// One policy's trace over the shown episode.
#[derive(Clone, Debug, PartialEq)]
struct Run {
    name: String,
    learned: bool,
    clairvoyant: bool,
    shielded: bool,
    /// `None` while a baseline plays in the background.
    trace: Option<TraceResult>,
}

/// `choice` played over the episode at dataset position `position`.
fn trace_choice(
    sim: &Arc<Simulator>,
    choice: &Choice,
    shield: bool,
    position: usize,
) -> TraceResult {
    let mut policy = choice.build(sim, shield)?;
    Ok(Arc::new(trace_episode(sim, policy.as_mut(), position)))
}

/// `spec` played over the episode at dataset position `position` (shielded when `shield`):
/// what Compare's worker plays for Replay.
pub fn trace_baseline(
    sim: &Arc<Simulator>,
    spec: &PolicySpec,
    shield: bool,
    position: usize,
) -> TraceResult {
    trace_choice(sim, &Choice::Baseline(spec.clone()), shield, position)
}

/// Each of `choices` played over the episode at dataset position `position`: a baseline's
/// play is `baseline`'s (the worker's, `None` until it has played it), a trained policy's the
/// page's.
fn run_all(
    sim: &Arc<Simulator>,
    choices: &[(String, Choice)],
    shield: bool,
    position: usize,
    baseline: impl Fn(&PolicySpec) -> Option<TraceResult>,
) -> Vec<Run> {
    choices
        .iter()
        .map(|(name, choice)| Run {
            name: name.clone(),
            learned: matches!(choice, Choice::Learned(_)),
            clairvoyant: choice.clairvoyant(),
            shielded: shield,
            trace: match choice {
                Choice::Baseline(spec) => baseline(spec),
                Choice::Learned(_) => Some(trace_choice(sim, choice, shield, position)),
            },
        })
        .collect()
}

/// The dataset position of the cursor's episode (the first test episode by default).
fn episode_position(dataset: &Dataset, sim: &Simulator, cursor: ReplayCursor) -> Option<usize> {
    cursor
        .episode
        .and_then(|id| (0..dataset.episodes().len()).find(|&i| dataset.episode_id(i) == id))
        .or_else(|| sim.split().test().first().copied())
}

fn format_usd(v: f64) -> String {
    if v > 0.0 && v < 5e-7 {
        "≈ $0".to_owned()
    } else if v.abs() < 0.001 {
        format!("${v:.6}")
    } else {
        format!("${v:.4}")
    }
}

/// A signed value to three decimals, without a sign on what rounds to zero.
fn signed(v: f64) -> String {
    let text = format!("{v:+.3}");
    if text == "-0.000" || text == "+0.000" {
        "0.000".to_owned()
    } else {
        text
    }
}

fn views_text(views: impl Iterator<Item = usize>) -> String {
    views
        .map(|m| (m + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Local", "Cloud, text only" or "Cloud + views 1, 3".
fn decision_text(sim: &Simulator, action: Action) -> String {
    match sim.actions().destination(action) {
        Destination::Local => "Local".to_owned(),
        Destination::Cloud(set) if set.is_empty() => "Cloud, text only".to_owned(),
        Destination::Cloud(set) => format!(
            "Cloud + view{} {}",
            if set.len() == 1 { "" } else { "s" },
            views_text(set.views())
        ),
    }
}

fn uploads(sim: &Simulator, action: Action, view: usize) -> bool {
    matches!(sim.actions().destination(action), Destination::Cloud(set) if set.contains(view))
}

/// A horizontal bar with its value as text (the bar itself is decorative).
fn bar(fraction: f64, class: &'static str) -> impl IntoView {
    let pct = (fraction.clamp(0.0, 1.0) * 100.0).round();
    view! {
        <span class=format!("bar {class}") aria-hidden="true">
            <span class="bar-fill" style=format!("width: {pct}%")></span>
        </span>
    }
}

/// The answer shown for a step: the logged one when the decision matches the log; else the
/// closest logged turn with the same decision, shown with its own question as coming from
/// another dialogue (the estimate compares histories of tasks and decisions, not words).
fn answer_view(
    dataset: &Dataset,
    sim: &Simulator,
    position: usize,
    step: &StepTrace,
) -> impl IntoView {
    let logged_action = sim.episode(position).turns[step.turn].logged_action;
    let turn = &dataset.episodes()[position].interactions[step.turn];
    if step.action == logged_action {
        return view! {
            <div class="answer">
                <p class="answer-label">"Logged answer (same decision)"</p>
                <p class="answer-text">{turn.answer.clone()}</p>
            </div>
        }
        .into_any();
    }
    let neighbour = step.outcome.estimate.nearest_same_action.and_then(|n| {
        let pos = (0..dataset.episodes().len())
            .find(|&i| dataset.episode_id(i) == n.origin.episode_id)?;
        let t = dataset.episodes()[pos].interactions.get(n.origin.turn)?;
        Some((n, t.question.clone(), t.answer.clone()))
    });
    match neighbour {
        Some((n, question, answer)) => view! {
            <div class="answer neighbour">
                <p class="answer-label">
                    "This decision was not logged here, so there is no answer for it. Its estimate draws on logged turns with the same history of tasks and decisions, the closest being in another dialogue:"
                </p>
                <p class="answer-elsewhere">
                    <span class="muted">
                        {format!("Episode {}, turn {}: ", n.origin.episode_id, n.origin.turn + 1)}
                    </span>
                    <q>{question}</q>
                    " → "
                    <q>{answer}</q>
                </p>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="answer neighbour">
                <p class="answer-label">"No logged turn made this decision."</p>
            </div>
        }
        .into_any(),
    }
}

/// One policy's card at the current turn.
fn policy_card(
    sim: &Simulator,
    dataset: &Dataset,
    position: usize,
    run: &Run,
    step: &StepTrace,
) -> impl IntoView {
    let scenario = sim.scenario();
    let budget = scenario.budgets;
    let o = &step.outcome;
    // Plain words, with the paper's symbols in the tooltip.
    let terms = [
        (
            "Answer quality",
            "α · Ŝ: the estimated judge score Ŝ times its weight α.",
            o.terms.response,
        ),
        (
            "Views' relevance",
            "β_A · association: how related the uploaded views are to the question, times its weight β_A.",
            o.terms.association,
        ),
        (
            "Time cost",
            "−β_L · latency: this turn's latency (scaled to 0–1 over the actions) times its weight β_L.",
            o.terms.latency,
        ),
        (
            "Money cost",
            "−β_U · usage: this turn's cloud cost and energy (scaled to 0–1 over the actions) times its weight β_U.",
            o.terms.usage,
        ),
    ];
    let fraction = |left: f64, total: f64| if total > 0.0 { left / total } else { 0.0 };
    let budgets = [
        (
            "Latency left",
            fraction(step.remaining.latency_s, budget.latency_s),
            format!(
                "{:.1} of {:.1} s",
                step.remaining.latency_s, budget.latency_s
            ),
            step.remaining.latency_s < 0.0,
        ),
        (
            "Usage left",
            fraction(step.remaining.usage_usd, budget.usage_usd),
            format!(
                "{} of {}",
                format_usd(step.remaining.usage_usd),
                format_usd(budget.usage_usd)
            ),
            step.remaining.usage_usd < 0.0,
        ),
    ];
    let is_local = step.action == Action::LOCAL;
    view! {
        <article
            class="panel policy-card"
            class:optimal=run.clairvoyant
            data-policy=run.name.clone()
            data-shielded=run.shielded.to_string()
        >
            <header class="policy-head">
                <h4>
                    {run.name.clone()}
                    {run.learned.then(|| view! { <span class="chip learned">"trained"</span> })}
                    {run.shielded.then(|| view! { <span class="chip shield">"+ shield"</span> })}
                </h4>
                {run.clairvoyant.then(|| view! {
                    <p class="small muted clairvoyant-note">
                        "Clairvoyant: plans the whole dialogue in advance, knowing its future turns, within the evaluation budgets."
                    </p>
                })}
                <p class="decision" class:local=is_local class:cloud=!is_local data-testid="decision">
                    {decision_text(sim, step.action)}
                </p>
            </header>
            <dl class="stats">
                <div title="Ŝ: the judge score this decision's answer is expected to get (the logged judge scores' scale), a distance-weighted mean over the k logged turns with the most similar history of tasks and decisions.">
                    <dt>"Est. score Ŝ"</dt>
                    <dd>{format!("{:.3}", o.estimate.score)}</dd>
                </div>
                <div><dt>"Latency"</dt><dd>{format!("{:.2} s", o.latency_s)}</dd></div>
                <div><dt>"Cost"</dt><dd>{format_usd(o.usage_usd)}</dd></div>
                <div><dt>"Reward"</dt><dd>{format!("{:.3}", step.reward)}</dd></div>
            </dl>
            <table class="terms">
                <caption class="sr-only">"Reward terms"</caption>
                <tbody>
                    {terms
                        .into_iter()
                        .map(|(label, meaning, v)| {
                            view! {
                                <tr title=meaning>
                                    <th scope="row">{label}</th>
                                    <td class="num" class:neg=v < 0.0>{signed(v)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                    <tr class="total">
                        <th scope="row">"Reward"</th>
                        <td class="num">{signed(step.reward)}</td>
                    </tr>
                </tbody>
            </table>
            <div class="budgets">
                {budgets
                    .into_iter()
                    .map(|(label, f, text, over)| {
                        view! {
                            <div class="budget" class:over=over>
                                <div class="budget-label">
                                    <span>{label}</span>
                                    <span class="num">{if over { format!("over: {text}") } else { text }}</span>
                                </div>
                                {bar(f, "budget-bar")}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            {answer_view(dataset, sim, position, step)}
        </article>
    }
}

/// The three (or X) camera views of the turn, with association bars and upload marks.
fn view_cards(
    sim: &Simulator,
    dataset: &Dataset,
    position: usize,
    turn: usize,
    steps: &[(String, Action)],
) -> impl IntoView {
    let episode = &dataset.episodes()[position];
    let scores = episode.association_score[turn].clone();
    let top = scores.iter().copied().fold(f64::MIN_POSITIVE, f64::max);
    let logged = &episode.interactions[turn];
    let logged_views: Vec<usize> = match logged.action {
        Placement::Cloud => logged.image_index.clone().unwrap_or_default(),
        Placement::Local => Vec::new(),
    };
    scores
        .into_iter()
        .enumerate()
        .map(|(m, score)| {
            let by: Vec<String> = steps
                .iter()
                .filter(|(_, a)| uploads(sim, *a, m))
                .map(|(n, _)| n.clone())
                .collect();
            let file = episode
                .image_paths
                .as_ref()
                .and_then(|p| p.get(m))
                .cloned()
                .unwrap_or_default();
            let uploaded = !by.is_empty();
            let in_log = logged_views.contains(&m);
            view! {
                <li class="panel view-card" class:uploaded=uploaded data-view-index=m>
                    <div class="view-title">
                        <strong>{format!("View {}", m + 1)}</strong>
                        <span class="muted small file">{file}</span>
                    </div>
                    <div class="assoc">
                        <span class="small">"Association"</span>
                        {bar(score / top, "assoc-bar")}
                        <span class="num small">{format!("{score:.3}")}</span>
                    </div>
                    <p class="small marks">
                        {if uploaded {
                            format!("Uploaded by {}", by.join(", "))
                        } else {
                            "Not uploaded".to_owned()
                        }}
                        {in_log.then_some(" · in the logged call")}
                    </p>
                </li>
            }
        })
        .collect_view()
}

/// The whole Replay view.
#[component]
pub fn ReplayView() -> impl IntoView {
    let lab = use_lab();
    let selected = RwSignal::new(
        BASELINES[..4]
            .iter()
            .map(PolicySpec::label)
            .collect::<Vec<String>>(),
    );
    // Trained policies are shown as soon as they exist.
    Effect::new(move |_| {
        let names: Vec<String> = lab
            .learned
            .with(|l| l.iter().map(|p| p.name.clone()).collect());
        selected.update(|s| {
            for n in names {
                if !s.contains(&n) {
                    s.insert(0, n);
                }
            }
        });
    });
    let choices = move || -> Vec<(String, Choice)> {
        let chosen = selected.get();
        let learned = lab.learned.get();
        learned
            .into_iter()
            .map(|p| (p.name.clone(), Choice::Learned(p)))
            .chain(
                BASELINES
                    .iter()
                    .map(|s| (s.label(), Choice::Baseline(s.clone()))),
            )
            .filter(|(n, _)| chosen.contains(n))
            .collect()
    };
    let position = Memo::new(move |_| {
        let sim = lab.simulator.get().ok()?;
        lab.dataset
            .with(|d| episode_position(&d.data, &sim, lab.replay.get()))
    });
    let is_test = move || {
        let sim = lab.simulator.get().ok();
        match (sim, position.get()) {
            (Some(sim), Some(p)) => sim.split().test().contains(&p),
            _ => false,
        }
    };
    // Every chosen policy played over the shown episode alone, on the shared simulator (its
    // estimate learned from seed 0's training split): the work of one episode, whatever the
    // dataset's size.
    let runs = Memo::new_with_compare(
        move |_| {
            let sim = lab.simulator.get().ok()?;
            let p = position.get()?;
            let shield = lab.shield.get();
            let session = EvalSession::get();
            let baseline = |spec: &PolicySpec| session.baseline_trace(lab, spec, p, shield);
            let runs = run_all(&sim, &choices(), shield, p, baseline);
            Some((sim, Arc::new(runs), p))
        },
        |_, _| true,
    );
    let turns = move || {
        position
            .get()
            .and_then(|p| {
                lab.dataset
                    .with(|d| d.data.episodes().get(p).map(|e| e.interactions.len()))
            })
            .unwrap_or(0)
    };
    let turn = move || lab.replay.with(|c| c.turn).min(turns().saturating_sub(1));
    let step_by = move |delta: isize| {
        let last = turns().saturating_sub(1);
        let next = turn().saturating_add_signed(delta).min(last);
        lab.replay.update(|c| c.turn = next);
    };
    let handle = window_event_listener(ev::keydown, move |ev: web_sys::KeyboardEvent| {
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if typing || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowLeft" => {
                ev.prevent_default();
                step_by(-1);
            }
            "ArrowRight" => {
                ev.prevent_default();
                step_by(1);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    // The picker lists at most `PICKER_LIMIT` episodes of each split (and the shown one);
    // any other is opened by its id.
    let search = RwSignal::new(String::new());
    // Lower-cased once per dataset, when first searched.
    let index = Memo::new_with_compare(
        move |_| lab.dataset.with(|d| Arc::new(SearchIndex::of(&d.data))),
        |_, _| true,
    );
    let episode_options = Memo::new(move |_| {
        let Ok(sim) = lab.simulator.get() else {
            return Vec::new();
        };
        let shown = position.get();
        let query = search.with(|text| EpisodeQuery::new(text));
        let index = (!query.is_empty()).then(|| index.get());
        lab.dataset.with(|d| {
            let label = |p: usize| {
                let e = &d.data.episodes()[p];
                let first = e.interactions.first().map_or("", |t| t.task_cat.as_str());
                (
                    d.data.episode_id(p),
                    format!(
                        "Episode {} · {} turn{} · {first}",
                        d.data.episode_id(p),
                        e.interactions.len(),
                        if e.interactions.len() == 1 { "" } else { "s" }
                    ),
                )
            };
            let group = |label_of_split, positions: &[usize]| {
                let found: Vec<usize> = positions
                    .iter()
                    .copied()
                    .filter(|&p| index.as_ref().is_none_or(|i| i.matches(p, &query)))
                    .collect();
                let mut items: Vec<usize> = found.iter().copied().take(PICKER_LIMIT).collect();
                if let Some(p) = shown.filter(|p| positions.contains(p) && !items.contains(p)) {
                    items.push(p);
                }
                PickerGroup {
                    label: label_of_split,
                    items: items.into_iter().map(label).collect(),
                    found: found.len(),
                    total: positions.len(),
                }
            };
            vec![
                group("Test split", sim.split().test()),
                group("Training split", sim.split().train()),
            ]
        })
    });
    let truncated =
        move || episode_options.with(|groups| groups.iter().any(|g| g.total > PICKER_LIMIT));
    let id_error = RwSignal::new(None::<String>);
    let on_episode_id = move |ev| {
        let text = event_target_value(&ev);
        let found = text.trim().parse::<u64>().ok().filter(|&id| {
            lab.dataset
                .with(|d| (0..d.data.episodes().len()).any(|i| d.data.episode_id(i) == id))
        });
        match found {
            Some(id) => {
                id_error.set(None);
                lab.replay.set(ReplayCursor {
                    episode: Some(id),
                    turn: 0,
                });
            }
            None => id_error.set(Some(format!(
                "No episode has the id “{}” in this dataset.",
                text.trim()
            ))),
        }
    };
    let current_id = move || {
        position
            .get()
            .map(|p| lab.dataset.with(|d| d.data.episode_id(p)).to_string())
            .unwrap_or_default()
    };
    let on_episode = move |ev| {
        if let Ok(id) = event_target_value(&ev).parse::<u64>() {
            lab.replay.set(ReplayCursor {
                episode: Some(id),
                turn: 0,
            });
        }
    };
    let policy_toggles = move || {
        let learned: Vec<String> = lab
            .learned
            .with(|l| l.iter().map(|p| p.name.clone()).collect());
        learned
            .into_iter()
            .map(|name| {
                (
                    name,
                    "A trained policy: the network's best action at every turn.",
                )
            })
            .chain(BASELINES.iter().map(|s| (s.label(), s.description())))
            .map(|(name, description)| {
                let id = format!(
                    "policy-{}",
                    name.to_lowercase()
                        .replace(|c: char| !c.is_alphanumeric(), "-")
                );
                let checked = {
                    let name = name.clone();
                    move || selected.with(|s| s.contains(&name))
                };
                let toggle = {
                    let name = name.clone();
                    move |_| {
                        selected.update(|s| {
                            if let Some(i) = s.iter().position(|n| *n == name) {
                                s.remove(i);
                            } else {
                                s.push(name.clone());
                            }
                        })
                    }
                };
                view! {
                    <label class="chip-toggle" title=description>
                        <input type="checkbox" id=id prop:checked=checked on:change=toggle />
                        <span>{name}</span>
                    </label>
                }
            })
            .collect_view()
    };

    let body = move || {
        let Some((sim, runs, p)) = runs.get() else {
            let why = lab
                .simulator
                .with(|r| r.as_ref().err().map(crate::scenario_fields::describe))
                .unwrap_or_else(|| "No episode to show.".to_owned());
            return view! {
                <div class="banner error" role="alert">
                    <p>{why}</p>
                    <button class="secondary" type="button" on:click=move |_| lab.view.set(crate::shell::View::Scenario)>
                        "Open the scenario"
                    </button>
                </div>
            }
            .into_any();
        };
        let t = turn();
        let dataset = lab.dataset.with(|d| d.data.clone());
        let episode = &dataset.episodes()[p];
        let Some(logged) = episode.interactions.get(t) else {
            return ().into_any();
        };
        let steps: Vec<(String, Option<Result<StepTrace, String>>)> = runs
            .iter()
            .map(|r| {
                let step = r.trace.as_ref().map(|trace| {
                    trace.as_ref().map_err(Clone::clone).and_then(|trace| {
                        trace
                            .steps
                            .get(t)
                            .cloned()
                            .ok_or_else(|| "no trace for this turn".to_owned())
                    })
                });
                (r.name.clone(), step)
            })
            .collect();
        let actions: Vec<(String, Action)> = steps
            .iter()
            .filter_map(|(n, s)| Some((n.clone(), s.as_ref()?.as_ref().ok()?.action)))
            .collect();
        let logged_text = match logged.action {
            Placement::Local => "Logged: answered locally".to_owned(),
            Placement::Cloud => match &logged.image_index {
                None => "Logged: cloud, text only".to_owned(),
                Some(v) => format!("Logged: cloud + views {}", views_text(v.iter().copied())),
            },
        };
        view! {
            <section class="panel prompt" aria-labelledby="prompt-title">
                <p class="turn-meta">
                    <span class="chip task">{logged.task_cat.clone()}</span>
                    <span class="muted small">{format!("{logged_text} · judge score {:.2}", logged.score)}</span>
                </p>
                <h3 id="prompt-title" class="question">{logged.question.clone()}</h3>
            </section>
            <ul class="view-cards" aria-label="Camera views">
                {view_cards(&sim, &dataset, p, t, &actions)}
            </ul>
            <div class="policy-grid">
                {steps
                    .iter()
                    .zip(runs.iter())
                    .map(|((name, step), run)| match step {
                        Some(Ok(step)) => policy_card(&sim, &dataset, p, run, step).into_any(),
                        None => view! {
                            <article
                                class="panel policy-card planning"
                                class:optimal=run.clairvoyant
                                data-policy=name.clone()
                                data-shielded=run.shielded.to_string()
                                aria-busy="true"
                            >
                                <h4>
                                    {name.clone()}
                                    {run.shielded.then(|| view! { <span class="chip shield">"+ shield"</span> })}
                                </h4>
                                <p class="muted" role="status">
                                    {if run.clairvoyant {
                                        "Planning the whole dialogue in the background…"
                                    } else {
                                        "Playing the dialogue in the background…"
                                    }}
                                </p>
                            </article>
                        }
                        .into_any(),
                        Some(Err(why)) => view! {
                            <article class="panel policy-card">
                                <h4>{name.clone()}</h4>
                                <p class="field-error">{why.clone()}</p>
                            </article>
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    };

    view! {
        <div class="view-head">
            <div>
                <h2>"Replay"</h2>
                <p class="muted">"Step through a dialogue and compare what each policy decides at every turn."</p>
            </div>
        </div>
        <div class="panel replay-controls">
            <div class="field episode-field">
                <label for="episode-picker">"Episode"</label>
                <select id="episode-picker" on:change=on_episode prop:value=current_id>
                    {move || {
                        episode_options
                            .get()
                            .into_iter()
                            .map(|group| {
                                view! {
                                    <optgroup label=group.label>
                                        {group
                                            .items
                                            .into_iter()
                                            .map(|(id, label)| view! { <option value=id.to_string()>{label}</option> })
                                            .collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <input
                    id="episode-search"
                    type="search"
                    placeholder="Find episodes by words of a question or task"
                    aria-label="Find episodes by words of a question or task"
                    aria-describedby="episode-search-note"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                {move || search.with(|text| !text.trim().is_empty()).then(|| {
                    let (counts, found) = episode_options.with(|groups| {
                        let counts: Vec<String> = groups
                            .iter()
                            .filter(|g| g.found > 0)
                            .map(|g| format!("{} in the {}", g.found, g.label.to_lowercase()))
                            .collect();
                        (counts, groups.iter().map(|g| g.found).sum::<usize>())
                    });
                    let text = search.get();
                    let note = if counts.is_empty() {
                        format!("No episode's questions or tasks contain every word of “{}”.", text.trim())
                    } else {
                        format!("Matching “{}”: {}.", text.trim(), counts.join(", "))
                    };
                    view! { <p id="episode-search-note" class="small muted" role="status" data-found=found.to_string()>{note}</p> }
                })}
                {move || truncated().then(|| {
                    let counts: Vec<String> = episode_options.with(|groups| {
                        groups
                            .iter()
                            .map(|g| format!("{} in the {}", g.total, g.label.to_lowercase()))
                            .collect()
                    });
                    view! {
                        <p class="small muted" data-testid="picker-note">
                            {format!("Listing the first {PICKER_LIMIT} of each split ({}); open any other by its id:", counts.join(", "))}
                        </p>
                        <input
                            id="episode-id"
                            type="number"
                            inputmode="numeric"
                            min="0"
                            placeholder="Episode id"
                            aria-label="Open the episode with this id"
                            aria-describedby="episode-id-error"
                            on:change=on_episode_id
                        />
                        <p id="episode-id-error" class="field-error" role="status">{move || id_error.get()}</p>
                    }
                })}
                {move || (!is_test() && position.get().is_some()).then(|| view! {
                    <p class="small muted">"A training episode: its own turns are among the neighbours behind the estimate."</p>
                })}
            </div>
            <div class="stepper" role="group" aria-label="Turn">
                <button class="secondary" type="button" aria-label="Previous turn" disabled=move || turn() == 0 on:click=move |_| step_by(-1)>
                    "← Prev"
                </button>
                <span class="turn-count" aria-live="polite" data-testid="turn-indicator">
                    {move || match turns() {
                        0 => "No turn to show".to_owned(),
                        n => format!("Turn {} of {n}", turn() + 1),
                    }}
                </span>
                <button class="secondary" type="button" aria-label="Next turn" disabled=move || { turn() + 1 >= turns() } on:click=move |_| step_by(1)>
                    "Next →"
                </button>
            </div>
            <fieldset class="policy-picker">
                <legend>"Policies"</legend>
                {policy_toggles}
            </fieldset>
            <ShieldToggle
                id="replay-shield-toggle"
                effect="Every policy is shielded, the same switch as in Compare"
            />
            <p class="small muted keys-hint">"Tip: ← and → step through the turns."</p>
        </div>
        {body}
    }
}
