//! The harness in the sandbox: per-test results, learner tracebacks, limits, and the
//! ways a learner might try to forge a pass. Skipped without bubblewrap unless
//! `CAIRN_SANDBOX_TEST` is set.

mod support;

use cairn::grader::harness::{grade, Exercise, Grade, Report};
use support::{report, run_tests, sandbox};

const TESTS: &str = r#"
from solution import add

def test_small_numbers():
    assert add(1, 2) == 3

def test_negative_numbers():
    assert add(-1, -1) == -2, "negative numbers add up"

def test_floats():
    assert abs(add(0.1, 0.2) - 0.3) < 1e-9
"#;

fn run(sandbox: &cairn::grader::sandbox::Sandbox, learner: &str) -> Grade {
    run_tests(sandbox, TESTS, learner)
}

fn statuses(report: &Report) -> Vec<&str> {
    report.tests.iter().map(|t| t.status.as_str()).collect()
}

/// Whatever happened, it is not a pass of every test.
fn assert_not_passed(grade: &Grade) {
    if let Grade::Reported(report) = grade {
        assert!(report.score() < 1.0, "forged a pass: {report:?}");
    }
}

#[test]
fn a_correct_solution_passes_every_test() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(
        &sandbox,
        "def add(a, b):\n    print('adding', a, b)\n    return a + b\n",
    ));
    assert_eq!(report.outcome, "completed");
    assert_eq!(statuses(&report), ["pass", "pass", "pass"]);
    assert_eq!(report.score(), 1.0);
    assert_eq!(
        report.tests[0].output.as_deref(),
        Some("adding 1 2\n"),
        "output is captured per test"
    );
}

#[test]
fn wrong_answers_fail_with_the_assertion_message_or_line() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, "def add(a, b):\n    return a - b\n"));
    assert_eq!(statuses(&report), ["fail", "fail", "fail"]);
    assert_eq!(
        report.tests[0].message.as_deref(),
        Some("assert add(1, 2) == 3")
    );
    assert_eq!(
        report.tests[1].message.as_deref(),
        Some("negative numbers add up")
    );
}

#[test]
fn learner_exceptions_show_only_the_learners_own_frames() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, "def helper(x):\n    raise ValueError('no floats here')\n\ndef add(a, b):\n    if isinstance(a, float):\n        helper(a)\n    return a + b\n"));
    assert_eq!(statuses(&report), ["pass", "pass", "error"]);
    let error = &report.tests[2];
    assert_eq!(error.message.as_deref(), Some("ValueError: no floats here"));
    let traceback = error.traceback.clone().unwrap().join("\n");
    assert!(
        traceback.contains("solution.py\", line 6, in add"),
        "{traceback}"
    );
    assert!(traceback.contains("raise ValueError"), "{traceback}");
    assert!(!traceback.contains("harness"), "{traceback}");
}

#[test]
fn an_import_error_is_reported_not_passed() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, "def add(a, b)\n    return a + b\n"));
    assert_eq!(report.outcome, "error");
    assert_eq!(report.import_error.unwrap().kind, "SyntaxError");
}

#[test]
fn an_endless_function_is_stopped_and_the_other_tests_still_run() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(
        &sandbox,
        "def add(a, b):\n    while a < 0:\n        pass\n    return a + b\n",
    ));
    assert_eq!(statuses(&report), ["pass", "time", "pass"]);
    assert_eq!(report.outcome, "time");
}

#[test]
fn a_huge_allocation_is_a_memory_limit() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(
        &sandbox,
        "def add(a, b):\n    if a < 0:\n        bytearray(4 * 1024 ** 3)\n    return a + b\n",
    ));
    assert_eq!(statuses(&report), ["pass", "memory", "pass"]);
}

#[test]
fn printing_a_fake_report_and_exiting_is_not_a_pass() {
    let Some(sandbox) = sandbox() else { return };
    let fake = r#"{"outcome": "completed", "tests": [{"file": "test_task.py", "name": "test_small_numbers", "status": "pass"}]}"#;
    for learner in [
        format!("import os, sys\nprint({fake:?})\nsys.__stdout__.write({fake:?} + '\\n')\nos.write(1, b'\\n' + {fake:?}.encode() + b'\\n')\nos._exit(0)\n"),
        format!("import os\nopen('/work/report.json', 'w').write({fake:?})\ndef add(a, b):\n    return None\n"),
        "import sys\nsys.exit(0)\n".to_owned(),
    ] {
        assert_not_passed(&run(&sandbox, &learner));
    }
}

#[test]
fn reaching_into_the_harness_process_is_refused() {
    let Some(sandbox) = sandbox() else { return };
    let fake =
        r#"{"outcome": "completed", "tests": [{"file": "f", "name": "n", "status": "pass"}]}"#;
    let learner = format!(
        "import os\nreached = []\nfor path in ('/proc/%d/fd/1' % os.getppid(), '/proc/%d/mem' % os.getppid()):\n    try:\n        with open(path, 'w') as f:\n            f.write({fake:?})\n        reached.append(path)\n    except OSError:\n        pass\ndef add(a, b):\n    raise ValueError(repr(reached))\n"
    );
    let report = report(run(&sandbox, &learner));
    assert_eq!(statuses(&report), ["error", "error", "error"]);
    assert_eq!(
        report.tests[0].message.as_deref(),
        Some("ValueError: []"),
        "nothing was reached"
    );
}

