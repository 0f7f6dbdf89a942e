// Draw the results page's charts: each <div data-figure="ID"> gets the Plotly figure that the
// server put in <script type="application/json" id="ID"> (built and tested in scoring/charts.py).
// And a share link's copy button copies the link. Messages come from the JavaScript catalogue.
(function () {
  "use strict";
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { displayModeBar: false, responsive: true });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var status = document.getElementById(button.dataset.copy + "-status");
      field.select();
      var done = function () { status.textContent = gettext("Link copied."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          status.textContent = gettext("Select the link and copy it yourself.");
        });
      } else {
        status.textContent = gettext("Select the link and copy it yourself.");
      }
    });
  });
})();
