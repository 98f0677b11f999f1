//! Task definitions: TOML in, [`Task`] out, with every problem located.
//!
//! One struct holds the fields of every kind (unknown fields are rejected by serde);
//! [`compile`] then checks that each field fits the task's kind, compiles patterns and
//! expressions, evaluates the answer for every variant, and renders the Markdown fields
//! with the same pipeline as lessons.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::check::{evaluate, normalise};
use super::{
    Choice, ChoiceOption, Kind, Numeric, NumericAnswer, Param, ProgramRun, Python, PythonTest,
    Task, Text, Variant,
};
use crate::content::markdown::{self, LinkResolver};
use crate::content::problems::{line_of, Problems};

/// Most variants `cairn check` evaluates for one task.
const MAX_VARIANTS: usize = 100_000;
/// Most values one range parameter may expand to.
const MAX_RANGE_VALUES: usize = 10_000;

/// The kinds `kind` may name.
pub const KINDS: &[&str] = &["choice", "numeric", "text", "python"];

/// A task's TOML, every kind's fields together.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFile {
    pub id: Option<Spanned<String>>,
    pub kind: Spanned<String>,
    pub title: String,
    pub prompt: String,
    #[serde(default)]
    pub hints: Vec<String>,
    pub explanation: Option<String>,
    #[serde(default)]
    pub points: PointsFile,
    #[serde(default = "yes")]
    pub required: bool,
    pub max_attempts: Option<u32>,
    // choice
    pub options: Option<Spanned<Vec<OptionFile>>>,
    pub shuffle: Option<bool>,
    // numeric
    pub answer: Option<Spanned<AnswerFile>>,
    pub tolerance: Option<f64>,
    pub relative_tolerance: Option<f64>,
    pub unit: Option<String>,
    pub params: Option<Spanned<BTreeMap<String, ParamFile>>>,
    // text
    pub accepted: Option<Vec<String>>,
    pub pattern: Option<Spanned<String>>,
    pub case_sensitive: Option<bool>,
    // python
    pub file: Option<String>,
    pub visible_tests: Option<Spanned<Vec<String>>>,
    pub show_messages: Option<bool>,
    pub cpu_seconds: Option<u64>,
    pub memory_mb: Option<u64>,
    pub environment: Option<String>,
    pub run: Option<Vec<String>>,
    pub processes: Option<u32>,
}

/// `points = 10`, or points by attempt, `points = [10, 7, 5]` (the last value repeats).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PointsFile {
    One(u32),
    ByAttempt(Vec<u32>),
}

impl Default for PointsFile {
    fn default() -> Self {
        Self::One(1)
    }
}

fn yes() -> bool {
    true
}

/// One option of a choice task.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    pub feedback: Option<String>,
}

/// A numeric answer: a number, or an expression over the parameters.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AnswerFile {
    Number(f64),
    Integer(i64),
    Expression(String),
}

/// A parameter: a list of values, or an inclusive range with a step (default 1).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ParamFile {
    List(Vec<f64>),
    Range(RangeFile),
}

/// `{ min = 2, max = 10, step = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeFile {
    pub min: f64,
    pub max: f64,
    pub step: Option<f64>,
}

/// Where a task's TOML sits, to turn spans into lines of the right file.
pub struct Origin<'a> {
    pub file: &'a Path,
    /// The TOML text (the file, or the body of an inline block).
    pub text: &'a str,
    /// Line of `text`'s first line within `file`.
    pub first_line: usize,
    /// The other files of a task folder (`starter.py`, `tests/test_x.py`...), by path.
    pub folder: Option<&'a BTreeMap<String, String>>,
}

impl Origin<'_> {
    fn line(&self, offset: usize) -> Option<usize> {
        Some(self.first_line + line_of(self.text, offset) - 1)
    }
}

/// Parses and compiles one task; `None` (with problems recorded) if it is unusable.
pub fn load(
    origin: &Origin<'_>,
    module: &str,
    default_name: Option<&str>,
    links: &dyn LinkResolver,
    problems: &mut Problems,
) -> Option<Task> {
    let file: TaskFile =
        match crate::content::front_matter::parse_toml(origin.text, origin.file, origin.first_line)
        {
            Ok(file) => file,
            Err(problem) => {
                problems.add(problem);
                return None;
            }
        };
    compile(file, origin, module, default_name, links, problems)
}

