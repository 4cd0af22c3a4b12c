//! Learners for TMO Lab: A2C and RC-A2C on burn's ndarray backend, natively and in wasm32.
//!
//! Layout (as burn's examples separate model, training and inference): [`model`] holds the
//! networks (their `tanh`, `exp` and `ln` from [`portable_math`], the same on every platform),
//! [`rollout`] the experience buffer and its returns (GAE), [`a2c`] the loss,
//! [`trainer`] the loop (over any [`Environment`]; [`sim_env`] adapts the simulator's),
//! [`policy`] and [`trained`] the greedy policy used after training, [`policy_file`] its JSON
//! file, [`factory`] the learners by name for `tmo table`.

pub mod a2c;
pub mod backend;
pub mod clip;
pub mod config;
pub mod env;
pub mod factory;
pub mod init;
pub mod model;
pub mod policy;
pub mod policy_file;
pub mod portable_math;
pub mod rollout;
pub mod sim_env;
pub mod toy;
pub mod trained;
pub mod trainer;
pub mod vec_env;

pub use config::{Algorithm, ConfigError, ResourceConstraints, TrainerConfig};
pub use env::{Environment, EpisodeEnd, Step};
pub use factory::LearnerFactory;
pub use policy::GreedyPolicy;
pub use policy_file::{Fingerprint, PolicyFile, PolicyFileError};
pub use sim_env::SimEnv;
pub use trained::TrainedPolicy;
pub use trainer::{Progress, TrainError, Trainer};
