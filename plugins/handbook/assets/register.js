/* The review register: each row re-computed for today (with review-status.js),
 * moved into its group, soonest first, and filtered by owner and status. */
(function () {
  "use strict";

  /* Statuses in the build's order (handbook/reviews.py, as data): what needs action first. */
  var RANK = {};
  window.handbookData.reviews.rank.forEach(function (status, i) { RANK[status] = i; });

  /* The register: move rows into their group, soonest first, and recount. */
  function refreshRegister(table, asOf) {
    var groups = {};
    table.querySelectorAll("tbody[data-review-group]").forEach(function (body) {
      groups[body.getAttribute("data-review-group")] = body;
    });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-review-status]"));
    rows.forEach(function (row) { window.handbookReviews.refresh(row, asOf); });
    rows.sort(function (a, b) {
      var ra = RANK[a.getAttribute("data-review-status")];
      var rb = RANK[b.getAttribute("data-review-status")];
      if (ra !== rb) return ra - rb;
      return (a.getAttribute("data-review-by") || "9").localeCompare(
        b.getAttribute("data-review-by") || "9");
    });
    rows.forEach(function (row) {
      var status = row.getAttribute("data-review-status");
      var body = groups[status] || groups["other"];
      if (body) body.appendChild(row);
    });
    Object.keys(groups).forEach(function (name) {
      var body = groups[name];
      var count = body.querySelectorAll("tr[data-review-status]").length;
      body.hidden = count === 0;
      var counter = body.querySelector("[data-review-count]");
      if (counter) counter.textContent = count;
    });
  }

  function filterRegister(table, form) {
    var owner = form.querySelector("[name=owner]").value;
    var status = form.querySelector("[name=status]").value;
    table.querySelectorAll("tr[data-review-status]").forEach(function (row) {
      row.hidden = (owner && row.getAttribute("data-owner") !== owner) ||
        (status && row.getAttribute("data-review-status") !== status);
    });
  }

  function run() {
    var asOf = window.handbookReviews.today();
    document.querySelectorAll("table[data-handbook-register]").forEach(function (table) {
      refreshRegister(table, asOf);
      var form = document.querySelector("form[data-handbook-filter]");
      if (form) {
        form.hidden = false;
        form.addEventListener("change", function () { filterRegister(table, form); });
        filterRegister(table, form);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
