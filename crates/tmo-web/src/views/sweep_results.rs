//! The latest sweep's results: a chart of the chosen metric against the axis (a line per
//! policy, ± sd bands, learners highlighted), or for the budget grid heat maps of a policy's
//! share of the optimum and violations per cell; the numbers as a table under each chart,
//! and CSV/JSON export (PNG is on each chart).

use crate::charts::{Chart, ChartSpec};
use crate::state::use_lab;
use crate::sweep_charts::{SweepMetric, heatmap, lines, policy_label};
use crate::sweep_export::download;
use crate::sweep_settings::is_learner;
use crate::worker::sweep_client::{SweepRun, SweepSession};
use leptos::prelude::*;
use tmo_core::experiment::sweep::Axis;

/// The policy whose heat maps are shown first: the first learner, else the first policy that
/// is not the optimum.
fn default_heatmap_policy(policies: &[String]) -> String {
    policies
        .iter()
        .find(|p| is_learner(p))
        .or_else(|| policies.iter().find(|p| *p != "optimal"))
        .or(policies.first())
        .cloned()
        .unwrap_or_default()
}

/// The results of the latest sweep, filling in as its points arrive.
#[component]
pub fn SweepResults() -> impl IntoView {
    let run = SweepSession::get().run;
    // What the layout depends on: rebuilt for a sweep of another kind, not for every point
    // (so the metric and policy chosen stay while the points arrive).
    let layout = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .map(|r| (r.sweep.axis == Axis::Budgets, r.sweep.policies.clone()))
        })
    });
    move || {
        let Some((is_grid, _)) = layout.get() else {
            return view! {
                <p class="muted panel" data-state="empty">
                    "No sweep yet: pick a preset, or choose what to vary and press Run."
                </p>
            }
            .into_any();
        };
        let body = if is_grid {
            view! { <GridCharts /> }.into_any()
        } else {
            view! { <AxisChart /> }.into_any()
        };
        view! {
            <div class="panel sweep-results">
                <SweepSummary />
                {body}
            </div>
        }
        .into_any()
    }
}

/// What ran, how long it took, the axis's note and the exports.
#[component]
fn SweepSummary() -> impl IntoView {
    let lab = use_lab();
    let run = SweepSession::get().run;
    let export = {
        let run = run.clone();
        move |csv: bool| {
            if let Some(r) = run.get_untracked()
                && let Err(e) = download(&r, csv)
            {
                lab.report(format!("Export failed: {e}"));
            }
        }
    };
    let summary = move || {
        run.with(|r| {
            let r = r.as_ref()?;
            let s = &r.sweep;
            let first = r
                .first_ms
                .map(|ms| format!(" First point after {:.1} s.", ms / 1000.0));
            let total = r
                .elapsed_ms
                .map(|ms| format!(" Done in {:.1} s in the worker.", ms / 1000.0));
            let shown = r.shown().len();
            let complete = r.complete().len();
            let seeds = match s.seeds {
                1 => "seed 0".to_owned(),
                n => format!("seeds 0–{}", n - 1),
            };
            let text = format!(
                "{shown} point{} of {} over {seeds}; {}.{}{}",
                if shown == 1 { "" } else { "s" },
                s.axis,
                if complete == shown {
                    "all complete".to_owned()
                } else {
                    format!("{complete} complete, the others so far (seed 0 at every point first)")
                },
                first.unwrap_or_default(),
                total.unwrap_or_default(),
            );
            let note = s.axis.note().map(|n| format!("Note: {n}."));
            Some(view! {
                <p
                    class="timing muted"
                    data-points=shown
                    data-complete=complete
                    data-first-ms=r.first_ms.map(|v| v.to_string())
                    data-total-ms=r.elapsed_ms.map(|v| v.to_string())
                >
                    {text}
                </p>
                {note.map(|n| view! { <p class="small muted sweep-note">{n}</p> })}
            })
        })
    };
    view! {
        <div class="sweep-head">
            {summary}
            <div class="sweep-exports">
                <button type="button" class="secondary" id="sweep-csv" on:click={
                    let export = export.clone();
                    move |_| export(true)
                }>
                    "Export CSV"
                </button>
                <button type="button" class="secondary" id="sweep-json" on:click=move |_| export(false)>
                    "Export JSON"
                </button>
            </div>
        </div>
    }
}

