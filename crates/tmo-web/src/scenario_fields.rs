//! The editable numbers of a scenario, one table shared by the Scenario form and the
//! permalink: each with its URL key, the field name tmo-core's `ScenarioError` uses, a label
//! and how it is read, written and typed.

use tmo_core::{Scenario, ScenarioError};

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any decimal number (range checks are tmo-core's).
    Real,
    /// A whole number ≥ 0.
    Count,
}

/// One editable number of a [`Scenario`].
#[derive(Clone, Copy, Debug)]
pub struct NumberField {
    /// Key in the permalink's query string.
    pub key: &'static str,
    /// Field name as tmo-core's `ScenarioError::Invalid` reports it.
    pub path: &'static str,
    /// Label shown next to the input.
    pub label: &'static str,
    /// Unit shown after the input (may be empty).
    pub unit: &'static str,
    /// How the text is typed.
    pub kind: Kind,
    /// The value shown is the scenario's divided by this (e.g. parameters in billions).
    pub scale: f64,
    /// Reads the value from a scenario.
    pub get: fn(&Scenario) -> f64,
    /// Writes the value into a scenario.
    pub set: fn(&mut Scenario, f64),
}

impl NumberField {
    /// Parses text typed into the field into the scenario's unit, or says why it cannot.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        self.parse_raw(text).map(|v| v * self.scale)
    }

    /// Parses text already in the scenario's unit (as the permalink holds it).
    pub fn parse_raw(&self, text: &str) -> Result<f64, String> {
        let text = text.trim();
        match self.kind {
            Kind::Real => text
                .parse::<f64>()
                .map_err(|_| format!("“{text}” is not a number")),
            Kind::Count => text
                .parse::<usize>()
                .map(|v| v as f64)
                .map_err(|_| format!("“{text}” is not a whole number")),
        }
    }

    /// The value of `scenario` as shown in the field: exact when short, else to six decimals
    /// (so ⅓ reads 0.333333; the scenario keeps the exact value until the field is edited).
    pub fn text(&self, scenario: &Scenario) -> String {
        let value = (self.get)(scenario) / self.scale;
        let exact = value.to_string();
        if exact.len() <= 10 {
            return exact;
        }
        let rounded = format!("{value:.6}");
        rounded
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    }
}

const fn real(
    key: &'static str,
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    get: fn(&Scenario) -> f64,
    set: fn(&mut Scenario, f64),
) -> NumberField {
    NumberField {
        key,
        path,
        label,
        unit,
        kind: Kind::Real,
        scale: 1.0,
        get,
        set,
    }
}

/// Device fields.
pub const DEVICE: [NumberField; 2] = [
    real(
        "gf",
        "device.gflops_peak",
        "Peak throughput",
        "GFLOPS",
        |s| s.device.gflops_peak,
        |s, v| s.device.gflops_peak = v,
    ),
    real(
        "pw",
        "device.power_max_w",
        "Maximum power",
        "W",
        |s| s.device.power_max_w,
        |s, v| s.device.power_max_w = v,
    ),
];

/// Local model fields.
pub const MODEL: [NumberField; 4] = [
    NumberField {
        scale: 1e9,
        ..real(
            "n",
            "model.params",
            "Model size N",
            "billion parameters",
            |s| s.model.params,
            |s, v| s.model.params = v,
        )
    },
    real(
        "lb",
        "model.base_tokens",
        "Base tokens L_base",
        "tokens",
        |s| s.model.base_tokens,
        |s, v| s.model.base_tokens = v,
    ),
    real(
        "lt",
        "model.total_tokens",
        "Tokens per call L_total",
        "tokens",
        |s| s.model.total_tokens,
        |s, v| s.model.total_tokens = v,
    ),
    real(
        "price",
        "model.price_cents_per_kwh",
        "Electricity price",
        "¢/kWh",
        |s| s.model.price_cents_per_kwh,
        |s, v| s.model.price_cents_per_kwh = v,
    ),
];

/// Budget fields.
pub const BUDGETS: [NumberField; 2] = [
    real(
        "bl",
        "budgets.latency_s",
        "Latency budget",
        "s per dialogue",
        |s| s.budgets.latency_s,
        |s, v| s.budgets.latency_s = v,
    ),
    real(
        "bu",
        "budgets.usage_usd",
        "Usage budget",
        "USD per dialogue",
        |s| s.budgets.usage_usd,
        |s, v| s.budgets.usage_usd = v,
    ),
];

