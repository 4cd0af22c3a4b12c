//! The learners on the synthetic task: they learn, respect budgets with the penalty, and the
//! same seed gives the same weights.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tmo_agent::toy::ToyTask;
use tmo_agent::{Environment, Learner, LearnerConfig, Preset, Trainer};

fn train(config: LearnerConfig) -> Trainer<ToyTask> {
    let envs = vec![ToyTask::default(); config.n_envs];
    let mut t = Trainer::new(config, envs).unwrap();
    t.run_to_end(1000, |_| {});
    t
}

/// Mean episode reward and share of episodes over budget of the greedy policy.
fn greedy_score(t: &Trainer<ToyTask>) -> (f32, f32) {
    let policy = t.policy();
    let mut env = ToyTask::default();
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut obs = vec![0.0; env.obs_len()];
    let (mut total, mut over) = (0.0, 0);
    let episodes = 200;
    for _ in 0..episodes {
        env.reset(&mut rng, &mut obs);
        loop {
            let step = env.step(policy.act(&obs), &mut obs);
            total += step.reward;
            if let Some(end) = step.end {
                over += usize::from(end.over_budget);
                break;
            }
        }
    }
    (total / episodes as f32, over as f32 / episodes as f32)
}

/// `name`'s configuration of our preset, for `timesteps` steps.
fn config(name: &str, timesteps: u64) -> LearnerConfig {
    LearnerConfig {
        timesteps,
        ..name.parse::<Learner>().unwrap().config(Preset::Ours)
    }
}

#[test]
fn a2c_learns_the_toy_task() {
    let t = train(config("a2c", 20_000));
    let p = t.progress();
    assert!(p.finished && p.timesteps >= 20_000);
    let (reward, _) = greedy_score(&t);
    // Always-free action 0 scores 0; good choices score about 0.3–0.5 per turn.
    assert!(reward > 0.8, "greedy reward {reward}");
}

#[test]
fn the_penalty_keeps_the_policy_within_budget() {
    let t = train(config("rc-a2c", 20_000));
    let (reward, over) = greedy_score(&t);
    assert!(over == 0.0, "over budget in {over} of episodes");
    assert!(reward > 0.5, "greedy reward {reward}");
}

#[test]
fn same_seed_same_weights_and_another_seed_differs() {
    for name in ["rc-ppo", "rc-a2c", "rc-dqn"] {
        let config = config(name, 800);
        let a = train(config.clone()).networks();
        let b = train(config.clone()).networks();
        let c = train(LearnerConfig { seed: 1, ..config }).networks();
        assert_eq!(a, b, "{name}");
        assert_ne!(a, c, "{name}");
    }
}

#[test]
fn advancing_in_slices_resumes_exactly() {
    for name in ["ppo", "a2c", "dqn"] {
        let config = config(name, 800);
        let whole = train(config.clone());
        let mut sliced =
            Trainer::new(config.clone(), vec![ToyTask::default(); config.n_envs]).unwrap();
        let mut last = sliced.advance(0);
        assert_eq!(last.updates, 0);
        while !last.finished {
            let before = last.updates;
            last = sliced.advance(3);
            assert!(last.updates - before <= 3);
        }
        assert_eq!(last.timesteps, whole.progress().timesteps, "{name}");
        assert_eq!(sliced.networks(), whole.networks(), "{name}");
    }
}

#[test]
fn ppo_and_dqn_learn_the_toy_task() {
    for (name, timesteps) in [("ppo", 20_480), ("dqn", 20_000)] {
        let t = train(config(name, timesteps));
        let (reward, _) = greedy_score(&t);
        println!("{name}: greedy reward {reward}");
        assert!(reward > 0.8, "{name}: greedy reward {reward}");
    }
}

#[test]
fn every_learner_reports_its_own_metrics_and_lambda_only_when_constrained() {
    let expected: [(&str, &[&str]); 4] = [
        (
            "ppo",
            &["policy_loss", "value_loss", "entropy", "clip_fraction"],
        ),
        (
            "rc-ppo",
            &[
                "policy_loss",
                "value_loss",
                "entropy",
                "clip_fraction",
                "expected_excess",
            ],
        ),
        ("dqn", &["epsilon", "td_loss"]),
        (
            "rc-a2c",
            &["policy_loss", "value_loss", "entropy", "expected_excess"],
        ),
    ];
    for (name, metrics) in expected {
        let p = train(config(name, 2_048)).progress();
        let names: Vec<&str> = p.metrics.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, metrics, "{name}");
        assert_eq!(p.lambda.is_some(), name.starts_with("rc-"), "{name}");
        assert!(p.metrics.iter().all(|m| m.value.is_finite()), "{name}");
    }
}
