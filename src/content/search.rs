//! Full-text search: an index over passages of text, and ranked snippets for a query.
//!
//! The index takes what it indexes as input and knows nothing of the catalog: the
//! catalog (see `catalog::SearchIndex`) adds each lesson as a list of [`Passage`]s
//! under its (module, lesson) position and turns each [`Found`] back into a [`Hit`].
//! It is built with the catalog (so a `--watch` reload rebuilds it) and read by
//! `GET /search`.
//!
//! What is indexed, per lesson: its title, its headings, the text of its body, and each
//! of its tasks' title and prompt. Nothing else of a task is read: not its options,
//! answers, hints, explanation, feedback, tests or solution, so no query can find them
//! (the leak test in `tests/api/task_leaks.rs` searches for them).
//!
//! Each piece of text is a *passage* with a weight (title 8, heading 4, task 1.5,
//! body 1). A query's words are matched whole, and the last one also as a prefix (so
//! results come while a word is being typed); a lesson scores, per word, its best
//! passage's weight × (1 + ln tf) × idf. Lessons matching more of the words come
//! first, then by score. The snippet is cut from the best passage that is not the
//! title, around its first match, with every match marked.

use std::collections::HashMap;

/// Most results a query returns.
pub const MAX_RESULTS: usize = 20;
/// Most words of a query that are used.
const MAX_TERMS: usize = 8;
/// Characters of context on each side of a snippet's first match.
const CONTEXT: usize = 80;

/// Where a word occurs: (doc, passage, times the word occurs in that passage).
type Posting = (u32, u16, u16);

/// The index: passages of every lesson, and each word's postings.
#[derive(Debug, Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// Word -> the number of docs holding it, and its (doc, passage, times the word
    /// occurs in the passage), in doc order.
    postings: HashMap<String, (u32, Vec<Posting>)>,
}

#[derive(Debug)]
struct Doc {
    module: usize,
    lesson: usize,
    passages: Vec<Passage>,
}

/// A piece of a lesson's text with its weight; made only by the constructors below,
/// which fix each kind's weight and clean its text.
#[derive(Debug)]
pub struct Passage {
    text: String,
    /// The page anchor it sits under (a heading or a task), if any.
    anchor: Option<String>,
    weight: f32,
}

impl Passage {
    /// A lesson's title, which must be the first passage of its lesson.
    pub fn title(title: &str) -> Self {
        Self {
            text: title.to_owned(),
            anchor: None,
            weight: 8.0,
        }
    }

    /// A heading, found at its anchor `id`.
    pub fn heading(text: &str, id: &str) -> Self {
        Self {
            text: text.to_owned(),
            anchor: Some(id.to_owned()),
            weight: 4.0,
        }
    }

    /// A task's title and rendered prompt (without its per-learner placeholders),
    /// found at the task's anchor.
    pub fn task(title: &str, prompt_html: &str, anchor: String) -> Self {
        let prompt = html_text(prompt_html);
        Self {
            text: format!("{title}. {}", without_placeholders(&prompt)),
            anchor: Some(anchor),
            weight: 1.5,
        }
    }

    /// The text of a lesson body's HTML pieces, which must be its lesson's last passage.
    pub fn body<'a>(html: impl IntoIterator<Item = &'a str>) -> Self {
        let mut body = String::new();
        for html in html {
            body.push_str(&html_text(html));
            body.push(' ');
        }
        Self {
            text: collapse(&body),
            anchor: None,
            weight: 1.0,
        }
    }
}

/// One result, ready for a template: the snippet's pieces are text to escape, marked
/// where they match.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit<'a> {
    /// The matching lesson's title.
    pub title: &'a str,
    /// The module the lesson belongs to, shown beside it.
    pub module_title: &'a str,
    /// The lesson, at the anchor of the best passage when it has one.
    pub url: String,
    /// Text around the match, in pieces the template escapes.
    pub snippet: Vec<Piece>,
}

