//! The headline above every view: what TMO achieves on the active dataset and scenario, against
//! answering locally and calling the cloud every time, as a share of the clairvoyant optimum,
//! in one sentence from live numbers (the Compare table the worker computes), with a link to
//! the paper and to the views that show more.

use crate::comparison::{OPTIMAL, seed_list};
use crate::learned::{SHIPPED_NAME, shipped_applies};
use crate::shell::View;
use crate::state::use_lab;
use crate::worker::eval_client::{EvalSession, EvalStatus};
use crate::worker::seed_trainer::{SeedTraining, TmoSeeds};
use leptos::prelude::*;
use std::collections::BTreeSet;
use tmo_core::experiment::Row;

/// Where the paper is.
const PAPER_URL: &str = "https://arxiv.org/abs/2502.11007";

/// One policy's numbers in the sentence.
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    reward: f64,
    pct: Option<f64>,
    over_budget: f64,
}

impl Figures {
    fn of(row: &Row) -> Figures {
        Figures {
            reward: row.summary.reward.mean,
            pct: row.pct_of_optimum.map(|p| p.mean),
            over_budget: row.summary.violation_rate.mean,
        }
    }

    /// "0.78 per turn (58 % of the optimum)".
    fn earns(&self) -> String {
        match self.pct {
            Some(p) => format!("{:.2} per turn ({p:.0} % of the optimum)", self.reward),
            None => format!("{:.2} per turn", self.reward),
        }
    }

    /// ", over budget in 8 % of dialogues" or ", always within budget".
    fn budget(&self) -> String {
        if self.over_budget > 0.0 {
            format!(
                ", over budget in {:.0} % of dialogues",
                100.0 * self.over_budget
            )
        } else {
            ", always within budget".to_owned()
        }
    }
}

/// The sentence's numbers: TMO's, Local's and Cloud's, and the seeds behind them.
#[derive(Clone, Debug, PartialEq)]
struct Story {
    tmo: Option<(Figures, BTreeSet<u64>)>,
    local: Option<Figures>,
    cloud: Option<Figures>,
    seeds: u64,
}

impl Story {
    fn of(rows: &[Row], seeds: u64) -> Story {
        let find = |name: &str| rows.iter().find(|r| r.policy == name);
        Story {
            tmo: find(SHIPPED_NAME)
                .map(|r| (Figures::of(r), r.only_seeds.clone().unwrap_or_default())),
            local: find("local").map(Figures::of),
            cloud: find("cloud").map(Figures::of),
            seeds,
        }
    }
}

/// The headline.
#[component]
pub fn Headline() -> impl IntoView {
    let lab = use_lab();
    let session = EvalSession::get();
    let result = session.result.clone();
    let status = session.status.clone();
    let tmo_status = TmoSeeds::get().status;
    let warning_status = tmo_status.clone();
    let story = Memo::new(move |_| {
        result.with(|r| {
            r.as_ref()
                .filter(|e| e.table.table.rows.iter().any(|row| row.policy == OPTIMAL))
                .map(|e| Story::of(&e.table.table.rows, e.table.table.seeds))
        })
    });
    let budgets = move || {
        lab.scenario.with(|s| {
            format!(
                "{} s and {} USD per dialogue",
                s.budgets.latency_s, s.budgets.usage_usd
            )
        })
    };
    let dataset = move || lab.dataset.with(|d| d.name.clone());
    let off_default = move || {
        lab.dataset
            .with(|d| lab.scenario.with(|s| !shipped_applies(d, s)))
    };
    let sentence = move || match story.get() {
        None => {
            let failed = matches!(status.get(), EvalStatus::Failed(_));
            view! {
                <p class="headline-claim" data-state="measuring">
                    {if failed {
                        "TMO's numbers could not be measured for this scenario; Compare says why."
                    } else {
                        "Measuring TMO against answering locally, calling the cloud and the best possible…"
                    }}
                </p>
            }
            .into_any()
        }
        Some(story) => {
            let tmo = story.tmo.map(|(f, seeds)| {
                let training = match tmo_status.get() {
                    SeedTraining::Training { seed, .. } => format!(" Training seed {seed} in the background."),
                    _ => String::new(),
                };
                view! {
                    <strong data-policy="tmo" data-pct=f.pct.map(|p| format!("{p:.1}"))>
                        {format!("{SHIPPED_NAME} earns {}{}.", f.earns(), f.budget())}
                    </strong>
                    " "
                    <span class="muted" data-seeds=seeds.len().to_string()>
                        {format!("(Trained and tested per seed: {} so far.{training})", seed_list(&seeds))}
                    </span>
                    " "
                }
            });
            let rule = |name: &str, f: Option<Figures>| {
                f.map(|f| format!("{name} earns {}{}.", f.earns(), f.budget()))
            };
            view! {
                <p class="headline-claim" data-state="measured">
                    {tmo}
                    {rule("Answering every turn locally", story.local)}
                    " "
                    {rule("Calling the cloud every time", story.cloud)}
                </p>
                <p class="headline-context muted">
                    {format!(
                        "{} dataset, budgets of {}; baselines over {}. The optimum plans each dialogue knowing its future turns: a bound no turn-by-turn policy can be sure to reach.",
                        dataset(),
                        budgets(),
                        match story.seeds {
                            0 | 1 => "seed 0 (more seeds on their way)".to_owned(),
                            n => format!("seeds 0–{}", n - 1),
                        }
                    )}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="headline" aria-label="The result at a glance">
            <p class="headline-what">
                "An assistant answers each turn of a dialogue with a small local LLM (fast, free) or a cloud LLM (slow, paid), choosing which camera views to upload. TMO learns that choice within latency and cost budgets."
            </p>
            {sentence}
            {move || {
                let tmo_status = warning_status.clone();
                off_default()
                    .then(|| {
                        view! {
                            <p class="headline-warning" role="note">
                                {move || match tmo_status.get() {
                                    SeedTraining::Training { seed, fraction } => format!(
                                        "The shipped {SHIPPED_NAME} learned under the paper's default scenario, so for this one it is retrained per seed in the background (seed {seed}: {:.0} %); the numbers above are the retrained ones. ",
                                        100.0 * fraction
                                    ),
                                    _ => format!(
                                        "The shipped {SHIPPED_NAME} learned under the paper's default scenario; the numbers above are from it retrained for this one, per seed. Replay shows the shipped one. "
                                    ),
                                }}
                                <button type="button" class="link" on:click=move |_| lab.view.set(View::Train)>
                                    "Train a policy for this scenario"
                                </button>
                            </p>
                        }
                    })
            }}
            <p class="headline-links">
                <a href=PAPER_URL target="_blank" rel="noopener">"The paper (arXiv 2502.11007)"</a>
                " · "
                <button type="button" class="link" on:click=move |_| lab.view.set(View::Replay)>
                    "See TMO decide, turn by turn"
                </button>
                " · "
                <button type="button" class="link" on:click=move |_| lab.view.set(View::Compare)>
                    "The full table"
                </button>
            </p>
        </section>
    }
}
