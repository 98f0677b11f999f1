//! What one sandboxed run is given and how it ended: the limits, the ending, the
//! captured output and the ways starting it can fail. Shared by [`super::sandbox`],
//! which starts runs, and [`super::process`], which watches them, so neither imports
//! the other's internals.

use std::io;
use std::time::Duration;

use super::seccomp;

/// Limits for one run, in the spirit of Jobe and PrairieLearn's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Limits {
    /// CPU time the program may use.
    pub cpu_seconds: u64,
    /// Real time before the run is killed, so a sleeping program cannot hold a worker.
    pub wall: Duration,
    /// Address space the program may use.
    pub memory_bytes: u64,
    /// Processes and threads the program may have at once; stops fork bombs.
    pub processes: u64,
    /// Largest file the program may write.
    pub file_bytes: u64,
    /// Bytes and files in all the writable places together (`/work`, `/tmp`,
    /// `/dev/shm`), which are one tmpfs held in the host's memory.
    pub scratch_bytes: u64,
    /// Files that may exist in the writable places together.
    pub scratch_files: u64,
    /// File descriptors the program may hold.
    pub open_files: u64,
    /// Bytes kept from each of stdout and stderr; more is an output-limit failure.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu_seconds: 5,
            wall: Duration::from_secs(10),
            memory_bytes: 256 << 20,
            processes: 64,
            file_bytes: 16 << 20,
            scratch_bytes: 16 << 20,
            scratch_files: 1024,
            open_files: 64,
            output_bytes: 1 << 20,
        }
    }
}

/// How a sandboxed program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited by itself with this code.
    Exited(i32),
    /// A signal ended it (`SIGXCPU` and `SIGKILL` after the CPU limit, `SIGXFSZ`...).
    Signalled(i32),
    /// The wall-clock deadline passed and the grader killed the sandbox.
    WallTimeout,
    /// It printed more than the cap and the grader killed the sandbox.
    OutputLimit,
}

/// What one run produced.
#[derive(Debug, Clone)]
pub struct Run {
    /// How the program ended.
    pub ending: Ending,
    /// What it printed, up to the output cap.
    pub stdout: Vec<u8>,
    /// What it wrote to stderr, up to the output cap.
    pub stderr: Vec<u8>,
    /// Real time the run took.
    pub elapsed: Duration,
}

/// The sandbox could not run the program at all: the grader's fault, not the learner's.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// Writing the job's files failed.
    #[error("cannot prepare the job folder")]
    Prepare(#[source] io::Error),
    /// A helper program (named) could not be started.
    #[error("cannot start bubblewrap ({0})")]
    Spawn(String, #[source] io::Error),
    /// Waiting for the sandbox to end failed.
    #[error("cannot wait for the sandbox")]
    Wait(#[source] io::Error),
    /// Writing the job to the sandbox's stdin failed.
    #[error("cannot pass the job to the sandbox")]
    Pass(#[source] io::Error),
    /// The seccomp filter could not be built.
    #[error(transparent)]
    Filter(#[from] seccomp::FilterError),
}

impl SandboxError {
    /// The error and its cause on one line, for logs and `cairn check`.
    pub fn describe(&self) -> String {
        match std::error::Error::source(self) {
            Some(cause) => format!("{self}: {cause}"),
            None => self.to_string(),
        }
    }
}
