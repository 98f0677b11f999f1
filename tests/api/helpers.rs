//! `spawn_app()` and a cookie-keeping client with redirects off.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use cairn::config::Settings;
use cairn::startup::Application;
use reqwest::header::{HeaderMap, COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use sqlx::{Connection, Executor};

pub(crate) const PASSWORD: &str = "correct horse battery";

/// The repository root, where content/, templates/ and static/ live.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The small fixture path the tests rely on.
pub(crate) fn fixture_content() -> PathBuf {
    root().join("tests/fixtures/content")
}

fn unique(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).unwrap();
    format!("{prefix}_{}", hex::encode(bytes))
}

/// A fresh database URL: a new PostgreSQL database, or a new SQLite file.
pub(crate) async fn fresh_database() -> String {
    match std::env::var("CAIRN_TEST_POSTGRES") {
        Ok(admin) if !admin.is_empty() => {
            let name = unique("cairn_test");
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to CAIRN_TEST_POSTGRES");
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (base, _) = admin
                .rsplit_once('/')
                .expect("admin URL ends with /database");
            format!("{base}/{name}")
        }
        _ => {
            let dir = std::env::temp_dir().join(unique("cairn-test"));
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}", dir.join("cairn.db").display())
        }
    }
}

/// A running server and what the tests need to reach it.
pub(crate) struct TestApp {
    pub address: String,
    pub database_url: String,
    /// `http://127.0.0.1:PORT` of `/metrics`, when the settings ask for it.
    pub metrics_address: Option<String>,
}

/// Test settings: random port, fixture content, fresh database.
pub(crate) async fn test_settings() -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        content_dir: fixture_content(),
        database_url: fresh_database().await,
        templates_dir: root().join("templates"),
        static_dir: root().join("static"),
        workers: 1,
        ..Settings::default()
    }
}

/// Starts the server on the fixture content.
pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the server after adjusting its settings.
pub(crate) async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    cairn::telemetry::init();
    let mut settings = test_settings().await;
    adjust(&mut settings);
    let app = Application::build(&settings)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        database_url: settings.database_url,
        metrics_address,
    }
}

/// The single number a counting query returns, read straight from the database.
pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url).await.unwrap();
    let value: i64 = sqlx::query(sql).fetch_one(&pool).await.unwrap().get(0);
    pool.close().await;
    value
}

/// A new signed-in user with `role`: a learner promoted in the database, as
/// `cairn user add --role ROLE` would create one.
pub(crate) async fn user_with_role(app: &TestApp, role: &str) -> (Browser, String) {
    let (browser, name) = learner(app).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url).await.unwrap();
    sqlx::query("UPDATE users SET role = $1 WHERE username = $2")
        .bind(role)
        .bind(&name)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    (browser, name)
}

/// The `value` of the option whose HTML is `html` in a task's section, as this
/// learner's page orders the options.
pub(crate) fn option_position(section: &str, html: &str) -> String {
    let at = section
        .find(&format!("<span class=\"task-option-text\">{html}"))
        .unwrap_or_else(|| panic!("option {html}"));
    let tag = &section[section[..at].rfind("<input").unwrap()..at];
    let value = tag.find("value=\"").unwrap() + 7;
    tag[value..value + tag[value..].find('"').unwrap()].to_owned()
}

/// The fixture path whose lessons hold every kind of task.
pub(crate) fn task_content() -> PathBuf {
    root().join("tests/fixtures/tasks")
}

/// One response, read whole.
pub(crate) struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// The `Location` header of a redirect.
    pub(crate) fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the hidden `csrf` input on this page.
    pub(crate) fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"csrf\"")
            .expect("page has a csrf field");
        let start = self.body[..at].rfind('<').unwrap();
        let end = at + self.body[at..].find('>').unwrap();
        let tag = &self.body[start..end];
        let value = tag.find("value=\"").expect("csrf input has a value") + 7;
        let len = tag[value..].find('"').unwrap();
        tag[value..value + len].to_owned()
    }

    /// All `Set-Cookie` headers.
    pub(crate) fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub(crate) struct Browser {
    pub base: String,
    client: reqwest::Client,
    cookies: Mutex<HashMap<String, String>>,
}

impl Browser {
    /// A browser with no cookies.
    pub(crate) fn new(app: &TestApp) -> Self {
        Self {
            base: app.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Mutex::new(HashMap::new()),
        }
    }

    fn cookie_header(&self) -> String {
        let cookies = self.cookies.lock().unwrap();
        cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let request = request.header(COOKIE, self.cookie_header());
        let response = request.send().await.expect("request sent");
        let page = Page {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap_or_default(),
        };
        let mut cookies = self.cookies.lock().unwrap();
        for set in page.set_cookies() {
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set.contains("Max-Age=0") {
                cookies.remove(name);
            } else {
                cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        page
    }

    /// GET a path.
    pub(crate) async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// GET a path with extra headers.
    pub(crate) async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        self.send(request).await
    }

    /// POST a form.
    pub(crate) async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        self.send(self.client.post(format!("{}{path}", self.base)).form(form))
            .await
    }

    /// POST a form as a script does, asking for JSON.
    pub(crate) async fn post_json(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json")
            .form(form);
        self.send(request).await
    }

    /// POST a raw body with a content type.
    pub(crate) async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        self.send(request).await
    }

    /// A cookie's current value.
    pub(crate) fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    /// Sets a cookie, as a thief with a copied cookie would.
    pub(crate) fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .unwrap()
            .insert(name.to_owned(), value.to_owned());
    }

    /// Signs up through the form; returns the response to the POST.
    pub(crate) async fn sign_up(&self, username: &str, password: &str) -> Page {
        let form = self.get("/signup").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.csrf();
        self.post(
            "/signup",
            &[
                ("username", username),
                ("email", ""),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/"),
            ],
        )
        .await
    }

    /// Signs in through the form; returns the response to the POST.
    pub(crate) async fn log_in(&self, username: &str, password: &str) -> Page {
        let csrf = self.get("/login").await.csrf();
        self.post(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
            ],
        )
        .await
    }

    /// The CSRF token of the signed-in session, read from a page.
    pub(crate) async fn session_csrf(&self) -> String {
        self.get("/dashboard").await.csrf()
    }

    /// Signs out through the form.
    pub(crate) async fn log_out(&self) -> Page {
        let csrf = self.session_csrf().await;
        self.post("/logout", &[("csrf", &csrf)]).await
    }
}

/// A new browser already signed up (and so signed in) as a fresh learner.
pub(crate) async fn learner(app: &TestApp) -> (Browser, String) {
    let browser = Browser::new(app);
    let name = unique("learner");
    let page = browser.sign_up(&name, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    (browser, name)
}
