//! TMO Lab's page: mounts the app.

fn main() {
    tmo_web::panic::install();
    leptos::mount::mount_to_body(tmo_web::App);
}
