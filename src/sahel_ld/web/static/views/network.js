/* sahel-ld views: the actor network, SahelViews.network(element, data, options), drawn with Cytoscape.js
 * (the lineage with the dagre layout). Needs vendor/cytoscape/dist/cytoscape.min.js, and for the lineage
 * vendor/dagre/dist/dagre.min.js and vendor/cytoscape-dagre/cytoscape-dagre.js, then common.js.
 *
 * data = {
 *   nodes: [{id, label, short, href,      the actor, its name, its acronym (or ''), its page
 *            founded,                     the date an organisation came into being, or null
 *            kind: 'organisation' | 'person' | 'community',
 *            category: 'jihadist' | 'non-jihadist' | 'foreign-actor' | ''}],
 *   edges: [{id, source, target, href,    one claim; lineage edges go from the newer group to the older
 *            kind: 'membership' | 'leadership' | 'alliance' | 'support' | 'rivalry' | 'lineage' | 'origin',
 *            label,                       the relation in the page's language ("member of")
 *            certainty, hedged, quote,
 *            start, end, date}]           the claim's period, as precise as the source ('2017', '2017-03')
 * }
 * Negated claims are never drawn (the data leaves them out, and an edge with negated: true is skipped).
 * options (besides lang, messages, navigate):
 *   layout     'network' (default) or 'lineage' (lineage edges only, on a time axis: each group stands at
 *              the earliest date the data gives it, its founding or the change it came out of; a group
 *              without a date stands just before the group that came out of it, or just after the one it
 *              came out of, and is drawn dashed; dagre only spreads the rows)
 *   focus      the IRI of a node drawn in the middle, larger (an actor's own page)
 *   list       an element that receives the drawn relations as a readable list
 * Returns {cy, ready, setFilter(filter), count(what)} (what: 'nodes' or 'edges'); filter = {kinds: [kind] | null,
 * categories: [category] | null, certainty: 'all' | 'stated' | 'hedged', asOf: '2017' | null,
 * undated: false to drop relations without a period when asOf is set, actors: [iri] | null}.
 */
