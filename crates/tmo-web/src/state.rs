//! The app state every view shares: dataset, scenario, current view, trained policies and the
//! simulator built from them. `App` provides one [`Lab`]; views read it with [`use_lab`].

use crate::comparison::MAX_SEEDS;
use crate::shell::View;
use crate::sweep_settings::SweepSettings;
use crate::worker::protocol::DatasetSource;
use leptos::prelude::*;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::sweep::export::DatasetInfo;
use tmo_core::policy::{Policy, PolicyError, PolicyFactory};
use tmo_core::{Scenario, ScenarioError, Simulator, Split};

/// Display name of the bundled dataset (also its manifest entry's name).
pub const KITCHEN_NAME: &str = "Kitchen";

/// The seed of the split behind the shared simulator (Replay and the seed-0 evaluations).
pub const SPLIT_SEED: u64 = 0;

/// How many seeds Compare evaluates: 1 to [`MAX_SEEDS`] (part of the permalink).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedCount(u64);

impl SeedCount {
    /// Seeds evaluated when the page opens (as `tmo table`).
    pub const DEFAULT: SeedCount = SeedCount(3);

    /// The count `n`, if it is 1 to [`MAX_SEEDS`].
    pub fn new(n: u64) -> Option<SeedCount> {
        (1..=MAX_SEEDS).contains(&n).then_some(SeedCount(n))
    }

    /// The number of seeds.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl FromStr for SeedCount {
    type Err = String;

    fn from_str(text: &str) -> Result<SeedCount, String> {
        text.trim()
            .parse()
            .ok()
            .and_then(SeedCount::new)
            .ok_or_else(|| format!("Enter a whole number from 1 to {MAX_SEEDS}."))
    }
}

/// A validated dataset with the name it is shown under.
#[derive(Clone, Debug)]
pub struct LabDataset {
    /// Where it came from: a manifest entry's name or an uploaded file's name.
    pub name: String,
    /// The episodes.
    pub data: Arc<Dataset>,
    /// Where the workers read it, shared by every clone.
    source: Arc<Source>,
}

/// Where the workers read a dataset.
#[derive(Debug)]
enum Source {
    /// Its JSON, as read.
    Text(Arc<str>),
    /// The URL it was read from, which the workers read themselves, and the FNV-1a 64 of its
    /// bytes.
    Url(Arc<DatasetUrl>, u64),
}

/// The URL of a dataset the page does not hold the text of; an uploaded file's blob URL is
/// released when the last holder drops it.
#[derive(Debug)]
pub struct DatasetUrl(pub String);

impl Drop for DatasetUrl {
    fn drop(&mut self) {
        if self.0.starts_with("blob:") {
            // Releasing an unknown URL does nothing.
            let _ = web_sys::Url::revoke_object_url(&self.0);
        }
    }
}

impl LabDataset {
    /// `data` shown as `name`, read from the JSON `text`.
    pub fn new(name: String, data: Dataset, text: &str) -> LabDataset {
        LabDataset {
            name,
            data: Arc::new(data),
            source: Arc::new(Source::Text(Arc::from(text))),
        }
    }

    /// `data` shown as `name`, read from `url` (whose bytes hash to `fnv1a_64`) by a worker.
    pub fn read(name: String, data: Dataset, url: Arc<DatasetUrl>, fnv1a_64: u64) -> LabDataset {
        LabDataset {
            name,
            data: Arc::new(data),
            source: Arc::new(Source::Url(url, fnv1a_64)),
        }
    }

    /// Where a worker reads it: the URL it was read from, else its JSON.
    pub fn source(&self) -> DatasetSource {
        match &*self.source {
            Source::Text(text) => DatasetSource::Json(text.to_string()),
            Source::Url(url, _) => DatasetSource::Url(url.0.clone()),
        }
    }

    /// Its name, hash and size, as a sweep's export records them.
    pub fn info(&self) -> DatasetInfo {
        match &*self.source {
            Source::Text(text) => DatasetInfo::of(self.name.clone(), text.as_bytes(), &self.data),
            Source::Url(_, fnv1a_64) => {
                DatasetInfo::hashed(self.name.clone(), *fnv1a_64, &self.data)
            }
        }
    }
}

/// A trained policy that Replay and Compare offer next to the baselines.
#[derive(Clone)]
pub struct LearnedPolicy {
    /// Unique display name (e.g. `RC-A2C (shipped)`).
    pub name: String,
    /// The seed of the split whose training episodes it learned from: Compare evaluates it
    /// on that split's test episodes only, never on episodes it trained on.
    pub split_seed: u64,
    /// Builds a fresh instance of the policy for a simulator; may refuse one whose scenario
    /// does not fit the policy (a [`PolicyError`] naming why).
    pub factory: Arc<dyn PolicyFactory>,
    /// The policy file it was read from (sent once to the worker that evaluates Compare);
    /// `None` for a stand-in that has no file.
    pub file_json: Option<Arc<str>>,
}

