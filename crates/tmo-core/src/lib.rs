//! TMO Lab's simulator core: everything the paper's offloading environment computes.
//!
//! Plain Rust with no web or learning dependency, so the same numbers come out natively,
//! in the `tmo` command and in the browser (wasm32).
//!
//! Build a [`Simulator`] once from a [`dataset::Dataset`], a [`Scenario`] and a [`Split`];
//! share it by `Arc` across [`TrainEnv`]s; roll [`Policy`]s over the test split with
//! [`evaluate()`].

pub mod actions;
pub mod budget;
pub mod costs;
pub mod dataset;
pub mod env;
pub mod estimator;
pub mod evaluate;
pub mod generator;
pub mod metrics;
pub mod policy;
pub mod preprocess;
pub mod scenario;
pub mod simulator;
pub mod split;
pub mod stats;

pub use actions::{Action, ActionSpace};
pub use budget::{BudgetDistribution, Budgets};
pub use env::{EpisodeState, Step, TrainEnv};
pub use evaluate::{evaluate, evaluate_with_traces};
pub use metrics::Metrics;
pub use policy::{Decision, Policy, PolicyFactory, PolicySpec};
pub use scenario::{Scenario, ScenarioError};
pub use simulator::Simulator;
pub use split::Split;
