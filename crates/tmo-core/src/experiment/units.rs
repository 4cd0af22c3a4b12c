//! What every job of this module shares: it is done one unit of work at a time, and its first
//! error ends it (every later step returns that error again).

use super::Progress;

/// A job done one unit at a time.
pub(crate) trait Units {
    /// Does one unit of work (nothing once finished).
    fn unit(&mut self) -> Result<(), String>;
    /// Units done and in total.
    fn units(&self) -> Progress;
    /// The error that ended the job, if one did.
    fn failure(&mut self) -> &mut Option<String>;
}

/// Does one unit of `job` and says where it stands; the first error ends the job.
pub(crate) fn step<J: Units>(job: &mut J) -> Result<Progress, String> {
    if let Some(e) = job.failure() {
        return Err(e.clone());
    }
    match job.unit() {
        Ok(()) => Ok(job.units()),
        Err(e) => {
            *job.failure() = Some(e.clone());
            Err(e)
        }
    }
}

/// Does up to `units` units of `job`.
pub(crate) fn advance<J: Units>(job: &mut J, units: u64) -> Result<Progress, String> {
    for _ in 0..units {
        if job.units().finished() {
            break;
        }
        step(job)?;
    }
    match job.failure() {
        Some(e) => Err(e.clone()),
        None => Ok(job.units()),
    }
}
