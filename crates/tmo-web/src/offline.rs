//! The service worker (`www/sw.js`) that keeps the bundle after the first visit, so a page
//! opened once reloads with no network. Registered once the app is on screen (its downloads do
//! not compete with the first render's), and in release builds only: `trunk serve`'s debug
//! builds change with every save.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The worker script, beside the page (so a bundle under a sub-path registers its own).
const SCRIPT: &str = "sw.js";

/// Registers the service worker where the browser has them (secure origins); without one, or
/// if registration fails, the page works as before, online only.
pub fn register() {
    if cfg!(debug_assertions) {
        return;
    }
    let Ok(promise) = start_registration() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        // A refusal (e.g. storage disabled) only means no offline copy.
        let _ = JsFuture::from(promise).await;
    });
}

/// `navigator.serviceWorker.register(SCRIPT)`, read through `Reflect` (the container is
/// absent on insecure origins).
fn start_registration() -> Result<Promise, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let navigator = Reflect::get(&window, &"navigator".into())?;
    let container = Reflect::get(&navigator, &"serviceWorker".into())?;
    if container.is_undefined() {
        return Err(JsValue::NULL);
    }
    let register: Function = Reflect::get(&container, &"register".into())?.dyn_into()?;
    register.call1(&container, &SCRIPT.into())?.dyn_into()
}
