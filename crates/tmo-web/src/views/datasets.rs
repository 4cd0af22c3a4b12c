//! Datasets: the bundled one, those listed in `dataset/manifest.json`, and M4A1-format files
//! loaded by picker or drag and drop — read locally, never uploaded. A file (or a listed
//! dataset) is read and validated in Compare's worker, from its blob URL (or address), and its
//! episodes come back in parts, each decoded in a task of its own, so a large file never
//! freezes the page; a read can be stopped. A rejected file has its problems listed while the
//! previous dataset stays active.

use crate::bundle::use_bundled;
use crate::export::js_error;
use crate::fetch;
use crate::state::{DatasetUrl, KITCHEN_NAME, Lab, LabDataset, use_lab};
use crate::worker::eval_client::{EvalSession, ReadEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use std::sync::Arc;
use tmo_core::dataset::{Dataset, DatasetError, Episode, Problem};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the deployer's dataset list lives (same origin).
const MANIFEST_URL: &str = "dataset/manifest.json";

/// One dataset a deployer listed.
#[derive(Clone, Debug, PartialEq, Deserialize)]
struct ManifestEntry {
    /// Display name.
    name: String,
    /// File name inside `dataset/`.
    file: String,
    /// One line about it.
    #[serde(default)]
    description: String,
}

/// `dataset/manifest.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
struct Manifest {
    datasets: Vec<ManifestEntry>,
}

/// The outcome of the last load attempt.
#[derive(Clone, Debug, PartialEq)]
enum LoadStatus {
    Idle,
    /// Being read.
    Loading {
        name: String,
        stage: ReadStage,
    },
    Loaded(String),
    /// Stopped on request; the previous dataset stays.
    Stopped(String),
    /// A file that is not a valid dataset: its problems, located.
    Rejected {
        source: String,
        error: DatasetError,
    },
    /// The file could not be read or fetched at all.
    Failed(String),
}

/// How far a read has come.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ReadStage {
    /// Asked for; the worker has not reported yet.
    Opening,
    /// The worker reads and checks the file: bytes so far, of `total`.
    Checking { bytes: u64, total: u64 },
    /// The file is valid; its episodes arrive: received so far, of `total`.
    Receiving { received: usize, total: usize },
}

impl ReadStage {
    /// What the page says about a read of `name` at this stage.
    fn describe(self, name: &str) -> String {
        match self {
            ReadStage::Opening => format!("Opening {name}…"),
            ReadStage::Checking { bytes, total } => {
                format!(
                    "Reading and checking {name}: {} of {}",
                    megabytes(bytes),
                    megabytes(total)
                )
            }
            ReadStage::Receiving { received, total } => {
                format!("{name} is valid; receiving its episodes: {received} of {total}")
            }
        }
    }

    /// The share done, in `0..=1`: reading counts for nine tenths, receiving for the rest.
    fn fraction(self) -> f64 {
        let share = |done: f64, all: f64| {
            if all > 0.0 {
                (done / all).min(1.0)
            } else {
                0.0
            }
        };
        match self {
            ReadStage::Opening => 0.0,
            ReadStage::Checking { bytes, total } => 0.9 * share(bytes as f64, total as f64),
            ReadStage::Receiving { received, total } => {
                0.9 + 0.1 * share(received as f64, total as f64)
            }
        }
    }
}

/// `bytes` in megabytes, with one decimal (kilobytes under one megabyte).
fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// Lets the page handle what is queued (a click, a paint) before going on: a zero-delay timer.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// After the page has handled what is queued ([`next_task`]), whether `status` still awaits
/// the read of `name` (not stopped or replaced meanwhile).
async fn still_awaited(status: RwSignal<LoadStatus>, name: &str) -> bool {
    next_task().await;
    status.with_untracked(|s| matches!(s, LoadStatus::Loading { name: n, .. } if n == name))
}

