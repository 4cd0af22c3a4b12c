//! TMO Lab's page: presents and drives `tmo-core` and `tmo-agent`; no simulation logic lives here.

pub mod boot;
pub mod bundle;
pub mod charts;
mod comparison;
mod episode_search;
pub mod export;
mod fetch;
mod learned;
pub mod offline;
pub mod panic;
mod scenario_fields;
mod shell;
pub mod state;
mod stored;
mod sweep_charts;
mod sweep_export;
mod sweep_settings;
mod theme;
mod train_form;
mod url;
mod views;
pub mod worker;

pub use shell::{App, AppProps};
