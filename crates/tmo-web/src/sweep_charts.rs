//! What the Experiments view draws from a sweep's points: the metric chosen, a line per policy
//! over the axis ([`SweepLines`]), and for the budget grid a heat map per metric
//! ([`Heatmap`]). Only presentation: the numbers are tmo-core's tables.

use crate::charts::heatmap::{Heatmap, Tone};
use crate::charts::sweep_lines::{Series, SweepLines};
use crate::sweep_settings::is_learner;
use tmo_core::experiment::Row;
use tmo_core::experiment::sweep::{Axis, AxisValues, PointResult, Values};

/// What the lines measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepMetric {
    /// Reward per step.
    Reward,
    /// Reward as a share of the optimum's.
    PctOfOptimum,
    /// Share of episodes over a budget.
    Violations,
    /// Latency per episode.
    Latency,
    /// Usage cost per episode.
    Cost,
}

impl SweepMetric {
    /// Every metric, in the switch's order.
    pub const ALL: [SweepMetric; 5] = [
        SweepMetric::Reward,
        SweepMetric::PctOfOptimum,
        SweepMetric::Violations,
        SweepMetric::Latency,
        SweepMetric::Cost,
    ];

    /// The switch's label.
    pub fn label(self) -> &'static str {
        match self {
            SweepMetric::Reward => "Reward",
            SweepMetric::PctOfOptimum => "% of optimum",
            SweepMetric::Violations => "Violations",
            SweepMetric::Latency => "Latency",
            SweepMetric::Cost => "Cost",
        }
    }

    /// The vertical axis's title.
    pub fn axis_title(self) -> &'static str {
        match self {
            SweepMetric::Reward => "Reward per step",
            SweepMetric::PctOfOptimum => "% of optimum",
            SweepMetric::Violations => "Over budget (% of episodes)",
            SweepMetric::Latency => "Latency per episode (s)",
            SweepMetric::Cost => "Usage per episode (1e-3 USD)",
        }
    }

    /// A key for file names and test selectors.
    pub fn key(self) -> &'static str {
        match self {
            SweepMetric::Reward => "reward",
            SweepMetric::PctOfOptimum => "pct-of-optimum",
            SweepMetric::Violations => "violations",
            SweepMetric::Latency => "latency",
            SweepMetric::Cost => "cost",
        }
    }

    /// Mean and sd of `row` in the shown unit (`None`: undefined, e.g. % of a zero optimum).
    pub fn of(self, row: &Row) -> Option<(f64, f64)> {
        let s = &row.summary;
        let (m, scale) = match self {
            SweepMetric::Reward => (s.reward, 1.0),
            SweepMetric::PctOfOptimum => (row.pct_of_optimum?, 1.0),
            SweepMetric::Violations => (s.violation_rate, 100.0),
            SweepMetric::Latency => (s.latency, 1.0),
            SweepMetric::Cost => (s.usage, 1000.0),
        };
        Some((m.mean * scale, m.sd * scale))
    }
}

/// How a point's value is shown on the axis.
pub fn point_label(axis: Axis, values: &AxisValues) -> String {
    match axis {
        Axis::ModelSize => values
            .model_size
            .map_or_else(String::new, |n| format!("{} B", n / 1e9)),
        Axis::LatencyBudget => values
            .latency_budget
            .map_or_else(String::new, |v| format!("{v} s")),
        Axis::UsageBudget => values
            .usage_budget
            .map_or_else(String::new, |v| format!("{v} USD")),
        _ => axis
            .fields()
            .iter()
            .map(|f| values.text(f))
            .collect::<Vec<_>>()
            .join(" × "),
    }
}

/// The name a policy is shown under: a learner as the paper writes it, a rule by its name.
pub fn policy_label(policy: &str) -> String {
    policy
        .parse::<tmo_agent::Learner>()
        .map_or_else(|_| policy.to_owned(), |l| l.label())
}