/// Builds the dataset of `episodes` (validated by the worker; checked again) and makes it the
/// active dataset, each step in a task of its own.
async fn adopt(
    lab: Lab,
    name: String,
    url: Arc<DatasetUrl>,
    (episodes, fnv1a_64, key): (Vec<Episode>, u64, u64),
    status: RwSignal<LoadStatus>,
) {
    next_task().await;
    let data = match Dataset::from_episodes(episodes) {
        Ok(data) => data,
        Err(error) => {
            return status.set(LoadStatus::Rejected {
                source: name,
                error,
            });
        }
    };
    if !still_awaited(status, &name).await {
        return;
    }
    let summary = format!(
        "Loaded {name}: {} episodes, {} views, {} tasks",
        data.episodes().len(),
        data.num_views(),
        data.tasks().len()
    );
    let prepared = lab.prepare(LabDataset::read(name.clone(), data, url, fnv1a_64));
    if !still_awaited(status, &name).await {
        return;
    }
    EvalSession::get().held(prepared.dataset(), key);
    lab.adopt(prepared);
    status.set(LoadStatus::Loaded(summary));
}

/// Reads the dataset at `url` in the worker as `name` and makes it the active dataset, or
/// records why it was not.
fn read(lab: Lab, name: String, url: DatasetUrl, status: RwSignal<LoadStatus>) {
    status.set(LoadStatus::Loading {
        name: name.clone(),
        stage: ReadStage::Opening,
    });
    let url = Arc::new(url);
    EvalSession::get().read(url.clone(), move |event| match event {
        ReadEvent::Reading { bytes, total } => status.set(LoadStatus::Loading {
            name: name.clone(),
            stage: ReadStage::Checking { bytes, total },
        }),
        ReadEvent::Progress { received, total } => status.set(LoadStatus::Loading {
            name: name.clone(),
            stage: ReadStage::Receiving { received, total },
        }),
        ReadEvent::Done {
            episodes,
            fnv1a_64,
            key,
        } => spawn_local(adopt(
            lab,
            name.clone(),
            url.clone(),
            (episodes, fnv1a_64, key),
            status,
        )),
        ReadEvent::Rejected(error) => status.set(LoadStatus::Rejected {
            source: name.clone(),
            error,
        }),
        ReadEvent::Failed(why) => status.set(LoadStatus::Failed(format!("{name}: {why}"))),
    });
}

/// Loads a local file as the active dataset.
fn load_file(lab: Lab, file: web_sys::File, status: RwSignal<LoadStatus>) {
    match web_sys::Url::create_object_url_with_blob(&file) {
        Ok(url) => read(lab, file.name(), DatasetUrl(url), status),
        Err(e) => status.set(LoadStatus::Failed(format!(
            "{}: {}",
            file.name(),
            js_error(e)
        ))),
    }
}

/// Loads a manifest entry (the bundled `kitchen`, fetched at start, without a request).
fn load_entry(lab: Lab, entry: ManifestEntry, kitchen: &LabDataset, status: RwSignal<LoadStatus>) {
    if entry.name == KITCHEN_NAME {
        lab.set_dataset(kitchen.clone());
        status.set(LoadStatus::Loaded(format!(
            "Loaded {KITCHEN_NAME} (bundled)"
        )));
        return;
    }
    // The worker reads the page's address, whatever its own.
    let address = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .and_then(|base| {
            web_sys::Url::new_with_base(&format!("dataset/{}", entry.file), &base).ok()
        })
        .map(|url| url.href());
    match address {
        Some(url) => read(lab, entry.name, DatasetUrl(url), status),
        None => status.set(LoadStatus::Failed(format!("{}: no address", entry.name))),
    }
}

