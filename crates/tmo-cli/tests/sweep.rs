//! `tmo sweep` end to end on the kitchen dataset: rows equal `tmo table`'s for each point's
//! scenario, shards concatenate into the whole, provenance, errors.

use serde_json::Value;
use std::process::{Command, Output};

const KITCHEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dataset/kitchen.json");

fn tmo(sub: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmo"))
        .arg(sub)
        .args([
            "--dataset",
            KITCHEN,
            "--seeds",
            "1",
            "--latency-budget",
            "3",
        ])
        .args(args)
        .output()
        .expect("the tmo binary runs")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(out: Output) -> String {
    assert!(!out.status.success(), "expected a failure");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn json_rows_are_table_rows_with_the_axis_fields() {
    let policies = ["--policies", "local,cloud,random,optimal,cloud+shield"];
    let text = ok(tmo(
        "sweep",
        &[
            &[
                "--over", "network", "--values", "WiFi,4G", "--format", "json",
            ],
            &policies[..],
        ]
        .concat(),
    ));
    let sweep: Value = serde_json::from_str(&text).unwrap();
    let rows = sweep["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    for (i, network) in ["WiFi", "4G"].iter().enumerate() {
        let table: Value = serde_json::from_str(&ok(tmo(
            "table",
            &[&["--network", network, "--format", "json"], &policies[..]].concat(),
        )))
        .unwrap();
        for (j, expected) in table.as_array().unwrap().iter().enumerate() {
            let mut row = rows[i * 5 + j].as_object().unwrap().clone();
            assert_eq!(row.remove("network"), Some(Value::from(*network)));
            assert_eq!(&Value::Object(row), expected, "{network} row {j}");
        }
    }
    let p = &sweep["provenance"];
    assert_eq!(p["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(p["axis"], "network");
    assert_eq!(p["seeds"], 1);
    assert_eq!(p["scenario"]["budgets"]["latency_s"], 3.0);
    assert_eq!(p["values"]["list"], serde_json::json!(["WiFi", "4G"]));
    assert!(p["dataset"]["fnv1a_64"].as_str().unwrap().len() == 16);
    assert_eq!(sweep["shard"], Value::Null);
}

#[test]
fn csv_shards_concatenate_into_the_whole_on_any_thread_count() {
    let args = [
        "--over",
        "device",
        "--values",
        "Raspberry Pi-5,Jetson Nano,Jetson TX2,iPhone 15 (A16)",
        "--policies",
        "local,cloud,optimal",
        "--format",
        "csv",
    ];
    let whole = ok(tmo("sweep", &[&args[..], &["--threads", "1"]].concat()));
    assert!(whole.starts_with("# provenance: {"), "{whole}");
    let provenance: Value = serde_json::from_str(
        whole
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("# provenance: "),
    )
    .unwrap();
    assert_eq!(provenance["version"], env!("CARGO_PKG_VERSION"));
    let header = whole.lines().find(|l| !l.starts_with('#')).unwrap();
    assert!(
        header.starts_with("device,policy,response_score_mean"),
        "{header}"
    );
    assert_eq!(
        whole
            .lines()
            .filter(|l| l.starts_with("iPhone 15 (A16),"))
            .count(),
        3
    );
    assert_eq!(
        ok(tmo("sweep", &[&args[..], &["--threads", "3"]].concat())),
        whole
    );
    for n in ["2", "3"] {
        let joined: String = (1..=n.parse::<usize>().unwrap())
            .map(|i| {
                ok(tmo(
                    "sweep",
                    &[&args[..], &["--shard", &format!("{i}/{n}")]].concat(),
                ))
            })
            .collect();
        assert_eq!(joined, whole, "{n} shards");
    }
}

#[test]
fn json_shards_rows_make_the_whole_rows() {
    let args = [
        "--over",
        "usage-budget",
        "--values",
        "0.01,0.02,0.05",
        "--format",
        "json",
    ];
    let rows = |extra: &[&str]| -> Vec<Value> {
        let v: Value =
            serde_json::from_str(&ok(tmo("sweep", &[&args[..], extra].concat()))).unwrap();
        v["rows"].as_array().unwrap().clone()
    };
    let whole = rows(&[]);
    assert_eq!(whole.len(), 12);
    assert!(
        whole
            .iter()
            .all(|r| r["usage_budget"].is_number() && r.get("device").is_none())
    );
    let mut joined = rows(&["--shard", "1/2"]);
    joined.extend(rows(&["--shard", "2/2"]));
    assert_eq!(joined, whole);
}

#[test]
fn budget_grid_and_shape_axes() {
    let text = ok(tmo(
        "sweep",
        &[
            "--over",
            "budgets",
            "--latency-values",
            "3,6",
            "--usage-values",
            "0.01",
            "--policies",
            "local,optimal",
            "--format",
            "json",
        ],
    ));
    let v: Value = serde_json::from_str(&text).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        (
            rows[2]["latency_budget"].as_f64(),
            rows[2]["usage_budget"].as_f64()
        ),
        (Some(6.0), Some(0.01))
    );
    let md = ok(tmo(
        "sweep",
        &[
            "--over",
            "shape",
            "--values",
            "small",
            "--policies",
            "local,cloud",
        ],
    ));
    assert!(md.contains("| small | cloud |"), "{md}");
    assert!(md.contains("generated"), "{md}");
    // Ten views: 1 + 2^10 actions, one CSV column each.
    let csv = ok(tmo(
        "sweep",
        &[
            "--over",
            "shape",
            "--values",
            "more-views",
            "--policies",
            "local,cloud",
            "--format",
            "csv",
        ],
    ));
    let header = csv.lines().find(|l| !l.starts_with('#')).unwrap();
    assert!(
        header.ends_with(",action_1023,action_1024"),
        "{}",
        &header[header.len() - 40..]
    );
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("more-views,")).count(),
        2
    );
}

#[test]
fn a_learner_is_trained_once_for_the_budget_points() {
    let text = ok(tmo(
        "sweep",
        &[
            "--over",
            "latency-budget",
            "--values",
            "3,6",
            "--policies",
            "rc-a2c,rc-a2c+shield",
            "--format",
            "json",
        ],
    ));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 4);
    assert_eq!(v["provenance"]["learner_configs"]["rc-a2c"]["seed"], 0);
    assert!(
        v["provenance"]["training"]
            .as_str()
            .unwrap()
            .contains("once per seed")
    );
}

#[test]
fn errors_name_the_culprit() {
    let err = fails(tmo("sweep", &["--over", "device", "--values", "Pentium"]));
    assert!(
        err.contains("unknown device `Pentium`") && err.contains("Jetson TX2"),
        "{err}"
    );
    let err = fails(tmo("sweep", &["--over", "device", "--shard", "3/2"]));
    assert!(err.contains("expected I/N"), "{err}");
    let err = fails(tmo("sweep", &["--over", "budgets", "--values", "3"]));
    assert!(err.contains("--latency-values"), "{err}");
    let err = fails(tmo(
        "sweep",
        &["--over", "network", "--latency-values", "3"],
    ));
    assert!(err.contains("--over budgets"), "{err}");
    let err = fails(tmo("sweep", &["--over", "shape", "--values", "huge"]));
    assert!(
        err.contains("unknown shape `huge`") && err.contains("long-dialogues"),
        "{err}"
    );
    let err = fails(tmo(
        "sweep",
        &[
            "--over",
            "budgets",
            "--budget-distribution",
            "around-evaluation",
        ],
    ));
    assert!(err.contains("uniform, normal or extreme-aware"), "{err}");
}
