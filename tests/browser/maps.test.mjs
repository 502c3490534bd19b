// @ts-check
// The phase map over any two parameters and fresh seeds, in headless
// Chromium: choosing the map's axes in the page (the URL, the title, the
// drawn zero contour), a click and Enter moving the state to a map cell,
// hostile map-x= values ignored and reported, and "New seed" in the
// explorer and a lab (the seed box, the URL, a reload).
// Prints "maps: N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/maps.test.mjs [path/to/w2s]
import { assert, start } from "./harness.mjs";

const { origin, context, foreign, check, finish } = await start("w2s-maps-");

async function open(hash, path = "index.html") {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1300, height: 1000 });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/${path}#${hash}`);
  const ready = path === "index.html" ? () => window.__w2s?.ready : () => window.__lab?.ready;
  await page.waitForFunction(ready, null, { timeout: 20000 });
  return { page, errors };
}

const field = async (page, k) => page.evaluate((key) => new URLSearchParams(location.hash.slice(1)).get(key), k);
const value = (page, k) => page.evaluate((key) => window.__w2s.state.values[window.__w2s.keys.indexOf(key)], k);
const draws = (page) => page.evaluate(() => window.__w2s.draws);

/** Near-black pixels inside the map's plotting area (the zero contours and the state's ring). */
async function blackInPlot(page) {
  return page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-phase-map"));
    const data = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? [];
    const ex = window.__w2s.explorer;
    let n = 0;
    for (let y = 0; y < c.height; y += 1) {
      for (let x = 0; x < c.width; x += 1) {
        const i = 4 * (y * c.width + x);
        if (data[i] > 40 || data[i + 1] > 40 || data[i + 2] > 40) continue;
        const p = ex.dataAt("phase-map", x + 3, y + 3); // off the axis lines
        const q = ex.dataAt("phase-map", x - 3, y - 3);
        if (p && q) n++;
        p?.free(); q?.free();
      }
    }
    return n;
  });
}

// A state with W2S and failure on the (γ_z, sep) map (the surrogate law,
// labeled data mostly majority, unlabeled mostly minority).
const STATE = "law=surrogate&eta-l=0.1&eta-u=0.9&xi2=0";
const { page, errors } = await open(STATE);

await check("choosing map axes (γ_z, ‖μ_ξ‖²/σ²) in the page writes them to the URL and retitles the map", async () => {
  assert(await field(page, "map-x") === null, "the default axes are written to the URL");
  const before = await draws(page);
  await page.selectOption("#map-x", "gamma");
  await page.waitForFunction((n) => window.__w2s.draws > n, before);
  await page.selectOption("#map-y", "sep");
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("map-y") === "sep");
  assert(await field(page, "map-x") === "gamma", `map-x = ${await field(page, "map-x")}`);
  const title = await page.$eval("#fig-phase-map", (c) => c.closest("figure")?.querySelector("figcaption span")?.textContent);
  assert(title === "Relative gain over (γ_z, ‖μ_ξ‖²/σ_ξ²)", `title: ${title}`);
  const csv = await page.evaluate(() => window.__w2s.explorer.csv("phase-map"));
  assert(/\ngamma,sep,relative_gain_exact\n/.test(csv), "the CSV's columns are not gamma, sep");
  assert(errors.length === 0, errors.join(" | "));
});

await check("the zero contour is drawn on the (γ_z, sep) map, and not where the gain never changes sign", async () => {
  const withContour = await blackInPlot(page);
  // The default state: W2S everywhere on this map (no contour, only the state's ring).
  const { page: plain } = await open("map-x=gamma&map-y=sep");
  const without = await blackInPlot(plain);
  await plain.close();
  assert(withContour > without + 150, `black pixels in the plot: ${withContour} with a contour, ${without} without`);
});

await check("a click on the map moves the state to the clicked cell (within one cell)", async () => {
  await page.$eval("#fig-phase-map", (c) => c.scrollIntoView({ block: "center" }));
  await page.waitForTimeout(300); // the scroll's redraw of a figure that came into view
  const target = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-phase-map"));
    const r = c.getBoundingClientRect();
    const [fx, fy] = [0.3, 0.35];
    const p = window.__w2s.explorer.dataAt("phase-map", fx * c.width, fy * c.height);
    const out = p ? { x: p.x, y: p.y, cx: r.left + fx * r.width, cy: r.top + fy * r.height } : null;
    p?.free();
    return out;
  });
  assert(target !== null, "no data under the point clicked");
  await page.mouse.click(target.cx, target.cy);
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("sep") !== "4");
  const [g, s] = [await value(page, "gamma"), await value(page, "sep")];
  const cell = { g: (0.16 - 0.001) / 63, s: 30 / 63 };
  assert(Math.abs(g - target.x) <= cell.g && Math.abs(s - target.y) <= cell.s,
    `clicked (γ_z ${target.x}, sep ${target.y}), state (${g}, ${s})`);
  assert(Math.abs(Number(await field(page, "gamma")) - g) < 1e-12, "the URL does not hold the new γ_z");
});

