// The SPARQL editor: CodeMirror 5 with its SPARQL mode, bracket matching, completion of our prefixes, classes and
// properties (with their labels), PREFIX lines added once, Ctrl/Cmd+Enter to run, the refused spot marked.
// SahelQuery.editor(textarea, data, t, run) -> {cm, value(), setValue(text), declare(prefix), mark(error), clear()}
(function () {
  "use strict";
  const WORD = /[A-Za-z_][\w.-]*:?[\w.-]*$/;

  function declared(cm, prefix) {
    return new RegExp("^\\s*PREFIX\\s+" + prefix + ":", "im").test(cm.getValue());
  }

  function declare(cm, data, prefix) {
    // Add "PREFIX p: <...>" after the last PREFIX line (or first), unless the query declares p already.
    if (!data.prefixes[prefix] || declared(cm, prefix)) return;
    let line = 0;
    cm.eachLine(function (handle) {
      if (/^\s*(PREFIX|BASE)\b/i.test(handle.text)) line = cm.getLineNumber(handle) + 1;
    });
    cm.replaceRange("PREFIX " + prefix + ": <" + data.prefixes[prefix] + ">\n", { line: line, ch: 0 });
  }

  function candidates(word, data, t, afterA) {
    // Completions for the word before the cursor: terms (by name, exact case first, or by label) and prefixes;
    // after "a" classes come first.
    const colon = word.indexOf(":");
    const typed = colon >= 0 ? word.slice(colon + 1) : word;
    const wanted = typed.toLowerCase();
    const prefix = colon >= 0 ? word.slice(0, colon) : null;
    const found = [];
    data.terms.forEach(function (term) {
      const [termPrefix, local] = term.name.split(":");
      if (prefix !== null && termPrefix !== prefix) return;
      const rank = local.startsWith(typed) ? 0 : local.toLowerCase().startsWith(wanted) ? 1
        : wanted.length > 1 && term.label.toLowerCase().indexOf(wanted) >= 0 ? 2 : -1;
      if (rank >= 0) found.push({ term: term, rank: rank + (afterA && term.kind !== "class" ? 3 : 0) });
    });
    if (prefix === null) {
      Object.keys(data.prefixes).forEach(function (name) {
        if (name.startsWith(wanted)) found.push({ prefix: name, rank: -1 });
      });
    }
    found.sort(function (a, b) { return a.rank - b.rank; });
    return found.slice(0, 60).map(function (item) {
      if (item.prefix) {
        return { text: item.prefix + ":", name: item.prefix + ":", note: t("qp_term_prefix"), prefix: item.prefix };
      }
      return { text: item.term.name, name: item.term.name, prefix: item.term.name.split(":")[0],
               note: (item.term.label ? item.term.label + " · " : "") + t("qp_term_" + item.term.kind) };
    });
  }

  function render(element, self, completion) {
    const name = document.createElement("span");
    name.className = "hint-name";
    name.textContent = completion.name;
    const note = document.createElement("span");
    note.className = "hint-note";
    note.textContent = " " + completion.note;
    element.append(name, note);
  }

  function hinter(data, t) {
    return function (cm) {
      const cursor = cm.getCursor();
      const before = cm.getLine(cursor.line).slice(0, cursor.ch);
      const match = WORD.exec(before);
      if (!match) return null;
      const from = { line: cursor.line, ch: cursor.ch - match[0].length };
      const afterA = /(^|\s)a\s+$/.test(before.slice(0, before.length - match[0].length));
      const list = candidates(match[0], data, t, afterA).map(function (completion) {
        return Object.assign(completion, {
          render: render,
          hint: function (editor, self, picked) {
            editor.replaceRange(picked.text, self.from, self.to);
            declare(editor, data, picked.prefix);
          },
        });
      });
      return list.length ? { list: list, from: from, to: cursor } : null;
    };
  }

  function editor(textarea, data, t, run) {
    const cm = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query", lineNumbers: true, lineWrapping: true, matchBrackets: true,
      autoCloseBrackets: true, indentUnit: 2, viewportMargin: Infinity,
      extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run, "Ctrl-Space": "autocomplete" },
      hintOptions: { hint: hinter(data, t), completeSingle: false, closeCharacters: /[\s()[\]{};>,]/ },
    });
    cm.getInputField().setAttribute("aria-label", textarea.getAttribute("aria-label"));
    cm.on("inputRead", function (instance, change) {
      const typed = change.text.join("");
      const cursor = instance.getCursor();
      const token = instance.getTokenAt(cursor);
      if (/^[\w:]$/.test(typed) && token.type !== "comment" && token.type !== "string" && token.type !== "variable-2"
          && WORD.test(instance.getLine(cursor.line).slice(0, cursor.ch))) {
        instance.showHint();
      }
    });
    let marks = [];

    function clear() {
      marks.forEach(function (mark) { mark.clear(); });
      marks = [];
    }

    function mark(error) {
      // Underline the token at the error's line and column, shade its line and put the message under it.
      clear();
      if (!error.line) return;
      const line = Math.min(error.line, cm.lineCount()) - 1;
      const text = cm.getLine(line);
      const start = Math.max(0, Math.min((error.column || 1) - 1, text.length));
      const word = /^(\S+)/.exec(text.slice(start));
      const end = word ? start + Math.min(word[1].length, 40) : start + 1;
      marks.push(cm.markText({ line: line, ch: start }, { line: line, ch: Math.max(end, start + 1) },
                             { className: "cm-refused", attributes: { title: error.message } }));
      const lineHandle = cm.addLineClass(line, "background", "cm-refused-line");
      const note = document.createElement("div");
      note.className = "cm-refused-note";
      note.textContent = error.message;
      const widget = cm.addLineWidget(line, note);
      marks.push({ clear: function () { cm.removeLineClass(lineHandle, "background", "cm-refused-line"); } });
      marks.push(widget);
      cm.scrollIntoView({ line: line, ch: start }, 60);
    }

    cm.on("change", clear);
    return {
      cm: cm,
      value: function () { return cm.getValue(); },
      setValue: function (text) { cm.setValue(text); },
      declare: function (prefix) { declare(cm, data, prefix); },
      mark: mark,
      clear: clear,
    };
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.editor = editor;
})();
