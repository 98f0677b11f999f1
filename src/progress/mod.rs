//! Progress rules, pure: from a learner's stored rows and the catalog to lesson
//! statuses, module and path percentages, soft locks and where to continue.
//!
//! Only ids present in the current catalog count, so removed lessons drop out of the
//! percentages while their rows stay (and count again if the lesson comes back).

use std::collections::HashMap;

use serde::Serialize;

use crate::content::{Catalog, Lesson, Module};
use crate::store::ProgressRow;

/// The cohort matrix: every learner's status on every lesson.
pub mod matrix;

/// Where a learner stands on one lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Never opened.
    New,
    /// Opened, but not yet done.
    Visited,
    /// Every required task in the lesson solved; stored as `completed_at`.
    Done,
}

impl Status {
    /// The word pages, CSVs and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Visited => "visited",
            Status::Done => "done",
        }
    }
}

/// Done and total lessons, with the rounded-down percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Lessons done.
    pub done: usize,
    /// Lessons counted.
    pub total: usize,
    /// `done` as a whole percentage of `total`, rounded down.
    pub percent: usize,
}

impl Counts {
    fn new(done: usize, total: usize) -> Self {
        let percent = (done * 100).checked_div(total).unwrap_or(0);
        Self {
            done,
            total,
            percent,
        }
    }
}

/// One learner's progress, indexed for lookups while a page renders.
#[derive(Debug, Default, Clone)]
pub struct LearnerProgress {
    statuses: HashMap<String, Status>,
}

impl LearnerProgress {
    /// Indexes the rows the store returned.
    pub fn from_rows(rows: impl IntoIterator<Item = ProgressRow>) -> Self {
        let statuses = rows
            .into_iter()
            .map(|row| {
                let status = if row.completed_at.is_some() {
                    Status::Done
                } else {
                    Status::Visited
                };
                (row.lesson_id, status)
            })
            .collect();
        Self { statuses }
    }

    /// The status of one lesson.
    pub fn status(&self, lesson: &Lesson) -> Status {
        self.statuses
            .get(&lesson.id)
            .copied()
            .unwrap_or(Status::New)
    }

    /// Records a visit made while rendering this page.
    pub fn note_visit(&mut self, lesson: &Lesson) {
        self.statuses
            .entry(lesson.id.clone())
            .or_insert(Status::Visited);
    }

    /// Done lessons of one module.
    pub fn module(&self, module: &Module) -> Counts {
        let done = module
            .lessons
            .iter()
            .filter(|l| self.status(l) == Status::Done)
            .count();
        Counts::new(done, module.lessons.len())
    }

    /// Done lessons of the whole path.
    pub fn path(&self, catalog: &Catalog) -> Counts {
        let done = catalog
            .lessons()
            .filter(|(_, l)| self.status(l) == Status::Done)
            .count();
        Counts::new(done, catalog.lesson_count())
    }

    /// True when a prerequisite of `module` is not finished yet (a soft lock: still readable).
    pub fn is_locked(&self, catalog: &Catalog, module: &Module) -> bool {
        module.requires.iter().any(|slug| {
            catalog
                .module(slug)
                .is_some_and(|m| m.lessons.iter().any(|l| self.status(l) != Status::Done))
        })
    }

    /// The first unfinished lesson in path order, preferring modules not locked.
    pub fn continue_to<'a>(&self, catalog: &'a Catalog) -> Option<(&'a Module, &'a Lesson)> {
        let unfinished = |(_, l): &(&Module, &Lesson)| self.status(l) != Status::Done;
        catalog
            .lessons()
            .filter(|(m, _)| !self.is_locked(catalog, m))
            .find(unfinished)
            .or_else(|| catalog.lessons().find(unfinished))
    }
}

/// Marks `lesson` done for `user_id` once every required task in it is solved, and
/// says whether it is done now. The one rule behind answers checked on the server and
/// programs graded by a worker.
pub async fn complete_if_solved(
    store: &crate::store::Store,
    module: &crate::content::Module,
    lesson: &crate::content::Lesson,
    user_id: i64,
    now: i64,
) -> Result<bool, crate::store::StoreError> {
    store
        .complete_if_solved(user_id, &lesson.id, &module.required_task_ids(lesson), now)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Lesson, Module, ModuleParts};
    use std::collections::HashMap as Map;

    fn lesson(module: &str, slug: &str) -> Lesson {
        Lesson {
            id: format!("{module}/{slug}"),
            slug: slug.into(),
            title: slug.into(),
            summary: String::new(),
            estimated_minutes: None,
            objectives: vec![],
            body: vec![],
            toc: vec![],
            url: format!("/learn/{module}/{slug}"),
        }
    }

    fn catalog() -> Catalog {
        let module = |slug: &str, requires: Vec<String>, lessons| {
            Module::new(ModuleParts {
                slug: slug.into(),
                title: slug.to_uppercase(),
                summary: String::new(),
                requires,
                estimated_hours: None,
                lessons,
                tasks: Map::new(),
                assets: Map::new(),
            })
        };
        let a = module("a", vec![], vec![lesson("a", "one"), lesson("a", "two")]);
        let b = module("b", vec!["a".into()], vec![lesson("b", "three")]);
        Catalog::new("Path".into(), String::new(), vec![a, b])
    }

    fn rows(done: &[&str], visited: &[&str]) -> LearnerProgress {
        let mut rows: Vec<_> = done
            .iter()
            .map(|id| ProgressRow {
                lesson_id: id.to_string(),
                completed_at: Some(1),
            })
            .collect();
        rows.extend(visited.iter().map(|id| ProgressRow {
            lesson_id: id.to_string(),
            completed_at: None,
        }));
        LearnerProgress::from_rows(rows)
    }

    #[test]
    fn percentages_count_only_current_lessons() {
        let cat = catalog();
        let p = rows(&["a/one", "gone/lesson"], &["a/two"]);
        assert_eq!(
            p.module(&cat.modules[0]),
            Counts {
                done: 1,
                total: 2,
                percent: 50
            }
        );
        assert_eq!(
            p.path(&cat),
            Counts {
                done: 1,
                total: 3,
                percent: 33
            }
        );
        assert_eq!(p.status(&cat.modules[0].lessons[1]), Status::Visited);
    }

    #[test]
    fn prerequisites_lock_softly_until_done() {
        let cat = catalog();
        assert!(rows(&["a/one"], &[]).is_locked(&cat, &cat.modules[1]));
        assert!(!rows(&["a/one", "a/two"], &[]).is_locked(&cat, &cat.modules[1]));
    }

    #[test]
    fn continue_goes_to_first_unfinished_lesson() {
        let cat = catalog();
        let next = |p: LearnerProgress| p.continue_to(&cat).map(|(_, l)| l.id.clone());
        assert_eq!(next(rows(&[], &[])).as_deref(), Some("a/one"));
        assert_eq!(next(rows(&["a/one"], &[])).as_deref(), Some("a/two"));
        assert_eq!(next(rows(&["a/one", "a/two", "b/three"], &[])), None);
    }
}
