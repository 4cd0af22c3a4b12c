//! The page's views, one module each.

pub mod compare;
pub mod datasets;
pub mod experiments;
pub mod headline;
pub mod replay;
pub mod scenario;
pub mod shield_toggle;
pub mod sweep_results;
pub mod train;
