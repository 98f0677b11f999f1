//! Cohorts, their members and invite codes.
//!
//! Redeeming an invite checks expiry and remaining uses and takes a use in one
//! statement, then adds the membership in the same transaction, so an invite with one
//! use left admits exactly one learner however many try at once.

use sqlx::{Any, Row, Transaction};

use super::users::insert_user;
use super::{NewUser, Store, StoreResult};

/// A cohort with its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    /// Database id, used in cohort URLs.
    pub id: i64,
    /// Chosen by the instructor; shown to members.
    pub name: String,
    /// Members who are learners, for the cohort list.
    pub learners: i64,
}

/// One member of a cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// The member's account.
    pub user_id: i64,
    /// Shown in the member list and the progress matrix.
    pub username: String,
}

/// An invite code and how much of it is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRow {
    /// What learners type or follow to join.
    pub code: String,
    /// Unix seconds after which the code no longer works.
    pub expires_at: i64,
    /// Joins the code allows in all.
    pub max_uses: i64,
    /// Joins so far.
    pub uses: i64,
}

/// What became of an invite code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// Joined the cohort with this name.
    Joined(String),
    /// Already in the cohort with this name; nothing changed.
    AlreadyMember(String),
    /// No such code.
    Unknown,
    /// The code is past its expiry.
    Expired,
    /// The code has been used as often as it allows.
    UsedUp,
}

/// One learner's standing on one task, for the cohort page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortTaskStatus {
    /// The learner.
    pub user_id: i64,
    /// Stable task id `<module>/<name>`.
    pub task_id: String,
    /// Every attempt, before and after solving.
    pub attempts: i64,
    /// Whether any attempt was correct.
    pub solved: bool,
    /// Attempts up to and including the first correct one, when solved.
    pub tries_to_solve: Option<i64>,
}

/// One stored attempt, for exports.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptExport {
    /// Who answered; exports name learners, not ids.
    pub username: String,
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
    /// Unix seconds when the answer was stored.
    pub created_at: i64,
}

const COHORT_COLUMNS: &str = "c.id, c.name,
    (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id AND m.role = 'learner') AS learners";

fn cohort_row(row: &sqlx::any::AnyRow) -> StoreResult<CohortRow> {
    Ok(CohortRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        learners: row.try_get("learners")?,
    })
}

