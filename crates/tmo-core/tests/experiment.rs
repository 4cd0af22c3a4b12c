//! The evaluation engine (`tmo_core::experiment`): its rows equal the loop `tmo table` ran
//! before it (evaluate per seed, summarise, % of optimum per seed); slices give the same table
//! as one run; the `optimal` row reuses the optimum instead of searching again; progress counts
//! every unit; limited and optional entries.

use std::cell::RefCell;
use std::sync::Arc;
use tmo_core::dataset::Dataset;
use tmo_core::experiment::{Entry, Progress, SkipReason, TableJob};
use tmo_core::generator::{GeneratorConfig, generate};
use tmo_core::policy::{BaselineFactory, Policy, PolicyError, PolicyFactory, Shielding};
use tmo_core::stats::{Summary, pct_of_optimum};
use tmo_core::{Metrics, PolicySpec, Scenario, Shuffle, Simulator, Split, evaluate};

fn kitchen() -> Arc<Dataset> {
    Arc::new(generate(&GeneratorConfig::kitchen()).expect("kitchen"))
}

/// Budgets that bind (12 s, 0.02 USD), which keep the optimum's search small.
fn tight(dataset: &Dataset) -> Scenario {
    let mut s = Scenario::default_for(dataset.num_views());
    s.budgets.latency_s = 12.0;
    s.budgets.usage_usd = 0.02;
    s
}

const NAMES: [&str; 5] = ["local", "cloud", "optimal", "greedy+shield", "random"];

fn entries() -> Vec<Entry> {
    NAMES.iter().map(|n| Entry::every_seed(n)).collect()
}

/// Records every name it is asked to build.
#[derive(Default)]
struct Recording(RefCell<Vec<String>>);

impl PolicyFactory for Recording {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        self.0.borrow_mut().push(name.to_owned());
        Shielding(BaselineFactory).build(name, seed, sim)
    }
}

#[test]
fn rows_equal_the_loop_tmo_table_ran_before() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let seeds = 2;
    let job = TableJob::new(
        dataset.clone(),
        scenario.clone(),
        Shuffle::Python,
        seeds,
        entries(),
        Shielding(BaselineFactory),
    )
    .unwrap();
    let table = job.run().unwrap();
    // The former `tmo table` loop, verbatim in substance.
    let factory = Shielding(BaselineFactory);
    let mut runs: Vec<Vec<Metrics>> = vec![Vec::new(); NAMES.len()];
    let mut optima = Vec::new();
    for seed in 0..seeds {
        let split = Split::shuffled(dataset.episodes().len(), seed, Shuffle::Python).unwrap();
        let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).unwrap());
        let optimum = evaluate(
            &sim,
            PolicySpec::Optimal {
                node_budget: 100_000,
            }
            .build(&sim, seed)
            .unwrap()
            .as_mut(),
        );
        for (name, out) in NAMES.iter().zip(&mut runs) {
            out.push(evaluate(
                &sim,
                factory.build(name, seed, &sim).unwrap().as_mut(),
            ));
        }
        optima.push(optimum);
    }
    assert_eq!(table.seeds, seeds);
    assert_eq!(table.num_views, 3);
    assert_eq!(table.rows.len(), NAMES.len());
    assert!(table.skipped.is_empty());
    for ((row, name), runs) in table.rows.iter().zip(NAMES).zip(&runs) {
        assert_eq!(row.policy, name);
        assert_eq!(row.only_seeds, None);
        assert_eq!(row.summary, Summary::of(runs), "{name}");
        assert_eq!(row.pct_of_optimum, pct_of_optimum(runs, &optima), "{name}");
    }
    assert_eq!(table.optimum, Summary::of(&optima).caveats);
    let optimal = &table.rows[2];
    assert_eq!(optimal.pct_of_optimum.unwrap().mean, 100.0);
    assert_eq!(optimal.pct_of_optimum.unwrap().sd, 0.0);
    assert_eq!(table.rows[3].summary.violation_rate.mean, 0.0, "shielded");
}

#[test]
fn slices_give_the_same_table_as_one_run_and_count_every_unit() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let seeds = 3;
    let new = || {
        TableJob::new(
            dataset.clone(),
            scenario.clone(),
            Shuffle::Chacha8,
            seeds,
            entries(),
            Shielding(BaselineFactory),
        )
        .unwrap()
    };
    let whole = new().run().unwrap();
    let test_len = Split::seeded(dataset.episodes().len(), 0)
        .unwrap()
        .test()
        .len() as u64;
    // Per seed: its simulator, one unit per test episode of the optimum, one per entry.
    let total = seeds * (1 + test_len + NAMES.len() as u64);

    let mut stepped = new();
    assert_eq!(stepped.progress(), Progress { done: 0, total });
    let mut last = 0;
    while !stepped.progress().finished() {
        let p = stepped.step().unwrap();
        assert_eq!(
            p,
            Progress {
                done: last + 1,
                total
            }
        );
        last = p.done;
    }
    assert_eq!(last, total);
    assert_eq!(
        stepped.step().unwrap(),
        Progress { done: total, total },
        "a finished job stays"
    );
    assert_eq!(stepped.table().unwrap(), whole);

    let mut sliced = new();
    let mut slices = 0;
    while !sliced.advance(7).unwrap().finished() {
        slices += 1;
    }
    assert_eq!(slices, total.div_ceil(7) - 1);
    assert_eq!(sliced.table().unwrap(), whole);
    assert_eq!(sliced.progress().fraction(), 1.0);
}

