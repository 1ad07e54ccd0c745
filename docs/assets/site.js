/* Tables that scroll inside their wrapper must be reachable by keyboard (WCAG 2.1.1): make exactly
   those wrappers focusable regions named by their table's caption. Wrappers that fit get no tab stop. */
(function () {
  function label() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
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
