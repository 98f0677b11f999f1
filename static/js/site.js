// Small comforts on every page, none needed to read or answer anything:
// - the theme (system, light or dark), chosen in the footer and remembered in this
//   browser; this file loads in <head>, so the choice applies before the first paint;
// - a Copy button on each code block in a lesson;
// - ← and → open the previous and next lesson (not while typing, nor with a modifier).
"use strict";

(function () {
  const root = document.documentElement;
  const KEY = "cairn:theme";

  function stored() {
    try {
      return window.localStorage.getItem(KEY) || "system";
    } catch (error) {
      return "system";
    }
  }

  // The dark stylesheet follows the device unless the reader chose; data-theme says
  // what they chose, for anything else that needs to know.
  function apply(theme) {
    const dark = document.getElementById("dark-theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
    if (dark) {
      dark.media = theme === "dark" ? "screen" : theme === "light" ? "not all" : "screen and (prefers-color-scheme: dark)";
    }
  }

  apply(stored());

  function setUpThemeSwitch() {
    const box = document.querySelector("[data-theme-switch]");
    const select = box && box.querySelector("select");
    if (!select) return;
    select.value = stored();
    select.addEventListener("change", function () {
      try {
        if (select.value === "system") window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, select.value);
      } catch (error) {
        // Storage disabled: the choice lasts for this page only.
      }
      apply(select.value);
    });
    box.hidden = false;
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".prose pre.code").forEach(function (pre) {
      if (pre.parentElement.classList.contains("code-copy")) return;
      const wrap = document.createElement("div");
      wrap.className = "code-copy";
      pre.replaceWith(wrap);
      wrap.append(pre);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy this code");
      const said = document.createElement("span");
      said.className = "visually-hidden";
      said.setAttribute("role", "status");
      wrap.append(button, said);
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.innerText).then(
          function () {
            button.textContent = "Copied";
            said.textContent = "Code copied";
            setTimeout(function () {
              button.textContent = "Copy";
              said.textContent = "";
            }, 2000);
          },
          function () {
            said.textContent = "The code could not be copied";
          }
        );
      });
    });
  }

  function typing(target) {
    return target instanceof Element &&
      (target.closest("input, textarea, select, [contenteditable], .cm-editor") !== null);
  }

  function setUpShortcuts() {
    const prev = document.querySelector(".pager a[rel=prev]");
    const next = document.querySelector(".pager a[rel=next]");
    if (!prev && !next) return;
    const hint = document.querySelector("[data-keys-hint]");
    if (hint) hint.hidden = false;
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (typing(event.target)) return;
      const link = event.key === "ArrowLeft" ? prev : event.key === "ArrowRight" ? next : null;
      if (!link) return;
      event.preventDefault();
      window.location.href = link.href;
    });
  }

  function ready() {
    setUpThemeSwitch();
    addCopyButtons();
    setUpShortcuts();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
