// @ts-check
// Pin and compare, in headless Chromium: pin two states with the page's
// buttons, move the live state, reload, and check that both pins come back
// from the link (the list, the readouts' pin columns), are drawn on the
// figures (faint pixels that come and go with them), are in the exported
// CSV exactly as `w2s figure --from-url` writes it for the same link, and
// in the SVG's legend; "Clear pins" removes them everywhere; a link with a
// pin out of range or a fourth pin is read without it, and says so.
// Prints "pins: N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/pins.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, start } from "./harness.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.argv[2] ?? join(root, "target/release/w2s");
const { origin, context, foreign, check, finish } = await start("w2s-pins-");

async function open(hash = "") {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1300, height: 1000 });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/index.html${hash ? "#" + hash : ""}`);
  await page.waitForFunction(() => window.__w2s?.ready, null, { timeout: 20000 });
  return { page, errors };
}

const field = (page, k) => page.evaluate((key) => new URLSearchParams(location.hash.slice(1)).get(key), k);
const draws = (page) => page.evaluate(() => window.__w2s.draws);
const pinItems = (page) => page.$$eval("#pin-list li span", (els) => els.map((e) => e.textContent));

/** Sets a parameter through its number box, as a person typing it would, and waits for the draw. */
async function setParam(page, key, v) {
  const before = await draws(page);
  await page.fill(`#num-${key}`, String(v));
  await page.press(`#num-${key}`, "Enter");
  await page.waitForFunction((n) => window.__w2s.draws > n, before);
}

async function clickAndDraw(page, selector) {
  const before = await draws(page);
  await page.click(selector);
  await page.waitForFunction((n) => window.__w2s.draws > n, before);
}

/** The η_u figure's pixels, kept here (a reload clears the page's memory). */
const snaps = new Map();
async function snap(page, name) {
  const b64 = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-eta-u"));
    const data = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let text = "";
    for (let i = 0; i < data.length; i += 8192) text += String.fromCharCode(...data.subarray(i, i + 8192));
    return btoa(text);
  });
  snaps.set(name, Buffer.from(b64, "base64"));
}

/** How many pixels differ (by more than 24 in a channel) between two kept snapshots. */
function changed(_page, a, b) {
  const [p, q] = [snaps.get(a), snaps.get(b)];
  if (p.length !== q.length) return Infinity;
  let n = 0;
  for (let i = 0; i < p.length; i += 4) {
    if (Math.abs(p[i] - q[i]) > 24 || Math.abs(p[i + 1] - q[i + 1]) > 24 || Math.abs(p[i + 2] - q[i + 2]) > 24) n++;
  }
  return n;
}

/** The columns of a CSV (comment lines skipped) whose names match `wanted`: name → numbers (NaN for an empty cell). */
function columns(csv, wanted) {
  const lines = csv.split("\n").filter((l) => l && !l.startsWith("#"));
  const names = lines[0].split(",");
  /** @type {Map<string, number[]>} */
  const out = new Map();
  names.forEach((n, i) => {
    if (wanted.test(n)) out.set(n, lines.slice(1).map((l) => (l.split(",")[i] === "" ? NaN : Number(l.split(",")[i]))));
  });
  return out;
}

/**
 * Where two CSVs' columns differ by more than 1e-12 relative (the page's
 * wasm and the native CLI round the last bit apart now and then), as text; "" when they agree.
 */
function differ(a, b) {
  if ([...a.keys()].join() !== [...b.keys()].join()) return `columns ${[...a.keys()]} vs ${[...b.keys()]}`;
  for (const [name, xs] of a) {
    const ys = /** @type {number[]} */ (b.get(name));
    if (xs.length !== ys.length) return `${name}: ${xs.length} vs ${ys.length} rows`;
    const bad = xs.findIndex((x, i) => !(Math.abs(x - ys[i]) <= 1e-12 * Math.max(1, Math.abs(x)) || (Number.isNaN(x) && Number.isNaN(ys[i]))));
    if (bad >= 0) return `${name} row ${bad}: ${xs[bad]} vs ${ys[bad]}`;
  }
  return "";
}

