//! `tmo gen-dataset` end to end: the kitchen file, synthetic shapes, flag errors.

use std::process::{Command, Output};

fn tmo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmo"))
        .arg("gen-dataset")
        .args(args)
        .output()
        .expect("the tmo binary runs")
}

#[test]
fn default_output_is_the_committed_kitchen_file() {
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../dataset/kitchen.json"
    ))
    .expect("dataset/kitchen.json exists");
    let out = tmo(&[]);
    assert!(out.status.success());
    assert!(
        out.stdout == committed,
        "stdout differs from dataset/kitchen.json"
    );
}

#[test]
fn shape_flags_make_a_synthetic_dataset_file() {
    let path = std::env::temp_dir().join(format!("tmo-gen-{}.json", std::process::id()));
    let path_text = path.to_string_lossy().into_owned();
    let out = tmo(&[
        "--views",
        "5",
        "--tasks",
        "6",
        "--turns",
        "2..4",
        "--episodes",
        "12",
        "--seed",
        "3",
        "--out",
        &path_text,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).expect("--out file written");
    std::fs::remove_file(&path).ok();
    let d = tmo_core::dataset::Dataset::from_json(&text).expect("valid dataset");
    assert_eq!((d.num_views(), d.episodes().len()), (5, 12));
    assert!(
        d.episodes()
            .iter()
            .all(|e| (2..=4).contains(&e.interactions.len()))
    );
}

#[test]
fn invalid_values_name_the_flag_and_exit_2() {
    for (args, flag) in [
        (&["--views", "11"][..], "--views"),
        (&["--tasks", "0"][..], "--tasks"),
        (&["--episodes", "0"][..], "--episodes"),
        (&["--turns", "4..2"][..], "--turns"),
        (&["--turns", "two"][..], "--turns"),
        (&["--seed=-1"][..], "--seed"),
    ] {
        let out = tmo(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
}
