//! Every setting of a [`LearnerConfig`] by key, with its label and hint: what the page's
//! Train form shows and `tmo train --set KEY=VALUE` sets. A setting applies to a
//! configuration when its field exists there (`clip_range` only in PPO's, `lambda` only with
//! resource constraints), so no algorithm's option list is written twice.

use crate::config::LearnerConfig;
use crate::learner::{LEARNERS, Learner, Preset};
use serde_json::Value;

/// Which part of the configuration a setting belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The run: timesteps, environments, seed.
    Run,
    /// The networks' shape.
    Network,
    /// The optimiser.
    Optimizer,
    /// The algorithm's own section.
    Algorithm,
    /// The resource constraints.
    ResourceConstraints,
}

impl Section {
    /// Every section, in form order.
    pub const ALL: [Section; 5] = [
        Section::Run,
        Section::Network,
        Section::Optimizer,
        Section::Algorithm,
        Section::ResourceConstraints,
    ];

    /// Its heading.
    pub fn label(self) -> &'static str {
        match self {
            Section::Run => "Run",
            Section::Network => "Networks",
            Section::Optimizer => "Optimiser",
            Section::Algorithm => "The algorithm's own",
            Section::ResourceConstraints => "Resource constraints",
        }
    }
}

/// One setting.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Its key (as [`crate::ConfigError::field`] names it).
    pub key: &'static str,
    /// Label shown to people.
    pub label: &'static str,
    /// One line on what it does.
    pub hint: &'static str,
    /// Its part of the configuration.
    pub section: Section,
    /// JSON pointers to the field, one per configuration shape it exists in.
    paths: &'static [&'static str],
}

const fn setting(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    section: Section,
    paths: &'static [&'static str],
) -> Setting {
    Setting {
        key,
        label,
        hint,
        section,
        paths,
    }
}

use Section::*;

/// Every setting, in form order.
pub const SETTINGS: [Setting; 27] = [
    setting(
        "timesteps",
        "Timesteps",
        "Environment steps over all environments.",
        Run,
        &["/timesteps"],
    ),
    setting(
        "n_envs",
        "Environments",
        "Stepped together per update (1 to 1024).",
        Run,
        &["/n_envs"],
    ),
    setting(
        "seed",
        "Seed",
        "Fixes the weights, budgets and sampling.",
        Run,
        &["/seed"],
    ),
    setting(
        "hidden_size",
        "Hidden size",
        "Units per hidden layer (1 to 1024).",
        Network,
        &["/network/hidden_size"],
    ),
    setting(
        "hidden_layers",
        "Hidden layers",
        "Number of hidden layers (1 to 8).",
        Network,
        &["/network/hidden_layers"],
    ),
    setting(
        "learning_rate",
        "Learning rate",
        "Optimiser step size.",
        Optimizer,
        &["/optimizer/learning_rate"],
    ),
    setting(
        "max_grad_norm",
        "Gradient clip",
        "Largest gradient norm of a step.",
        Optimizer,
        &["/optimizer/max_grad_norm"],
    ),
    setting(
        "rms_alpha",
        "RMSprop α",
        "Smoothing of the mean square (0 to 1).",
        Optimizer,
        &["/optimizer/method/rmsprop/alpha"],
    ),
    setting(
        "optimizer_eps",
        "Optimiser ε",
        "Added to the denominator for stability.",
        Optimizer,
        &[
            "/optimizer/method/rmsprop/eps",
            "/optimizer/method/adam/eps",
        ],
    ),
    setting(
        "n_steps",
        "Steps per rollout",
        "Steps per environment before each update.",
        Algorithm,
        &["/algorithm/a2c/n_steps", "/algorithm/ppo/n_steps"],
    ),
    setting(
        "gamma",
        "Discount γ",
        "0 to 1: how much later rewards count.",
        Algorithm,
        &[
            "/algorithm/a2c/gamma",
            "/algorithm/ppo/gamma",
            "/algorithm/dqn/gamma",
        ],
    ),
    setting(
        "gae_lambda",
        "GAE λ",
        "0 to 1; 1 is Monte-Carlo returns.",
        Algorithm,
        &["/algorithm/a2c/gae_lambda", "/algorithm/ppo/gae_lambda"],
    ),
    setting(
        "ent_coef",
        "Entropy coefficient",
        "≥ 0; rewards exploring.",
        Algorithm,
        &["/algorithm/a2c/ent_coef", "/algorithm/ppo/ent_coef"],
    ),
    setting(
        "vf_coef",
        "Value coefficient",
        "Weight of the critic's loss.",
        Algorithm,
        &["/algorithm/a2c/vf_coef", "/algorithm/ppo/vf_coef"],
    ),
    setting(
        "batch_size",
        "Minibatch size",
        "Rows per optimiser step.",
        Algorithm,
        &["/algorithm/ppo/batch_size", "/algorithm/dqn/batch_size"],
    ),
    setting(
        "n_epochs",
        "Epochs",
        "Passes over each rollout.",
        Algorithm,
        &["/algorithm/ppo/n_epochs"],
    ),
    setting(
        "clip_range",
        "Clip range",
        "The probability ratio is clipped to 1 ± this.",
        Algorithm,
        &["/algorithm/ppo/clip_range"],
    ),
    setting(
        "buffer_size",
        "Replay buffer",
        "Transitions kept for replay.",
        Algorithm,
        &["/algorithm/dqn/buffer_size"],
    ),
    setting(
        "learning_starts",
        "Learning starts",
        "Random steps before learning.",
        Algorithm,
        &["/algorithm/dqn/learning_starts"],
    ),
    setting(
        "train_freq",
        "Train every",
        "Environment steps between optimiser steps.",
        Algorithm,
        &["/algorithm/dqn/train_freq"],
    ),
    setting(
        "target_update_interval",
        "Target copy every",
        "Steps between copies into the target network.",
        Algorithm,
        &["/algorithm/dqn/target_update_interval"],
    ),
    setting(
        "exploration_fraction",
        "Exploration share",
        "Share of the run over which ε falls.",
        Algorithm,
        &["/algorithm/dqn/exploration_fraction"],
    ),
    setting(
        "exploration_initial_eps",
        "Initial ε",
        "Chance of a random action at the start.",
        Algorithm,
        &["/algorithm/dqn/exploration_initial_eps"],
    ),
    setting(
        "exploration_final_eps",
        "Final ε",
        "Chance of a random action after the fall.",
        Algorithm,
        &["/algorithm/dqn/exploration_final_eps"],
    ),
    setting(
        "lambda",
        "Penalty λ",
        "Weight of the budget excess.",
        ResourceConstraints,
        &["/resource_constraints/lambda"],
    ),
    setting(
        "dual_step",
        "λ step",
        "λ grows by this × the measured excess (0: fixed).",
        ResourceConstraints,
        &["/resource_constraints/dual_step"],
    ),
    setting(
        "excess_scale",
        "Excess scale",
        "budget-range (ours) or budget (as written).",
        ResourceConstraints,
        &["/resource_constraints/excess_scale"],
    ),
];

