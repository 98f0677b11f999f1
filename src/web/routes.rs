//! The whole HTTP surface in one place: [`routes`] registers every address the
//! application answers, and the `/learn` table below it lists the addresses under
//! `/learn/`, which are routed by splitting the path rather than by patterns.

use actix_web::http::Method;
use actix_web::{guard, web, FromRequest, HttpRequest, HttpResponse};

use crate::content::Catalog;
use crate::web::account::{auth, dashboard};
use crate::web::admin::users as admin;
use crate::web::error::AppError;
use crate::web::extract::Checked;
use crate::web::forms::{CsrfOnly, DraftForm};
use crate::web::learn::{answers, assets, reading, search, submissions};
use crate::web::respond::percent_decode;
use crate::web::state::AppState;
use crate::web::teach::{cohorts as teach, exports, learner as teach_learner};
use crate::web::viewer::Viewer;

/// Registers every route. Each address is one [`Endpoint`]: `GET` also answers `HEAD`,
/// and a method the address does not take is answered 405 with `Allow`; an address
/// that is not here is 404 whatever the method.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // The two scopes route by a prefix check and split the rest themselves: pattern
    // routes would cost a regular-expression match on every request.
    cfg.service(web::scope("/learn").default_service(web::to(learn)))
        .service(web::scope("/static").default_service(web::to(assets::serve_static)))
        .service(Endpoint::at("/").get(reading::show_overview))
        .service(Endpoint::at("/healthz").get(health))
        .service(Endpoint::at("/search").get(search::show_search))
        .service(
            Endpoint::at("/signup")
                .get(auth::show_signup)
                .post(auth::sign_up),
        )
        .service(
            Endpoint::at("/login")
                .get(auth::show_login)
                .post(auth::log_in),
        )
        .service(Endpoint::at("/logout").post(auth::log_out))
        .service(Endpoint::at("/dashboard").get(dashboard::show_dashboard))
        .service(Endpoint::at("/account/data.json").get(dashboard::download_data))
        .service(Endpoint::at("/account/answers").get(dashboard::show_answers))
        .service(
            Endpoint::at("/admin/users")
                .get(admin::show_users)
                .post(admin::create_user),
        )
        .service(Endpoint::at("/admin/registration").post(admin::set_registration))
        .service(Endpoint::at("/admin/users/{id}").post(admin::change_user))
        .service(Endpoint::at("/teach").get(teach::show_cohorts))
        .service(Endpoint::at("/teach/cohorts").post(teach::create_cohort))
        .service(Endpoint::at("/teach/cohorts/{id}").get(teach::show_cohort))
        .service(Endpoint::at("/teach/cohorts/{id}/invites").post(teach::create_invite))
        .service(
            Endpoint::at("/teach/cohorts/{id}/learners/{user}").get(teach_learner::show_learner),
        )
        .service(Endpoint::at("/teach/cohorts/{id}/progress.csv").get(exports::export_progress))
        .service(Endpoint::at("/teach/cohorts/{id}/attempts.csv").get(exports::export_attempts))
        .service(
            Endpoint::at("/join")
                .get(teach::show_join)
                .post(teach::join_cohort),
        );
}

/// One address and the methods it takes, gathered so the 405 answer's `Allow` header
/// is built from the same list the routes are.
struct Endpoint {
    resource: actix_web::Resource,
    allow: Vec<&'static str>,
}

impl Endpoint {
    fn at(path: &str) -> Self {
        Self {
            resource: web::resource(path),
            allow: Vec::new(),
        }
    }

    /// `GET`, and `HEAD` by the same handler: actix-web sends a HEAD answer's headers
    /// without its body.
    fn get<F, Args>(mut self, handler: F) -> Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        let read = guard::Any(guard::Get()).or(guard::Head());
        self.resource = self.resource.route(web::route().guard(read).to(handler));
        self.allow.extend(["GET", "HEAD"]);
        self
    }

    fn post<F, Args>(mut self, handler: F) -> Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        self.resource = self.resource.route(web::post().to(handler));
        self.allow.push("POST");
        self
    }
}

/// Registers the resource, answering any other method with 405 and the methods it
/// allows.
impl actix_web::dev::HttpServiceFactory for Endpoint {
    fn register(self, config: &mut actix_web::dev::AppService) {
        let allow = self.allow.join(", ");
        self.resource
            .default_service(web::to(move || {
                let allow = allow.clone();
                async move { Err::<HttpResponse, _>(AppError::MethodNotAllowed(allow)) }
            }))
            .register(config);
    }
}

