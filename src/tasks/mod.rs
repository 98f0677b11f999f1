//! Checkable tasks: their types, per-learner variants and pure checking.
//!
//! A [`Task`] is built by the content loader (`content::task_definition` turns a task's
//! TOML into one); `variant` picks each learner's stable parameter values; `check`
//! compares an answer with the task and returns a [`Verdict`]. Nothing here touches the
//! disk, the database or HTTP, and nothing here reads TOML or Markdown.

pub mod check;
pub mod variant;

use std::path::PathBuf;

pub use check::{check, Answer, Rejected, Verdict};
pub use variant::Variant;

/// A task as the catalog holds it: prompt and hints already rendered to HTML.
#[derive(Debug)]
pub struct Task {
    /// `<module>/<name>`: the key attempts are stored under.
    pub id: String,
    /// The name inside its module; also the page anchor `task-<name>`.
    pub name: String,
    /// Shown above the prompt.
    pub title: String,
    /// Rendered prompt; `{{param}}` placeholders are filled per learner.
    pub prompt_html: String,
    /// Rendered hints, revealed one at a time.
    pub hints_html: Vec<String>,
    /// Rendered explanation, shown once the task is solved.
    pub explanation_html: Option<String>,
    /// The most a task gives: the points of a first-attempt solution.
    pub points: u32,
    /// Points by attempt (`[10, 7, 5]`: 10 on the first, 7 on the second, 5 from the
    /// third on); one value when attempts cost nothing.
    pub attempt_points: Vec<u32>,
    /// Counts toward completing the lesson.
    pub required: bool,
    /// Attempts allowed before the task locks; `None` for no limit.
    pub max_attempts: Option<u32>,
    /// The answer it takes and how it is checked.
    pub kind: Kind,
    /// SHA-256 of the task's source, stored with each attempt.
    pub content_hash: String,
    /// Where the task is defined, for reports.
    pub source: PathBuf,
}

/// What kind of answer a task takes and how it is checked.
#[derive(Debug)]
pub enum Kind {
    /// Pick one or several options.
    Choice(Choice),
    /// Type a number, checked within a tolerance.
    Numeric(Numeric),
    /// Type a word or phrase.
    Text(Text),
    /// Code graded by hidden tests in the sandbox, asynchronously (see `grader`).
    Python(Python),
}

/// A Python exercise: the learner edits one file; instructor tests import it.
#[derive(Debug)]
pub struct Python {
    /// The learner's file, such as `solution.py`.
    pub file_name: String,
    /// The module name the tests import (`solution`).
    pub module: String,
    /// What the editor opens with.
    pub starter: String,
    /// The reference solution; never served.
    pub solution: String,
    /// Every test file, hidden and visible.
    pub tests: Vec<PythonTest>,
    /// Show hidden tests' assertion messages and the learner's exception messages
    /// (off unless the task opts in; see `web::feedback` for all a learner sees).
    pub show_messages: bool,
    /// Limits for this task, within the operator's maximums.
    pub cpu_seconds: Option<u64>,
    /// Memory limit for this task, within the operator's maximum.
    pub memory_mb: Option<u64>,
    /// Known-wrong solutions by file name (`wrong/two_passes.py`): each must fail a
    /// test, which `cairn check` proves; never served.
    pub wrong: Vec<(String, String)>,
    /// The environment (`content/environments/<name>/`) the exercise runs in; `None`
    /// runs it with the plain interpreter.
    pub environment: Option<String>,
    /// Run the learner's file as a program (`run = ["python", "train.py", ...]`)
    /// instead of importing it.
    pub program: Option<ProgramRun>,
}

/// How a program exercise runs the learner's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramRun {
    /// Arguments after the file name.
    pub args: Vec<String>,
    /// Copies started at once (`processes`), each told its `RANK`.
    pub processes: u32,
}

/// One test file of a Python exercise.
#[derive(Debug)]
pub struct PythonTest {
    /// File name under `tests/`, such as `test_basics.py`.
    pub name: String,
    /// The test file's Python source.
    pub source: String,
    /// Shown to the learner with its source.
    pub visible: bool,
}

/// Multiple choice: one correct option (radio buttons) or several (checkboxes).
#[derive(Debug)]
pub struct Choice {
    /// In the order written; shuffled per learner when `shuffle` is set.
    pub options: Vec<ChoiceOption>,
    /// More than one option is correct: checkboxes instead of radio buttons.
    pub multiple: bool,
    /// Show the options in a stable per-learner order.
    pub shuffle: bool,
}

/// One option of a choice task.
#[derive(Debug)]
pub struct ChoiceOption {
    /// The option, rendered from Markdown.
    pub html: String,
    /// Whether this option belongs to the right answer.
    pub correct: bool,
    /// Rendered feedback for a learner who chose this option.
    pub feedback_html: Option<String>,
}

/// A number, possibly computed from per-learner parameters.
#[derive(Debug)]
pub struct Numeric {
    /// The number expected.
    pub answer: NumericAnswer,
    /// Parameters whose values vary per learner.
    pub params: Vec<Param>,
    /// Largest absolute difference still accepted.
    pub tolerance: f64,
    /// Largest difference accepted, as a fraction of the expected value.
    pub relative_tolerance: f64,
    /// Shown after the input box, such as `ms`.
    pub unit: Option<String>,
}

/// The expected number: fixed, or an expression over the parameters.
#[derive(Debug)]
pub enum NumericAnswer {
    /// The same for every learner.
    Fixed(f64),
    /// Evaluated with the learner's parameter values.
    Expression(String),
}

/// A named parameter and the values a learner's variant may take.
#[derive(Debug, Clone)]
pub struct Param {
    /// How the prompt and the answer expression refer to it.
    pub name: String,
    /// The values a variant picks from.
    pub values: Vec<f64>,
}

/// Free text, compared after normalising, or matched by a regular expression.
#[derive(Debug)]
pub struct Text {
    /// Accepted answers, already normalised.
    pub accepted: Vec<String>,
    /// A regular expression an accepted answer may match instead.
    pub pattern: Option<regex::Regex>,
    /// Compare case as well; off by default.
    pub case_sensitive: bool,
}

impl Task {
    /// The anchor of the task on its lesson page.
    pub fn anchor(&self) -> String {
        format!("task-{}", self.name)
    }

    /// The parameters of a numeric task (none for other kinds).
    pub fn params(&self) -> &[Param] {
        match &self.kind {
            Kind::Numeric(numeric) => &numeric.params,
            _ => &[],
        }
    }

    /// Points a correct answer earns on attempt `number` (1-based); the last value repeats.
    pub fn points_on_attempt(&self, number: usize) -> u32 {
        let index = number
            .saturating_sub(1)
            .min(self.attempt_points.len().saturating_sub(1));
        self.attempt_points
            .get(index)
            .copied()
            .unwrap_or(self.points)
    }

    /// The schedule as JSON (`[10,7,5]`), for the store to pick an attempt's points in
    /// the same statement that counts the attempt.
    pub fn attempt_points_json(&self) -> String {
        let values: Vec<String> = self.attempt_points.iter().map(u32::to_string).collect();
        format!("[{}]", values.join(","))
    }

    /// Short name of the kind, for templates.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Choice(_) => "choice",
            Kind::Numeric(_) => "numeric",
            Kind::Text(_) => "text",
            Kind::Python(_) => "python",
        }
    }
}
