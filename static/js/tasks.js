// Checks task answers in place. Without this script every task is a plain form whose
// post redirects back to the task; with it, the answer is sent with fetch and the
// server's new HTML for the task replaces the old one, so the page never reloads.
"use strict";

(function () {
  function notice(form, text) {
    const box = form.querySelector(".task-notice");
    if (box) box.textContent = text;
  }

  async function submit(form) {
    const section = form.closest("[data-task]");
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    notice(form, "Checking…");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (error) {
      notice(form, "Your answer could not be sent. Check your connection and try again.");
      if (button) button.disabled = false;
      return;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (data && typeof data.html === "string") {
      const id = section.id;
      section.outerHTML = data.html;
      const fresh = document.getElementById(id);
      const feedback = fresh && fresh.querySelector(".task-feedback");
      if (feedback) feedback.focus({ preventScroll: false });
      if (data.lesson_done) markLessonDone();
      return;
    }
    if (response.status === 401) {
      window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    const message = data && data.message ? data.message : "Your answer could not be checked (" + response.status + "). Reload the page and try again.";
    notice(form, message);
    if (button) button.disabled = false;
  }

  function markLessonDone() {
    const status = document.getElementById("lesson-status");
    if (status) {
      status.classList.add("is-done");
      status.lastChild.textContent = "Done";
    }
    const line = document.getElementById("lesson-tasks");
    if (line) line.textContent = "Done. You have solved every required task in this lesson.";
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-task-form")) return;
    event.preventDefault();
    submit(form);
  });
})();
