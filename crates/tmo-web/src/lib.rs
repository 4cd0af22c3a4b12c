//! TMO Lab's page: presents and drives `tmo-core` and `tmo-agent`; no simulation logic lives here.

pub mod panic;
mod scenario_fields;
mod shell;
pub mod state;
mod theme;
mod url;
mod views;

pub use shell::App;
