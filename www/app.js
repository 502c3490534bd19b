// W2S explorer shell. One-way flow: controls → state → URL → compute → draw.
// `state` is the only state; every change goes through `propose`, which draws
// the candidate at once (at most once per animation frame; further changes in
// the same frame are coalesced into one draw in the next) and commits it only
// if the core accepted it (otherwise the control shows the core's message and
// the last valid state stays on screen).
import init, { Explorer, paramKeys, defaultValues, figureKeys, figureTitles, derived } from "../pkg/w2s.js";

const CONTROLS = [
  { key: "eta-l", label: "η_ℓ", meaning: "minority fraction of the labeled data", min: 0, max: 1, step: 0.005 },
  { key: "eta-u", label: "η_u", meaning: "minority fraction of the unlabeled data", min: 0, max: 1, step: 0.005 },
  { key: "eta-t", label: "η_t", meaning: "minority fraction of the test data", min: 0, max: 1, step: 0.005 },
  { key: "gamma", label: "γ_z = d_z/n", meaning: "core features per labeled sample", min: 0.001, max: 0.16, step: 0.001 },
  { key: "nu", label: "ν_z = d_z/N", meaning: "core features per unlabeled sample (0: N = ∞)", min: 0, max: 0.3, step: 0.0005 },
  { key: "sep", label: "‖μ_ξ‖²/σ²", meaning: "how separable the two groups are", min: 0, max: 30, step: 0.1 },
  { key: "xi2", label: "‖Ξ‖_F²", meaning: "overlap of teacher and student features", min: 0, max: 2, step: 0.01 },
];
const ADVANCED = [
  { key: "p-t", label: "p_T", meaning: "teacher's group-feature dimension", min: 1, max: 16, step: 1 },
  { key: "p-s", label: "p_S", meaning: "student's group-feature dimension (≤ p_T)", min: 1, max: 16, step: 1 },
  { key: "rho", label: "ρ", meaning: "share of the group signal the teacher sees", min: 0, max: 1, step: 0.01 },
  { key: "sigma-y2", label: "σ_y²", meaning: "label noise variance", min: 0.1, max: 4, step: 0.05 },
];
const LAYERS = [["closed form", 1], ["first order", 2], ["exact", 4]];
const PRESETS = {
  "matched": { "eta-l": 0.1, "eta-u": 0.1, "eta-t": 0.5 },
  "minority-labeled": { "eta-l": 0.1, "eta-u": 0.5, "eta-t": 0.5 },
  "balanced-labeled": { "eta-l": 0.5, "eta-u": 0.1, "eta-t": 0.5 },
  "separable": { law: "surrogate", sep: 20, "eta-l": 0.1, "eta-u": 0.9, "eta-t": 0.5, xi2: 0 },
  "orthogonal": { xi2: 0 },
  "same": { "p-t": 3, "p-s": 3, xi2: 2, rho: 1, nu: 0.005 },
};

let explorer, keys, figures;
let TITLES; // figure key → title, from the core
const state = { values: null, law: "mixture", layers: 7, embed: "" };
let pending = null;      // { values, law, layers, control, t0, settle }
let inGesture = false;   // a history entry was pushed for the gesture under way
let frame = 0;           // an animation frame is booked to draw `pending`
let drewThisFrame = false;
window.__w2s = { timings: [], work: [], render: [], draws: 0, ready: false };

const fmt = (x, d = 5) => (Number.isFinite(x) ? x.toFixed(d) : "—");
const $ = (sel) => document.querySelector(sel);

// ---- URL hash: read field by field, never executed ----
function parseHash() {
  const ignored = [];
  const values = state.values.slice();
  let { law, layers, embed } = state;
  for (const [k, v] of new URLSearchParams(location.hash.slice(1))) {
    const i = keys.indexOf(k);
    if (i >= 0 && v.trim() !== "" && Number.isFinite(Number(v))) {
      const trial = values.slice();
      trial[i] = Number(v);
      try { explorer.point(Float64Array.from(trial), law); values[i] = trial[i]; } catch { ignored.push(k); }
    } else if (k === "law" && (v === "mixture" || v === "surrogate")) law = v;
    else if (k === "layers" && /^[1-7]$/.test(v)) layers = Number(v);
    else if (k === "embed" && figures.includes(v)) embed = v;
    else if (k in SIM_LIMITS && /^[0-9]+$/.test(v) && Number(v) >= SIM_LIMITS[k][0] && Number(v) <= SIM_LIMITS[k][1]) sim[k] = Number(v);
    else ignored.push(k);
  }
  return { values, law, layers, embed, ignored };
}

