//! The one access check for a cohort's pages, exports and trail: [`taught`] refuses
//! (403) a cohort the instructor does not teach, so no route can show another cohort's
//! learners.

use crate::progress::matrix::Matrix;
use crate::store::CohortRow;
use crate::web::error::AppError;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// The cohort `id` if this teacher teaches it (admins teach every cohort), else 403.
pub async fn taught(state: &AppState, teacher: &Teacher, id: i64) -> Result<CohortRow, AppError> {
    state
        .store
        .cohort_taught(id, teacher.session().user_id, teacher.is_admin())
        .await?
        .ok_or(AppError::Forbidden(
            "You do not teach this cohort, or it does not exist.",
        ))
}

/// A cohort's learners and their lesson progress, for the page and the CSV.
pub async fn load_matrix(state: &AppState, cohort: i64) -> Result<Matrix, AppError> {
    Ok(Matrix::new(
        state.store.cohort_learners(cohort).await?,
        state.store.cohort_progress(cohort).await?,
    ))
}
