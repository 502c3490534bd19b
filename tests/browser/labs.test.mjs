// @ts-check
// The two lab pages as a person uses them, in headless Chromium: load, the
// first run in web workers, numbers against the CLI, jobs with progress,
// cancel, bad input, hostile links, URL state, exports, navigation, phone.
// Prints "N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/labs.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, ink, root, start } from "./harness.mjs";
import { HOSTILE_TEXTS, frames, prng, typeInto } from "./cases.mjs";

const bin = process.argv[2] ?? join(root, "target/release/w2s");
const { origin, context, foreign, check, finish } = await start("w2s-labs-");

async function open(path, viewport = { width: 1300, height: 1000 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/${path}`);
  await page.waitForFunction(() => window.__lab?.ready, null, { timeout: 20000 });
  return { page, errors };
}

const runs = (page) => page.evaluate(() => window.__lab.runs);
const cli = (args) => JSON.parse(execFileSync(bin, [...args, "--json"], { encoding: "utf8" }));

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), "utf8") };
}

// Small runs keep the suite quick; the numbers are checked against the CLI.
const small = "seeds=4&big-n=1000&n=300";
const { page: enh, errors: enhErrors } = await open(`www/enhanced.html#${small}`);

await check("Enhanced-W2S page loads, runs in workers on its own, and draws its summary", async () => {
  await enh.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 60000 });
  assert(enhErrors.length === 0, `console errors: ${enhErrors.join(" | ")}`);
  assert(await ink(enh, "#fig-enhanced-summary") > 0.02, "summary canvas looks blank");
  const findings = await enh.$eval("#findings", (e) => e.textContent);
  assert(/Enhanced-W2S (improves|lowers|does not change)/.test(findings), `findings: ${findings}`);
  // Figures of jobs not run yet say so instead of staying blank.
  assert(await ink(enh, "#fig-enhanced-heat") > 0.001, "the not-yet-run heat map is blank");
});

/** The page's job buttons, scenario options and wide figures are the core's lists, in its order. */
async function builtFromCore(page) {
  const got = await page.evaluate(async () => {
    const w2s = await import("../pkg/w2s.js");
    const lab = document.body.dataset.lab;
    return {
      jobs: JSON.parse(w2s.labJobs(lab)),
      presets: JSON.parse(w2s.labPresets(lab)),
      figures: JSON.parse(w2s.labFigures(lab)),
      buttons: [...document.querySelectorAll("#run-panel button[data-job]")].map((b) => [/** @type {HTMLElement} */ (b).dataset.job, b.textContent]),
      options: [...document.querySelectorAll("#preset option")].filter((o) => /** @type {HTMLOptionElement} */ (o).value).map((o) => [/** @type {HTMLOptionElement} */ (o).value, o.textContent]),
      wide: [...document.querySelectorAll("#figures figure.main canvas")].map((c) => c.id.slice(4)),
      lastJob: window.__lab.lastJob,
    };
  });
  assert(got.jobs.length >= 1 && got.buttons.length === got.jobs.length, `${got.buttons.length} buttons for ${got.jobs.length} jobs`);
  got.jobs.forEach((j, i) => assert(got.buttons[i][0] === j.key && got.buttons[i][1] === j.label, `button ${i}: ${got.buttons[i]} vs ${j.key} "${j.label}"`));
  assert(got.lastJob === got.jobs[0].key, `the first run was ${got.lastJob}, not the default job ${got.jobs[0].key}`);
  assert(JSON.stringify(got.options) === JSON.stringify(got.presets.map((p) => [p.key, p.label])), `presets: ${JSON.stringify(got.options)}`);
  assert(JSON.stringify(got.wide) === JSON.stringify(got.figures.filter((f) => f.main).map((f) => f.key)), `wide figures: ${got.wide}`);
}

await check("the Enhanced-W2S page's job buttons, presets and wide figures come from the core", () => builtFromCore(enh));