/// A line per policy of `metric` over the points of a list sweep: every value asked for is on
/// the axis from the start (labelled as typed until its point arrives).
pub fn lines(
    axis: Axis,
    values: &Values,
    policies: &[String],
    results: &[PointResult],
    metric: SweepMetric,
) -> SweepLines {
    let asked = match values {
        Values::List(list) => list.clone(),
        Values::Grid { .. } => Vec::new(),
    };
    let n = asked.len().max(results.len());
    let points = (0..n)
        .map(|i| match results.get(i) {
            Some(r) => point_label(axis, &r.values),
            None => asked[i].clone(),
        })
        .collect();
    let series = policies
        .iter()
        .map(|p| Series {
            name: policy_label(p),
            values: (0..n)
                .map(|i| {
                    let row = results.get(i)?.table.rows.iter().find(|r| &r.policy == p)?;
                    metric.of(row)
                })
                .collect(),
            highlight: is_learner(p),
        })
        .collect();
    SweepLines {
        x_label: axis_title(axis).to_owned(),
        y_label: metric.axis_title().to_owned(),
        points,
        series,
    }
}

/// The axis's title on the charts.
pub fn axis_title(axis: Axis) -> &'static str {
    match axis {
        Axis::Device => "Local device",
        Axis::Network => "Network",
        Axis::ModelSize => "Local model parameters (cost side only)",
        Axis::LatencyBudget => "Latency budget",
        Axis::UsageBudget => "Usage budget",
        Axis::Budgets => "Budgets",
        Axis::Shape => "Problem shape",
    }
}

/// The budget grid's heat map of `policy`'s `metric` (% of optimum, or violations): rows
/// are latency budgets, columns usage budgets.
pub fn heatmap(
    values: &Values,
    policy: &str,
    results: &[PointResult],
    metric: SweepMetric,
) -> Heatmap {
    let (latency, usage) = match values {
        Values::Grid { latency, usage } => (latency.clone(), usage.clone()),
        Values::List(_) => (Vec::new(), Vec::new()),
    };
    let cell = |l: f64, u: f64| {
        let point = results
            .iter()
            .find(|r| r.values.latency_budget == Some(l) && r.values.usage_budget == Some(u))?;
        let row = point.table.rows.iter().find(|r| r.policy == policy)?;
        metric.of(row).map(|(m, _)| m)
    };
    Heatmap {
        row_label: "latency budget (s)".into(),
        column_label: "usage budget (USD)".into(),
        rows: latency.iter().map(|l| format!("{l} s")).collect(),
        columns: usage.iter().map(ToString::to_string).collect(),
        values: latency
            .iter()
            .map(|&l| usage.iter().map(|&u| cell(l, u)).collect())
            .collect(),
        unit: " %".into(),
        full: 100.0,
        tone: if metric == SweepMetric::Violations {
            Tone::Bad
        } else {
            Tone::Good
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_labelled_in_their_units() {
        let v = AxisValues {
            model_size: Some(3.8e9),
            ..AxisValues::default()
        };
        assert_eq!(point_label(Axis::ModelSize, &v), "3.8 B");
        let v = AxisValues {
            network: Some("WiFi".into()),
            ..AxisValues::default()
        };
        assert_eq!(point_label(Axis::Network, &v), "WiFi");
        assert_eq!(policy_label("rc-a2c"), "RC-A2C");
        assert_eq!(policy_label("local"), "local");
    }

    #[test]
    fn the_axis_holds_every_value_before_its_point_arrives() {
        let values = Values::List(vec!["WiFi".into(), "4G".into()]);
        let l = lines(
            Axis::Network,
            &values,
            &["local".to_owned(), "rc-a2c".to_owned()],
            &[],
            SweepMetric::Reward,
        );
        assert_eq!(l.points, vec!["WiFi", "4G"]);
        assert_eq!(l.series[0].values, vec![None, None]);
        assert!(l.series[1].highlight && !l.series[0].highlight);
    }
}
