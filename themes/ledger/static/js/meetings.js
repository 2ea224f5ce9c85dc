/* The meetings table: filters by participant and format, and sorting by a column.
   Progressive enhancement: without this script the form stays hidden and every
   meeting is listed in time order. Filters live in the URL (?participant=…&format=…). */
(function () {
  "use strict";
  var form = document.getElementById("meeting-filters");
  var table = document.getElementById("meetings-table");
  if (!form || !table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var status = document.getElementById("meeting-status");

  function apply(updateUrl) {
    var who = form.elements.participant.value;
    var format = form.elements.format.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!who || (" " + row.getAttribute("data-participants") + " ").indexOf(" " + who + " ") !== -1) &&
               (!format || row.getAttribute("data-format") === format);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    status.textContent = who || format ? "Showing " + shown + " of " + rows.length + " meetings." : "";
    if (updateUrl) {
      var params = new URLSearchParams(window.location.search);
      [["participant", who], ["format", format]].forEach(function (pair) {
        if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }
  }

  var params = new URLSearchParams(window.location.search);
  ["participant", "format"].forEach(function (name) {
    var value = params.get(name);
    if (value && form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]')) {
      form.elements[name].value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  apply(false);

  /* Sorting: a button in each sortable header; a second press reverses the order. */
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
    var kind = cell.getAttribute("data-sort");
    if (!kind) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = cell.textContent;
    cell.textContent = "";
    cell.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) {
        return kind === "date" ? Number(row.getAttribute("data-date")) : row.cells[column].textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : Number(a.getAttribute("data-date")) - Number(b.getAttribute("data-date"));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
