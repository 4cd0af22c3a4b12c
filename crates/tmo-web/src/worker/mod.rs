//! The training worker: runs a [`Trainer`] inside a Web Worker so the page stays responsive.
//!
//! It advances the trainer in chunks of about [`CHUNK_MS`] milliseconds, reports after each,
//! and yields to the worker's event loop (a zero-delay timer) between chunks so a
//! [`Request::Stop`] is received promptly.

pub mod client;
pub mod protocol;

use gloo_worker::{HandlerId, Worker, WorkerScope};
use protocol::{Reply, Report, Request, TrainJob};
use std::sync::Arc;
use tmo_agent::{Fingerprint, PolicyFile, SimEnv, TrainedOn, Trainer};
use tmo_core::dataset::Dataset;
use tmo_core::split::Shuffle;
use tmo_core::{Simulator, Split};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Milliseconds of training between two progress reports.
pub const CHUNK_MS: f64 = 100.0;

/// A run in progress.
struct Run {
    /// The bridge that started it (replies go there).
    client: HandlerId,
    /// Which run the scheduled ticks belong to.
    generation: u64,
    trainer: Trainer<SimEnv>,
    /// The fingerprint written into the policy file.
    fingerprint: Fingerprint,
    /// The seed of the ChaCha split whose training episodes it learns from.
    split_seed: u64,
    started_ms: f64,
}

impl Run {
    fn start(job: TrainJob, client: HandlerId, generation: u64) -> Result<Run, String> {
        let dataset = Dataset::from_json(&job.dataset_json).map_err(|e| e.to_string())?;
        let split =
            Split::seeded(dataset.episodes().len(), job.split_seed).map_err(|e| e.to_string())?;
        let sim =
            Arc::new(Simulator::new(&dataset, &job.scenario, &split).map_err(|e| e.to_string())?);
        let split_seed = job.split_seed;
        let fingerprint = Fingerprint::of(&sim, dataset.tasks(), &job.config);
        let trainer = Trainer::for_simulator(job.config, &sim).map_err(|e| e.to_string())?;
        Ok(Run {
            client,
            generation,
            trainer,
            fingerprint,
            split_seed,
            started_ms: now_ms(),
        })
    }

    /// Trains for about `budget_ms` (at least one update) and reports.
    fn chunk(&mut self, budget_ms: f64) -> Report {
        let until = now_ms() + budget_ms;
        loop {
            let progress = self.trainer.advance(1);
            if progress.finished || now_ms() >= until {
                return self.report(progress);
            }
        }
    }

    fn report(&self, progress: tmo_agent::Progress) -> Report {
        Report {
            progress,
            elapsed_ms: now_ms() - self.started_ms,
        }
    }

    fn policy_json(&self) -> String {
        PolicyFile::new(
            self.trainer.config().clone(),
            self.fingerprint.clone(),
            TrainedOn::Seeded {
                shuffle: Shuffle::Chacha8,
                seed: self.split_seed,
            },
            self.trainer.policy().weights(),
        )
        .to_json()
    }
}

/// Continue the run of this generation.
#[derive(Clone, Copy, Debug)]
pub struct Tick(u64);

/// The worker's state: at most one run.
pub struct TrainWorker {
    run: Option<Run>,
    generations: u64,
}

impl Worker for TrainWorker {
    type Message = Tick;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TrainWorker {
            run: None,
            generations: 0,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, Tick(generation): Tick) {
        let Some(run) = self.run.as_mut().filter(|r| r.generation == generation) else {
            return; // a tick of a stopped or replaced run
        };
        let report = run.chunk(CHUNK_MS);
        let client = run.client;
        if report.progress.finished {
            let policy_json = run.policy_json();
            self.run = None;
            scope.respond(
                client,
                Reply::Done {
                    report,
                    policy_json,
                },
            );
        } else {
            scope.respond(client, Reply::Progress(report));
            schedule(scope, Tick(generation));
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, client: HandlerId) {
        match request {
            Request::Start(job) => {
                self.generations += 1;
                match Run::start(*job, client, self.generations) {
                    Ok(run) => {
                        self.run = Some(run);
                        schedule(scope, Tick(self.generations));
                    }
                    Err(e) => {
                        self.run = None;
                        scope.respond(client, Reply::Failed(e));
                    }
                }
            }
            Request::Stop => {
                if let Some(run) = self.run.take() {
                    let report = run.report(run.trainer.progress());
                    scope.respond(run.client, Reply::Stopped(report));
                }
            }
        }
    }
}

/// Sends `tick` to the worker from a zero-delay timer: a macrotask, so messages from the page
/// queued meanwhile are handled first.
fn schedule(scope: &WorkerScope<TrainWorker>, tick: Tick) {
    let target = scope.clone();
    let callback = Closure::once_into_js(move || target.send_message(tick));
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    if global
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0)
        .is_err()
    {
        scope.send_message(tick);
    }
}

/// Milliseconds on a monotonic-enough clock.
fn now_ms() -> f64 {
    js_sys::Date::now()
}
