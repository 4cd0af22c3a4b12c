//! The panic hook: logs the panic and puts a message with a reload button over the page,
//! so a bug never leaves a dead page (the URL keeps the scenario and view across the reload).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Installs the hook (once, before mounting).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Adds the recoverable message to the page (plain DOM: the app's reactive state may be broken).
fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let make = |tag: &str| document.create_element(tag).ok();
    let (Some(banner), Some(title), Some(text), Some(button), Some(body)) = (
        make("div"),
        make("strong"),
        make("p"),
        make("button"),
        document.body(),
    ) else {
        return;
    };
    banner.set_id("panic-banner");
    banner.set_class_name("banner error panic-banner");
    let _ = banner.set_attribute("role", "alert");
    title.set_text_content(Some("Something went wrong inside TMO Lab."));
    text.set_text_content(Some(&format!(
        "Reload to continue where you were (the link keeps your scenario and view). Details: {detail}"
    )));
    button.set_class_name("primary");
    button.set_text_content(Some("Reload"));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    if let Some(b) = button.dyn_ref::<web_sys::HtmlElement>() {
        b.set_onclick(Some(reload.as_ref().unchecked_ref()));
    }
    // The page lives until reload; so does the handler.
    reload.forget();
    for child in [&title, &text, &button] {
        let _ = banner.append_child(child);
    }
    let _ = body.prepend_with_node_1(&banner);
}
