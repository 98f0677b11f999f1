//! What the load generators share: signing up a learner over HTTP and keeping their
//! cookies, and percentiles.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{ensure, Context, Result};

const PASSWORD: &str = "benchmark password";

/// A signed-in learner: an HTTP client with one keep-alive connection, and cookies.
pub(crate) struct Session {
    pub client: reqwest::Client,
    pub cookies: String,
}

fn cookies_from(response: &reqwest::Response, jar: &mut HashMap<String, String>) {
    for value in response.headers().get_all("set-cookie") {
        let Some((name, rest)) = value.to_str().ok().and_then(|v| v.split_once('=')) else {
            continue;
        };
        let value = rest.split(';').next().unwrap_or("");
        jar.insert(name.to_owned(), value.to_owned());
    }
}

fn header(jar: &HashMap<String, String>) -> String {
    jar.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The CSRF token in a page's forms.
pub(crate) fn csrf_in(page: &str) -> Result<String> {
    let at = page
        .find("name=\"csrf\" value=\"")
        .context("no CSRF field on the page")?;
    let rest = &page[at + 19..];
    Ok(rest[..rest.find('"').context("unterminated CSRF value")?].to_owned())
}

/// Signs up learner `index` through the form; returns the session and `page` as they see it.
pub(crate) async fn sign_up(base: &str, index: usize, page: &str) -> Result<(Session, String)> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1)
        .build()?;
    let mut jar = HashMap::new();
    let form = client.get(format!("{base}/signup")).send().await?;
    cookies_from(&form, &mut jar);
    let csrf = csrf_in(&form.text().await?)?;
    let name = format!("bench{}_{index}", std::process::id());
    let response = client
        .post(format!("{base}/signup"))
        .header("cookie", header(&jar))
        .form(&[
            ("username", name.as_str()),
            ("email", ""),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .await?;
    ensure!(
        response.status() == 303,
        "sign-up answered {}",
        response.status()
    );
    cookies_from(&response, &mut jar);
    let cookies = header(&jar);
    let body = client
        .get(format!("{base}{page}"))
        .header("cookie", &cookies)
        .send()
        .await?
        .text()
        .await?;
    Ok((Session { client, cookies }, body))
}

/// The `p` quantile of sorted durations, in milliseconds.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}
