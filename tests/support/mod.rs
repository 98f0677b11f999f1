//! What the harness tests share: a sandbox with test limits, grading one test file, and
//! reading the report.

#![allow(dead_code)] // each test binary uses its own part

use std::path::Path;
use std::time::Duration;

use std::sync::Arc;

use cairn::grader::harness::{grade_in, Exercise, Grade, Program, Report};
use cairn::grader::sandbox::{Limits, Sandbox};
use cairn::grader::warm::Pool;

/// The sandbox, or `None` (skip) without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.
pub(crate) fn sandbox() -> Option<Sandbox> {
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
pub(crate) fn run_tests(sandbox: &Sandbox, tests: &str, learner: &str) -> Grade {
    run_with(sandbox, None, tests, learner, None, &[])
}

/// Grades `learner` (module `solution`, or `train` as a program) against one test file
/// holding `tests`, in a sandbox from `pool` when given, with `warm` imported first.
pub(crate) fn run_with(
    sandbox: &Sandbox,
    pool: Option<&Arc<Pool>>,
    tests: &str,
    learner: &str,
    program: Option<Program<'_>>,
    warm: &[String],
) -> Grade {
    let tests = [("test_task.py", tests.as_bytes())];
    let exercise = Exercise {
        module: if program.is_some() {
            "train"
        } else {
            "solution"
        },
        learner_code: learner.as_bytes(),
        tests: &tests,
        call_timeout: 3.0,
        program,
        warm,
    };
    grade_in(sandbox, pool, &exercise).expect("the sandbox runs")
}

/// The report of a run that produced one; panics otherwise.
pub(crate) fn report(grade: Grade) -> Report {
    match grade {
        Grade::Reported(report) => report,
        other => panic!("expected a report, got {other:?}"),
    }
}

/// Grades `learner` as a program started in `processes` copies, then `tests`.
pub(crate) fn run_program(sandbox: &Sandbox, tests: &str, learner: &str, processes: u32) -> Grade {
    let program = Program {
        args: &[],
        processes,
        timeout: 3.0,
    };
    run_with(sandbox, None, tests, learner, Some(program), &[])
}