/// The setting named `key`.
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// `config` as a JSON tree, with its f32 fields written as they print (0.0007, not
/// 0.000699999975…).
fn tree(config: &LearnerConfig) -> Value {
    let text = serde_json::to_string(config)
        .unwrap_or_else(|e| unreachable!("a configuration always serialises: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| unreachable!("and parses back: {e}"))
}

impl Setting {
    /// The pointer to this setting in `tree`, if it has the field.
    fn path_in(&self, tree: &Value) -> Option<&'static str> {
        self.paths
            .iter()
            .copied()
            .find(|p| tree.pointer(p).is_some())
    }

    /// Whether `config` has this setting.
    pub fn applies(&self, config: &LearnerConfig) -> bool {
        self.path_in(&tree(config)).is_some()
    }

    /// The value in `config`, as text (`None` when it does not apply).
    pub fn get(&self, config: &LearnerConfig) -> Option<String> {
        let tree = tree(config);
        let value = tree.pointer(self.path_in(&tree)?)?;
        Some(match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// Sets the value from `text`, parsed as the field's kind; the message says what to
    /// enter. Range checks are [`LearnerConfig::validate`]'s.
    pub fn set(&self, config: &mut LearnerConfig, text: &str) -> Result<(), String> {
        let mut tree = tree(config);
        let path = self
            .path_in(&tree)
            .ok_or_else(|| format!("{} does not apply to {}", self.key, config.learner()))?;
        let slot = tree
            .pointer_mut(path)
            .ok_or_else(|| format!("{} is missing", self.key))?;
        let text = text.trim();
        *slot = match slot {
            Value::Number(n) if n.is_u64() => text
                .parse::<u64>()
                .map(Value::from)
                .map_err(|_| "Enter a whole number.".to_owned())?,
            Value::Number(_) => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| "Enter a number.".to_owned())?,
            _ => Value::String(text.to_owned()),
        };
        *config = serde_json::from_value(tree).map_err(|e| {
            let reason = e.to_string();
            match reason.split_once(" at line") {
                Some((head, _)) => format!("Not a valid value: {head}."),
                None => format!("Not a valid value: {reason}."),
            }
        })?;
        Ok(())
    }

    /// What `text` would mean for this setting of `config`: the message to show, if any
    /// (the field's own range check included).
    pub fn check(&self, config: &LearnerConfig, text: &str) -> Option<String> {
        let mut config = config.clone();
        if let Err(e) = self.set(&mut config, text) {
            return Some(e);
        }
        match config.validate() {
            Err(e) if e.field == self.key => Some(capitalise(&e.reason)),
            _ => None,
        }
    }

    /// The learners whose configurations have this setting, by name.
    pub fn owners(&self) -> Vec<String> {
        LEARNERS
            .iter()
            .filter(|l| self.applies(&l.config(Preset::Ours)))
            .map(|l| l.name())
            .collect()
    }
}

/// `KEY=VALUE` (as `--set` takes it) split into its trimmed key and its value.
pub fn parse_pair(pair: &str) -> Result<(&str, &str), String> {
    pair.split_once('=')
        .map(|(key, value)| (key.trim(), value))
        .ok_or_else(|| format!("--set {pair}: expected KEY=VALUE; {}", keys_help()))
}

/// Every key, as a message names them.
pub fn keys_help() -> String {
    let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    format!("settings are {}", keys.join(", "))
}

/// The setting named `key`, or a message naming `flag` and every key.
pub fn find_or_explain(flag: &str, key: &str) -> Result<&'static Setting, String> {
    find(key).ok_or_else(|| format!("{flag}: unknown setting `{key}`; {}", keys_help()))
}

/// Sets `key` to `value` in `config` (of `learner`), as command-line option `flag`: refused,
/// naming the learners it applies to, when `config` does not have it.
pub fn apply(
    config: &mut LearnerConfig,
    learner: Learner,
    flag: &str,
    key: &str,
    value: &str,
) -> Result<(), String> {
    let setting = find_or_explain(flag, key)?;
    if !setting.applies(config) {
        return Err(format!(
            "{flag} does not apply to {learner} (it applies to {})",
            setting.owners().join(", ")
        ));
    }
    setting
        .set(config, value)
        .map_err(|e| format!("{flag}={value}: {e}"))
}

/// The settings that apply to `config`, in form order.
pub fn applicable(config: &LearnerConfig) -> impl Iterator<Item = &'static Setting> + '_ {
    let tree = tree(config);
    SETTINGS.iter().filter(move |s| s.path_in(&tree).is_some())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::{LEARNERS, Learner, Preset};

    fn config(name: &str) -> LearnerConfig {
        name.parse::<Learner>().unwrap().config(Preset::Ours)
    }

    #[test]
    fn every_setting_applies_somewhere_and_reads_back_what_it_sets() {
        for s in &SETTINGS {
            let owner = LEARNERS
                .iter()
                .map(|l| l.config(Preset::Ours))
                .find(|c| s.applies(c))
                .unwrap_or_else(|| panic!("{} applies to no learner", s.key));
            let mut c = owner.clone();
            let text = s.get(&c).unwrap();
            s.set(&mut c, &text).unwrap();
            assert_eq!(c, owner, "{} round trip", s.key);
        }
    }

    #[test]
    fn options_follow_the_algorithm() {
        let keys = |name| applicable(&config(name)).map(|s| s.key).collect::<Vec<_>>();
        assert!(keys("ppo").contains(&"clip_range"));
        assert!(!keys("a2c").contains(&"clip_range"));
        assert!(keys("rc-dqn").contains(&"lambda") && !keys("dqn").contains(&"lambda"));
        assert!(keys("dqn").contains(&"exploration_final_eps"));
        assert_eq!(
            find("learning_rate").unwrap().get(&config("a2c")).unwrap(),
            "0.0007"
        );
    }

    #[test]
    fn bad_text_and_bad_values_are_named_in_words() {
        let c = config("rc-a2c");
        let gamma = find("gamma").unwrap();
        assert_eq!(gamma.check(&c, "0.9"), None);
        assert!(gamma.check(&c, "1.5").unwrap().contains("[0, 1]"));
        assert_eq!(
            find("timesteps").unwrap().check(&c, "abc").as_deref(),
            Some("Enter a whole number.")
        );
        assert_eq!(gamma.check(&c, "NaN").as_deref(), Some("Enter a number."));
        assert!(find("excess_scale").unwrap().check(&c, "huge").is_some());
        assert!(find("lambda").unwrap().check(&c, "-1").is_some());
        let mut a2c = config("a2c");
        assert!(
            find("clip_range")
                .unwrap()
                .set(&mut a2c, "0.1")
                .unwrap_err()
                .contains("a2c")
        );
    }
}
