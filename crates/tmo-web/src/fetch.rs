//! Same-origin text requests, relative to the document (so a bundle served under a sub-path
//! finds its files beside its page).

use crate::export::js_error;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A request under way: started by [`start`], read by [`Pending::text`]. Starting several
/// before awaiting any runs them in parallel.
pub struct Pending {
    url: String,
    response: JsFuture,
}

/// Starts fetching `url` (relative to the document's base).
pub fn start(url: &str) -> Pending {
    Pending {
        url: url.to_owned(),
        response: JsFuture::from(leptos::prelude::window().fetch_with_str(url)),
    }
}

impl Pending {
    /// The response's text, or why there is none (network failure, HTTP status, not text).
    pub async fn text(self) -> Result<String, String> {
        let url = self.url;
        let response = self
            .response
            .await
            .map_err(|e| format!("{url}: {}", js_error(e)))?;
        let response: web_sys::Response = response.dyn_into().map_err(js_error)?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let text = JsFuture::from(response.text().map_err(js_error)?)
            .await
            .map_err(|e| format!("{url}: {}", js_error(e)))?;
        text.as_string()
            .ok_or_else(|| format!("{url}: the response is not text"))
    }
}

/// Fetches a same-origin text file.
pub async fn text(url: &str) -> Result<String, String> {
    start(url).text().await
}
