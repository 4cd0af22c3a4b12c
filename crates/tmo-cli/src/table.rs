//! `tmo table`: the §10 metrics of several policies as mean ± sd over seeds `0 .. N`.
//!
//! Each seed fixes the split (seeded 80/20) and any random policy; policies are built per
//! seed by a [`PolicyFactory`], so learners (trained per seed) plug in through
//! [`run_with`]. sd is the population standard deviation. Latency is in seconds; usage and
//! its violation are in USD in `json`/`csv` and in 1e-3 USD in `md`.

use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::{Parser, ValueEnum};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt::Write as _;
use std::sync::Arc;
use tmo_core::metrics::Metrics;
use tmo_core::policy::PolicyFactory;
use tmo_core::stats::{MeanSd, Summary};
use tmo_core::{ActionSpace, Simulator, evaluate};

/// Output formats of `tmo table`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// A Markdown table.
    Md,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array, one object per policy.
    Json,
}

/// Options of `tmo table`.
#[derive(Parser, Debug)]
pub struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of seeds (0 .. N-1).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    seeds: u64,
    /// Comma-separated policy names.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "local,cloud,random"
    )]
    policies: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
}

/// The summarised metrics of one policy.
struct Row {
    policy: String,
    summary: Summary,
}

/// Runs `tmo table` with the rule policies and the learners (`a2c`, `rc-a2c`, trained per seed).
pub fn run(args: Args) -> crate::Outcome {
    run_with(args, &tmo_agent::LearnerFactory::default())
}

/// Runs `tmo table` building each policy with `factory`.
pub fn run_with(args: Args, factory: &dyn PolicyFactory) -> crate::Outcome {
    let dataset = args.dataset.load()?;
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let mut runs: Vec<Vec<Metrics>> = vec![Vec::new(); args.policies.len()];
    let mut actions = None;
    for seed in 0..args.seeds {
        let split = args.dataset.split(&dataset, seed)?;
        let sim = Arc::new(Simulator::new(&dataset, &scenario, &split)?);
        for (name, out) in args.policies.iter().zip(&mut runs) {
            let mut policy = factory.build(name, seed, &sim)?;
            out.push(evaluate(&sim, policy.as_mut()));
        }
        actions.get_or_insert_with(|| sim.actions().clone());
    }
    let Some(actions) = actions else {
        return Err("no seed to run".into());
    };
    let rows: Vec<Row> = args
        .policies
        .iter()
        .zip(&runs)
        .map(|(policy, runs)| Row {
            policy: policy.clone(),
            summary: Summary::of(runs),
        })
        .collect();
    let text = match args.format {
        Format::Md => markdown(&rows, &actions),
        Format::Csv => csv(&rows),
        Format::Json => {
            serde_json::to_string_pretty(&rows.iter().map(JsonRow).collect::<Vec<_>>())? + "\n"
        }
    };
    print!("{text}");
    Ok(())
}

/// One policy in the `json` format: `policy`, `<metric>_mean`, `<metric>_sd` in column
/// order, then `action_counts`.
struct JsonRow<'a>(&'a Row);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let row = self.0;
        let columns = row.summary.named_metrics();
        let mut map = serializer.serialize_map(Some(2 + 2 * columns.len()))?;
        map.serialize_entry("policy", &row.policy)?;
        for (name, m) in columns {
            map.serialize_entry(&format!("{name}_mean"), &m.mean)?;
            map.serialize_entry(&format!("{name}_sd"), &m.sd)?;
        }
        map.serialize_entry("action_counts", &row.summary.action_counts)?;
        map.end()
    }
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from("policy");
    let Some(first) = rows.first() else {
        return out + "\n";
    };
    for (name, _) in first.summary.named_metrics() {
        let _ = write!(out, ",{name}_mean,{name}_sd");
    }
    for a in 0..first.summary.action_counts.len() {
        let _ = write!(out, ",action_{a}");
    }
    out.push('\n');
    for r in rows {
        out.push_str(&r.policy);
        for (_, m) in r.summary.named_metrics() {
            let _ = write!(out, ",{},{}", m.mean, m.sd);
        }
        for c in &r.summary.action_counts {
            let _ = write!(out, ",{c}");
        }
        out.push('\n');
    }
    out
}

fn markdown(rows: &[Row], actions: &ActionSpace) -> String {
    let x = actions.num_views();
    let mut out = String::from(
        "| Policy | Response | Association | Latency (s) | Usage (1e-3 USD) | Reward | Latency violation (s) | Usage violation (1e-3 USD) | Over budget | Local |",
    );
    for j in 0..=x {
        let _ = write!(out, " Cloud+{j} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(10 + x));
    out.push('\n');
    for r in rows {
        let s = &r.summary;
        let cell =
            |m: MeanSd, scale: f64| format!(" {:.3} ± {:.3} |", m.mean * scale, m.sd * scale);
        let _ = write!(out, "| {} |", r.policy);
        for (name, m) in s.named_metrics() {
            let scale = if name.starts_with("usage") {
                1000.0
            } else {
                1.0
            };
            out.push_str(&cell(m, scale));
        }
        let groups = actions.group_by_views(&s.action_counts);
        let _ = write!(out, " {:.1} |", groups.local);
        for c in groups.cloud_by_views {
            let _ = write!(out, " {c:.1} |");
        }
        out.push('\n');
    }
    out
}
