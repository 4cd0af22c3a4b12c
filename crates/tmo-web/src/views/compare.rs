//! Compare: the paper's table (SIMULATOR.md §10 metrics, mean ± sd over seeds, and % of the
//! clairvoyant optimum), the baselines, the optimum and the trained policies, each also shielded
//! on request, three charts, and CSV/JSON/PNG export. The table is computed by tmo-core's
//! evaluation engine in a background worker ([`EvalSession`]); the last one stays on screen,
//! with the progress of the next, until the next arrives.

use crate::charts::bars::Bars;
use crate::charts::scatter::{Bubble, Bubbles};
use crate::charts::{Chart, ChartSpec};
use crate::comparison::{
    Comparison, MAX_SEEDS, METRICS, OPTIMAL, is_shielded, metrics, seed_list, skipped_reason,
};
use crate::export::download_text;
use crate::learned::SHIPPED_NAME;
use crate::state::{SeedCount, use_lab};
use crate::views::shield_toggle::ShieldToggle;
use crate::worker::eval_client::{EvalSession, EvalStatus, Evaluated};
use crate::worker::seed_trainer::{SeedTraining, TmoSeeds};
use leptos::prelude::*;
use std::collections::BTreeSet;
use tmo_core::policy::PolicySpec;
use tmo_core::stats::MeanSd;

/// The label a row is shown under (a rule by its [`PolicySpec::label`], shielded or not; a
/// trained policy by its name) and, for a rule, what it does.
fn row_label(policy: &str) -> (String, Option<&'static str>) {
    let (base, shield) = match policy.strip_suffix("+shield") {
        Some(base) => (base, " + shield"),
        None => (policy, ""),
    };
    match base.parse::<PolicySpec>() {
        Ok(spec) => (
            format!("{}{shield}", spec.label()),
            Some(spec.description()),
        ),
        Err(_) => (policy.to_owned(), None),
    }
}

/// "57.3 %" (± sd when there are several seeds), or "n/a" when undefined.
fn pct_text(pct: Option<MeanSd>) -> (String, Option<String>) {
    match pct {
        Some(p) => (format!("{:.1} %", p.mean), Some(format!(" ± {:.1}", p.sd))),
        None => ("n/a".to_owned(), None),
    }
}

