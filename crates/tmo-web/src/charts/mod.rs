//! Charts drawn with plotters on a HiDPI canvas, each with a PNG export and its numbers as a
//! table (hidden visually until shown, always there for screen readers).

pub mod bars;
pub mod canvas;
pub mod heatmap;
pub mod lines;
pub mod palette;
pub mod scatter;
pub mod sweep_lines;

use crate::export::TextTable;
use bars::Bars;
use heatmap::Heatmap;
use leptos::html;
use leptos::prelude::*;
use lines::Lines;
use scatter::Bubbles;
use sweep_lines::SweepLines;

/// What a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartSpec {
    /// Horizontal (stacked) bars.
    Bars(Bars),
    /// Labelled bubbles.
    Bubbles(Bubbles),
    /// Lines over a shared axis.
    Lines(Lines),
    /// A sweep's lines over its points, with ± sd bands.
    SweepLines(SweepLines),
    /// Values on a grid.
    Heatmap(Heatmap),
}

impl ChartSpec {
    fn css_height(&self) -> f64 {
        match self {
            ChartSpec::Bars(b) => b.css_height(),
            ChartSpec::Bubbles(b) => b.css_height(),
            ChartSpec::Lines(l) => l.css_height(),
            ChartSpec::SweepLines(l) => l.css_height(),
            ChartSpec::Heatmap(h) => h.css_height(),
        }
    }

    fn draw(&self, area: &canvas::Area, style: &canvas::Style) -> Result<(), String> {
        match self {
            ChartSpec::Bars(b) => b.draw(area, style),
            ChartSpec::Bubbles(b) => b.draw(area, style),
            ChartSpec::Lines(l) => l.draw(area, style),
            ChartSpec::SweepLines(l) => l.draw(area, style),
            ChartSpec::Heatmap(h) => h.draw(area, style),
        }
    }

    /// The numbers behind the chart.
    pub fn table(&self) -> TextTable {
        match self {
            ChartSpec::Bars(b) => b.table(),
            ChartSpec::Bubbles(b) => b.table(),
            ChartSpec::Lines(l) => l.table(),
            ChartSpec::SweepLines(l) => l.table(),
            ChartSpec::Heatmap(h) => h.table(),
        }
    }
}

/// A titled chart with a "PNG" download and a "Numbers" toggle for its data table.
/// Redraws when `spec`, the theme or the window size changes.
#[component]
pub fn Chart(
    /// Caption, also the canvas's accessible name.
    #[prop(into)]
    title: String,
    /// File name stem of the PNG (and `data-chart` of the figure).
    #[prop(into)]
    name: String,
    /// What to draw.
    #[prop(into)]
    spec: Signal<ChartSpec>,
    /// Whether its numbers table is shown from the start.
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let show_table = RwSignal::new(open);
    let (failure, set_failure) = signal(None::<String>);
    let theme = palette::theme_changes();
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|r| *r += 1));
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        theme.track();
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        spec.with(|spec| {
            let drawn = canvas::prepare(&canvas, spec.css_height())
                .ok_or_else(|| "this browser cannot draw on a canvas".to_owned())
                .and_then(|(area, style)| spec.draw(&area, &style));
            set_failure.set(drawn.err());
        });
    });
    let png_name = format!("{name}.png");
    let save = move |_| {
        if let Some(canvas) = canvas_ref.get_untracked()
            && let Err(e) = canvas::save_png(&canvas, &png_name)
        {
            set_failure.set(Some(e));
        }
    };
    let label = format!("{title} (chart; its numbers are in the table that follows)");
    view! {
        <figure class="chart" data-chart=name.clone()>
            <figcaption>
                <span class="chart-title">{title.clone()}</span>
                <span class="chart-actions">
                    <button type="button" class="secondary small" on:click=save>
                        "PNG"
                    </button>
                    <button
                        type="button"
                        class="secondary small"
                        aria-expanded=move || show_table.get().to_string()
                        on:click=move |_| show_table.update(|s| *s = !*s)
                    >
                        "Numbers"
                    </button>
                </span>
            </figcaption>
            <div class="chart-canvas">
                <canvas node_ref=canvas_ref role="img" aria-label=label></canvas>
            </div>
            {move || failure.get().map(|e| view! { <p class="banner error">{e}</p> })}
            <DataTable
                caption=title
                table=Signal::derive(move || spec.with(ChartSpec::table))
                visible=show_table
            />
        </figure>
    }
}

/// A plain table of text cells; visually hidden (still read by screen readers) unless
/// `visible`.
#[component]
pub fn DataTable(
    /// Table caption.
    #[prop(into)]
    caption: String,
    /// The cells.
    #[prop(into)]
    table: Signal<TextTable>,
    /// Whether sighted users see it.
    #[prop(into)]
    visible: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" class:sr-only=move || !visible.get()>
            <table class="data">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        {move || {
                            table.with(|t| {
                                t.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()
                            })
                        }}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        table.with(|t| {
                            t.rows
                                .iter()
                                .map(|row| {
                                    let mut cells = row.iter();
                                    let head = cells.next().cloned().unwrap_or_default();
                                    view! {
                                        <tr>
                                            <th scope="row">{head}</th>
                                            {cells.map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}
