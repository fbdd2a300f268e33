/* sahel-ld views: the timeline, SahelViews.timeline(element, data, options), drawn with vis-timeline.
 * Needs vendor/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js (and its styles), then common.js.
 *
 * data = {
 *   items: [{id, label, href,             an event, or a relation with a period (one claim)
 *            kind: 'event' | 'membership' | 'leadership' | 'operation' | 'relation',
 *            type, typeLabel,             the event's class ('Attack') or the kind again, and its name
 *            start, end,                  as precise as the source: '2019' is drawn over the whole year,
 *                                         '2019-01' as a point in the middle of January (its tooltip says
 *                                         "January 2019"), never as 1 January; an event has start only; a
 *                                         relation may lack either end (an open end fades out at horizon)
 *            certainty, hedged, quote, actors: [iri]}],
 *   undated: [{id, label, href, kind, type, typeLabel, actors}],   listed apart, never drawn
 *   horizon: '2019'                       where open periods stop being drawn (the source's time)
 * }
 * options (besides lang, messages, navigate):
 *   undatedList   an element that receives the undated items that pass the filter
 *   maxHeight     the most pixels the drawing takes (default 560)
 * Returns {timeline, ready, setFilter(filter), count()}; filter = {actors: [iri] | null, types: [type] | null}.
 */
(function () {
  "use strict";

  var V = window.SahelViews;
  var GROUPS = ["event", "operation", "membership", "leadership", "relation"];

  /* The vis-timeline item of a dated item: a year or month is a range over it, a day a point. */
  function visItem(item, horizon, options) {
    var content = V.el("span", {"class": "sv-item-label"}, [item.label]);
    var base = {id: item.id, group: item.kind, content: content, title: tooltip(item, options),
                className: "sv-item sv-" + item.kind + " certainty-" + V.certaintyOf(item) + (item.hedged ? " sv-hedged" : "")};
    if (item.start && item.end) {
      return Object.assign(base, {type: "range", start: V.span(item.start)[0], end: V.span(item.end)[1]});
    }
    if (item.start && item.kind !== "event") {
      base.className += " sv-open";
      return Object.assign(base, {type: "range", start: V.span(item.start)[0], end: V.span(horizon)[1]});
    }
    var when = item.start || item.end, days = V.span(when);
    if (!item.start) content.textContent = "… " + item.label;  // known to end then; its start is not given
    // A year is drawn over the whole year; a month or a day as a point in its middle, its name beside it.
    if (String(when).split("-").length === 1) return Object.assign(base, {type: "range", start: days[0], end: days[1]});
    return Object.assign(base, {type: "point", start: new Date((days[0].getTime() + days[1].getTime()) / 2)});
  }

  /* The hover text of an item: its kind, its date in words, its certainty. */
  function tooltip(item, options) {
    var dates = [item.start, item.end].filter(Boolean).map(function (d) { return V.formatDate(d, options.lang); });
    var certainty = item.certainty ? V.word(options, "views_certainty_" + item.certainty) : "";
    return [item.typeLabel, dates.join(" – "), certainty].filter(Boolean).join(" · ");
  }

  /* Axis labels in the reader's language. */
  function labelFormat(lang) {
    var locale = lang === "fr" ? "fr-FR" : "en-GB";
    var say = function (date, format) { return new Date(date.valueOf()).toLocaleDateString(locale, Object.assign({timeZone: "UTC"}, format)); };
    var byScale = function (date, scale) {
      if (scale === "year") return say(date, {year: "numeric"});
      if (scale === "month") return say(date, {month: "short"});
      return say(date, {day: "numeric", month: "short"});
    };
    return {minorLabels: byScale, majorLabels: function (date, scale) { return scale === "year" ? "" : say(date, {year: "numeric"}); }};
  }

  function timeline(element, data, options) {
    options = V.settle(options);
    element.classList.add("sv-timeline");
    var horizon = data.horizon || String(new Date().getUTCFullYear());
    var present = GROUPS.filter(function (g) { return data.items.some(function (i) { return i.kind === g; }); });
    var groups = new vis.DataSet(present.map(function (g) { return {id: g, content: V.word(options, "views_group_" + g)}; }));
    var items = new vis.DataSet([]);
    var drawing = V.el("div", {"class": "sv-drawing"});
    element.appendChild(drawing);
    var timelineView = new vis.Timeline(drawing, items, groups, {
      stack: true, orientation: "top", zoomMin: 1000 * 60 * 60 * 24 * 60, maxHeight: options.maxHeight || 560,
      margin: {item: {horizontal: 2, vertical: 4}}, format: labelFormat(options.lang), showCurrentTime: false,
      tooltip: {followMouse: true}, selectable: true, verticalScroll: true, zoomKey: "ctrlKey"
    });
    var byId = {};
    data.items.forEach(function (i) { byId[i.id] = i; });
    timelineView.on("select", function (properties) {
      var item = byId[properties.items[0]];
      if (item && options.navigate && item.href) window.location.href = item.href;
    });
    var filter = options.filter || {};

    function passes(item) {
      if (filter.types && filter.types.indexOf(item.type) < 0) return false;
      return !filter.actors || (item.actors || []).some(function (a) { return filter.actors.indexOf(a) >= 0; });
    }

    function draw() {
      var shown = data.items.filter(passes).map(function (i) { return visItem(i, horizon, options); });
      items.clear();
      items.add(shown);
      if (shown.length) timelineView.fit({animation: false});
      if (options.undatedList) {
        options.undatedList.textContent = "";
        (data.undated || []).filter(passes).forEach(function (item) {
          options.undatedList.appendChild(V.el("li", {"data-id": item.id}, [V.el("a", {href: item.href}, [item.label]),
            item.typeLabel ? V.el("span", {"class": "sv-card-kind"}, [" · " + item.typeLabel]) : null]));
        });
      }
    }

    draw();
    var handle = {
      timeline: timelineView,
      ready: Promise.resolve(),
      setFilter: function (next) { filter = next || {}; draw(); },
      count: function () { return items.length; }
    };
    element.sahelView = handle;
    return handle;
  }

  V.timeline = timeline;
})();
