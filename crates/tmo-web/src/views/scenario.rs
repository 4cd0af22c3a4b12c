//! The Scenario view: dataset, device, network, local model, budgets, reward weights, τ and k,
//! each validated by tmo-core as typed, and the baselines re-evaluated on every change.

use crate::scenario_fields::{self, NumberField};
use crate::state::use_lab;
use crate::views::datasets::DatasetPanel;
use crate::worker::eval_client::EvalSession;
use leptos::prelude::*;
use std::sync::Arc;
use tmo_core::budget::BudgetDistribution;
use tmo_core::policy::PolicySpec;
use tmo_core::scenario::{DEVICES, Device, NETWORKS, Network, SYNTHETIC_NETWORK};
use tmo_core::{Scenario, ScenarioError};

/// Name a device or network gets once its numbers no longer match a preset.
const CUSTOM: &str = "Custom";

/// Renames the device and network to [`CUSTOM`] when their numbers left their preset's.
fn mark_custom(s: &mut Scenario) {
    if Device::preset(&s.device.name).is_some_and(|p| p != s.device) {
        s.device.name = CUSTOM.to_owned();
    }
    let views = s.network.latency_s.len().saturating_sub(1);
    if Network::preset(&s.network.name, views).is_some_and(|p| p != s.network) {
        s.network.name = CUSTOM.to_owned();
    }
}

/// Reads a field's text into the scenario's unit, or says why it cannot.
type ParseFn = Arc<dyn Fn(&str) -> Result<f64, String> + Send + Sync>;
/// The text a field shows for a scenario (`None` when the scenario has no such entry).
type ShowFn = Arc<dyn Fn(&Scenario) -> Option<String> + Send + Sync>;
/// Writes a parsed value into a scenario.
type SetFn = Arc<dyn Fn(&mut Scenario, f64) + Send + Sync>;

/// How one number input reads and writes the scenario.
#[derive(Clone)]
struct Binding {
    id: String,
    label: String,
    unit: &'static str,
    /// The field name tmo-core's errors use.
    path: String,
    parse: ParseFn,
    show: ShowFn,
    set: SetFn,
}

impl From<&'static NumberField> for Binding {
    fn from(field: &'static NumberField) -> Binding {
        Binding {
            id: format!("field-{}", field.key),
            label: field.label.to_owned(),
            unit: field.unit,
            path: field.path.to_owned(),
            parse: Arc::new(move |text| field.parse(text)),
            show: Arc::new(move |s| Some(field.text(s))),
            set: Arc::new(move |s, v| (field.set)(s, v)),
        }
    }
}

/// Entry `j` of a network table (`latency_s` or `usage_usd`).
fn network_entry(table: &'static str, j: usize, unit: &'static str) -> Binding {
    let pick = move |n: &Network| -> Vec<f64> {
        if table == "latency_s" {
            n.latency_s.clone()
        } else {
            n.usage_usd.clone()
        }
    };
    Binding {
        id: format!("field-net-{table}-{j}"),
        label: format!("{} with {j} view{}", table_label(table), plural(j)),
        unit,
        path: format!("network.{table}[{j}]"),
        parse: Arc::new(|text| {
            text.trim()
                .parse::<f64>()
                .map_err(|_| format!("“{}” is not a number", text.trim()))
        }),
        show: Arc::new(move |s| pick(&s.network).get(j).map(f64::to_string)),
        set: Arc::new(move |s, v| {
            let values = if table == "latency_s" {
                &mut s.network.latency_s
            } else {
                &mut s.network.usage_usd
            };
            if let Some(slot) = values.get_mut(j) {
                *slot = v;
            }
        }),
    }
}