impl LearnedPolicy {
    /// A fresh instance for `sim` (learned policies act greedily: the seed does not matter).
    pub fn build(&self, sim: &Arc<Simulator>) -> Result<Box<dyn Policy>, PolicyError> {
        self.factory.build(&self.name, SPLIT_SEED, sim)
    }
}

impl fmt::Debug for LearnedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LearnedPolicy")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Where Replay stands: an episode (by dataset id) and a turn within it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplayCursor {
    /// The episode id; `None` picks the first test episode.
    pub episode: Option<u64>,
    /// Turn index (clamped to the episode's length when shown).
    pub turn: usize,
}

/// The simulator for the current dataset and scenario, or why there is none.
pub type SimulatorResult = Result<Arc<Simulator>, ScenarioError>;

/// A dataset with the simulator it will have under the scenario it will be shown with, built
/// ahead of the switch ([`Lab::prepare`]) so the work is a task of its own; [`Lab::adopt`]
/// makes it active. Dropped instead (a stopped read), it holds nothing back.
pub struct Prepared {
    dataset: LabDataset,
    simulator: Prebuilt,
}

impl Prepared {
    /// The dataset it prepares.
    pub fn dataset(&self) -> &LabDataset {
        &self.dataset
    }
}

/// A simulator built for `data` under `scenario`, taken by [`Lab::simulator`] when they are
/// still the active ones.
struct Prebuilt {
    data: Arc<Dataset>,
    scenario: Scenario,
    simulator: SimulatorResult,
}

impl Prebuilt {
    /// Whether it was built for `data` under `scenario`.
    fn fits(&self, data: &Arc<Dataset>, scenario: &Scenario) -> bool {
        Arc::ptr_eq(&self.data, data) && self.scenario == *scenario
    }
}

/// Shared state of the page: copyable handles to signals, provided once by `App`.
#[derive(Clone, Copy)]
pub struct Lab {
    /// The active dataset.
    pub dataset: RwSignal<LabDataset>,
    /// The active scenario.
    pub scenario: RwSignal<Scenario>,
    /// The view on screen.
    pub view: RwSignal<View>,
    /// Trained policies (shipped, trained in the browser, uploaded).
    pub learned: RwSignal<Vec<LearnedPolicy>, LocalStorage>,
    /// The seed-0 simulator of the current dataset and scenario.
    pub simulator: Memo<SimulatorResult>,
    /// Replay's episode and turn (part of the permalink).
    pub replay: RwSignal<ReplayCursor>,
    /// Compare's number of seeds (part of the permalink).
    pub seeds: RwSignal<SeedCount>,
    /// Whether Compare and Replay show each policy shielded (`NAME+shield`) too: kept within
    /// the budgets whenever answering locally fits them (part of the permalink).
    pub shield: RwSignal<bool>,
    /// A recoverable error shown in the banner until dismissed.
    pub error: RwSignal<Option<String>>,
    /// The Experiments view's settings (part of the permalink).
    pub experiment: RwSignal<SweepSettings>,
    /// The simulator of the dataset [`adopt`](Self::adopt) just made active, until the
    /// `simulator` memo takes it.
    prebuilt: StoredValue<Option<Prebuilt>>,
}

impl Lab {
    /// State for `kitchen` (the bundled dataset) with the paper's default scenario.
    pub fn new(kitchen: LabDataset) -> Lab {
        let scenario = Scenario::default_for(kitchen.data.num_views());
        let dataset = RwSignal::new(kitchen);
        let scenario = RwSignal::new(scenario);
        let prebuilt = StoredValue::new(None::<Prebuilt>);
        let simulator = Memo::new_with_compare(
            move |_| {
                let (data, scenario) = (dataset.with(|d| d.data.clone()), scenario.get());
                let ready = prebuilt.try_update_value(|p| p.take_if(|p| p.fits(&data, &scenario)));
                match ready.flatten() {
                    Some(p) => p.simulator,
                    None => build_simulator(&data, &scenario),
                }
            },
            |old, new| match (old, new) {
                (Some(Ok(a)), Some(Ok(b))) => !Arc::ptr_eq(a, b),
                (Some(Err(a)), Some(Err(b))) => a != b,
                _ => true,
            },
        );
        Lab {
            dataset,
            scenario,
            view: RwSignal::new(View::Replay),
            learned: RwSignal::new_local(Vec::new()),
            simulator,
            replay: RwSignal::new(ReplayCursor::default()),
            seeds: RwSignal::new(SeedCount::DEFAULT),
            shield: RwSignal::new(false),
            error: RwSignal::new(None),
            experiment: RwSignal::new(SweepSettings::default()),
            prebuilt,
        }
    }

