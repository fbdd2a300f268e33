// The results table: resources by their label in the page's language (IRI on hover, link to their page), certainty
// concepts as badges, literals' language and datatype on demand, sorting by column, and pages of rows so that
// ten thousand rows stay responsive.
// SahelQuery.table(container, pager, context) -> {load(json, labels), show(), text(term), hide()};
// context: {t, data, localHref, compact}
(function () {
  "use strict";
  const PAGE_SIZE = 100;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
                   "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt"].map(function (n) {
    return XSD + n;
  });

  function table(container, pager, context) {
    const t = context.t, data = context.data;
    const certaintyByLabel = {};
    Object.entries(data.certainty).forEach(function ([iri, concept]) {
      certaintyByLabel[concept.label.toLowerCase()] = concept;
      certaintyByLabel[concept.key] = concept;
    });
    const collator = new Intl.Collator(data.lang, { numeric: true, sensitivity: "base" });
    let vars = [], rows = [], labels = {}, page = 0, sortBy = null, descending = false;

    function certainty(term, name) {
      // The certainty concept a value names: its IRI, or its name in a column named for certainty.
      if (term.type === "uri") return data.certainty[term.value] || null;
      return /^certainty/i.test(name) && term.type === "literal" ? certaintyByLabel[term.value.toLowerCase()] || null
        : null;
    }

    function text(term) {
      if (!term) return "";
      if (term.type === "uri") return labels[term.value] || context.compact(term.value);
      return term.type === "bnode" ? "_:" + term.value : term.value;
    }

    function cell(term, name) {
      const td = document.createElement("td");
      if (!term) return td;
      const concept = certainty(term, name);
      if (term.type === "uri") {
        const a = document.createElement("a");
        a.href = context.localHref(term.value);
        a.title = term.value;
        a.textContent = concept ? concept.label : text(term);
        if (concept) a.className = "badge certainty certainty-" + concept.key;
        td.appendChild(a);
        return td;
      }
      if (concept) {
        const badge = document.createElement("span");
        badge.className = "badge certainty certainty-" + concept.key;
        badge.textContent = concept.label;
        td.appendChild(badge);
      } else {
        td.append(text(term));
      }
      if (term["xml:lang"]) td.lang = term["xml:lang"];
      if (NUMERIC.indexOf(term.datatype) >= 0) td.className = "number";
      else if (/#(date|dateTime|gYear|gYearMonth)$/.test(term.datatype || "")) td.className = "date";
      else if (term.value.length > 60) td.className = "long";  // keeps a readable width; the table scrolls
      const note = term["xml:lang"] ? "@" + term["xml:lang"]
        : term.datatype ? "^^" + context.compact(term.datatype) : "";
      if (note) {
        const span = document.createElement("span");
        span.className = "term-note";
        span.textContent = " " + note;
        td.appendChild(span);
      }
      return td;
    }

    function key(term) {
      if (!term) return null;
      if (NUMERIC.indexOf(term.datatype) >= 0 && !isNaN(Number(term.value))) return Number(term.value);
      return text(term);
    }

    function compare(a, b) {
      const x = key(a[sortBy]), y = key(b[sortBy]);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return descending ? -order : order;
    }

    function sort(name) {
      descending = sortBy === name ? !descending : false;
      sortBy = name;
      rows = rows.slice().sort(compare);
      page = 0;
      draw();
    }

    function heading(name) {
      const th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("aria-sort", sortBy === name ? (descending ? "descending" : "ascending") : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = t("qp_sort");
      button.textContent = "?" + name;
      button.addEventListener("click", function () { sort(name); });
      th.appendChild(button);
      return th;
    }

    function draw() {
      const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      const wrapper = document.createElement("div");
      wrapper.className = "results-scroll";
      const element = document.createElement("table");
      element.className = "results";
      const head = element.createTHead().insertRow();
      vars.forEach(function (name) { head.appendChild(heading(name)); });
      const body = element.createTBody();
      rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).forEach(function (binding) {
        const row = body.insertRow();
        vars.forEach(function (name) { row.appendChild(cell(binding[name], name)); });
      });
      wrapper.appendChild(element);
      if (!rows.length) {
        const none = document.createElement("p");
        none.textContent = t("qp_no_rows");
        wrapper.appendChild(none);
      }
      container.replaceChildren(wrapper);
      pager.hidden = pages < 2;
      pager.querySelector("#page-of").textContent = t("qp_page_of", { page: page + 1, pages: pages });
      pager.querySelector("#previous").disabled = page === 0;
      pager.querySelector("#next").disabled = page >= pages - 1;
    }

    pager.querySelector("#previous").addEventListener("click", function () { page -= 1; draw(); });
    pager.querySelector("#next").addEventListener("click", function () { page += 1; draw(); });

    return {
      load: function (json, found) {
        // Take a new answer and its labels, in the order the query gives, first page.
        vars = json.head.vars;
        rows = json.results.bindings;
        labels = found;
        page = 0;
        sortBy = null;
      },
      show: draw,
      text: text,
      hide: function () { pager.hidden = true; },
    };
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.table = table;
})();
