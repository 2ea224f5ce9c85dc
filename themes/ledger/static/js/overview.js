/* The overview on the index: a visible label for the mark a reader points at, focuses or taps.
   Without this script nothing is lost: every mark is a link to its event, named by its <title>
   (the browser's tooltip), and the key moments and lanes are labelled in text.
   - Hover, keyboard focus or a tap shows the mark's date and title in one label drawn last in the
     SVG (so nothing covers it), above the mark or below it, inside the visible part of the strip.
   - On a touch screen a first tap shows the label and a second tap opens the event: a tap opens
     a link at once otherwise, so touch could never read a label first.
   - On a screen too narrow for the whole axis, the strip opens at its busiest stretch (computed at
     build time: data-busy-x, in the SVG's units, which are CSS px) instead of at its first year. */
(function () {
  "use strict";
  var scroller = document.querySelector(".overview-scroll");
  var svg = scroller && scroller.querySelector("svg");
  var tip = svg && svg.querySelector(".tip");
  if (!tip) return;
  var box = tip.querySelector("rect");
  var text = tip.querySelector("text");
  var SVG = "http://www.w3.org/2000/svg";
  var LINE = 16, PAD = 6, CHARS = 40;

  var busy = parseFloat(scroller.getAttribute("data-busy-x"));
  if (busy > 0 && scroller.scrollWidth > scroller.clientWidth) scroller.scrollLeft = busy;

  function titleOf(mark) {
    var own = mark.querySelector("title");
    if (!own && mark.hasAttribute("data-event")) {  // a copy in another lane: its name is on the first
      var first = svg.querySelector('a.mark[data-event="' + mark.getAttribute("data-event") + '"] title');
      own = first;
    }
    return own ? own.textContent : "";
  }

  function wrap(words) {
    var lines = [], line = "";
    words.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > CHARS) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    if (lines.length > 3) lines = [lines[0], lines[1], lines.slice(2).join(" ").slice(0, CHARS - 1) + "…"];
    return lines;
  }

  function show(mark) {
    var title = titleOf(mark);
    if (!title) return;
    var cut = title.indexOf(": ");
    var lines = cut > 0 ? [title.slice(0, cut)].concat(wrap(title.slice(cut + 2))) : [title];
    while (text.firstChild) text.removeChild(text.firstChild);
    lines.forEach(function (line, n) {
      var span = document.createElementNS(SVG, "tspan");
      span.textContent = line;
      if (n === 0) span.setAttribute("class", "tip-date");
      text.appendChild(span);
    });
    tip.classList.add("is-shown");
    var width = 0;
    Array.prototype.forEach.call(text.childNodes, function (span) {
      width = Math.max(width, span.getComputedTextLength());
    });
    width += 2 * PAD;
    var height = lines.length * LINE + PAD;
    var hit = mark.querySelector(".hit");
    var x = parseFloat(hit.getAttribute("x")), y = parseFloat(hit.getAttribute("y"));
    var markHeight = parseFloat(hit.getAttribute("height"));
    var svgWidth = svg.viewBox.baseVal.width;
    // inside the part of the strip the reader sees (one SVG unit is one CSS px, never scaled)
    var left = Math.max(scroller.scrollLeft, 2), right = Math.min(scroller.scrollLeft + scroller.clientWidth, svgWidth) - 2;
    var tipX = Math.max(left, Math.min(x, right - width));
    var tipY = y - height - 2 >= 0 ? y - height - 2 : y + markHeight + 2;
    box.setAttribute("x", tipX); box.setAttribute("y", tipY);
    box.setAttribute("width", width); box.setAttribute("height", height);
    Array.prototype.forEach.call(text.childNodes, function (span, n) {
      span.setAttribute("x", tipX + PAD);
      span.setAttribute("y", tipY + PAD / 2 + (n + 1) * LINE - 4);
    });
  }

  function hide() { tip.classList.remove("is-shown"); }

  function markOf(event) { return event.target.closest ? event.target.closest("a.mark") : null; }

  svg.addEventListener("focusin", function (event) { var mark = markOf(event); if (mark) show(mark); });
  svg.addEventListener("focusout", hide);
  svg.addEventListener("mouseover", function (event) { var mark = markOf(event); if (mark) show(mark); });
  svg.addEventListener("mouseout", function (event) {
    var mark = markOf(event);
    if (mark && mark !== document.activeElement) hide();
  });

  var touched = false, previewed = null;
  svg.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
  });
  svg.addEventListener("keydown", function () { touched = false; });
  svg.addEventListener("click", function (event) {
    var mark = markOf(event);
    if (!mark || !touched) return;
    touched = false;
    if (previewed === mark) return;  // the second tap: follow the link
    event.preventDefault();
    previewed = mark;
    mark.focus();
    show(mark);
  });
  svg.addEventListener("focusout", function (event) { if (event.target === previewed) previewed = null; });
})();
