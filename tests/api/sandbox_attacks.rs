//! A hostile learner's attacks on the grader, sent as submissions over HTTP: the attack
//! runs inside the learner's own function and prints what it saw, which the page shows
//! as that visible test's output. Each test prints the page's account of the attack.
//! Skipped without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.

use crate::exercises::{app, graded, sandboxed, submit};
use crate::helpers::learner;

/// The text of the first visible test's output on the graded page, unescaped enough
/// to read.
fn output_of(html: &str) -> String {
    let start = html.find("<summary>Output</summary>").unwrap_or(0);
    html[start..]
        .split("</pre>")
        .next()
        .unwrap_or_default()
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Submits `attack` (the body of a function returning lines to print) and returns what
/// the learner is shown of it.
async fn attack(attack: &str) -> String {
    let app = app().await;
    let (browser, _) = learner(&app).await;
    let code = format!(
        "import ctypes, errno, os, socket\n\ndef attack():\n    seen = []\n{}\n    return seen\n\nshown = False\n\ndef add(a, b):\n    global shown\n    if not shown:\n        shown = True\n        print('\\n'.join(attack()))\n    return a + b\n",
        attack
            .lines()
            .map(|line| format!("    {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    submit(&browser, &code).await;
    let html = graded(&browser).await;
    let seen = output_of(&html);
    println!("what the attacker saw:\n{seen}");
    assert!(
        seen.contains("ATTACK DONE"),
        "the attack ran to its end: {html}"
    );
    seen
}

#[tokio::test]
async fn system_calls_outside_the_filter_are_refused() {
    if !sandboxed() {
        return;
    }
    let seen = attack(&format!(
        r#"libc = ctypes.CDLL(None, use_errno=True)
for name, number, args in [("add_key", {add_key}, (b"user", b"k", b"v", 1, -2)), ("keyctl", {keyctl}, (0, -3, 0)), ("io_uring_setup", {io_uring}, (8, ctypes.create_string_buffer(120))), ("userfaultfd", {userfaultfd}, (1,)), ("ptrace", {ptrace}, (0, 0, 0, 0))]:
    result = libc.syscall(number, *args)
    seen.append(f"{{name}}: " + (errno.errorcode.get(ctypes.get_errno(), "?") if result < 0 else "ALLOWED"))
try:
    s = socket.socket(40, socket.SOCK_STREAM)
    s.connect((2, 1234))
    seen.append("AF_VSOCK: CONNECTED TO THE HOST")
except OSError as e:
    seen.append("AF_VSOCK: " + errno.errorcode.get(e.errno, "?"))
seen.append("ATTACK DONE")"#,
        add_key = libc::SYS_add_key,
        keyctl = libc::SYS_keyctl,
        io_uring = libc::SYS_io_uring_setup,
        userfaultfd = libc::SYS_userfaultfd,
        ptrace = libc::SYS_ptrace,
    ))
    .await;
    for call in [
        "add_key",
        "keyctl",
        "io_uring_setup",
        "userfaultfd",
        "ptrace",
        "AF_VSOCK",
    ] {
        assert!(seen.contains(&format!("{call}: EPERM")), "{call}: {seen}");
    }
}

#[tokio::test]
async fn scratch_space_is_capped_in_bytes_and_files_across_every_writable_folder() {
    if !sandboxed() {
        return;
    }
    let seen = attack(
        r#"for folder in ["/work", "/tmp", "/dev/shm", "/dev"]:
    written = 0
    try:
        for i in range(200):
            with open(f"{folder}/big-{i}", "wb") as f:
                f.write(b"x" * (1 << 20))
            written += 1
    except OSError:
        pass
    made = 0
    try:
        for i in range(60000):
            open(f"{folder}/empty-{i}", "w").close()
            made += 1
    except OSError:
        pass
    seen.append(f"{folder}: {written} MiB, {made} files")
    for name in os.listdir(folder):
        if name.startswith(("big-", "empty-")):
            os.remove(f"{folder}/{name}")
seen.append("ATTACK DONE")"#,
    )
    .await;
    for line in seen.lines().filter(|l| l.contains(" MiB, ")) {
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let (mib, files) = (numbers[numbers.len() - 2], numbers[numbers.len() - 1]);
        assert!(mib <= 16, "{line}");
        assert!(files <= 1024, "{line}");
    }
    assert!(seen.contains("/dev: 0 MiB, 0 files"), "{seen}");
}

#[tokio::test]
async fn the_hidden_tests_and_the_host_are_nowhere_in_reach() {
    if !sandboxed() {
        return;
    }
    let seen = attack(
        r#"seen.append("job: " + " ".join(sorted(os.listdir("/job"))))
for root, dirs, files in os.walk("/"):
    if root.startswith(("/proc", "/sys", "/usr", "/dev")):
        dirs[:] = []
        continue
    for name in files:
        try:
            if "HIDDEN-" + "MESSAGE" in open(os.path.join(root, name), errors="replace").read():
                seen.append("HIDDEN TEST FOUND AT " + os.path.join(root, name))
        except OSError:
            pass
for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            seen.append(f"fd {pid}/{fd}: " + os.readlink(f"/proc/{pid}/fd/{fd}"))
    except OSError as e:
        seen.append(f"fds of {pid}: {e.strerror}")
seen.append("cmdline: " + open("/proc/1/cmdline").read().replace("\0", " "))
seen.append("ATTACK DONE")"#,
    )
    .await;
    assert!(seen.contains("job: cairn.py harness.py"), "{seen}");
    assert!(!seen.contains("HIDDEN TEST FOUND"), "{seen}");
    assert!(!seen.contains("test_hidden"), "{seen}");
    assert!(seen.contains("fds of 1: Permission denied"), "{seen}");
    let cmdline = seen.lines().find(|l| l.starts_with("cmdline:")).unwrap();
    for host_detail in [
        "/tmp",
        "cairn-job",
        "bwrap",
        "--",
        env!("CARGO_MANIFEST_DIR"),
    ] {
        assert!(!cmdline.contains(host_detail), "{cmdline}");
    }
}
