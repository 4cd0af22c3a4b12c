//! Datasets: the bundled one, those listed in `dataset/manifest.json`, and M4A1-format files
//! loaded by picker or drag and drop — read locally, never uploaded. A rejected file has its
//! problems listed while the previous dataset stays active.

use crate::bundle::use_bundled;
use crate::export::js_error;
use crate::fetch;
use crate::state::{KITCHEN_NAME, Lab, LabDataset, use_lab};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use tmo_core::dataset::{Dataset, DatasetError, Problem};
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
    Loading(String),
    Loaded(String),
    /// A file that is not a valid dataset: its problems, located.
    Rejected {
        source: String,
        error: DatasetError,
    },
    /// The file could not be read or fetched at all.
    Failed(String),
}

/// Reads a local file as text (in the page; nothing is sent anywhere).
async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(js_error)?;
    text.as_string()
        .ok_or_else(|| format!("{}: not a text file", file.name()))
}

/// Validates `text` and makes it the active dataset, or records why it was rejected.
fn adopt(lab: Lab, name: String, text: &str, status: RwSignal<LoadStatus>) {
    match Dataset::from_json(text) {
        Ok(data) => {
            let summary = format!(
                "Loaded {name}: {} episodes, {} views, {} tasks",
                data.episodes().len(),
                data.num_views(),
                data.tasks().len()
            );
            lab.set_dataset(LabDataset::new(name, data, Some(text)));
            status.set(LoadStatus::Loaded(summary));
        }
        Err(error) => status.set(LoadStatus::Rejected {
            source: name,
            error,
        }),
    }
}

/// Loads a local file as the active dataset.
fn load_file(lab: Lab, file: web_sys::File, status: RwSignal<LoadStatus>) {
    let name = file.name();
    status.set(LoadStatus::Loading(name.clone()));
    spawn_local(async move {
        match read_file(&file).await {
            Ok(text) => adopt(lab, name, &text, status),
            Err(e) => status.set(LoadStatus::Failed(e)),
        }
    });
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
    status.set(LoadStatus::Loading(entry.name.clone()));
    spawn_local(async move {
        match fetch::text(&format!("dataset/{}", entry.file)).await {
            Ok(text) => adopt(lab, entry.name, &text, status),
            Err(e) => status.set(LoadStatus::Failed(e)),
        }
    });
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
                LoadStatus::Loading(name) => {
                    view! { <p class="muted" role="status">{format!("Reading {name}…")}</p> }.into_any()
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
