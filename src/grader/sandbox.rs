//! Running untrusted Python inside bubblewrap, with resource limits and a deadline.
//!
//! One run, step by step:
//! 1. The job's files are written to a fresh host folder, bound read-only at `/job`.
//! 2. If the server runs as root, `setpriv` first drops to `nobody`: the sandbox's user
//!    namespace then maps to an unprivileged user outside, so an escape is not root,
//!    and the process limit is enforced (the kernel exempts root from it).
//! 3. `bwrap` unshares every namespace (no network at all, a private PID namespace whose
//!    processes all die with it), starts a new session, drops every capability, clears
//!    the environment, mounts `/usr` read-only and nothing else of the host, and gives
//!    the program a size-capped tmpfs at `/work` as its working directory.
//! 4. Inside, `prlimit` sets the limits before `exec`ing Python: CPU seconds, address
//!    space, file size, open files, processes, no core dumps.
//! 5. The grader reads stdout and stderr up to a cap each, and kills the whole sandbox
//!    when the wall-clock deadline passes or the output cap is exceeded.
//!
//! Nothing here decides whether a program passed: [`Run`] only says how it ended and
//! what it printed. The code is blocking; callers run it on their own threads.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Limits for one run, in the spirit of Jobe and PrairieLearn's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub cpu_seconds: u64,
    pub wall: Duration,
    pub memory_bytes: u64,
    pub processes: u64,
    /// Largest file the program may write, and the size of its `/work` tmpfs.
    pub file_bytes: u64,
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
    pub ending: Ending,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// The sandbox could not run the program at all: the grader's fault, not the learner's.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot prepare the job folder")]
    Prepare(#[source] io::Error),
    #[error("cannot start bubblewrap ({0})")]
    Spawn(String, #[source] io::Error),
    #[error("cannot wait for the sandbox")]
    Wait(#[source] io::Error),
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

/// The programs a sandbox runs, found once at start.
#[derive(Debug, Clone)]
pub struct Sandbox {
    pub bwrap: PathBuf,
    pub prlimit: PathBuf,
    /// Used to drop from root to `nobody` before bubblewrap starts.
    pub setpriv: PathBuf,
    /// The Python interpreter, a path under `/usr` so it exists inside the sandbox.
    pub python: PathBuf,
    pub limits: Limits,
    /// Where job folders are made.
    pub scratch: PathBuf,
    /// False only when the operator set `grader_sandbox = "none"`: programs then run
    /// with the limits but without bubblewrap, as the server's user. For one learner on
    /// their own machine, never for a shared server.
    pub confined: bool,
}

/// A file for the job, by path relative to `/job` (`solution.py`, `tests/test_a.py`).
pub struct JobFile<'a> {
    pub name: &'a str,
    pub contents: &'a [u8],
}

impl Sandbox {
    /// A sandbox using the Debian locations of bubblewrap, prlimit and Python.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            bwrap: "/usr/bin/bwrap".into(),
            prlimit: "/usr/bin/prlimit".into(),
            setpriv: "/usr/bin/setpriv".into(),
            python: "/usr/bin/python3".into(),
            limits,
            scratch: std::env::temp_dir(),
            confined: true,
        }
    }

    /// Runs `python3 -I /job/<main> [args]` over `files`, in `/work`, within the limits.
    pub fn run_python(
        &self,
        files: &[JobFile<'_>],
        main: &str,
        args: &[&str],
    ) -> Result<Run, SandboxError> {
        let job = JobDir::new(&self.scratch).map_err(SandboxError::Prepare)?;
        for file in files {
            let relative = Path::new(file.name);
            let safe = relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !safe {
                return Err(SandboxError::Prepare(io::Error::other(format!(
                    "job file name `{}` leaves the job folder",
                    file.name
                ))));
            }
            let path = job.path.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(SandboxError::Prepare)?;
            }
            std::fs::write(path, file.contents).map_err(SandboxError::Prepare)?;
        }
        if !self.confined {
            return self.run_unconfined(&job.path, main, args);
        }
        let mut command = self.command(&job.path);
        command
            .arg(&self.python)
            .args(["-I", "-B"])
            .arg(format!("/job/{main}"))
            .args(args);
        self.supervise(command)
    }

    /// `grader_sandbox = "none"`: the same limits through prlimit, no namespaces; the
    /// paths the program is given under `/job` are rewritten to the job folder.
    fn run_unconfined(&self, job: &Path, main: &str, args: &[&str]) -> Result<Run, SandboxError> {
        let work = job.join(".work");
        std::fs::create_dir_all(&work).map_err(SandboxError::Prepare)?;
        let host = |arg: &str| match arg.strip_prefix("/job/") {
            Some(rest) => job.join(rest).display().to_string(),
            None => arg.to_owned(),
        };
        let limits = &self.limits;
        let mut command = Command::new(&self.prlimit);
        command
            .arg(format!("--cpu={}", limits.cpu_seconds))
            .arg(format!("--as={}", limits.memory_bytes))
            .arg(format!("--fsize={}", limits.file_bytes))
            .arg(format!("--nofile={}", limits.open_files))
            .arg("--core=0")
            .arg("--")
            .arg(&self.python)
            .args(["-I", "-B"])
            .arg(job.join(main))
            .args(args.iter().map(|a| host(a)))
            .current_dir(&work)
            .env("PATH", "/usr/bin");
        self.supervise(command)
    }

    /// The bubblewrap and prlimit command line, up to the program to run.
    fn command(&self, job: &Path) -> Command {
        let limits = &self.limits;
        let mut command = if running_as_root() {
            let mut command = Command::new(&self.setpriv);
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&self.bwrap);
            command
        } else {
            Command::new(&self.bwrap)
        };
        command
            .args([
                "--unshare-all",
                "--unshare-user",
                "--die-with-parent",
                "--new-session",
            ])
            .args(["--cap-drop", "ALL", "--disable-userns"])
            .args(["--uid", "1000", "--gid", "1000", "--hostname", "sandbox"])
            .args(["--ro-bind", "/usr", "/usr"])
            .args([
                "--symlink",
                "usr/lib",
                "/lib",
                "--symlink",
                "usr/lib64",
                "/lib64",
            ])
            .args([
                "--symlink",
                "usr/bin",
                "/bin",
                "--symlink",
                "usr/sbin",
                "/sbin",
            ])
            .args(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"])
            .arg("--ro-bind")
            .arg(job)
            .arg("/job")
            .args(["--size", &limits.file_bytes.to_string(), "--tmpfs", "/work"])
            .args(["--chdir", "/work", "--clearenv"])
            .args(["--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/work"])
            .args([
                "--setenv",
                "LANG",
                "C.UTF-8",
                "--setenv",
                "PYTHONHASHSEED",
                "0",
            ])
            .arg("--")
            .arg(&self.prlimit)
            .arg(format!("--cpu={}", limits.cpu_seconds))
            .arg(format!("--as={}", limits.memory_bytes))
            .arg(format!("--fsize={}", limits.file_bytes))
            .arg(format!("--nofile={}", limits.open_files))
            .arg(format!("--nproc={}", limits.processes))
            .arg("--core=0")
            .arg("--");
        command
    }

    /// Starts the command, reads its output within the cap, and enforces the deadline.
    fn supervise(&self, mut command: Command) -> Result<Run, SandboxError> {
        let started = Instant::now();
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_clear()
            .envs([("PATH", "/usr/bin"), ("LANG", "C.UTF-8")])
            .spawn()
            .map_err(|e| SandboxError::Spawn(self.bwrap.display().to_string(), e))?;
        let (over_tx, over_rx) = mpsc::channel();
        let cap = self.limits.output_bytes;
        let stdout = child
            .stdout
            .take()
            .map(|pipe| read_capped(pipe, cap, over_tx.clone()));
        let stderr = child
            .stderr
            .take()
            .map(|pipe| read_capped(pipe, cap, over_tx));
        let deadline = started + self.limits.wall;
        let ending = loop {
            if let Some(status) = child.try_wait().map_err(SandboxError::Wait)? {
                break ending_of(status);
            }
            if over_rx.try_recv().is_ok() {
                kill(&mut child)?;
                break Ending::OutputLimit;
            }
            if Instant::now() >= deadline {
                kill(&mut child)?;
                break Ending::WallTimeout;
            }
            thread::sleep(Duration::from_millis(2));
        };
        let collect = |reader: Option<thread::JoinHandle<Vec<u8>>>| {
            reader.and_then(|r| r.join().ok()).unwrap_or_default()
        };
        Ok(Run {
            ending,
            stdout: collect(stdout),
            stderr: collect(stderr),
            elapsed: started.elapsed(),
        })
    }
}

