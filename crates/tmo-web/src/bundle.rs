//! The files the page fetches before it mounts: the bundled kitchen dataset and the shipped
//! policy. They are served beside the page (trunk copies `dataset/`), not compiled into the
//! wasm, which keeps the app small; the boot screen covers the wait and says so if one fails.

use crate::fetch;
use crate::state::{KITCHEN_NAME, LabDataset};
use leptos::prelude::*;
use std::sync::Arc;
use tmo_core::dataset::Dataset;

/// The bundled kitchen dataset, relative to the page.
pub const KITCHEN_URL: &str = "dataset/kitchen.json";

/// The shipped policy file, relative to the page.
pub const SHIPPED_POLICY_URL: &str = "dataset/rc-ppo-kitchen.policy.json";

/// What every visit starts from: the kitchen dataset and the shipped policy's file.
#[derive(Clone, Debug)]
pub struct Bundled {
    /// The bundled kitchen dataset, validated.
    pub kitchen: LabDataset,
    /// The shipped policy file's text (read by `learned`, offered for download).
    pub shipped_policy: Arc<str>,
}

impl Bundled {
    /// Fetches both files in parallel; the error names the file and what went wrong.
    pub async fn fetch() -> Result<Bundled, String> {
        let kitchen = fetch::start(KITCHEN_URL);
        let policy = fetch::start(SHIPPED_POLICY_URL);
        let kitchen = kitchen.text().await?;
        let shipped_policy = Arc::from(policy.text().await?);
        Ok(Bundled {
            kitchen: kitchen_dataset(&kitchen)?,
            shipped_policy,
        })
    }
}

/// The kitchen dataset from its file's text.
fn kitchen_dataset(json: &str) -> Result<LabDataset, String> {
    let data = Dataset::from_json(json).map_err(|e| format!("{KITCHEN_URL} is invalid: {e}"))?;
    Ok(LabDataset::new(KITCHEN_NAME.to_owned(), data, json))
}

/// The [`Bundled`] files `App` was mounted with.
///
/// # Panics
/// When called outside `App` (a programming error, not a user one).
pub fn use_bundled() -> Bundled {
    expect_context::<Bundled>()
}

/// The bundled files read from the source tree, for native tests.
#[cfg(test)]
pub mod fixtures {
    use super::*;

    /// The shipped policy file's text.
    pub const SHIPPED_JSON: &str = include_str!("../../../dataset/rc-ppo-kitchen.policy.json");

    /// The bundled kitchen dataset.
    pub fn kitchen() -> LabDataset {
        kitchen_dataset(include_str!("../../../dataset/kitchen.json")).expect("valid kitchen")
    }
}