/// The Compare view.
#[component]
pub fn CompareView() -> impl IntoView {
    let lab = use_lab();
    let session = EvalSession::get();
    let seeds = lab.seeds;
    let seeds_text = RwSignal::new(seeds.get_untracked().get().to_string());
    let seeds_error = RwSignal::new(None::<String>);
    let on_seeds = move |ev| {
        let text = event_target_value(&ev);
        seeds_text.set(text.clone());
        match text.parse::<SeedCount>() {
            Ok(n) => {
                seeds_error.set(None);
                seeds.set(n);
            }
            Err(why) => seeds_error.set(Some(why)),
        }
    };
    let result = session.result.clone();
    let export = {
        let result = result.clone();
        move |csv: bool| {
            let Some(e) = result.get_untracked() else {
                return;
            };
            let saved = if csv {
                download_text("tmo-compare.csv", "text/csv", &e.table.csv_table().to_csv())
            } else {
                download_text("tmo-compare.json", "application/json", &e.table.json())
            };
            if let Err(err) = saved {
                lab.report(format!("Export failed: {err}"));
            }
        }
    };
    let status = session.status.clone();
    let has_table = {
        let result = session.result.clone();
        move || result.with(Option::is_some)
    };
    // The session holds the worker bridge (not `Send`): closures fetch it when they run.
    let status_view = {
        move || {
            match status.get() {
            EvalStatus::Running(p) => {
                // Before the first report the total is unknown (0): nothing is done yet.
                let pct = if p.total == 0 {
                    0.0
                } else {
                    (p.fraction() * 100.0).round()
                };
                let stop = move |_| EvalSession::get().stop();
                view! {
                    <div class="eval-status" role="status" data-state="running">
                        <progress max="100" value=pct aria-label="Evaluation progress"></progress>
                        <span>
                            {format!("Evaluating in the background… {pct:.0} % (the optimum is searched for every test episode of every seed)")}
                            {has_table().then_some("; the table below fills in seed by seed.")}
                        </span>
                        <button type="button" class="secondary" on:click=stop>"Stop"</button>
                    </div>
                }
                .into_any()
            }
            EvalStatus::Stopped => {
                view! {
                    <div class="eval-status" role="status" data-state="stopped">
                        <span>"Stopped; the table below is from the last finished evaluation."</span>
                        <button type="button" class="secondary" on:click=move |_| EvalSession::get().request(lab)>"Evaluate"</button>
                    </div>
                }
                .into_any()
            }
            EvalStatus::Failed(e) => view! {
                <p class="banner error" role="alert" data-state="failed">{format!("The evaluation failed: {e}")}</p>
            }
            .into_any(),
            EvalStatus::Idle | EvalStatus::Done => ().into_any(),
        }
        }
    };
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <div class="panel compare-head">
                <div>
                    <h2 id="compare-title">"Compare policies"</h2>
                    <p class="muted">
                        "Metrics over the test split of seeds 0 to N−1 (each seed its own 80/20 split), shown as mean ± sd — the same computation as "
                        <code>"tmo table"</code>
                        ", run in a background worker. "
                        <strong>"% of optimum"</strong>
                        " is each policy's reward as a share of the optimum's on the same episodes. A trained policy is evaluated only on the test splits of the seeds it learned from, never on episodes it trained on; TMO is trained once per seed in the background, its row saying how many seeds are in."
                    </p>
                </div>
                <div class="compare-controls">
                    <label class="field">
                        <span>"Seeds"</span>
                        <input
                            id="compare-seeds"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=MAX_SEEDS
                            prop:value=move || seeds_text.get()
                            on:input=on_seeds
                            aria-invalid=move || seeds_error.with(Option::is_some).to_string()
                            aria-describedby="compare-seeds-error"
                        />
                    </label>
                    <button type="button" class="secondary" on:click={
                        let export = export.clone();
                        move |_| export(true)
                    }>
                        "Export CSV"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| export(false)>
                        "Export JSON"
                    </button>
                </div>
                <p id="compare-seeds-error" class="field-error" role="status">
                    {move || seeds_error.get()}
                </p>
                <ShieldToggle id="shield-toggle" effect="Adds each policy shielded (NAME+shield)" />
            </div>
            {status_view}
            <TmoSeedsStatus />
            {move || match result.get() {
                None => view! { <p class="muted panel" data-state="waiting">"Computing the table…"</p> }.into_any(),
                Some(e) => view! { <Results evaluated=e /> }.into_any(),
            }}
        </section>
    }
}

