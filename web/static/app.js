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

    // A commitment's owner is one of our people or one of theirs, as its
    // side says: the other group is hidden. On load nothing is unselected,
    // so that a form shown again keeps what was typed.
    document.querySelectorAll("select[data-owner-side]").forEach(function (side) {
      var owner = document.getElementById(side.getAttribute("data-owner-side"));
      if (!owner) {
        return;
      }
      var sync = function (clear) {
        owner.querySelectorAll("optgroup[data-side]").forEach(function (group) {
          var off = group.getAttribute("data-side") !== side.value;
          group.hidden = off;
          if (off && clear && owner.selectedIndex >= 0 && owner.options[owner.selectedIndex].parentNode === group) {
            owner.value = "";
          }
        });
      };
      side.addEventListener("change", function () { sync(true); });
      sync(false);
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
