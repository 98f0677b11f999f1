//! Hostile programs in the bubblewrap sandbox: each is contained, ends within its limits,
//! and leaves nothing running. Skipped when bubblewrap is missing, unless
//! `CAIRN_SANDBOX_TEST` is set (as CI does), in which case that is a failure.

use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use cairn::grader::sandbox::{Ending, JobFile, Limits, Run, Sandbox};
use cairn::grader::self_test::self_test;

fn sandbox() -> Option<Sandbox> {
    if !Path::new("/usr/bin/bwrap").exists() {
        assert!(
            std::env::var_os("CAIRN_SANDBOX_TEST").is_none(),
            "CAIRN_SANDBOX_TEST is set but bubblewrap is not installed"
        );
        println!("skipping: bubblewrap not installed");
        return None;
    }
    Some(Sandbox::with_limits(Limits {
        cpu_seconds: 2,
        wall: Duration::from_secs(4),
        memory_bytes: 256 << 20,
        processes: 32,
        file_bytes: 8 << 20,
        scratch_bytes: 16 << 20,
        scratch_files: 512,
        open_files: 64,
        output_bytes: 64 << 10,
    }))
}

fn run(sandbox: &Sandbox, program: &str) -> Run {
    let files = [JobFile {
        name: "main.py",
        contents: program.as_bytes(),
    }];
    sandbox
        .run_python(&files, "main.py", &[])
        .expect("the sandbox starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Host processes whose command line contains `marker`.
fn host_processes_with(marker: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
        .filter(|cmdline| text(cmdline).contains(marker))
        .count()
}

#[test]
fn the_self_test_proves_confinement() {
    let Some(sandbox) = sandbox() else { return };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let secret = std::env::temp_dir().join("cairn-sandbox-secret.txt");
    std::fs::write(&secret, "host secret").unwrap();
    assert_eq!(self_test(&sandbox, &secret, port), Ok(()));
}

#[test]
fn an_infinite_loop_is_stopped_by_the_cpu_limit() {
    let Some(mut sandbox) = sandbox() else { return };
    // A wall-clock limit far above the 2 s of CPU, so that on a busy machine (the other
    // tests run at the same time) the CPU limit is still what stops it.
    sandbox.limits.wall = Duration::from_secs(30);
    let run = run(
        &sandbox,
        "print('started', flush=True)\nwhile True:\n    pass\n",
    );
    assert!(
        text(&run.stdout).starts_with("started"),
        "{}",
        text(&run.stderr)
    );
    assert!(
        matches!(run.ending, Ending::Signalled(_)),
        "{:?}",
        run.ending
    );
}

#[test]
fn sleeping_forever_is_stopped_by_the_wall_clock() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(&sandbox, "import time\ntime.sleep(3600)\n");
    assert_eq!(run.ending, Ending::WallTimeout);
    assert!(run.elapsed < Duration::from_secs(6));
}

#[test]
fn a_fork_bomb_is_contained_and_leaves_nothing_behind() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "import os, time\nprint('started', flush=True)\nmarker = 'cairn-fork-bomb-marker'\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)\n",
    );
    assert!(
        text(&run.stdout).starts_with("started"),
        "{}",
        text(&run.stderr)
    );
    assert_ne!(run.ending, Ending::Exited(0));
    assert!(run.elapsed < Duration::from_secs(6), "{:?}", run.elapsed);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(host_processes_with("cairn-fork-bomb-marker"), 0);
}

#[test]
fn a_huge_allocation_fails_inside_the_sandbox() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "x = bytearray(4 * 1024 ** 3)\nprint('allocated')\n",
    );
    assert_eq!(run.ending, Ending::Exited(1));
    assert!(
        text(&run.stderr).contains("MemoryError"),
        "{}",
        text(&run.stderr)
    );
    assert!(!text(&run.stdout).contains("allocated"));
}

#[test]
fn printing_100_mb_hits_the_output_limit() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 1024 * 1024)\n",
    );
    assert_eq!(run.ending, Ending::OutputLimit);
    assert_eq!(run.stdout.len(), 64 << 10, "only the cap is kept");
}

