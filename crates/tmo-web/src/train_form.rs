//! The Train form: the chosen learner and the text typed into each of its settings
//! ([`tmo_agent::settings`]), parsed and checked one by one, so every field shows its own
//! message. Which fields show, and their defaults, come from the learner registry.

use tmo_agent::settings::{self, SETTINGS, Setting};
use tmo_agent::{Learner, LearnerConfig, Preset};

/// The learner selected when the view opens: TMO's.
pub const DEFAULT_LEARNER: Learner = Learner::new(tmo_agent::Algorithm::A2c, true);

/// The preset configuration of `learner` (what the form starts from).
pub fn preset(learner: Learner) -> LearnerConfig {
    learner.config(Preset::Ours)
}

/// The text of every setting of [`SETTINGS`] for `learner`'s preset (empty where it does not
/// apply).
pub fn default_texts(learner: Learner) -> Vec<String> {
    let config = preset(learner);
    SETTINGS
        .iter()
        .map(|s| s.get(&config).unwrap_or_default())
        .collect()
}

/// The keys of the settings that are fields of `learner`'s form.
pub fn shown_keys(learner: Learner) -> Vec<&'static str> {
    settings::applicable(&preset(learner))
        .map(|s| s.key)
        .collect()
}

/// What one field's text means for `learner`: the error to show, if any.
pub fn check(setting: &Setting, learner: Learner, text: &str) -> Option<String> {
    setting.check(&preset(learner), text)
}

/// The configuration from the texts of every setting (in [`SETTINGS`] order), or the first
/// problem, named by its label.
pub fn build(learner: Learner, texts: &[String]) -> Result<LearnerConfig, String> {
    let mut config = preset(learner);
    let applicable: Vec<&str> = settings::applicable(&config).map(|s| s.key).collect();
    for (setting, text) in SETTINGS.iter().zip(texts) {
        if applicable.contains(&setting.key) {
            setting
                .set(&mut config, text)
                .map_err(|e| format!("{}: {e}", setting.label))?;
        }
    }
    config.validate().map_err(|e| {
        let label = settings::find(e.field).map_or(e.field, |s| s.label);
        format!("{label}: {}", e.reason)
    })?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tmo_agent::LEARNERS;

    fn setting(key: &str) -> &'static Setting {
        settings::find(key).unwrap()
    }

    #[test]
    fn each_field_reports_its_own_problem_in_words() {
        let l = DEFAULT_LEARNER;
        assert_eq!(check(setting("gamma"), l, "0.9"), None);
        assert!(
            check(setting("gamma"), l, "1.5")
                .unwrap()
                .contains("[0, 1]")
        );
        assert_eq!(
            check(setting("timesteps"), l, "abc").as_deref(),
            Some("Enter a whole number.")
        );
        assert!(check(setting("n_envs"), l, "2000").is_some());
        assert!(check(setting("learning_rate"), l, "NaN").is_some());
        assert!(check(setting("lambda"), l, "-1").is_some());
    }

    #[test]
    fn the_defaults_build_each_learners_preset_and_show_its_own_fields() {
        for learner in LEARNERS {
            assert_eq!(build(learner, &default_texts(learner)), Ok(preset(learner)));
        }
        let ppo: Learner = "ppo".parse().unwrap();
        let keys = shown_keys(ppo);
        assert!(keys.contains(&"clip_range") && !keys.contains(&"lambda"));
        let mut bad = default_texts(DEFAULT_LEARNER);
        let gamma = SETTINGS.iter().position(|s| s.key == "gamma").unwrap();
        bad[gamma] = "2".into();
        let err = build(DEFAULT_LEARNER, &bad).unwrap_err();
        assert!(err.starts_with("Discount γ:"), "{err}");
    }
}
