//! The Experiments view's settings: the axis, its values as typed, the training budget
//! distribution (budget axes), the policies and the seeds; the presets that rebuild the
//! paper's figures; their check into a runnable [`Sweep`] (a bad value named by its field);
//! and their part of the permalink. What a sweep means is tmo-core's
//! ([`tmo_core::experiment::sweep`]); this module only reads the form.

use crate::comparison::MAX_SEEDS;
use std::sync::Arc;
use tmo_agent::learner::{ABLATIONS, LEARNERS};
use tmo_core::BudgetDistribution;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::sweep::{Axis, Shape, Values, points, trains_once};
use tmo_core::policy::PolicySpec;
use tmo_core::scenario::Scenario;

/// The form as the user left it (text fields as typed, so a bad value stays on screen).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSettings {
    /// What the sweep varies.
    pub axis: Axis,
    /// Comma-separated values; for the budget grid, the latency budgets (s).
    pub values: String,
    /// The budget grid's usage budgets (USD); unused by the other axes.
    pub usage: String,
    /// How learners draw their training budgets on the budget axes.
    pub distribution: BudgetDistribution,
    /// The policies, by name, in [`policy_choices`] order.
    pub policies: Vec<String>,
    /// The number of seeds, as typed.
    pub seeds: String,
}

/// A field of the form, named as the user reads it; also its element id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The axis's values (or the grid's latency budgets).
    Values,
    /// The grid's usage budgets.
    Usage,
    /// The training budget distribution.
    Distribution,
    /// The policies.
    Policies,
    /// The number of seeds.
    Seeds,
}

impl Field {
    /// The id of the field's input (and of its message, with `-error`).
    pub fn id(self) -> &'static str {
        match self {
            Field::Values => "sweep-values",
            Field::Usage => "sweep-usage",
            Field::Distribution => "sweep-distribution",
            Field::Policies => "sweep-policies",
            Field::Seeds => "sweep-seeds",
        }
    }
}

/// A value the sweep cannot run with: which field and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// What is wrong, in words that name the field.
    pub message: String,
}

/// A checked sweep, ready for the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The axis.
    pub axis: Axis,
    /// Its values.
    pub values: Values,
    /// The base scenario (the lab's, with the training budget distribution on budget axes).
    pub scenario: Scenario,
    /// The policies.
    pub policies: Vec<String>,
    /// Seeds `0 .. seeds`.
    pub seeds: u64,
}

/// The policies offered, in order: the rules, the optimum, the learners and the ablations.
pub fn policy_choices() -> Vec<String> {
    PolicySpec::RULES
        .iter()
        .map(ToString::to_string)
        .chain(std::iter::once("optimal".to_owned()))
        .chain(LEARNERS.iter().chain(&ABLATIONS).map(|l| l.name()))
        .collect()
}

/// Whether `policy` is trained (a learner of the registry), so the charts highlight it.
pub fn is_learner(policy: &str) -> bool {
    policy.parse::<tmo_agent::Learner>().is_ok()
}

/// The axes offered, with what each is called in the form.
pub const AXES: [(Axis, &str); 7] = [
    (Axis::Device, "Local device"),
    (Axis::Network, "Network"),
    (Axis::ModelSize, "Model size (cost only)"),
    (Axis::LatencyBudget, "Latency budget (s)"),
    (Axis::UsageBudget, "Usage budget (USD)"),
    (Axis::Budgets, "Budget grid"),
    (Axis::Shape, "Problem shape"),
];

/// The training budget distributions a budget sweep offers (one training serves every
/// point, so not `around_evaluation`).
pub const DISTRIBUTIONS: [BudgetDistribution; 3] = [
    BudgetDistribution::Uniform,
    BudgetDistribution::Normal,
    BudgetDistribution::ExtremeAware,
];

/// The policies of the presets: the baselines, the optimum and TMO's learner.
const PRESET_POLICIES: [&str; 5] = ["local", "cloud", "random", "optimal", "rc-a2c"];

/// The one-click presets that rebuild the paper's figures.
pub const PRESETS: [(&str, Axis); 3] = [
    ("Different local devices", Axis::Device),
    ("Different networks", Axis::Network),
    ("Resource-aware generalisation", Axis::Budgets),
];

impl Default for SweepSettings {
    /// The network axis with the baselines and the optimum over 3 seeds: quick to run.
    fn default() -> SweepSettings {
        SweepSettings::for_axis(
            Axis::Network,
            ["local", "cloud", "random", "optimal"]
                .map(str::to_owned)
                .to_vec(),
            "3".to_owned(),
        )
    }
}

