//! Light and dark: the system's choice until the visitor toggles, then theirs (kept in
//! `localStorage`) as `data-theme` on `<html>`.

use leptos::prelude::*;

/// `localStorage` key of the chosen theme.
const STORAGE_KEY: &str = "tmo-lab-theme";

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light panels.
    Light,
    /// Light text on dark panels.
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The theme chosen earlier, if any.
fn stored() -> Option<Theme> {
    storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|name| Theme::parse(&name))
}

/// The system's theme.
fn system() -> Theme {
    let dark = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// Puts `theme` on `<html>` and remembers it.
fn apply(theme: Theme) {
    if let Some(root) = document().document_element() {
        // Failing to set an attribute only leaves the system theme in place.
        let _ = root.set_attribute("data-theme", theme.name());
    }
    if let Some(storage) = storage() {
        // Private modes may refuse storage; the toggle still works for this visit.
        let _ = storage.set_item(STORAGE_KEY, theme.name());
    }
}

/// Puts the theme chosen on an earlier visit, if any, on `<html>`; returns it.
pub fn restore() -> Option<Theme> {
    let chosen = stored();
    if let Some(theme) = chosen {
        apply(theme);
    }
    chosen
}

/// The button switching between light and dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let initial = restore();
    let theme = RwSignal::new(initial.unwrap_or_else(system));
    view! {
        <button
            class="icon-button theme-toggle"
            type="button"
            aria-label=move || format!("Switch to {} theme", theme.get().other().name())
            title=move || format!("Switch to {} theme", theme.get().other().name())
            on:click=move |_| {
                let next = theme.get_untracked().other();
                apply(next);
                theme.set(next);
            }
        >
            {move || match theme.get() {
                Theme::Light => "☾ Dark",
                Theme::Dark => "☀ Light",
            }}
        </button>
    }
}
