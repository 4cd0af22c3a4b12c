//! `tmo gen-dataset`: write the bundled kitchen dataset or a synthetic scaling dataset.
//!
//! Without shape flags it writes the kitchen dataset (`dataset/kitchen.json` with the
//! default seed); `--views`, `--tasks`, `--turns` and `--episodes` each override the
//! kitchen's value for a synthetic configuration.

use std::path::PathBuf;

use clap::Parser;
use tmo_core::generator::{
    GeneratorConfig, GeneratorError, KITCHEN_SEED, TurnCounts, generate, stats,
};

/// Options of `tmo gen-dataset`.
#[derive(Parser, Debug)]
pub struct Args {
    /// Seed of every random draw.
    #[arg(long, default_value_t = KITCHEN_SEED)]
    seed: u64,
    /// File to write (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Camera views X (1..=10).
    #[arg(long, value_name = "X")]
    views: Option<usize>,
    /// Task categories (1..=64).
    #[arg(long, value_name = "N")]
    tasks: Option<usize>,
    /// Turns per episode, `MIN..MAX` or `N` (each count equally often).
    #[arg(long, value_name = "MIN..MAX", value_parser = parse_turns)]
    turns: Option<TurnCounts>,
    /// Episodes.
    #[arg(long, value_name = "N")]
    episodes: Option<usize>,
    /// Also print the dataset's statistics to standard error.
    #[arg(long)]
    stats: bool,
}

/// Reads `MIN..MAX` (inclusive) or a single count.
fn parse_turns(text: &str) -> Result<TurnCounts, String> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("`{s}` is not a whole number (expected MIN..MAX or N)"))
    };
    let (min, max) = match text.split_once("..") {
        Some((min, max)) => (number(min)?, number(max.trim_start_matches('='))?),
        None => (number(text)?, number(text)?),
    };
    Ok(TurnCounts::Uniform { min, max })
}

impl Args {
    /// The generator configuration these flags describe.
    fn config(&self) -> GeneratorConfig {
        let kitchen = GeneratorConfig::kitchen();
        GeneratorConfig {
            seed: self.seed,
            views: self.views.unwrap_or(kitchen.views),
            tasks: self.tasks.unwrap_or(kitchen.tasks),
            turns: self.turns.clone().unwrap_or(kitchen.turns),
            episodes: self.episodes.unwrap_or(kitchen.episodes),
        }
    }
}

/// Generates the dataset and writes it.
pub fn run(args: Args) -> crate::Outcome {
    let dataset = generate(&args.config()).map_err(|e| match e {
        GeneratorError::Config(c) => format!("--{}: {}", c.field, c.message),
        other => other.to_string(),
    })?;
    let mut json = dataset.to_json();
    json.push('\n');
    match &args.out {
        Some(path) => {
            std::fs::write(path, json).map_err(|e| format!("--out {}: {e}", path.display()))?
        }
        None => print!("{json}"),
    }
    if args.stats {
        eprintln!("{}", stats(&dataset));
    }
    Ok(())
}
