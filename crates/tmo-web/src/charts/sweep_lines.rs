//! A sweep's chart: one line per policy over the points of an axis (evenly spaced, labelled
//! by their values), each with a ± sd band; highlighted lines (the learned policies) drawn
//! thicker and on top.

use super::bars::{KEY_HEIGHT, draw_key, tick};
use super::canvas::{Area, Style};
use crate::export::TextTable;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One policy's values at each point (`None` where it has none yet).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Mean and sd per point.
    pub values: Vec<Option<(f64, f64)>>,
    /// Drawn thicker and on top.
    pub highlight: bool,
}

/// Lines over the points of a sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepLines {
    /// What the axis varies.
    pub x_label: String,
    /// What the lines measure.
    pub y_label: String,
    /// The points' labels, in order.
    pub points: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
}

impl SweepLines {
    /// CSS height of the chart.
    pub fn css_height(&self) -> f64 {
        260.0 + self.key_height()
    }

    /// CSS height of the legend: room for a line per three names beyond two lines.
    fn key_height(&self) -> f64 {
        KEY_HEIGHT + 20.0 * (self.series.len().saturating_sub(4) / 3) as f64
    }

    /// The value range shown (bands included), padded.
    fn range(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (m, sd) in self.series.iter().flat_map(|s| s.values.iter().flatten()) {
            if m.is_finite() && sd.is_finite() {
                lo = lo.min(m - sd);
                hi = hi.max(m + sd);
            }
        }
        if !lo.is_finite() {
            return (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.08).max(1e-3);
        (lo - pad, hi + pad)
    }

    /// Draws the chart on `area`.
    pub fn draw(&self, area: &Area, style: &Style) -> Result<(), String> {
        let p = style.palette;
        let (plot, key) =
            area.split_vertically(area.dim_in_pixel().1 - style.px(self.key_height()));
        let n = self.points.len().max(1);
        let (y0, y1) = self.range();
        let mut chart = ChartBuilder::on(&plot)
            .margin(style.px(12.0))
            .margin_right(style.px(20.0))
            .x_label_area_size(style.px(40.0))
            .y_label_area_size(style.px(52.0))
            .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..y1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(p.grid.mix(0.5))
            .bold_line_style(p.grid)
            .axis_style(p.muted)
            .x_labels(0)
            .y_labels(5)
            .y_desc(self.y_label.as_str())
            .y_label_formatter(&|v| tick(*v, y1 - y0))
            .label_style(style.font(11.0, p.ink))
            .axis_desc_style(style.font(12.0, p.muted))
            .draw()
            .map_err(|e| e.to_string())?;
        // The points' labels, shortened to the room each has.
        let room = chart.backend_coord(&(1.0, y0)).0 - chart.backend_coord(&(0.0, y0)).0;
        let font = style.font(11.0, p.ink);
        for (i, label) in self.points.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, y0));
            let text = fit(&plot, label, &font, room)?;
            plot.draw(&Text::new(
                text,
                (x, y + style.px(6.0) as i32),
                font.pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(|e| e.to_string())?;
        }
        let (x, y) = chart.backend_coord(&((n as f64 - 1.0) / 2.0, y0));
        plot.draw(&Text::new(
            self.x_label.clone(),
            (x, y + style.px(24.0) as i32),
            style
                .font(12.0, p.muted)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(|e| e.to_string())?;
        // Plain lines first, highlighted ones on top; bands under every line.
        let order = (0..self.series.len())
            .filter(|&i| !self.series[i].highlight)
            .chain((0..self.series.len()).filter(|&i| self.series[i].highlight));
        for i in order {
            let s = &self.series[i];
            let colour = p.series(i);
            let points: Vec<(f64, f64, f64)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(x, v)| v.map(|(m, sd)| (x as f64, m, sd)))
                .filter(|(_, m, sd)| m.is_finite() && sd.is_finite())
                .collect();
            if points.len() > 1 {
                let band: Vec<(f64, f64)> = points
                    .iter()
                    .map(|&(x, m, sd)| (x, m + sd))
                    .chain(points.iter().rev().map(|&(x, m, sd)| (x, m - sd)))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(band, colour.mix(0.15))))
                    .map_err(|e| e.to_string())?;
            }
            let width = if s.highlight { 3.5 } else { 1.8 };
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|&(x, m, _)| (x, m)),
                    colour.stroke_width(style.px(width)),
                ))
                .map_err(|e| e.to_string())?;
            let radius = style.px(if s.highlight { 4.5 } else { 3.0 });
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, m, _)| Circle::new((x, m), radius, colour.filled())),
                )
                .map_err(|e| e.to_string())?;
        }
        let names: Vec<String> = self
            .series
            .iter()
            .map(|s| {
                if s.highlight {
                    format!("{} ★", s.name)
                } else {
                    s.name.clone()
                }
            })
            .collect();
        draw_key(&key, &names, style)
    }

    /// The numbers behind the chart: a row per point, "mean ± sd" per policy.
    pub fn table(&self) -> TextTable {
        let mut headers = vec![self.x_label.clone()];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .points
            .iter()
            .enumerate()
            .map(|(i, label)| {
                std::iter::once(label.clone())
                    .chain(self.series.iter().map(|s| match s.values.get(i) {
                        Some(Some((m, sd))) => format!("{m:.3} ± {sd:.3}"),
                        _ => "–".to_owned(),
                    }))
                    .collect()
            })
            .collect();
        TextTable { headers, rows }
    }
}

/// `label`, cut with an ellipsis until it fits `room` device pixels (at least one letter).
fn fit(area: &Area, label: &str, font: &TextStyle<'_>, room: i32) -> Result<String, String> {
    let width = |t: &str| -> Result<i32, String> {
        area.estimate_text_size(t, font)
            .map(|(w, _)| w as i32)
            .map_err(|e| e.to_string())
    };
    if width(label)? <= room {
        return Ok(label.to_owned());
    }
    let chars: Vec<char> = label.chars().collect();
    for keep in (1..chars.len()).rev() {
        let text: String = chars[..keep].iter().chain(['…'].iter()).collect();
        if keep == 1 || width(&text)? <= room {
            return Ok(text);
        }
    }
    Ok(label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_row_per_point_and_a_dash_for_missing_values() {
        let lines = SweepLines {
            x_label: "network".into(),
            y_label: "reward".into(),
            points: vec!["WiFi".into(), "4G".into()],
            series: vec![Series {
                name: "local".into(),
                values: vec![Some((0.5, 0.01)), None],
                highlight: false,
            }],
        };
        let t = lines.table();
        assert_eq!(t.headers, vec!["network", "local"]);
        assert_eq!(t.rows[0], vec!["WiFi", "0.500 ± 0.010"]);
        assert_eq!(t.rows[1], vec!["4G", "–"]);
        assert!(lines.range().0 < 0.49);
    }
}
