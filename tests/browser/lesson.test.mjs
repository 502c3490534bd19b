// @ts-check
// The lesson page (www/lesson.html) as a student uses it, in headless
// Chromium: every section's sliders moved by keyboard or typed, its live
// numbers against `w2s theory` at the state they say they were computed at,
// every "predict, then check" question answered right and wrong against the
// answer the CLI gives, every link into the explorer and the labs followed
// (nothing ignored, every field kept), the live check of section 4 redone
// with the CLI, the simulation of section 9 against the exact theory, a
// 375-pixel phone, the keyboard, console errors and the network; and a text
// check that no number the core computes is typed into the page.
// Prints "lesson: N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/lesson.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, ink, root, start } from "./harness.mjs";

const bin = process.argv[2] ?? join(root, "target/release/w2s");
const { origin, context, foreign, check, finish } = await start("w2s-lesson-");
const SECTIONS = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"];
// The page's values and the CLI's come from the same core; they may differ
// only by a warm start's rounding (the fixed point is solved to 1e-9).
const TOL = 1e-6;

/** @type {Map<string, any>} */
const cache = new Map();
/** `w2s theory --json` at a link's state (its law and parameters; the explorer's own fields skipped). */
function theoryAt(hash) {
  const args = [];
  for (const [k, v] of new URLSearchParams(hash.replace(/^#/, ""))) {
    if (!["layers", "d-z", "reps", "seed"].includes(k)) args.push(`--${k}`, v);
  }
  const key = args.join(" ");
  if (!cache.has(key)) cache.set(key, JSON.parse(execFileSync(bin, ["theory", "--json", ...args], { encoding: "utf8" })));
  return cache.get(key);
}

/** The CLI's value of a readout the page names. */
function cliValue(t, name) {
  const verdict = () => (Math.abs(t.gain.exact) <= 1e-9 * Math.abs(t.teacher.exact) ? 0 : Math.sign(t.gain.exact));
  const layers = { "closed-form": "closed_form", "first-order": "first_order", exact: "exact" };
  const [layer, field] = name.split(".");
  if (name === "exact.verdict") return verdict();
  if (name.endsWith("eta-u-star")) return t.eta_u_star[layers[layer]] ?? NaN;
  const group = /^(teacher|student)-(majority|minority)$/.exec(field);
  if (layer === "exact" && group) return t.groups[group[1]][group[2]];
  if (name === "theorem.mu-t2") return t.derived.mu_t_norm2;
  if (name === "theorem.p-shared") return t.derived.p_shared;
  if (name === "theorem.spurious") {
    const p = t.params;
    return (p.eta_u - p.eta_l) * Math.sqrt(t.derived.mu_t_norm2) + (p.eta_t - p.eta_u) * Math.sqrt(t.derived.xi_mu_s_norm2);
  }
  const row = t[field.replace("-", "_")];
  assert(row && layers[layer], `the test does not know the readout ${name}`);
  return row[layers[layer]] ?? NaN;
}

/** The page's number format (www/lesson/core.js), to find a number in a reveal's words. */
function fmt(x) {
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  return x.toPrecision(3);
}

async function open(path = "www/lesson.html", viewport = { width: 1280, height: 900 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/${path}`);
  return { page, errors };
}

async function openLesson(viewport) {
  const o = await open("www/lesson.html", viewport);
  await o.page.waitForFunction(() => {
    const l = /** @type {any} */ (window).__lesson;
    return l?.ready && l.audit && Object.values(l.sections).every((s) => /** @type {any} */ (s).draws > 0);
  }, null, { timeout: 60000 });
  return o;
}

const draws = (page, sid) => page.evaluate((id) => /** @type {any} */ (window).__lesson.sections[id].draws, sid);

/** Waits for a section's next committed draw after `action`. */
async function redrawn(page, sid, action) {
  const before = await draws(page, sid);
  await action();
  await page.waitForFunction(([id, n]) => /** @type {any} */ (window).__lesson.sections[id].draws > n, [sid, before], { timeout: 20000 });
  await page.waitForTimeout(30);
}

/** Types a value into a section's knob, as a student would (the box, then Enter). */
const type = (page, sid, key, value) => redrawn(page, sid, async () => {
  await page.fill(`#${sid}-num-${key}`, String(value));
  await page.press(`#${sid}-num-${key}`, "Enter");
});

/** Moves a section's slider by keyboard. */
const arrows = (page, sid, key, n, dir = "ArrowRight") => redrawn(page, sid, async () => {
  await page.focus(`#${sid}-range-${key}`);
  for (let i = 0; i < n; i++) await page.keyboard.press(dir);
});

// Each section's moves: its own knobs, by keyboard and by typing.
/** @type {Record<string, (page: any) => Promise<void>>} */
const MOVES = {
  s1: async (p) => { await type(p, "s1", "sep", 9); await arrows(p, "s1", "eta-l", 20); },
  s2: async (p) => { await type(p, "s2", "eta-t", 0.8); await arrows(p, "s2", "eta-l", 10); },
  s3: async (p) => { await type(p, "s3", "xi2", 1.2); await arrows(p, "s3", "eta-u", 30); },
  s4: async (p) => { await arrows(p, "s4", "rho", 30, "ArrowLeft"); await type(p, "s4", "nu", 0.001); },
  s5: async (p) => { await redrawn(p, "s5", () => p.click('#s5 button[data-case="default"]')); await type(p, "s5", "eta-u", 0.05); },
  s6: async (p) => { await type(p, "s6", "sep", 30); },
  s7: async (p) => { await type(p, "s7", "nu", 0.02); },
  s8: async (p) => { await arrows(p, "s8", "eta-u", 20, "ArrowLeft"); },
  s9: async (p) => { await type(p, "s9", "gamma", 0.15); },
};

/** Every live number of a section against the CLI at the state it names. */
async function checkNumbers(page, sid) {
  const spans = await page.$$eval(`#${sid} .n[data-read], #${sid} .n[data-word]`, (els) => els.map((e) => ({
    name: e.getAttribute("data-read") ?? "exact.verdict", word: e.hasAttribute("data-word"), percent: e.hasAttribute("data-percent"), alt: e.hasAttribute("data-at"),
    text: e.textContent ?? "", value: Number(e.getAttribute("data-value")), state: e.getAttribute("data-state") ?? "" })));
  assert(spans.length > 0, `${sid} has no live numbers`);
  const link = await page.$eval(`#${sid} a[data-open]`, (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  // The section's own numbers are at its state, the one its link carries (the link may add the simulation's settings).
  for (const s of spans.filter((x) => !x.alt)) assert(link.startsWith(s.state), `${sid} ${s.name}: computed at ${s.state}, the section is at ${link}`);
  for (const s of spans) {
    assert(s.state.startsWith("#"), `${sid} ${s.name}: no state recorded`);
    const want = cliValue(theoryAt(s.state), s.name);
    const same = Number.isNaN(want) ? Number.isNaN(s.value) : Math.abs(s.value - want) <= TOL * Math.max(1, Math.abs(want));
    assert(same, `${sid} ${s.name}: page ${s.value} vs CLI ${want} at ${s.state}`);
    if (s.word) {
      const words = { 1: "happens", "-1": "fails", 0: "brings no gain" };
      assert(s.text === words[String(want)], `${sid}: verdict shown as "${s.text}" for ${want}`);
    } else if (Number.isFinite(want)) {
      const shown = Number(s.text);
      const digits = (s.text.split(".")[1] ?? "").length;
      const v = s.percent ? 100 * want : want;
      assert(Math.abs(shown - v) <= 0.5 * 10 ** -digits * (1 + 1e-9) + 1e-15, `${sid} ${s.name}: shown "${s.text}" for ${v}`);
    }
  }
  return spans.length;
}

/** The parameter values in a section's prose are its state's. */
async function checkParams(page, sid) {
  const hash = await page.$eval(`#${sid} a[data-open]`, (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const q = new URLSearchParams(hash.slice(1));
  const shown = await page.$$eval(`#${sid} .n[data-param]`, (els) => els.map((e) => [e.getAttribute("data-param"), e.textContent]));
  for (const [k, text] of shown) assert(q.get(k ?? "") === text, `${sid}: ${k} shown as ${text}, the state has ${q.get(k ?? "")}`);
}

// The right answer of each question, from the CLI at the section's state (the explorer link's).
/** @type {Record<string, (q: URLSearchParams, t: any) => string>} */
const ANSWERS = {
  q1: (q, t) => {
    const etaL = Number(q.get("eta-l"));
    const step = Math.round(1000 * Math.min(0.2, 1 - etaL)) / 1000;
    const after = theoryAt("#" + new URLSearchParams({ ...Object.fromEntries(q), "eta-l": String(etaL + step) })).groups.teacher.minority;
    const before = t.groups.teacher.minority;
    return after < before * (1 - 1e-9) ? "better" : after > before * (1 + 1e-9) ? "worse" : "same";
  },
  q2: (_q, t) => (t.groups.teacher.minority >= t.groups.teacher.majority ? "minority" : "majority"),
  q3: (_q, t) => ({ 1: "happens", "-1": "fails", 0: "no-gain" })[String(cliValue(t, "exact.verdict"))],
  q4: (q) => (cliValue(theoryAt("#" + new URLSearchParams({ ...Object.fromEntries(q), rho: "0" })), "exact.verdict") < 0 ? "fails" : "happens"),
  q5: (q, t) => {
    const star = t.eta_u_star.exact;
    const etaL = Number(q.get("eta-l"));
    return star === null || Math.abs(star - etaL) <= 0.005 ? "at" : star < etaL ? "below" : "above";
  },
  q6: (q) => (cliValue(theoryAt("#" + new URLSearchParams({ ...Object.fromEntries(q), law: "mixture" })), "exact.verdict") < 0 ? "fails" : "happens"),
  q7: (q, t) => {
    const nu = Number(q.get("nu"));
    const cap = 0.9999 / Number(q.get("p-s"));
    const next = nu > 0 ? Math.min(2 * nu, cap) : Math.min(0.01, cap);
    return theoryAt("#" + new URLSearchParams({ ...Object.fromEntries(q), nu: String(next) })).pgr.exact > t.pgr.exact ? "up" : "down";
  },
  q8: () => "no",
  q9: (_q, t) => (Math.abs(t.teacher.first_order - t.teacher.exact) / t.teacher.exact <= 0.1 ? "close" : "far"),
};

/** Answers a section's question wrong, then right (by keyboard), and checks each reveal. */
async function checkQuestion(page, sid) {
  const qid = await page.$eval(`#${sid} .predict`, (e) => e.getAttribute("data-question") ?? "");
  const hash = await page.$eval(`#${sid} a[data-open]`, (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const q = new URLSearchParams(hash.slice(1));
  const right = ANSWERS[qid](q, theoryAt(hash));
  const choices = await page.$$eval(`#${sid} .predict input[type=radio]`, (els) => els.map((e) => /** @type {HTMLInputElement} */ (e).value));
  assert(choices.includes(right), `${qid}: the CLI's answer ${right} is not a choice (${choices})`);
  const wrong = choices.find((c) => c !== right);
  await page.check(`#${sid} .predict input[value="${wrong}"]`);
  await page.click(`#${sid} .predict button.check`);
  const r1 = await page.$eval(`#${sid} .reveal`, (e) => [e.textContent ?? "", e.getAttribute("data-answer"), /** @type {HTMLElement} */ (e).hidden]);
  assert(!r1[2] && r1[0].startsWith("Not quite") && r1[1] === right, `${qid} answered ${wrong}: ${r1[0].slice(0, 120)} (answer ${r1[1]})`);
  // By keyboard: focus the right radio, Space selects it, Tab to Check, Enter.
  await page.focus(`#${sid} .predict input[value="${right}"]`);
  await page.keyboard.press("Space");
  while (!(await page.evaluate(() => document.activeElement?.classList.contains("check")))) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const r2 = await page.$eval(`#${sid} .reveal`, (e) => e.textContent ?? "");
  assert(r2.startsWith("Right"), `${qid} answered ${right}: ${r2.slice(0, 160)}`);
  return r2;
}

// ---- the page's text: no number the core computes is typed into it ----

/**
 * The numbers typed into the page's prose that the rule refuses: a decimal,
 * a percentage or a whole number of two or more digits (the core's numbers
 * are all decimals; whole numbers under 10 are section numbers and formula
 * constants). The BibTeX block is left out (its arXiv number), and so is
 * the paper's year after "ICLR". Every live slot must also be empty.
 * @param {string} html
 */
export function typedNumbers(html) {
  const found = [];
  for (const m of html.matchAll(/<span class="n"[^>]*>([^<]+)<\/span>/g)) found.push(`a live slot holds "${m[1]}"`);
  const text = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<pre[\s\S]*?<\/pre>|<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ").replace(/&[a-z]+;/g, " ").replace(/ICLR\s+2026/g, "ICLR");
  for (const m of text.matchAll(/\d*[.,]\d+|\d+\s*%|\d{2,}|\d+e[+-]?\d+/gi)) found.push(`"${m[0]}" near "${text.slice(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, " ")}"`);
  return found;
}

await check("the text check refuses a typed number (it can fail)", async () => {
  const html = readFileSync(join(root, "www/lesson.html"), "utf8");
  for (const typed of ["the gain is 0.177.", "a PGR of 1,2", "the student is 76 % better", "ρ = .3", "after 300 draws"]) {
    const mutated = html.replace("<p>Two models learn", `<p>${typed} Two models learn`);
    assert(typedNumbers(mutated).length > typedNumbers(html).length, `"${typed}" got through`);
  }
  assert(typedNumbers(html.replace('data-read="exact.teacher"></span>', 'data-read="exact.teacher">0.5</span>')).length > 0, "a filled slot got through");
});

await check("the lesson's HTML types no number the core computes", async () => {
  const found = typedNumbers(readFileSync(join(root, "www/lesson.html"), "utf8"));
  assert(found.length === 0, found.slice(0, 6).join("; "));
});

const { page, errors } = await openLesson();

await check("loads with no console errors, draws every figure of every section (section 1: the data figure, or η_t until it is merged)", async () => {
  assert(errors.length === 0, errors.join(" | "));
  const canvases = await page.$$eval("main canvas", (cs) => cs.map((c) => c.id));
  for (const sid of SECTIONS) assert(canvases.some((id) => id.startsWith(sid + "-fig-")), `${sid} has no figure`);
  const first = canvases.filter((id) => id.startsWith("s1-fig-"));
  assert(first.length === 1 && ["s1-fig-data", "s1-fig-eta-t"].includes(first.join()), `section 1 draws ${first}`);
  const keys = await page.evaluate(() => /** @type {any} */ (window).__lesson.core.figures);
  if (keys.includes("data")) assert(first.join() === "s1-fig-data", "the core has the data figure, section 1 does not draw it");
  for (const id of canvases) {
    const share = await ink(page, `#${id}`);
    assert(share > 0.01, `${id} looks blank (ink ${share})`);
  }
});

for (const sid of SECTIONS) {
  await check(`${sid}: its knobs move it, its live numbers and parameters equal \`w2s theory\` (${TOL} relative), before and after`, async () => {
    const before = await page.$eval(`#${sid} a[data-open]`, (a) => /** @type {HTMLAnchorElement} */ (a).href);
    const n = await checkNumbers(page, sid);
    await MOVES[sid](page);
    const after = await page.$eval(`#${sid} a[data-open]`, (a) => /** @type {HTMLAnchorElement} */ (a).href);
    assert(after !== before, `${sid}: the state did not change`);
    assert(await checkNumbers(page, sid) === n, `${sid}: numbers lost`);
    await checkParams(page, sid);
  });
  await check(`${sid}: "predict, then check" reveals the theory's answer at the section's state, and why`, async () => {
    const words = await checkQuestion(page, sid);
    assert(words.length > 60, `${sid}: the reveal says too little: ${words}`);
  });
}

await check("every reveal that rests on a number quotes the CLI's value", async () => {
  const hash = await page.$eval("#s3 a[data-open]", (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const words = await page.$eval("#s3 .reveal", (e) => e.textContent ?? "");
  assert(words.includes(fmt(theoryAt(hash).gain.exact)), `s3: ${words}`);
  const h9 = await page.$eval("#s9 a[data-open]", (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const w9 = await page.$eval("#s9 .reveal", (e) => e.textContent ?? "");
  assert(w9.includes(fmt(theoryAt(h9).teacher.first_order)) && w9.includes(fmt(theoryAt(h9).teacher.exact)), `s9: ${w9}`);
});

await check("section 4: ρ < 1 gives a negative gain at η_u = η_ℓ, ν_z = 0 (CLI), and ρ = 1 does not", async () => {
  const hash = await page.$eval("#s4 a[data-open]", (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const q = Object.fromEntries(new URLSearchParams(hash.slice(1)));
  const at = (/** @type {Record<string, string>} */ patch) => theoryAt("#" + new URLSearchParams({ ...q, nu: "0", ...patch })).gain.exact;
  assert(q["eta-u"] === q["eta-l"], "section 4 is not at matched proportions");
  assert(at({ rho: "0" }) < 0 && at({ rho: "1" }) > 0, `gain at ρ = 0: ${at({ rho: "0" })}, at ρ = 1: ${at({ rho: "1" })}`);
});

await check("section 4's live check: the page's random settings, redone with the CLI, give the counts and the minimum it states", async () => {
  const audit = await page.evaluate(() => /** @type {any} */ (window).__lesson.audit);
  const shown = Object.fromEntries(await page.$$eval("#s4 .n[data-audit]", (els) => els.map((e) => [e.getAttribute("data-audit"), e.textContent])));
  assert(Number(shown.count) === audit.settings.length && audit.settings.length >= 300, `count ${shown.count}`);
  let negative = 0;
  let min = Infinity;
  audit.settings.forEach((/** @type {Record<string, unknown>} */ s, /** @type {number} */ i) => {
    assert(s.rho === 1 && s.nu === 0 && s["eta-u"] === s["eta-l"], `setting ${i} is not the claim's`);
    const t = theoryAt("#" + new URLSearchParams(Object.entries(s).map(([k, v]) => [k, String(v)])));
    assert(Math.abs(t.gain.exact - audit.results[i].gain) <= TOL * Math.max(1, Math.abs(t.gain.exact)), `setting ${i}: ${audit.results[i].gain} vs ${t.gain.exact}`);
    if (t.gain.exact < 0) negative++;
    min = Math.min(min, t.relative_gain.exact);
  });
  assert(Number(shown.negative) === negative, `negative: page ${shown.negative}, CLI ${negative}`);
  assert(shown.min === (100 * min).toFixed(2), `min: page ${shown.min}, CLI ${(100 * min).toFixed(2)}`);
});

await check("section 9: the simulation's points are drawn on the figure and agree with the exact theory (3 SE + 5 % of ER_T)", async () => {
  const pixels = await page.$eval("#s9-fig-eta-u", (c) => /** @type {HTMLCanvasElement} */ (c).toDataURL());
  await page.click("#run-sim");
  await page.waitForFunction(() => /** @type {any} */ (window).__lesson.sim, null, { timeout: 120000 });
  await page.waitForTimeout(100);
  assert(await page.$eval("#s9-fig-eta-u", (c) => /** @type {HTMLCanvasElement} */ (c).toDataURL()) !== pixels, "the figure was not redrawn with the points");
  const hash = await page.$eval("#s9 a[data-open]", (a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).hash);
  const q = Object.fromEntries(new URLSearchParams(hash.slice(1)));
  const sim = await page.evaluate(() => /** @type {any} */ (window).__lesson.sim);
  assert(sim.length >= 5, `${sim.length} points`);
  for (const p of sim) {
    const t = theoryAt("#" + new URLSearchParams({ ...q, "eta-u": String(p.etaU) }));
    for (const m of ["teacher", "student", "gain"]) {
      const off = Math.abs(p[m].mean - t[m].exact);
      assert(off <= 3 * p[m].se + 0.05 * t.teacher.exact, `η_u = ${p.etaU} ${m}: ${p[m].mean} ± ${p[m].se} vs exact ${t[m].exact}`);
    }
  }
  assert(!(await page.$eval("#sim-table", (e) => /** @type {HTMLElement} */ (e).hidden)), "no table");
});

await check("every \"open this in the explorer\" link opens the explorer at that state, every field accepted", async () => {
  for (const sid of SECTIONS) {
    const href = await page.$eval(`#${sid} a[data-open]`, (a) => /** @type {HTMLAnchorElement} */ (a).href);
    const { page: p, errors: e } = await open(href.slice(origin.length + 1));
    await p.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0, null, { timeout: 20000 });
    const status = await p.$eval("#status", (el) => el.textContent);
    assert(status === "", `${sid}: the explorer says: ${status}`);
    const q = new URLSearchParams(new URL(href).hash.slice(1));
    const st = await p.evaluate(() => ({ keys: window.__w2s.keys ?? [], ...window.__w2s.state }));
    st.keys.forEach((/** @type {string} */ k, /** @type {number} */ i) => assert(String(st.values[i]) === q.get(k), `${sid}: ${k} = ${st.values[i]} in the explorer, ${q.get(k)} in the link`));
    assert(st.law === q.get("law") && String(st.layers) === q.get("layers"), `${sid}: law ${st.law}, layers ${st.layers}`);
    assert(e.length === 0, `${sid}: ${e.join(" | ")}`);
    await p.close();
  }
});

await check("the lab links open each lab at the core's prepared state, every field accepted", async () => {
  for (const lab of ["enhanced", "logistic"]) {
    const href = await page.$eval(`a[data-lab="${lab}"]`, (a) => /** @type {HTMLAnchorElement} */ (a).href);
    assert(href.includes(`/www/${lab}.html#`), href);
    const { page: p, errors: e } = await open(href.slice(origin.length + 1));
    await p.waitForFunction(() => window.__lab?.ready, null, { timeout: 20000 });
    assert(await p.$eval("#status", (el) => el.textContent) === "", `${lab}: something was ignored`);
    const q = new URLSearchParams(new URL(href).hash.slice(1));
    const st = await p.evaluate(() => ({ keys: window.__lab.keys ?? [], values: window.__lab.state?.values ?? [] }));
    assert(st.keys.length > 0 && st.keys.length === [...q.keys()].length, `${lab}: ${st.keys.length} knobs, ${[...q.keys()].length} fields`);
    st.keys.forEach((k, i) => assert(String(st.values[i]) === q.get(k), `${lab}: ${k}`));
    assert(e.length === 0, e.join(" | "));
    await p.close();
  }
});

await check("every control is reachable by keyboard and named; the header links the explorer and the two labs", async () => {
  const bad = await page.$$eval("main input, main select, main button", (els) => els.filter((e) => {
    const el = /** @type {HTMLInputElement} */ (e);
    const named = el.getAttribute("aria-label") || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest("label") || (el.textContent ?? "").trim();
    return el.tabIndex < 0 || !named;
  }).map((e) => e.outerHTML.slice(0, 80)));
  assert(bad.length === 0, bad.join(" | "));
  const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id));
  assert(new Set(ids).size === ids.length, "duplicate ids");
  const links = await page.$$eval("header nav.pages a", (as) => as.map((a) => a.getAttribute("href")));
  for (const h of ["../index.html", "enhanced.html", "logistic.html"]) assert(links.includes(h), `header misses ${h}`);
  for (const path of ["index.html", "www/enhanced.html", "www/logistic.html"]) {
    assert(/nav class="pages"[^\n]*lesson\.html">Lesson</.test(readFileSync(join(root, path), "utf8")), `${path} does not link the lesson`);
  }
});

await check("fits a 375-pixel phone: no horizontal scrolling, each figure above its knobs", async () => {
  const { page: p, errors: e } = await openLesson({ width: 375, height: 800 });
  const over = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(over <= 0, `${over}px horizontal overflow`);
  for (const sid of SECTIONS) {
    const [fig, knobs] = await p.$eval(`#${sid} .live`, (l) => [l.querySelector("figure")?.getBoundingClientRect().bottom ?? 0, l.querySelector(".knobs")?.getBoundingClientRect().top ?? 0]);
    assert(fig > 0 && fig <= knobs, `${sid}: figure bottom ${fig}, knobs top ${knobs}`);
  }
  for (const id of await p.$$eval("main canvas", (cs) => cs.map((c) => c.id))) assert(await ink(p, `#${id}`) > 0.01, `${id} blank at 375 px`);
  assert(e.length === 0, e.join(" | "));
  await p.close();
});

await check("no console errors anywhere and no request outside the origin", async () => {
  assert(errors.length === 0, errors.join(" | "));
  assert(foreign.length === 0, `requests outside the origin: ${foreign.slice(0, 5).join(", ")}`);
});

await finish("lesson");
