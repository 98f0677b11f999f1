//! What instructors use: cohorts and invites, a learner's trail and the CSV exports.

pub mod cohorts;
pub mod exports;
pub mod learner;
