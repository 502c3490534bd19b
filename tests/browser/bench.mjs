// @ts-check
// Slider-drag benchmark in headless Chromium: 200 moves of a slider, each
// waited for until drawn, with every figure visible, at the default state
// (only the exact layer drawn, as a page opened without a link shows).
// Reports, per slider, the median and p95 of (a) the work done in a draw
// (computing the dashboard, drawing the five canvases, readouts and URL) and
// (b) the time from the input event to the end of drawing; the same for real
// pointer drags across each slider's track; the theory alone; one full
// Enhanced-W2S run in wasm; and the size of what the pages ship.
// Usage: node tests/browser/bench.mjs [--baseline DIR] [--moves N] [--sliders K,K]   (after ./build.sh build)
// --moves N: pointer moves per real drag (200 unless given; a few to check
// that every slider records draws, not to time them).
// --sliders K,K: only these sliders' real drags (their keys, e.g. sep,p-t).
// With --baseline, DIR is another checkout with its pkg/ built (what
// `BASELINE=REV ./build.sh bench` makes): every slider's real drag runs on
// both pages in turns, in this one run, and the table gives both p95s and
// their ratio, so a change is measured against the same machine load.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { root, start } from "./harness.mjs";
import { serve } from "./serve.mjs";

const { origin, context, finish } = await start("w2s-bench-");
const baselineAt = process.argv.indexOf("--baseline");
const baselineDir = baselineAt > 0 ? resolve(process.argv[baselineAt + 1] ?? "") : null;
const movesAt = process.argv.indexOf("--moves");
const MOVES = movesAt > 0 ? Number(process.argv[movesAt + 1]) : 200;
if (!(Number.isInteger(MOVES) && MOVES >= 2)) throw new Error(`--moves must be a whole number ≥ 2, got ${process.argv[movesAt + 1]}`);

/** The explorer at the default state, every figure on screen, recording its timings. */
async function openExplorer(at) {
  const p = await context.newPage();
  await p.setViewportSize({ width: 1300, height: 2400 });
  await p.goto(`${at}/index.html`);
  await p.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0);
  // The page keeps per-draw timings only while asked (they would grow for ever).
  await p.evaluate(() => { window.__w2s.record = true; });
  return p;
}
const page = await openExplorer(origin);

