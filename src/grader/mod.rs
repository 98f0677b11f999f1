//! Grading untrusted code. [`sandbox`] runs a Python program inside bubblewrap with
//! resource limits, a deadline, a capped scratch filesystem and the system-call filter
//! of [`seccomp`], and proves its confinement with [`self_test`]; [`harness`]
//! runs an exercise's tests against a learner's module or program in it and reads back
//! a report the learner's code cannot forge (the tests' own helpers, `import cairn`,
//! are `cairn.py`); [`environments`] builds the Python environments exercises with
//! packages run in. The durable queue's workers ([`worker`]) build on these, with
//! leases named after their process ([`lease`]).

pub mod environments;
pub mod harness;
pub mod job_files;
pub mod lease;
pub mod process;
pub mod run;
pub mod sandbox;
pub mod seccomp;
pub mod self_test;
pub mod uids;
pub mod verdict;
pub mod warm;
pub mod worker;
