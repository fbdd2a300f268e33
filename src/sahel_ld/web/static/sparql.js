// The query page: run queries with fetch, show a table with resource links, keep download links current.
(function () {
  "use strict";
  const form = document.getElementById("sparql-form");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const data = JSON.parse(document.getElementById("sparql-data").textContent);
  const endpoint = form.getAttribute("action");

  function localHref(iri) {
    // Our own IRIs resolve on this server; others link to themselves.
    return iri.startsWith(data.base) ? "/" + iri.slice(data.base.length) : iri;
  }

  function compact(iri) {
    // The shortest prefixed name for an IRI, if a prefix of the project covers it.
    let best = iri;
    Object.entries(data.prefixes).forEach(function ([prefix, namespace]) {
      const local = iri.slice(namespace.length);
      if (iri.startsWith(namespace) && /^[\w.-]*$/.test(local) && prefix.length + local.length + 1 < best.length) {
        best = prefix + ":" + local;
      }
    });
    return best;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.title = term.value;
      a.textContent = compact(term.value);
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? "^^" + compact(term.datatype) : "";
      if (note) {
        const span = document.createElement("span");
        span.className = "meta";
        span.textContent = " " + note;
        td.appendChild(span);
      }
    }
    return td;
  }

  function table(json) {
    if ("boolean" in json) {
      const p = document.createElement("p");
      p.textContent = "Answer: " + json.boolean;
      return p;
    }
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    json.head.vars.forEach(function (name) {
      const th = document.createElement("th");
      th.textContent = "?" + name;
      head.appendChild(th);
    });
    const body = t.createTBody();
    json.results.bindings.forEach(function (binding) {
      const row = body.insertRow();
      json.head.vars.forEach(function (name) { row.appendChild(cell(binding[name])); });
    });
    return t;
  }

  function updateDownloads() {
    document.querySelectorAll("#downloads a").forEach(function (a) {
      const params = new URLSearchParams({ query: editor.value, format: a.dataset.format });
      a.href = endpoint + "?" + params.toString();
    });
  }

  async function run(event) {
    event.preventDefault();
    status.className = "";
    status.textContent = "running…";
    results.replaceChildren();
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: editor.value }),
      });
      const text = await response.text();
      if (!response.ok) {
        status.className = "error";
        status.textContent = text;
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      if (type.startsWith("application/sparql-results+json")) {
        const json = JSON.parse(text);
        results.appendChild(table(json));
        const count = json.results ? json.results.bindings.length : 0;
        const rows = json.results ? count + (count === 1 ? " row" : " rows") : "answered";
        const cut = response.headers.get("SPARQL-Results-Truncated") ? " (truncated)" : "";
        status.textContent = rows + cut + " in " + Math.round(performance.now() - started) + " ms";
      } else {
        const pre = document.createElement("pre");
        pre.textContent = text;
        results.appendChild(pre);
        status.textContent = "done in " + Math.round(performance.now() - started) + " ms";
      }
    } catch (error) {
      status.className = "error";
      status.textContent = String(error);
    }
  }

  document.getElementById("examples").addEventListener("change", function (event) {
    if (event.target.value !== "") editor.value = data.examples[Number(event.target.value)];
    updateDownloads();
  });
  document.getElementById("prefixes").addEventListener("change", function (event) {
    const option = event.target.selectedOptions[0];
    if (option.value) editor.value = "PREFIX " + option.value + ": <" + option.dataset.iri + ">\n" + editor.value;
    event.target.value = "";
    updateDownloads();
  });
  editor.addEventListener("input", updateDownloads);
  form.addEventListener("submit", run);
  updateDownloads();
})();
