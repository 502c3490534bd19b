// @ts-check
// Shell of the two lab pages (the page's <body data-lab> says which).
// One-way flow: controls → state → URL; a Run button sends the job's tasks
// to web workers (one per core), their numbers go to the core, which keeps
// the results and draws the figures. The knobs, their ranges and every
// message come from the core, and so do the jobs (their buttons; the first is
// run on load and after a preset), the presets and the figures.
import init, { Lab, labKnobs, labCheck, labTasks, labJobs, labPresets, labPreset, labFigures } from "../pkg/w2s.js";
import { hashFields, ignoredNotice, parseNumber, reconcile } from "./link.js";

const LAB = document.body.dataset.lab;
const $ = (s) => document.querySelector(s);
let lab, knobs, keys;
let FIGURES; // [{ key, title, main }] in page order, from the core
let JOBS; // [{ key, label, figures }] in page order, from the core; the first is the default
const state = { values: null };
let run = null; // the job under way: { job, workers, results, done, total }
window.__lab = { ready: false, runs: 0, renders: 0 };

// ---- URL: read as one state, never executed ----
// A link's fields are applied together on top of the defaults and checked
// once by the core, so fields that fit only together survive (n = 100000
// with d = 10: n × d is checked with both). Only a link invalid as a whole
// is read field by field (link.js), in the order of the lab's knobs.
function fits(candidate) {
  try { labCheck(LAB, Float64Array.from(keys.map((k) => candidate[k]))); return true; } catch { return false; }
}

function parseHash(hash) {
  const unreadable = [];
  const fields = new Map();
  for (const [k, v] of hashFields(hash)) {
    if (keys.includes(k) && Number.isFinite(parseNumber(v))) fields.set(k, parseNumber(v));
    else unreadable.push(k);
  }
  const defaults = lab.defaults();
  const base = Object.fromEntries(keys.map((k, i) => [k, defaults[i]]));
  const ordered = keys.filter((k) => fields.has(k)).map((k) => [k, fields.get(k)]);
  const { kept, refused } = reconcile(base, ordered, fits);
  return { values: keys.map((k) => kept[k]), notice: ignoredNotice(unreadable, refused, "of the settings on the page") };
}

function writeUrl(push) {
  const q = new URLSearchParams();
  keys.forEach((k, i) => q.set(k, String(state.values[i])));
  const h = "#" + q.toString();
  if (location.hash === h) return;
  if (push) history.pushState(null, "", h); else history.replaceState(null, "", h);
}

// ---- controls (from the core's knob list) ----
function buildControls() {
  const set = document.createElement("fieldset");
  set.innerHTML = "<legend>Settings</legend>";
  for (const k of knobs) {
    const root = document.createElement("div");
    root.className = "control";
    root.id = "control-" + k.key;
    const lo = k.openMin ? k.min + k.step : k.min;
    root.innerHTML = `<label for="num-${k.key}">${k.symbol}<span class="meaning">${k.meaning}</span></label>
      <div class="row"><input type="range" id="range-${k.key}" aria-label="${k.symbol}: ${k.meaning}" min="${lo}" max="${k.max}" step="${k.step}">
      <input type="number" id="num-${k.key}" step="any" inputmode="decimal"></div><div class="error" role="alert"></div>`;
    const commit = (text, settle) => change({ [k.key]: text === "" ? NaN : Number(text) }, root, settle);
    const value = (/** @type {Event} */ e) => /** @type {HTMLInputElement} */ (e.target).value;
    root.querySelector("input[type=range]").addEventListener("input", (e) => commit(value(e), false));
    root.querySelector("input[type=range]").addEventListener("change", (e) => commit(value(e), true));
    root.querySelector("input[type=number]").addEventListener("change", (e) => commit(value(e).trim(), true));
    set.appendChild(root);
  }
  $("#controls").append(set); // after the Run panel, which stays in view
}

