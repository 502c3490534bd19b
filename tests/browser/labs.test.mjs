// The two lab pages as a person uses them, in headless Chromium: load, the
// first run in web workers, numbers against the CLI, jobs with progress,
// cancel, bad input, hostile links, URL state, exports, navigation, phone.
// Prints "N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/labs.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, ink, root, start } from "./harness.mjs";

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
    const p = document.getElementById("progress");
    new MutationObserver(() => {}).observe(p, { attributes: true });
    const t = setInterval(() => { window.__progress.push(p.value); if (!document.getElementById("cancel").disabled) return; }, 20);
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
  await enh.waitForFunction(() => document.getElementById("progress").value > 0, null, { timeout: 60000 });
  await enh.click("#cancel");
  const status = await enh.$eval("#run-status", (e) => e.textContent);
  assert(status.startsWith("Cancelled"), status);
  assert(!(await enh.$eval('button[data-job="heat"]', (b) => b.disabled)), "job buttons still disabled");
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
  assert(await page.$eval("#num-eta-u", (e) => e.value) === "0.3", "valid field not applied");
  assert(await page.$$eval("img", (l) => l.length) === 0, "markup from the hash was injected");
  await page.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 60000 });
  assert(errors.length === 0, errors.join(" | "));
  await page.close();
});

await check("settings live in the URL and survive a reload", async () => {
  await enh.evaluate(() => {
    const r = document.getElementById("range-p");
    r.value = "0.3";
    r.dispatchEvent(new Event("input", { bubbles: true }));
    r.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await enh.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("p") === "0.3");
  await enh.reload();
  await enh.waitForFunction(() => window.__lab?.ready);
  assert(await enh.$eval("#num-p", (e) => e.value) === "0.3", "p not restored");
});

const { page: lg, errors: lgErrors } = await open("www/logistic.html#pairs=40");

await check("logistic-regression page trains its pairs on load and draws the paths", async () => {
  await lg.waitForFunction(() => window.__lab.runs >= 1, null, { timeout: 60000 });
  assert(lgErrors.length === 0, lgErrors.join(" | "));
  assert(await ink(lg, "#fig-logistic-paths") > 0.01, "paths canvas looks blank");
  const f = await lg.$eval("#findings", (e) => e.textContent);
  assert(/Of 40 random pairs/.test(f), f);
});

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

await check("nothing is requested from the network", async () => {
  assert(foreign.length === 0, foreign.join(", "));
});

await finish("labs");
