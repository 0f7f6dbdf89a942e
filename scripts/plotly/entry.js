// The trace types the results page draws: radar charts (scatterpolar) and the
// impact/effort chart of the improvement plan (scatter). Nothing else is bundled.
var Plotly = require("plotly.js/lib/core");
Plotly.register([require("plotly.js/lib/scatter"), require("plotly.js/lib/scatterpolar")]);
module.exports = Plotly;
