use super::*;
use crate::dataset::Dataset;
use crate::generator::{GeneratorConfig, generate};
use crate::policy::{BaselineFactory, Shielding};
use crate::scenario::Scenario;
use std::sync::Arc;

fn kitchen() -> (Arc<Dataset>, Scenario) {
    let dataset = Arc::new(generate(&GeneratorConfig::kitchen()).unwrap());
    let mut scenario = Scenario::default_for(3);
    scenario.budgets.latency_s = 3.0; // keeps the optimum's search small
    (dataset, scenario)
}

fn entries() -> Vec<Entry> {
    ["local", "cloud", "random", "optimal", "cloud+shield"]
        .map(Entry::every_seed)
        .to_vec()
}

fn device_points() -> Vec<Point> {
    let (dataset, scenario) = kitchen();
    let values = Values::List(vec!["Jetson Nano".into(), "iPhone 15 (A16)".into()]);
    points(Axis::Device, &values, &dataset, &scenario).unwrap()
}

#[test]
fn a_point_is_the_table_job_of_its_scenario() {
    let points = device_points();
    let factory = Shielding(BaselineFactory);
    let results = SweepJob::new(points.clone(), Shuffle::Chacha8, 2, entries(), &factory)
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(results.len(), 2);
    for (point, result) in points.iter().zip(&results) {
        let direct = TableJob::new(
            point.dataset.clone(),
            point.scenario.clone(),
            Shuffle::Chacha8,
            2,
            entries(),
            &factory,
        )
        .unwrap()
        .run()
        .unwrap();
        assert_eq!(result.table, direct);
        assert_eq!(result.values, point.values);
    }
    assert_eq!(results[1].values.device.as_deref(), Some("iPhone 15 (A16)"));
    assert_eq!(PointResult::rows(&results).count(), 10);
}

#[test]
fn slices_give_the_run_to_end() {
    let points = device_points();
    let factory = Shielding(BaselineFactory);
    let whole = SweepJob::new(points.clone(), Shuffle::Chacha8, 2, entries(), &factory)
        .unwrap()
        .run()
        .unwrap();
    let mut job = SweepJob::new(points.clone(), Shuffle::Chacha8, 2, entries(), &factory).unwrap();
    let total = job.progress().total;
    let mut last = 0;
    while !job.progress().finished() {
        let p = job.advance(7).unwrap();
        assert!(p.done > last && p.done <= total);
        last = p.done;
    }
    assert_eq!(job.run().unwrap(), whole);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn threads_give_the_run_to_end_in_point_order() {
    let points = device_points();
    let factory = Shielding(BaselineFactory);
    let job = SweepJob::new(points.clone(), Shuffle::Chacha8, 2, entries(), factory).unwrap();
    let total = job.progress().total;
    let whole = job.run().unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let parallel = run_parallel(&points, Shuffle::Chacha8, 2, entries(), factory, 3, &|p| {
        seen.lock().unwrap().push(p)
    })
    .unwrap();
    assert_eq!(parallel, whole);
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len() as u64, total);
    assert!(seen.iter().any(|p| p.done == total));
}

#[test]
fn shards_concatenate_into_the_whole_and_bad_ones_are_refused() {
    let items: Vec<usize> = (0..7).collect();
    for n in 1..=9 {
        let mut joined = Vec::new();
        for i in 1..=n {
            joined.extend(shard(items.clone(), i, n).unwrap());
        }
        assert_eq!(joined, items, "{n} shards");
    }
    for (i, n) in [(0, 3), (4, 3), (1, 0)] {
        let err = shard(items.clone(), i, n).unwrap_err();
        assert!(err.contains(&format!("shard {i}/{n}")), "{err}");
    }
}

