//! `tmo sweep`: `tmo table` at every point of an axis (device, network, model size, latency
//! budget, usage budget, the latency × usage budget grid, problem shape), one row per point
//! and policy.
//!
//! The points run on tmo-core's sweep engine ([`tmo_core::experiment::sweep`]: one
//! [`TableJob`](tmo_core::experiment::TableJob) per point, the engine of `tmo table`), in
//! parallel on `--threads` threads (default: every core), with the results in point order,
//! so the output does not depend on the thread count. Learners are trained per point and
//! seed, except on the budget axes (`latency-budget`, `usage-budget`, `budgets`): there
//! each is trained once per seed and evaluated at every point.
//!
//! Every export carries its provenance (program version, dataset file and its FNV-1a hash,
//! split, seeds, axis and values, the base scenario, the policies and each learner's
//! configuration):
//! - `json`: an object `{"provenance": …, "shard": "I/N" or null, "rows": [...]}`; a row is
//!   the point's axis fields by name (`device`, `network`, `model_size`, `latency_budget`,
//!   `usage_budget`, `shape`) followed by `tmo table`'s JSON row;
//! - `csv`: `# provenance: <JSON>` (and `# note: …`) comment lines, the header, then one
//!   line per row: the axis columns followed by `tmo table`'s CSV columns (action columns
//!   for the sweep's largest action space, empty where a point has fewer actions).
//!
//! `--shard I/N` runs the `I`-th of `N` contiguous slices of the points. In `csv` only shard
//! 1 writes the comment lines and the header, so `cat` of the shards' outputs in order is
//! the whole sweep's output byte for byte; in `json` each shard is a whole object (with its
//! `shard`) and the shards' `rows` in order are the whole's rows. `md` is for reading.

use crate::format::Format;
use crate::scenario_args::{DatasetArgs, ScenarioArgs};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::sync::Arc;
use tmo_agent::{LearnerFactory, sweep_factory};
use tmo_core::experiment::Entry;
use tmo_core::experiment::sweep::export::{self, DatasetInfo, Provenance};
use tmo_core::experiment::sweep::{
    Axis, PointResult, Values, points, run_parallel, shard, trains_once,
};

