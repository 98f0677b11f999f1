//! Grading untrusted code. [`sandbox`] runs a Python program inside bubblewrap with
//! resource limits and a deadline, and proves its confinement with
//! [`sandbox::self_test`]; [`harness`] runs an exercise's tests against a learner's
//! module in it and reads back a report the learner's code cannot forge. The durable
//! queue and the workers build on these.

pub mod environments;
pub mod harness;
pub mod lease;
pub mod sandbox;
pub mod seccomp;
pub mod worker;
