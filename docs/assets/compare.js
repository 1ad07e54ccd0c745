/* Side by side (/compare/?docs=a,b): two to four documents, rows aligned by national framework item,
   then by theme for measures no item covers. The page carries no document data: compare/index.json
   (documents, items, themes) and the chosen documents' compare/doc-<id>.json are fetched on demand.
   The choice lives in the query string, so a comparison can be shared and cited, back/forward work,
   and the language switch (site.js copies location.search) keeps it.
   Data is set with textContent / href only, never as HTML.

   Also on every page: long measure texts (.fold) are folded after a few lines with a button to unfold;
   without JavaScript they are simply shown in full. */
(function () {
  var FOLD_LINES = 6;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(href, text, cls) {
    var a = el("a", cls, text);
    a.setAttribute("href", href);
    return a;
  }

  // ---- folding long texts (any page) ------------------------------------------------------------
  var foldCount = 0;
  function fold(root, more, less) {
    (root || document).querySelectorAll(".fold:not([data-folded])").forEach(function (box) {
      box.setAttribute("data-folded", "");
      var line = parseFloat(getComputedStyle(box).lineHeight) || 20;
      if (box.scrollHeight <= line * (FOLD_LINES + 1.5)) return;
      var id = box.id || "fold-" + (++foldCount);
      box.id = id;
      box.classList.add("folded");
      box.style.maxHeight = (line * FOLD_LINES) + "px";
      var button = el("button", "fold-toggle", more);
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", id);
      button.addEventListener("click", function () {
        var open = box.classList.toggle("folded");
        open = !open;
        box.style.maxHeight = open ? "" : (line * FOLD_LINES) + "px";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? less : more;
      });
      box.parentNode.insertBefore(button, box.nextSibling);
    });
  }

  function foldStrings() {
    // the buttons' words (templates/strings.yaml) travel in the page shell's <template id="ui-strings">
    var ui = document.getElementById("ui-strings");
    return ui ? [ui.dataset.more, ui.dataset.less] : null;
  }

  // ---- the compare page -------------------------------------------------------------------------
  function init() {
    var form = document.getElementById("compare-form");
    var strings = foldStrings();
    if (!form) { if (strings) fold(document, strings[0], strings[1]); return; }
    var d = form.dataset;
    var result = document.getElementById("compare-result");
    var status = document.getElementById("compare-status");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-slot]"));
    var zhPage = document.documentElement.lang === "zh";
    var index = null, cache = {};
    form.hidden = false;
    fold(document, d.more, d.less);

    function say(text) { status.textContent = text || ""; }

    function languageLinks() {
      // the header's language menu carries the choice to the other language (site.js does so on click too)
      document.querySelectorAll(".md-header a.md-select__link[hreflang]").forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href").split("#")[0].split("?")[0] + location.search);
      });
    }

    function chosenFromUrl() {
      var params = new URLSearchParams(location.search);
      var raw = (params.get("docs") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      var known = {}, ids = [], unknown = [];
      index.docs.forEach(function (x) { known[x.id] = true; });
      raw.forEach(function (id) {
        if (!known[id]) unknown.push(id);
        else if (ids.indexOf(id) < 0 && ids.length < Number(d.max)) ids.push(id);
      });
      return { ids: ids.length >= 2 ? ids : index["default"], unknown: unknown };
    }

    function chosenFromForm() {
      var ids = [];
      selects.forEach(function (s) { if (s.value && ids.indexOf(s.value) < 0) ids.push(s.value); });
      return ids;
    }

    function setForm(ids) {
      selects.forEach(function (s, i) { s.value = ids[i] || ""; });
    }

    function load(id) {
      if (!cache[id]) {
        cache[id] = fetch("doc-" + encodeURIComponent(id) + ".json").then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        });
      }
      return cache[id];
    }

    function unitsLine(m) {
      var p = el("p", "responsibility");
      if (!m.units.length) return null;
      p.appendChild(el("span", "k", (m.resp || d.responsible) + d.colon));
      m.units.forEach(function (u, i) {
        if (i) p.appendChild(document.createTextNode(d.separator));
        var name = el("span", "unit", u[0]);
        if (!zhPage) name.setAttribute("lang", "zh-Hans");
        if (zhPage && u[3]) { name = link(u[3], u[0], "unit"); if (u[2]) name.title = u[2]; }
        p.appendChild(name);
        if (!zhPage && u[3]) {
          p.appendChild(document.createTextNode(" ("));
          p.appendChild(link(u[3], u[2]));
          p.appendChild(document.createTextNode(")"));
        }
        if (u[1]) p.appendChild(el("span", "role", " (" + d[u[1]] + ")"));
      });
      if (m.open) p.appendChild(el("span", "open-list", " " + d.openList));
      return p;
    }

    function measureCard(m) {
      var card = el("div", "measure measure-card");
      var h = el("h3", "measure-heading");
      var a = link(m.href, "");
      a.appendChild(el("span", "label", m.label));
      if (m.heading) a.appendChild(document.createTextNode(" " + m.heading));
      h.appendChild(a);
      card.appendChild(h);
      if (m.text.length) {
        var text = el("div", "measure-text fold");
        if (m.zh) text.setAttribute("lang", "zh-Hans");
        m.text.forEach(function (para) { text.appendChild(el("p", null, para)); });
        card.appendChild(text);
      }
      var units = unitsLine(m);
      if (units) card.appendChild(units);
      return card;
    }

    function draw(docs) {
      var itemIds = {};
      index.items.forEach(function (it) { itemIds[it.id] = true; });
      var rows = [];  // [kind, {id, name, href}, cells]
      function cells(test) {
        return docs.map(function (doc) { return doc.measures.filter(test); });
      }
      index.items.forEach(function (it) {
        var c = cells(function (m) { return m.fw.indexOf(it.id) >= 0; });
        if (c.some(function (x) { return x.length; })) rows.push([d.rowItem, it, c]);
      });
      function uncovered(m) { return !m.fw.some(function (f) { return itemIds[f]; }); }
      index.themes.forEach(function (th) {
        var c = cells(function (m) { return uncovered(m) && m.themes[0] === th.id; });
        if (c.some(function (x) { return x.length; })) rows.push([d.rowTheme, th, c]);
      });
      var rest = cells(function (m) { return uncovered(m) && !m.themes.length; });
      if (rest.some(function (x) { return x.length; })) rows.push([d.rowOther, null, rest]);

      result.textContent = "";
      var cols = "cols-" + docs.length;
      var head = el("div", "compare-cells compare-head " + cols);
      docs.forEach(function (doc) {
        var cell = el("div", "compare-doc-head");
        cell.appendChild(link(doc.href, doc.title));
        cell.appendChild(el("span", "src", " — " + doc.region + " · " + (doc.issued || d.notStated)));
        head.appendChild(cell);
      });
      result.appendChild(head);
      rows.forEach(function (row, n) {
        var section = el("section", "compare-row");
        var h = el("h2", null);
        h.id = "row-" + (n + 1);
        h.appendChild(el("span", "compare-row-kind", row[0] + d.colon));
        if (row[1]) h.appendChild(link(row[1].href, row[1].name)); else h.appendChild(document.createTextNode(d.rowOther));
        section.setAttribute("aria-labelledby", h.id);
        section.appendChild(h);
        var grid = el("div", "compare-cells " + cols);
        row[2].forEach(function (measures, i) {
          var cell = el("div", "compare-cell");
          cell.setAttribute("data-doc", docs[i].id);
          cell.appendChild(el("p", "compare-cell-doc", docs[i].region + " — " + docs[i].title));
          if (!measures.length) cell.appendChild(el("p", "empty", d.empty));
          measures.forEach(function (m) { cell.appendChild(measureCard(m)); });
          grid.appendChild(cell);
        });
        section.appendChild(grid);
        result.appendChild(section);
      });
      fold(result, d.more, d.less);
    }

    function show(ids) {
      setForm(ids);
      say(d.loading);
      result.setAttribute("aria-busy", "true");
      return Promise.all(ids.map(load)).then(function (docs) {
        draw(docs);
        result.removeAttribute("aria-busy");
        say("");
      }).catch(function () {
        result.removeAttribute("aria-busy");
        say(d.failed);
      });
    }

    function apply() {
      var ids = chosenFromForm();
      if (ids.length < 2) { say(d.tooFew); return; }
      var url = location.pathname + "?docs=" + ids.map(encodeURIComponent).join(",");
      if (url !== location.pathname + location.search) history.pushState({ docs: ids }, "", url);
      languageLinks();
      show(ids);
    }

    fetch(d.index).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) {
      index = data;
      selects.forEach(function (s) {
        index.docs.forEach(function (doc) {
          var o = el("option", null, doc.region + " — " + doc.title + (doc.issued ? " (" + doc.issued + ")" : ""));
          o.value = doc.id;
          s.appendChild(o);
        });
        s.addEventListener("change", apply);
      });
      form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
      window.addEventListener("popstate", function () { languageLinks(); show(chosenFromUrl().ids); });
      var first = chosenFromUrl();
      show(first.ids).then(function () {
        if (first.unknown.length) say(d.unknown + d.colon + first.unknown.join(", "));
      });
    }).catch(function () { say(d.failed); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
