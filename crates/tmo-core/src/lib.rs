//! TMO Lab's simulator core: everything the paper's offloading environment computes.
//!
//! Plain Rust with no web or learning dependency, so the same numbers come out natively,
//! in the `tmo` command and in the browser (wasm32).
//!
//! Build a [`Simulator`] once from a [`dataset::Dataset`], a [`Scenario`] and a [`Split`];
//! share it by `Arc` across [`TrainEnv`]s; roll [`Policy`]s over the test split with
//! [`evaluate()`]. [`planner`] finds each episode's optimum within the budgets (played by
//! [`policy::Optimal`]); [`policy::Shielded`] keeps any policy within them.
//!
//! ```
//! use rand::SeedableRng;
//! use std::sync::Arc;
//! use tmo_core::generator::{GeneratorConfig, generate};
//! use tmo_core::{ExcessScale, PolicySpec, Scenario, Simulator, Split, TrainEnv, evaluate};
//!
//! let dataset = generate(&GeneratorConfig::kitchen()).unwrap();
//! let scenario = Scenario::default_for(dataset.num_views());
//! let split = Split::seeded(dataset.episodes().len(), 0).unwrap();
//! let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).unwrap());
//!
//! // Training: closed-loop history, budgets drawn per episode, RC observation on.
//! let mut env = TrainEnv::new(sim.clone(), true);
//! let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
//! assert_eq!(env.reset(&mut rng).len(), sim.obs_len(true)); // 5 · (3 + 2) + 2
//! let mut excess = vec![0.0; env.num_actions()];
//! env.excess_per_action(ExcessScale::default(), &mut excess); // RC-A2C's penalty input
//! let step = env.step(sim.actions().action(8).unwrap());
//! assert!(step.reward.is_finite());
//!
//! // Evaluation over the test split with the fixed budgets.
//! let mut greedy = PolicySpec::Greedy.build(&sim, 0).unwrap();
//! let metrics = evaluate(&sim, greedy.as_mut());
//! assert!(metrics.reward > evaluate(&sim, &mut tmo_core::policy::Local).reward);
//! ```

pub mod ablation;
pub mod actions;
pub mod budget;
pub mod costs;
pub mod dataset;
pub mod env;
pub mod estimator;
pub mod evaluate;
pub mod experiment;
pub mod generator;
pub mod metrics;
pub mod planner;
pub mod policy;
pub mod preprocess;
pub mod scenario;
pub mod simulator;
pub mod split;
pub mod stats;

pub use actions::{Action, ActionSpace};
pub use budget::{BudgetDistribution, Budgets, ExcessScale};
pub use env::{EpisodeState, Step, TrainEnv};
pub use evaluate::{evaluate, evaluate_with_traces, trace_episode};
pub use metrics::{Caveats, Metrics};
pub use policy::{Decision, Policy, PolicyFactory, PolicySpec};
pub use scenario::{Scenario, ScenarioError};
pub use simulator::Simulator;
pub use split::{Shuffle, Split};