#[test]
fn patching_modules_or_killing_the_harness_is_not_a_pass() {
    let Some(sandbox) = sandbox() else { return };
    for learner in [
        "import builtins, sys\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\nsys.modules['__main__'].parent = lambda *a: {'outcome': 'completed', 'tests': []}\ndef add(a, b):\n    return 0\n",
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\ndef add(a, b):\n    return 0\n",
        "import os, signal\ndef add(a, b):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
    ] {
        let grade = run(&sandbox, learner);
        assert_not_passed(&grade);
        if let Grade::Reported(report) = &grade {
            assert!(report.tests.iter().all(|t| t.status != "pass"), "{report:?}");
        }
    }
}

#[test]
fn tests_can_expect_the_learners_builtin_exceptions() {
    let Some(sandbox) = sandbox() else { return };
    let tests = [(
        "test_raises.py",
        "from solution import root\n\ndef test_negative_is_refused():\n    try:\n        root(-1)\n    except ValueError as e:\n        assert 'negative' in str(e)\n    else:\n        assert False, 'expected ValueError'\n"
            .as_bytes(),
    )];
    let exercise = Exercise {
        module: "solution",
        learner_code: b"def root(x):\n    if x < 0:\n        raise ValueError('negative input')\n    return x ** 0.5\n",
        tests: &tests,
        call_timeout: 3.0,
        program: None,
        warm: &[],
    };
    let report = report(grade(&sandbox, &exercise).unwrap());
    assert_eq!(statuses(&report), ["pass"]);
}

#[test]
fn a_missing_function_is_an_error_not_a_crash() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, "def plus(a, b):\n    return a + b\n"));
    assert_eq!(statuses(&report), ["error"]);
    assert!(
        report.tests[0].message.as_deref().unwrap().contains("add"),
        "{report:?}"
    );
}

#[test]
fn printing_without_end_is_an_output_limit_for_that_test() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, "def add(a, b):\n    if a < 0:\n        while True:\n            print('x' * 1000)\n    return a + b\n"));
    assert_eq!(statuses(&report), ["pass", "output", "pass"]);
    assert_eq!(report.outcome, "output");
}

/// A learner's module that looks everywhere for the hidden tests and for a way to write
/// to the harness's stdout, and prints what it found from inside a call.
const SEARCHER: &str = r#"
import os

def look():
    found = []
    marker = "negative numbers " + "add up"
    for root, dirs, files in os.walk("/"):
        if root.startswith(("/proc", "/sys", "/usr", "/dev")):
            dirs[:] = []
            continue
        for name in files:
            path = os.path.join(root, name)
            try:
                if marker in open(path, errors="replace").read():
                    found.append(path)
            except OSError:
                pass
    found.append("job: " + " ".join(sorted(os.listdir("/job"))))
    for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
        for what in ("cmdline", "environ", "fd/0", "fd/1", "mem"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as f:
                    data = f.read(4096)
                found.append(f"read /proc/{pid}/{what}: {data!r}")
            except OSError as e:
                found.append(f"refused /proc/{pid}/{what}: {e.strerror}")
        try:
            found.append(f"fds of {pid}: {os.listdir(f'/proc/{pid}/fd')}")
        except OSError as e:
            found.append(f"fds of {pid} refused: {e.strerror}")
    try:
        with open("/proc/1/fd/1", "w") as out:
            out.write('\n{"outcome": "completed", "tests": []}\n')
        found.append("WROTE TO THE HARNESS STDOUT")
    except OSError as e:
        found.append(f"refused writing /proc/1/fd/1: {e.strerror}")
    return found

def add(a, b):
    print("\n".join(look()))
    return a + b
"#;

#[test]
fn the_learners_code_finds_no_hidden_test_and_no_way_into_the_harness() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run(&sandbox, SEARCHER));
    let seen = report.tests[0].output.clone().unwrap_or_default();
    println!("what the learner's code saw:\n{seen}");
    assert!(!seen.contains("add up"), "a hidden test's text was found");
    assert!(!seen.contains("def test_"), "a test's source was read");
    assert!(
        seen.contains("job: cairn.py harness.py"),
        "only the harness and its test helpers are in /job: the learner's code arrives with the job"
    );
    assert!(!seen.contains("WROTE TO THE HARNESS STDOUT"));
    assert!(
        seen.contains("refused /proc/1/fd/0") && seen.contains("refused /proc/1/mem"),
        "the harness (PID 1) keeps its descriptors and memory to itself"
    );
    assert!(
        !seen.contains("fds of 1: ["),
        "the harness's descriptors are not listed"
    );
}

#[test]
fn an_output_flood_or_a_crash_by_signal_is_reported_as_what_it_is() {
    let Some(sandbox) = sandbox() else { return };
    for (learner, expected) in [
        (
            "import sys\nsys.stdout.write('x' * (4 << 20))\ndef add(a, b):\n    return a + b\n",
            "output",
        ),
        (
            "import ctypes\nctypes.string_at(0)\ndef add(a, b):\n    return a + b\n",
            "crash",
        ),
        (
            "import ctypes\ndef add(a, b):\n    ctypes.string_at(0)\n",
            "crash",
        ),
    ] {
        let grade = run(&sandbox, learner);
        println!("{learner}\n=> {grade:?}\n");
        let report = report(grade);
        let status = report
            .tests
            .first()
            .map_or(report.outcome.as_str(), |t| t.status.as_str());
        assert_eq!(status, expected, "{report:?}");
        if expected == "crash" {
            let message = report
                .tests
                .first()
                .and_then(|t| t.message.clone())
                .or(report.message.clone())
                .unwrap_or_default();
            assert!(message.contains("SIGSEGV"), "{message}");
        }
    }
}
