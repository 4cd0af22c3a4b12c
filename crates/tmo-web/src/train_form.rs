//! The Train form's fields: text as typed, parsed and checked one by one with the agent's
//! [`TrainerConfig::validate`], so every field shows its own message.

use tmo_agent::{ResourceConstraints, TrainerConfig};

/// One numeric field of the form.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The field's name in [`TrainerConfig`] (as [`tmo_agent::ConfigError::field`] names it).
    pub key: &'static str,
    /// Label shown to people.
    pub label: &'static str,
    /// A hint under the field.
    pub hint: &'static str,
    /// Whether only RC-A2C uses it.
    pub rc_only: bool,
    /// Reads the value as text.
    pub get: fn(&TrainerConfig) -> String,
    /// Parses `text` into the configuration.
    pub set: fn(&mut TrainerConfig, &str) -> Result<(), String>,
}

fn parse<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| format!("Enter {what}."))
}

fn rc(c: &mut TrainerConfig) -> &mut ResourceConstraints {
    c.resource_constraints
        .get_or_insert_with(ResourceConstraints::default)
}

/// Every numeric field, in form order.
pub const FIELDS: [Field; 9] = [
    Field {
        key: "timesteps",
        label: "Timesteps",
        hint: "Environment steps over all environments.",
        rc_only: false,
        get: |c| c.timesteps.to_string(),
        set: |c, t| {
            c.timesteps = parse(t, "a whole number")?;
            Ok(())
        },
    },
    Field {
        key: "learning_rate",
        label: "Learning rate",
        hint: "RMSprop step size.",
        rc_only: false,
        get: |c| c.learning_rate.to_string(),
        set: |c, t| {
            c.learning_rate = parse(t, "a number")?;
            Ok(())
        },
    },
    Field {
        key: "gamma",
        label: "Discount γ",
        hint: "0 to 1.",
        rc_only: false,
        get: |c| c.gamma.to_string(),
        set: |c, t| {
            c.gamma = parse(t, "a number")?;
            Ok(())
        },
    },
    Field {
        key: "ent_coef",
        label: "Entropy coefficient",
        hint: "≥ 0; rewards exploring.",
        rc_only: false,
        get: |c| c.ent_coef.to_string(),
        set: |c, t| {
            c.ent_coef = parse(t, "a number")?;
            Ok(())
        },
    },
    Field {
        key: "gae_lambda",
        label: "GAE λ",
        hint: "0 to 1; 1 is Monte-Carlo returns.",
        rc_only: false,
        get: |c| c.gae_lambda.to_string(),
        set: |c, t| {
            c.gae_lambda = parse(t, "a number")?;
            Ok(())
        },
    },
    Field {
        key: "hidden_size",
        label: "Hidden size",
        hint: "Units per hidden layer (1 to 1024).",
        rc_only: false,
        get: |c| c.hidden_size.to_string(),
        set: |c, t| {
            c.hidden_size = parse(t, "a whole number")?;
            Ok(())
        },
    },
    Field {
        key: "n_envs",
        label: "Environments (n_envs)",
        hint: "Stepped together per update (1 to 1024).",
        rc_only: false,
        get: |c| c.n_envs.to_string(),
        set: |c, t| {
            c.n_envs = parse(t, "a whole number")?;
            Ok(())
        },
    },
    Field {
        key: "seed",
        label: "Seed",
        hint: "Fixes the split, weights and sampling.",
        rc_only: false,
        get: |c| c.seed.to_string(),
        set: |c, t| {
            c.seed = parse(t, "a whole number ≥ 0")?;
            Ok(())
        },
    },
    Field {
        key: "resource_constraints.lambda",
        label: "Penalty λ",
        hint: "Weight of the expected budget excess (RC-A2C).",
        rc_only: true,
        get: |c| {
            c.resource_constraints
                .unwrap_or_default()
                .lambda
                .to_string()
        },
        set: |c, t| {
            rc(c).lambda = parse(t, "a number")?;
            Ok(())
        },
    },
];

/// What one field's text means: the error to show, if any.
pub fn check(field: &Field, text: &str, with_rc: bool) -> Option<String> {
    let mut config = TrainerConfig {
        resource_constraints: with_rc.then(ResourceConstraints::default),
        ..TrainerConfig::default()
    };
    if let Err(e) = (field.set)(&mut config, text) {
        return Some(e);
    }
    match config.validate() {
        Err(e) if e.field == field.key => Some(capitalise(&e.reason)),
        _ => None,
    }
}

/// The configuration from every field's text, or the first problem.
pub fn build(texts: &[String], with_rc: bool) -> Result<TrainerConfig, String> {
    let mut config = TrainerConfig {
        resource_constraints: with_rc.then(ResourceConstraints::default),
        ..TrainerConfig::default()
    };
    for (field, text) in FIELDS.iter().zip(texts) {
        if field.rc_only && !with_rc {
            continue;
        }
        (field.set)(&mut config, text).map_err(|e| format!("{}: {e}", field.label))?;
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

/// The default texts of every field.
pub fn default_texts() -> Vec<String> {
    let config = TrainerConfig::default();
    FIELDS.iter().map(|f| (f.get)(&config)).collect()
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

    fn field(key: &str) -> &'static Field {
        FIELDS.iter().find(|f| f.key == key).unwrap()
    }

    #[test]
    fn each_field_reports_its_own_problem() {
        assert_eq!(check(field("gamma"), "0.9", false), None);
        assert!(
            check(field("gamma"), "1.5", false)
                .unwrap()
                .contains("[0, 1]")
        );
        assert_eq!(
            check(field("timesteps"), "abc", false).as_deref(),
            Some("Enter a whole number.")
        );
        assert!(check(field("timesteps"), "0", false).is_some());
        assert!(check(field("n_envs"), "2000", false).is_some());
        assert!(check(field("learning_rate"), "NaN", false).is_some());
        assert!(check(field("resource_constraints.lambda"), "-1", true).is_some());
    }

    #[test]
    fn the_defaults_build_the_agent_defaults() {
        let texts = default_texts();
        assert_eq!(build(&texts, false), Ok(TrainerConfig::default()));
        let rc = build(&texts, true).unwrap();
        assert_eq!(rc.name(), "rc-a2c");
        let mut bad = texts.clone();
        bad[2] = "2".into();
        assert!(build(&bad, false).unwrap_err().contains("gamma"));
    }
}
