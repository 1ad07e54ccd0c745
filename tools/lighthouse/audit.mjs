// Lighthouse (mobile preset, its default) on several URLs with ONE chromium: starting a browser per
// page costs more than auditing it. Used by generator/tools/lighthouse.py (`make lighthouse` and the test).
//   node audit.mjs CATEGORIES URL...   (CATEGORIES: comma-separated, e.g. accessibility,best-practices,seo)
// Prints one JSON line per URL: {"url", "scores": {category: 0-100}, "failing": [audit ids that cost points]}.
// CHROME_PATH names the browser. SIGTERM/SIGINT stop chromium before exiting, so nothing is left behind.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [categoryList, ...urls] = process.argv.slice(2);
if (!categoryList || urls.length === 0) {
  console.error("usage: node audit.mjs CATEGORIES URL...");
  process.exit(2);
}
const categories = categoryList.split(",");
// Without Performance nothing is timed, so Lighthouse need not wait for the page to settle after load
// (its mobile defaults wait 1 s four times) nor take a full-page screenshot: a third faster per page.
const timed = categories.includes("performance");
const UNTIMED = {extends: "lighthouse:default", settings: {pauseAfterFcpMs: 0, pauseAfterLoadMs: 0, networkQuietThresholdMs: 0,
                                                            cpuQuietThresholdMs: 0}};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
  handleSIGINT: false,
});
const stop = async (code) => { try { await chrome.kill(); } finally { process.exit(code); } };
process.on("SIGTERM", () => stop(143));
process.on("SIGINT", () => stop(130));

try {
  for (const url of urls) {
    const result = await lighthouse(url, {port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories,
                                          disableFullPageScreenshot: !timed}, timed ? undefined : UNTIMED);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(categories.map(c => [c, Math.round(100 * (lhr.categories[c].score || 0))]));
    // the weighted audits that cost points outside Performance, so a failure says what to fix
    const failing = categories.filter(c => c !== "performance")
      .flatMap(c => lhr.categories[c].auditRefs.filter(ref => ref.weight > 0).map(ref => lhr.audits[ref.id]))
      .filter(a => a.score !== null && a.score < 1).map(a => a.id).sort();
    console.log(JSON.stringify({url, scores, failing}));
  }
} catch (error) {
  console.error(String(error && error.stack || error));
  await stop(1);
}
await stop(0);
