//! Checking an answer, pure: `check(task, variant, answer)` gives a [`Verdict`], or a
//! [`Rejected`] answer that costs no attempt (empty, not a number, unknown option).

use super::{Choice, Kind, Numeric, NumericAnswer, Task, Text, Variant};

/// What a learner submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Indices of the chosen options, in definition order.
    Choice(Vec<usize>),
    /// A typed answer for numeric and text tasks.
    Value(String),
}

/// The outcome of one counted attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the answer is right; `score` may still give partial credit.
    pub correct: bool,
    /// 0.0 to 1.0.
    pub score: f64,
    /// Feedback attached to the chosen options (HTML rendered from the task).
    pub feedback: Vec<String>,
}

/// An answer that cannot be checked; the learner is told why and keeps the attempt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    /// Nothing was entered.
    #[error("Enter an answer first.")]
    Empty,
    /// A numeric task got something that does not parse as a number.
    #[error("That is not a number. Write digits, such as 1024, 1,024, 1.5 or 2e-3 (use a dot for decimals).")]
    NotANumber,
    /// A chosen option index the task does not have (a forged form).
    #[error("Choose one of the options shown.")]
    InvalidOption,
    /// A choice answer for a typed task, or the other way round.
    #[error("This answer does not fit this kind of task.")]
    WrongShape,
    /// The task itself is at fault (an expression that does not evaluate).
    #[error("This task cannot be checked right now; the problem has been logged.")]
    Broken,
}

/// Checks `answer` against `task` for the learner's `variant`.
pub fn check(task: &Task, variant: &Variant, answer: &Answer) -> Result<Verdict, Rejected> {
    match (&task.kind, answer) {
        (Kind::Choice(choice), Answer::Choice(chosen)) => check_choice(choice, chosen),
        (Kind::Numeric(numeric), Answer::Value(text)) => check_numeric(numeric, variant, text),
        (Kind::Text(spec), Answer::Value(text)) => check_text(spec, text),
        _ => Err(Rejected::WrongShape),
    }
}

fn verdict(correct: bool, feedback: Vec<String>) -> Verdict {
    Verdict {
        correct,
        score: if correct { 1.0 } else { 0.0 },
        feedback,
    }
}

fn check_choice(choice: &Choice, chosen: &[usize]) -> Result<Verdict, Rejected> {
    let mut chosen = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(Rejected::Empty);
    }
    if chosen.iter().any(|&i| i >= choice.options.len()) || (!choice.multiple && chosen.len() > 1) {
        return Err(Rejected::InvalidOption);
    }
    let correct = choice
        .options
        .iter()
        .enumerate()
        .all(|(i, option)| option.correct == chosen.contains(&i));
    let feedback = chosen
        .iter()
        .filter_map(|&i| choice.options[i].feedback_html.clone())
        .collect();
    Ok(verdict(correct, feedback))
}

/// Reads numbers as people type them: `1e3`, `1,024`, `1024.0`, `-0.5`, with the task's
/// unit allowed after the number. A comma is only a thousands separator.
pub fn parse_number(input: &str, unit: Option<&str>) -> Option<f64> {
    let mut text = input.trim();
    if let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        text = strip_unit(text, unit);
    }
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if cleaned.contains(',') && !thousands_grouped(&cleaned) {
        return None;
    }
    let cleaned = cleaned.replace(',', "");
    let valid_chars = cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    if cleaned.is_empty() || !valid_chars {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `text` without a trailing `unit` (ASCII letters in any case), or `text` as it is.
/// The split point is found with `str::get`, which refuses to cut inside a character:
/// an answer in another script, such as `١٢` or `1é`, then simply keeps its last
/// character and is later refused as not a number.
fn strip_unit<'a>(text: &'a str, unit: &str) -> &'a str {
    let Some(split) = text.len().checked_sub(unit.len()) else {
        return text;
    };
    match (text.get(..split), text.get(split..)) {
        (Some(number), Some(tail)) if !number.is_empty() && tail.eq_ignore_ascii_case(unit) => {
            number.trim_end()
        }
        _ => text,
    }
}

