//! TMO Lab's page: mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tmo_web::App);
}