/// Checks a parsed task against its kind and builds the [`Task`].
pub fn compile(
    file: TaskFile,
    origin: &Origin<'_>,
    module: &str,
    default_name: Option<&str>,
    links: &dyn LinkResolver,
    problems: &mut Problems,
) -> Option<Task> {
    let errors_before = problems.error_count();
    let name = match (&file.id, default_name) {
        (Some(id), Some(stem)) if id.get_ref() != stem => {
            problems.field_error(
                origin.file,
                origin.line(id.span().start),
                "id",
                format!(
                    "`{}` differs from the file name `{stem}`; remove `id` or make them equal",
                    id.get_ref()
                ),
            );
            None
        }
        (Some(id), _) => Some(id.get_ref().clone()),
        (None, Some(stem)) => Some(stem.to_owned()),
        (None, None) => {
            problems.field_error(
                origin.file,
                Some(origin.first_line),
                "id",
                "an inline task needs an `id`",
            );
            None
        }
    };
    if let Some(name) = &name {
        if !is_task_name(name) {
            problems.field_error(
                origin.file,
                Some(origin.first_line),
                "id",
                "task ids use lowercase letters, digits and '-'",
            );
        }
    }
    let kind = file.kind.get_ref().as_str();
    let kind_line = origin.line(file.kind.span().start);
    let render = |text: &str, field: &str, problems: &mut Problems| {
        if text.contains(['\u{8}', '\u{c}']) {
            problems.field_error(
                origin.file,
                kind_line,
                field,
                "holds a control character: in a \"\"\"...\"\"\" string `\\f` and `\\b` (as in `\\frac`, `\\beta`) are escapes; write LaTeX in '''...''' strings",
            );
        }
        if let Some(bad) = spaced_placeholder(text) {
            problems.field_error(
                origin.file,
                kind_line,
                field,
                format!(
                    "`{bad}` is shown as written: placeholders have no spaces, like {{{{name}}}}"
                ),
            );
        }
        let (rendered, issues) = markdown::render(text, links);
        for issue in issues {
            problems.field_error(origin.file, kind_line, field, issue.message);
        }
        rendered.html
    };
    let prompt_html = render(&file.prompt, "prompt", problems);
    let hints_html = file
        .hints
        .iter()
        .map(|h| render(h, "hints", problems))
        .collect();
    let explanation_html = file
        .explanation
        .as_deref()
        .map(|e| render(e, "explanation", problems));
    if file.max_attempts == Some(0) {
        problems.field_error(
            origin.file,
            None,
            "max_attempts",
            "must be at least 1 (leave it out for no limit)",
        );
    }
    let attempt_points = match &file.points {
        PointsFile::One(points) => vec![*points],
        PointsFile::ByAttempt(list) => list.clone(),
    };
    if attempt_points.is_empty() || attempt_points.windows(2).any(|w| w[1] > w[0]) {
        problems.field_error(
            origin.file,
            None,
            "points",
            "a list of points needs at least one value, none larger than the one before",
        );
    }
    if KINDS.contains(&kind) {
        report_unused(&file, origin, kind, problems);
    }
    let kind = match kind {
        "choice" => compile_choice(&file, origin, &render, problems).map(Kind::Choice),
        "numeric" => compile_numeric(&file, origin, &prompt_html, problems).map(Kind::Numeric),
        "text" => compile_text(&file, origin, problems).map(Kind::Text),
        "python" => compile_python(&file, origin, problems).map(Kind::Python),
        other => {
            problems.field_error(
                origin.file,
                kind_line,
                "kind",
                format!("unknown kind `{other}`; use one of: {}", KINDS.join(", ")),
            );
            None
        }
    };
    if problems.error_count() > errors_before {
        return None;
    }
    let name = name?;
    Some(Task {
        id: format!("{module}/{name}"),
        name,
        title: file.title,
        prompt_html,
        hints_html,
        explanation_html,
        points: attempt_points.first().copied().unwrap_or_default(),
        attempt_points,
        required: file.required,
        max_attempts: file.max_attempts,
        kind: kind?,
        content_hash: hex::encode(Sha256::digest(origin.text.as_bytes())),
        source: origin.file.to_path_buf(),
    })
}

/// A `{{ name }}` placeholder written with spaces, which is not filled in.
fn spaced_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let end = start + rest[start..].find("}}")? + 2;
        let inner = &rest[start + 2..end - 2];
        if inner != inner.trim() && is_identifier(inner.trim()) {
            return Some(rest[start..end].to_owned());
        }
        rest = &rest[end..];
    }
    None
}