/// The problems of a rejected file as a table.
fn problem_table(source: String, error: DatasetError) -> impl IntoView {
    let cell = |v: Option<usize>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
    let more = error
        .truncated
        .then_some("More problems exist; the first ones are listed.");
    view! {
        <div class="banner error" role="alert" data-testid="dataset-problems">
            <strong>{format!("{source} was not loaded: {} problem{}", error.problems.len(), if error.problems.len() == 1 { "" } else { "s" })}</strong>
            <p class="small">"The previous dataset stays active."</p>
            <div class="table-scroll">
                <table class="problems">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"Episode"</th>
                            <th scope="col" class="num">"Turn"</th>
                            <th scope="col">"Field"</th>
                            <th scope="col">"Problem"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {error
                            .problems
                            .into_iter()
                            .map(|p: Problem| {
                                view! {
                                    <tr>
                                        <td class="num">{cell(p.episode)}</td>
                                        <td class="num">{cell(p.turn)}</td>
                                        <td><code>{p.field}</code></td>
                                        <td>{p.message}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="small">{more}</p>
        </div>
    }
}

/// The dataset panel: what is active, what else the deployer offers, and a drop zone.
#[component]
pub fn DatasetPanel() -> impl IntoView {
    let lab = use_lab();
    let status = RwSignal::new(LoadStatus::Idle);
    let manifest = RwSignal::new(Vec::<ManifestEntry>::new());
    let dragging = RwSignal::new(false);
    let kitchen = use_bundled().kitchen;
    spawn_local(async move {
        // Without a manifest (e.g. a bare build) only the bundled dataset is offered.
        if let Ok(text) = fetch::text(MANIFEST_URL).await
            && let Ok(m) = serde_json::from_str::<Manifest>(&text)
        {
            manifest.set(m.datasets);
        }
    });
    let summary = move || {
        lab.dataset.with(|d| {
            let turns: usize = d.data.episodes().iter().map(|e| e.interactions.len()).sum();
            format!(
                "{} episodes · {turns} turns · {} views · {} tasks",
                d.data.episodes().len(),
                d.data.num_views(),
                d.data.tasks().len()
            )
        })
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load_file(lab, file, status);
            }
            // Picking the same file again should load it again.
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            load_file(lab, file, status);
        }
    };
    let entries = move || {
        manifest
            .get()
            .into_iter()
            .map(|entry| {
                let active = {
                    let name = entry.name.clone();
                    move || lab.dataset.with(|d| d.name == name)
                };
                let label = entry.name.clone();
                view! {
                    <li class="manifest-entry">
                        <button
                            type="button"
                            class="secondary"
                            disabled=active.clone()
                            aria-pressed=move || active().to_string()
                            on:click={
                                let entry = entry.clone();
                                let kitchen = kitchen.clone();
                                move |_| load_entry(lab, entry.clone(), &kitchen, status)
                            }
                        >
                            {label}
                        </button>
                        <span class="muted small">{entry.description.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel dataset-panel" aria-labelledby="dataset-title">
            <h3 id="dataset-title">"Dataset"</h3>
            <p>
                <strong data-testid="dataset-name">{move || lab.dataset.with(|d| d.name.clone())}</strong>
                <span class="muted">" · "{summary}</span>
            </p>
            <ul class="manifest">{entries}</ul>
            <label
                class="dropzone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <input
                    type="file"
                    id="dataset-file"
                    class="sr-only"
                    accept=".json,application/json"
                    on:change=on_pick
                />
                <span class="dropzone-title">"Load an M4A1-format file"</span>
                <span class="muted small">
                    "Choose a file or drop it here. It is read in this page and never uploaded."
                </span>
            </label>
            {move || match status.get() {
                LoadStatus::Idle => ().into_any(),
                LoadStatus::Loading { name, stage } => {
                    let text = stage.describe(&name);
                    let stop = move |_| {
                        EvalSession::get().stop_read();
                        status.set(LoadStatus::Stopped(name.clone()));
                    };
                    view! {
                        <div class="dataset-reading" data-testid="dataset-reading">
                            <p class="muted" role="status">{text}</p>
                            <progress max=1 value=stage.fraction() aria-label="Dataset read"></progress>
                            <button type="button" class="secondary" on:click=stop>"Stop"</button>
                        </div>
                    }
                    .into_any()
                }
                LoadStatus::Stopped(name) => {
                    view! { <p class="muted" role="status">{format!("Stopped reading {name}; the previous dataset stays active.")}</p> }
                        .into_any()
                }
                LoadStatus::Loaded(summary) => {
                    view! { <p class="ok" role="status" data-testid="dataset-loaded">{summary}</p> }.into_any()
                }
                LoadStatus::Failed(why) => {
                    view! { <div class="banner error" role="alert" data-testid="dataset-problems">{why}</div> }
                        .into_any()
                }
                LoadStatus::Rejected { source, error } => problem_table(source, error).into_any(),
            }}
        </section>
    }
}
