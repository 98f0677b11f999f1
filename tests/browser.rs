//! The whole learner journey in a real browser.
//!
//! This binary starts the real `cairn` server on a fresh SQLite database and drives
//! headless Chromium through chromedriver's W3C WebDriver HTTP API. It proves that the
//! pieces the API tests cannot see fit together in a browser: the sign-up form posts
//! with its CSRF token and the browser keeps the session cookie; the tasks in a lesson
//! are answered with the page's script, which swaps in the server's verdict, hint and
//! explanation without a reload and completes the lesson; a lesson without tasks has a
//! working "Mark as done" button; and the dashboard's whole-path progress bar moves
//! from 0. Then an instructor creates a cohort and an invite, a newcomer signs up
//! through the invite link, and the instructor sorts the cohort's matrix and opens the
//! newcomer's trail. A second test opens a Python exercise on a phone-sized window
//! (390 and 320 px) and checks the page is never wider than the screen, the editor's
//! text keeps AA contrast in dark mode, a draft survives a reload (from the browser
//! and from the server), and one run is graded at a time with focus moved to the result;
//! then that a chosen theme is remembered, ← and → move between lessons, and code
//! blocks have a Copy button. It saves screenshots (`target/browser-tasks.png`,
//! `browser-dashboard.png`, `browser-exercise.png`, `browser-cohort.png`) so a person
//! can look at what learners and instructors see. On the way, axe-core (from npm, in
//! `editor/node_modules`) checks lesson, dashboard, answers, search, cohort, trail and
//! admin pages in the light and the dark theme for critical and serious violations.
//!
//! When `chromedriver` is not on `PATH` the test is skipped, unless
//! `CAIRN_BROWSER_TEST` is set (as CI does), in which case it fails.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};

