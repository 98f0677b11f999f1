//! Tests that see how the learner's code runs, not only what it returns: one-shot
//! streams, arguments as the code left them, the learner's source, and per-call
//! measurements. Each exercise has a correct solution that passes and a plausible wrong
//! one that used to pass and now fails, in the real sandbox; learners' attempts to lie
//! through the new channels do not turn a failing test into a pass. Skipped without
//! bubblewrap unless `CAIRN_SANDBOX_TEST` is set.

mod support;

use cairn::grader::harness::Report;
use support::{report, run_tests, sandbox};

/// Runs `tests` against each solution and returns the reports.
fn reports(tests: &str, solutions: &[&str]) -> Option<Vec<Report>> {
    let sandbox = sandbox()?;
    Some(
        solutions
            .iter()
            .map(|learner| {
                let report = report(run_tests(&sandbox, tests, learner));
                println!("{learner}\n=> {:?}\n", report.tests);
                report
            })
            .collect(),
    )
}

fn passed(report: &Report) -> bool {
    report.score() == 1.0
}

const STREAM_TESTS: &str = r#"
import cairn
from solution import mean_by_endpoint

def test_the_means():
    lines = cairn.Stream(["/a,1\n", "/b,3\n", "/a,3\n"], batch=1)
    assert mean_by_endpoint(lines) == {"/a": 2.0, "/b": 3.0}
    assert lines.pulled == 3 and lines.finished

def test_a_generator_is_a_stream_too():
    assert mean_by_endpoint(f"/e,{i}" for i in range(4)) == {"/e": 1.5}

def test_only_running_totals_are_kept():
    lines = cairn.Stream(f"/e{i % 3},{i % 100}" for i in range(100_000))
    result = mean_by_endpoint(lines)
    assert set(result) == {"/e0", "/e1", "/e2"}
    call = cairn.last_call
    assert call.peak_memory is not None and call.peak_memory < 3 * 2**20, f"used too much memory: {call}"
"#;

#[test]
fn a_stream_is_one_shot_and_a_list_of_every_line_shows_in_memory() {
    let one_pass = "def mean_by_endpoint(lines):\n    totals, counts = {}, {}\n    for line in lines:\n        name, value = line.strip().split(',')\n        totals[name] = totals.get(name, 0.0) + float(value)\n        counts[name] = counts.get(name, 0) + 1\n    return {n: totals[n] / counts[n] for n in totals}\n";
    let two_passes = "def mean_by_endpoint(lines):\n    names = {line.split(',')[0] for line in lines}\n    result = {}\n    for name in names:\n        values = [float(l.split(',')[1]) for l in lines if l.split(',')[0] == name]\n        result[name] = sum(values) / len(values)\n    return result\n";
    let keeps_lines = "def mean_by_endpoint(lines):\n    lines = [line.strip().split(',') for line in lines]\n    names = {name for name, _ in lines}\n    return {n: sum(float(v) for m, v in lines if m == n) / sum(1 for m, _ in lines if m == n) for n in names}\n";
    let Some(reports) = reports(STREAM_TESTS, &[one_pass, two_passes, keeps_lines]) else {
        return;
    };
    assert!(passed(&reports[0]), "{:?}", reports[0]);
    assert!(
        !passed(&reports[1]),
        "a second pass over a stream sees nothing"
    );
    let keeps = &reports[2];
    assert_eq!(keeps.tests[0].status, "pass");
    assert_eq!(keeps.tests[2].status, "fail", "{:?}", keeps.tests[2]);
    assert!(
        keeps.tests[2]
            .message
            .as_deref()
            .unwrap_or("")
            .contains("too much memory"),
        "the message says where the memory went: {:?}",
        keeps.tests[2]
    );
}

const COPY_TESTS: &str = r#"
from solution import sorted_copy

def test_sorted():
    assert sorted_copy([3, 1, 2]) == [1, 2, 3]

def test_the_input_is_left_alone():
    data = [3, 1, 2]
    options = {"reverse": False}
    sorted_copy(data)
    assert data == [3, 1, 2], f"the input was changed to {data}"
