//! Hostile programs in the bubblewrap sandbox: each is contained, ends within its limits,
//! and leaves nothing running. Skipped when bubblewrap is missing, unless
//! `CAIRN_SANDBOX_TEST` is set (as CI does), in which case that is a failure.

use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use cairn::grader::sandbox::{self_test, Ending, JobFile, Limits, Run, Sandbox};

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
    let Some(sandbox) = sandbox() else { return };
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
    assert!(run.elapsed < Duration::from_secs(4), "{:?}", run.elapsed);
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