/// Chromium as Debian installs it.
const CHROMIUM: &str = "/usr/bin/chromium";
/// The key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long to wait for a process to come up or a page to settle.
const PATIENCE: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn a_new_learner_answers_tasks_in_place_marks_a_lesson_done_and_sees_progress() -> Result<()>
{
    let Some((mut rig, browser, site)) = start().await? else {
        return Ok(());
    };
    sign_up(&browser, &site, "learner").await?;

    // A new learner has done nothing yet.
    browser.goto(&format!("{site}/dashboard")).await?;
    ensure!(
        browser.current_path().await? == "/dashboard",
        "the dashboard should be open to a signed-in learner"
    );
    let before = path_progress(&browser).await?;
    assert_eq!(before, 0, "a new learner's path progress");

    // Find the quiz the way a learner would: overview, first module, first lesson.
    browser.goto(&format!("{site}/")).await?;
    let module = first_link(&browser, r"^/learn/[a-z0-9-]+$").await?;
    browser.goto(&format!("{site}{module}")).await?;
    let lesson = first_link(&browser, &format!(r"^{module}/[a-z0-9-]+$")).await?;
    browser.goto(&format!("{site}{lesson}")).await?;
    ensure!(
        browser
            .script(
                "return document.getElementById('mark-done') === null",
                json!([])
            )
            .await?
            == json!(true),
        "a lesson with required tasks is completed by its tasks, not a button"
    );

    // Answer its tasks with the script in the page: the task updates in place, with no
    // reload (a marker set on the window survives), and the lesson completes.
    browser
        .script("window.cairnMarker = 42; return true", json!([]))
        .await?;
    choose(&browser, "pick-one", &["Broadcast"]).await?;
    browser.click("#task-pick-one button[type=submit]").await?;
    let feedback = browser
        .wait_for_text("#task-pick-one .task-feedback", "Not quite")
        .await?;
    ensure!(
        !feedback.contains("broadcast copies"),
        "option feedback waits until the task is solved: {feedback:?}"
    );
    browser
        .wait_for_text("#task-pick-one .task-hints", "HINT-ONE")
        .await?;
    choose(&browser, "pick-one", &["All-reduce"]).await?;
    browser.click("#task-pick-one button[type=submit]").await?;
    browser
        .wait_for_text("#task-pick-one .task-meta", "Solved")
        .await?;
    browser
        .wait_for_text("#task-pick-one .task-explanation", "EXPLAIN-PICK")
        .await?;
    choose(&browser, "several", &["2", "3"]).await?;
    browser.click("#task-several button[type=submit]").await?;
    browser.wait_for_text("#lesson-status", "Done").await?;
    let up_next = browser.wait_for_text("#lesson-tasks", "Up next").await?;
    ensure!(
        up_next.contains("Up next: Numbers"),
        "completing a lesson in place says where to go next: {up_next:?}"
    );
    ensure!(
        browser
            .script("return window.cairnMarker", json!([]))
            .await?
            == json!(42),
        "the page reloaded instead of updating in place"
    );
    let png = browser.screenshot().await?;
    save_screenshot("browser-tasks.png", png)?;

    // Coming back shows the tasks solved with the learner's answers.
    browser.goto(&format!("{site}{lesson}")).await?;
    browser
        .wait_for_text("#task-several .task-meta", "Solved")
        .await?;
    let status = browser.wait_for_text("#lesson-status", "Done").await?;
    ensure!(
        status.contains("Done"),
        "lesson status after its tasks: {status:?}"
    );
    accessible(&browser, "a lesson with answered tasks").await?;

    // A lesson without tasks is marked done with its button.
    browser.goto(&format!("{site}{module}/reading")).await?;
    browser.click("#mark-done").await?;
    browser.wait_for_text("#lesson-status", "Done").await?;

    browser.goto(&format!("{site}/dashboard")).await?;
    let after = path_progress(&browser).await?;
    assert!(
        after > 0,
        "path progress after marking {lesson} done: {after}"
    );

    accessible(&browser, "the dashboard").await?;
    browser.goto(&format!("{site}/account/answers")).await?;
    accessible(&browser, "the learner's answers").await?;
    browser
        .goto(&format!("{site}/search?q=ring+traffic"))
        .await?;
    browser.wait_for_text(".search-count", "found").await?;
    accessible(&browser, "search results").await?;
    browser.goto(&format!("{site}/dashboard")).await?;
    let png = browser.screenshot().await?;
    let shot = save_screenshot("browser-dashboard.png", png)?;
    println!(
        "dashboard at {after}% after two lessons; screenshot: {}",
        shot.display()
    );

    // A Python exercise: the code editor replaces the textarea, the learner types a
    // solution, runs the tests, and the graded result appears without a reload.
    browser
        .goto(&format!("{site}/learn/coding/functions"))
        .await?;
    browser
        .wait_for_text("#task-add-numbers .cm-content", "return 0")
        .await?;
    ensure!(
        browser
            .script(
                "return document.querySelector('#task-add-numbers .cm-lineNumbers') !== null",
                json!([])
            )
            .await?
            == json!(true),
        "the editor shows line numbers"
    );
    browser
        .script("window.cairnMarker = 7; return true", json!([]))
        .await?;
    // Select everything (Ctrl+A) and type a solution; the editor indents the body.
    browser
        .type_into(
            "#task-add-numbers .cm-content",
            "\u{E009}a\u{E000}def add(a, b):\nreturn a + b",
        )
        .await?;
    browser
        .click("#task-add-numbers button[type=submit]")
        .await?;
    let result = browser
        .wait_for_text("#task-add-numbers .task-job", "tests passed")
        .await?;
    ensure!(
        result.contains("All 3 tests passed"),
        "exercise result: {result:?}"
    );
    ensure!(
        browser
            .script("return window.cairnMarker", json!([]))
            .await?
            == json!(7),
        "the page reloaded instead of updating in place"
    );
    let png = browser.screenshot().await?;
    save_screenshot("browser-exercise.png", png)?;
    accessible(&browser, "a lesson with a graded exercise").await?;

    instructor_journey(&browser, &site, &rig.dir).await?;

    browser.quit().await?;
    rig.session = None;
    rig.passed = true;
    Ok(())
}

/// The document's width and the viewport's, in CSS pixels.
async fn widths(browser: &Browser) -> Result<(u64, u64)> {
    let found = browser
        .script(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            json!([]),
        )
        .await?;
    Ok((
        found[0].as_u64().unwrap_or(u64::MAX),
        found[1].as_u64().unwrap_or(0),
    ))
}

/// The lowest contrast ratio between the editor's text (every token) and its background.
const EDITOR_CONTRAST: &str = "
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const editor = document.querySelector(arguments[0] + ' .code-editor');
    const bg = lum(getComputedStyle(editor).backgroundColor);
    let worst = 99;
    for (const el of editor.querySelectorAll('.cm-line, .cm-line span')) {
      const fg = lum(getComputedStyle(el).color);
      worst = Math.min(worst, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05));
    }
    return worst;";

