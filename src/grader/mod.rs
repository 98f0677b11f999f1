//! Grading untrusted code. So far: [`sandbox`], which runs a Python program inside
//! bubblewrap with resource limits and a deadline, and proves its confinement with
//! [`sandbox::self_test`]. The harness, the durable queue and the workers build on it.

pub mod sandbox;
