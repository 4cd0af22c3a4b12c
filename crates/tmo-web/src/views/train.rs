//! Train: the training form (validated as typed), Start/Stop of a run in the worker, its
//! progress and live curves, and download/upload of policy files.

use crate::bundle::use_bundled;
use crate::charts::lines::{Line, Lines};
use crate::charts::{Chart, ChartSpec};
use crate::export::download_text;
use crate::learned;
use crate::state::{Lab, LabDataset, use_lab};
use crate::train_form;
use crate::views::scenario::distribution_label;
use crate::worker::client::{SavedPolicy, Status, TrainSession};
use crate::worker::protocol::{Report, TrainJob};
use leptos::prelude::*;
use tmo_agent::learner::ABLATIONS;
use tmo_agent::settings::{SETTINGS, Section};
use tmo_agent::{LEARNERS, Learner};
use tmo_core::BudgetDistribution;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The Train view.
#[component]
pub fn TrainView() -> impl IntoView {
    let lab = use_lab();
    let session = TrainSession::get();
    let learner = RwSignal::new(train_form::DEFAULT_LEARNER);
    let texts: Vec<RwSignal<String>> = train_form::default_texts(learner.get_untracked())
        .into_iter()
        .map(RwSignal::new)
        .collect();
    let distribution = RwSignal::new(lab.scenario.with_untracked(|s| s.budget_distribution));
    let texts_now = {
        let texts = texts.clone();
        move || texts.iter().map(|t| t.get()).collect::<Vec<_>>()
    };
    let config = Memo::new(move |_| train_form::build(learner.get(), &texts_now()));
    // Another learner starts from its own preset; the seed and timesteps typed stay.
    let choose = {
        let texts = texts.clone();
        move |chosen: Learner| {
            learner.set(chosen);
            for ((setting, text), default) in SETTINGS
                .iter()
                .zip(&texts)
                .zip(train_form::default_texts(chosen))
            {
                if !matches!(setting.key, "seed" | "timesteps") {
                    text.set(default);
                }
            }
        }
    };
    let running = {
        let status = session.status.clone();
        Signal::derive(move || status.get() == Status::Running)
    };
    let start = {
        let session = session.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(config) = config.get_untracked() else {
                return;
            };
            let mut scenario = lab.scenario.get_untracked();
            scenario.budget_distribution = distribution.get_untracked();
            let name = format!(
                "{} seed {} (trained here)",
                config.learner().label(),
                config.seed
            );
            let job = TrainJob {
                split_seed: config.seed,
                config,
                dataset: lab.dataset.with_untracked(LabDataset::source),
                scenario,
            };
            session.start(lab, name, job);
        }
    };
    let stop = {
        let session = session.clone();
        move |_| session.stop()
    };
    // The chosen learner's settings, worked out once per choice of learner.
    let shown_keys = Memo::new(move |_| train_form::shown_keys(learner.get()));
    let field =
        move |(setting, text): (&'static tmo_agent::settings::Setting, RwSignal<String>)| {
            let id = format!("train-{}", setting.key);
            let error_id = format!("{id}-error");
            let shown = move || shown_keys.with(|k| k.contains(&setting.key));
            let error = Memo::new(move |_| {
                shown()
                    .then(|| train_form::check(setting, learner.get(), &text.get()))
                    .flatten()
            });
            view! {
                <div class="field" class:hidden=move || !shown() data-field=setting.key>
                    <label for=id.clone()>{setting.label}</label>
                    <input
                        id=id
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        aria-describedby=error_id.clone()
                        prop:disabled=move || running.get()
                    />
                    <small class="hint">{setting.hint}</small>
                    <small id=error_id class="field-error" role="status">
                        {move || error.get()}
                    </small>
                </div>
            }
        };
    let sections = Section::ALL
        .map(|section| {
            let members: Vec<_> = SETTINGS
                .iter()
                .zip(texts.iter().copied())
                .filter(|(s, _)| s.section == section)
                .collect();
            let keys: Vec<_> = members.iter().map(|(s, _)| *s).collect();
            let empty = move || shown_keys.with(|k| !keys.iter().any(|s| k.contains(&s.key)));
            let legend = move || match section {
                Section::Algorithm => {
                    format!("{} settings", learner.get().algorithm.name().to_uppercase())
                }
                other => other.label().to_owned(),
            };
            view! {
                <fieldset class="form-section" class:hidden=empty>
                    <legend>{legend}</legend>
                    <div class="form-grid">{members.into_iter().map(field).collect_view()}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="train" aria-labelledby="train-title">
            <form class="panel train-form" on:submit=start novalidate>
                <h2 id="train-title">"Train a policy"</h2>
                <p class="muted">
                    "Trains on the training episodes of the seeded split of the active dataset, under the current scenario, in a background worker: the page stays usable."
                </p>
                <div class="form-grid">
                    <div class="field">
                        <label for="train-algorithm">"Algorithm"</label>
                        <select
                            id="train-algorithm"
                            on:change=move |ev| {
                                if let Ok(chosen) = event_target_value(&ev).parse() {
                                    choose(chosen);
                                }
                            }
                            prop:disabled=move || running.get()
                        >
                            <optgroup label="The paper's learners">
                                {LEARNERS.map(|l| learner_option(l, learner)).collect_view()}
                            </optgroup>
                            <optgroup label="Ablations: RC-A2C without one part">
                                {ABLATIONS.map(|l| learner_option(l, learner)).collect_view()}
                            </optgroup>
                        </select>
                        <small class="hint">{move || learner.get().description()}</small>
                    </div>
                    <div class="field">
                        <label for="train-distribution">"Training budget distribution"</label>
                        <select
                            id="train-distribution"
                            on:change=move |ev| {
                                if let Ok(d) = event_target_value(&ev).parse() {
                                    distribution.set(d);
                                }
                            }
                            prop:disabled=move || running.get()
                        >
                            {BudgetDistribution::ALL
                                .map(|d| {
                                    view! {
                                        <option value=d.name() selected=move || distribution.get() == d>
                                            {distribution_label(d)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <small class="hint">"Each training episode's budgets: normal around the range's middle (paper), uniform, edge-heavy, or normal around the evaluation budgets."</small>
                    </div>
                </div>
                {sections}
                <div class="train-actions">
                    <button
                        type="submit"
                        class="primary"
                        id="train-start"
                        prop:disabled=move || running.get() || config.with(Result::is_err)
                    >
                        "Start training"
                    </button>
                    <button
                        type="button"
                        class="secondary"
                        id="train-stop"
                        prop:disabled=move || !running.get()
                        on:click=stop
                    >
                        "Stop"
                    </button>
                </div>
                <p class="field-error" role="status">
                    {move || config.get().err()}
                </p>
            </form>
            <TrainProgress session=session.clone() />
            <PolicyFiles lab=lab session=session />
        </section>
    }
}

/// One choice of the learner menu.
fn learner_option(l: Learner, chosen: RwSignal<Learner>) -> impl IntoView {
    view! {
        <option value=l.name() selected=move || chosen.get() == l>
            {l.label()}
        </option>
    }
}

/// Status, progress bar and live curves of the current run.
#[component]
fn TrainProgress(session: TrainSession) -> impl IntoView {
    let reports = RwSignal::from(session.reports);
    let status = RwSignal::from(session.status);
    let latest = Signal::derive(move || reports.with(|r| r.last().cloned()));
    let curves = Memo::new(move |_| reports.with(|r| curves(r)));
    let chart = |i: usize| Signal::derive(move || curves.with(|c| c[i].clone()));
    let status_text = move || match status.get() {
        Status::Idle => "No run yet.".to_owned(),
        Status::Running => "Training…".to_owned(),
        Status::Done(name) => format!("Done: “{name}” joined Replay and Compare."),
        Status::Stopped => "Stopped.".to_owned(),
        Status::Failed(e) => format!("Could not train: {e}"),
    };
    view! {
        <div class="panel train-progress" aria-live="polite">
            <h3>"Progress"</h3>
            <p class="train-status" data-status=move || status_slug(&status.get())>{status_text}</p>
            {move || {
                latest
                    .get()
                    .map(|r| {
                        let pct = 100.0 * r.fraction();
                        view! {
                            <progress
                                max="100"
                                value=format!("{pct:.1}")
                                aria-label="Training progress"
                            ></progress>
                            <p class="train-numbers" data-elapsed-ms=r.elapsed_ms.to_string()>
                                {format!(
                                    "{} / {} steps ({pct:.0} %) · {} · {} · {:.1} s elapsed{}",
                                    r.progress.timesteps.min(r.progress.total_timesteps),
                                    r.progress.total_timesteps,
                                    r.steps_per_second()
                                        .map_or("– steps/s".to_owned(), |s| format!("{s:.0} steps/s")),
                                    r.seconds_left()
                                        .map_or("– left".to_owned(), |s| format!("{s:.0} s left")),
                                    r.elapsed_ms / 1000.0,
                                    r.progress.lambda.map_or(String::new(), |l| format!(" · λ {l:.3}")),
                                )}
                            </p>
                        }
                    })
            }}
            <div class="charts">
                <Chart title="Episode reward (mean of the last 100)" name="train-reward" spec=chart(0) />
                <Chart title="Episodes over budget (share of the last 100)" name="train-violations" spec=chart(1) />
                <Chart title="The algorithm's own numbers (losses, ε, …)" name="train-losses" spec=chart(2) />
                <Chart
                    title="Budget penalty: expected excess, or excess added (RC-DQN)"
                    name="train-excess"
                    spec=chart(3)
                />
            </div>
        </div>
    }
}

fn status_slug(status: &Status) -> &'static str {
    match status {
        Status::Idle => "idle",
        Status::Running => "running",
        Status::Done(_) => "done",
        Status::Stopped => "stopped",
        Status::Failed(_) => "failed",
    }
}

/// Metrics of the penalty, drawn apart from the algorithm's losses.
const PENALTY_METRICS: [&str; 2] = ["expected_excess", "added_excess"];

/// Reward, violation-rate, the algorithm's own metrics and the penalty's curves over
/// timesteps.
fn curves(reports: &[Report]) -> [ChartSpec; 4] {
    let series = |name: &str, f: &dyn Fn(&Report) -> Option<f32>| Line {
        name: name.to_owned(),
        points: reports
            .iter()
            .filter_map(|r| f(r).map(|v| (r.progress.timesteps as f64, f64::from(v))))
            .collect(),
    };
    let lines = |y: &str, lines: Vec<Line>| {
        ChartSpec::Lines(Lines {
            x_label: "Timesteps".into(),
            y_label: y.into(),
            lines,
        })
    };
    let names: Vec<String> = reports
        .last()
        .map(|r| r.progress.metrics.iter().map(|m| m.name.clone()).collect())
        .unwrap_or_default();
    let metric_lines = |penalty: bool| -> Vec<Line> {
        names
            .iter()
            .filter(|n| PENALTY_METRICS.contains(&n.as_str()) == penalty)
            .map(|n| series(&n.replace('_', " "), &|r| r.progress.metric(n)))
            .collect()
    };
    let penalty = metric_lines(true);
    [
        lines(
            "Reward",
            vec![series("Episode reward", &|r| {
                r.progress.mean_episode_reward
            })],
        ),
        lines(
            "Share",
            vec![series("Over budget", &|r| r.progress.violation_rate)],
        ),
        lines("Value", metric_lines(false)),
        lines("Value", penalty),
    ]
}

/// Download trained policies (and the shipped one); upload a policy file.
#[component]
fn PolicyFiles(lab: Lab, session: TrainSession) -> impl IntoView {
    let upload_message = RwSignal::new(None::<Result<String, String>>);
    let saved = session.saved.clone();
    let on_file = {
        let session = session.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let session = session.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                let outcome = match text {
                    None => Err("the file could not be read as text".to_owned()),
                    Some(json) => {
                        let stem = file.name().trim_end_matches(".json").to_owned();
                        let name = learned::unique_name(lab, &format!("{stem} (uploaded)"));
                        learned::from_json(lab, &name, &json).map(|policy| {
                            learned::add(lab, policy);
                            session.keep(name.clone(), json);
                            name
                        })
                    }
                };
                upload_message.set(Some(outcome));
            });
        }
    };
    let shipped = use_bundled().shipped_policy;
    let download = move |name: &str, json: &str| {
        let file = format!("{}.policy.json", slug(name));
        if let Err(e) = download_text(&file, "application/json", json) {
            lab.report(format!("Download failed: {e}"));
        }
    };
    view! {
        <div class="panel policy-files">
            <h3>"Policy files"</h3>
            <p class="muted small-print">
                "Policies you train or upload stay in this browser (its local storage, never sent anywhere) until you remove them."
            </p>
            <ul class="policy-list">
                <li>
                    <span>{learned::SHIPPED_NAME}" (shipped)"</span>
                    <button
                        type="button"
                        class="secondary small"
                        on:click=move |_| download(learned::SHIPPED_NAME, &shipped)
                    >
                        "Download"
                    </button>
                </li>
                {move || {
                    saved
                        .get()
                        .into_iter()
                        .map(|SavedPolicy { name, json }| {
                            let label = name.clone();
                            let key = name.clone();
                            let forget = name.clone();
                            view! {
                                <li data-policy=key>
                                    <span>{label}</span>
                                    <span class="policy-actions">
                                        <button
                                            type="button"
                                            class="secondary small"
                                            on:click=move |_| download(&name, &json)
                                        >
                                            "Download"
                                        </button>
                                        <button
                                            type="button"
                                            class="secondary small"
                                            on:click=move |_| crate::stored::remove(lab, &forget)
                                        >
                                            "Remove"
                                        </button>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <label class="field upload">
                <span>"Upload a policy file"</span>
                <input id="policy-upload" type="file" accept=".json,application/json" on:change=on_file />
                <small class="hint">"Checked against the active dataset and scenario; read locally, never uploaded."</small>
            </label>
            {move || {
                upload_message
                    .get()
                    .map(|m| match m {
                        Ok(name) => view! { <p class="banner ok" role="status">{format!("Loaded “{name}”.")}</p> }.into_any(),
                        Err(e) => view! { <p class="banner error upload-error" role="alert">{e}</p> }.into_any(),
                    })
            }}
        </div>
    }
}

/// A file-name-safe version of `name`.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
