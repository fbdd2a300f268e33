/* sahel-ld views: what the map, the network and the timeline share (window.SahelViews).
 *
 * Load this file first, then the view files you need (map.js, network.js, timeline.js) after their
 * vendored libraries. Every view is called as SahelViews.<view>(element, data, options) and returns a
 * handle with setFilter(filter), count() and ready (a promise kept once everything is drawn: for the map,
 * once its base map has arrived); the data formats are described at the top of each view file.
 *
 * Options shared by every view:
 *   lang      'en' or 'fr' (default: the lang attribute of <html>)
 *   messages  {key: text} in that language, e.g. the views_* keys of messages/views.json; a missing key
 *             is shown as the key itself
 *   navigate  false to keep clicks from opening resource pages (default true)
 *   filter    the filter of the first drawing (the same as setFilter takes; default: everything)
 *
 * Certainty: every link of the data carries `certainty` (stated, reported, believed, alleged, possible,
 * ostensible) and `hedged` (true unless stated). Stated links are drawn solid, hedged ones dashed and lighter.
 */
(function () {
  "use strict";

  var CERTAINTIES = ["stated", "reported", "believed", "alleged", "possible", "ostensible"];

  /* A word of the interface: options.messages[key], else the key. */
  function word(options, key) {
    var messages = (options && options.messages) || {};
    return Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  }

  /* The options with their defaults filled in. */
  function settle(options) {
    var settled = Object.assign({navigate: true, messages: {}}, options || {});
    settled.lang = settled.lang || document.documentElement.lang || "en";
    return settled;
  }

  /* An element with attributes and children (strings become text, never HTML). */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] !== null && attributes[name] !== undefined) node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* The certainty key of a link ("none" when it has no claim). */
  function certaintyOf(link) {
    return CERTAINTIES.indexOf(link && link.certainty) >= 0 ? link.certainty : "none";
  }

  /* Whether a link passes a certainty filter: 'all' (or absent), 'stated' or 'hedged'. */
  function certaintyPasses(link, wanted) {
    if (!wanted || wanted === "all") return true;
    return wanted === "hedged" ? !!link.hedged : !link.hedged;
  }

  /* A date of any precision ("2019", "2019-01", "2019-01-15") as [first day, day after its last day]. */
  function span(text) {
    var parts = String(text).split("-").map(Number);
    if (parts.length === 1) return [new Date(Date.UTC(parts[0], 0, 1)), new Date(Date.UTC(parts[0] + 1, 0, 1))];
    if (parts.length === 2) return [new Date(Date.UTC(parts[0], parts[1] - 1, 1)), new Date(Date.UTC(parts[0], parts[1], 1))];
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return [day, new Date(day.getTime() + 86400000)];
  }

  /* The year of a date of any precision, as a number. */
  function year(text) {
    return text ? Number(String(text).slice(0, 4)) : null;
  }

  var dateFormats = {};  // one Intl formatter per language and precision: making one costs far more than using it

  /* A date of any precision in the reader's words ("2019", "January 2019", "15 January 2019"). */
  function formatDate(text, lang) {
    var parts = String(text).split("-");
    if (parts.length === 1) return parts[0];
    var locale = lang === "fr" ? "fr-FR" : "en-GB", key = locale + parts.length;
    if (!dateFormats[key]) {
      var format = {year: "numeric", month: "long", timeZone: "UTC"};
      if (parts.length === 3) format.day = "numeric";
      dateFormats[key] = new Intl.DateTimeFormat(locale, format);
    }
    return dateFormats[key].format(span(text)[0]);
  }

  /* A certainty badge: the word in its colour, filled when hedged (the pages' .certainty style). */
  function badge(link, options) {
    var key = certaintyOf(link);
    var label = key === "none" ? word(options, "views_no_claim") : word(options, "views_certainty_" + key);
    return el("span", {"class": "certainty certainty-" + key + (link.hedged ? " badge" : "")}, [label]);
  }

  /* A popup or tooltip body: linked name, kind, then one line per link with certainty and quote. */
  function card(title, href, kindLabel, links, options) {
    var head = href ? el("a", {href: href, "class": "sv-card-title"}, [title]) : el("strong", {}, [title]);
    var body = el("div", {"class": "sv-card"}, [head, kindLabel ? el("span", {"class": "sv-card-kind"}, [" · " + kindLabel]) : null]);
    (links || []).forEach(function (link) {
      var line = el("div", {"class": "sv-card-link" + (link.hedged ? " hedged" : "")}, [badge(link, options), " "]);
      if (link.text) line.appendChild(link.href ? el("a", {href: link.href}, [link.text]) : document.createTextNode(link.text));
      if (link.quote) line.appendChild(el("q", {lang: "en"}, [link.quote]));
      body.appendChild(line);
    });
    return body;
  }

  /* The legend of certainty styles: stated solid, hedged dashed. */
  function certaintyLegend(options) {
    return el("ul", {"class": "sv-legend-certainty"}, [
      el("li", {}, [el("span", {"class": "sv-swatch sv-solid"}), " " + word(options, "views_legend_stated")]),
      el("li", {}, [el("span", {"class": "sv-swatch sv-dashed"}), " " + word(options, "views_legend_hedged")])
    ]);
  }

  /* The JSON of a <script type="application/json"> block, by id (null when absent). */
  function readJSON(id) {
    var block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  }

  window.SahelViews = Object.assign(window.SahelViews || {}, {
    CERTAINTIES: CERTAINTIES, word: word, settle: settle, el: el, certaintyOf: certaintyOf,
    certaintyPasses: certaintyPasses, span: span, year: year, formatDate: formatDate, badge: badge, card: card,
    certaintyLegend: certaintyLegend, readJSON: readJSON
  });
})();