#[test]
fn writing_a_100_mb_file_is_refused() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "print('started', flush=True)\nwith open('big.bin', 'wb') as f:\n    for _ in range(100):\n        f.write(b'x' * 1024 * 1024)\nprint('written')\n",
    );
    assert!(
        text(&run.stdout).starts_with("started"),
        "{}",
        text(&run.stderr)
    );
    assert_ne!(run.ending, Ending::Exited(0));
    assert!(!text(&run.stdout).contains("written"));
}

#[test]
fn host_files_and_the_environment_are_invisible() {
    let Some(sandbox) = sandbox() else { return };
    let secret_dir = std::env::temp_dir().join("cairn-sandbox-host-files");
    std::fs::create_dir_all(&secret_dir).unwrap();
    let database = secret_dir.join("cairn.db");
    std::fs::write(&database, "learner data").unwrap();
    std::env::set_var("CAIRN_TEST_SECRET", "server-secret-value");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/python-infra/module.toml");
    let program = format!(
        "import os\nfound = []\nfor path in ['/etc/passwd', {db:?}, {content:?}, '/root', '/home', {manifest:?}]:\n    if os.path.exists(path):\n        found.append(path)\nif 'CAIRN_TEST_SECRET' in os.environ or 'server-secret-value' in open('/proc/self/environ').read():\n    found.append('environment')\nprint('FOUND', found)\n",
        db = database.display().to_string(),
        content = content.display().to_string(),
        manifest = env!("CARGO_MANIFEST_DIR"),
    );
    let run = run(&sandbox, &program);
    assert_eq!(run.ending, Ending::Exited(0), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout).trim(), "FOUND []");
}

#[test]
fn no_network_reaches_the_host_or_outside() {
    let Some(sandbox) = sandbox() else { return };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let program = format!(
        "import socket\nreached = []\nfor host, port in [('127.0.0.1', {port}), ('127.0.0.1', 5432), ('1.1.1.1', 443), ('8.8.8.8', 53)]:\n    try:\n        socket.create_connection((host, port), timeout=1).close()\n        reached.append((host, port))\n    except OSError:\n        pass\nprint('REACHED', reached)\n"
    );
    let run = run(&sandbox, &program);
    assert_eq!(
        text(&run.stdout).trim(),
        "REACHED []",
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_background_process_dies_with_the_job() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "import os, subprocess\nsubprocess.Popen(['sleep', '31.4159'], start_new_session=True)\nif os.fork() == 0:\n    os.setsid()\n    os.execv('/usr/bin/sleep', ['sleep', '27.1828'])\nprint('left behind')\n",
    );
    assert_eq!(run.ending, Ending::Exited(0), "{}", text(&run.stderr));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(host_processes_with("31.4159"), 0);
    assert_eq!(host_processes_with("27.1828"), 0);
}

#[test]
fn killing_its_parent_or_calling_libc_does_not_escape() {
    let Some(sandbox) = sandbox() else { return };
    let run = run(
        &sandbox,
        "import ctypes, os, signal\nlibc = ctypes.CDLL(None)\nprint('unshare', libc.unshare(0x10000000))\nprint('mount', libc.mount(b'none', b'/usr', b'tmpfs', 0, None))\nprint('setuid', libc.setuid(0))\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError as e:\n    print('kill', e.errno)\nprint('still inside', os.path.exists('/etc'))\n",
    );
    let out = text(&run.stdout);
    assert!(out.contains("unshare -1"), "{out}");
    assert!(out.contains("mount -1"), "{out}");
    assert!(out.contains("setuid -1"), "{out}");
}

#[test]
fn concurrent_jobs_cannot_see_each_other() {
    let Some(sandbox) = sandbox() else { return };
    let writer = sandbox.clone();
    let first = std::thread::spawn(move || {
        run(
            &writer,
            "import time\nopen('/work/secret-of-job-one', 'w').write('one')\nopen('/tmp/secret-of-job-one', 'w').write('one')\ntime.sleep(1.5)\n",
        )
    });
    std::thread::sleep(Duration::from_millis(500));
    let second = run(
        &sandbox,
        "import os\nseen = [p for d in ('/work', '/tmp', '/job') for p in os.listdir(d)]\npids = [p for p in os.listdir('/proc') if p.isdigit()]\nprint('SEEN', [s for s in seen if 'secret' in s], len(pids) < 10)\n",
    );
    first.join().unwrap();
    assert_eq!(
        text(&second.stdout).trim(),
        "SEEN [] True",
        "{}",
        text(&second.stderr)
    );
}

