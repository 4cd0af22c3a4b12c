//! Local devices (SIMULATOR.md §4): peak throughput and power, with the paper's presets.

use serde::{Deserialize, Serialize};

/// A device running the local LLM.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Device {
    /// Display name.
    pub name: String,
    /// Peak throughput `GF_peak` in GFLOPS (> 0).
    pub gflops_peak: f64,
    /// Maximum power draw `P_max` in watts (≥ 0).
    pub power_max_w: f64,
}

/// The device registry: name, `GF_peak`, `P_max`. The first eight are the paper's; iPhone 15
/// (A16) is from the poster's device table.
pub const DEVICES: [(&str, f64, f64); 9] = [
    ("Raspberry Pi-4B", 13.5, 8.0),
    ("Raspberry Pi-5", 31.4, 12.0),
    ("Jetson Nano", 472.0, 10.0),
    ("Jetson TX2", 1330.0, 15.0),
    ("Jetson Xavier NX", 21000.0, 20.0),
    ("Jetson Orin NX", 100000.0, 25.0),
    ("Jetson AGX Orin", 275000.0, 60.0),
    ("iPhone 15 Pro", 35000.0, 15.0),
    ("iPhone 15 (A16)", 15800.0, 15.0),
];

/// Name of the default device.
pub const DEFAULT_DEVICE: &str = "Jetson TX2";

impl Device {
    /// The registry entry with this name (case-insensitive), if any.
    pub fn preset(name: &str) -> Option<Device> {
        DEVICES
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|&(n, gflops_peak, power_max_w)| Device {
                name: n.to_owned(),
                gflops_peak,
                power_max_w,
            })
    }
}

impl Default for Device {
    fn default() -> Device {
        Device::preset(DEFAULT_DEVICE).unwrap_or_else(|| unreachable!("default device is a preset"))
    }
}
