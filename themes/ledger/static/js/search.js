/* Starts Pagefind's search interface on the search page. Results show each
   event's date, which the event pages give Pagefind as data-pagefind-meta="date:…". */
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false
  });
  var field = element.querySelector("input");
  if (field) field.setAttribute("aria-labelledby", "search-hint"); // a visible label, not only a title
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    if (field) { field.value = query; field.dispatchEvent(new Event("input")); }
  }
})();
