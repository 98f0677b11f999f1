//! Numeric tasks: a fixed number or an expression over per-learner parameters,
//! evaluated here for every variant so a broken expression is caught at load time.

use serde::Deserialize;

use super::{is_identifier, Origin, TaskFile};
use crate::content::problems::Problems;
use crate::tasks::check::evaluate;
use crate::tasks::{Numeric, NumericAnswer, Param, Variant};

/// The kind name `kind = "numeric"` selects.
pub(super) const KIND: &str = "numeric";

/// Most variants `cairn check` evaluates for one task.
const MAX_VARIANTS: usize = 100_000;
/// Most values one range parameter may expand to.
const MAX_RANGE_VALUES: usize = 10_000;

/// The fields only numeric tasks use, each with whether `file` sets it: the one list
/// the check for fields of another kind reads.
pub(super) fn fields(file: &TaskFile) -> Vec<(&'static str, bool)> {
    vec![
        ("answer", file.answer.is_some()),
        ("tolerance", file.tolerance.is_some()),
        ("relative_tolerance", file.relative_tolerance.is_some()),
        ("unit", file.unit.is_some()),
        ("params", file.params.is_some()),
    ]
}

/// A numeric answer: a number, or an expression over the parameters.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AnswerFile {
    /// A fixed answer written with a decimal point.
    Number(f64),
    /// A fixed answer written as a whole number.
    Integer(i64),
    /// An expression over the parameters, evaluated per variant.
    Expression(String),
}

/// A parameter: a list of values, or an inclusive range with a step (default 1).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ParamFile {
    /// Exactly these values.
    List(Vec<f64>),
    /// Evenly spaced values from `min` to `max`.
    Range(RangeFile),
}

/// `{ min = 2, max = 10, step = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeFile {
    /// First value.
    pub min: f64,
    /// Last value, included when the step lands on it.
    pub max: f64,
    /// Distance between values; 1 when absent.
    pub step: Option<f64>,
}

/// Expands `params` into each parameter's values.
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

/// Checks the answer (for every variant), tolerances and parameters.
pub(super) fn compile(
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
