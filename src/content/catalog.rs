//! The immutable in-memory catalog: the path, its modules in order, their lessons with
//! HTML already rendered, and the files served beside them.
//!
//! Built once by the loader and shared by every request through an `Arc`; nothing here
//! parses or reads files, so a lookup is a hash-map probe.

use std::collections::HashMap;
use std::path::PathBuf;

use super::markdown::TocEntry;
use super::search::{self, Hit, Passage};
use crate::tasks::Task;

/// The whole learning path.
#[derive(Debug)]
pub struct Catalog {
    /// From `path.toml`; heads the home page.
    pub title: String,
    /// `path.toml`'s description rendered as Markdown, for the home page.
    pub description_html: String,
    /// In the order `path.toml` lists them.
    pub modules: Vec<Module>,
    /// Python environments declared in `environments/`, by name.
    pub environments: std::collections::BTreeMap<String, super::environments::Environment>,
    module_index: HashMap<String, usize>,
    /// (module, lesson) positions in path order, and each lesson id's place in it.
    order: Vec<(usize, usize)>,
    order_index: HashMap<String, usize>,
    /// Full-text search over titles, headings, text and task prompts.
    pub search: SearchIndex,
}

/// A folder of lessons with a shared theme, in path order.
#[derive(Debug)]
pub struct Module {
    /// Folder name; the module's part of every URL and id.
    pub slug: String,
    /// From `module.toml`; shown in the trail and headings.
    pub title: String,
    /// One line from `module.toml` for the module's card.
    pub summary: String,
    /// Slugs of modules recommended before this one.
    pub requires: Vec<String>,
    /// Author's estimate, shown on the module's card.
    pub estimated_hours: Option<f64>,
    /// In path order (by file name).
    pub lessons: Vec<Lesson>,
    lesson_index: HashMap<String, usize>,
    /// The module's tasks by name (the part of the id after `<module>/`).
    pub tasks: HashMap<String, Task>,
    /// Files beside the lessons, by path relative to the module folder (with `/`).
    pub assets: HashMap<String, PathBuf>,
}

/// Everything a [`Module`] is built from, in path order.
#[derive(Debug)]
pub struct ModuleParts {
    /// Folder name; becomes [`Module::slug`].
    pub slug: String,
    /// Becomes [`Module::title`].
    pub title: String,
    /// Becomes [`Module::summary`].
    pub summary: String,
    /// Becomes [`Module::requires`].
    pub requires: Vec<String>,
    /// Becomes [`Module::estimated_hours`].
    pub estimated_hours: Option<f64>,
    /// Becomes [`Module::lessons`].
    pub lessons: Vec<Lesson>,
    /// Becomes [`Module::tasks`].
    pub tasks: HashMap<String, Task>,
    /// Becomes [`Module::assets`].
    pub assets: HashMap<String, PathBuf>,
}

/// A piece of a lesson body: rendered HTML, or the place where a task sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Rendered Markdown between tasks, trusted as Cairn rendered it.
    Html(String),
    /// A task's name within the lesson's module.
    Task(String),
}

/// One lesson page, rendered.
#[derive(Debug)]
pub struct Lesson {
    /// Stable id `<module>/<slug>`: the key progress is stored under.
    pub id: String,
    /// File name without its number prefix; the lesson's part of the URL.
    pub slug: String,
    /// From the front matter; page title and trail label.
    pub title: String,
    /// One line from the front matter for lesson lists and search.
    pub summary: String,
    /// Author's estimate, shown beside the title.
    pub estimated_minutes: Option<u32>,
    /// What the learner will be able to do, listed above the body.
    pub objectives: Vec<String>,
    /// The rendered body, split where tasks are placed.
    pub body: Vec<Segment>,
    /// The lesson's headings, for the on-page contents.
    pub toc: Vec<TocEntry>,
    /// Where the lesson is served, for links to it.
    pub url: String,
}

impl Lesson {
    /// Names of the tasks placed in this lesson, in page order.
    pub fn task_names(&self) -> impl Iterator<Item = &str> {
        self.body.iter().filter_map(|segment| match segment {
            Segment::Task(name) => Some(name.as_str()),
            Segment::Html(_) => None,
        })
    }
}

