//! The app shell: title bar and navigation between the four views.

use crate::state::Lab;
use leptos::prelude::*;

/// The views a visitor moves between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Step through a dialogue and see each policy's decisions.
    Replay,
    /// The paper's table and charts.
    Compare,
    /// Train an RC-A2C agent in the browser.
    Train,
    /// Device, network, budgets and weights.
    Scenario,
}

impl View {
    /// Every view, in navigation order.
    pub const ALL: [View; 4] = [View::Replay, View::Compare, View::Train, View::Scenario];

    /// The lowercase name used in URLs and test selectors.
    pub fn slug(self) -> &'static str {
        match self {
            View::Replay => "replay",
            View::Compare => "compare",
            View::Train => "train",
            View::Scenario => "scenario",
        }
    }

    /// The label shown in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            View::Replay => "Replay",
            View::Compare => "Compare",
            View::Train => "Train",
            View::Scenario => "Scenario",
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::new();
    provide_context(lab);
    let view = lab.view;
    view! {
        <header class="topbar">
            <h1 class="brand">"TMO Lab"</h1>
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
        </header>
        <main id="main" class="view" data-view=move || view.get().slug()>
            <h2>{move || view.get().label()}</h2>
        </main>
    }
}