/// `1,024` and `12,345,678.5` but not `1,5` or `10,00`.
fn thousands_grouped(text: &str) -> bool {
    let digits = text.trim_start_matches(['+', '-']);
    let integer = digits.split(['.', 'e', 'E']).next().unwrap_or("");
    let mut groups = integer.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// The expected value of a numeric task for one variant.
pub fn expected(numeric: &Numeric, variant: &Variant) -> Result<f64, String> {
    match &numeric.answer {
        NumericAnswer::Fixed(value) => Ok(*value),
        NumericAnswer::Expression(expression) => evaluate(expression, variant),
    }
}

/// Evaluates an arithmetic expression with the variant's values bound to their names.
/// Every value is a float, so `n / 2` never truncates.
pub fn evaluate(expression: &str, variant: &Variant) -> Result<f64, String> {
    use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};
    let mut context: HashMapContext = HashMapContext::new();
    for (name, value) in &variant.values {
        context
            .set_value(name.clone(), Value::Float(*value))
            .map_err(|e| e.to_string())?;
    }
    let value: f64 = evalexpr::eval_number_with_context(&floats_only(expression), &context)
        .map_err(|e| e.to_string())?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(format!("the answer is not a finite number ({value})"))
    }
}

/// Writes integer literals as floats (`2` -> `2.0`) so division is never integer division.
fn floats_only(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len() + 8);
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = c.is_ascii_digit()
            && (i == 0
                || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '.'));
        if !starts_number {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let literal: String = chars[start..i].iter().collect();
        let exponent = i < chars.len() && (chars[i] == 'e' || chars[i] == 'E');
        out.push_str(&literal);
        if !literal.contains('.') && !exponent {
            out.push_str(".0");
        }
    }
    out
}

fn check_numeric(numeric: &Numeric, variant: &Variant, text: &str) -> Result<Verdict, Rejected> {
    if text.trim().is_empty() {
        return Err(Rejected::Empty);
    }
    let given = parse_number(text, numeric.unit.as_deref()).ok_or(Rejected::NotANumber)?;
    let expected = expected(numeric, variant).map_err(|_| Rejected::Broken)?;
    let allowed = numeric
        .tolerance
        .max(numeric.relative_tolerance * expected.abs());
    Ok(verdict((given - expected).abs() <= allowed, Vec::new()))
}

/// Trims, joins runs of whitespace into one space and (unless case matters) lowercases.
pub fn normalise(text: &str, case_sensitive: bool) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if case_sensitive {
        joined
    } else {
        joined.to_lowercase()
    }
}

