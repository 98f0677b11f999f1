//! The feedback policy: what a learner may see of a graded Python submission. Every
//! place a result reaches a learner (the lesson page, the task's JSON and its long poll,
//! the data download) builds it here, from the stored [`Verdict`] and the task.
//!
//! - A visible test shows everything: its message, the frames of the learner's code it
//!   went through, and what the code printed.
//! - A hidden test shows its name and outcome (pass, fail, error, time, memory or output
//!   limit) and nothing the learner's code could have shaped: a learner could fill an
//!   exception's message or type name, a function's name or the output with the hidden
//!   test's arguments. For an error it shows the exception's type only when that is a
//!   built-in Python exception ([`BUILT_IN_EXCEPTIONS`]), else "an exception", and of the
//!   traceback only the line of the learner's file where it was raised, when that line
//!   exists in the submitted code. Never the test's source, its assertion message
//!   (which, for a bare `assert`, is the assert's own line) or the output.
//! - A task with `show_messages = true` also shows hidden tests' assertion messages and
//!   the learner's exception messages; the traceback and output stay as above.
//!
//! Instructors' views of a learner's trail read the stored verdict themselves and may
//! show more.

use serde::Serialize;

use crate::grader::harness::{TestResult, TestStatus};
use crate::grader::worker::{Verdict, VerdictOutcome};
use crate::tasks::Python;

/// One test's result as the learner may see it.
#[derive(Debug, Serialize, PartialEq)]
pub struct TestView {
    /// The test's name; hidden tests are named without their source.
    pub name: String,
    /// Whether the learner can read the test file.
    pub visible: bool,
    /// Passed, failed, errored or hit a limit.
    pub status: TestStatus,
    /// The failure's message, when the task allows showing it.
    pub message: Option<String>,
    /// Where it failed; empty unless the learner may see it.
    pub traceback: Vec<String>,
    /// What the test printed, when the learner may see it.
    pub output: Option<String>,
}

/// The learner's module failed to import (their own code, before any test ran).
#[derive(Debug, Serialize, PartialEq)]
pub struct ImportErrorView {
    /// The exception's class name, such as `SyntaxError`.
    pub kind: String,
    /// The exception's message.
    pub message: String,
    /// Where in the learner's code it was raised.
    pub traceback: Vec<String>,
}

/// A graded submission as its learner may see it.
#[derive(Debug, Serialize, PartialEq)]
pub struct LearnerVerdict {
    /// Passed, failed, or could not be judged.
    pub outcome: VerdictOutcome,
    /// Fraction of the tests passed, from 0 to 1.
    pub score: f64,
    /// A line explaining the verdict, when it needs one.
    pub message: Option<String>,
    /// Each test's result, filtered for the learner.
    pub tests: Vec<TestView>,
    /// Why the learner's module did not import, when it did not.
    pub import_error: Option<ImportErrorView>,
}

/// Python's built-in exception names: the only type names a hidden test's error shows.
pub const BUILT_IN_EXCEPTIONS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "EOFError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "GeneratorExit",
    "ImportError",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "ValueError",
    "ZeroDivisionError",
];

/// What a hidden test's error says when its type is not a built-in one.
const UNNAMED: &str = "an exception";

/// `verdict` on `code` as its learner may see it. `python` is the task as it is now;
/// `None` (a task since removed) shows every test as hidden.
pub fn learner_verdict(python: Option<&Python>, code: &str, verdict: Verdict) -> LearnerVerdict {
    LearnerVerdict {
        tests: verdict
            .tests
            .iter()
            .map(|test| test_view(python, code, test))
            .collect(),
        outcome: verdict.outcome,
        score: verdict.score,
        message: verdict.message,
        import_error: verdict.import_error.map(|e| ImportErrorView {
            kind: e.kind,
            message: e.message,
            traceback: e.traceback,
        }),
    }
}

/// One test's result under the policy in the module documentation.
pub fn test_view(python: Option<&Python>, code: &str, test: &TestResult) -> TestView {
    let visible = python.is_some_and(|p| p.tests.iter().any(|t| t.visible && t.name == test.file));
    if visible {
        return TestView {
            name: test.name.clone(),
            visible,
            status: test.status,
            message: test.message.clone(),
            traceback: test.traceback.clone().unwrap_or_default(),
            output: test.output.clone().filter(|o| !o.is_empty()),
        };
    }
    let show_messages = python.is_some_and(|p| p.show_messages);
    let message = match test.status {
        TestStatus::Fail | TestStatus::Error if show_messages => test.message.clone(),
        TestStatus::Error => Some(exception_type(test.message.as_deref()).to_owned()),
        _ => None,
    };
    let traceback = python
        .filter(|_| test.status == TestStatus::Error)
        .and_then(|p| {
            raised_at(
                &p.file_name,
                code,
                test.traceback.as_deref().unwrap_or_default(),
            )
        })
        .into_iter()
        .collect();
    TestView {
        name: test.name.clone(),
        visible,
        status: test.status,
        message,
        traceback,
        output: None,
    }
}

/// The exception's type from an error message (`"KeyError: 'mean'"`), if it is a
/// built-in one; otherwise "an exception".
fn exception_type(message: Option<&str>) -> &'static str {
    let kind = message
        .and_then(|m| m.split(':').next())
        .map(str::trim)
        .unwrap_or_default();
    BUILT_IN_EXCEPTIONS
        .iter()
        .find(|name| **name == kind)
        .copied()
        .unwrap_or(UNNAMED)
}

