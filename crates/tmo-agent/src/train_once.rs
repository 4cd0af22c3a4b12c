//! Learners trained once per (name, seed) and rebuilt for every simulator that asks: the
//! factory of a budget sweep, where generalising to budgets never trained on is the point.

use crate::factory::{LearnerFactory, train};
use crate::policy::GreedyPolicy;
use crate::trained::TrainedPolicy;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tmo_core::policy::{BaselineFactory, PolicyError, PolicyFactory, Shielding};
use tmo_core::{Policy, Simulator};

/// One training's outcome, shared by every request for its key.
type Slot = Arc<OnceLock<Result<GreedyPolicy, PolicyError>>>;

/// As [`LearnerFactory`], but a learner is trained on the first request for its (name, seed)
/// (on that request's simulator) and every later request gets the same trained network as a
/// new [`TrainedPolicy`]. Requests from several threads for one key wait for the one
/// training. Other names go to the rule baselines.
///
/// Meant for points that differ only in evaluation budgets: training draws its budgets from
/// the scenario's budget distribution over the budget range, which the evaluation budgets do
/// not move (except `around_evaluation`, whose training would follow the first point's).
#[derive(Debug, Default)]
pub struct TrainOnce {
    /// How a learner is configured and trained.
    pub learners: LearnerFactory,
    slots: Mutex<HashMap<(String, u64), Slot>>,
    trainings: AtomicU64,
}

impl TrainOnce {
    /// Trains with `learners`' configurations.
    pub fn new(learners: LearnerFactory) -> TrainOnce {
        TrainOnce {
            learners,
            ..TrainOnce::default()
        }
    }

    /// How many trainings ran so far.
    pub fn trainings(&self) -> u64 {
        self.trainings.load(Ordering::Relaxed)
    }

    fn slot(&self, name: &str, seed: u64) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.entry((name.to_owned(), seed)).or_default().clone()
    }
}

/// The factory of a sweep, as `tmo sweep` and the page build it: the rules, the optimum and
/// `learners`, any name also as `NAME+shield`; learners trained once per seed when
/// `train_once` (see [`tmo_core::experiment::sweep::trains_once`]), else per point and seed.
pub fn sweep_factory(
    learners: LearnerFactory,
    train_once: bool,
) -> Arc<dyn PolicyFactory + Send + Sync> {
    if train_once {
        Arc::new(Shielding(TrainOnce::new(learners)))
    } else {
        Arc::new(Shielding(learners))
    }
}

impl PolicyFactory for TrainOnce {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        let Some(config) = self.learners.config_for(name, seed) else {
            return BaselineFactory.build(name, seed, sim);
        };
        let slot = self.slot(name, seed);
        let greedy = slot.get_or_init(|| {
            self.trainings.fetch_add(1, Ordering::Relaxed);
            train(name, &config, sim)
        });
        let greedy = greedy.clone()?;
        Ok(Box::new(TrainedPolicy::new(greedy, &config, seed)))
    }
}
