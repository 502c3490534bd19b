// @ts-check
// The static site as a host serves it, in headless Chromium: tools/dist.mjs
// (the step of `./build.sh dist` after the wasm build) writes the site into
// a sub-path of a temporary folder, and that folder is served, so the pages
// are at /courses/ml/w2s/…: every page loads and draws its figures, the
// explorer runs a simulation and a lab page a job, with no console error, no
// failed request and no request outside the sub-path; then print: no button,
// every figure and readout shown, and a PDF.
// Prints "N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/dist.test.mjs [path/to/built/dist]
//        (without one, the site is written from www/ and pkg/: run ./build.sh build first)
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { assert, ink, root, start } from "./harness.mjs";

const SUB = "courses/ml/w2s";
const served = mkdtempSync(join(tmpdir(), "w2s-dist-site-"));
const site = join(served, SUB);
const { origin, context, foreign, check, finish } = await start("w2s-dist-", served);
const base = `${origin}/${SUB}/`;

/** @type {string[]} */
const outside = [];
/** @type {string[]} */
const failures = [];
/** @type {string[]} */
const requested = [];
context.on("request", (r) => {
  const u = r.url();
  if (u.startsWith("data:") || u.startsWith("blob:")) return;
  requested.push(u);
  if (!u.startsWith(base)) outside.push(u);
});
context.on("requestfailed", (r) => failures.push(`${r.url()}: ${r.failure()?.errorText}`));
context.on("response", (r) => { if (r.status() >= 400) failures.push(`${r.url()}: HTTP ${r.status()}`); });

/** @param {string} dir @param {string} [rel] @returns {string[]} */
const walk = (dir, rel = "") => readdirSync(join(dir, rel)).flatMap((f) => {
  const r = rel ? `${rel}/${f}` : f;
  return statSync(join(dir, r)).isDirectory() ? walk(dir, r) : [r];
});

let built = false;
await check(`the site is written under a sub-path (/${SUB}/) and its own check passes`, async () => {
  if (process.argv[2]) cpSync(resolve(process.argv[2]), site, { recursive: true });
  else {
    mkdirSync(site, { recursive: true });
    execFileSync(process.execPath, [join(root, "tools/dist.mjs"), site], { encoding: "utf8", stdio: "pipe" });
  }
  execFileSync(process.execPath, [join(root, "tools/dist.mjs"), "--check", site], { encoding: "utf8", stdio: "pipe" });
  built = true;
});
if (!built) await finish("dist");

const files = walk(site).sort();
const pages = files.filter((f) => f.endsWith(".html"));
const wantPages = ["index.html", ...readdirSync(join(root, "www")).filter((f) => f.endsWith(".html")).map((f) => `www/${f}`)].sort();

await check("the site holds every page and what they load under hashed names, nothing else", async () => {
  assert(JSON.stringify(pages) === JSON.stringify(wantPages), `pages ${pages.join(", ")}; the repository has ${wantPages.join(", ")}`);
  const assets = files.filter((f) => !f.endsWith(".html"));
  const unhashed = assets.filter((f) => !/\.[0-9a-f]{10}\.(js|css|wasm|svg|png|jpg|webp)$/.test(f));
  assert(unhashed.length === 0, `not hashed, or not a script, style, wasm or image: ${unhashed.join(", ")}`);
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert(wasm.length === 1 && wasm[0].startsWith("pkg/w2s_bg."), `wasm files: ${wasm.join(", ")}`);
  for (const want of ["pkg/w2s.", "www/app.", "www/lab.", "www/sim-worker.", "www/lab-worker.", "www/shell/", "www/style.", "www/labs.", "www/print."]) {
    assert(assets.some((f) => f.startsWith(want)), `nothing like ${want}* in the site`);
  }
  const stray = files.filter((f) => /(^|\/)(tests|src|node_modules|target|docs|tools)\//.test(f) || /\.(rs|mjs|md|ts|json|toml)$/.test(f));
  assert(stray.length === 0, `not part of the site: ${stray.join(", ")}`);
});

/**
 * Opens a page of the site; every canvas of the page (and of its frames)
 * must be drawn before `ready` is trusted.
 * @param {string} path
 * @param {string} ready a condition on window, evaluated in the page
 */
async function open(path, ready) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1300, height: 1000 });
  /** @type {string[]} */
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /application\/wasm/.test(m.text())) errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + path);
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(ready, null, { timeout: 60000 });
  return { page, errors };
}

