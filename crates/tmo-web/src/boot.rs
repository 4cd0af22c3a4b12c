//! The boot screen that `index.html` shows before the app mounts (plain DOM: nothing reactive
//! exists yet). `www/boot.js` reports the wasm download on it; the app reports the rest.

use leptos::prelude::document;

fn element(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

/// Shows `text` as the loading step under way.
pub fn say(text: &str) {
    if let Some(note) = element("boot-note") {
        note.set_text_content(Some(text));
    }
}

/// Shows why the app cannot start, as an alert, in place of the progress bar.
pub fn fail(text: &str) {
    say(text);
    if let Some(note) = element("boot-note") {
        let _ = note.set_attribute("role", "alert");
    }
    if let Some(bar) = element("boot-progress") {
        bar.remove();
    }
}

/// Removes the boot screen (the app is on screen).
pub fn remove() {
    if let Some(boot) = element("boot") {
        boot.remove();
    }
}