/// Reward weight fields.
pub const WEIGHTS: [NumberField; 4] = [
    real(
        "wr",
        "weights.response",
        "α (response score)",
        "",
        |s| s.weights.response,
        |s, v| s.weights.response = v,
    ),
    real(
        "wa",
        "weights.association",
        "β_A (association)",
        "",
        |s| s.weights.association,
        |s, v| s.weights.association = v,
    ),
    real(
        "wl",
        "weights.latency",
        "β_L (latency)",
        "",
        |s| s.weights.latency,
        |s, v| s.weights.latency = v,
    ),
    real(
        "wu",
        "weights.usage",
        "β_U (usage)",
        "",
        |s| s.weights.usage,
        |s, v| s.weights.usage = v,
    ),
];

/// History length and neighbours.
pub const HISTORY: [NumberField; 2] = [
    NumberField {
        kind: Kind::Count,
        ..real(
            "tau",
            "time_span",
            "History τ",
            "turns",
            |s| s.time_span as f64,
            |s, v| s.time_span = v as usize,
        )
    },
    NumberField {
        kind: Kind::Count,
        ..real(
            "k",
            "k",
            "Neighbours k",
            "",
            |s| s.k as f64,
            |s, v| s.k = v as usize,
        )
    },
];

/// Every number field, in form order.
pub fn all() -> impl Iterator<Item = &'static NumberField> {
    DEVICE
        .iter()
        .chain(&MODEL)
        .chain(&BUDGETS)
        .chain(&WEIGHTS)
        .chain(&HISTORY)
}

/// `error` in the words of the Scenario view: a field by its label and unit, as shown there,
/// rather than by its name inside the scenario (`budgets.latency_s`).
pub fn describe(error: &ScenarioError) -> String {
    let ScenarioError::Invalid { field, value, rule } = error else {
        return error.to_string();
    };
    if let Some(f) = all().find(|f| f.path == field) {
        let shown = value
            .parse::<f64>()
            .map_or_else(|_| value.clone(), |v| (v / f.scale).to_string());
        let unit = if f.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", f.unit)
        };
        return format!("{}: {shown}{unit} is invalid; it {rule}.", f.label);
    }
    let network = field
        .strip_prefix("network.")
        .and_then(|t| t.split_once('['))
        .and_then(|(table, j)| Some((table, j.strip_suffix(']')?.parse::<usize>().ok()?)));
    match network {
        Some((table, j)) => format!(
            "Network {} for {}: {value} is invalid; it {rule}.",
            if table == "latency_s" {
                "latency (s)"
            } else {
                "usage (USD)"
            },
            match j {
                0 => "a text-only call".to_owned(),
                n => format!("{n} view{}", if n == 1 { "" } else { "s" }),
            }
        ),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_writes_what_it_reads_and_keys_are_unique() {
        let mut keys: Vec<&str> = all().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all().count());
        for field in all() {
            let mut s = Scenario::default_for(3);
            let v = field.parse("7").expect("7 parses");
            (field.set)(&mut s, v);
            assert_eq!(field.text(&s), "7", "{}", field.key);
            assert_ne!(s, Scenario::default_for(3), "{}", field.key);
        }
    }

    #[test]
    fn scenario_errors_name_fields_by_their_labels() {
        let mut s = Scenario::default_for(3);
        s.budgets.latency_s = -1.0;
        let e = s.validate(3).unwrap_err();
        assert_eq!(
            describe(&e),
            "Latency budget: -1 s per dialogue is invalid; it must be a finite number ≥ 0."
        );
        let mut s = Scenario::default_for(3);
        s.network.latency_s[1] = f64::NAN;
        let text = describe(&s.validate(3).unwrap_err());
        assert!(
            text.starts_with("Network latency (s) for 1 view:"),
            "{text}"
        );
        assert!(!text.contains("latency_s"), "{text}");
    }

    #[test]
    fn bad_text_is_refused_with_the_text_named() {
        let k = &HISTORY[1];
        assert!(k.parse("2.5").unwrap_err().contains("2.5"));
        assert!(BUDGETS[0].parse("abc").unwrap_err().contains("abc"));
        assert_eq!(MODEL[0].parse("3.8"), Ok(3.8e9));
        let s = Scenario::default_for(3);
        assert_eq!(WEIGHTS[1].text(&s), "0.333333");
        assert_eq!(MODEL[0].text(&s), "3.8");
    }
}