#[tokio::test(flavor = "multi_thread")]
async fn the_code_editor_fits_a_phone_keeps_drafts_and_contrast_and_grades_one_run_at_a_time(
) -> Result<()> {
    let Some((mut rig, browser, site)) = start().await? else {
        return Ok(());
    };
    sign_up(&browser, &site, "phone").await?;

    // A phone: the lesson with an exercise is never wider than the screen, even with a
    // line of code far longer than the editor.
    let lesson = format!("{site}/learn/coding/functions");
    let editor = "#task-add-numbers";
    for width in [390, 320] {
        browser
            .call(
                reqwest::Method::POST,
                "/window/rect",
                Some(json!({ "width": width, "height": 844 })),
            )
            .await?;
        browser.goto(&lesson).await?;
        browser
            .wait_for_text(&format!("{editor} .cm-content"), "return 0")
            .await?;
        let (document, viewport) = widths(&browser).await?;
        ensure!(
            document <= viewport,
            "at {width} px the page is {document} px wide (viewport {viewport})"
        );
    }
    let long_line = format!("\u{E009}a\u{E000}total = {}0\n", "1 + ".repeat(80));
    browser
        .type_into(&format!("{editor} .cm-content"), &long_line)
        .await?;
    let (document, viewport) = widths(&browser).await?;
    ensure!(
        document <= viewport,
        "with a long line the page is {document} px wide (viewport {viewport})"
    );
    ensure!(
        browser
            .text(&format!("{editor}-keys"))
            .await?
            .contains("press Esc, then Tab"),
        "the page says how to leave the editor with the keyboard"
    );
    let png = browser.screenshot().await?;
    save_screenshot("browser-editor-phone.png", png)?;

    // Drafts: what was typed is saved as a draft, and a reload brings it back, from
    // this browser and, with the browser's copy gone, from the server.
    // Leaving before the server has the latest change asks first; once saved, it does not.
    let leave_now = "const e = new Event('beforeunload', { cancelable: true });
         window.dispatchEvent(e);
         return e.defaultPrevented;";
    browser
        .type_into(&format!("{editor} .cm-content"), "# one more line\n")
        .await?;
    let asked = browser.script(leave_now, json!([])).await?;
    ensure!(
        asked == json!(true),
        "leaving with an unsaved change asks first"
    );
    let status = browser
        .wait_for_text(&format!("{editor} [data-draft-status]"), "Draft saved")
        .await?;
    let asked = browser.script(leave_now, json!([])).await?;
    ensure!(
        asked == json!(false),
        "leaving with everything saved does not ask"
    );
    ensure!(status.contains("Draft saved."), "draft status: {status:?}");
    for forget_local in [false, true] {
        if forget_local {
            browser
                .script("localStorage.clear(); return true", json!([]))
                .await?;
        }
        browser.goto(&lesson).await?;
        let restored = browser
            .wait_for_text(&format!("{editor} .cm-content"), "total = 1 + 1")
            .await?;
        ensure!(
            restored.contains("total = 1 + 1 + 1"),
            "draft restored (browser copy forgotten: {forget_local}): {restored:?}"
        );
    }

    // Dark mode: every token of the editor keeps AA contrast on its background.
    prefer_scheme(&browser, "dark").await?;
    browser
        .call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": 1366, "height": 900 })),
        )
        .await?;
    // On a desktop the editor, with its long line, stays inside its card.
    let inside = browser
        .script(
            "const card = document.querySelector(arguments[0]).getBoundingClientRect();
             const box = document.querySelector(arguments[0] + ' .code-editor').getBoundingClientRect();
             return [box.right <= card.right, Math.round(box.right), Math.round(card.right)];",
            json!([editor]),
        )
        .await?;
    ensure!(
        inside[0] == json!(true),
        "the editor sticks out of its card at 1366 px: {inside}"
    );
    browser
        .type_into(
            &format!("{editor} .cm-content"),
            "\u{E009}a\u{E000}import time\n# slow on purpose\ndef add(a, b):\ntime.sleep(0.5)\nreturn a + b",
        )
        .await?;
    let contrast = browser.script(EDITOR_CONTRAST, json!([editor])).await?;
    let contrast = contrast.as_f64().unwrap_or(0.0);
    println!("lowest contrast of the editor's text in dark mode: {contrast:.2}:1");
    ensure!(
        contrast >= 4.5,
        "editor contrast in dark mode {contrast:.2}:1"
    );
    let png = browser.screenshot().await?;
    save_screenshot("browser-editor-dark.png", png)?;

    // One run at a time: while the first is graded the button is disabled and a second
    // submission (Ctrl+Enter submits the form directly) is refused.
    browser
        .click(&format!("{editor} button[type=submit]"))
        .await?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let state = browser
            .script(
                "const job = document.querySelector(arguments[0] + ' [data-job-state]');
                 return job ? job.getAttribute('data-job-state') : null;",
                json!([editor]),
            )
            .await?;
        if state == json!("queued") || state == json!("running") {
            break;
        }
        ensure!(
            Instant::now() < deadline,
            "the submission never showed as queued: {state}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let refused = browser
        .script(
            "const form = document.querySelector(arguments[0] + ' form');
             const disabled = form.querySelector('button[type=submit]').disabled;
             form.requestSubmit();
             return disabled;",
            json!([editor]),
        )
        .await?;
    ensure!(
        refused == json!(true),
        "the button is disabled while grading"
    );
    let result = browser
        .wait_for_text(&format!("{editor} .task-job"), "tests passed")
        .await?;
    ensure!(result.contains("All 3 tests passed"), "result: {result:?}");
    let focused = browser
        .script(
            "return document.activeElement.classList.contains('task-job')",
            json!([]),
        )
        .await?;
    ensure!(
        focused == json!(true),
        "focus moves to the result when grading finishes"
    );
    let submissions = browser
        .script(
            "return fetch('/account/data.json').then((r) => r.json()).then((d) => d.submissions.length)",
            json!([]),
        )
        .await?;
    ensure!(
        submissions == json!(1),
        "one submission stored, the second refused: {submissions}"
    );

    comforts(&browser, &site).await?;

    browser.quit().await?;
    rig.session = None;
    rig.passed = true;
    Ok(())
}