await check("the page's numbers equal `w2s enhanced` at the same settings", async () => {
  const csv = await download(enh, '#figures figure:has(#fig-enhanced-summary) button[data-export="csv"]');
  assert(csv.name === "w2s-enhanced-summary.csv", csv.name);
  const rows = Object.fromEntries(csv.text.trim().split("\n").slice(1).map((l) => { const c = l.split(","); return [c[0], c.slice(1).map(Number)]; }));
  const t = cli(["enhanced", "--seeds", "4", "--big-n", "1000", "--n", "300"]).summary;
  for (const [head, key] of [["teacher", "teacher"], ["vanilla", "vanilla"], ["enhanced", "enhanced"]]) {
    assert(Math.abs(rows[head][0] - t[key].average.mean) <= 1e-9, `${head} average: page ${rows[head][0]} vs CLI ${t[key].average.mean}`);
    assert(Math.abs(rows[head][2] - t[key].worst_group.mean) <= 1e-9, `${head} worst: page ${rows[head][2]} vs CLI ${t[key].worst_group.mean}`);
  }
});

await check("the η_u sweep reports progress and draws both of its figures", async () => {
  const before = await runs(enh);
  await enh.evaluate(() => {
    window.__progress = [];
    const p = /** @type {HTMLProgressElement} */ (document.getElementById("progress"));
    new MutationObserver(() => {}).observe(p, { attributes: true });
    const t = setInterval(() => { window.__progress.push(p.value); if (!/** @type {HTMLButtonElement} */ (document.getElementById("cancel")).disabled) return; }, 20);
    window.__stopProgress = () => clearInterval(t);
  });
  await enh.click('button[data-job="sweep"]');
  await enh.waitForFunction((n) => window.__lab.runs > n, before, { timeout: 120000 });
  const progress = await enh.evaluate(() => { window.__stopProgress(); return window.__progress; });
  assert(progress.some((v) => v > 0 && v < 1), `no intermediate progress seen: ${progress.slice(0, 10)}`);
  assert(await ink(enh, "#fig-enhanced-sweep") > 0.02, "sweep canvas looks blank");
  assert(await ink(enh, "#fig-enhanced-share") > 0.02, "share canvas looks blank");
  const findings = await enh.$eval("#findings", (e) => e.textContent);
  assert(findings.includes("Sweep at η_ℓ = 0.05") && findings.includes("Sweep at η_ℓ = 0.50"), findings);
  const svg = await download(enh, '#figures figure:has(#fig-enhanced-share) button[data-export="svg"]');
  assert(svg.text.startsWith("<svg") && svg.text.includes("kept subset"), "share SVG export");
});

await check("a long job can be cancelled and the last results stay", async () => {
  await enh.evaluate(() => { location.hash = "#seeds=60&big-n=4000"; });
  await enh.reload();
  await enh.waitForFunction(() => window.__lab?.ready);
  await enh.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 120000 });
  await enh.click('button[data-job="heat"]');
  await enh.waitForFunction(() => /** @type {HTMLProgressElement} */ (document.getElementById("progress")).value > 0, null, { timeout: 60000 });
  await enh.click("#cancel");
  const status = await enh.$eval("#run-status", (e) => e.textContent);
  assert(status.startsWith("Cancelled"), status);
  assert(!(await enh.$eval('button[data-job="heat"]', (/** @type {HTMLButtonElement} */ b) => b.disabled)), "job buttons still disabled");
  assert(await ink(enh, "#fig-enhanced-summary") > 0.02, "summary vanished after cancel");
});

