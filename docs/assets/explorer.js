/* Measure explorer: rows come from rows-N.json beside the page (so the page stays small however large
   the corpus grows); filter, sort and show them 100 at a time. Text from the data is set with
   textContent / href, never as HTML.
   The filters and the free text live in the query string (?region=…&q=…): a link reproduces the view,
   back/forward step through changes, and the language switch carries them to the other language.
   "Download these rows" writes the matching rows of measures.csv itself, so the columns are the same. */
(function () {
  var STEP = 100;
  var FILTERS = ["region", "level", "theme", "function", "framework", "role"];

  function init() {
    var form = document.getElementById("explorer-filters");
    var table = document.getElementById("explorer");
    if (!form || !table) return;
    var body = table.tBodies[0];
    var out = document.getElementById("explorer-count");
    var more = document.getElementById("explorer-more");
    var empty = document.getElementById("explorer-empty");
    var download = document.getElementById("explorer-download");
    var zh = document.documentElement.lang === "zh";
    var separator = table.dataset.separator || "; ";
    var themeSeparator = table.dataset.themeSeparator || ", ";
    var total = Number(table.dataset.total || 0);
    var chunks = Number(table.dataset.chunks || 0);
    var names = { region: {}, theme: {}, agency: {} };
    ["region", "theme"].forEach(function (k) {
      Array.prototype.forEach.call(form.elements[k].options, function (o) { if (o.value) names[k][o.value] = o.textContent; });
    });
    var rows = [];       // every loaded measure
    var matched = [];    // those passing the filters, in the current order
    var limit = STEP;
    var sortColumn = -1, ascending = true;

    function message(name, values) {
      // the page's interface strings (templates/strings.yaml) travel in data-msg-* attributes of the table
      return (table.getAttribute("data-msg-" + name.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); })) || "")
        .replace(/\{([a-z_]+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
    }

    function unitsText(r) {
      // the units as printed; on English pages the canonical agency's English name follows in brackets
      var parts = (r[7] || []).map(function (u) {
        var canonical = u[1] && names.agency[u[1]];
        return zh || !canonical ? u[0] : u[0] + " (" + canonical + ")";
      });
      var text = parts.join(separator);
      return r[12] ? text + (zh ? "" : " ") + table.dataset.openList : text;
    }

    function unitsCell(td, m) {
      // English pages: each printed (Chinese) name marked as Chinese, the canonical English name after it
      m.units.forEach(function (u, i) {
        if (i) td.appendChild(document.createTextNode(separator));
        var span = document.createElement("span");
        span.lang = "zh-Hans";
        span.textContent = u[0];
        td.appendChild(span);
        var canonical = u[1] && names.agency[u[1]];
        if (canonical) td.appendChild(document.createTextNode(" (" + canonical + ")"));
      });
      if (m.open) {
        var note = document.createElement("span");
        note.lang = "en";
        note.textContent = " " + table.dataset.openList;
        td.appendChild(note);
      }
    }

    function record(r) {
      // [region, level, themes, functions, agencies, title, href, units, text, framework, document, measure, open]
      var cells = [names.region[r[0]] || r[0], r[5],
        r[2].map(function (t) { return names.theme[t] || t; }).join(themeSeparator),
        unitsText(r)];
      return { region: r[0], level: r[1], themes: r[2], functions: r[3], href: r[6], cells: cells,
               units: r[7] || [], open: !!r[12],
               roles: (r[7] || []).map(function (u) { return u[2]; }), framework: r[9] || [],
               key: r[10] + "\u0000" + r[11],
               text: (cells.join(" ") + " " + (r[8] || "")).toLowerCase() };
    }

    function draw() {
      var frag = document.createDocumentFragment();
      matched.slice(0, limit).forEach(function (m) {
        var tr = document.createElement("tr");
        m.cells.forEach(function (value, i) {
          var td = document.createElement("td");
          if (i === 1) {
            var a = document.createElement("a");
            a.href = m.href;
            a.textContent = value;
            td.appendChild(a);
          } else if (i === 3 && !zh) {
            unitsCell(td, m);
          } else {
            td.textContent = value;
          }
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      });
      body.replaceChildren(frag);
      more.hidden = matched.length <= limit;
      var loading = rows.length < total;
      empty.hidden = loading || matched.length > 0;
      download.hidden = loading || matched.length === 0;
      var shown = Math.min(limit, matched.length);
      out.textContent = message("count", { shown: shown, matched: matched.length, total: total }) +
        (loading ? message("loading", {}) : "");
      table.dataset.shown = String(matched.length);
      if (window.labelScrollRegions) window.labelScrollRegions();
    }

    function current() {
      var f = {};
      FILTERS.forEach(function (k) { f[k] = form.elements[k].value; });
      f.q = form.elements.q.value.trim();
      return f;
    }

    function apply() {
      var f = current();
      var q = f.q.toLowerCase();
      matched = rows.filter(function (m) {
        return (!f.region || m.region === f.region) && (!f.level || m.level === f.level) &&
          (!f.theme || m.themes.indexOf(f.theme) >= 0) && (!f["function"] || m.functions.indexOf(f["function"]) >= 0) &&
          (!f.framework || m.framework.indexOf(f.framework) >= 0) && (!f.role || m.roles.indexOf(f.role) >= 0) &&
          (!q || m.text.indexOf(q) >= 0);
      });
      if (sortColumn >= 0) order();
      limit = STEP;
      draw();
    }

    // ---- the query string ------------------------------------------------------------------------
    function query() {
      var f = current(), params = new URLSearchParams();
      FILTERS.concat(["q"]).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
      var s = params.toString();
      return s ? "?" + s : "";
    }

    function fromQuery() {
      var params = new URLSearchParams(location.search);
      FILTERS.concat(["q"]).forEach(function (k) {
        var value = params.get(k) || "";
        var el = form.elements[k];
        if (el.tagName === "SELECT" && value) value = known(el, value);
        el.value = value;
      });
    }

    function known(select, value) {
      // a value the menu offers, else "" (no filter). Framework items are "<framework>.<item>"; a bare item
      // number (addresses shared before the menu was grouped by framework) means that item of the first framework.
      var options = Array.prototype.map.call(select.options, function (o) { return o.value; });
      if (options.indexOf(value) >= 0) return value;
      if (select.name === "framework") {
        var suffix = "." + value;
        var match = options.filter(function (v) { return v.slice(-suffix.length) === suffix; })[0];
        if (match) return match;
      }
      return "";
    }

    function languageLinks() {
      // the header's language menu: keep the filters when switching language
      document.querySelectorAll("a[hreflang].md-select__link").forEach(function (a) {
        var base = a.getAttribute("href").split("?")[0].split("#")[0];
        a.setAttribute("href", base + query());
      });
    }

    function record_state(push) {
      var url = location.pathname + query() + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
      languageLinks();
    }

    // ---- download these rows -----------------------------------------------------------------------
    function csvRecords(text) {
      // split measures.csv into raw records (quoted fields may hold commas, quotes and newlines)
      var records = [], start = 0, quoted = false;
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (ch === '"') quoted = !quoted;
        else if (ch === "\n" && !quoted) { records.push(text.slice(start, i)); start = i + 1; }
      }
      if (start < text.length) records.push(text.slice(start));
      return records;
    }

    function fields(raw) {
      var out = [], field = "", quoted = false;
      for (var i = 0; i < raw.length; i++) {
        var ch = raw[i];
        if (quoted) {
          if (ch === '"' && raw[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ",") { out.push(field); field = ""; } else field += ch;
      }
      out.push(field);
      return out;
    }

    function downloadRows() {
      fetch(table.dataset.csv).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (text) {
        text = text.replace(/^\ufeff/, "");
        var records = csvRecords(text);
        var header = fields(records[0]);
        var doc = header.indexOf("document"), id = header.indexOf("id");
        var byKey = {};
        records.slice(1).forEach(function (raw) { var f = fields(raw); byKey[f[doc] + "\u0000" + f[id]] = raw; });
        var lines = [records[0]];
        matched.forEach(function (m) { if (byKey[m.key] !== undefined) lines.push(byKey[m.key]); });
        var blob = new Blob(["\ufeff" + lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "measures-selection.csv";
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }).catch(function () {
        out.textContent = message("downloadFailed", {});
      });
    }

    function order() {
      var lang = document.documentElement.lang;
      matched.sort(function (a, b) {
        return (ascending ? 1 : -1) * a.cells[sortColumn].localeCompare(b.cells[sortColumn], lang, { numeric: true });
      });
    }

    function load(n) {
      if (n > chunks) { table.dataset.loaded = "true"; draw(); return; }
      fetch("rows-" + n + ".json").then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        Object.keys(data.agencies).forEach(function (k) { names.agency[k] = data.agencies[k]; });
        data.rows.forEach(function (r) { rows.push(record(r)); });
        apply();
        load(n + 1);
      }).catch(function () {
        out.textContent = message("loadFailed", {});
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); record_state(true); });
    // A choice in a menu is one history entry (back undoes it); a run of typing is one entry too.
    var typing = false;
    form.addEventListener("input", function (e) {
      apply();
      if (e.target.name === "q") { record_state(!typing); typing = true; }
    });
    form.addEventListener("change", function (e) {
      if (e.target.name === "q") return;  // already recorded while typing
      typing = false;
      apply();
      record_state(true);
    });
    window.addEventListener("popstate", function () { fromQuery(); apply(); languageLinks(); });
    document.getElementById("explorer-reset").addEventListener("click", function () {
      form.reset();
      FILTERS.concat(["q"]).forEach(function (k) { form.elements[k].value = ""; });
      apply();
      record_state(true);
      form.elements.region.focus();
    });
    download.addEventListener("click", downloadRows);
    more.addEventListener("click", function () { limit += STEP; draw(); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      function sort() {
        ascending = !(sortColumn === i && ascending);
        sortColumn = i;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        order();
        draw();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
    fromQuery();
    record_state(false);  // an address with a value the menu does not offer (or an old bare item number) is corrected in place
    languageLinks();
    load(1);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
