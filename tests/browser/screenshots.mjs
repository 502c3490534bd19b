// @ts-check
// Screenshots of the pages and of every figure, as a reader sees them, for
// the README and for before/after comparisons of a change to the figures:
// the explorer at 1280 px and on a phone (375 px), each explorer figure, and
// each lab figure after its page's first run.
// Usage: node tests/browser/screenshots.mjs OUTDIR   (after ./build.sh build)
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { start } from "./harness.mjs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node tests/browser/screenshots.mjs OUTDIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const { origin, context, finish } = await start("w2s-shots-");

/** Opens a page and waits until it has drawn. */
async function open(path, width, height, ready) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${origin}/${path}`);
  await page.waitForFunction(ready, null, { timeout: 60000 });
  await page.waitForTimeout(300); // a resize redraw settles
  return page;
}

const explorerReady = () => window.__w2s?.ready && window.__w2s.draws > 0;
for (const [name, width, height] of /** @type {[string, number, number][]} */ ([["explorer-1280", 1280, 900], ["explorer-375", 375, 800]])) {
  const page = await open("index.html", width, height, explorerReady);
  await page.screenshot({ path: join(out, `${name}.png`) });
  if (width === 1280) {
    for (const c of await page.$$("#figures canvas")) {
      const id = await c.getAttribute("id");
      await c.screenshot({ path: join(out, `${id}.png`) });
    }
  }
  await page.close();
}
for (const lab of ["enhanced", "logistic"]) {
  const page = await open(`www/${lab}.html`, 1280, 900, () => window.__lab?.ready && window.__lab.runs > 0);
  await page.screenshot({ path: join(out, `${lab}-1280.png`) });
  for (const c of await page.$$("#figures canvas")) {
    const id = await c.getAttribute("id");
    await c.screenshot({ path: join(out, `${id}.png`) });
  }
  await page.close();
}
console.log(`screenshots written to ${out}`);
await finish();