#[test]
fn a_running_job_shows_seed_0_as_it_goes_then_the_seeds_done_so_far() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let mut entries = entries();
    entries.push(Entry::trained_on("local", 1));
    let new = |seeds| {
        TableJob::new(
            dataset.clone(),
            scenario.clone(),
            Shuffle::Chacha8,
            seeds,
            entries.clone(),
            Shielding(BaselineFactory),
        )
        .unwrap()
    };
    let one = new(1).run().unwrap();
    let two = new(2).run().unwrap();
    let mut job = new(3);
    assert_eq!(job.table_so_far().unwrap().rows, vec![]);
    // Seed 0 in progress: a preview of the entries evaluated on it so far.
    while job.table_so_far().unwrap().rows.is_empty() {
        job.step().unwrap();
    }
    let preview = job.table_so_far().unwrap();
    assert_eq!((preview.seeds, preview.rows.len()), (1, 1));
    let first = &preview.rows[0];
    assert_eq!(first.summary, one.rows[0].summary);
    assert_eq!(first.pct_of_optimum, None, "the optimum is played last");
    while job.seeds_done() < 1 {
        job.step().unwrap();
    }
    // Seed 0 done: seed 1's trained entry has no row yet.
    let mut expected = one.clone();
    expected.skipped.clear();
    assert_eq!(job.table_so_far().unwrap(), expected);
    job.step().unwrap(); // part of seed 1
    assert_eq!(
        job.table_so_far().unwrap(),
        expected,
        "a seed in progress is not shown"
    );
    while job.seeds_done() < 2 {
        job.step().unwrap();
    }
    assert_eq!(job.table_so_far().unwrap(), two);
}

#[test]
fn the_optimal_row_reuses_the_optimum() {
    let dataset = kitchen();
    let recording = Recording::default();
    let table = TableJob::new(
        dataset.clone(),
        tight(&dataset),
        Shuffle::Chacha8,
        2,
        entries(),
        &recording,
    )
    .unwrap()
    .run()
    .unwrap();
    assert_eq!(table.rows[2].pct_of_optimum.unwrap().mean, 100.0);
    {
        let built = recording.0.borrow();
        assert!(!built.iter().any(|n| n == "optimal"), "{built:?}");
        assert_eq!(built.len(), 2 * (NAMES.len() - 1));
    }
    // `optimal:NODES` with another node budget is another policy, built by the factory.
    let other = TableJob::new(
        dataset.clone(),
        tight(&dataset),
        Shuffle::Chacha8,
        1,
        vec![
            Entry::every_seed("optimal:100000"),
            Entry::every_seed("optimal:5"),
        ],
        &recording,
    )
    .unwrap()
    .run()
    .unwrap();
    assert!(recording.0.borrow().iter().any(|n| n == "optimal:5"));
    assert!(!recording.0.borrow().iter().any(|n| n == "optimal:100000"));
    assert_eq!(
        other.rows[0].summary,
        Summary::of(&[table_seed0_optimum(&dataset)])
    );
    assert!(other.rows[1].summary.caveats.lower_bound);
    assert!(!other.optimum.lower_bound);
}

fn table_seed0_optimum(dataset: &Dataset) -> Metrics {
    let split = Split::seeded(dataset.episodes().len(), 0).unwrap();
    let sim = Simulator::new(dataset, &tight(dataset), &split).unwrap();
    evaluate(&sim, &mut tmo_core::policy::Optimal::default())
}