impl Store {
    /// Creates a cohort taught by `instructor`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_cohort(&self, name: &str, instructor: i64, now: i64) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 =
            sqlx::query("INSERT INTO cohorts (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
        sqlx::query(
            "INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES ($1, $2, 'instructor', $3)",
        )
        .bind(id)
        .bind(instructor)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The cohorts `user_id` teaches, or every cohort for an admin.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohorts_for(&self, user_id: i64, all: bool) -> StoreResult<Vec<CohortRow>> {
        let sql = format!(
            "SELECT {COHORT_COLUMNS} FROM cohorts c
             WHERE $2 = 1 OR EXISTS (SELECT 1 FROM cohort_members m
                 WHERE m.cohort_id = c.id AND m.user_id = $1 AND m.role = 'instructor')
             ORDER BY c.id"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .bind(i64::from(all))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(cohort_row).collect()
    }

    /// The cohort, if `user_id` teaches it (or `all`, for admins).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_taught(
        &self,
        cohort_id: i64,
        user_id: i64,
        all: bool,
    ) -> StoreResult<Option<CohortRow>> {
        let sql = format!(
            "SELECT {COHORT_COLUMNS} FROM cohorts c
             WHERE c.id = $3 AND ($2 = 1 OR EXISTS (SELECT 1 FROM cohort_members m
                 WHERE m.cohort_id = c.id AND m.user_id = $1 AND m.role = 'instructor'))"
        );
        let row = sqlx::query(&sql)
            .bind(user_id)
            .bind(i64::from(all))
            .bind(cohort_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(cohort_row).transpose()
    }

    /// The cohort's learners, by name.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_learners(&self, cohort_id: i64) -> StoreResult<Vec<MemberRow>> {
        let rows = sqlx::query(
            "SELECT u.id, u.username FROM cohort_members m JOIN users u ON u.id = m.user_id
             WHERE m.cohort_id = $1 AND m.role = 'learner' ORDER BY u.username_key",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MemberRow {
                    user_id: row.try_get("id")?,
                    username: row.try_get("username")?,
                })
            })
            .collect()
    }

    /// Adds an invite code to a cohort.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_invite(
        &self,
        cohort_id: i64,
        code: &str,
        expires_at: i64,
        max_uses: i64,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invites (code, cohort_id, expires_at, max_uses, uses, created_at)
             VALUES ($1, $2, $3, $4, 0, $5)",
        )
        .bind(code)
        .bind(cohort_id)
        .bind(expires_at)
        .bind(max_uses)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// A cohort's invite codes, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn invites(&self, cohort_id: i64) -> StoreResult<Vec<InviteRow>> {
        let rows = sqlx::query(
            "SELECT code, expires_at, max_uses, uses FROM invites WHERE cohort_id = $1 ORDER BY created_at DESC, code",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(InviteRow {
                    code: row.try_get("code")?,
                    expires_at: row.try_get("expires_at")?,
                    max_uses: row.try_get("max_uses")?,
                    uses: row.try_get("uses")?,
                })
            })
            .collect()
    }

    /// Redeems an invite code for `user_id`: joins the cohort and counts a use, unless
    /// the code is unknown, expired or used up (nothing changes then).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn redeem_invite(&self, code: &str, user_id: i64, now: i64) -> StoreResult<Redeemed> {
        let mut tx = self.writer.begin().await?;
        let redeemed = redeem_in(&mut tx, code, user_id, now).await?;
        if matches!(redeemed, Redeemed::Joined(_)) {
            tx.commit().await?;
        }
        Ok(redeemed)
    }

    /// Why `code` would admit no one now (unknown, expired, used up), read without
    /// taking a use: a cheap check before work such as hashing a password. The use is
    /// taken later in a transaction, which checks again.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn invite_refusal(&self, code: &str, now: i64) -> StoreResult<Option<Redeemed>> {
        let row = sqlx::query("SELECT expires_at, max_uses, uses FROM invites WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(Some(Redeemed::Unknown));
        };
        if row.try_get::<i64, _>("expires_at")? <= now {
            return Ok(Some(Redeemed::Expired));
        }
        if row.try_get::<i64, _>("uses")? >= row.try_get::<i64, _>("max_uses")? {
            return Ok(Some(Redeemed::UsedUp));
        }
        Ok(None)
    }

    /// Creates an account and joins it to the invite's cohort in one transaction: when
    /// the code is unknown, expired or used up, no account exists afterwards. Returns the
    /// new user's id with [`Redeemed::Joined`], or no id with the refusal;
    /// `StoreError::Conflict` when the username is taken.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_user_with_invite(
        &self,
        user: &NewUser<'_>,
        code: &str,
        now: i64,
    ) -> StoreResult<(Option<i64>, Redeemed)> {
        let mut tx = self.writer.begin().await?;
        let user_id = insert_user(&mut *tx, user, now).await?;
        let redeemed = redeem_in(&mut tx, code, user_id, now).await?;
        if !matches!(redeemed, Redeemed::Joined(_)) {
            tx.rollback().await?;
            return Ok((None, redeemed));
        }
        tx.commit().await?;
        Ok((Some(user_id), redeemed))
    }

    /// Lesson progress of every learner in a cohort: (user id, lesson id, completed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_progress(&self, cohort_id: i64) -> StoreResult<Vec<(i64, String, bool)>> {
        let rows = sqlx::query(
            "SELECT p.user_id, p.lesson_id, p.completed_at FROM lesson_progress p
             JOIN cohort_members m ON m.user_id = p.user_id AND m.cohort_id = $1 AND m.role = 'learner'",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let completed: Option<i64> = row.try_get("completed_at")?;
                Ok((
                    row.try_get("user_id")?,
                    row.try_get("lesson_id")?,
                    completed.is_some(),
                ))
            })
            .collect()
    }

    /// Task standings of every learner in a cohort, with how many attempts each solver
    /// needed (counted up to their first correct attempt, whatever came after).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_task_statuses(&self, cohort_id: i64) -> StoreResult<Vec<CohortTaskStatus>> {
        let rows = sqlx::query(
            "SELECT s.user_id, s.task_id, s.attempts, s.solved_at,
                    CASE WHEN s.solved_at IS NULL THEN NULL ELSE
                      (SELECT COUNT(*) FROM attempts a
                       WHERE a.user_id = s.user_id AND a.task_id = s.task_id
                         AND a.id <= (SELECT MIN(c.id) FROM attempts c
                                      WHERE c.user_id = s.user_id AND c.task_id = s.task_id
                                        AND c.correct = 1))
                    END AS tries
             FROM task_status s
             JOIN cohort_members m ON m.user_id = s.user_id AND m.cohort_id = $1 AND m.role = 'learner'",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(CohortTaskStatus {
                    user_id: row.try_get("user_id")?,
                    task_id: row.try_get("task_id")?,
                    attempts: row.try_get("attempts")?,
                    solved: row.try_get::<Option<i64>, _>("solved_at")?.is_some(),
                    tries_to_solve: row.try_get("tries")?,
                })
            })
            .collect()
    }

    /// The tests each graded submission by the cohort's learners failed:
    /// (user id, task id, `file::test` per line).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_failed_tests(
        &self,
        cohort_id: i64,
    ) -> StoreResult<Vec<(i64, String, String)>> {
        let rows = sqlx::query(
            "SELECT j.user_id, j.task_id, j.failed_tests FROM grading_jobs j
             JOIN cohort_members m ON m.user_id = j.user_id AND m.cohort_id = $1 AND m.role = 'learner'
             WHERE j.state = 'done' AND j.try_run = 0
               AND j.failed_tests IS NOT NULL AND j.failed_tests <> ''",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("user_id")?,
                    row.try_get("task_id")?,
                    row.try_get("failed_tests")?,
                ))
            })
            .collect()
    }

    /// The cohort's learner with this id, if they are one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_learner(
        &self,
        cohort_id: i64,
        user_id: i64,
    ) -> StoreResult<Option<MemberRow>> {
        let row = sqlx::query(
            "SELECT u.id, u.username FROM cohort_members m JOIN users u ON u.id = m.user_id
             WHERE m.cohort_id = $1 AND m.user_id = $2 AND m.role = 'learner'",
        )
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(MemberRow {
                user_id: row.try_get("id")?,
                username: row.try_get("username")?,
            })
        })
        .transpose()
    }

    /// The names of the cohorts a user belongs to, oldest first (their dashboard, their
    /// data download).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_names(&self, user_id: i64) -> StoreResult<Vec<String>> {
        sqlx::query(
            "SELECT c.name FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1 ORDER BY c.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok(row.try_get("name")?))
        .collect()
    }

    /// Every attempt by the cohort's learners, oldest first, for the CSV export.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cohort_attempts(&self, cohort_id: i64) -> StoreResult<Vec<AttemptExport>> {
        let rows = sqlx::query(
            "SELECT u.username, a.task_id, a.answer, a.correct, a.score, a.points, a.created_at
             FROM attempts a
             JOIN cohort_members m ON m.user_id = a.user_id AND m.cohort_id = $1 AND m.role = 'learner'
             JOIN users u ON u.id = a.user_id
             ORDER BY a.id",
        )
        .bind(cohort_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AttemptExport {
                    username: row.try_get("username")?,
                    task_id: row.try_get("task_id")?,
                    answer: row.try_get("answer")?,
                    correct: row.try_get::<i64, _>("correct")? != 0,
                    score: row.try_get("score")?,
                    points: row.try_get("points")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}

/// Joins `user_id` to the cohort of `code` inside `tx` and counts a use, or says why not.
/// The caller commits only on [`Redeemed::Joined`].
async fn redeem_in(
    tx: &mut Transaction<'_, Any>,
    code: &str,
    user_id: i64,
    now: i64,
) -> StoreResult<Redeemed> {
    let invite = sqlx::query(
            "SELECT i.cohort_id, i.expires_at, i.max_uses, i.uses, c.name,
                    (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = i.cohort_id AND m.user_id = $2) AS member
             FROM invites i JOIN cohorts c ON c.id = i.cohort_id WHERE i.code = $1",
        )
        .bind(code)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(invite) = invite else {
        return Ok(Redeemed::Unknown);
    };
    let name: String = invite.try_get("name")?;
    let cohort_id: i64 = invite.try_get("cohort_id")?;
    if invite.try_get::<i64, _>("member")? > 0 {
        return Ok(Redeemed::AlreadyMember(name));
    }
    if invite.try_get::<i64, _>("expires_at")? <= now {
        return Ok(Redeemed::Expired);
    }
    let taken = sqlx::query(
            "UPDATE invites SET uses = uses + 1 WHERE code = $1 AND uses < max_uses AND expires_at > $2",
        )
        .bind(code)
        .bind(now)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if taken != 1 {
        return Ok(Redeemed::UsedUp);
    }
    sqlx::query(
            "INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES ($1, $2, 'learner', $3)",
        )
        .bind(cohort_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(Redeemed::Joined(name))
}