/// A piece of a snippet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    /// Plain text; the template escapes it.
    pub text: String,
    /// Whether this piece matched the query and is highlighted.
    pub mark: bool,
}

/// A lesson that matched, by the position it was added under, for the catalog to turn
/// into a [`Hit`].
#[derive(Debug)]
pub struct Found<'i> {
    /// The module's position, as given to [`Index::add`].
    pub module: usize,
    /// The lesson's position within its module, as given to [`Index::add`].
    pub lesson: usize,
    /// The anchor of the best passage, when it has one.
    pub anchor: Option<&'i str>,
    /// The best passage around its first match, matches marked.
    pub snippet: Vec<Piece>,
}

impl Index {
    /// Adds one lesson's passages (title first, body last) under its position.
    pub fn add(&mut self, module: usize, lesson: usize, passages: Vec<Passage>) {
        let doc = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        for (p, passage) in passages.iter().enumerate() {
            let mut counts: HashMap<String, u16> = HashMap::new();
            for (_, word) in words(&passage.text) {
                let count = counts.entry(word).or_default();
                *count = count.saturating_add(1);
            }
            let p = u16::try_from(p).unwrap_or(u16::MAX);
            for (word, count) in counts {
                let (docs, postings) = self.postings.entry(word).or_default();
                if postings.last().is_none_or(|last| last.0 != doc) {
                    *docs += 1;
                }
                postings.push((doc, p, count));
            }
        }
        self.docs.push(Doc {
            module,
            lesson,
            passages,
        });
    }

    /// Every text the index holds, so a test can prove no task secret is among them.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.docs
            .iter()
            .flat_map(|doc| doc.passages.iter().map(|p| p.text.as_str()))
    }

    /// The best lessons for `query`, at most [`MAX_RESULTS`].
    pub fn search(&self, query: &str) -> Vec<Found<'_>> {
        let terms: Vec<String> = words(query).map(|(_, w)| w).take(MAX_TERMS).collect();
        let Some(last) = terms.last() else {
            return Vec::new();
        };
        // Per doc: words matched, score, and each passage's score.
        let mut found: HashMap<u32, (usize, f32, HashMap<u16, f32>)> = HashMap::new();
        let total = self.docs.len().max(1) as f32;
        for (i, term) in terms.iter().enumerate() {
            let prefix = i + 1 == terms.len() && last.chars().count() >= 2;
            let mut best: HashMap<u32, (f32, u16)> = HashMap::new();
            let exact = self.postings.get_key_value(term.as_str());
            let prefixed = self
                .postings
                .iter()
                .filter(|(word, _)| prefix && *word != term && word.starts_with(term.as_str()));
            for (_, (docs, postings)) in exact.into_iter().chain(prefixed) {
                let idf = (1.0 + total / *docs as f32).ln();
                for &(doc, passage, count) in postings {
                    let weight = self.docs[doc as usize].passages[passage as usize].weight;
                    let score = weight * (1.0 + f32::from(count).ln()) * idf;
                    let entry = best.entry(doc).or_insert((0.0, passage));
                    if score > entry.0 {
                        *entry = (score, passage);
                    }
                }
            }
            for (doc, (score, passage)) in best {
                let entry = found.entry(doc).or_default();
                entry.0 += 1;
                entry.1 += score;
                *entry.2.entry(passage).or_default() += score;
            }
        }
        let mut ranked: Vec<_> = found.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1 .0
                .cmp(&a.1 .0)
                .then(b.1 .1.total_cmp(&a.1 .1))
                .then(a.0.cmp(&b.0))
        });
        ranked
            .into_iter()
            .take(MAX_RESULTS)
            .filter_map(|(doc, (_, _, passages))| self.found(doc, &passages, &terms))
            .collect()
    }

    fn found(&self, doc: u32, passages: &HashMap<u16, f32>, terms: &[String]) -> Option<Found<'_>> {
        let doc = self.docs.get(doc as usize)?;
        // The best passage other than the title; the body when only the title matched.
        let best = passages
            .iter()
            .filter(|(p, _)| **p != 0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(p, _)| usize::from(*p))
            .unwrap_or(doc.passages.len() - 1);
        let passage = &doc.passages[best];
        Some(Found {
            module: doc.module,
            lesson: doc.lesson,
            anchor: passage.anchor.as_deref(),
            snippet: snippet(&passage.text, terms),
        })
    }
}

