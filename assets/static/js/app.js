// KPsicologia CRM: small enhancements over plain server-rendered forms.
// Every flow works without this file; the Content-Security-Policy allows
// scripts only from files like this one.
(function () {
  "use strict";

  // Ask before destructive actions: forms with data-confirm show the
  // text and submit only on OK.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var text = form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      ev.preventDefault();
      return;
    }
    // A double click must not submit twice: disable the buttons after the
    // first submit. NOTE: only payments (a form token), bookings and CPFs are
    // protected on the server too; a patient without a CPF or an expense
    // sent twice by a script would be stored twice.
    if (!ev.defaultPrevented) {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          b.disabled = true;
        });
      }, 0);
    }
  });

  // Move focus to the first field with an error, so the keyboard user
  // lands where the form needs fixing.
  document.addEventListener("DOMContentLoaded", function () {
    var bad = document.querySelector(".is-invalid");
    if (bad) {
      bad.focus();
    }
    // Search as you type: forms marked data-live-search submit after a
    // short pause in their search box.
    var query = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-live-search] input[type=search]").forEach(function (input) {
      // The pause reloads the page, so a page that came from this search
      // puts the cursor back at the end of the box: the user keeps typing.
      if (query.has(input.name) && !bad) {
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
      }
      var timer;
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { input.form.requestSubmit(); }, 400);
      });
    });
    // Selects marked data-autosubmit submit their form on change.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
      sel.addEventListener("change", function () { sel.form.requestSubmit(); });
    });
    // Print buttons.
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
