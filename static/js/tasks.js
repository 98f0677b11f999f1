// Checks task answers in place. Without this script every task is a plain form whose
// post redirects back to the task; with it, the answer is sent with fetch and the
// server's new HTML for the task replaces the old one, so the page never reloads.
"use strict";

(function () {
  function notice(form, text) {
    const box = form.querySelector(".task-notice");
    if (box) box.textContent = text;
  }

  // When each task's current submission was first seen waiting, by section id, so the
  // timer keeps counting across the swaps that refresh its place in line.
  const waitingSince = {};

  function inFlight(section) {
    const job = section && section.querySelector("[data-job-state]");
    const state = job && job.getAttribute("data-job-state");
    return state === "queued" || state === "running";
  }

  async function submit(form, submitter) {
    const section = form.closest("[data-task]");
    const button = form.querySelector("button[type=submit]");
    // "Try the example tests" posts to its own address (formaction).
    const action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
    // One submission at a time: the button is disabled while one is graded, and
    // Ctrl+Enter (which submits the form directly) is refused here too.
    if ((button && button.disabled) || inFlight(section)) {
      notice(form, "Your code is being graded; you can run the tests again when the result is in.");
      return;
    }
    if (section) delete waitingSince[section.id];
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    notice(form, "Checking…");
    let response;
    try {
      response = await fetch(action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      notice(form, "Your answer could not be sent. Check your connection and try again.");
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
      return;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (data && typeof data.html === "string") {
      const fresh = swap(section, data);
      // The button that had focus is gone with the old section: focus the verdict (or
      // the submission's status) so keyboard users stay at the task, not on <body>.
      const result = fresh && (fresh.querySelector(".task-feedback") || fresh.querySelector(".task-job"));
      if (result) result.focus({ preventScroll: false });
      return;
    }
    if (response.status === 401) {
      window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    const message = data && data.message ? data.message : "Your answer could not be checked (" + response.status + "). Reload the page and try again.";
    notice(form, message);
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  }

  // Replaces a task's section with the server's HTML; keeps polling while its
  // submission is queued or running.
  function swap(section, data) {
    const id = section.id;
    // Keep what the learner typed: the code typed since the submission
    // is in the textarea the editor writes to.
    const area = section.querySelector("textarea[data-editor]");
    const typed = area ? area.value : null;
    section.outerHTML = data.html;
    const fresh = document.getElementById(id);
    if (fresh && typed !== null) {
      const freshArea = fresh.querySelector("textarea[data-editor]");
      if (freshArea) freshArea.value = typed;
    }
    if (data.lesson_done) markLessonDone();
    if (fresh) watch(fresh);
    return fresh;
  }

  function tick(section) {
    const timer = section.querySelector("[data-job-timer]");
    const since = waitingSince[section.id];
    if (!timer || since === undefined) return;
    const seconds = Math.floor((Date.now() - since) / 1000);
    timer.textContent = "(" + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") + ")";
  }

  function watch(section) {
    const job = section.querySelector("[data-job-state]");
    const state = job && job.getAttribute("data-job-state");
    if (state !== "queued" && state !== "running") {
      delete waitingSince[section.id];
      return;
    }
    const form = section.querySelector("form[data-task-form]");
    if (!form) return;
    if (waitingSince[section.id] === undefined) {
      // Since the submission, as the server recorded it (so a reload keeps counting);
      // never in the future, whatever this device's clock says.
      const since = Number(job.getAttribute("data-job-since") || "0") * 1000;
      waitingSince[section.id] = since > 0 ? Math.min(since, Date.now()) : Date.now();
    }
    tick(section);
    const timer = setInterval(function () {
      if (document.body.contains(section)) tick(section);
      else clearInterval(timer);
    }, 1000);
    const seen = job.getAttribute("data-job-seen") || "";
    setTimeout(async function () {
      try {
        const response = await fetch(form.action + "?wait=1&seen=" + encodeURIComponent(seen), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const data = await response.json();
        if (data && typeof data.html === "string" && document.body.contains(section)) {
          clearInterval(timer);
          const focusHere = document.activeElement === document.body || section.contains(document.activeElement);
          const fresh = swap(section, data);
          // Grading finished: move focus to the result, as after an answer.
          const result = fresh && !inFlight(fresh) && fresh.querySelector(".task-job");
          if (result && focusHere) result.focus({ preventScroll: false });
          return;
        }
      } catch (error) {
        // A dropped request: try again on the next tick.
      }
      clearInterval(timer);
      setTimeout(function () { watch(section); }, 1000);
    }, 50);
  }

  // A textarea that behaves like a small code editor: Tab indents, Enter keeps the
  // indentation (and adds a level after a colon), Ctrl/Cmd+Enter submits, and
  // Esc then Tab leaves it (as in the CodeMirror editor), so Tab never traps focus.
  let escaped = false;
  function onEditorKey(event) {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.hasAttribute("data-editor")) return;
    if (event.key === "Escape") {
      escaped = true;
      return;
    }
    const leaving = escaped;
    escaped = false;
    if (event.key === "Tab" && leaving) return;
    const start = area.selectionStart;
    const end = area.selectionEnd;
    const text = area.value;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      area.form.requestSubmit();
      return;
    }
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      area.setRangeText("    ", start, end, "end");
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      const lineStart = text.lastIndexOf("\n", start - 1) + 1;
      const line = text.slice(lineStart, start);
      let indent = line.match(/^[ \t]*/)[0];
      if (/:\s*$/.test(line)) indent += "    ";
      event.preventDefault();
      area.setRangeText("\n" + indent, start, end, "end");
    }
  }

  document.addEventListener("keydown", onEditorKey);

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-reset]");
    if (!button) return;
    const area = button.form && button.form.querySelector("textarea[data-editor]");
    if (area && window.confirm("Replace your code with the starter code?")) {
      area.value = area.getAttribute("data-starter");
      area.dispatchEvent(new Event("cairn:reset"));
      area.focus();
    }
  });

  document.querySelectorAll("[data-task]").forEach(watch);

  // Drafts: code is kept in this browser at every change and saved on the server a
  // moment later (a CSRF-protected POST), so it survives a reload and follows the
  // learner to another device. Leaving while the server has not got the latest
  // change asks first.
  const unsaved = new Set();
  const timers = {};

  function readLocal(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeLocal(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or disabled: the server copy still works.
    }
  }

  function draftStatus(area, text) {
    const section = area.closest("[data-task]");
    const status = section && section.querySelector("[data-draft-status]");
    if (status) status.textContent = text;
  }

  async function saveDraft(area) {
    const key = area.getAttribute("data-draft-key");
    const form = area.form;
    const csrf = form && form.querySelector("input[name=csrf]");
    if (!key || !csrf) return;
    const code = area.value;
    try {
      const response = await fetch(area.getAttribute("data-draft-url"), {
        method: "POST",
        body: new URLSearchParams({ csrf: csrf.value, code: code }),
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      if (area.value === code) {
        unsaved.delete(key);
        draftStatus(area, "Draft saved.");
      }
    } catch (error) {
      draftStatus(area, "Draft kept in this browser only: it could not be saved on the server.");
    }
  }

  document.addEventListener("input", function (event) {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.hasAttribute("data-draft-key")) return;
    const key = area.getAttribute("data-draft-key");
    writeLocal(key, { code: area.value, at: Date.now() });
    unsaved.add(key);
    draftStatus(area, "Saving draft…");
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { saveDraft(area); }, 800);
  });

  function restoreDraft(area) {
    const key = area.getAttribute("data-draft-key");
    const local = readLocal(key);
    if (!local || typeof local.code !== "string") return;
    const savedAt = Number(area.getAttribute("data-saved-at") || "0") * 1000;
    if (local.at <= savedAt || local.code === area.value) {
      writeLocal(key, null);
      return;
    }
    // Typed here after the server's copy was saved (say, offline): restore it and send it on.
    area.value = local.code;
    area.dispatchEvent(new Event("cairn:load"));
    unsaved.add(key);
    draftStatus(area, "Restored your draft from this browser; saving…");
    saveDraft(area);
  }

  document.querySelectorAll("textarea[data-draft-key]").forEach(restoreDraft);

  // A submission holds the code: the draft is done with.
  document.addEventListener("submit", function (event) {
    const area = event.target.querySelector && event.target.querySelector("textarea[data-draft-key]");
    if (!area) return;
    // A try is not a submission: the draft stays the learner's working copy.
    if (event.submitter && event.submitter.hasAttribute("data-try")) return;
    if (inFlight(area.closest("[data-task]"))) return;
    const key = area.getAttribute("data-draft-key");
    clearTimeout(timers[key]);
    unsaved.delete(key);
    writeLocal(key, null);
  }, true);

  window.addEventListener("beforeunload", function (event) {
    if (unsaved.size === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });

  function markLessonDone() {
    const status = document.getElementById("lesson-status");
    if (status) {
      status.classList.add("is-done");
      status.lastChild.textContent = "Done";
    }
    const line = document.getElementById("lesson-tasks");
    if (!line) return;
    // One span: the line is a flex row, and loose text would split into columns.
    const text = document.createElement("span");
    text.textContent = "Done. You have solved every required task in this lesson.";
    // As the page says after a reload: where to go next.
    const next = document.querySelector(".pager-next");
    const title = next && next.querySelector(".pager-title");
    if (next && title) {
      const link = document.createElement("a");
      link.href = next.getAttribute("href");
      link.textContent = title.textContent;
      text.append(" Up next: ", link, ".");
    }
    line.replaceChildren(text);
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-task-form")) return;
    event.preventDefault();
    submit(form, event.submitter);
  });
})();
