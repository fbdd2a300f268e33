// The map, graph and timeline result views: an answer's rows turned into the data of the shared views
// (static/views/: SahelViews.map, .network, .timeline), which draw them as on the map, network and timeline pages.
(function () {
  "use strict";
  const POINT = /POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)/i;
  // Edge kinds of the network view, by the local name of the property that links two resources.
  const EDGE_KINDS = {
    membership: /memberOf|componentOf|branchOf|partOf|subOrganizationOf|signatoryOf|participatesIn/i,
    leadership: /headOf|leader|commander|founder|representative/i,
    support: /supports|trains|promotedBy/i,
    rivalry: /clash|fight|attack|against|target/i,
    lineage: /split|succeed|emerged|resulting|original|replaced/i,
    origin: /origin|composedOf|recruits|ethnicity/i,
  };

  function certaintyColumn(answer) {
    return answer.json.head.vars.find(function (name) { return /^certainty/i.test(name); });
  }

  function certainty(row, answer, context) {
    // The certainty a row names (its concept or its name), as the views' {certainty, hedged}.
    const column = certaintyColumn(answer);
    const term = column && row[column];
    if (!term) return {};
    const concepts = context.data.certainty;
    const found = concepts[term.value] || Object.values(concepts).find(function (concept) {
      return concept.key === term.value || concept.label === term.value;
    });
    return found ? { certainty: found.key, hedged: found.key !== "stated" } : {};
  }

  function options(context, more) {
    const messages = JSON.parse(document.getElementById("sahel-views-messages").textContent);
    return Object.assign({ lang: context.data.lang, messages: messages }, more);
  }

  function subject(row, answer, index) {
    // The resource a row is about (its first resource column), else the row itself.
    const column = answer.shape.iris[0];
    return column && row[column] ? row[column] : { type: "row", value: "row-" + index };
  }

  function map(box, answer, context) {
    const shape = answer.shape;
    const features = {};
    answer.json.results.bindings.forEach(function (row, index) {
      let lat, long;
      const wkt = shape.wkt.length && row[shape.wkt[0]] && POINT.exec(row[shape.wkt[0]].value);
      if (wkt) { long = Number(wkt[1]); lat = Number(wkt[2]); }
      else if (row[shape.lat[0]] && row[shape.long[0]]) {
        lat = Number(row[shape.lat[0]].value); long = Number(row[shape.long[0]].value);
      }
      const thing = subject(row, answer, index);
      if (lat === undefined || features[thing.value]) return;
      features[thing.value] = Object.assign({ id: thing.value, label: answer.label(thing.type === "uri" ? thing : null)
        || String(index + 1), href: thing.type === "uri" ? context.localHref(thing.value) : null,
        layer: "place", lat: lat, long: long, links: [] }, certainty(row, answer, context));
    });
    return SahelViews.map(box, { features: Object.values(features), unplaced: [] },
                          options(context, { layers: ["place"] }));
  }

  function edgeKind(iri) {
    const local = iri ? iri.split(/[#/]/).pop() : "";
    return Object.keys(EDGE_KINDS).find(function (kind) { return EDGE_KINDS[kind].test(local); }) || "alliance";
  }

  function nodeKind(iri) {
    return /\/id\/person\//.test(iri) ? "person" : /\/id\/community\//.test(iri) ? "community" : "organisation";
  }

  function graph(box, answer, context) {
    // Edges from the first two resource columns; a third column of properties names the relation.
    const iris = answer.shape.iris;
    const relation = iris.find(function (name) { return /^(p|property|predicate|relation)$/i.test(name); });
    const [from, to] = iris.filter(function (name) { return name !== relation; });
    const nodes = {}, edges = [];
    answer.json.results.bindings.forEach(function (row, index) {
      if (!row[from] || !row[to]) return;
      [row[from], row[to]].forEach(function (term) {
        nodes[term.value] = nodes[term.value] || { id: term.value, label: answer.label(term), short: "",
          href: context.localHref(term.value), kind: nodeKind(term.value), category: "" };
      });
      const property = relation && row[relation];
      edges.push(Object.assign({ id: "edge-" + index, source: row[from].value, target: row[to].value,
        kind: edgeKind(property && property.value), label: property ? answer.label(property) : "?" + to },
        certainty(row, answer, context)));
    });
    return SahelViews.network(box, { nodes: Object.values(nodes), edges: edges }, options(context, {}));
  }

  function timeline(box, answer, context) {
    const column = answer.shape.dates[0];
    const items = [], seen = new Set();  // one item per thing and date, however many rows repeat it
    let horizon = "1900";
    answer.json.results.bindings.forEach(function (row, index) {
      const thing = subject(row, answer, index);
      const text = answer.shape.texts.find(function (name) { return row[name]; });
      const date = row[column] && row[column].value.slice(0, 10);
      if (!date || seen.has(thing.value + " " + date)) return;
      seen.add(thing.value + " " + date);
      horizon = date.slice(0, 4) > horizon ? date.slice(0, 4) : horizon;
      items.push(Object.assign({ id: "item-" + index, label: thing.type === "uri" ? answer.label(thing)
        : text ? row[text].value : date, href: thing.type === "uri" ? context.localHref(thing.value) : null,
        kind: "event", type: "", typeLabel: "", start: date, actors: [] }, certainty(row, answer, context)));
    });
    return SahelViews.timeline(box, { items: items, undated: [], horizon: horizon }, options(context, {}));
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.draw = Object.assign(window.SahelQuery.draw || {}, { map: map, graph: graph, timeline: timeline });
})();
