//! `tmo train`: train any learner of the registry on the training split of a dataset, print
//! the trained policy's test metrics and save it as a policy file.
//!
//! The configuration is the learner's preset, then the `--config` file (a JSON merge patch:
//! any subset of the fields), then `--set KEY=VALUE` and the shorthand flags. A setting the
//! chosen learner does not have is refused, naming it.

use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use tmo_agent::settings;
use tmo_agent::{Fingerprint, Learner, LearnerConfig, PolicyFile, Preset, TrainedOn, Trainer};
use tmo_core::{Simulator, evaluate};

/// Which defaults to start from.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum PresetArg {
    /// The reference's settings (stable-baselines3's defaults, one environment).
    Paper,
    /// Ours: the paper's except where measured faster or better.
    Ours,
}

/// Options of `tmo train`.
#[derive(Parser, Debug)]
pub struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The learner: ppo, a2c, dqn, rc-ppo, rc-a2c or rc-dqn, or an ablation
    /// (rc-a2c/no-llm-selection, rc-a2c/no-modality-selection, rc-a2c/no-score-estimation).
    #[arg(long, value_name = "NAME", value_parser = str::parse::<Learner>)]
    algo: Learner,
    /// Which defaults to start from.
    #[arg(long, value_enum, default_value_t = PresetArg::Ours)]
    preset: PresetArg,
    /// Seed of the split and of the training.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Environment steps to train for (the preset's: 30 000).
    #[arg(long, value_name = "N")]
    timesteps: Option<u64>,
    /// Environments per update.
    #[arg(long, value_name = "N")]
    n_envs: Option<usize>,
    /// RC learners: the penalty weight λ (10).
    #[arg(long, value_name = "L")]
    lambda: Option<f32>,
    /// RC learners: the dual-ascent step on λ (0: λ fixed).
    #[arg(long, value_name = "S")]
    dual_step: Option<f32>,
    /// RC learners: divide the budget excess by `budget-range` (its upper bound; default) or by
    /// `budget` (the episode's own, SIMULATOR.md §9 as written).
    #[arg(long, value_name = "SCALE")]
    excess_scale: Option<String>,
    /// Any setting by key, e.g. `--set clip_range=0.1` (repeatable; `--set help` lists them).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// A JSON file merged over the preset's configuration (any subset of its fields).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write the policy file.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

impl Args {
    /// Every `(flag, key, value)` the command line sets, in the order applied.
    fn settings(&self) -> Result<Vec<(String, String, String)>, String> {
        let mut out = Vec::new();
        let mut flag = |name: &str, key: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push((format!("--{name}"), key.to_owned(), v));
            }
        };
        flag(
            "timesteps",
            "timesteps",
            self.timesteps.map(|v| v.to_string()),
        );
        flag("n-envs", "n_envs", self.n_envs.map(|v| v.to_string()));
        flag("lambda", "lambda", self.lambda.map(|v| v.to_string()));
        flag(
            "dual-step",
            "dual_step",
            self.dual_step.map(|v| v.to_string()),
        );
        flag("excess-scale", "excess_scale", self.excess_scale.clone());
        for pair in &self.set {
            let (key, value) = settings::parse_pair(pair)?;
            out.push((format!("--set {key}"), key.to_owned(), value.to_owned()));
        }
        Ok(out)
    }

    /// The configuration: the preset, the `--config` file, then the settings and flags.
    fn learner_config(&self) -> Result<LearnerConfig, String> {
        let preset = match self.preset {
            PresetArg::Paper => Preset::Paper,
            PresetArg::Ours => Preset::Ours,
        };
        let mut config = self.algo.config(preset);
        config.seed = self.seed;
        if let Some(path) = &self.config {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let patch: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut tree = serde_json::to_value(&config).map_err(|e| e.to_string())?;
            merge(&mut tree, &patch);
            config = serde_json::from_value(tree).map_err(|e| {
                format!(
                    "{}: {e} (the fields of {} are: {})",
                    path.display(),
                    self.algo,
                    field_list(&config)
                )
            })?;
        }
        for (flag, key, value) in self.settings()? {
            settings::apply(&mut config, self.algo, &flag, &key, &value)?;
        }
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

/// RFC 7396 JSON merge patch: objects merge key by key, `null` removes, anything else
/// replaces.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(fields) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = serde_json::Value::Object(serde_json::Map::new());
    }
    if let serde_json::Value::Object(map) = target {
        for (key, value) in fields {
            if value.is_null() {
                map.remove(key);
            } else {
                merge(
                    map.entry(key.clone()).or_insert(serde_json::Value::Null),
                    value,
                );
            }
        }
    }
}

/// The settings that apply to `config`.
fn field_list(config: &LearnerConfig) -> String {
    settings::applicable(config)
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `tmo train`.
pub fn run(args: Args) -> crate::Outcome {
    let config = args.learner_config()?;
    let dataset = args.dataset.load()?;
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let split = args.dataset.split(&dataset, args.seed)?;
    let sim = Arc::new(Simulator::new(&dataset, &scenario, &split)?);
    let mut trainer = Trainer::for_simulator(config.clone(), &sim)?;

    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(config.timesteps)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} steps (ETA {eta}) {msg}",
        )?
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let every = (2_048 / config.steps_per_update()).max(1);
    let progress = trainer.run_to_end(every, |p| {
        bar.set_position(p.timesteps.min(p.total_timesteps));
        let reward = p
            .mean_episode_reward
            .map_or_else(|| "-".into(), |r| format!("{r:.3}"));
        let over = p
            .violation_rate
            .map_or_else(|| "-".into(), |v| format!("{:.0}%", 100.0 * v));
        bar.set_message(format!("episode reward {reward}, over budget {over}"));
    });
    bar.finish();
    let seconds = started.elapsed().as_secs_f64();

    let fingerprint = Fingerprint::of(&sim, dataset.tasks(), &config);
    let trained_on = TrainedOn::Seeded {
        shuffle: args.dataset.shuffle(),
        seed: args.seed,
    };
    let file = PolicyFile::new(
        config,
        fingerprint.clone(),
        trained_on,
        trainer.policy().weights(),
    );
    std::fs::write(&args.out, file.to_json())
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let mut trained = file.policy_for(&fingerprint, args.seed)?;
    let m = evaluate(&sim, &mut trained);
    println!(
        "{} seed {}: {} steps, {} episodes in {seconds:.2} s; test reward {:.4}, response {:.4}, latency {:.2} s, usage {:.2}e-3 USD, over budget {:.0}% of episodes; saved {}",
        file.learner,
        args.seed,
        progress.timesteps,
        progress.episodes,
        m.reward,
        m.response_score,
        m.latency,
        m.usage * 1000.0,
        m.violation_rate * 100.0,
        args.out.display()
    );
    Ok(())
}