function hashOf(s) {
  const q = new URLSearchParams();
  keys.forEach((k, i) => q.set(k, String(s.values[i])));
  q.set("law", s.law);
  q.set("layers", String(s.layers));
  for (const k of ["d-z", "reps", "seed"]) if (sim[k] !== SIM_DEFAULTS[k]) q.set(k, String(sim[k]));
  if (s.embed) q.set("embed", s.embed);
  return "#" + q.toString();
}

// ---- proposing a change: drawn now or in the next frame, committed if valid ----
// `settle` marks the end of a gesture (a slider released, a box or menu
// changed); `fromUrl` a redraw of a state already in history (read from the
// URL, a resize, new simulation points), which never adds an entry.
function propose(change, control, settle = false, fromUrl = false) {
  const base = pending ?? { values: state.values.slice(), law: state.law, layers: state.layers };
  const next = { values: base.values.slice(), law: base.law, layers: base.layers, control, t0: pending?.t0 ?? performance.now(),
    settle: settle || (pending?.settle ?? false), fromUrl: fromUrl || (pending?.fromUrl ?? false) };
  if ("law" in change) next.law = change.law;
  if ("layers" in change) next.layers = change.layers;
  for (const [k, v] of Object.entries(change)) {
    const i = keys.indexOf(k);
    if (i >= 0) next.values[i] = v;
  }
  pending = next;
  if (frame) return;
  // Chrome delivers a drag's input events once per frame, so drawing in the
  // handler puts the new plots in the very next paint; a faster stream (held
  // arrow keys) is coalesced to one draw per frame.
  if (drewThisFrame) frame = requestAnimationFrame(drawPending);
  else drawPending();
}

// Canvas sizes in CSS pixels (0 × 0 when hidden), kept by a ResizeObserver:
// reading them from the layout in every frame would force a layout per draw.
const canvasBox = new Map();
const canvasObserver = new ResizeObserver((entries) => {
  for (const e of entries) canvasBox.set(e.target.id, [e.contentRect.width, e.contentRect.height]);
  propose({}, null, false, true);
});

