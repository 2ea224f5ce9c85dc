/* Starts Pagefind's search interface on the search page. Results show each
   event's date, which the event pages mark with data-pagefind-meta="date". */
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    processResult: function (result) {
      if (result.meta && result.meta.date) {
        result.meta.title = result.meta.date + " — " + (result.meta.title || "");
      }
      return result;
    }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    var input = element.querySelector("input");
    if (input) { input.value = query; input.dispatchEvent(new Event("input")); }
  }
})();
