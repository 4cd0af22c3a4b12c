//! Evaluating a list of policies over seeds `0 .. N`: the one loop behind `tmo table`, the
//! page's Compare and each point of a sweep.
//!
//! A [`TableJob`] owns the dataset, the scenario and a [`PolicyFactory`](crate::PolicyFactory);
//! for each seed it builds the seed's split and simulator, evaluates each [`Entry`], then plays
//! the clairvoyant optimum over the test episodes (once per seed: it is the yardstick of every
//! row's % of optimum and the `optimal` row itself; last, as by far the slowest part, so the
//! other rows can be shown first). It advances in slices
//! ([`TableJob::step`], [`TableJob::advance`]) reporting [`Progress`], so a web worker can run
//! it between messages and stop it; [`TableJob::run`] drives it to the end. The result is a
//! [`Table`] of rows (mean ± sd over seeds and % of optimum) and the optimum's caveats.
//!
//! ```
//! use std::sync::Arc;
//! use tmo_core::experiment::{Entry, TableJob};
//! use tmo_core::generator::{GeneratorConfig, generate};
//! use tmo_core::policy::{BaselineFactory, Shielding};
//! use tmo_core::{Scenario, Shuffle};
//!
//! let dataset = Arc::new(generate(&GeneratorConfig::kitchen()).unwrap());
//! let mut scenario = Scenario::default_for(dataset.num_views());
//! scenario.budgets.latency_s = 3.0; // tight budgets keep the optimum's search small
//! let entries = ["local", "optimal", "cloud+shield"].map(Entry::every_seed).to_vec();
//! let mut job = TableJob::new(dataset, scenario, Shuffle::Chacha8, 2, entries, Shielding(BaselineFactory))
//!     .unwrap();
//! let first = job.step().unwrap();
//! assert_eq!(first.done, 1);
//! let table = job.run().unwrap();
//! assert_eq!(table.rows[1].pct_of_optimum.unwrap().mean, 100.0);
//! ```

pub mod export;
mod job;
pub mod sweep;
mod table;
mod units;

pub use job::{Entry, Progress, TableJob};
pub use table::{Row, SkipReason, Skipped, Table};