function sizeCanvases() {
  const dpr = window.devicePixelRatio || 1;
  const ids = [];
  for (const key of figures) {
    const c = document.getElementById("fig-" + key);
    let box = c && canvasBox.get(c.id);
    if (c && !box) box = [c.clientWidth, c.clientHeight];
    const visible = box && box[0] > 0 && box[1] > 0;
    ids.push(visible ? c.id : "");
    if (!visible) continue;
    const w = Math.max(200, Math.round(box[0] * dpr));
    const h = Math.max(120, Math.round(box[1] * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
  }
  return [dpr, ids];
}

function drawPending() {
  const start = performance.now();
  frame = 0;
  if (!drewThisFrame) {
    drewThisFrame = true;
    requestAnimationFrame(() => { drewThisFrame = false; });
  }
  const p = pending;
  pending = null;
  if (!p) return;
  const [dpr, ids] = sizeCanvases();
  let out;
  const renderStart = performance.now();
  try {
    out = explorer.render(Float64Array.from(p.values), p.law, p.layers, dpr, ids);
    window.__w2s.render.push(performance.now() - renderStart);
  } catch (e) {
    showError(p.control, e.message);
    syncControls();
    return;
  }
  clearErrors();
  state.values = p.values;
  state.law = p.law;
  state.layers = p.layers;
  // Within a drag the URL follows at most every URL_INTERVAL ms (and always
  // at its end): each history write costs about a millisecond, and Chrome
  // throttles a page that writes history more than 200 times in 10 s.
  if (p.settle || p.fromUrl || !inGesture || performance.now() - urlWritten >= URL_INTERVAL) writeUrl(p.fromUrl);
  else if (!urlTimer) urlTimer = setTimeout(() => writeUrl(false), URL_INTERVAL);
  if (p.settle || p.fromUrl) inGesture = false;
  renderReadouts(out);
  syncControls();
  window.__w2s.draws++;
  const end = performance.now();
  window.__w2s.timings.push(end - p.t0);
  window.__w2s.work.push(end - start);
}

const URL_INTERVAL = 150;
let urlTimer = 0;
let urlWritten = -Infinity;

function writeUrl(fromUrl) {
  clearTimeout(urlTimer);
  urlTimer = 0;
  const h = hashOf(state);
  if (location.hash === h) return;
  // The first change of a gesture gets a new history entry (so Back returns
  // to the state before it); the rest of the gesture replaces that entry.
  if (fromUrl || inGesture) history.replaceState(null, "", h);
  else { history.pushState(null, "", h); inGesture = true; }
  urlWritten = performance.now();
}

function showError(control, message) {
  const root = control ?? $("#controls");
  root.classList.add("invalid");
  const slot = root.querySelector(".error") ?? $("#status");
  slot.textContent = message;
}

function clearErrors() {
  document.querySelectorAll(".invalid").forEach((c) => {
    c.classList.remove("invalid");
    const e = c.querySelector(".error");
    if (e) e.textContent = "";
  });
}

// ---- readouts, verdict and the theorems with values ----
// Built once; a frame only rewrites the text of the cells and numbers that
// changed, which keeps layout work off the slider's hot path.
const ROWS = [["teacher ER_T", 0], ["student ER_S", 1], ["strong ceiling", 2],
  ["W2S gain ER_T − ER_S", 3], ["relative gain", 4], ["PGR", 5]];

// The elements a frame writes, found once when built (not queried per frame).
let readoutCells = {};
let theoremSlots = [];

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function buildReadouts() {
  const rows = ROWS.map(([label, j]) =>
    `<tr><th scope="row">${label}</th>${[0, 1, 2].map((l) => `<td data-readout="${l}-${j}"></td>`).join("")}</tr>`);
  rows.push(`<tr><th scope="row">teacher: majority / minority</th><td colspan="3" data-readout="teacher-groups"></td></tr>`);
  rows.push(`<tr><th scope="row">student: majority / minority</th><td colspan="3" data-readout="student-groups"></td></tr>`);
  rows.push(`<tr><th scope="row">η_u* (closed form / exact)</th><td colspan="3" data-readout="eta-u-star"></td></tr>`);
  $("#readouts tbody").innerHTML = rows.join("");
  readoutCells = Object.fromEntries([...document.querySelectorAll("[data-readout]")].map((e) => [e.dataset.readout, e]));
  const mi = (x) => `<mi>${x}</mi>`;
  const mn = (slot) => `<mn data-slot="${slot}"></mn>`;
  const sub = (a, b) => `<msub>${a}${b}</msub>`;
  const teacher = `<math display="block"><mrow>${sub(mi("ER"), mi("T"))}<mo>=</mo>${mn("s2")}<mo>·</mo>${mn("gamma")}<mo>[</mo>${mn("pt")}<mo>+</mo><msup><mrow><mo>(</mo>${mn("et")}<mo>−</mo>${mn("el")}<mo>)</mo></mrow><mn>2</mn></msup><mo>·</mo>${mn("mut2")}<mo>]</mo><mo>=</mo>${mn("ert")}</mrow></math>`;
  const student = `<math display="block"><mrow>${sub(mi("ER"), mi("S"))}<mo>=</mo>${mn("s2")}<mo>·</mo>${mn("gamma")}<mo>[</mo>${mn("pts")}<mo>+</mo><msup>${mn("spur")}<mn>2</mn></msup><mo>+</mo>${mn("nu")}<mo>(</mo>${mn("rest")}<mo>)</mo><mo>(</mo>${mn("ps")}<mo>+</mo>${mn("shift")}<mo>)</mo><mo>]</mo><mo>=</mo>${mn("ers")}</mrow></math>`;
  $("#theorems").innerHTML = `<p>Theorem 1 (teacher) and Theorem 2 (student), closed forms with the current values:</p>${teacher}${student}`;
  theoremSlots = [...document.querySelectorAll("#theorems [data-slot]")];
}

function renderReadouts(out) {
  const cell = (key) => readoutCells[key];
  for (const [, j] of ROWS) for (const l of [0, 1, 2]) setText(cell(`${l}-${j}`), fmt(out[6 * l + j]));
  const worst = (maj, min) => (min >= maj ? "minority" : "majority");
  setText(cell("teacher-groups"), `${fmt(out[18])} / ${fmt(out[19])} (worst: ${worst(out[18], out[19])})`);
  setText(cell("student-groups"), `${fmt(out[20])} / ${fmt(out[21])} (worst: ${worst(out[20], out[21])})`);
  setText(cell("eta-u-star"), `${fmt(out[22], 4)} / ${fmt(out[23], 4)}`);
  const gain = out[15];
  const v = $("#verdict");
  setText(v, gain > 0
    ? `W2S happens: the student beats its teacher by ${fmt(100 * out[16], 1)} % (exact theory).`
    : `W2S fails: the student is worse than its teacher by ${fmt(-100 * out[16], 1)} % (exact theory).`);
  v.className = gain > 0 ? "" : "fails";
  renderTheorems(out);
}

function renderTheorems(out) {
  const v = Object.fromEntries(keys.map((k, i) => [k, state.values[i]]));
  const [pShared, muT2, muS2, xiMuS] = derived(Float64Array.from(state.values), state.law);
  const spur = (v["eta-u"] - v["eta-l"]) * Math.sqrt(muT2) + (v["eta-t"] - v["eta-u"]) * xiMuS;
  const slots = {
    s2: fmt(v["sigma-y2"], 2), gamma: fmt(v.gamma, 3), pt: fmt(v["p-t"], 0), et: fmt(v["eta-t"], 3),
    el: fmt(v["eta-l"], 3), mut2: fmt(muT2, 3), ert: fmt(out[0]), pts: fmt(pShared, 3), spur: fmt(spur, 3),
    nu: fmt(v.nu, 4), rest: fmt(v["p-t"] - pShared, 3), ps: fmt(v["p-s"], 0),
    shift: fmt((v["eta-t"] - v["eta-u"]) ** 2 * muS2, 3), ers: fmt(out[1]),
  };
  theoremSlots.forEach((el) => setText(el, slots[el.dataset.slot]));
}

// ---- controls ----
function controlHtml(c) {
  return `<label for="num-${c.key}">${c.label}<span class="meaning">${c.meaning}</span></label>
    <div class="row"><input type="range" id="range-${c.key}" aria-label="${c.label}: ${c.meaning}" min="${c.min}" max="${c.max}" step="${c.step}">
    <input type="number" id="num-${c.key}" step="any" inputmode="decimal"></div><div class="error" role="alert"></div>`;
}

function buildControls() {
  const host = $("#controls");
  host.innerHTML = "";
  const add = (parent, c) => {
    const root = document.createElement("div");
    root.className = "control";
    root.id = "control-" + c.key;
    root.innerHTML = controlHtml(c);
    const range = root.querySelector("input[type=range]");
    range.addEventListener("input", (e) => propose({ [c.key]: Number(e.target.value) }, root));
    range.addEventListener("change", (e) => propose({ [c.key]: Number(e.target.value) }, root, true));
    root.querySelector("input[type=number]").addEventListener("change", (e) => {
      const text = e.target.value.trim();
      propose({ [c.key]: text === "" ? NaN : Number(text) }, root, true);
    });
    parent.appendChild(root);
  };
  const main = document.createElement("fieldset");
  main.innerHTML = "<legend>Parameters</legend>";
  CONTROLS.forEach((c) => add(main, c));
  const law = document.createElement("div");
  law.className = "control";
  law.id = "control-law";
  law.innerHTML = `<label for="law">law of the group features<span class="meaning">mixture: the model as stated; surrogate: same mean, no between-group variance</span></label>
    <select id="law"><option value="mixture">mixture</option><option value="surrogate">surrogate</option></select><div class="error" role="alert"></div>`;
  law.querySelector("select").addEventListener("change", (e) => propose({ law: e.target.value }, law, true));
  main.appendChild(law);
  host.appendChild(main);
  const layers = document.createElement("fieldset");
  layers.className = "layers";
  layers.innerHTML = "<legend>Theory layers</legend>" + LAYERS.map(([name, bit]) =>
    `<label><input type="checkbox" data-bit="${bit}"> ${name}</label>`).join("") + `<div class="error" role="alert"></div>`;
  layers.addEventListener("change", () => {
    let mask = 0;
    layers.querySelectorAll("input").forEach((i) => { if (i.checked) mask |= Number(i.dataset.bit); });
    if (mask === 0) { showError(layers, "choose at least one layer"); syncControls(); return; }
    propose({ layers: mask }, layers, true);
  });
  host.appendChild(layers);
  const adv = document.createElement("details");
  adv.innerHTML = "<summary>Advanced</summary>";
  const advSet = document.createElement("fieldset");
  advSet.innerHTML = "<legend>Advanced</legend>";
  ADVANCED.forEach((c) => add(advSet, c));
  adv.appendChild(advSet);
  host.appendChild(adv);
  host.appendChild(buildSimulationPanel());
}

function syncControls() {
  // Only values that differ are written: each write restyles its input.
  const put = (el, v) => { if (el.value !== String(v)) el.value = v; };
  for (const c of CONTROLS.concat(ADVANCED)) {
    const v = state.values[keys.indexOf(c.key)];
    put(document.getElementById("range-" + c.key), v);
    const box = document.getElementById("num-" + c.key);
    if (document.activeElement !== box || !box.closest(".invalid")) put(box, v);
  }
  put($("#law"), state.law);
  document.querySelectorAll(".layers input").forEach((i) => { i.checked = (state.layers & Number(i.dataset.bit)) !== 0; });
}

// ---- finite-sample simulation in web workers ----
const SIM_DEFAULTS = { "d-z": 48, reps: 8, seed: 1 };
const SIM_LIMITS = { "d-z": [4, 512], reps: [2, 500], seed: [0, 2 ** 53 - 1] };
const sim = { ...SIM_DEFAULTS, run: null };

function buildSimulationPanel() {
  const f = document.createElement("fieldset");
  f.id = "simulation";
  f.innerHTML = `<legend>Simulation</legend>
    <p class="meaning">Finite-sample runs of the model at η_u = 0, ¼, ½, ¾, 1 and the current η_u, drawn with ±2 SE bars on the η_u figure.</p>
    ${["d-z", "reps", "seed"].map((k) => `<div class="control" id="control-sim-${k}"><label for="sim-${k}">${{ "d-z": "d_z (core dimension)", reps: "replicates per point", seed: "seed" }[k]}</label>
      <input type="number" id="sim-${k}" step="1" min="${SIM_LIMITS[k][0]}" max="${SIM_LIMITS[k][1]}"><div class="error" role="alert"></div></div>`).join("")}
    <div class="row"><button type="button" id="sim-run">Run simulation</button><button type="button" id="sim-cancel" disabled>Cancel</button></div>
    <progress id="sim-progress" value="0" max="1" aria-label="simulation progress"></progress>
    <p id="sim-status" role="status" aria-live="polite"></p>`;
  for (const k of ["d-z", "reps", "seed"]) {
    const input = f.querySelector(`#sim-${k}`);
    input.value = sim[k];
    input.addEventListener("change", () => {
      const root = f.querySelector(`#control-sim-${k}`);
      const v = Number(input.value);
      const [lo, hi] = SIM_LIMITS[k];
      if (!Number.isInteger(v) || v < lo || v > hi) {
        root.classList.add("invalid");
        root.querySelector(".error").textContent = `${k} = ${input.value} must be a whole number in [${lo}, ${hi}]`;
        input.value = sim[k];
        return;
      }
      root.classList.remove("invalid");
      root.querySelector(".error").textContent = "";
      sim[k] = v;
      const h = hashOf(state);
      if (location.hash !== h) history.replaceState(null, "", h);
    });
  }
  f.querySelector("#sim-run").addEventListener("click", runSimulation);
  f.querySelector("#sim-cancel").addEventListener("click", () => cancelSimulation("cancelled"));
  return f;
}

function runSimulation() {
  cancelSimulation(null);
  const etaUIndex = keys.indexOf("eta-u");
  const now = state.values[etaUIndex];
  const points = [...new Set([0, 0.25, 0.5, 0.75, 1, now])].sort((x, y) => x - y);
  const tasks = [];
  points.forEach((etaU, point) => {
    for (let r = 0; r < sim.reps; r++) tasks.push({ point, etaU, index: point * 1_000_000 + r });
  });
  const n = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8, tasks.length));
  const results = points.map(() => []);
  const run = { workers: [], done: 0, total: tasks.length, finished: 0, points, results };
  sim.run = run;
  $("#sim-run").disabled = true;
  $("#sim-cancel").disabled = false;
  $("#sim-status").textContent = `Running ${tasks.length} replicates on ${n} worker${n > 1 ? "s" : ""}…`;
  $("#sim-progress").value = 0;
  for (let w = 0; w < n; w++) {
    const worker = new Worker(new URL("./sim-worker.js", import.meta.url), { type: "module" });
    worker.onmessage = (e) => {
      if (sim.run !== run) return;
      const m = e.data;
      if (m.done) {
        run.finished++;
        if (run.finished === run.workers.length) finishSimulation(run);
        return;
      }
      if (!m.ok) { cancelSimulation(`Simulation refused: ${m.message}`); return; }
      run.results[m.point].push(m.result);
      run.done++;
      $("#sim-progress").value = run.done / run.total;
    };
    worker.onerror = (e) => cancelSimulation(`Simulation failed: ${e.message}`);
    worker.postMessage({ values: state.values, law: state.law, dz: sim["d-z"], seed: sim.seed, etaUIndex, tasks: tasks.filter((_, i) => i % n === w) });
    run.workers.push(worker);
  }
}

