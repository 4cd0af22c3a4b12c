//! The kitchen dataset's calibration figures (KITCHEN-DATASET.md), as data.
//!
//! Logged calls fall in five *columns*: local, then cloud with 0, 1, 2 or 3 views.
//! Each of the four task profiles (in [`super::text::TASKS`] order) gives per column
//! how many turns the 352-turn kitchen dataset has, how many of them are refusals
//! zeroed by the keyword rule, and the mean and sd of the score after that rule.

/// Number of columns: local, cloud with 0, 1, 2 and 3 views.
pub const COLUMNS: usize = 5;

/// Calibration of one task profile, per column.
pub struct Profile {
    /// Turns in the kitchen dataset (the mix a synthetic dataset scales).
    pub turns: [u32; COLUMNS],
    /// Of those, refusals that the keyword rule zeroes.
    pub refusals: [u32; COLUMNS],
    /// Mean logged score after the keyword rule.
    pub score_mean: [f64; COLUMNS],
    /// Standard deviation of that score.
    pub score_sd: [f64; COLUMNS],
    /// Mean association score shift of the task's prompts.
    pub association_shift: f64,
}

/// Profiles of Assistive System, Message Editing, Query and Recommendation.
///
/// Turn counts add up to 170 local, 85 text-only, 19 / 31 / 47 with 1 / 2 / 3 views;
/// refusals to 48 local and 2 cloud (19 of them Query).
pub const PROFILES: [Profile; 4] = [
    Profile {
        turns: [46, 25, 5, 8, 11],
        refusals: [9, 0, 0, 0, 0],
        score_mean: [0.85, 2.04, 1.46, 2.26, 0.93],
        score_sd: [0.71, 2.05, 0.66, 1.19, 0.23],
        association_shift: 0.0058,
    },
    Profile {
        turns: [40, 18, 5, 7, 12],
        refusals: [7, 0, 1, 0, 0],
        score_mean: [0.58, 0.92, 0.82, 1.09, 1.08],
        score_sd: [0.38, 0.40, 0.46, 0.19, 0.26],
        association_shift: -0.019,
    },
    Profile {
        turns: [38, 20, 4, 9, 12],
        refusals: [19, 0, 0, 0, 0],
        score_mean: [0.33, 1.25, 0.86, 0.79, 0.96],
        score_sd: [0.59, 0.87, 0.35, 0.31, 0.38],
        association_shift: 0.0058,
    },
    Profile {
        turns: [46, 22, 5, 7, 12],
        refusals: [13, 1, 0, 0, 0],
        score_mean: [0.76, 0.95, 0.86, 1.54, 1.50],
        score_sd: [0.90, 0.66, 0.22, 0.62, 1.10],
        association_shift: 0.0058,
    },
];

/// Episodes per turn count in the kitchen dataset: (turns, episodes).
pub const TURN_MIX: [(usize, u32); 4] = [(2, 20), (3, 32), (4, 24), (5, 24)];

/// Centre of the association scores before task and view shifts (the redraw into
/// [`ASSOCIATION_RANGE`] and the task mix bring the overall mean to ≈ 0.209).
pub const ASSOCIATION_MEAN: f64 = 0.207;
/// Shift of view `m`'s association (egocentric view 0 sees the hands and objects best;
/// further views of a synthetic dataset use the last entry).
pub const ASSOCIATION_VIEW_SHIFT: [f64; 3] = [0.008, -0.003, -0.005];
/// Noise shared by all views of one turn (how well the prompt matches the scene).
pub const ASSOCIATION_TURN_SD: f64 = 0.015;
/// Noise of each view on its own.
pub const ASSOCIATION_VIEW_SD: f64 = 0.016;
/// Values are redrawn until they fall in this range.
pub const ASSOCIATION_RANGE: (f64, f64) = (0.134, 0.280);

/// Logged latency per column: mean seconds and coefficient of variation.
pub const LATENCY: [(f64, f64); COLUMNS] = [
    (7.6, 0.75),
    (8.8, 0.66),
    (6.3, 0.44),
    (7.2, 0.41),
    (8.7, 0.5),
];

/// Logged usage per column: mean USD and coefficient of variation.
pub const USAGE: [(f64, f64); COLUMNS] = [
    (5.2e-5, 0.25),
    (4.8e-4, 0.22),
    (5.7e-3, 0.54),
    (1.0e-2, 0.33),
    (1.4e-2, 0.01),
];

/// The column of a call that uploads `views` of `x` views (`None`: local). With other
/// than three views, `j` of `x` views maps to the column of `⌈3j/x⌉` views.
pub fn column(views: Option<usize>, x: usize) -> usize {
    match views {
        None => 0,
        Some(0) => 1,
        Some(j) => 1 + (3 * j).div_ceil(x.max(1)).clamp(1, 3),
    }
}
