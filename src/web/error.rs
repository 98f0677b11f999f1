//! Error policy for the web layer.
//!
//! Handlers return [`AppError`]. Its `ResponseError` picks the status and a message
//! written for the reader; an internal error's cause goes to the log only, never to the
//! client. [`render_error_page`] then wraps every 4xx/5xx response that is not already a
//! page (ours, actix's own 404 for unknown routes, 400s from malformed forms) in the
//! site layout, or in JSON for clients that ask for it.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use serde::Serialize;

use super::identity::Viewer;
use super::render::Base;
use super::AppState;
use crate::store::StoreError;

/// Every way a request can fail.
#[derive(thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The address exists but takes other methods: these, for the `Allow` header.
    #[error("method not allowed (allowed: {0})")]
    MethodNotAllowed(String),
    #[error("too many requests, retry after {retry_after}s")]
    TooManyRequests { retry_after: i64 },
    #[error("unavailable: {0}")]
    Unavailable(String),
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
/// extensions for [`render_error_page`].
#[derive(Debug, Clone)]
pub struct ErrorMessage {
    pub title: &'static str,
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

fn default_title(status: StatusCode) -> &'static str {
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

fn default_message(status: StatusCode) -> &'static str {
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

#[derive(Serialize)]
struct ErrorPage<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    error: &'a str,
    message: &'a str,
}

/// Replaces a bare error response with the error page (or JSON), keeping its status and
/// headers such as `Retry-After` and `Allow`.
pub fn render_error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    // A handler that already wrote a page or JSON meant it; only bare errors are dressed.
    if is_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (title, message) = match res.response().extensions().get::<ErrorMessage>() {
        Some(m) => (m.title, m.message.clone()),
        None => (default_title(status), default_message(status).to_owned()),
    };
    let wants_json = wants_json(res.request());
    let (body, content_type) = if wants_json {
        let json = serde_json::to_string(&ErrorJson {
            error: title,
            message: &message,
        })
        .unwrap_or_else(|_| "{}".into());
        (json, "application/json")
    } else {
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            message: &message,
        };
        match res.request().app_data::<web::Data<AppState>>() {
            Some(state) => {
                let viewer = res
                    .request()
                    .extensions()
                    .get::<Viewer>()
                    .cloned()
                    .unwrap_or_default();
                let csrf = viewer.signed_in().map_or("", |s| s.csrf.as_str());
                let base = Base::new(state, res.request(), &viewer, csrf);
                match state.templates.get().render("error.html", &base, &page) {
                    Ok(html) => (html, "text/html; charset=utf-8"),
                    Err(err) => {
                        tracing::error!(error = ?err, "cannot render the error page");
                        (message.clone(), "text/plain; charset=utf-8")
                    }
                }
            }
            None => (message.clone(), "text/plain; charset=utf-8"),
        }
    };
    let (req, res) = res.into_parts();
    let mut res = res.set_body(BoxBody::new(body));
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut().remove(header::CONTENT_LENGTH);
    let res = ServiceResponse::new(req, res).map_into_right_body::<B>();
    Ok(ErrorHandlerResponse::Response(res))
}
