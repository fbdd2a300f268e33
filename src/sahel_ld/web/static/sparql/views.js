// Result views: which ones an answer allows (map: coordinates or WKT; graph: pairs of resources; timeline: dates;
// bar chart: a label and a number), which one opens first (a "#defaultView:Map" comment in the query, as on the
// Wikidata Query Service, else the first the answer allows), and drawing them with the shipped libraries.
// SahelQuery.views(container, tabs, context) -> {show(text, json, labels), clear()}
(function () {
  "use strict";
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const DATES = ["date", "dateTime", "gYear", "gYearMonth"].map(function (n) { return XSD + n; });
  const NUMBERS = ["integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                   "positiveInteger"].map(function (n) { return XSD + n; });
  const WKT = "http://www.opengis.net/ont/geosparql#wktLiteral";
  const POINT = /^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)/i;
  const ORDER = ["map", "timeline", "graph", "barchart"];
  const NAMES = { table: "table", map: "map", graph: "graph", timeline: "timeline", barchart: "barchart" };

  function columns(vars, rows, test) {
    return vars.filter(function (name) {
      const values = rows.map(function (row) { return row[name]; }).filter(Boolean);
      return values.length > 0 && values.every(test);
    });
  }

  function shape(vars, rows) {
    // What the answer's columns hold, as the views need it.
    const isNumber = function (term) {
      return term.type === "literal" && (NUMBERS.indexOf(term.datatype) >= 0 || /^-?\d+(\.\d+)?$/.test(term.value));
    };
    const found = {
      iris: columns(vars, rows, function (term) { return term.type === "uri"; }),
      dates: columns(vars, rows, function (term) { return DATES.indexOf(term.datatype) >= 0; }),
      numbers: columns(vars, rows, isNumber),
      wkt: columns(vars, rows, function (term) { return term.datatype === WKT || POINT.test(term.value); }),
      lat: vars.filter(function (name) { return /^lat(itude)?$/i.test(name); }),
      long: vars.filter(function (name) { return /^(long|lon|lng|longitude)$/i.test(name); }),
      texts: columns(vars, rows, function (term) { return term.type === "literal" && !isNumber(term); }),
    };
    found.lat = found.lat.filter(function (name) { return found.numbers.indexOf(name) >= 0; });
    found.long = found.long.filter(function (name) { return found.numbers.indexOf(name) >= 0; });
    return found;
  }

  function allowed(found) {
    // The views this answer can be drawn as, in the order they are preferred.
    const ok = {
      map: found.wkt.length > 0 || (found.lat.length > 0 && found.long.length > 0),
      timeline: found.dates.length > 0,
      graph: found.iris.length >= 2,
      barchart: found.numbers.length > 0 && (found.iris.length > 0 || found.texts.length > 0),
    };
    return ORDER.filter(function (view) { return ok[view]; });
  }

  function linked(vars, rows) {
    // Whether some resource is at both ends of the answer's pairs: a network rather than a list of facts
    // (claims and their certainty, say), so the graph may open first.
    const columns = shape(vars, rows).iris;
    const seen = {};
    columns.forEach(function (name, i) {
      rows.forEach(function (row) { if (row[name]) seen[row[name].value] = (seen[row[name].value] || 0) | (1 << i); });
    });
    return Object.values(seen).some(function (mask) { return mask & (mask - 1); });
  }

  function worth(view, found, json) {
    // Whether a view may open first: most rows can be drawn in it (a map of two places out of forty is not the
    // answer's best picture), and a graph's resources link up.
    const rows = json.results.bindings;
    const most = function (name) {
      return rows.filter(function (row) { return row[name]; }).length * 2 > rows.length;
    };
    if (view === "map") return most(found.wkt[0] || found.lat[0]);
    if (view === "timeline") return most(found.dates[0]);
    if (view === "graph") return linked(json.head.vars, rows);
    return true;
  }

  function asked(text) {
    // The view a "#defaultView:Name" comment asks for, in our names.
    const match = /#\s*defaultView\s*:\s*(\w+)/i.exec(text);
    return match ? NAMES[match[1].toLowerCase()] || null : null;
  }

  function views(container, tabs, context) {
    const t = context.t;
    let current = null, drawn = null;

    function select(view) {
      tabs.querySelectorAll("button").forEach(function (button) {
        button.setAttribute("aria-selected", String(button.dataset.view === view));
      });
      if (drawn && drawn.destroy) drawn.destroy();
      drawn = null;
      if (view === "table") {
        context.table.show();
        return;
      }
      context.table.hide();
      const box = document.createElement("div");
      box.className = "view view-" + view;
      box.dataset.view = view;
      container.replaceChildren(box);
      drawn = SahelQuery.draw[view](box, current, context);
    }

    tabs.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("click", function () { select(button.dataset.view); });
    });

    return {
      show: function (text, json, labels) {
        const found = shape(json.head.vars, json.results.bindings);
        const possible = allowed(found);
        context.table.load(json, labels);
        current = { json: json, shape: found, label: context.table.text };
        tabs.querySelectorAll("button").forEach(function (button) {
          button.hidden = button.dataset.view !== "table" && possible.indexOf(button.dataset.view) < 0;
        });
        const wanted = asked(text);
        const first = possible.find(function (view) { return worth(view, found, json); });
        select(wanted === "table" || possible.indexOf(wanted) >= 0 ? wanted : first || "table");
      },
      clear: function () {
        if (drawn && drawn.destroy) drawn.destroy();
        drawn = null;
        context.table.hide();
      },
    };
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.views = views;
  window.SahelQuery.draw = window.SahelQuery.draw || {};
})();
