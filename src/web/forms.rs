//! The forms handlers receive. Each carries the CSRF token its page was rendered with,
//! checked by [`super::extract::Checked`] or, for answers, [`super::extract::check_csrf`].

use serde::Deserialize;

use crate::tasks::variant::option_order;
use crate::tasks::{Answer, Kind, Task};
use crate::web::error::AppError;
use crate::web::extract::CsrfForm;
use crate::web::respond::percent_decode;

/// Longest program accepted, in characters.
pub const MAX_CODE_CHARS: usize = 100_000;

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct CsrfOnly {
    /// Must match the CSRF cookie.
    #[serde(default)]
    pub csrf: String,
}

impl CsrfForm for CsrfOnly {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The form that saves a code draft.
#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    csrf: String,
    /// The editor's contents.
    #[serde(default)]
    pub code: String,
}

impl CsrfForm for DraftForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Longest typed answer accepted.
pub const MAX_ANSWER_CHARS: usize = 10_000;

/// The fields of an answer form that are read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AnswerForm {
    /// Must match the CSRF cookie.
    pub csrf: String,
    /// A numeric or text task's typed answer.
    pub answer: Option<String>,
    /// A choice task's chosen options, by their position on the page.
    pub options: Vec<String>,
    /// A Python exercise's code.
    pub code: Option<String>,
}

impl AnswerForm {
    /// Parses `application/x-www-form-urlencoded` strictly: the body and every decoded
    /// value must be UTF-8.
    pub fn parse(body: &[u8]) -> Result<Self, AppError> {
        let not_utf8 = || AppError::BadRequest("The answer must be UTF-8 text.".to_owned());
        let body = std::str::from_utf8(body).map_err(|_| not_utf8())?;
        let mut form = Self::default();
        for pair in body.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            let (Some(key), Some(value)) = (decode(key), decode(value)) else {
                return Err(not_utf8());
            };
            match key.as_str() {
                "csrf" => form.csrf = value,
                "answer" => form.answer = Some(value),
                "option" => form.options.push(value),
                "code" => form.code = Some(value),
                _ => {}
            }
        }
        Ok(form)
    }

    /// The answer in the task's terms; option positions are mapped back through the
    /// learner's option order.
    pub fn answer_for(&self, task: &Task, seed: &str) -> Result<Answer, AppError> {
        match &task.kind {
            Kind::Choice(choice) => {
                let order = option_order(choice.options.len(), &task.id, seed, choice.shuffle);
                let chosen = self
                    .options
                    .iter()
                    .map(|o| {
                        o.trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|p| order.get(p).copied())
                    })
                    // An unknown position becomes an index the checker refuses.
                    .map(|i| i.unwrap_or(usize::MAX))
                    .collect();
                Ok(Answer::Choice(chosen))
            }
            _ => {
                let text = self.answer.clone().unwrap_or_default();
                if text.chars().count() > MAX_ANSWER_CHARS {
                    return Err(AppError::BadRequest(format!(
                        "The answer is too long: at most {MAX_ANSWER_CHARS} characters are accepted."
                    )));
                }
                Ok(Answer::Value(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_parsed_strictly_and_extra_fields_ignored() {
        let form =
            AnswerForm::parse(b"csrf=abc&option=1&option=2&answer=1%2C024+MB&score=1&learner=7")
                .unwrap();
        assert_eq!(form.csrf, "abc");
        assert_eq!(form.options, ["1", "2"]);
        assert_eq!(form.answer.as_deref(), Some("1,024 MB"));
        assert!(AnswerForm::parse(b"answer=%FF%FE").is_err());
        assert!(AnswerForm::parse(b"answer=\xff").is_err());
    }
}