// The live state is sep = 9 whenever the figure is kept: pins change the picture, not the state.
const { page, errors } = await open("sep=9");
await snap(page, "none");

await check("Pin this state twice (defaults, then sep = 20) writes pin1= and pin2= and lists both", async () => {
  await setParam(page, "sep", 4);
  await clickAndDraw(page, "#pin");
  assert(await field(page, "pin1") === "", `pin1 = ${await field(page, "pin1")}`);
  await setParam(page, "sep", 20);
  await clickAndDraw(page, "#pin");
  assert(await field(page, "pin2") === "sep:20", `pin2 = ${await field(page, "pin2")}`);
  await setParam(page, "sep", 9);
  const items = await pinItems(page);
  assert(items.length === 2, `pin list: ${JSON.stringify(items)}`);
  assert(items[0] === "pin 1: ‖μ_ξ‖²/σ_ξ² 4" && items[1] === "pin 2: ‖μ_ξ‖²/σ_ξ² 20", `labels: ${JSON.stringify(items)}`);
});

await check("the readouts gain a column per pin with the pinned state's exact numbers", async () => {
  const heads = await page.$$eval("#readouts thead th", (els) => els.map((e) => e.textContent));
  assert(heads.includes("pin 1 (exact)") && heads.includes("pin 2 (exact)"), `heads: ${JSON.stringify(heads)}`);
  // Pin 2's gain cell against the core's own point evaluation at sep = 20.
  const [cell, want] = await page.evaluate(() => {
    const { explorer, keys, state } = window.__w2s;
    const values = state.values.slice();
    values[keys.indexOf("sep")] = 20;
    const out = explorer.point(Float64Array.from(values), state.law);
    const gainRow = [...document.querySelectorAll("#readouts tbody tr")].find((r) => r.querySelector("th")?.textContent === "W2S gain ER_T − ER_S");
    const cells = gainRow ? [...gainRow.querySelectorAll("[data-pin]")].map((c) => Number(c.textContent)) : [];
    return [cells[1], out];
  });
  const names = await page.evaluate(async (core) => (await import(core)).readoutNames(), "/pkg/w2s.js");
  const want2 = want[names.indexOf("exact.gain")];
  assert(Math.abs(cell - want2) < 1e-5, `pin 2 gain cell ${cell}, core ${want2}`);
});

await snap(page, "two");

