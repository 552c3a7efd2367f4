// KPsicologia CRM: progress and size checks on the spreadsheet import
// pages. Without this file the forms still work; the server checks the
// size and shows every result.
(function () {
  "use strict";

  // A form marked data-import-progress shows its [data-import-busy]
  // elements while the server reads or imports the spreadsheet, which
  // takes a few seconds for a few thousand rows.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form.hasAttribute("data-import-progress")) {
      return;
    }
    var text = ev.submitter && ev.submitter.getAttribute("data-busy-text");
    form.querySelectorAll("[data-import-busy]").forEach(function (busy) {
      var label = busy.querySelector("[data-busy-label]");
      if (text && label) {
        label.textContent = text;
      }
      busy.classList.remove("d-none");
    });
    form.setAttribute("aria-busy", "true");
  });

  // A file input with data-max-mb refuses a larger file before
  // it is sent, with the same message the server would give.
  document.addEventListener("change", function (ev) {
    var input = ev.target;
    var maxMB = input.getAttribute && input.getAttribute("data-max-mb");
    if (!maxMB || !input.files || input.files.length === 0) {
      return;
    }
    var tooLarge = input.files[0].size > Number(maxMB) * 1024 * 1024;
    input.setCustomValidity(tooLarge ?
      "O arquivo tem mais de " + maxMB + " MB. Envie só a planilha, sem imagens, ou divida-a em duas." : "");
    if (tooLarge) {
      input.reportValidity();
    }
  });
})();
