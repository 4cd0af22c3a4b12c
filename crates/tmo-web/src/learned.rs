//! Trained policies from policy files (shipped, trained in the worker, uploaded) as
//! [`LearnedPolicy`] entries of the [`Lab`].

use crate::state::{KITCHEN_NAME, Lab, LabDataset, LearnedPolicy};
use leptos::prelude::*;
use std::sync::Arc;
use tmo_agent::{Fingerprint, PolicyFile};
use tmo_core::policy::{Policy, PolicyError, PolicyFactory};
use tmo_core::{Scenario, Simulator};

/// Display name of the policy shipped in `dataset/`.
pub const SHIPPED_NAME: &str = "TMO (RC-PPO)";

/// The best RC learner's policy on the kitchen dataset, trained by `tmo train` (see
/// `dataset/README.md`).
const SHIPPED_JSON: &str = include_str!("../../../dataset/rc-ppo-kitchen.policy.json");

/// Builds a policy file's greedy policy for any simulator whose scenario it fits; the task
/// vocabulary is the active dataset's.
struct PolicyFileFactory {
    file: PolicyFile,
    dataset: RwSignal<LabDataset>,
}

impl PolicyFactory for PolicyFileFactory {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        self.dataset
            .with_untracked(|d| build_from_file(&self.file, name, seed, sim, d.data.tasks()))
    }
}

/// `file`'s greedy policy (called `name`) for `sim`, whose dataset has the task vocabulary
/// `tasks`, at `seed` (what an ablation leaves to chance); refused, naming why, when the file
/// does not fit the scenario.
pub fn build_from_file(
    file: &PolicyFile,
    name: &str,
    seed: u64,
    sim: &Simulator,
    tasks: &[String],
) -> Result<Box<dyn Policy>, PolicyError> {
    file.policy_for(&Fingerprint::of(sim, tasks, &file.config), seed)
        .map(|p| Box::new(p) as Box<dyn Policy>)
        .map_err(|e| PolicyError::Build {
            name: name.to_owned(),
            message: e.to_string(),
        })
}

/// Reads a policy file and checks it fits the active dataset and scenario; the error is the
/// agent's (format, version, weights or the first fingerprint field that differs).
pub fn from_json(lab: Lab, name: &str, json: &str) -> Result<LearnedPolicy, String> {
    let learned = parse(lab, name, json)?;
    let sim = lab.simulator.get_untracked().map_err(|e| e.to_string())?;
    learned.build(&sim).map_err(|e| match e {
        PolicyError::Build { message, .. } => message,
        other => other.to_string(),
    })?;
    Ok(learned)
}

/// Reads a policy file without checking it fits the active scenario (each evaluation does).
fn parse(lab: Lab, name: &str, json: &str) -> Result<LearnedPolicy, String> {
    let file = PolicyFile::from_json(json).map_err(|e| e.to_string())?;
    // The page evaluates on the ChaCha splits of its seeds; a policy that learned from any
    // other split would meet its own training episodes there.
    let split_seed = file.trained_on.chacha_seed().ok_or_else(|| {
        format!(
            "this {} policy learned from {}; the page evaluates on the chacha8 splits of its seeds only, whose test episodes may be ones it trained on",
            file.learner.label(),
            file.trained_on.describe()
        )
    })?;
    Ok(LearnedPolicy {
        name: name.to_owned(),
        split_seed,
        factory: Arc::new(PolicyFileFactory {
            file,
            dataset: lab.dataset,
        }),
        file_json: Some(Arc::from(json)),
    })
}

/// Adds the policy file `json` as `name` without checking it fits the active scenario (each
/// evaluation checks it), as kept by an earlier visit.
pub fn restore(lab: Lab, name: &str, json: &str) -> Result<(), String> {
    add(lab, parse(lab, name, json)?);
    Ok(())
}

/// Adds `policy` to the lab, replacing one of the same name.
pub fn add(lab: Lab, policy: LearnedPolicy) {
    lab.learned.update(|all| {
        all.retain(|p| p.name != policy.name);
        all.push(policy);
    });
}

/// A name not yet taken in the lab: `base`, or `base (2)`, `base (3)`, …
pub fn unique_name(lab: Lab, base: &str) -> String {
    lab.learned.with_untracked(|all| {
        let taken = |n: &str| all.iter().any(|p| p.name == n);
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|i| format!("{base} ({i})"))
            .find(|n| !taken(n))
            .unwrap_or_else(|| base.to_owned())
    })
}

/// Adds the shipped policy (views that evaluate it report when a scenario does not fit it).
pub fn install_shipped(lab: Lab) {
    match parse(lab, SHIPPED_NAME, SHIPPED_JSON) {
        Ok(policy) => add(lab, policy),
        Err(e) => lab.report(format!("The shipped policy could not be loaded: {e}")),
    }
}

/// Whether the shipped policy was trained on `dataset` under `scenario`: the bundled dataset
/// under the paper's default scenario (its training budget distribution included).
pub fn shipped_applies(dataset: &LabDataset, scenario: &Scenario) -> bool {
    dataset.name == KITCHEN_NAME && *scenario == Scenario::default_for(dataset.data.num_views())
}

/// The shipped policy file's text (for download).
pub fn shipped_json() -> &'static str {
    SHIPPED_JSON
}
