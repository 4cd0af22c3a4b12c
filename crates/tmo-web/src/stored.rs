//! Trained and uploaded policies kept in the browser's local storage, so they survive a
//! reload until removed: written whenever the list changes, read back at startup.

use crate::learned;
use crate::state::Lab;
use crate::worker::client::{SavedPolicy, TrainSession};
use leptos::prelude::*;

/// The local-storage key of the kept policies (a JSON array of `{name, json}`).
const STORAGE_KEY: &str = "tmo-lab.policies";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Adds the policies kept by an earlier visit to `lab` (each checked again when evaluated);
/// one that no longer reads is dropped with a message.
pub fn restore(lab: Lab) {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return;
    };
    let kept: Vec<SavedPolicy> = match serde_json::from_str(&text) {
        Ok(kept) => kept,
        Err(e) => {
            lab.report(format!(
                "The policies kept in this browser could not be read ({e}); they were dropped."
            ));
            return;
        }
    };
    let session = TrainSession::get();
    for SavedPolicy { name, json } in kept {
        match learned::restore(lab, &name, &json) {
            Ok(()) => session.keep(name, json),
            Err(e) => lab.report(format!("The kept policy “{name}” could not be loaded: {e}")),
        }
    }
}

/// Writes the session's policies to local storage whenever they change.
pub fn keep_in_browser(lab: Lab) {
    let saved = TrainSession::get().saved;
    Effect::new(move |first: Option<()>| {
        let policies = saved.get();
        if first.is_none() {
            return; // the list as restored is already stored
        }
        let written = serde_json::to_string(&policies)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                storage()
                    .ok_or_else(|| "no local storage".to_owned())?
                    .set_item(STORAGE_KEY, &text)
                    .map_err(|_| "the browser's storage is full or disabled".to_owned())
            });
        if let Err(e) = written {
            lab.report(format!(
                "The trained policies could not be kept for your next visit: {e}."
            ));
        }
    });
}

/// Forgets the policy `name`: out of the lab, the download list and local storage.
pub fn remove(lab: Lab, name: &str) {
    TrainSession::get()
        .saved
        .update(|s| s.retain(|p| p.name != name));
    lab.learned.update(|l| l.retain(|p| p.name != name));
}
