/* The archived-edition banner: name the current edition and link to this same
 * page in it, where the page exists there (otherwise to its home page). */
(function () {
  "use strict";
  var link = document.querySelector("[data-handbook-current-edition]");
  if (!link) return;
  var current = link.getAttribute("data-handbook-current-edition") || "latest";
  var root = new URL(link.getAttribute("href"), location.href);  /* the site root */
  var here = location.pathname.slice(root.pathname.length).split("/");
  if (here.shift() === current) return;
  var home = new URL(current + "/", root), page = new URL(here.join("/"), home);
  link.href = home.href;
  fetch(new URL("versions.json", root)).then(function (r) { return r.json(); })
    .then(function (versions) {
      versions.forEach(function (v) {
        if (v.version === current || v.aliases.indexOf(current) > -1) link.textContent = v.title;
      });
    }).catch(function () { /* keep "the latest one" */ });
  fetch(page, { method: "HEAD" }).then(function (r) { if (r.ok) link.href = page.href; })
    .catch(function () { /* stay on the current edition's home page */ });
})();
