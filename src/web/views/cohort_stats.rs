//! Per-task statistics for a cohort page: who attempted and solved each task, how many
//! attempts solvers needed (the median, which one learner's hundred tries cannot skew),
//! and, for Python exercises, the hidden test that most learners failed: where the
//! cohort is stuck.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::content::Catalog;
use crate::store::CohortTaskStatus;
use crate::tasks::Kind;

/// One row of the task table.
#[derive(Debug, Serialize, PartialEq)]
pub struct TaskStats {
    /// Stable task id `<module>/<name>`.
    pub id: String,
    /// The task's title.
    pub title: String,
    /// Learners who answered at least once.
    pub attempted: usize,
    /// Learners who solved it.
    pub solved: usize,
    /// Attempts by all learners together.
    pub attempts: i64,
    /// Solved among those who attempted, in percent.
    pub solve_rate: u32,
    /// Median attempts to the first correct one, among solvers ("2", "2.5").
    pub median_tries: Option<String>,
    /// The hidden test failed by the most learners, for Python exercises.
    pub most_failed: Option<FailedTest>,
}

/// A test and how many learners failed it at least once.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FailedTest {
    /// `test_file.py::test_name`.
    pub name: String,
    /// Learners who failed it at least once.
    pub learners: usize,
}

/// The statistics of every task in path order. `failed` holds, per graded submission,
/// (learner, task id, failed tests as `file::test` lines).
pub fn task_stats(
    catalog: &Catalog,
    statuses: &[CohortTaskStatus],
    failed: &[(i64, String, String)],
) -> Vec<TaskStats> {
    let mut by_task: HashMap<&str, Vec<&CohortTaskStatus>> = HashMap::new();
    for status in statuses {
        by_task.entry(&status.task_id).or_default().push(status);
    }
    // task -> test -> learners who failed it.
    let mut failures: HashMap<&str, HashMap<&str, HashSet<i64>>> = HashMap::new();
    for (user, task, tests) in failed {
        for test in tests.lines().filter(|t| !t.is_empty()) {
            failures
                .entry(task)
                .or_default()
                .entry(test)
                .or_default()
                .insert(*user);
        }
    }
    let mut stats = Vec::new();
    for (module, lesson) in catalog.lessons() {
        for name in lesson.task_names() {
            let Some(task) = module.tasks.get(name) else {
                continue;
            };
            let rows = by_task.get(task.id.as_str()).map_or(&[][..], Vec::as_slice);
            let solved = rows.iter().filter(|s| s.solved).count();
            let mut tries: Vec<i64> = rows.iter().filter_map(|s| s.tries_to_solve).collect();
            let hidden: HashSet<&str> = match &task.kind {
                Kind::Python(python) => python
                    .tests
                    .iter()
                    .filter(|t| !t.visible)
                    .map(|t| t.name.as_str())
                    .collect(),
                _ => HashSet::new(),
            };
            let most_failed = failures.get(task.id.as_str()).and_then(|tests| {
                tests
                    .iter()
                    .filter(|(test, _)| {
                        test.split_once("::")
                            .is_some_and(|(file, _)| hidden.contains(file))
                    })
                    .map(|(test, learners)| FailedTest {
                        name: (*test).to_owned(),
                        learners: learners.len(),
                    })
                    // Most learners first; ties by name, so the page is stable.
                    .max_by(|a, b| a.learners.cmp(&b.learners).then(b.name.cmp(&a.name)))
            });
            stats.push(TaskStats {
                id: task.id.clone(),
                title: task.title.clone(),
                attempted: rows.len(),
                solved,
                attempts: rows.iter().map(|s| s.attempts).sum(),
                solve_rate: if rows.is_empty() {
                    0
                } else {
                    (solved * 100 / rows.len()) as u32
                },
                median_tries: median(&mut tries),
                most_failed,
            });
        }
    }
    stats
}

/// The median of whole numbers, written without a needless ".0".
fn median(values: &mut [i64]) -> Option<String> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid].to_string()
    } else {
        let sum = values[mid - 1] + values[mid];
        if sum % 2 == 0 {
            (sum / 2).to_string()
        } else {
            format!("{}.5", sum / 2)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Catalog {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tasks");
        crate::content::load(&dir).0.expect("fixture catalog loads")
    }

    fn status(user: i64, task: &str, attempts: i64, tries: Option<i64>) -> CohortTaskStatus {
        CohortTaskStatus {
            user_id: user,
            task_id: task.to_owned(),
            attempts,
            solved: tries.is_some(),
            tries_to_solve: tries,
        }
    }

    fn row<'a>(stats: &'a [TaskStats], id: &str) -> &'a TaskStats {
        stats.iter().find(|s| s.id == id).expect("task row")
    }

    const TASK: &str = "coding/add-numbers";

    #[test]
    fn the_most_failed_hidden_test_counts_learners_and_ignores_visible_tests() {
        let statuses = [
            status(1, TASK, 5, Some(3)),
            status(2, TASK, 1, Some(1)),
            status(3, TASK, 4, None),
        ];
        let fail = |user: i64, tests: &str| (user, TASK.to_owned(), tests.to_owned());
        let failed = [
            // One learner failing a test many times is one learner.
            fail(1, "test_hidden.py::test_negative_numbers"),
            fail(1, "test_hidden.py::test_negative_numbers"),
            fail(
                1,
                "test_hidden.py::test_negative_numbers\ntest_examples.py::test_small_numbers",
            ),
            fail(
                2,
                "test_hidden.py::test_large_numbers\ntest_examples.py::test_small_numbers",
            ),
            fail(
                3,
                "test_hidden.py::test_large_numbers\ntest_examples.py::test_small_numbers",
            ),
        ];
        let stats = task_stats(&fixture(), &statuses, &failed);
        let add = row(&stats, TASK);
        assert_eq!((add.attempted, add.solved, add.attempts), (3, 2, 10));
        assert_eq!(add.solve_rate, 66);
        assert_eq!(add.median_tries.as_deref(), Some("2"));
        assert_eq!(
            add.most_failed,
            Some(FailedTest {
                name: "test_hidden.py::test_large_numbers".into(),
                learners: 2,
            }),
            "the visible test failed by all three is not a hidden test"
        );
    }

    #[test]
    fn ties_go_to_the_first_test_by_name_and_untouched_tasks_are_empty() {
        let failed = [
            (
                1,
                TASK.to_owned(),
                "test_hidden.py::test_negative_numbers".to_owned(),
            ),
            (
                2,
                TASK.to_owned(),
                "test_hidden.py::test_large_numbers".to_owned(),
            ),
        ];
        let stats = task_stats(&fixture(), &[], &failed);
        let add = row(&stats, TASK);
        assert_eq!(
            add.most_failed.as_ref().map(|t| t.name.as_str()),
            Some("test_hidden.py::test_large_numbers")
        );
        let other = row(&stats, "practice/name-it");
        assert_eq!((other.attempted, other.solve_rate), (0, 0));
        assert_eq!(
            (other.median_tries.clone(), other.most_failed.is_none()),
            (None, true)
        );
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some("7".into()));
        assert_eq!(median(&mut [9, 1, 3]), Some("3".into()));
        assert_eq!(median(&mut [1, 2, 3, 4]), Some("2.5".into()));
        assert_eq!(median(&mut [2, 4, 1, 100]), Some("3".into()));
    }
}
