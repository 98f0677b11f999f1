//! View builders: the small serializable structs templates render, built from the
//! catalog and store rows. Shared by handlers of every group; they import no handler.

pub mod cards;
pub mod code;
pub mod cohort_stats;
pub mod feedback;
pub mod lesson;
pub mod tasks;
pub mod trail;