function syncControls() {
  knobs.forEach((k, i) => {
    const v = String(state.values[i]);
    const r = /** @type {HTMLInputElement} */ (document.getElementById("range-" + k.key));
    const b = /** @type {HTMLInputElement} */ (document.getElementById("num-" + k.key));
    if (r.value !== v) r.value = v;
    if (b.value !== v && !(document.activeElement === b && b.closest(".invalid"))) b.value = v;
  });
}

function change(patch, control, settle) {
  const trial = state.values.slice();
  for (const [k, v] of Object.entries(patch)) trial[keys.indexOf(k)] = v;
  try {
    labCheck(LAB, Float64Array.from(trial));
  } catch (e) {
    const root = control ?? $("#controls");
    root.classList.add("invalid");
    (root.querySelector(".error") ?? $("#status")).textContent = e.message;
    syncControls();
    return false;
  }
  document.querySelectorAll(".invalid").forEach((c) => { c.classList.remove("invalid"); const e = c.querySelector(".error"); if (e) e.textContent = ""; });
  state.values = trial;
  // The URL is written when a gesture ends (a released slider, a typed box):
  // a drag would otherwise write history on every input event.
  if (settle) writeUrl(true);
  syncControls();
  return true;
}

// ---- jobs and presets (from the core's lists) ----
function buildJobs() {
  for (const j of JOBS) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.job = j.key;
    b.textContent = j.label;
    $("#run-panel .jobs").appendChild(b);
  }
  for (const p of JSON.parse(labPresets(LAB))) {
    const o = document.createElement("option");
    o.value = p.key;
    o.textContent = p.label;
    $("#preset").appendChild(o);
  }
}

// ---- figures ----
function buildFigures() {
  const host = $("#figures");
  for (const { key, title, main } of FIGURES) {
    const f = document.createElement("figure");
    if (main) f.className = "main";
    f.innerHTML = `<figcaption><span>${title}</span><span class="exports">
      ${["png", "svg", "csv"].map((k) => `<button type="button" data-export="${k}" aria-label="Export “${title}” as ${k.toUpperCase()}">${k.toUpperCase()}</button>`).join("")}</span></figcaption>
      <canvas id="fig-${key}" role="img" aria-label="${title}"></canvas>`;
    /** @type {NodeListOf<HTMLButtonElement>} */ (f.querySelectorAll("button[data-export]")).forEach((b) => b.addEventListener("click", () => exportFigure(key, b.dataset.export)));
    host.appendChild(f);
  }
  new ResizeObserver(() => drawAll()).observe(host);
}

function drawAll(only) {
  const dpr = window.devicePixelRatio || 1;
  for (const key of only ?? lab.figures()) {
    const c = /** @type {HTMLCanvasElement | null} */ (document.getElementById("fig-" + key));
    if (!c || c.clientWidth === 0) continue;
    const w = Math.max(200, Math.round(c.clientWidth * dpr));
    const h = Math.max(120, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    try { lab.render(key, c.id, dpr); } catch (e) { $("#status").textContent = e.message; }
  }
  window.__lab.renders++;
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function exportFigure(key, kind) {
  const name = `w2s-${key}.${kind}`;
  const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-" + key));
  if (kind === "csv") download(name, new Blob([lab.csv(key)], { type: "text/csv" }));
  else if (kind === "svg") download(name, new Blob([lab.svg(key, Math.max(400, c.clientWidth), Math.max(250, c.clientHeight))], { type: "image/svg+xml" }));
  else c.toBlob((b) => download(name, b), "image/png");
}

function showFindings() {
  const items = lab.findings();
  $("#findings").innerHTML = "";
  for (const t of items.length ? items : ["Nothing run yet."]) {
    const li = document.createElement("li");
    li.textContent = t;
    $("#findings").appendChild(li);
  }
}

// ---- running a job in web workers ----
function setRunning(on) {
  /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll("#run-panel button[data-job]")).forEach((b) => { b.disabled = on; });
  $("#cancel").disabled = !on;
}

function startJob(job) {
  if (run) return;
  const values = state.values.slice();
  let total;
  try { total = labTasks(LAB, Float64Array.from(values), job); } catch (e) { $("#status").textContent = e.message; return; }
  const n = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8, total));
  const t0 = performance.now();
  run = { job, values, workers: [], results: new Array(total), done: 0, total, finished: 0, t0 };
  setRunning(true);
  $("#progress").value = 0;
  $("#run-status").textContent = `Running ${total} task${total > 1 ? "s" : ""} on ${n} worker${n > 1 ? "s" : ""}…`;
  for (let w = 0; w < n; w++) {
    const worker = new Worker(new URL("./lab-worker.js", import.meta.url), { type: "module" });
    const mine = [];
    for (let t = w; t < total; t += n) mine.push(t);
    worker.onmessage = (e) => {
      if (!run) return;
      const m = e.data;
      if (m.done) { if (++run.finished === n) finishJob(); return; }
      if (!m.ok) { cancelJob(`The run failed: ${m.message}`); return; }
      run.results[m.task] = m.result;
      run.done++;
      $("#progress").value = run.done / run.total;
      $("#run-status").textContent = `${run.done} of ${run.total} tasks done…`;
    };
    worker.onerror = (e) => cancelJob(`The run failed: ${e.message}`);
    worker.postMessage({ lab: LAB, values, job, tasks: mine });
    run.workers.push(worker);
  }
}

