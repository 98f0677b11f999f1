//! View structs shared by several pages: small `Serialize` types that borrow from the
//! catalog, so templates never see internal types.

use crate::store::Redeemed;
use serde::Serialize;

use crate::content::{Catalog, Lesson, Module};
use crate::progress::{Counts, LearnerProgress, Status};

/// A link with its label.
#[derive(Serialize)]
pub struct LinkView<'a> {
    /// The link's text.
    pub title: &'a str,
    /// Where it goes.
    pub url: String,
}

/// A module as shown on the overview, the dashboard and its own page.
#[derive(Serialize)]
pub struct ModuleCard<'a> {
    /// The module's folder name, for anchors.
    pub slug: &'a str,
    /// The module's title.
    pub title: &'a str,
    /// One line from `module.toml`.
    pub summary: &'a str,
    /// The module's page.
    pub url: String,
    /// Author's estimate of the time the module takes.
    pub estimated_hours: Option<f64>,
    /// Lessons in the module.
    pub lesson_count: usize,
    /// Modules recommended first, linked.
    pub requires: Vec<LinkView<'a>>,
    /// A recommended module still has a lesson not done.
    pub locked: bool,
    /// The viewer's done lessons; `None` for anonymous readers.
    pub progress: Option<Counts>,
}

impl<'a> ModuleCard<'a> {
    /// The card for `module`, with progress when the viewer is signed in.
    pub fn new(
        catalog: &'a Catalog,
        module: &'a Module,
        progress: Option<&LearnerProgress>,
    ) -> Self {
        Self {
            slug: &module.slug,
            title: &module.title,
            summary: &module.summary,
            url: module.url(),
            estimated_hours: module.estimated_hours,
            lesson_count: module.lessons.len(),
            requires: module
                .requires
                .iter()
                .filter_map(|slug| catalog.module(slug))
                .map(|m| LinkView {
                    title: &m.title,
                    url: m.url(),
                })
                .collect(),
            locked: progress.is_some_and(|p| p.is_locked(catalog, module)),
            progress: progress.map(|p| p.module(module)),
        }
    }

    /// Cards for every module in path order.
    pub fn all(catalog: &'a Catalog, progress: Option<&LearnerProgress>) -> Vec<Self> {
        catalog
            .modules
            .iter()
            .map(|m| Self::new(catalog, m, progress))
            .collect()
    }
}

/// Where "Continue" leads.
#[derive(Serialize)]
pub struct ContinueView<'a> {
    /// The lesson, at its first unsolved task when it has one.
    pub url: String,
    /// The lesson's title.
    pub title: &'a str,
    /// The title of the lesson's module.
    pub module_title: &'a str,
}

impl<'a> ContinueView<'a> {
    /// The first unfinished lesson, if any is left, opened at its first task the
    /// learner has not solved (`solved` holds the ids of the tasks they solved).
    pub fn find(
        catalog: &'a Catalog,
        progress: &LearnerProgress,
        solved: &dyn Fn(&str) -> bool,
    ) -> Option<Self> {
        progress.continue_to(catalog).map(|(module, lesson)| {
            let unsolved = lesson
                .task_names()
                .filter_map(|name| module.tasks.get(name))
                .find(|task| !solved(&task.id));
            Self {
                url: match unsolved {
                    Some(task) => format!("{}#{}", lesson.url, task.anchor()),
                    None => lesson.url.clone(),
                },
                title: &lesson.title,
                module_title: &module.title,
            }
        })
    }
}

/// A lesson in a module's list.
#[derive(Serialize)]
pub struct LessonItem<'a> {
    /// The lesson's slug, for anchors.
    pub slug: &'a str,
    /// The lesson's title.
    pub title: &'a str,
    /// One line from the front matter.
    pub summary: &'a str,
    /// The lesson's page.
    pub url: &'a str,
    /// Author's estimate, shown beside the title.
    pub estimated_minutes: Option<u32>,
    /// The viewer's standing: new, visited or done.
    pub status: Status,
}

impl<'a> LessonItem<'a> {
    /// The item for `lesson`; anonymous readers see every lesson as new.
    pub fn new(lesson: &'a Lesson, progress: Option<&LearnerProgress>) -> Self {
        Self {
            slug: &lesson.slug,
            title: &lesson.title,
            summary: &lesson.summary,
            url: &lesson.url,
            estimated_minutes: lesson.estimated_minutes,
            status: progress.map_or(Status::New, |p| p.status(lesson)),
        }
    }
}

/// "2026-11-23 14:05 UTC" for a Unix time.
pub fn format_utc(timestamp: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(timestamp) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        ),
        Err(_) => String::from("unknown time"),
    }
}

/// What a learner is told when an invite code admits no one.
pub fn invite_refusal(refused: &Redeemed) -> &'static str {
    match refused {
        Redeemed::Expired => "That invite code has expired. Ask your instructor for a new one.",
        Redeemed::UsedUp => {
            "That invite code has been used as many times as it allows. Ask your instructor for a new one."
        }
        Redeemed::Unknown | Redeemed::Joined(_) | Redeemed::AlreadyMember(_) => INVITE_UNKNOWN,
    }
}

/// What a learner is told about any code that did not let them join, so codes cannot be probed.
pub const INVITE_UNKNOWN: &str = "That invite code is not valid. Check it with your instructor.";

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(super::format_utc(1_795_443_900), "2026-11-23 14:25 UTC");
    }
}
