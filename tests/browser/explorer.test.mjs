// @ts-check
// The explorer as a person uses it, in headless Chromium (playwright-core):
// load, draw, drag sliders, compare with the CLI, reload, hostile links,
// presets, exports, the phone viewport and the network. Prints
// "N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/explorer.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, ink as drawn, root, start } from "./harness.mjs";
import { HOSTILE_HASHES, HOSTILE_TEXTS, frames, prng, typeInto, within } from "./cases.mjs";

const bin = process.argv[2] ?? join(root, "target/release/w2s");
const { origin, context, foreign, check, finish } = await start("w2s-chromium-");

async function open(hash = "", viewport = { width: 1300, height: 1000 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => { errors.push("dialog: " + d.message()); d.dismiss(); });
  await page.goto(`${origin}/index.html${hash}`);
  await page.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0, null, { timeout: 20000 });
  return { page, errors };
}

const readout = (page, key) => page.$eval(`[data-readout="${key}"]`, (e) => Number(e.textContent));
const theory = (args) => JSON.parse(execFileSync(bin, ["theory", "--json", ...args], { encoding: "utf8" }));

const { page, errors } = await open();

await check("loads with no console errors and draws every canvas", async () => {
  assert(errors.length === 0, `console errors: ${errors.join(" | ")}`);
  for (const key of ["eta-u", "mismatch", "phase-map", "eta-t", "similarity", "data"]) {
    const ink = await drawn(page, `#fig-${key}`);
    assert(ink > 0.01, `canvas ${key} looks blank (ink ${ink})`);
  }
});

await check("every parameter control is built from the core's table, the one `w2s params` prints", async () => {
  /** @type {{ key: string, label: string, meaning: string, min: number, max: number, step: number, advanced: boolean }[]} */
  const table = JSON.parse(execFileSync(bin, ["params", "--json"], { encoding: "utf8" }));
  const shown = await page.$$eval(".control[data-key]", (els) => els.map((el) => {
    const range = /** @type {HTMLInputElement} */ (el.querySelector("input[type=range]"));
    return { key: el.getAttribute("data-key"), label: el.querySelector("label")?.firstChild?.textContent,
      meaning: el.querySelector(".meaning")?.textContent, min: Number(range.min), max: Number(range.max),
      step: Number(range.step), advanced: el.closest("details") !== null };
  }));
  assert(shown.length === table.length, `${shown.length} controls for ${table.length} parameters`);
  for (const row of table) {
    const c = shown.find((x) => x.key === row.key);
    assert(c, `no control for ${row.key}`);
    for (const f of /** @type {const} */ (["label", "meaning", "min", "max", "step", "advanced"])) {
      assert(c[f] === row[f], `${row.key}.${f}: page ${JSON.stringify(c[f])} vs CLI ${JSON.stringify(row[f])}`);
    }
  }
});

await check("readouts equal `w2s theory` at the defaults", async () => {
  const t = theory([]);
  for (const [key, expected] of [["2-0", t.teacher.exact], ["2-1", t.student.exact], ["0-0", t.teacher.closed_form],
    ["1-1", t.student.first_order], ["2-3", t.gain.exact], ["2-5", t.pgr.exact]]) {
    const shown = await readout(page, key);
    assert(Math.abs(shown - expected) <= 6e-6, `${key}: page ${shown} vs CLI ${expected}`);
  }
});

await check("dragging the η_u slider changes readouts, figures and the URL", async () => {
  const before = await readout(page, "2-1");
  const pixelsBefore = await page.$eval("#fig-eta-u", (/** @type {HTMLCanvasElement} */ c) => c.toDataURL());
  await page.focus("#range-eta-u");
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.hash.includes("eta-u=0.3"));
  const after = await readout(page, "2-1");
  assert(after > before, `student risk should grow with η_u: ${before} → ${after}`);
  const pixelsAfter = await page.$eval("#fig-eta-u", (/** @type {HTMLCanvasElement} */ c) => c.toDataURL());
  assert(pixelsAfter !== pixelsBefore, "the η_u figure was not redrawn");
  const t = theory(["--eta-u", "0.3"]);
  assert(Math.abs(after - t.student.exact) <= 6e-6, `page ${after} vs CLI ${t.student.exact}`);
});

await check("a mouse drag redraws while it moves, ends in the URL, and Back undoes it in one step", async () => {
  const before = await page.evaluate(() => location.hash);
  const box = await page.locator("#range-sep").boundingBox();
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width * 0.2;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  const draws0 = await page.evaluate(() => window.__w2s.draws);
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(x0 + box.width * 0.5 * (i / 30), y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  const draws = await page.evaluate(() => window.__w2s.draws) - draws0;
  assert(draws >= 20, `only ${draws} redraws during a 30-move drag`);
  await page.mouse.up();
  const sep = Number(await page.$eval("#range-sep", (/** @type {HTMLInputElement} */ e) => e.value));
  await page.waitForFunction((v) => new URLSearchParams(location.hash.slice(1)).get("sep") === String(v), sep);
  assert(await page.$eval("#num-sep", (/** @type {HTMLInputElement} */ e) => Number(e.value)) === sep, "number box does not follow the slider");
  const t = theory(["--sep", String(sep), "--eta-u", "0.3"]);
  const shown = await readout(page, "2-1");
  assert(Math.abs(shown - t.student.exact) <= 6e-6, `page ${shown} vs CLI ${t.student.exact} at sep = ${sep}`);
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, before);
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById("range-sep")).value === "4");
});

await check("reload restores the state from the URL", async () => {
  const hash = await page.evaluate(() => location.hash);
  const value = await readout(page, "2-1");
  await page.reload();
  await page.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0);
  assert(await page.evaluate(() => location.hash) === hash, "hash changed on reload");
  assert(await readout(page, "2-1") === value, "readout changed on reload");
  assert(await page.$eval("#num-eta-u", (/** @type {HTMLInputElement} */ e) => e.value) === "0.3", "η_u box not restored");
});

await check("Back returns to the state before a settled change", async () => {
  const before = await page.evaluate(() => location.hash);
  await page.fill("#num-eta-t", "0.9");
  await page.press("#num-eta-t", "Enter");
  await page.waitForFunction(() => location.hash.includes("eta-t=0.9"));
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, before);
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById("num-eta-t")).value === "0.5");
});

