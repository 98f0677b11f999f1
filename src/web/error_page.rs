//! Every 4xx and 5xx response that is not already a page, wrapped in the site layout
//! (or in JSON for clients that ask for it): ours, actix's own 404 for unknown routes
//! and 400s from malformed requests alike.
use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpMessage};
use serde::Serialize;

use crate::web::error::{default_message, default_title, wants_json, ErrorMessage};
use crate::web::respond::Base;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

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
