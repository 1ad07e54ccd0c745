() => {
  // Run in the page by tests/test_browser_reading.py: everything the reading test asserts, in one evaluate per page (speed).
  const vw = document.documentElement.clientWidth;
  const overflow = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - vw;
  const out = {overflow: overflow > 0 ? [overflow] : [], scrollers: [], broken: []};
  const describe = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "");
  for (const e of document.body.querySelectorAll("*")) {
    if (e.scrollHeight <= e.clientHeight + 1 || e.clientHeight === 0) continue;  // cheap test first
    // Material's navigation sidebars (a drawer on phones) scroll on their own by design; the dialog is closed
    if (e.closest(".md-sidebar__scrollwrap, dialog")) continue;
    const s = getComputedStyle(e);
    if (s.overflowY === "auto" || s.overflowY === "scroll")
      out.scrollers.push(describe(e) + " " + e.clientHeight + "/" + e.scrollHeight);
  }
  // English words split across rendered lines: only text nodes that wrap need checking.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    /[A-Za-z]{2}/.test(n.data) && !n.parentElement.closest("script, style, .sr-only, [hidden], .md-sidebar") ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const range = document.createRange();
  const word = /[A-Za-z]{2,}/g;
  for (let n; (n = walker.nextNode());) {
    range.selectNodeContents(n);
    const rects = range.getClientRects();
    if (rects.length < 2) continue;
    for (let m; (m = word.exec(n.data));) {
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const r = [...range.getClientRects()].filter(x => x.width > 0);
      if (r.length > 1 && Math.abs(r[0].top - r[r.length - 1].top) > 2) { out.broken.push(m[0] + " in " + describe(n.parentElement)); if (out.broken.length > 5) break; }
    }
  }
  return out;
}