/// Options of `tmo sweep`.
#[derive(Parser, Debug)]
pub struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// What to vary: device, network, model-size, latency-budget, usage-budget, budgets (the
    /// latency × usage grid) or shape (the journal's seven generated datasets).
    #[arg(long, value_name = "AXIS", value_parser = str::parse::<Axis>)]
    over: Axis,
    /// Comma-separated values of the axis (default: every device preset; every network;
    /// 1e9,3.8e9,7e9,13e9 parameters; latency 10,20,30,40 s; usage 0.01,0.025,0.05,0.07 USD;
    /// every shape: m4a1-like, small, medium, large, more-views, more-tasks, long-dialogues).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    values: Option<Vec<String>>,
    /// Latency budgets (s) of the budget grid (default 5,15,30).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    latency_values: Option<Vec<f64>>,
    /// Usage budgets (USD) of the budget grid (default 0.005,0.02,0.05).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    usage_values: Option<Vec<f64>>,
    /// Comma-separated policy names, as for `tmo table`.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "local,cloud,random,optimal"
    )]
    policies: Vec<String>,
    /// Number of seeds (0 .. N-1).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    seeds: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Run only the I-th of N contiguous slices of the points (1 ≤ I ≤ N).
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Threads (default: every core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    threads: Option<u64>,
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{text}`: expected I/N with whole numbers 1 ≤ I ≤ N");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// Runs `tmo sweep` with the rule policies, the optimum and the learners (trained with our
/// preset), each also as `NAME+shield`.
pub fn run(args: Args) -> crate::Outcome {
    let dataset = Arc::new(args.dataset.load()?);
    let scenario = args.scenario.to_scenario(dataset.num_views())?;
    let values = match (args.over, &args.values) {
        (Axis::Budgets, Some(_)) => {
            return Err(
                "--over budgets takes --latency-values and --usage-values, not --values".into(),
            );
        }
        (Axis::Budgets, None) => {
            let (latency, usage) = tmo_core::experiment::sweep::default_budget_grid();
            Values::Grid {
                latency: args.latency_values.clone().unwrap_or(latency),
                usage: args.usage_values.clone().unwrap_or(usage),
            }
        }
        (axis, _) if args.latency_values.is_some() || args.usage_values.is_some() => {
            return Err(format!(
                "--latency-values and --usage-values are for --over budgets, not --over {axis} (use --values)"
            )
            .into());
        }
        (_, Some(list)) => Values::List(list.clone()),
        (axis, None) => Values::default_for(axis),
    };
    let all = points(args.over, &values, &dataset, &scenario)?;
    let max_actions = export::max_actions(&all);
    let (index, count) = args.shard.unwrap_or((1, 1));
    let mine = shard(all, index, count)?;
    let entries: Vec<Entry> = args.policies.iter().map(|p| Entry::every_seed(p)).collect();
    let learners = LearnerFactory::default();
    let train_once = trains_once(args.over, &scenario)?;
    let learner_configs = learners.configs_for(&args.policies);
    let bytes = std::fs::read(args.dataset.path())?;
    let provenance = Provenance {
        program: "tmo sweep",
        version: env!("CARGO_PKG_VERSION"),
        dataset: DatasetInfo::of(args.dataset.path().display().to_string(), &bytes, &dataset),
        split: args.dataset.shuffle().name(),
        seeds: args.seeds,
        axis: args.over.name(),
        values: &values,
        scenario: &scenario,
        policies: &args.policies,
        learner_configs,
        training: export::training(args.over),
        note: args.over.note(),
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n as usize,
    );
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {pos}/{len} units · ETA {eta} · {msg}",
        )?
        .progress_chars("=> "),
    );
    bar.set_message(format!("{} points on {threads} threads", mine.len()));
    let on_progress = |p: tmo_core::experiment::Progress| {
        bar.set_length(p.total);
        bar.set_position(p.done);
    };
    let factory = sweep_factory(learners, train_once);
    let results = run_parallel(
        &mine,
        args.dataset.shuffle(),
        args.seeds,
        entries,
        factory,
        threads,
        &on_progress,
    )?;
    bar.finish_and_clear();
    let text = match args.format {
        Format::Md => markdown(args.over, &results),
        Format::Csv => export::csv(&provenance, args.over, &results, index == 1, max_actions)?,
        Format::Json => export::json(&provenance, args.shard, &results)?,
    };
    print!("{text}");
    Ok(())
}

fn markdown(axis: Axis, results: &[PointResult]) -> String {
    let fields = axis.fields();
    let mut out = String::from("|");
    for f in fields {
        let _ = write!(out, " {f} |");
    }
    out.push_str(" Policy | Reward | % of optimum | Latency (s) | Usage (1e-3 USD) | Latency violation (s) | Usage violation (1e-3 USD) | Over budget |\n|");
    out.push_str(&"---|".repeat(fields.len() + 1));
    out.push_str(&"---:|".repeat(7));
    out.push('\n');
    let cell = |m: tmo_core::stats::MeanSd, scale: f64| {
        format!(" {:.3} ± {:.3} |", m.mean * scale, m.sd * scale)
    };
    let mut notes = Vec::new();
    for (values, row, table) in PointResult::rows(results) {
        out.push('|');
        for f in fields {
            let _ = write!(out, " {} |", values.text(f));
        }
        let s = &row.summary;
        let _ = write!(out, " {} |", row.policy);
        out.push_str(&cell(s.reward, 1.0));
        let _ = match row.pct_of_optimum {
            Some(p) => write!(out, " {:.1} ± {:.1} |", p.mean, p.sd),
            None => write!(out, " n/a |"),
        };
        out.push_str(&cell(s.latency, 1.0));
        out.push_str(&cell(s.usage, 1000.0));
        out.push_str(&cell(s.latency_violation, 1.0));
        out.push_str(&cell(s.usage_violation, 1000.0));
        out.push_str(&cell(s.violation_rate, 1.0));
        out.push('\n');
        let at: Vec<String> = fields.iter().map(|f| values.text(f)).collect();
        for note in table.optimum.notes() {
            let line = format!("At {}: the optimum: {note}.", at.join(" × "));
            if !notes.contains(&line) {
                notes.push(line);
            }
        }
    }
    if let Some(note) = axis.note() {
        notes.insert(0, format!("Note: {note}."));
    }
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "{n}");
        }
    }
    out
}
