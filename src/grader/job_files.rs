//! The trusted files every harness run sees under `/job` and the harness's arguments.
//! Below both [`super::harness`], which grades with them, and [`super::warm`], which
//! pre-starts sandboxes with them.

use super::sandbox::JobFile;

/// The harness, as shipped with this binary.
pub const HARNESS: &str = include_str!("harness.py");

/// The `cairn` module the harness gives the tests (streams, arguments as left,
/// measurements, questions over the learner's source).
pub const TESTING: &str = include_str!("cairn.py");

/// The files every harness run sees under `/job`: the harness and the tests' helpers.
/// The learner's code and the tests come on stdin ([`job_input`]), so a sandbox can be
/// started before its job exists.
pub const HARNESS_FILES: [JobFile<'static>; 2] = [
    JobFile {
        name: "harness.py",
        contents: HARNESS.as_bytes(),
    },
    JobFile {
        name: "cairn.py",
        contents: TESTING.as_bytes(),
    },
];

/// The harness's arguments: the module name, the learner's file as tracebacks name it,
/// and the modules to import before the job arrives.
pub fn harness_args(module: &str, warm: &[String]) -> Vec<String> {
    vec![
        module.to_owned(),
        format!("/job/{module}.py"),
        serde_json::to_string(warm).unwrap_or_else(|_| "[]".to_owned()),
    ]
}
