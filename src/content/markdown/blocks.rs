//! The blocks the Markdown pipeline renders itself rather than leaving to
//! pulldown-cmark: fenced code (highlighted with syntect), math (MathML with
//! pulldown-latex) and GitHub alerts' labels. Pure functions; the syntax set loads once,
//! on the first code block.

use std::sync::LazyLock;

use pulldown_cmark::BlockQuoteKind;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class suffix and title of a GitHub alert's box.
pub(super) fn alert_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Fenced code as a `<pre>` block, highlighted into `hl-*` classes when the language is
/// known and escaped plain text otherwise.
pub(super) fn highlight(code: &str, lang: &str) -> String {
    let lang_attr = escape_html(lang);
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let body = match syntax {
        Some(syntax) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                &SYNTAXES,
                ClassStyle::SpacedPrefixed { prefix: "hl-" },
            );
            let highlighted = LinesWithEndings::from(code)
                .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
            match highlighted {
                Ok(()) => generator.finalize(),
                Err(_) => escape_html(code),
            }
        }
        None => escape_html(code),
    };
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{body}</code></pre>\n")
    }
}

/// `$…$` or `$$…$$` as MathML, or why it cannot be rendered.
pub(super) fn math(tex: &str, display: bool) -> Result<String, String> {
    // LaTeX commands are ASCII letters; pulldown-latex 0.7 panics on a backslash before
    // a multi-byte character, so such input is refused here, with the reason.
    let mut chars = tex.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next().filter(|n| !n.is_ascii()) {
                return Err(format!(
                    "cannot render math `{tex}`: `\\{next}` is not a command"
                ));
            }
        }
    }
    let storage = pulldown_latex::Storage::new();
    let mut events = Vec::new();
    for event in pulldown_latex::Parser::new(tex, &storage) {
        match event {
            Ok(event) => events.push(Ok::<_, pulldown_latex::ParserError>(event)),
            Err(err) => return Err(format!("cannot render math `{tex}`: {err}")),
        }
    }
    let config = pulldown_latex::RenderConfig {
        display_mode: if display {
            pulldown_latex::config::DisplayMode::Block
        } else {
            pulldown_latex::config::DisplayMode::Inline
        },
        ..Default::default()
    };
    let mut mathml = String::new();
    pulldown_latex::push_mathml(&mut mathml, events.into_iter(), config)
        .map_err(|err| format!("cannot render math `{tex}`: {err}"))?;
    Ok(mathml)
}

#[cfg(test)]
mod tests {
    use super::super::{render, KeepLinks};

    fn html(src: &str) -> String {
        let (rendered, issues) = render(src, &KeepLinks);
        assert!(issues.is_empty(), "{issues:?}");
        rendered.html
    }

    #[test]
    fn code_is_highlighted_on_the_server() {
        let out = html("```python\ndef f(x):\n    return x < 1\n```\n");
        assert!(out.contains("<pre class=\"code\" data-lang=\"python\">"));
        assert!(out.contains("hl-keyword"));
        assert!(out.contains("&lt;"), "code must stay escaped: {out}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let out = html("```nosuchlang\n<script>alert(1)</script>\n```\n");
        assert!(out.contains("&lt;script&gt;"));
    }

    #[test]
    fn math_becomes_mathml() {
        let out = html("Cost is $2(N-1)/N$.\n\n$$\\sum_i x_i$$\n");
        assert!(out.contains("<math"));
        assert!(out.contains("display=\"block\""));
    }

    #[test]
    fn bad_math_is_an_issue() {
        let (_, issues) = render("Broken $\\frac{1}$ here\n", &KeepLinks);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "math");
    }

    #[test]
    fn a_backslash_before_a_non_ascii_letter_is_an_issue_not_a_panic() {
        // Found by the `markdown` fuzz target: pulldown-latex 0.7 panics on `\Σ`.
        for tex in ["$\\Σ$", "$$x + \\é$$", "$\\\u{1F642}$"] {
            let (_, issues) = render(&format!("Math {tex} here\n"), &KeepLinks);
            assert_eq!(issues.len(), 1, "{tex}");
            assert_eq!(issues[0].field, "math");
            assert!(issues[0].message.contains("is not a command"), "{tex}");
        }
    }
}
