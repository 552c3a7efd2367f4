// KPsicologia CRM: the booking form shows only the fields of the chosen
// kind and modality, and fills in the patient's psychologist and the
// psychologist's usual session length. The form works without it.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("booking-form");
    if (!form) {
      return;
    }

    function checkedValue(name) {
      var input = form.querySelector("input[name=" + name + "]:checked");
      return input ? input.value : "";
    }

    function showWhen(selector, visible) {
      form.querySelectorAll(selector).forEach(function (el) {
        el.hidden = !visible;
      });
    }

    function update() {
      var series = checkedValue("kind") === "series";
      showWhen("[data-series-only]", series);
      showWhen("[data-single-only]", !series);
      var online = checkedValue("modality") === "online";
      showWhen("[data-in-person-only]", !online);
    }

    form.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t.name === "patient_id") {
        var opt = t.options[t.selectedIndex];
        var psy = form.querySelector("select[name=psychologist_id]");
        if (opt && psy && opt.dataset.psychologist && opt.dataset.psychologist !== "0" &&
            psy.querySelector("option[value='" + opt.dataset.psychologist + "']")) {
          psy.value = opt.dataset.psychologist;
          psy.dispatchEvent(new Event("change", { bubbles: true }));
        }
        var freq = form.querySelector("select[name=frequency]");
        if (opt && freq && opt.dataset.frequency) {
          freq.value = opt.dataset.frequency;
        }
      }
      if (t.name === "psychologist_id") {
        var p = t.options[t.selectedIndex];
        var minutes = form.querySelector("input[name=minutes]");
        if (p && minutes && p.dataset.minutes) {
          minutes.value = p.dataset.minutes;
        }
      }
      update();
    });
    update();
  });
})();