    /// Builds the simulator `dataset` will have once [`adopt`](Self::adopt)ed under the current
    /// scenario (a large dataset's simulator is a long task of its own).
    pub fn prepare(&self, dataset: LabDataset) -> Prepared {
        let mut scenario = self.scenario.get_untracked();
        fit_network(&mut scenario, dataset.data.num_views());
        let simulator = build_simulator(&dataset.data, &scenario);
        Prepared {
            simulator: Prebuilt {
                data: dataset.data.clone(),
                scenario,
                simulator,
            },
            dataset,
        }
    }

    /// Makes a [`Prepared`] dataset active, with its simulator (rebuilt only if the scenario
    /// changed meanwhile).
    pub fn adopt(&self, prepared: Prepared) {
        self.prebuilt.set_value(Some(prepared.simulator));
        self.set_dataset(prepared.dataset);
    }

    /// Makes `dataset` active. When its number of views differs from the current one, the
    /// network becomes that dataset's default (cost tables have one entry per view count).
    pub fn set_dataset(&self, dataset: LabDataset) {
        let views = dataset.data.num_views();
        self.scenario.update(|s| fit_network(s, views));
        self.replay.set(ReplayCursor::default());
        self.dataset.set(dataset);
    }

    /// Shows `message` in the error banner.
    pub fn report(&self, message: impl Into<String>) {
        self.error.set(Some(message.into()));
    }
}

/// Gives `scenario` the default network of a dataset of `views` views when its own does not fit
/// (cost tables have one entry per view count).
fn fit_network(scenario: &mut Scenario, views: usize) {
    if scenario.network.latency_s.len() != views + 1 {
        scenario.network = tmo_core::scenario::Network::default_for(views);
    }
}

/// The seed-0 simulator of `dataset` under `scenario`.
pub fn build_simulator(dataset: &Dataset, scenario: &Scenario) -> SimulatorResult {
    let split = Split::seeded(dataset.episodes().len(), SPLIT_SEED)?;
    Simulator::new(dataset, scenario, &split).map(Arc::new)
}

/// The [`Lab`] provided by `App`.
///
/// # Panics
/// When called outside `App` (a programming error, not a user one).
pub fn use_lab() -> Lab {
    expect_context::<Lab>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::fixtures;

    #[test]
    fn the_bundled_dataset_simulates_under_the_paper_defaults() {
        let kitchen = fixtures::kitchen();
        let scenario = Scenario::default_for(kitchen.data.num_views());
        let sim = build_simulator(&kitchen.data, &scenario).expect("kitchen simulates");
        assert_eq!(sim.num_views(), 3);
        assert_eq!(sim.split().test().len(), kitchen.data.episodes().len() / 5);
    }

    #[test]
    fn a_prepared_simulator_is_the_one_the_dataset_gets_and_only_its_own() {
        Owner::new().with(|| {
            let lab = Lab::new(fixtures::kitchen());
            let prepared = lab.prepare(fixtures::kitchen());
            let built = prepared
                .simulator
                .simulator
                .clone()
                .expect("kitchen simulates");
            lab.adopt(prepared);
            let active = lab.simulator.get_untracked().expect("kitchen simulates");
            assert!(
                Arc::ptr_eq(&active, &built),
                "the prepared simulator is used"
            );
            assert!(lab.prebuilt.with_value(Option::is_none), "and taken");
            // One prepared under another scenario is not used.
            let prepared = lab.prepare(fixtures::kitchen());
            lab.scenario.update(|s| s.k += 1);
            lab.adopt(prepared);
            let rebuilt = lab.simulator.get_untracked().expect("kitchen simulates");
            assert!(!Arc::ptr_eq(&rebuilt, &active));
            assert_eq!(rebuilt.scenario(), &lab.scenario.get_untracked());
        });
    }

    #[test]
    fn a_scenario_that_does_not_fit_the_dataset_is_an_error() {
        let kitchen = fixtures::kitchen();
        let mut scenario = Scenario::default_for(3);
        scenario.k = 0;
        assert!(matches!(
            build_simulator(&kitchen.data, &scenario),
            Err(ScenarioError::Invalid { field, .. }) if field == "k"
        ));
    }
}