function cancelSimulation(message) {
  const run = sim.run;
  if (run) {
    run.workers.forEach((w) => w.terminate());
    sim.run = null;
    if (message === "cancelled") message = `Cancelled after ${run.done} of ${run.total} replicates.`;
  }
  $("#sim-run").disabled = false;
  $("#sim-cancel").disabled = true;
  if (message) $("#sim-status").textContent = message;
}

function estimate(values) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

function finishSimulation(run) {
  cancelSimulation(null);
  const summary = run.points.map((etaU, i) => {
    const r = run.results[i];
    return {
      etaU,
      teacher: estimate(r.map((x) => x[0])),
      student: estimate(r.map((x) => x[3])),
      gain: estimate(r.map((x) => x[0] - x[3])),
    };
  });
  const flat = (k) => Float64Array.from(summary.flatMap((s) => [s.etaU, s[k].mean, s[k].se]));
  explorer.setOverlay(flat("teacher"), flat("student"), flat("gain"));
  window.__w2s.sim = summary;
  $("#sim-status").textContent = `Done: ${run.total} replicates at d_z = ${sim["d-z"]}, seed ${sim.seed}.`;
  const now = summary.find((s) => s.etaU === state.values[keys.indexOf("eta-u")]);
  if (now) {
    const [, t, s, g] = explorer.hoverEtaU(now.etaU);
    $("#sim-table").innerHTML = `<caption>Simulation at η_u = ${fmt(now.etaU, 3)} (mean ± SE) vs exact theory</caption>
      <tr><th scope="row">teacher</th><td>${fmt(now.teacher.mean, 4)} ± ${fmt(now.teacher.se, 4)}</td><td>${fmt(t, 4)}</td></tr>
      <tr><th scope="row">student</th><td>${fmt(now.student.mean, 4)} ± ${fmt(now.student.se, 4)}</td><td>${fmt(s, 4)}</td></tr>
      <tr><th scope="row">gain</th><td>${fmt(now.gain.mean, 4)} ± ${fmt(now.gain.se, 4)}</td><td>${fmt(g, 4)}</td></tr>`;
  }
  propose({}, null, false, true);
}

