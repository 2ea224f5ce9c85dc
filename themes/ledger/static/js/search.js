/* Starts Pagefind's search interface on the search page.
   - Each result says what it is and, for an event, when: the pages give Pagefind
     data-pagefind-meta="type:…" and "date:…", and the result's title shows them.
   - The query stays in the address (?q=…) as it is typed, so a search can be shared
     and survives a reload; a query of one character searches nothing (it would
     match every word that starts with that letter). */
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;

  function remember(term) {
    var params = new URLSearchParams(window.location.search);
    if (term) params.set("q", term); else params.delete("q");
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle"),
    // a large site's index comes in shards (search.py): the other shards are merged into the results
    mergeIndex: (element.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (path) {
      return { bundlePath: path };
    }),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    // rank by where a word stands (an entry's own name counts most), not by how often a page repeats it:
    // "Lavrov" finds the person before the events that name him in every line
    ranking: { termFrequency: 0.0 },
    processTerm: function (term) {
      remember(term.trim());
      return term.trim().length < 2 ? "" : term;
    },
    processResult: function (result) {
      var meta = result.meta || {};
      var label = [meta.type, meta.date].filter(Boolean).join(", ");
      if (label) meta.title = label + ": " + (meta.title || "");
      return result;
    }
  });
  var field = element.querySelector("input");
  if (field) field.setAttribute("aria-labelledby", "search-hint"); // a visible label, not only a title
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && field) {
    field.value = query;
    field.dispatchEvent(new Event("input"));
  }
})();