/** The share of drawn pixels of every canvas of the page and its frames, by id. */
async function canvases(page) {
  /** @type {[string, number][]} */
  const out = [];
  for (const frame of page.frames()) {
    const ids = await frame.$$eval("canvas", (cs) => cs.map((c, i) => c.id || `canvas ${i}`));
    for (const id of ids) out.push([id, await ink(frame, id.startsWith("canvas ") ? `canvas >> nth=${id.slice(7)}` : `#${id}`)]);
  }
  return out;
}

const READY = {
  "index.html": "window.__w2s?.ready && window.__w2s.draws > 0",
  "www/enhanced.html": "window.__lab?.ready && window.__lab.runs >= 1",
  "www/logistic.html": "window.__lab?.ready && window.__lab.runs >= 1",
};
// Small settings keep the first runs quick.
const HASH = { "index.html": "#d-z=8&reps=2&seed=3", "www/enhanced.html": "#seeds=2&big-n=500&n=100", "www/logistic.html": "#pairs=5" };
/** @type {Map<string, { page: import("playwright-core").Page, errors: string[] }>} */
const opened = new Map();

for (const path of pages) {
  await check(`${path} loads from the sub-path and draws every figure, with no console error`, async () => {
    // A page this test does not know yet (a new www/*.html): loaded, and all its canvases drawn.
    const ready = READY[path] ?? "document.readyState === 'complete'";
    const p = await open(path + (HASH[path] ?? ""), ready);
    opened.set(path, p);
    const drawn = async () => (await canvases(p.page)).filter(([, v]) => v <= 0.001).map(([id]) => id);
    for (let i = 0; i < 50 && (await drawn()).length > 0; i++) await p.page.waitForTimeout(200);
    const all = await canvases(p.page);
    if (READY[path]) assert(all.length >= 3, `only ${all.length} canvases`);
    assert((await drawn()).length === 0, `blank canvases: ${(await drawn()).join(", ")}`);
    assert(p.errors.length === 0, `console: ${p.errors.join(" | ")}`);
  });
}

await check("the explorer runs a simulation in workers loaded from the site (Run, d_z = 8)", async () => {
  const p = opened.get("index.html");
  assert(p, "the explorer did not open");
  await p.page.click("#sim-run");
  await p.page.waitForFunction(() => window.__w2s.sim, null, { timeout: 90000 });
  const points = await p.page.evaluate(() => window.__w2s.sim);
  assert(points && points.length >= 5 && points.every((q) => Number.isFinite(q.gain.mean)), `simulation: ${JSON.stringify(points)}`);
  assert((await p.page.$eval("#sim-table", (e) => e.textContent ?? "")).includes("vs exact theory"), "no simulation table");
  assert(requested.some((u) => /\/www\/sim-worker\.[0-9a-f]{10}\.js$/.test(u)), "no hashed simulation worker was requested");
  assert(p.errors.length === 0, `console: ${p.errors.join(" | ")}`);
});

await check("a lab page runs a job in workers loaded from the site (logistic: Run the norm sweep)", async () => {
  const p = opened.get("www/logistic.html");
  assert(p, "the logistic lab did not open");
  const before = await p.page.evaluate(() => window.__lab.runs);
  await p.page.click('#run-panel button[data-job="norms"]');
  await p.page.waitForFunction((n) => window.__lab.runs > n, before, { timeout: 120000 });
  assert(await ink(p.page, "#fig-logistic-norms") > 0.01, "the norm sweep's canvas looks blank");
  assert(requested.some((u) => /\/www\/lab-worker\.[0-9a-f]{10}\.js$/.test(u)), "no hashed lab worker was requested");
  assert(p.errors.length === 0, `console: ${p.errors.join(" | ")}`);
});