#[test]
fn dangerous_system_calls_are_refused_with_eperm() {
    let Some(sandbox) = sandbox() else { return };
    let program = format!(
        r#"
import ctypes, errno, os, socket
libc = ctypes.CDLL(None, use_errno=True)
def call(name, number, *args):
    result = libc.syscall(number, *args)
    print(name, result, errno.errorcode.get(ctypes.get_errno(), ctypes.get_errno()) if result < 0 else "ALLOWED")
call("add_key", {add_key}, b"user", b"cairn", b"secret", 6, -2)
call("keyctl", {keyctl}, 0, -3, 0)
call("io_uring_setup", {io_uring}, 8, ctypes.create_string_buffer(120))
call("userfaultfd", {userfaultfd}, 1)
call("ptrace", {ptrace}, 0, 0, 0, 0)
call("bpf", {bpf}, 0, 0, 0)
call("perf_event_open", {perf}, 0, 0, -1, -1, 0)
call("unshare", {unshare}, 0x10000000)
call("personality", {personality}, 0x0040000)
for name, family in [("AF_VSOCK", 40), ("AF_NETLINK", 16), ("AF_PACKET", 17), ("AF_BLUETOOTH", 31)]:
    try:
        socket.socket(family, socket.SOCK_RAW if family in (16, 17) else socket.SOCK_STREAM).close()
        print(name, "ALLOWED")
    except OSError as e:
        print(name, -1, errno.errorcode.get(e.errno, e.errno))
# What must keep working: local sockets, threads, subprocesses.
import threading, subprocess
a, b = socket.socketpair(); a.close(); b.close()
t = threading.Thread(target=lambda: None); t.start(); t.join()
print("subprocess", subprocess.run(["/usr/bin/true"]).returncode)
"#,
        add_key = libc::SYS_add_key,
        keyctl = libc::SYS_keyctl,
        io_uring = libc::SYS_io_uring_setup,
        userfaultfd = libc::SYS_userfaultfd,
        ptrace = libc::SYS_ptrace,
        bpf = libc::SYS_bpf,
        perf = libc::SYS_perf_event_open,
        unshare = libc::SYS_unshare,
        personality = libc::SYS_personality,
    );
    let run = run(&sandbox, &program);
    let out = text(&run.stdout);
    println!("what the program saw:\n{out}{}", text(&run.stderr));
    assert_eq!(run.ending, Ending::Exited(0));
    for call in [
        "add_key",
        "keyctl",
        "io_uring_setup",
        "userfaultfd",
        "ptrace",
        "bpf",
        "perf_event_open",
        "unshare",
        "personality",
        "AF_VSOCK",
        "AF_NETLINK",
        "AF_PACKET",
        "AF_BLUETOOTH",
    ] {
        assert!(
            out.contains(&format!("{call} -1 EPERM")),
            "{call} was not refused with EPERM"
        );
    }
    assert!(out.contains("subprocess 0"), "ordinary work still runs");
}