/// 200 when the database answers, 503 otherwise.
async fn health(state: web::Data<AppState>) -> HttpResponse {
    match state.store.ping().await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(err) => {
            tracing::error!(error = ?err, "health check: database unreachable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unreachable")
        }
    }
}

/// Every address under `/learn/`, routed by splitting the path instead of by patterns.
/// `HEAD` goes where `GET` does; another method on a path that exists is 405 with
/// `Allow`, and a path that names nothing in the catalog is 404.
///
/// | method | path under `/learn/` | handler |
/// |---|---|---|
/// | GET | `{module}` | [`reading::show_module`] |
/// | GET | `{module}/{lesson}`, or a file beside the lessons | [`reading::show_lesson_or_file`] |
/// | POST | `{module}/{lesson}/done` | [`reading::mark_done`] |
/// | GET | `{module}/{lesson}/tasks/{task}` | [`submissions::show_task_state`] |
/// | POST | `{module}/{lesson}/tasks/{task}` | [`answers::answer_task`] |
/// | POST | `{module}/{lesson}/tasks/{task}/draft` | [`submissions::save_draft`] |
/// | POST | `{module}/{lesson}/tasks/{task}/run` | [`answers::try_task`] |
async fn learn(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let segments: Vec<String> = req
        .match_info()
        .unprocessed()
        .trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect::<Option<_>>()
        .ok_or(AppError::NotFound)?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let allow = allowed_methods(&segments);
    let method = req.method().clone();
    if !allow.split(", ").any(|m| m == method.as_str()) {
        return Err(if exists(&state.catalog.get(), &segments) {
            AppError::MethodNotAllowed(allow.to_owned())
        } else {
            AppError::NotFound
        });
    }
    if method == Method::POST {
        return match segments.as_slice() {
            [module, lesson, "done"] => {
                let checked =
                    Checked::<CsrfOnly>::from_request(&req, &mut payload.into_inner()).await?;
                reading::mark_done(&req, module, lesson, checked, &state).await
            }
            [module, lesson, "tasks", task] => {
                answers::answer_task(&req, payload, (module, lesson, task), &state).await
            }
            [module, lesson, "tasks", task, "run"] => {
                answers::try_task(&req, payload, (module, lesson, task), &state).await
            }
            [module, lesson, "tasks", task, "draft"] => {
                let checked =
                    Checked::<DraftForm>::from_request(&req, &mut payload.into_inner()).await?;
                submissions::save_draft((module, lesson, task), checked, &state).await
            }
            _ => Err(AppError::NotFound),
        };
    }
    if let [module, lesson, "tasks", task] = segments.as_slice() {
        return submissions::show_task_state(&req, (module, lesson, task), &state).await;
    }
    let viewer = Viewer::extract(&req).await?;
    match segments.as_slice() {
        [module] if !module.is_empty() => reading::show_module(&req, module, viewer, &state).await,
        [module, rest @ ..] if !rest.is_empty() && rest.iter().all(|s| !s.is_empty()) => {
            reading::show_lesson_or_file(&req, module, &rest.join("/"), viewer, &state).await
        }
        _ => Err(AppError::NotFound),
    }
}

/// The methods a path under `/learn/` takes, by its shape, for `Allow`.
fn allowed_methods(segments: &[&str]) -> &'static str {
    match segments {
        [_, _, "done"] => "POST",
        [_, _, "tasks", _] => "GET, HEAD, POST",
        [_, _, "tasks", _, "draft"] | [_, _, "tasks", _, "run"] => "POST",
        _ => "GET, HEAD",
    }
}

/// Whether a path under `/learn/` names something in the catalog: a method it does not
/// take is then 405, not 404.
fn exists(catalog: &Catalog, segments: &[&str]) -> bool {
    let Some((module, rest)) = segments.split_first() else {
        return false;
    };
    let Some(module) = catalog.module(module) else {
        return false;
    };
    match rest {
        [] => true,
        [lesson, "done"] => module.lesson(lesson).is_some(),
        [lesson, "tasks", task]
        | [lesson, "tasks", task, "draft"]
        | [lesson, "tasks", task, "run"] => module
            .lesson(lesson)
            .is_some_and(|(_, lesson)| module.task_in_lesson(lesson, task).is_some()),
        _ => {
            let rest = rest.join("/");
            module.lesson(&rest).is_some() || module.assets.contains_key(rest.as_str())
        }
    }
}
