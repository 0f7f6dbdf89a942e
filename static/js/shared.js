// The client manager's shared page on a phone (loaded after results.js, which draws the charts).
// 1. Every table scrolls inside its own region, never the page: the region is focusable (to
//    scroll it with the keyboard) and named after the table's caption or the heading above it.
// 2. The radars keep their axis labels and legend whole on a narrow screen ("Customer journey"
//    was cut at the plot's edge): wider side margins, smaller labels and legend entries of a
//    fixed width below 576 px, applied once the web font is in (the labels' widths depend on
//    it) and again when the width changes.
(function () {
  "use strict";

  function labelOf(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var section = table.closest("section");
    var heading = section && section.querySelector("h2, h3");
    return heading ? heading.textContent.trim() : "";
  }

  document.querySelectorAll("main table").forEach(function (table) {
    var region = table.parentElement;
    if (!region.classList.contains("table-responsive")) {
      region = document.createElement("div");
      region.className = "table-responsive";
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    }
    region.classList.add("shared-table");
    region.setAttribute("role", "region");
    region.setAttribute("tabindex", "0");
    // Not the bare heading: the section around it has that name already.
    region.setAttribute("aria-label", interpolate(gettext("Table: %s"), [labelOf(table)]));
  });

  if (typeof Plotly === "undefined") { return; }
  var narrow = window.matchMedia("(max-width: 575.98px)");
  var radars = Array.prototype.filter.call(
    document.querySelectorAll("[data-figure]"),
    function (element) { return element.layout && element.layout.polar; }
  );
  var wide = radars.map(function (element) {
    var layout = element.layout;
    return {
      "margin.l": layout.margin.l,
      "margin.r": layout.margin.r,
      "polar.angularaxis.tickfont.size": layout.polar.angularaxis.tickfont.size,
      "legend.entrywidth": layout.legend.entrywidth,
      "legend.entrywidthmode": layout.legend.entrywidthmode
    };
  });
  function fit() {
    radars.forEach(function (element, index) {
      Plotly.relayout(element, narrow.matches ? {
        "margin.l": 104,
        "margin.r": 104,
        "polar.angularaxis.tickfont.size": element.clientWidth < 340 ? 9 : 10,
        // Plotly sizes the legend by widths it measured before the web font was in, and cuts
        // its entries on a narrow plot: a fixed width per entry, one per line.
        "legend.entrywidth": 170,
        "legend.entrywidthmode": "pixels"
      } : wide[index]);
    });
  }
  narrow.addEventListener("change", fit);
  document.fonts.ready.then(fit);
})();