fn check_text(spec: &Text, text: &str) -> Result<Verdict, Rejected> {
    let given = normalise(text, spec.case_sensitive);
    if given.is_empty() {
        return Err(Rejected::Empty);
    }
    let correct =
        spec.accepted.contains(&given) || spec.pattern.as_ref().is_some_and(|p| p.is_match(&given));
    Ok(verdict(correct, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{ChoiceOption, Param};

    #[test]
    fn numbers_are_read_as_people_write_them() {
        for (input, expected) in [
            ("1e3", 1000.0),
            ("1,024", 1024.0),
            ("1024.0", 1024.0),
            (" -0.5 ", -0.5),
            ("12,345,678.5", 12_345_678.5),
            ("1 000", 1000.0),
            ("2.5 s", 2.5),
            ("2.5s", 2.5),
            (".5", 0.5),
        ] {
            assert_eq!(parse_number(input, Some("s")), Some(expected), "{input}");
        }
        for input in [
            "", "abc", "1,5", "10,00", "1.2.3", "inf", "NaN", "1e999", "0x10", "5 GB",
        ] {
            assert_eq!(parse_number(input, Some("s")), None, "{input}");
        }
    }

    #[test]
    fn answers_in_other_scripts_next_to_a_unit_are_refused_not_a_panic() {
        for (input, unit, expected) in [
            ("1é", "s", None),
            ("١٢", "s", None),
            ("é1", "GB", None),
            ("1€", "GB", None),
            ("🙂", "s", None),
            ("0.4\u{301}s", "s", None),
            ("ééé", "GB", None),
            ("s", "s", None),
            ("1€", "€", Some(1.0)),
            ("2 µs", "µs", Some(2.0)),
            ("2 µS", "µs", Some(2.0)),
            ("3 GB", "gb", Some(3.0)),
        ] {
            assert_eq!(
                parse_number(input, Some(unit)),
                expected,
                "{input} in {unit}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_numeric_checker_never_panics(
            answer in proptest::prelude::any::<String>(),
            unit in proptest::option::of(proptest::prelude::any::<String>()),
        ) {
            let task = Numeric { unit, ..numeric(NumericAnswer::Fixed(1.0), 0.0, 0.0) };
            let variant = Variant { values: vec![("n".into(), 3.0)] };
            let _ = check_numeric(&task, &variant, &answer);
        }

        #[test]
        fn a_finite_number_then_the_unit_is_read_as_that_number(
            n in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            unit in "[a-zA-Zµ°%/²€]{1,4}",
        ) {
            proptest::prop_assert_eq!(parse_number(&format!("{n} {unit}"), Some(&unit)), Some(n));
        }
    }

    fn numeric(answer: NumericAnswer, tolerance: f64, relative: f64) -> Numeric {
        Numeric {
            answer,
            params: vec![Param {
                name: "n".into(),
                values: vec![3.0],
            }],
            tolerance,
            relative_tolerance: relative,
            unit: None,
        }
    }

    #[test]
    fn numeric_answers_respect_absolute_and_relative_tolerance() {
        let v = Variant {
            values: vec![("n".into(), 3.0)],
        };
        let abs = numeric(NumericAnswer::Expression("n / 2".into()), 0.01, 0.0);
        assert!(check_numeric(&abs, &v, "1.505").unwrap().correct);
        assert!(!check_numeric(&abs, &v, "1.52").unwrap().correct);
        let rel = numeric(NumericAnswer::Fixed(1000.0), 0.0, 0.01);
        assert!(check_numeric(&rel, &v, "1,009").unwrap().correct);
        assert!(!check_numeric(&rel, &v, "1,011").unwrap().correct);
        assert_eq!(check_numeric(&rel, &v, "lots"), Err(Rejected::NotANumber));
        assert_eq!(check_numeric(&rel, &v, "  "), Err(Rejected::Empty));
    }

    #[test]
    fn expressions_use_float_division_and_report_non_finite_results() {
        let v = Variant {
            values: vec![("n".into(), 4.0), ("n2".into(), 0.0)],
        };
        assert_eq!(evaluate("1/2", &v), Ok(0.5));
        assert_eq!(evaluate("2 * (n - 1) / n", &v), Ok(1.5));
        assert_eq!(evaluate("n^2 + 1e3", &v), Ok(1016.0));
        assert!(evaluate("1 / n2", &v).is_err());
        assert!(evaluate("n +", &v).is_err());
        assert!(evaluate("unknown * 2", &v).is_err());
    }

    fn choice(multiple: bool) -> Choice {
        let option = |correct, feedback: &str| ChoiceOption {
            html: String::new(),
            correct,
            feedback_html: Some(feedback.into()),
        };
        Choice {
            options: vec![
                option(true, "yes"),
                option(false, "no"),
                option(multiple, "also"),
            ],
            multiple,
            shuffle: false,
        }
    }

    #[test]
    fn choices_must_match_the_correct_set_exactly() {
        let single = choice(false);
        assert!(check_choice(&single, &[0]).unwrap().correct);
        assert_eq!(check_choice(&single, &[1]).unwrap().feedback, ["no"]);
        assert_eq!(check_choice(&single, &[0, 1]), Err(Rejected::InvalidOption));
        assert_eq!(check_choice(&single, &[7]), Err(Rejected::InvalidOption));
        assert_eq!(check_choice(&single, &[]), Err(Rejected::Empty));
        let multiple = choice(true);
        assert!(check_choice(&multiple, &[2, 0]).unwrap().correct);
        assert!(!check_choice(&multiple, &[0]).unwrap().correct);
    }

    #[test]
    fn text_answers_are_normalised_or_matched_by_pattern() {
        let spec = Text {
            accepted: vec![normalise("Ring  All-Reduce", false)],
            pattern: Some(regex::Regex::new("^(?i:(?:tree|butterfly)[ -]?all-?reduce)$").unwrap()),
            case_sensitive: false,
        };
        assert!(check_text(&spec, "  ring   ALL-reduce ").unwrap().correct);
        assert!(check_text(&spec, "tree allreduce").unwrap().correct);
        assert!(!check_text(&spec, "all-gather").unwrap().correct);
        assert_eq!(check_text(&spec, "   "), Err(Rejected::Empty));
    }
}
