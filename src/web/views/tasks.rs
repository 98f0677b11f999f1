//! What a learner sees of a task: the view structs `templates/task.html` renders.
//!
//! Everything here is built from the task *and* the learner's standing, and only the
//! fields a learner may see are copied out: no view holds an option's correctness, an
//! accepted answer, a pattern or the answer expression, and the explanation is copied
//! only once the task is solved. The leak test in `tests/api/tasks.rs` holds us to it.
//!
//! Option feedback follows the same rule: it is shown only once the task is solved or
//! out of attempts. Shown after every answer, it told a learner who ticked every box
//! which options were right ("Yes: ..."), so the second attempt solved any quiz.

use serde::Serialize;

use crate::content::{Lesson, Module, Segment};
use crate::store::{DraftRow, JobRow, TaskStatusRow};
use crate::tasks::variant::option_order;
use crate::tasks::{check, Answer, Kind, Rejected, Task, Variant};
use crate::web::state::Unavailable;
use crate::web::views::code::{code_view, CodeView};

/// The seed of a viewer's variants and option order.
pub fn variant_seed(user_id: Option<i64>) -> String {
    user_id.map_or_else(|| "anonymous".to_owned(), |id| format!("user:{id}"))
}

/// An answer that was refused without using an attempt, shown back with its reason.
/// Whether a task takes answers, for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    /// It takes answers.
    Open,
    /// Solved: it still takes answers, for practice.
    Solved,
    /// Out of attempts.
    Closed,
}

/// An answer that could not be checked, shown again with the reason beside the form.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The task's name within its module.
    pub task: String,
    /// Why it could not be checked.
    pub reason: Rejected,
    /// The answer as sent, to refill the form.
    pub answer: Answer,
}

/// One task as the page shows it.
#[derive(Serialize)]
pub struct TaskView<'a> {
    /// The task's name within its module.
    pub name: &'a str,
    /// The element id `task-<name>`, for links and the script.
    pub anchor: String,
    /// Shown above the prompt.
    pub title: &'a str,
    /// `choice`, `numeric`, `text` or `python`: picks the form the template draws.
    pub kind: &'static str,
    /// What a first-attempt solution earns.
    pub points: u32,
    /// How points fall with attempts, said before answering (`None` when they do not).
    pub points_rule: Option<String>,
    /// What the next correct answer would earn, while the task is open.
    pub next_points: u32,
    /// Points earned so far (the best attempt), once the learner has answered.
    pub points_earned: Option<u32>,
    /// Counts toward completing the lesson; optional tasks are labelled.
    pub required: bool,
    /// The prompt with the learner's parameter values filled in.
    pub prompt_html: String,
    /// A choice task's options in this learner's order.
    pub options: Vec<OptionView<'a>>,
    /// Checkboxes rather than radio buttons.
    pub multiple: bool,
    /// Shown after the input box.
    pub unit: Option<&'a str>,
    /// The learner's last typed answer, to show in the input.
    pub value: String,
    /// The hints revealed so far.
    pub hints: Vec<String>,
    /// Hints still hidden, for the "show a hint" button.
    pub hints_left: usize,
    /// `open`, `solved` or `closed` (out of attempts).
    pub state: TaskState,
    /// Attempts made so far.
    pub attempts: i64,
    /// Attempts left; `None` when unlimited.
    pub attempts_left: Option<i64>,
    /// The verdict on the last answer, or why it was refused.
    pub feedback: Option<FeedbackView>,
    /// Shown once the task is solved.
    pub explanation_html: Option<String>,
    /// Where the form posts: `<lesson url>/tasks/<name>`.
    pub action: String,
    /// Anonymous readers see the task but a sign-in link instead of a button.
    pub signed_in: bool,
    /// Signed in, not out of attempts, and grading available for exercises.
    pub can_submit: bool,
    /// For Python exercises: the editor, tests and latest submission.
    pub code: Option<CodeView<'a>>,
    /// Where the browser keeps this learner's draft of this exercise (signed in only).
    pub draft_key: Option<String>,
}

/// One option, identified on the page by its position, never by its definition index.
#[derive(Serialize)]
pub struct OptionView<'a> {
    /// The option's position on the page, sent back when chosen.
    pub value: usize,
    /// The option, rendered from Markdown.
    pub html: &'a str,
    /// Chosen in the last answer.
    pub checked: bool,
}

/// The verdict on the last answer, or why it was refused.
#[derive(Serialize)]
pub struct FeedbackView {
    /// `correct`, `incorrect` or `refused`.
    pub outcome: &'static str,
    /// Says whether the answer was right, or why it was refused.
    pub message: String,
    /// Feedback attached to the chosen options.
    pub details: Vec<String>,
}

/// A lesson body piece for the template: HTML, or a task.
#[derive(Serialize)]
pub struct SegmentView<'a> {
    /// Lesson HTML to place as it is; `None` for a task.
    pub html: Option<&'a str>,
    /// The task placed here; `None` for HTML.
    pub task: Option<TaskView<'a>>,
}

