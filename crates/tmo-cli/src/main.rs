//! `tmo`: TMO Lab's simulator and learners on the command line.
//!
//! Each subcommand lives in its own module with an `Args` struct and a `run` function;
//! errors go to stderr with exit code 2.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod format;
mod gen_dataset;
mod rollout;
mod scenario_args;
mod sweep;
mod table;
mod train;

/// What a subcommand returns: any error is printed to stderr and exits with code 2.
pub type Outcome = Result<(), Box<dyn std::error::Error>>;

/// TMO Lab: local–cloud LLM offloading simulator.
#[derive(Parser)]
#[command(name = "tmo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the bundled kitchen dataset or a synthetic scaling dataset as JSON.
    GenDataset(gen_dataset::Args),
    /// Print one JSON object per step of a policy's rollout over the test episodes.
    Rollout(rollout::Args),
    /// Evaluate policies at every point of an axis (device, network, model size, budgets,
    /// problem shape): `tmo table`'s rows with the point's axis values.
    Sweep(sweep::Args),
    /// Print the evaluation metrics of policies as mean ± sd over seeds, with each policy's
    /// reward as a percentage of the optimum's.
    Table(table::Args),
    /// Train a learner (PPO, A2C, DQN or an RC variant), print its test metrics and save the
    /// policy file.
    Train(train::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome: Outcome = match cli.command {
        Command::GenDataset(args) => gen_dataset::run(args),
        Command::Rollout(args) => rollout::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Table(args) => table::run(args),
        Command::Train(args) => train::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tmo: {e}");
            ExitCode::from(2)
        }
    }
}