/// Task ids: lowercase letters, digits and '-'.
pub fn is_task_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The fields only some kinds use, and those kinds.
const KIND_FIELDS: &[(&str, &[&str])] = &[
    ("options", &["choice"]),
    ("shuffle", &["choice"]),
    ("answer", &["numeric"]),
    ("tolerance", &["numeric"]),
    ("relative_tolerance", &["numeric"]),
    ("unit", &["numeric"]),
    ("params", &["numeric"]),
    ("accepted", &["text"]),
    ("pattern", &["text"]),
    ("case_sensitive", &["text"]),
    ("file", &["python"]),
    ("visible_tests", &["python"]),
    ("show_messages", &["python"]),
    ("cpu_seconds", &["python"]),
    ("memory_mb", &["python"]),
    ("environment", &["python"]),
    ("run", &["python"]),
    ("processes", &["python"]),
];

impl TaskFile {
    /// Whether a kind-specific field is set.
    fn is_set(&self, field: &str) -> bool {
        match field {
            "options" => self.options.is_some(),
            "shuffle" => self.shuffle.is_some(),
            "answer" => self.answer.is_some(),
            "tolerance" => self.tolerance.is_some(),
            "relative_tolerance" => self.relative_tolerance.is_some(),
            "unit" => self.unit.is_some(),
            "params" => self.params.is_some(),
            "accepted" => self.accepted.is_some(),
            "pattern" => self.pattern.is_some(),
            "case_sensitive" => self.case_sensitive.is_some(),
            "file" => self.file.is_some(),
            "visible_tests" => self.visible_tests.is_some(),
            "show_messages" => self.show_messages.is_some(),
            "cpu_seconds" => self.cpu_seconds.is_some(),
            "memory_mb" => self.memory_mb.is_some(),
            "environment" => self.environment.is_some(),
            "run" => self.run.is_some(),
            "processes" => self.processes.is_some(),
            _ => false,
        }
    }
}

/// Reports fields set on a task whose kind does not use them.
fn report_unused(file: &TaskFile, origin: &Origin<'_>, kind: &str, problems: &mut Problems) {
    for (field, kinds) in KIND_FIELDS {
        if file.is_set(field) && !kinds.contains(&kind) {
            problems.field_error(
                origin.file,
                None,
                field,
                format!(
                    "`{field}` is not used by {kind} tasks; it belongs to {} tasks",
                    kinds.join(", ")
                ),
            );
        }
    }
}

fn compile_choice(
    file: &TaskFile,
    origin: &Origin<'_>,
    render: &dyn Fn(&str, &str, &mut Problems) -> String,
    problems: &mut Problems,
) -> Option<Choice> {
    let Some(options) = &file.options else {
        problems.field_error(
            origin.file,
            None,
            "options",
            "a choice task needs `[[options]]`",
        );
        return None;
    };
    let line = origin.line(options.span().start);
    let options = options.get_ref();
    let correct = options.iter().filter(|o| o.correct).count();
    if options.len() < 2 {
        problems.field_error(
            origin.file,
            line,
            "options",
            "a choice task needs at least two options",
        );
    }
    if correct == 0 {
        problems.field_error(
            origin.file,
            line,
            "options",
            "no option is marked `correct = true`",
        );
    }
    let options = options
        .iter()
        .map(|o| ChoiceOption {
            html: render(&o.text, "options", problems),
            correct: o.correct,
            feedback_html: o
                .feedback
                .as_deref()
                .map(|f| render(f, "options", problems)),
        })
        .collect();
    Some(Choice {
        options,
        multiple: correct > 1,
        shuffle: file.shuffle.unwrap_or(false),
    })
}

