// The explorer as a person uses it, in headless Chromium (playwright-core):
// load, draw, drag sliders, compare with the CLI, reload, hostile links,
// presets, exports, the phone viewport and the network. Prints
// "N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/explorer.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, ink as drawn, root, start } from "./harness.mjs";

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
  for (const key of ["eta-u", "mismatch", "phase-map", "eta-t", "similarity"]) {
    const ink = await drawn(page, `#fig-${key}`);
    assert(ink > 0.01, `canvas ${key} looks blank (ink ${ink})`);
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
  const pixelsBefore = await page.$eval("#fig-eta-u", (c) => c.toDataURL());
  await page.focus("#range-eta-u");
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.hash.includes("eta-u=0.3"));
  const after = await readout(page, "2-1");
  assert(after > before, `student risk should grow with η_u: ${before} → ${after}`);
  const pixelsAfter = await page.$eval("#fig-eta-u", (c) => c.toDataURL());
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
  const sep = Number(await page.$eval("#range-sep", (e) => e.value));
  await page.waitForFunction((v) => new URLSearchParams(location.hash.slice(1)).get("sep") === String(v), sep);
  assert(await page.$eval("#num-sep", (e) => Number(e.value)) === sep, "number box does not follow the slider");
  const t = theory(["--sep", String(sep), "--eta-u", "0.3"]);
  const shown = await readout(page, "2-1");
  assert(Math.abs(shown - t.student.exact) <= 6e-6, `page ${shown} vs CLI ${t.student.exact} at sep = ${sep}`);
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, before);
  await page.waitForFunction(() => document.getElementById("range-sep").value === "4");
});

await check("reload restores the state from the URL", async () => {
  const hash = await page.evaluate(() => location.hash);
  const value = await readout(page, "2-1");
  await page.reload();
  await page.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0);
  assert(await page.evaluate(() => location.hash) === hash, "hash changed on reload");
  assert(await readout(page, "2-1") === value, "readout changed on reload");
  assert(await page.$eval("#num-eta-u", (e) => e.value) === "0.3", "η_u box not restored");
});

await check("Back returns to the state before a settled change", async () => {
  const before = await page.evaluate(() => location.hash);
  await page.fill("#num-eta-t", "0.9");
  await page.press("#num-eta-t", "Enter");
  await page.waitForFunction(() => location.hash.includes("eta-t=0.9"));
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, before);
  await page.waitForFunction(() => document.getElementById("num-eta-t").value === "0.5");
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
  for (const [kind, test] of [["png", (b) => b.subarray(1, 4).toString() === "PNG"],
    ["svg", (b) => b.toString().includes("<svg")], ["csv", (b) => b.toString().startsWith("eta_u,teacher_closed_form")]]) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`figure.main button[data-export="${kind}"]`),
    ]);
    const file = await download.path();
    assert(download.suggestedFilename() === `w2s-eta-u.${kind}`, download.suggestedFilename());
    assert(test(readFileSync(file)), `${kind} file has the wrong content`);
  }
});

await check("a hostile URL is survived field by field", async () => {
  const { page: p2, errors: e2 } = await open("#eta-u=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&gamma=9&law=evil&p-t=1e309&eta-l=0.3&embed=javascript:alert(1)");
  const status = await p2.$eval("#status", (e) => e.textContent);
  assert(status.includes("eta-u") && status.includes("gamma") && status.includes("law"), `notice: ${status}`);
  assert(await p2.$eval("#num-eta-l", (e) => e.value) === "0.3", "the valid field was not applied");
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
  assert(await p5.$eval("#sim-d-z", (e) => e.value) === "40", "d_z not read from the URL");
  const before = await p5.$eval("#fig-eta-u", (c) => c.toDataURL());
  await p5.click("#sim-run");
  await p5.waitForFunction(() => window.__w2s.sim, null, { timeout: 90000 });
  assert(await p5.$eval("#sim-progress", (e) => e.value) === 1, "progress did not reach 1");
  const points = await p5.evaluate(() => window.__w2s.sim);
  assert(points.length >= 5, `only ${points.length} points`);
  for (const pt of points) {
    const [, t, s] = await p5.evaluate((u) => window.__w2s.explorer.hoverEtaU(u), pt.etaU);
    // Within ±2 SE bars plus a finite-size allowance (d_z = 40 is small: 10 %).
    for (const [name, est, exact] of [["teacher", pt.teacher, t], ["student", pt.student, s]]) {
      assert(Math.abs(est.mean - exact) <= 3 * est.se + 0.1 * exact,
        `${name} at η_u = ${pt.etaU}: ${est.mean} ± ${est.se} vs exact ${exact}`);
    }
  }
  await p5.waitForFunction((b) => document.getElementById("fig-eta-u").toDataURL() !== b, before);
  assert((await p5.$eval("#sim-table", (e) => e.textContent)).includes("vs exact theory"), "no table beside the readouts");
  assert(e5.length === 0, e5.join(" | "));
  await p5.close();
});

await check("a long simulation can be cancelled", async () => {
  const { page: p6 } = await open("#d-z=96&reps=300");
  await p6.click("#sim-run");
  await p6.waitForFunction(() => document.getElementById("sim-progress").value > 0, null, { timeout: 60000 });
  await p6.click("#sim-cancel");
  const status = await p6.$eval("#sim-status", (e) => e.textContent);
  assert(status.startsWith("Cancelled after"), status);
  const v1 = await p6.$eval("#sim-progress", (e) => e.value);
  await p6.waitForTimeout(700);
  assert(await p6.$eval("#sim-progress", (e) => e.value) === v1, "progress moved after cancel");
  assert(v1 < 1, "finished before it could be cancelled");
  assert(!(await p6.$eval("#sim-run", (e) => e.disabled)), "run button stays disabled");
  await p6.close();
});

await check("nothing is requested from the network", async () => {
  assert(foreign.length === 0, `requests: ${foreign.join(", ")}`);
});

await finish("browser");
