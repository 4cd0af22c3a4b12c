//! Chart colours taken from the page's CSS variables, so charts follow the light/dark theme,
//! and a signal that ticks whenever the theme may have changed (system scheme or toggle).

use leptos::prelude::*;
use plotters::style::RGBColor;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The colours a chart is drawn with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Background (the panel colour, so exported PNGs are not transparent).
    pub background: RGBColor,
    /// Text and axes.
    pub ink: RGBColor,
    /// Secondary text.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Series colours, in order.
    pub series: [RGBColor; 6],
}

impl Palette {
    /// The current theme's colours (light defaults for any variable that cannot be read).
    pub fn current() -> Palette {
        let css = CssVars::of_root();
        Palette {
            background: css.color("--panel", RGBColor(255, 255, 255)),
            ink: css.color("--ink", RGBColor(28, 29, 31)),
            muted: css.color("--muted", RGBColor(91, 96, 104)),
            grid: css.color("--line", RGBColor(220, 223, 227)),
            series: [
                css.color("--local", RGBColor(37, 99, 235)),
                css.color("--cloud", RGBColor(217, 119, 6)),
                css.color("--accent", RGBColor(15, 118, 110)),
                css.color("--bad", RGBColor(185, 28, 28)),
                css.color("--good", RGBColor(21, 128, 61)),
                css.color("--muted", RGBColor(91, 96, 104)),
            ],
        }
    }

    /// The colour of series `i` (cycling).
    pub fn series(&self, i: usize) -> RGBColor {
        self.series[i % self.series.len()]
    }
}

/// The computed style of `<html>`.
struct CssVars(Option<web_sys::CssStyleDeclaration>);

impl CssVars {
    fn of_root() -> CssVars {
        let style = web_sys::window().and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        });
        CssVars(style)
    }

    fn color(&self, name: &str, fallback: RGBColor) -> RGBColor {
        self.0
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .and_then(|v| parse_hex(v.trim()))
            .unwrap_or(fallback)
    }
}

/// `#rrggbb` or `#rgb`.
fn parse_hex(text: &str) -> Option<RGBColor> {
    let hex = text.strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(RGBColor(
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        3 => {
            let c = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some(RGBColor(c(0)?, c(1)?, c(2)?))
        }
        _ => None,
    }
}

thread_local! {
    static THEME_TICK: ArcRwSignal<u32> = watch_theme();
}

/// A signal that changes whenever the colour scheme or the `data-theme` attribute changes.
pub fn theme_changes() -> ArcRwSignal<u32> {
    THEME_TICK.with(Clone::clone)
}

/// Watches the system scheme and `<html data-theme>` for the life of the page.
fn watch_theme() -> ArcRwSignal<u32> {
    let tick = ArcRwSignal::new(0u32);
    let Some(window) = web_sys::window() else {
        return tick;
    };
    let bump = {
        let tick = tick.clone();
        Closure::<dyn Fn()>::new(move || tick.update(|t| *t = t.wrapping_add(1)))
    };
    if let Ok(Some(query)) = window.match_media("(prefers-color-scheme: dark)") {
        let _ = query.add_event_listener_with_callback("change", bump.as_ref().unchecked_ref());
    }
    if let (Some(root), Ok(observer)) = (
        window.document().and_then(|d| d.document_element()),
        web_sys::MutationObserver::new(bump.as_ref().unchecked_ref()),
    ) {
        let options = web_sys::MutationObserverInit::new();
        options.set_attribute_filter(&js_sys::Array::of1(&"data-theme".into()));
        let _ = observer.observe_with_options(&root, &options);
    }
    // The listeners live as long as the page.
    bump.forget();
    tick
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse() {
        assert_eq!(parse_hex("#0f766e"), Some(RGBColor(15, 118, 110)));
        assert_eq!(parse_hex("#fff"), Some(RGBColor(255, 255, 255)));
        assert_eq!(parse_hex("rgb(1,2,3)"), None);
        assert_eq!(parse_hex("#12345"), None);
    }
}
