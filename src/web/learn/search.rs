//! `GET /search?q=`: lessons matching the words, best first, each with a snippet whose
//! matches are marked. A plain GET form, so it works without JavaScript; the index is
//! the catalog's ([`crate::content::search`]), so it follows `--watch` reloads.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::content::search::Hit;
use crate::web::error::AppError;
use crate::web::respond::page;
use crate::web::respond::sign_in_redirect;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Longest query read, in characters; the rest is ignored.
const MAX_QUERY_CHARS: usize = 200;

/// The search page's query string (`?q=`).
#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct SearchPage<'a> {
    query: String,
    searched: bool,
    hits: Vec<Hit<'a>>,
}

/// `GET /search`.
pub async fn show_search(
    req: HttpRequest,
    viewer: Viewer,
    query: web::Query<SearchQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if state.site.require_login && viewer.signed_in().is_none() {
        return Ok(sign_in_redirect(&req));
    }
    let text: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let catalog = state.catalog.get();
    let view = SearchPage {
        searched: !text.is_empty(),
        hits: catalog.search.search(&catalog, &text),
        query: text,
    };
    page(&state, &req, &viewer, "search.html", &view)
}
