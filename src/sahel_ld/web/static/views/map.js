/* sahel-ld views: the map, SahelViews.map(element, data, options), drawn with Leaflet over country borders
 * from Natural Earth (world-atlas TopoJSON through topojson-client): no tile server, works offline.
 * Needs vendor/leaflet/dist/leaflet.js, vendor/topojson-client/dist/topojson-client.min.js and common.js.
 *
 * data = {
 *   features: [{                      one marker or area
 *     id, label, href,                the resource, its name in the page's language, its page
 *     layer: 'place' | 'site' | 'event' | 'area',
 *     lat, long,                      WGS84 point (areas: the place's representative point)
 *     kind, kindLabel,                its class (local name, e.g. 'Town', 'Attack') and that class's name
 *     date,                           events: '2019', '2019-01' or '2019-01-15' (as precise as the source)
 *     certainty, hedged, quote,       the claim that puts it there, when there is one
 *     shape, radius, country,         areas: 'country' (the Natural Earth country named `country`, in English)
 *                                     or 'circle' (radius in metres around the point)
 *     links: [{actor, text, href, certainty, hedged, quote}]   actors tied to it, one per claim (a link
 *                                     to an event instead has actor null and the event's actors in `actors`)
 *   }],
 *   unplaced: [{id, label, href, kindLabel, links}]            places without geometry: listed, never drawn
 * }
 * options (besides lang, messages, navigate):
 *   atlas         URL of the coarse base map, countries-110m.json, drawn first (default: the script tag's
 *                 data-atlas, else next to this script under ../vendor/world-atlas/)
 *   fineAtlas     URL of the fine one, countries-50m.json, fetched at zoom 5 and closer (data-atlas-fine)
 *   bounds        [[south, west], [north, east]] to show first (default: the drawn features)
 *   maxZoom       the closest zoom when fitting the features (default 8)
 *   unplacedList  an element that receives the list of unplaced features that pass the filter
 *   names         true to write the names of the places beside their markers, or the kinds of place
 *                 whose names to write (['Region'])
 *   layers        the layers to offer (default all four)
 * Returns {map, ready, setFilter(filter), count(layer), fit()} (also kept as element.sahelView); filter = {actors: [iri] | null, kinds: [kind] | null,
 * from: year | null, to: year | null, certainty: 'all' | 'stated' | 'hedged'}.
 */
