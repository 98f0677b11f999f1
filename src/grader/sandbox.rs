//! Running untrusted Python inside bubblewrap, with resource limits and a deadline.
//!
//! One run, step by step:
//! 1. Nothing of the job is written to the host. Each file the program may see (the
//!    harness, the learner's module) travels through a pipe that bubblewrap copies into
//!    a read-only file under `/job` (`--ro-bind-data`); anything the program should read
//!    once and forget (an exercise's hidden tests) goes to its stdin. bubblewrap's own
//!    arguments travel through a pipe too (`--args`), so the sandbox's `/proc/1/cmdline`
//!    shows no host path and no configuration.
//! 2. If the server runs as root, `setpriv` first drops to an unprivileged user id lent
//!    to this sandbox alone ([`super::uids`]): the sandbox's user namespace then maps to
//!    it, so an escape is not root, and the process limit is enforced per job (the
//!    kernel exempts root from it, and counts it per user).
//! 3. `unshare` makes a private user and mount namespace in which a small shell step
//!    mounts one tmpfs capped in bytes and in files (`size=`, `nr_inodes=`). Its
//!    folders become `/work` (the working folder), `/tmp` and `/dev/shm`: every
//!    writable place inside is that one filesystem, so a job can neither hold more
//!    than the cap of host memory nor create more than the cap of files.
//! 4. `bwrap` unshares every namespace (no network at all, a private PID namespace whose
//!    processes all die with it), starts a new session, drops every capability, clears
//!    the environment, mounts `/usr` read-only and nothing else of the host, makes `/`
//!    and `/dev` read-only, and installs the system-call filter of [`super::seccomp`].
//! 5. Inside, `prlimit` sets the limits before `exec`ing Python: CPU seconds, address
//!    space, file size, open files, processes, no core dumps.
//! 6. The grader reads stdout and stderr up to a cap each, and kills the whole sandbox
//!    when the wall-clock deadline passes or the output cap is exceeded.
//!
//! Nothing here decides whether a program passed: [`Run`] only says how it ended and
//! what it printed. The code is blocking; callers run it on their own threads.

use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;

use command_fds::{CommandFdExt, FdMapping};

pub use super::process::Started;
pub use super::run::{Ending, Limits, Run, SandboxError};
use super::seccomp;
use super::uids::{self, UidLease};

/// The programs a sandbox runs, found once at start.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The bubblewrap binary that isolates each run.
    pub bwrap: PathBuf,
    /// Sets the resource limits on the program.
    pub prlimit: PathBuf,
    /// Used to drop from root to an unprivileged user id before bubblewrap starts.
    pub setpriv: PathBuf,
    /// Makes the namespace in which the capped scratch filesystem is mounted.
    pub unshare: PathBuf,
    /// The Python interpreter, a path under `/usr` so it exists inside the sandbox.
    pub python: PathBuf,
    /// A built Python environment (a virtual environment on the host) to run in
    /// instead of the plain interpreter; bound read-only at `/env`.
    pub environment: Option<PathBuf>,
    /// The operator's limits, used when a task asks for none smaller.
    pub limits: Limits,
    /// An existing folder: the capped scratch filesystem is mounted over an empty folder
    /// in it, in the run's private mount namespace (the host never sees it), and, when
    /// unconfined, job folders are made in it.
    pub scratch: PathBuf,
    /// False only when the operator set `grader_sandbox = "none"`: programs then run
    /// with the limits but without bubblewrap, as the server's user. For one learner on
    /// their own machine, never for a shared server.
    pub confined: bool,
}

/// A file for the job, by path relative to `/job` (`solution.py`, `tests/test_a.py`).
pub struct JobFile<'a> {
    /// Path under `/job`.
    pub name: &'a str,
    /// The file's bytes.
    pub contents: &'a [u8],
}