/// The theme chosen in the footer is remembered across pages; ← and → move between
/// lessons (not while typing); code blocks have a Copy button.
async fn comforts(browser: &Browser, site: &str) -> Result<()> {
    // A device that prefers light: dark comes from the reader's choice alone.
    prefer_scheme(browser, "light").await?;
    let reading = format!("{site}/learn/practice/reading");
    browser.goto(&reading).await?;
    accessible(browser, "a lesson with a task list and code").await?;
    browser
        .script(
            "const select = document.querySelector('#theme-choice');
             select.value = 'dark';
             select.dispatchEvent(new Event('change'));
             return true;",
            json!([]),
        )
        .await?;
    browser.goto(&format!("{site}/learn/practice/quiz")).await?;
    let theme = browser
        .script(
            "return [document.documentElement.getAttribute('data-theme'),
                     getComputedStyle(document.body).backgroundColor,
                     document.querySelector('#theme-choice').value,
                     document.querySelector('[data-theme-switch]').hidden]",
            json!([]),
        )
        .await?;
    ensure!(
        theme == json!(["dark", "rgb(19, 21, 24)", "dark", false]),
        "the dark theme chosen on another page: {theme}"
    );
    // → opens the next lesson, from the page but not from inside a field.
    browser
        .call(
            reqwest::Method::POST,
            "/actions",
            Some(
                json!({ "actions": [{ "type": "key", "id": "keys", "actions": [
                { "type": "keyDown", "value": "\u{E014}" },
                { "type": "keyUp", "value": "\u{E014}" }] }] }),
            ),
        )
        .await?;
    let deadline = Instant::now() + PATIENCE;
    while browser.current_path().await? != "/learn/practice/numbers" {
        ensure!(Instant::now() < deadline, "→ did not open the next lesson");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.goto(&reading).await?;
    let copy = browser.text(".code-copy .copy-button").await?;
    ensure!(copy == "Copy", "a Copy button on the code block: {copy:?}");
    browser
        .script(
            "document.documentElement.removeAttribute('data-theme');
             localStorage.removeItem('cairn:theme');
             return true;",
            json!([]),
        )
        .await?;
    Ok(())
}

/// Makes the page see a device that prefers `scheme` (`light` or `dark`).
async fn prefer_scheme(browser: &Browser, scheme: &str) -> Result<()> {
    browser
        .call(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(json!({ "cmd": "Emulation.setEmulatedMedia", "params": {
                "features": [{ "name": "prefers-color-scheme", "value": scheme }] } })),
        )
        .await?;
    Ok(())
}

/// The server and a headless browser, or `None` (the test is skipped) when chromedriver
/// is not installed and `CAIRN_BROWSER_TEST` is not set.
async fn start() -> Result<Option<(Rig, Browser, String)>> {
    let Some(chromedriver) = find_on_path("chromedriver") else {
        assert!(
            std::env::var_os("CAIRN_BROWSER_TEST").is_none(),
            "CAIRN_BROWSER_TEST is set but chromedriver is not on PATH \
             (install the Debian packages chromium and chromium-driver)"
        );
        println!("skipping: chromedriver not installed");
        return Ok(None);
    };
    let mut rig = Rig::new()?;
    let site = rig.start_server().await?;
    let browser = rig.start_browser(&chromedriver).await?;
    Ok(Some((rig, browser, site)))
}