await check("arrow keys and Enter on the focused map move the state one cell", async () => {
  const g0 = await value(page, "gamma");
  const s0 = await value(page, "sep");
  await page.focus("#fig-phase-map");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const said = await page.$eval("#map-cursor", (e) => e.textContent ?? "");
  assert(/Enter moves the state there/.test(said), `cursor text: ${said}`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((g) => window.__w2s.state.values[window.__w2s.keys.indexOf("gamma")] !== g, g0);
  const [g, s] = [await value(page, "gamma"), await value(page, "sep")];
  const cell = { g: (0.16 - 0.001) / 63, s: 30 / 63 };
  assert(Math.abs(g - g0 - 2 * cell.g) <= 0.51 * cell.g, `γ_z ${g0} → ${g}: not two cells right`);
  assert(Math.abs(s0 - s - cell.s) <= 0.51 * cell.s, `sep ${s0} → ${s}: not one cell down`);
});

await check("a reload keeps the map's axes", async () => {
  await page.reload();
  await page.waitForFunction(() => window.__w2s?.ready);
  const [x, y] = [await page.$eval("#map-x", (e) => /** @type {HTMLSelectElement} */ (e).value), await page.$eval("#map-y", (e) => /** @type {HTMLSelectElement} */ (e).value)];
  assert(x === "gamma" && y === "sep", `menus ${x}, ${y} after a reload`);
});

await check("hostile map-x= and map-y= values are ignored and reported", async () => {
  for (const [hash, kept, named] of /** @type {[string, string[], string][]} */ ([
    [`map-x=${encodeURIComponent("<img src=x onerror=alert(1)>")}&map-y=sep`, ["eta-l", "sep"], "map-x"],
    ["map-x=p-t&map-y=GAMMA", ["eta-l", "eta-u"], "map-x, map-y"],
    ["map-x=sep&map-y=sep", ["eta-l", "eta-u"], "map-x, map-y"],
    [`map-x=${"x".repeat(5000)}`, ["eta-l", "eta-u"], "map-x"],
  ])) {
    const { page: p, errors: errs } = await open(hash);
    const menus = [await p.$eval("#map-x", (e) => /** @type {HTMLSelectElement} */ (e).value), await p.$eval("#map-y", (e) => /** @type {HTMLSelectElement} */ (e).value)];
    const notice = await p.$eval("#status", (e) => e.textContent ?? "");
    await p.close();
    assert(menus.join() === kept.join(), `${hash.slice(0, 40)}: menus ${menus}`);
    assert(notice.includes("Ignored from the link") && notice.includes(named), `${hash.slice(0, 40)}: notice "${notice.slice(0, 200)}"`);
    assert(errs.length === 0, errs.join(" | "));
  }
});

await check("New seed (explorer) changes the seed box and the URL, and a reload restores it", async () => {
  const box = "#sim-seed";
  const before = await page.$eval(box, (e) => /** @type {HTMLInputElement} */ (e).value);
  await page.click("#sim-new-seed");
  const after = await page.$eval(box, (e) => /** @type {HTMLInputElement} */ (e).value);
  assert(after !== before && /^\d+$/.test(after) && Number(after) < 1e9, `seed ${before} → ${after}`);
  await page.waitForFunction((s) => new URLSearchParams(location.hash.slice(1)).get("seed") === s, after);
  await page.reload();
  await page.waitForFunction(() => window.__w2s?.ready);
  const restored = await page.$eval(box, (e) => /** @type {HTMLInputElement} */ (e).value);
  assert(restored === after, `seed after a reload: ${restored}, not ${after}`);
  await page.click("#sim-new-seed");
  const third = await page.$eval(box, (e) => /** @type {HTMLInputElement} */ (e).value);
  assert(third !== after, "a second New seed gave the same seed");
});

await check("New seed (lab) changes the seed knob and the URL, and a reload restores it", async () => {
  const { page: lab, errors: errs } = await open("seeds=4&big-n=1000&n=300", "www/enhanced.html");
  const box = "#new-seed";
  await lab.click(box);
  await lab.waitForFunction(() => /(^|&)seed=\d+/.test(location.hash.slice(1)) && new URLSearchParams(location.hash.slice(1)).get("seed") !== "1");
  const seed = await field(lab, "seed");
  const shown = await lab.evaluate(() => window.__lab.state.values[window.__lab.keys.indexOf("seed")]);
  assert(String(shown) === seed, `state seed ${shown}, URL ${seed}`);
  await lab.reload();
  await lab.waitForFunction(() => window.__lab?.ready);
  const again = await lab.evaluate(() => window.__lab.state.values[window.__lab.keys.indexOf("seed")]);
  assert(String(again) === seed, `after a reload ${again}, not ${seed}`);
  await lab.close();
  assert(errs.length === 0, errs.join(" | "));
});

await check("nothing is requested from the network", async () => {
  assert(foreign.length === 0, foreign.join(", "));
});

await finish("maps");
