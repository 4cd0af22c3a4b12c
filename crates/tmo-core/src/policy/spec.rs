//! Policy names (`local | cloud | random | all-views | text-only | greedy | optimal[:NODES] |
//! sequence:A,B,C`) and the factory hook that turns a name into a policy for one seed.

use super::{
    AllViews, CloudUniform, Greedy, Local, Optimal, Policy, RandomMix, Sequence, TextOnly,
};
use crate::planner::DEFAULT_NODE_BUDGET;
use crate::simulator::Simulator;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// ChaCha stream of a seeded policy's generator (stream 0 of the same seed shuffles the split).
const POLICY_STREAM: u64 = 1;

/// A built-in policy by name: the rules and the optimum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicySpec {
    /// [`Local`].
    Local,
    /// [`CloudUniform`].
    Cloud,
    /// [`RandomMix`].
    Random,
    /// [`AllViews`].
    AllViews,
    /// [`TextOnly`].
    TextOnly,
    /// [`Greedy`].
    Greedy,
    /// [`Optimal`], searching at most `node_budget` nodes per episode (`optimal:NODES`;
    /// `optimal` is [`DEFAULT_NODE_BUDGET`]).
    Optimal {
        /// Nodes (estimates) per episode before the search settles for the best found.
        node_budget: u64,
    },
    /// [`Sequence`] of action ids.
    Sequence(Vec<usize>),
}

/// Why a policy name cannot be turned into a policy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Not a known name.
    #[error(
        "unknown policy `{0}` (expected local, cloud, random, all-views, text-only, greedy, optimal, optimal:NODES or sequence:A,B,C)"
    )]
    Unknown(String),
    /// The old name of [`PolicySpec::Greedy`].
    #[error(
        "`oracle` was renamed `greedy` (best next step by the estimate, budgets ignored); for the optimum within the budgets use `optimal`"
    )]
    OracleRenamed,
    /// A malformed `optimal:` node budget.
    #[error("policy `{0}`: expected optimal:NODES with a whole number of nodes ≥ 1")]
    BadNodeBudget(String),
    /// A malformed `sequence:` list.
    #[error("policy `{0}`: expected sequence:A,B,C with non-negative integer action ids")]
    BadSequence(String),
    /// A sequence action the scenario does not have.
    #[error("policy sequence uses action {action}, but this scenario has actions 0 to {}", num_actions - 1)]
    ActionOutOfRange {
        /// The action id.
        action: usize,
        /// Number of actions.
        num_actions: usize,
    },
    /// A policy (e.g. a learner) failed to build.
    #[error("policy `{name}`: {message}")]
    Build {
        /// The policy name.
        name: String,
        /// What went wrong.
        message: String,
    },
}

impl FromStr for PolicySpec {
    type Err = PolicyError;

    fn from_str(s: &str) -> Result<PolicySpec, PolicyError> {
        let name = s.trim();
        Ok(match name.to_ascii_lowercase().as_str() {
            "local" => PolicySpec::Local,
            "cloud" => PolicySpec::Cloud,
            "random" => PolicySpec::Random,
            "all-views" => PolicySpec::AllViews,
            "text-only" => PolicySpec::TextOnly,
            "greedy" => PolicySpec::Greedy,
            "oracle" => return Err(PolicyError::OracleRenamed),
            "optimal" => PolicySpec::Optimal {
                node_budget: DEFAULT_NODE_BUDGET,
            },
            other => {
                if let Some(nodes) = other.strip_prefix("optimal:") {
                    return match nodes.trim().parse::<u64>() {
                        Ok(node_budget) if node_budget > 0 => {
                            Ok(PolicySpec::Optimal { node_budget })
                        }
                        _ => Err(PolicyError::BadNodeBudget(name.to_owned())),
                    };
                }
                let list = other
                    .strip_prefix("sequence:")
                    .ok_or_else(|| PolicyError::Unknown(name.to_owned()))?;
                let ids = list
                    .split(',')
                    .map(|a| a.trim().parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| PolicyError::BadSequence(name.to_owned()))?;
                PolicySpec::Sequence(ids)
            }
        })
    }
}

impl fmt::Display for PolicySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySpec::Local => f.write_str("local"),
            PolicySpec::Cloud => f.write_str("cloud"),
            PolicySpec::Random => f.write_str("random"),
            PolicySpec::AllViews => f.write_str("all-views"),
            PolicySpec::TextOnly => f.write_str("text-only"),
            PolicySpec::Greedy => f.write_str("greedy"),
            PolicySpec::Optimal {
                node_budget: DEFAULT_NODE_BUDGET,
            } => f.write_str("optimal"),
            PolicySpec::Optimal { node_budget } => write!(f, "optimal:{node_budget}"),
            PolicySpec::Sequence(ids) => {
                let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
                write!(f, "sequence:{}", ids.join(","))
            }
        }
    }
}

impl PolicySpec {
    /// The rules that take no parameters, in the order tables list them.
    pub const RULES: [PolicySpec; 6] = [
        PolicySpec::Local,
        PolicySpec::Cloud,
        PolicySpec::Random,
        PolicySpec::AllViews,
        PolicySpec::TextOnly,
        PolicySpec::Greedy,
    ];