impl Sandbox {
    /// A sandbox using the Debian locations of bubblewrap, prlimit and Python.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            bwrap: "/usr/bin/bwrap".into(),
            prlimit: "/usr/bin/prlimit".into(),
            setpriv: "/usr/bin/setpriv".into(),
            unshare: "/usr/bin/unshare".into(),
            python: "/usr/bin/python3".into(),
            environment: None,
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
        self.run_python_with_input(files, main, args, &[])
    }

    /// As [`Sandbox::run_python`], with `input` on the program's stdin: for what the
    /// program must read once and never find again on any path.
    pub fn run_python_with_input(
        &self,
        files: &[JobFile<'_>],
        main: &str,
        args: &[&str],
        input: &[u8],
    ) -> Result<Run, SandboxError> {
        self.start_python(files, main, args)?.finish(input.to_vec())
    }

    /// Starts `python3 -I /job/<main> [args]` over `files`, in `/work`, within the
    /// limits, and leaves it waiting for its input on stdin ([`Started::finish`]).
    pub fn start_python(
        &self,
        files: &[JobFile<'_>],
        main: &str,
        args: &[&str],
    ) -> Result<Started, SandboxError> {
        for file in files {
            let safe = Path::new(file.name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !safe || file.name.contains('\0') {
                return Err(SandboxError::Prepare(io::Error::other(format!(
                    "job file name `{}` leaves the job folder",
                    file.name
                ))));
            }
        }
        if !self.confined {
            return self.start_unconfined(files, main, args);
        }
        std::fs::create_dir_all(self.mount_point()).map_err(SandboxError::Prepare)?;
        let mut pipes = Pipes::default();
        let mut bwrap_args = self.bwrap_args();
        for program in filters()? {
            let fd = pipes.add(program.clone())?;
            bwrap_args.extend(["--add-seccomp-fd".to_owned(), fd.to_string()]);
        }
        if let Some(environment) = &self.environment {
            bwrap_args.extend([
                "--ro-bind".to_owned(),
                environment.display().to_string(),
                ENVIRONMENT_INSIDE.to_owned(),
            ]);
        }
        for file in files {
            let fd = pipes.add(file.contents.to_vec())?;
            bwrap_args.extend([
                "--ro-bind-data".to_owned(),
                fd.to_string(),
                format!("/job/{}", file.name),
            ]);
        }
        // Last, once the job's files are in place: the root becomes read-only.
        bwrap_args.extend(["--remount-ro".to_owned(), "/".to_owned()]);
        let args_fd = pipes.add(nul_separated(&bwrap_args))?;
        let uid = running_as_root().then(uids::lease);
        let mut command = self.command(args_fd, uid.as_ref().map(UidLease::uid));
        let python = match self.environment {
            Some(_) => Path::new(ENVIRONMENT_INSIDE).join("bin/python3"),
            None => self.python.clone(),
        };
        command
            .arg("--")
            .arg(python)
            .args(["-I", "-B"])
            .arg(format!("/job/{main}"))
            .args(args);
        command
            .fd_mappings(pipes.mappings)
            .map_err(|e| SandboxError::Pass(io::Error::other(format!("{e:?}"))))?;
        // The id is lent for as long as the sandbox runs.
        Ok(self.spawn(command)?.keeping(uid))
    }

    /// `grader_sandbox = "none"`: the same limits through prlimit, no namespaces; the
    /// files go to a job folder on the host, and the paths the program is given under
    /// `/job` are rewritten to it.
    fn start_unconfined(
        &self,
        files: &[JobFile<'_>],
        main: &str,
        args: &[&str],
    ) -> Result<Started, SandboxError> {
        // The folder stays until the process ends: the Started keeps it.
        let job = JobDir::new(&self.scratch).map_err(SandboxError::Prepare)?;
        for file in files {
            let path = job.path.join(file.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(SandboxError::Prepare)?;
            }
            std::fs::write(path, file.contents).map_err(SandboxError::Prepare)?;
        }
        let work = job.path.join(".work");
        std::fs::create_dir_all(&work).map_err(SandboxError::Prepare)?;
        let host = |arg: &str| match arg.strip_prefix("/job/") {
            Some(rest) => job.path.join(rest).display().to_string(),
            None => arg.to_owned(),
        };
        let python = match &self.environment {
            Some(environment) => environment.join("bin/python3"),
            None => self.python.clone(),
        };
        let mut command = Command::new(&self.prlimit);
        command
            .args(self.prlimit_args().iter().skip(1))
            .arg(python)
            .args(["-I", "-B"])
            .arg(job.path.join(main))
            .args(args.iter().map(|a| host(a)))
            .current_dir(&work);
        let started = self.spawn(command)?;
        Ok(started.keeping(job))
    }

    /// The command that starts bubblewrap with its options on `args_fd`, up to the
    /// program: as an unprivileged user id of its own when running as root (see
    /// [`super::uids`]), in a private user and mount namespace
    /// in which the capped scratch filesystem is mounted over `scratch`, under the
    /// limits. `prlimit` and the shell `exec` into bubblewrap, so inside the sandbox
    /// `/proc/1/cmdline` reads `bwrap --args N -- python3 ...` and nothing more.
    fn command(&self, args_fd: i32, uid: Option<u32>) -> Command {
        let limits = &self.limits;
        let mut command = if let Some(uid) = uid {
            let mut command = Command::new(&self.setpriv);
            command
                .arg(format!("--reuid={uid}"))
                .arg(format!("--regid={uid}"))
                .args(["--clear-groups", "--"])
                .arg(&self.unshare);
            command
        } else {
            Command::new(&self.unshare)
        };
        command
            .args(["--user", "--map-root-user", "--mount", "--"])
            .args(["/bin/sh", "-c", MOUNT_SCRATCH, "cairn-scratch"])
            .arg(self.mount_point())
            .arg(limits.scratch_bytes.to_string())
            .arg(limits.scratch_files.to_string())
            .args(self.prlimit_args())
            .arg(&self.bwrap)
            .arg("--args")
            .arg(args_fd.to_string())
            // The shell would pass this process's folder on as PWD, which bubblewrap's
            // first process inside keeps in its environment.
            .current_dir("/");
        command
    }

    /// The empty folder the capped scratch filesystem is mounted over, in each run's
    /// private mount namespace. A folder of its own, never `scratch` itself: mounting
    /// over `/tmp` would hide any path under it that the sandbox binds (a Python
    /// environment built in a checkout under `/tmp`, say).
    fn mount_point(&self) -> PathBuf {
        self.scratch.join("cairn-sandbox-scratch")
    }

    /// bubblewrap's options, up to the system-call filter and the job's files.
    fn bwrap_args(&self) -> Vec<String> {
        let scratch = self.mount_point().display().to_string();
        let mut args: Vec<String> = BWRAP_NAMESPACES.iter().map(|a| (*a).to_owned()).collect();
        for (folder, inside) in [("work", "/work"), ("tmp", "/tmp"), ("shm", "/dev/shm")] {
            args.extend([
                "--bind".to_owned(),
                format!("{scratch}/{folder}"),
                inside.to_owned(),
            ]);
        }
        args.extend(BWRAP_ENVIRONMENT.iter().map(|a| (*a).to_owned()));
        args
    }

    /// `prlimit` and its limits, ending with `--` before the program.
    fn prlimit_args(&self) -> Vec<String> {
        let limits = &self.limits;
        vec![
            self.prlimit.display().to_string(),
            format!("--cpu={}", limits.cpu_seconds),
            format!("--as={}", limits.memory_bytes),
            format!("--fsize={}", limits.file_bytes),
            format!("--nofile={}", limits.open_files),
            format!("--nproc={}", limits.processes),
            "--core=0".to_owned(),
            "--".to_owned(),
        ]
    }

    /// Starts the command with pipes for stdin, stdout and stderr.
    fn spawn(&self, mut command: Command) -> Result<Started, SandboxError> {
        let spawned = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_clear()
            .envs([("PATH", "/usr/bin"), ("LANG", "C.UTF-8")])
            .spawn();
        // The command holds this process's ends of the pipes to the sandbox: close them
        // now, so a writer whose reader is gone gets an error instead of waiting forever.
        drop(command);
        let child =
            spawned.map_err(|e| SandboxError::Spawn(self.bwrap.display().to_string(), e))?;
        Ok(Started::new(
            child,
            self.limits.output_bytes,
            self.limits.wall,
        ))
    }
}

/// Namespaces, identity and the read-only view of the host, before the scratch folders.
const BWRAP_NAMESPACES: &[&str] = &[
    "--unshare-all",
    "--unshare-user",
    "--die-with-parent",
    "--as-pid-1",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--disable-userns",
    "--uid",
    "1000",
    "--gid",
    "1000",
    "--hostname",
    "sandbox",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--remount-ro",
    "/dev",
];

/// Where a built Python environment appears inside the sandbox.
const ENVIRONMENT_INSIDE: &str = "/env";

/// The working folder and a small environment: numerical libraries keep to one thread
/// (the job's process limit and CPU share are small).
const BWRAP_ENVIRONMENT: &[&str] = &[
    "--chdir",
    "/work",
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin",
    "--setenv",
    "HOME",
    "/work",
    "--setenv",
    "LANG",
    "C.UTF-8",
    "--setenv",
    "PYTHONHASHSEED",
    "0",
    "--setenv",
    "OPENBLAS_NUM_THREADS",
    "1",
    "--setenv",
    "OMP_NUM_THREADS",
    "1",
    "--setenv",
    "MKL_NUM_THREADS",
    "1",
];

/// The shell step run in the private mount namespace: mount the capped tmpfs over the
/// scratch folder ($1) with $2 bytes and $3 files, make its three folders, then start
/// bubblewrap (the remaining arguments).
const MOUNT_SCRATCH: &str = r#"mount -t tmpfs -o "size=$2,nr_inodes=$3,mode=0755" cairn "$1" && mkdir "$1/work" "$1/tmp" "$1/shm" && shift 3 && exec "$@""#;

/// The system-call filter's programs, compiled once.
fn filters() -> Result<&'static [Vec<u8>], seccomp::FilterError> {
    static PROGRAMS: OnceLock<Result<Vec<Vec<u8>>, seccomp::FilterError>> = OnceLock::new();
    match PROGRAMS.get_or_init(seccomp::programs) {
        Ok(programs) => Ok(programs),
        Err(err) => Err(err.clone()),
    }
}

/// Arguments as `--args` reads them: each ends with a NUL byte.
fn nul_separated(args: &[String]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for arg in args {
        bytes.extend_from_slice(arg.as_bytes());
        bytes.push(0);
    }
    bytes
}

/// Data handed to bubblewrap through pipes at descriptors 3, 4, ..., each pipe written
/// by its own thread so no order of reading on the other side can block this one.
#[derive(Default)]
struct Pipes {
    mappings: Vec<FdMapping>,
}

impl Pipes {
    /// A pipe the child will find as the returned descriptor number, holding `data`.
    fn add(&mut self, data: Vec<u8>) -> Result<i32, SandboxError> {
        let child_fd = 3 + self.mappings.len() as i32;
        self.mappings.push(FdMapping {
            parent_fd: feed(data)?,
            child_fd,
        });
        Ok(child_fd)
    }
}

/// The reading end of a pipe that a thread fills with `data`, then closes.
fn feed(data: Vec<u8>) -> Result<OwnedFd, SandboxError> {
    let (reader, mut writer) = io::pipe().map_err(SandboxError::Pass)?;
    thread::spawn(move || {
        // The reader may be gone (the sandbox failed to start): nothing to do then.
        let _ = writer.write_all(&data);
    });
    Ok(OwnedFd::from(reader))
}

/// Whether this process runs as root (the owner of `/proc/self` is the effective user).
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
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