impl SweepSettings {
    /// `axis` with tmo-core's default values, `policies` and `seeds`.
    pub fn for_axis(axis: Axis, policies: Vec<String>, seeds: String) -> SweepSettings {
        let (values, usage) = Values::default_for(axis).to_text();
        SweepSettings {
            axis,
            values,
            usage,
            distribution: BudgetDistribution::Normal,
            policies,
            seeds,
        }
    }

    /// These settings on `axis`, its values reset to the defaults.
    pub fn with_axis(&self, axis: Axis) -> SweepSettings {
        SweepSettings {
            distribution: self.distribution,
            ..SweepSettings::for_axis(axis, self.policies.clone(), self.seeds.clone())
        }
    }

    /// The preset called `name`, if any.
    pub fn preset(name: &str) -> Option<SweepSettings> {
        let (_, axis) = PRESETS.iter().find(|(n, _)| *n == name)?;
        let mut settings = SweepSettings::for_axis(
            *axis,
            PRESET_POLICIES.map(str::to_owned).to_vec(),
            "3".to_owned(),
        );
        if *axis == Axis::Budgets {
            settings.distribution = BudgetDistribution::ExtremeAware;
        }
        Some(settings)
    }

    /// Whether the axis trains once per seed over budgets it does not evaluate on, so the
    /// training budget distribution matters and is shown.
    pub fn has_distribution(&self) -> bool {
        self.axis.varies_budgets_only()
    }

