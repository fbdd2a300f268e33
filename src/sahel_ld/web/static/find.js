/* The header's search box: suggestions as you type, grouped by kind, from /api/search.
   Keys: arrow down/up move through the suggestions, Enter opens the chosen one (or the results page),
   Escape closes the list. Names are written with textContent, never parsed as HTML.
   Also: an address inside a closed <details> (a quote's #quote-n) opens it. */
(function () {
  "use strict";
  var input = document.getElementById("find-text");
  var list = document.getElementById("find-suggestions");
  if (!input || !list) { return; }
  var timer = null, active = -1, asked = 0;

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    clearTimeout(timer);
    asked++;  // an answer still on its way must not reopen the list
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function pageUrl(url) {
    return input.dataset.keepLang === "True" ? url + "?lang=" + encodeURIComponent(input.dataset.lang) : url;
  }

  function show(results) {
    list.textContent = "";
    active = -1;
    if (!results.length) {
      var none = document.createElement("p");
      none.className = "find-none";
      none.textContent = input.dataset.none;
      list.appendChild(none);
    }
    var groups = {}, order = [];
    results.forEach(function (r) {
      if (!groups[r.kind]) { groups[r.kind] = []; order.push(r.kind); }
      groups[r.kind].push(r);
    });
    order.forEach(function (kind, g) {
      var group = document.createElement("div");
      group.setAttribute("role", "group");
      var heading = document.createElement("p");
      heading.className = "find-kind";
      heading.id = "find-kind-" + g;
      heading.textContent = groups[kind][0].kindLabel;
      group.setAttribute("aria-labelledby", heading.id);
      group.appendChild(heading);
      groups[kind].forEach(function (r) {
        var option = document.createElement("a");
        option.setAttribute("role", "option");
        option.id = "find-option-" + options().length + "-" + g;
        option.href = pageUrl(r.page);
        var name = document.createElement("span");
        name.className = "find-name";
        name.textContent = r.label;
        option.appendChild(name);
        var extra = r.matched !== r.label ? r.matched : r.type;
        if (extra) {
          var more = document.createElement("span");
          more.className = "find-extra";
          more.textContent = extra;
          option.appendChild(more);
        }
        group.appendChild(option);
      });
      list.appendChild(group);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function ask() {
    var text = input.value.trim();
    if (!text) { close(); return; }
    var ticket = ++asked;
    var url = input.dataset.api + "?limit=12&lang=" + encodeURIComponent(input.dataset.lang) +
      "&q=" + encodeURIComponent(text);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { if (ticket === asked) { show(body.results); } })
      .catch(function () { close(); });
  }

  function move(step) {
    var all = options();
    if (!all.length) { return; }
    if (active >= 0) { all[active].removeAttribute("aria-selected"); }
    active = (active + step + all.length) % all.length;
    all[active].setAttribute("aria-selected", "true");
    all[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { ask(); } else { move(1); } }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape" && !list.hidden) { event.preventDefault(); close(); }  // keep the text
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = options()[active].href; }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) { close(); }
  });
})();

/* An address that points inside closed <details> (a statement's [n] leading to #quote-n, a folded entry) opens
   them: when its link is followed, when the address changes (typed, back) and when the page opens at it. */
(function () {
  "use strict";
  function reveal(hash) {
    var target = null;
    try { target = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null; }
    catch (error) { return null; }
    var opened = false;
    for (var node = target && target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    return opened ? target : null;
  }
  function revealAndScroll() {
    var target = reveal(window.location.hash);
    if (target) { target.scrollIntoView(); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { reveal(link.hash); }  // before the browser scrolls to it
  });
  window.addEventListener("hashchange", revealAndScroll);
  revealAndScroll();
})();
