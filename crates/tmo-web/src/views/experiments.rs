//! Experiments: the paper's sweeps in the page. Choose an axis (or the budget grid), its
//! values, the policies and the seeds, or a preset that rebuilds one of the paper's figures;
//! the sweep runs in a background worker (tmo-core's sweep engine, the one `tmo sweep` runs)
//! with its progress and a Stop, and the charts fill in as the points arrive
//! ([`SweepResults`]). The settings live in the link.

use crate::comparison::MAX_SEEDS;
use crate::state::{Lab, use_lab};
use crate::sweep_charts::policy_label;
use crate::sweep_settings::{
    AXES, DISTRIBUTIONS, Field, PRESETS, SweepSettings, is_learner, policy_choices,
};
use crate::views::scenario::distribution_label;
use crate::views::sweep_results::SweepResults;
use crate::worker::sweep_client::{SweepSession, SweepStatus};
use leptos::prelude::*;
use tmo_core::experiment::sweep::Axis;

/// Checks the lab's settings and, if they do, runs the sweep (replacing one in progress).
fn run(lab: Lab) {
    let settings = lab.experiment.get_untracked();
    let dataset = lab.dataset.get_untracked();
    let scenario = lab.scenario.get_untracked();
    if let Ok(sweep) = settings.check(&dataset.data, &scenario) {
        SweepSession::get().start(sweep, &dataset);
    }
}