(function () {
  "use strict";

  var V = window.SahelViews;
  var LAYERS = ["area", "place", "site", "event"];
  var SAHEL = [[4, -18], [27, 25]], SAHEL_CORE = [[9, -12], [23, 16]];  // first view, wide and narrow
  var script = document.currentScript;
  // The base maps: coarse borders (1:110m) drawn first, fine ones (1:50m) fetched once the reader zooms in to
  // FINE_ZOOM. Their addresses are the page's (versioned, as it preloads them), else the ones beside this script.
  var ATLAS = {coarse: atlasAddress("atlas", "countries-110m.json"), fine: atlasAddress("atlasFine", "countries-50m.json")};
  var FINE_ZOOM = 5;
  // Names written on the base map (Natural Earth ids are ISO 3166 numeric codes).
  var COUNTRY_NAMES = {
    "466": ["Mali", "Mali"], "562": ["Niger", "Niger"], "854": ["Burkina Faso", "Burkina Faso"],
    "478": ["Mauritania", "Mauritanie"], "148": ["Chad", "Tchad"], "012": ["Algeria", "Algérie"],
    "686": ["Senegal", "Sénégal"], "566": ["Nigeria", "Nigeria"], "434": ["Libya", "Libye"],
    "324": ["Guinea", "Guinée"], "384": ["Côte d’Ivoire", "Côte d’Ivoire"], "288": ["Ghana", "Ghana"],
    "204": ["Benin", "Bénin"], "768": ["Togo", "Togo"], "504": ["Morocco", "Maroc"],
    "120": ["Cameroon", "Cameroun"], "729": ["Sudan", "Soudan"], "788": ["Tunisia", "Tunisie"],
    "250": ["France", "France"], "724": ["Spain", "Espagne"]
  };
  var atlasLoads = {};

  function atlasAddress(attribute, file) {
    return script ? script.dataset[attribute] || new URL("../vendor/world-atlas/" + file, script.src).href : null;
  }

  /* The countries of world-atlas as GeoJSON features, fetched once per page. */
  function countries(url) {
    if (!atlasLoads[url]) {
      atlasLoads[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("world-atlas: HTTP " + response.status);
        return response.json();
      }).then(function (topology) {
        return topojson.feature(topology, topology.objects.countries).features;
      });
    }
    return atlasLoads[url];
  }

  /* A point inside a country for its name: the centre of the bounding box of its largest ring. */
  function namePoint(feature) {
    var polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    var ring = polygons.map(function (p) { return p[0]; }).sort(function (a, b) { return b.length - a.length; })[0];
    var lats = ring.map(function (c) { return c[1]; }), longs = ring.map(function (c) { return c[0]; });
    return [(Math.min.apply(null, lats) + Math.max.apply(null, lats)) / 2,
            (Math.min.apply(null, longs) + Math.max.apply(null, longs)) / 2];
  }

  /* The links of a feature that pass the filter. */
  function linksPassing(feature, filter) {
    return (feature.links || []).filter(function (link) {
      var tied = [link.actor].concat(link.actors || []);
      return V.certaintyPasses(link, filter.certainty) &&
        (!filter.actors || tied.some(function (actor) { return filter.actors.indexOf(actor) >= 0; }));
    });
  }

  /* What of a feature is shown under a filter: {links, hedged}, or null when it is hidden. */
  function shown(feature, filter) {
    if (filter.kinds && filter.kinds.indexOf(feature.kind) < 0) return null;
    if (filter.from || filter.to) {
      var y = V.year(feature.date);
      if (y === null ? feature.layer === "event" : (filter.from && y < filter.from) || (filter.to && y > filter.to)) return null;
    }
    var links = linksPassing(feature, filter);
    if (filter.actors && !links.length) return null;
    if (feature.layer === "area") {
      return links.length ? {links: links, hedged: links.every(function (l) { return l.hedged; })} : null;
    }
    var hedgingAsked = filter.certainty && filter.certainty !== "all";
    if (!V.certaintyPasses(feature, filter.certainty) && !(hedgingAsked && links.length)) return null;
    return {links: links, hedged: !!feature.hedged};
  }

  function map(element, data, options) {
    options = V.settle(options);
    var offered = options.layers || LAYERS;
    element.classList.add("sv-map");
    var lmap = L.map(element, {zoomSnap: 0.5, minZoom: 2, maxZoom: 11, worldCopyJump: false});
    lmap.attributionControl.setPrefix(false);
    lmap.attributionControl.addAttribution(V.word(options, "views_map_attribution"));
    lmap.createPane("sv-base").style.zIndex = 250;
    lmap.createPane("sv-names").style.zIndex = 350;
    var groups = {}, overlays = {}, atlas = null, filter = options.filter || {};
    offered.forEach(function (layer) {
      groups[layer] = (layer === "area" ? L.featureGroup() : L.layerGroup()).addTo(lmap);
      overlays[V.word(options, "views_layer_" + layer)] = groups[layer];
    });
    L.control.layers(null, overlays, {collapsed: element.clientWidth < 560}).addTo(lmap);
    legend(options, offered, element.clientWidth >= 640).addTo(lmap);
    lmap.fitBounds(options.bounds || (element.clientWidth < 560 ? SAHEL_CORE : SAHEL));

    var base = null, detail = 0;  // the base map's layer and how fine its atlas is (1 coarse, 2 fine)
    /* The countries of one atlas as the base map, the areas drawn again over their outlines. */
    function drawBase(features, level) {
      if (level <= detail) return;
      detail = level;
      atlas = {};
      features.forEach(function (f) { atlas[f.properties.name] = f; });
      if (base) lmap.removeLayer(base);
      base = L.geoJSON(features, {pane: "sv-base", interactive: false, style: {className: "sv-country", weight: 1}}).addTo(lmap);
      if (groups.area) draw(["area"]);  // areas follow the outlines; markers and their popups stay
    }
    function atlasFailed(error) { element.setAttribute("data-atlas-error", String(error)); }
    var ready = countries(options.atlas || ATLAS.coarse).then(function (features) {
      drawBase(features, 1);
      features.forEach(function (f) {
        var name = COUNTRY_NAMES[f.id];
        if (!name) return;
        L.marker(namePoint(f), {pane: "sv-names", interactive: false, keyboard: false,
          icon: L.divIcon({className: "sv-country-name", html: "", iconSize: null})})
          .addTo(lmap).getElement().textContent = name[options.lang === "fr" ? 1 : 0];
      });
    }).catch(atlasFailed);
    var refining = false;
    lmap.on("zoomend", function () {
      if (refining || lmap.getZoom() < FINE_ZOOM) return;
      refining = true;
      countries(options.fineAtlas || ATLAS.fine).then(function (features) { drawBase(features, 2); }).catch(atlasFailed);
    });

    /* Draw what passes the filter, in every layer or in the layers named (the others, their open popup
     * among them, stay as they are). */
    function draw(only) {
      var layers = only || Object.keys(groups);
      layers.forEach(function (layer) { groups[layer].clearLayers(); });
      var stacked = {};
      data.features.forEach(function (feature) {
        if (!groups[feature.layer] || layers.indexOf(feature.layer) < 0) return;
        var seen = shown(feature, filter);
        if (!seen) return;
        var style = "certainty-" + V.certaintyOf(feature.layer === "area" ? seen.links[0] : feature) + (seen.hedged ? " sv-hedged" : "");
        var drawn = feature.layer === "area" ? area(feature, style) : marker(feature, style, stacked);
        if (drawn) drawn.bindPopup(function () { return card(feature, seen); }, {maxWidth: 280}).addTo(groups[feature.layer]);
      });
      if (options.unplacedList) listUnplaced();
    }

    /* A feature's popup, made when it is first opened: name, kind, quote and the links that passed the filter. */
    function card(feature, seen) {
      var popup = V.card(feature.label, feature.href, feature.kindLabel, seen.links, options);
      if (feature.quote && feature.layer !== "area") {
        popup.insertBefore(V.el("div", {"class": "sv-card-link" + (feature.hedged ? " hedged" : "")},
          [V.badge(feature, options), " ", V.el("q", {lang: "en"}, [feature.quote])]), popup.children[2] || null);
      }
      return popup;
    }

    function marker(feature, style, stacked) {
      var spot = feature.layer + feature.lat + "," + feature.long;
      var nth = stacked[spot] = (stacked[spot] || 0) + 1;
      var size = feature.layer === "place" ? 18 : 13;
      var shift = feature.layer === "site" ? [-4, 16] : feature.layer === "event" ? [size / 2 - (nth - 1) * 9, size / 2] : [size / 2, size / 2];
      var icon = L.divIcon({className: "sv-marker sv-" + feature.layer + " " + style, html: "<i></i>", iconSize: [size, size], iconAnchor: shift});
      var m = L.marker([feature.lat, feature.long], {icon: icon, title: feature.label, alt: feature.label, riseOnHover: true});
      m.on("add", function () { m.getElement().setAttribute("data-id", feature.id); });
      var named = options.names === true || (Array.isArray(options.names) && options.names.indexOf(feature.kind) >= 0);
      if (named && feature.layer === "place") {
        m.bindTooltip(feature.label, {permanent: true, direction: "right", offset: [8, 0], className: "sv-place-name"});
      }
      return m;
    }

    function area(feature, style) {
      var common = {className: "sv-area " + style, weight: 2, interactive: true};
      if (feature.shape === "country") {
        if (!atlas) return null;
        var outline = atlas[feature.country];
        if (!outline) return null;
        var shape = L.geoJSON(outline, {style: common});
        shape.on("add", function () { shape.eachLayer(function (l) { l.getElement().setAttribute("data-id", feature.id); }); });
        return shape;
      }
      var circle = L.circle([feature.lat, feature.long], Object.assign({radius: feature.radius || 20000}, common));
      circle.on("add", function () { circle.getElement().setAttribute("data-id", feature.id); });
      return circle;
    }

    function listUnplaced() {
      var list = options.unplacedList;
      list.textContent = "";
      (data.unplaced || []).forEach(function (place) {
        var seen = shown(Object.assign({layer: "unplaced"}, place), filter);
        if (!seen) return;
        var item = V.el("li", {"data-id": place.id}, [V.el("a", {href: place.href}, [place.label]),
          place.kindLabel ? V.el("span", {"class": "sv-card-kind"}, [" · " + place.kindLabel]) : null]);
        if (seen.links.length) {
          item.appendChild(V.el("ul", {}, seen.links.map(function (link) {
            return V.el("li", {"class": link.hedged ? "hedged" : ""}, [V.badge(link, options), " ",
              link.href ? V.el("a", {href: link.href}, [link.text]) : link.text]);
          })));
        }
        list.appendChild(item);
      });
    }

    draw();
    var handle = {
      map: lmap,
      ready: ready,
      setFilter: function (next) { filter = next || {}; draw(); },
      count: function (layer) {
        return data.features.filter(function (f) { return f.layer === layer && shown(f, filter); }).length;
      },
      fit: function () {
        var bounds = L.latLngBounds([]);
        Object.keys(groups).forEach(function (layer) {
          groups[layer].eachLayer(function (l) { bounds.extend(l.getLatLng ? l.getLatLng() : l.getBounds()); });
        });
        if (bounds.isValid()) lmap.fitBounds(bounds.pad(0.3), {maxZoom: options.maxZoom || 8});
      }
    };
    element.sahelView = handle;
    return handle;
  }

  /* The legend: the layers' symbols and the certainty styles, folded away on narrow maps. */
  function legend(options, offered, wide) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var items = offered.map(function (layer) {
        return V.el("li", {}, [V.el("span", {"class": "sv-marker sv-" + layer + " sv-key"}, [V.el("i")]), " " + V.word(options, "views_layer_" + layer)]);
      });
      var box = V.el("details", {"class": "sv-legend"}, [V.el("summary", {}, [V.word(options, "views_legend")]),
        V.el("ul", {"class": "sv-legend-layers"}, items), V.certaintyLegend(options)]);
      if (wide) box.setAttribute("open", "");
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  V.map = map;
})();
