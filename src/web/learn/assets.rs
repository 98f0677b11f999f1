//! `GET /static/{file}`: the stylesheet, scripts and images, from the index built at
//! start.

use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::web::error::AppError;
use crate::web::respond::serve_file;
use crate::web::state::AppState;
use crate::web::static_files::STATIC_CACHE;

/// `GET /static/{file}` (and `HEAD`; another method on a file that exists is 405).
pub async fn serve_static(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let key = req
        .match_info()
        .unprocessed()
        .trim_start_matches('/')
        .split('/')
        .map(crate::web::respond::percent_decode)
        .collect::<Option<Vec<_>>>()
        .ok_or(AppError::NotFound)?
        .join("/");
    let path = state.statics.files.get(&key).ok_or(AppError::NotFound)?;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(AppError::MethodNotAllowed("GET, HEAD".to_owned()));
    }
    serve_file(&req, path, STATIC_CACHE).await
}
