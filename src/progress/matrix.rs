//! A cohort's progress as a matrix of learners by lessons, for the instructor's page and
//! the progress CSV: a domain function over the store's rows, so both read it the same.

use std::collections::HashMap;

use serde::Serialize;

use super::Status;
use crate::content::Catalog;
use crate::store::MemberRow;

/// Learners and their lesson progress.
pub struct Matrix {
    learners: Vec<MemberRow>,
    /// (learner, lesson id) to completed, for the lessons each learner opened: looked up
    /// once per cell, so a cohort of hundreds stays one pass over the rows.
    progress: HashMap<(i64, String), bool>,
}

/// One learner's row.
#[derive(Debug, Serialize)]
pub struct LearnerRow {
    /// The learner's account.
    pub user_id: i64,
    /// Their username.
    pub username: String,
    /// Lessons done.
    pub done: usize,
    /// Tasks solved.
    pub solved: usize,
    /// Per lesson of the catalog, in order.
    pub statuses: Vec<Status>,
}

impl Matrix {
    /// The matrix of `learners` (in the order given) over `progress` rows of
    /// (learner, lesson id, completed).
    pub fn new(learners: Vec<MemberRow>, progress: Vec<(i64, String, bool)>) -> Self {
        Self {
            learners,
            progress: progress
                .into_iter()
                .map(|(user, lesson, done)| ((user, lesson), done))
                .collect(),
        }
    }

    fn status(&self, user: i64, lesson: &str) -> Status {
        match self.progress.get(&(user, lesson.to_owned())) {
            Some(true) => Status::Done,
            Some(false) => Status::Visited,
            None => Status::New,
        }
    }

    /// One row per learner over the catalog's lessons, with their tasks solved.
    pub fn rows(&self, catalog: &Catalog, solved: &HashMap<i64, usize>) -> Vec<LearnerRow> {
        self.learners
            .iter()
            .map(|learner| {
                let statuses: Vec<Status> = catalog
                    .lessons()
                    .map(|(_, l)| self.status(learner.user_id, &l.id))
                    .collect();
                LearnerRow {
                    user_id: learner.user_id,
                    solved: solved.get(&learner.user_id).copied().unwrap_or(0),
                    username: learner.username.clone(),
                    done: statuses.iter().filter(|s| **s == Status::Done).count(),
                    statuses,
                }
            })
            .collect()
    }
}
