//! The Experiments view's CSV and JSON downloads: tmo-core's sweep exports (the code behind
//! `tmo sweep --format csv|json`), with the provenance of the sweep the page ran.

use crate::export::download_text;
use crate::worker::sweep_client::SweepRun;
use tmo_agent::LearnerFactory;
use tmo_core::Shuffle;
use tmo_core::experiment::sweep::export::{self, Provenance};

/// What made a page export.
const PROGRAM: &str = "TMO Lab (Experiments view)";

/// The export of `run`'s complete points as CSV (`csv`) or JSON, as `tmo sweep` writes them;
/// fails while no point has every seed in.
pub fn export_text(run: &SweepRun, csv: bool) -> Result<String, String> {
    let sweep = &run.sweep;
    let results = &run.complete();
    if results.is_empty() {
        return Err(
            "no point has all its seeds yet (seed 0 runs at every point first, then the next seeds)"
                .to_owned(),
        );
    }
    let provenance = Provenance {
        program: PROGRAM,
        version: env!("CARGO_PKG_VERSION"),
        dataset: run.dataset.clone(),
        split: Shuffle::Chacha8.name(),
        seeds: sweep.seeds,
        axis: sweep.axis.name(),
        values: &sweep.values,
        scenario: &sweep.scenario,
        policies: &sweep.policies,
        learner_configs: LearnerFactory::default().configs_for(&sweep.policies),
        training: export::training(sweep.axis),
        note: sweep.axis.note(),
    };
    let max_actions = results
        .iter()
        .flat_map(|p| &p.table.rows)
        .map(|r| r.summary.action_counts.len())
        .max()
        .unwrap_or(0);
    let text = if csv {
        export::csv(&provenance, sweep.axis, results, true, max_actions)
    } else {
        export::json(&provenance, None, results)
    };
    text.map_err(|e| e.to_string())
}

/// Downloads `run` as `tmo-sweep-<axis>.csv` or `.json`.
pub fn download(run: &SweepRun, csv: bool) -> Result<(), String> {
    let text = export_text(run, csv)?;
    let (ext, mime) = if csv {
        ("csv", "text/csv")
    } else {
        ("json", "application/json")
    };
    download_text(
        &format!("tmo-sweep-{}.{ext}", run.sweep.axis.name()),
        mime,
        &text,
    )
}