impl Catalog {
    /// Builds the catalog and its indexes from modules already in path order.
    pub fn new(title: String, description_html: String, modules: Vec<Module>) -> Self {
        let module_index = modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.slug.clone(), i))
            .collect();
        let order: Vec<(usize, usize)> = modules
            .iter()
            .enumerate()
            .flat_map(|(m, module)| (0..module.lessons.len()).map(move |l| (m, l)))
            .collect();
        let order_index = order
            .iter()
            .enumerate()
            .map(|(i, &(m, l))| (modules[m].lessons[l].id.clone(), i))
            .collect();
        let mut catalog = Self {
            title,
            description_html,
            modules,
            environments: std::collections::BTreeMap::new(),
            module_index,
            order,
            order_index,
            search: SearchIndex::default(),
        };
        catalog.search = SearchIndex::build(&catalog.modules);
        catalog
    }

    /// The module with this slug.
    pub fn module(&self, slug: &str) -> Option<&Module> {
        self.module_index.get(slug).map(|&i| &self.modules[i])
    }

    /// A task by the slugs of a `/learn/{module}/{lesson}/tasks/{task}` URL, only where
    /// that lesson places it.
    pub fn placed_task(
        &self,
        module: &str,
        lesson: &str,
        task: &str,
    ) -> Option<(&Module, &Lesson, &Task)> {
        let module = self.module(module)?;
        let (_, lesson) = module.lesson(lesson)?;
        let task = module.task_in_lesson(lesson, task)?;
        Some((module, lesson, task))
    }

    /// Every lesson in path order, with its module.
    pub fn lessons(&self) -> impl Iterator<Item = (&Module, &Lesson)> {
        self.modules
            .iter()
            .flat_map(|m| m.lessons.iter().map(move |l| (m, l)))
    }

    /// The lessons before and after `lesson` in path order, crossing module boundaries.
    pub fn neighbours(&self, lesson: &Lesson) -> (Option<&Lesson>, Option<&Lesson>) {
        let Some(&i) = self.order_index.get(&lesson.id) else {
            return (None, None);
        };
        let at = |i: usize| self.order.get(i).map(|&(m, l)| &self.modules[m].lessons[l]);
        (i.checked_sub(1).and_then(at), at(i + 1))
    }

    /// The task with id `<module>/<name>`.
    pub fn task(&self, id: &str) -> Option<&Task> {
        let (module, name) = id.split_once('/')?;
        self.module(module)?.tasks.get(name)
    }

    /// The module and lesson a task is placed in.
    pub fn lesson_of_task(&self, id: &str) -> Option<(&Module, &Lesson)> {
        let (module, name) = id.split_once('/')?;
        let module = self.module(module)?;
        let lesson = module
            .lessons
            .iter()
            .find(|lesson| lesson.task_names().any(|n| n == name))?;
        Some((module, lesson))
    }

    /// Total points of every task in the path.
    pub fn total_points(&self) -> u32 {
        self.modules
            .iter()
            .flat_map(|m| m.tasks.values())
            .map(|t| t.points)
            .sum()
    }

    /// Number of tasks in the whole path.
    pub fn task_count(&self) -> usize {
        self.modules.iter().map(|m| m.tasks.len()).sum()
    }

    /// Number of lessons in the whole path.
    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|m| m.lessons.len()).sum()
    }
}

/// The catalog's full-text search: lessons go into a [`search::Index`] as passages, and
/// what it finds comes back as [`Hit`]s pointing into the catalog. It lives here, not in
/// `search`, so the index needs nothing from the catalog.
#[derive(Debug, Default)]
pub struct SearchIndex {
    index: search::Index,
}

impl SearchIndex {
    /// Indexes every lesson of `modules`: its title, headings, tasks' titles and
    /// prompts, and body text (see `search` for why nothing else of a task).
    pub fn build(modules: &[Module]) -> Self {
        let mut index = search::Index::default();
        for (m, module) in modules.iter().enumerate() {
            for (l, lesson) in module.lessons.iter().enumerate() {
                let mut passages = vec![Passage::title(&lesson.title)];
                passages.extend(
                    lesson
                        .toc
                        .iter()
                        .map(|entry| Passage::heading(&entry.text, &entry.id)),
                );
                passages.extend(
                    lesson
                        .task_names()
                        .filter_map(|name| module.tasks.get(name))
                        .map(|task| Passage::task(&task.title, &task.prompt_html, task.anchor())),
                );
                passages.push(Passage::body(lesson.body.iter().filter_map(
                    |segment| match segment {
                        Segment::Html(html) => Some(html.as_str()),
                        Segment::Task(_) => None,
                    },
                )));
                index.add(m, l, passages);
            }
        }
        Self { index }
    }

    /// Every text the index holds, so a test can prove no task secret is among them.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.index.texts()
    }

    /// The best lessons of `catalog` for `query`, at most [`search::MAX_RESULTS`].
    pub fn search<'c>(&self, catalog: &'c Catalog, query: &str) -> Vec<Hit<'c>> {
        self.index
            .search(query)
            .into_iter()
            .filter_map(|found| {
                let module = catalog.modules.get(found.module)?;
                let lesson = module.lessons.get(found.lesson)?;
                let url = match found.anchor {
                    Some(anchor) => format!("{}#{anchor}", lesson.url),
                    None => lesson.url.clone(),
                };
                Some(Hit {
                    title: &lesson.title,
                    module_title: &module.title,
                    url,
                    snippet: found.snippet,
                })
            })
            .collect()
    }
}

impl Module {
    /// Builds a module and its slug index from lessons already in order.
    pub fn new(parts: ModuleParts) -> Self {
        let lesson_index = parts
            .lessons
            .iter()
            .enumerate()
            .map(|(i, l)| (l.slug.clone(), i))
            .collect();
        Self {
            slug: parts.slug,
            title: parts.title,
            summary: parts.summary,
            requires: parts.requires,
            estimated_hours: parts.estimated_hours,
            lessons: parts.lessons,
            lesson_index,
            tasks: parts.tasks,
            assets: parts.assets,
        }
    }

    /// Ids of the tasks that complete `lesson` once all are solved.
    pub fn required_task_ids(&self, lesson: &Lesson) -> Vec<&str> {
        lesson
            .task_names()
            .filter_map(|name| self.tasks.get(name))
            .filter(|task| task.required)
            .map(|task| task.id.as_str())
            .collect()
    }

    /// The task with this name and the lesson it is placed in.
    pub fn task_in_lesson(&self, lesson: &Lesson, name: &str) -> Option<&Task> {
        lesson
            .task_names()
            .any(|n| n == name)
            .then(|| self.tasks.get(name))
            .flatten()
    }

    /// The module page's URL.
    pub fn url(&self) -> String {
        format!("/learn/{}", self.slug)
    }

    /// The lesson with this slug and its position in the module.
    pub fn lesson(&self, slug: &str) -> Option<(usize, &Lesson)> {
        self.lesson_index.get(slug).map(|&i| (i, &self.lessons[i]))
    }
}