(function () {
  "use strict";

  var V = window.SahelViews;
  var KINDS = ["membership", "leadership", "alliance", "support", "rivalry", "lineage", "origin"];
  var EDGE_COLOURS = {membership: "#2b5d8a", leadership: "#1f6f43", alliance: "#b8860b", support: "#6b4c9a",
                      rivalry: "#b42318", lineage: "#4a4a4a", origin: "#9a6b3f"};
  var NODE_COLOURS = {"jihadist": "#7f1d1d", "non-jihadist": "#1e5a7a", "foreign-actor": "#5b6b2f", "": "#6b6f73"};
  var NODE_SHAPES = {organisation: "ellipse", person: "diamond", community: "hexagon"};
  var YEAR_WIDTH = {wide: 160, narrow: 60};  // the lineage's time axis: model units per year (narrow screens
                                              // get a shorter year and more rows, so that names stay legible)
  // cose cools from 1000 to 1 degree by this factor per step: 0.95 takes about 135 steps where its default
  // (0.99) takes about 690, a quarter of the time for drawings of the same quality at our sizes (bench/views.md)
  var COOLING = 0.95;
  var UNDATED_GAP = 0.5;  // how far (in years) an undated group stands from the group it is placed by

  /* A date of any precision as a year with its fraction (its first day): '2017-03' -> 2017.16. */
  function when(text) {
    var first = V.span(text)[0], year = first.getUTCFullYear();
    return year + (first - Date.UTC(year, 0, 1)) / (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1));
  }

  /* Each group's date on the lineage's axis: the earliest of its founding and of the dated changes it came
   * out of (a lineage edge goes from the newer group, its source, to the older). Undated groups are absent. */
  function nodeDates(nodes, edges) {
    var dates = {};
    var keep = function (id, date) { if (date && !(dates[id] && when(dates[id]) <= when(date))) dates[id] = date; };
    nodes.forEach(function (n) { keep(n.id, n.founded); });
    edges.forEach(function (e) { keep(e.source, e.date || e.start); });
    return dates;
  }

  /* Times for the undated groups drawn: just before the earliest group that came out of them, else just after
   * the latest group they came out of, else before everything. */
  function placeUndated(at, edges) {
    var changed = true;
    var linked = function (id, end, other) {
      return edges.filter(function (e) { return e.data(end) === id && at[e.data(other)] !== undefined; })
        .map(function (e) { return at[e.data(other)]; });
    };
    while (changed) {
      changed = false;
      Object.keys(at).filter(function (id) { return at[id] === undefined; }).forEach(function (id) {
        var later = linked(id, "target", "source"), earlier = linked(id, "source", "target");
        if (later.length) at[id] = Math.min.apply(null, later) - UNDATED_GAP;
        else if (earlier.length) at[id] = Math.max.apply(null, earlier) + UNDATED_GAP;
        changed = changed || at[id] !== undefined;
      });
    }
    var known = Object.keys(at).map(function (id) { return at[id]; }).filter(function (t) { return t !== undefined; });
    var loose = Object.keys(at).filter(function (id) { return at[id] === undefined; });
    if (!loose.length) return;
    // a lineage with no date at all: its oldest group first, before every dated group, the rest by their links
    var oldest = loose.filter(function (id) { return !edges.some(function (e) { return e.data("source") === id; }); });
    at[(oldest.length ? oldest : loose)[0]] = (known.length ? Math.min.apply(null, known) : new Date().getUTCFullYear()) - 2 * UNDATED_GAP;
    placeUndated(at, edges);
  }

  /* The years along the bottom of the lineage, with a faint line each, following zoom and pan. */
  function timeAxis(cy, canvas, yearWidth) {
    var strip = V.el("div", {"class": "sv-axis", "aria-hidden": "true"});
    canvas.appendChild(strip);
    function draw() {
      strip.textContent = "";
      var shown = cy.nodes().not(".sv-hidden");
      if (!shown.length) return;
      var box = shown.boundingBox(), zoom = cy.zoom(), pan = cy.pan();
      var perYear = yearWidth() * zoom, step = perYear >= 44 ? 1 : perYear >= 20 ? 2 : 5;
      var from = Math.floor(box.x1 / yearWidth()), to = Math.ceil(box.x2 / yearWidth());
      for (var year = Math.ceil(from / step) * step; year <= to; year += step) {
        var tick = V.el("span", {"class": "sv-tick"}, [String(year)]);
        tick.style.left = (year * perYear + pan.x) + "px";
        strip.appendChild(tick);
      }
    }
    cy.on("viewport resize", draw);
    return {draw: draw};
  }

  function style(focus) {
    return [
      {selector: "node", style: {
        "label": "data(name)", "font-size": "mapData(degree, 1, 24, 10, 22)", "text-wrap": "wrap", "text-max-width": 110,
        "color": "#1d2327", "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#fbfaf7",
        "text-background-opacity": 0.8, "text-background-padding": 1, "min-zoomed-font-size": 7,
        "width": "mapData(degree, 1, 24, 14, 34)", "height": "mapData(degree, 1, 24, 14, 34)", "background-color": "data(colour)",
        "shape": "data(shape)", "border-width": 1, "border-color": "#fff"}},
      {selector: "node[id = '" + String(focus || "").replace(/'/g, "\\'") + "']", style: {
        "width": 26, "height": 26, "font-weight": "bold", "font-size": 13, "border-width": 3, "border-color": "#8a4b08"}},
      {selector: "edge", style: {
        "width": 2, "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", "opacity": 0.9}},
      {selector: "edge.sv-hedged", style: {"line-style": "dashed", "line-dash-pattern": [6, 4], "opacity": 0.55}},
      {selector: "node.sv-undated", style: {"border-style": "dashed", "border-width": 3, "border-color": "#1d2327",
        "background-opacity": 0.6}},
      {selector: ".sv-hidden", style: {"display": "none"}},
      {selector: "node:selected", style: {"border-color": "#8a4b08", "border-width": 3}}
    ];
  }

  /* Whether an edge's period includes the date asked for; undated edges pass unless told otherwise. */
  function periodPasses(edge, asOf, undated) {
    if (!asOf) return true;
    var start = edge.start || edge.date, end = edge.end;
    if (!start && !end) return undated !== false;
    var wanted = V.span(asOf);
    return (!start || V.span(start)[0] < wanted[1]) && (!end || V.span(end)[1] > wanted[0]);
  }

  function network(element, data, options) {
    options = V.settle(options);
    var lineage = options.layout === "lineage";
    if (lineage && window.cytoscapeDagre && !network.dagreReady) { cytoscape.use(window.cytoscapeDagre); network.dagreReady = true; }
    element.classList.add("sv-network");
    var canvas = V.el("div", {"class": "sv-canvas", role: "img", "aria-label": V.word(options, lineage ? "views_lineage" : "views_network")});
    element.appendChild(canvas);
    var nodes = {};
    data.nodes.forEach(function (n) { nodes[n.id] = n; });
    var edges = data.edges.filter(function (e) { return !e.negated && nodes[e.source] && nodes[e.target] && (!lineage || e.kind === "lineage"); });
    var dates = lineage ? nodeDates(data.nodes, edges) : {};
    var used = {};  // how many drawn relations each actor has: hubs are drawn larger, named larger
    edges.forEach(function (e) { used[e.source] = (used[e.source] || 0) + 1; used[e.target] = (used[e.target] || 0) + 1; });
    var elements = data.nodes.filter(function (n) { return used[n.id] || n.id === options.focus; }).map(function (n) {
      var name = (n.short || n.label) + (dates[n.id] ? "\n" + V.formatDate(dates[n.id], options.lang) : "");
      return {group: "nodes", data: {id: n.id, name: name, colour: NODE_COLOURS[n.category || ""] || NODE_COLOURS[""],
        shape: NODE_SHAPES[n.kind] || "ellipse", href: n.href, degree: Math.min(used[n.id] || 1, 24)}};
    }).concat(edges.map(function (e) {
      return {group: "edges", classes: e.hedged ? "sv-hedged" : "",
        data: {id: e.id, source: e.source, target: e.target, colour: EDGE_COLOURS[e.kind] || "#888"}};
    }));
    var cy = cytoscape({container: canvas, elements: elements, style: style(options.focus), minZoom: 0.2, maxZoom: 3,
                        wheelSensitivity: 0.3, boxSelectionEnabled: false});
    var yearWidth = function () { return canvas.clientWidth < 600 ? YEAR_WIDTH.narrow : YEAR_WIDTH.wide; };
    var axis = lineage ? timeAxis(cy, canvas, yearWidth) : null;
    element.appendChild(legend(options, edges, lineage));
    var info = V.el("div", {"class": "sv-info", "aria-live": "polite"});
    element.appendChild(info);
    var filter = options.filter || {};

    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (options.navigate && href) window.location.href = href;
    });
    cy.on("tap", "edge", function (event) {
      var e = edgeById[event.target.id()];
      info.textContent = "";
      info.appendChild(describe(e));
    });
    cy.on("mouseover", "node", function (event) { canvas.title = nodes[event.target.id()].label; });
    var edgeById = {};
    edges.forEach(function (e) { edgeById[e.id] = e; });

    /* An edge in words: source, relation, target, with its certainty, period and quote. */
    function describe(e) {
      var s = nodes[e.source], t = nodes[e.target];
      var when = [e.date || e.start, e.end].filter(Boolean).map(function (d) { return V.formatDate(d, options.lang); }).join(" – ");
      return V.el("p", {"class": "sv-relation" + (e.hedged ? " hedged" : "")}, [
        V.el("a", {href: s.href}, [s.label]), " ", V.el("span", {"class": "sv-edge-" + e.kind}, [e.label]), " ",
        V.el("a", {href: t.href}, [t.label]), " ", V.badge(e, options), when ? " " + when : null,
        e.quote ? V.el("q", {lang: "en"}, [e.quote]) : null, e.href ? " " : null,
        e.href ? V.el("a", {href: e.href, "class": "sv-claim"}, [V.word(options, "views_claim")]) : null]);
    }

    function visibleEdge(e) {
      if (filter.kinds && filter.kinds.indexOf(e.kind) < 0) return false;
      if (!V.certaintyPasses(e, filter.certainty)) return false;
      if (!periodPasses(e, filter.asOf, filter.undated)) return false;
      if (filter.actors && filter.actors.indexOf(e.source) < 0 && filter.actors.indexOf(e.target) < 0) return false;
      return [e.source, e.target].every(function (id) {
        var category = nodes[id].category;
        return !filter.categories || !category || filter.categories.indexOf(category) >= 0;
      });
    }

    function draw() {
      var shownNodes = {};
      cy.batch(function () {
        cy.edges().forEach(function (edge) {
          var visible = visibleEdge(edgeById[edge.id()]);
          edge.toggleClass("sv-hidden", !visible);
          if (visible) shownNodes[edge.data("source")] = shownNodes[edge.data("target")] = true;
        });
        cy.nodes().forEach(function (node) { node.toggleClass("sv-hidden", !shownNodes[node.id()] && node.id() !== options.focus); });
      });
      if (lineage) { timeLayout(); if (options.list) listEdges(); return; }
      var layout = options.focus ? {name: "concentric", minNodeSpacing: 22, concentric: function (n) { return n.id() === options.focus ? 2 : 1; }, levelWidth: function () { return 1; }}
        : {name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 120000; },
           idealEdgeLength: function () { return 70; }, nodeOverlap: 20, gravity: 0.4, componentSpacing: 60, numIter: 1000,
           coolingFactor: COOLING};
      cy.elements().not(".sv-hidden").layout(Object.assign({fit: true, padding: 24}, layout)).run();
      if (options.list) listEdges();
    }

    /* The lineage on a time axis: dagre spreads the rows, each group's x is its date. */
    function timeLayout() {
      var shown = cy.elements().not(".sv-hidden");
      shown.layout({name: "dagre", rankDir: "RL", nodeSep: 40, rankSep: 120, edgeSep: 10, fit: false}).run();
      var at = {};
      shown.nodes().forEach(function (node) { at[node.id()] = dates[node.id()] && when(dates[node.id()]); });
      placeUndated(at, shown.edges());
      var moved = {};
      shown.nodes().sort(function (a, b) { return a.position("y") - b.position("y"); }).forEach(function (node) {
        var x = at[node.id()] * yearWidth(), y = node.position("y");
        var taken = function () {
          return Object.keys(moved).some(function (id) { return Math.abs(moved[id].x - x) < 90 && Math.abs(moved[id].y - y) < 36; });
        };
        while (taken()) y += 36;
        moved[node.id()] = {x: x, y: y};
        node.position(moved[node.id()]);
        node.toggleClass("sv-undated", !dates[node.id()]);
      });
      cy.fit(shown, 36);
      axis.draw();
    }

    function listEdges() {
      options.list.textContent = "";
      edges.forEach(function (e) {
        if (!cy.getElementById(e.id).hasClass("sv-hidden")) options.list.appendChild(V.el("li", {"data-id": e.id}, [describe(e)]));
      });
    }

    draw();
    var handle = {
      cy: cy,
      ready: Promise.resolve(),
      setFilter: function (next) { filter = next || {}; draw(); },
      count: function (what) { return cy[what === "edges" ? "edges" : "nodes"]().not(".sv-hidden").length; },
      position: function (id) {
        var p = cy.getElementById(id).renderedPosition(), box = canvas.getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
      }
    };
    element.sahelView = handle;
    return handle;
  }

  /* The legend: a colour per edge kind present, the certainty styles, the categories' colours (and, for the
   * lineage, what a dashed outline means). */
  function legend(options, edges, lineage) {
    var present = KINDS.filter(function (kind) { return edges.some(function (e) { return e.kind === kind; }); });
    var swatch = function (colour, cls) {
      var span = V.el("span", {"class": cls});
      span.style.background = colour;
      return span;
    };
    return V.el("div", {"class": "sv-legend sv-legend-network"}, [
      V.el("ul", {"class": "sv-legend-edges"}, present.map(function (kind) {
        return V.el("li", {}, [swatch(EDGE_COLOURS[kind], "sv-line"), " " + V.word(options, "views_edge_" + kind)]);
      })),
      V.el("ul", {"class": "sv-legend-nodes"}, ["jihadist", "non-jihadist", "foreign-actor", ""].map(function (category) {
        return V.el("li", {}, [swatch(NODE_COLOURS[category], "sv-dot"), " " + V.word(options, "views_category_" + (category || "none"))]);
      })),
      V.certaintyLegend(options),
      lineage ? V.el("p", {"class": "sv-legend-undated"}, [V.el("span", {"class": "sv-dot sv-dot-undated"}), " " + V.word(options, "views_lineage_undated")]) : null
    ]);
  }

  V.network = network;
})();
