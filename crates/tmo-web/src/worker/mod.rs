//! The lab's worker: runs a [`Trainer`], Compare's evaluation, an Experiments sweep, the reading
//! of a dataset or the play of Replay's baselines inside a Web Worker so the page stays
//! responsive. The page spawns one instance for training ([`client`]), one for evaluations,
//! dataset reads and Replay's baselines ([`eval_client`]), one that trains TMO per seed in the
//! background ([`seed_trainer`]) and one for sweeps ([`sweep_client`]).
//!
//! It advances the trainer in chunks of about [`CHUNK_MS`] milliseconds (an evaluation or a
//! sweep in chunks of [`EVAL_CHUNK_MS`]), reports after each, and yields to the worker's event
//! loop (a zero-delay timer) between chunks so a stop or a new request is received promptly.

pub mod client;
pub mod eval_client;
pub mod evaluation;
pub mod protocol;
pub mod reading;
pub mod seed_trainer;
pub mod sweep_client;
pub mod sweeping;

use evaluation::{Files, Inputs};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use protocol::{EvalJob, PART_EPISODES, Reply, Report, Request, SweepJobRequest, TrainJob};
use reading::{Loading, Outcome};
use std::sync::Arc;
use sweeping::Sweeping;
use tmo_agent::{Fingerprint, PolicyFile, SimEnv, TrainedOn, Trainer};
use tmo_core::dataset::Dataset;
use tmo_core::experiment::TableJob;
use tmo_core::policy::Shielding;
use tmo_core::split::Shuffle;
use tmo_core::{Simulator, Split};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Milliseconds of training between two progress reports.
pub const CHUNK_MS: f64 = 100.0;

/// Milliseconds of evaluation between two progress reports.
pub const EVAL_CHUNK_MS: f64 = 50.0;

/// An evaluation in progress.
struct Evaluating {
    client: HandlerId,
    request: EvalJob,
    generation: u64,
    job: TableJob<Shielding<Files>>,
    started_ms: f64,
}

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
        let dataset = job.dataset.dataset()?;
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

/// A dataset read for the page: its file being read chunk by chunk, then its episodes being
/// sent back in parts.
struct PageRead {
    client: HandlerId,
    id: u64,
    /// What the page's evaluations call the dataset.
    key: u64,
    generation: u64,
    stage: ReadStage,
}

/// Where a page's read stands.
enum ReadStage {
    /// Its file is being read and checked.
    Loading(Box<Loading>),
    /// It is valid; its episodes are being sent.
    Sending {
        dataset: Arc<Dataset>,
        /// The position of the first episode not sent yet.
        next: usize,
    },
}

/// Continue the run (or the evaluation) of this generation.
#[derive(Clone, Copy, Debug)]
pub enum Tick {
    /// A training run.
    Train(u64),
    /// An evaluation.
    Evaluate(u64),
    /// A sweep.
    Sweep(u64),
    /// A dataset read: its next chunk, or its next part.
    Read(u64),
}

/// The worker's state: at most one run, one evaluation and one sweep, and the evaluations'
/// inputs.
pub struct TrainWorker {
    run: Option<Run>,
    generations: u64,
    inputs: Inputs,
    evaluating: Option<Evaluating>,
    sweeping: Option<Sweeping>,
    reading: Option<PageRead>,
}

