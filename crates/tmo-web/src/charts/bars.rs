//! Horizontal bar charts: one bar per category (policies read well down the side, even on a
//! phone), optionally stacked from named parts, optionally with ± whiskers.

use super::canvas::{Area, Style};
use crate::export::TextTable;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// CSS height of a legend (two lines).
pub const KEY_HEIGHT: f64 = 48.0;

/// Bars to draw: `values[category][part]`, stacked left to right from 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    /// What the value axis measures.
    pub value_label: String,
    /// One bar per category, top to bottom.
    pub categories: Vec<String>,
    /// Names of the stacked parts (one name for plain bars).
    pub parts: Vec<String>,
    /// Values per category and part.
    pub values: Vec<Vec<f64>>,
    /// A ± whisker per category around its total (e.g. a standard deviation).
    pub whiskers: Option<Vec<f64>>,
    /// A vertical reference line across the bars (e.g. the optimum), with its label.
    pub reference: Option<(String, f64)>,
    /// A short text right of each bar (e.g. its share of the reference), with the column
    /// header it gets in the numbers table.
    pub annotations: Option<(String, Vec<String>)>,
}

impl Bars {
    /// CSS height that gives each bar room.
    pub fn css_height(&self) -> f64 {
        70.0 + 30.0 * self.categories.len() as f64
            + if self.parts.len() > 1 {
                KEY_HEIGHT
            } else {
                0.0
            }
    }

    fn total(&self, category: usize) -> f64 {
        self.values[category].iter().sum()
    }

    /// The half-width of `category`'s whisker (0 without whiskers).
    fn whisker(&self, category: usize) -> f64 {
        self.whiskers
            .as_ref()
            .and_then(|w| w.get(category))
            .copied()
            .unwrap_or(0.0)
    }

    /// The value range shown, always including 0.
    fn range(&self) -> (f64, f64) {
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        for c in 0..self.categories.len() {
            let w = self.whisker(c);
            let t = self.total(c);
            lo = lo.min(t - w);
            hi = hi.max(t + w);
        }
        if let Some((_, r)) = self.reference.as_ref().filter(|(_, r)| r.is_finite()) {
            lo = lo.min(*r);
            hi = hi.max(*r);
        }
        if hi - lo < 1e-12 {
            hi = lo + 1.0;
        }
        let pad = 0.05 * (hi - lo);
        (
            if lo < 0.0 { lo - pad } else { lo },
            if hi > 0.0 { hi + pad } else { hi },
        )
    }

