//! The shield (EXPERIMENTS.md §1): any policy kept within the budgets whenever answering
//! locally fits them, and the factory wrapper that builds `NAME+shield`.

use super::{Decision, Policy, PolicyError, PolicyFactory};
use crate::actions::Action;
use crate::metrics::Caveats;
use crate::simulator::Simulator;
use std::sync::Arc;

/// What a policy name ends with to be built [`Shielded`] by [`Shielding`].
pub const SHIELD_SUFFIX: &str = "+shield";

/// `name` (trimmed) without its [`SHIELD_SUFFIX`] (in any case), and whether it had one: the
/// policy that [`Shielding`] builds for `name`, shielded or not.
pub fn unshielded(name: &str) -> (&str, bool) {
    let name = name.trim();
    // ASCII lowercasing keeps byte offsets, so the split lands on a char boundary.
    if name.to_ascii_lowercase().ends_with(SHIELD_SUFFIX) {
        (&name[..name.len() - SHIELD_SUFFIX.len()], true)
    } else {
        (name, false)
    }
}

/// A policy allowed only actions after which each remaining budget still covers answering
/// every remaining turn locally; when its choice is not allowed, it takes its most preferred
/// allowed action ([`Policy::preferences`]: the next most probable for a learner, local for a
/// rule).
///
/// If answering every turn locally fits the budgets when an episode starts, local stays allowed
/// at every turn, so the episode ends within the budgets. If it does not fit, no guarantee is
/// possible: the shield reports [`Caveats::shield_unguaranteed`] and, at turns where nothing
/// the policy prefers is allowed, passes its choice through.
pub struct Shielded {
    inner: Box<dyn Policy>,
    caveats: Caveats,
}

impl Shielded {
    /// Shields `inner`.
    pub fn new(inner: Box<dyn Policy>) -> Shielded {
        Shielded {
            inner,
            caveats: Caveats::default(),
        }
    }
}

/// Whether, after `action`, each budget still covers answering every remaining turn locally.
/// Costs are summed in turn order, as evaluation sums them, so the check is exact.
fn allows(d: &Decision<'_>, action: Action) -> bool {
    let (sim, state) = (d.simulator(), d.state());
    let (latency, usage) = (sim.costs().latency.raw(), sim.costs().usage.raw());
    let slot = sim.actions().cost_slot(action);
    let local = sim.actions().cost_slot(Action::LOCAL);
    let turns_left = sim
        .episode(state.episode())
        .turns
        .len()
        .saturating_sub(state.turn() + 1);
    let mut total_latency = state.spent_latency_s() + latency[slot];
    let mut total_usage = state.spent_usage_usd() + usage[slot];
    for _ in 0..turns_left {
        total_latency += latency[local];
        total_usage += usage[local];
    }
    let budgets = state.budgets();
    total_latency <= budgets.latency_s && total_usage <= budgets.usage_usd
}

impl Policy for Shielded {
    fn uses_budgets(&self) -> bool {
        self.inner.uses_budgets()
    }

    fn act(&mut self, d: &Decision<'_>) -> Action {
        self.preferences(d)
            .first()
            .copied()
            .unwrap_or(Action::LOCAL)
    }

    /// The inner policy's preferences, the allowed ones first (each part in its order).
    fn preferences(&mut self, d: &Decision<'_>) -> Vec<Action> {
        if !allows(d, Action::LOCAL) {
            self.caveats.shield_unguaranteed = true;
        }
        let (mut allowed, refused): (Vec<Action>, Vec<Action>) = self
            .inner
            .preferences(d)
            .into_iter()
            .partition(|&a| allows(d, a));
        allowed.extend(refused);
        allowed
    }

    fn caveats(&self) -> Caveats {
        self.inner.caveats().union(self.caveats)
    }
}

/// A factory that builds `NAME+shield` as [`Shielded`] around what `F` builds for `NAME`
/// (rules, the optimum, learners alike), and any other name as `F` does.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shielding<F>(pub F);

impl<F: PolicyFactory> PolicyFactory for Shielding<F> {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        match unshielded(name) {
            (base, true) => Ok(Box::new(Shielded::new(self.0.build(base, seed, sim)?))),
            (name, false) => self.0.build(name, seed, sim),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unshielded;

    #[test]
    fn a_name_loses_its_shield_suffix_in_any_case_and_says_so() {
        assert_eq!(unshielded(" rc-ppo+shield "), ("rc-ppo", true));
        assert_eq!(unshielded("cloud+SHIELD"), ("cloud", true));
        assert_eq!(unshielded("local"), ("local", false));
        assert_eq!(unshielded("+shield"), ("", true));
    }
}
