//! Learners for TMO Lab: the paper's PPO, A2C, DQN and their resource-constrained variants on
//! burn's ndarray backend, natively and in wasm32.
//!
//! Layout (as burn's examples separate model, training and inference):
//! - what to train: [`learner`] (the one list of learners and their presets), [`config`]
//!   (a configuration in parts), [`settings`] (each setting by key, for forms and flags);
//! - how: [`trainer`] (a run advanced in slices, over any [`Environment`]; [`sim_env`] adapts
//!   the simulator's), one module per algorithm ([`a2c`], [`ppo`], [`dqn`]), what the two
//!   actor–critics share ([`actor_critic`]) and what the RC learners share ([`constraint`]); [`model`] holds the networks (their `tanh`, `exp` and
//!   `ln` from [`portable_math`], the same on every platform), [`rollout`] the on-policy
//!   buffer and its returns (GAE);
//! - after training: [`policy`] and [`trained`] the greedy policy, [`policy_file`] its JSON
//!   file, [`factory`] the learners by name for `tmo table`, [`train_once`] the same trained once per
//!   (name, seed) for a budget sweep.

pub mod a2c;
pub mod actor_critic;
pub mod backend;
pub mod clip;
pub mod config;
pub mod constraint;
pub mod dqn;
pub mod env;
pub mod factory;
pub mod init;
pub mod learner;
pub mod model;
pub mod policy;
pub mod policy_file;
pub mod portable_math;
pub mod ppo;
pub mod rollout;
pub mod settings;
pub mod sim_env;
pub mod toy;
pub mod train_once;
pub mod trained;
pub mod trainer;
pub mod vec_env;

pub use config::{AlgorithmConfig, ConfigError, LearnerConfig};
pub use constraint::ResourceConstraints;
pub use env::{Environment, EpisodeEnd, Step};
pub use factory::{LearnerFactory, LearnerSettings};
pub use learner::{Algorithm, LEARNERS, Learner, Preset};
pub use policy::GreedyPolicy;
pub use policy_file::{Fingerprint, PolicyFile, PolicyFileError, TrainedOn};
pub use sim_env::SimEnv;
pub use train_once::{TrainOnce, sweep_factory};
pub use trained::TrainedPolicy;
pub use trainer::{Metric, Progress, TrainError, Trainer};
