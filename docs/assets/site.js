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
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex"); wrap.removeAttribute("role"); wrap.removeAttribute("aria-label");
      }
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
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
