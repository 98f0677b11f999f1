//! What a submission's grading came to: the verdict stored as a job's result, built
//! from the harness's report, and read back by pages, the trail and `cairn check`.

use serde::{Deserialize, Serialize};

use super::harness::{wire_enum, Grade, ImportError, RunOutcome, TestResult, TestStatus};

wire_enum! {
    /// What a submission's grading came to.
    VerdictOutcome {
        /// Every test passed.
        Passed = "passed",
        /// Some test failed.
        Failed = "failed",
        /// The code could not be imported, or a test raised.
        Error = "error",
        /// A time limit stopped it.
        Time = "time",
        /// The memory limit stopped it.
        Memory = "memory",
        /// It printed too much.
        Output = "output",
        /// The grader itself failed; not the learner's fault.
        GraderFault = "grader_fault",
    }
}

/// The verdict on one submission, stored as the job's result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verdict {
    /// Whether the submission passed, failed, or could not be judged.
    pub outcome: VerdictOutcome,
    /// Fraction of the tests passed, from 0 to 1.
    pub score: f64,
    /// A line for the learner when the outcome needs explaining.
    #[serde(default)]
    pub message: Option<String>,
    /// Per-test results, filtered by the task's settings before a learner sees them.
    #[serde(default)]
    pub tests: Vec<TestResult>,
    /// Set when the learner's module could not be imported.
    #[serde(default)]
    pub import_error: Option<ImportError>,
}

impl Verdict {
    /// A verdict that ran no test, with the reason the learner is told.
    pub(crate) fn without_tests(outcome: VerdictOutcome, message: &str) -> Self {
        Self {
            outcome,
            score: 0.0,
            message: Some(message.to_owned()),
            tests: Vec::new(),
            import_error: None,
        }
    }

    /// The verdict a finished grading run deserves.
    pub fn of(grade: Grade) -> Self {
        match grade {
            Grade::TimeLimit => Self::without_tests(VerdictOutcome::Time, "The tests took too long and were stopped."),
            Grade::OutputLimit => Self::without_tests(VerdictOutcome::Output, "The program printed too much and was stopped."),
            Grade::NoReport { .. } => Self::without_tests(
                VerdictOutcome::Error,
                "The tests could not finish: the program ended the test run.",
            ),
            Grade::Reported(report) if report.tests.is_empty() && report.import_error.is_none() => {
                match report.outcome {
                    RunOutcome::Time => Self::without_tests(VerdictOutcome::Time, "Importing your code took too long."),
                    RunOutcome::Memory => Self::without_tests(VerdictOutcome::Memory, "Importing your code used too much memory."),
                    RunOutcome::Output => Self::without_tests(
                        VerdictOutcome::Output,
                        "Importing your code printed too much and was stopped.",
                    ),
                    RunOutcome::Crash => Self::without_tests(
                        VerdictOutcome::Error,
                        &format!(
                            "The tests could not run: your program crashed while it was being imported ({}).",
                            report.message.as_deref().unwrap_or("it ended")
                        ),
                    ),
                    _ => Self::without_tests(
                        VerdictOutcome::Error,
                        "The tests could not run: your program exited or crashed while it was being imported.",
                    ),
                }
            }
            Grade::Reported(report) => {
                let score = report.score();
                let limit = [
                    (TestStatus::Time, VerdictOutcome::Time),
                    (TestStatus::Memory, VerdictOutcome::Memory),
                    (TestStatus::Output, VerdictOutcome::Output),
                ]
                .into_iter()
                .find(|(status, _)| report.tests.iter().any(|t| t.status == *status));
                let outcome = if report.import_error.is_some() {
                    VerdictOutcome::Error
                } else if score == 1.0 {
                    VerdictOutcome::Passed
                } else if let Some((_, limit)) = limit {
                    limit
                } else if report
                    .tests
                    .iter()
                    .any(|t| matches!(t.status, TestStatus::Error | TestStatus::Crash))
                {
                    VerdictOutcome::Error
                } else {
                    VerdictOutcome::Failed
                };
                Self {
                    outcome,
                    score,
                    message: None,
                    tests: report.tests,
                    import_error: report.import_error,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::harness::Report;

    fn before_any_test(outcome: RunOutcome, message: Option<&str>) -> Verdict {
        Verdict::of(Grade::Reported(Report {
            outcome,
            tests: Vec::new(),
            import_error: None,
            message: message.map(str::to_owned),
        }))
    }

    #[test]
    fn an_output_flood_while_importing_is_an_output_limit() {
        let verdict = before_any_test(RunOutcome::Output, None);
        assert_eq!(verdict.outcome, "output");
        assert!(verdict.message.unwrap().contains("printed too much"));
    }

    #[test]
    fn a_crash_while_importing_says_which_signal() {
        let verdict = before_any_test(RunOutcome::Crash, Some("killed by signal 11 (SIGSEGV)"));
        assert_eq!(verdict.outcome, "error");
        let message = verdict.message.unwrap();
        assert!(
            message.contains("crashed") && message.contains("SIGSEGV"),
            "{message}"
        );
    }
}