fn table_label(table: &str) -> &'static str {
    if table == "latency_s" {
        "Latency"
    } else {
        "Usage"
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The message tmo-core gives for `path`, if the current scenario breaks its rule.
fn core_error(error: &ScenarioError, path: &str) -> Option<String> {
    match error {
        ScenarioError::Invalid { field, value, rule } if field == path => {
            Some(format!("{value} is invalid: {rule}"))
        }
        _ => None,
    }
}

/// A labelled number input with its parse error or tmo-core's validation message beside it.
#[component]
fn NumberInput(binding: Binding) -> impl IntoView {
    let lab = use_lab();
    let initial = lab
        .scenario
        .with_untracked(|s| (binding.show)(s))
        .unwrap_or_default();
    let text = RwSignal::new(initial);
    let typo = RwSignal::new(None::<String>);
    {
        let binding = binding.clone();
        // A change from elsewhere (preset, defaults, link) replaces what is typed.
        Effect::new(move |_| {
            let Some(shown) = lab.scenario.with(|s| (binding.show)(s)) else {
                return;
            };
            let current = (binding.parse)(&shown);
            if (binding.parse)(&text.get_untracked()) != current {
                text.set(shown);
                typo.set(None);
            }
        });
    }
    let path = binding.path.clone();
    let invalid = Memo::new(move |_| {
        lab.simulator
            .with(|r| r.as_ref().err().and_then(|e| core_error(e, &path)))
    });
    let message = move || typo.get().or_else(|| invalid.get());
    let error_id = format!("{}-error", binding.id);
    let on_input = {
        let binding = binding.clone();
        move |ev| {
            let value = event_target_value(&ev);
            match (binding.parse)(&value) {
                Ok(v) => {
                    typo.set(None);
                    lab.scenario.update(|s| {
                        (binding.set)(s, v);
                        mark_custom(s);
                    });
                }
                Err(why) => typo.set(Some(why)),
            }
            text.set(value);
        }
    };
    view! {
        <div class="field" class:invalid=move || message().is_some()>
            <label for=binding.id.clone()>{binding.label.clone()}</label>
            <div class="input-row">
                <input
                    id=binding.id.clone()
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    data-path=binding.path.clone()
                    prop:value=move || text.get()
                    aria-invalid=move || message().is_some().then_some("true")
                    aria-describedby=error_id.clone()
                    on:input=on_input
                />
                <span class="unit">{binding.unit}</span>
            </div>
            <p class="field-error" id=error_id aria-live="polite">
                {message}
            </p>
        </div>
    }
}

/// Inputs for a table of scenario numbers.
fn number_inputs(fields: &'static [NumberField]) -> impl IntoView {
    fields
        .iter()
        .map(|f| view! { <NumberInput binding=Binding::from(f) /> })
        .collect_view()
}

/// The device preset picker and its numbers.
#[component]
fn DevicePanel() -> impl IntoView {
    let lab = use_lab();
    let name = Memo::new(move |_| lab.scenario.with(|s| s.device.name.clone()));
    let on_change = move |ev| {
        let choice = event_target_value(&ev);
        lab.scenario.update(|s| match Device::preset(&choice) {
            Some(device) => s.device = device,
            None => s.device.name = CUSTOM.to_owned(),
        });
    };
    view! {
        <section class="panel form-section" aria-labelledby="device-title">
            <h3 id="device-title">"Device"</h3>
            <div class="field">
                <label for="device-preset">"Preset"</label>
                <select id="device-preset" on:change=on_change prop:value=move || preset_or_custom(&name.get(), Device::preset(&name.get()).is_some())>
                    {DEVICES
                        .iter()
                        .map(|(n, gf, w)| {
                            view! { <option value=*n>{format!("{n} · {gf} GFLOPS · {w} W")}</option> }
                        })
                        .collect_view()}
                    <option value=CUSTOM>"Custom"</option>
                </select>
            </div>
            {number_inputs(&scenario_fields::DEVICE)}
        </section>
    }
}

fn preset_or_custom(name: &str, is_preset: bool) -> String {
    if is_preset {
        name.to_owned()
    } else {
        CUSTOM.to_owned()
    }
}

/// The network preset picker and its cost tables.
#[component]
fn NetworkPanel() -> impl IntoView {
    let lab = use_lab();
    let views = Memo::new(move |_| lab.dataset.with(|d| d.data.num_views()));
    let name = Memo::new(move |_| lab.scenario.with(|s| s.network.name.clone()));
    let table_error = Memo::new(move |_| {
        lab.simulator.with(|r| match r {
            Err(e @ ScenarioError::CostTableLength { .. }) => Some(e.to_string()),
            _ => None,
        })
    });
    let on_change = move |ev| {
        let choice = event_target_value(&ev);
        let x = views.get_untracked();
        lab.scenario.update(|s| match Network::preset(&choice, x) {
            Some(network) => s.network = network,
            None => s.network.name = CUSTOM.to_owned(),
        });
    };
    let presets = move || {
        let x = views.get();
        let measured: Vec<&str> = if x == 3 {
            NETWORKS.iter().map(|(n, _)| *n).collect()
        } else {
            Vec::new()
        };
        measured
            .into_iter()
            .chain([SYNTHETIC_NETWORK])
            .map(|n| view! { <option value=n>{n}</option> })
            .collect_view()
    };
    let rows = move || {
        (0..=views.get())
            .map(|j| {
                view! {
                    <tr>
                        <th scope="row">{format!("{j} view{}", plural(j))}</th>
                        <td><NumberInput binding=network_entry("latency_s", j, "s") /></td>
                        <td><NumberInput binding=network_entry("usage_usd", j, "USD") /></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel form-section" aria-labelledby="network-title">
            <h3 id="network-title">"Network"</h3>
            <div class="field">
                <label for="network-preset">"Preset"</label>
                <select
                    id="network-preset"
                    on:change=on_change
                    prop:value=move || {
                        let n = name.get();
                        preset_or_custom(&n, Network::preset(&n, views.get()).is_some())
                    }
                >
                    {presets}
                    <option value=CUSTOM>"Custom"</option>
                </select>
            </div>
            <p class="muted small">"Cost of one cloud call by number of uploaded views."</p>
            <table class="cost-table">
                <thead>
                    <tr>
                        <th scope="col">"Uploaded"</th>
                        <th scope="col">"Latency"</th>
                        <th scope="col">"Usage"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="field-error" aria-live="polite">{move || table_error.get()}</p>
        </section>
    }
}

/// How a budget distribution is labelled in the page's selects.
pub(crate) fn distribution_label(d: BudgetDistribution) -> &'static str {
    match d {
        BudgetDistribution::Normal => "Normal (paper)",
        BudgetDistribution::Uniform => "Uniform",
        BudgetDistribution::ExtremeAware => "Extreme-aware",
        BudgetDistribution::AroundEvaluation => "Around evaluation",
    }
}

/// The budget fields and how training draws budgets.
#[component]
fn BudgetPanel() -> impl IntoView {
    let lab = use_lab();
    let current = move || lab.scenario.with(|s| s.budget_distribution.name());
    let on_change = move |ev| {
        if let Ok(d) = event_target_value(&ev).parse() {
            lab.scenario.update(|s| s.budget_distribution = d);
        }
    };
    view! {
        <section class="panel form-section" aria-labelledby="budget-title">
            <h3 id="budget-title">"Budgets"</h3>
            {number_inputs(&scenario_fields::BUDGETS)}
            <div class="field">
                <label for="budget-distribution">"Training draws budgets"</label>
                <select id="budget-distribution" on:change=on_change prop:value=current>
                    {BudgetDistribution::ALL
                        .map(|d| view! { <option value=d.name()>{distribution_label(d)}</option> })
                        .collect_view()}
                </select>
            </div>
        </section>
    }
}

/// The rule baselines under the current scenario: their rows of Compare's table (the same
/// evaluation, computed in the background worker), the previous scenario's dimmed while the
/// new one is computed.
#[component]
fn BaselineGlance() -> impl IntoView {
    let lab = use_lab();
    let session = EvalSession::get();
    let result = session.result;
    view! {
        <section class="panel glance" aria-labelledby="glance-title">
            <h3 id="glance-title">"Baselines under this scenario"</h3>
            {move || {
                if lab.simulator.with(Result::is_err) {
                    return view! { <p class="muted">"Fix the highlighted field to evaluate."</p> }
                        .into_any();
                }
                let Some(e) = result.get() else {
                    return view! { <p class="muted" data-state="waiting">"Evaluating in the background…"</p> }
                        .into_any();
                };
                let current = lab.scenario.with(|s| e.key.scenario() == s);
                let seeds = e.table.table.seeds;
                let note = match (current, e.complete) {
                    (false, _) => "Updating for this scenario in the background; these are the previous scenario's numbers.".to_owned(),
                    (true, false) => format!("Test splits of {} so far, evaluated in the background; more seeds on their way.", seed_range(seeds)),
                    (true, true) => format!(
                        "Test splits of {}, evaluated in the background in {:.0} ms (Compare has every metric).",
                        seed_range(seeds),
                        e.elapsed_ms
                    ),
                };
                let rows = PolicySpec::RULES
                    .iter()
                    .filter_map(|spec| {
                        let name = spec.to_string();
                        let row = e.table.table.rows.iter().find(|r| r.policy == name)?;
                        Some((spec.label(), row.summary.clone()))
                    })
                    .map(|(label, m)| {
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td class="num">{format!("{:.3}", m.reward.mean)}</td>
                                <td class="num">{format!("{:.2}", m.latency.mean)}</td>
                                <td class="num">{format!("{:.2}", m.usage.mean * 1e3)}</td>
                                <td class="num">{format!("{:.0} %", m.violation_rate.mean * 100.0)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p
                        class="muted small"
                        data-testid="glance-time"
                        data-current=current.to_string()
                        data-complete=e.complete.to_string()
                        data-ms=e.elapsed_ms.to_string()
                    >
                        {note}
                    </p>
                    <div class="table-scroll" class:stale=!current>
                        <table class="metrics">
                            <thead>
                                <tr>
                                    <th scope="col">"Policy"</th>
                                    <th scope="col" class="num">"Reward"</th>
                                    <th scope="col" class="num">"Latency s"</th>
                                    <th scope="col" class="num">"Usage ×10⁻³ $"</th>
                                    <th scope="col" class="num">"Over budget"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// "seed 0" or "seeds 0–2".
fn seed_range(seeds: u64) -> String {
    match seeds {
        0 | 1 => "seed 0".to_owned(),
        n => format!("seeds 0–{}", n - 1),
    }
}

/// The whole Scenario view.
#[component]
pub fn ScenarioView() -> impl IntoView {
    let lab = use_lab();
    let status = move || {
        lab.simulator.with(|r| match r {
            Ok(sim) => (
                false,
                format!(
                    "Valid scenario · {} actions · {} logged training turns behind the estimate",
                    sim.num_actions(),
                    sim.num_logged_pairs()
                ),
            ),
            Err(e) => (true, crate::scenario_fields::describe(e)),
        })
    };
    let reset = move |_| {
        let x = lab.dataset.with_untracked(|d| d.data.num_views());
        lab.scenario.set(Scenario::default_for(x));
    };
    view! {
        <div class="view-head">
            <div>
                <h2>"Scenario"</h2>
                <p class="muted">"What is simulated: the data, the device, the network, the model, the budgets and the reward."</p>
            </div>
            <button class="secondary" type="button" on:click=reset>"Paper defaults"</button>
        </div>
        <p
            class="status-line"
            class:bad=move || status().0
            role="status"
            data-testid="scenario-status"
        >
            {move || status().1}
        </p>
        <div class="scenario-grid">
            <DatasetPanel />
            <BaselineGlance />
            <DevicePanel />
            <NetworkPanel />
            <section class="panel form-section" aria-labelledby="model-title">
                <h3 id="model-title">"Local model"</h3>
                {number_inputs(&scenario_fields::MODEL)}
            </section>
            <BudgetPanel />
            <section class="panel form-section" aria-labelledby="weights-title">
                <h3 id="weights-title">"Reward weights"</h3>
                {number_inputs(&scenario_fields::WEIGHTS)}
            </section>
            <section class="panel form-section" aria-labelledby="history-title">
                <h3 id="history-title">"History and neighbours"</h3>
                {number_inputs(&scenario_fields::HISTORY)}
            </section>
        </div>
    }
}