await check("a typed out-of-range value is refused at its control, naming the range", async () => {
  const hash = await enh.evaluate(() => location.hash);
  await enh.fill("#num-q", "0");
  await enh.press("#num-q", "Enter");
  const msg = await enh.$eval("#control-q .error", (e) => e.textContent);
  assert(msg === "q (q) = 0 is out of range: allowed (0, 1]", msg);
  assert(await enh.evaluate(() => location.hash) === hash, "URL changed on a refused value");
  await enh.fill("#num-q", "0.5");
  await enh.press("#num-q", "Enter");
  await enh.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("q") === "0.5");
  assert(await enh.$eval("#control-q .error", (e) => e.textContent) === "", "error not cleared");
  // Each in range, together too big for one run: refused at the control changed last.
  await enh.fill("#num-d", "200");
  await enh.press("#num-d", "Enter");
  await enh.fill("#num-big-n", "100000");
  await enh.press("#num-big-n", "Enter");
  const big = await enh.$eval("#control-big-n .error", (e) => e.textContent);
  assert(big === "N × (d + 1) = 20100000 numbers is too many for one run: at most 4000000 (lower N or d)", big);
  assert(new URLSearchParams(await enh.evaluate(() => location.hash.slice(1))).get("big-n") !== "100000", "a refused value reached the URL");
  await enh.fill("#num-d", "20");
  await enh.press("#num-d", "Enter");
  await enh.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("d") === "20");
});

await check("a hostile link is ignored field by field", async () => {
  const { page, errors } = await open("www/enhanced.html#q=0&seeds=abc&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1&eta-u=0.3&d=1e9&big-n=500");
  const status = await page.$eval("#status", (e) => e.textContent);
  assert(status.startsWith("Ignored from the link:") && status.includes("q") && status.includes("seeds") && status.includes("d"), status);
  assert(await page.$eval("#num-eta-u", (/** @type {HTMLInputElement} */ e) => e.value) === "0.3", "valid field not applied");
  assert(await page.$$eval("img", (l) => l.length) === 0, "markup from the hash was injected");
  await page.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 60000 });
  assert(errors.length === 0, errors.join(" | "));
  await page.close();
});

await check("settings live in the URL and survive a reload", async () => {
  await enh.evaluate(() => {
    const r = /** @type {HTMLInputElement} */ (document.getElementById("range-p"));
    r.value = "0.3";
    r.dispatchEvent(new Event("input", { bubbles: true }));
    r.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await enh.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("p") === "0.3");
  await enh.reload();
  await enh.waitForFunction(() => window.__lab?.ready);
  assert(await enh.$eval("#num-p", (/** @type {HTMLInputElement} */ e) => e.value) === "0.3", "p not restored");
});

const { page: lg, errors: lgErrors } = await open("www/logistic.html#pairs=40");

await check("logistic-regression page trains its pairs on load and draws the paths", async () => {
  await lg.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 60000 });
  assert(lgErrors.length === 0, lgErrors.join(" | "));
  assert(await ink(lg, "#fig-logistic-paths") > 0.01, "paths canvas looks blank");
  const f = await lg.$eval("#findings", (e) => e.textContent);
  assert(/Of 40 random pairs/.test(f), f);
});

await check("the logistic page's job buttons, presets and wide figures come from the core", () => builtFromCore(lg));

await check("the norm sweep equals `w2s logistic --job norms`", async () => {
  const before = await runs(lg);
  await lg.click('button[data-job="norms"]');
  await lg.waitForFunction((n) => window.__lab.runs > n, before, { timeout: 120000 });
  assert(await ink(lg, "#fig-logistic-norms") > 0.01, "norms canvas looks blank");
  const csv = await download(lg, '#figures figure:has(#fig-logistic-norms) button[data-export="csv"]');
  const rows = csv.text.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
  const t = cli(["logistic", "--job", "norms", "--pairs", "40"]).norms;
  assert(rows.length === t.length && rows.length === 13, `${rows.length} rows`);
  rows.forEach((r, i) => {
    assert(r[0] === t[i].norm_0, `norm ${r[0]} vs ${t[i].norm_0}`);
    assert(Math.abs(r[1] - t[i].ends_above_both.mean) <= 1e-12, `ends above at ‖w₀‖ = ${r[0]}: ${r[1]} vs ${t[i].ends_above_both.mean}`);
  });
  const png = await download(lg, '#figures figure:has(#fig-logistic-norms) button[data-export="png"]');
  assert(png.name === "w2s-logistic-norms.png", png.name);
});

