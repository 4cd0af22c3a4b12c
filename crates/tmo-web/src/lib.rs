//! TMO Lab's page: presents and drives `tmo-core` and `tmo-agent`; no simulation logic lives here.

pub mod charts;
mod comparison;
pub mod export;
mod learned;
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

pub use shell::App;
