/* Filters on the timeline index: actor, thread and tag.
   Progressive enhancement: without this script the form stays hidden and every
   event is listed. The choice lives in the URL (?actor=…&thread=…&tag=…) so a
   filtered view can be shared and survives a reload. Each option counts the
   events it would show together with the other filters (faceted counts), and a
   combination that matches nothing says which filter to change. */
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
  // each option's text is its label; the count after it is this script's (faceted, so it changes)
  names.forEach(function (name) {
    Array.prototype.forEach.call(form.elements[name].options, function (option) {
      option.setAttribute("data-label", option.textContent);
    });
  });

  function chosen() {
    var values = {};
    names.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function has(item, name, value) {
    return (" " + item.getAttribute("data-" + name) + " ").indexOf(" " + value + " ") !== -1;
  }

  function matches(item, values, except) {
    return names.every(function (name) {
      return name === except || !values[name] || has(item, name, values[name]);
    });
  }

  function recount(values) {
    names.forEach(function (name) {
      var counts = {};
      items.forEach(function (item) {
        if (!matches(item, values, name)) return;
        (item.getAttribute("data-" + name) || "").split(" ").forEach(function (value) {
          if (value) counts[value] = (counts[value] || 0) + 1;
        });
      });
      Array.prototype.forEach.call(form.elements[name].options, function (option) {
        if (!option.value) return;
        option.textContent = option.getAttribute("data-label") + " (" + (counts[option.value] || 0) + ")";
      });
    });
  }

  function labelOf(name, value) {
    var option = form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]');
    return option ? option.getAttribute("data-label") : value;
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
    var active = names.filter(function (name) { return values[name]; });
    recount(values);
    if (active.length && !shown) {
      status.textContent = "No event matches all of these filters. Remove one of them: " +
        active.map(function (name) { return name + " “" + labelOf(name, values[name]) + "”"; }).join(", ") + ".";
    } else {
      status.textContent = active.length ? "Showing " + shown + " of " + items.length + " events." : "";
    }
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
  // a filter given in the address opens the panel, so the reader sees what is filtered
  var panel = form.querySelector("details");
  if (panel && names.some(function (name) { return form.elements[name].value; })) panel.open = true;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
