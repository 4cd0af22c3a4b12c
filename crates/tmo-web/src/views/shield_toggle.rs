//! The "Guarantee the budgets" switch, one state shared by Compare and Replay (and the link).

use crate::state::use_lab;
use leptos::prelude::*;

/// What the shield does, said once for both views.
const WHAT_IT_DOES: &str = "an action is allowed only if each budget still covers answering every remaining turn locally; otherwise the policy's next preferred allowed action is taken. No budget overrun whenever answering locally fits, at some cost in reward.";

/// The switch with the input id `id`; `effect` says what switching it does in this view.
#[component]
pub fn ShieldToggle(id: &'static str, effect: &'static str) -> impl IntoView {
    let lab = use_lab();
    view! {
        <div class="shield-toggle">
            <label class="check">
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || lab.shield.get()
                    on:change=move |ev| lab.shield.set(event_target_checked(&ev))
                />
                <span>"Guarantee the budgets (shield)"</span>
            </label>
            <p class="small muted">{format!("{effect}: {WHAT_IT_DOES}")}</p>
        </div>
    }
}
