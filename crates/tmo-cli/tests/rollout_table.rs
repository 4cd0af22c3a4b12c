//! `tmo rollout` and `tmo table` end to end: output shape, golden parity of a rollout on M4A1
//! (skipped when `../shared` is absent), and errors with exit code 2.

use serde_json::Value;
use std::process::{Command, Output};

const KITCHEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dataset/kitchen.json");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn tmo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmo"))
        .args(args)
        .output()
        .expect("the tmo binary runs")
}

fn lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// What `tmo table --dataset KITCHEN ARGS --format FORMAT` prints (it must succeed).
fn kitchen_table(args: &[&str], format: &str) -> String {
    let mut all = vec!["table", "--dataset", KITCHEN];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", format]);
    let out = tmo(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The rows `tmo table --dataset KITCHEN ARGS --format json` prints.
fn kitchen_table_json(args: &[&str]) -> Vec<Value> {
    let rows: Value = serde_json::from_str(&kitchen_table(args, "json")).unwrap();
    rows.as_array().expect("an array of rows").clone()
}

#[test]
fn rollout_prints_running_totals_per_step() {
    let out = tmo(&[
        "rollout",
        "--dataset",
        KITCHEN,
        "--seed",
        "2",
        "--policy",
        "random",
        "--rc",
    ]);
    let steps = lines(&out);
    assert!(steps.len() > 40);
    let mut prev: Option<&Value> = None;
    for s in &steps {
        assert_eq!(s["obs"].as_array().unwrap().len(), 27);
        match prev {
            Some(p) if p["episode_id"] == s["episode_id"] => {
                assert_eq!(s["step"].as_u64().unwrap(), p["step"].as_u64().unwrap() + 1);
                assert!(
                    s["total_latency"].as_f64().unwrap() > p["total_latency"].as_f64().unwrap()
                );
            }
            _ => assert_eq!(s["step"], 0),
        }
        prev = Some(s);
    }
}

#[test]
fn rollout_matches_the_golden_cycle_policy_on_m4a1() {
    let (Ok(golden), true) = (
        std::fs::read_to_string(format!("{SHARED}/golden/golden_env.json")),
        std::path::Path::new(&format!("{SHARED}/m4a1/M4A1.json")).exists(),
    ) else {
        eprintln!("SKIPPED: {SHARED} is absent; this test needs the golden file and M4A1");
        return;
    };
    let golden: Value = serde_json::from_str(&golden).unwrap();
    let list = |key: &str| {
        let ids: Vec<String> = golden["split"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.to_string())
            .collect();
        ids.join(",")
    };
    let (train, test) = (list("train_ids"), list("test_ids"));
    let data = format!("{SHARED}/m4a1/M4A1.json");
    let out = tmo(&[
        "rollout",
        "--dataset",
        &data,
        "--train-ids",
        &train,
        "--test-ids",
        &test,
        "--policy",
        "sequence:0,1,2,3,4,5,6,7,8",
        "--format",
        "jsonl",
    ]);
    let ours = lines(&out);
    let theirs: Vec<&Value> = golden["test_rollouts"]["rollouts"]["rc=False/cycle_0_8"]["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["steps"].as_array().unwrap())
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for (o, g) in ours.iter().zip(theirs) {
        assert_eq!(o["action"], g["action"]);
        assert_eq!(o["obs"].as_array().unwrap().len(), 25);
        for (a, b) in o["obs"]
            .as_array()
            .unwrap()
            .iter()
            .zip(g["obs"].as_array().unwrap())
        {
            assert_eq!(a.as_f64(), b.as_f64());
        }
        let close = |k: &str, want: f64| {
            let got = o[k].as_f64().unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{k}: {got} vs {want}"
            );
        };
        close("response_score", g["knn"]["idw_all_ties"].as_f64().unwrap());
        close(
            "association_score",
            g["association_score"].as_f64().unwrap(),
        );
        close("total_latency", g["total_latency"].as_f64().unwrap());
        close("total_usage", g["total_usage"].as_f64().unwrap());
    }
}

#[test]
fn rollout_plays_the_optimum_and_shielded_rules() {
    let rollout = |policy: &str| {
        lines(&tmo(&[
            "rollout",
            "--dataset",
            KITCHEN,
            "--policy",
            policy,
            "--latency-budget",
            "12",
            "--usage-budget",
            "0.02",
        ]))
    };
    for policy in ["optimal", "cloud+shield", "all-views+shield"] {
        let steps = rollout(policy);
        assert!(steps.len() > 40, "{policy}");
        for s in &steps {
            assert!(
                s["total_latency"].as_f64().unwrap() <= 12.0,
                "{policy}: {s}"
            );
            assert!(s["total_usage"].as_f64().unwrap() <= 0.02, "{policy}: {s}");
        }
    }
}

#[test]
fn table_json_has_one_object_per_policy() {
    let out = tmo(&[
        "table",
        "--dataset",
        KITCHEN,
        "--seeds",
        "2",
        "--policies",
        "local,greedy,optimal,cloud+shield",
        "--format",
        "json",
        // Budgets that bind keep the optimum's search small (the default ones take a minute
        // in a debug build).
        "--latency-budget",
        "12",
        "--usage-budget",
        "0.02",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["policy"], "local");
    for key in [
        "response_score",
        "association_score",
        "latency",
        "usage",
        "reward",
        "latency_violation",
        "usage_violation",
        "violation_rate",
    ] {
        for suffix in ["_mean", "_sd"] {
            assert!(rows[1][format!("{key}{suffix}")].is_f64(), "{key}{suffix}");
        }
    }
    assert_eq!(rows[0]["association_score_mean"], 0.0);
    assert!(rows[1]["reward_mean"].as_f64() >= rows[0]["reward_mean"].as_f64());
    // The optimum is 100 % of itself, exact on the kitchen dataset, and within the budgets.
    let optimal = &rows[2];
    assert_eq!(optimal["pct_of_optimum_mean"].as_f64(), Some(100.0));
    assert_eq!(optimal["pct_of_optimum_sd"].as_f64(), Some(0.0));
    assert_eq!(optimal["optimum_exact"], true);
    assert_eq!(optimal["caveats"], serde_json::json!([]));
    assert_eq!(optimal["violation_rate_mean"], 0.0);
    // Within the budgets, nothing beats the optimum (greedy, ignoring them, may).
    for row in rows.iter().filter(|r| r["violation_rate_mean"] == 0.0) {
        assert!(row["pct_of_optimum_mean"].as_f64().unwrap() <= 100.0);
    }
    // The shielded cloud policy stays within the budgets (local fits them).
    assert_eq!(rows[3]["policy"], "cloud+shield");
    assert_eq!(rows[3]["violation_rate_mean"], 0.0);
    let counts = rows[0]["action_counts"].as_array().unwrap();
    assert_eq!(counts.len(), 9);
    assert!(counts[1..].iter().all(|c| c == 0.0));
    let text = kitchen_table(
        &[
            "--seeds",
            "1",
            "--policies",
            "random",
            "--latency-budget",
            "12",
            "--usage-budget",
            "0.02",
        ],
        "md",
    );
    assert!(
        text.starts_with("| Policy |")
            && text.contains("| % of optimum |")
            && text.contains("| random |"),
        "{text}"
    );
}

#[test]
fn bad_input_exits_with_code_2_and_names_the_problem() {
    let table_set = |policies, pair| {
        vec![
            "table",
            "--dataset",
            KITCHEN,
            "--policies",
            policies,
            "--set",
            pair,
        ]
    };
    for (args, needle) in [
        (
            vec!["table", "--dataset", KITCHEN, "--policies", "local,oracle"],
            "`oracle` was renamed `greedy`",
        ),
        (
            vec!["table", "--dataset", KITCHEN, "--policies", "nope+shield"],
            "unknown policy `nope`",
        ),
        (
            vec!["rollout", "--dataset", KITCHEN, "--policy", "optimal:0"],
            "optimal:NODES",
        ),
        (
            vec!["table", "--dataset", KITCHEN, "--latency-budget", "-1"],
            "budgets.latency_s",
        ),
        (vec!["table", "--dataset", KITCHEN, "--k", "0"], "`k`"),
        (
            vec!["table", "--dataset", KITCHEN, "--weights", "1,2,3"],
            "4 comma-separated",
        ),
        (vec!["table", "--dataset", KITCHEN, "--network", "6G"], "6G"),
        (
            table_set("a2c,dqn", "clip_range=0.1"),
            "--set clip_range applies to none of a2c, dqn (it applies to ppo, rc-ppo)",
        ),
        (table_set("ppo", "nope=1"), "unknown setting `nope`"),
        (table_set("local", "gamma=0.9"), "none of local is one"),
        (table_set("ppo", "seed=1"), "use --seeds"),
        (
            vec!["rollout", "--dataset", KITCHEN, "--policy", "sequence:0,99"],
            "action 99",
        ),
        (
            vec![
                "rollout",
                "--dataset",
                KITCHEN,
                "--policy",
                "local",
                "--train-ids",
                "0",
                "--test-ids",
                "0",
            ],
            "more than once",
        ),
        (
            vec![
                "rollout",
                "--dataset",
                "/nonexistent.json",
                "--policy",
                "local",
            ],
            "nonexistent",
        ),
    ] {
        let out = tmo(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn table_set_trains_each_learner_as_train_set_does() {
    let settings = ["--set", "timesteps=400", "--set", "learning_rate=0.01"];
    let mut args = vec!["--seeds", "1", "--policies", "a2c"];
    args.extend_from_slice(&settings);
    let rows = kitchen_table_json(&args);
    let reward = rows[0]["reward_mean"].as_f64().unwrap();

    let policy = std::env::temp_dir().join(format!("tmo-table-set-{}.json", std::process::id()));
    let policy_arg = policy.to_string_lossy().into_owned();
    let mut args = vec![
        "train",
        "--dataset",
        KITCHEN,
        "--algo",
        "a2c",
        "--seed",
        "0",
    ];
    args.extend_from_slice(&settings);
    args.extend_from_slice(&["--quiet", "--out", &policy_arg]);
    let out = tmo(&args);
    std::fs::remove_file(&policy).ok();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("400 steps") && printed.contains(&format!("test reward {reward:.4}")),
        "table reward {reward}; train printed {printed}"
    );
}

/// `tmo table` prints, byte for byte, what it printed before it ran on tmo-core's evaluation
/// engine (`tests/snapshots/table-kitchen-tight.*`, written by the former loop), in every format.
#[test]
fn table_output_matches_its_snapshot() {
    for format in ["md", "csv", "json"] {
        let out = tmo(&[
            "table",
            "--dataset",
            KITCHEN,
            "--policies",
            "local,cloud,random,greedy,optimal,cloud+shield,optimal:40",
            "--seeds",
            "2",
            "--latency-budget",
            "12",
            "--usage-budget",
            "0.02",
            "--format",
            format,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = format!(
            "{}/tests/snapshots/table-kitchen-tight.{format}",
            env!("CARGO_MANIFEST_DIR")
        );
        let expected = std::fs::read_to_string(&path).expect("snapshot");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{path}");
    }
}

#[test]
fn table_per_seed_gives_each_seeds_row_whose_mean_is_the_tables() {
    let table = |extra: &[&str]| {
        let mut args = vec!["--seeds", "2", "--policies", "random,greedy"];
        args.extend_from_slice(extra);
        kitchen_table_json(&args)
    };
    let (whole, per_seed) = (table(&[]), table(&["--per-seed"]));
    assert_eq!(per_seed.len(), 4, "two policies × two seeds");
    for (i, row) in whole.iter().enumerate() {
        let seeds = &per_seed[2 * i..2 * i + 2];
        let mean = seeds
            .iter()
            .map(|r| r["reward_mean"].as_f64().unwrap())
            .sum::<f64>()
            / 2.0;
        assert!((mean - row["reward_mean"].as_f64().unwrap()).abs() < 1e-12);
        assert_ne!(seeds[0]["reward_mean"], seeds[1]["reward_mean"]);
        assert!(seeds.iter().all(|r| r["reward_sd"] == 0.0));
        assert_eq!(seeds[0]["seeds"], serde_json::json!([0]));
        assert_eq!(seeds[1]["seeds"], serde_json::json!([1]));
        assert!(row.get("seeds").is_none(), "a row of every seed names none");
    }
    let md = kitchen_table(&["--seeds", "2", "--policies", "local", "--per-seed"], "md");
    assert!(
        md.contains("| local (seed 0) | 0.")
            && md.contains("| local (seed 1) | 0.")
            && !md.contains('±'),
        "{md}"
    );
}
