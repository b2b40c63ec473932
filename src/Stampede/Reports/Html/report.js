// Stampede HTML report: draws the charts from the inline JSON data with the shared chart script (charts.js) and
// uPlot. Runs under a CSP that allows only the page's own inline blocks by hash.
(function () {
  'use strict';
  StampedeCharts.drawAll(document, JSON.parse(document.getElementById('stampede-data').textContent));
})();
