//! TMO Lab's page: presents and drives `tmo-core` and `tmo-agent`; no simulation logic lives here.

mod shell;
pub mod state;

pub use shell::App;
