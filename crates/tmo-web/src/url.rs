//! Permalinks: the view, the scenario (only what differs from the paper defaults), Compare's
//! seeds, the Experiments view's settings and Replay's position live in the query string, rewritten on every change (no
//! navigation, no request), and read back when the page opens. A change of view is a new history entry, so
//! the browser's Back and Forward move between the views visited.

use crate::scenario_fields;
use crate::shell::View;
use crate::state::{Lab, ReplayCursor, SeedCount};
use crate::sweep_settings::SweepSettings;
use leptos::prelude::*;
use tmo_core::Scenario;
use tmo_core::scenario::{Device, Network};

/// Everything a link restores.
#[derive(Clone, Debug, PartialEq)]
pub struct Permalink {
    /// The view on screen.
    pub view: View,
    /// The scenario.
    pub scenario: Scenario,
    /// Replay's episode and turn.
    pub replay: ReplayCursor,
    /// Compare's number of seeds.
    pub seeds: SeedCount,
    /// Whether Compare and Replay show the shielded policies too.
    pub shield: bool,
    /// The Experiments view's settings.
    pub experiment: SweepSettings,
}

/// The scenario the numeric fields are compared against: the defaults with the device and
/// network named by `scenario` (so a preset alone is one parameter).
fn base(scenario: &Scenario, num_views: usize) -> Scenario {
    let mut base = Scenario::default_for(num_views);
    base.device = device_named(&scenario.device.name, &base.device);
    base.network = network_named(&scenario.network.name, &base.network, num_views);
    base
}

fn device_named(name: &str, fallback: &Device) -> Device {
    Device::preset(name).unwrap_or_else(|| Device {
        name: name.to_owned(),
        ..fallback.clone()
    })
}

fn network_named(name: &str, fallback: &Network, num_views: usize) -> Network {
    Network::preset(name, num_views).unwrap_or_else(|| Network {
        name: name.to_owned(),
        ..fallback.clone()
    })
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(f64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The query parameters of `link`, in a fixed order, for a dataset with `num_views` views.
pub fn encode(link: &Permalink, num_views: usize) -> Vec<(&'static str, String)> {
    let s = &link.scenario;
    let defaults = Scenario::default_for(num_views);
    let base = base(s, num_views);
    let mut out = vec![("view", link.view.slug().to_owned())];
    if s.device.name != defaults.device.name {
        out.push(("dev", s.device.name.clone()));
    }
    if s.network.name != defaults.network.name {
        out.push(("net", s.network.name.clone()));
    }
    if s.network.latency_s != base.network.latency_s {
        out.push(("lat", list(&s.network.latency_s)));
    }
    if s.network.usage_usd != base.network.usage_usd {
        out.push(("usd", list(&s.network.usage_usd)));
    }
    for field in scenario_fields::all() {
        let value = (field.get)(s);
        if value.to_bits() != (field.get)(&base).to_bits() {
            out.push((field.key, value.to_string()));
        }
    }
    if s.budget_distribution != defaults.budget_distribution {
        out.push(("bd", s.budget_distribution.name().to_owned()));
    }
    if let Some(episode) = link.replay.episode {
        out.push(("ep", episode.to_string()));
        out.push(("turn", link.replay.turn.to_string()));
    }
    if link.seeds != SeedCount::DEFAULT {
        out.push(("seeds", link.seeds.get().to_string()));
    }
    if link.shield {
        out.push(("shield", "1".to_owned()));
    }
    out.extend(link.experiment.encode());
    out
}

/// The link described by `params` for a dataset with `num_views` views, with a message for
/// every parameter that could not be used (those keep their default).
pub fn decode<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    num_views: usize,
) -> (Permalink, Vec<String>) {
    let params: Vec<(&str, &str)> = params.into_iter().collect();
    let get = |key: &str| params.iter().rev().find(|(k, _)| *k == key).map(|p| p.1);
    let mut problems = Vec::new();
    let mut bad = |key: &str, value: &str, why: &str| {
        problems.push(format!("link parameter {key}={value}: {why}"));
    };
    let mut s = Scenario::default_for(num_views);
    if let Some(name) = get("dev") {
        s.device = device_named(name, &s.device);
    }
    if let Some(name) = get("net") {
        s.network = network_named(name, &s.network, num_views);
    }
    for (key, target) in [("lat", 0), ("usd", 1)] {
        let Some(text) = get(key) else { continue };
        match text
            .split(',')
            .map(|v| v.trim().parse::<f64>())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(values) if target == 0 => s.network.latency_s = values,
            Ok(values) => s.network.usage_usd = values,
            Err(_) => bad(key, text, "expected numbers separated by commas"),
        }
    }
    for field in scenario_fields::all() {
        let Some(text) = get(field.key) else { continue };
        match field.parse_raw(text) {
            Ok(v) => (field.set)(&mut s, v),
            Err(why) => bad(field.key, text, &why),
        }
    }
    if let Some(text) = get("bd") {
        match text.parse() {
            Ok(d) => s.budget_distribution = d,
            Err(why) => bad("bd", text, &why),
        }
    }
    let view = match get("view") {
        None => View::Replay,
        Some(slug) => View::from_slug(slug).unwrap_or_else(|| {
            bad("view", slug, "not a view of this page");
            View::Replay
        }),
    };
    let mut replay = ReplayCursor::default();
    if let Some(text) = get("ep") {
        match text.parse::<u64>() {
            Ok(id) => replay.episode = Some(id),
            Err(_) => bad("ep", text, "expected an episode id"),
        }
    }
    if let Some(text) = get("turn") {
        match text.parse::<usize>() {
            Ok(turn) => replay.turn = turn,
            Err(_) => bad("turn", text, "expected a turn number"),
        }
    }
    let seeds = match get("seeds").map(|text| (text, text.parse::<SeedCount>())) {
        None => SeedCount::DEFAULT,
        Some((_, Ok(n))) => n,
        Some((text, Err(why))) => {
            bad("seeds", text, &why);
            SeedCount::DEFAULT
        }
    };
    let shield = match get("shield") {
        None | Some("0") => false,
        Some("1") => true,
        Some(text) => {
            bad("shield", text, "expected 1 (on) or 0 (off)");
            false
        }
    };
    let (experiment, experiment_problems) = SweepSettings::decode(get);
    problems.extend(experiment_problems);
    (
        Permalink {
            view,
            scenario: s,
            replay,
            seeds,
            shield,
            experiment,
        },
        problems,
    )
}

