//! TMO Lab's page: replaces index.html's boot screen with the app.

fn main() {
    tmo_web::panic::install();
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(tmo_web::App);
}
