// Keyboard shortcuts for reviewers. Loaded as a static file (no inline script, CSP-safe).
// Queue: j/k move, Enter opens, a assigns the current claim to me and stays on the queue.
// Claim page: a assigns to me, v jumps to the verdict form. Everywhere: ? shows the help.
(function () {
  "use strict";
  var current = -1;

  function typing(event) {
    var el = event.target;
    return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-table tbody tr[data-claim]"));
  }

  function select(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("current", i === current); });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }

  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  function post(url, next) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    hidden(form, "csrfmiddlewaretoken", csrfToken());
    if (next) hidden(form, "next", next);
    document.body.appendChild(form);
    form.submit();
  }

  // The queue's "select all" box ticks or clears every claim of the page.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("input[data-select-all]")) return;
    document.querySelectorAll("input[name=ids][form=bulk]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    var all = rows();
    var row = all[current];
    if (event.key === "?") {
      var help = document.getElementById("shortcuts");
      if (help) { help.open ? help.close() : help.showModal(); }
    } else if (event.key === "j" && all.length) {
      select(current + 1);
    } else if (event.key === "k" && all.length) {
      select(current - 1);
    } else if (event.key === "Enter" && row) {
      window.location = row.getAttribute("data-href");
    } else if (event.key === "a") {
      // In the queue the claim is assigned and the reviewer stays on the queue.
      if (row) { post(row.getAttribute("data-take"), window.location.pathname + window.location.search); return; }
      var take = document.querySelector("form[data-shortcut=take]");
      if (take) take.submit();
    } else if (event.key === "v") {
      var field = document.querySelector("#verdict select, #verdict textarea");
      if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
    } else {
      return;
    }
  });

  // A new queue page (htmx swap) starts with no row selected.
  document.addEventListener("htmx:afterSwap", function () { current = -1; });
})();
