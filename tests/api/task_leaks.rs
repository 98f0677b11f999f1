//! No page a learner can fetch gives a task away: across the bundled content, every
//! lesson is read anonymously and as a fresh learner, and none of its tasks' correct
//! markings, accepted answers, patterns, answer expressions, option feedback or
//! explanations appear before the task is solved. Nor does an answer's reply: ticking
//! every box of a multi-select quiz shows no option's feedback, so the learner cannot
//! read the right options off it.

use cairn::content::markdown::escape_html;
use cairn::content::Segment;
use cairn::tasks::{Kind, NumericAnswer, Task};
use reqwest::StatusCode;

use crate::helpers::{learner, option_position, root, spawn_app_with, Browser};

/// The task's section, with its prompt removed (a prompt may mention any word).
fn section_without_prompt(body: &str, task: &Task) -> String {
    let id = format!("id=\"{}\"", task.anchor());
    let at = body
        .find(&id)
        .unwrap_or_else(|| panic!("{} on its page", task.id));
    let start = body[..at].rfind("<section").unwrap();
    let end = start + body[start..].find("</section>").unwrap();
    let section = &body[start..end];
    let prompt_start = section.find("<div class=\"task-prompt prose\">").unwrap();
    let prompt_end = prompt_start + section[prompt_start..].find("\n</div>\n<form").unwrap();
    format!("{}{}", &section[..prompt_start], &section[prompt_end..])
}

/// Pieces of `html` long enough to be recognisable, between `{{param}}` placeholders.
fn fragments(html: &str) -> Vec<&str> {
    html.split("{{")
        .flat_map(|part| part.split("}}"))
        .map(str::trim)
        .filter(|piece| piece.len() >= 24)
        .collect()
}

fn assert_no_leak(page: &str, task: &Task, who: &str) {
    let section = section_without_prompt(page, task);
    let lower = section.to_lowercase();
    let what = format!("{} ({who})", task.id);
    for piece in task.explanation_html.iter().flat_map(|e| fragments(e)) {
        assert!(
            !page.contains(piece),
            "{what}: explanation shown before solving"
        );
    }
    match &task.kind {
        Kind::Choice(choice) => {
            for option in &choice.options {
                for piece in option.feedback_html.iter().flat_map(|f| fragments(f)) {
                    assert!(
                        !page.contains(piece),
                        "{what}: option feedback shown unasked"
                    );
                }
            }
            let mut tags: Vec<String> = section
                .match_indices("<label class=\"task-option\">")
                .map(|(at, _)| {
                    let tag = &section[at..at + section[at..].find("<span").unwrap()];
                    let value = tag.find("value=\"").unwrap();
                    let end = value + 7 + tag[value + 7..].find('"').unwrap();
                    format!("{}{}", &tag[..value], &tag[end..])
                })
                .collect();
            assert_eq!(
                tags.len(),
                choice.options.len(),
                "{what}: every option shown"
            );
            tags.dedup();
            assert_eq!(
                tags.len(),
                1,
                "{what}: options differ only by value: {tags:?}"
            );
        }
        Kind::Numeric(numeric) => {
            if let NumericAnswer::Expression(expression) = &numeric.answer {
                assert!(
                    !page.contains(&escape_html(expression)),
                    "{what}: expression shown"
                );
            }
        }
        Kind::Python(python) => {
            let secret = |source: &str| -> Vec<String> {
                source
                    .lines()
                    .map(str::trim)
                    .filter(|line| line.len() >= 12 && !python.starter.contains(line))
                    .filter(|line| {
                        !python
                            .tests
                            .iter()
                            .any(|t| t.visible && t.source.contains(line))
                    })
                    .map(escape_html)
                    .collect()
            };
            for line in secret(&python.solution) {
                assert!(
                    !page.contains(&line),
                    "{what}: solution line `{line}` shown"
                );
            }
            for test in python.tests.iter().filter(|t| !t.visible) {
                for line in secret(&test.source) {
                    assert!(
                        !page.contains(&line),
                        "{what}: hidden test line `{line}` shown"
                    );
                }
            }
        }
        Kind::Text(text) => {
            for accepted in &text.accepted {
                let shown = escape_html(accepted);
                assert!(
                    !lower.contains(&shown),
                    "{what}: accepted answer `{accepted}` shown"
                );
            }
            if let Some(pattern) = &text.pattern {
                let source = pattern.as_str();
                let inner = &source[4..source.len() - 2];
                assert!(!page.contains(&escape_html(inner)), "{what}: pattern shown");
            }
        }
    }
}