await check("a typed out-of-range value is refused at the control and the last state stays", async () => {
  const value = await readout(page, "2-1");
  await page.fill("#num-eta-l", "1.5");
  await page.press("#num-eta-l", "Enter");
  await page.waitForFunction(() => document.querySelector("#control-eta-l .error").textContent.length > 0);
  const msg = await page.$eval("#control-eta-l .error", (e) => e.textContent);
  assert(msg.includes("eta-l (η_ℓ) = 1.5 is out of range: allowed [0, 1]"), msg);
  assert(await readout(page, "2-1") === value, "readouts changed after an invalid value");
  await page.fill("#num-gamma", "0.2");
  await page.press("#num-gamma", "Enter");
  await page.waitForFunction(() => document.querySelector("#control-gamma .error").textContent.length > 0);
  const regime = await page.$eval("#control-gamma .error", (e) => e.textContent);
  assert(regime.includes("outside the regime the theory covers"), regime);
  assert(await drawn(page, "#fig-eta-u") > 0.01, "figure went blank");
});

await check("presets apply (separable groups: W2S fails)", async () => {
  await page.selectOption("#preset", "separable");
  await page.waitForFunction(() => document.querySelector("#verdict").textContent.startsWith("W2S fails"));
  assert((await page.evaluate(() => location.hash)).includes("law=surrogate"), "law not in URL");
});

await check("exports write PNG, SVG and CSV files", async () => {
  for (const [kind, test] of /** @type {[string, (b: Buffer) => boolean][]} */ ([["png", (b) => b.subarray(1, 4).toString() === "PNG"],
    ["svg", (b) => b.toString().includes("<svg")], ["csv", (b) => b.toString().startsWith("# W2S explorer: ") && b.toString().includes("\neta_u,teacher_closed_form")]])) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`figure.main button[data-export="${kind}"]`),
    ]);
    const file = await download.path();
    assert(download.suggestedFilename() === `w2s-eta-u.${kind}`, download.suggestedFilename());
    assert(test(readFileSync(file)), `${kind} file has the wrong content`);
  }
});

await check("an exported PNG is twice the canvas and carries the figure in words; the SVG has a title and a description; every canvas is described", async () => {
  const size = await page.$eval("#fig-eta-u", (c) => [/** @type {HTMLCanvasElement} */ (c).width, /** @type {HTMLCanvasElement} */ (c).height]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('figure.main button[data-export="png"]')]);
  const png = readFileSync(await download.path());
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert(w === 2 * size[0] && h === 2 * size[1], `PNG ${w} × ${h} for a ${size[0]} × ${size[1]} canvas`);
  const text = png.toString("latin1");
  const at = text.indexOf("iTXtDescription");
  assert(at > 0 && at < 100, "no Description chunk right after the PNG's header");
  const words = png.subarray(at + 4 + "Description".length + 5, at + 400).toString("utf8");
  assert(/largest, [0-9.]+, at η_u = /.test(words), `the PNG's description: ${words.slice(0, 120)}`);
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.click('figure.main button[data-export="svg"]')]);
  const svg = readFileSync(await svgDownload.path(), "utf8");
  assert(/<title>Risks and W2S gain vs η_u<\/title>\s*<desc>[^<]*\d/.test(svg), "the SVG has no title and description");
  await page.waitForTimeout(400); // the descriptions follow a draw once it pauses
  for (const key of ["eta-u", "mismatch", "phase-map", "eta-t", "similarity", "data"]) {
    const d = await page.$eval(`#fig-${key}`, (c) => document.getElementById(c.getAttribute("aria-describedby") ?? "")?.textContent ?? "");
    const core = await page.evaluate((k) => window.__w2s.explorer.describe(k), key);
    assert(d.length > 80 && d === core && /\d/.test(d), `${key}: described as ${JSON.stringify(d.slice(0, 80))}`);
  }
});

