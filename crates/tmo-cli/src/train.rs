//! `tmo train`: train A2C or RC-A2C on the training split of a dataset, print the trained
//! policy's test metrics and save it as a policy file.

use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use tmo_agent::{Fingerprint, PolicyFile, Trainer, TrainerConfig};
use tmo_core::{ExcessScale, Simulator, evaluate};

/// The learners `tmo train` knows.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Algo {
    /// Advantage actor–critic.
    A2c,
    /// A2C with resource constraints (budget-carrying observation, expected-excess penalty).
    RcA2c,
}

/// Options of `tmo train`.
#[derive(Parser, Debug)]
pub struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Learning algorithm.
    #[arg(long, value_enum)]
    algo: Algo,
    /// Environment steps to train for.
    #[arg(long, value_name = "N", default_value_t = TrainerConfig::default().timesteps)]
    timesteps: u64,
    /// Seed of the split and of the training.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Environments per update (default: the trainer's).
    #[arg(long, value_name = "N")]
    n_envs: Option<usize>,
    /// RC-A2C penalty weight λ (default 10).
    #[arg(long, value_name = "L")]
    lambda: Option<f32>,
    /// RC-A2C dual-ascent step on λ (default 0: λ fixed).
    #[arg(long, value_name = "S")]
    dual_step: Option<f32>,
    /// RC-A2C: divide the budget excess by `budget-range` (its upper bound; default) or by
    /// `budget` (the episode's own, SIMULATOR.md §9 as written).
    #[arg(long, value_name = "SCALE", value_parser = parse_excess_scale)]
    excess_scale: Option<ExcessScale>,
    /// A JSON file of trainer settings (any subset of the fields); flags above override it.
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
    /// The trainer configuration: defaults, then the `--config` file, then the flags.
    fn trainer_config(&self) -> Result<TrainerConfig, String> {
        let mut config = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => TrainerConfig::default(),
        };
        config.timesteps = self.timesteps;
        config.seed = self.seed;
        if let Some(n) = self.n_envs {
            config.n_envs = n;
        }
        config.resource_constraints = match self.algo {
            Algo::A2c => None,
            Algo::RcA2c => {
                let mut rc = config.resource_constraints.unwrap_or_default();
                rc.lambda = self.lambda.unwrap_or(rc.lambda);
                rc.dual_step = self.dual_step.unwrap_or(rc.dual_step);
                rc.excess_scale = self.excess_scale.unwrap_or(rc.excess_scale);
                Some(rc)
            }
        };
        let rc_flags =
            self.lambda.is_some() || self.dual_step.is_some() || self.excess_scale.is_some();
        if matches!(self.algo, Algo::A2c) && rc_flags {
            return Err(
                "--lambda, --dual-step and --excess-scale apply to --algo rc-a2c only".into(),
            );
        }
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

/// Runs `tmo train`.
pub fn run(args: Args) -> crate::Outcome {
    let config = args.trainer_config()?;
    let dataset = args.dataset.load()?;
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let split = args.dataset.split(&dataset, args.seed)?;
    let sim = Arc::new(Simulator::new(&dataset, &scenario, &split)?);
    let rc = config.resource_constraints.is_some();
    let mut trainer = Trainer::for_simulator(config.clone(), &sim)?;

    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(config.timesteps)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} steps {msg}",
        )?
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let progress = trainer.run_to_end(25, |p| {
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

    let policy = trainer.policy();
    let fingerprint = Fingerprint::of(&sim, dataset.tasks(), rc);
    let file = PolicyFile::new(config, fingerprint.clone(), policy.weights());
    std::fs::write(&args.out, file.to_json())
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let mut trained = file.policy_for(&fingerprint)?;
    let m = evaluate(&sim, &mut trained);
    println!(
        "{} seed {}: {} steps, {} episodes in {seconds:.2} s; test reward {:.4}, response {:.4}, latency {:.2} s, usage {:.2}e-3 USD, over budget {:.0}% of episodes; saved {}",
        file.algorithm,
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

/// Parses an excess scale by its serde name (`budget`, `budget-range`).
fn parse_excess_scale(name: &str) -> Result<ExcessScale, String> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| format!("unknown excess scale `{name}` (budget, budget-range)"))
}
