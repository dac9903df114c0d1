/* Staff sign-off: ticks kept per document and MAJOR version, and a sign-off record.
 *
 * Ticks are stored in this browser only (localStorage), under the document's
 * id. A MINOR (editorial) change keeps them; a MAJOR change clears them and
 * says so. Names are never stored: they go only into the record the member of
 * staff downloads, emails or sends through the setting's form.
 */
(function () {
  "use strict";

  var KEY = "handbook-signoff:";
  /* MAJOR.MINOR, as handbook/model.py checks it (set by the build in this file's first line). */
  var VERSION = new RegExp(window.handbookData.versionPattern);
  var COLUMNS = ["name", "role", "policy_id", "title", "version", "signed_on", "signed_at",
    "content_hash", "check_completed", "check_attempts"];

  function load(id) {
    try { return JSON.parse(localStorage.getItem(KEY + id) || "null"); } catch { return null; }
  }
  function save(id, state) {
    try { localStorage.setItem(KEY + id, JSON.stringify(state)); } catch { /* private mode */ }
  }
  function major(version) { return String(version).split(".")[0]; }
  /* As handbook/spreadsheet.py writes cells: one starting with = + - @ tab or CR
   * is prefixed with ' so a spreadsheet shows it rather than running it. */
  function cell(value) {
    value = String(value);
    if (/^[=+\-@\t\r]/.test(value)) value = "'" + value;
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  function link(list, href, text, marker) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.setAttribute(marker, "");
    list.appendChild(document.createElement("li")).appendChild(a);
    return a;
  }

  /* A notice above the points; `text` and `linkText` are plain text. */
  function notice(box, kind, title, text, href) {
    var note = document.createElement("div");
    note.className = "admonition " + kind;
    note.setAttribute("role", "status");
    note.setAttribute("data-signoff-notice", kind);
    note.innerHTML = '<p class="admonition-title"></p><p></p>';
    note.firstChild.textContent = title;
    note.lastChild.textContent = text + " ";
    if (href) link(note.lastChild, href, "See what changed.", "data-signoff-changes-link");
    box.insertBefore(note, box.firstChild);
  }

  function setUp(box) {
    var data = function (name) { return box.getAttribute("data-signoff-" + name); };
    var id = data("policy"), version = data("version");
    var delivery = JSON.parse(data("delivery") || "{}");
    var changes = JSON.parse(data("changes") || "{}");
    var boxes = [].slice.call(box.querySelectorAll("input[data-signoff-point]"));
    var stored = load(id);
    if (stored && !VERSION.test(stored.version)) stored = null;
    if (stored && !Array.isArray(stored.points)) stored.points = [];

    if (stored && major(stored.version) !== major(version)) {
      notice(box, "warning", "This policy has changed substantially",
        "It has changed substantially since you last confirmed it (you confirmed version " +
        stored.version + "). Read it again and tick each point for version " + version + ".",
        changes[stored.version]);
      stored = { version: version, points: [] };
    } else if (stored && stored.version !== version) {
      notice(box, "info", "Updated since you ticked", "Version " + version +
        " has editorial changes only, so your ticks for version " + stored.version +
        " still count.");
      stored.version = version;
    }
    stored = stored || { version: version, points: [] };
    save(id, stored);
    boxes.forEach(function (input) {
      input.checked = stored.points.indexOf(input.getAttribute("data-signoff-point")) !== -1;
    });

    /* id is a slug and version MAJOR.MINOR (both checked by the build): safe as markup. */
    var form = document.createElement("form");
    form.className = "handbook-signoff__form";
    form.setAttribute("data-signoff-form", "");
    form.innerHTML = "<p>You have ticked every point. Add your name and role to make your " +
      "sign-off record for version " + version + ".</p>" +
      ["name:Your name:name", "role:Your role:organization-title"].map(function (field) {
        var f = field.split(":"), fid = "signoff-" + id + "-" + f[0];
        return '<p><label for="' + fid + '">' + f[1] + '</label><input type="text" required ' +
          'id="' + fid + '" name="' + f[0] + '" autocomplete="' + f[2] + '"></p>';
      }).join("") + '<p><button type="submit" class="md-button md-button--primary">Confirm I ' +
      "have read and understood version " + version + "</button></p>";
    var done = document.createElement("div");
    done.setAttribute("role", "status");
    done.setAttribute("data-signoff-done", "");
    box.querySelector("fieldset").after(form, done);

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
        name: form.elements.name.value.trim(), role: form.elements.role.value.trim(),
        policy_id: id, title: data("title"), version: version,
        signed_on: new Date(now - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10),
        signed_at: now.toISOString(), content_hash: data("hash"),
        check_completed: "", check_attempts: ""
      };
      /* The page's knowledge check (check.js keeps only these two facts, never answers). */
      if (document.querySelector('.handbook-check[data-check-id="' + id + '"]')) {
        var check = {};
        try { check = JSON.parse(localStorage.getItem("handbook-check:" + id) || "{}") || {}; }
        catch { check = {}; }
        record.check_completed = check.completed ? "yes" : "no";
        record.check_attempts = check.completed ? String(check.attempts) : "";
      }
      var csv = COLUMNS.join(",") + "\n" + COLUMNS.map(function (c) {
        return cell(record[c]);
      }).join(",") + "\n";
      var file = "sign-off-" + id + "-" + version + "-" +
        record.name.toLowerCase().replace(/[^a-z0-9]+/g, "-") + ".csv";
      done.innerHTML = "<p>Thank you. Your sign-off record for version " + version +
        " is ready. Send it to your manager:</p><ul></ul>";
      var list = done.lastChild;
      if (delivery.download) {
        var a = link(list, "data:text/csv;charset=utf-8," + encodeURIComponent(csv),
          "Download the record (" + file + ")", "data-signoff-download");
        a.download = file;
        a.click();
      }
      if (delivery.email) {
        link(list, "mailto:" + delivery.email + "?subject=" +
          encodeURIComponent("Sign-off: " + record.title + " " + version) + "&body=" +
          encodeURIComponent("I confirm I have read and understood " + record.title +
          ", version " + version + ".\n\n" + csv),
          "Email the record to " + delivery.email, "data-signoff-email");
      }
      if (delivery.form) {
        var sent = link(list, delivery.form.replace(/\{(\w+)\}/g, function (match, key) {
          return Object.prototype.hasOwnProperty.call(record, key) ?
            encodeURIComponent(record[key]) : match;
        }), "Send the record through the sign-off form", "data-signoff-form-link");
        sent.target = "_blank";
        sent.rel = "noopener";
      }
    });
  }

  function run() {
    document.querySelectorAll(".handbook-signoff[data-signoff-policy]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