await check("the hover names the η_u under the mouse, found by the core's pixel → data mapping, and nothing off the plot", async () => {
  const { page: p, errors: e } = await open();
  await p.locator("#fig-eta-u").scrollIntoViewIfNeeded();
  // In the page: the canvas pixel whose η_u is nearest 0.3, on a row inside the plot, and the grid's step.
  const found = await p.evaluate(() => {
    const { explorer } = window.__w2s;
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-eta-u"));
    const at = (/** @type {number} */ px, /** @type {number} */ py) => {
      const d = explorer.dataAt("eta-u", px, py);
      if (!d) return null;
      const x = d.x;
      d.free();
      return x;
    };
    const py = c.height / 2;
    const grid = explorer.csv("eta-u").trim().split("\n").filter((l) => !l.startsWith("#")).slice(1).map((l) => Number(l.split(",")[0]));
    // The grid point nearest 0.3, and the canvas pixel nearest it.
    const target = grid.reduce((a, g) => (Math.abs(g - 0.3) < Math.abs(a - 0.3) ? g : a), grid[0]);
    let best = null;
    for (let px = 0.5; px < c.width; px += 1) {
      const x = at(px, py);
      if (x !== null && (best === null || Math.abs(x - target) < Math.abs(best.x - target))) best = { px, x };
    }
    const r = c.getBoundingClientRect();
    const toClient = (/** @type {number} */ px, /** @type {number} */ py) =>
      [r.left + c.clientLeft + px * c.clientWidth / c.width, r.top + c.clientTop + py * c.clientHeight / c.height];
    return { best, target, client: best && toClient(best.px, py), corner: toClient(1, 1), step: grid[1] - grid[0], outside: at(1, 1) };
  });
  assert(found.best !== null, "dataAt finds no point of the η_u plot on the canvas's middle row");
  assert(Math.abs(found.best.x - 0.3) < 0.01, `the nearest canvas pixel maps to η_u = ${found.best.x}`);
  assert(found.outside === null, `the canvas corner maps to η_u = ${found.outside}`);
  await p.mouse.move(found.client[0], found.client[1]);
  const text = await p.$eval("#hover", (el) => el.textContent);
  const m = text.match(/^η_u = ([0-9.]+): teacher ([0-9.]+), student ([0-9.]+), gain (-?[0-9.]+) \(exact\)$/);
  assert(m, `hover text: ${JSON.stringify(text)}`);
  const shown = Number(m[1]);
  // The target is a grid point and a pixel is under half a grid step, so the readout names it exactly.
  const want0 = found.target.toFixed(3);
  assert(m[1] === want0 && found.step < 0.01, `hover names η_u = ${shown}, not ${want0} (grid step ${found.step})`);
  const h = await p.evaluate((x) => Array.from(window.__w2s.explorer.hoverEtaU(x)), found.best.x);
  const names = await p.evaluate(async () => (await import("../pkg/w2s.js")).hoverNames());
  const want = `η_u = ${h[names.indexOf("eta-u")].toFixed(3)}: teacher ${h[names.indexOf("teacher")].toFixed(4)}, ` +
    `student ${h[names.indexOf("student")].toFixed(4)}, gain ${h[names.indexOf("gain")].toFixed(4)} (exact)`;
  assert(text === want, `hover ${JSON.stringify(text)} vs hoverEtaU there ${JSON.stringify(want)}`);
  await p.mouse.move(found.corner[0], found.corner[1]);
  assert(await p.$eval("#hover", (el) => el.textContent) === "", "the hover shows a value off the plotting area");
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("a hostile URL is survived field by field", async () => {
  const { page: p2, errors: e2 } = await open("#eta-u=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&gamma=9&law=evil&p-t=1e309&eta-l=0.3&embed=javascript:alert(1)");
  const status = await p2.$eval("#status", (e) => e.textContent);
  assert(status.includes("eta-u") && status.includes("gamma") && status.includes("law"), `notice: ${status}`);
  assert(await p2.$eval("#num-eta-l", (/** @type {HTMLInputElement} */ e) => e.value) === "0.3", "the valid field was not applied");
  assert(e2.length === 0, `errors: ${e2.join(" | ")}`);
  assert(await p2.$$eval("img", (l) => l.length) === 0, "markup from the URL reached the page");
  await p2.close();
});

await check("embed mode shows one chosen figure with minimal chrome", async () => {
  await page.selectOption("#embed-figure", "phase-map");
  await page.evaluate(() => { navigator.clipboard.writeText = async (t) => { window.__copied = t; }; });
  await page.click("#copy-embed");
  const code = await page.evaluate(() => window.__copied);
  assert(code.startsWith("<iframe") && code.includes("embed=phase-map"), code);
  const hash = code.match(/#([^"]*)"/)[1].replace(/&amp;/g, "&");
  const { page: p3 } = await open("#" + hash);
  assert(await p3.$eval("#controls", (e) => getComputedStyle(e).display) === "none", "controls visible");
  assert(await p3.$eval("#fig-phase-map", (e) => getComputedStyle(e.closest("figure")).display) !== "none", "figure hidden");
  assert(await p3.$eval("#fig-eta-u", (e) => getComputedStyle(e.closest("figure")).display) === "none", "other figures shown");
  assert(await drawn(p3, "#fig-phase-map") > 0.01, "embedded figure blank");
  await p3.close();
});

await check("the phone viewport (375 px) has no horizontal overflow", async () => {
  const { page: p4, errors: e4 } = await open("", { width: 375, height: 800 });
  const width = await p4.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 375, `page is ${width} px wide`);
  assert(e4.length === 0, e4.join(" | "));
  await p4.close();
});

await check("the simulation runs in workers, reports progress and lands on the theory", async () => {
  const { page: p5, errors: e5 } = await open("#d-z=40&reps=10&seed=3");
  assert(await p5.$eval("#sim-d-z", (/** @type {HTMLInputElement} */ e) => e.value) === "40", "d_z not read from the URL");
  const before = await p5.$eval("#fig-eta-u", (/** @type {HTMLCanvasElement} */ c) => c.toDataURL());
  await p5.click("#sim-run");
  await p5.waitForFunction(() => window.__w2s.sim, null, { timeout: 90000 });
  assert(await p5.$eval("#sim-progress", (/** @type {HTMLProgressElement} */ e) => e.value) === 1, "progress did not reach 1");
  const points = await p5.evaluate(() => window.__w2s.sim);
  assert(points.length >= 5, `only ${points.length} points`);
  for (const pt of points) {
    const [t, s] = await p5.evaluate(async (u) => {
      const names = (await import("../pkg/w2s.js")).hoverNames();
      const h = window.__w2s.explorer.hoverEtaU(u);
      return [h[names.indexOf("teacher")], h[names.indexOf("student")]];
    }, pt.etaU);
    // Within ±2 SE bars plus a finite-size allowance (d_z = 40 is small: 10 %).
    for (const [name, est, exact] of /** @type {[string, W2sEstimate, number][]} */ ([["teacher", pt.teacher, t], ["student", pt.student, s]])) {
      assert(Math.abs(est.mean - exact) <= 3 * est.se + 0.1 * exact,
        `${name} at η_u = ${pt.etaU}: ${est.mean} ± ${est.se} vs exact ${exact}`);
    }
  }
  await p5.waitForFunction((b) => /** @type {HTMLCanvasElement} */ (document.getElementById("fig-eta-u")).toDataURL() !== b, before);
  assert((await p5.$eval("#sim-table", (e) => e.textContent)).includes("vs exact theory"), "no table beside the readouts");
  assert(e5.length === 0, e5.join(" | "));
  await p5.close();
});

await check("a long simulation can be cancelled", async () => {
  const { page: p6 } = await open("#d-z=96&reps=300");
  await p6.click("#sim-run");
  await p6.waitForFunction(() => /** @type {HTMLProgressElement} */ (document.getElementById("sim-progress")).value > 0, null, { timeout: 60000 });
  await p6.click("#sim-cancel");
  const status = await p6.$eval("#sim-status", (e) => e.textContent);
  assert(status.startsWith("Cancelled after"), status);
  const v1 = await p6.$eval("#sim-progress", (/** @type {HTMLProgressElement} */ e) => e.value);
  await p6.waitForTimeout(700);
  assert(await p6.$eval("#sim-progress", (/** @type {HTMLProgressElement} */ e) => e.value) === v1, "progress moved after cancel");
  assert(v1 < 1, "finished before it could be cancelled");
  assert(!(await p6.$eval("#sim-run", (/** @type {HTMLButtonElement} */ e) => e.disabled)), "run button stays disabled");
  await p6.close();
});

// ---- links, simulation state, timing arrays, hostile input (issue 9) ----
const SIM_KEYS = ["d-z", "reps", "seed"];
/** The state as the page holds it and as its boxes show it. */
const stateOf = (p) => p.evaluate((simKeys) => {
  const s = window.__w2s.state;
  return {
    values: s.values.slice(), law: s.law, layers: s.layers,
    boxes: window.__w2s.keys.map((k) => /** @type {HTMLInputElement} */ (document.getElementById("num-" + k)).value),
    sim: simKeys.map((k) => /** @type {HTMLInputElement} */ (document.getElementById("sim-" + k)).value),
  };
}, SIM_KEYS);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** After a hash change in the same document: wait for the draw it causes. */
async function gotoHash(p, hash) {
  const n = await p.evaluate(() => window.__w2s.draws);
  await p.evaluate((h) => { location.hash = h; }, hash);
  await p.waitForFunction((n0) => window.__w2s.draws > n0, n, { timeout: 5000 }).catch(() => {});
  await frames(p);
}

await check("a shared link whose fields fit only together is restored whole (p-t = 2 with p-s = 2)", async () => {
  const { page: p, errors: e } = await open("#p-t=2&p-s=2&xi2=1&sep=4&rho=1&eta-l=0.1&eta-u=0.1&eta-t=0.5&gamma=0.05&nu=0.005&sigma-y2=1&law=mixture");
  const s = await stateOf(p);
  const keys = await p.evaluate(() => window.__w2s.keys);
  const at = (k) => s.values[keys.indexOf(k)];
  assert(at("p-t") === 2 && at("p-s") === 2 && at("xi2") === 1, `restored p-t ${at("p-t")}, p-s ${at("p-s")}, xi2 ${at("xi2")}`);
  const status = await p.$eval("#status", (el) => el.textContent);
  assert(status === "", `notice: ${status}`);
  const t = theory(["--p-t", "2", "--p-s", "2", "--xi2", "1"]);
  const shown = await readout(p, "2-1");
  assert(Math.abs(shown - t.student.exact) <= 6e-6, `page ${shown} vs CLI ${t.student.exact}`);
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("a link invalid as a whole keeps its fields in the stated order and says which it dropped", async () => {
  // p-t = 16 and gamma = 0.1 do not fit together (16 × 0.1 ≥ 1): p-t comes first in the order, gamma is dropped.
  const { page: p } = await open("#gamma=0.1&p-t=16&eta-l=0.3");
  const s = await stateOf(p);
  const keys = await p.evaluate(() => window.__w2s.keys);
  assert(s.values[keys.indexOf("p-t")] === 16 && s.values[keys.indexOf("eta-l")] === 0.3, `state ${s.values}`);
  const status = await p.$eval("#status", (el) => el.textContent);
  assert(status.startsWith("Ignored from the link: gamma (") && status.includes("in the order p-t, p-s"), status);
  await p.close();
});

await check("every preset round-trips through its link exactly", async () => {
  const { page: a } = await open();
  const names = await a.$$eval("#preset option", (/** @type {HTMLOptionElement[]} */ os) => os.map((o) => o.value).filter(Boolean));
  assert(names.length >= 6, `presets: ${names}`);
  for (const name of names) {
    await a.selectOption("#preset", name);
    await frames(a);
    await a.waitForTimeout(200); // the URL follows a settled change at once, or within URL_INTERVAL
    const hash = await a.evaluate(() => location.hash);
    const want = await stateOf(a);
    const { page: b } = await open(hash);
    const got = await stateOf(b);
    assert(same(got, want), `preset ${name}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
    assert(await b.evaluate(() => location.hash) === hash, `preset ${name}: the link was rewritten`);
    assert(await b.$eval("#status", (el) => el.textContent) === "", `preset ${name}: something was ignored`);
    await b.close();
  }
  await a.close();
});

/** A random state over every field a link holds (valid by construction, checked by the core below). */
function randomState(rand, keys) {
  const pT = 1 + Math.floor(rand() * 16);
  const pS = 1 + Math.floor(rand() * pT);
  const v = { "p-t": pT, "p-s": pS, xi2: rand() * (pS - 1), sep: rand() * 30, rho: rand(), "eta-l": rand(), "eta-u": rand(),
    "eta-t": rand(), gamma: (0.001 + 0.9 * rand()) / pT, nu: rand() < 0.2 ? 0 : (0.9 * rand()) / pS, "sigma-y2": 0.1 + 3.9 * rand() };
  return {
    values: keys.map((k) => v[k]), law: rand() < 0.5 ? "mixture" : "surrogate", layers: 1 + Math.floor(rand() * 7),
    sim: [4 + Math.floor(rand() * 509), 2 + Math.floor(rand() * 499), Math.floor(rand() * 2 ** 53)],
  };
}

/** The link of a state, in the page's own field order. */
function linkOf(keys, s) {
  const q = new URLSearchParams();
  keys.forEach((k, i) => q.set(k, String(s.values[i])));
  q.set("law", s.law);
  q.set("layers", String(s.layers));
  SIM_KEYS.forEach((k, i) => q.set(k, String(s.sim[i])));
  return "#" + q.toString();
}

await check("20 random valid states (seeded) round-trip through their link exactly, in the same page and in a fresh one", async () => {
  const { page: a } = await open();
  const keys = await a.evaluate(() => window.__w2s.keys);
  const rand = prng(9009);
  let done = 0;
  for (let tries = 0; done < 20 && tries < 100; tries++) {
    const s = randomState(rand, keys);
    const fits = await a.evaluate(([v, law]) => {
      try { window.__w2s.explorer.point(Float64Array.from(v), law); return true; } catch { return false; }
    }, [s.values, s.law]);
    if (!fits) continue;
    done++;
    const want = { values: s.values, law: s.law, layers: s.layers, boxes: s.values.map(String), sim: s.sim.map(String) };
    await gotoHash(a, linkOf(keys, s));
    const inPlace = await stateOf(a);
    assert(same(inPlace, want), `state ${done} read in place: ${JSON.stringify(inPlace)} vs ${JSON.stringify(want)}`);
    const hash = await a.evaluate(() => location.hash);
    const { page: b } = await open(hash);
    const fresh = await stateOf(b);
    assert(same(fresh, want), `state ${done} in a fresh page: ${JSON.stringify(fresh)} vs ${JSON.stringify(want)}`);
    assert(await b.evaluate(() => location.hash) === hash, `state ${done}: the link was rewritten`);
    await b.close();
  }
  assert(done === 20, `only ${done} random states were valid`);
  await a.close();
});

await check("the simulation boxes follow the URL in the same document (a pasted link, then Back)", async () => {
  const { page: p } = await open();
  await gotoHash(p, "#d-z=40&reps=10&seed=3");
  const boxes = () => p.evaluate((ks) => ks.map((k) => /** @type {HTMLInputElement} */ (document.getElementById("sim-" + k)).value), SIM_KEYS);
  assert(same(await boxes(), ["40", "10", "3"]), `after a pasted link the boxes show ${await boxes()}`);
  await p.goBack();
  await frames(p);
  assert(same(await boxes(), ["48", "8", "1"]), `after Back the boxes show ${await boxes()}`);
  await p.close();
});

await check("the timing arrays stay empty over 300 slider moves unless a benchmark asks", async () => {
  const { page: p } = await open();
  const lengths = () => p.evaluate(() => [window.__w2s.timings.length, window.__w2s.work.length, window.__w2s.render.length]);
  const draws0 = await p.evaluate(() => window.__w2s.draws);
  for (let i = 1; i <= 300; i++) {
    await p.evaluate((v) => {
      const r = /** @type {HTMLInputElement} */ (document.getElementById("range-eta-u"));
      r.value = String(v);
      r.dispatchEvent(new Event("input", { bubbles: true }));
    }, (i % 200) * 0.005);
  }
  await frames(p);
  const draws = await p.evaluate(() => window.__w2s.draws) - draws0;
  assert(draws >= 50, `only ${draws} draws`); // moves within one frame are coalesced into one draw
  assert(same(await lengths(), [0, 0, 0]), `after ${draws} draws the arrays hold ${await lengths()}`);
  await p.evaluate(() => { window.__w2s.record = true; });
  for (const v of [0.2, 0.3, 0.4]) {
    await p.evaluate((x) => { const r = /** @type {HTMLInputElement} */ (document.getElementById("range-eta-u")); r.value = String(x); r.dispatchEvent(new Event("input", { bubbles: true })); }, v);
    await frames(p);
  }
  assert((await lengths()).every((n) => n >= 3), `recording asked, arrays hold ${await lengths()}`);
  await p.close();
});

await check("a simulation's points leave the figure when its parameters change; the table says so; Back and Re-run restore them", async () => {
  const { page: p, errors: e } = await open("#d-z=8&reps=2");
  const circles = () => p.evaluate(() => (window.__w2s.explorer.svg("eta-u", 600, 400).match(/<circle/g) ?? []).length);
  const stale = () => p.evaluate(() => ({
    table: document.getElementById("sim-table").classList.contains("stale"),
    note: document.getElementById("sim-stale")?.hidden === false ? document.getElementById("sim-stale").textContent : "",
  }));
  const none = await circles();
  await p.click("#sim-run");
  await p.waitForFunction(() => window.__w2s.sim, null, { timeout: 90000 });
  await frames(p);
  const some = await circles();
  assert(some > none, `no simulated points on the figure (${some} circles vs ${none})`);
  await p.fill("#num-sep", "5");
  await p.press("#num-sep", "Enter");
  await frames(p);
  assert(await circles() === none, `after sep changed the η_u figure still holds ${await circles()} circles (${none} without points)`);
  const s = await stale();
  assert(s.table && s.note.includes("sep") && /another state|ran at/.test(s.note), `table not marked stale: ${JSON.stringify(s)}`);
  // η_u alone does not make the points stale: the simulation ran at its own η_u grid.
  await p.fill("#num-eta-u", "0.2");
  await p.press("#num-eta-u", "Enter");
  await frames(p);
  await p.goBack();
  await p.goBack();
  await frames(p);
  assert(await circles() === some, "Back to the simulation's state did not restore its points");
  assert(!(await stale()).table, "table still marked stale at the simulation's state");
  await p.goForward();
  await frames(p);
  assert(await circles() === none, "Forward to sep = 5 kept the points");
  await p.evaluate(() => { window.__w2s.sim = null; });
  await p.click("#sim-rerun");
  await p.waitForFunction(() => window.__w2s.sim, null, { timeout: 90000 });
  await frames(p);
  assert(await circles() === some, `re-run: ${await circles()} circles`);
  assert(!(await stale()).table && (await stale()).note === "", "the re-run table is still marked stale");
  const caption = await p.$eval("#sim-table", (el) => el.textContent);
  assert(caption.includes("vs exact theory"), caption);
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

// Each box gets the hostile texts, then values just outside its range, each
// followed by a valid value (alternating between two so every one changes
// the readouts). The oracle for a text the box accepts is the CLI: the page
// refuses exactly what `w2s theory` refuses, and shows what it computes.
const OUTSIDE = {
  "eta-l": ["-0.001", "1.001"], "eta-u": ["-0.001", "1.001"], "eta-t": ["-0.001", "1.001"],
  gamma: ["0", "-0.01", "0.1667"], nu: ["-0.0001", "0.3334"], sep: ["-0.1", "1e20"], xi2: ["-0.01", "2.01"],
  "p-t": ["0", "2", "2.5", "65"], "p-s": ["0", "7", "1.5"], rho: ["-0.01", "1.01"], "sigma-y2": ["0", "-1", "1e308"],
};
const VALID = {
  "eta-l": ["0.3", "0.1"], "eta-u": ["0.3", "0.1"], "eta-t": ["0.7", "0.5"], gamma: ["0.06", "0.05"], nu: ["0.01", "0.005"],
  sep: ["5", "4"], xi2: ["1", "0.5"], "p-t": ["7", "6"], "p-s": ["2", "3"], rho: ["0.5", "1"], "sigma-y2": ["2", "1"],
};
const cliCache = new Map();
/** `w2s theory` with one field changed from the defaults; null when the CLI refuses it (or crashes). */
function cliAt(key, text) {
  const id = `${key}=${text}`;
  if (!cliCache.has(id)) {
    let t = null;
    try {
      // stderr piped: the refusals the CLI prints are expected here.
      t = JSON.parse(execFileSync(bin, ["theory", "--json", `--${key}`, text], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    } catch { t = null; }
    cliCache.set(id, t);
  }
  return cliCache.get(id);
}
const close = (a, b) => Math.abs(a - b) <= 6e-6 * Math.max(1, Math.abs(b));

const shownState = (p) => p.evaluate(() => ({
  readouts: [...document.querySelectorAll("[data-readout]")].map((el) => el.textContent),
  figure: /** @type {HTMLCanvasElement} */ (document.getElementById("fig-eta-u")).toDataURL(),
  hash: location.hash,
}));

for (const key of Object.keys(VALID)) {
  await check(`hostile and out-of-range values in the ${key} box are refused in words, and the next valid value is shown`, async () => {
    const { page: p, errors: e } = await open();
    await p.$eval("#controls details", (/** @type {HTMLDetailsElement} */ d) => { d.open = true; }); // the Advanced boxes
    const id = `#num-${key}`;
    const err = () => p.$eval(`#control-${key} .error`, (el) => el.textContent);
    let turn = 0;
    for (const text of [...HOSTILE_TEXTS, ...OUTSIDE[key]]) {
      const before = await shownState(p);
      const seen = await typeInto(p, id, text);
      const t = seen.trim() === "" ? null : cliAt(key, seen);
      const label = `${key} ← ${JSON.stringify(text.slice(0, 30))} (box holds ${JSON.stringify(seen.slice(0, 30))})`;
      if (t === null) {
        const msg = await err();
        assert(msg.includes(key), `${label}: refused without naming ${key}: ${JSON.stringify(msg.slice(0, 200))}`);
        assert(!/unreachable|RuntimeError|recursive use/i.test(msg), `${label}: internal error shown: ${msg.slice(0, 200)}`);
        const after = await shownState(p);
        assert(same(after.readouts, before.readouts) && after.figure === before.figure && after.hash === before.hash,
          `${label}: the readouts, figure or URL changed while refused`);
      } else {
        assert(await err() === "", `${label}: accepted by the CLI but refused: ${await err()}`);
        const shown = await readout(p, "2-1");
        assert(close(shown, t.student.exact), `${label}: page ${shown} vs CLI ${t.student.exact}`);
      }
      const valid = VALID[key][turn++ % 2];
      await typeInto(p, id, valid);
      const tv = cliAt(key, valid);
      assert(await err() === "", `${key} ← ${valid} after ${label}: still an error: ${await err()}`);
      for (const [cell, want] of [["2-1", tv.student.exact], ["2-0", tv.teacher.exact]]) {
        const shown = await readout(p, cell);
        assert(close(shown, want), `${key} ← ${valid} after ${label}: readout ${cell} ${shown} vs CLI ${want}`);
      }
      assert(new URLSearchParams((await p.evaluate(() => location.hash)).slice(1)).get(key) === valid, `${key} ← ${valid}: not in the URL`);
    }
    assert(e.length === 0, e.join(" | "));
    await p.close();
  });
}

const SIM_OUTSIDE = { "d-z": ["3", "513", "4.5"], reps: ["1", "501", "2.5"], seed: ["-1", "9007199254740992", "0.5"] };
const SIM_VALID = { "d-z": ["40", "48"], reps: ["10", "8"], seed: ["3", "1"] };
await check("hostile and out-of-range values in the simulation boxes are refused in words; the next valid value is kept", async () => {
  const { page: p, errors: e } = await open();
  for (const key of SIM_KEYS) {
    const id = `#sim-${key}`;
    const [lo, hi] = await p.$eval(id, (/** @type {HTMLInputElement} */ el) => [Number(el.min), Number(el.max)]);
    const err = () => p.$eval(`#control-sim-${key} .error`, (el) => el.textContent);
    let turn = 0;
    for (const text of [...HOSTILE_TEXTS, ...SIM_OUTSIDE[key]]) {
      const hash = await p.evaluate(() => location.hash);
      const before = await p.$eval(id, (/** @type {HTMLInputElement} */ el) => el.value);
      const seen = await typeInto(p, id, text);
      const v = seen.trim() === "" ? NaN : Number(seen);
      const label = `${key} ← ${JSON.stringify(text.slice(0, 30))} (box holds ${JSON.stringify(seen.slice(0, 30))})`;
      if (!(Number.isInteger(v) && v >= lo && v <= hi)) {
        const msg = await err();
        assert(msg.includes(key) && !/unreachable|RuntimeError/i.test(msg), `${label}: ${JSON.stringify(msg.slice(0, 200))}`);
        assert(await p.evaluate(() => location.hash) === hash, `${label}: the URL changed while refused`);
        assert(await p.$eval(id, (/** @type {HTMLInputElement} */ el) => el.value) === before, `${label}: the box does not show the value in use`);
      }
      const valid = SIM_VALID[key][turn++ % 2];
      await typeInto(p, id, valid);
      assert(await err() === "", `${key} ← ${valid}: still an error`);
      assert(await p.$eval(id, (/** @type {HTMLInputElement} */ el) => el.value) === valid, `${key} ← ${valid}: box`);
      const inUrl = new URLSearchParams((await p.evaluate(() => location.hash)).slice(1)).get(key);
      assert(inUrl === (valid === SIM_VALID[key][1] ? null : valid), `${key} ← ${valid}: URL has ${inUrl}`);
    }
  }
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("after each hostile hash the page shows a valid state, and the next valid hash is shown", async () => {
  const { page: p, errors: e } = await open();
  const keys = await p.evaluate(() => window.__w2s.keys);
  const valid = [["#eta-u=0.3&sep=5", ["--eta-u", "0.3", "--sep", "5"]], ["#eta-u=0.2&sep=3", ["--eta-u", "0.2", "--sep", "3"]]];
  let turn = 0;
  for (const hash of HOSTILE_HASHES) await within(30000, (async () => {
    const label = `hash ${JSON.stringify(hash.slice(0, 40))}`;
    await gotoHash(p, hash);
    const s = await stateOf(p);
    const args = keys.flatMap((k, i) => [`--${k}`, String(s.values[i])]).concat(["--law", s.law]);
    const t = theory(args);
    const shown = await readout(p, "2-1");
    assert(close(shown, t.student.exact), `${label}: readout ${shown} vs CLI at the page's state ${t.student.exact}`);
    const status = await p.$eval("#status", (el) => el.textContent);
    assert(!/unreachable|RuntimeError/i.test(status), `${label}: ${status.slice(0, 200)}`);
    const [h, cliArgs] = valid[turn++ % 2];
    await gotoHash(p, h);
    const tv = theory(cliArgs);
    const after = await readout(p, "2-1");
    assert(close(after, tv.student.exact), `${h} after ${label}: readout ${after} vs CLI ${tv.student.exact}`);
    assert(await p.$eval("#status", (el) => el.textContent) === "", `${h} after ${label}: notice left over`);
  })(), `hash ${JSON.stringify(hash.slice(0, 40))}`);
  assert(await p.$$eval("img", (l) => l.length) === 0, "markup from a hash reached the page");
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

// ---- layout, presets, Reset, verdict, layers, crosshair (issue 11) ----
/** A box of the page in CSS pixels of the viewport. */
const rect = (p, sel) => p.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; });

for (const [w, h] of [[1280, 900], [1920, 1080]]) {
  await check(`at ${w} px the verdict and key readouts are in the first screen, above the main figure and in its column`, async () => {
    const { page: p, errors: e } = await open("", { width: w, height: h });
    const v = await rect(p, "#verdict");
    const keys = await rect(p, "#key-readouts");
    const fig = await rect(p, "#fig-eta-u");
    assert(v.bottom <= h && keys.bottom <= h, `verdict ends at ${v.bottom}, key readouts at ${keys.bottom} (screen ${h})`);
    assert(keys.bottom <= fig.top, `key readouts end at ${keys.bottom}, below the main figure's top ${fig.top}`);
    assert(v.left >= fig.left - 20 && v.left < fig.right, `verdict at x = ${v.left}, main figure at ${fig.left}–${fig.right}`);
    assert(fig.top < h * 0.5, `the main figure starts at ${fig.top}`);
    assert(e.length === 0, e.join(" | "));
    await p.close();
  });
}

await check("at 375 px the verdict is in the first screen, before the main figure; the page does not overflow sideways", async () => {
  const { page: p } = await open("", { width: 375, height: 800 });
  const v = await rect(p, "#verdict");
  const fig = await rect(p, "#fig-eta-u");
  assert(v.bottom <= 800, `verdict ends at ${v.bottom}`);
  assert(v.bottom <= fig.top, `verdict ends at ${v.bottom}, main figure starts at ${fig.top}`);
  assert(await p.evaluate(() => document.documentElement.scrollWidth) <= 375, "horizontal overflow");
  await p.close();
});

await check("on a phone each main slider and the main figure are on screen together once the slider is scrolled into view", async () => {
  const { page: p } = await open("", { width: 375, height: 800 });
  const sliders = await p.$$eval("#controls > fieldset:first-of-type input[type=range]", (els) => els.map((e) => e.id));
  assert(sliders.length >= 7, `sliders: ${sliders}`);
  // Scrolled to, or reached from the keyboard (focus scrolls it into view), in turn.
  for (const [i, id] of sliders.entries()) {
    if (i % 2 === 0) await p.locator("#" + id).scrollIntoViewIfNeeded();
    else await p.focus("#" + id);
    await frames(p);
    const s = await rect(p, "#" + id);
    const fig = await rect(p, "#fig-eta-u");
    const seen = (r) => r.bottom > 0 && r.top < 800;
    assert(seen(s) && seen(fig), `${id} at ${s.top}–${s.bottom}, main figure at ${fig.top}–${fig.bottom}`);
    assert(fig.bottom - fig.top > 150, `main figure only ${fig.bottom - fig.top} px high`);
    assert(s.top >= fig.bottom - 1 || s.bottom <= fig.top, `${id} is under the main figure`);
  }
  await p.close();
});

await check("the theorem formulas and the readouts table are never clipped without a scroll box", async () => {
  for (const width of [375, 1280]) {
    const { page: p } = await open("", { width, height: 900 });
    const boxes = await p.$$eval("#results .scroll-x", (els) => els.map((e) => {
      const inner = /** @type {HTMLElement} */ (e.firstElementChild).getBoundingClientRect();
      return { scroll: e.scrollWidth > e.clientWidth, overflow: getComputedStyle(e).overflowX, left: inner.left - e.getBoundingClientRect().left };
    }));
    assert(boxes.length >= 3, `${boxes.length} scroll boxes`);
    for (const b of boxes) {
      assert(b.overflow === "auto", `overflow-x ${b.overflow}`);
      assert(b.left >= -0.5, `content starts ${b.left} px left of its box, where no scroll reaches`);
    }
    await p.close();
  }
});

/** Picks a preset and waits for its draw. */
async function preset(p, name) {
  await p.selectOption("#preset", name);
  await frames(p);
}

await check("each preset gives the same state whatever was chosen before", async () => {
  const { page: p } = await open();
  const names = await p.$$eval("#preset option", (/** @type {HTMLOptionElement[]} */ os) => os.map((o) => o.value).filter(Boolean));
  assert(names.length >= 7, `presets: ${names}`);
  /** @type {Record<string, string>} */
  const alone = {};
  for (const name of names) {
    await p.click("#reset");
    await frames(p);
    await preset(p, name);
    alone[name] = JSON.stringify(await stateOf(p));
  }
  for (const before of names) {
    for (const name of names) {
      await preset(p, before);
      await preset(p, name);
      const got = JSON.stringify(await stateOf(p));
      assert(got === alone[name], `${name} after ${before}: ${got} vs ${alone[name]}`);
      assert(await p.$eval("#preset", (/** @type {HTMLSelectElement} */ e) => e.value) === name, `the menu does not name ${name}`);
    }
  }
  await p.close();
});

// Issue 12 §3: what the page tells a newcomer about η_u is true where they land.
await check("the invitation and the η_u* note are true at the defaults and in the clean picture (w2s theory)", async () => {
  const { page: p } = await open();
  const intro = await p.$eval("header.chrome p", (e) => e.textContent ?? "");
  assert(!/watch the gain fall/.test(intro), "the header still says the gain falls away from η_ℓ");
  const gainAt = (/** @type {string[]} */ args, /** @type {number} */ u) => theory([...args, "--eta-u", String(u)]).gain.exact;
  // The defaults: η_u* = 0 is below η_ℓ = 0.1, and the note says so; the gain there is larger than at η_ℓ.
  const note = await p.$eval("#star-note", (e) => e.textContent ?? "");
  const t = theory([]);
  const star = t.eta_u_star.exact;
  const etaL = t.params.eta_l;
  assert(star < etaL - 0.01, `the default η_u* ${star} is not below η_ℓ ${etaL}`);
  assert(/below η_ℓ/.test(note) && note.includes(star.toFixed(3)), `note at the defaults: ${note}`);
  assert(gainAt([], star) > gainAt([], etaL), "the gain at η_u* is not above the gain at η_ℓ");
  // The clean picture: η_u* = η_ℓ, and moving η_u either way lowers the gain.
  await preset(p, "clean");
  const clean = await p.$eval("#star-note", (e) => e.textContent ?? "");
  const args = ["--law", "surrogate", "--sep", "20", "--xi2", "0", "--eta-l", "0.3"];
  const c = theory([...args, "--eta-u", "0.3"]);
  assert(Math.abs(c.eta_u_star.exact - 0.3) < 1e-3, `clean η_u* ${c.eta_u_star.exact}`);
  assert(/at η_ℓ/.test(clean) && /either way/.test(clean), `note in the clean picture: ${clean}`);
  for (const u of [0.25, 0.35]) assert(gainAt(args, u) < c.gain.exact, `clean: the gain at η_u = ${u} is not lower`);
  await p.close();
});

await check("each preset's label is true of what it shows (the core's exact.verdict)", async () => {
  const { page: p } = await open();
  const options = await p.$$eval("#preset option", (/** @type {HTMLOptionElement[]} */ os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent ?? ""]));
  const names = await p.evaluate(async () => (await import("../pkg/w2s.js")).readoutNames());
  for (const [name, label] of options) {
    await preset(p, name);
    const { verdict, kind } = await p.evaluate((i) => {
      const s = window.__w2s.state;
      const out = window.__w2s.explorer.point(Float64Array.from(s.values), s.law);
      return { verdict: out[i], kind: document.querySelector("#verdict")?.className };
    }, names.indexOf("exact.verdict"));
    const want = /fails/.test(label) ? -1 : /no gain/.test(label) ? 0 : null;
    if (want !== null) assert(verdict === want, `${name} ("${label}"): exact.verdict ${verdict}`);
    assert(kind === (verdict > 0 ? "happens" : verdict < 0 ? "fails" : "no-gain"), `${name}: verdict shown as ${kind}, core says ${verdict}`);
    const at = (k) => p.evaluate((key) => window.__w2s.state.values[window.__w2s.keys.indexOf(key)], k);
    if (/η_u = η_ℓ/.test(label)) assert(await at("eta-u") === await at("eta-l"), `${name}: η_u ≠ η_ℓ`);
  }
  await p.close();
});

await check("the clean-picture preset: the exact gain is largest at η_u = η_ℓ, falls on both sides, and W2S fails far from it", async () => {
  const { page: p } = await open();
  await preset(p, "clean");
  const names = await p.evaluate(async () => (await import("../pkg/w2s.js")).hoverNames());
  const { curve, etaL } = await p.evaluate((n) => {
    const { explorer, keys, state } = window.__w2s;
    const curve = [];
    for (let i = 0; i <= 100; i++) {
      const h = explorer.hoverEtaU(i / 100);
      curve.push([h[n.indexOf("eta-u")], h[n.indexOf("gain")]]);
    }
    return { curve, etaL: state.values[keys.indexOf("eta-l")] };
  }, names);
  const best = curve.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert(Math.abs(best[0] - etaL) <= 0.011, `gain peaks at η_u = ${best[0]}, η_ℓ = ${etaL}`);
  for (let i = 1; i < curve.length; i++) {
    const [u0, g0] = curve[i - 1];
    const [u1, g1] = curve[i];
    if (u1 <= etaL) assert(g1 >= g0 - 1e-12, `gain falls towards η_ℓ at η_u = ${u1}`);
    else if (u0 >= etaL) assert(g1 <= g0 + 1e-12, `gain rises away from η_ℓ at η_u = ${u1}`);
  }
  assert(curve.some(([, g]) => g < 0), "W2S never fails on the η_u axis");
  assert((await p.$eval("#verdict", (e) => e.textContent ?? "")).startsWith("W2S happens"), "verdict at η_u = η_ℓ");
  await p.close();
});

await check("Reset restores the defaults (the simulation settings too) in one history entry", async () => {
  const { page: p } = await open();
  const fresh = JSON.stringify(await stateOf(p));
  await preset(p, "separable");
  await typeInto(p, "#num-gamma", "0.07");
  await p.click('#controls .layers input[data-bit="1"]');
  await typeInto(p, "#sim-seed", "9");
  await frames(p);
  await p.waitForTimeout(200);
  const changed = JSON.stringify(await stateOf(p));
  assert(changed !== fresh, "nothing changed before Reset");
  const length = await p.evaluate(() => history.length);
  await p.click("#reset");
  await frames(p);
  await p.waitForTimeout(200);
  assert(JSON.stringify(await stateOf(p)) === fresh, `after Reset: ${JSON.stringify(await stateOf(p))} vs ${fresh}`);
  assert(await p.evaluate(() => history.length) === length + 1, "Reset is not one history entry");
  const n = await p.evaluate(() => window.__w2s.draws);
  await p.goBack();
  await p.waitForFunction((n0) => window.__w2s.draws > n0, n);
  assert(JSON.stringify(await stateOf(p)) === changed, "Back does not return to the state before Reset");
  await p.close();
});

await check("student = teacher: the verdict says no gain, neutrally (not 'W2S fails … by 0.0 %')", async () => {
  const { page: p } = await open();
  await preset(p, "same");
  const { text, kind } = await p.$eval("#verdict", (e) => ({ text: e.textContent ?? "", kind: e.className }));
  assert(text.startsWith("No gain: the student equals its teacher"), text);
  assert(kind === "no-gain" && !/fails|0\.0 %/.test(text), `${kind}: ${text}`);
  const colour = await p.$eval("#verdict", (e) => getComputedStyle(e).color);
  const bad = await p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--bad").trim());
  assert(colour !== "rgb(180, 35, 24)" && bad === "#b42318", `no-gain verdict in the failure colour (${colour})`);
  await p.close();
});

await check("by default only the exact layer is drawn; a link without layers= gets it; layers= still reads", async () => {
  const { page: p } = await open();
  assert(await p.evaluate(() => window.__w2s.state.layers) === 4, "default layers");
  const checked = await p.$$eval("#controls .layers input", (/** @type {HTMLInputElement[]} */ els) => els.map((e) => e.checked));
  assert(JSON.stringify(checked) === "[false,false,true]", `checkboxes ${checked}`);
  assert((await p.evaluate(() => location.hash)).includes("layers=4"), "the link has no layers=");
  await p.close();
  const { page: q } = await open("#eta-u=0.4");
  assert(await q.evaluate(() => window.__w2s.state.layers) === 4, "a link without layers=");
  await q.close();
  const { page: r } = await open("#layers=7");
  assert(await r.evaluate(() => window.__w2s.state.layers) === 7, "layers=7 not read");
  await r.close();
});

await check("a crosshair with the hover values follows the mouse over the main figure, with no redraw", async () => {
  const { page: p } = await open();
  const box = await p.locator("#fig-eta-u").boundingBox();
  assert(box, "no main figure");
  const draws = await p.evaluate(() => window.__w2s.draws);
  await p.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const seen = await p.evaluate(() => {
    const o = /** @type {HTMLElement} */ (document.querySelector("figure.main .crosshair"));
    const line = /** @type {HTMLElement} */ (o.querySelector(".crosshair-line")).getBoundingClientRect();
    return { hidden: o.hidden, label: o.querySelector(".crosshair-label")?.textContent ?? "", hover: document.querySelector("#hover")?.textContent ?? "",
      x: line.left, h: line.height };
  });
  assert(!seen.hidden, "crosshair hidden over the plot");
  assert(Math.abs(seen.x - (box.x + box.width * 0.5)) <= 2, `line at ${seen.x}, pointer at ${box.x + box.width * 0.5}`);
  assert(seen.h > box.height * 0.5 && seen.h < box.height, `line ${seen.h} px high in a ${box.height} px canvas`);
  const m = /^η_u = ([0-9.]+): teacher ([0-9.]+), student ([0-9.]+), gain (-?[0-9.]+)/.exec(seen.hover);
  assert(m, `hover: ${seen.hover}`);
  for (const x of m.slice(1)) assert(seen.label.includes(x), `label ${JSON.stringify(seen.label)} lacks ${x}`);
  assert(await p.evaluate(() => window.__w2s.draws) === draws, "the figure was redrawn on hover");
  await p.mouse.move(box.x + 2, box.y + 2);
  assert(await p.$eval("figure.main .crosshair", (e) => /** @type {HTMLElement} */ (e).hidden), "crosshair shown off the plot");
  await p.close();
});

await check("nothing is requested from the network", async () => {
  assert(foreign.length === 0, `requests: ${foreign.join(", ")}`);
});

await finish("browser");
