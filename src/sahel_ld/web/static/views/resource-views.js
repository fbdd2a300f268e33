/* sahel-ld views: the small map and network inside a resource's page (templates/views/resource_views.html). */
(function () {
  "use strict";

  var V = window.SahelViews;

  document.addEventListener("DOMContentLoaded", function () {
    var messages = V.readJSON("sahel-views-messages");
    var drawing = Array.prototype.map.call(document.querySelectorAll("[data-mini-view]"), function (element) {
      var view = element.getAttribute("data-mini-view");
      var data = V.readJSON(element.getAttribute("data-source"));
      var options = {messages: messages, focus: element.getAttribute("data-focus"), maxZoom: 7, names: true,
                     unplacedList: document.getElementById("mini-map-unplaced")};
      var drawn = V[view](element, data, options);
      if (view === "map") drawn.fit();
      return drawn.ready;
    });
    Promise.all(drawing).then(function () { performance.mark("sahel-views-drawn"); });  // read by bench/views.py
  });
})();
