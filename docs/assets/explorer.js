/* Measure explorer: rows come from rows-N.json beside the page (so the page stays small however large
   the corpus grows); filter, sort and show them 100 at a time. Text from the data is set with
   textContent / href, never as HTML. */
(function () {
  var STEP = 100;

  function init() {
    var form = document.getElementById("explorer-filters");
    var table = document.getElementById("explorer");
    if (!form || !table) return;
    var body = table.tBodies[0];
    var out = document.getElementById("explorer-count");
    var more = document.getElementById("explorer-more");
    var separator = table.dataset.separator || "; ";
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

    function record(r) {
      // [region, level, themes, functions, agencies, title, href]
      var cells = [names.region[r[0]] || r[0], r[5],
        r[2].map(function (t) { return names.theme[t] || t; }).join(separator === "; " ? ", " : "、"),
        r[4].map(function (a) { return names.agency[a] || a; }).join(separator)];
      return { region: r[0], level: r[1], themes: r[2], functions: r[3], href: r[6], cells: cells,
               text: cells.join(" ").toLowerCase() };
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
          } else {
            td.textContent = value;
          }
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      });
      body.replaceChildren(frag);
      more.hidden = matched.length <= limit;
      var shown = Math.min(limit, matched.length), loading = rows.length < total;
      out.textContent = document.documentElement.lang === "zh"
        ? "显示 " + shown + " 条，符合条件 " + matched.length + " 条，共 " + total + " 条" + (loading ? "（加载中…）" : "")
        : "Showing " + shown + " of " + matched.length + " matching measures (" + total + " in all)" + (loading ? ", loading…" : "");
      table.dataset.shown = String(matched.length);
      if (window.labelScrollRegions) window.labelScrollRegions();
    }

    function apply() {
      var f = {};
      ["region", "level", "theme", "function"].forEach(function (k) { f[k] = form.elements[k].value; });
      var q = form.elements.q.value.trim().toLowerCase();
      matched = rows.filter(function (m) {
        return (!f.region || m.region === f.region) && (!f.level || m.level === f.level) &&
          (!f.theme || m.themes.indexOf(f.theme) >= 0) && (!f["function"] || m.functions.indexOf(f["function"]) >= 0) &&
          (!q || m.text.indexOf(q) >= 0);
      });
      if (sortColumn >= 0) order();
      limit = STEP;
      draw();
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
        out.textContent = document.documentElement.lang === "zh" ? "措施数据加载失败，请刷新页面。" : "The measures could not be loaded; please reload the page.";
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
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
    load(1);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
