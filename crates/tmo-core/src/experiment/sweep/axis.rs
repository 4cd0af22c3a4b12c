//! What a sweep varies: the [`Axis`], the values of one point ([`AxisValues`]) and the points
//! themselves ([`Point`]: the values, the dataset and the scenario).

use crate::actions::MAX_VIEWS;
use crate::dataset::Dataset;
use crate::generator::{GeneratorConfig, TurnCounts, generate};
use crate::scenario::{DEVICES, Device, NETWORKS, Network, Scenario};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The thing a sweep varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// The local device (a preset name).
    Device,
    /// The cloud network (a three-view preset name).
    Network,
    /// The local model's parameter count `N`: only the local cost side changes (the response
    /// scores are the dataset's).
    ModelSize,
    /// The evaluation latency budget in seconds.
    LatencyBudget,
    /// The evaluation usage budget in USD.
    UsageBudget,
    /// The grid latency budget × usage budget (learners trained once per seed, evaluated in
    /// every cell).
    Budgets,
    /// The problem shape: a generated dataset per [`Shape`].
    Shape,
}

impl Axis {
    /// Every axis.
    pub const ALL: [Axis; 7] = [
        Axis::Device,
        Axis::Network,
        Axis::ModelSize,
        Axis::LatencyBudget,
        Axis::UsageBudget,
        Axis::Budgets,
        Axis::Shape,
    ];

    /// The name on the command line (`model-size`, …).
    pub fn name(self) -> &'static str {
        match self {
            Axis::Device => "device",
            Axis::Network => "network",
            Axis::ModelSize => "model-size",
            Axis::LatencyBudget => "latency-budget",
            Axis::UsageBudget => "usage-budget",
            Axis::Budgets => "budgets",
            Axis::Shape => "shape",
        }
    }

    /// The fields of [`AxisValues`] this axis sets, in output order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Axis::Device => &["device"],
            Axis::Network => &["network"],
            Axis::ModelSize => &["model_size"],
            Axis::LatencyBudget => &["latency_budget"],
            Axis::UsageBudget => &["usage_budget"],
            Axis::Budgets => &["latency_budget", "usage_budget"],
            Axis::Shape => &["shape"],
        }
    }

    /// Whether the points differ only in evaluation budgets, so a learner trained once per
    /// seed serves every point (its training budgets are drawn from the budget range, which
    /// the evaluation budgets do not move).
    pub fn varies_budgets_only(self) -> bool {
        matches!(
            self,
            Axis::LatencyBudget | Axis::UsageBudget | Axis::Budgets
        )
    }

    /// What the axis's output must be read with, if anything.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Axis::ModelSize => Some(
                "model size changes the local cost side only (latency, energy); the response scores are the dataset's",
            ),
            Axis::Shape => Some(
                "each shape is a dataset generated as `tmo gen-dataset` makes it (seed 20250216, 100 episodes); network: the base network's preset for the shape's views if it has one, else synthetic",
            ),
            Axis::Budgets | Axis::LatencyBudget | Axis::UsageBudget => Some(
                "learners are trained once per seed (budgets drawn from the budget distribution) and evaluated at every point",
            ),
            _ => None,
        }
    }

    /// The values swept when none are given (for [`Axis::Budgets`], see
    /// [`default_budget_grid`]; for [`Axis::Shape`], the shapes with at most [`MAX_VIEWS`]
    /// views).
    pub fn default_values(self) -> Vec<String> {
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        match self {
            Axis::Device => DEVICES.iter().map(|d| d.0.to_owned()).collect(),
            Axis::Network => NETWORKS.iter().map(|n| n.0.to_owned()).collect(),
            Axis::ModelSize => strings(&["1e9", "3.8e9", "7e9", "13e9"]),
            Axis::LatencyBudget => strings(&["10", "20", "30", "40"]),
            Axis::UsageBudget => strings(&["0.01", "0.025", "0.05", "0.07"]),
            Axis::Budgets => Vec::new(),
            Axis::Shape => SHAPES
                .iter()
                .filter(|s| s.views <= MAX_VIEWS)
                .map(|s| s.name.to_owned())
                .collect(),
        }
    }
}

/// The default budget grid, 3 × 3 from tight to the paper's: latency budgets 5, 15, 30 s and
/// usage budgets 0.005, 0.02, 0.05 USD.
pub fn default_budget_grid() -> (Vec<f64>, Vec<f64>) {
    (vec![5.0, 15.0, 30.0], vec![0.005, 0.02, 0.05])
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Axis {
    type Err = String;

    fn from_str(text: &str) -> Result<Axis, String> {
        let key = text.replace('_', "-");
        Axis::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(&key))
            .ok_or_else(|| {
                let names: Vec<&str> = Axis::ALL.map(Axis::name).into();
                format!("unknown axis `{text}` (expected {})", names.join(", "))
            })
    }
}