#[tokio::test]
async fn no_lesson_of_the_bundled_content_gives_its_tasks_away() {
    let content = root().join("content");
    let app = spawn_app_with(|s| s.content_dir = content.clone()).await;
    let (catalog, problems) = cairn::content::load(&content);
    let catalog = catalog.unwrap_or_else(|| panic!("bundled content is valid:\n{problems}"));
    let anonymous = Browser::new(&app);
    let (signed_in, _) = learner(&app).await;
    let mut checked = 0;
    for module in &catalog.modules {
        for lesson in &module.lessons {
            for (who, browser) in [("anonymous", &anonymous), ("learner", &signed_in)] {
                let page = browser.get(&lesson.url).await;
                assert_eq!(page.status, StatusCode::OK, "{}", lesson.url);
                for segment in &lesson.body {
                    if let Segment::Task(name) = segment {
                        assert_no_leak(&page.body, &module.tasks[name], who);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(
        checked,
        2 * catalog.task_count(),
        "every task was looked at"
    );
}

#[tokio::test]
async fn ticking_every_box_of_a_bundled_quiz_reveals_no_option_and_does_not_help() {
    let content = root().join("content");
    let app = spawn_app_with(|s| {
        s.content_dir = content.clone();
        s.answers_per_minute = 1000;
    })
    .await;
    let (catalog, problems) = cairn::content::load(&content);
    let catalog = catalog.unwrap_or_else(|| panic!("bundled content is valid:\n{problems}"));
    let (browser, _) = learner(&app).await;
    let mut quizzes = 0;
    for module in &catalog.modules {
        for lesson in &module.lessons {
            for name in lesson.task_names() {
                let task = &module.tasks[name];
                let Kind::Choice(choice) = &task.kind else {
                    continue;
                };
                if !choice.multiple || choice.options.iter().all(|o| o.correct) {
                    continue;
                }
                quizzes += 1;
                let page = browser.get(&lesson.url).await;
                let csrf = page.csrf();
                let section = section_without_prompt(&page.body, task);
                let positions: Vec<String> = choice
                    .options
                    .iter()
                    .map(|o| option_position(&section, &o.html))
                    .collect();
                let action = format!("{}/tasks/{}", lesson.url, task.name);
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend(positions.iter().map(|p| ("option", p.as_str())));
                let reply = browser.post_json(&action, &form).await;
                let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
                assert_eq!(json["outcome"], "incorrect", "{}", task.id);
                let html = json["html"].as_str().unwrap();
                assert_no_leak(html, task, "every box ticked");

                // What an attacker would read off the reply: the options whose feedback
                // is shown and sounds approving.
                let approved: Vec<&str> = choice
                    .options
                    .iter()
                    .zip(&positions)
                    .filter(|(option, _)| {
                        option.feedback_html.as_deref().is_some_and(|f| {
                            fragments(f).iter().any(|piece| html.contains(piece))
                                && f.trim_start_matches("<p>").starts_with("Yes")
                        })
                    })
                    .map(|(_, position)| position.as_str())
                    .collect();
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend(approved.iter().map(|p| ("option", *p)));
                let second = browser.post_json(&action, &form).await;
                let json: serde_json::Value = serde_json::from_str(&second.body).unwrap();
                assert_ne!(
                    json["outcome"], "correct",
                    "{} solved from the reply",
                    task.id
                );
            }
        }
    }
    assert!(
        quizzes >= 12,
        "every bundled multi-select quiz tried: {quizzes}"
    );
}

/// The text of rendered HTML, tags dropped (as search indexes text).
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn searching_the_bundled_content_for_its_secrets_finds_none_of_them() {
    let content = root().join("content");
    let app = spawn_app_with(|s| s.content_dir = content.clone()).await;
    let (catalog, problems) = cairn::content::load(&content);
    let catalog = catalog.unwrap_or_else(|| panic!("bundled content is valid:\n{problems}"));
    let browser = Browser::new(&app);
    let indexed: Vec<&str> = catalog.search.texts().collect();
    let mut searched = 0;
    for module in &catalog.modules {
        let taught: String = module
            .lessons
            .iter()
            .flat_map(|l| &l.body)
            .filter_map(|segment| match segment {
                Segment::Html(html) => Some(text_of(html)),
                Segment::Task(_) => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        for task in module.tasks.values() {
            let mut secrets: Vec<String> =
                task.explanation_html.iter().map(|e| text_of(e)).collect();
            secrets.extend(task.hints_html.iter().map(|h| text_of(h)));
            match &task.kind {
                Kind::Choice(choice) => secrets.extend(
                    choice
                        .options
                        .iter()
                        .filter_map(|o| o.feedback_html.as_deref())
                        .map(text_of),
                ),
                Kind::Python(python) => secrets.extend(
                    python
                        .solution
                        .lines()
                        .chain(
                            python
                                .tests
                                .iter()
                                .filter(|t| !t.visible)
                                .flat_map(|t| t.source.lines()),
                        )
                        .map(str::trim)
                        .filter(|l| l.len() >= 24 && !python.starter.contains(l))
                        .filter(|l| {
                            !python
                                .tests
                                .iter()
                                .any(|t| t.visible && t.source.contains(l))
                        })
                        .map(str::to_owned),
                ),
                Kind::Text(text) => secrets.extend(text.accepted.iter().cloned()),
                Kind::Numeric(_) => {}
            }
            for secret in secrets.iter().filter(|s| s.len() >= 24) {
                let query: Vec<&str> = secret.split_whitespace().take(4).collect();
                let page = browser
                    .get(&format!(
                        "/search?q={}",
                        query.join("+").replace(['#', '&', '%'], "")
                    ))
                    .await;
                assert_eq!(page.status, StatusCode::OK);
                let results = page
                    .body
                    .split("class=\"search-results\"")
                    .nth(1)
                    .unwrap_or_default();
                let shown: String = secret.chars().take(40).collect();
                if taught.contains(&shown) {
                    // The lesson itself teaches this line: not a secret.
                    continue;
                }
                assert!(
                    !indexed.iter().any(|text| text.contains(&shown)),
                    "{}: the search index holds `{shown}`",
                    task.id
                );
                // The results as text: marks dropped, Tera's escapes undone.
                let text = results
                    .replace("<mark>", "")
                    .replace("</mark>", "")
                    .replace("&#x2F;", "/")
                    .replace("&#x27;", "'")
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&");
                assert!(
                    !text.contains(&shown),
                    "{}: searching `{}` shows `{shown}`",
                    task.id,
                    query.join(" ")
                );
                searched += 1;
            }
        }
    }
    println!("{searched} secrets searched for");
    assert!(
        searched > 50,
        "the bundled tasks' secrets were searched: {searched}"
    );
}