"#;

#[test]
fn an_argument_changed_in_place_is_seen_by_the_test() {
    let copy = "def sorted_copy(values):\n    return sorted(values)\n";
    let in_place = "def sorted_copy(values):\n    values.sort()\n    return values\n";
    let lies = "import json, __main__\n_real = json.dumps\njson.dumps = lambda m, *a, **k: _real({**m, 'args': [{'value': [3, 1, 2]}]} if 'args' in m else m)\n__main__.plain = lambda v, depth=0: v\ndef sorted_copy(values):\n    values.sort()\n    return values\n";
    let Some(reports) = reports(COPY_TESTS, &[copy, in_place, lies]) else {
        return;
    };
    assert!(passed(&reports[0]), "{:?}", reports[0]);
    for wrong in &reports[1..] {
        assert_eq!(wrong.tests[1].status, "fail", "{:?}", wrong.tests[1]);
        assert!(
            wrong.tests[1]
                .message
                .as_deref()
                .unwrap_or("")
                .contains("[1, 2, 3]"),
            "{:?}",
            wrong.tests[1]
        );
    }
}

const DIGEST_TESTS: &str = r#"
import cairn, hashlib, hmac
from solution import verify

KEY = b"k" * 32

def sign(body):
    return hmac.new(KEY, body, hashlib.sha256).hexdigest()

def test_a_good_signature_is_accepted_and_a_bad_one_refused():
    assert verify(KEY, b"body", sign(b"body"))
    assert not verify(KEY, b"body", sign(b"other"))

def test_the_comparison_takes_constant_time():
    used = cairn.calls("verify")
    assert {"hmac.compare_digest", "secrets.compare_digest"} & used, "compare the signatures with hmac.compare_digest, not =="
"#;

#[test]
fn the_learners_source_shows_whether_the_comparison_is_constant_time() {
    let constant = "import hashlib, hmac\nfrom hmac import compare_digest as same\ndef verify(key, body, signature):\n    return same(hmac.new(key, body, hashlib.sha256).hexdigest(), signature)\n";
    let equals = "import hashlib, hmac\ndef verify(key, body, signature):\n    return hmac.new(key, body, hashlib.sha256).hexdigest() == signature\n";
    let Some(reports) = reports(DIGEST_TESTS, &[constant, equals]) else {
        return;
    };
    assert!(passed(&reports[0]), "{:?}", reports[0]);
    assert_eq!(reports[1].tests[0].status, "pass");
    assert_eq!(reports[1].tests[1].status, "fail");
}

const BUDGET_TESTS: &str = r#"
import cairn
from solution import count_primes

def test_small():
    assert count_primes(10) == 4

def test_within_the_cpu_budget():
    assert count_primes(500_000) == 41538
    call = cairn.last_call
    assert call.cpu_seconds < 0.3, f"too slow: {call}"
"#;

#[test]
fn a_call_over_its_cpu_budget_fails_even_if_the_learner_stops_the_clocks() {
    let sieve = "def count_primes(n):\n    if n < 3:\n        return 0\n    sieve = bytearray([1]) * n\n    sieve[0:2] = b'\\x00\\x00'\n    for i in range(2, int(n ** 0.5) + 1):\n        if sieve[i]:\n            sieve[i * i::i] = bytes(len(range(i * i, n, i)))\n    return sum(sieve)\n";
    let trial = "def count_primes(n):\n    return sum(all(k % d for d in range(2, int(k ** 0.5) + 1)) for k in range(2, n))\n";
    let stopped_clocks = "import time\ntime.monotonic = time.perf_counter = time.process_time = lambda: 0.0\nimport os\nos.times = lambda: os.times_result((0, 0, 0, 0, 0))\n".to_owned() + trial;
    let Some(reports) = reports(BUDGET_TESTS, &[sieve, trial, &stopped_clocks]) else {
        return;
    };
    assert!(passed(&reports[0]), "{:?}", reports[0]);
    for slow in &reports[1..] {
        assert_ne!(slow.tests[1].status, "pass", "{:?}", slow.tests[1]);
    }
}