/// One of the journal's synthetic problem shapes (EXPERIMENTS.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Name on the command line.
    pub name: &'static str,
    /// Camera views.
    pub views: usize,
    /// Task categories.
    pub tasks: usize,
    /// Turns per dialogue (M4A1-like: the kitchen mix of 2 to 5).
    pub turns: usize,
}

/// The seven shapes: M4A1-like (3, 4, 5), Small (2, 2, 2), Medium (4, 4, 4), Large (6, 6, 6),
/// More views (10, 3, 3), More tasks (3, 10, 3), Long dialogues (3, 3, 10).
pub const SHAPES: [Shape; 7] = [
    shape("m4a1-like", 3, 4, 5),
    shape("small", 2, 2, 2),
    shape("medium", 4, 4, 4),
    shape("large", 6, 6, 6),
    shape("more-views", 10, 3, 3),
    shape("more-tasks", 3, 10, 3),
    shape("long-dialogues", 3, 3, 10),
];

const fn shape(name: &'static str, views: usize, tasks: usize, turns: usize) -> Shape {
    Shape {
        name,
        views,
        tasks,
        turns,
    }
}

impl Shape {
    /// The shape called `name` (case-insensitive).
    pub fn named(name: &str) -> Result<Shape, String> {
        SHAPES
            .iter()
            .copied()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = SHAPES.iter().map(|s| s.name).collect();
                format!("unknown shape `{name}` (known: {})", names.join(", "))
            })
    }

    /// The generator's configuration: the kitchen's seed and episode count, this shape's
    /// views and tasks; `m4a1-like` keeps the kitchen's turn mix, the others have exactly
    /// `turns` turns.
    pub fn config(self) -> GeneratorConfig {
        let kitchen = GeneratorConfig::kitchen();
        GeneratorConfig {
            views: self.views,
            tasks: self.tasks,
            turns: if self.name == "m4a1-like" {
                kitchen.turns.clone()
            } else {
                TurnCounts::Uniform {
                    min: self.turns,
                    max: self.turns,
                }
            },
            ..kitchen
        }
    }

    /// The generated dataset; a shape with more than [`MAX_VIEWS`] views is refused.
    pub fn dataset(self) -> Result<Dataset, String> {
        if self.views > MAX_VIEWS {
            return Err(format!(
                "shape `{}` needs {} views; the action space supports at most {MAX_VIEWS} (1 + 2^{MAX_VIEWS} actions)",
                self.name, self.views
            ));
        }
        generate(&self.config()).map_err(|e| format!("shape `{}`: {e}", self.name))
    }
}

/// The axis values of one point, each named as in the output (`device`, `network`,
/// `model_size`, `latency_budget`, `usage_budget`, `shape`); unset ones are not serialised.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AxisValues {
    /// Device preset name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Network preset name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Local model parameter count `N`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_size: Option<f64>,
    /// Latency budget in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_budget: Option<f64>,
    /// Usage budget in USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_budget: Option<f64>,
    /// Shape name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
}

impl AxisValues {
    /// The value of output field `field` as text (empty when unset).
    pub fn text(&self, field: &str) -> String {
        let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        match field {
            "device" => self.device.clone().unwrap_or_default(),
            "network" => self.network.clone().unwrap_or_default(),
            "model_size" => num(self.model_size),
            "latency_budget" => num(self.latency_budget),
            "usage_budget" => num(self.usage_budget),
            "shape" => self.shape.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }
}

/// One point of a sweep: its axis values, and the dataset and scenario evaluated there.
#[derive(Clone, Debug)]
pub struct Point {
    /// The axis values.
    pub values: AxisValues,
    /// The dataset.
    pub dataset: Arc<Dataset>,
    /// The scenario.
    pub scenario: Scenario,
}

/// The values a sweep takes: a list for one axis, or the budget grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Values {
    /// One value per point, as text (a preset name or a number).
    List(Vec<String>),
    /// Every (latency, usage) pair, latency-major.
    Grid {
        /// Latency budgets in seconds.
        latency: Vec<f64>,
        /// Usage budgets in USD.
        usage: Vec<f64>,
    },
}

impl Values {
    /// The values of `axis` written as text: comma-separated values (a list), or for
    /// [`Axis::Budgets`] the latency budgets in `text` and the usage budgets in `usage`. Fails
    /// naming the list and the value that does not read; the values themselves are checked by
    /// [`points`].
    pub fn from_text(axis: Axis, text: &str, usage: &str) -> Result<Values, String> {
        let items = |text: &str| -> Vec<String> {
            text.split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect()
        };
        if axis != Axis::Budgets {
            return Ok(Values::List(items(text)));
        }
        let numbers = |text: &str, what: &str| -> Result<Vec<f64>, String> {
            let list = items(text)
                .iter()
                .map(|v| {
                    v.parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                        .ok_or_else(|| format!("{what}: `{v}` is not a number ≥ 0"))
                })
                .collect::<Result<Vec<f64>, String>>()?;
            if list.is_empty() {
                return Err(format!("{what}: give at least one value"));
            }
            Ok(list)
        };
        Ok(Values::Grid {
            latency: numbers(text, "Latency budgets (s)")?,
            usage: numbers(usage, "Usage budgets (USD)")?,
        })
    }