/// The chosen metric against the axis.
#[component]
fn AxisChart() -> impl IntoView {
    let run = SweepSession::get().run;
    let metric = RwSignal::new(SweepMetric::Reward);
    let spec = Signal::derive(move || {
        run.with(|r| {
            let r: &SweepRun = r.as_ref()?;
            let s = &r.sweep;
            Some(ChartSpec::SweepLines(lines(
                s.axis,
                &s.values,
                &s.policies,
                &r.shown(),
                metric.get(),
            )))
        })
        .unwrap_or(ChartSpec::SweepLines(lines(
            Axis::Network,
            &tmo_core::experiment::sweep::Values::List(Vec::new()),
            &[],
            &[],
            SweepMetric::Reward,
        )))
    });
    let switch = SweepMetric::ALL
        .map(|m| {
            view! {
                <label class="chip-toggle" data-metric=m.key()>
                    <input
                        type="radio"
                        name="sweep-metric"
                        prop:checked=move || metric.get() == m
                        on:change=move |_| metric.set(m)
                    />
                    <span>{m.label()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="policy-picker metric-switch">
            <legend>"Show"</legend>
            {switch}
        </fieldset>
        {move || {
            let m = metric.get();
            view! {
                <Chart
                    title=format!("{} against the axis (mean ± sd over seeds; ★ learned)", m.label())
                    name=format!("sweep-{}", m.key())
                    spec=spec
                    open=true
                />
            }
        }}
    }
}

/// The budget grid: a policy's share of the optimum and its violations per cell.
#[component]
fn GridCharts() -> impl IntoView {
    let run = SweepSession::get().run;
    let policies = {
        let run = run.clone();
        move || {
            run.with(|r| {
                r.as_ref()
                    .map(|r| r.sweep.policies.clone())
                    .unwrap_or_default()
            })
        }
    };
    let chosen = RwSignal::new(default_heatmap_policy(&policies()));
    let map = move |metric: SweepMetric| {
        let run = run.clone();
        Signal::derive(move || {
            let policy = chosen.get();
            run.with(|r| {
                let (values, shown) = r
                    .as_ref()
                    .map(|r| (r.sweep.values.clone(), r.shown()))
                    .unwrap_or((
                        tmo_core::experiment::sweep::Values::List(Vec::new()),
                        Vec::new(),
                    ));
                ChartSpec::Heatmap(heatmap(&values, &policy, &shown, metric))
            })
        })
    };
    let options = policies()
        .into_iter()
        .map(|p| {
            let selected = {
                let p = p.clone();
                move || chosen.get() == p
            };
            view! { <option value=p.clone() selected=selected>{policy_label(&p)}</option> }
        })
        .collect_view();
    let share = map(SweepMetric::PctOfOptimum);
    let violations = map(SweepMetric::Violations);
    view! {
        <div class="field heatmap-policy">
            <label for="sweep-heatmap-policy">"Policy in the heat maps"</label>
            <select id="sweep-heatmap-policy" on:change=move |ev| chosen.set(event_target_value(&ev))>
                {options}
            </select>
        </div>
        <div class="charts heatmaps">
            <Chart
                title="Reward as % of the optimum per budget cell"
                name="sweep-grid-pct-of-optimum"
                spec=share
                open=true
            />
            <Chart
                title="Episodes over a budget (%) per budget cell"
                name="sweep-grid-violations"
                spec=violations
                open=true
            />
        </div>
    }
}
