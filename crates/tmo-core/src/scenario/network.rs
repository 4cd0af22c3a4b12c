//! Cloud networks (SIMULATOR.md §4): per-call latency and usage by number of uploaded views.

use serde::{Deserialize, Serialize};

/// A cloud connection: entry `j` is the cost of a call uploading `j` views (`X + 1` entries).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Network {
    /// Display name.
    pub name: String,
    /// Latency in seconds for `j = 0 ..= X` uploaded views.
    pub latency_s: Vec<f64>,
    /// Usage in USD for `j = 0 ..= X` uploaded views.
    pub usage_usd: Vec<f64>,
}

/// Usage in USD of the measured three-view presets, `j = 0 ..= 3`.
const PRESET_USAGE: [f64; 4] = [0.00049, 0.005, 0.00945, 0.01368];

/// The network registry for three views: name and latency for `j = 0 ..= 3`.
pub const NETWORKS: [(&str, [f64; 4]); 4] = [
    ("Wired", [6.46030, 4.76134, 6.24569, 6.98211]),
    ("WiFi", [0.5, 1.898, 2.016, 2.238]),
    ("5G", [0.5, 6.037, 6.412, 7.118]),
    ("4G", [0.5, 16.603, 17.636, 19.573]),
];

/// Name of the default network (for three views).
pub const DEFAULT_NETWORK: &str = "Wired";

/// Name of the synthetic profile, valid for any number of views.
pub const SYNTHETIC_NETWORK: &str = "synthetic";

impl Network {
    /// The registry entry with this name (case-insensitive) for `num_views` views.
    ///
    /// The measured presets exist for three views only; `synthetic` exists for every `X`.
    pub fn preset(name: &str, num_views: usize) -> Option<Network> {
        if name.eq_ignore_ascii_case(SYNTHETIC_NETWORK) {
            return Some(Network::synthetic(num_views));
        }
        if num_views != 3 {
            return None;
        }
        NETWORKS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(n, latency)| Network {
                name: (*n).to_owned(),
                latency_s: latency.to_vec(),
                usage_usd: PRESET_USAGE.to_vec(),
            })
    }

    /// The default network for `num_views` views: Wired for three, else the synthetic profile.
    pub fn default_for(num_views: usize) -> Network {
        Network::preset(DEFAULT_NETWORK, num_views).unwrap_or_else(|| Network::synthetic(num_views))
    }

    /// The synthetic profile: `latency_j = 0.5 + 1.5 j`, `usage_j = 0.0005 + 0.004 j`.
    pub fn synthetic(num_views: usize) -> Network {
        let js = 0..=num_views;
        Network {
            name: SYNTHETIC_NETWORK.to_owned(),
            latency_s: js.clone().map(|j| 0.5 + 1.5 * j as f64).collect(),
            usage_usd: js.map(|j| 0.0005 + 0.004 * j as f64).collect(),
        }
    }
}
