//! Downloads made in the page: text (CSV, JSON, policy files) and data URLs (chart PNGs),
//! saved through a temporary `<a download>`; nothing is sent anywhere.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// A rectangular table of text cells with a header row: what CSV export and the charts'
/// screen-reader tables share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextTable {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

impl TextTable {
    /// The table as RFC 4180 CSV (CRLF line ends; cells with `,`, `"` or line breaks quoted).
    pub fn to_csv(&self) -> String {
        std::iter::once(&self.headers)
            .chain(&self.rows)
            .map(|row| {
                row.iter()
                    .map(|cell| csv_cell(cell))
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\r\n"
            })
            .collect()
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// Saves `text` as a file called `file_name` of type `mime`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let saved = download_url(file_name, &url);
    Url::revoke_object_url(&url).map_err(js_error)?;
    saved
}

/// Saves the resource at `url` (a `data:` or `blob:` URL) as `file_name`.
pub fn download_url(file_name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document to download from")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "could not create a download link")?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// A readable message for a JavaScript exception.
pub fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused the operation".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_quoting() {
        let t = TextTable {
            headers: vec!["policy".into(), "note".into()],
            rows: vec![
                vec!["local".into(), "plain".into()],
                vec!["a,b".into(), "say \"hi\"\nthere".into()],
            ],
        };
        assert_eq!(
            t.to_csv(),
            "policy,note\r\nlocal,plain\r\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\n"
        );
    }
}