await check("presets apply and rerun", async () => {
  const before = await runs(lg);
  await lg.selectOption("#preset", "soft");
  await lg.waitForFunction((n) => window.__lab.runs > n, before, { timeout: 60000 });
  assert(new URLSearchParams(await lg.evaluate(() => location.hash.slice(1))).get("soft") === "1", "soft labels not set");
});

await check("soft labels are a checkbox: a click sets soft=1 in the link, and links soft=0/1 set it", async () => {
  const { page: p, errors: e } = await open("www/logistic.html#pairs=5&soft=1");
  const soft = () => p.evaluate(() => window.__lab.state.values[window.__lab.keys.indexOf("soft")]);
  const inLink = () => p.evaluate(() => new URLSearchParams(location.hash.slice(1)).get("soft"));
  assert(await p.$$eval("#range-soft, #num-soft", (l) => l.length) === 0, "soft still has a slider or a number box");
  assert(await p.$eval("#check-soft", (/** @type {HTMLInputElement} */ c) => c.checked) && await soft() === 1, "soft=1 in the link does not check the box");
  await p.click("#check-soft");
  assert(await soft() === 0 && await inLink() === "0", `unchecked: state ${await soft()}, link ${await inLink()}`);
  await p.click('label[for="check-soft"]');
  assert(await soft() === 1 && await inLink() === "1", `checked by its label: state ${await soft()}, link ${await inLink()}`);
  await p.evaluate(() => { location.hash = "#pairs=5&soft=0"; });
  await frames(p);
  assert(!(await p.$eval("#check-soft", (/** @type {HTMLInputElement} */ c) => c.checked)) && await soft() === 0, "soft=0 in the link does not uncheck the box");
  await p.evaluate(() => { location.hash = "#pairs=5&soft=0.5"; });
  await frames(p);
  assert(await soft() === 0 && (await p.$eval("#status", (el) => el.textContent)).includes("soft"), "soft=0.5 was not refused in words");
  const before = await runs(p);
  await p.click('button[data-job="paths"]');
  await p.waitForFunction((n) => window.__lab.runs > n, before, { timeout: 60000 });
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("the header links the three pages", async () => {
  const page = await context.newPage();
  await page.goto(`${origin}/index.html`);
  await page.click('nav.pages a[href="www/logistic.html"]');
  await page.waitForFunction(() => window.__lab?.ready);
  await page.click('nav.pages a[href="../index.html"]');
  await page.waitForFunction(() => window.__w2s?.ready);
  await page.close();
});

await check("the lab pages fit a 375-pixel phone viewport", async () => {
  for (const path of ["www/enhanced.html#seeds=2&big-n=500&n=100", "www/logistic.html#pairs=5"]) {
    const { page } = await open(path, { width: 375, height: 800 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(over <= 0, `${path}: ${over}px horizontal overflow`);
    await page.close();
  }
});

// ---- links and hostile input (issue 9) ----
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** A lab's state as the page holds it and as its boxes show it. */
const labState = (p) => p.evaluate(() => ({
  values: window.__lab.state.values.slice(),
  // A switch's checkbox shows its 0 or 1 as checked or not.
  boxes: window.__lab.keys.map((k) => {
    const box = /** @type {HTMLInputElement | null} */ (document.getElementById("num-" + k));
    if (box) return box.value;
    return /** @type {HTMLInputElement} */ (document.getElementById("check-" + k)).checked ? "1" : "0";
  }),
}));
const knobsOf = (p) => p.evaluate(async () => JSON.parse((await import("../pkg/w2s.js")).labKnobs(document.body.dataset.lab)));
const LAB_PAGES = [["enhanced", "seeds=2&big-n=500&n=100"], ["logistic", "pairs=5"]];

await check("a logistic link whose fields fit only together (n = 100000 with d = 10) is restored whole", async () => {
  const { page: p } = await open("www/logistic.html#n=100000&d=10&pairs=5");
  const keys = await p.evaluate(() => window.__lab.keys);
  const s = await labState(p);
  assert(s.values[keys.indexOf("n")] === 100000 && s.values[keys.indexOf("d")] === 10, `restored n ${s.values[keys.indexOf("n")]}, d ${s.values[keys.indexOf("d")]}`);
  const status = await p.$eval("#status", (el) => el.textContent);
  assert(status === "", `notice: ${status}`);
  await p.close();
});

await check("every lab preset round-trips through its link exactly", async () => {
  for (const [name, small] of LAB_PAGES) {
    const { page: a } = await open(`www/${name}.html#${small}`);
    const presets = await a.$$eval("#preset option", (/** @type {HTMLOptionElement[]} */ os) => os.map((o) => o.value).filter(Boolean));
    assert(presets.length >= 3, `${name} presets: ${presets}`);
    for (const preset of presets) {
      await a.selectOption("#preset", preset);
      await frames(a);
      const hash = await a.evaluate(() => location.hash);
      const want = await labState(a);
      const { page: b } = await open(`www/${name}.html${hash}`);
      const got = await labState(b);
      assert(same(got, want), `${name} preset ${preset}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      assert(await b.evaluate(() => location.hash) === hash, `${name} preset ${preset}: the link was rewritten`);
      assert(await b.$eval("#status", (el) => el.textContent) === "", `${name} preset ${preset}: something was ignored`);
      await b.close();
    }
    await a.close();
  }
});

/** A random value of every knob over its whole range (the core checks the sizes below). */
function randomLabState(rand, knobs) {
  return knobs.map((k) => {
    if (k.integer) return k.min + Math.floor(rand() * (k.max - k.min + 1));
    return k.openMin ? k.min + (k.max - k.min) * (1 - rand()) : k.min + (k.max - k.min) * rand();
  });
}

await check("10 random valid states of each lab (seeded) round-trip through their link exactly", async () => {
  const rand = prng(9010);
  for (const [name, small] of LAB_PAGES) {
    const { page: a } = await open(`www/${name}.html#${small}`);
    const knobs = await knobsOf(a);
    let done = 0;
    for (let tries = 0; done < 10 && tries < 100; tries++) {
      const values = randomLabState(rand, knobs);
      const fits = await a.evaluate(async (v) => {
        const { labCheck } = await import("../pkg/w2s.js");
        try { labCheck(document.body.dataset.lab, Float64Array.from(v)); return true; } catch { return false; }
      }, values);
      if (!fits) continue;
      done++;
      const q = new URLSearchParams();
      knobs.forEach((k, i) => q.set(k.key, String(values[i])));
      const want = { values, boxes: values.map(String) };
      await a.evaluate((h) => { location.hash = h; }, "#" + q.toString());
      await frames(a);
      const inPlace = await labState(a);
      assert(same(inPlace, want), `${name} state ${done} in place: ${JSON.stringify(inPlace)} vs ${JSON.stringify(want)}`);
      const hash = await a.evaluate(() => location.hash);
      const { page: b } = await open(`www/${name}.html${hash}`);
      const fresh = await labState(b);
      await b.close(); // before its first run gets far: the sizes may be large
      assert(same(fresh, want), `${name} state ${done} in a fresh page: ${JSON.stringify(fresh)} vs ${JSON.stringify(want)}`);
    }
    assert(done === 10, `${name}: only ${done} random states were valid`);
    await a.close();
  }
});


for (const [name, small] of LAB_PAGES) {
  await check(`hostile and out-of-range values in every ${name} box are refused in words, and the next valid value is used`, async () => {
    const { page: p, errors: e } = await open(`www/${name}.html#${small}`);
    const knobs = await knobsOf(p);
    const keys = await p.evaluate(() => window.__lab.keys);
    for (const [i, k] of knobs.entries()) {
      if (k.switch) continue; // a checkbox has no box to type into; its links are checked below
      const id = `#num-${k.key}`;
      const err = () => p.$eval(`#control-${k.key} .error`, (el) => el.textContent);
      const base = await p.evaluate(() => window.__lab.state.values.slice());
      const other = k.integer ? (base[i] + 1 <= k.max ? base[i] + 1 : base[i] - 1) : (base[i] + k.max) / 2;
      const valids = [String(other), String(base[i])];
      const outside = [String(k.openMin ? k.min : k.min - k.step), String(k.max + k.step)].concat(k.integer ? [String(k.min + 0.5)] : []);
      let turn = 0;
      for (const text of [...HOSTILE_TEXTS, ...outside]) {
        const before = { values: await p.evaluate(() => window.__lab.state.values.slice()), hash: await p.evaluate(() => location.hash) };
        const seen = await typeInto(p, id, text);
        const v = seen.trim() === "" ? NaN : Number(seen);
        const inRange = Number.isFinite(v) && (k.openMin ? v > k.min : v >= k.min) && v <= k.max && (!k.integer || Number.isInteger(v));
        const label = `${k.key} ← ${JSON.stringify(text.slice(0, 30))} (box holds ${JSON.stringify(seen.slice(0, 30))})`;
        const values = await p.evaluate(() => window.__lab.state.values.slice());
        if (!inRange) {
          const msg = await err();
          assert(msg.includes(k.key) && !/unreachable|RuntimeError|recursive use/i.test(msg), `${label}: ${JSON.stringify(msg.slice(0, 200))}`);
          assert(same(values, before.values) && await p.evaluate(() => location.hash) === before.hash, `${label}: the state or URL changed while refused`);
        } else {
          assert(await err() === "" && values[i] === v, `${label}: in range but not used (${values[i]}): ${await err()}`);
        }
        const valid = valids[turn++ % 2];
        await typeInto(p, id, valid);
        assert(await err() === "", `${k.key} ← ${valid} after ${label}: still an error: ${await err()}`);
        const now = await p.evaluate(() => window.__lab.state.values.slice());
        assert(now[i] === Number(valid), `${k.key} ← ${valid} after ${label}: state holds ${now[i]}`);
        const inUrl = new URLSearchParams((await p.evaluate(() => location.hash)).slice(1)).get(k.key);
        assert(inUrl === valid, `${k.key} ← ${valid} after ${label}: URL holds ${inUrl}`);
      }
      assert(keys[i] === k.key, `knob order: ${keys[i]} vs ${k.key}`);
    }
    assert(e.length === 0, e.join(" | "));
    await p.close();
  });
}

await check("after each hostile hash a lab page holds a valid state, and the next valid hash is used", async () => {
  const { page: p, errors: e } = await open("www/enhanced.html#seeds=2&big-n=500&n=100");
  const keys = await p.evaluate(() => window.__lab.keys);
  const hostile = ["#q=0&p=-1", "#d=1e9&big-n=1e309", "#seeds=0x10&seed=Infinity", "#__proto__=1&constructor=2",
    "#%E0%A4%A&eta-u=%3Cimg%20src%3Dx%3E", "#" + "d=".repeat(3000), "#q=" + "9".repeat(10000)];
  let turn = 0;
  for (const hash of hostile) {
    await p.evaluate((h) => { location.hash = h; }, hash);
    await frames(p);
    const ok = await p.evaluate(async () => {
      const { labCheck } = await import("../pkg/w2s.js");
      try { labCheck("enhanced", Float64Array.from(window.__lab.state.values)); return true; } catch { return false; }
    });
    assert(ok, `after ${hash.slice(0, 40)} the page holds an invalid state`);
    const q = ["0.3", "0.6"][turn++ % 2];
    await p.evaluate((h) => { location.hash = h; }, `#seeds=2&big-n=500&n=100&q=${q}`);
    await frames(p);
    const s = await labState(p);
    assert(s.values[keys.indexOf("q")] === Number(q) && s.boxes[keys.indexOf("q")] === q, `q=${q} after ${hash.slice(0, 40)}: ${s.values}`);
  }
  assert(await p.$$eval("img", (l) => l.length) === 0, "markup from a hash reached the page");
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("nothing is requested from the network", async () => {
  assert(foreign.length === 0, foreign.join(", "));
});

await finish("labs");