    /// The name people read: `Local`, `Cloud (random views)`, `Optimal (clairvoyant)`, ….
    pub fn label(&self) -> String {
        match self {
            PolicySpec::Local => "Local".to_owned(),
            PolicySpec::Cloud => "Cloud (random views)".to_owned(),
            PolicySpec::Random => "Random".to_owned(),
            PolicySpec::AllViews => "All views".to_owned(),
            PolicySpec::TextOnly => "Text only".to_owned(),
            PolicySpec::Greedy => "Greedy (best next step)".to_owned(),
            PolicySpec::Optimal { .. } => "Optimal (clairvoyant)".to_owned(),
            PolicySpec::Sequence(ids) => format!("Sequence {ids:?}"),
        }
    }

    /// What the policy does, in one sentence.
    pub fn description(&self) -> &'static str {
        match self {
            PolicySpec::Local => {
                "Answers every turn with the local LLM: free and fast, weaker answers."
            }
            PolicySpec::Cloud => {
                "Calls the cloud LLM at every turn, uploading a random set of views."
            }
            PolicySpec::Random => "Picks local or cloud, and the views, at random.",
            PolicySpec::AllViews => "Calls the cloud LLM at every turn, uploading every view.",
            PolicySpec::TextOnly => {
                "Calls the cloud LLM at every turn with the question alone, no image."
            }
            PolicySpec::Greedy => {
                "Takes the best next step by the estimated reward, ignoring the budgets."
            }
            PolicySpec::Optimal { .. } => {
                "Plans each dialogue knowing its future turns: the best any policy can do within the budgets, a bound rather than a policy one could deploy."
            }
            PolicySpec::Sequence(_) => "Plays a fixed list of actions.",
        }
    }

    /// The policy for `sim`; random ones draw from ChaCha8 seeded by `seed` (stream 1).
    pub fn build(&self, sim: &Simulator, seed: u64) -> Result<Box<dyn Policy>, PolicyError> {
        let rng = || {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(POLICY_STREAM);
            rng
        };
        Ok(match self {
            PolicySpec::Local => Box::new(Local),
            PolicySpec::Cloud => Box::new(CloudUniform(rng())),
            PolicySpec::Random => Box::new(RandomMix(rng())),
            PolicySpec::AllViews => Box::new(AllViews),
            PolicySpec::TextOnly => Box::new(TextOnly),
            PolicySpec::Greedy => Box::new(Greedy),
            PolicySpec::Optimal { node_budget } => Box::new(Optimal::new(*node_budget)),
            PolicySpec::Sequence(ids) => {
                let num_actions = sim.num_actions();
                let actions = ids
                    .iter()
                    .map(|&action| {
                        sim.actions()
                            .action(action)
                            .ok_or(PolicyError::ActionOutOfRange {
                                action,
                                num_actions,
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Box::new(
                    Sequence::new(actions)
                        .ok_or_else(|| PolicyError::BadSequence(self.to_string()))?,
                )
            }
        })
    }
}

/// Turns a policy name into a policy for one seed (learners train here). The `tmo table`
/// command takes one; wrap [`BaselineFactory`] to add names.
pub trait PolicyFactory {
    /// The policy called `name` for `seed` on `sim`.
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError>;
}

/// A borrowed factory builds as the factory does (so a job can take `&dyn PolicyFactory`).
impl<F: PolicyFactory + ?Sized> PolicyFactory for &F {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        (**self).build(name, seed, sim)
    }
}

/// A shared factory builds as the factory does.
impl<F: PolicyFactory + ?Sized> PolicyFactory for Arc<F> {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        (**self).build(name, seed, sim)
    }
}

/// The factory of the rule policies ([`PolicySpec`] names).
#[derive(Clone, Copy, Debug, Default)]
pub struct BaselineFactory;

impl PolicyFactory for BaselineFactory {
    fn build(
        &self,
        name: &str,
        seed: u64,
        sim: &Arc<Simulator>,
    ) -> Result<Box<dyn Policy>, PolicyError> {
        name.parse::<PolicySpec>()?.build(sim, seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_print_back() {
        for name in [
            "local",
            "cloud",
            "random",
            "all-views",
            "text-only",
            "greedy",
            "optimal",
            "optimal:500",
            "sequence:0,8,3",
        ] {
            assert_eq!(name.parse::<PolicySpec>().unwrap().to_string(), name);
        }
        assert_eq!(" Greedy ".parse::<PolicySpec>(), Ok(PolicySpec::Greedy));
        assert_eq!(
            format!("optimal:{DEFAULT_NODE_BUDGET}").parse::<PolicySpec>(),
            "optimal".parse::<PolicySpec>()
        );
        let renamed = "Oracle".parse::<PolicySpec>().unwrap_err();
        assert_eq!(renamed, PolicyError::OracleRenamed);
        assert!(renamed.to_string().contains("renamed `greedy`"));
        assert!(renamed.to_string().contains("`optimal`"));
        for bad in ["optimal:0", "optimal:x", "optimal:"] {
            assert_eq!(
                bad.parse::<PolicySpec>(),
                Err(PolicyError::BadNodeBudget(bad.to_owned()))
            );
        }
        assert!(matches!(
            "orakel".parse::<PolicySpec>(),
            Err(PolicyError::Unknown(_))
        ));
        assert!(matches!(
            "sequence:1,x".parse::<PolicySpec>(),
            Err(PolicyError::BadSequence(_))
        ));
        assert!(matches!(
            "sequence:".parse::<PolicySpec>(),
            Err(PolicyError::BadSequence(_))
        ));
    }
}