const q = (v, f) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))] : NaN; };
console.log("slider       work median   work p95   input→drawn median   p95   render median   p95   (ms, 200 moves)");
for (const [key, from, step] of /** @type {[string, number, number][]} */ ([["eta-u", 0.1, 0.002], ["sep", 4, 0.02], ["gamma", 0.05, 0.0002]])) {
  await page.evaluate(() => { window.__w2s.timings = []; window.__w2s.work = []; window.__w2s.render = []; });
  for (let i = 1; i <= 200; i++) {
    const n = await page.evaluate(() => window.__w2s.draws);
    await page.evaluate(([k, v]) => {
      const r = /** @type {HTMLInputElement} */ (document.getElementById("range-" + k));
      r.value = String(v);
      r.dispatchEvent(new Event("input", { bubbles: true }));
    }, [key, from + step * i]);
    await page.waitForFunction((n0) => window.__w2s.draws > n0, n);
  }
  const { timings, work, render } = await page.evaluate(() => ({ timings: window.__w2s.timings, work: window.__w2s.work, render: window.__w2s.render }));
  console.log(`${key.padEnd(12)} ${q(work, 0.5).toFixed(2).padStart(11)} ${q(work, 0.95).toFixed(2).padStart(10)} ${q(timings, 0.5).toFixed(2).padStart(20)} ${q(timings, 0.95).toFixed(2).padStart(6)} ${q(render, 0.5).toFixed(2).padStart(15)} ${q(render, 0.95).toFixed(2).padStart(5)}`);
}
// Real drags: the mouse presses a slider's thumb and moves across the track,
// one pointer move per animation frame, as a hand does. The time is from the
// first input event it serves to the end of drawing. Every parameter slider,
// from the default state (each drag ends where it started, so the next one
// starts from the defaults too).
/** One real drag across a slider and back to where it was; its timings. */
async function drag(p, key) {
  await p.bringToFront(); // a page behind another gets no animation frames
  // The advanced sliders sit in a closed <details>: still laid out (so they
  // have a box) but not rendered nor hit by the mouse, so a drag there moved
  // nothing. Open it for the drag (and close it again after), on screen.
  const wasClosed = await p.$eval("#range-" + key, (e) => {
    const d = e.closest("details");
    if (!d || d.open) return false;
    d.open = true;
    return true;
  });
  await p.locator("#range-" + key).scrollIntoViewIfNeeded();
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const box = await p.locator("#range-" + key).boundingBox();
  if (!box) throw new Error(`no slider range-${key}`);
  const start = await p.inputValue("#range-" + key);
  const y = box.y + box.height / 2;
  await p.mouse.move(box.x + 6, y);
  await p.evaluate(() => { window.__w2s.timings = []; window.__w2s.work = []; window.__w2s.render = []; });
  await p.mouse.down();
  for (let i = 0; i <= MOVES; i++) {
    await p.mouse.move(box.x + 6 + (box.width - 12) * (i / MOVES), y);
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  await p.mouse.up();
  const t = await p.evaluate(() => ({ timings: window.__w2s.timings, work: window.__w2s.work, render: window.__w2s.render }));
  await p.evaluate(([k, v]) => {
    const r = /** @type {HTMLInputElement} */ (document.getElementById("range-" + k));
    r.value = v;
    r.dispatchEvent(new Event("input", { bubbles: true }));
    r.dispatchEvent(new Event("change", { bubbles: true }));
  }, [key, start]);
  if (wasClosed) await p.$eval("#range-" + key, (e) => { const d = e.closest("details"); if (d) d.open = false; });
  if (t.timings.length === 0) throw new Error(`the drag of ${key} recorded no draws`);
  return t;
}
const slidersAt = process.argv.indexOf("--sliders");
const only = slidersAt > 0 ? (process.argv[slidersAt + 1] ?? "").split(",") : null;
const all = await page.$$eval("input[type=range][id^=range-]", (els) => els.map((e) => e.id.slice("range-".length)).filter((k) => !k.startsWith("sim-")));
const unknown = (only ?? []).filter((k) => !all.includes(k));
if (unknown.length) throw new Error(`--sliders: no slider ${unknown.join(", ")}; the sliders are ${all.join(", ")}`);
const sliders = only ?? all;
const cols = "moves   work median   p95   input→drawn median   p95   render median   p95";
if (baselineDir) {
  const server = await serve(baselineDir);
  const before = await openExplorer(`http://127.0.0.1:${server.address().port}`);
  console.log(`drag (real pointer events, ms): the baseline ${baselineDir} and this checkout, in turns, 2 × ${MOVES + 1} moves each`);
  console.log("slider       before: median   p95      now: median   p95    p95 now/before");
  let worst = 0;
  for (const key of sliders) {
    const runs = { before: [], now: [] };
    for (let round = 0; round < 2; round++) {
      for (const [label, p] of /** @type {const} */ ([["before", before], ["now", page]])) runs[label].push(...(await drag(p, key)).timings);
    }
    const [b, n] = [runs.before, runs.now];
    worst = Math.max(worst, q(n, 0.95));
    console.log(`${key.padEnd(12)} ${q(b, 0.5).toFixed(2).padStart(15)} ${q(b, 0.95).toFixed(2).padStart(5)} ${q(n, 0.5).toFixed(2).padStart(15)} ${q(n, 0.95).toFixed(2).padStart(5)} ${(q(n, 0.95) / q(b, 0.95)).toFixed(2).padStart(16)}`);
  }
  console.log(`worst real-drag p95 now: ${worst.toFixed(2)} ms (budget 8 ms)`);
  await before.close();
  server.close();
} else {
  console.log(`drag         ${cols}   (ms, real pointer events)`);
  let worst = 0;
  for (const key of sliders) {
    const { timings, work, render } = await drag(page, key);
    worst = Math.max(worst, q(timings, 0.95));
    console.log(`${key.padEnd(12)} ${String(timings.length).padStart(5)} ${q(work, 0.5).toFixed(2).padStart(13)} ${q(work, 0.95).toFixed(2).padStart(5)} ${q(timings, 0.5).toFixed(2).padStart(20)} ${q(timings, 0.95).toFixed(2).padStart(6)} ${q(render, 0.5).toFixed(2).padStart(15)} ${q(render, 0.95).toFixed(2).padStart(5)}`);
  }
  console.log(`worst real-drag p95: ${worst.toFixed(2)} ms (budget 8 ms)`);
}
// The same moves through the theory alone (no drawing), to split the frame.
console.log("slider       theory-only median   p95   (ms, 200 moves, in the page's wasm)");
for (const [key, from, step] of /** @type {[string, number, number][]} */ ([["eta-u", 0.1, 0.002], ["sep", 4, 0.02], ["gamma", 0.05, 0.0002]])) {
  const t = await page.evaluate(([k, from, step]) => {
    const { explorer, keys, state } = window.__w2s;
    const v = state.values.slice();
    const i = keys.indexOf(k);
    const out = [];
    for (let n = 1; n <= 200; n++) {
      v[i] = from + step * n;
      const t0 = performance.now();
      explorer.compute(Float64Array.from(v), state.law);
      out.push(performance.now() - t0);
    }
    return out;
  }, /** @type {[string, number, number]} */ ([key, from, step]));
  console.log(`${key.padEnd(12)} ${q(t, 0.5).toFixed(2).padStart(19)} ${q(t, 0.95).toFixed(2).padStart(5)}`);
}
// The labs: one full Enhanced-W2S run (teacher, vanilla, enhanced) at the
// default size, the same work as `cargo bench --bench labs`, in the page's wasm.
const labPage = await context.newPage();
await labPage.goto(`${origin}/www/enhanced.html`);
await labPage.waitForFunction(() => window.__lab?.ready && window.__lab.runs >= 1, null, { timeout: 120000 });
const lab = await labPage.evaluate(async () => {
  const { labTask, labTasks } = await import("../pkg/w2s.js");
  const values = Float64Array.from(window.__lab.lab.defaults());
  const times = [];
  for (let k = 0; k < 15; k++) {
    const v = values.slice();
    v[window.__lab.keys.indexOf("seed")] = k;
    const t0 = performance.now();
    labTask("enhanced", v, "run", 0);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[7], tasks: labTasks("enhanced", values, "run"), seconds: window.__lab.lastSeconds };
});
console.log(`Enhanced-W2S, one full run at the defaults in wasm: median ${lab.median.toFixed(1)} ms over 15 seeds; the page's first run (${lab.tasks} seeds in workers): ${lab.seconds.toFixed(1)} s`);
let raw = 0;
let gz = 0;
// Everything a page can load: the wasm, its glue, the top page and every script, style and page in www/ (www/shell/ too).
const shipped = ["pkg/w2s_bg.wasm", "pkg/w2s.js", "index.html",
  ...readdirSync(join(root, "www"), { recursive: true }).map(String).filter((f) => /\.(js|css|html)$/.test(f)).map((f) => "www/" + f)];
for (const f of shipped) {
  const b = readFileSync(join(root, f));
  raw += statSync(join(root, f)).size;
  gz += gzipSync(b, { level: 9 }).length;
}
console.log(`shipped: ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip (wasm, its JS glue, the shells, workers, styles, pages)`);
await finish();