/// Lowercased words of `text` with their byte ranges.
fn words(text: &str) -> impl Iterator<Item = ((usize, usize), String)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(at, c)| {
            if c.is_alphanumeric() {
                start.get_or_insert(at);
                None
            } else {
                start
                    .take()
                    .map(|from| ((from, at), text[from..at].to_lowercase()))
            }
        })
}

fn matches(word: &str, terms: &[String]) -> bool {
    terms.iter().enumerate().any(|(i, term)| {
        word == term
            || (i + 1 == terms.len()
                && term.chars().count() >= 2
                && word.starts_with(term.as_str()))
    })
}

/// About 2 × [`CONTEXT`] characters of `text` around its first match, matches marked.
fn snippet(text: &str, terms: &[String]) -> Vec<Piece> {
    let hits: Vec<(usize, usize)> = words(text)
        .filter(|(_, w)| matches(w, terms))
        .map(|(range, _)| range)
        .collect();
    let first = hits.first().map_or(0, |h| h.0);
    let start = text[..first]
        .char_indices()
        .rev()
        .nth(CONTEXT)
        .map_or(0, |(at, _)| at);
    let end = text[first..]
        .char_indices()
        .nth(2 * CONTEXT)
        .map_or(text.len(), |(at, _)| first + at);
    let mut pieces = Vec::new();
    let mut at = start;
    let mut push = |text: &str, mark: bool| {
        if !text.is_empty() {
            pieces.push(Piece {
                text: text.to_owned(),
                mark,
            });
        }
    };
    if start > 0 {
        push("… ", false);
    }
    for &(from, to) in hits.iter().filter(|h| h.0 >= start && h.1 <= end) {
        push(&text[at..from], false);
        push(&text[from..to], true);
        at = to;
    }
    push(&text[at..end], false);
    if end < text.len() {
        push(" …", false);
    }
    pieces
}

/// The text of rendered HTML: tags dropped, the common entities decoded, spaces
/// collapsed.
fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    collapse(&text)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A prompt without its `{{param}}` placeholders, which differ per learner.
fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        match rest[open..].find("}}") {
            Some(close) => rest = &rest[open + close + 2..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(terms: &[&str]) -> Vec<String> {
        terms.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn words_are_lowercased_with_their_ranges_in_any_script() {
        let found: Vec<_> = words("Ring All-Reduce, été 2x").collect();
        assert_eq!(
            found,
            [
                ((0, 4), "ring".to_owned()),
                ((5, 8), "all".to_owned()),
                ((9, 15), "reduce".to_owned()),
                ((17, 22), "été".to_owned()),
                ((23, 25), "2x".to_owned()),
            ]
        );
    }

    #[test]
    fn snippets_mark_every_match_and_cut_long_text_at_characters() {
        let text = format!(
            "{} the ring sends, and the Ring waits {}",
            "é".repeat(200),
            "x ".repeat(200)
        );
        let pieces = snippet(&text, &strings(&["ring"]));
        let marked: Vec<_> = pieces
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["ring", "Ring"]);
        assert_eq!(pieces.first().unwrap().text, "… ");
        assert_eq!(pieces.last().unwrap().text, " …");
    }

    #[test]
    fn html_becomes_text_and_placeholders_go() {
        assert_eq!(
            html_text("<p>A &lt;b&gt; &amp; <code>x</code></p>\n<p>y</p>"),
            "A <b> & x y"
        );
        assert_eq!(
            without_placeholders("A ring of {{n}} GPUs"),
            "A ring of  GPUs"
        );
    }
}