impl Worker for TrainWorker {
    type Message = Tick;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        TrainWorker {
            run: None,
            generations: 0,
            inputs: Inputs::default(),
            evaluating: None,
            sweeping: None,
            reading: None,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, tick: Tick) {
        match tick {
            Tick::Train(generation) => self.train(scope, generation),
            Tick::Evaluate(generation) => self.evaluate(scope, generation),
            Tick::Sweep(generation) => self.sweep(scope, generation),
            Tick::Read(generation) => self.read_step(scope, generation),
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, client: HandlerId) {
        match request {
            Request::Start(job) => {
                self.generations += 1;
                match Run::start(*job, client, self.generations) {
                    Ok(run) => {
                        self.run = Some(run);
                        schedule(scope, Tick::Train(self.generations));
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
            Request::LoadDataset { key, source } => {
                // A failure is reported by the evaluation that needs the dataset.
                let _ = self.inputs.load_dataset(key, &source);
            }
            Request::ReadDataset { id, key, url } => self.read(scope, id, key, &url, client),
            Request::StopRead => self.reading = None,
            Request::Trace(job) => {
                let trace = self
                    .inputs
                    .trace(&job)
                    .map(|trace| Box::new(Arc::unwrap_or_clone(trace)));
                scope.respond(client, Reply::Traced { id: job.id, trace });
            }
            Request::LoadPolicy { name, json } => {
                // A file that does not read leaves its policy out, with the reason.
                let _ = self.inputs.load_policy(name, &json);
            }
            Request::Evaluate(job) => self.start_evaluation(scope, *job, client),
            Request::StopEvaluation => self.evaluating = None,
            Request::Sweep(job) => self.start_sweep(scope, *job, client),
            Request::StopSweep => self.sweeping = None,
        }
    }
}

impl TrainWorker {
    /// Opens the dataset file at `url` and starts reading it; it is kept under `key`.
    fn read(&mut self, scope: &WorkerScope<Self>, id: u64, key: u64, url: &str, client: HandlerId) {
        self.generations += 1;
        self.reading = None;
        match Loading::open(url) {
            Ok(loading) => {
                self.reading = Some(PageRead {
                    client,
                    id,
                    key,
                    generation: self.generations,
                    stage: ReadStage::Loading(Box::new(loading)),
                });
                schedule(scope, Tick::Read(self.generations));
            }
            Err(message) => scope.respond(client, Reply::DatasetFailed { id, message }),
        }
    }

    /// Reads the next chunk of the read of `generation`, or sends its next [`PART_EPISODES`]
    /// episodes.
    fn read_step(&mut self, scope: &WorkerScope<Self>, generation: u64) {
        let Some(r) = self.reading.as_mut().filter(|r| r.generation == generation) else {
            return; // a tick of a stopped or replaced read
        };
        let (id, client) = (r.id, r.client);
        // The reply, and whether the read is over with it.
        let (reply, over) = match &mut r.stage {
            ReadStage::Loading(loading) => match loading.step() {
                Ok(Outcome::Reading) => {
                    let (bytes, total) = loading.progress();
                    (Reply::DatasetReading { id, bytes, total }, false)
                }
                Ok(Outcome::Valid(dataset)) => {
                    let dataset = Arc::new(dataset);
                    let reply = Reply::DatasetRead {
                        id,
                        episodes: dataset.episodes().len(),
                        fnv1a_64: loading.fnv1a_64(),
                    };
                    self.inputs.keep_dataset(r.key, dataset.clone());
                    r.stage = ReadStage::Sending { dataset, next: 0 };
                    (reply, false)
                }
                Ok(Outcome::Rejected(error)) => (Reply::DatasetRejected { id, error }, true),
                Err(message) => (Reply::DatasetFailed { id, message }, true),
            },
            ReadStage::Sending { dataset, next } => {
                let episodes = dataset.episodes();
                let end = (*next + PART_EPISODES).min(episodes.len());
                // Plain structs of strings and finite numbers always serialise.
                let json = serde_json::to_string(&episodes[*next..end]).unwrap_or_default();
                *next = end;
                (Reply::DatasetPart { id, json }, end == episodes.len())
            }
        };
        scope.respond(client, reply);
        if over {
            self.reading = None;
        } else {
            schedule(scope, Tick::Read(generation));
        }
    }

    fn start_evaluation(&mut self, scope: &WorkerScope<Self>, request: EvalJob, client: HandlerId) {
        self.generations += 1;
        self.evaluating = None;
        match self.inputs.job(&request) {
            Ok(job) => {
                self.evaluating = Some(Evaluating {
                    client,
                    request,
                    generation: self.generations,
                    job,
                    started_ms: now_ms(),
                });
                schedule(scope, Tick::Evaluate(self.generations));
            }
            Err(message) => scope.respond(
                client,
                Reply::EvalFailed {
                    id: request.id,
                    message,
                },
            ),
        }
    }

    /// Advances the evaluation of `generation` for about [`EVAL_CHUNK_MS`] and reports.
    fn evaluate(&mut self, scope: &WorkerScope<Self>, generation: u64) {
        let Some(e) = self
            .evaluating
            .as_mut()
            .filter(|e| e.generation == generation)
        else {
            return; // a tick of a stopped or replaced evaluation
        };
        let until = now_ms() + EVAL_CHUNK_MS;
        let seeds_before = e.job.seeds_done();
        let stepped = loop {
            match e.job.step() {
                Ok(p) if p.finished() || now_ms() >= until => break Ok(p),
                Ok(_) => {}
                Err(message) => break Err(message),
            }
        };
        if e.job.seeds_done() > seeds_before {
            self.inputs.remember_optima(&e.request, e.job.optima());
        }
        let (client, id) = (e.client, e.request.id);
        let reply = match stepped {
            Ok(progress) if !progress.finished() => {
                // A seed completed: the table so far fills in while the rest is evaluated.
                let partial = (e.job.seeds_done() > seeds_before)
                    .then(|| e.job.table_so_far().ok().map(Box::new))
                    .flatten();
                scope.respond(
                    client,
                    Reply::EvalProgress {
                        id,
                        progress,
                        partial,
                    },
                );
                schedule(scope, Tick::Evaluate(generation));
                return;
            }
            Ok(_) => match e.job.table() {
                Ok(table) => Reply::Evaluated {
                    id,
                    table: Box::new(table),
                    elapsed_ms: now_ms() - e.started_ms,
                },
                Err(message) => Reply::EvalFailed { id, message },
            },
            Err(message) => Reply::EvalFailed { id, message },
        };
        self.evaluating = None;
        scope.respond(client, reply);
    }

    fn start_sweep(
        &mut self,
        scope: &WorkerScope<Self>,
        request: SweepJobRequest,
        client: HandlerId,
    ) {
        self.generations += 1;
        let id = request.id;
        match Sweeping::start(request, client, self.generations) {
            Ok(sweep) => {
                self.sweeping = Some(sweep);
                schedule(scope, Tick::Sweep(self.generations));
            }
            Err(message) => {
                self.sweeping = None;
                scope.respond(client, Reply::SweepFailed { id, message });
            }
        }
    }

    /// Advances the sweep of `generation` for about [`EVAL_CHUNK_MS`] and reports.
    fn sweep(&mut self, scope: &WorkerScope<Self>, generation: u64) {
        let Some(s) = self
            .sweeping
            .as_mut()
            .filter(|s| s.generation == generation)
        else {
            return; // a tick of a stopped or replaced sweep
        };
        let (reply, over) = s.chunk(EVAL_CHUNK_MS);
        let client = s.client;
        let finished = over && matches!(reply, Reply::SweepProgress { .. });
        scope.respond(client, reply);
        if finished {
            scope.respond(client, s.done());
        }
        if over {
            self.sweeping = None;
        } else {
            schedule(scope, Tick::Sweep(generation));
        }
    }

    fn train(&mut self, scope: &WorkerScope<Self>, generation: u64) {
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
            schedule(scope, Tick::Train(generation));
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

/// Where the worker script is served (trunk's loader shim for the `train_worker` bin).
const WORKER_URL: &str = "./train_worker_loader.js";

/// Spawns a worker instance from the page, its replies going to `callback`.
pub fn spawn(callback: impl Fn(Reply) + 'static) -> gloo_worker::WorkerBridge<TrainWorker> {
    use gloo_worker::Spawnable;
    TrainWorker::spawner()
        .callback(callback)
        .with_loader(true)
        .as_module(false)
        .spawn(WORKER_URL)
}

/// Milliseconds since the page loaded (on the page's side).
pub fn page_now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Milliseconds on a monotonic-enough clock.
fn now_ms() -> f64 {
    js_sys::Date::now()
}
