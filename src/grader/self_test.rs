//! The sandbox's self-test, run at start and by `cairn check` before any learner code:
//! a probe program that tries what a hostile submission would try and reports what it
//! reached.

use std::path::Path;

use std::io::{self, Write};

use super::sandbox::{Ending, JobFile, Sandbox};

/// Proves confinement before any learner code runs: the network is unreachable, the
/// host's files are invisible, the environment is empty, the system-call filter refuses
/// what it must, and every writable place is the one capped filesystem. Returns why
/// not, if not.
pub fn self_test(sandbox: &Sandbox, secret_file: &Path, port: u16) -> Result<(), String> {
    let probe = format!(
        r#"
import ctypes, os, socket, sys
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
if set(os.environ) - {{"PATH", "HOME", "LANG", "PYTHONHASHSEED", "PWD", "LC_CTYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}}:
    problems.append("environment not cleared")
if {confined}:
    libc = ctypes.CDLL(None, use_errno=True)
    for name, number in (("add_key", {add_key}), ("io_uring_setup", {io_uring})):
        if libc.syscall(number, 0, 0, 0, 0, 0) != -1 or ctypes.get_errno() != 1:
            problems.append(f"{{name}} not refused by the system-call filter")
    try:
        socket.socket(40, socket.SOCK_STREAM).close()  # AF_VSOCK
        problems.append("AF_VSOCK socket allowed")
    except PermissionError:
        pass
    except OSError as e:
        problems.append(f"AF_VSOCK socket failed with {{e.strerror}}, not refused by the filter")
    work = os.statvfs("/work")
    if work.f_files != {files} or work.f_blocks * work.f_frsize != {bytes}:
        problems.append("the scratch filesystem is not capped")
    if os.stat("/tmp").st_dev != os.stat("/work").st_dev or os.stat("/dev/shm").st_dev != os.stat("/work").st_dev:
        problems.append("/tmp or /dev/shm is not the capped scratch filesystem")
    if os.access("/dev", os.W_OK) and not os.statvfs("/dev").f_flag & os.ST_RDONLY:
        problems.append("/dev is writable")
print("CONFINED" if not problems else "; ".join(problems))
"#,
        secret = secret_file.display().to_string(),
        confined = if sandbox.confined { "True" } else { "False" },
        add_key = libc::SYS_add_key,
        io_uring = libc::SYS_io_uring_setup,
        files = sandbox.limits.scratch_files,
        bytes = sandbox.limits.scratch_bytes,
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