    /// The sweep these settings describe on `dataset` from the lab's `scenario`, or the first
    /// field that is wrong.
    pub fn check(&self, dataset: &Arc<Dataset>, scenario: &Scenario) -> Result<Sweep, FieldError> {
        let bad = |field, message: String| FieldError { field, message };
        let seeds = self
            .seeds
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_SEEDS).contains(n))
            .ok_or_else(|| {
                bad(
                    Field::Seeds,
                    format!("Seeds: enter a whole number from 1 to {MAX_SEEDS}."),
                )
            })?;
        let choices = policy_choices();
        if self.policies.is_empty() {
            return Err(bad(
                Field::Policies,
                "Policies: choose at least one.".into(),
            ));
        }
        if let Some(p) = self.policies.iter().find(|p| !choices.contains(p)) {
            return Err(bad(
                Field::Policies,
                format!("Policies: `{p}` is not one this page offers."),
            ));
        }
        let values = Values::from_text(self.axis, &self.values, &self.usage).map_err(|e| {
            // The grid's lists name themselves; a list is "Values".
            match self.axis {
                Axis::Budgets if e.starts_with("Usage") => bad(Field::Usage, e),
                Axis::Budgets => bad(Field::Values, e),
                _ => bad(Field::Values, format!("Values: {e}")),
            }
        })?;
        let mut scenario = scenario.clone();
        if self.has_distribution() {
            scenario.budget_distribution = self.distribution;
        }
        trains_once(self.axis, &scenario)
            .map_err(|e| bad(Field::Distribution, format!("Training budgets: {e}")))?;
        let checked = match (&values, self.axis) {
            // Generating the shapes' datasets is the worker's job; the names are checked here.
            (Values::List(list), Axis::Shape) => {
                list.iter().try_for_each(|s| Shape::named(s).map(drop))
            }
            _ => points(self.axis, &values, dataset, &scenario).map(drop),
        };
        checked.map_err(|e| bad(Field::Values, format!("Values: {e}")))?;
        Ok(Sweep {
            axis: self.axis,
            values,
            scenario,
            policies: self.policies.clone(),
            seeds,
        })
    }

    /// The permalink's parameters of these settings (those that differ from the defaults).
    pub fn encode(&self) -> Vec<(&'static str, String)> {
        let default = SweepSettings::default();
        let axis_default = default.with_axis(self.axis);
        let mut out = Vec::new();
        if self.axis != default.axis {
            out.push(("ax", self.axis.name().to_owned()));
        }
        if self.values != axis_default.values {
            out.push(("xv", self.values.clone()));
        }
        if self.usage != axis_default.usage {
            out.push(("xu", self.usage.clone()));
        }
        if self.distribution != default.distribution {
            out.push(("xd", self.distribution.name().to_owned()));
        }
        if self.policies != default.policies {
            out.push(("xp", self.policies.join(",")));
        }
        if self.seeds != default.seeds {
            out.push(("xn", self.seeds.clone()));
        }
        out
    }

    /// The permalink's parameter names.
    pub const KEYS: [&'static str; 6] = ["ax", "xv", "xu", "xd", "xp", "xn"];

    /// The settings described by `get` (a parameter's value by name), with a message for
    /// each parameter that cannot be used (it keeps its default). Values and seeds are kept
    /// as written: a bad one is named when the sweep is checked.
    pub fn decode<'a>(get: impl Fn(&str) -> Option<&'a str>) -> (SweepSettings, Vec<String>) {
        let mut problems = Vec::new();
        let default = SweepSettings::default();
        let axis = match get("ax").map(|t| (t, t.parse::<Axis>())) {
            None => default.axis,
            Some((_, Ok(axis))) => axis,
            Some((text, Err(why))) => {
                problems.push(format!("link parameter ax={text}: {why}"));
                default.axis
            }
        };
        let mut s = default.with_axis(axis);
        if let Some(v) = get("xv") {
            s.values = v.to_owned();
        }
        if let Some(v) = get("xu") {
            s.usage = v.to_owned();
        }
        if let Some(text) = get("xd") {
            match text.parse::<BudgetDistribution>() {
                Ok(d) if DISTRIBUTIONS.contains(&d) => s.distribution = d,
                _ => problems.push(format!(
                    "link parameter xd={text}: expected uniform, normal or extreme_aware"
                )),
            }
        }
        if let Some(text) = get("xp") {
            let choices = policy_choices();
            let (known, unknown): (Vec<String>, Vec<String>) = text
                .split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .partition(|p| choices.contains(p));
            if !unknown.is_empty() {
                problems.push(format!(
                    "link parameter xp: unknown policies {}",
                    unknown.join(", ")
                ));
            }
            s.policies = known;
        }
        if let Some(v) = get("xn") {
            s.seeds = v.to_owned();
        }
        (s, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &SweepSettings) -> (SweepSettings, Vec<String>) {
        let params = s.encode();
        SweepSettings::decode(|k| {
            params
                .iter()
                .find(|(p, _)| *p == k)
                .map(|(_, v)| v.as_str())
        })
    }

    #[test]
    fn settings_survive_the_link_and_the_default_is_empty() {
        assert!(SweepSettings::default().encode().is_empty());
        for (name, _) in PRESETS {
            let preset = SweepSettings::preset(name).expect("a preset");
            assert_eq!(round_trip(&preset), (preset, vec![]));
        }
        let mut odd = SweepSettings::default().with_axis(Axis::ModelSize);
        odd.values = "1e9, x".into();
        odd.seeds = "0".into();
        assert_eq!(round_trip(&odd).0, odd, "bad values are kept as written");
        let (s, problems) = SweepSettings::decode(|k| match k {
            "ax" => Some("sideways"),
            "xp" => Some("local,nonsense"),
            _ => None,
        });
        assert_eq!(s.axis, Axis::Network);
        assert_eq!(s.policies, vec!["local".to_owned()]);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn every_preset_checks_and_bad_values_name_their_field() {
        let kitchen = crate::bundle::fixtures::kitchen();
        let scenario = Scenario::default_for(3);
        for (name, axis) in PRESETS {
            let sweep = SweepSettings::preset(name)
                .expect("a preset")
                .check(&kitchen.data, &scenario)
                .expect("checks");
            assert_eq!(sweep.axis, axis);
        }
        let mut s = SweepSettings {
            values: "WiFi, Carrier pigeon".into(),
            ..SweepSettings::default()
        };
        let e = s.check(&kitchen.data, &scenario).unwrap_err();
        assert_eq!(e.field, Field::Values);
        assert!(e.message.contains("Carrier pigeon"), "{}", e.message);
        s = SweepSettings::default();
        s.seeds = "zero".into();
        assert_eq!(
            s.check(&kitchen.data, &scenario).unwrap_err().field,
            Field::Seeds
        );
        s = SweepSettings::default().with_axis(Axis::Budgets);
        s.usage = "0.01, lots".into();
        let e = s.check(&kitchen.data, &scenario).unwrap_err();
        assert_eq!(e.field, Field::Usage);
        assert!(e.message.starts_with("Usage budgets"), "{}", e.message);
        s = SweepSettings::default();
        s.policies.clear();
        assert_eq!(
            s.check(&kitchen.data, &scenario).unwrap_err().field,
            Field::Policies
        );
    }
}
