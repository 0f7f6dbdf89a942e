// Draw the results page's charts: each <div data-figure="ID"> gets the Plotly figure that the
// server put in <script type="application/json" id="ID"> (built and tested in scoring/charts.py).
(function () {
  "use strict";
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { displayModeBar: false, responsive: true });
  });
})();