fn compile_params(file: &TaskFile, origin: &Origin<'_>, problems: &mut Problems) -> Vec<Param> {
    let Some(params) = &file.params else {
        return Vec::new();
    };
    let line = origin.line(params.span().start);
    let mut compiled = Vec::new();
    for (name, spec) in params.get_ref() {
        let values = match spec {
            ParamFile::List(values) => values.clone(),
            ParamFile::Range(range) => {
                let step = range.step.unwrap_or(1.0);
                let count = ((range.max - range.min) / step).floor();
                let valid = step > 0.0 && count >= 0.0 && count < MAX_RANGE_VALUES as f64;
                if !valid {
                    problems.field_error(
                        origin.file,
                        line,
                        "params",
                        format!("`{name}`: a range needs min <= max, a positive step, and at most {MAX_RANGE_VALUES} values"),
                    );
                    continue;
                }
                (0..=count as usize)
                    .map(|i| range.min + step * i as f64)
                    .collect()
            }
        };
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            problems.field_error(
                origin.file,
                line,
                "params",
                format!("`{name}` needs at least one finite value"),
            );
            continue;
        }
        if !is_identifier(name) {
            problems.field_error(
                origin.file,
                line,
                "params",
                format!("`{name}` must be a name like `n` or `batch_size`"),
            );
            continue;
        }
        compiled.push(Param {
            name: name.clone(),
            values,
        });
    }
    compiled
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn compile_numeric(
    file: &TaskFile,
    origin: &Origin<'_>,
    prompt_html: &str,
    problems: &mut Problems,
) -> Option<Numeric> {
    let params = compile_params(file, origin, problems);
    for param in &params {
        if !prompt_html.contains(&format!("{{{{{}}}}}", param.name)) {
            problems.warning(
                origin.file,
                None,
                format!(
                    "parameter `{}` is never shown: write {{{{{}}}}} in the prompt",
                    param.name, param.name
                ),
            );
        }
    }
    let Some(answer) = &file.answer else {
        problems.field_error(
            origin.file,
            None,
            "answer",
            "a numeric task needs an `answer` (a number or an expression)",
        );
        return None;
    };
    let line = origin.line(answer.span().start);
    let answer = match answer.get_ref() {
        AnswerFile::Number(v) => NumericAnswer::Fixed(*v),
        AnswerFile::Integer(v) => NumericAnswer::Fixed(*v as f64),
        AnswerFile::Expression(e) => NumericAnswer::Expression(e.clone()),
    };
    if let NumericAnswer::Expression(expression) = &answer {
        match Variant::all(&params, MAX_VARIANTS) {
            None => problems.field_error(
                origin.file,
                line,
                "params",
                format!("more than {MAX_VARIANTS} variants; use fewer values"),
            ),
            Some(variants) => {
                for variant in variants {
                    if let Err(err) = evaluate(expression, &variant) {
                        let values: Vec<String> = variant
                            .values
                            .iter()
                            .map(|(n, v)| format!("{n} = {v}"))
                            .collect();
                        problems.field_error(
                            origin.file,
                            line,
                            "answer",
                            format!(
                                "`{expression}` fails for {}: {err}",
                                if values.is_empty() {
                                    "the task".into()
                                } else {
                                    values.join(", ")
                                }
                            ),
                        );
                        break;
                    }
                }
            }
        }
    }
    let tolerance = file.tolerance.unwrap_or(0.0);
    let relative_tolerance = file
        .relative_tolerance
        .unwrap_or(if file.tolerance.is_some() { 0.0 } else { 1e-9 });
    if tolerance < 0.0 || relative_tolerance < 0.0 {
        problems.field_error(
            origin.file,
            None,
            "tolerance",
            "tolerances cannot be negative",
        );
    }
    Some(Numeric {
        answer,
        params,
        tolerance,
        relative_tolerance,
        unit: file.unit.clone(),
    })
}

fn compile_text(file: &TaskFile, origin: &Origin<'_>, problems: &mut Problems) -> Option<Text> {
    let case_sensitive = file.case_sensitive.unwrap_or(false);
    let accepted: Vec<String> = file
        .accepted
        .iter()
        .flatten()
        .map(|a| normalise(a, case_sensitive))
        .filter(|a| !a.is_empty())
        .collect();
    let pattern = file.pattern.as_ref().and_then(|pattern| {
        let anchored = format!("^(?:{})$", pattern.get_ref());
        match regex::RegexBuilder::new(&anchored)
            .case_insensitive(!case_sensitive)
            .size_limit(1 << 20)
            .build()
        {
            Ok(regex) => Some(regex),
            Err(err) => {
                problems.field_error(
                    origin.file,
                    origin.line(pattern.span().start),
                    "pattern",
                    format!("the regular expression does not compile: {err}"),
                );
                None
            }
        }
    });
    if accepted.is_empty() && file.pattern.is_none() {
        problems.field_error(
            origin.file,
            None,
            "accepted",
            "a text task needs `accepted` answers or a `pattern`",
        );
        return None;
    }
    Some(Text {
        accepted,
        pattern,
        case_sensitive,
    })
}

/// Most copies of a program exercise started at once.
const MAX_PROCESSES: u32 = 8;

