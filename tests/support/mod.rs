//! What the harness tests share: a sandbox with test limits, grading one test file, and
//! reading the report.

#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::time::Duration;

use cairn::grader::harness::{grade, Exercise, Grade, Report};
use cairn::grader::sandbox::{Limits, Sandbox};

/// The sandbox, or `None` (skip) without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.
pub fn sandbox() -> Option<Sandbox> {
    if !Path::new("/usr/bin/bwrap").exists() {
        assert!(
            std::env::var_os("CAIRN_SANDBOX_TEST").is_none(),
            "bubblewrap is missing"
        );
        return None;
    }
    Some(Sandbox::with_limits(Limits {
        cpu_seconds: 2,
        wall: Duration::from_secs(8),
        ..Limits::default()
    }))
}

/// Grades `learner` against one test file holding `tests`.
pub fn run_tests(sandbox: &Sandbox, tests: &str, learner: &str) -> Grade {
    let tests = [("test_task.py", tests.as_bytes())];
    let exercise = Exercise {
        module: "solution",
        learner_code: learner.as_bytes(),
        tests: &tests,
        call_timeout: 3.0,
        program: None,
        warm: &[],
    };
    grade(sandbox, &exercise).expect("the sandbox runs")
}

/// The report of a run that produced one; panics otherwise.
pub fn report(grade: Grade) -> Report {
    match grade {
        Grade::Reported(report) => report,
        other => panic!("expected a report, got {other:?}"),
    }
}

/// Grades `learner` as a program started in `processes` copies, then `tests`.
pub fn run_program(sandbox: &Sandbox, tests: &str, learner: &str, processes: u32) -> Grade {
    let tests = [("test_task.py", tests.as_bytes())];
    let exercise = Exercise {
        module: "train",
        learner_code: learner.as_bytes(),
        tests: &tests,
        call_timeout: 3.0,
        program: Some(cairn::grader::harness::Program {
            args: &[],
            processes,
            timeout: 3.0,
        }),
        warm: &[],
    };
    grade(sandbox, &exercise).expect("the sandbox runs")
}