await check("the links between pages work under the sub-path", async () => {
  const page = await context.newPage();
  // Each page is left only once it has loaded what it needs (leaving earlier would abort a request).
  await page.goto(`${base}index.html`);
  await page.waitForFunction(() => window.__w2s?.ready, null, { timeout: 30000 });
  await page.click('nav.pages a[href="www/enhanced.html"]');
  await page.waitForFunction(() => window.__lab?.runs >= 1, null, { timeout: 120000 });
  assert(page.url().split("#")[0] === `${base}www/enhanced.html`, page.url());
  await page.click('nav.pages a[href="../index.html"]');
  await page.waitForFunction(() => window.__w2s?.ready, null, { timeout: 30000 });
  assert(page.url().split("#")[0] === `${base}index.html`, page.url());
  await page.close();
});

/** What print shows: buttons and sliders visible, canvases hidden or blank, readouts hidden. */
async function printed(page) {
  return page.evaluate(() => {
    const shown = (/** @type {Element} */ e) => e.checkVisibility();
    const name = (/** @type {Element} */ e) => e.id || e.textContent?.trim().slice(0, 30) || e.tagName;
    // The readouts of the explorer and of a lab page; another page has none of its own.
    const readouts = document.body.classList.contains("explorer") ? ["#verdict", "#key-readouts", "#readouts", "#sim-table", "#theorems"]
      : document.body.dataset.lab ? ["#findings"] : [];
    return {
      buttons: [...document.querySelectorAll("button")].filter(shown).map(name),
      sliders: [...document.querySelectorAll("input[type=range]")].filter(shown).map(name),
      values: [...document.querySelectorAll("#controls input[type=number]")].filter((e) => !shown(e)).map(name),
      figures: [...document.querySelectorAll("figure canvas")].filter((e) => !shown(e) || e.getBoundingClientRect().width < 200).map(name),
      readouts: readouts.filter((s) => !document.querySelector(s) || !shown(/** @type {Element} */ (document.querySelector(s)))),
      sticky: [...document.querySelectorAll("body *")].filter((e) => /sticky|fixed/.test(getComputedStyle(e).position)).map(name),
    };
  });
}

for (const path of pages) {
  await check(`${path} prints as a handout: no button or slider, every value, figure and readout, a PDF`, async () => {
    const p = opened.get(path);
    assert(p, `${path} did not open`);
    await p.page.emulateMedia({ media: "print" });
    await p.page.waitForTimeout(300); // a redraw at the print width, if the canvases changed size
    const got = await printed(p.page);
    for (const [what, list] of Object.entries(got)) assert(list.length === 0, `${what} wrong in print: ${list.join(", ")}`);
    const blank = (await canvases(p.page)).filter(([, v]) => v <= 0.001).map(([id]) => id);
    assert(blank.length === 0, `blank in print: ${blank.join(", ")}`);
    const pdf = await p.page.pdf({ format: "A4" });
    const images = (pdf.toString("latin1").match(/\/Subtype \/Image/g) ?? []).length;
    const figures = await p.page.$$eval("figure canvas", (cs) => cs.length);
    assert(pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 1000, `PDF of ${pdf.length} bytes`);
    assert(images >= figures, `${images} images in the PDF for ${figures} figures`);
    await p.page.emulateMedia({ media: "screen" });
  });
}

await check("no request left the sub-path, none failed, nothing from the network", async () => {
  assert(outside.length === 0, `outside /${SUB}/: ${outside.join(", ")}`);
  assert(failures.length === 0, `failed: ${failures.join(", ")}`);
  assert(foreign.length === 0, `network: ${foreign.join(", ")}`);
  assert(requested.some((u) => /\/pkg\/w2s_bg\.[0-9a-f]{10}\.wasm$/.test(u)), "the hashed wasm was never requested");
});

await finish("dist");
