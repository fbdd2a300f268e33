// The query page: the editor, running queries with fetch, the address that reproduces a query (back button
// included), copy-link and download links, and the answer as a table or one of the result views.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("sparql-data").textContent);
  const form = document.getElementById("sparql-form");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const resultBar = document.getElementById("result-bar");
  const unsaved = document.getElementById("unsaved");
  const linkBox = document.getElementById("link-box");
  const linkInput = document.getElementById("link");
  const pageLang = new URLSearchParams(location.search).get("lang");
  let baseline = data.query;  // the text last loaded or run: anything else in the editor is unsaved work
  let pending = null;  // the example waiting for the reader's word before it replaces unsaved work
  let running = 0;

  function t(key, params) {
    // A word of the page in its language, with {name} placeholders filled in.
    return (data.messages[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return params && name in params ? String(params[name]) : whole;
    });
  }

  function localHref(iri) {
    // Our own IRIs resolve on this server, in the page's language; others link to themselves.
    if (!iri.startsWith(data.base)) return iri;
    const path = "/" + iri.slice(data.base.length);
    return path + (pageLang ? (path.indexOf("?") < 0 ? "?" : "&") + "lang=" + pageLang : "");
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

  const editor = SahelQuery.editor(document.getElementById("query"), data, t, function () { run(true); });
  const table = SahelQuery.table(results, document.getElementById("pager"), { t: t, data: data,
    localHref: localHref, compact: compact });
  const views = SahelQuery.views(results, document.getElementById("views"), { t: t, data: data, table: table,
    localHref: localHref });

  function address(text) {
    // The page's address for a query: /sparql?query=..., keeping the page's language.
    const params = new URLSearchParams({ query: text });
    if (pageLang) params.set("lang", pageLang);
    return data.endpoint + "?" + params.toString();
  }

  function updateDownloads() {
    document.querySelectorAll("#downloads a").forEach(function (a) {
      const params = new URLSearchParams({ query: editor.value(), format: a.dataset.format });
      a.href = data.endpoint + "?" + params.toString();
    });
  }

  function showError(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
    if (error.prefix) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t("qp_err_add_prefix") + " (PREFIX " + error.prefix + ":)";
      button.addEventListener("click", function () { editor.declare(error.prefix); errorBox.hidden = true; });
      errorBox.append(" ", button);
    }
    editor.mark(error);
  }

  async function labelsOf(json) {
    // The labels, in the page's language, of the IRIs in the answer.
    const iris = new Set();
    json.results.bindings.forEach(function (binding) {
      Object.values(binding).forEach(function (term) { if (term.type === "uri") iris.add(term.value); });
    });
    if (!iris.size) return {};
    const response = await fetch(data.labels + "?lang=" + data.lang, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(Array.from(iris)),
    });
    return response.ok ? response.json() : {};
  }

  async function run(remember) {
    // Run the editor's query; ``remember`` puts it in the address and the browser's history.
    const text = editor.value();
    const mine = ++running;
    if (remember && address(text) !== location.pathname + location.search) {
      history.pushState({ query: text }, "", address(text));
    }
    baseline = text;
    status.className = "";
    status.textContent = t("qp_running");
    errorBox.hidden = true;
    linkBox.hidden = true;
    editor.clear();
    updateDownloads();
    const started = performance.now();
    let response;
    try {
      response = await fetch(data.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.9, application/json;q=0.8" },
        body: new URLSearchParams({ query: text }),
      });
    } catch (failure) {
      status.textContent = "";
      showError({ message: t("qp_err_network") });
      return;
    }
    const body = await response.text();
    if (mine !== running) return;  // a newer run has started
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      let reply = { status: response.status, detail: body.trim() };
      try { reply = Object.assign(reply, JSON.parse(body)); } catch (notJson) { /* a plain-text refusal */ }
      status.className = "error";
      status.textContent = t("qp_refused", { status: response.status });
      views.clear();
      results.replaceChildren();
      resultBar.hidden = true;
      showError(SahelQuery.explain(text, reply, t, data.prefixes));
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    resultBar.hidden = !type.startsWith("application/sparql-results+json");
    if (!type.startsWith("application/sparql-results+json")) {
      views.clear();
      const pre = document.createElement("pre");
      pre.className = "graph-text";
      pre.textContent = body;
      results.replaceChildren(pre);
      status.textContent = t("qp_done", { ms: ms });
      return;
    }
    const json = JSON.parse(body);
    if ("boolean" in json) {
      views.clear();
      resultBar.hidden = true;
      const answer = document.createElement("p");
      answer.className = "boolean";
      answer.textContent = t(json.boolean ? "qp_yes" : "qp_no");
      results.replaceChildren(answer);
      status.textContent = t("qp_done", { ms: ms });
      return;
    }
    const labels = await labelsOf(json);
    if (mine !== running) return;
    const count = json.results.bindings.length;
    status.textContent = t(count === 1 ? "qp_rows_one" : "qp_rows_many",
                           { count: count.toLocaleString(data.lang === "fr" ? "fr-FR" : "en-GB"), ms: ms }) +
      (response.headers.get("SPARQL-Results-Truncated") ? " (" + t("qp_truncated") + ")" : "");
    views.show(text, json, labels);
  }

  function load(text) {
    // Put a text in the editor, asking first when that would throw away unsaved work.
    if (editor.value() !== baseline && editor.value() !== text) {
      pending = text;
      unsaved.hidden = false;
      return;
    }
    editor.setValue(text);
    baseline = text;
    updateDownloads();
  }

  async function copyLink() {
    // The shortest link that reproduces the query: /sparql?query= when short, else a short link /q/<id>.
    let url = location.origin + address(editor.value());
    if (url.length > data.urlLimit) {
      const response = await fetch(data.shorten, { method: "POST",
                                                    body: new URLSearchParams({ query: editor.value() }) });
      const reply = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        showError({ message: t("qp_link_failed", { detail: reply.detail || response.status }) });
        return;
      }
      url = location.origin + reply.url + (pageLang ? "?lang=" + pageLang : "");
    }
    linkInput.value = url;
    linkBox.hidden = false;
    linkInput.select();
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = t("qp_link_copied");
    } catch (refused) {
      status.textContent = t("qp_link_select");
    }
  }

  document.getElementById("examples").addEventListener("change", function (event) {
    if (event.target.value !== "") load(data.examples[Number(event.target.value)].text);
    event.target.value = "";
  });
  document.getElementById("prefixes").addEventListener("change", function (event) {
    if (event.target.value) editor.declare(event.target.value);
    event.target.value = "";
  });
  document.getElementById("replace").addEventListener("click", function () {
    unsaved.hidden = true;
    baseline = editor.value();
    load(pending);
  });
  document.getElementById("keep").addEventListener("click", function () { unsaved.hidden = true; });
  document.getElementById("try-claims").addEventListener("click", function () {
    load(document.getElementById("claim-pattern").textContent);
    editor.cm.focus();
  });
  document.getElementById("copy-link").addEventListener("click", copyLink);
  document.getElementById("show-terms").addEventListener("change", function (event) {
    results.classList.toggle("show-terms", event.target.checked);
  });
  editor.cm.on("change", updateDownloads);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
  window.addEventListener("popstate", function (event) {
    const text = event.state && event.state.query !== undefined ? event.state.query
      : new URLSearchParams(location.search).get("query");
    editor.setValue(text === null ? data.query : text);
    baseline = editor.value();
    if (text !== null) run(false);
    else { results.replaceChildren(); resultBar.hidden = true; status.textContent = ""; views.clear(); }
  });
  history.replaceState({ query: data.run ? data.query : null }, "");
  updateDownloads();
  if (data.run) run(false);
})();
