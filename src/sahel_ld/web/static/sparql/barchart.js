// The bar chart view: one bar per row, named by the first resource or text column, as long as the first number
// column says; drawn with the shipped Chart.js.
(function () {
  "use strict";
  const MOST = 200;  // bars beyond this would be too thin to read

  function barchart(box, answer, context) {
    const shape = answer.shape;
    const nameColumn = shape.iris[0] || shape.texts[0];
    const valueColumn = shape.numbers[0];
    const rows = answer.json.results.bindings.filter(function (row) { return row[valueColumn]; }).slice(0, MOST);
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", context.t("qp_view_barchart") + ": ?" + valueColumn + " / ?" + nameColumn);
    const frame = document.createElement("div");
    frame.className = "chart-frame";
    frame.style.height = Math.max(240, rows.length * 22 + 60) + "px";
    frame.appendChild(canvas);
    box.appendChild(frame);
    const chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return answer.label(row[nameColumn]); }),
        datasets: [{ label: "?" + valueColumn, backgroundColor: "#8a4b08",
                     data: rows.map(function (row) { return Number(row[valueColumn].value); }) }],
      },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                 locale: context.data.lang === "fr" ? "fr-FR" : "en-GB" },
    });
    return { destroy: function () { chart.destroy(); } };
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.draw = window.SahelQuery.draw || {};
  window.SahelQuery.draw.barchart = barchart;
})();
