/* Tables that scroll inside their wrapper must be reachable by keyboard (WCAG 2.1.1): make exactly
   those wrappers focusable regions named by their table's caption. Wrappers that fit get no tab stop. */
(function () {
  function label() {
    // Wrappers whose table fits need no scrolling at all: they become plain blocks (class "fits"), so the
    // table's header row can stick below the page header (a scrolling wrapper would capture it).
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      wrap.classList.remove("fits");
      if (wrap.scrollWidth <= wrap.clientWidth + 1) wrap.classList.add("fits");
    });
    // ours, and Material's wrapper of the tables in hand-written pages (the benchmark's wide tables)
    document.querySelectorAll(".table-wrap, .md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex"); wrap.removeAttribute("role"); wrap.removeAttribute("aria-label");
      }
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        // matrices print their caption outside the wrapper (a figure's figcaption), so it never scrolls away
        var figure = wrap.parentElement && wrap.parentElement.tagName === "FIGURE" ? wrap.parentElement : null;
        var caption = (figure && figure.querySelector("figcaption")) || wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }
  window.labelScrollRegions = label;  // the explorer calls it after drawing rows
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label); else label();
  window.addEventListener("resize", label);
})();

/* The language switcher keeps the reader's place: the anchor (#m-2-3) and any query string follow
   the link to the other language's page. The click is handled here and not passed on, so Material's
   own handler (which would drop the anchor) never sees it. */
(function () {
  function links() { return document.querySelectorAll(".md-header a.md-select__link[hreflang]"); }
  function update() {
    links().forEach(function (a) {
      if (!a.dataset.base) a.dataset.base = a.getAttribute("href").split("#")[0].split("?")[0];
      a.setAttribute("href", a.dataset.base + location.search + location.hash);
    });
  }
  update();
  window.addEventListener("hashchange", update);
  links().forEach(function (a) {
    a.addEventListener("click", function (e) { update(); e.stopPropagation(); });
  });
})();

/* Detail pages are not in the navigation: mark the section they belong to (the breadcrumb's second
   link) as the current one, so the reader sees where they are. */
(function () {
  var crumb = document.querySelectorAll(".crumbs a")[1];
  if (!crumb) return;
  document.querySelectorAll(".md-nav--primary .md-nav__link[href]").forEach(function (link) {
    if (link.href === crumb.href && !link.classList.contains("md-nav__link--active")) {
      link.classList.add("md-nav__link--active");
      link.setAttribute("aria-current", "location");
    }
  });
})();

/* Tables that scroll sideways keep their header row in view while the page scrolls down (a fitting
   table's header is simply position: sticky, see site.css). position: sticky cannot do it here: the
   wrapper that scrolls sideways is the header's scroll container, and it never scrolls vertically.
   So the header cells are moved down with the CSS `translate` property (--head-shift), never past the
   table's last row, and only for tables whose top has gone under the page header. */
(function () {
  var queued = false;
  function place() {
    queued = false;
    var header = document.querySelector(".md-header");
    var limit = header ? header.getBoundingClientRect().bottom : 0;
    document.querySelectorAll(".table-wrap > table").forEach(function (table) {
      var head = table.tHead, wrap = table.parentElement;
      if (!head) return;
      var shift = 0;
      if (!wrap.classList.contains("fits") && table.offsetHeight) {
        // the thead box itself never moves (only its cells are translated): its top is where the row belongs
        var box = head.getBoundingClientRect(), natural = box.top;
        var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
        var room = table.getBoundingClientRect().bottom - natural - box.height - (rows.length ? rows[rows.length - 1].offsetHeight : 0);
        shift = Math.max(0, Math.min(limit - natural, room));
      }
      if (shift) table.style.setProperty("--head-shift", shift + "px"); else table.style.removeProperty("--head-shift");
    });
  }
  function queue() { if (!queued) { queued = true; requestAnimationFrame(place); } }
  if (!document.querySelector(".table-wrap > table > thead")) return;
  window.addEventListener("scroll", queue, {passive: true});
  window.addEventListener("resize", queue);
  queue();
})();

/* Matrices abbreviate their labels (agency short names, numbered items, short measure titles); the full
   name shows on keyboard focus as well as on hover, in one tooltip (the browser's title tooltip never
   shows on focus). Abbreviations become tab stops and carry the full name as hidden text, so a screen
   reader announces it; links are described by the tooltip. Escape hides it (WCAG 1.4.13). The names
   come from the title attributes the page already has and are set with textContent: text, never markup. */
(function () {
  var labels = document.querySelectorAll("table.matrix abbr[title], table.matrix th a[title]");
  if (!labels.length) return;
  var tip = document.createElement("div"), shown = null;
  tip.id = "label-tip"; tip.className = "label-tip"; tip.setAttribute("role", "tooltip"); tip.hidden = true;
  document.body.appendChild(tip);
  function move() {
    if (!shown) return;
    var r = shown.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var top = r.bottom + 4 + h > innerHeight ? r.top - h - 4 : r.bottom + 4;
    tip.style.left = Math.max(4, Math.min(r.left, document.documentElement.clientWidth - w - 4)) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }
  function show(el) {
    shown = el; tip.textContent = el.dataset.full; tip.hidden = false;
    if (el.tagName === "A") el.setAttribute("aria-describedby", tip.id);
    move();
  }
  function hide() {
    if (shown) shown.removeAttribute("aria-describedby");
    shown = null; tip.hidden = true;
  }
  labels.forEach(function (el) {
    el.dataset.full = el.title;
    el.removeAttribute("title");
    if (el.tagName === "ABBR") {
      el.tabIndex = 0;
      var full = document.createElement("span");
      full.className = "sr-only"; full.textContent = " " + el.dataset.full;
      el.appendChild(full);
    }
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("blur", hide);
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("mouseleave", function (e) { if (e.relatedTarget !== tip) hide(); });
  });
  tip.addEventListener("mouseleave", function (e) { if (e.relatedTarget !== shown) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("scroll", move, {passive: true});
  document.querySelectorAll(".table-wrap").forEach(function (wrap) { wrap.addEventListener("scroll", move, {passive: true}); });
})();

/* A cited measure (#m-2-3) is named in the breadcrumbs: Home › Documents › Tianjin › the document (now a
   link to the page) › 二、(三). The label path is the measure heading's data-path, set as text. */
(function () {
  var list = document.querySelector(".crumbs ol");
  if (!list || !document.querySelector(".measure-heading[data-path]")) return;
  var item = list.lastElementChild, current = item.querySelector("[aria-current]");
  if (!current) return;
  var title = current.textContent, crumb = document.createElement("li");
  crumb.className = "crumb-measure";
  function update() {
    var id = decodeURIComponent(location.hash.slice(1)), target = id && document.getElementById(id);
    var heading = target && target.matches(".measure-heading[data-path]") ? target : null;
    var inner = item.firstElementChild;
    if (heading) {
      var link = document.createElement("a");
      link.href = location.pathname + location.search; link.textContent = title;
      var here = document.createElement("span");
      here.setAttribute("aria-current", "location"); here.textContent = heading.dataset.path;
      crumb.replaceChildren(here);
      item.replaceChild(link, inner);
      if (!crumb.parentNode) list.appendChild(crumb);
    } else if (crumb.parentNode) {
      item.replaceChild(current, inner);
      crumb.remove();
    }
  }
  update();
  window.addEventListener("hashchange", update);
})();