/// `solution.py, line N` for the innermost frame of the learner's file, where the error
/// was raised, when line N exists in `code`. Only the number is read from the frame:
/// its function name and text could be forged, and one line within the file is as much
/// as a hidden test's error needs to say.
fn raised_at(file_name: &str, code: &str, traceback: &[String]) -> Option<String> {
    let line = traceback.iter().rev().find_map(|frame| frame_line(frame))?;
    let lines = code.lines().count();
    (1..=lines)
        .contains(&line)
        .then(|| format!("{file_name}, line {line}"))
}

/// The line number of a harness frame line, `  File "solution.py", line 12, in name`.
fn frame_line(frame: &str) -> Option<usize> {
    let rest = frame.strip_prefix("  File \"")?;
    let (_, after) = rest.split_once("\", line ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::PythonTest;

    fn exercise(show_messages: bool) -> Python {
        let test = |name: &str, visible| PythonTest {
            name: name.to_owned(),
            source: String::new(),
            visible,
        };
        Python {
            file_name: "solution.py".to_owned(),
            module: "solution".to_owned(),
            starter: String::new(),
            solution: String::new(),
            tests: vec![
                test("test_examples.py", true),
                test("test_hidden.py", false),
            ],
            show_messages,
            cpu_seconds: None,
            memory_mb: None,
            wrong: Vec::new(),
            environment: None,
            program: None,
        }
    }

    fn result(file: &str, status: &str, message: Option<&str>, traceback: &[&str]) -> TestResult {
        TestResult {
            file: file.to_owned(),
            name: "test_it".to_owned(),
            status: serde_json::from_value(serde_json::json!(status)).unwrap(),
            message: message.map(str::to_owned),
            traceback: Some(traceback.iter().map(|l| (*l).to_owned()).collect()),
            output: Some("printed 0.25".to_owned()),
        }
    }

    const CODE: &str = "def f(x):\n    return g(x)\n\ndef g(x):\n    raise ValueError(x)\n";
    const FRAMES: [&str; 4] = [
        "  File \"solution.py\", line 2, in f",
        "    return g(x)",
        "  File \"solution.py\", line 5, in g_0.25",
        "    raise ValueError(x)",
    ];

    #[test]
    fn hidden_tests_show_their_outcome_and_nothing_the_code_could_shape() {
        // status, message, show_messages: the message and traceback shown
        for (status, message, show, expected, traceback) in [
            ("pass", None, false, None, vec![]),
            ("fail", Some("assert f([0.25]) == 1"), false, None, vec![]),
            (
                "fail",
                Some("assert f([0.25]) == 1"),
                true,
                Some("assert f([0.25]) == 1"),
                vec![],
            ),
            (
                "error",
                Some("ValueError: [0.25]"),
                false,
                Some("ValueError"),
                vec!["solution.py, line 5"],
            ),
            (
                "error",
                Some("ValueError: [0.25]"),
                true,
                Some("ValueError: [0.25]"),
                vec!["solution.py, line 5"],
            ),
            (
                "error",
                Some("Leak_0_25"),
                false,
                Some(UNNAMED),
                vec!["solution.py, line 5"],
            ),
            (
                "error",
                Some("Leak_0_25: also"),
                false,
                Some(UNNAMED),
                vec!["solution.py, line 5"],
            ),
            (
                "error",
                Some("KeyError: 'mean'"),
                false,
                Some("KeyError"),
                vec!["solution.py, line 5"],
            ),
            (
                "error",
                None,
                false,
                Some(UNNAMED),
                vec!["solution.py, line 5"],
            ),
            ("time", None, true, None, vec![]),
            ("memory", None, false, None, vec![]),
            ("output", None, false, None, vec![]),
        ] {
            let python = exercise(show);
            let view = test_view(
                Some(&python),
                CODE,
                &result("test_hidden.py", status, message, &FRAMES),
            );
            let what = format!("{status} {message:?} show_messages={show}");
            assert!(!view.visible, "{what}");
            assert_eq!(view.message.as_deref(), expected, "{what}");
            assert_eq!(view.traceback, traceback, "{what}");
            assert_eq!(view.output, None, "{what}");
        }
    }

    #[test]
    fn visible_tests_keep_their_messages_frames_and_output() {
        let python = exercise(false);
        let test = result(
            "test_examples.py",
            "error",
            Some("ValueError: [1, 3]"),
            &FRAMES,
        );
        let view = test_view(Some(&python), CODE, &test);
        assert!(view.visible);
        assert_eq!(view.message.as_deref(), Some("ValueError: [1, 3]"));
        assert_eq!(view.traceback, FRAMES);
        assert_eq!(view.output.as_deref(), Some("printed 0.25"));
    }

    #[test]
    fn a_frame_line_outside_the_learners_file_or_forged_is_not_shown() {
        for frames in [
            vec!["  File \"solution.py\", line 9999, in f"],
            vec!["  File \"solution.py\", line 0, in f"],
            vec!["    raise ValueError(x)"],
            vec!["Traceback: line 2"],
            vec![],
        ] {
            assert_eq!(
                raised_at(
                    "solution.py",
                    CODE,
                    &frames.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>()
                ),
                None,
                "{frames:?}"
            );
        }
        // A forged name cannot move the number: only the first `", line ` counts.
        let forged = ["  File \"solution.py\", line 3, in x\", line 5, in y".to_owned()];
        assert_eq!(
            raised_at("solution.py", CODE, &forged).as_deref(),
            Some("solution.py, line 3")
        );
    }

    #[test]
    fn a_removed_task_shows_every_test_as_hidden() {
        let test = result(
            "test_examples.py",
            "error",
            Some("ValueError: [1, 3]"),
            &FRAMES,
        );
        let view = test_view(None, CODE, &test);
        assert!(!view.visible);
        assert_eq!(view.message.as_deref(), Some("ValueError"));
        assert!(view.traceback.is_empty() && view.output.is_none());
    }
}
