/* Draws every chart on the page: an element with data-chart="bar", "line" or "pie" reads
   its data from the JSON <script> whose id is in data-source:
   {"labels": [...], "values": [...]} for one series, or
   {"labels": [...], "series": [{"name": ..., "type": "bar"|"line", "values": [...]}]};
   an optional "links" list makes a click on a bar or slice open the matching page.
   A chart with nothing to draw (no labels, or every value 0 or missing) shows the words
   of its data-empty attribute instead of empty axes. */
(function () {
  "use strict";
  var COLOURS = ["#9b1c1c", "#d97706", "#2563eb", "#059669", "#7c3aed", "#64748b", "#db2777"];

  function axisOption(data, kind) {
    var series = data.series || [{ name: "", type: kind, values: data.values }];
    return {
      color: COLOURS,
      grid: { left: 48, right: 48, top: series.length > 1 ? 40 : 24, bottom: 60 },
      tooltip: { trigger: "axis" },
      legend: series.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: series.map(function (_, index) {
        return { type: "value", minInterval: 1, show: index < 2, position: index ? "right" : "left" };
      }),
      series: series.map(function (one, index) {
        return {
          name: one.name, type: one.type || kind, data: one.values,
          yAxisIndex: Math.min(index, 1), smooth: true
        };
      })
    };
  }

  function pieOption(data) {
    return {
      color: COLOURS,
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { type: "scroll", bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "65%"], top: 0, bottom: 30,
        data: data.labels.map(function (label, index) { return { name: label, value: data.values[index] }; })
      }]
    };
  }

  function isEmpty(data) {
    var series = data.series || [{ values: data.values }];
    return !data.labels || data.labels.length === 0 || series.every(function (one) {
      return (one.values || []).every(function (value) { return !value; });
    });
  }

  function showEmpty(element) {
    var words = document.createElement("p");
    words.className = "chart-empty text-muted";
    words.textContent = element.dataset.empty || "";
    element.classList.add("chart-is-empty");
    element.replaceChildren(words);
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    if (isEmpty(data)) { showEmpty(element); return; }
    if (typeof echarts === "undefined") { return; }
    var kind = element.dataset.chart || "bar";
    var chart = echarts.init(element);
    chart.setOption(kind === "pie" ? pieOption(data) : axisOption(data, kind));
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
