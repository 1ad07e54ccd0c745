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
  const split = (n, m) => {  // the word's own rectangles start and end on different lines
    range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
    const r = [...range.getClientRects()].filter(x => x.width > 0);
    return r.length > 1 && Math.abs(r[0].top - r[r.length - 1].top) > 2;
  };
  for (let n; (n = walker.nextNode()) && out.broken.length <= 5;) {
    range.selectNodeContents(n);
    const lines = [...range.getClientRects()];
    if (lines.length < 2) continue;
    const words = [...n.data.matchAll(/[A-Za-z]{2,}/g)];
    if (lines.some((r, i) => i > 0 && r.top < lines[i - 1].top - 2)) {  // text flowing up (into a next column): every word
      for (const m of words) if (split(n, m)) out.broken.push(m[0] + " in " + describe(n.parentElement));
      continue;
    }
    // Position k is the first (even k) or last (odd k) letter of word k >> 1. Along a text node their tops
    // never go up, so a stretch whose two ends lie on one line has no line break inside: bisecting finds
    // the few breaks in (lines × log words) measurements instead of one per word, and each word the
    // bisection ends on is checked whole, as before.
    const tops = new Map();
    const top = k => {
      if (!tops.has(k)) {
        const m = words[k >> 1], i = k % 2 ? m.index + m[0].length - 1 : m.index;
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = [...range.getClientRects()].filter(x => x.width > 0);
        tops.set(k, r.length ? r[0].top : NaN);  // NaN is never "on one line": that stretch is bisected
      }
      return tops.get(k);
    };
    const todo = words.length ? [[0, 2 * words.length - 1]] : [];
    while (todo.length) {
      const [a, b] = todo.pop();
      if (b <= a || Math.abs(top(b) - top(a)) <= 2) continue;
      if (b === a + 1) {
        const m = words[a >> 1];
        if (a % 2 === 0 && split(n, m)) out.broken.push(m[0] + " in " + describe(n.parentElement));
        continue;
      }
      const mid = (a + b) >> 1;
      todo.push([mid, b], [a, mid]);
    }
  }
  return out;
}