/// Everything a task view depends on besides the task.
pub struct ViewerTask<'a> {
    /// Seeds the learner's parameter values and option order.
    pub seed: &'a str,
    /// Whether the viewer may answer.
    pub signed_in: bool,
    /// The learner's standing on the task; `None` before the first answer.
    pub status: Option<&'a TaskStatusRow>,
    /// An answer this request refused, if it was for this task.
    pub refusal: Option<&'a Refusal>,
    /// The learner's latest Python submission for this task.
    pub job: Option<&'a JobRow>,
    /// The learner's unsubmitted code for this task.
    pub draft: Option<&'a DraftRow>,
    /// Whether Python grading is off, and why if this viewer may know.
    pub grading_unavailable: Option<Unavailable<'a>>,
}

impl<'a> TaskView<'a> {
    /// The view of `task` on `lesson` for one viewer.
    pub fn new(task: &'a Task, lesson: &Lesson, viewer: &ViewerTask<'_>) -> Self {
        let variant = Variant::pick(task, viewer.seed);
        let status = viewer.status;
        let solved = status.is_some_and(|s| s.solved_at.is_some());
        let attempts = status.map_or(0, |s| s.attempts);
        let attempts_left = task
            .max_attempts
            .map(|max| (i64::from(max) - attempts).max(0));
        let closed = attempts_left == Some(0);
        let refusal = viewer.refusal.filter(|r| r.task == task.name);
        let shown_answer = match (refusal, status) {
            (Some(refusal), _) => Some(refusal.answer.clone()),
            (None, Some(status)) => Some(stored_answer(task, &status.last_answer)),
            (None, None) => None,
        };
        let wrong = usize::try_from(status.map_or(0, |s| s.wrong)).unwrap_or(usize::MAX);
        let revealed = wrong.min(task.hints_html.len());
        let (options, multiple, unit) = match &task.kind {
            Kind::Choice(choice) => {
                let chosen: &[usize] = match &shown_answer {
                    Some(Answer::Choice(chosen)) => chosen,
                    _ => &[],
                };
                let order =
                    option_order(choice.options.len(), &task.id, viewer.seed, choice.shuffle);
                let options = order
                    .iter()
                    .enumerate()
                    .map(|(position, &index)| OptionView {
                        value: position,
                        html: &choice.options[index].html,
                        checked: chosen.contains(&index),
                    })
                    .collect();
                (options, choice.multiple, None)
            }
            Kind::Numeric(numeric) => (Vec::new(), false, numeric.unit.as_deref()),
            Kind::Text(_) | Kind::Python(_) => (Vec::new(), false, None),
        };
        let code = match &task.kind {
            Kind::Python(python) => Some(code_view(
                python,
                viewer.job,
                viewer.draft,
                viewer.grading_unavailable,
            )),
            _ => None,
        };
        let can_grade = code.is_none() || viewer.grading_unavailable.is_none();
        let value = match &shown_answer {
            Some(Answer::Value(text)) => text.clone(),
            _ => String::new(),
        };
        let settled = solved || closed;
        let feedback = match (refusal, status) {
            (Some(refusal), _) => Some(FeedbackView {
                outcome: "refused",
                message: refusal.reason.to_string(),
                details: Vec::new(),
            }),
            (None, Some(_)) if code.is_some() => None,
            (None, Some(status)) => Some(last_verdict(task, &variant, status, settled)),
            (None, None) => None,
        };
        Self {
            name: &task.name,
            anchor: task.anchor(),
            title: &task.title,
            kind: task.kind_name(),
            points: task.points,
            points_rule: points_rule(&task.attempt_points),
            next_points: task.points_on_attempt(usize::try_from(attempts).unwrap_or(0) + 1),
            points_earned: status.map(|s| whole_points(earned_points(task, s))),
            required: task.required,
            prompt_html: variant.fill(&task.prompt_html),
            options,
            multiple,
            unit,
            value,
            hints: task.hints_html[..revealed]
                .iter()
                .map(|h| variant.fill(h))
                .collect(),
            hints_left: task.hints_html.len() - revealed,
            state: if solved {
                TaskState::Solved
            } else if closed {
                TaskState::Closed
            } else {
                TaskState::Open
            },
            attempts,
            attempts_left,
            feedback,
            explanation_html: task
                .explanation_html
                .as_deref()
                .filter(|_| solved)
                .map(|e| variant.fill(e)),
            action: format!("{}/tasks/{}", lesson.url, task.name),
            signed_in: viewer.signed_in,
            can_submit: viewer.signed_in && !closed && can_grade,
            draft_key: (viewer.signed_in && code.is_some())
                .then(|| format!("cairn:draft:{}:{}", viewer.seed, task.id)),
            code,
        }
    }
}

