// Cairn's code editor: turns every <textarea data-editor> on a lesson page into a
// CodeMirror 6 editor (Python highlighting, line numbers, auto-indent, bracket matching,
// undo history). The textarea stays the form field: the editor writes every
// change back to it, so the form posts the same way with or without this script, and
// a page without JavaScript keeps the plain textarea.
//
// Build (from this folder): npm ci && npm run build  ->  ../static/js/editor.js

import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { indentUnit, indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { Annotation } from "@codemirror/state";
import { tags } from "@lezer/highlight";

// Colours from the page's theme tokens (the same --hl-* as highlighted code blocks in
// lessons), so the editor follows light and dark mode with AA contrast in both.
// CodeMirror's default style is for light backgrounds only (1.3:1 in dark mode).
const cairnHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword], color: "var(--hl-keyword)" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--hl-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.constant(tags.name)], color: "var(--hl-constant)" },
  { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.function(tags.propertyName)], color: "var(--hl-function)" },
  { tag: [tags.className, tags.typeName, tags.definition(tags.className)], color: "var(--hl-type)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [tags.meta, tags.annotation], color: "var(--hl-tag)" },
  { tag: tags.invalid, color: "var(--danger)" },
]);

const enhanced = new WeakSet();
// Marks changes made by the page's script (a restored draft), which are not typing.
const fromPage = Annotation.define();

function enhance(area) {
  if (enhanced.has(area)) return;
  enhanced.add(area);
  const form = area.form;
  const run = () => {
    if (form) form.requestSubmit();
    return true;
  };
  const view = new EditorView({
    doc: area.value,
    extensions: [
      highlightSpecialChars(),
      history(),
      drawSelection(),
      lineNumbers(),
      highlightActiveLine(),
      highlightActiveLineGutter(),
      indentOnInput(),
      bracketMatching(),
      syntaxHighlighting(cairnHighlight),
      python(),
      indentUnit.of("    "),
      keymap.of([{ key: "Mod-Enter", run }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
      EditorView.editable.of(!area.readOnly),
      // The class goes through the editor's attributes: CodeMirror rewrites its root's
      // class list on updates, which dropped a class added by hand.
      EditorView.editorAttributes.of({ class: "code-editor" }),
      EditorView.contentAttributes.of({ "aria-label": area.labels && area.labels[0] ? area.labels[0].textContent : "Code editor" }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        area.value = update.state.doc.toString();
        // The page's script saves drafts on the textarea's input events.
        if (update.transactions.some((tr) => !tr.annotation(fromPage))) {
          area.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }),
    ],
  });
  area.style.display = "none";
  area.insertAdjacentElement("afterend", view.dom);
  if (area.labels && area.labels[0]) {
    area.labels[0].addEventListener("click", () => view.focus());
  }
  // "Reset to starter" sets the textarea; mirror it into the editor.
  area.addEventListener("cairn:reset", () => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: area.value } });
    view.focus();
  });
  // A draft restored by the page's script: show it without taking focus.
  area.addEventListener("cairn:load", () => {
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: area.value },
      annotations: fromPage.of(true),
    });
  });
}

function scan(root) {
  root.querySelectorAll("textarea[data-editor]").forEach(enhance);
}

scan(document);
// Task sections are replaced after each submission: enhance the new textareas too.
new MutationObserver((records) => {
  for (const record of records) {
    record.addedNodes.forEach((node) => {
      if (node.nodeType === 1) scan(node);
    });
  }
}).observe(document.body, { childList: true, subtree: true });
