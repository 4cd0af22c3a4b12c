//! A labelled bubble chart: one point per item, marker area proportional to a third value.

use super::canvas::{Area, Axes, Style, draw_xy_mesh};
use crate::export::TextTable;
use plotters::prelude::*;

/// One labelled point.
#[derive(Clone, Debug, PartialEq)]
pub struct Bubble {
    /// Shown next to the marker.
    pub label: String,
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
    /// Marker size value (≥ 0; area grows with it).
    pub size: f64,
}

/// Points with their axes' and size's meanings.
#[derive(Clone, Debug, PartialEq)]
pub struct Bubbles {
    /// Horizontal axis.
    pub x_label: String,
    /// Vertical axis.
    pub y_label: String,
    /// What marker size encodes.
    pub size_label: String,
    /// The points.
    pub points: Vec<Bubble>,
}

/// Largest marker radius in CSS pixels.
const MAX_RADIUS: f64 = 18.0;
/// Smallest marker radius in CSS pixels (a zero size stays visible).
const MIN_RADIUS: f64 = 3.0;

impl Bubbles {
    /// CSS height of the chart.
    pub fn css_height(&self) -> f64 {
        340.0
    }

    fn radius(&self, size: f64, style: &Style) -> i32 {
        let max = self.points.iter().map(|p| p.size).fold(0.0, f64::max);
        let share = if max > 0.0 {
            (size / max).max(0.0).sqrt()
        } else {
            0.0
        };
        style.px(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share) as i32
    }

    /// Draws the points on `area`.
    pub fn draw(&self, area: &Area, style: &Style) -> Result<(), String> {
        if self.points.is_empty() {
            return Ok(());
        }
        let p = style.palette;
        let span = |f: fn(&Bubble) -> f64| {
            let lo = self.points.iter().map(f).fold(f64::INFINITY, f64::min);
            let hi = self.points.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
            let pad = ((hi - lo) * 0.15).max(hi.abs() * 0.05).max(1e-6);
            (lo - pad)..(hi + pad)
        };
        let (x_span, y_span) = (span(|b| b.x), span(|b| b.y));
        let mut chart = ChartBuilder::on(area)
            .margin(style.px(14.0))
            .margin_right(style.px(70.0))
            .x_label_area_size(style.px(36.0))
            .y_label_area_size(style.px(52.0))
            .build_cartesian_2d(x_span.clone(), y_span.clone())
            .map_err(|e| e.to_string())?;
        let axes = Axes {
            x_label: &self.x_label,
            y_label: &self.y_label,
            ticks: 6,
            tick_font: 12.0,
        };
        let spans = (x_span.end - x_span.start, y_span.end - y_span.start);
        draw_xy_mesh(&mut chart, style, axes, spans)?;
        chart
            .draw_series(self.points.iter().enumerate().map(|(i, b)| {
                let r = self.radius(b.size, style);
                EmptyElement::at((b.x, b.y))
                    + Circle::new((0, 0), r, p.series(i).mix(0.55).filled())
                    + Circle::new((0, 0), r, p.series(i).stroke_width(style.px(1.5)))
            }))
            .map_err(|e| e.to_string())?;
        // Labels take their marker's colour, beside it where they overlap no other label (tried
        // above right, below right, above left, below left); one that fits nowhere is left out
        // (every point is in the numbers table).
        let font_px = style.px(12.0) as i32;
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        for (i, b) in self.points.iter().enumerate() {
            let r = self.radius(b.size, style);
            let (x, y) = chart.backend_coord(&(b.x, b.y));
            let font = style.font(12.0, p.series(i));
            let (w, _) = area
                .estimate_text_size(&b.label, &font)
                .map_err(|e| e.to_string())?;
            let w = w as i32;
            let candidates = [
                (x + r + 3, y - r - font_px),
                (x + r + 3, y + r - 2),
                (x - r - 3 - w, y - r - font_px),
                (x - r - 3 - w, y + r - 2),
            ];
            let free = |&(lx, ly): &(i32, i32)| {
                placed.iter().all(|&(x0, y0, x1, y1)| {
                    lx + w <= x0 || lx >= x1 || ly + font_px <= y0 || ly >= y1
                })
            };
            if let Some(&(lx, ly)) = candidates.iter().find(|c| free(c)) {
                placed.push((lx, ly, lx + w, ly + font_px));
                area.draw(&Text::new(b.label.clone(), (lx, ly), font))
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    /// The numbers behind the chart.
    pub fn table(&self) -> TextTable {
        TextTable {
            headers: vec![
                String::new(),
                self.x_label.clone(),
                self.y_label.clone(),
                self.size_label.clone(),
            ],
            rows: self
                .points
                .iter()
                .map(|b| {
                    vec![
                        b.label.clone(),
                        format!("{:.4}", b.x),
                        format!("{:.4}", b.y),
                        format!("{:.4}", b.size),
                    ]
                })
                .collect(),
        }
    }
}
