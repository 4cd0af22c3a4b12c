//! The page's views, one module each.

pub mod datasets;
pub mod replay;
pub mod scenario;
