// KPsicologia CRM: agenda enhancements. Every agenda works without this
// file; it only saves clicks.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // A date field marked data-autosubmit shows the chosen day at once.
    document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
      input.addEventListener("change", function () {
        if (input.value) {
          input.form.requestSubmit();
        }
      });
    });

    // Scroll the day grid so the current time, or else the first session,
    // is in view without scrolling by hand.
    var scroller = document.querySelector(".ag-scroll");
    if (!scroller) {
      return;
    }
    var target = scroller.querySelector(".ag-now") || scroller.querySelector(".ag-block");
    if (!target) {
      return;
    }
    var head = scroller.querySelector(".ag-corner");
    var offset = head ? head.offsetHeight : 0;
    var top = target.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.scrollTop = Math.max(0, scroller.scrollTop + top - offset - 48);
  });
})();