await check("after a reload both pins come back from the link: list, columns, drawing, CSV as the CLI writes it", async () => {
  const link = await page.evaluate(() => location.href);
  await page.reload();
  await page.waitForFunction(() => window.__w2s?.ready, null, { timeout: 20000 });
  await page.waitForFunction(() => window.__w2s.draws > 0);
  const items = await pinItems(page);
  assert(items.length === 2 && items[1] === "pin 2: ‖μ_ξ‖²/σ_ξ² 20", `after reload: ${JSON.stringify(items)}`);
  assert(await page.evaluate(() => location.href) === link, "the link changed on reload");
  await snap(page, "reloaded");
  const same = changed(page, "two", "reloaded");
  assert(same === 0, `${same} pixels of the η_u figure differ after the reload`);
  const csv = await page.evaluate(() => window.__w2s.explorer.csv("eta-u"));
  const header = csv.split("\n").find((l) => l.startsWith("eta_u,")) ?? "";
  for (const col of ["teacher_exact_pin1", "gain_exact_pin1", "student_exact_pin2", "gain_exact_pin2"]) {
    assert(header.split(",").includes(col), `CSV columns: ${header}`);
  }
  assert(/\n# pin 2: .*‖μ_ξ‖²\/σ_ξ² = 20/.test(csv), "the CSV header does not name pin 2's state");
  const out = join(mkdtempSync(join(tmpdir(), "w2s-pins-cli-")), "eta-u.csv");
  execFileSync(bin, ["figure", "eta-u", "--from-url", link, "--out", out], { encoding: "utf8" });
  // The page leaves the layers it does not draw empty; the exact and pin columns agree to the digit.
  const cli = readFileSync(out, "utf8");
  const wanted = /^(eta_u|.*_exact(_pin\d)?)$/;
  const diff = differ(columns(csv, wanted), columns(cli, wanted));
  assert(diff === "", `page vs \`w2s figure eta-u --from-url LINK\`: ${diff}`);
  assert(columns(csv, /_pin2$/).size === 3, "the CSV does not have pin 2's three columns");
  const svg = await page.evaluate(() => window.__w2s.explorer.svg("eta-t", 800, 500));
  assert(svg.includes("pin 1: ‖μ_ξ‖²/σ_ξ² 4") && svg.includes("pin 2: ‖μ_ξ‖²/σ_ξ² 20"), "the SVG's legend does not name both pins");
});

await check("both pins are drawn on the η_u figure: each changes what it shows", async () => {
  // Unpin pin 2 (sep = 20), keep pin 1 (the defaults): pin 2 was drawn if the picture changes.
  await clickAndDraw(page, "#pin-list li:nth-child(2) .unpin");
  await snap(page, "one");
  const [withTwo, withOne] = [changed(page, "none", "two"), changed(page, "none", "one")];
  const second = changed(page, "one", "two");
  assert(withOne > 500, `pin 1 changes ${withOne} pixels`);
  assert(second > 500, `pin 2 changes ${second} pixels beyond pin 1's (${withTwo} with both)`);
  await page.goBack(); // the entry with both pins
  await page.waitForFunction(() => window.__w2s.state.pins.length === 2);
  await page.waitForFunction(() => window.__w2s.draws > 0);
  await snap(page, "back");
  const back = changed(page, "two", "back");
  assert(back === 0, `Back to both pins: ${back} pixels differ`);
});

await check("a third pin disables Pin this state; × unpins one; Clear pins removes them all", async () => {
  await clickAndDraw(page, "#pin");
  assert(await field(page, "pin3") === "sep:9", `pin3 = ${await field(page, "pin3")}`);
  assert(await page.$eval("#pin", (b) => /** @type {HTMLButtonElement} */ (b).disabled), "Pin is still enabled at three pins");
  await clickAndDraw(page, "#pin-list li:first-child .unpin");
  assert(await field(page, "pin1") === "sep:20" && await field(page, "pin3") === null, `after unpinning: ${await page.evaluate(() => location.hash)}`);
  await clickAndDraw(page, "#clear-pins");
  const hash = await page.evaluate(() => location.hash);
  assert(!/pin\d=/.test(hash), `pins left in the link: ${hash}`);
  assert(await page.$eval("#pin-list", (l) => /** @type {HTMLElement} */ (l).hidden), "the pin list is still shown");
  const heads = await page.$$eval("#readouts thead th", (els) => els.length);
  assert(heads === 4, `${heads} readout columns after Clear pins`);
  await snap(page, "cleared");
  const left = changed(page, "none", "cleared");
  assert(left === 0, `${left} pixels differ from the figure before any pin`);
  assert(errors.length === 0, errors.join(" | "));
});

await check("a link with a pin out of range or a fourth pin is read without it, and the page says which", async () => {
  const { page: p, errors: e } = await open("sep=9&pin1=eta-l:7&pin2=sep:20&pin4=sep:1");
  const status = await p.$eval("#status", (s) => s.textContent ?? "");
  assert(/pin1 \(.*eta-l.*7.*\[0, 1\]/.test(status), `status: ${status}`);
  assert(status.includes("pin4"), `status does not name pin4: ${status}`);
  const items = await pinItems(p);
  assert(items.length === 1 && items[0] === "pin 1: ‖μ_ξ‖²/σ_ξ² 20", `pins: ${JSON.stringify(items)}`);
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("no request left the page's origin", async () => {
  assert(foreign.length === 0, foreign.join(", "));
});

await finish("pins");
