/* Review status, re-computed on the day the page is read.
 *
 * The site is built once and read for months: the build writes each review
 * date into data attributes, and this script re-computes the status and its
 * words for the reader's own date. The words, labels and month names come from
 * handbook/reviews.py as data (window.handbookData, set by the build in this
 * file's first line); a browser test checks that both give the same answers.
 * Without JavaScript the build-time status stays on the page.
 */
(function () {
  "use strict";

  var RULES = window.handbookData.reviews;
  var MONTHS = RULES.months;
  var TEXT = RULES.text;
  var KINDS = RULES.kinds;
  var DAY = 86400000;

  /* Put values into one of the build's sentences, such as "… by {date}." */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function parse(iso) {
    var p = iso.split("-");
    return { y: +p[0], m: +p[1], d: +p[2] };
  }
  function serial(day) { return Date.UTC(day.y, day.m - 1, day.d) / DAY; }
  function today() {
    var now = new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }
  function longDate(day) { return day.d + " " + MONTHS[day.m - 1] + " " + day.y; }
  function plural(n, unit) { return n + " " + unit + (n === 1 ? "" : "s"); }

  function span(start, end) {
    var days = serial(end) - serial(start);
    var months = (end.y - start.y) * 12 + end.m - start.m - (end.d < start.d ? 1 : 0);
    if (months < 1) return plural(days, "day");
    if (months < 12) return plural(months, "month");
    var years = Math.floor(months / 12);
    months = months % 12;
    return plural(years, "year") + (months ? " " + plural(months, "month") : "");
  }

  function statusOn(reviewBy, asOf, dueSoonDays) {
    var days = serial(reviewBy) - serial(asOf);
    if (days < 0) return "overdue";
    if (days <= dueSoonDays) return "due-soon";
    return "current";
  }

  function describe(status, reviewBy, asOf) {
    var days = serial(reviewBy) - serial(asOf);
    var when = days === 0 ? TEXT["today"] : days === 1 ? TEXT["tomorrow"]
      : fill(TEXT["in-days"], { days: days });
    return fill(TEXT[status], { span: span(reviewBy, asOf), when: when, date: longDate(reviewBy) });
  }

  /* Re-compute one element carrying data-review-by; returns its status. */
  function refresh(el, asOf) {
    var iso = el.getAttribute("data-review-by");
    if (!iso) return el.getAttribute("data-review-status");
    var reviewBy = parse(iso);
    var status = statusOn(reviewBy, asOf, +el.getAttribute("data-due-soon-days"));
    var old = el.getAttribute("data-review-status");
    el.setAttribute("data-review-status", status);
    if (el.classList.contains("admonition")) {
      el.classList.remove(KINDS[old]);
      el.classList.add(KINDS[status]);
    }
    var label = el.querySelector("[data-review-label]");
    if (label) label.textContent = TEXT.labels[status];
    var sentence = el.querySelector("[data-review-sentence]");
    if (sentence) sentence.textContent = describe(status, reviewBy, asOf);
    return status;
  }

  /* A summary (home page, register): counts of overdue and due soon. */
  function refreshSummary(el, asOf) {
    var soon = +el.getAttribute("data-due-soon-days");
    var counts = { "overdue": 0, "due-soon": 0, "current": 0 };
    (el.getAttribute("data-review-dates") || "").split(" ").forEach(function (iso) {
      if (iso) counts[statusOn(parse(iso), asOf, soon)] += 1;
    });
    el.querySelectorAll("[data-summary-count]").forEach(function (slot) {
      var status = slot.getAttribute("data-summary-count");
      slot.textContent = plural(counts[status], "document");
    });
  }

  function run() {
    var asOf = today();
    document.querySelectorAll(".handbook-review[data-review-by]").forEach(function (el) {
      refresh(el, asOf);
    });
    document.querySelectorAll("[data-review-dates]").forEach(function (el) {
      refreshSummary(el, asOf);
    });
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      el.textContent = " on " + longDate(asOf);  /* the day it is printed */
    });
  }

  window.handbookReviews = { statusOn: statusOn, describe: describe, parse: parse, span: span,
    refresh: refresh, today: today };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
