//! The app shell: title bar and navigation between the views, left out when the page is
//! embedded (`?embed=1`).

use crate::bundle::Bundled;
use crate::state::{Lab, use_lab};
use crate::theme::ThemeToggle;
use crate::url;
use crate::views::compare::CompareView;
use crate::views::experiments::ExperimentsView;
use crate::views::headline::Headline;
use crate::views::replay::ReplayView;
use crate::views::scenario::ScenarioView;
use crate::views::train::TrainView;
use crate::worker::eval_client::EvalSession;
use crate::worker::seed_trainer::TmoSeeds;
use leptos::prelude::*;

/// The views a visitor moves between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Step through a dialogue and see each policy's decisions.
    Replay,
    /// The paper's table and charts.
    Compare,
    /// Train any of the paper's learners in the browser.
    Train,
    /// Device, network, budgets and weights.
    Scenario,
    /// The paper's sweeps: policies across devices, networks, budgets, shapes.
    Experiments,
}

impl View {
    /// Every view, in navigation order.
    pub const ALL: [View; 5] = [
        View::Replay,
        View::Compare,
        View::Train,
        View::Scenario,
        View::Experiments,
    ];

    /// The lowercase name used in URLs and test selectors.
    pub fn slug(self) -> &'static str {
        match self {
            View::Replay => "replay",
            View::Compare => "compare",
            View::Train => "train",
            View::Scenario => "scenario",
            View::Experiments => "experiments",
        }
    }

    /// The view with this slug, if any.
    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }

    /// The label shown in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            View::Replay => "Replay",
            View::Compare => "Compare",
            View::Train => "Train",
            View::Scenario => "Scenario",
            View::Experiments => "Experiments",
        }
    }
}

/// The recoverable error banner, dismissable.
#[component]
fn ErrorBanner() -> impl IntoView {
    let lab = use_lab();
    move || {
        lab.error.get().map(|message| {
            view! {
                <div class="banner error app-error" role="alert">
                    <p>{message}</p>
                    <button class="secondary" type="button" on:click=move |_| lab.error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// The whole page, starting from the `bundled` files.
#[component]
pub fn App(
    /// The files fetched before mounting.
    bundled: Bundled,
) -> impl IntoView {
    let lab = Lab::new(bundled.kitchen.clone());
    provide_context(lab);
    crate::learned::install_shipped(lab, &bundled.shipped_policy);
    provide_context(bundled);
    crate::stored::restore(lab);
    crate::stored::keep_in_browser(lab);
    url::restore(lab);
    url::sync(lab);
    TmoSeeds::keep_current(lab);
    EvalSession::keep_current(lab);
    let view = lab.view;
    let embedded = url::embedded();
    if embedded {
        // Without the toggle, the theme chosen earlier still holds.
        crate::theme::restore();
        // For the stylesheet: an embedded view fills its frame.
        let _ = document()
            .document_element()
            .map(|root| root.set_attribute("data-embed", "true"));
    }
    view! {
        {(!embedded).then(|| view! { <Chrome view /> })}
        <main id="main" class="view" data-view=move || view.get().slug() tabindex="-1">
            <ErrorBanner />
            {(!embedded).then(|| view! { <Headline /> })}
            {move || match view.get() {
                View::Replay => view! { <ReplayView /> }.into_any(),
                View::Compare => view! { <CompareView /> }.into_any(),
                View::Train => view! { <TrainView /> }.into_any(),
                View::Scenario => view! { <ScenarioView /> }.into_any(),
                View::Experiments => view! { <ExperimentsView /> }.into_any(),
            }}
        </main>
    }
}

/// The app's chrome around the views: skip link, title bar, navigation and theme switch (left
/// out when the page is embedded).
#[component]
fn Chrome(
    /// The view on screen (the navigation changes it).
    view: RwSignal<View>,
) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <h1 class="brand">
                "TMO Lab"
            </h1>
            <p class="tagline">"Local–cloud LLM offloading, simulated in your browser"</p>
            <nav class="tabs" aria-label="Views">
                {View::ALL
                    .into_iter()
                    .map(|v| {
                        view! {
                            <button
                                class="tab"
                                data-view=v.label()
                                aria-current=move || (view.get() == v).then_some("page")
                                on:click=move |_| view.set(v)
                            >
                                {v.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            <ThemeToggle />
        </header>
    }
}
