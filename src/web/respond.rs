//! Building responses every handler shares: the page context ([`Base`]), rendering a
//! page, the anonymous page cache, redirects to sign in, percent-coding and streaming a
//! file.

use std::path::Path;

use actix_files::NamedFile;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::content::Catalog;
use crate::web::error::AppError;
use crate::web::state::AppState;
use crate::web::templates::Theme;
use crate::web::viewer::Viewer;

/// The signed-in user as templates see it.
#[derive(Serialize)]
pub struct UserView<'a> {
    /// Shown in the header.
    pub username: &'a str,
    /// `learner`, `instructor` or `admin`: decides which menu links show.
    pub role: &'a str,
}

/// Context every template receives.
#[derive(Serialize)]
pub struct Base<'a> {
    /// Page titles and the header.
    pub site_name: &'a str,
    /// The learning path's title, for the header.
    pub path_title: String,
    /// Logo, accent colour and footer.
    pub theme: &'a Theme,
    /// `None` for anonymous readers.
    pub user: Option<UserView<'a>>,
    /// Put in every form; empty for anonymous readers.
    pub csrf: &'a str,
    /// The current path, to mark the active link and return after sign-in.
    pub request_path: &'a str,
    /// Why the last `--watch` reload failed; only instructors and admins see it.
    pub reload_problem: Option<String>,
}

impl<'a> Base<'a> {
    /// The context for a page seen by `viewer`, with its CSRF token.
    pub fn new(
        state: &'a AppState,
        req: &'a HttpRequest,
        viewer: &'a Viewer,
        csrf: &'a str,
    ) -> Self {
        let staff = viewer.is_staff();
        Self {
            site_name: &state.site.name,
            path_title: state.catalog.get().title.clone(),
            theme: &state.theme,
            reload_problem: if staff {
                state.reload_problem.read().ok().and_then(|p| p.clone())
            } else {
                None
            },
            user: viewer.signed_in().map(|s| UserView {
                username: &s.username,
                role: s.role.as_str(),
            }),
            csrf,
            request_path: req.path(),
        }
    }
}

/// A 200 HTML response.
pub fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// Renders a page for a signed-in or anonymous viewer in one call.
pub fn page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    name: &str,
    page: &impl Serialize,
) -> Result<HttpResponse, AppError> {
    let csrf = viewer.signed_in().map_or("", |s| s.csrf.as_str());
    let base = Base::new(state, req, viewer, csrf);
    Ok(html(state.templates.get().render(name, &base, page)?))
}

/// The page an anonymous reader would get for this URL, if it was rendered before.
pub fn cached_page(state: &AppState, req: &HttpRequest, viewer: &Viewer) -> Option<HttpResponse> {
    if viewer.signed_in().is_some() {
        return None;
    }
    state.pages.get(req.path()).map(html_bytes)
}

/// Like [`page`], and keeps an anonymous reader's page for the next one, unless
/// `--watch` replaced the `catalog` it was built from, or the templates, meanwhile.
pub fn reading_page(
    state: &AppState,
    req: &HttpRequest,
    viewer: &Viewer,
    catalog: &Catalog,
    name: &str,
    page: &impl Serialize,
) -> Result<HttpResponse, AppError> {
    if viewer.signed_in().is_some() {
        return self::page(state, req, viewer, name, page);
    }
    let base = Base::new(state, req, viewer, "");
    let templates = state.templates.get();
    let body = Bytes::from(templates.render(name, &base, page)?);
    // Both are still the current versions: a reload swaps them before it clears the
    // cache, and this check runs under the cache's lock, so a page from an old version
    // is either refused here or removed by that clear.
    state.pages.insert(req.path(), body.clone(), || {
        std::ptr::eq(catalog, &*state.catalog.get())
            && std::sync::Arc::ptr_eq(&templates, &state.templates.get())
    });
    Ok(html_bytes(body))
}

fn html_bytes(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// A 303 to the sign-in page that comes back to `req`'s path afterwards.
pub fn sign_in_redirect(req: &HttpRequest) -> HttpResponse {
    let next = percent_encode(req.path());
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/login?next={next}")))
        .finish()
}

/// Percent-encodes everything but unreserved characters and `/`, for URLs built here.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes in one path segment; `None` if the result is not UTF-8.
pub fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Streams one indexed file with caching headers.
pub async fn serve_file(
    req: &HttpRequest,
    path: &Path,
    max_age: u32,
) -> Result<HttpResponse, AppError> {
    let file = NamedFile::open_async(path).await.map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            AppError::NotFound
        } else {
            AppError::Internal(
                anyhow::Error::new(err).context(format!("cannot open {}", path.display())),
            )
        }
    })?;
    let mut response = file
        .use_etag(true)
        .use_last_modified(true)
        .into_response(req);
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(max_age),
        ])
        .to_string()
        .parse()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cache header: {e}")))?,
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%2e%2e%2f").as_deref(), Some("../"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn next_parameter_is_percent_encoded() {
        assert_eq!(
            percent_encode("/learn/a b?x=1&y"),
            "/learn/a%20b%3Fx%3D1%26y"
        );
    }
}
