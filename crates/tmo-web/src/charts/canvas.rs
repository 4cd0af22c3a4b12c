//! A canvas sized for the screen's pixel density: its backing store holds
//! `css size × devicePixelRatio` pixels and charts scale every length by that ratio, so lines
//! and text stay sharp on HiDPI screens. Also the PNG export of a drawn canvas.

use super::bars::tick;
use super::palette::Palette;
use crate::export::{download_url, js_error};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The drawing area charts draw on.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// What a chart needs to draw at the right size and in the right colours.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// Colours of the current theme.
    pub palette: Palette,
}

impl Style {
    /// `css_px` CSS pixels in device pixels.
    pub fn px(&self, css_px: f64) -> u32 {
        (css_px * self.scale).round().max(1.0) as u32
    }

    /// A font of `css_px` CSS pixels in `color`.
    pub fn font(&self, css_px: f64, color: RGBColor) -> TextStyle<'static> {
        ("sans-serif", css_px * self.scale)
            .into_font()
            .color(&color)
    }
}

/// Sizes `canvas` to its container's width and `css_height`, at the screen's density, and
/// returns the drawing area (background filled) with its style; `None` if the canvas has no
/// 2D context or no width yet (not laid out).
pub fn prepare(canvas: &HtmlCanvasElement, css_height: f64) -> Option<(Area, Style)> {
    let window = web_sys::window()?;
    let scale = window.device_pixel_ratio().max(1.0);
    let css_width = canvas
        .parent_element()
        .map(|p| f64::from(p.client_width()))
        .filter(|w| *w > 0.0)?;
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{css_width}px"));
    let _ = style.set_property("height", &format!("{css_height}px"));
    canvas.set_width((css_width * scale).round() as u32);
    canvas.set_height((css_height * scale).round() as u32);
    let area = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let style = Style {
        scale,
        palette: Palette::current(),
    };
    area.fill(&style.palette.background).ok()?;
    Some((area, style))
}

/// Saves what `canvas` shows as `file_name` (PNG, at its full device resolution).
pub fn save_png(canvas: &HtmlCanvasElement, file_name: &str) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(js_error)?;
    download_url(file_name, &url)
}

/// Axis titles and tick labels of a numeric x–y chart.
pub struct Axes<'a> {
    /// Title under the x axis.
    pub x_label: &'a str,
    /// Title beside the y axis.
    pub y_label: &'a str,
    /// Tick labels per axis.
    pub ticks: usize,
    /// Tick label size, CSS pixels.
    pub tick_font: f64,
}

/// Draws the grid, axes and tick labels of a numeric x–y chart in the page's style; tick
/// labels are rounded for axes spanning `x_span` and `y_span`.
pub fn draw_xy_mesh(
    chart: &mut ChartContext<'_, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    style: &Style,
    axes: Axes,
    (x_span, y_span): (f64, f64),
) -> Result<(), String> {
    let p = style.palette;
    chart
        .configure_mesh()
        .light_line_style(p.grid.mix(0.5))
        .bold_line_style(p.grid)
        .axis_style(p.muted)
        .x_desc(axes.x_label)
        .y_desc(axes.y_label)
        .x_labels(axes.ticks)
        .y_labels(axes.ticks)
        .x_label_formatter(&|v| tick(*v, x_span))
        .y_label_formatter(&|v| tick(*v, y_span))
        .label_style(style.font(axes.tick_font, p.ink))
        .axis_desc_style(style.font(12.0, p.muted))
        .draw()
        .map_err(|e| e.to_string())
}