// ---- figures, exports, hover ----
function buildFigures() {
  const host = $("#figures");
  for (const key of figures) {
    const f = document.createElement("figure");
    if (key === "eta-u") f.className = "main";
    if (key === state.embed) f.classList.add("embedded");
    f.innerHTML = `<figcaption><span>${TITLES[key]}</span><span class="exports chrome-inline">
      ${["png", "svg", "csv"].map((k) => `<button type="button" data-export="${k}" aria-label="Export “${TITLES[key]}” as ${k.toUpperCase()}">${k.toUpperCase()}</button>`).join("")}</span></figcaption>
      <canvas id="fig-${key}" role="img" aria-label="${TITLES[key]}"></canvas>${key === "eta-u" ? '<div class="hover" id="hover" aria-live="off"></div>' : ""}`;
    f.querySelectorAll("button[data-export]").forEach((b) => b.addEventListener("click", () => exportFigure(key, b.dataset.export)));
    host.appendChild(f);
  }
  const c = document.getElementById("fig-eta-u");
  c.addEventListener("mousemove", (e) => {
    const r = c.getBoundingClientRect();
    // The plot spans from 60 px (margin + y labels) to 8 px from the right.
    const u = (e.clientX - r.left - 60) / (r.width - 68);
    if (u < 0 || u > 1) { $("#hover").textContent = ""; return; }
    const [x, t, s, g] = explorer.hoverEtaU(u);
    $("#hover").textContent = `η_u = ${fmt(x, 3)}: teacher ${fmt(t, 4)}, student ${fmt(s, 4)}, gain ${fmt(g, 4)} (exact)`;
  });
  c.addEventListener("mouseleave", () => { $("#hover").textContent = ""; });
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function exportFigure(key, kind) {
  const name = `w2s-${key}.${kind}`;
  if (kind === "csv") download(name, new Blob([explorer.csv(key)], { type: "text/csv" }));
  else if (kind === "svg") {
    const c = document.getElementById("fig-" + key);
    const r = c.getBoundingClientRect();
    download(name, new Blob([explorer.svg(key, Math.round(r.width), Math.round(r.height))], { type: "image/svg+xml" }));
  } else document.getElementById("fig-" + key).toBlob((b) => download(name, b), "image/png");
}

// ---- sharing and presets ----
async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    $("#share-status").textContent = `${what} copied.`;
  } catch {
    $("#share-status").textContent = `${what}: ${text}`;
  }
}

