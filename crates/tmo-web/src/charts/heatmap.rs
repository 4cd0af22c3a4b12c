//! Heat maps: a value per cell of a grid (rows × columns), coloured from the background to a
//! series colour and written in the cell (the budget grid's reward share and violations).

use super::canvas::{Area, Style};
use crate::export::TextTable;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Which way a heat map's colour runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Higher is better (stronger green).
    Good,
    /// Higher is worse (stronger red).
    Bad,
}

/// A grid of values.
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    /// What the rows vary (drawn down the side).
    pub row_label: String,
    /// What the columns vary (drawn along the bottom).
    pub column_label: String,
    /// Row labels, top to bottom.
    pub rows: Vec<String>,
    /// Column labels, left to right.
    pub columns: Vec<String>,
    /// `values[row][column]`; `None` where there is none (yet).
    pub values: Vec<Vec<Option<f64>>>,
    /// How a value is written (e.g. `"{:.0} %"`-like, by the caller).
    pub unit: String,
    /// The value of full colour (values are clamped to `0 ..= full`).
    pub full: f64,
    /// Which colour.
    pub tone: Tone,
}

impl Heatmap {
    /// CSS height of the chart.
    pub fn css_height(&self) -> f64 {
        80.0 + 46.0 * self.rows.len().max(1) as f64
    }

    fn text(&self, value: Option<f64>) -> String {
        value.map_or("–".to_owned(), |v| format!("{}{}", tick3(v), self.unit))
    }

    /// Draws the grid on `area`.
    pub fn draw(&self, area: &Area, style: &Style) -> Result<(), String> {
        let p = style.palette;
        let (width, height) = area.dim_in_pixel();
        let (left, bottom, top, right) = (
            style.px(78.0) as i32,
            style.px(50.0) as i32,
            style.px(10.0) as i32,
            style.px(12.0) as i32,
        );
        let (cols, rows) = (
            self.columns.len().max(1) as i32,
            self.rows.len().max(1) as i32,
        );
        let cell_w = (width as i32 - left - right) / cols;
        let cell_h = (height as i32 - top - bottom) / rows;
        let tone = match self.tone {
            Tone::Good => p.series[4],
            Tone::Bad => p.series[3],
        };
        let font = style.font(12.0, p.ink);
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        for (r, row) in self.values.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (x, y) = (left + c as i32 * cell_w, top + r as i32 * cell_h);
                let share = value.map_or(0.0, |v| (v / self.full).clamp(0.0, 1.0));
                let fill = mix(p.background, tone, 0.1 + 0.8 * share);
                area.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                    fill.filled(),
                ))
                .map_err(err)?;
                let ink = if luminance(fill) > 0.5 {
                    RGBColor(20, 20, 20)
                } else {
                    RGBColor(245, 245, 245)
                };
                area.draw(&Text::new(
                    self.text(*value),
                    (x + cell_w / 2, y + cell_h / 2),
                    style
                        .font(13.0, ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(err)?;
            }
        }
        for (r, label) in self.rows.iter().enumerate() {
            let y = top + r as i32 * cell_h + cell_h / 2;
            area.draw(&Text::new(
                label.clone(),
                (left - style.px(6.0) as i32, y),
                font.pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
        }
        for (c, label) in self.columns.iter().enumerate() {
            let x = left + c as i32 * cell_w + cell_w / 2;
            area.draw(&Text::new(
                label.clone(),
                (x, top + rows * cell_h + style.px(6.0) as i32),
                font.pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(err)?;
        }
        let muted = style.font(12.0, p.muted);
        area.draw(&Text::new(
            format!("{} →  (rows: {})", self.column_label, self.row_label),
            (
                left + cols * cell_w / 2,
                height as i32 - style.px(6.0) as i32,
            ),
            muted.pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .map_err(err)?;
        Ok(())
    }

    /// The numbers behind the chart: a row per grid row, a column per grid column.
    pub fn table(&self) -> TextTable {
        let mut headers = vec![format!("{} \\ {}", self.row_label, self.column_label)];
        headers.extend(self.columns.iter().cloned());
        let rows = self
            .rows
            .iter()
            .zip(&self.values)
            .map(|(label, row)| {
                std::iter::once(label.clone())
                    .chain(row.iter().map(|v| self.text(*v)))
                    .collect()
            })
            .collect();
        TextTable { headers, rows }
    }
}

/// A number with up to three significant decimals, trailing zeros dropped.
fn tick3(v: f64) -> String {
    let text = if v.abs() >= 10.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// `a` moved a share `t` of the way to `b`.
fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Relative luminance in [0, 1] (sRGB weights, no gamma: enough to pick black or white).
fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_written_plainly_and_colours_mix() {
        assert_eq!(tick3(97.36), "97");
        assert_eq!(tick3(0.25), "0.25");
        assert_eq!(tick3(0.0), "0");
        let white = RGBColor(255, 255, 255);
        assert_eq!(mix(white, RGBColor(0, 0, 0), 1.0), RGBColor(0, 0, 0));
        assert!(luminance(white) > 0.99);
        let map = Heatmap {
            row_label: "latency (s)".into(),
            column_label: "usage (USD)".into(),
            rows: vec!["5".into()],
            columns: vec!["0.005".into(), "0.02".into()],
            values: vec![vec![Some(50.0), None]],
            unit: " %".into(),
            full: 100.0,
            tone: Tone::Good,
        };
        assert_eq!(map.table().rows[0], vec!["5", "50 %", "–"]);
    }
}