    /// Draws the bars on `area`.
    pub fn draw(&self, area: &Area, style: &Style) -> Result<(), String> {
        let n = self.categories.len();
        if n == 0 {
            return Ok(());
        }
        let p = style.palette;
        let legend = self.parts.len() > 1;
        let (plot, key) = if legend {
            let (plot, key) = area.split_vertically(area.dim_in_pixel().1 - style.px(KEY_HEIGHT));
            (plot, Some(key))
        } else {
            (area.clone(), None)
        };
        let longest = self
            .categories
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(4);
        let label_width = (7.5 * longest as f64 + 12.0).min(150.0);
        let (lo, hi) = self.range();
        // Category `c` spans [row(c), row(c) + 1] with the first category on top.
        let row = |c: usize| (n - 1 - c) as f64;
        let right = if self.annotations.is_some() {
            58.0
        } else {
            18.0
        };
        let top = if self.reference.is_some() { 24.0 } else { 10.0 };
        let mut chart = ChartBuilder::on(&plot)
            .margin(style.px(10.0))
            .margin_top(style.px(top))
            .margin_right(style.px(right))
            .x_label_area_size(style.px(36.0))
            .y_label_area_size(style.px(label_width))
            .build_cartesian_2d(lo..hi, 0.0..n as f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(p.grid.mix(0.5))
            .bold_line_style(p.grid)
            .axis_style(p.muted)
            .x_labels(6)
            .x_label_formatter(&|v| tick(*v, hi - lo))
            .x_desc(self.value_label.as_str())
            .label_style(style.font(12.0, p.ink))
            .axis_desc_style(style.font(12.0, p.muted))
            .draw()
            .map_err(|e| e.to_string())?;
        let label_font = style
            .font(12.0, p.ink)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (c, name) in self.categories.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(lo, row(c) + 0.5));
            plot.draw(&Text::new(
                name.clone(),
                (x - style.px(8.0) as i32, y),
                label_font.clone(),
            ))
            .map_err(|e| e.to_string())?;
        }
        let rects = (0..n).flat_map(|c| {
            let mut start = 0.0;
            self.values[c]
                .iter()
                .enumerate()
                .map(move |(part, &v)| {
                    let end = start + v;
                    let r = Rectangle::new(
                        [(start, row(c) + 0.18), (end, row(c) + 0.82)],
                        p.series(part).filled(),
                    );
                    start = end;
                    r
                })
                .collect::<Vec<_>>()
        });
        chart.draw_series(rects).map_err(|e| e.to_string())?;
        if let Some(whiskers) = &self.whiskers {
            let stroke = p.ink.stroke_width(style.px(1.5));
            let lines = whiskers.iter().enumerate().map(|(c, &w)| {
                let t = self.total(c);
                PathElement::new(vec![(t - w, row(c) + 0.5), (t + w, row(c) + 0.5)], stroke)
            });
            chart.draw_series(lines).map_err(|e| e.to_string())?;
        }
        if let Some((label, r)) = self.reference.as_ref().filter(|(_, r)| r.is_finite()) {
            let dashed = p.ink.stroke_width(style.px(1.5));
            let steps = 4 * n;
            let dashes = (0..steps).step_by(2).map(|i| {
                let y0 = i as f64 * n as f64 / steps as f64;
                let y1 = (i + 1) as f64 * n as f64 / steps as f64;
                PathElement::new(vec![(*r, y0), (*r, y1)], dashed)
            });
            chart.draw_series(dashes).map_err(|e| e.to_string())?;
            let (x, y) = chart.backend_coord(&(*r, n as f64));
            let font = style
                .font(12.0, p.ink)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            plot.draw(&Text::new(
                label.clone(),
                (x, y - style.px(3.0) as i32),
                font,
            ))
            .map_err(|e| e.to_string())?;
        }
        if let Some((_, texts)) = &self.annotations {
            let font = style
                .font(12.0, p.ink)
                .pos(Pos::new(HPos::Left, VPos::Center));
            for (c, text) in texts.iter().enumerate().take(n) {
                let end = self.total(c).max(0.0) + self.whisker(c);
                let (x, y) = chart.backend_coord(&(end, row(c) + 0.5));
                plot.draw(&Text::new(
                    text.clone(),
                    (x + style.px(5.0) as i32, y),
                    font.clone(),
                ))
                .map_err(|e| e.to_string())?;
            }
        }
        if let Some(key) = key {
            draw_key(&key, &self.parts, style)?;
        }
        Ok(())
    }

    /// The numbers behind the chart.
    pub fn table(&self) -> TextTable {
        let mut headers = vec![String::new()];
        headers.extend(self.parts.iter().map(|part| {
            if self.parts.len() == 1 {
                self.value_label.clone()
            } else {
                part.clone()
            }
        }));
        if self.whiskers.is_some() {
            headers.push("± sd".to_owned());
        }
        if let Some((header, _)) = &self.annotations {
            headers.push(header.clone());
        }
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let mut row = vec![name.clone()];
                row.extend(self.values[c].iter().map(|v| format!("{v:.4}")));
                if let Some(w) = self.whiskers.as_ref().and_then(|w| w.get(c)) {
                    row.push(format!("{w:.4}"));
                }
                if let Some((_, texts)) = &self.annotations {
                    row.push(texts.get(c).cloned().unwrap_or_default());
                }
                row
            })
            .collect();
        TextTable { headers, rows }
    }
}

/// An axis tick label with as many decimals as the axis `span` needs.
pub fn tick(value: f64, span: f64) -> String {
    let decimals = match span.abs() {
        s if s >= 20.0 => 0,
        s if s >= 2.0 => 1,
        s if s >= 0.2 => 2,
        _ => 3,
    };
    format!("{value:.decimals$}")
}

/// A legend of coloured squares and names, wrapping onto a second line when narrow.
pub fn draw_key(area: &Area, names: &[String], style: &Style) -> Result<(), String> {
    let p = style.palette;
    let font = style.font(12.0, p.ink);
    let left = style.px(12.0) as i32;
    let (mut x, mut y) = (left, style.px(6.0) as i32);
    let square = style.px(11.0) as i32;
    let width = area.dim_in_pixel().0 as i32;
    for (i, name) in names.iter().enumerate() {
        let (w, _) = area
            .estimate_text_size(name, &font)
            .map_err(|e| e.to_string())?;
        if x > left && x + square + w as i32 + style.px(8.0) as i32 > width {
            x = left;
            y += style.px(20.0) as i32;
        }
        area.draw(&Rectangle::new(
            [(x, y), (x + square, y + square)],
            p.series(i).filled(),
        ))
        .map_err(|e| e.to_string())?;
        x += square + style.px(5.0) as i32;
        area.draw(&Text::new(name.clone(), (x, y - 1), font.clone()))
            .map_err(|e| e.to_string())?;
        x += w as i32 + style.px(14.0) as i32;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_includes_zero_and_whiskers() {
        let bars = Bars {
            value_label: "reward".into(),
            categories: vec!["a".into(), "b".into()],
            parts: vec!["reward".into()],
            values: vec![vec![-0.5], vec![1.0]],
            whiskers: Some(vec![0.1, 0.2]),
            reference: Some(("optimum".into(), 2.0)),
            annotations: Some(("% of optimum".into(), vec!["n/a".into(), "50 %".into()])),
        };
        let (lo, hi) = bars.range();
        assert!(lo < -0.6 && hi > 2.0);
        let t = bars.table();
        assert_eq!(t.headers, ["", "reward", "± sd", "% of optimum"]);
        assert_eq!(t.rows[1], ["b", "1.0000", "0.2000", "50 %"]);
    }
}