function embedCode() {
  const figure = $("#embed-figure").value;
  const s = { ...state, embed: figure };
  const url = location.href.split("#")[0] + hashOf(s);
  return `<iframe src="${url.replace(/"/g, "&quot;")}" width="720" height="420" style="border:0" title="W2S explorer: ${TITLES[figure]}"></iframe>`;
}

function wireToolbar() {
  $("#copy-link").addEventListener("click", () => copy(location.href, "Link"));
  $("#copy-embed").addEventListener("click", () => copy(embedCode(), "Embed code"));
  $("#preset").addEventListener("change", (e) => {
    const preset = PRESETS[e.target.value];
    if (!preset) return;
    propose({ ...preset }, null, true);
  });
}

async function main() {
  await init();
  explorer = new Explorer();
  keys = paramKeys();
  figures = figureKeys();
  const titles = figureTitles();
  TITLES = Object.fromEntries(figures.map((k, i) => [k, titles[i]]));
  state.values = Array.from(defaultValues());
  const h = parseHash();
  Object.assign(state, { values: h.values, law: h.law, layers: h.layers, embed: h.embed });
  if (state.embed) document.body.classList.add("embed");
  buildControls();
  buildFigures();
  buildReadouts();
  wireToolbar();
  $("#status").textContent = h.ignored.length ? `Ignored from the link: ${h.ignored.join(", ")}` : "";
  propose({}, null, false, true);
  const fromHistory = () => {
    clearTimeout(urlTimer); // a drag's pending URL write must not overwrite the entry navigated to
    urlTimer = 0;
    const next = parseHash();
    propose({ ...Object.fromEntries(keys.map((k, i) => [k, next.values[i]])), law: next.law, layers: next.layers }, null, false, true);
  };
  window.addEventListener("popstate", fromHistory);
  window.addEventListener("hashchange", fromHistory);
  figures.forEach((k) => { const c = document.getElementById("fig-" + k); if (c) canvasObserver.observe(c); });
  window.__w2s.ready = true;
  Object.assign(window.__w2s, { explorer, keys, state }); // for the benchmark's compute/draw split
}

main().catch((e) => {
  $("#status").textContent = "Could not start the theory engine: " + e.message;
});
