/* The archived-edition banner: name the current edition and link to this same
 * page in it, where the page exists there (otherwise to its home page). */
(function () {
  "use strict";

  function run() {
    var link = document.querySelector("[data-handbook-current-edition]");
    var config = document.getElementById("__config");
    if (!link || !config) return;
    var version = (JSON.parse(config.textContent).version || {});
    var current = version.default || "latest";
    var root = new URL(link.getAttribute("href"), location.href);  /* the site root */
    var here = location.pathname.slice(root.pathname.length).split("/");
    var edition = here.shift();                                     /* this edition */
    if (edition === current) return;
    var home = new URL(current + "/", root);
    var page = new URL(here.join("/"), home);
    fetch(new URL("versions.json", root)).then(function (r) { return r.json(); })
      .then(function (versions) {
        versions.forEach(function (v) {
          if (v.version === current || (v.aliases || []).indexOf(current) !== -1) {
            link.textContent = v.title;
          }
        });
      }).catch(function () { /* keep "the latest one" */ });
    link.href = home.href;
    fetch(page, { method: "HEAD" }).then(function (r) {
      if (r.ok) link.href = page.href;
    }).catch(function () { /* stay on the current edition's home page */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