function finishJob() {
  const r = run;
  r.workers.forEach((w) => w.terminate());
  run = null;
  setRunning(false);
  const len = r.results.reduce((s, a) => s + a.length, 0);
  const flat = new Float64Array(len);
  let o = 0;
  for (const a of r.results) { flat.set(a, o); o += a.length; }
  try {
    lab.setResults(Float64Array.from(r.values), r.job, flat);
  } catch (e) { $("#status").textContent = e.message; return; }
  const secs = ((performance.now() - r.t0) / 1000).toFixed(1);
  $("#run-status").textContent = `Done: ${r.total} tasks in ${secs} s.`;
  drawAll(lab.jobFigures(r.job));
  showFindings();
  window.__lab.runs++;
  window.__lab.lastJob = r.job;
  window.__lab.lastSeconds = Number(secs);
}

function cancelJob(message) {
  if (!run) return;
  run.workers.forEach((w) => w.terminate());
  run = null;
  setRunning(false);
  $("#progress").value = 0;
  $("#run-status").textContent = message ?? "Cancelled; the figures keep the last finished run.";
}

async function main() {
  await init();
  lab = new Lab(LAB);
  knobs = JSON.parse(labKnobs(LAB));
  keys = lab.keys();
  FIGURES = JSON.parse(labFigures(LAB));
  JOBS = JSON.parse(labJobs(LAB));
  const h = parseHash(location.hash);
  state.values = h.values;
  $("#status").textContent = h.notice;
  buildJobs();
  buildControls();
  buildFigures();
  syncControls();
  writeUrl(false);
  /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll("#run-panel button[data-job]")).forEach((b) => b.addEventListener("click", () => startJob(b.dataset.job)));
  $("#cancel").addEventListener("click", () => cancelJob());
  $("#preset").addEventListener("change", (e) => {
    const key = e.target.value;
    if (!key) return;
    e.target.value = "";
    let next;
    try { next = labPreset(LAB, key, Float64Array.from(state.values)); } catch (err) { $("#status").textContent = err.message; return; }
    if (change(Object.fromEntries(keys.map((k, i) => [k, next[i]])), null, true)) startJob(JOBS[0].key);
  });
  $("#copy-link").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("#share-status").textContent = "Link copied."; }
    catch { $("#share-status").textContent = location.href; }
  });
  // Back, Forward or a link pasted into this tab (Chrome fires popstate for both).
  window.addEventListener("popstate", () => {
    const next = parseHash(location.hash);
    state.values = next.values;
    $("#status").textContent = next.notice;
    syncControls();
  });
  drawAll();
  window.__lab.ready = true;
  Object.assign(window.__lab, { lab, keys, state, startJob });
  startJob(JOBS[0].key);
}

main().catch((e) => { $("#status").textContent = "Could not start the lab: " + e.message; });
