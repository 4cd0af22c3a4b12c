//! Cost models (SIMULATOR.md §4): local compute time and energy, cloud tables, min–max scaling.

use crate::scenario::Scenario;

/// Seconds of one local call: `(2 N / L_base) · L_total / (GF_peak · 1e9)`.
pub fn local_latency_s(scenario: &Scenario) -> f64 {
    let m = &scenario.model;
    let flops = (2.0 * m.params / m.base_tokens) * m.total_tokens;
    flops / (scenario.device.gflops_peak * 1e9)
}

/// USD of one local call: `P_max · t_local · (c / 100) / 3.6e6`.
pub fn local_usage_usd(scenario: &Scenario) -> f64 {
    scenario.device.power_max_w
        * local_latency_s(scenario)
        * (scenario.model.price_cents_per_kwh / 100.0)
        / 3.6e6
}

/// One cost vector over "where" (`[local, cloud with 0 … X views]`) and its min–max scaling.
#[derive(Clone, Debug, PartialEq)]
pub struct CostVector {
    raw: Vec<f64>,
    normalised: Vec<f64>,
}

impl CostVector {
    fn new(local: f64, cloud: &[f64]) -> CostVector {
        let raw: Vec<f64> = std::iter::once(local)
            .chain(cloud.iter().copied())
            .collect();
        let normalised = min_max(&raw);
        CostVector { raw, normalised }
    }

    /// Raw entries (seconds or USD), index = cost slot.
    pub fn raw(&self) -> &[f64] {
        &self.raw
    }

    /// Min–max scaled entries in `[0, 1]` (all 0 when every entry is equal).
    pub fn normalised(&self) -> &[f64] {
        &self.normalised
    }
}

/// Min–max scaling; a constant vector maps to zeros.
pub fn min_max(v: &[f64]) -> Vec<f64> {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = hi - lo;
    v.iter()
        .map(|&x| if span > 0.0 { (x - lo) / span } else { 0.0 })
        .collect()
}

/// `C_L` and `C_U` of a scenario (length `X + 2`).
#[derive(Clone, Debug, PartialEq)]
pub struct CostTable {
    /// Latency in seconds.
    pub latency: CostVector,
    /// Usage in USD.
    pub usage: CostVector,
}

impl CostTable {
    /// Builds both vectors; the scenario must be valid.
    pub fn new(scenario: &Scenario) -> CostTable {
        CostTable {
            latency: CostVector::new(local_latency_s(scenario), &scenario.network.latency_s),
            usage: CostVector::new(local_usage_usd(scenario), &scenario.network.usage_usd),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scenario_costs() {
        let s = Scenario::default_for(3);
        let t = CostTable::new(&s);
        assert!((t.latency.raw()[0] - 0.011428571428571429).abs() < 1e-15);
        assert_eq!(t.latency.normalised()[0], 0.0);
        assert_eq!(t.latency.normalised()[4], 1.0);
        assert!((t.latency.normalised()[2] - 0.6814127825584586).abs() < 1e-12);
        assert_eq!(min_max(&[2.0, 2.0]), vec![0.0, 0.0]);
    }
}