/// `run` and `processes` of a program exercise, checked.
fn program_run(
    file: &TaskFile,
    file_name: &str,
    origin: &Origin<'_>,
    problems: &mut Problems,
) -> Option<ProgramRun> {
    let processes = file.processes.unwrap_or(1);
    if !(1..=MAX_PROCESSES).contains(&processes) {
        problems.field_error(
            origin.file,
            None,
            "processes",
            format!("must be between 1 and {MAX_PROCESSES}"),
        );
    }
    let Some(run) = &file.run else {
        if file.processes.is_some() {
            problems.field_error(
                origin.file,
                None,
                "processes",
                "only a program exercise starts processes: add run = [\"python\", \"<file>\"]",
            );
        }
        return None;
    };
    match run.as_slice() {
        [python, file, args @ ..] if python == "python" && file == file_name => Some(ProgramRun {
            args: args.to_vec(),
            processes,
        }),
        _ => {
            problems.field_error(
                origin.file,
                None,
                "run",
                format!("must start with \"python\", \"{file_name}\" (the learner's file), then any arguments"),
            );
            None
        }
    }
}

/// Most CPU seconds and MiB a task may ask for; the operator's limits may be lower.
const MAX_CPU_SECONDS: u64 = 30;
const MAX_MEMORY_MB: u64 = 2048;

fn compile_python(file: &TaskFile, origin: &Origin<'_>, problems: &mut Problems) -> Option<Python> {
    let Some(folder) = origin.folder else {
        problems.field_error(
            origin.file,
            Some(origin.first_line),
            "kind",
            "a python task needs a folder: tasks/<id>/task.toml with starter.py, solution.py and tests/test_*.py",
        );
        return None;
    };
    let file_name = file
        .file
        .clone()
        .unwrap_or_else(|| "solution.py".to_owned());
    let module = file_name.strip_suffix(".py").unwrap_or("").to_owned();
    let valid_module = is_identifier(&module)
        && module != "harness"
        && module != "cairn"
        && !module.starts_with("test_");
    if !valid_module {
        problems.field_error(
            origin.file,
            None,
            "file",
            format!("`{file_name}` must be a Python module file name such as `solution.py`"),
        );
    }
    let mut required = |name: &str| match folder.get(name) {
        Some(text) => Some(text.clone()),
        None => {
            problems.error(
                &origin.file.with_file_name(name),
                None,
                format!("missing {name}: a python task folder needs starter.py, solution.py and tests/test_*.py"),
            );
            None
        }
    };
    let starter = required("starter.py");
    let solution = required("solution.py");
    let visible: Vec<String> = file
        .visible_tests
        .as_ref()
        .map(|v| v.get_ref().clone())
        .unwrap_or_default();
    let tests: Vec<PythonTest> = folder
        .iter()
        .filter_map(|(path, source)| {
            let name = path.strip_prefix("tests/")?;
            (name.starts_with("test_") && name.ends_with(".py") && !name.contains('/')).then(|| {
                PythonTest {
                    name: name.to_owned(),
                    source: source.clone(),
                    visible: visible.iter().any(|v| v == name),
                }
            })
        })
        .collect();
    // Plausible wrong solutions (`wrong/*.py`) that `cairn check` proves fail.
    let wrong: Vec<(String, String)> = folder
        .iter()
        .filter_map(|(path, source)| {
            let name = path.strip_prefix("wrong/")?;
            (name.ends_with(".py") && !name.contains('/'))
                .then(|| (name.to_owned(), source.clone()))
        })
        .collect();
    if tests.is_empty() {
        problems.error(
            &origin.file.with_file_name("tests"),
            None,
            "a python task needs at least one tests/test_*.py file",
        );
    }
    if let Some(listed) = &file.visible_tests {
        for name in listed.get_ref() {
            if !tests.iter().any(|t| &t.name == name) {
                problems.field_error(
                    origin.file,
                    origin.line(listed.span().start),
                    "visible_tests",
                    format!("no test file tests/{name}"),
                );
            }
        }
    }
    if file
        .cpu_seconds
        .is_some_and(|s| s == 0 || s > MAX_CPU_SECONDS)
    {
        problems.field_error(
            origin.file,
            None,
            "cpu_seconds",
            format!("must be between 1 and {MAX_CPU_SECONDS}"),
        );
    }
    if file
        .memory_mb
        .is_some_and(|m| !(32..=MAX_MEMORY_MB).contains(&m))
    {
        problems.field_error(
            origin.file,
            None,
            "memory_mb",
            format!("must be between 32 and {MAX_MEMORY_MB}"),
        );
    }
    let program = program_run(file, &file_name, origin, problems);
    Some(Python {
        file_name,
        module,
        starter: starter?,
        solution: solution?,
        tests,
        show_messages: file.show_messages.unwrap_or(false),
        cpu_seconds: file.cpu_seconds,
        memory_mb: file.memory_mb,
        wrong,
        environment: file.environment.clone(),
        program,
    })
}
