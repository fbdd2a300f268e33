/* sahel-ld views: the /map, /network and /timeline pages. Each reads its data (#view-data) and words
 * (#sahel-views-messages), draws its view into the element with data-view, and redraws on every change
 * of its filter form. */
(function () {
  "use strict";

  var V = window.SahelViews;

  /* The actors the form's actor filter asks for: the chosen one, with its coalition's members if ticked. */
  function chosenActors(form) {
    var select = form.elements.actor;
    if (!select || !select.value) return null;
    var actors = [select.value];
    if (form.elements.members && form.elements.members.checked) {
      var members = select.selectedOptions[0].getAttribute("data-members");
      if (members) actors = actors.concat(members.split(" "));
    }
    return actors;
  }

  /* The values of the ticked boxes of a name, or null when all are ticked. */
  function ticked(form, name) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']"));
    if (!boxes.length) return null;
    var values = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return values.length === boxes.length ? null : values;
  }

  function number(input) {
    return input && input.value ? Number(input.value) : null;
  }

  /* What is drawn, counted in the reader's words ("12 places · 3 events"). */
  function counted(output, parts, options) {
    output.textContent = parts.map(function (p) {
      return p[1] + " " + V.word(options, p[0]).toLocaleLowerCase();
    }).join(" · ");
  }

  /* Each page: the filter its form asks for, how to draw its view, and what to count. */
  var pages = {
    map: {
      filter: function (form) {
        return {actors: chosenActors(form), kinds: form.elements.kind.value ? [form.elements.kind.value] : null,
                from: number(form.elements.from), to: number(form.elements.to), certainty: form.elements.certainty.value};
      },
      draw: function (element, data, options) {
        return V.map(element, data, Object.assign(options, {unplacedList: document.getElementById("map-unplaced"),
                                                           names: ["Region"]}));
      },
      counts: function (view) {
        return ["place", "site", "event", "area"].map(function (l) { return ["views_layer_" + l, view.count(l)]; });
      }
    },
    network: {
      filter: function (form) {
        return {kinds: ticked(form, "kind"), categories: ticked(form, "category"), certainty: form.elements.certainty.value,
                asOf: form.elements.as_of.value || null, undated: form.elements.undated.checked};
      },
      draw: function (element, data, options) {
        return V.network(element, data, Object.assign(options, {layout: element.getAttribute("data-layout"),
                                                               list: document.getElementById("network-list")}));
      },
      counts: function (view) {
        return [["views_count_actors", view.count("nodes")], ["views_count_relations", view.count("edges")]];
      }
    },
    timeline: {
      filter: function (form) {
        return {actors: chosenActors(form), types: form.elements.kind.value ? [form.elements.kind.value] : null};
      },
      draw: function (element, data, options) {
        return V.timeline(element, data, Object.assign(options, {undatedList: document.getElementById("timeline-undated")}));
      },
      counts: function (view) { return [["views_count_items", view.count()]]; }
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector(".view-page [data-view]");
    var page = pages[element.getAttribute("data-view")];
    var form = document.getElementById(element.getAttribute("data-view") + "-filters");
    var output = document.getElementById(element.getAttribute("data-view") + "-count");
    var options = {messages: V.readJSON("sahel-views-messages"), filter: page.filter(form)};
    var view = page.draw(element, V.readJSON("view-data"), options);
    var refresh = function () {
      view.setFilter(page.filter(form));
      counted(output, page.counts(view), options);
    };
    form.addEventListener("change", refresh);
    form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
    counted(output, page.counts(view), options);
    view.ready.then(function () { performance.mark("sahel-views-drawn"); });  // read by bench/views.py
  });
})();