fn kill(child: &mut Child) -> Result<(), SandboxError> {
    // bwrap is the sandbox's parent: killing it kills its PID namespace (--die-with-parent
    // and the namespace's init), so no process survives the run.
    let _ = child.kill();
    child.wait().map(|_| ()).map_err(SandboxError::Wait)
}

/// Whether this process runs as root (the owner of `/proc/self` is the effective user).
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
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

/// A job folder that is removed when the run is over.
struct JobDir {
    path: PathBuf,
}

impl JobDir {
    fn new(scratch: &Path) -> io::Result<Self> {
        let mut bytes = [0u8; 12];
        getrandom::getrandom(&mut bytes).map_err(io::Error::other)?;
        let path = scratch.join(format!("cairn-job-{}", hex::encode(bytes)));
        std::fs::create_dir(&path)?;
        Ok(Self { path })
    }
}

impl Drop for JobDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Proves confinement before any learner code runs: the network is unreachable, the
/// host's files are invisible, and the environment is empty. Returns why not, if not.
pub fn self_test(sandbox: &Sandbox, secret_file: &Path, port: u16) -> Result<(), String> {
    let probe = format!(
        r#"
import os, socket, sys
problems = []
for host, port in (("127.0.0.1", {port}), ("1.1.1.1", 53)):
    try:
        socket.create_connection((host, port), timeout=1).close()
        problems.append(f"reached {{host}}:{{port}}")
    except OSError:
        pass
if os.path.exists({secret:?}):
    problems.append("host file visible")
if os.path.exists("/etc/passwd"):
    problems.append("/etc/passwd visible")
# Python adds LC_CTYPE (locale coercion) and bwrap PWD; anything else came from outside.
if set(os.environ) - {{"PATH", "HOME", "LANG", "PYTHONHASHSEED", "PWD", "LC_CTYPE"}}:
    problems.append("environment not cleared")
print("CONFINED" if not problems else "; ".join(problems))
"#,
        secret = secret_file.display().to_string(),
    );
    let files = [JobFile {
        name: "probe.py",
        contents: probe.as_bytes(),
    }];
    let run = sandbox
        .run_python(&files, "probe.py", &[])
        .map_err(|e| e.describe())?;
    let out = String::from_utf8_lossy(&run.stdout);
    if run.ending == Ending::Exited(0) && out.trim() == "CONFINED" {
        return Ok(());
    }
    let mut why = out.trim().to_owned();
    let err = String::from_utf8_lossy(&run.stderr);
    if why.is_empty() {
        why = format!("{:?}: {}", run.ending, err.trim());
    }
    let _ = io::stderr().flush();
    Err(why)
}