    /// The values as text, as [`Values::from_text`] reads them: the list (or the latency
    /// budgets) and the usage budgets (empty for a list).
    pub fn to_text(&self) -> (String, String) {
        let join = |v: &[f64]| v.iter().map(f64::to_string).collect::<Vec<_>>().join(", ");
        match self {
            Values::List(list) => (list.join(", "), String::new()),
            Values::Grid { latency, usage } => (join(latency), join(usage)),
        }
    }

    /// The values swept by default on `axis`.
    pub fn default_for(axis: Axis) -> Values {
        match axis {
            Axis::Budgets => {
                let (latency, usage) = default_budget_grid();
                Values::Grid { latency, usage }
            }
            _ => Values::List(axis.default_values()),
        }
    }
}

/// The points of a sweep over `axis` taking `values`, each a change of `dataset` and
/// `scenario` (the base); fails on a value the axis does not know, naming it.
pub fn points(
    axis: Axis,
    values: &Values,
    dataset: &Arc<Dataset>,
    scenario: &Scenario,
) -> Result<Vec<Point>, String> {
    let point = |values: AxisValues, scenario: Scenario| Point {
        values,
        dataset: Arc::clone(dataset),
        scenario,
    };
    let list = match (axis, values) {
        (Axis::Budgets, Values::Grid { latency, usage }) => {
            if latency.is_empty() || usage.is_empty() {
                return Err(
                    "the budget grid needs at least one latency and one usage budget".into(),
                );
            }
            let mut out = Vec::new();
            for &l in latency {
                for &u in usage {
                    let mut s = scenario.clone();
                    s.budgets.latency_s = l;
                    s.budgets.usage_usd = u;
                    let values = AxisValues {
                        latency_budget: Some(l),
                        usage_budget: Some(u),
                        ..AxisValues::default()
                    };
                    out.push(point(values, s));
                }
            }
            return Ok(out);
        }
        (Axis::Budgets, Values::List(_)) => {
            return Err(
                "the budget grid takes latency and usage values (--latency-values, --usage-values)"
                    .into(),
            );
        }
        (_, Values::Grid { .. }) => {
            return Err(format!(
                "axis `{axis}` takes one list of values, not a grid"
            ));
        }
        (_, Values::List(list)) => list,
    };
    if list.is_empty() {
        return Err(format!("axis `{axis}`: no value to sweep"));
    }
    list.iter()
        .map(|text| {
            let text = text.trim();
            let mut s = scenario.clone();
            let mut values = AxisValues::default();
            match axis {
                Axis::Device => {
                    s.device = Device::preset(text).ok_or_else(|| {
                        let names: Vec<&str> = DEVICES.iter().map(|d| d.0).collect();
                        format!("unknown device `{text}` (known: {})", names.join(", "))
                    })?;
                    values.device = Some(s.device.name.clone());
                }
                Axis::Network => {
                    let views = dataset.num_views();
                    s.network = Network::preset(text, views).ok_or_else(|| {
                        let names: Vec<&str> = NETWORKS.iter().map(|n| n.0).collect();
                        format!(
                            "unknown network `{text}` for {views} views (known: {} for 3 views; synthetic for any)",
                            names.join(", ")
                        )
                    })?;
                    values.network = Some(s.network.name.clone());
                }
                Axis::ModelSize => {
                    let n = number(axis, text)?;
                    s.model.params = n;
                    values.model_size = Some(n);
                }
                Axis::LatencyBudget => {
                    let v = number(axis, text)?;
                    s.budgets.latency_s = v;
                    values.latency_budget = Some(v);
                }
                Axis::UsageBudget => {
                    let v = number(axis, text)?;
                    s.budgets.usage_usd = v;
                    values.usage_budget = Some(v);
                }
                Axis::Shape => {
                    let shape = Shape::named(text)?;
                    let data = Arc::new(shape.dataset()?);
                    let views = data.num_views();
                    s.network = Network::preset(&scenario.network.name, views)
                        .unwrap_or_else(|| Network::default_for(views));
                    values.shape = Some(shape.name.to_owned());
                    return Ok(Point {
                        values,
                        dataset: data,
                        scenario: s,
                    });
                }
                Axis::Budgets => unreachable!("handled above"),
            }
            Ok(point(values, s))
        })
        .collect()
}

fn number(axis: Axis, text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("axis `{axis}`: `{text}` is not a number"))
}
