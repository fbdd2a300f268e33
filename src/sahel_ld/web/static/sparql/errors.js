// Human words for a query the server refused: what was found where, and what was expected there.
// SahelQuery.explain(text, reply, t, prefixes) -> {message, line, column, prefix?}; line and column count from 1.
(function () {
  "use strict";
  const KEYWORDS = ("SELECT CONSTRUCT ASK DESCRIBE WHERE PREFIX BASE FILTER OPTIONAL UNION MINUS GRAPH BIND VALUES " +
    "LIMIT OFFSET ORDER BY GROUP HAVING DISTINCT REDUCED FROM NAMED AS ASC DESC NOT EXISTS IN SERVICE SILENT " +
    "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE " +
    "RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE " +
    "STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 " +
    "COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE TRUE " +
    "FALSE UNDEF A").split(" ");
  const FORMS = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
  const PAIRS = { "{": "}", "(": ")", "[": "]" };
  const CLOSERS = { "}": "{", ")": "(", "]": "[" };

  function tokens(text) {
    // The query's tokens with their line and column; strings left open are flagged.
    const found = [];
    const pattern = new RegExp([
      "(\\s+)", "(#[^\\n]*)", "(<[^<>\"{}|^`\\\\\\s]*>)",
      "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')",
      "(\"\"\"|'''|\"|')", "([?$][\\w]+)", "([A-Za-z][\\w.-]*)?:([\\w.:%-]*[\\w:%-])?", "([A-Za-z_]\\w*)",
      "([0-9][0-9.eE+-]*)", "(\\^\\^|&&|\\|\\||!=|<=|>=|[^\\s])"].join("|"), "gy");
    let line = 1, lineStart = 0, match;
    while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
      const value = match[0];
      const at = { value: value, line: line, column: match.index - lineStart + 1 };
      if (match[5]) { at.kind = "open-string"; found.push(at); return found; }
      if (match[1] || match[2]) at.kind = "space";
      else if (match[3]) at.kind = "iri";
      else if (match[4]) at.kind = "string";
      else if (match[6]) at.kind = "variable";
      else if (value.indexOf(":") >= 0 && !match[11]) { at.kind = "pname"; at.prefix = match[7] || ""; }
      else if (match[9]) at.kind = "word";
      else if (match[10]) at.kind = "number";
      else at.kind = "punctuation";
      if (at.kind !== "space") found.push(at);
      for (let i = 0; i < value.length; i += 1) {
        if (value[i] === "\n") { line += 1; lineStart = match.index + i + 1; }
      }
    }
    return found;
  }

  function distance(a, b) {
    // Edit distance (insertions, deletions, substitutions), for "did you mean".
    let previous = Array.from({ length: b.length + 1 }, function (_, i) { return i; });
    for (let i = 1; i <= a.length; i += 1) {
      const current = [i];
      for (let j = 1; j <= b.length; j += 1) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = current;
    }
    return previous[b.length];
  }

  function nearest(word) {
    const upper = word.toUpperCase();
    let best = null, bestDistance = 3;
    KEYWORDS.forEach(function (keyword) {
      const d = distance(upper, keyword);
      if (keyword.length > 2 && d < bestDistance) { best = keyword; bestDistance = d; }
    });
    return best;
  }

  function alternatives(list, t) {
    const quoted = list.map(function (word) { return "“" + word + "”"; });
    return quoted.length < 2 ? quoted.join("") :
      quoted.slice(0, -1).join(", ") + " " + t("qp_or") + " " + quoted[quoted.length - 1];
  }

  function parserExpected(detail) {
    // The parser's list of what it expected, without its character classes.
    const match = /expected (?:one of )?([\s\S]*)$/.exec(detail || "");
    if (!match) return [];
    return match[1].split(/,\s*(?=["A-Za-z[])/).map(function (item) { return item.trim(); })
      .filter(function (item) { return item && item[0] !== "[" && !/not found|^"[{~|]/.test(item); })
      .map(function (item) { return item.replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1"); });
  }

  function lexical(list, t, prefixes) {
    // Mistakes found from the tokens alone: an open string, an undeclared prefix, a misspelt keyword, brackets.
    const declared = {};
    const stack = [];
    let formSeen = false;
    for (let i = 0; i < list.length; i += 1) {
      const token = list[i], previous = list[i - 1];
      const where = { line: token.line, column: token.column };
      if (token.kind === "open-string") return Object.assign(where, { message: t("qp_err_string", where) });
      if (previous && previous.kind === "word" && previous.value.toUpperCase() === "PREFIX") {
        if (token.kind === "pname" && token.value === token.prefix + ":") { declared[token.prefix] = true; continue; }
        return Object.assign(where, { message: t("qp_err_found", Object.assign({ found: token.value,
          expected: "“" + (token.kind === "word" ? token.value : "name") + ":”" }, where)) });
      }
      if (token.kind === "pname" && !declared[token.prefix]) {
        return Object.assign(where, { prefix: prefixes[token.prefix] ? token.prefix : null,
          message: t("qp_err_prefix", Object.assign({ prefix: token.prefix }, where)) });
      }
      if (token.kind === "word") {
        const upper = token.value.toUpperCase();
        if (KEYWORDS.indexOf(upper) < 0 && token.value !== "a") {
          const guess = nearest(token.value) || (formSeen ? null : "SELECT");
          return Object.assign(where, { message: t("qp_err_keyword", Object.assign({ found: token.value }, where)) +
            (guess ? " " + t("qp_err_did_you_mean", { word: guess }) : "") });
        }
        if (!formSeen && FORMS.indexOf(upper) >= 0) formSeen = true;
        else if (!formSeen && upper !== "PREFIX" && upper !== "BASE") {
          return Object.assign(where, { message: t("qp_err_found", Object.assign({ found: token.value,
            expected: t("qp_err_query_form") }, where)) });
        }
      }
      if (PAIRS[token.value]) stack.push(token);
      if (CLOSERS[token.value]) {
        const open = stack.pop();
        if (!open || open.value !== CLOSERS[token.value]) {
          const at = open || token;
          const key = open ? "qp_err_unclosed" : "qp_err_stray_close";
          return { line: at.line, column: at.column, message: t(key, { open: at.value, close: open ? PAIRS[open.value]
            : token.value, line: at.line, column: at.column }) };
        }
      }
    }
    const open = stack.pop();
    if (open) {
      return { line: open.line, column: open.column, message: t("qp_err_unclosed",
        { open: open.value, close: PAIRS[open.value], line: open.line, column: open.column }) };
    }
    return null;
  }

  function explain(text, reply, t, prefixes) {
    // What to tell the reader about a refused query: our own reading first, else the parser's, in words.
    if (reply.line === undefined) {
      return { message: t("qp_err_server", { status: reply.status, detail: reply.detail }) };
    }
    const list = tokens(text);
    const mistake = lexical(list, t, prefixes);
    if (mistake) return mistake;
    const at = list.find(function (token) {
      return token.line > reply.line || (token.line === reply.line && token.column >= reply.column);
    });
    const expected = parserExpected(reply.detail);
    const where = { line: reply.line, column: reply.column };
    if (!expected.length) return Object.assign(where, { message: t("qp_err_parser", { detail: reply.detail }) });
    return Object.assign(where, { message: t("qp_err_found", { found: at ? at.value : t("qp_err_end"),
      line: at ? at.line : reply.line, column: at ? at.column : reply.column, expected: alternatives(expected, t) }) });
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.explain = explain;
  window.SahelQuery.tokens = tokens;
})();
