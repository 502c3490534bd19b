// @ts-check
// Every export of the wasm module (pkg/, built by ./build.sh build) called with
// hostile arguments in Node: empty and wrong-length arrays, NaN and ±Infinity,
// huge, tiny and negative numbers, unknown names, u32 extremes, zero and huge
// sizes. Checks that
//   - no call traps (a WebAssembly.RuntimeError is a Rust panic),
//   - every refused call throws an Error whose message is words (not
//     "unreachable", not a Rust debug dump),
//   - after the hostile calls the same object still answers a valid call as a
//     fresh object does (a panic would have poisoned it),
//   - every export has cases here (a new export cannot escape the test).
// Node has no document, so drawing on a canvas and SVG export (which measures
// its text in the page) must fail with an error; the drawing code itself is
// tested with hostile sizes natively (tests/session.rs, tests/figure_limits.rs).
// Prints one line per failure, then "hostile: N passed, M failed"; exits
// non-zero on any failure.
import { readFileSync } from "node:fs";
import * as w2s from "../../pkg/w2s.js";

w2s.initSync({ module: readFileSync(new URL("../../pkg/w2s_bg.wasm", import.meta.url)) });
const { Explorer, Lab } = w2s;

let passed = 0;
let failed = 0;
const fail = (what, why) => {
  failed++;
  console.log(`FAIL ${what}: ${why}`);
};

// Cases that can only pass once the core refuses or computes a huge sep (the
// theory engineer's fix: sep ≥ 1e20 panicked in theory.rs (now src/theory/risks.rs), and from 1e10 the
// fixed point's non-convergence message is a Rust debug dump): their
// failures say so.
const SEP_FIX = "(needs the core's sep fix)";

// What the panic hook writes; collected to say whether a trap was reported.
const consoleErrors = [];
const realError = console.error;
console.error = (...a) => {
  consoleErrors.push(a.join(" "));
};

