/* Measure explorer: filter and sort the table rendered at build time (works without JS: all rows show). */
(function () {
  function init() {
    var form = document.getElementById("explorer-filters");
    var table = document.getElementById("explorer");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var out = document.getElementById("explorer-count");
    function apply() {
      var f = {};
      ["region", "level", "theme", "function"].forEach(function (k) { f[k] = form.elements[k].value; });
      var q = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = (!f.region || tr.dataset.region === f.region) &&
          (!f.level || tr.dataset.level === f.level) &&
          (!f.theme || (" " + tr.dataset.themes + " ").indexOf(" " + f.theme + " ") >= 0) &&
          (!f["function"] || (" " + tr.dataset.functions + " ").indexOf(" " + f["function"] + " ") >= 0) &&
          (!q || tr.textContent.toLowerCase().indexOf(q) >= 0);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      out.textContent = shown + " / " + rows.length;
      table.dataset.shown = String(shown);
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[i].textContent, y = b.cells[i].textContent;
          return (asc ? 1 : -1) * x.localeCompare(y, document.documentElement.lang, { numeric: true });
        });
        rows.forEach(function (tr) { table.tBodies[0].appendChild(tr); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
