//! A sandbox once started: its output read within the cap and its deadline enforced.
//!
//! Starting and finishing are separate so that a sandbox can be started before its job
//! exists (a warm sandbox, see [`super::warm`]) and handed the job on stdin later. The
//! wall-clock deadline runs from [`Started::finish`], when the job is handed over; the
//! CPU limit, set by `prlimit` at start, counts from the start. Dropping a `Started`
//! kills the sandbox, so an unused warm sandbox never outlives its pool.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ExitStatus};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::run::{Ending, Run, SandboxError};

/// A running sandbox waiting for (or working on) its job.
pub struct Started {
    child: Child,
    /// Whatever must live as long as the process (an unconfined run's job folder).
    kept: Option<Box<dyn Send>>,
    stdin: Option<ChildStdin>,
    stdout: Option<thread::JoinHandle<Vec<u8>>>,
    stderr: Option<thread::JoinHandle<Vec<u8>>>,
    over: mpsc::Receiver<()>,
    wall: Duration,
}

impl Started {
    /// Takes over a spawned sandbox whose stdin, stdout and stderr are pipes; keeps
    /// `output_bytes` of each output and gives the job `wall` once handed over.
    pub fn new(mut child: Child, output_bytes: usize, wall: Duration) -> Self {
        let (over_tx, over) = mpsc::channel();
        let stdout = child
            .stdout
            .take()
            .map(|pipe| read_capped(pipe, output_bytes, over_tx.clone()));
        let stderr = child
            .stderr
            .take()
            .map(|pipe| read_capped(pipe, output_bytes, over_tx));
        Self {
            stdin: child.stdin.take(),
            kept: None,
            child,
            stdout,
            stderr,
            over,
            wall,
        }
    }

    /// Keeps `value` until the sandbox is done with (dropped).
    pub fn keeping(mut self, value: impl Send + 'static) -> Self {
        self.kept = Some(Box::new(value));
        self
    }

    /// Whether the sandbox is still running (a warm one that died is not used).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Hands the job over on stdin, then waits for the end within the deadline.
    pub fn finish(mut self, input: Vec<u8>) -> Result<Run, SandboxError> {
        let started = Instant::now();
        if let Some(mut stdin) = self.stdin.take() {
            thread::spawn(move || {
                // The sandbox may have ended already: nothing to do then.
                let _ = stdin.write_all(&input);
            });
        }
        let deadline = started + self.wall;
        let ending = loop {
            if let Some(status) = self.child.try_wait().map_err(SandboxError::Wait)? {
                break ending_of(status);
            }
            if self.over.try_recv().is_ok() {
                self.kill()?;
                break Ending::OutputLimit;
            }
            if Instant::now() >= deadline {
                self.kill()?;
                break Ending::WallTimeout;
            }
            thread::sleep(Duration::from_millis(2));
        };
        let collect = |reader: Option<thread::JoinHandle<Vec<u8>>>| {
            reader.and_then(|r| r.join().ok()).unwrap_or_default()
        };
        Ok(Run {
            ending,
            stdout: collect(self.stdout.take()),
            stderr: collect(self.stderr.take()),
            elapsed: started.elapsed(),
        })
    }

    fn kill(&mut self) -> Result<(), SandboxError> {
        // bwrap (here the sandbox's outermost process) takes the whole PID namespace
        // with it (--die-with-parent and the namespace's first process), so no process
        // survives the run.
        let _ = self.child.kill();
        self.child.wait().map(|_| ()).map_err(SandboxError::Wait)
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.kill();
        }
        // The kept value (a job folder) goes after the process, not before.
        drop(self.kept.take());
    }
}

/// bwrap exits with the program's code, or 128 + the signal that killed it.
fn ending_of(status: ExitStatus) -> Ending {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) if code > 128 && code < 128 + 65 => Ending::Signalled(code - 128),
        (Some(code), _) => Ending::Exited(code),
        (None, Some(signal)) => Ending::Signalled(signal),
        (None, None) => Ending::Signalled(0),
    }
}

/// Reads a pipe to its end, keeping `cap` bytes; says once on `over` when there is more.
fn read_capped(
    mut pipe: impl Read + Send + 'static,
    cap: usize,
    over: mpsc::Sender<()>,
) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 16 * 1024];
        let mut told = false;
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = cap.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..n.min(room)]);
                    if n > room && !told {
                        told = true;
                        let _ = over.send(());
                    }
                }
            }
        }
        kept
    })
}
