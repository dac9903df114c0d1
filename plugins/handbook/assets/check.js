/* Knowledge checks: staff answer a page's scenario questions and see why.
 *
 * A learning aid, not an exam: the right answers are in the page's data
 * attributes, and nothing is sent anywhere. What this browser keeps
 * (localStorage, under the document's id) is whether the check was completed
 * and after how many attempts; signoff.js puts that in the sign-off record.
 * A new MAJOR version of the document starts the check afresh.
 */
(function () {
  "use strict";

  var KEY = "handbook-check:";

  function load(id) {
    try { return JSON.parse(localStorage.getItem(KEY + id) || "null"); } catch { return null; }
  }
  function save(id, state) {
    try { localStorage.setItem(KEY + id, JSON.stringify(state)); } catch { /* private mode */ }
  }
  function major(version) { return String(version || "").split(".")[0]; }

  /* The explanation under one question: a verdict, the page's `why`, and for a
   * wrong answer a link to the section that covers it. All text, no markup. */
  function explain(question, verdict, right) {
    var why = question.querySelector("[data-check-why]");
    var old = why.querySelectorAll("[data-check-added]");
    [].forEach.call(old, function (node) { node.remove(); });
    var head = document.createElement("p");
    head.setAttribute("data-check-added", "");
    head.setAttribute("data-check-verdict", right ? "right" : "wrong");
    var strong = head.appendChild(document.createElement("strong"));
    strong.textContent = verdict;
    why.insertBefore(head, why.firstChild);
    if (!right) {
      var more = document.createElement("p");
      more.setAttribute("data-check-added", "");
      var a = more.appendChild(document.createElement("a"));
      a.href = question.getAttribute("data-check-see") || "#";
      a.textContent = "Read the part of this page that covers it, then try again.";
      a.setAttribute("data-check-see-link", "");
      why.appendChild(more);
    }
    why.hidden = false;
  }

  function setUp(box) {
    var id = box.getAttribute("data-check-id");
    var version = box.getAttribute("data-check-version");
    var form = box.querySelector("[data-check-form]");
    var result = box.querySelector("[data-check-result]");
    var questions = [].slice.call(form.querySelectorAll("[data-check-question]"));
    var state = load(id);
    if (!state || typeof state.attempts !== "number" || major(state.version) !== major(version)) {
      state = { version: version, attempts: 0, completed: false };
    }
    state.version = version;
    save(id, state);
    form.hidden = false;
    if (state.completed) {
      result.textContent = "You have completed this check (after " + state.attempts +
        (state.attempts === 1 ? " attempt" : " attempts") + "). You can answer again to " +
        "refresh your memory.";
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var right = 0, unanswered = 0;
      questions.forEach(function (question) {
        var chosen = question.querySelector("input[type=radio]:checked");
        var why = question.querySelector("[data-check-why]");
        if (!chosen) {
          unanswered += 1;
          why.hidden = true;
          return;
        }
        var correct = chosen.value === question.getAttribute("data-check-answer");
        if (correct) right += 1;
        explain(question, correct ? "Right." : "Not quite.", correct);
      });
      if (unanswered) {
        result.textContent = "Answer every question first: " + unanswered +
          (unanswered === 1 ? " is" : " are") + " still to answer.";
        return;
      }
      if (!state.completed) state.attempts += 1;
      if (right === questions.length) {
        state.completed = true;
        result.textContent = "All " + questions.length + " right. You have completed the " +
          "check (after " + state.attempts + (state.attempts === 1 ? " attempt" : " attempts") +
          "). Read why each answer is right above.";
      } else {
        result.textContent = right + " of " + questions.length + " right. Read why under each " +
          "question marked \u201cNot quite\u201d, then change your answer and check again.";
      }
      save(id, state);
    });
  }

  function run() {
    document.querySelectorAll(".handbook-check[data-check-id]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