#[test]
fn limited_and_optional_entries() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let entries = vec![
        Entry::every_seed("local"),
        Entry::trained_on("local", 1),
        Entry::trained_on("local", 5),
        Entry::trained_on("no-such-policy", 0),
    ];
    let test_len = Split::seeded(dataset.episodes().len(), 0)
        .unwrap()
        .test()
        .len() as u64;
    let mut job = TableJob::new(
        dataset.clone(),
        scenario.clone(),
        Shuffle::Chacha8,
        2,
        entries,
        Shielding(BaselineFactory),
    )
    .unwrap();
    assert_eq!(job.progress().total, 2 * (1 + test_len) + 2 + 1 + 1);
    while !job.progress().finished() {
        job.step().unwrap();
    }
    let table = job.table().unwrap();
    assert_eq!(table.rows.len(), 2);
    let seed1 = &table.rows[1];
    assert_eq!(seed1.only_seeds, Some([1].into()));
    let split = Split::seeded(dataset.episodes().len(), 1).unwrap();
    let sim = Simulator::new(&dataset, &scenario, &split).unwrap();
    let local = evaluate(&sim, &mut tmo_core::policy::Local);
    let optimum = evaluate(&sim, &mut tmo_core::policy::Optimal::default());
    assert_eq!(seed1.summary, Summary::of(std::slice::from_ref(&local)));
    assert_eq!(seed1.pct_of_optimum, pct_of_optimum(&[local], &[optimum]));
    assert_eq!(table.skipped.len(), 2);
    assert_eq!(
        table.skipped[0].reason,
        SkipReason::SeedsNotEvaluated([5].into())
    );
    assert!(
        matches!(&table.skipped[1].reason, SkipReason::Failed(e) if e.contains("unknown policy"))
    );

    // A required entry that does not build fails the job, and the error stays.
    let mut failing = TableJob::new(
        dataset.clone(),
        scenario,
        Shuffle::Chacha8,
        1,
        vec![Entry::every_seed("nope")],
        BaselineFactory,
    )
    .unwrap();
    let error = failing.advance(1_000).unwrap_err();
    assert!(error.contains("unknown policy `nope`"), "{error}");
    assert_eq!(failing.step().unwrap_err(), error);
    assert!(
        TableJob::new(
            dataset,
            tight(&kitchen()),
            Shuffle::Chacha8,
            0,
            vec![],
            BaselineFactory
        )
        .is_err()
    );
}

#[test]
fn an_entry_trained_per_seed_is_one_row_over_its_seeds() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let table = TableJob::new(
        dataset.clone(),
        scenario.clone(),
        Shuffle::Chacha8,
        3,
        vec![
            Entry::every_seed("local"),
            Entry::trained_on_seeds("random", [0, 2, 7]),
        ],
        BaselineFactory,
    )
    .unwrap()
    .run()
    .unwrap();
    let row = &table.rows[1];
    assert_eq!(
        row.only_seeds,
        Some([0, 2].into()),
        "seed 7 is not in the table"
    );
    let (mut runs, mut optima) = (Vec::new(), Vec::new());
    for seed in [0, 2] {
        let split = Split::seeded(dataset.episodes().len(), seed).unwrap();
        let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).unwrap());
        runs.push(evaluate(
            &sim,
            BaselineFactory
                .build("random", seed, &sim)
                .unwrap()
                .as_mut(),
        ));
        optima.push(evaluate(&sim, &mut tmo_core::policy::Optimal::default()));
    }
    assert_eq!(row.summary, Summary::of(&runs));
    assert_eq!(row.pct_of_optimum, pct_of_optimum(&runs, &optima));
}

#[test]
fn known_optima_skip_the_search_and_change_no_number() {
    let dataset = kitchen();
    let job = || {
        TableJob::new(
            dataset.clone(),
            tight(&dataset),
            Shuffle::Chacha8,
            2,
            entries(),
            Shielding(BaselineFactory),
        )
        .unwrap()
    };
    let mut first = job();
    while !first.progress().finished() {
        first.step().unwrap();
    }
    let optima = first.optima();
    assert_eq!(optima.len(), 2);
    let mut known = std::collections::BTreeMap::new();
    known.insert(1, optima[&1].clone());
    let again = job().with_known_optima(known);
    let test_len = Split::seeded(dataset.episodes().len(), 1)
        .unwrap()
        .test()
        .len() as u64;
    assert_eq!(again.progress().total, first.progress().total - test_len);
    assert_eq!(again.run().unwrap(), first.table().unwrap());
}

#[test]
fn one_episode_traced_alone_is_the_evaluation_s_trace_of_it() {
    let dataset = kitchen();
    let scenario = tight(&dataset);
    let split = Split::seeded(dataset.episodes().len(), 0).unwrap();
    let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).unwrap());
    for name in ["local", "greedy+shield", "optimal"] {
        let build = || Shielding(BaselineFactory).build(name, 0, &sim).unwrap();
        let (_, traces) = tmo_core::evaluate_with_traces(&sim, build().as_mut());
        for (trace, &position) in traces.iter().zip(split.test()).take(5) {
            assert_eq!(
                &tmo_core::trace_episode(&sim, build().as_mut(), position),
                trace,
                "{name}"
            );
        }
    }
    // A training episode plays too.
    let train = split.train()[0];
    let alone = tmo_core::trace_episode(&sim, &mut tmo_core::policy::Local, train);
    assert_eq!(alone.episode_id, sim.episode(train).id);
    assert_eq!(
        alone.steps.len(),
        dataset.episodes()[train].interactions.len()
    );
}
