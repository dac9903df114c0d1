/* Site-wide touches that need a script; each page works without it. */
(function () {
  "use strict";

  function run() {
    /* A table wider than the page scrolls inside its frame: let keyboards reach
       and scroll it, and name it for screen readers. */
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (frame) {
      if (frame.scrollWidth > frame.clientWidth + 1 && !frame.hasAttribute("tabindex")) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption ? caption.textContent : "Table");
      }
    });
    /* With navigation.indexes, Material names a section's menu after a label that
       holds only an arrow icon, so the menu has no name and screen readers cannot
       tell it from another landmark. Name it after the section's own title. */
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(".md-nav__title");
      if (label && title && !label.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
    /* A "Print" button (on sign-off sheets) prints the page. */
    document.querySelectorAll("[data-handbook-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    /* The foot of every printed page (see handbook.css): the document's own line. */
    var line = document.querySelector(".handbook-print");
    if (line) {
      document.documentElement.style.setProperty("--handbook-print",
        JSON.stringify(line.textContent.replace(/\s+/g, " ").trim()));
    }
  }

  /* Material lists each search result's tags in a <nav>; a page of results
     would then hold many landmarks with the same name. They are plain lists. */
  var results = document.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function () {
      results.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) {
        nav.setAttribute("role", "none");
      });
    }).observe(results, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
