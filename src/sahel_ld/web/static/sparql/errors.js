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
    "FALSE UNDEF A ISTRIPLE TRIPLE SUBJECT PREDICATE OBJECT LATERAL ADJUST INSERT DELETE DATA LOAD CLEAR DROP " +
    "CREATE ADD MOVE COPY TO INTO WITH USING DEFAULT ALL").split(" ");
  const TERMS = ["variable", "iri", "pname", "string", "number"];
  const OPERATORS = ["=", "!=", "<", ">", "<=", ">=", "&&", "||"];
  const FORMS = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
  const PAIRS = { "{": "}", "(": ")", "[": "]" };
  const CLOSERS = { "}": "{", ")": "(", "]": "[" };

  function tokens(text) {
    // The query's tokens with their line and column; a string left open ends the list.
    const found = [];
    const pattern = new RegExp([
      "(\\s+)", "(#[^\\n]*)", "(<[^<>\"{}|^`\\\\\\s]*>)",
      "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')",
      "(\"\"\"|'''|\"|')", "([?$]\\w+)", "([A-Za-z][\\w.-]*)?:([\\w.:%-]*[\\w:%-])?", "([A-Za-z_]\\w*)",
      "([0-9][0-9.eE+-]*)", "(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)", "(\\^\\^|&&|\\|\\||!=|<=|>=|[^\\s])"].join("|"), "gy");
    const kinds = [null, "space", "space", "iri", "string", "open-string", "variable", "pname", "pname", "word",
                   "number", "langtag", "punctuation"];
    let line = 1, lineStart = 0, match;
    while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
      const value = match[0];
      const group = match.findIndex(function (part, i) { return i > 0 && part !== undefined; });
      // A prefixed name's groups are both optional: ":" alone matches none of them.
      const kind = group === 7 || group === 8 || group < 0 ? "pname" : kinds[group];
      const at = { value: value, line: line, column: match.index - lineStart + 1, kind: kind };
      if (at.kind === "pname") at.prefix = match[7] || "";
      if (at.kind === "open-string") { found.push(at); return found; }
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

  function at(token, message) {
    return { line: token.line, column: token.column, message: message };
  }

  function found(token, expected, t) {
    // "Found X at line L, column C; expected E."
    return at(token, t("qp_err_found", { found: token.value, line: token.line, column: token.column,
                                         expected: expected }));
  }

  function lexical(list, t, prefixes) {
    // Mistakes found from the tokens alone: an open string, an undeclared prefix, a misspelt keyword, a missing
    // BY, number or value, a triple not ended, brackets that do not pair.
    const declared = {};
    const stack = [];
    let formSeen = false, counting = false, run = 0, lastWord = null;
    for (let i = 0; i < list.length; i += 1) {
      const token = list[i], previous = list[i - 1] || {};
      const upper = token.kind === "word" ? token.value.toUpperCase() : null;
      const before = previous.kind === "word" ? previous.value.toUpperCase() : null;
      if (token.kind === "open-string") {
        return at(token, t("qp_err_string", { line: token.line, column: token.column }));
      }
      if (before === "PREFIX") {
        if (token.kind === "pname" && token.value === token.prefix + ":") { declared[token.prefix] = true; continue; }
        return found(token, "“" + (token.kind === "word" ? token.value : "name") + ":”", t);
      }
      if ((before === "ORDER" || before === "GROUP") && upper !== "BY") return found(token, "“BY”", t);
      if ((before === "LIMIT" || before === "OFFSET") && token.kind !== "number") {
        return found(token, t("qp_err_number"), t);
      }
      if (previous.kind === "punctuation" && OPERATORS.indexOf(previous.value) >= 0 && /^[)},.;]$/.test(token.value)) {
        return found(token, t("qp_err_value"), t);
      }
      if (token.kind === "pname" && !declared[token.prefix]) {
        return Object.assign(at(token, t("qp_err_prefix", { prefix: token.prefix, line: token.line,
          column: token.column })), { prefix: prefixes[token.prefix] ? token.prefix : null });
      }
      if (upper && KEYWORDS.indexOf(upper) < 0) {
        const guess = nearest(token.value) || (formSeen ? null : "SELECT");
        return at(token, t("qp_err_keyword", { found: token.value, line: token.line, column: token.column }) +
          (guess ? " " + t("qp_err_did_you_mean", { word: guess }) : ""));
      }
      if (upper && !formSeen) {
        if (FORMS.indexOf(upper) >= 0) formSeen = true;
        else if (upper !== "PREFIX" && upper !== "BASE") return found(token, t("qp_err_query_form"), t);
      }
      // Inside a group (not a VALUES block), a fourth term in a row means a triple was not ended.
      const term = TERMS.indexOf(token.kind) >= 0 || token.value === "a";
      if (upper) lastWord = upper;
      if (token.value === "{" || token.value === ".") { counting = lastWord !== "VALUES"; run = 0; }
      else if (token.value === ";" || token.value === ",") { run = token.value === ";" ? 1 : 2; }
      else if (term && counting && previous.value !== "^^") {
        run += 1;
        if (run === 4) return found(token, t("qp_err_triple_end"), t);
      } else if (!term && token.kind !== "langtag" && token.value !== "^^") { counting = false; }
      if (PAIRS[token.value]) stack.push(token);
      if (CLOSERS[token.value]) {
        const open = stack.pop();
        if (!open) {
          return at(token, t("qp_err_stray_close", { close: token.value, line: token.line, column: token.column }));
        }
        if (open.value !== CLOSERS[token.value]) {
          return at(open, t("qp_err_unclosed", { open: open.value, close: PAIRS[open.value], line: open.line,
                                                 column: open.column }));
        }
      }
    }
    const open = stack.pop();
    return open ? at(open, t("qp_err_unclosed", { open: open.value, close: PAIRS[open.value], line: open.line,
                                                  column: open.column })) : null;
  }

  function explain(text, reply, t, prefixes) {
    // What to tell the reader about a refused query: our own reading first, else the parser's, in words.
    if (reply.line === undefined) {
      return { message: t("qp_err_server", { status: reply.status, detail: reply.detail }) };
    }
    const list = tokens(text);
    const mistake = lexical(list, t, prefixes);
    if (mistake) return mistake;
    const next = list.find(function (token) {
      return token.line > reply.line || (token.line === reply.line && token.column >= reply.column);
    });
    const expected = parserExpected(reply.detail);
    const where = next || { line: reply.line, column: reply.column, value: t("qp_err_end") };
    return expected.length ? found(where, alternatives(expected, t), t)
      : { line: reply.line, column: reply.column, message: t("qp_err_parser", { detail: reply.detail }) };
  }

  window.SahelQuery = window.SahelQuery || {};
  window.SahelQuery.explain = explain;
})();