/// The table, the skipped policies, the charts and the timing.
#[component]
fn Results(evaluated: Evaluated) -> impl IntoView {
    let Evaluated {
        table,
        elapsed_ms,
        wall_ms,
        complete,
        ..
    } = evaluated;
    let action_headers = table.action_headers();
    let charts = chart_specs(&table);
    let seeds = table.table.seeds;
    let skipped: Vec<(String, String)> = table
        .table
        .skipped
        .iter()
        .map(|s| (s.policy.clone(), skipped_reason(s, seeds)))
        .collect();
    let optimum_caveats = table.table.optimum.notes();
    let rows = table
        .table
        .rows
        .iter()
        .map(|row| {
            let counts = serde_json::to_string(&row.summary.action_counts).unwrap_or_default();
            // A trained policy evaluated on one seed has no spread to show.
            let single = row.only_seeds.as_ref().is_some_and(|s| s.len() == 1);
            let (pct, pct_sd) = pct_text(row.pct_of_optimum);
            let metric_cells = metrics(row)
                .into_iter()
                .zip(METRICS)
                .map(|(m, (key, _, scale))| {
                    let cell = view! {
                        <td data-metric=key data-mean=m.mean.to_string() data-sd=m.sd.to_string()>
                            {format!("{:.3}", m.mean * scale)}
                            {(!single).then(|| view! { <span class="sd">{format!(" ± {:.3}", m.sd * scale)}</span> })}
                        </td>
                    };
                    // % of optimum right after the reward.
                    let pct_cell = (key == "reward").then(|| {
                        let p = row.pct_of_optimum;
                        view! {
                            <td
                                data-metric="pct_of_optimum"
                                data-mean=p.map(|p| p.mean.to_string()).unwrap_or_default()
                                data-sd=p.map(|p| p.sd.to_string()).unwrap_or_default()
                            >
                                {pct.clone()}
                                {pct_sd.clone().filter(|_| !single).map(|sd| view! { <span class="sd">{sd}</span> })}
                            </td>
                        }
                    });
                    view! { {cell}{pct_cell} }
                })
                .collect_view();
            let group_cells = table
                .grouped_counts(row)
                .into_iter()
                .map(|c| view! { <td class="count" data-value=c.to_string()>{format!("{c:.1}")}</td> })
                .collect_view();
            let seed_note = row.only_seeds.as_ref().map(|s| {
                let text = if s.len() as u64 == seeds {
                    format!(" {} seeds", s.len())
                } else {
                    format!(" {} only", seed_list(s))
                };
                view! { <small class="muted" data-seeds=s.len().to_string()>{text}</small> }
            });
            let (label, description) = row_label(&row.policy);
            let note = description
                .map(|d| view! { <small class="muted row-note">{d}</small> });
            view! {
                <tr
                    data-policy=row.policy.clone()
                    data-counts=counts
                    class:learned=row.only_seeds.is_some()
                    class:optimal=row.policy == OPTIMAL
                    class:shielded=is_shielded(&row.policy)
                >
                    <th scope="row">{label}{seed_note}{note}</th>
                    {metric_cells}
                    {group_cells}
                </tr>
            }
        })
        .collect_view();
    let headers = METRICS
        .iter()
        .map(|(key, header, _)| {
            let pct = (*key == "reward").then(|| {
                let mark = if optimum_caveats.is_empty() { "" } else { "†" };
                view! { <th scope="col" rowspan="2" data-col="pct_of_optimum">{format!("% of optimum{mark}")}</th> }
            });
            view! { <th scope="col" rowspan="2">{*header}</th>{pct} }
        })
        .collect_view();
    view! {
        <div class="panel table-scroll">
            <table class="metrics" data-seeds=seeds data-complete=complete.to_string()>
                <caption class="sr-only">
                    {format!("Metrics of each policy, mean ± standard deviation over {seeds} seeds")}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">"Policy"</th>
                        {headers}
                        <th scope="colgroup" colspan=action_headers.len()>"Actions per evaluation (mean)"</th>
                    </tr>
                    <tr>
                        {action_headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {optimum_caveats
                .into_iter()
                .map(|note| view! { <p class="small muted">{format!("† The optimum: {note}.")}</p> })
                .collect_view()}
            {if complete {
                view! {
                    <p class="timing muted" data-total-ms=elapsed_ms.to_string() data-wall-ms=wall_ms.to_string()>
                        {format!(
                            "Evaluated {seeds} seed{} with the optimum in {elapsed_ms:.0} ms in the background worker.",
                            if seeds == 1 { "" } else { "s" },
                        )}
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p class="timing muted" data-partial-ms=wall_ms.to_string()>
                        {format!(
                            "So far: seed{} 0{} ({wall_ms:.0} ms); the other seeds are being evaluated.",
                            if seeds == 1 { "" } else { "s" },
                            if seeds == 1 { String::new() } else { format!(" to {}", seeds - 1) },
                        )}
                    </p>
                }
                .into_any()
            }}
        </div>
        {(!skipped.is_empty())
            .then(|| {
                view! {
                    <div class="banner error" role="status">
                        <p>"Trained policies left out of the table:"</p>
                        <ul>
                            {skipped
                                .into_iter()
                                .map(|(policy, reason)| view! { <li><strong>{policy}</strong>": "{reason}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
        <div class="charts">
            {charts
                .into_iter()
                .map(|(name, title, spec)| {
                    view! { <Chart title=title name=name spec=Signal::stored(spec) /> }
                })
                .collect_view()}
        </div>
    }
}

/// Reward by policy, action distribution, latency against quality (cost as marker size).
fn chart_specs(shown: &Comparison) -> Vec<(&'static str, &'static str, ChartSpec)> {
    let table = &shown.table;
    let names: Vec<String> = table.rows.iter().map(|r| r.policy.clone()).collect();
    let optimum = table
        .rows
        .iter()
        .find(|r| r.policy == OPTIMAL)
        .map(|r| ("optimum".to_owned(), r.summary.reward.mean));
    let reward = Bars {
        value_label: "Reward per step (mean ± sd)".into(),
        categories: names.clone(),
        parts: vec!["Reward".into()],
        values: table
            .rows
            .iter()
            .map(|r| vec![r.summary.reward.mean])
            .collect(),
        whiskers: Some(table.rows.iter().map(|r| r.summary.reward.sd).collect()),
        reference: optimum,
        annotations: Some((
            "% of optimum".into(),
            table
                .rows
                .iter()
                .map(|r| {
                    r.pct_of_optimum
                        .map_or("n/a".to_owned(), |p| format!("{:.0} %", p.mean))
                })
                .collect(),
        )),
    };
    let actions = Bars {
        value_label: "Share of decisions (%)".into(),
        categories: names,
        parts: shown.action_headers(),
        reference: None,
        annotations: None,
        values: table
            .rows
            .iter()
            .map(|r| {
                let counts = shown.grouped_counts(r);
                let total: f64 = counts.iter().sum();
                counts
                    .iter()
                    .map(|c| if total > 0.0 { 100.0 * c / total } else { 0.0 })
                    .collect()
            })
            .collect(),
        whiskers: None,
    };
    let tradeoff = Bubbles {
        x_label: "Latency per episode (s)".into(),
        y_label: "Response score".into(),
        size_label: "Usage (1e-3 USD)".into(),
        points: table
            .rows
            .iter()
            .map(|r| Bubble {
                label: r.policy.clone(),
                x: r.summary.latency.mean,
                y: r.summary.response_score.mean,
                size: r.summary.usage.mean * 1000.0,
            })
            .collect(),
    };
    vec![
        (
            "reward-by-policy",
            "Reward by policy",
            ChartSpec::Bars(reward),
        ),
        (
            "action-distribution",
            "Action distribution",
            ChartSpec::Bars(actions),
        ),
        (
            "latency-vs-quality",
            "Latency against quality (marker size: usage cost)",
            ChartSpec::Bubbles(tradeoff),
        ),
    ]
}

/// What the background training of TMO per seed is doing.
#[component]
fn TmoSeedsStatus() -> impl IntoView {
    let tmo = TmoSeeds::get();
    let (files, status) = (tmo.files, tmo.status);
    move || {
        let have = files.with(|f| f.keys().copied().collect::<BTreeSet<u64>>());
        match status.get() {
            SeedTraining::Idle => ().into_any(),
            SeedTraining::Training { seed, fraction } => view! {
                <div class="eval-status" role="status" data-state="tmo-training" data-seed=seed.to_string()>
                    <progress max="100" value=(fraction * 100.0).round() aria-label="TMO training progress"></progress>
                    <span>{format!(
                        "Training {SHIPPED_NAME} on seed {seed}'s training split in the background ({:.0} %); its row has {} so far and gains each seed as it is trained.",
                        fraction * 100.0,
                        seed_list(&have)
                    )}</span>
                </div>
            }
            .into_any(),
            SeedTraining::Failed(e) => view! {
                <p class="banner error" role="alert" data-state="tmo-failed">
                    {format!("{SHIPPED_NAME} could not be trained here: {e}")}
                </p>
            }
            .into_any(),
        }
    }
}
