//! Everything the database holds about one learner, for their own download.

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreResult};

/// A learner's data: account, progress, attempts, submissions, drafts and cohorts.
#[derive(Debug, Serialize)]
pub struct LearnerData {
    /// Who the learner is.
    pub account: AccountData,
    /// Every lesson opened, with when it was done.
    pub lessons: Vec<LessonData>,
    /// Every answer to a checked task.
    pub attempts: Vec<AttemptData>,
    /// Every program sent to the grader, with its verdict.
    pub submissions: Vec<SubmissionData>,
    /// Unsubmitted code, by task.
    pub drafts: Vec<DraftData>,
    /// Names of the cohorts the learner belongs to.
    pub cohorts: Vec<String>,
}

/// The account, without its password hash or sessions.
#[derive(Debug, Serialize)]
pub struct AccountData {
    pub username: String,
    pub email: Option<String>,
    pub role: String,
    pub created_at: i64,
}

/// One lesson's progress.
#[derive(Debug, Serialize)]
pub struct LessonData {
    pub lesson_id: String,
    pub first_visited_at: i64,
    pub completed_at: Option<i64>,
}

/// One attempt at a task.
#[derive(Debug, Serialize)]
pub struct AttemptData {
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// The answer as submitted.
    pub answer: String,
    /// Whether the checker accepted it.
    pub correct: bool,
    /// The checker's score, 0.0 to 1.0.
    pub score: f64,
    /// Points earned; `None` for attempts stored before points were recorded.
    pub points: Option<f64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// One unsubmitted draft.
#[derive(Debug, Serialize)]
pub struct DraftData {
    pub task_id: String,
    pub code: String,
    pub updated_at: i64,
}

/// One Python submission and its result.
#[derive(Debug, Serialize)]
pub struct SubmissionData {
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// The submitted code.
    pub code: String,
    /// `pending`, `running` or `done`.
    pub state: String,
    /// The verdict as stored, once done.
    pub result: Option<serde_json::Value>,
    /// Unix seconds.
    pub created_at: i64,
    /// A "try it" run against the visible tests, not a submission: in the learner's
    /// download, never in a trail.
    pub try_run: bool,
}

impl Store {
    /// Everything stored about `user_id`, or `None` if there is no such user.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn learner_data(&self, user_id: i64) -> StoreResult<Option<LearnerData>> {
        let Some(user) =
            sqlx::query("SELECT username, email, role, created_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let account = AccountData {
            username: user.try_get("username")?,
            email: user.try_get("email")?,
            role: user.try_get("role")?,
            created_at: user.try_get("created_at")?,
        };
        let lessons = sqlx::query(
            "SELECT lesson_id, first_visited_at, completed_at FROM lesson_progress WHERE user_id = $1 ORDER BY lesson_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(LessonData {
                lesson_id: row.try_get("lesson_id")?,
                first_visited_at: row.try_get("first_visited_at")?,
                completed_at: row.try_get("completed_at")?,
            })
        })
        .collect::<StoreResult<_>>()?;
        let attempts = sqlx::query(
            "SELECT task_id, answer, correct, score, points, created_at FROM attempts WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(AttemptData {
                task_id: row.try_get("task_id")?,
                answer: row.try_get("answer")?,
                correct: row.try_get::<i64, _>("correct")? != 0,
                score: row.try_get("score")?,
                points: row.try_get("points")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<StoreResult<_>>()?;
        let submissions = sqlx::query(
            "SELECT task_id, code, state, result, created_at, try_run FROM grading_jobs WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let result: Option<String> = row.try_get("result")?;
            Ok(SubmissionData {
                task_id: row.try_get("task_id")?,
                code: row.try_get("code")?,
                state: row.try_get("state")?,
                result: result.and_then(|r| serde_json::from_str(&r).ok()),
                created_at: row.try_get("created_at")?,
                try_run: row.try_get::<i64, _>("try_run")? != 0,
            })
        })
        .collect::<StoreResult<_>>()?;
        let drafts = sqlx::query(
            "SELECT task_id, code, updated_at FROM drafts WHERE user_id = $1 ORDER BY task_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(DraftData {
                task_id: row.try_get("task_id")?,
                code: row.try_get("code")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect::<StoreResult<_>>()?;
        let cohorts = self.cohort_names(user_id).await?;
        Ok(Some(LearnerData {
            account,
            lessons,
            attempts,
            submissions,
            drafts,
            cohorts,
        }))
    }
}
