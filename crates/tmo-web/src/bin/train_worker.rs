//! TMO Lab's training worker: a second wasm bundle that trunk loads in a Web Worker.

use gloo_worker::Registrable;
use tmo_web::worker::TrainWorker;

fn main() {
    console_error_panic_hook::set_once();
    TrainWorker::registrar().register();
}