/// Applies the page's URL to `lab` (once, before anything renders).
pub fn restore(lab: Lab) {
    let Ok(search) = window().location().search() else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    let pairs: Vec<(String, String)> = [
        "view", "dev", "net", "lat", "usd", "bd", "ep", "turn", "seeds", "shield",
    ]
    .into_iter()
    .chain(SweepSettings::KEYS)
    .chain(scenario_fields::all().map(|f| f.key))
    .filter_map(|key| params.get(key).map(|v| (key.to_owned(), v)))
    .collect();
    if pairs.is_empty() {
        return;
    }
    let views = lab.dataset.with_untracked(|d| d.data.num_views());
    let (link, problems) = decode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), views);
    lab.scenario.set(link.scenario);
    lab.view.set(link.view);
    lab.replay.set(link.replay);
    lab.seeds.set(link.seeds);
    lab.shield.set(link.shield);
    lab.experiment.set(link.experiment);
    if !problems.is_empty() {
        lab.report(problems.join("; "));
    }
}

/// Keeps the URL equal to the current state and follows Back and Forward (call once in `App`).
pub fn sync(lab: Lab) {
    Effect::new(move |_| {
        let link = Permalink {
            view: lab.view.get(),
            scenario: lab.scenario.get(),
            replay: lab.replay.get(),
            seeds: lab.seeds.get(),
            shield: lab.shield.get(),
            experiment: lab.experiment.get(),
        };
        let views = lab.dataset.with(|d| d.data.num_views());
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        for (key, value) in encode(&link, views) {
            params.append(key, &value);
        }
        if embedded() {
            params.append(EMBED.0, EMBED.1);
        }
        let query: String = params.to_string().into();
        let url = format!("?{query}");
        if window().location().search().ok().as_deref() != Some(url.as_str()) {
            let new_view = view_in_url().is_some_and(|shown| shown != link.view);
            // Rewriting the URL only fails on a detached document; the page keeps working.
            let _ = window().history().and_then(|h| {
                if new_view {
                    h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                } else {
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                }
            });
        }
    });
    // Back and Forward: show the view of the entry the browser moved to; `sync` then writes
    // the rest of the current state into it.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        lab.view.set(view_in_url().unwrap_or(View::Replay));
    });
}

