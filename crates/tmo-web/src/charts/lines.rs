//! Line charts of values over a shared horizontal axis (training curves).

use super::bars::{KEY_HEIGHT, draw_key};
use super::canvas::{Area, Axes, Style, draw_xy_mesh};
use crate::export::TextTable;
use plotters::prelude::*;

/// One named line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    /// Legend name.
    pub name: String,
    /// Points in order of `x`.
    pub points: Vec<(f64, f64)>,
}

/// Lines with their axes' meanings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lines {
    /// Horizontal axis.
    pub x_label: String,
    /// Vertical axis.
    pub y_label: String,
    /// The lines.
    pub lines: Vec<Line>,
}

/// Rows at most in the screen-reader table (evenly spaced points of long runs).
const TABLE_ROWS: usize = 20;

impl Lines {
    /// CSS height of the chart.
    pub fn css_height(&self) -> f64 {
        220.0
            + if self.lines.len() > 1 {
                KEY_HEIGHT
            } else {
                0.0
            }
    }

    fn finite_points(&self) -> impl Iterator<Item = &(f64, f64)> {
        self.lines
            .iter()
            .flat_map(|l| &l.points)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    }

    /// Draws the lines on `area`.
    pub fn draw(&self, area: &Area, style: &Style) -> Result<(), String> {
        let p = style.palette;
        let (plot, key) = if self.lines.len() > 1 {
            let (plot, key) = area.split_vertically(area.dim_in_pixel().1 - style.px(KEY_HEIGHT));
            (plot, Some(key))
        } else {
            (area.clone(), None)
        };
        let (mut x0, mut x1, mut y0, mut y1) = (0.0f64, 1.0f64, f64::INFINITY, f64::NEG_INFINITY);
        for &(x, y) in self.finite_points() {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if !y0.is_finite() {
            (y0, y1) = (0.0, 1.0);
        }
        let pad = ((y1 - y0) * 0.08).max(1e-3);
        let mut chart = ChartBuilder::on(&plot)
            .margin(style.px(12.0))
            .margin_right(style.px(24.0))
            .x_label_area_size(style.px(34.0))
            .y_label_area_size(style.px(52.0))
            .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
            .map_err(|e| e.to_string())?;
        let axes = Axes {
            x_label: &self.x_label,
            y_label: &self.y_label,
            ticks: 5,
            tick_font: 11.0,
        };
        draw_xy_mesh(&mut chart, style, axes, (x1 - x0, y1 - y0))?;
        for (i, line) in self.lines.iter().enumerate() {
            let points = line
                .points
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite());
            chart
                .draw_series(LineSeries::new(
                    points,
                    p.series(i).stroke_width(style.px(2.0)),
                ))
                .map_err(|e| e.to_string())?;
        }
        if let Some(key) = key {
            let names: Vec<String> = self.lines.iter().map(|l| l.name.clone()).collect();
            draw_key(&key, &names, style)?;
        }
        Ok(())
    }

    /// The numbers behind the chart: up to [`TABLE_ROWS`] evenly spaced points per line.
    pub fn table(&self) -> TextTable {
        let mut headers = vec![self.x_label.clone()];
        headers.extend(self.lines.iter().map(|l| l.name.clone()));
        let len = self.lines.iter().map(|l| l.points.len()).max().unwrap_or(0);
        let step = len.div_ceil(TABLE_ROWS).max(1);
        let picks = (0..len)
            .step_by(step)
            .chain((len > 0 && (len - 1) % step != 0).then(|| len - 1));
        let rows = picks
            .map(|i| {
                let x = self
                    .lines
                    .iter()
                    .find_map(|l| l.points.get(i))
                    .map_or(String::new(), |(x, _)| format!("{x}"));
                std::iter::once(x)
                    .chain(self.lines.iter().map(|l| {
                        l.points
                            .get(i)
                            .map_or(String::new(), |(_, y)| format!("{y:.4}"))
                    }))
                    .collect()
            })
            .collect();
        TextTable { headers, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_samples_long_runs_and_keeps_the_last_point() {
        let lines = Lines {
            x_label: "steps".into(),
            y_label: "reward".into(),
            lines: vec![Line {
                name: "reward".into(),
                points: (0..45).map(|i| (i as f64, 0.5)).collect(),
            }],
        };
        let t = lines.table();
        assert!(t.rows.len() <= TABLE_ROWS + 1);
        assert_eq!(t.rows.first().map(|r| r[0].as_str()), Some("0"));
        assert_eq!(t.rows.last().map(|r| r[0].as_str()), Some("44"));
    }
}