// A message a person can read: words, no trap text, no Rust debug dump.
function badMessage(msg) {
  if (typeof msg !== "string" || msg.trim() === "") return "an empty message";
  if ((msg.match(/\p{L}{2,}/gu) ?? []).length < 2) return `no words in ${JSON.stringify(msg)}`;
  for (const bad of ["unreachable", "recursive use", "RuntimeError", "panicked", "null pointer", "already borrowed"]) {
    if (msg.includes(bad)) return `"${bad}" in ${JSON.stringify(msg.slice(0, 200))}`;
  }
  // `Name { field: …` or `Some(…)`: a {:?} dump of a Rust value.
  if (/[A-Za-z_]\w* \{ \w+: |\b(Some|Ok|Err)\(|JsValue\(/.test(msg)) return `a debug dump in ${JSON.stringify(msg.slice(0, 200))}`;
  return null;
}

// Set by a trap: the object that trapped is poisoned, so the sections swap in
// a fresh one (through `live`) to go on testing; the trap is already a failure.
let trapped = false;
function live(holder, make) {
  if (trapped || !holder.obj) {
    holder.obj = make();
    trapped = false;
  }
  return holder.obj;
}

// Runs one call. mode "bad": must throw a readable Error; "any": may return,
// and if it throws the message must be readable. Returns [ok, value].
function check(what, mode, thunk, note = "") {
  const before = consoleErrors.length;
  try {
    const v = thunk();
    if (mode === "bad") {
      fail(what, `returned ${preview(v)} instead of an error ${note}`);
      return [false, v];
    }
    passed++;
    return [true, v];
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      trapped = true;
      const hook = consoleErrors.slice(before).some((m) => m.includes("Internal error in the W2S core"));
      fail(what, `trapped (${e.message}; panic hook ${hook ? "reported it" : "silent"}) ${note}`);
      return [false, undefined];
    }
    const why = e instanceof Error ? badMessage(e.message) : `threw a non-Error ${preview(e)}`;
    if (why) {
      fail(what, `${why} ${note}`);
      return [false, undefined];
    }
    passed++;
    return [true, undefined];
  }
}

function preview(v) {
  if (v === undefined) return "nothing";
  // The views passed here are typed arrays (ArrayLike), never a DataView.
  const s = ArrayBuffer.isView(v) ? `[${Array.from(/** @type {Float64Array} */ (v)).slice(0, 6)}${/** @type {Float64Array} */ (v).length > 6 ? ", …" : ""}]` : JSON.stringify(v);
  return (s ?? String(v)).slice(0, 120);
}

// Two results the same up to 1e-8 relative, number by number (in arrays and
// inside CSV text; NaN equals NaN): the explorer's engine warm-starts its
// fixed points from earlier calls, so a used object agrees with a fresh one
// to the solver's tolerance, not bit for bit.
function same(a, b) {
  const items = (v) => (typeof v === "string" ? v.split(/([,\n])/) : ArrayBuffer.isView(v) || Array.isArray(v) ? Array.from(/** @type {ArrayLike<unknown>} */ (v)) : [v]);
  const [x, y] = [items(a), items(b)];
  if (x.length !== y.length) return false;
  return x.every((u, i) => {
    const v = y[i];
    if (typeof u === "string" && typeof v === "string" && (u === "" || Number.isNaN(Number(u)))) return u === v;
    const [p, q] = [Number(u), Number(v)];
    if (Number.isNaN(p) || Number.isNaN(q)) return Number.isNaN(p) && Number.isNaN(q) && String(u) === String(v);
    return p === q || Math.abs(p - q) <= 1e-8 * Math.max(Math.abs(p), Math.abs(q));
  });
}

// After hostile calls, the object must answer as a fresh one does.
function stillWorks(what, obj, fresh, call) {
  let a, b;
  try {
    b = call(fresh);
  } catch (e) {
    fail(what, `the valid call fails on a fresh object: ${e.message}`);
    return;
  }
  try {
    a = call(obj);
  } catch (e) {
    fail(what, `after the hostile calls the object is broken: ${e.message}`);
    return;
  }
  if (same(a, b)) passed++;
  else fail(what, `after the hostile calls the object answers ${preview(a)}, a fresh one ${preview(b)}`);
}

// ---- hostile values ----
const NUMBERS = [NaN, Infinity, -Infinity, -1, -0, 0, 0.5, 1e-300, 5e-324, 1e20, 1e300, -1e300, 2 ** 32, 2 ** 53, Number.MAX_VALUE];
const NOT_FINITE = [NaN, Infinity, -Infinity];
const U32 = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, -1, NaN, 1e20];
const NAMES = ["", " ", "nope", "NOPE", "eta-u ", "__proto__", "constructor", "η", "x".repeat(10000), "a\u0000b"];
const SIZES = [0, 1, 2, 10, 1e5, 2 ** 31, 2 ** 32 - 1, -1, NaN];
// Outside the figures' limits (src/figures.rs MIN_SIDE, MAX_SIDE), as the glue
// passes a u32.
const badSide = (x) => x >>> 0 < 50 || x >>> 0 > 8192;
const SCALES = [0, -1, NaN, Infinity, -Infinity, 1e-300, 1e-3, 1e5, 1e300];

const keys = w2s.paramKeys();
const defaults = Float64Array.from(w2s.defaultValues());
const LAWS = ["mixture", "surrogate"];
const BAD_LAWS = NAMES.filter((n) => !["mixture", "surrogate"].includes(n.trim().toLowerCase()));
const FIGURES = w2s.figureKeys();
const with_ = (base, i, v) => {
  const out = Float64Array.from(base);
  out[i] = v;
  return out;
};

// Parameter vectors: the wrong lengths and non-finite entries must be refused;
// every other substitution may be valid (0, 0.5, …) or refused in words.
function paramVectors() {
  const out = [];
  for (const v of [new Float64Array(0), defaults.slice(1), Float64Array.from([...defaults, 1]), new Float64Array(1000)]) {
    out.push({ label: `length ${v.length}`, values: v, mode: "bad" });
  }
  out.push({ label: "plain array", values: Array.from(defaults), mode: "any" });
  keys.forEach((k, i) => {
    for (const x of NUMBERS) {
      const note = k === "sep" && x >= 1e10 ? SEP_FIX : "";
      out.push({ label: `${k} = ${x}`, values: with_(defaults, i, x), mode: NOT_FINITE.includes(x) ? "bad" : "any", note });
    }
  });
  // Values whose theory must be computed or refused, never panic.
  const sep = keys.indexOf("sep");
  for (const x of [1e10, 1e20, 1e50, 1e200, 1e300]) {
    out.push({ label: `sep = ${x} (edge)`, values: with_(defaults, sep, x), mode: "any", note: SEP_FIX });
  }
  const sy = keys.indexOf("sigma-y2");
  for (const x of [1e-300, 1e300]) out.push({ label: `sigma-y2 = ${x} (edge)`, values: with_(defaults, sy, x), mode: "any" });
  return out;
}

const PARAMS = paramVectors();
const covered = new Set();

// ---- free functions ----
function freeFunctions() {
  covered.add("paramKeys").add("defaultValues").add("paramSpecs").add("figureKeys").add("figureTitles");
  check("paramKeys()", "any", () => w2s.paramKeys());
  check("defaultValues()", "any", () => w2s.defaultValues());
  // The table the page builds its controls from: one row per parameter, in paramKeys() order.
  const [, rows] = check("paramSpecs()", "any", () => JSON.parse(w2s.paramSpecs()));
  const specKeys = Array.isArray(rows) ? rows.map((r) => r.key).join() : "";
  if (specKeys !== keys.join()) fail("paramSpecs()", `keys ${specKeys} instead of ${keys.join()}`);
  check("figureKeys()", "any", () => w2s.figureKeys());
  check("figureTitles()", "any", () => w2s.figureTitles());

  // The names the page reads the numbers by: one per number, none repeated.
  covered.add("readoutNames").add("hoverNames").add("replicateNames").add("summaryNames");
  for (const [name, count] of /** @type {[string, number][]} */ ([["readoutNames", new Explorer().point(defaults, "mixture").length], ["hoverNames", 4], ["replicateNames", 6], ["summaryNames", 6]])) {
    const [, names] = check(`${name}()`, "any", () => w2s[name]());
    if (!Array.isArray(names) || names.length !== count || new Set(names).size !== count) fail(`${name}()`, `${preview(names)} is not ${count} distinct names`);
  }

  covered.add("simSettings");
  const [, sims] = check("simSettings()", "any", () => JSON.parse(w2s.simSettings()));
  if (!Array.isArray(sims) || sims.map((r) => r.key).join() !== "d-z,reps,seed") fail("simSettings()", `${preview(sims)} is not d-z, reps, seed`);

  covered.add("summarizeReplicates");
  const f = (...xs) => Float64Array.from(xs);
  for (const flat of [f(), f(1, 2, 3, 4, 5, 6), f(1, 2, 3, 4, 5, 6, 7), f(1, 2, 3, 4, 5, 6, NaN, 2, 3, 4, 5, 6), f(1, 2, 3, 4, 5, 6, Infinity, 2, 3, 4, 5, 6), new Float64Array(5)]) {
    check(`summarizeReplicates(${flat.length} numbers: ${preview(flat).slice(0, 30)})`, "bad", () => w2s.summarizeReplicates(flat));
  }
  // Two replicates: teacher 1 and 3, student 0.5 and 0.5: means 2 and 0.5,
  // SE of the teacher (and of the gain) = sd/√2 = √2/√2 = 1, the student's 0.
  const [ok, sum] = check("summarizeReplicates(two replicates)", "any", () => w2s.summarizeReplicates(f(1, 0, 0, 0.5, 0, 0, 3, 0, 0, 0.5, 0, 0)));
  if (ok && [2, 1, 0.5, 0, 1.5, 1].some((x, i) => Math.abs(sum[i] - x) > 1e-15)) fail("summarizeReplicates(two replicates)", `${preview(sum)} instead of 2, 1, 0.5, 0, 1.5, 1`);
  check("summarizeReplicates(1e6 replicates of 1e300)", "any", () => w2s.summarizeReplicates(new Float64Array(6e6).fill(1e300)));

  covered.add("simulateReplicate");
  const small = with_(defaults, keys.indexOf("gamma"), 0.1);
  for (const p of PARAMS) {
    // Only the refusals: a valid set would run a whole replicate (seconds).
    if (p.mode === "bad") check(`simulateReplicate(${p.label})`, "bad", () => w2s.simulateReplicate(p.values, "mixture", 8, 1, 0));
  }
  for (const law of BAD_LAWS) check(`simulateReplicate(law ${JSON.stringify(law.slice(0, 12))})`, "bad", () => w2s.simulateReplicate(small, law, 8, 1, 0));
  for (const dz of [0, 2 ** 31, 2 ** 32 - 1, -1, 1e9]) {
    check(`simulateReplicate(d_z ${dz})`, "bad", () => w2s.simulateReplicate(small, "mixture", dz, 1, 0));
  }
  for (const seed of [NaN, Infinity, -Infinity, -1, 0.5, 2 ** 53, 1e300]) {
    check(`simulateReplicate(seed ${seed})`, "bad", () => w2s.simulateReplicate(small, "mixture", 8, seed, 0));
  }
  for (const index of U32) check(`simulateReplicate(index ${index})`, "any", () => w2s.simulateReplicate(small, "mixture", 4, 1, index));
  // Valid sets at the edges of γ_z and ν_z: tiny values ask for huge samples.
  for (const [k, x] of /** @type {[string, number][]} */ ([["gamma", 1e-300], ["gamma", 5e-324], ["nu", 1e-300], ["nu", 0], ["sigma-y2", 1e300]])) {
    check(`simulateReplicate(${k} = ${x})`, k === "sigma-y2" ? "any" : "bad", () => w2s.simulateReplicate(with_(small, keys.indexOf(k), x), "mixture", 4, 1, 0));
  }
}

// ---- the explorer ----
function explorer() {
  const held = {};
  const ex = () => live(held, () => new Explorer());
  const none = FIGURES.map(() => "");
  covered.add("Explorer.point").add("Explorer.compute").add("Explorer.render");
  for (const law of LAWS) {
    for (const p of PARAMS) {
      check(`Explorer.point(${p.label}, ${law})`, p.mode, () => ex().point(p.values, law), p.note);
    }
  }
  for (const law of BAD_LAWS) check(`Explorer.point(law ${JSON.stringify(law.slice(0, 12))})`, "bad", () => ex().point(defaults, law));
  // The dashboard is ~0.1 s: the mixture law only, and only the edge values.
  const heavy = PARAMS.filter((p) => p.mode === "bad" || /edge|= (0|0.5|1e-300|1e20|1e300)$/.test(p.label));
  for (const p of heavy) {
    check(`Explorer.compute(${p.label})`, p.mode, () => ex().compute(p.values, "mixture"), p.note);
    check(`Explorer.render(${p.label}, no canvases)`, p.mode, () => ex().render(p.values, "mixture", 7, 1, none), p.note);
  }
  for (const law of BAD_LAWS) {
    check(`Explorer.compute(law ${JSON.stringify(law.slice(0, 12))})`, "bad", () => ex().compute(defaults, law));
    check(`Explorer.render(law ${JSON.stringify(law.slice(0, 12))})`, "bad", () => ex().render(defaults, law, 7, 1, none));
  }
  for (const ids of [[], ["fig-eta-u"], [...none, ""], FIGURES.map((k) => "fig-" + k), [...none.slice(1), "missing"], ["", "", "x".repeat(10000), "", ""]]) {
    check(`Explorer.render(canvas ids ${preview(ids).slice(0, 40)})`, "bad", () => ex().render(defaults, "mixture", 7, 1, ids));
  }
  for (const layers of U32) check(`Explorer.render(layers ${layers})`, layers >>> 0 <= 7 ? "any" : "bad", () => ex().render(defaults, "mixture", layers, 1, none));
  for (const scale of SCALES) check(`Explorer.render(scale ${scale})`, "bad", () => ex().render(defaults, "mixture", 7, scale, none));

  covered.add("Explorer.svg").add("Explorer.csv").add("Explorer.hoverEtaU").add("Explorer.setOverlay");
  const unrendered = new Explorer();
  for (const f of FIGURES) {
    check(`Explorer.svg(${f}) before any draw`, "bad", () => unrendered.svg(f, 600, 400));
    check(`Explorer.csv(${f}) before any draw`, "bad", () => unrendered.csv(f));
  }
  for (const u of [NaN, Infinity, -Infinity, 0, 0.5, -1e300]) check(`Explorer.hoverEtaU(${u}) before any draw`, "bad", () => unrendered.hoverEtaU(u));
  covered.add("Explorer.describe").add("Explorer.caption").add("Explorer.exportCanvas");
  check("Explorer.caption() before any draw", "bad", () => unrendered.caption());
  for (const f of FIGURES) {
    check(`Explorer.describe(${f}) before any draw`, "bad", () => unrendered.describe(f));
    check(`Explorer.exportCanvas(${f}) before any draw`, "bad", () => unrendered.exportCanvas(f, "x", 2, "t"));
  }
  // Node has no canvas, so no figure is ever drawn here: dataAt answers
  // undefined for every pixel (the browser test maps real pixels; DataPoint's
  // getters are read there).
  covered.add("Explorer.dataAt").add("Explorer.worstGroup").add("DataPoint.panel").add("DataPoint.x").add("DataPoint.y");
  for (const m of ["teacher", "student", "", "x"]) check(`Explorer.worstGroup(${m}) before any draw`, "bad", () => unrendered.worstGroup(m));
  for (const name of NAMES) {
    for (const [px, py] of [[0, 0], [NaN, NaN], [Infinity, -Infinity], [1e300, -1e300], [-1, 5]]) {
      const [ok, v] = check(`Explorer.dataAt(${JSON.stringify(name.slice(0, 12))}, ${px}, ${py})`, name.trim() === "eta-u" ? "any" : "bad", () => unrendered.dataAt(name, px, py));
      if (ok && v !== undefined) fail(`Explorer.dataAt(${name}, ${px}, ${py})`, `${preview(v)} before any draw`);
    }
  }
  unrendered.free();

  ex().compute(defaults, "mixture");
  for (const name of NAMES) {
    check(`Explorer.svg(figure ${JSON.stringify(name.slice(0, 12))})`, name.trim() === "eta-u" ? "any" : "bad", () => ex().svg(name, 600, 400));
    check(`Explorer.csv(figure ${JSON.stringify(name.slice(0, 12))})`, name.trim() === "eta-u" ? "any" : "bad", () => ex().csv(name));
  }
  try {
    ex().svg("eta-u", 600, 400);
    fail("Explorer.svg without a document", "returned an SVG: it cannot measure its text here");
  } catch (e) {
    if (/document/.test(e.message)) passed++;
    else fail("Explorer.svg without a document", `the message does not say why: ${e.message}`);
  }
  for (const f of FIGURES) {
    for (const w of SIZES) check(`Explorer.svg(${f}, width ${w})`, badSide(w) ? "bad" : "any", () => ex().svg(f, w, 400));
    for (const h of SIZES) check(`Explorer.svg(${f}, height ${h})`, badSide(h) ? "bad" : "any", () => ex().svg(f, 600, h));
  }
  // After a draw: every figure in words, with numbers; the caption names
  // every parameter; an export needs a canvas, which Node has none of.
  for (const name of [...FIGURES, ...NAMES]) {
    const valid = FIGURES.includes(name.trim());
    const [ok, text] = check(`Explorer.describe(${JSON.stringify(name.slice(0, 12))})`, valid ? "any" : "bad", () => ex().describe(name));
    if (valid && ok && !/\d/.test(text)) fail(`Explorer.describe(${name})`, `no number in ${preview(text)}`);
    for (const [scale, title] of [[2, "t"], [NaN, ""], [0, "x".repeat(10000)], [1e300, "\u0000"]]) {
      check(`Explorer.exportCanvas(${JSON.stringify(name.slice(0, 12))}, scale ${scale})`, "bad", () => ex().exportCanvas(name, "fig-x", scale, title));
    }
  }
  const [okc, cap] = check("Explorer.caption()", "any", () => ex().caption());
  if (okc && !["η_ℓ", "ν_z", "p_T", "law"].every((w) => cap.includes(w))) fail("Explorer.caption()", `${preview(cap)} misses a parameter`);
  for (const m of ["teacher", "student"]) {
    const [ok, g] = check(`Explorer.worstGroup(${m})`, "any", () => ex().worstGroup(m));
    if (ok && g !== "minority" && g !== "majority") fail(`Explorer.worstGroup(${m})`, `${preview(g)} is not a group`);
  }
  for (const m of ["", "Teacher", "ceiling", "x".repeat(10000)]) check(`Explorer.worstGroup(${JSON.stringify(m.slice(0, 12))})`, "bad", () => ex().worstGroup(m));
  for (const u of [NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 2, 1e300]) check(`Explorer.hoverEtaU(${u})`, Number.isFinite(u) ? "any" : "bad", () => ex().hoverEtaU(u));

  // Overlays: lengths that are not triples, NaN and huge points; each then drawn.
  const t = (...xs) => Float64Array.from(xs);
  const overlays = [
    [t(), t(), t()],
    [t(0.1), t(), t()],
    [t(0.1, 0.2), t(0.1, 0.2, 0.01), t()],
    [t(0.1, 0.2, 0.01, 0.5), t(), t()],
    [t(NaN, NaN, NaN), t(Infinity, -Infinity, Infinity), t(1e300, -1e300, 1e300)],
    [t(0.1, 0.2, -1), t(-5, 0.2, 0.01), t(0.5, 0.2, NaN)],
    [new Float64Array(3e5).fill(0.5), t(), t()],
  ];
  for (const [i, [a, b, c]] of overlays.entries()) {
    check(`Explorer.setOverlay(#${i}: lengths ${a.length}, ${b.length}, ${c.length})`, i === 0 ? "any" : "bad", () => ex().setOverlay(a, b, c));
    check(`Explorer.svg(eta-u) after overlay #${i}`, "any", () => ex().svg("eta-u", 600, 400));
  }
  ex().setOverlay(t(), t(), t());

  // The same object, after all that, answers as a fresh one.
  const fresh = new Explorer();
  stillWorks("Explorer.point after hostile calls", ex(), fresh, (e) => e.point(defaults, "mixture"));
  stillWorks("Explorer.render after hostile calls", ex(), fresh, (e) => e.render(defaults, "surrogate", 7, 1, none));
  stillWorks("Explorer.csv after hostile calls", ex(), fresh, (e) => (e.compute(defaults, "mixture"), e.csv("phase-map")));
  stillWorks("Explorer.hoverEtaU after hostile calls", ex(), fresh, (e) => (e.compute(defaults, "mixture"), e.hoverEtaU(0.3)));
  fresh.free();
  ex().free();
}

// ---- the labs ----
// Quick settings: each task takes milliseconds.
const QUICK = {
  enhanced: { d: 2, n: 20, "big-n": 50, seeds: 2 },
  logistic: { n: 0, d: 2, steps: 2, pairs: 2 },
};
const JOBS = { enhanced: ["run", "sweep", "heat"], logistic: ["paths", "norms", "map"] };

/** @returns {[string[], Float64Array]} the lab's keys and its quick settings */
function quickValues(lab) {
  const tmp = new Lab(lab);
  const ks = tmp.keys();
  const v = Float64Array.from(tmp.defaults());
  for (const [k, x] of Object.entries(QUICK[lab])) v[ks.indexOf(k)] = x;
  tmp.free();
  return [ks, v];
}

function labVectors(lab) {
  const [ks, v] = quickValues(lab);
  const out = [];
  for (const w of [new Float64Array(0), v.slice(1), Float64Array.from([...v, 1])]) out.push({ label: `length ${w.length}`, values: w, mode: "bad" });
  ks.forEach((k, i) => {
    for (const x of NUMBERS) out.push({ label: `${k} = ${x}`, values: with_(v, i, x), mode: NOT_FINITE.includes(x) ? "bad" : "any" });
  });
  return out;
}

function labFunctions() {
  covered.add("labKnobs").add("labCheck").add("labTasks").add("labTask");
  for (const name of NAMES) {
    check(`labKnobs(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labKnobs(name));
    check(`labCheck(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labCheck(name, new Float64Array(0)));
    check(`labTasks(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labTasks(name, new Float64Array(0), "run"));
    check(`labTask(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labTask(name, new Float64Array(0), "run", 0));
  }
  for (const lab of ["enhanced", "logistic"]) {
    const [, knobs] = check(`labKnobs(${lab})`, "any", () => JSON.parse(w2s.labKnobs(lab)));
    const [, v] = quickValues(lab);
    // A switch (a checkbox on the page) takes 0 or 1 and nothing between or beyond.
    for (const [i, k] of (knobs ?? []).entries()) {
      if (!k.switch) continue;
      for (const x of [0.5, 2, -1, NaN, 0, 1]) {
        const w = v.slice();
        w[i] = x;
        const what = `labCheck(${lab}, ${k.key} = ${x})`;
        if (x !== 0 && x !== 1) { check(what, "bad", () => w2s.labCheck(lab, w)); continue; }
        try { w2s.labCheck(lab, w); passed++; } catch (e) { fail(what, `refused a switch's own value: ${e}`); }
      }
    }
    for (const p of labVectors(lab)) {
      check(`labCheck(${lab}, ${p.label})`, p.mode, () => w2s.labCheck(lab, p.values));
      for (const job of JOBS[lab]) check(`labTasks(${lab}, ${job}, ${p.label})`, p.mode, () => w2s.labTasks(lab, p.values, job));
      // Only refusals run here: a valid hostile setting (N = 1e5, …) can take seconds.
      if (p.mode === "bad") check(`labTask(${lab}, ${p.label})`, "bad", () => w2s.labTask(lab, p.values, JOBS[lab][0], 0));
    }
    for (const job of [...NAMES, ...JOBS[lab === "enhanced" ? "logistic" : "enhanced"]]) {
      check(`labTasks(${lab}, job ${JSON.stringify(job.slice(0, 12))})`, "bad", () => w2s.labTasks(lab, v, job));
      check(`labTask(${lab}, job ${JSON.stringify(job.slice(0, 12))})`, "bad", () => w2s.labTask(lab, v, job, 0));
    }
    for (const job of JOBS[lab]) {
      const n = w2s.labTasks(lab, v, job);
      for (const task of [n, n + 1, 2 ** 31, 2 ** 32 - 1, -1]) check(`labTask(${lab}, ${job}, task ${task} of ${n})`, "bad", () => w2s.labTask(lab, v, job, task));
      check(`labTask(${lab}, ${job}, last task)`, "any", () => w2s.labTask(lab, v, job, n - 1));
    }
  }
}

// The lab's description for the page: jobs, presets, figures (JSON), and a
// preset applied to the settings.
function labDescriptions() {
  covered.add("labJobs").add("labPresets").add("labPreset").add("labFigures");
  for (const name of NAMES) {
    check(`labJobs(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labJobs(name));
    check(`labPresets(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labPresets(name));
    check(`labFigures(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labFigures(name));
    check(`labPreset(${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labPreset(name, "s1", new Float64Array(0)));
  }
  const presetsOf = (lab) => JSON.parse(w2s.labPresets(lab)).map((p) => p.key);
  for (const lab of ["enhanced", "logistic"]) {
    const other = lab === "enhanced" ? "logistic" : "enhanced";
    const [, jobs] = check(`labJobs(${lab})`, "any", () => JSON.parse(w2s.labJobs(lab)));
    const jobKeys = Array.isArray(jobs) ? jobs.map((j) => j.key).join() : "";
    if (jobKeys !== JOBS[lab].join()) fail(`labJobs(${lab})`, `jobs ${jobKeys} instead of ${JOBS[lab].join()}`);
    const [, figs] = check(`labFigures(${lab})`, "any", () => JSON.parse(w2s.labFigures(lab)));
    const tmp = new Lab(lab);
    const figKeys = Array.isArray(figs) ? figs.map((f) => f.key).join() : "";
    if (figKeys !== tmp.figures().join()) fail(`labFigures(${lab})`, `figures ${figKeys} instead of ${tmp.figures().join()}`);
    tmp.free();
    check(`labPresets(${lab})`, "any", () => JSON.parse(w2s.labPresets(lab)));
    const [, v] = quickValues(lab);
    for (const key of presetsOf(lab)) {
      const [ok, out] = check(`labPreset(${lab}, ${key})`, "any", () => w2s.labPreset(lab, key, v));
      if (ok && out) check(`labCheck(${lab}, after preset ${key})`, "any", () => w2s.labCheck(lab, out));
      for (const p of labVectors(lab)) {
        if (p.mode === "bad") check(`labPreset(${lab}, ${key}, ${p.label})`, "bad", () => w2s.labPreset(lab, key, p.values));
      }
    }
    for (const name of [...NAMES, ...presetsOf(other)]) {
      check(`labPreset(${lab}, preset ${JSON.stringify(name.slice(0, 12))})`, "bad", () => w2s.labPreset(lab, name, v));
    }
  }
}

// Every job's valid flat results at the quick settings, from the tasks themselves.
function results(lab, v, job) {
  const n = w2s.labTasks(lab, v, job);
  const parts = [];
  for (let t = 0; t < n; t++) parts.push(...w2s.labTask(lab, v, job, t));
  return Float64Array.from(parts);
}

function labClass() {
  for (const name of NAMES) check(`new Lab(${JSON.stringify(name.slice(0, 12))})`, "bad", () => new Lab(name));
  for (const m of ["figures", "titles", "keys", "defaults", "findings"]) covered.add(`Lab.${m}`);
  for (const m of ["jobFigures", "setResults", "render", "svg", "csv"]) covered.add(`Lab.${m}`);
  for (const lab of ["enhanced", "logistic"]) {
    const held = {};
    const lb = () => live(held, () => new Lab(lab));
    const [, v] = quickValues(lab);
    for (const m of ["figures", "titles", "keys", "defaults", "findings"]) check(`Lab(${lab}).${m}()`, "any", () => lb()[m]());
    for (const job of [...NAMES, ...JOBS[lab], ...JOBS[lab === "enhanced" ? "logistic" : "enhanced"]]) {
      const known = JOBS[lab].includes(job);
      check(`Lab(${lab}).jobFigures(${JSON.stringify(job.slice(0, 12))})`, known ? "any" : "bad", () => lb().jobFigures(job));
    }
    const figs = lb().figures();
    // Every figure before any run ("not run yet"), then hostile figure names and sizes.
    for (const f of figs) {
      check(`Lab(${lab}).svg(${f}) before a run`, "any", () => lb().svg(f, 600, 400));
      check(`Lab(${lab}).csv(${f}) before a run`, "any", () => lb().csv(f));
      check(`Lab(${lab}).render(${f}) without a document`, "bad", () => lb().render(f, "fig-" + f, 1));
    }
    for (const name of [...NAMES, ...w2s.figureKeys(), ...new Lab(lab === "enhanced" ? "logistic" : "enhanced").figures()]) {
      check(`Lab(${lab}).svg(figure ${JSON.stringify(name.slice(0, 12))})`, "bad", () => lb().svg(name, 600, 400));
      check(`Lab(${lab}).csv(figure ${JSON.stringify(name.slice(0, 12))})`, "bad", () => lb().csv(name));
      check(`Lab(${lab}).render(figure ${JSON.stringify(name.slice(0, 12))})`, "bad", () => lb().render(name, "c", 1));
    }
    for (const id of NAMES) {
      for (const scale of SCALES) check(`Lab(${lab}).render(canvas ${JSON.stringify(id.slice(0, 12))}, scale ${scale})`, "bad", () => lb().render(figs[0], id, scale));
    }
    // Results: hostile settings, jobs and flat arrays, each followed by the figures.
    for (const job of JOBS[lab]) {
      const good = results(lab, v, job);
      const n = w2s.labTasks(lab, v, job);
      const flats = [
        ["empty", new Float64Array(0), "bad"],
        ["one number", Float64Array.from([0.5]), "bad"],
        ["one short", good.slice(1), "bad"],
        ["one long", Float64Array.from([...good, 0.5]), "bad"],
        ["one task", good.slice(0, good.length / n), n === 1 ? "any" : "bad"],
        ["twice", Float64Array.from([...good, ...good]), "bad"],
        ["all NaN", new Float64Array(good.length).fill(NaN), "bad"],
        ["all +Infinity", new Float64Array(good.length).fill(Infinity), "bad"],
        ["all 1e300", new Float64Array(good.length).fill(1e300), "bad"],
        ["all −1e300", new Float64Array(good.length).fill(-1e300), "bad"],
        ["all 5", new Float64Array(good.length).fill(5), "bad"],
        ["all 0", new Float64Array(good.length).fill(0), "any"],
        ["huge", new Float64Array(1 << 20).fill(0.5), "bad"],
      ];
      for (const [label, flat, mode] of flats) {
        check(`Lab(${lab}).setResults(${job}, ${label})`, mode, () => lb().setResults(v, job, flat));
        for (const f of lb().jobFigures(job)) {
          check(`Lab(${lab}).svg(${f}) after ${label}`, "any", () => lb().svg(f, 600, 400));
          check(`Lab(${lab}).csv(${f}) after ${label}`, "any", () => lb().csv(f));
        }
        check(`Lab(${lab}).findings() after ${job} ${label}`, "any", () => lb().findings());
      }
      for (const p of labVectors(lab)) {
        if (p.mode === "bad") check(`Lab(${lab}).setResults(${job}, settings ${p.label})`, "bad", () => lb().setResults(p.values, job, good));
      }
      for (const bad of [...NAMES, ...JOBS[lab === "enhanced" ? "logistic" : "enhanced"]]) {
        check(`Lab(${lab}).setResults(job ${JSON.stringify(bad.slice(0, 12))})`, "bad", () => lb().setResults(v, bad, good));
      }
      // Results of other settings (a different task count) under these settings.
      const [ks] = quickValues(lab);
      const other = with_(v, ks.indexOf(lab === "enhanced" ? "seeds" : "pairs"), 3);
      if (w2s.labTasks(lab, other, job) !== n) {
        check(`Lab(${lab}).setResults(${job}, results of other settings)`, "bad", () => lb().setResults(v, job, results(lab, other, job)));
      }
    }
    for (const f of figs) {
      for (const w of SIZES) check(`Lab(${lab}).svg(${f}, width ${w})`, badSide(w) ? "bad" : "any", () => lb().svg(f, w, 400));
      for (const h of SIZES) check(`Lab(${lab}).svg(${f}, height ${h})`, badSide(h) ? "bad" : "any", () => lb().svg(f, 600, h));
    }

    // The same object, after all that, answers as a fresh one.
    const fresh = new Lab(lab);
    for (const job of JOBS[lab]) {
      const good = results(lab, v, job);
      // The job's own figures: other jobs stored earlier differ between the two.
      const own = (l) => (l.setResults(v, job, good), l.jobFigures(job).map((f) => l.csv(f)).join("\n"));
      stillWorks(`Lab(${lab}).setResults(${job}) after hostile calls`, lb(), fresh, own);
    }
    for (const f of figs) {
      stillWorks(`Lab(${lab}).csv(${f}) after hostile calls`, lb(), fresh, (l) => l.csv(f));
    }
    fresh.free();
    lb().free();
  }
}

// Module exports that are not the API: the loaders.
const LOADERS = new Set(["default", "initSync"]);
// Class members wasm-bindgen adds to every class.
const GLUE = new Set(["constructor", "free", "__destroy_into_raw"]);

function uncovered() {
  const out = [];
  for (const [name, value] of Object.entries(w2s)) {
    if (LOADERS.has(name)) continue;
    const isClass = typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
    if (!isClass) {
      if (!covered.has(name)) out.push(name);
      continue;
    }
    for (const m of Object.getOwnPropertyNames(value.prototype)) {
      if (!GLUE.has(m) && !covered.has(`${name}.${m}`)) out.push(`${name}.${m}`);
    }
    for (const m of Object.getOwnPropertyNames(value)) {
      if (!["length", "name", "prototype", "__wrap"].includes(m) && !covered.has(`${name}.${m}`)) out.push(`${name}.${m} (static)`);
    }
  }
  return out;
}

// ---- map axes and fresh seeds ----
function mapsAndSeeds() {
  covered.add("mapAxisKeys").add("newSeed").add("Explorer.setMapAxes");
  const [, axes] = check("mapAxisKeys()", "any", () => w2s.mapAxisKeys());
  if (!Array.isArray(axes) || axes.join() !== "eta-l,eta-u,eta-t,gamma,nu,sep,xi2,rho") fail("mapAxisKeys()", `${preview(axes)} is not the eight continuous parameters`);
  // Two seeds from the system's randomness: whole numbers in [0, 10⁹ − 1];
  // two equal in a row would happen once in a billion.
  const seeds = [0, 1].map(() => check("newSeed()", "any", () => w2s.newSeed())[1]);
  for (const s of seeds) if (!Number.isInteger(s) || s < 0 || s > 1e9 - 1) fail("newSeed()", `${preview(s)} is not a seed in [0, 1e9 - 1]`);
  if (seeds[0] === seeds[1]) fail("newSeed()", `the same seed twice: ${seeds[0]}`);
  const ex = new Explorer();
  for (const [x, y] of [["gamma", "sep"], ["eta-u", "eta-l"], ["rho", "xi2"], ["eta-t", "nu"]]) check(`Explorer.setMapAxes(${x}, ${y})`, "any", () => ex.setMapAxes(x, y));
  const hostile = ["", "p-t", "sigma-y2", "law", "GAMMA", " gamma", "x".repeat(10000), "\u0000", "eta-l;", "__proto__"];
  for (const bad of hostile) {
    check(`Explorer.setMapAxes(${JSON.stringify(bad.slice(0, 12))}, sep)`, "bad", () => ex.setMapAxes(bad, "sep"));
    check(`Explorer.setMapAxes(gamma, ${JSON.stringify(bad.slice(0, 12))})`, "bad", () => ex.setMapAxes("gamma", bad));
  }
  check("Explorer.setMapAxes(sep, sep)", "bad", () => ex.setMapAxes("sep", "sep"));
  // After the refusals the axes are the last accepted pair (η_t, ν_z): the CSV's columns say so.
  ex.compute(defaults, "mixture");
  const [ok, csv] = check("Explorer.csv(phase-map) after setMapAxes", "any", () => ex.csv("phase-map"));
  if (ok && !/^eta_t,nu,relative_gain_exact$/m.test(csv)) fail("Explorer.setMapAxes", "a refused pair changed the map's axes (its CSV has no eta_t,nu columns)");
  ex.free();
}

// ---- pins: their texts, checking, pinning and their readouts ----
function pins() {
  covered.add("pinText").add("checkPin").add("Explorer.setPins").add("Explorer.pinReadouts").add("Explorer.pinLabels");
  const [, none] = check("pinText(defaults)", "any", () => w2s.pinText(defaults, "mixture"));
  if (none !== "") fail("pinText(defaults)", `${preview(none)} is not the empty text of the defaults`);
  const sep = Float64Array.from(defaults);
  sep[w2s.paramKeys().indexOf("sep")] = 20;
  const [, text] = check("pinText(sep 20, surrogate)", "any", () => w2s.pinText(sep, "surrogate"));
  if (text !== "law:surrogate,sep:20") fail("pinText(sep 20, surrogate)", `${preview(text)}`);
  /** @type {[Float64Array, string][]} */
  const refused = [[Float64Array.from([NaN, ...defaults.slice(1)]), "mixture"], [defaults.slice(1), "mixture"], [defaults, "weird"]];
  for (const [values, law] of refused) {
    check(`pinText(${preview(values)}, ${law})`, "bad", () => w2s.pinText(values, law));
  }
  const hostile = ["sep", "sep:", ":1", "sep:1,sep:2", "eta-l:7", "gamma:0.5", "p-t:0", "p-s:7", "nu:1e308", "sep:NaN", "sep:Infinity",
    "law:", "x".repeat(10000), "\u0000:1", "__proto__:1", "sep:1e-400", "p-t:2.5", "xi2:-1", "eta-l:0.1,,,", "ÿ:1"];
  for (const bad of hostile) {
    const [, why] = check(`checkPin(${JSON.stringify(bad.slice(0, 16))})`, "any", () => w2s.checkPin(bad));
    if (bad === "eta-l:0.1,,," || bad === "sep:1e-400") continue; // both read (empty fields are skipped; 1e-400 is 0)
    if (typeof why !== "string" || !why) fail(`checkPin(${JSON.stringify(bad.slice(0, 16))})`, `accepted (${preview(why)})`);
  }
  const ex = new Explorer();
  check("Explorer.setPins([defaults, sep 20])", "any", () => ex.setPins(["", "law:surrogate,sep:20"]));
  for (const bad of hostile.filter((b) => w2s.checkPin(b) !== undefined)) {
    check(`Explorer.setPins([${JSON.stringify(bad.slice(0, 16))}])`, "bad", () => ex.setPins([bad]));
  }
  check("Explorer.setPins(four pins)", "bad", () => ex.setPins(["", "sep:1", "sep:2", "sep:3"]));
  ex.compute(defaults, "mixture");
  const [, labels] = check("Explorer.pinLabels()", "any", () => ex.pinLabels());
  if (!Array.isArray(labels) || labels.length !== 2) fail("Explorer.setPins", `a refused list changed the pins: ${preview(labels)}`);
  check("Explorer.pinReadouts(1)", "any", () => ex.pinReadouts(1));
  for (const k of [2, 3, 99, 2 ** 31]) check(`Explorer.pinReadouts(${k})`, "bad", () => ex.pinReadouts(k));
  for (const k of [-1, NaN, 1e20, 0.5]) check(`Explorer.pinReadouts(${k})`, "any", () => ex.pinReadouts(k));
  ex.free();
}

for (const section of [freeFunctions, explorer, mapsAndSeeds, pins, labFunctions, labDescriptions, labClass]) {
  try {
    section();
  } catch (e) {
    fail(section.name, `the test itself stopped: ${e.stack ?? e}`);
  }
}
const missing = uncovered();
if (missing.length) fail("exports", `no hostile cases for ${missing.join(", ")}`);
else passed++;

console.error = realError;
console.log(`hostile: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
