/* History pages: compare any two versions, and find the version in force on a day.
 * Without JavaScript the forms stay hidden and every page still lists its
 * versions with their dates and links. */
(function () {
  "use strict";

  function versionsInForce(row, day) {
    var versions = JSON.parse(row.getAttribute("data-versions") || "[]");
    for (var i = versions.length - 1; i >= 0; i--) {
      var v = versions[i];
      if (v.from <= day && (!v.to || day < v.to)) return v;
    }
    return null;
  }

  function setUpIndex(form) {
    var input = form.querySelector("input[type=date]");
    var summary = form.querySelector("[data-asof-summary]");
    var table = document.querySelector("table[data-handbook-history]");
    if (!table) return;
    function show() {
      var day = input.value;
      var column = table.querySelector("[data-asof-column]");
      var inForce = 0;
      table.querySelectorAll("tr[data-versions]").forEach(function (row) {
        var cell = row.querySelector("[data-asof-cell]");
        cell.hidden = !day;
        cell.textContent = "";
        if (!day) return;
        var v = versionsInForce(row, day);
        if (v) {
          inForce += 1;
          var link = document.createElement("a");
          link.href = v.href;
          link.textContent = "Version " + v.v;
          cell.appendChild(link);
        } else {
          cell.textContent = "Not in force";
        }
      });
      column.hidden = !day;
      summary.textContent = day ? inForce + " documents were in force on that day." : "";
    }
    input.addEventListener("change", show);
    show();
  }

  function setUpVersions(form) {
    var input = form.querySelector("input[type=date]");
    var summary = form.querySelector("[data-asof-summary]");
    var rows = document.querySelectorAll("table[data-handbook-versions] tr[data-from]");
    input.addEventListener("change", function () {
      var day = input.value;
      var found = null;
      rows.forEach(function (row) {
        var from = row.getAttribute("data-from"), to = row.getAttribute("data-to");
        var hit = day && from && from <= day && (!to || day < to);
        row.classList.toggle("handbook-in-force", !!hit);
        if (hit) found = row;
      });
      summary.textContent = !day ? "" : found
        ? "Version " + found.querySelector("th").textContent + " was in force on that day."
        : "No version was in force on that day.";
    });
  }

  function setUpCompare(form) {
    var links = JSON.parse(form.getAttribute("data-links") || "{}");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = form.querySelector("[name=from]").value, b = form.querySelector("[name=to]").value;
      var href = links[a + "|" + b] || links[b + "|" + a];
      if (href) window.location.href = href;
    });
  }

  function run() {
    document.querySelectorAll("form[data-handbook-asof]").forEach(function (form) {
      form.hidden = false;
      if (document.querySelector("table[data-handbook-history]")) setUpIndex(form);
      else setUpVersions(form);
    });
    document.querySelectorAll("form[data-handbook-compare]").forEach(function (form) {
      form.hidden = false;
      setUpCompare(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