/// The verdict on the stored last answer; once `settled` (solved or out of attempts),
/// re-checked for the chosen options' feedback.
fn last_verdict(
    task: &Task,
    variant: &Variant,
    status: &TaskStatusRow,
    settled: bool,
) -> FeedbackView {
    let details = if settled {
        check(task, variant, &stored_answer(task, &status.last_answer))
            .map(|verdict| verdict.feedback)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if status.last_correct {
        FeedbackView {
            outcome: "correct",
            message: "Correct.".to_owned(),
            details,
        }
    } else {
        FeedbackView {
            outcome: "incorrect",
            message: "Not quite.".to_owned(),
            details,
        }
    }
}

/// The points a learner has earned on a task: the best attempt's, or the full points of
/// a task solved before points were recorded per attempt.
pub fn earned_points(task: &Task, status: &TaskStatusRow) -> f64 {
    match (status.points, status.solved_at) {
        (Some(points), _) => points,
        (None, Some(_)) => f64::from(task.points),
        (None, None) => 0.0,
    }
}

/// Points as shown: stored points are whole numbers, written as floats.
pub fn whole_points(points: f64) -> u32 {
    // Saturating float-to-int conversion; points are never negative or huge.
    points.round() as u32
}

/// "10 points on the first attempt, 7 on the second, 5 from the third on", or `None`
/// when every attempt earns the same.
pub fn points_rule(schedule: &[u32]) -> Option<String> {
    if schedule.windows(2).all(|w| w[0] == w[1]) {
        return None;
    }
    let mut parts = Vec::new();
    for (i, points) in schedule.iter().enumerate() {
        let nth = ordinal(i + 1);
        let unit = if i == 0 {
            if *points == 1 {
                " point"
            } else {
                " points"
            }
        } else {
            ""
        };
        if i + 1 == schedule.len() {
            parts.push(format!("{points}{unit} from the {nth} on"));
        } else {
            parts.push(format!("{points}{unit} on the {nth}"));
        }
    }
    parts[0] = parts[0].replacen(" on the first", " on the first attempt", 1);
    Some(parts.join(", "))
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".to_owned(),
        2 => "second".to_owned(),
        3 => "third".to_owned(),
        4 => "fourth".to_owned(),
        5 => "fifth".to_owned(),
        n => format!("{n}th"),
    }
}

/// How an answer is stored: option indices in definition order ("0,2"), or the text.
pub fn answer_to_store(answer: &Answer) -> String {
    match answer {
        Answer::Choice(chosen) => {
            let mut chosen = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            chosen
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        Answer::Value(text) => text.clone(),
    }
}

/// The inverse of [`answer_to_store`] for this task's kind.
fn stored_answer(task: &Task, stored: &str) -> Answer {
    match task.kind {
        Kind::Choice(_) => {
            Answer::Choice(stored.split(',').filter_map(|i| i.parse().ok()).collect())
        }
        _ => Answer::Value(stored.to_owned()),
    }
}

/// Who is reading a lesson, and their standing on its tasks.
pub struct LessonViewer<'v> {
    /// Seeds the learner's parameter values and option order.
    pub seed: &'v str,
    /// Whether the viewer may answer.
    pub signed_in: bool,
    /// The learner's standing on the lesson's tasks.
    pub statuses: &'v [TaskStatusRow],
    /// The learner's latest submission to each exercise.
    pub jobs: &'v [JobRow],
    /// The learner's unsubmitted code for each exercise.
    pub drafts: &'v [DraftRow],
    /// Set when grading is off, to say so on exercises.
    pub grading_unavailable: Option<Unavailable<'v>>,
    /// An answer this request refused, shown with its task.
    pub refusal: Option<&'v Refusal>,
}

/// The lesson body with each task's view, for one viewer.
pub fn lesson_segments<'a>(
    module: &'a Module,
    lesson: &'a Lesson,
    viewer: &LessonViewer<'_>,
) -> Vec<SegmentView<'a>> {
    lesson
        .body
        .iter()
        .filter_map(|segment| match segment {
            Segment::Html(html) => Some(SegmentView {
                html: Some(html),
                task: None,
            }),
            Segment::Task(name) => {
                let task = module.tasks.get(name)?;
                let task_viewer = ViewerTask {
                    seed: viewer.seed,
                    signed_in: viewer.signed_in,
                    status: viewer.statuses.iter().find(|s| s.task_id == task.id),
                    refusal: viewer.refusal,
                    job: viewer.jobs.iter().find(|j| j.task_id == task.id),
                    draft: viewer.drafts.iter().find(|d| d.task_id == task.id),
                    grading_unavailable: viewer.grading_unavailable,
                };
                Some(SegmentView {
                    html: None,
                    task: Some(TaskView::new(task, lesson, &task_viewer)),
                })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::points_rule;

    #[test]
    fn the_points_rule_reads_as_a_sentence_and_is_left_out_when_flat() {
        assert_eq!(
            points_rule(&[10, 7, 5]).as_deref(),
            Some("10 points on the first attempt, 7 on the second, 5 from the third on")
        );
        assert_eq!(
            points_rule(&[1, 0]).as_deref(),
            Some("1 point on the first attempt, 0 from the second on")
        );
        assert_eq!(points_rule(&[3]), None);
        assert_eq!(points_rule(&[3, 3]), None);
    }
}