/// The link parameter that shows one view without the app's chrome (kept in the URL).
const EMBED: (&str, &str) = ("embed", "1");

/// The value of the page URL's parameter `key`, if it has one.
fn param_in_url(key: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(key)
}

/// The view the page's URL names, if it names one.
fn view_in_url() -> Option<View> {
    View::from_slug(&param_in_url("view")?)
}

/// Whether the page's URL asks for one view without the app's chrome (`?embed=1`), for slides
/// and other pages that embed it.
pub fn embedded() -> bool {
    param_in_url(EMBED.0).as_deref() == Some(EMBED.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tmo_core::BudgetDistribution;

    fn round_trip(link: &Permalink) -> (Permalink, Vec<String>) {
        let params = encode(link, 3);
        decode(params.iter().map(|(k, v)| (*k, v.as_str())), 3)
    }

    #[test]
    fn the_default_link_is_just_the_view() {
        let link = Permalink {
            view: View::Compare,
            scenario: Scenario::default_for(3),
            replay: ReplayCursor::default(),
            seeds: SeedCount::DEFAULT,
            shield: false,
            experiment: SweepSettings::default(),
        };
        assert_eq!(encode(&link, 3), vec![("view", "compare".to_owned())]);
        assert_eq!(round_trip(&link), (link, vec![]));
    }

    #[test]
    fn every_change_survives_the_round_trip() {
        let mut s = Scenario::default_for(3);
        s.device = Device::preset("Jetson Nano").expect("preset");
        s.network = Network::preset("4G", 3).expect("preset");
        s.network.usage_usd[2] = 0.0123;
        s.model.params = 7.1e9;
        s.budgets.latency_s = 12.5;
        s.weights.usage = 1.0 / 7.0;
        s.time_span = 3;
        s.budget_distribution = BudgetDistribution::ExtremeAware;
        let link = Permalink {
            view: View::Replay,
            scenario: s,
            replay: ReplayCursor {
                episode: Some(42),
                turn: 2,
            },
            seeds: SeedCount::new(7).expect("in range"),
            shield: true,
            experiment: SweepSettings::default(),
        };
        let params = encode(&link, 3);
        assert!(params.contains(&("dev", "Jetson Nano".to_owned())));
        assert!(params.contains(&("seeds", "7".to_owned())));
        assert!(params.contains(&("shield", "1".to_owned())));
        assert!(!params.iter().any(|(k, _)| *k == "gf" || *k == "lat"));
        assert_eq!(round_trip(&link), (link, vec![]));
        let mut custom = Scenario::default_for(3);
        custom.device.name = "My board".to_owned();
        custom.device.gflops_peak = 99.5;
        let link = Permalink {
            view: View::Scenario,
            scenario: custom,
            replay: ReplayCursor::default(),
            seeds: SeedCount::DEFAULT,
            shield: false,
            experiment: SweepSettings::default(),
        };
        assert_eq!(round_trip(&link), (link, vec![]));
    }

    #[test]
    fn bad_parameters_are_named_and_ignored() {
        let (link, problems) = decode(
            [
                ("view", "nowhere"),
                ("k", "two"),
                ("lat", "1,x"),
                ("bl", "9"),
                ("seeds", "0"),
                ("shield", "yes"),
            ],
            3,
        );
        assert_eq!(link.view, View::Replay);
        assert_eq!(link.scenario.k, 5);
        assert_eq!(link.scenario.budgets.latency_s, 9.0);
        assert_eq!(link.seeds, SeedCount::DEFAULT);
        assert!(!link.shield);
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].contains("lat=1,x"));
        assert!(problems[3].contains("seeds=0"));
        assert!(problems[4].contains("shield=yes"));
    }
}