/// Signs a new learner up through the form; returns their name.
async fn sign_up(browser: &Browser, site: &str, prefix: &str) -> Result<String> {
    let username = format!("{prefix}{}", unique_suffix() % 1_000_000_000);
    browser.goto(&format!("{site}/signup")).await?;
    browser.type_into("#username", &username).await?;
    browser
        .type_into("#password", "correct horse battery")
        .await?;
    browser.click("form button[type=submit]").await?;
    leave(browser, "/signup").await?;
    Ok(username)
}

/// Waits until the browser has left a form page (hashing a password takes a moment on a
/// busy machine); fails with what the page says if it never does.
async fn leave(browser: &Browser, form_path: &str) -> Result<()> {
    let deadline = Instant::now() + PATIENCE;
    let mut path = browser.current_path().await?;
    while path.starts_with(form_path) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        path = browser.current_path().await?;
    }
    if path.starts_with(form_path) {
        let page = browser
            .script("return document.body.innerText.slice(0, 500)", json!([]))
            .await?;
        bail!("the form did not go through (still on {path}); the page says: {page}");
    }
    Ok(())
}

/// Signs out with the header's button and waits until the page shows it.
async fn sign_out(browser: &Browser) -> Result<()> {
    browser.click("form[action='/logout'] button").await?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let gone = browser
            .script(
                "return document.readyState === 'complete' && \
                 document.querySelector(\"form[action='/logout']\") === null",
                json!([]),
            )
            .await?;
        if gone == json!(true) {
            return Ok(());
        }
        ensure!(
            Instant::now() < deadline,
            "still signed in after signing out"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn sign_in(browser: &Browser, site: &str, name: &str, password: &str) -> Result<()> {
    browser.goto(&format!("{site}/login")).await?;
    browser.type_into("#username", name).await?;
    browser.type_into("#password", password).await?;
    browser.click("form.form button[type=submit]").await?;
    leave(browser, "/login").await
}

/// An instructor (made with `cairn user add`, as an operator would) creates a cohort and
/// an invite; a new learner follows the invite link to sign-up, where the code is
/// already filled in; the instructor sorts the cohort's matrix and opens the learner's
/// read-only trail from it.
async fn instructor_journey(browser: &Browser, site: &str, dir: &Path) -> Result<()> {
    let password = "instructor passphrase";
    add_user(dir, "coach", "instructor", password)?;

    sign_out(browser).await?;
    sign_in(browser, site, "coach", password).await?;
    browser.goto(&format!("{site}/teach")).await?;
    browser.type_into("#cohort-name", "Evening group").await?;
    browser
        .click("form[action='/teach/cohorts'] button[type=submit]")
        .await?;
    let deadline = Instant::now() + PATIENCE;
    let mut cohort = browser.current_path().await?;
    while !cohort.starts_with("/teach/cohorts/") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        cohort = browser.current_path().await?;
    }
    ensure!(
        cohort.starts_with("/teach/cohorts/"),
        "after creating a cohort: {cohort}"
    );
    browser
        .click("form[action$='/invites'] button[type=submit]")
        .await?;
    let deadline = Instant::now() + PATIENCE;
    let code = loop {
        let found = browser
            .script(
                "const c = document.querySelector('.invite-code'); return c ? c.textContent : ''",
                json!([]),
            )
            .await?;
        let code = found.as_str().unwrap_or_default().trim().to_owned();
        if !code.is_empty() {
            break code;
        }
        ensure!(Instant::now() < deadline, "no invite code appeared");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    // A newcomer follows the invite link.
    sign_out(browser).await?;
    browser.goto(&format!("{site}/join?code={code}")).await?;
    ensure!(
        browser.current_path().await?.starts_with("/signup"),
        "the invite link leads a newcomer to sign-up"
    );
    ensure!(
        browser.attribute("#code", "value").await?.as_deref() == Some(code.as_str()),
        "the code is filled in"
    );
    let newcomer = format!("newcomer{}", unique_suffix() % 1_000_000_000);
    browser.type_into("#username", &newcomer).await?;
    browser
        .type_into("#password", "correct horse battery")
        .await?;
    browser.click("form.form button[type=submit]").await?;
    leave(browser, "/signup").await?;

    // The instructor finds them in the cohort, sorts, and opens their trail.
    sign_out(browser).await?;
    sign_in(browser, site, "coach", password).await?;
    browser.goto(&format!("{site}{cohort}")).await?;
    browser
        .wait_for_text("#progress-matrix tbody", &newcomer)
        .await?;
    accessible(browser, "a cohort page").await?;
    browser
        .click("#progress-matrix thead a[href*='sort=solved']")
        .await?;
    ensure!(
        browser
            .attribute("#progress-matrix thead th[aria-sort]", "aria-sort")
            .await?
            .as_deref()
            == Some("ascending"),
        "sorting by tasks solved marks its column"
    );
    browser.click("#progress-matrix tbody th a").await?;
    let heading = browser.wait_for_text("h1", &newcomer).await?;
    ensure!(
        heading.contains(&newcomer),
        "the trail's heading: {heading}"
    );
    let png = browser.screenshot().await?;
    save_screenshot("browser-cohort.png", png)?;
    accessible(browser, "a learner's trail").await?;

    // An admin's account list.
    add_user(dir, "root", "admin", password)?;
    sign_out(browser).await?;
    sign_in(browser, site, "root", password).await?;
    browser.goto(&format!("{site}/admin/users")).await?;
    browser.wait_for_text("h1", "").await?;
    accessible(browser, "the admin's account list").await?;
    Ok(())
}

/// Creates an account with `cairn user add`, as an operator would.
fn add_user(dir: &Path, name: &str, role: &str, password: &str) -> Result<()> {
    let mut add = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["user", "add", name, "--role", role, "--database"])
        .arg(format!("sqlite://{}/cairn.db", dir.display()))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running cairn user add")?;
    add.stdin
        .take()
        .context("stdin")?
        .write_all(format!("{password}\n").as_bytes())?;
    let added = add.wait_with_output()?;
    ensure!(
        added.status.success(),
        "cairn user add: {}",
        String::from_utf8_lossy(&added.stderr)
    );
    Ok(())
}

/// axe-core (from npm, `editor/node_modules`; `cd editor && npm ci` installs it) run on
/// the open page in the light and the dark theme: fails on any critical or serious
/// violation. Skipped with a note when axe-core is not installed, unless
/// `CAIRN_AXE_TEST` is set.
async fn accessible(browser: &Browser, what: &str) -> Result<()> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("editor/node_modules/axe-core/axe.min.js");
    let Ok(axe) = std::fs::read_to_string(&path) else {
        ensure!(
            std::env::var_os("CAIRN_AXE_TEST").is_none(),
            "CAIRN_AXE_TEST is set but {} is missing (cd editor && npm ci)",
            path.display()
        );
        println!("axe-core not installed: {what} not checked");
        return Ok(());
    };
    let run = format!(
        "{axe}\nreturn axe.run(document, {{ resultTypes: ['violations'] }}).then((r) => r.violations
           .filter((v) => v.impact === 'critical' || v.impact === 'serious')
           .map((v) => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')));"
    );
    for scheme in ["light", "dark"] {
        prefer_scheme(browser, scheme).await?;
        let found = browser.script(&run, json!([])).await?;
        let violations: Vec<String> = serde_json::from_value(found)?;
        ensure!(
            violations.is_empty(),
            "axe-core on {what} ({scheme}): {violations:#?}"
        );
        println!("axe-core: no critical or serious violation on {what} ({scheme})");
    }
    prefer_scheme(browser, "light").await
}

/// Ticks the options of `task` whose text is one of `texts`, and only those.
async fn choose(browser: &Browser, task: &str, texts: &[&str]) -> Result<()> {
    let found = browser
        .script(
            "let found = 0;
             for (const label of document.querySelectorAll('#task-' + arguments[0] + ' .task-option')) {
               const input = label.querySelector('input');
               const wanted = arguments[1].includes(label.textContent.trim());
               if (input.checked !== wanted) input.click();
               if (wanted) found += 1;
             }
             return found;",
            json!([task, texts]),
        )
        .await?;
    ensure!(
        found == json!(texts.len()),
        "options {texts:?} of {task}: found {found}"
    );
    Ok(())
}

/// Saves a screenshot beside the build's outputs so a person can look at it.
fn save_screenshot(name: &str, png: Vec<u8>) -> Result<PathBuf> {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .context("the target tmp dir has a parent")?;
    let shot = target.join(name);
    std::fs::write(&shot, png).with_context(|| format!("writing {}", shot.display()))?;
    Ok(shot)
}

/// The whole-path progress bar's `value`, as a percentage.
async fn path_progress(browser: &Browser) -> Result<u32> {
    let value = browser
        .attribute("#path-progress", "value")
        .await?
        .context("#path-progress has no value attribute")?;
    value
        .trim()
        .parse()
        .with_context(|| format!("#path-progress value {value:?} is not a whole number"))
}

/// The first link on the page whose `href` matches `pattern` (a JavaScript regex).
async fn first_link(browser: &Browser, pattern: &str) -> Result<String> {
    let found = browser
        .script(
            "const re = new RegExp(arguments[0]);
             const hrefs = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
             return hrefs.find(h => re.test(h)) ?? null;",
            json!([pattern]),
        )
        .await?;
    match found {
        Value::String(href) => Ok(href),
        _ => bail!(
            "no link matching {pattern} on {}",
            browser.current_path().await?
        ),
    }
}

/// The child processes and temporary files of one run; `Drop` cleans up on every path,
/// including a failed assertion.
struct Rig {
    dir: PathBuf,
    server: Option<Child>,
    chromedriver: Option<Child>,
    /// chromedriver's port and the open session, deleted on drop if still open.
    session: Option<(u16, String)>,
    /// Set at the very end; until then `Drop` prints the processes' logs.
    passed: bool,
}

impl Rig {
    fn new() -> Result<Self> {
        let dir = std::env::temp_dir().join(format!(
            "cairn-browser-{}-{}",
            std::process::id(),
            unique_suffix()
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            dir,
            server: None,
            chromedriver: None,
            session: None,
            passed: false,
        })
    }

    /// Starts the real server binary from the repository root and waits for `/healthz`.
    async fn start_server(&mut self) -> Result<String> {
        let port = free_port()?;
        let database = format!("sqlite://{}/cairn.db", self.dir.display());
        let log = self.log_file("server.log")?;
        let child = Command::new(env!("CARGO_BIN_EXE_cairn"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database", &database])
            .args(["--content", "tests/fixtures/tasks"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting the cairn server")?;
        self.server = Some(child);
        let site = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(response) = http.get(format!("{site}/healthz")).send().await {
                if response.status().is_success() {
                    return Ok(site);
                }
            }
            ensure_running(self.server.as_mut(), "server", &self.dir.join("server.log"))?;
            ensure!(
                Instant::now() < deadline,
                "the server did not answer /healthz"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts chromedriver, waits until it is ready and opens a headless Chromium session.
    async fn start_browser(&mut self, chromedriver: &Path) -> Result<Browser> {
        let port = free_port()?;
        let log = self.log_file("chromedriver.log")?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting chromedriver")?;
        self.chromedriver = Some(child);
        let driver = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(response) = http.get(format!("{driver}/status")).send().await {
                let status: Value = response.json().await.unwrap_or_default();
                if status["value"]["ready"] == json!(true) {
                    break;
                }
            }
            ensure_running(
                self.chromedriver.as_mut(),
                "chromedriver",
                &self.dir.join("chromedriver.log"),
            )?;
            ensure!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let profile = self.dir.join("chromium-profile");
        // The stylesheet scrolls smoothly unless the reader prefers reduced motion;
        // chromedriver clicks before a smooth scroll ends, so ask for reduced motion.
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", "--force-prefers-reduced-motion",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let created = webdriver(
            &http,
            reqwest::Method::POST,
            &format!("{driver}/session"),
            Some(capabilities),
        )
        .await
        .context("creating a WebDriver session")?;
        let id = created["sessionId"]
            .as_str()
            .context("the new session has no sessionId")?
            .to_owned();
        self.session = Some((port, id.clone()));
        Ok(Browser {
            http,
            session: format!("{driver}/session/{id}"),
        })
    }

    fn log_file(&self, name: &str) -> Result<std::fs::File> {
        let path = self.dir.join(name);
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))
    }
}

/// Fails with the process's log if it has already exited.
fn ensure_running(child: Option<&mut Child>, what: &str, log: &Path) -> Result<()> {
    if let Some(status) = child.map(Child::try_wait).transpose()?.flatten() {
        let output = std::fs::read_to_string(log).unwrap_or_default();
        bail!("{what} exited early ({status}):\n{output}");
    }
    Ok(())
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Some((port, id)) = self.session.take() {
            delete_session(port, &id);
        }
        if !self.passed {
            for log in ["server.log", "chromedriver.log"] {
                if let Ok(text) = std::fs::read_to_string(self.dir.join(log)) {
                    eprintln!("--- {log} ---\n{text}");
                }
            }
        }
        for child in [self.chromedriver.take(), self.server.take()]
            .into_iter()
            .flatten()
        {
            stop(child);
        }
        // Best effort: a leftover directory in the temp dir harms nothing.
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

fn stop(mut child: Child) {
    child.kill().ok();
    child.wait().ok();
}

/// Closes the browser from `Drop`, where nothing can be awaited: one plain HTTP request.
fn delete_session(port: u16, id: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let request = format!(
        "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok();
    }
}

/// One WebDriver session, spoken to over HTTP.
struct Browser {
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
}

impl Browser {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let url = format!("{}{path}", self.session);
        webdriver(&self.http, method, &url, body).await
    }

    async fn goto(&self, url: &str) -> Result<()> {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .with_context(|| format!("opening {url}"))?;
        Ok(())
    }

    async fn current_path(&self) -> Result<String> {
        let url = self.call(reqwest::Method::GET, "/url", None).await?;
        let url = url.as_str().context("current URL is not a string")?;
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        Ok(after_scheme
            .find('/')
            .map_or("/", |at| &after_scheme[at..])
            .to_owned())
    }

    async fn find(&self, css: &str) -> Result<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await
            .with_context(|| format!("finding {css}"))?;
        found[ELEMENT_KEY]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("{css}: no element reference in {found}"))
    }

    async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let element = self.find(css).await?;
        let path = format!("/element/{element}/value");
        self.call(reqwest::Method::POST, &path, Some(json!({ "text": text })))
            .await
            .with_context(|| format!("typing into {css}"))?;
        Ok(())
    }

    /// Clicks and lets chromedriver wait for the navigation the click starts.
    async fn click(&self, css: &str) -> Result<()> {
        let element = self.find(css).await?;
        let path = format!("/element/{element}/click");
        self.call(reqwest::Method::POST, &path, Some(json!({})))
            .await
            .with_context(|| format!("clicking {css}"))?;
        Ok(())
    }

    async fn attribute(&self, css: &str, name: &str) -> Result<Option<String>> {
        let element = self.find(css).await?;
        let path = format!("/element/{element}/attribute/{name}");
        let value = self.call(reqwest::Method::GET, &path, None).await?;
        Ok(value.as_str().map(str::to_owned))
    }

    async fn text(&self, css: &str) -> Result<String> {
        let element = self.find(css).await?;
        let path = format!("/element/{element}/text");
        let value = self.call(reqwest::Method::GET, &path, None).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Polls `css` until its text contains `wanted`; returns the last text seen.
    async fn wait_for_text(&self, css: &str, wanted: &str) -> Result<String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = self.text(css).await.unwrap_or_default();
            if text.contains(wanted) || Instant::now() >= deadline {
                return Ok(text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn script(&self, source: &str, args: Value) -> Result<Value> {
        let body = json!({ "script": source, "args": args });
        self.call(reqwest::Method::POST, "/execute/sync", Some(body))
            .await
            .context("running a script in the page")
    }

    /// A PNG of the viewport.
    async fn screenshot(&self) -> Result<Vec<u8>> {
        let encoded = self.call(reqwest::Method::GET, "/screenshot", None).await?;
        let png = decode_base64(encoded.as_str().context("screenshot is not a string")?)?;
        ensure!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        Ok(png)
    }

    async fn quit(&self) -> Result<()> {
        self.call(reqwest::Method::DELETE, "", None)
            .await
            .context("deleting the WebDriver session")?;
        Ok(())
    }
}

/// Sends one WebDriver command and returns its `value`, or the WebDriver error as an error.
async fn webdriver(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value> {
    let mut request = http.request(method.clone(), url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .with_context(|| format!("{method} {url}"))?;
    let status = response.status();
    let mut reply: Value = response
        .json()
        .await
        .with_context(|| format!("{method} {url}: reply is not JSON"))?;
    let value = reply["value"].take();
    if !status.is_success() || value.get("error").is_some() {
        bail!(
            "{method} {url}: {status} {}: {}",
            value["error"].as_str().unwrap_or("?"),
            value["message"].as_str().unwrap_or("")
        );
    }
    Ok(value)
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A port that was free a moment ago: bind to port 0, read it, let it go.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn unique_suffix() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos())
}

/// Standard base64 (with padding, whitespace ignored), as WebDriver sends screenshots.
fn decode_base64(text: &str) -> Result<Vec<u8>> {
    fn sextet(byte: u8) -> Option<u32> {
        match byte {
            b'A'..=b'Z' => Some(u32::from(byte - b'A')),
            b'a'..=b'z' => Some(u32::from(byte - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(byte - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
    {
        let value = sextet(byte).with_context(|| format!("invalid base64 byte {byte:#04x}"))?;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
