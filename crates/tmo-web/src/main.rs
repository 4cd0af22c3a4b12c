//! TMO Lab's page: fetches the bundled files, then replaces index.html's boot screen with the
//! app (or says on the boot screen why it cannot start).

use tmo_web::boot;
use tmo_web::bundle::Bundled;

fn main() {
    tmo_web::panic::install();
    boot::say("Loading the kitchen dataset and the shipped policy…");
    wasm_bindgen_futures::spawn_local(async {
        match Bundled::fetch().await {
            Ok(bundled) => {
                boot::remove();
                leptos::mount::mount_to_body(move || tmo_web::App(tmo_web::AppProps { bundled }));
                tmo_web::offline::register();
            }
            Err(e) => boot::fail(&format!(
                "The simulator could not load its data ({e}). Check the connection and reload the page."
            )),
        }
    });
}