#[test]
fn axes_build_their_points_and_name_unknown_values() {
    let (dataset, scenario) = kitchen();
    let grid = Values::default_for(Axis::Budgets);
    let cells = points(Axis::Budgets, &grid, &dataset, &scenario).unwrap();
    assert_eq!(cells.len(), 9);
    assert_eq!(cells[1].scenario.budgets.latency_s, 5.0);
    assert_eq!(cells[1].scenario.budgets.usage_usd, 0.02);
    let devices = points(
        Axis::Device,
        &Values::default_for(Axis::Device),
        &dataset,
        &scenario,
    )
    .unwrap();
    assert_eq!(devices.len(), 9);
    let sizes = points(
        Axis::ModelSize,
        &Values::List(vec!["7e9".into()]),
        &dataset,
        &scenario,
    )
    .unwrap();
    assert_eq!(sizes[0].scenario.model.params, 7e9);
    assert_eq!(sizes[0].values.model_size, Some(7e9));
    let small = points(
        Axis::Shape,
        &Values::List(vec!["small".into()]),
        &dataset,
        &scenario,
    )
    .unwrap();
    assert_eq!(small[0].dataset.num_views(), 2);
    assert_eq!(small[0].scenario.network.latency_s.len(), 3);
    let err = points(
        Axis::Device,
        &Values::List(vec!["Pentium".into()]),
        &dataset,
        &scenario,
    )
    .unwrap_err();
    assert!(
        err.contains("unknown device `Pentium`") && err.contains("Jetson TX2"),
        "{err}"
    );
    let err = points(
        Axis::Network,
        &Values::List(vec!["6G".into()]),
        &dataset,
        &scenario,
    )
    .unwrap_err();
    assert!(err.contains("unknown network `6G`"), "{err}");
    let err = points(
        Axis::LatencyBudget,
        &Values::List(vec!["soon".into()]),
        &dataset,
        &scenario,
    )
    .unwrap_err();
    assert!(err.contains("`soon` is not a number"), "{err}");
    assert!("speed".parse::<Axis>().unwrap_err().contains("model-size"));
    assert_eq!("model_size".parse::<Axis>(), Ok(Axis::ModelSize));
}

#[test]
fn values_read_from_text_and_write_back() {
    let list = Values::from_text(Axis::Network, " WiFi, 4G ,", "").unwrap();
    assert_eq!(list, Values::List(vec!["WiFi".into(), "4G".into()]));
    assert_eq!(list.to_text().0, "WiFi, 4G");
    let grid = Values::from_text(Axis::Budgets, "5, 15", "0.02").unwrap();
    assert_eq!(
        grid,
        Values::Grid {
            latency: vec![5.0, 15.0],
            usage: vec![0.02]
        }
    );
    assert_eq!(
        Values::from_text(Axis::Budgets, grid.to_text().0.as_str(), "0.02").unwrap(),
        grid
    );
    let bad = Values::from_text(Axis::Budgets, "5, x", "0.02").unwrap_err();
    assert!(
        bad.contains("Latency budgets") && bad.contains("`x`"),
        "{bad}"
    );
    let empty = Values::from_text(Axis::Budgets, "5", " ").unwrap_err();
    assert!(empty.contains("Usage budgets"), "{empty}");
}

#[test]
fn the_budget_axes_train_once_and_refuse_training_around_the_evaluation() {
    let (_, mut scenario) = kitchen();
    scenario.budget_distribution = crate::BudgetDistribution::Uniform;
    assert_eq!(trains_once(Axis::Budgets, &scenario), Ok(true));
    assert_eq!(trains_once(Axis::Device, &scenario), Ok(false));
    scenario.budget_distribution = crate::BudgetDistribution::AroundEvaluation;
    assert!(trains_once(Axis::LatencyBudget, &scenario).is_err());
    assert_eq!(trains_once(Axis::Network, &scenario), Ok(false));
}

#[test]
fn a_running_sweep_shows_seed_0_at_every_point_before_seed_1_anywhere() {
    let points = device_points();
    let factory = Shielding(BaselineFactory);
    let mut job = SweepJob::new(points, Shuffle::Chacha8, 2, entries(), factory).unwrap();
    assert!(job.so_far().iter().all(Option::is_none));
    assert_eq!(job.runs_done(), 0);
    // The first point's first rows come before its seed 0 is done.
    while job.so_far()[0].is_none() {
        job.step().unwrap();
    }
    let (first, status) = job.so_far()[0].clone().unwrap();
    assert_eq!(status, PointStatus::Partial);
    assert_eq!(job.runs_done(), 1, "the first row's run");
    assert_eq!(first.values.device.as_deref(), Some("Jetson Nano"));
    assert_eq!((first.table.seeds, first.table.rows.len()), (1, 1));
    // Seed 0 everywhere, then seed 1.
    let mut seen_one_seed_everywhere = false;
    while !job.progress().finished() {
        job.step().unwrap();
        let seeds: Vec<u64> = job
            .so_far()
            .iter()
            .map(|p| p.as_ref().map_or(0, |(p, _)| p.table.seeds))
            .collect();
        if seeds.contains(&2) {
            assert!(
                seen_one_seed_everywhere,
                "seed 1 ran before seed 0 was everywhere"
            );
        }
        seen_one_seed_everywhere |= seeds.iter().all(|&s| s >= 1);
    }
    let so_far = job.so_far();
    assert!(
        so_far
            .iter()
            .all(|p| p.as_ref().unwrap().1 == PointStatus::Complete)
    );
    let whole = SweepJob::new(device_points(), Shuffle::Chacha8, 2, entries(), factory)
        .unwrap()
        .run()
        .unwrap();
    let shown: Vec<PointResult> = so_far.into_iter().map(|p| p.unwrap().0).collect();
    assert_eq!(shown, whole);
}
