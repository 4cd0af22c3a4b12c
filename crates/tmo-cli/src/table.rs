//! `tmo table`: the §10 metrics of several policies as mean ± sd over seeds `0 .. N`, and each
//! policy's reward as a percentage of the optimum's.
//!
//! Each seed fixes the split (seeded 80/20) and any random policy; policies are built per
//! seed by a [`PolicyFactory`], so learners (trained per seed) plug in through
//! [`run_with`]; any name may end in `+shield`. sd is the population standard deviation.
//! Latency is in seconds; usage and its violation are in USD in `json`/`csv` and in 1e-3 USD
//! in `md`. The numbers come from tmo-core's evaluation engine ([`TableJob`]), which plays the
//! optimum once per seed on the same test episodes (an `optimal` row reuses it); when it is
//! only the best found (a lower bound), `md` says so under the table and `csv`/`json` carry
//! `optimum_exact = false`.

use crate::format::Format;
use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::Parser;
use std::fmt::Write as _;
use std::sync::Arc;
use tmo_agent::{LearnerFactory, LearnerSettings};
use tmo_core::ActionSpace;
use tmo_core::experiment::export::{JsonRow, csv_header, csv_line};
use tmo_core::experiment::{Entry, Table, TableJob};
use tmo_core::policy::{PolicyFactory, Shielding};
use tmo_core::stats::MeanSd;

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
    /// Comma-separated policy names: local, cloud, random, all-views, text-only, greedy (best
    /// next step by the estimate, budgets ignored), optimal[:NODES] (the highest reward within
    /// the budgets, planned knowing each episode's future turns: a clairvoyant bound), the
    /// learners ppo, a2c, dqn, rc-ppo, rc-a2c, rc-dqn (trained per seed); any of them may end in +shield (then only actions after which the budgets still
    /// cover answering every remaining turn locally).
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "local,cloud,random"
    )]
    policies: Vec<String>,
    /// A setting of the learners by key, e.g. `--set ent_coef=0.01` (repeatable; each learner
    /// that has it gets it; as `tmo train --set`, except `seed`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// One row per policy and seed instead of mean ± sd over seeds: each learner is still
    /// trained once per seed (`md` names each row's seed; sd is then 0).
    #[arg(long)]
    per_seed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
}

/// Runs `tmo table` with the rule policies, the optimum and the learners (every name of
/// [`tmo_agent::LEARNERS`] and the ablations, trained per seed with our preset and the `--set`
/// settings), each also as `NAME+shield`.
pub fn run(args: Args) -> crate::Outcome {
    let learners = LearnerFactory {
        settings: LearnerSettings::for_policies(&args.set, &args.policies)?,
        ..LearnerFactory::default()
    };
    run_with(args, &Shielding(learners))
}

/// Runs `tmo table` building each policy with `factory`, on tmo-core's evaluation engine
/// ([`TableJob`]).
pub fn run_with(args: Args, factory: &dyn PolicyFactory) -> crate::Outcome {
    let dataset = args.dataset.load()?;
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let entries = if args.per_seed {
        let seeds = 0..args.seeds;
        args.policies
            .iter()
            .flat_map(|p| seeds.clone().map(|s| Entry::only_on(p, s)))
            .collect()
    } else {
        args.policies.iter().map(|p| Entry::every_seed(p)).collect()
    };
    let table = TableJob::new(
        Arc::new(dataset),
        scenario,
        args.dataset.shuffle(),
        args.seeds,
        entries,
        factory,
    )?
    .run()?;
    let actions = table.actions().ok_or("no action space")?;
    let text = match args.format {
        Format::Md => markdown(&table, &actions),
        Format::Csv => csv(&table),
        Format::Json => {
            let rows: Vec<JsonRow> = table.rows.iter().map(|row| JsonRow(row, &table)).collect();
            serde_json::to_string_pretty(&rows)? + "\n"
        }
    };
    print!("{text}");
    Ok(())
}

fn csv(table: &Table) -> String {
    let Some(first) = table.rows.first() else {
        return "policy\n".to_owned();
    };
    let mut out = csv_header(first.summary.action_counts.len());
    out.push('\n');
    for r in &table.rows {
        out.push_str(&csv_line(r, table));
        out.push('\n');
    }
    out
}

fn markdown(table: &Table, actions: &ActionSpace) -> String {
    let x = actions.num_views();
    // A dagger on the column when the optimum must be read with a note (e.g. a lower bound).
    let mark = if table.optimum.is_empty() { "" } else { "†" };
    let mut out = format!(
        "| Policy | Response | Association | Latency (s) | Usage (1e-3 USD) | Reward | % of optimum{mark} | Latency violation (s) | Usage violation (1e-3 USD) | Over budget | Local |",
    );
    for j in 0..=x {
        let _ = write!(out, " Cloud+{j} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(11 + x));
    out.push('\n');
    for r in &table.rows {
        // One seed's row has no spread to show.
        let one_seed = r.only_seeds.as_ref().is_some_and(|s| s.len() == 1);
        let cell = |m: MeanSd, scale: f64, digits: usize| {
            if one_seed {
                format!(" {:.digits$} |", m.mean * scale)
            } else {
                format!(" {:.digits$} ± {:.digits$} |", m.mean * scale, m.sd * scale)
            }
        };
        let s = &r.summary;
        let _ = match &r.only_seeds {
            Some(seeds) => write!(out, "| {} (seed {}) |", r.policy, join(seeds)),
            None => write!(out, "| {} |", r.policy),
        };
        for (name, m) in s.named_metrics() {
            let scale = if name.starts_with("usage") {
                1000.0
            } else {
                1.0
            };
            out.push_str(&cell(m, scale, 3));
            if name == "reward" {
                match r.pct_of_optimum {
                    Some(p) => out.push_str(&cell(p, 1.0, 1)),
                    None => out.push_str(" n/a |"),
                }
            }
        }
        let groups = actions.group_by_views(&s.action_counts);
        let _ = write!(out, " {:.1} |", groups.local);
        for c in groups.cloud_by_views {
            let _ = write!(out, " {c:.1} |");
        }
        out.push('\n');
    }
    let notes: Vec<String> = table
        .optimum
        .notes()
        .into_iter()
        .map(|note| format!("{mark} The optimum: {note}."))
        .chain(table.rows.iter().flat_map(|r| {
            r.summary
                .caveats
                .notes()
                .into_iter()
                .map(move |note| format!("`{}`: {note}.", r.policy))
        }))
        .collect();
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            let _ = writeln!(out, "{note}");
        }
    }
    out
}

/// `seeds` comma-separated.
fn join(seeds: &std::collections::BTreeSet<u64>) -> String {
    let seeds: Vec<String> = seeds.iter().map(u64::to_string).collect();
    seeds.join(", ")
}