/// The Experiments view.
#[component]
pub fn ExperimentsView() -> impl IntoView {
    let lab = use_lab();
    let settings = lab.experiment;
    let checked = Memo::new(move |_| {
        let s = settings.get();
        lab.dataset
            .with(|d| lab.scenario.with(|sc| s.check(&d.data, sc).map(drop)))
    });
    let invalid = move |field: Field| {
        move || {
            checked
                .with(|c| c.as_ref().err().is_some_and(|e| e.field == field))
                .to_string()
        }
    };
    let edit = move |f: fn(&mut SweepSettings, String)| {
        move |ev| {
            let text = event_target_value(&ev);
            settings.update(|s| f(s, text));
        }
    };
    let presets = PRESETS
        .map(|(name, _)| {
            let apply = move |_| {
                if let Some(preset) = SweepSettings::preset(name) {
                    settings.set(preset);
                    run(lab);
                }
            };
            view! {
                <button type="button" class="secondary" data-preset=name on:click=apply>
                    {name}
                </button>
            }
        })
        .collect_view();
    let axis_options = AXES
        .map(|(axis, label)| {
            view! {
                <option value=axis.name() selected=move || settings.with(|s| s.axis == axis)>
                    {label}
                </option>
            }
        })
        .collect_view();
    let policy_toggles = policy_choices()
        .into_iter()
        .map(|name| {
            let id = format!("sweep-policy-{}", name.replace('/', "-"));
            let checked = {
                let name = name.clone();
                move || settings.with(|s| s.policies.contains(&name))
            };
            let toggle = {
                let name = name.clone();
                move |_| {
                    settings.update(|s| {
                        if let Some(i) = s.policies.iter().position(|p| *p == name) {
                            s.policies.remove(i);
                        } else {
                            // Kept in the offered order, so links and charts read the same.
                            s.policies.push(name.clone());
                            let order = policy_choices();
                            s.policies
                                .sort_by_key(|p| order.iter().position(|o| o == p));
                        }
                    });
                }
            };
            view! {
                <label class="chip-toggle" data-policy=name.clone()>
                    <input type="checkbox" id=id prop:checked=checked on:change=toggle />
                    <span>{policy_label(&name)}{is_learner(&name).then_some(" ★")}</span>
                </label>
            }
        })
        .collect_view();
    let is_grid = move || settings.with(|s| s.axis == Axis::Budgets);
    view! {
        <section class="experiments" aria-labelledby="experiments-title">
            <div class="panel">
                <h2 id="experiments-title">"Experiments"</h2>
                <p class="muted">
                    "Sweep one thing — the local device, the network, the local model's size, a budget, the budget grid or the shape of the problem — and evaluate the policies over seeds at every point: each point is "
                    <code>"tmo table"</code>
                    " for its scenario (learners trained per point and seed; on the budget axes once per seed, then evaluated at every point), computed by the same engine as "
                    <code>"tmo sweep"</code>
                    " in a background worker. Other scenario settings come from the Scenario view."
                </p>
                <div class="presets" role="group" aria-label="The paper's figures">
                    <span class="muted">"The paper's figures:"</span>
                    {presets}
                </div>
                <div class="form-grid sweep-form">
                    <div class="field">
                        <label for="sweep-axis">"Vary"</label>
                        <select
                            id="sweep-axis"
                            on:change=move |ev| {
                                if let Ok(axis) = event_target_value(&ev).parse::<Axis>() {
                                    settings.update(|s| *s = s.with_axis(axis));
                                }
                            }
                        >
                            {axis_options}
                        </select>
                        <small class="hint">
                            {move || settings.with(|s| s.axis.note().map(|n| format!("Note: {n}.")))}
                        </small>
                    </div>
                    <div class="field">
                        <label for="sweep-values">
                            {move || if is_grid() { "Latency budgets (s)" } else { "Values (comma-separated)" }}
                        </label>
                        <input
                            type="text"
                            id="sweep-values"
                            prop:value=move || settings.with(|s| s.values.clone())
                            on:input=edit(|s, t| s.values = t)
                            aria-invalid=invalid(Field::Values)
                            aria-describedby="sweep-error"
                        />
                    </div>
                    <div class="field" class:hidden=move || !is_grid()>
                        <label for="sweep-usage">"Usage budgets (USD)"</label>
                        <input
                            type="text"
                            id="sweep-usage"
                            prop:value=move || settings.with(|s| s.usage.clone())
                            on:input=edit(|s, t| s.usage = t)
                            aria-invalid=invalid(Field::Usage)
                            aria-describedby="sweep-error"
                        />
                    </div>
                    <div class="field" class:hidden=move || !settings.with(SweepSettings::has_distribution)>
                        <label for="sweep-distribution">"Training budget distribution"</label>
                        <select
                            id="sweep-distribution"
                            on:change=move |ev| {
                                if let Ok(d) = event_target_value(&ev).parse() {
                                    settings.update(|s| s.distribution = d);
                                }
                            }
                        >
                            {DISTRIBUTIONS
                                .map(|d| {
                                    view! {
                                        <option value=d.name() selected=move || settings.with(|s| s.distribution == d)>
                                            {distribution_label(d)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <small class="hint">"Learners train once per seed with budgets drawn this way, then play every point."</small>
                    </div>
                    <div class="field">
                        <label for="sweep-seeds">"Seeds"</label>
                        <input
                            type="number"
                            id="sweep-seeds"
                            inputmode="numeric"
                            min="1"
                            max=MAX_SEEDS
                            prop:value=move || settings.with(|s| s.seeds.clone())
                            on:input=edit(|s, t| s.seeds = t)
                            aria-invalid=invalid(Field::Seeds)
                            aria-describedby="sweep-error"
                        />
                    </div>
                </div>
                <fieldset class="policy-picker" id="sweep-policies" aria-invalid=invalid(Field::Policies)>
                    <legend>"Policies (learners ★ are trained per seed, which takes longest)"</legend>
                    {policy_toggles}
                </fieldset>
                <p id="sweep-error" class="field-error" role="alert" data-field=move || {
                    checked.with(|c| c.as_ref().err().map(|e| e.field.id()))
                }>
                    {move || checked.with(|c| c.as_ref().err().map(|e| e.message.clone()))}
                </p>
                <div class="train-actions">
                    <button
                        type="button"
                        class="primary"
                        id="sweep-run"
                        prop:disabled=move || checked.with(Result::is_err)
                        on:click=move |_| run(lab)
                    >
                        "Run"
                    </button>
                </div>
            </div>
            <SweepStatusLine />
            <SweepResults />
        </section>
    }
}

/// The sweep's progress with Stop, or how it ended.
#[component]
fn SweepStatusLine() -> impl IntoView {
    let status = SweepSession::get().status;
    move || {
        match status.get() {
        SweepStatus::Running(p) => {
            let pct = if p.total == 0 {
                0.0
            } else {
                (p.fraction() * 100.0).round()
            };
            view! {
                <div class="eval-status" role="status" data-state="running">
                    <progress max="100" value=pct aria-label="Sweep progress"></progress>
                    <span>{format!("Running in the background… {pct:.0} % ({} of {} units)", p.done, p.total)}</span>
                    <button type="button" class="secondary" id="sweep-stop" on:click=move |_| SweepSession::get().stop()>
                        "Stop"
                    </button>
                </div>
            }
            .into_any()
        }
        SweepStatus::Stopped => view! {
            <p class="eval-status" role="status" data-state="stopped">
                "Stopped; the points computed so far stay below."
            </p>
        }
        .into_any(),
        SweepStatus::Failed(e) => view! {
            <p class="banner error" role="alert" data-state="failed">{format!("The sweep failed: {e}")}</p>
        }
        .into_any(),
        SweepStatus::Done => view! { <p class="sr-only" role="status" data-state="done">"The sweep is done."</p> }.into_any(),
        SweepStatus::Idle => ().into_any(),
    }
    }
}
