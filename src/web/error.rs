//! Error policy for the web layer.
//!
//! Handlers return [`AppError`]. Its `ResponseError` picks the status and a message
//! written for the reader; an internal error's cause goes to the log only, never to the
//! client. [`super::error_page::render_error_page`] then wraps every 4xx/5xx response that is not already a
//! page (ours, actix's own 404 for unknown routes, 400s from malformed forms) in the
//! site layout, or in JSON for clients that ask for it.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::store::StoreError;

/// Every way a request can fail.
#[derive(thiserror::Error)]
pub enum AppError {
    /// No such page, or one the viewer may not know exists: 404.
    #[error("not found")]
    NotFound,
    /// Signed in but not allowed; the text says why, for the reader: 403.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A malformed request; the text is shown to the reader: 400.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The address exists but takes other methods: these, for the `Allow` header.
    #[error("method not allowed (allowed: {0})")]
    MethodNotAllowed(String),
    /// Over a rate limit: 429 with `Retry-After` of this many seconds.
    #[error("too many requests, retry after {retry_after}s")]
    TooManyRequests {
        /// Seconds until the window lets the next request through.
        retry_after: i64,
    },
    /// A feature that is off on this server, such as grading: 503.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything unexpected: a bare 500, the cause only in the log.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl std::fmt::Debug for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            writeln!(f, "  caused by: {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        AppError::Internal(err.into())
    }
}

impl From<tera::Error> for AppError {
    fn from(err: tera::Error) -> Self {
        AppError::Internal(err.into())
    }
}

/// The reader-facing title and message of an error response, kept in the response's
/// extensions for [`super::error_page::render_error_page`].
#[derive(Debug, Clone)]
pub struct ErrorMessage {
    /// The error page's heading.
    pub title: &'static str,
    /// What happened and what the reader can do, safe to show.
    pub message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let message = match self {
            AppError::Forbidden(why) => (*why).to_owned(),
            AppError::BadRequest(why) | AppError::Unavailable(why) => why.clone(),
            AppError::TooManyRequests { retry_after } => {
                format!("Too many attempts. Try again in {retry_after} seconds.")
            }
            AppError::Internal(_) => {
                tracing::error!(error = ?self, "request failed");
                default_message(StatusCode::INTERNAL_SERVER_ERROR).to_owned()
            }
            AppError::NotFound | AppError::MethodNotAllowed(_) => {
                default_message(self.status_code()).to_owned()
            }
        };
        let mut response = HttpResponse::build(self.status_code());
        match self {
            AppError::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            AppError::MethodNotAllowed(allow) => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        let mut response = response
            .content_type("text/plain; charset=utf-8")
            .body(message.clone());
        response.extensions_mut().insert(ErrorMessage {
            title: default_title(self.status_code()),
            message,
        });
        response
    }
}

/// The heading of an error page for `status`.
pub fn default_title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::TOO_MANY_REQUESTS => "Slow down",
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "Too large",
        StatusCode::SERVICE_UNAVAILABLE => "Unavailable",
        s if s.is_server_error() => "Something went wrong",
        _ => "Bad request",
    }
}

/// The explanation an error page gives for `status` when the handler gave none.
pub fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "There is no page at this address. It may have moved, or the link may be mistyped.",
        StatusCode::FORBIDDEN => "This request was refused. If you were submitting a form, reload the page and try again.",
        StatusCode::METHOD_NOT_ALLOWED => "This address does not accept that kind of request.",
        StatusCode::PAYLOAD_TOO_LARGE => "What you sent is larger than this page accepts.",
        s if s.is_server_error() => "The server could not complete this request. It has been logged; please try again shortly.",
        _ => "The request could not be understood. Check what you entered and try again.",
    }
}

/// Whether the client asked for JSON rather than a page (scripts and API clients do).
pub fn wants_json(req: &actix_web::HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/html"))
}
