/* Draws every chart on the page: an element with data-chart="bar" reads its data from the
   JSON <script> whose id is in data-source ({"labels": [...], "values": [...]}). */
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.dataset.source);
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element);
    chart.setOption({
      grid: { left: 40, right: 16, top: 24, bottom: 60 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: element.dataset.chart || "bar", data: data.values, itemStyle: { color: "#9b1c1c" } }]
    });
    if (data.links) {
      chart.on("click", function (params) {
        var link = data.links[params.dataIndex];
        if (link) { window.location.href = link; }
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
