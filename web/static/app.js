// Mutual: small progressive enhancements. Every page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Filters apply as soon as a choice changes.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () {
        if (el.form) {
          el.form.submit();
        }
      });
    });

    // Destructive forms ask first.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          ev.preventDefault();
        }
      });
    });

    // A menu closes when the user clicks elsewhere or presses Escape.
    var menus = document.querySelectorAll("details.user-menu");
    document.addEventListener("click", function (ev) {
      menus.forEach(function (d) {
        if (d.open && !d.contains(ev.target)) {
          d.open = false;
        }
      });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        menus.forEach(function (d) { d.open = false; });
      }
    });

    // Submitting a form twice by impatience creates nothing twice.
    document.querySelectorAll("form[method=post]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (ev.defaultPrevented) {
          return;
        }
        if (form.dataset.submitted) {
          ev.preventDefault();
          return;
        }
        form.dataset.submitted = "1";
      });
    });
  });
})();
