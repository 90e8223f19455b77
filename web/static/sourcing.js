// Mutual, sourcing: lists of rows in forms (lines, questions, criteria)
// that grow and shrink in the page, and the Sourcing menu. Without this
// script the forms offer a few blank rows, which is enough.
(function () {
  "use strict";

  // renumber gives a copied row the index next in its input names, ids
  // and labels ("lines[__i__].item" becomes "lines[7].item").
  function renumber(row, next) {
    row.querySelectorAll("[name], [id], [for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v && v.indexOf("__i__") >= 0) {
          el.setAttribute(attr, v.split("__i__").join(String(next)));
        }
      });
    });
  }

  function rowList(rows) {
    return rows.querySelector("[data-row-list]");
  }

  function sumWeights(rows) {
    var out = rows.querySelector("[data-weight-sum]");
    if (!out) {
      return;
    }
    var sum = 0;
    rows.querySelectorAll("[data-row-list] input[data-weight]").forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (!isNaN(n)) {
        sum += n;
      }
    });
    out.textContent = String(sum);
    var hint = out.closest(".weight-sum");
    if (hint) {
      hint.classList.toggle("off", sum !== 100);
    }
  }

  function addRow(rows) {
    var tpl = rows.querySelector("template[data-row-template]");
    var list = rowList(rows);
    if (!tpl || !list) {
      return null;
    }
    var next = parseInt(rows.getAttribute("data-next"), 10) || 0;
    var row = tpl.content.firstElementChild.cloneNode(true);
    renumber(row, next);
    rows.setAttribute("data-next", String(next + 1));
    list.appendChild(row);
    var first = row.querySelector("input, select");
    if (first) {
      first.focus();
    }
    return row;
  }

  function setUpRows(rows) {
    var list = rowList(rows);
    if (!list) {
      return;
    }
    // Indexes already used by the page; new rows continue after them.
    rows.setAttribute("data-next", String(list.querySelectorAll("[data-row]").length));
    // The blank rows offered for typing without this script go, but for
    // one when nothing is filled in yet.
    var spares = list.querySelectorAll("[data-row][data-spare]");
    var filled = list.querySelectorAll("[data-row]:not([data-spare])").length;
    spares.forEach(function (row, i) {
      if (filled > 0 || i > 0) {
        row.remove();
      }
    });
    rows.addEventListener("click", function (ev) {
      var add = ev.target.closest("[data-add-row]");
      if (add && rows.contains(add)) {
        ev.preventDefault();
        addRow(rows);
        sumWeights(rows);
        return;
      }
      var remove = ev.target.closest("[data-remove-row]");
      if (remove && rows.contains(remove)) {
        ev.preventDefault();
        var row = remove.closest("[data-row]");
        if (row) {
          var after = row.nextElementSibling || row.previousElementSibling;
          row.remove();
          if (!list.querySelector("[data-row]")) {
            after = addRow(rows);
          }
          var focus = after && after.querySelector("input, select");
          if (focus) {
            focus.focus();
          }
        }
        sumWeights(rows);
      }
    });
    rows.addEventListener("input", function (ev) {
      if (ev.target.matches("input[data-weight]")) {
        sumWeights(rows);
      }
    });
    sumWeights(rows);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rows]").forEach(setUpRows);

    // Buttons that do something lasting ask first.
    document.querySelectorAll("button[data-confirm-click]").forEach(function (button) {
      button.addEventListener("click", function (ev) {
        if (!window.confirm(button.getAttribute("data-confirm-click"))) {
          ev.preventDefault();
        }
      });
    });

    // The Sourcing menu closes when the user clicks elsewhere or presses Escape.
    var groups = document.querySelectorAll("details.nav-group");
    document.addEventListener("click", function (ev) {
      groups.forEach(function (d) {
        if (d.open && !d.contains(ev.target)) {
          d.open = false;
        }
      });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        groups.forEach(function (d) { d.open = false; });
      }
    });
  });
})();
