//! `tmo train` end to end: the shipped policy is what its recorded command writes, options that
//! do not apply to the chosen learner are refused by name, and the file records its split.

use serde_json::Value;
use std::process::{Command, Output};

const DATASET_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dataset");

fn tmo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmo"))
        .args(args)
        .output()
        .expect("the tmo binary runs")
}

/// Runs `tmo train` on the bundled dataset with `args`, returning the policy file's text.
fn train(args: &[&str]) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!(
        "tmo-train-{}-{}",
        std::process::id(),
        args.join("_").replace(['/', '='], "-")
    ));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let out_path = dir.join("p.json");
    let kitchen = format!("{DATASET_DIR}/kitchen.json");
    let out_arg = out_path.to_string_lossy().into_owned();
    let mut all = vec!["train", "--dataset", &kitchen, "--quiet", "--out", &out_arg];
    all.extend_from_slice(args);
    let out = tmo(&all);
    let result = if out.status.success() {
        Ok(std::fs::read_to_string(&out_path).expect("the policy file"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    std::fs::remove_dir_all(&dir).ok();
    result
}

#[test]
fn the_shipped_policy_is_what_its_recorded_command_writes() {
    let shipped = std::fs::read_to_string(format!("{DATASET_DIR}/rc-ppo-kitchen.policy.json"))
        .expect("the shipped policy");
    let again = train(&["--algo", "rc-ppo", "--seed", "0"]).expect("trains");
    assert!(
        again == shipped,
        "dataset/rc-ppo-kitchen.policy.json differs from a fresh `tmo train --algo rc-ppo --seed 0`"
    );
}

#[test]
fn options_of_other_learners_are_refused_by_name() {
    let err = train(&["--algo", "ppo", "--lambda", "5"]).unwrap_err();
    assert!(
        err.contains("--lambda does not apply to ppo") && err.contains("rc-ppo"),
        "{err}"
    );
    let err = train(&["--algo", "a2c", "--set", "clip_range=0.1"]).unwrap_err();
    assert!(err.contains("clip_range") && err.contains("ppo"), "{err}");
    let err = train(&["--algo", "dqn", "--set", "no_such=1"]).unwrap_err();
    assert!(err.contains("unknown setting `no_such`"), "{err}");
    let err = train(&["--algo", "sac"]).unwrap_err();
    assert!(err.contains("unknown learner `sac`"), "{err}");
}

#[test]
fn the_file_records_the_learner_its_settings_and_its_split() {
    let text = train(&[
        "--algo",
        "rc-dqn",
        "--seed",
        "3",
        "--split",
        "python",
        "--timesteps",
        "600",
        "--set",
        "learning_starts=50",
    ])
    .expect("trains");
    let file: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(file["version"], 2);
    assert_eq!(file["learner"], "rc-dqn");
    assert_eq!(file["config"]["algorithm"]["dqn"]["learning_starts"], 50);
    assert_eq!(file["config"]["timesteps"], 600);
    assert_eq!(file["trained_on"]["kind"], "seeded");
    assert_eq!(file["trained_on"]["shuffle"], "python");
    assert_eq!(file["trained_on"]["seed"], 3);
}
