/* Filters on the timeline index: actor, thread and tag.
   Progressive enhancement: without this script the form stays hidden and every
   event is listed. The choice lives in the URL (?actor=…&thread=…&tag=…) so a
   filtered view can be shared and survives a reload. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("timeline-list");
  if (!form || !list) return;
  var names = ["actor", "thread", "tag"];
  var items = list.querySelectorAll("li[data-actor]");
  var sections = list.querySelectorAll("section.year");
  var status = document.getElementById("filter-status");
  var marks = document.querySelectorAll(".overview a[data-event]");
  var yearLinks = document.querySelectorAll(".year-menu a");

  function chosen() {
    var values = {};
    names.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function matches(item, values) {
    return names.every(function (name) {
      var wanted = values[name];
      if (!wanted) return true;
      return (" " + item.getAttribute("data-" + name) + " ").indexOf(" " + wanted + " ") !== -1;
    });
  }

  function apply(updateUrl) {
    var values = chosen();
    var shown = 0;
    var visible = {};
    items.forEach(function (item) {
      var ok = matches(item, values);
      item.hidden = !ok;
      if (ok) {
        shown += 1;
        var article = item.querySelector("article");
        if (article) visible[article.id.replace(/^event-/, "")] = true;
      }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li[data-actor]:not([hidden])");
    });
    yearLinks.forEach(function (link) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      link.parentNode.hidden = !!(target && target.hidden);
    });
    marks.forEach(function (mark) {
      mark.classList.toggle("is-dimmed", !visible[mark.getAttribute("data-event")]);
    });
    var active = names.some(function (name) { return values[name]; });
    status.textContent = active ? "Showing " + shown + " of " + items.length + " events." : "";
    if (updateUrl) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        if (values[name]) params.set(name, values[name]); else params.delete(name);
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  var params = new URLSearchParams(window.location.search);
  names.forEach(function (name) {
    var select = form.elements[name];
    var value = params.get(name);
    if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
