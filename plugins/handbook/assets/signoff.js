/* Staff sign-off: ticks kept per document and MAJOR version, and a sign-off record.
 *
 * Ticks are stored in this browser only (localStorage), under the document's
 * id. A MINOR (editorial) change keeps them; a MAJOR change clears them and
 * says so. Names are never stored: they go only into the record the member of
 * staff downloads, emails or sends through the setting's form.
 */
(function () {
  "use strict";

  var PREFIX = "handbook-signoff:";

  function load(id) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + id) || "null"); }
    catch (e) { return null; }
  }
  function save(id, state) {
    try { window.localStorage.setItem(PREFIX + id, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function major(version) { return parseInt(version.split(".")[0], 10); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localDay(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function csvCell(value) {
    value = String(value);
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  var COLUMNS = ["name", "role", "policy_id", "title", "version", "signed_on", "signed_at",
    "content_hash"];

  function recordCsv(record) {
    return COLUMNS.join(",") + "\n" +
      COLUMNS.map(function (c) { return csvCell(record[c]); }).join(",") + "\n";
  }

  function fill(template, record) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in record ? encodeURIComponent(record[key]) : match;
    });
  }

  function notice(box, kind, title, text, link) {
    var note = el("div", { "class": "admonition " + kind, "role": "status",
      "data-signoff-notice": kind, "data-search-exclude": "" });
    note.appendChild(el("p", { "class": "admonition-title" }, title));
    var body = el("p", {}, text);
    if (link) {
      body.appendChild(document.createTextNode(" "));
      body.appendChild(el("a", { href: link.href }, link.text));
    }
    note.appendChild(body);
    box.insertBefore(note, box.firstChild);
    return note;
  }

  function setUp(box) {
    var id = box.getAttribute("data-signoff-policy");
    var version = box.getAttribute("data-signoff-version");
    var delivery = JSON.parse(box.getAttribute("data-signoff-delivery") || "{}");
    var changes = JSON.parse(box.getAttribute("data-signoff-changes") || "{}");
    var boxes = Array.prototype.slice.call(box.querySelectorAll("input[data-signoff-point]"));
    var stored = load(id);

    if (stored && major(stored.version) !== major(version)) {
      var href = changes[stored.version];
      notice(box, "warning", "This policy has changed substantially",
        "It has changed substantially since you last confirmed it (you confirmed version " +
        stored.version + "). Read it again and tick each point for version " + version + ".",
        href ? { href: href, text: "See what changed." } : null);
      stored = { version: version, points: [] };
      save(id, stored);
    } else if (stored && stored.version !== version) {
      notice(box, "info", "Updated since you ticked",
        "Version " + version + " has editorial changes only, so your ticks for version " +
        stored.version + " still count.");
      stored.version = version;
      save(id, stored);
    }
    stored = stored || { version: version, points: [] };
    boxes.forEach(function (input) {
      input.checked = stored.points.indexOf(input.getAttribute("data-signoff-point")) !== -1;
    });

    var form = el("form", { "class": "handbook-signoff__form", "data-signoff-form": "",
      "data-search-exclude": "" });
    form.hidden = true;
    form.appendChild(el("p", {}, "You have ticked every point. Add your name and role to " +
      "make your sign-off record for version " + version + "."));
    [["name", "Your name", "name"], ["role", "Your role", "organization-title"]].forEach(
      function (field) {
        var p = el("p");
        var fieldId = "signoff-" + id + "-" + field[0];
        p.appendChild(el("label", { "for": fieldId }, field[1]));
        p.appendChild(el("input", { id: fieldId, name: field[0], autocomplete: field[2],
          required: "", type: "text" }));
        form.appendChild(p);
      });
    var submit = el("button", { type: "submit", "class": "md-button md-button--primary" },
      "Confirm I have read and understood version " + version);
    form.appendChild(el("p")).appendChild(submit);
    var done = el("div", { role: "status", "data-signoff-done": "", "data-search-exclude": "" });
    box.querySelector("fieldset").after(form);
    form.after(done);

    function update() {
      stored.points = boxes.filter(function (b) { return b.checked; })
        .map(function (b) { return b.getAttribute("data-signoff-point"); });
      save(id, stored);
      form.hidden = stored.points.length !== boxes.length;
    }
    boxes.forEach(function (input) { input.addEventListener("change", update); });
    update();

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var now = new Date();
      var record = {
        name: form.elements.name.value.trim(),
        role: form.elements.role.value.trim(),
        policy_id: id,
        title: box.getAttribute("data-signoff-title"),
        version: version,
        signed_on: localDay(now),
        signed_at: now.toISOString(),
        content_hash: box.getAttribute("data-signoff-hash")
      };
      var csv = recordCsv(record);
      done.textContent = "";
      done.appendChild(el("p", {}, "Thank you. Your sign-off record for version " + version +
        " is ready. Send it to your manager:"));
      var list = el("ul");
      var file = "sign-off-" + id + "-" + version + "-" +
        record.name.toLowerCase().replace(/[^a-z0-9]+/g, "-") + ".csv";
      if (delivery.download) {
        var link = el("a", { href: "data:text/csv;charset=utf-8," + encodeURIComponent(csv),
          download: file, "data-signoff-download": "" }, "Download the record (" + file + ")");
        list.appendChild(el("li")).appendChild(link);
        link.click();
      }
      if (delivery.email) {
        var body = "I confirm I have read and understood " + record.title + ", version " +
          version + ".\n\n" + csv;
        list.appendChild(el("li")).appendChild(el("a", {
          href: "mailto:" + delivery.email + "?subject=" +
            encodeURIComponent("Sign-off: " + record.title + " " + version) +
            "&body=" + encodeURIComponent(body), "data-signoff-email": ""
        }, "Email the record to " + delivery.email));
      }
      if (delivery.form) {
        list.appendChild(el("li")).appendChild(el("a", {
          href: fill(delivery.form, record), target: "_blank", rel: "noopener",
          "data-signoff-form-link": ""
        }, "Send the record through the sign-off form"));
      }
      done.appendChild(list);
      stored.confirmed = { version: version, on: record.signed_on };
      save(id, stored);
    });
  }

  function run() {
    document.querySelectorAll(".handbook-signoff[data-signoff-policy]").forEach(setUp);
    document.querySelectorAll("[data-handbook-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
