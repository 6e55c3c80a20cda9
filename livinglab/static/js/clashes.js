// Says, while a person chooses, which of their choices take place at the same time. The form's
// own check stays the rule when it is sent; without this script nothing is lost but the warning.
(function () {
  "use strict";
  var form = document.querySelector("form[data-clash-message]");
  if (!form) return;
  var template = form.getAttribute("data-clash-message");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-starts]"));
  var notes = new Map();

  inputs.forEach(function (input) {
    var box = input.closest("[id^='div_id_']");
    if (!box || notes.has(box)) return;
    var note = document.createElement("p");
    note.className = "clash-note small fw-semibold mb-0";
    note.setAttribute("aria-live", "polite");
    box.appendChild(note);
    notes.set(box, note);
  });

  function overlap(a, b) {
    return Date.parse(a.dataset.starts) < Date.parse(b.dataset.ends) &&
      Date.parse(b.dataset.starts) < Date.parse(a.dataset.ends);
  }

  function update() {
    var chosen = inputs.filter(function (input) { return input.checked; });
    var clashes = new Map();
    chosen.forEach(function (mine) {
      chosen.forEach(function (other) {
        if (mine === other || !overlap(mine, other)) return;
        var box = mine.closest("[id^='div_id_']");
        var text = template.replace("{title}", other.dataset.title).replace("{when}", other.dataset.when);
        clashes.set(box, (clashes.get(box) || []).concat([text]));
      });
    });
    notes.forEach(function (note, box) {
      var text = (clashes.get(box) || []).join(" ");
      if (note.textContent !== text) note.textContent = text;
      box.classList.toggle("has-clash", text !== "");
    });
  }

  form.addEventListener("change", update);
  update();
})();