#[test]
fn every_writable_place_is_one_capped_filesystem() {
    let Some(sandbox) = sandbox() else { return };
    let program = r#"
import os
for folder in ["/work", "/tmp", "/dev/shm", "/dev", "/", "/job", "/usr"]:
    written = 0
    try:
        for i in range(200):
            with open(f"{folder}/big-{i}", "wb") as f:
                f.write(b"x" * (1 << 20))
            written += 1
    except OSError as e:
        pass
    print(folder, "MiB", written)
made = 0
try:
    for folder in ["/work", "/tmp", "/dev/shm"]:
        for i in range(60000):
            open(f"{folder}/empty-{i}", "w").close()
            made += 1
except OSError as e:
    print("creating files stopped by", e.strerror)
print("made", made)
"#;
    let run = run(&sandbox, program);
    let out = text(&run.stdout);
    println!("what the program saw:\n{out}{}", text(&run.stderr));
    let total: u64 = out
        .lines()
        .filter(|l| l.contains(" MiB "))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert!(
        total <= 16,
        "at most the 16 MiB cap in all folders together, wrote {total} MiB"
    );
    let files: u64 = out
        .lines()
        .find_map(|l| l.strip_prefix("made "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(files <= 512, "at most 512 files in all, made {files}");
}

#[test]
fn the_sandbox_shows_no_host_path_or_configuration() {
    let Some(mut sandbox) = sandbox() else { return };
    // A scratch folder with a name that can only come from the host.
    sandbox.scratch = std::env::temp_dir().join("cairn-host-scratch-marker");
    std::fs::create_dir_all(&sandbox.scratch).unwrap();
    let program = r#"
import os
seen = []
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    for part in ("cmdline", "environ"):
        try:
            seen.append(open(f"/proc/{pid}/{part}", "rb").read().replace(b"\0", b" ").decode())
        except OSError as e:
            seen.append(f"{pid}/{part}: {e.strerror}")
seen.append(open("/proc/self/mountinfo").read())
print("\n".join(seen))
"#;
    let run = run(&sandbox, program);
    let out = text(&run.stdout);
    println!("what the program saw:\n{out}{}", text(&run.stderr));
    assert_eq!(run.ending, Ending::Exited(0));
    let scratch = sandbox.scratch.display().to_string();
    for leak in [
        scratch.as_str(),
        env!("CARGO_MANIFEST_DIR"),
        "cairn-job",
        "--ro-bind",
        "--seccomp",
        "prlimit",
        "--cpu",
    ] {
        assert!(!out.contains(leak), "the sandbox shows `{leak}`");
    }
}

#[test]
fn data_given_on_stdin_is_read_once_and_is_nowhere_on_disk() {
    let Some(sandbox) = sandbox() else { return };
    let program = r#"
import os, sys
secret = sys.stdin.read()
print("read", len(secret))
found = []
for root, dirs, files in os.walk("/"):
    if root.startswith(("/proc", "/sys", "/usr", "/dev")):
        dirs[:] = []
        continue
    for name in files:
        try:
            if "HIDDEN-" + "TEST-SOURCE" in open(os.path.join(root, name), errors="replace").read():
                found.append(os.path.join(root, name))
        except OSError:
            pass
stdin_pipe = os.readlink("/proc/self/fd/0")
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        continue
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target == stdin_pipe and (pid, fd) != (str(os.getpid()), "0"):
            found.append(f"{pid}/fd/{fd} -> {target}")
print("FOUND", found)
"#;
    let files = [JobFile {
        name: "main.py",
        contents: program.as_bytes(),
    }];
    let run = sandbox
        .run_python_with_input(&files, "main.py", &[], b"HIDDEN-TEST-SOURCE")
        .expect("the sandbox starts");
    let out = text(&run.stdout);
    println!("what the program saw:\n{out}{}", text(&run.stderr));
    assert!(out.contains("read 18"), "the program gets its input");
    assert!(
        out.contains("FOUND []"),
        "nothing else holds it or any pipe"
    );
}

#[test]
fn an_environment_built_under_the_scratch_folder_is_bound_and_used() {
    let Some(mut sandbox) = sandbox() else { return };
    // A checkout under /tmp builds its environments under /tmp too: mounting the
    // scratch filesystem must not hide them.
    let venv = std::env::temp_dir().join(format!("cairn-venv-under-tmp-{}", std::process::id()));
    let made = std::process::Command::new("/usr/bin/python3")
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    sandbox.environment = Some(venv.clone());
    let run = run(&sandbox, "import sys\nprint(sys.prefix, sys.executable)\n");
    std::fs::remove_dir_all(&venv).unwrap();
    assert_eq!(
        text(&run.stdout).trim(),
        "/env /env/bin/python3",
        "{}",
        text(&run.stderr)
    );
}
