//! Compare: the paper's table (SIMULATOR.md §10 metrics, mean ± sd over seeds), the baselines
//! and the trained policies, three charts, and CSV/JSON/PNG export.

use crate::charts::bars::Bars;
use crate::charts::scatter::{Bubble, Bubbles};
use crate::charts::{Chart, ChartSpec};
use crate::comparison::{Comparison, MAX_SEEDS, METRICS};
use crate::export::download_text;
use crate::state::{SeedCount, use_lab};
use leptos::prelude::*;

/// Milliseconds since the page loaded (`performance.now()`).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A finished evaluation with its timings.
#[derive(Clone, Debug, PartialEq)]
struct Evaluated {
    table: Comparison,
    baseline_ms: f64,
    total_ms: f64,
}

/// The Compare view.
#[component]
pub fn CompareView() -> impl IntoView {
    let lab = use_lab();
    let seeds = lab.seeds;
    let seeds_text = RwSignal::new(seeds.get_untracked().get().to_string());
    let seeds_error = RwSignal::new(None::<String>);
    let evaluated = Memo::new(move |_| {
        let learned = lab.learned.get();
        let n = seeds.get().get();
        // The page's seed-0 simulator is built from the same dataset and scenario.
        let seed0 = lab.simulator.get().ok();
        lab.scenario.with(|scenario| {
            lab.dataset.with(|d| {
                let started = now_ms();
                Comparison::run(&d.data, scenario, n, seed0, &learned, now_ms).map(
                    |(table, baseline_ms)| Evaluated {
                        table,
                        baseline_ms,
                        total_ms: now_ms() - started,
                    },
                )
            })
        })
    });
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
    let export = move |csv: bool| {
        let Some(Ok(e)) = evaluated.try_get_untracked() else {
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
    };
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <div class="panel compare-head">
                <div>
                    <h2 id="compare-title">"Compare policies"</h2>
                    <p class="muted">
                        "Metrics over the test split of seeds 0 to N−1 (each seed its own 80/20 split), shown as mean ± sd — the same computation as "
                        <code>"tmo table"</code>
                        ". A trained policy is evaluated only on the test split of the seed it learned from, never on episodes it trained on."
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
                    <button type="button" class="secondary" on:click=move |_| export(true)>
                        "Export CSV"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| export(false)>
                        "Export JSON"
                    </button>
                </div>
                <p id="compare-seeds-error" class="field-error" role="status">
                    {move || seeds_error.get()}
                </p>
            </div>
            {move || match evaluated.get() {
                Err(e) => view! { <p class="banner error" role="alert">{e}</p> }.into_any(),
                Ok(e) => view! { <Results evaluated=e /> }.into_any(),
            }}
        </section>
    }
}

/// The table, the skipped policies, the charts and the timing.
#[component]
fn Results(evaluated: Evaluated) -> impl IntoView {
    let Evaluated {
        table,
        baseline_ms,
        total_ms,
    } = evaluated;
    let action_headers = table.action_headers();
    let charts = chart_specs(&table);
    let skipped = table.skipped.clone();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let counts = serde_json::to_string(&row.summary.action_counts).unwrap_or_default();
            // A trained policy is evaluated on one seed: it has no spread to show.
            let single = row.trained_on.is_some();
            let metric_cells = row
                .metrics()
                .into_iter()
                .zip(METRICS)
                .map(|(m, (key, _, scale))| {
                    view! {
                        <td data-metric=key data-mean=m.mean.to_string() data-sd=m.sd.to_string()>
                            {format!("{:.3}", m.mean * scale)}
                            {(!single).then(|| view! { <span class="sd">{format!(" ± {:.3}", m.sd * scale)}</span> })}
                        </td>
                    }
                })
                .collect_view();
            let group_cells = table
                .grouped_counts(row)
                .into_iter()
                .map(|c| view! { <td class="count" data-value=c.to_string()>{format!("{c:.1}")}</td> })
                .collect_view();
            let seed_note = row
                .trained_on
                .map(|seed| view! { <small class="muted">{format!(" seed {seed} only")}</small> });
            view! {
                <tr
                    data-policy=row.policy.clone()
                    data-counts=counts
                    class:learned=row.trained_on.is_some()
                >
                    <th scope="row">{row.policy.clone()}{seed_note}</th>
                    {metric_cells}
                    {group_cells}
                </tr>
            }
        })
        .collect_view();
    let seeds = table.seeds;
    view! {
        <div class="panel table-scroll">
            <table class="metrics" data-seeds=seeds>
                <caption class="sr-only">
                    {format!("Metrics of each policy, mean ± standard deviation over {seeds} seeds")}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">"Policy"</th>
                        {METRICS
                            .iter()
                            .map(|(_, header, _)| view! { <th scope="col" rowspan="2">{*header}</th> })
                            .collect_view()}
                        <th scope="colgroup" colspan=action_headers.len()>"Actions per evaluation (mean)"</th>
                    </tr>
                    <tr>
                        {action_headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="timing muted" data-baseline-ms=baseline_ms.to_string() data-total-ms=total_ms.to_string()>
                {format!(
                    "Evaluated {seeds} seed{} in {total_ms:.0} ms (baselines {baseline_ms:.0} ms).",
                    if seeds == 1 { "" } else { "s" },
                )}
            </p>
        </div>
        {(!skipped.is_empty())
            .then(|| {
                view! {
                    <div class="banner error" role="status">
                        <p>"Trained policies left out of the table:"</p>
                        <ul>
                            {skipped
                                .into_iter()
                                .map(|s| view! { <li><strong>{s.policy}</strong>": "{s.reason}</li> })
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
fn chart_specs(table: &Comparison) -> Vec<(&'static str, &'static str, ChartSpec)> {
    let names: Vec<String> = table.rows.iter().map(|r| r.policy.clone()).collect();
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
    };
    let actions = Bars {
        value_label: "Share of decisions (%)".into(),
        categories: names,
        parts: table.action_headers(),
        values: table
            .rows
            .iter()
            .map(|r| {
                let counts = table.grouped_counts(r);
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
